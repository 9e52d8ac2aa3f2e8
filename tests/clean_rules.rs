//! Each cleaning rule on small hand-made inputs: removal reasons, titles, publication times,
//! bylines, doubled captions, teaser pairs, and the totality invariant.

use soi::clean::{clean, Article, BlockKind, RemovalReason, TitleSource};
use soi::corpus::Document;
use std::collections::BTreeSet;

fn run(text: &str) -> Article {
    let doc = Document::from_text("t", "t.txt", text.to_string());
    let article = clean(&doc);
    assert_total(text, &article);
    article
}

/// Every non-blank line is in exactly one block or one removal; blank lines in neither.
fn assert_total(text: &str, article: &Article) {
    let non_blank: BTreeSet<usize> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    let mut seen = BTreeSet::new();
    let ranges = article
        .blocks
        .iter()
        .map(|b| b.lines)
        .chain(article.removed.iter().map(|r| r.lines));
    for range in ranges {
        for n in range.first()..=range.last() {
            assert!(seen.insert(n), "line {n} covered twice");
        }
    }
    assert_eq!(seen, non_blank);
}

fn reason(article: &Article, line: usize) -> Option<RemovalReason> {
    article
        .removed
        .iter()
        .find(|r| (r.lines.first()..=r.lines.last()).contains(&line))
        .map(|r| r.reason)
}

fn kind(article: &Article, line: usize) -> Option<BlockKind> {
    article
        .blocks
        .iter()
        .find(|b| b.lines.first() == line)
        .map(|b| b.kind)
}

const BODY_A: &str = "Sở Giáo dục tỉnh Nghệ An cho biết kỳ thi tuyển sinh lớp 10 năm nay có hơn 30.000 thí sinh đăng ký dự thi.";
const BODY_B: &str = "Các điểm thi được bố trí camera giám sát, lực lượng công an hỗ trợ bảo đảm an ninh trong suốt kỳ thi.";
const BODY_C: &str = "Kết quả thi dự kiến được công bố vào cuối tháng 6, thí sinh có thể tra cứu trên cổng thông tin của Sở.";

