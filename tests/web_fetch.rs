//! Reading the web, against a server the test starts on 127.0.0.1: pages, feeds and every kind
//! of failure end up documents or reported skips within the timeouts, through the library and
//! through the real binary; a second run is served from the cache with the server gone;
//! `--refresh` refetches; feed files met in a folder walk are read and other files reported.

mod web_support;

use serde_json::Value;
use soi::corpus::web::WebOptions;
use soi::corpus::{Input, LoadOptions, Source};
use soi::pipeline::{self, Corpus, Processed};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use web_support::{refused_url, Server};

/// The request timeout the tests use: short, so the silent server costs little.
const TIMEOUT: Duration = Duration::from_secs(2);
/// Every run, however many failures it meets, ends within this (the timeout plus slack for a
/// loaded machine; requests run side by side, so failures do not add up).
const WALL_BOUND: Duration = Duration::from_secs(20);

fn options(cache: &Path) -> LoadOptions {
    LoadOptions {
        web: WebOptions {
            cache_dir: Some(cache.to_path_buf()),
            timeout: TIMEOUT,
            connect_timeout: TIMEOUT,
            ..WebOptions::default()
        },
        ..LoadOptions::default()
    }
}

fn build(urls: &[String], options: &LoadOptions) -> (Corpus, Duration) {
    let inputs: Vec<Input> = urls.iter().cloned().map(Input::Url).collect();
    let start = Instant::now();
    let corpus = pipeline::build(&inputs, options);
    (corpus, start.elapsed())
}

fn doc<'a>(corpus: &'a Corpus, id: &str) -> &'a Processed {
    corpus
        .documents
        .iter()
        .find(|p| p.document.id == id)
        .unwrap_or_else(|| panic!("no document {id}: {:?}", ids(corpus)))
}

fn ids(corpus: &Corpus) -> Vec<&str> {
    corpus
        .documents
        .iter()
        .map(|p| p.document.id.as_str())
        .collect()
}

fn reason<'a>(corpus: &'a Corpus, url: &str) -> &'a str {
    corpus
        .skipped
        .iter()
        .find(|s| s.path == Path::new(url))
        .map(|s| s.reason.as_str())
        .unwrap_or_else(|| panic!("{url} not skipped: {:?}", corpus.skipped))
}

