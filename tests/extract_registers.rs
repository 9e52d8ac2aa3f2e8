//! Extraction in registers beyond diplomacy (sport, business, courts, health, culture, weather,
//! education) and in English-language Vietnamese news: hand-written sentences, none taken from
//! the gold sets.

mod extract_support;

use extract_support::{assert_canonical, assert_has, extract, find, Found};
use soi::extract::EntityKind;

#[track_caller]
fn assert_none(ms: &[Found], kind: EntityKind, text: &str) {
    assert!(
        find(ms, kind, text).is_none(),
        "unexpected {kind:?} {text:?} in {:#?}",
        ms.iter().map(|m| (m.kind, &m.text)).collect::<Vec<_>>()
    );
}

use EntityKind::*;

#[test]
fn price_ranges_share_scale_and_currency() {
    let ms = extract(&[
        "Giá thép xây dựng dao động 14,2-14,6 triệu đồng mỗi tấn, thấp hơn quý trước.",
        "Thương lái thu mua cà phê nhân ở mức 98.000-101.000 đồng/kg.",
        "Mỗi căn hộ có giá từ 2,1-2,8 tỉ đồng tùy diện tích.",
    ]);
    assert_canonical(&ms, Money, "14,2-14,6 triệu đồng", "14,2-14,6 triệu đồng");
    assert_canonical(&ms, Money, "98.000-101.000 đồng", "98.000-101.000 đồng");
    assert_canonical(&ms, Money, "2,1-2,8 tỉ đồng", "2,1-2,8 tỉ đồng");
}

#[test]
fn date_spans_in_words() {
    let ms = extract(&[
        "Từ đêm 14/9 đến hết ngày 16/9, các tỉnh ven biển có mưa rất to.",
        "Kỳ nghỉ kéo dài từ 30/4 đến 4/5, các ga tàu đông khách.",
        "Hai đợt kiểm tra diễn ra ngày 12 và 19/3 tại các trường.",
        "Phiên họp diễn ra hôm Thứ Năm, 12 Tháng Mười, tại trụ sở.",
        "Trong 9 tháng năm 2025, doanh thu tăng 12%.",
        "Giai đoạn 2.9.1945 – 2.9.2025 được nhắc lại trong bài phát biểu.",
    ]);
    assert_canonical(&ms, Date, "đêm 14/9 đến hết ngày 16/9", "14-16/9");
    assert_canonical(&ms, Date, "từ 30/4 đến 4/5", "30/4-4/5");
    assert_canonical(&ms, Date, "ngày 12 và 19/3", "12 và 19/3");
    assert_canonical(&ms, Date, "12 Tháng Mười", "12/10");
    assert_none(&ms, Date, "9 tháng năm");
    assert_canonical(&ms, Date, "2.9.1945 – 2.9.2025", "2/9/1945 - 2/9/2025");
}

#[test]
fn english_dates_in_every_form() {
    let ms = extract(&[
        "The line opened on Dec. 22, 2024, and carried 151,000 riders on Sept. 2.",
        "Police raided 11 locations on Nov. 22 and 23 and said on March 3, 2025 that the case was closed.",
        "The festival runs until November 16, while a second phase starts on 5 January 2026.",
        "Construction could begin in 2027, and the network should be complete by 2035.",
        "Exports rose in March 2025, the ministry said. Officials may meet again.",
    ]);
    assert_canonical(&ms, Date, "Dec. 22, 2024", "22/12/2024");
    assert_canonical(&ms, Date, "Sept. 2", "2/9");
    assert_canonical(&ms, Date, "Nov. 22 and 23", "22 và 23/11");
    assert_canonical(&ms, Date, "March 3, 2025", "3/3/2025");
    assert_canonical(&ms, Date, "November 16", "16/11");
    assert_canonical(&ms, Date, "5 January 2026", "5/1/2026");
    assert_canonical(&ms, Date, "2027", "2027");
    assert_canonical(&ms, Date, "2035", "2035");
    assert_canonical(&ms, Date, "March 2025", "3/2025");
    assert!(ms.iter().all(|m| !m.text.contains("may")));
}