#[test]
fn headline_becomes_title_and_nav_above_it_is_removed() {
    let text = format!(
        "Giáo dục › Tuyển sinh\nNghệ An công bố lịch thi tuyển sinh lớp 10\n{BODY_A}\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(a.title, "Nghệ An công bố lịch thi tuyển sinh lớp 10");
    assert_eq!(a.title_source, TitleSource::Headline);
    assert_eq!(kind(&a, 2), Some(BlockKind::Title));
    assert_eq!(reason(&a, 1), Some(RemovalReason::Navigation));
}

#[test]
fn button_bars_under_the_headline_do_not_become_the_title() {
    // Share bars and audio players can be headline-shaped; the headline is the longer line.
    let text = format!(
        "Xã hội | Giao thông\n\nHà Nội mở thêm ba tuyến xe buýt điện nối các khu đô thị phía tây\n\
         Minh Hà - 12/3/2026 09:10\nGửi bình luận ngay bây giờ\nĐọc bài viết này\n{BODY_A}\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(
        a.title,
        "Hà Nội mở thêm ba tuyến xe buýt điện nối các khu đô thị phía tây"
    );
    assert_eq!(kind(&a, 3), Some(BlockKind::Title));
    assert_eq!(reason(&a, 5), Some(RemovalReason::Navigation));
    assert_eq!(reason(&a, 6), Some(RemovalReason::Navigation));
}

#[test]
fn without_headline_the_title_comes_from_the_lead() {
    let text = format!("{BODY_A} Thí sinh cần có mặt từ 7h.\n{BODY_B}");
    let a = run(&text);
    assert_eq!(a.title_source, TitleSource::Lead);
    assert!(a.title.starts_with("Sở Giáo dục tỉnh Nghệ An cho biết"));
    assert!(!a.title.contains("Thí sinh cần"));
    assert!(a.blocks.iter().all(|b| b.kind != BlockKind::Title));
}

#[test]
fn empty_document_is_titled_by_its_file_name() {
    let a = run("\n  \n-\n");
    assert_eq!(a.title_source, TitleSource::FileName);
    assert_eq!(a.title, "t");
    assert_eq!(reason(&a, 3), Some(RemovalReason::Separator));
}

#[test]
fn published_variants_near_the_top() {
    for (stamp, iso) in [
        ("08:05 | 03/02/2024 GMT+7", "2024-02-03T08:05+07:00"),
        (
            "Chủ nhật, 3/2/2024, 08:05 (GMT+7)",
            "2024-02-03T08:05+07:00",
        ),
        ("03-02-2024 - 08:05", "2024-02-03T08:05"),
        ("Cập nhật: 03/02/2024", "2024-02-03"),
    ] {
        let text =
            format!("Nghệ An công bố lịch thi tuyển sinh lớp 10\n{stamp}\n{BODY_A}\n{BODY_B}");
        let a = run(&text);
        assert_eq!(a.published.as_deref(), Some(iso), "{stamp}");
        assert_eq!(reason(&a, 2), Some(RemovalReason::Metadata));
    }
}

#[test]
fn dates_in_body_text_are_not_publication_times() {
    let text = format!("Ngày 3/2/2024, tỉnh Nghệ An công bố lịch thi tuyển sinh lớp 10 cho hơn 30.000 thí sinh.\n{BODY_B}");
    assert_eq!(run(&text).published, None);
}

#[test]
fn byline_at_the_end_is_metadata_and_ends_the_article() {
    let text = format!("{BODY_A}\n{BODY_B}\nThanh Hương (tổng hợp)\nNguồn:\n{BODY_C}");
    let a = run(&text);
    assert_eq!(a.byline.as_deref(), Some("Thanh Hương (tổng hợp)"));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    assert_eq!(reason(&a, 4), Some(RemovalReason::Metadata));
    assert_eq!(reason(&a, 5), Some(RemovalReason::OtherArticle));
}

#[test]
fn author_name_closing_the_article_is_byline() {
    let a = run(&format!("{BODY_A}\n{BODY_B}\nQuốc Huy"));
    assert_eq!(a.byline.as_deref(), Some("Quốc Huy"));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
}

#[test]
fn end_marker_removes_everything_after_it() {
    let text = format!("{BODY_A}\n{BODY_B}\nBài viết liên quan\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\n{BODY_C}\nvideo thi thu lop 10 ha tinh\n[Video] Thí sinh làm bài thi");
    let a = run(&text);
    assert_eq!(reason(&a, 3), Some(RemovalReason::RelatedList));
    assert_eq!(reason(&a, 4), Some(RemovalReason::RelatedList));
    assert_eq!(reason(&a, 5), Some(RemovalReason::RelatedList));
    assert_eq!(reason(&a, 6), Some(RemovalReason::Slug));
    assert_eq!(reason(&a, 7), Some(RemovalReason::PageFurniture));
    assert_eq!(a.blocks.len(), 2);
}

#[test]
fn doubled_caption_keeps_the_first_copy_without_residue() {
    let caption = "Thí sinh làm thủ tục dự thi tại Vinh. Ảnh: Hải Đăng |";
    let a = run(&format!("{BODY_A}\n\n{caption}\n{caption}\n{BODY_B}"));
    assert_eq!(kind(&a, 3), Some(BlockKind::Caption));
    assert_eq!(reason(&a, 4), Some(RemovalReason::RepeatedLine));
    let text = &a
        .blocks
        .iter()
        .find(|b| b.lines.first() == 3)
        .expect("caption")
        .text;
    assert_eq!(text, "Thí sinh làm thủ tục dự thi tại Vinh. Ảnh: Hải Đăng");
}

#[test]
fn separators_and_stray_numbers() {
    let a = run(&format!("{BODY_A}\n* * *\n{BODY_B}\n12"));
    // A separator followed by more prose is a section break inside the article.
    assert_eq!(reason(&a, 2), Some(RemovalReason::Separator));
    assert_eq!(kind(&a, 3), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 4), Some(RemovalReason::StrayNumber));
}

#[test]
fn separated_teaser_pairs_after_the_body_are_other_articles() {
    let text = format!(
        "{BODY_A}\n{BODY_B}\n-\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\n{BODY_C}\n-\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\nNgày 5/3, Sở Giáo dục Quảng Bình công bố chỉ tiêu tuyển sinh mới."
    );
    let a = run(&text);
    assert_eq!(reason(&a, 3), Some(RemovalReason::Separator));
    for line in [4, 5, 7, 8] {
        assert_eq!(
            reason(&a, line),
            Some(RemovalReason::OtherArticle),
            "line {line}"
        );
    }
}