#[test]
fn pages_and_every_kind_of_failure() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("tempdir");
    let refused = refused_url();
    let urls = vec![
        server.url("/article"),
        server.url("/moved"),
        server.url("/gzip"),
        server.url("/page.html"),
        server.url("/legacy.html"),
        server.url("/notes.md"),
        server.url("/loop"),
        server.url("/missing"),
        server.url("/server-error"),
        server.url("/huge"),
        server.url("/huge-unsized"),
        server.url("/image.png"),
        server.url("/data.json"),
        server.silent_url(),
        refused.clone(),
        "http://exa mple.com/".to_string(),
    ];
    let (corpus, took) = build(&urls, &options(cache.path()));
    assert!(took < WALL_BOUND, "took {took:?}");
    // Documents in the order given.
    let ids = ids(&corpus);
    assert_eq!(ids, ["article", "moved", "gzip", "page", "legacy", "notes"]);

    let article = doc(&corpus, "article");
    assert_eq!(article.document.source, Source::Url);
    assert_eq!(article.document.path, PathBuf::from(server.url("/article")));
    assert_eq!(
        article.document.url.as_deref(),
        Some(server.url("/article").as_str())
    );
    assert!(article.document.text.contains("kế hoạch chống ngập"));
    // A redirect: the document's URL is where it ended.
    let moved = doc(&corpus, "moved");
    assert_eq!(
        moved.document.url.as_deref(),
        Some(server.url("/article").as_str())
    );
    assert!(doc(&corpus, "gzip")
        .document
        .text
        .contains("Tổng cục Thống kê"));
    // HTML is rendered, its metadata read; a charset only the header names is honoured.
    let page = doc(&corpus, "page");
    assert_eq!(page.document.source, Source::Url);
    assert_eq!(page.document.meta.title.as_deref(), Some("Trang thử"));
    assert!(page.document.text.contains("Bộ Y tế cho biết"));
    assert!(!page.document.text.contains('<'), "{}", page.document.text);
    let legacy = &doc(&corpus, "legacy").document.text;
    assert!(legacy.contains("Hà Nội mưa lớn"), "{legacy:?}");
    let notes = &doc(&corpus, "notes").document;
    assert_eq!(notes.source, Source::Url);
    assert!(
        notes.text.contains("Bộ Ngoại giao thông báo"),
        "{:?}",
        notes.text
    );

    let too_large = format!("larger than {} bytes (--max-bytes)", 8 * 1024 * 1024);
    let expected = [
        ("/loop", "more than 5 redirects (a redirect loop?)"),
        ("/missing", "HTTP 404 Not Found"),
        ("/server-error", "HTTP 500 Internal Server Error"),
        ("/huge", &too_large),
        ("/huge-unsized", &too_large),
        ("/image.png", "not an article, a feed or text (image/png)"),
        (
            "/data.json",
            "not an article, a feed or text (application/json that is not a JSON Feed)",
        ),
    ];
    for (path, why) in expected {
        assert_eq!(reason(&corpus, &server.url(path)), why, "{path}");
    }
    assert_eq!(
        reason(&corpus, &server.silent_url()),
        "timed out after 2 s without a complete answer"
    );
    assert_eq!(reason(&corpus, &refused), "connection refused");
    assert!(reason(&corpus, "http://exa mple.com/").starts_with("not a valid web address"));
    assert_eq!(corpus.skipped.len(), 10, "{:?}", corpus.skipped);
}

#[test]
fn feeds_become_one_document_per_item_with_followed_pages() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("tempdir");
    let urls = vec![
        server.url("/feed.rss"),
        server.url("/feed.atom"),
        server.url("/feed-as-html"),
    ];
    let (corpus, took) = build(&urls, &options(cache.path()));
    assert!(took < WALL_BOUND, "took {took:?}");
    let ids = ids(&corpus);
    assert_eq!(
        ids,
        [
            "one",
            "gone",
            "feed-3",
            "two",
            "image",
            "one~2",
            "gone~2",
            "feed-as-html-3"
        ]
    );

    // Followed: the item's page, one document, with the feed's metadata where the page has none.
    let one = doc(&corpus, "one");
    assert_eq!(one.document.source, Source::Url);
    assert_eq!(one.document.path, PathBuf::from(server.url("/items/one")));
    assert_eq!(
        one.document.url.as_deref(),
        Some(server.url("/items/one").as_str())
    );
    assert!(one.document.text.contains("Phạm Minh Chính"));
    assert_eq!(one.document.meta.title.as_deref(), Some("Bài một"));
    assert_eq!(
        one.document.meta.published.as_deref(),
        Some("2025-05-10T01:30+07:00")
    );
    assert_eq!(one.document.meta.byline.as_deref(), Some("Minh Anh"));

    // A followed page that is gone: the feed's own text, and a warning naming the page.
    let gone = doc(&corpus, "gone");
    assert_eq!(gone.document.source, Source::Feed);
    assert_eq!(gone.document.path, PathBuf::from(server.url("/feed.rss")));
    assert_eq!(
        gone.document.url.as_deref(),
        Some(server.url("/items/gone").as_str())
    );
    assert!(gone.document.text.contains("Bộ Tài chính họp"));
    assert!(
        !gone.document.text.contains("<p>"),
        "the item's HTML is rendered"
    );
    assert_eq!(
        gone.document.meta.published.as_deref(),
        Some("2025-05-09T20:00+07:00")
    );
    let warned = corpus
        .warnings
        .iter()
        .find(|w| w.path == Path::new(&server.url("/items/gone")))
        .expect("a warning for the gone page");
    assert!(
        warned.message.contains("HTTP 404 Not Found"),
        "{}",
        warned.message
    );

    // No link: a teaser named after the feed and its position.
    let short = doc(&corpus, "feed-3");
    assert_eq!(short.document.source, Source::Feed);
    assert_eq!(short.document.url, None);
    assert!(short.document.text.contains("Tin ngắn không có liên kết"));

    // Atom: the alternate link is followed; an image link keeps the teaser.
    let two = doc(&corpus, "two");
    assert_eq!(two.document.source, Source::Url);
    assert_eq!(two.document.meta.byline.as_deref(), Some("Trần Bình"));
    assert_eq!(
        two.document.meta.published.as_deref(),
        Some("2025-05-10T08:00+07:00")
    );
    assert_eq!(doc(&corpus, "image").document.source, Source::Feed);
    assert!(corpus.warnings.iter().any(
        |w| w.path == Path::new(&server.url("/items/image")) && w.message.contains("image/png")
    ));
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
}