#[test]
fn english_amounts_in_every_form() {
    let ms = extract(&[
        "The line cost VND43.7 trillion (US$1.66 billion) and tickets cost VND7,000-20,000.",
        "The ring handled bets worth VND3 trillion, with stakes of VND1-2 million each.",
        "A former official embezzled $2.4mn, while admission is VND150,000.",
        "The company plans to raise 20 million USD next year.",
        "Hoa Kỳ viện trợ cho Việt Nam $215 triệu để tẩy chất độc da cam.",
    ]);
    for text in [
        "VND43.7 trillion",
        "US$1.66 billion",
        "VND7,000-20,000",
        "VND3 trillion",
        "VND1-2 million",
        "$2.4mn",
        "VND150,000",
        "20 million USD",
        "$215 triệu",
    ] {
        assert_has(&ms, Money, text);
    }
}

#[test]
fn english_names_by_their_head_words() {
    let ms = extract(&[
        "The Da Nang City Police said on Monday that the Department of Transport had approved the plan.",
        "The People's Procuracy of Hai Phong City and the Supreme People's Court reviewed the case.",
        "Tickets for the Hue Festival 2026 sold out, while crowds gathered around Truc Bach Lake.",
        "The Vietnam Airlines Corporation and the Asian Development Bank signed a deal with the Embassy of Japan in Vietnam.",
        "Factories in Bac Ninh Province and Dong Nai reported more orders, chairman Tran Van Thanh said.",
    ]);
    assert_has(&ms, Organization, "Da Nang City Police");
    assert_has(&ms, Organization, "Department of Transport");
    assert_has(&ms, Organization, "People's Procuracy of Hai Phong City");
    assert_has(&ms, Organization, "Supreme People's Court");
    assert_has(&ms, Event, "Hue Festival 2026");
    assert_has(&ms, Location, "Truc Bach Lake");
    assert_has(&ms, Organization, "Vietnam Airlines Corporation");
    assert_has(&ms, Organization, "Embassy of Japan in Vietnam");
    // Unmarked Vietnamese place names are the places.
    assert_canonical(&ms, Location, "Bac Ninh Province", "Bắc Ninh");
    assert_canonical(&ms, Location, "Dong Nai", "Đồng Nai");
    assert_has(&ms, Person, "Tran Van Thanh");
    assert_none(&ms, Person, "Monday");
}

#[test]
fn english_people_from_credits_and_unmarked_family_names() {
    let ms = extract(&[
        "Visitors crowd the Old Quarter on the opening night. Photo: Minh Duc",
        "Workers at the site in Thu Duc City. Photo by VnExpress/Hoang Giang",
        "Investigators arrested Le Van Tam, 41, and Do Thi Hoa, his partner.",
        "To Build A Better City was the slogan of the campaign.",
    ]);
    assert_has(&ms, Person, "Minh Duc");
    assert_has(&ms, Person, "Hoang Giang");
    assert_has(&ms, Person, "Le Van Tam");
    assert_has(&ms, Person, "Do Thi Hoa");
    assert_has(&ms, Location, "Old Quarter");
    assert!(
        ms.iter()
            .all(|m| m.kind != Person || !m.text.contains("Build")),
        "{ms:?}"
    );
}

#[test]
fn vietnamese_photo_credits_name_the_photographer() {
    let ms = extract(&[
        "Lãnh đạo tỉnh thăm hỏi người dân vùng lũ. Ảnh: Trí Dũng/TTXVN",
        "Toàn cảnh phiên tòa. Ảnh: Ngọc Lan",
    ]);
    assert_has(&ms, Person, "Trí Dũng");
    assert_has(&ms, Person, "Ngọc Lan");
}

#[test]
fn english_names_of_vietnamese_bodies_take_their_vietnamese_canonical() {
    let ms = extract(&[
        "The Ministry of Public Security and the State Bank of Vietnam issued a joint warning.",
    ]);
    assert_canonical(
        &ms,
        Organization,
        "Ministry of Public Security",
        "Bộ Công an",
    );
    assert_canonical(
        &ms,
        Organization,
        "State Bank of Vietnam",
        "Ngân hàng Nhà nước Việt Nam",
    );
}

