//! End to end in tmux: invisible and joining characters never shift the panes' borders. The
//! columns are those tmux itself drew, read from its screen with each character's width counted
//! as terminals count it (per character; a zero-width one joins the cell before).

mod e2e_common;
use e2e_common::{quoted, tmux_available, Tmux};
use unicode_width::UnicodeWidthChar;

/// Joiners, selectors and fillers in odd places and in emoji sequences, next to characters that
/// are kept (ZWNJ, combining marks, wide CJK, a single emoji, a flag, an ideographic variation).
const CASES: [&str; 14] = [
    "a\u{200d}b c\u{200d}d",
    "\u{200d}start",
    "fam \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} ok",
    "a\u{2060}b \u{2060}c",
    "a\u{fe0f}b c\u{fe0e}d \u{fe0f}e",
    "love \u{2764}\u{fe0f} key 1\u{fe0f}\u{20e3}",
    "wave \u{1f44b}\u{1f3fd} ok",
    "x\u{3164}y \u{ffa0}z",
    "a\u{034f}b \u{180e}c",
    "zero\u{200b}width",
    "a\u{200c}b",
    "Tie\u{302}\u{301}u \u{301}lone",
    "中文 \u{1f31e} \u{1f1fb}\u{1f1f3}",
    "\u{845b}\u{e0100} t\u{e0041}",
];

/// Columns of the box-drawing borders in one row of the screen (thin, or thick for the focused
/// pane; the scrollbar's thumb stands on a border).
fn border_columns(row: &str) -> Vec<usize> {
    let mut column = 0;
    let mut borders = Vec::new();
    for c in row.chars() {
        if "│┃┌┐└┘┏┓┗┛▐".contains(c) {
            borders.push(column);
        }
        column += c.width().unwrap_or(0);
    }
    borders
}

/// `Err` names the first row whose borders are not where the top row has its corners (the
/// status bar, without borders, aside).
fn misaligned(screen: &str) -> Result<(), String> {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows.first().map(|r| border_columns(r)).unwrap_or_default();
    if top.len() < 4 {
        return Err("no panes yet".into());
    }
    for row in &rows[1..] {
        let columns = border_columns(row);
        if !columns.is_empty() && columns != top {
            return Err(format!("a shifted row: {row:?}"));
        }
    }
    Ok(())
}

/// Waits for the frame `width` columns wide with `text` to be drawn whole and aligned (a capture
/// can catch a frame half-written); a shifted frame stays shifted, so the wait ends in a failure
/// that shows it.
fn aligned_screen(t: &Tmux, width: usize, text: &str) {
    t.wait_for(&format!("an aligned frame {width} columns wide"), |s| {
        let top_width = s.lines().next().map_or(0, |l| l.chars().count());
        top_width == width && s.contains(text) && misaligned(s).is_ok()
    });
}

#[test]
fn invisible_characters_never_shift_borders() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let title = format!("Tiêu đề {} và một đoạn dài cho chắc", CASES.join(" "));
    let body: Vec<String> = CASES
        .iter()
        .map(|c| format!("{c} | {c} | {c} và thêm vài chữ nữa"))
        .collect();
    let text = format!("{title}\n\n{}\n", body.join("\n\n"));
    std::fs::write(dir.path().join("bai.txt"), text).expect("write");
    let t = Tmux::start("widths", "", &quoted(dir.path()), 130, 40);
    aligned_screen(&t, 130, "lone");
    // A resize repaints everything at the new size.
    t.resize(100, 40);
    aligned_screen(&t, 100, "lone");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
}