#[test]
fn unseparated_teaser_pairs_closing_the_file_are_other_articles() {
    let text = format!(
        "{BODY_A}\n{BODY_B}\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\nSáng 4/3, hơn 20.000 học sinh lớp 9 ở Hà Tĩnh dự kỳ thi thử.\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\nNgày 5/3, Sở Giáo dục Quảng Bình công bố chỉ tiêu tuyển sinh mới."
    );
    let a = run(&text);
    for line in 3..=6 {
        assert_eq!(
            reason(&a, line),
            Some(RemovalReason::OtherArticle),
            "line {line}"
        );
    }
}

#[test]
fn headings_and_inline_related_links() {
    let text = format!(
        "{BODY_A}\nQuảng Trị khai trương bảo tàng mới\nLịch thi cụ thể\n{BODY_B}\nXem thêm: Điểm chuẩn lớp 10 năm ngoái\n{BODY_C}"
    );
    let a = run(&text);
    // A headline-shaped line followed by another one, not by prose, is a link to another story.
    assert_eq!(reason(&a, 2), Some(RemovalReason::RelatedList));
    assert_eq!(kind(&a, 3), Some(BlockKind::Heading));
    assert_eq!(reason(&a, 5), Some(RemovalReason::RelatedList));
    assert_eq!(kind(&a, 6), Some(BlockKind::Paragraph));
}

#[test]
fn headline_printed_twice_on_one_line_is_a_related_link() {
    let link = "Điểm chuẩn lớp 10 tăng mạnh";
    let a = run(&format!("{BODY_A}\n{link} {link}\n{BODY_B}"));
    assert_eq!(reason(&a, 2), Some(RemovalReason::RelatedList));
}

#[test]
fn wide_blank_gap_before_unrelated_text_ends_the_article() {
    let text = format!(
        "{BODY_A}\n\n{BODY_B}\n\n\n\nMột xe khách lật trên quốc lộ 1 qua Bình Thuận khiến ba người bị thương.\n{BODY_C}"
    );
    let a = run(&text);
    assert_eq!(kind(&a, 3), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 7), Some(RemovalReason::OtherArticle));
    assert_eq!(reason(&a, 8), Some(RemovalReason::OtherArticle));
}

#[test]
fn navigation_and_furniture_lines() {
    let a = run(&format!("Trang chủ Giáo dục\nA+ A-\n{BODY_A}\nXin chờ trong giây lát...\n{BODY_B}\nPhiên bản di động"));
    assert_eq!(reason(&a, 1), Some(RemovalReason::Navigation));
    assert_eq!(reason(&a, 2), Some(RemovalReason::Navigation));
    assert_eq!(reason(&a, 4), Some(RemovalReason::PageFurniture));
    assert_eq!(reason(&a, 6), Some(RemovalReason::Navigation));
}

#[test]
fn list_items_after_a_colon_stay_in_the_article() {
    let a = run(&format!(
        "{BODY_A}\nThí sinh cần mang theo:\n- Thẻ dự thi\n- Căn cước công dân\n{BODY_B}"
    ));
    for line in 2..=5 {
        assert_eq!(kind(&a, line), Some(BlockKind::Paragraph), "line {line}");
    }
}

/// `lines` lines of prose, markers, separators and headlines, then one very long line (`long_line_repeats` sentences).
fn huge_input(lines: usize, long_line_repeats: usize) {
    let mut text = String::new();
    for i in 0..lines {
        text.push_str(match i % 4 {
            0 => BODY_A,
            1 => "Tin liên quan",
            2 => "-",
            _ => "Quảng Bình tăng chỉ tiêu lớp 10 công lập",
        });
        text.push('\n');
    }
    run(&text);
    let long_line = BODY_B.repeat(long_line_repeats);
    let a = run(&format!("{long_line}\n{BODY_C}"));
    assert_eq!(a.blocks.len(), 2);
}

#[test]
fn large_inputs_stay_total() {
    huge_input(5_000, 1_200);
}

#[test]
#[ignore] // Heavy in debug builds: 50,000 lines and a 1.2 MB line; run with --release --ignored.
fn huge_inputs_stay_total() {
    huge_input(50_000, 12_000);
}

#[test]
fn unbulleted_list_items_after_a_colon_stay_in_the_article() {
    let a = run(&format!(
        "{BODY_A}\nCác môn thi gồm:\nNgữ văn\nToán\nTiếng Anh\n{BODY_B}"
    ));
    for line in 2..=6 {
        assert_eq!(kind(&a, line), Some(BlockKind::Paragraph), "line {line}");
    }
}