#[test]
fn json_feed_and_follow_zero() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(cache.path());
    opts.web.follow = 0;
    let (corpus, _) = build(&[server.url("/feed.json")], &opts);
    let ids = ids(&corpus);
    assert_eq!(ids, ["one", "feed-2"]);
    assert!(corpus
        .documents
        .iter()
        .all(|p| p.document.source == Source::Feed));
    assert_eq!(server.hits("/items/one"), 0, "follow 0 fetches no page");
    let one = doc(&corpus, "one");
    assert_eq!(one.document.meta.title.as_deref(), Some("Bài một (JSON)"));
    assert_eq!(
        one.document.url.as_deref(),
        Some(server.url("/items/one").as_str())
    );
    let text_only = doc(&corpus, "feed-2");
    assert!(text_only.document.text.contains("Dòng hai"));
    assert_eq!(
        text_only.document.meta.published.as_deref(),
        Some("2025-05-09")
    );
}

#[test]
fn a_second_run_comes_from_the_cache_and_refresh_refetches() {
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = options(cache.path());
    let server = Server::start();
    let urls = vec![server.url("/article"), server.url("/feed.rss")];
    let (first, _) = build(&urls, &opts);
    assert_eq!(server.hits("/article"), 1);
    assert_eq!(server.hits("/items/one"), 1);

    // Cached: the server is not asked again.
    let (second, _) = build(&urls, &opts);
    assert_eq!(server.hits("/article"), 1);
    assert_eq!(server.hits("/feed.rss"), 1);
    assert_eq!(server.hits("/items/one"), 1);
    assert_eq!(texts(&first), texts(&second));

    // --refresh: asked again.
    let refresh = LoadOptions {
        web: WebOptions {
            refresh: true,
            ..opts.web.clone()
        },
        ..opts.clone()
    };
    let (_, _) = build(&urls, &refresh);
    assert_eq!(server.hits("/article"), 2);
    assert_eq!(server.hits("/feed.rss"), 2);
    assert_eq!(server.hits("/items/one"), 2);

    // Server gone: the same documents, offline and fast.
    drop(server);
    let (offline, took) = build(&urls, &opts);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(texts(&first), texts(&offline));
    // Refreshing with the server gone falls back to the cached copies, with a warning each.
    let (fallback, _) = build(&urls, &refresh);
    assert_eq!(texts(&first), texts(&fallback));
    assert!(fallback
        .warnings
        .iter()
        .any(|w| w.message.contains("the cached copy is used")));
}

