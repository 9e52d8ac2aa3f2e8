//! Screens in each theme — NO_COLOR, light, default — at 80×24 and 200×50, as snapshots of the
//! text and of every cell's modifiers (colours aside: what NO_COLOR leaves). Each highlight
//! must differ from the others by its modifiers in every theme, the focused pane and the list
//! cursor by a mark.

mod tui_common;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::Terminal;
use soi::tui::theme::{Theme, ThemeName};
use tui_common::{app, press, render};

const THEMES: [(&str, ThemeName, bool); 3] = [
    ("no_color", ThemeName::Default, true),
    ("light", ThemeName::Light, false),
    ("default", ThemeName::Default, false),
];

/// The screen's text, then each cell's modifiers as a letter (`.` for none) with the legend.
fn text_and_modifiers(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut seen: Vec<Modifier> = Vec::new();
    let mut text = String::new();
    let mut grid = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let m = cell.modifier;
            if m.is_empty() {
                grid.push('.');
                continue;
            }
            let i = seen.iter().position(|s| *s == m).unwrap_or_else(|| {
                seen.push(m);
                seen.len() - 1
            });
            grid.push((b'a' + i as u8) as char);
        }
        text.push('\n');
        grid.push('\n');
    }
    let legend: Vec<String> = seen
        .iter()
        .enumerate()
        .map(|(i, m)| format!("{} = {m:?}", (b'a' + i as u8) as char))
        .collect();
    format!("{text}\n{grid}\n{}\n", legend.join("\n"))
}

/// Modifiers of the cell where the `nth` (0-based) `needle` starts inside `area`.
fn modifiers_in(t: &Terminal<TestBackend>, area: Rect, needle: &str, nth: usize) -> Modifier {
    let buf = t.backend().buffer();
    let mut found = 0;
    for y in area.top()..area.bottom() {
        let cells: Vec<&str> = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect();
        for x in 0..cells.len() {
            if cells[x..].concat().starts_with(needle) {
                if found == nth {
                    return buf[(area.x + x as u16, y)].modifier;
                }
                found += 1;
            }
        }
    }
    panic!(
        "{needle:?} #{nth} not in {area:?}:\n{}",
        tui_common::screen_text(t)
    );
}

/// The reader's text area and the documents pane of the app's screen.
fn panes(a: &soi::tui::App) -> (Rect, Rect) {
    let areas = a.areas();
    let reader = areas
        .reader
        .map(soi::tui::screen::reader_text)
        .unwrap_or_default();
    (reader, areas.documents.unwrap_or_default())
}

#[test]
fn every_highlight_is_told_apart_by_modifiers_in_every_theme() {
    for (name, theme, no_color) in THEMES {
        for (w, h) in [(80u16, 24u16), (200, 50)] {
            let mut a = app();
            a.theme = Theme::new(theme, no_color);
            // Target Roman Golovchenko (lands on his first mention), select the mention before.
            press(&mut a, "<Tab><Tab>/golov<Enter><Enter>[");
            let t = render(&mut a, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text_and_modifiers(&t));
            let (reader, _) = panes(&a);
            let at = |needle, nth| modifiers_in(&t, reader, needle, nth);
            let looks = [
                ("plain", at("Chiều", 0)),
                ("mention", at("Hà Nội", 0)),
                // The title's Belarus is a mention; the paragraph's is selected.
                ("selected", at("Belarus", 1)),
                ("landed", at("Roman", 0)),
                ("target", at("Golovchenko", 1)),
            ];
            for (i, (a_name, a_mods)) in looks.iter().enumerate() {
                for (b_name, b_mods) in &looks[i + 1..] {
                    assert_ne!(a_mods, b_mods, "{name} {w}x{h}: {a_name} vs {b_name}");
                }
            }
            let text = tui_common::screen_text(&t);
            // The focused reader has the thick border, the others the plain one.
            let top = text.lines().next().unwrap_or("");
            assert!(
                top.contains("┏ 001_tiep.txt"),
                "{name} {w}x{h}: focused reader\n{text}"
            );
            assert!(text.contains('┌'), "{name} {w}x{h}: unfocused panes");
            // The entities list's cursor is marked.
            assert!(
                text.contains("›●Roman Golovchenko"),
                "{name} {w}x{h}\n{text}"
            );
        }
    }
}

#[test]
fn the_documents_cursor_and_unread_articles_show_without_colour() {
    for (name, theme, no_color) in THEMES {
        let mut a = app();
        a.theme = Theme::new(theme, no_color);
        // Open the second article: read now, and the cursor is on it.
        press(&mut a, "j<Enter><BackTab>");
        let t = render(&mut a, 200, 50);
        let text = tui_common::screen_text(&t);
        assert!(
            text.contains("›▶Tổng Bí thư"),
            "{name}: cursor and open marks\n{text}"
        );
        let (_, docs) = panes(&a);
        let unread = modifiers_in(&t, docs, "Thủ tướng", 0);
        let read = modifiers_in(&t, docs, "Tổng Bí thư", 0);
        assert!(unread.contains(Modifier::BOLD), "{name}: unread is bold");
        assert_ne!(unread, read, "{name}: read and unread differ");
        assert!(text.contains("2 unread"), "{name}\n{text}");
    }
}