#[test]
fn several_authors_at_the_end_are_the_byline() {
    let a = run(&format!(
        "{BODY_A}\n{BODY_B}\nHoài Thu - Ngọc An\nTin liên quan\nMột tin khác ở đây"
    ));
    assert_eq!(a.byline.as_deref(), Some("Hoài Thu - Ngọc An"));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
}

#[test]
fn related_box_inside_the_article_does_not_end_it() {
    let own_1 = "Sở Giáo dục Nghệ An cho biết năm nay tỉnh Nghệ An bố trí thêm 20 điểm thi mới ở các huyện miền núi để thí sinh Nghệ An không phải di chuyển xa, giảm chi phí đi lại cho gia đình.";
    let own_2 = "Theo Sở Giáo dục Nghệ An, mỗi điểm thi ở Nghệ An có ít nhất hai cán bộ y tế trực và phương án dự phòng khi mất điện, bảo đảm kỳ thi diễn ra an toàn, nghiêm túc và đúng quy chế.";
    let text = format!(
        "Nghệ An công bố lịch thi tuyển sinh lớp 10\n{BODY_A}\n{BODY_B}\nTin liên quan\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\n{own_1}\n{own_2}\nTin liên quan\nThanh Hóa công bố điểm chuẩn"
    );
    let a = run(&text);
    for line in 4..=6 {
        assert_eq!(
            reason(&a, line),
            Some(RemovalReason::RelatedList),
            "line {line}"
        );
    }
    assert_eq!(kind(&a, 7), Some(BlockKind::Paragraph));
    assert_eq!(kind(&a, 8), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 10), Some(RemovalReason::RelatedList));
}

#[test]
fn after_a_box_of_headlines_the_story_goes_on_with_new_names_but_its_own_vocabulary() {
    // The paragraphs after the box name banks the lead never named: names alone cannot tell
    // that the story goes on, its vocabulary ("tín dụng", "lãi suất") can.
    let lead_1 = "Tín dụng toàn hệ thống tăng 15% so với cuối năm trước, Ngân hàng Nhà nước cho biết sẽ điều hành linh hoạt để giữ ổn định mặt bằng lãi suất.";
    let lead_2 = "Lãi suất cho vay bình quân ở mức 6,6%/năm, giảm nhẹ so với cuối năm trước.";
    let own_1 = "Tại nhóm ngân hàng quốc doanh, Agribank, BIDV và VietinBank đã đăng ký tăng trưởng tín dụng vượt 15%, riêng Agribank dành một gói lớn cho nông nghiệp công nghệ cao với ưu đãi thấp hơn thông thường.";
    let own_2 = "Trên thị trường huy động, lãi suất tiết kiệm kỳ hạn 12 tháng phổ biến ở mức 4,7-5,5%/năm, một số ngân hàng nhỏ như ABBank và BVBank nâng thêm từ đầu tháng để hút vốn cuối năm.";
    let text = format!(
        "{lead_1}\n{lead_2}\nTin liên quan\nNgân hàng đồng loạt tăng lãi suất huy động cuối năm\nThị trường trái phiếu sôi động trở lại\n{own_1}\n{own_2}"
    );
    let a = run(&text);
    for line in 3..=5 {
        assert_eq!(
            reason(&a, line),
            Some(RemovalReason::RelatedList),
            "line {line}"
        );
    }
    assert_eq!(kind(&a, 6), Some(BlockKind::Paragraph));
    assert_eq!(kind(&a, 7), Some(BlockKind::Paragraph));
}

#[test]
fn after_an_english_related_box_the_story_goes_on_in_the_plural_or_singular() {
    let title = "SJC gold bars hit a record as new producers await licences";
    let lead_1 = "The price of SJC gold bars climbed to a record on Monday, as global prices surged and the market awaited the first bars from other producers.";
    let lead_2 = "The domestic price was far higher than the world price, which rose to its highest level since early October.";
    let own_1 = "Under a decree which took effect in October, the central bank no longer holds a monopoly on gold bar production, and qualified commercial lenders and traders may now apply for licences of their own.";
    let own_2 = "The regulator said it has received applications from seven enterprises and lenders, and a deputy governor said the first licences are expected before the end of the month to ease supply.";
    let text = format!(
        "{title}\n{lead_1}\n{lead_2}\nRelated news\nRegulator to auction bullion again for the first time in a year\nImports surge in the first 11 months\n{own_1}\n{own_2}\nKeywords:\ngold price"
    );
    let a = run(&text);
    assert_eq!(kind(&a, 7), Some(BlockKind::Paragraph));
    assert_eq!(kind(&a, 8), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 9), Some(RemovalReason::RelatedList));
    assert_eq!(reason(&a, 10), Some(RemovalReason::RelatedList));
}

