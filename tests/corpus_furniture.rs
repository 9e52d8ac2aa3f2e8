//! Site furniture found by the corpus: a line that several different stories all keep is the
//! site's and leaves every one of them; copies of one story keep their shared text.

use soi::clean::{BlockKind, RemovalReason};
use soi::corpus::LoadOptions;
use soi::pipeline::{self, Corpus, Progress};
use std::path::Path;

const SITE_LINE: &str = "Theo dõi Báo Ánh Dương trên mạng xã hội mỗi ngày";

fn story(n: usize) -> String {
    let topics = [
        ("Hải Phòng khánh thành cầu vượt biển mới", "Cầu dài 5,4 km nối trung tâm thành phố với khu kinh tế Đình Vũ, giúp giảm ùn tắc vào giờ cao điểm."),
        ("Cần Thơ mở thêm tuyến xe buýt điện", "Tuyến mới chạy từ bến Ninh Kiều đến sân bay, mỗi chuyến cách nhau 15 phút từ sáng sớm đến tối."),
        ("Đà Lạt đón lượng khách kỷ lục dịp lễ", "Các khách sạn trung tâm kín phòng, nhiều du khách phải tìm chỗ nghỉ ở các xã lân cận."),
        ("Nghệ An công bố lịch thi tuyển sinh lớp 10", "Kỳ thi diễn ra trong hai ngày với ba môn bắt buộc, thí sinh tra cứu điểm trên cổng thông tin của Sở."),
    ];
    let (title, lede) = topics[n % topics.len()];
    format!(
        "{title}\n\n{SITE_LINE}\n\n{lede}\n\nĐây là đoạn thứ hai của bài viết số {n}, kể thêm chi tiết về sự kiện và ý kiến của người dân địa phương.\n"
    )
}

fn build(dir: &Path) -> Corpus {
    pipeline::build(&[dir.to_path_buf()], &LoadOptions::default())
}

fn kept(corpus: &Corpus, text: &str) -> usize {
    corpus
        .documents
        .iter()
        .filter(|p| p.article.blocks.iter().any(|b| b.text == text))
        .count()
}

#[test]
fn a_line_every_story_of_a_site_keeps_is_removed_from_all_of_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..4 {
        std::fs::write(dir.path().join(format!("{n}.txt")), story(n)).expect("write");
    }
    let corpus = build(dir.path());
    assert_eq!(corpus.documents.len(), 4);
    assert_eq!(kept(&corpus, SITE_LINE), 0);
    for p in &corpus.documents {
        let reason = p
            .article
            .removed
            .iter()
            .find(|r| r.lines.first() == 3)
            .map(|r| r.reason);
        assert_eq!(
            reason,
            Some(RemovalReason::SiteFurniture),
            "{}",
            p.document.id
        );
        // The stories themselves are untouched.
        assert_eq!(p.article.blocks[0].kind, BlockKind::Title);
        assert_eq!(p.article.blocks.len(), 3, "{:?}", p.article.blocks);
    }
    // Two stories are not "several": the line stays.
    let two = tempfile::tempdir().expect("tempdir");
    for n in 0..2 {
        std::fs::write(two.path().join(format!("{n}.txt")), story(n)).expect("write");
    }
    assert_eq!(kept(&build(two.path()), SITE_LINE), 2);
}

#[test]
fn copies_of_one_story_keep_their_shared_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let quote = "Ông Nam cho biết dự án hoàn thành sớm.";
    for n in 0..5 {
        // Five outlets print one agency story, each with its own lead-in.
        let text = format!(
            "Hải Phòng khánh thành cầu vượt biển mới\n\nNguồn {n} - Cầu dài 5,4 km nối trung tâm thành phố với khu kinh tế Đình Vũ, giúp giảm ùn tắc vào giờ cao điểm và rút ngắn thời gian đi lại.\n\n{quote}\n\nCầu được thiết kế với bốn làn xe, vốn đầu tư hơn 7.000 tỷ đồng từ ngân sách thành phố và trung ương.\n"
        );
        std::fs::write(dir.path().join(format!("{n}.txt")), text).expect("write");
    }
    let corpus = build(dir.path());
    assert_eq!(kept(&corpus, quote), 5);
}

#[test]
fn revisions_replace_documents_already_yielded_and_match_the_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Two stories with the site's line, then enough others that the rest come in a later run of
    // files (the first run is cleaned together), then two more stories with the line.
    for n in 0..12 {
        let text = match n {
            0 | 1 => story(n),
            10 | 11 => story(n - 8),
            _ => format!(
                "Bản tin thời tiết số {n} trong ngày\n\nMiền Bắc có mưa rào rải rác, nhiệt độ thấp nhất {n} độ, gió đông bắc cấp hai đến cấp ba ở vùng ven biển.\n"
            ),
        };
        std::fs::write(dir.path().join(format!("{n:02}.txt")), text).expect("write");
    }
    let mut docs = Vec::new();
    let mut revised = 0;
    for step in pipeline::stream(&[dir.path().to_path_buf()], &LoadOptions::default()) {
        match step {
            Progress::Document(p) => docs.push(p),
            Progress::Revised(r) => {
                assert!(r.index < docs.len());
                docs[r.index] = r.processed;
                revised += 1;
            }
            _ => {}
        }
    }
    // The first two stories were read before the line was known to be the site's.
    assert_eq!(revised, 2);
    let built = build(dir.path());
    for (a, b) in docs.iter().zip(&built.documents) {
        assert_eq!(a.article, b.article);
        assert_eq!(a.mentions, b.mentions);
    }
}