/// A feed gains items by the hour: a cached copy older than `feed_max_age` is fetched again,
/// while the pages (articles, which do not change) stay as cached.
#[test]
fn a_stale_feed_is_fetched_again_and_its_pages_are_not() {
    let cache = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let urls = vec![server.url("/feed.rss")];
    let fresh = options(cache.path());
    let (first, _) = build(&urls, &fresh);
    assert_eq!(server.hits("/feed.rss"), 1);
    assert_eq!(server.hits("/items/one"), 1);
    let stale = LoadOptions {
        web: WebOptions {
            feed_max_age: Duration::ZERO,
            ..fresh.web.clone()
        },
        ..fresh.clone()
    };
    // The entry's age is counted in whole seconds: let one pass.
    std::thread::sleep(Duration::from_millis(1100));
    let (second, _) = build(&urls, &stale);
    assert_eq!(server.hits("/feed.rss"), 2, "the stale feed is asked again");
    assert_eq!(
        server.hits("/items/one"),
        1,
        "its pages come from the cache"
    );
    assert_eq!(texts(&first), texts(&second));
}

fn texts(corpus: &Corpus) -> Vec<(String, Source, String)> {
    corpus
        .documents
        .iter()
        .map(|p| {
            (
                p.document.id.clone(),
                p.document.source,
                p.document.text.clone(),
            )
        })
        .collect()
}

#[test]
fn never_more_than_two_requests_to_one_host() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("tempdir");
    let (corpus, _) = build(&[server.url("/slow-feed.rss")], &options(cache.path()));
    let ids = ids(&corpus);
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    assert!(corpus
        .documents
        .iter()
        .all(|p| p.document.source == Source::Url));
    assert!(
        (1..=2).contains(&server.most_in_flight()),
        "{} at once",
        server.most_in_flight()
    );
}

#[test]
fn an_unwritable_cache_is_one_warning() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").expect("write");
    let (corpus, _) = build(
        &[server.url("/article"), server.url("/gzip")],
        &options(&blocker.join("cache")),
    );
    assert_eq!(corpus.documents.len(), 2);
    let about_cache = corpus
        .warnings
        .iter()
        .filter(|w| w.message.contains("not cached"))
        .count();
    assert_eq!(about_cache, 1, "{:?}", corpus.warnings);
}

#[test]
fn feed_files_in_a_folder_are_read_and_other_files_reported() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds");
    let corpus = pipeline::build(std::slice::from_ref(&folder), &LoadOptions::default());
    let ids = ids(&corpus);
    assert_eq!(
        ids,
        [
            "ngan-hang-nha-nuoc-dieu-chinh-lai-suat",
            "ghi-chu",
            "ha-noi-khoi-cong-cau-tu-lien-4870001",
            "bo-y-te-canh-bao-sot-xuat-huyet-4870002",
            "belarus-vietnam",
        ]
    );
    let item = doc(&corpus, "ha-noi-khoi-cong-cau-tu-lien-4870001");
    assert_eq!(item.document.source, Source::Feed);
    assert_eq!(item.document.path, folder.join("tin-trong-nuoc.rss"));
    assert_eq!(
        item.document.url.as_deref(),
        Some("https://tin.example/thoi-su/ha-noi-khoi-cong-cau-tu-lien-4870001.html")
    );
    assert_eq!(
        item.document.meta.title.as_deref(),
        Some("Hà Nội khởi công cầu Tứ Liên")
    );
    assert!(item.document.text.contains("cầu Tứ Liên bắc qua sông Hồng"));
    assert_eq!(
        doc(&corpus, "belarus-vietnam")
            .document
            .meta
            .published
            .as_deref(),
        Some("2025-05-10T08:00+00:00")
    );
    // Sorted: walking reports its skips before reading reports its own.
    let mut reasons: Vec<(String, &str)> = corpus
        .skipped
        .iter()
        .map(|s| {
            (
                s.path.file_name().unwrap().to_string_lossy().into_owned(),
                s.reason.as_str(),
            )
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            (
                "package.json".to_string(),
                "not a feed (RSS, Atom or JSON Feed)"
            ),
            ("photo.png".to_string(), "not an article file (.png)"),
            (
                "sitemap.xml".to_string(),
                "not a feed (RSS, Atom or JSON Feed)"
            ),
        ]
    );
}

// ---- the real binary --------------------------------------------------------------------