#[test]
fn after_a_box_of_headlines_another_story_on_other_things_stays_out() {
    let other_1 = "Đội tuyển bóng đá nữ giành chiến thắng đậm trong trận mở màn vòng bảng, tiền đạo Huỳnh Như ghi cú đúp ngay trong hiệp một và khiến đối thủ hoàn toàn bế tắc suốt trận.";
    let other_2 = "Huấn luyện viên trưởng hài lòng với tinh thần thi đấu của các cầu thủ trẻ, đồng thời yêu cầu toàn đội duy trì sự tập trung cho hai trận đấu còn lại của vòng bảng.";
    let text = format!(
        "{BODY_A}\n{BODY_B}\nTin liên quan\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\n{other_1}\n{other_2}"
    );
    let a = run(&text);
    assert_eq!(reason(&a, 6), Some(RemovalReason::RelatedList));
    assert_eq!(reason(&a, 7), Some(RemovalReason::RelatedList));
}

#[test]
fn wide_blank_gap_before_a_nameless_paragraph_does_not_end_the_article() {
    let text = format!(
        "{BODY_A}\n\n{BODY_B}\n\n\n\nkết quả sẽ được gửi về trường trong tuần tới.\n{BODY_C}"
    );
    let a = run(&text);
    assert_eq!(kind(&a, 7), Some(BlockKind::Paragraph));
    assert_eq!(kind(&a, 8), Some(BlockKind::Paragraph));
}

#[test]
fn teaser_cards_with_doubled_headlines_end_the_article() {
    let text = format!(
        "{BODY_A}\n{BODY_B}\n\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\n\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\n\nHơn 20.000 học sinh lớp 9 ở Hà Tĩnh tham dự kỳ thi thử do Sở tổ chức.\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\n\nQuảng Bình tăng chỉ tiêu lớp 10 công lập\n\nSở Giáo dục Quảng Bình công bố chỉ tiêu tuyển sinh mới cho năm học tới.\n{BODY_C}"
    );
    let a = run(&text);
    assert_eq!(reason(&a, 4), Some(RemovalReason::OtherArticle));
    assert_eq!(reason(&a, 6), Some(RemovalReason::RepeatedLine));
    assert_eq!(reason(&a, 8), Some(RemovalReason::OtherArticle));
    assert_eq!(reason(&a, 11), Some(RemovalReason::RepeatedLine));
    assert_eq!(reason(&a, 14), Some(RemovalReason::OtherArticle));
    assert_eq!(a.blocks.len(), 2);
}

#[test]
fn interview_closing_line_stays_and_interviewer_is_byline() {
    let text = format!(
        "PV: Thưa ông, kỳ thi năm nay có gì mới?\n{BODY_A}\nPV: Còn công tác coi thi thì sao?\n{BODY_B}\nXin cảm ơn ông!\nLan Hương (thực hiện)"
    );
    let a = run(&text);
    assert_eq!(kind(&a, 5), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 6), Some(RemovalReason::Metadata));
    assert_eq!(a.byline.as_deref(), Some("Lan Hương (thực hiện)"));
}

#[test]
fn author_and_stamp_under_the_lede_are_metadata() {
    let text = format!("Nghệ An công bố lịch thi tuyển sinh lớp 10\n{BODY_A}\nMai Hoa\n09:30 | 04/06/2024\n{BODY_B}\n{BODY_C}");
    let a = run(&text);
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    assert_eq!(reason(&a, 4), Some(RemovalReason::Metadata));
    assert_eq!(a.published.as_deref(), Some("2024-06-04T09:30"));
    assert_eq!(a.byline.as_deref(), Some("Mai Hoa"));
    assert_eq!(kind(&a, 6), Some(BlockKind::Paragraph));
}

