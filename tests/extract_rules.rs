//! Extraction rules on hand-written Vietnamese news sentences (not taken from the seeds).

mod extract_support;

use extract_support::{assert_canonical, assert_has, extract, find, Found};
use soi::extract::EntityKind;
use unicode_normalization::UnicodeNormalization;

#[track_caller]
fn assert_no_text(ms: &[Found], text: &str) {
    assert!(
        ms.iter().all(|m| !m.text.contains(text)),
        "unexpected mention containing {text:?}: {:#?}",
        ms.iter().map(|m| (m.kind, &m.text)).collect::<Vec<_>>()
    );
}

use EntityKind::*;

#[test]
fn title_and_country_are_split_from_the_name() {
    let ms = extract(&[
        "Thủ tướng Nhật Bản Ishiba Shigeru đã tiếp Bộ trưởng Công Thương Nguyễn Hồng Diên tại Tokyo.",
        "Chủ tịch nước Lương Cường hội kiến Tổng thống Pháp Emmanuel Macron.",
        "Đại sứ Ấn Độ tại Việt Nam Sandeep Arya trao đổi với phóng viên.",
    ]);
    assert_has(&ms, Person, "Ishiba Shigeru");
    assert_has(&ms, Location, "Nhật Bản");
    assert_has(&ms, Person, "Nguyễn Hồng Diên");
    assert_has(&ms, Location, "Tokyo");
    assert_has(&ms, Person, "Lương Cường");
    assert_has(&ms, Person, "Emmanuel Macron");
    assert_has(&ms, Location, "Pháp");
    assert_has(&ms, Person, "Sandeep Arya");
    assert_has(&ms, Location, "Ấn Độ");
    assert_no_text(&ms, "Thủ tướng");
    assert_no_text(&ms, "Tổng thống");
    assert_no_text(&ms, "Đại sứ");
}

#[test]
fn title_with_party_body_before_the_name() {
    let ms = extract(&[
        "Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam Trần Cẩm Tú phát biểu khai mạc.",
    ]);
    assert_has(&ms, Person, "Trần Cẩm Tú");
    assert!(ms
        .iter()
        .any(|m| m.kind == Organization && m.text.starts_with("Ban Chấp hành Trung ương")));
    assert_no_text(&ms, "Nam Trần");
}

#[test]
fn short_forms_of_a_foreign_name_take_the_full_name() {
    let ms = extract(&[
        "Ngoại trưởng Mỹ Marco Rubio đến Hà Nội chiều nay.",
        "Phát biểu tại buổi gặp, ông Rubio cho biết hai nước sẽ tăng cường hợp tác.",
        "M.Rubio cũng gặp lãnh đạo Bộ Công Thương.",
    ]);
    assert_canonical(&ms, Person, "Marco Rubio", "Marco Rubio");
    assert_canonical(&ms, Person, "Rubio", "Marco Rubio");
    assert_canonical(&ms, Person, "M.Rubio", "Marco Rubio");
    assert_has(&ms, Organization, "Bộ Công Thương");
}

#[test]
fn a_lone_given_name_after_a_title_needs_the_full_name_in_the_article() {
    let with = extract(&[
        "Phó Thủ tướng Bùi Thanh Sơn dự hội nghị.",
        "Phó Thủ tướng Sơn đề nghị các bộ khẩn trương triển khai.",
    ]);
    assert_canonical(&with, Person, "Sơn", "Bùi Thanh Sơn");
    let without = extract(&["Phó Thủ tướng Sơn đề nghị các bộ khẩn trương triển khai."]);
    assert!(without.iter().all(|m| m.kind != Person), "{without:?}");
}

