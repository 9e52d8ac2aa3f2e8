//! Web pages end to end through load → clean: fixtures written for soi (a Vietnamese news page
//! with menus, share bar, related boxes, figure captions and JSON-LD; a page laid out like BBC
//! Vietnamese; a windows-1258 and a windows-1252 page), HTML fragments, charsets from an HTTP
//! header, and hostile pages.

mod markup_support;

use markup_support::totality_violation;
use soi::clean::{clean, Article, BlockKind, RemovalReason, TitleSource};
use soi::corpus::{
    load_file, load_html, load_html_fragment, Document, LoadOptions, Loaded, Metadata, Origin,
    Source,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name)
}

fn load(name: &str) -> Loaded {
    load_file(&fixture(name), &LoadOptions::default()).expect("fixture loads")
}

fn origin(id: &str) -> Origin {
    Origin {
        id: id.to_string(),
        path: PathBuf::from(format!("{id}.html")),
        url: None,
        source: Source::Html,
        charset: None,
    }
}

fn texts(article: &Article, kind: BlockKind) -> Vec<&str> {
    article
        .blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| b.text.as_str())
        .collect()
}

/// The removal reason of the line holding `needle`, if it was removed.
fn removed_as(doc: &Document, article: &Article, needle: &str) -> Option<RemovalReason> {
    let lines: Vec<&str> = doc.text.split('\n').collect();
    article.removed.iter().find_map(|r| {
        (r.lines.first()..=r.lines.last())
            .any(|n| lines[n - 1].contains(needle))
            .then_some(r.reason)
    })
}

/// The removal reasons of every removed line holding `needle`, in order.
fn removed_reasons(doc: &Document, article: &Article, needle: &str) -> Vec<RemovalReason> {
    let lines: Vec<&str> = doc.text.split('\n').collect();
    article
        .removed
        .iter()
        .filter(|r| (r.lines.first()..=r.lines.last()).any(|n| lines[n - 1].contains(needle)))
        .map(|r| r.reason)
        .collect()
}

fn assert_total(doc: &Document, article: &Article) {
    if let Some(problem) = totality_violation(doc, article) {
        panic!("cleaning is not total: {problem}");
    }
}

#[test]
fn vietnamese_news_page() {
    let loaded = load("vn_news.html");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let doc = &loaded.document;
    assert_eq!(doc.source, Source::Html);
    assert_eq!(
        doc.url.as_deref(),
        Some("https://thoisumau.example.vn/ha-noi-mo-them-ba-tuyen-xe-buyt-dien-noi-san-bay-noi-bai-123456.html")
    );
    let article = clean(doc);
    assert_total(doc, &article);

    // Stated metadata wins: JSON-LD headline, date with its offset, author.
    assert_eq!(
        article.title,
        "Hà Nội mở thêm ba tuyến xe buýt điện nối sân bay Nội Bài"
    );
    assert_eq!(article.title_source, TitleSource::Metadata);
    assert_eq!(article.published.as_deref(), Some("2025-05-09T14:20+07:00"));
    assert_eq!(article.byline.as_deref(), Some("Minh Anh"));
    assert_eq!(texts(&article, BlockKind::Title), [article.title.as_str()]);

    // The story: sapo, paragraphs, the heading, the list, the figure caption.
    let paragraphs = texts(&article, BlockKind::Paragraph);
    assert!(paragraphs[0].starts_with("Từ ngày 15/5, ba tuyến xe buýt điện mới"));
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Ông Nguyễn Văn Hùng")));
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Tuyến 86C: khu đô thị")));
    assert!(paragraphs
        .last()
        .unwrap()
        .starts_with("Trước đó, Hà Nội đã đưa"));
    assert_eq!(
        texts(&article, BlockKind::Heading),
        ["Giảm tải cho đường Võ Văn Kiệt"]
    );
    assert_eq!(
        texts(&article, BlockKind::Caption),
        ["Xe buýt điện chạy thử tại bến Long Biên sáng 8/5. Ảnh: Ngọc Thành"]
    );

    // Everything else is removed, with a reason.
    let kept: String = article.blocks.iter().map(|b| b.text.as_str()).collect();
    for junk in [
        "Trang chủ",
        "Chia sẻ",
        "Tin liên quan",
        "Xe buýt điện đầu tiên lăn bánh",
        "Xem thêm",
        "Từ khóa",
        "Bình luận",
        "Giá vàng miếng",
        "Quảng cáo",
        "Giấy phép",
        "Chú thích ảnh",
    ] {
        assert!(!kept.contains(junk), "{junk:?} kept");
    }
    assert_eq!(
        removed_as(doc, &article, "Thời sự › Giao thông"),
        Some(RemovalReason::Navigation)
    );
    assert_eq!(
        removed_as(doc, &article, "Copy link"),
        Some(RemovalReason::PageFurniture)
    );
    assert_eq!(
        removed_as(doc, &article, "Giá vé xe buýt sân bay tăng"),
        Some(RemovalReason::RelatedList)
    );
    assert_eq!(
        removed_as(doc, &article, "Xem thêm: Hà Nội thí điểm"),
        Some(RemovalReason::RelatedList)
    );
    assert_eq!(
        removed_as(doc, &article, "Thứ sáu, 9/5/2025"),
        Some(RemovalReason::Metadata)
    );
    assert_eq!(
        removed_as(doc, &article, "Thủ tướng chỉ đạo"),
        Some(RemovalReason::RelatedList)
    );
    // Scripts, styles and the search form are not text at all.
    assert!(!doc.text.contains("dataLayer") && !doc.text.contains("position:absolute"));
    assert!(!doc.text.contains("Tìm kiếm"));
}