#[test]
fn unpunctuated_sapo_under_the_title_is_a_paragraph() {
    let sapo = "Hơn 30.000 thí sinh Nghệ An bước vào kỳ thi tuyển sinh lớp 10 với ba môn bắt buộc gồm Ngữ văn Toán và Tiếng Anh theo lịch mới của Sở";
    let a = run(&format!(
        "Nghệ An công bố lịch thi tuyển sinh lớp 10\n{sapo}\n{BODY_A}\n{BODY_B}"
    ));
    assert_eq!(a.title, "Nghệ An công bố lịch thi tuyển sinh lớp 10");
    assert_eq!(kind(&a, 2), Some(BlockKind::Paragraph));
}

#[test]
fn section_break_before_a_heading_does_not_end_the_article() {
    let text = format!("{BODY_A}\n***\nNhững điểm mới của kỳ thi\n{BODY_B}\n{BODY_C}");
    let a = run(&text);
    assert_eq!(reason(&a, 2), Some(RemovalReason::Separator));
    assert_eq!(kind(&a, 3), Some(BlockKind::Heading));
    assert_eq!(kind(&a, 5), Some(BlockKind::Paragraph));
}

#[test]
fn headline_containing_a_date_is_the_title() {
    let a = run(&format!(
        "Lịch thi tuyển sinh lớp 10 ngày 5/6/2025\n{BODY_A}\n{BODY_B}"
    ));
    assert_eq!(a.title, "Lịch thi tuyển sinh lớp 10 ngày 5/6/2025");
    assert_eq!(a.published, None);
}

#[test]
fn headline_with_a_media_tag_is_the_title_not_a_caption() {
    let a = run(&format!(
        "Ngắm hoa tam giác mạch nở rộ ở Hà Giang (ảnh)\n{BODY_A}\n{BODY_B}"
    ));
    assert_eq!(a.title_source, TitleSource::Headline);
    assert_eq!(kind(&a, 1), Some(BlockKind::Title));
}

#[test]
fn source_line_under_a_chart_does_not_end_the_article() {
    let own_1 = "Sở Giáo dục Nghệ An cho biết năm nay tỉnh Nghệ An bố trí thêm 20 điểm thi mới ở các huyện miền núi để thí sinh Nghệ An không phải di chuyển xa, giảm chi phí đi lại cho gia đình.";
    let own_2 = "Theo Sở Giáo dục Nghệ An, mỗi điểm thi ở Nghệ An có ít nhất hai cán bộ y tế trực và phương án dự phòng khi mất điện, bảo đảm kỳ thi diễn ra an toàn, nghiêm túc và đúng quy chế.";
    let text = format!(
        "Nghệ An công bố lịch thi tuyển sinh lớp 10\n{BODY_A}\nNguồn: Sở Giáo dục Nghệ An\n{own_1}\n{own_2}\nThu Trang (tổng hợp)\n{BODY_C}"
    );
    let a = run(&text);
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    assert_eq!(kind(&a, 4), Some(BlockKind::Paragraph));
    assert_eq!(kind(&a, 5), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 6), Some(RemovalReason::Metadata));
    assert_eq!(reason(&a, 7), Some(RemovalReason::OtherArticle));
}

#[test]
fn author_name_before_teaser_headlines_closes_the_article() {
    let text = format!("{BODY_A}\n{BODY_B}\nQuốc Huy\nHà Tĩnh tổ chức thi thử cho học sinh lớp 9\nQuảng Bình tăng chỉ tiêu lớp 10 công lập");
    let a = run(&text);
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    assert_eq!(reason(&a, 4), Some(RemovalReason::OtherArticle));
    assert_eq!(reason(&a, 5), Some(RemovalReason::OtherArticle));
}

#[test]
fn picture_placeholders_labels_and_file_names_are_not_text() {
    let text = format!(
        "{BODY_A}\nNghệ An công bố lịch thi - Ảnh 1.\nChú thích ảnh\nThí sinh làm thủ tục dự thi. Ảnh: Hải Đăng\nviberimage2025-10-2617-49-47-228.jpg\nlịch thi tuyển sinh lớp 10 ảnh 2\n{BODY_B}"
    );
    let a = run(&text);
    for line in [2, 3, 5, 6] {
        assert_eq!(
            reason(&a, line),
            Some(RemovalReason::PageFurniture),
            "line {line}"
        );
    }
    assert_eq!(kind(&a, 4), Some(BlockKind::Caption));
    // A caption with its placeholder glued in front is still the caption.
    let a = run(&format!(
        "{BODY_A}\nLễ đón - ảnh 1Lãnh đạo hai nước tại lễ đón. Ảnh: VOV\n{BODY_B}"
    ));
    assert_eq!(kind(&a, 2), Some(BlockKind::Caption));
}

