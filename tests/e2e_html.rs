//! End to end in tmux on a folder of saved web pages and a Markdown note: the reading journey
//! (an entity across the documents with `n`), the page's address under the title, and the
//! removed parts of a page shown in place with `r`. Skipped only when tmux is missing outside CI.

mod e2e_common;
use e2e_common::{loaded, quoted, status_of, target_counter, tmux_available, Tmux};
use std::path::Path;

/// The file name in the reader pane's title.
fn open_file(screen: &str) -> Option<String> {
    let top = screen.lines().next()?;
    top.split_whitespace()
        .find(|w| w.ends_with(".html") || w.ends_with(".md"))
        .map(str::to_string)
}

#[test]
fn reading_journey_on_saved_pages() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in [
        "html/vn_news.html",
        "html/vn_news_bbc_like.html",
        "markdown/ghi_chep.md",
    ] {
        let from = fixtures.join(name);
        let to = dir.path().join(from.file_name().expect("name"));
        std::fs::copy(&from, to).expect("copy fixture");
    }
    let t = Tmux::start("html", "", &quoted(dir.path()), 120, 40);
    t.wait_for("the documents to load", |s| loaded(s, 3));

    // The official is in all three; target him from the entities pane.
    t.keys(&["Tab", "Tab", "/"]);
    t.type_text("van hung");
    t.keys(&["Enter"]);
    t.wait_for("the filter to apply", |s| s.contains("Nguyễn Văn Hùng"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("a target", |s| {
        target_counter(s).is_some_and(|(k, _)| k == 1)
    });
    let (_, n) = target_counter(&screen).expect("counter");
    assert!(n >= 3, "one mention per document at least: {n}");
    assert!(status_of(&screen).contains("Nguyễn Văn Hùng"), "{screen}");
    let first = open_file(&screen).expect("an open file");

    // n walks on into the other documents.
    let mut seen = vec![first];
    for k in 2..=n {
        t.keys(&["n"]);
        let screen = t.wait_for("the next mention", |s| {
            target_counter(s).is_some_and(|(at, _)| at == k)
        });
        let file = open_file(&screen).expect("an open file");
        if !seen.contains(&file) {
            seen.push(file);
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        ["ghi_chep.md", "vn_news.html", "vn_news_bbc_like.html"],
        "n visits every document"
    );

    // The saved page: its title and, under it, where it lives on the web.
    for _ in 0..n {
        if open_file(&t.screen()).as_deref() == Some("vn_news.html") {
            break;
        }
        let before = target_counter(&t.screen());
        t.keys(&["n"]);
        t.wait_for("the next mention", |s| target_counter(s) != before);
    }
    t.keys(&["g", "g"]);
    let screen = t.wait_for("the top of the saved page", |s| {
        open_file(s).as_deref() == Some("vn_news.html") && s.contains("thoisumau.example.vn")
    });
    assert!(
        screen.contains("Hà Nội mở thêm ba tuyến xe buýt điện"),
        "{screen}"
    );
    assert!(
        !screen.contains("Tin liên quan"),
        "the related box is not shown: {screen}"
    );

    // r: the page's related box comes back in place, dimmed, with its reason.
    t.keys(&["r"]);
    let screen = t.wait_for("the removed lines", |s| s.contains("Tin liên quan"));
    assert!(screen.contains("related list │ Tin liên quan"), "{screen}");
    assert!(screen.contains("page furniture │ Chia sẻ"), "{screen}");
    t.keys(&["r"]);
    t.wait_for("the removed lines hidden", |s| !s.contains("Tin liên quan"));

    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
}
