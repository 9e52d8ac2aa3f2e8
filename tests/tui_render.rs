//! Rendering properties: highlight styles on cells, tiny terminals, NFC/NFD input.

#[path = "terminal_bytes/mod.rs"]
mod terminal_bytes;
mod tui_common;
use proptest::prelude::*;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::{Terminal, TerminalOptions, Viewport};
use terminal_bytes::check_terminal_bytes;
use tui_common::{app, corpus_from, press, render, specs, status_line, tags};

/// Style of the cell where `needle` first starts on screen (rows without wide characters).
fn style_at(t: &Terminal<TestBackend>, needle: &str) -> Style {
    let buf = t.backend().buffer();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..cells.len() {
            let mut s = String::new();
            for c in &cells[x..] {
                s.push_str(c);
                if s.len() >= needle.len() {
                    break;
                }
            }
            if s == needle {
                return buf[(x as u16, y)].style();
            }
        }
    }
    panic!("{needle:?} not on screen:\n{}", tui_common::screen_text(t));
}

#[test]
fn target_landed_and_other_mentions_are_styled_apart() {
    let mut a = app();
    // Target Roman Golovchenko: lands on its first mention in the first article.
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>");
    let t = render(&mut a, 200, 50);
    assert!(
        status_line(&t).contains("Roman Golovchenko 1/6"),
        "{}",
        status_line(&t)
    );
    let landed = style_at(&t, "Roman Golovchenko. Hai");
    let other_target = style_at(&t, "Golovchenko cảm");
    let other_mention = style_at(&t, "Hà Nội, Thủ");
    let plain = style_at(&t, "Chiều");
    let colour = |c: Option<ratatui::style::Color>| c.unwrap_or(ratatui::style::Color::Reset);
    let look = |s: Style| (colour(s.fg), colour(s.bg), s.add_modifier);
    let theme = a.theme;
    assert_eq!(look(landed), look(theme.landed()));
    assert_eq!(
        look(other_target),
        look(theme.target(Some(soi::extract::EntityKind::Person)))
    );
    assert_ne!(landed, other_target);
    assert_ne!(other_target, other_mention);
    assert_ne!(other_mention, plain);
    assert_ne!(landed, plain);
}

#[test]
fn selected_mention_is_marked() {
    let mut a = app();
    press(&mut a, "<Tab>]");
    let t = render(&mut a, 200, 50);
    // The first mention of the article is in its title line.
    let selected = style_at(&t, "Phạm Minh Chính tiếp");
    assert!(selected
        .add_modifier
        .contains(ratatui::style::Modifier::REVERSED));
}

#[test]
fn tiny_terminals_render_without_panic() {
    for keys in [
        "",
        "<Tab>",
        "<Tab><Tab>",
        "?",
        "L",
        "<Tab><Tab>/golov<Enter><Enter>gr",
        "<Tab><Tab>/x",
    ] {
        for (w, h) in [(1, 1), (10, 3), (30, 8), (2, 2), (0, 0)] {
            let mut a = app();
            press(&mut a, keys);
            let _ = render(&mut a, w, h);
            press(&mut a, "jjG<PgDn>]n");
            let _ = render(&mut a, w, h);
        }
    }
}

#[test]
fn small_terminal_shows_the_focused_pane_and_status() {
    let mut a = app();
    let t = render(&mut a, 30, 8);
    let text = tui_common::screen_text(&t);
    assert!(text.contains("Documents"), "{text}");
    assert!(status_line(&t).contains("Thủ tướng"), "{}", status_line(&t));
}

#[test]
fn nfd_input_renders_like_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = render(
        &mut tui_common::app_from(corpus_from(specs(), &tags())),
        120,
        30,
    );
    // The loader sanitises (NFC) every document; an NFD file must end up on screen the same.
    let mut corpus = corpus_from(specs(), &tags());
    for d in &mut corpus.documents {
        let d = std::sync::Arc::make_mut(d);
        let nfd: String = d.document.text.nfd().collect();
        assert_ne!(nfd, d.document.text);
        d.document.text = soi::corpus::sanitize(&nfd).into();
        for b in &mut d.article.blocks {
            let nfd: String = b.text.nfd().collect();
            b.text = soi::corpus::sanitize(&nfd).into();
        }
    }
    let nfd = render(&mut tui_common::app_from(corpus), 120, 30);
    assert_eq!(nfc.backend().buffer(), nfd.backend().buffer());
}