#[test]
fn organisation_names_keep_their_lower_case_syllables() {
    let ms = extract(&[
        "Đại diện Bộ Giáo dục và Đào tạo cùng Viện Hàn lâm Khoa học xã hội Việt Nam tham dự.",
        "Cục Hàng hải Việt Nam vừa ban hành hướng dẫn mới.",
        "Ủy ban Kinh tế và Tài chính của Quốc hội thẩm tra dự án luật.",
    ]);
    assert_has(&ms, Organization, "Bộ Giáo dục và Đào tạo");
    assert_has(&ms, Organization, "Viện Hàn lâm Khoa học xã hội Việt Nam");
    assert_has(&ms, Organization, "Cục Hàng hải Việt Nam");
    // "của Quốc hội" is part of a committee's official name; the nested body is not separate.
    assert_has(
        &ms,
        Organization,
        "Ủy ban Kinh tế và Tài chính của Quốc hội",
    );
}

#[test]
fn known_acronyms_and_photo_credits_are_organisations() {
    let ms = extract(&[
        "Lãnh đạo các nước ASEAN chụp ảnh chung. Ảnh: TTXVN",
        "Việt Nam luôn ủng hộ vai trò của LHQ.",
    ]);
    assert_canonical(
        &ms,
        Organization,
        "ASEAN",
        "Hiệp hội các quốc gia Đông Nam Á",
    );
    assert_canonical(&ms, Organization, "TTXVN", "Thông tấn xã Việt Nam");
    assert_canonical(&ms, Organization, "LHQ", "Liên Hợp Quốc");
}

#[test]
fn acronyms_defined_in_the_text_link_to_their_expansion() {
    let ms = extract(&[
        "Quỹ Phát triển Nông nghiệp Quốc tế (IFAD) vừa công bố báo cáo thường niên.",
        "Theo IFAD, nguồn vốn cho nông dân nhỏ cần tăng gấp đôi.",
    ]);
    assert_canonical(
        &ms,
        Organization,
        "Quỹ Phát triển Nông nghiệp Quốc tế",
        "Quỹ Phát triển Nông nghiệp Quốc tế",
    );
    let ifad: Vec<&Found> = ms.iter().filter(|m| m.text == "IFAD").collect();
    assert_eq!(ifad.len(), 2, "{ms:?}");
    assert!(ifad
        .iter()
        .all(|m| m.kind == Organization && m.canonical == "Quỹ Phát triển Nông nghiệp Quốc tế"));
}

#[test]
fn document_spans_take_their_complement_up_to_the_clause_boundary() {
    let ms = extract(&[
        "Hai nước đã ký Hiệp định về hợp tác nghề cá giữa Việt Nam và Indonesia vào năm 2023.",
        "Hai bộ trưởng trao Bản ghi nhớ về hợp tác phòng chống thiên tai; đồng thời thảo luận các vấn đề khác.",
        "Mọi tranh chấp cần giải quyết trên cơ sở Hiến chương ASEAN và luật pháp quốc tế.",
    ]);
    assert_has(
        &ms,
        Document,
        "Hiệp định về hợp tác nghề cá giữa Việt Nam và Indonesia",
    );
    assert_canonical(&ms, Date, "năm 2023", "2023");
    assert_has(
        &ms,
        Document,
        "Bản ghi nhớ về hợp tác phòng chống thiên tai",
    );
    assert_has(&ms, Document, "Hiến chương ASEAN");
    assert_no_text(&ms, "luật pháp quốc tế");
}

#[test]
fn a_bare_document_head_refers_back_to_the_full_name() {
    let ms = extract(&[
        "Các bên cam kết tuân thủ Công ước về quyền trẻ em.",
        "Việt Nam là một trong những nước đầu tiên phê chuẩn Công ước này.",
    ]);
    assert_canonical(&ms, Document, "Công ước", "Công ước về quyền trẻ em");
    let alone = extract(&["Việt Nam là một trong những nước đầu tiên phê chuẩn Công ước này."]);
    assert!(alone.iter().all(|m| m.kind != Document), "{alone:?}");
}

#[test]
fn laws_need_a_capitalised_name() {
    let ms = extract(&["Dự thảo Luật Đất đai sửa đổi phù hợp với luật pháp quốc tế và Hiến pháp."]);
    assert!(ms
        .iter()
        .any(|m| m.kind == Document && m.text.starts_with("Luật Đất đai")));
    assert_no_text(&ms, "luật pháp");
}