#[test]
fn relative_times_and_skip_links_are_removed() {
    let text = format!(
        "Nhảy đến nội dung\nNghệ An công bố lịch thi tuyển sinh lớp 10\n  • 15 phút trước\n{BODY_A}\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(reason(&a, 1), Some(RemovalReason::Navigation));
    assert_eq!(kind(&a, 2), Some(BlockKind::Title));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
}

#[test]
fn a_crawler_prefix_is_not_part_of_the_first_line() {
    let a = run(&format!(" date 2025-10-27 {BODY_A}\n{BODY_B}"));
    let first = a.blocks.first().expect("lede");
    assert_eq!(first.text, BODY_A);
    assert_eq!(a.published.as_deref(), Some("2025-10-27"));
    assert!(!a.title.contains("date"), "{}", a.title);
    // A stamp in the text wins over the crawler's date.
    let a = run(&format!(
        " date 2025-10-27 Hotline: 0865015015\n09/05/2025 14:20\nNghệ An công bố lịch thi tuyển sinh lớp 10\n{BODY_A}"
    ));
    assert_eq!(reason(&a, 1), Some(RemovalReason::PageFurniture));
    assert_eq!(a.published.as_deref(), Some("2025-05-09T14:20"));
}

#[test]
fn a_last_line_cut_mid_sentence_is_prose() {
    // Crawlers save pages up to a size: the last line may stop in the middle of a word.
    let a = run(&format!("{BODY_A}\n\n{BODY_B}\n\nĐể tiếp tục k\n"));
    assert_eq!(kind(&a, 5), Some(BlockKind::Paragraph));
    // Under a picture placeholder and a heading too.
    let a = run(&format!(
        "{BODY_A}\nLịch thi tuyển sinh lớp 10 ảnh 2\nĐiểm thi được bố trí ở các huyện miền núi\nThí sinh Nghệ An cần"
    ));
    assert_eq!(kind(&a, 3), Some(BlockKind::Heading));
    assert_eq!(kind(&a, 4), Some(BlockKind::Paragraph));
    // An author's name or an editor's note closing the file is not prose.
    let a = run(&format!("{BODY_A}\n{BODY_B}\nQuốc Huy"));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    let a = run(&format!(
        "{BODY_A}\n{BODY_B}\nHà Văn/ Báo Chính phủ\n(Znews đặt lại tiêu đề bài viết)"
    ));
    assert_eq!(reason(&a, 3), Some(RemovalReason::Metadata));
    assert!(kind(&a, 4).is_none());
}

#[test]
fn a_caption_printed_again_with_its_credit_or_across_a_label_is_a_repeat() {
    let caption = "Thí sinh làm thủ tục dự thi tại Vinh";
    let a = run(&format!(
        "{BODY_A}\n{caption}\n{caption}. Ảnh: TTXVN\n{BODY_B}"
    ));
    assert_eq!(reason(&a, 3), Some(RemovalReason::RepeatedLine));
    let credited = "Thí sinh làm thủ tục dự thi tại Vinh. Ảnh: Hải Đăng";
    let a = run(&format!(
        "{BODY_A}\nChú thích ảnh\n{credited}\nChú thích ảnh\n{credited}\n{BODY_B}"
    ));
    assert_eq!(kind(&a, 3), Some(BlockKind::Caption));
    assert_eq!(reason(&a, 5), Some(RemovalReason::RepeatedLine));
}

#[test]
fn repeated_identical_lines_keep_their_first_copy() {
    let headline = "Nghệ An công bố lịch thi tuyển sinh lớp 10";
    for line in [BODY_A, headline, "Việt Nam - Belarus Việt Nam - Belarus"] {
        let a = run(&format!("{BODY_B}\n{line}\n{line}\n{line}\n{BODY_C}"));
        assert_eq!(reason(&a, 3), Some(RemovalReason::RepeatedLine), "{line}");
        assert_eq!(reason(&a, 4), Some(RemovalReason::RepeatedLine), "{line}");
        assert!(
            kind(&a, 2).is_some() || reason(&a, 2) != Some(RemovalReason::RepeatedLine),
            "{line}"
        );
    }
    // A phrase repeated past headline length is a (strange) paragraph, kept once.
    let long = "Việt Nam - Belarus ".repeat(60_000);
    let a = run(&format!("{long}\n{long}\n"));
    assert_eq!(kind(&a, 1), Some(BlockKind::Paragraph));
    assert_eq!(reason(&a, 2), Some(RemovalReason::RepeatedLine));
}

#[test]
fn an_english_edition_page() {
    let text = "VnExpress International\nNews Business Travel Life Sports World Perspectives\n\
        News › Traffic\n\nHCMC's first metro line nears 25 million rides\n\n\
        By Dinh Van   November 20, 2025 | 05:12 pm GMT+7\n\n\
        Metro Line 1 in Ho Chi Minh City has carried nearly 25 million passengers since it opened.\n\n\
        Ridership typically peaks on weekends and public holidays, the operator said on Tuesday.\n\n\
        Respiratory cases among children rose by about 30 per cent last week. — VNS\n\n\
        Story tags: metro line 1 HCMC metro\n\nRelated news:\n\
        HCMC to build 7 metro lines with a total length of 355 km\nTrending\n\
        Foreign visitors to Vietnam hit record 19 million\n";
    let a = run(text);
    assert_eq!(a.title, "HCMC's first metro line nears 25 million rides");
    assert_eq!(a.published.as_deref(), Some("2025-11-20T17:12+07:00"));
    assert_eq!(a.byline.as_deref(), Some("Dinh Van"));
    assert_eq!(reason(&a, 2), Some(RemovalReason::Navigation));
    for line in [9, 11, 13] {
        assert_eq!(kind(&a, line), Some(BlockKind::Paragraph), "line {line}");
    }
    let kept_after = a.blocks.iter().filter(|b| b.lines.first() > 13).count();
    assert_eq!(kept_after, 0, "{:?}", a.blocks);
}

#[test]
fn a_long_headline_is_the_title_and_a_long_menu_is_not() {
    let title = "Quảng Ninh cấm biển từ 12h ngày 20/7, sơ tán hơn 1.800 người khỏi các đảo để ứng phó với cơn bão số 3";
    let text = format!(
        "Thời sự Quốc tế Lao động Bạn đọc Kinh tế Sức khỏe Giáo dục Pháp luật Văn hóa - Văn nghệ Giải trí Thể thao\n{title}\n{BODY_A}\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(a.title, title);
    assert_eq!(reason(&a, 1), Some(RemovalReason::Navigation));
}

#[test]
fn a_sentence_closed_by_a_photo_credit_is_a_caption() {
    let text = format!(
        "Hà Nội thí điểm vùng phát thải thấp từ giữa năm 2026\nA view of Hà Nội shrouded in smog on November 17. VNS Photo Đoàn Tùng\n{BODY_A}\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(
        a.title,
        "Hà Nội thí điểm vùng phát thải thấp từ giữa năm 2026"
    );
    assert_eq!(kind(&a, 2), Some(BlockKind::Caption));
}

#[test]
fn a_photo_label_without_a_caption_is_furniture() {
    let text = format!(
        "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi\n{BODY_A}\n(Ảnh minh họa)\nẢnh minh hoạ\nIllustration photo\nCầu mới bắc qua sông Hồng (Ảnh minh họa)\n{BODY_B}"
    );
    let a = run(&text);
    for line in 3..=5 {
        assert_eq!(kind(&a, line), None, "line {line} kept");
    }
    // A caption that names its picture stays.
    assert_eq!(kind(&a, 6), Some(BlockKind::Caption));
}

#[test]
fn a_crawler_s_header_and_image_placeholders_are_furniture() {
    let text = format!(
        "Title: Giá lúa tăng mạnh, nông dân miền Tây phấn khởi\nURL Source: https://example.vn/gia-lua.html\nPublished Time: 2025-11-10T08:30:00+07:00\nMarkdown Content:\n[Image 1: lúa chín]\n{BODY_A}\nImage: Nông dân thu hoạch lúa ở Cần Thơ\n{BODY_B}"
    );
    let a = run(&text);
    assert_eq!(a.title, "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi");
    for line in 2..=5 {
        assert_eq!(kind(&a, line), None, "line {line} kept");
    }
    assert_eq!(kind(&a, 7), Some(BlockKind::Caption));
}