#[test]
fn page_laid_out_like_bbc_vietnamese() {
    let loaded = load("vn_news_bbc_like.html");
    let doc = &loaded.document;
    let article = clean(doc);
    assert_total(doc, &article);
    assert_eq!(
        article.title,
        "Xe buýt điện sân bay: hành khách nói gì sau tuần đầu?"
    );
    assert_eq!(article.byline.as_deref(), Some("Thu Hà"));
    assert_eq!(article.published.as_deref(), Some("2025-05-22T07:05+07:00"));
    // In the story, the screen-reader label goes and the caption stays; image credits are
    // metadata. The lead photo's caption, above the first paragraph, is not shown.
    assert_eq!(
        texts(&article, BlockKind::Caption),
        ["Hành khách quét mã QR để trả tiền vé ngay trên xe"]
    );
    assert_eq!(
        removed_reasons(doc, &article, "Nguồn hình ảnh,"),
        [RemovalReason::Metadata, RemovalReason::Metadata]
    );
    assert!(removed_as(doc, &article, "Hành khách chờ xe tuyến 86B").is_some());
    let paragraphs = texts(&article, BlockKind::Paragraph);
    assert_eq!(paragraphs.len(), 4, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Một tuần sau khi"));
    assert!(removed_as(doc, &article, "22 tháng 5 2025").is_some());
    assert!(removed_as(doc, &article, "Chia sẻ Facebook").is_some());
    assert!(removed_as(doc, &article, "Taxi công nghệ giảm giá").is_some());
}

#[test]
fn windows_1258_page_decodes_to_nfc() {
    let loaded = load("vn_windows1258.html");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let doc = &loaded.document;
    // Tones written as combining marks come out composed.
    assert_eq!(soi::text::nfc(&doc.text), doc.text.as_str());
    let article = clean(doc);
    assert_eq!(article.title, "Đồng bằng sông Cửu Long vào mùa nước nổi");
    let paragraphs = texts(&article, BlockKind::Paragraph);
    assert_eq!(paragraphs.len(), 3);
    assert!(paragraphs[1].starts_with("Ông Trần Văn Út, một người đánh cá ở huyện Tân Châu"));
}

#[test]
fn windows_1252_page_and_stated_metadata() {
    let loaded = load("en_windows1252.html");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let article = clean(&loaded.document);
    assert_eq!(article.title, "Café owners brace for a “quiet” winter");
    assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(article.published.as_deref(), Some("2024-11-19T08:38-05:00"));
    let paragraphs = texts(&article, BlockKind::Paragraph);
    assert_eq!(paragraphs.len(), 3);
    assert!(paragraphs[1].contains("said Renée Martin"));
}

#[test]
fn http_header_charset_decides_when_the_page_says_nothing() {
    let page = "<html><body><h1>Caf\u{e9} r\u{e9}ouvert</h1><p>Le caf\u{e9} de la gare a \
                rouvert ses portes apr\u{e8}s six mois de travaux, annonce la mairie.</p></body></html>";
    let bytes: Vec<u8> = page.chars().map(|c| c as u32 as u8).collect(); // Latin-1 = windows-1252 here
    let declared = Origin {
        charset: Some("windows-1252".to_string()),
        url: Some("https://example.org/cafe".to_string()),
        source: Source::Url,
        ..origin("cafe")
    };
    let loaded = load_html(&bytes, declared, &LoadOptions::default()).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(loaded.document.text.contains("Café réouvert"));
    assert_eq!(loaded.document.source, Source::Url);
    assert_eq!(
        loaded.document.url.as_deref(),
        Some("https://example.org/cafe")
    );
    // Undeclared and not UTF-8: still read, with a warning that says how.
    let loaded = load_html(&bytes, origin("cafe"), &LoadOptions::default()).expect("loads");
    assert!(loaded.document.text.contains("Café réouvert"));
    assert!(loaded.warnings[0].message.contains("windows-1252"));
}

#[test]
fn fragment_of_a_feed_item() {
    let meta = Metadata {
        title: Some("Giá xăng giảm từ chiều nay".to_string()),
        published: Some("2025-05-09T15:00+07:00".to_string()),
        byline: Some("Hải Yến".to_string()),
    };
    let html = "<p>Giá xăng RON 95 giảm 350 đồng mỗi lít từ 15h chiều nay, theo liên Bộ Công \
                Thương - Tài chính.</p><figure><img src=x><figcaption>Cây xăng trên phố Huế. \
                Ảnh: Giang Huy</figcaption></figure><p>Đây là lần giảm thứ ba liên tiếp.</p>";
    let origin = Origin {
        source: Source::Feed,
        url: Some("https://example.vn/gia-xang.html".to_string()),
        ..origin("gia-xang")
    };
    let loaded = load_html_fragment(html, origin, meta.clone());
    let doc = &loaded.document;
    assert_eq!(doc.source, Source::Feed);
    assert_eq!(doc.meta, meta);
    let article = clean(doc);
    assert_eq!(article.title, "Giá xăng giảm từ chiều nay");
    assert_eq!(article.title_source, TitleSource::Metadata);
    assert_eq!(article.byline.as_deref(), Some("Hải Yến"));
    assert_eq!(texts(&article, BlockKind::Paragraph).len(), 2);
    assert_eq!(
        texts(&article, BlockKind::Caption),
        ["Cây xăng trên phố Huế. Ảnh: Giang Huy"]
    );
}

#[test]
fn escape_sequences_and_controls_never_reach_the_text() {
    let html = "<html><head><title>T\u{1b}]0;pwned\u{7}itle</title></head><body>\
                <h1>Tin \u{1b}[31mđỏ</h1><p>Đoạn &#27;[2J văn \u{202e}đảo\u{202c} bản dài đủ để là \
                một đoạn văn của bài viết này.</p></body></html>";
    let loaded = load_html(html.as_bytes(), origin("esc"), &LoadOptions::default()).expect("loads");
    let doc = &loaded.document;
    let all = format!("{}{:?}{:?}", doc.text, doc.meta.title, doc.meta.byline);
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{202e}'));
    assert!(doc.text.contains("Tin đỏ"), "{}", doc.text);
}

#[test]
fn hostile_pages_end_as_documents_or_skips_quickly() {
    let options = LoadOptions::default();
    let started = Instant::now();
    // Nesting that makes tree parsing quadratic: read as text, with a warning.
    let deep = format!(
        "{}<p>chữ</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let loaded = load_html(deep.as_bytes(), origin("deep"), &options).expect("loads");
    assert!(loaded.document.text.contains("chữ"));
    assert!(loaded.warnings.iter().any(|w| w.message.contains("nested")));
    // The same in a feed item's content.
    let loaded = load_html_fragment(&deep, origin("deep-item"), Metadata::default());
    assert!(loaded.document.text.contains("chữ"));
    assert!(loaded.warnings.iter().any(|w| w.message.contains("nested")));
    // Deep but parseable: shown without extraction.
    let nested = format!("{}<p>chữ</p>{}", "<div>".repeat(400), "</div>".repeat(400));
    let loaded = load_html(nested.as_bytes(), origin("nested"), &options).expect("loads");
    assert!(loaded.document.text.contains("chữ"));
    // Over the size cap: truncated, said so.
    let small = LoadOptions {
        max_bytes: 64,
        ..LoadOptions::default()
    };
    let long = format!("<p>{}</p>", "Hà Nội ".repeat(100));
    let loaded = load_html(long.as_bytes(), origin("long"), &small).expect("loads");
    assert!(loaded.document.truncated);
    assert!(loaded
        .warnings
        .iter()
        .any(|w| w.message.contains("truncated")));
    // Binary: skipped with the usual reason. Empty: an empty document.
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 32) as u8).collect();
    let skipped = load_html(&binary, origin("bin"), &options).expect_err("binary");
    assert!(skipped.reason.contains("binary"), "{}", skipped.reason);
    let empty = load_html(b"", origin("empty"), &options).expect("loads");
    assert!(clean(&empty.document).blocks.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_folder_of_pages_is_walked() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, body) in [
        (
            "a.html",
            "<p>Trang một có một đoạn văn đủ dài để làm bài viết.</p>",
        ),
        (
            "b.HTM",
            "<p>Trang hai có một đoạn văn đủ dài để làm bài viết.</p>",
        ),
        ("c.md", "# Ghi chú\n\nMột đoạn **Markdown**.\n"),
        ("d.txt", "Văn bản thuần.\n"),
    ] {
        std::fs::write(dir.path().join(name), body).expect("write");
    }
    let corpus = soi::pipeline::build(&[dir.path().to_path_buf()], &LoadOptions::default());
    let sources: Vec<(&str, Source)> = corpus
        .documents
        .iter()
        .map(|p| (p.document.id.as_str(), p.document.source))
        .collect();
    assert_eq!(
        sources,
        [
            ("a", Source::Html),
            ("b", Source::Html),
            ("c", Source::Markdown),
            ("d", Source::Text)
        ]
    );
}