#[test]
fn events_with_capitalised_names_wars_and_postfix_heads() {
    let ms = extract(&[
        "Triển lãm Quốc phòng quốc tế Việt Nam 2024 thu hút nhiều doanh nghiệp.",
        "Nhiều cựu chiến binh từng tham gia cuộc kháng chiến chống Pháp.",
        "Gian hàng Việt Nam tại Osaka EXPO 2025 đón hàng nghìn lượt khách.",
        "Lễ ký kết diễn ra trong không khí trang trọng.",
    ]);
    assert!(ms
        .iter()
        .any(|m| m.kind == Event && m.text.starts_with("Triển lãm Quốc phòng quốc tế")));
    assert!(ms
        .iter()
        .any(|m| m.kind == Event && m.text.contains("kháng chiến chống Pháp")));
    assert_has(&ms, Event, "Osaka EXPO 2025");
    assert_no_text(&ms, "Lễ ký kết");
}

#[test]
fn places_with_formal_prefixes_and_administrative_units() {
    let ms = extract(&[
        "Cộng hòa Liên bang Đức là đối tác lớn của Việt Nam tại châu Âu.",
        "Dự án được triển khai tại tỉnh Quảng Ngãi và huyện Lý Sơn.",
        "Tàu cá hoạt động hợp pháp ở Biển Đông.",
    ]);
    assert_canonical(&ms, Location, "Cộng hòa Liên bang Đức", "Đức");
    assert_has(&ms, Location, "châu Âu");
    assert_has(&ms, Location, "Quảng Ngãi");
    assert_has(&ms, Location, "Lý Sơn");
    assert_has(&ms, Location, "Biển Đông");
    assert_no_text(&ms, "tỉnh");
}