/// A writer whose bytes stay readable after the backend has taken it.
#[derive(Clone, Default)]
struct Bytes(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checked on the bytes the terminal would receive: ratatui's buffer drops control characters
/// itself, so cells alone would pass without soi's own filter.
#[test]
fn status_and_titles_never_carry_escape_bytes() {
    let mut corpus = corpus_from(specs(), &tags());
    let first = std::sync::Arc::make_mut(&mut corpus.documents[0]);
    first.article.title = "Evil \x1b]0;PWNED\x07 title \x1b[31mred".into();
    first.document.path = "corpus/\x1b[2Jbad\u{202e}name.txt".into();
    let mut a = tui_common::app_from(corpus);
    a.resize(120, 30);
    let bytes = Bytes::default();
    let backend = CrosstermBackend::new(bytes.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, 120, 30));
    let mut t = Terminal::with_options(backend, TerminalOptions { viewport }).expect("terminal");
    t.draw(|f| soi::tui::view::draw(f, &a)).expect("draw");
    let raw = bytes.0.borrow().clone();
    let shown = String::from_utf8_lossy(&raw);
    assert!(shown.contains("Evil"), "the title is drawn");
    assert!(shown.contains("badname.txt"), "the file name is drawn");
    if let Err(offence) = check_terminal_bytes(&raw) {
        panic!("the frame holds {offence}");
    }
    // What a dropped ESC would leave behind.
    for payload in ["PWNED", "[31mred", "[2Jbad"] {
        assert!(!shown.contains(payload), "{payload:?} reached the terminal");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_size_renders(w in 0u16..130, h in 0u16..45, focus in 0usize..3) {
        let mut a = app();
        for _ in 0..focus {
            press(&mut a, "<Tab>");
        }
        press(&mut a, "jj");
        let _ = render(&mut a, w, h);
    }
}

/// Every key the table knows, plus text keys for the prompts.
fn key_pool() -> Vec<soi::tui::Key> {
    use soi::tui::{Key, KeyCode};
    let mut keys: Vec<Key> = soi::tui::keymap::BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter().flat_map(|s| s.iter().copied()))
        .filter(|k| *k != Key::ctrl('c') && *k != Key::ch('q'))
        .collect();
    keys.extend(['a', 'e', 'o', 'đ', ' ', 'ệ'].map(Key::ch));
    keys.push(Key::plain(KeyCode::Backspace));
    keys
}

fn random_session(w: u16, h: u16, picks: &[usize]) {
    let pool = key_pool();
    let mut a = app();
    a.resize(w, h);
    for (i, p) in picks.iter().enumerate() {
        a.handle_key(pool[p % pool.len()]);
        if i % 7 == 0 {
            let _ = render(&mut a, w, h);
        }
    }
    let _ = render(&mut a, w, h);
    assert!(!a.quit);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_key_sessions_never_panic(w in 0u16..140, h in 0u16..50, picks in proptest::collection::vec(0usize..1000, 0..60)) {
        random_session(w, h, &picks);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    // Heavy: many long random sessions; CI runs it in release with --ignored.
    #[test]
    #[ignore]
    fn random_key_sessions_never_panic_heavy(w in 0u16..220, h in 0u16..70, picks in proptest::collection::vec(0usize..1000, 0..300)) {
        random_session(w, h, &picks);
    }
}

// ---- issue 10, bug 7: popups, snippets, the first frame ---------------------------------

/// Row `y` of the screen as text.
fn row(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn popups_never_draw_over_the_panes_bottom_border() {
    for keys in ["?", "L", "<Tab><Tab>/golov<Enter><Enter>gr"] {
        for (w, h) in [(80, 24), (200, 50), (120, 30)] {
            let mut a = app();
            press(&mut a, keys);
            // The panes under the popup, drawn without it, for the same focus.
            let under = {
                let mut b = app();
                b.focus = a.focus;
                b.side = a.side;
                render(&mut b, w, h)
            };
            let t = render(&mut a, w, h);
            assert_eq!(
                row(&t, h - 2),
                row(&under, h - 2),
                "{keys} at {w}x{h}: the panes' bottom border is intact"
            );
            let corner = row(&t, 0).chars().next();
            assert!(
                corner == Some('┌') || corner == Some('┏'),
                "{keys}: the top border is the panes'"
            );
        }
    }
}

#[test]
fn mention_snippets_start_at_a_word() {
    let text = "Một hai ba bốn năm sáu bảy tám chín mười Golovchenko nói rằng hôm nay trời đẹp";
    let start = text.find("Golovchenko").unwrap();
    for width in 20..50 {
        let (left, hit, _) = soi::tui::view::kwic(text, start, start + "Golovchenko".len(), width);
        assert_eq!(hit, "Golovchenko");
        let body = left.trim_start_matches('…');
        let at = start - body.len();
        assert!(
            at == 0 || text[..at].ends_with(' '),
            "width {width}: left context {left:?} starts mid-word"
        );
    }
}

#[test]
fn the_first_frames_show_loading_progress_once_and_never_a_question_mark() {
    use soi::pipeline::Progress;
    use soi::tui::app::LoadEvent;
    let mut a = soi::tui::App::new(soi::tui::library::Library::default());
    let t = render(&mut a, 200, 50);
    assert!(!status_line(&t).contains("0/?"), "{}", status_line(&t));
    let corpus = tui_common::corpus();
    a.on_load(LoadEvent::Progress(Progress::Discovered(1000)));
    for d in corpus.documents.into_iter().take(2) {
        a.on_load(LoadEvent::Progress(Progress::Document(d)));
    }
    let t = render(&mut a, 200, 50);
    let text = tui_common::screen_text(&t);
    assert_eq!(text.matches("2/1000").count(), 1, "{text}");
}