#[test]
fn vietnamese_bodies_from_a_head_and_a_name() {
    let ms = extract(&[
        "TAND Đà Nẵng mở phiên xét xử, VKSND Đà Nẵng giữ quyền công tố.",
        "Học sinh Trường THPT chuyên Lê Hồng Phong và THPT Trần Phú đạt giải cao.",
        "Theo kế hoạch vừa trình UBND TP, thành phố tuyển thêm giáo viên.",
    ]);
    assert_has(&ms, Organization, "TAND Đà Nẵng");
    assert_has(&ms, Organization, "VKSND Đà Nẵng");
    assert_has(&ms, Organization, "Trường THPT chuyên Lê Hồng Phong");
    assert_has(&ms, Organization, "THPT Trần Phú");
    assert_none(&ms, Person, "Trần Phú");
    assert_has(&ms, Organization, "UBND TP");
}

#[test]
fn people_after_roles_in_sport_courts_and_culture() {
    let ms = extract(&[
        "Trung vệ Đỗ Duy Mạnh đánh đầu ghi bàn, thủ thành Đặng Văn Lâm cản phá thành công.",
        "Bị cáo Lê Văn Hùng khai nhận hành vi; thẩm phán Trần Thị Hoa tuyên án.",
        "Sau đó, bị cáo Hùng xin giảm nhẹ hình phạt.",
    ]);
    assert_has(&ms, Person, "Đỗ Duy Mạnh");
    assert_has(&ms, Person, "Đặng Văn Lâm");
    assert_has(&ms, Person, "Lê Văn Hùng");
    assert_has(&ms, Person, "Trần Thị Hoa");
    // A given name after a role is the full name given earlier.
    assert_canonical(&ms, Person, "Hùng", "Lê Văn Hùng");
}

#[test]
fn natural_features_lists_of_places_and_numbered_districts() {
    let ms = extract(&[
        "Nước trên các sông Mã, Chu, Bưởi đang lên; đảo Phú Quý bị cô lập.",
        "Mưa lớn gây ngập các phường Vĩnh Hải, Vĩnh Phước và xã Cam Hải Đông.",
        "Căn nhà ở quận 3 được rao bán.",
    ]);
    assert_has(&ms, Location, "sông Mã");
    assert_has(&ms, Location, "Chu");
    assert_has(&ms, Location, "Bưởi");
    assert_has(&ms, Location, "đảo Phú Quý");
    assert_has(&ms, Location, "Vĩnh Phước");
    assert_has(&ms, Location, "quận 3");
}

#[test]
fn storms_and_outlet_tags_opening_a_story() {
    let ms = extract(&[
        "(QNO) - Chiều 2/10, bão số 10 (Bualoi) đổ bộ vào đất liền.",
        "TPO - Siêu bão Ragasa đã suy yếu; bão Wipha (bão số 3) đi vào vịnh Bắc Bộ.",
        "Typhoon Kajiki made landfall in Nghe An on Monday.",
    ]);
    assert_has(&ms, Organization, "QNO");
    assert_has(&ms, Organization, "TPO");
    assert_canonical(&ms, Event, "bão số 10 (Bualoi)", "bão Bualoi");
    assert_has(&ms, Event, "Siêu bão Ragasa");
    assert_canonical(&ms, Event, "bão Wipha (bão số 3)", "bão Wipha");
    assert_has(&ms, Location, "vịnh Bắc Bộ");
}

#[test]
fn events_keep_their_edition_and_anniversary() {
    let ms = extract(&[
        "Đoàn dự Hội nghị cấp cao ASEAN lần thứ 46 tại Kuala Lumpur.",
        "Thành phố tổ chức Lễ kỷ niệm 50 năm Giải phóng miền Nam, thống nhất đất nước.",
        "Người dân xem diễu binh mừng Quốc khánh 2/9.",
    ]);
    assert_has(&ms, Event, "Hội nghị cấp cao ASEAN lần thứ 46");
    assert_has(&ms, Event, "Lễ kỷ niệm 50 năm Giải phóng miền Nam");
}