fn export(args: &[&str], cache_home: &Path) -> (Value, String, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_soi"))
        .arg("export")
        .args(["--timeout", "2"])
        .args(args)
        .env("XDG_CACHE_HOME", cache_home)
        .output()
        .expect("run soi");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout).expect("export JSON");
    (
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        took,
    )
}

fn field<'a>(docs: &'a Value, id: &str, key: &str) -> &'a Value {
    docs.as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == id)
        .map(|d| &d[key])
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn export_reads_urls_mixed_with_paths_and_works_offline() {
    let cache_home = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let seeds_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/ghi-chu.txt");
    let article = server.url("/article");
    let feed = server.url("/feed.rss");
    let missing = server.url("/missing");
    let silent = server.silent_url();
    let seeds_arg = seeds_file.to_string_lossy().into_owned();
    let args = [
        article.as_str(),
        seeds_arg.as_str(),
        feed.as_str(),
        missing.as_str(),
        silent.as_str(),
    ];
    let (json, stderr, took) = export(&args, cache_home.path());
    assert!(took < WALL_BOUND, "took {took:?}");
    let docs = &json["documents"];
    let ids: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["article", "ghi-chu", "one", "gone", "feed-3"]);
    assert_eq!(field(docs, "article", "source"), "url");
    assert_eq!(field(docs, "article", "url"), article.as_str());
    assert_eq!(field(docs, "article", "path"), article.as_str());
    assert_eq!(field(docs, "ghi-chu", "source"), "text");
    assert_eq!(field(docs, "ghi-chu", "url"), &Value::Null);
    assert_eq!(field(docs, "one", "source"), "url");
    // What the feed states of a followed item, and its page does not, reaches the export.
    assert_eq!(field(docs, "one", "published"), "2025-05-10T01:30+07:00");
    assert_eq!(field(docs, "one", "byline"), "Minh Anh");
    assert_eq!(field(docs, "gone", "title"), "Bài đã xóa");
    assert_eq!(field(docs, "gone", "source"), "feed");
    assert_eq!(
        field(docs, "gone", "url"),
        server.url("/items/gone").as_str()
    );
    let skipped = json["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .any(|s| s["path"] == missing.as_str() && s["reason"] == "HTTP 404 Not Found"));
    assert!(skipped.iter().any(
        |s| s["path"] == silent.as_str() && s["reason"].as_str().unwrap().contains("timed out")
    ));
    // One line per skip and warning on stderr, nothing else.
    assert!(
        stderr.contains(&format!("skipped {missing}: HTTP 404 Not Found")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with("skipped ") || l.starts_with("warning: ")),
        "{stderr}"
    );
    // The cache is under XDG_CACHE_HOME.
    assert!(
        cache_home
            .path()
            .join("soi/http")
            .read_dir()
            .unwrap()
            .count()
            > 0
    );

    // Again with the server gone: the same documents from the cache, quickly.
    drop(server);
    let (again, _, took) = export(&[article.as_str(), feed.as_str()], cache_home.path());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["id"] != "ghi-chu")
            .map(|d| (d["id"].clone(), d["source"].clone(), d["blocks"].clone()))
            .collect()
    };
    assert_eq!(strip(docs), strip(&again["documents"]));
}

#[test]
fn export_refresh_refetches_and_follow_zero_fetches_no_page() {
    let cache_home = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let feed = server.url("/feed.rss");
    let (json, _, _) = export(&["--follow", "0", &feed], cache_home.path());
    assert_eq!(server.hits("/items/one"), 0);
    let sources: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["feed", "feed", "feed"]);
    let _ = export(&[&feed], cache_home.path());
    assert_eq!(server.hits("/feed.rss"), 1, "the feed came from the cache");
    assert_eq!(server.hits("/items/one"), 1);
    let _ = export(&["--refresh", &feed], cache_home.path());
    assert_eq!(server.hits("/feed.rss"), 2);
    assert_eq!(server.hits("/items/one"), 2);
}
