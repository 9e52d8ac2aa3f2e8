//! End to end in tmux (80×24): the reader on a feed whose pages are slow to come. Fetching runs
//! in the background: the status bar counts the answers, the keys work meanwhile, and the
//! articles arrive whole. Skipped only when tmux is missing outside CI.

mod e2e_common;
mod web_support;

use e2e_common::{quoted, tmux_available, Tmux};
use web_support::Server;

#[test]
fn the_reader_stays_responsive_while_a_slow_feed_is_fetched() {
    if !tmux_available() {
        return;
    }
    let server = Server::start();
    let cache = tempfile::tempdir().expect("tempdir");
    let env = format!("XDG_CACHE_HOME={}", quoted(cache.path()));
    let t = Tmux::start(
        "web",
        &env,
        &format!("'{}'", server.url("/slower-feed.rss")),
        80,
        24,
    );
    // The feed is in, its six pages are on their way: counted in the status bar.
    let screen = t.wait_for("the fetch count", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("web ") && l.contains("/7"))
    });
    assert!(screen.contains("loading"), "{screen}");
    // Keys work while the pages are fetched.
    t.keys(&["?"]);
    let screen = t.wait_for("the help popup", |s| s.contains("Help"));
    assert!(
        t.status().contains("web "),
        "help opened while still fetching: {screen}"
    );
    t.keys(&["Escape"]);
    // Each item is its page, not the feed's teaser.
    let screen = t.wait_for("all six articles", |s| {
        let title = s.lines().next().unwrap_or("");
        title.contains("Documents") && title.contains("/6") && !s.contains('⟳')
    });
    assert!(screen.contains("Trang chậm /slower/1"), "{screen}");
    assert!(!t.status().contains("web "), "{}", t.status());
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
    assert_eq!(server.hits("/slower/6"), 1);
}