#[test]
fn sentence_initial_capitals_are_not_names() {
    let ms = extract(&[
        "Theo kế hoạch, Hai bên sẽ gặp lại. Anh ấy nói rằng Trong thời gian tới mọi việc sẽ tốt.",
        "Ý kiến của cử tri được tổng hợp đầy đủ.",
    ]);
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn dates_in_their_usual_forms() {
    let ms = extract(&[
        "Sáng 2/9, lễ kỷ niệm diễn ra. Ngày 15/8/2024 hội nghị khai mạc.",
        "Hội thảo kéo dài từ ngày 3 đến ngày 5 tháng 10 năm 2024 tại Huế.",
        "Tháng 7/2019, hai bên nâng cấp quan hệ; giai đoạn 2021-2025 đạt nhiều kết quả.",
        "Đoàn công tác từ 20-22/11/2023 làm việc tại Cần Thơ, rồi về nước năm 2024.",
    ]);
    assert_canonical(&ms, Date, "2/9", "2/9");
    assert_canonical(&ms, Date, "15/8/2024", "15/8/2024");
    assert_canonical(
        &ms,
        Date,
        "ngày 3 đến ngày 5 tháng 10 năm 2024",
        "3-5/10/2024",
    );
    assert_canonical(&ms, Date, "Tháng 7/2019", "7/2019");
    assert_canonical(&ms, Date, "2021-2025", "2021 - 2025");
    assert_canonical(&ms, Date, "20-22/11/2023", "20-22/11/2023");
    assert_canonical(&ms, Date, "năm 2024", "2024");
}

#[test]
fn numbers_that_are_not_dates() {
    let ms = extract(&[
        "Năm người bị thương. Đội chủ nhà thắng với tỷ số 3-1.",
        "Nghị quyết được thông qua với 2/3 số phiếu tán thành.",
        "Theo Quyết định số 1234/QĐ-TTg và Nghị định 30/2020/NĐ-CP, diện tích 12.500km2 được giao.",
        "Sau 33 năm qua và 5 năm tới, kết quả vẫn khả quan.",
    ]);
    assert!(ms.iter().all(|m| m.kind != Date), "{ms:?}");
    assert!(ms.iter().all(|m| m.kind != Money), "{ms:?}");
}

#[test]
fn money_amounts_drop_their_qualifiers() {
    let ms = extract(&[
        "Kim ngạch đạt gần 1,5 tỷ USD, tăng hơn 200 triệu USD so với cùng kỳ.",
        "Mỗi hộ được hỗ trợ 500.000 đồng; tổng vốn 12 nghìn tỷ đồng.",
        "Ba đồng chí được khen thưởng, 5 triệu người được hưởng lợi.",
    ]);
    assert_canonical(&ms, Money, "1,5 tỷ USD", "1,5 tỷ USD");
    assert_canonical(&ms, Money, "200 triệu USD", "200 triệu USD");
    assert_canonical(&ms, Money, "500.000 đồng", "500.000 đồng");
    assert_canonical(&ms, Money, "12 nghìn tỷ đồng", "12 nghìn tỷ đồng");
    assert_eq!(ms.iter().filter(|m| m.kind == Money).count(), 4, "{ms:?}");
}

#[test]
fn decomposed_input_gives_the_same_entities() {
    let nfc = "Tổng Bí thư Tô Lâm tiếp Thủ tướng Lào Sonexay Siphandone tại Hà Nội ngày 12/3/2025.";
    let nfd: String = nfc.nfd().collect();
    let a = extract(&[nfc]);
    let b = extract(&[nfd.as_str()]);
    let key = |ms: &[Found]| -> Vec<(EntityKind, String)> {
        ms.iter()
            .map(|m| (m.kind, m.canonical.to_string()))
            .collect()
    };
    assert!(!a.is_empty());
    assert_eq!(key(&a), key(&b));
    // The spans index the decomposed text as given: each surface composes to the other's.
    for (m, n) in a.iter().zip(&b) {
        assert_eq!(m.text, n.text.nfc().collect::<String>());
    }
}

#[test]
fn spans_are_sorted_non_overlapping_and_on_char_boundaries() {
    let lines = [
        "Ảnh: TTXVN",
        "((( ))) – ngày 31/12 – “Liên hợp quốc” 🙂 (UN) Hiệp định (",
        "Tổng thống A.B",
        "Đại sứ quán Nhật Bản tại Việt Nam Ito Naoki và Bộ trưởng Bộ Ngoại giao",
        "Việt Nam-Lào-Campuchia, Á-Âu, Á – Âu; EAEU)(ASEAN",
        "",
        "năm năm 2025 năm",
    ];
    let ms = extract(&lines);
    assert!(!ms.is_empty());
    for w in ms.windows(2) {
        assert!(
            (w[0].block, w[0].span().end) <= (w[1].block, w[1].span().start),
            "overlap or disorder: {w:?}"
        );
    }
    for m in &ms {
        let text = lines[m.block as usize];
        assert!(text.is_char_boundary(m.span().start) && text.is_char_boundary(m.span().end));
        assert!(!m.canonical.is_empty());
    }
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Few cases so the debug test run stays fast; the alphabet is small and hostile on
        // purpose (capitals, marks, digits, separators, parentheses).
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_text_gives_valid_spans(text in "[A-Za-zĐđÂâƠơƯưÁáẠạỆệ\u{0301}\u{0323} 0-9/().,:;–\\-“”]{0,120}") {
            let ms = extract(&[text.as_str()]);
            for w in ms.windows(2) {
                prop_assert!(w[0].span().end <= w[1].span().start);
            }
            for m in &ms {
                prop_assert!(text.is_char_boundary(m.span().start) && text.is_char_boundary(m.span().end));
            }
        }
    }
}

#[test]
fn title_with_local_body_and_province_before_the_name() {
    let ms = extract(&["Chủ tịch UBND tỉnh Hà Tĩnh Võ Trọng Hải kiểm tra công trình."]);
    assert_has(&ms, Person, "Võ Trọng Hải");
    // The body in the title is an organisation (as "Ban Chấp hành Trung ương …" in the gold);
    // its province is nested in its name.
    assert_has(&ms, Organization, "UBND tỉnh Hà Tĩnh");
}

