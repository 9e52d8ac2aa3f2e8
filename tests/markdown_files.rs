//! Markdown files: rendered (no `#`, `**`, `[..](..)` left), front matter as stated metadata,
//! blocks on the file's own lines.

use soi::clean::{clean, BlockKind, TitleSource};
use soi::corpus::{load_file, LoadOptions, Source};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown")
        .join(name)
}

#[test]
fn markdown_article_is_rendered_not_shown_raw() {
    let loaded = load_file(&fixture("ghi_chep.md"), &LoadOptions::default()).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let doc = &loaded.document;
    assert_eq!(doc.source, Source::Markdown);
    let article = clean(doc);

    // Front matter is the stated metadata; the h1 is the title block.
    assert_eq!(
        article.title,
        "Ghi chép: một ngày trên tuyến xe buýt điện 86A"
    );
    assert_eq!(article.title_source, TitleSource::Metadata);
    assert_eq!(article.published.as_deref(), Some("2025-05-20T09:30+07:00"));
    assert_eq!(article.byline.as_deref(), Some("Lê Hoàng"));

    let shown: Vec<(BlockKind, [usize; 2], &str)> = article
        .blocks
        .iter()
        .map(|b| (b.kind, [b.lines.first(), b.lines.last()], b.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                BlockKind::Title,
                [7, 7],
                "Một ngày trên tuyến xe buýt điện 86A"
            ),
            (
                BlockKind::Paragraph,
                [11, 13],
                "Chuyến đầu tiên rời bến Long Biên lúc 5h, chở theo mười hai hành khách và một \
                 hướng dẫn viên của Sở Giao thông vận tải."
            ),
            (
                BlockKind::Caption,
                [15, 15],
                "Xe buýt 86A đỗ ở bến Long Biên"
            ),
            (
                BlockKind::Heading,
                [17, 17],
                "Những điều hành khách hỏi nhiều nhất"
            ),
            (
                BlockKind::Paragraph,
                [19, 19],
                "• Giá vé: 35.000 đồng một lượt."
            ),
            (
                BlockKind::Paragraph,
                [20, 20],
                "• Thanh toán bằng mã QR hoặc thẻ ngân hàng."
            ),
            (
                BlockKind::Paragraph,
                [21, 21],
                "• Xe có chỗ để hành lý cỡ lớn."
            ),
            (
                BlockKind::Paragraph,
                [23, 23],
                "\"Đi sân bay giờ rẻ hơn một nửa\", một hành khách nói."
            ),
            (BlockKind::Paragraph, [25, 25], "Tuyến | Giờ chạy"),
            (BlockKind::Paragraph, [27, 27], "86A | 5h–23h"),
            (
                BlockKind::Paragraph,
                [29, 29],
                "Ông Nguyễn Văn Hùng cho biết thành phố sẽ tăng thêm bốn xe cho tuyến này vào \
                 giờ cao điểm."
            ),
        ]
    );
    // The share bar is page furniture even in Markdown; front matter is not text at all.
    assert_eq!(article.removed.len(), 1);
    assert_eq!(article.removed[0].lines.first(), 9);
    assert!(!doc.text.contains("author:") && !doc.text.contains("**"));
}

#[test]
fn markdown_without_front_matter_takes_its_first_heading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("note.md");
    std::fs::write(
        &path,
        "Lời dẫn ngắn.\n\n# Tiêu đề thật của bài\n\nĐoạn văn đầu tiên của bài viết, đủ dài để \
         là phần mở đầu.\n",
    )
    .expect("write");
    let article = clean(
        &load_file(&path, &LoadOptions::default())
            .expect("loads")
            .document,
    );
    assert_eq!(article.title, "Tiêu đề thật của bài");
    assert_eq!(article.title_source, TitleSource::Headline);
    assert_eq!(article.blocks[0].kind, BlockKind::Paragraph);
    assert_eq!(article.blocks[1].kind, BlockKind::Title);
}