#[test]
fn in_a_match_report_places_name_clubs() {
    let ms = extract(&[
        "Hà Nội FC thắng Đông Á Thanh Hóa 3-1 ở vòng 7 V-League nhờ cú đúp của tiền đạo Văn Quyết.",
        "Thanh Hóa mở tỷ số từ phút 12, nhưng thủ môn Tấn Trường giữ sạch lưới hiệp hai.",
        "HLV Phạm Minh Đức cho biết các cầu thủ đã mệt sau chuyến làm khách ở Hải Phòng, đội bóng sẽ gặp Bình Dương tuần sau.",
    ]);
    assert_canonical(&ms, Organization, "Đông Á Thanh Hóa", "Đông Á Thanh Hóa");
    assert_canonical(&ms, Organization, "Thanh Hóa", "Đông Á Thanh Hóa");
    assert_has(&ms, Organization, "Bình Dương");
    // A trip to a city is still a place.
    assert_has(&ms, Location, "Hải Phòng");
    // Outside a match report, the same places are places.
    let ms = extract(&["Mưa lớn gây ngập ở Thanh Hóa; đoàn công tác gặp Bình Dương và Hải Phòng."]);
    assert_has(&ms, Location, "Thanh Hóa");
    assert_none(&ms, Organization, "Bình Dương");
}

#[test]
fn english_legal_documents_and_outlets() {
    let ms = extract(&[
        "The Government issued Decree 100/2019/ND-CP and Directive No 20/CT-TTg last year, Viet Nam News reported.",
    ]);
    assert_has(&ms, Document, "Decree 100/2019/ND-CP");
    assert_has(&ms, Document, "Directive No 20/CT-TTg");
    assert_has(&ms, Organization, "Viet Nam News");
}

#[test]
fn a_body_followed_by_a_full_name_does_not_swallow_it() {
    let ms = extract(&["Ở nội dung 400m rào, tân binh Quân đội Trần Văn Đức gây bất ngờ."]);
    assert_has(&ms, Person, "Trần Văn Đức");
}

#[test]
fn a_head_closing_the_text_is_no_name() {
    // A body's head as the last word once read one token past the end.
    let ms = extract(&["Ông ấy làm việc cho Quân đội", "THPT"]);
    assert!(ms.iter().all(|m| m.kind != Person), "{ms:?}");
}

#[test]
fn districts_wards_and_communes_by_name() {
    let ms = extract(&[
        "Không khí ô nhiễm nhất ở Sóc Sơn, Đông Anh và Gia Lâm trong sáng nay.",
        "Xã Tân Phú có hơn 500 hộ bị ngập; nước rút chậm ở Hoàng Mai.",
        "Chị Hoàng Mai, một giáo viên, cho biết trường nghỉ học hai ngày.",
        "Thủ môn Đặng Văn Lâm bắt chính. Văn Lâm cản phá hai cú sút.",
        "Đặc khu Phú Quý và xóm Mỹ Hương bị mất điện.",
        "Cửa hàng ở Hà Đông đóng cửa sớm.",
    ]);
    for place in [
        "Sóc Sơn",
        "Đông Anh",
        "Gia Lâm",
        "Tân Phú",
        "Phú Quý",
        "Mỹ Hương",
        "Hà Đông",
    ] {
        assert_has(&ms, Location, place);
    }
    // "ở Hoàng Mai" is the district; "Chị Hoàng Mai" a person, not the place.
    let places: Vec<_> = ms
        .iter()
        .filter(|m| m.text == "Hoàng Mai" && m.kind == Location)
        .collect();
    assert_eq!(places.len(), 1, "{places:#?}");
    assert_eq!(places[0].block, 1);
    // The footballer's given names are him, not the district of Hưng Yên.
    assert_canonical(&ms, Person, "Văn Lâm", "Đặng Văn Lâm");
    assert_none(&ms, Location, "Văn Lâm");
}

#[test]
fn unmarked_district_names_only_in_english() {
    let vi = extract(&["Điểm số 5 là mỏ Cao Lanh được xây dựng để phục vụ du khách."]);
    assert_none(&vi, Location, "Cao Lanh");
    let en = extract(&[
        "Air quality was worst in Soc Son and Dong Anh districts on Sunday, the agency said.",
        "Residents of the two districts were told to stay indoors and wear masks.",
    ]);
    assert_canonical(&en, Location, "Soc Son", "Sóc Sơn");
}

