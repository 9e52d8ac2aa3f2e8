//! Rules added after the first contact with the development set (`tests/fixtures/dev`, blind
//! then), on hand-written sentences (not from its articles).

mod extract_support;

use extract_support::{extract, Found};
use soi::extract::EntityKind;
use EntityKind::*;

#[track_caller]
fn canonical_of(ms: &[Found], kind: EntityKind, text: &str) -> String {
    ms.iter()
        .find(|m| m.kind == kind && m.text == text)
        .map(|m| m.canonical.to_string())
        .unwrap_or_else(|| {
            panic!(
                "no {kind:?} {text:?} in {:#?}",
                ms.iter().map(|m| (m.kind, &m.text)).collect::<Vec<_>>()
            )
        })
}

fn has(ms: &[Found], kind: EntityKind, text: &str) -> bool {
    ms.iter().any(|m| m.kind == kind && m.text == text)
}

#[test]
fn quarters_bare_months_and_word_ranges_are_dates() {
    let ms = extract(&[
        "Doanh thu quý 3/2023 giảm, nhưng tới tháng 11 đã hồi phục; hội chợ mở từ 3 đến 5/11.",
        "Dự án kéo dài 9 tháng, khởi công tháng 2/2024.",
        "Đoàn kiểm tra mỗi tháng 2 lần, riêng kho hàng 3 tháng 1 lần.",
    ]);
    assert_eq!(canonical_of(&ms, Date, "quý 3/2023"), "quý III/2023");
    assert_eq!(canonical_of(&ms, Date, "tháng 11"), "tháng 11");
    assert_eq!(canonical_of(&ms, Date, "từ 3 đến 5/11"), "3-5/11");
    assert_eq!(canonical_of(&ms, Date, "tháng 2/2024"), "2/2024");
    // A duration or a frequency is not a month.
    assert!(!ms.iter().any(|m| m.text.starts_with("9 tháng")), "{ms:?}");
    assert!(!has(&ms, Date, "tháng 2"), "{ms:?}");
    assert!(!has(&ms, Date, "tháng 1"), "{ms:?}");
}

#[test]
fn compound_scales_ranges_and_more_currencies() {
    let ms = extract(&[
        "Tổng tài sản đạt 20,4 triệu tỷ đồng; mức phạt từ 30 triệu đến 40 triệu đồng; quỹ 4.000 tỷ yen.",
    ]);
    assert!(has(&ms, Money, "20,4 triệu tỷ đồng"), "{ms:?}");
    assert_eq!(canonical_of(&ms, Money, "30 triệu"), "30 triệu đồng");
    assert!(has(&ms, Money, "40 triệu đồng"), "{ms:?}");
    assert!(has(&ms, Money, "4.000 tỷ yen"), "{ms:?}");
}

#[test]
fn family_name_first_short_forms_take_the_full_name() {
    let ms = extract(&[
        "Thủ tướng Malaysia Anwar Ibrahim hội đàm với Tổng thống Hàn Quốc Yoon Suk-yeol.",
        "Ông Yoon cho biết hai bên sẽ ký thỏa thuận.",
    ]);
    assert_eq!(canonical_of(&ms, Person, "Yoon"), "Yoon Suk-yeol");
}

#[test]
fn untitled_foreign_names_but_not_brands_or_vietnamese_words() {
    let ms = extract(&[
        "Elon Musk và Jensen Huang cùng dự hội nghị, theo Bloomberg.",
        "Theo Minh, sản phẩm Green Power bán chạy.",
    ]);
    assert!(has(&ms, Person, "Elon Musk"), "{ms:?}");
    assert!(has(&ms, Person, "Jensen Huang"), "{ms:?}");
    assert!(!has(&ms, Person, "Green Power"), "{ms:?}");
    assert!(!has(&ms, Person, "Theo Minh"), "{ms:?}");
}

#[test]
fn agencies_after_a_lower_case_head_and_event_names_after_an_acronym() {
    let ms = extract(&[
        "Theo hãng tin AFP và đài CNN, đoàn thể thao giành 5 HCV Olympic Paris 2024.",
        "Vận động viên đoạt HCV ASIAD 19 trở về.",
    ]);
    assert!(has(&ms, Organization, "AFP"), "{ms:?}");
    assert!(has(&ms, Organization, "CNN"), "{ms:?}");
    assert!(!ms.iter().any(|m| m.text.starts_with("HCV")), "{ms:?}");
}

#[test]
fn local_bodies_one_syllable_names_and_honorific_given_names() {
    let ms = extract(&[
        "UBND huyện Cần Giờ đề nghị Bộ trưởng Quốc phòng xem xét.",
        "Bộ trưởng Nông nghiệp Lê Minh Hoan làm việc với ông Nga tại Hà Nội.",
        "Phó Chủ tịch Trần Văn Nga cho biết ông Nga sẽ báo cáo.",
    ]);
    assert!(has(&ms, Organization, "UBND huyện Cần Giờ"), "{ms:?}");
    assert!(has(&ms, Person, "Lê Minh Hoan"), "{ms:?}");
    // "Nông" after "Bộ trưởng" is a ministry's field, not a one-word name.
    assert!(!has(&ms, Person, "Nông"), "{ms:?}");
    // "ông Nga" after "Trần Văn Nga" is the man, not Russia.
    assert!(
        !ms.iter().any(|m| m.kind == Location && m.text == "Nga"),
        "{ms:?}"
    );
    assert_eq!(canonical_of(&ms, Person, "Nga"), "Trần Văn Nga");
}

#[test]
fn age_group_teams_are_organisations() {
    let ms = extract(&["U23 Việt Nam thắng U23 Indonesia 2-0; đội U23 có 25 cầu thủ."]);
    assert!(has(&ms, Organization, "U23 Việt Nam"), "{ms:?}");
    assert!(has(&ms, Organization, "U23 Indonesia"), "{ms:?}");
    assert!(!has(&ms, Organization, "U23"), "{ms:?}");
}

#[test]
fn photo_credits_in_capitals_are_people_but_agencies_are_not() {
    let ms = extract(&[
        "Cổ động viên chào đón đội tuyển. Ảnh: QUANG ĐỊNH",
        "Hiện trường vụ cháy. Ảnh: TTXVN",
    ]);
    assert_eq!(canonical_of(&ms, Person, "QUANG ĐỊNH"), "Quang Định");
    assert!(!has(&ms, Person, "TTXVN"), "{ms:?}");
}

#[test]
fn a_closing_owner_is_not_part_of_a_document_title() {
    let ms = extract(&[
        "Nhật Bản tham khảo Luật Bảo vệ dữ liệu của Hàn Quốc.",
        "Hai nước tuân thủ Công ước của Liên Hợp Quốc về Luật biển.",
    ]);
    assert!(has(&ms, Document, "Luật Bảo vệ dữ liệu"), "{ms:?}");
    assert!(has(&ms, Location, "Hàn Quốc"), "{ms:?}");
    assert!(
        has(&ms, Document, "Công ước của Liên Hợp Quốc về Luật biển"),
        "{ms:?}"
    );
}