#[test]
fn foreign_names_with_particles_hyphens_and_places_inside_names() {
    let ms = extract(&[
        "Chủ tịch Ủy ban châu Âu Ursula von der Leyen gặp ông Roh Tae-moon.",
        "Ảnh: Minh Anh",
        "Chủ tịch UBND thành phố Trần Sỹ Thanh dự lễ khởi công tại quận Hai Bà Trưng.",
    ]);
    assert_has(&ms, Organization, "Ủy ban châu Âu");
    assert_has(&ms, Person, "Ursula von der Leyen");
    assert_has(&ms, Person, "Roh Tae-moon");
    assert_has(&ms, Person, "Trần Sỹ Thanh");
    assert_has(&ms, Location, "Hai Bà Trưng");
    // "Anh" (the UK) inside a personal name is not a place.
    assert!(
        ms.iter().all(|m| m.kind != Location || m.text != "Anh"),
        "{ms:?}"
    );
}

#[test]
fn document_codes_stay_inside_the_document_name() {
    let ms = extract(&["Các địa phương triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị."]);
    assert_has(&ms, Document, "Nghị quyết số 57-NQ/TW");
    assert_has(&ms, Organization, "Bộ Chính trị");
    assert!(ms.iter().all(|m| m.kind != Date), "{ms:?}");
}

#[test]
fn currencies_ending_in_a_non_ascii_letter() {
    let ms = extract(&["Giá vé là 150.000 VNĐ, rẻ hơn 20 nghìn đồng so với năm ngoái."]);
    assert_canonical(&ms, Money, "150.000 VNĐ", "150.000 VNĐ");
    assert_canonical(&ms, Money, "20 nghìn đồng", "20 nghìn đồng");
}

#[test]
fn dash_style_dates_need_a_day_word() {
    let ms = extract(&[
        "Sáng 15-3, đoàn khảo sát làm việc tại Bệnh viện Bạch Mai; dự kiến hoàn thành trong tháng 4-2025.",
        "Mỗi nhóm từ 3-5 người, thi đấu theo thể thức 2-1.",
    ]);
    assert_canonical(&ms, Date, "15-3", "15/3");
    assert_canonical(&ms, Date, "tháng 4-2025", "4/2025");
    assert_has(&ms, Organization, "Bệnh viện Bạch Mai");
    assert_eq!(ms.iter().filter(|m| m.kind == Date).count(), 2, "{ms:?}");
}

#[test]
fn decree_numbers_and_known_places_that_look_like_organisations() {
    let ms = extract(&[
        "Theo Nghị định 100/2019/NĐ-CP, phố cổ Hội An cấm xe máy vào đường Nguyễn Thái Học.",
    ]);
    assert_has(&ms, Document, "Nghị định 100/2019/NĐ-CP");
    assert_has(&ms, Location, "Hội An");
    assert_has(&ms, Location, "Nguyễn Thái Học");
    assert!(
        ms.iter().all(|m| m.kind != Date && m.kind != Person),
        "{ms:?}"
    );
}

#[test]
fn one_word_places_inside_vietnamese_names_and_offices_inside_bodies() {
    let ms = extract(&[
        "Ca sĩ Mỹ Tâm và bà Nguyễn Thị Anh Thi dự buổi lễ tại Phủ Chủ tịch.",
        "Việt Nam tham gia Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương (CPTPP) từ năm 2019.",
    ]);
    assert_has(&ms, Person, "Mỹ Tâm");
    assert_has(&ms, Person, "Nguyễn Thị Anh Thi");
    assert!(
        ms.iter().all(|m| m.kind != Location || m.text != "Mỹ"),
        "{ms:?}"
    );
    assert!(
        ms.iter()
            .all(|m| m.kind != Person || !m.text.contains("Chủ tịch")),
        "{ms:?}"
    );
    assert_canonical(
        &ms,
        Document,
        "CPTPP",
        "Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương",
    );
}