#[test]
fn dotted_days_birth_years_quarters_and_english_months() {
    let ms = extract(&[
        "Ngày 3.11, chiếc máy bay hiệu chuẩn cất cánh; giá 3.11 triệu không phải ngày.",
        "Bị cáo Nguyễn Văn Tuấn (SN 1985) bị phạt tù. Doanh thu quý III tăng mạnh.",
    ]);
    assert_canonical(&ms, Date, "3.11", "3/11");
    assert_eq!(
        ms.iter()
            .filter(|m| m.kind == Date && m.text == "3.11")
            .count(),
        1
    );
    assert_canonical(&ms, Date, "SN 1985", "1985");
    assert_canonical(&ms, Date, "quý III", "quý III");
    let en = extract(&[
        "Disbursement rose in September and GDP expanded 8.23% in Q3 2025, the office said.",
        "The plan, approved in May, sets revenue at VND2.53 quadrillion for the year.",
        "May the next quarter be better, the minister said of the figures.",
    ]);
    assert_canonical(&en, Date, "September", "tháng 9");
    assert_canonical(&en, Date, "Q3 2025", "quý III/2025");
    assert_canonical(&en, Money, "VND2.53 quadrillion", "VND2.53 quadrillion");
    assert_eq!(
        en.iter()
            .filter(|m| m.kind == Date && m.text == "May")
            .count(),
        1,
        "only the May after 'in' is a month"
    );
}

#[test]
fn exams_award_ceremonies_and_aviation_bodies() {
    let ms = extract(&[
        "Bộ cho biết Kỳ thi tốt nghiệp THPT năm 2026 dự kiến diễn ra trong hai ngày.",
        "Tối 14/12, Lễ trao giải Làn Sóng Xanh 2025 diễn ra tại TP.HCM.",
        "Cục Hàng không Việt Nam đã cấp phép bay hiệu chuẩn cho sân bay.",
        "Các trận ở AFC Champions League Two khiến cầu thủ không đủ thời gian hồi phục.",
    ]);
    assert_has(&ms, Event, "Kỳ thi tốt nghiệp THPT năm 2026");
    assert_has(&ms, Event, "Lễ trao giải Làn Sóng Xanh 2025");
    assert_has(&ms, Organization, "Cục Hàng không Việt Nam");
    assert_has(&ms, Event, "AFC Champions League");
}

#[test]
fn given_names_alone_are_people_but_not_after_a_common_noun() {
    let ms = extract(&[
        "Mỹ Tâm mở màn đêm nhạc bằng một ca khúc mới.",
        "Sau trận đấu, Quang Hải ở lại sân tập thêm một giờ.",
        "Hàng nghìn xe chờ ở cửa khẩu Hữu Nghị; nhà máy ô tô Thành Công tạm nghỉ.",
    ]);
    assert_has(&ms, Person, "Mỹ Tâm");
    assert_has(&ms, Person, "Quang Hải");
    assert_none(&ms, Person, "Hữu Nghị");
    let thanks = extract(&["Anh gửi lời cảm ơn đến Mỹ Tâm, người đã động viên anh."]);
    assert_has(&thanks, Person, "Mỹ Tâm");
    assert_none(&ms, Person, "Thành Công");
    // In English a marked given name that is also a ward is the ward.
    let en = extract(&[
        "The new rules cover the wards of Hoàn Kiếm and Ba Đình, the city said on Monday.",
        "Residents were asked to register their motorbikes before the end of the year.",
    ]);
    assert_none(&en, Person, "Hoàn Kiếm");
}

#[test]
fn outlets_by_domain_and_makers_by_description() {
    let ms = extract(&[
        "Theo VnExpress.net, hãng Takeda cho biết vắc xin sẽ về trong tháng tới.",
        "Bạn đọc gửi thư tới toasoan@example.vn hoặc xem tại baochinhphu.gov.vn/tin-moi.",
        "Các đội bóng chuẩn bị cho V-League 2025-2026 từ đầu tháng Tám.",
    ]);
    assert_has(&ms, Organization, "VnExpress.net");
    assert_has(&ms, Organization, "Takeda");
    assert_none(&ms, Organization, "hãng Takeda");
    assert_none(&ms, Organization, "example.vn");
    assert_none(&ms, Organization, "baochinhphu.gov.vn");
    assert_has(&ms, Event, "V-League 2025-2026");
}

#[test]
fn english_laws_on_a_subject_and_compass_words() {
    let ms = extract(&[
        "Deputies passed the amended Law on Enterprises, and U.S. investors welcomed it.",
        "The North-South expressway will open to traffic in An Giang Province next year.",
    ]);
    assert_has(&ms, Document, "Law on Enterprises");
    assert_canonical(&ms, Location, "U.S.", "Mỹ");
    assert_none(&ms, Person, "North-South");
    assert_has(&ms, Location, "An Giang Province");
}

#[test]
fn stock_tickers_by_price_moves_share_words_and_listings() {
    let ms = extract(&[
        "Công ty CP Thép Nam Kim (HoSE: NKG) công bố kết quả kinh doanh quý này.",
        "Phiên chiều, GAS giảm 2,1% trong khi PLX đi ngang; BSR, PVD và PVS cũng tăng từ 1-3%.",
        "Khối ngoại mua ròng cổ phiếu DGC. Cuối phiên, DGC đóng cửa ở mức tham chiếu.",
        "GDP tăng 7,1% và CPI tăng 3,2% so với cùng kỳ; USD giảm 0,4%.",
    ]);
    assert_canonical(&ms, Organization, "NKG", "Công ty CP Thép Nam Kim");
    for t in ["GAS", "PLX", "BSR", "PVD", "PVS"] {
        assert_has(&ms, Organization, t);
    }
    // Named once by the share word, the ticker is the company wherever the article uses it.
    let dgc = ms
        .iter()
        .filter(|m| m.kind == Organization && m.text == "DGC")
        .count();
    assert_eq!(dgc, 2);
    for indicator in ["GDP", "CPI", "USD"] {
        assert_none(&ms, Organization, indicator);
    }
}

#[test]
fn dash_style_day_ranges_and_dotted_months() {
    let ms = extract(&[
        "Đợt cao điểm kéo dài từ 28-9 đến 4-10, sau đó từ ngày 20-10 đến 25-10.",
        "Công trình hoàn thành vào tháng 8.2027 và thông xe dịp 2.9 năm sau.",
    ]);
    assert_canonical(&ms, Date, "từ 28-9 đến 4-10", "28/9-4/10");
    assert_canonical(&ms, Date, "ngày 20-10 đến 25-10", "20-25/10");
    assert_canonical(&ms, Date, "tháng 8.2027", "8/2027");
    assert_canonical(&ms, Date, "2.9", "2/9");
}

#[test]
fn a_strict_document_head_takes_a_code_and_the_un_assembly_its_southern_spelling() {
    let ms = extract(&[
        "Bộ đang sửa đổi Thông tư 39/2016/TT-NHNN và Quyết định số 28/QĐ-UBND; quyết định này có hiệu lực.",
        "Ông phát biểu tại Đại Hội Đồng Liên Hiệp Quốc khóa 80.",
    ]);
    assert_has(&ms, Document, "Thông tư 39/2016/TT-NHNN");
    assert_has(&ms, Document, "Quyết định số 28/QĐ-UBND");
    assert_none(&ms, Document, "quyết định này");
    assert_canonical(
        &ms,
        Organization,
        "Đại Hội Đồng Liên Hiệp Quốc",
        "Đại hội đồng Liên Hợp Quốc",
    );
}

#[test]
fn english_field_lists_plural_possessives_and_numbered_sittings() {
    let ms = extract(&[
        "The Quang Tri Department of Labour, Invalids and Social Affairs met the Ministry of Finance, Vietcombank and BIDV.",
        "Hue will host the Mekong Farmers' Festival, and the 9th session of the 15th National Assembly opens next week.",
    ]);
    assert_has(
        &ms,
        Organization,
        "Quang Tri Department of Labour, Invalids and Social Affairs",
    );
    // A list of bodies is no list of fields.
    assert_has(&ms, Organization, "Vietcombank");
    assert_none(
        &ms,
        Organization,
        "Ministry of Finance, Vietcombank and BIDV",
    );
    assert_has(&ms, Event, "Mekong Farmers' Festival");
    assert_has(&ms, Event, "9th session of the 15th National Assembly");
}