#[test]
fn lower_case_heads_before_a_capitalised_name() {
    let ms = extract(&[
        "Theo báo Lao Động, tập đoàn Samsung sẽ mở rộng nhà máy; các công ty Việt Nam hưởng lợi.",
    ]);
    assert_canonical(&ms, Organization, "báo Lao Động", "Báo Lao Động");
    assert_canonical(&ms, Organization, "tập đoàn Samsung", "Tập đoàn Samsung");
    assert!(ms.iter().all(|m| m.text != "công ty Việt Nam"), "{ms:?}");
    assert_has(&ms, Location, "Việt Nam");
}

#[test]
fn day_ranges_written_with_words() {
    let ms =
        extract(&["Hội nghị diễn ra từ ngày 10 đến 12/4/2025; phục vụ 24/7 trong quý II/2024."]);
    assert_canonical(&ms, Date, "ngày 10 đến 12/4/2025", "10-12/4/2025");
    // A quarter with its year is an explicit calendar reference; "24/7" (round the clock) is not.
    assert_canonical(&ms, Date, "quý II/2024", "quý II/2024");
    assert_eq!(ms.iter().filter(|m| m.kind == Date).count(), 2, "{ms:?}");
}

#[test]
fn party_names_keep_their_lower_case_syllables() {
    let ms = extract(&[
        "Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc Tập Cận Bình hội đàm trực tuyến.",
    ]);
    assert_has(
        &ms,
        Organization,
        "Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc",
    );
    assert_has(&ms, Person, "Tập Cận Bình");
}

#[test]
fn coordinated_bodies_and_places_written_with_dots() {
    let ms = extract(&[
        "Sở Tài chính TP.HCM phối hợp với Bộ Xây dựng và Tổng công ty Đường sắt Việt Nam.",
    ]);
    assert_has(&ms, Organization, "Sở Tài chính TP.HCM");
    assert_has(&ms, Organization, "Bộ Xây dựng");
    assert_has(&ms, Organization, "Tổng công ty Đường sắt Việt Nam");
}

#[test]
fn a_bare_head_refers_back_to_a_known_document() {
    let ms = extract(&[
        "Hai nước cam kết tôn trọng Công ước Liên hợp quốc về Luật Biển năm 1982.",
        "Các quốc gia thành viên Công ước đều có nghĩa vụ như nhau.",
    ]);
    let full = find(
        &ms,
        Document,
        "Công ước Liên hợp quốc về Luật Biển năm 1982",
    )
    .map(|m| m.canonical.to_string());
    assert!(full.is_some(), "{ms:?}");
    assert_canonical(&ms, Document, "Công ước", &full.unwrap_or_default());
    assert!(ms.iter().all(|m| m.kind != Date), "{ms:?}");
}

/// A business named by its head and descriptors runs on into its proper name, which looks like a
/// person's ("Hoàng Minh Phát"); alone later, that name is the business. A Vietnamese name
/// ending in a foreign word is a project, not a person; a Vietnamese person after a business
/// with a proper name stays a person.
#[test]
fn business_names_are_not_people() {
    let ms = extract(&[
        "Ông Trần Văn Bình, Chủ tịch Công ty TNHH Đầu tư Thương mại Hoàng Minh Phát, bị khởi tố.",
        "Theo cơ quan điều tra, Hoàng Minh Phát đã huy động hơn 300 tỷ đồng từ khách hàng.",
        "Doanh nghiệp này quảng cáo dự án Tân Hòa Lakeside tại tỉnh Đồng Nai.",
        "Tổng giám đốc Tập đoàn Vingroup Nguyễn Việt Quang cho biết doanh thu tăng.",
    ]);
    let full = "Công ty TNHH Đầu tư Thương mại Hoàng Minh Phát";
    assert_canonical(&ms, Organization, full, full);
    assert_canonical(&ms, Organization, "Hoàng Minh Phát", full);
    assert!(find(&ms, Person, "Hoàng Minh Phát").is_none());
    assert!(
        ms.iter()
            .all(|m| !(m.kind == Person && m.text.contains("Lakeside"))),
        "{ms:#?}"
    );
    assert_has(&ms, Person, "Trần Văn Bình");
    assert_has(&ms, Person, "Nguyễn Việt Quang");
}