#[test]
fn events_go_on_past_a_body_s_acronym_and_names_stop_before_an_award() {
    let ms = extract(&[
        "Đoàn dự Hội nghị Bộ trưởng Hiệp hội các quốc gia Đông Nam Á (ASEAN) về phòng, chống ma túy lần thứ 9 tại Bangkok.",
        "Ông dự Diễn đàn Kinh tế Thế giới (WEF) 2026 ở Davos.",
        "Nhà nước Lào trao tặng Thủ tướng Phạm Minh Chính Huân chương Vàng quốc gia.",
    ]);
    assert_has(
        &ms,
        Event,
        "Hội nghị Bộ trưởng Hiệp hội các quốc gia Đông Nam Á (ASEAN) về phòng, chống ma túy lần thứ 9",
    );
    assert_has(&ms, Location, "Bangkok");
    assert_has(&ms, Event, "Diễn đàn Kinh tế Thế giới (WEF) 2026");
    assert_has(&ms, Person, "Phạm Minh Chính");
    assert_none(&ms, Person, "Phạm Minh Chính Huân");
}

#[test]
fn an_office_s_seat_is_no_body_and_a_lone_word_after_a_place_stays_in_the_name() {
    let ms = extract(&[
        "Lễ đón diễn ra tại Phủ Tổng thống Ai Cập. Phủ Chủ tịch mở cửa đón khách.",
        "Đoàn làm việc với Đảng Nhật Bản Mới của ông Hosokawa và Tổng Bí thư Đảng Cộng sản Trung Quốc Tập Cận Bình.",
    ]);
    assert_none(&ms, Organization, "Phủ Tổng thống Ai Cập");
    assert_none(&ms, Organization, "Phủ Chủ tịch");
    assert_has(&ms, Location, "Ai Cập");
    assert_has(&ms, Organization, "Đảng Nhật Bản Mới");
    assert_has(&ms, Organization, "Đảng Cộng sản Trung Quốc");
    assert_has(&ms, Person, "Tập Cận Bình");
}

#[test]
fn a_name_listed_with_places_is_a_place() {
    let ms = extract(&[
        "Ngập sâu ở các phường như Hoàng Mai, Đống Đa, rồi Định Công và Cầu Giấy sau cơn mưa.",
    ]);
    assert_has(&ms, Location, "Hoàng Mai");
    assert_has(&ms, Location, "Định Công");
    assert_none(&ms, Person, "Hoàng Mai");
    let people = extract(&["Chị Hoàng Mai bán hàng ở chợ Đồng Xuân."]);
    assert_none(&people, Location, "Hoàng Mai");
}

#[test]
fn middle_names_ede_names_and_a_form_of_address_opening_a_sentence() {
    let ms = extract(&[
        "Sau trận đấu, Văn Hậu ở lại sân tập. Thị Oanh về nhất ở nội dung 5.000 m.",
        "Anh Y Kông Niê, chủ trang trại ở xã Ea Tir, cho biết giá cà phê tăng.",
        "Anh Trần Văn Nam cũng bán được giá.",
    ]);
    assert_has(&ms, Person, "Văn Hậu");
    assert_has(&ms, Person, "Thị Oanh");
    assert_has(&ms, Person, "Y Kông Niê");
    assert_has(&ms, Person, "Trần Văn Nam");
    // "Anh" before a person's name addresses him; it is not the United Kingdom.
    assert_eq!(
        ms.iter()
            .filter(|m| m.kind == Location && m.text == "Anh")
            .count(),
        0
    );
}

#[test]
fn university_abbreviations_and_verbs_after_a_name() {
    let ms = extract(&[
        "Trường ĐH Bách khoa Hà Nội dành 500 suất học bổng; Trường Đại học Bách khoa Hà Nội cho biết.",
        "Trường CĐ Du lịch Huế nhận 300 hồ sơ.",
    ]);
    assert_canonical(
        &ms,
        Organization,
        "Trường ĐH Bách khoa Hà Nội",
        "Trường Đại học Bách khoa Hà Nội",
    );
    assert_canonical(
        &ms,
        Organization,
        "Trường CĐ Du lịch Huế",
        "Trường Cao đẳng Du lịch Huế",
    );
}

#[test]
fn one_word_with_capitals_inside_is_a_brand_but_not_a_family_name() {
    let ms = extract(&[
        "Theo số liệu của IQAir, chỉ số bụi tăng; video được đăng trên YouTube và VnExpress.",
        "Ông McCarthy và bà DeSantis có bằng ThS; các NGOs cũng tham gia.",
    ]);
    for brand in ["IQAir", "YouTube", "VnExpress"] {
        assert_has(&ms, Organization, brand);
    }
    for word in ["McCarthy", "DeSantis", "ThS", "NGOs"] {
        assert_none(&ms, Organization, word);
    }
}

#[test]
fn a_house_of_parliament_is_named_by_its_country_only() {
    let ms = extract(&[
        "Đoàn đã gặp Chủ tịch Thượng viện Hun Sen và Chủ tịch Hạ viện Mỹ Mike Johnson.",
        "Chủ tịch Quốc hội Trần Thanh Mẫn dự phiên họp của Nghị viện châu Âu.",
    ]);
    assert_has(&ms, Person, "Hun Sen");
    assert_none(&ms, Organization, "Thượng viện Hun Sen");
    assert_has(&ms, Organization, "Hạ viện Mỹ");
    assert_has(&ms, Person, "Mike Johnson");
    assert_has(&ms, Person, "Trần Thanh Mẫn");
    assert_has(&ms, Organization, "Nghị viện châu Âu");
}

#[test]
fn a_contest_won_is_an_event() {
    let ms = extract(&[
        "Cô từng là á quân Rap Việt 2024, còn anh giành ngôi quán quân Sao Mai 2022.",
        "Đội vô địch Việt Nam năm ấy có nhiều cầu thủ trẻ.",
    ]);
    assert_has(&ms, Event, "Rap Việt 2024");
    assert_has(&ms, Event, "Sao Mai 2022");
    assert_has(&ms, Location, "Việt Nam");
}

#[test]
fn prices_per_unit_and_spans_after_a_verb_of_taking_place() {
    let ms = extract(&[
        "Từ chiều nay, giá xăng giảm 450 đồng/lít và giá điện tăng 30 đồng/kWh; ba đồng chí về hưu.",
        "Hội chợ diễn ra 12-16/11 tại Cần Thơ.",
    ]);
    assert_canonical(&ms, Money, "450 đồng", "450 đồng");
    assert_canonical(&ms, Money, "30 đồng", "30 đồng");
    assert_none(&ms, Money, "ba đồng");
    assert_canonical(&ms, Date, "12-16/11", "12-16/11");
}

#[test]
fn english_and_after_a_closing_head_joins_two_bodies() {
    let ms = extract(&[
        "Vietnam Railways Corporation and Vingroup JSC will join, the Ministry of Planning and Investment said.",
        "The Vietnam Chamber of Commerce and Industry welcomed the plan on Monday.",
    ]);
    assert_has(&ms, Organization, "Vingroup JSC");
    assert_none(
        &ms,
        Organization,
        "Vietnam Railways Corporation and Vingroup JSC",
    );
    assert_has(&ms, Organization, "Ministry of Planning and Investment");
    assert_has(
        &ms,
        Organization,
        "Vietnam Chamber of Commerce and Industry",
    );
}

#[test]
fn football_clubs_by_name() {
    let ms = extract(&[
        "Ronaldo ghi bàn cho Al Nassr; Man Utd thua Real Madrid 0-2, còn PSG thắng Bayern Munich.",
    ]);
    for club in ["Al Nassr", "Real Madrid", "PSG", "Bayern Munich"] {
        assert_has(&ms, Organization, club);
    }
    assert_canonical(&ms, Organization, "Man Utd", "Manchester United");
}
