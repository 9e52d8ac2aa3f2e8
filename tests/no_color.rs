//! NO_COLOR keeps emphasis (issue 10, bug 1): the bytes the reader writes, parsed by a terminal
//! emulator (vt100) with colour output disabled as crossterm does under NO_COLOR. Every
//! highlight must still be told apart by its attributes (bold, underline, inverse…).

mod tui_common;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use soi::tui::theme::{Theme, ThemeName};
use tui_common::{app, press};

/// The app as `soi` sets it up under NO_COLOR.
fn no_color_app() -> soi::tui::App {
    let mut a = app();
    a.theme = Theme::new(ThemeName::Default, true);
    a
}

/// What the terminal shows for a screen of the app: cell text and attributes.
fn emulate(a: &mut soi::tui::App, w: u16, h: u16) -> vt100::Parser {
    a.resize(w, h);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    soi::tui::view::draw_buffer(&mut buf, area, a);
    let bytes = Shared::default();
    let mut backend = CrosstermBackend::new(bytes.clone());
    let cells = buf.content().iter().enumerate().map(|(i, c)| {
        let (x, y) = buf.pos_of(i);
        (x, y, c)
    });
    backend.draw(cells).expect("draw");
    Backend::flush(&mut backend).expect("flush");
    let mut parser = vt100::Parser::new(nonzero(h), nonzero(w), 0);
    parser.process(&bytes.0.borrow());
    parser
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen has cells")
}

/// The bytes written to the "terminal", readable after the backend is done.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// (row, column) where `needle` starts on the emulated screen.
fn find(p: &vt100::Parser, needle: &str) -> (u16, u16) {
    let (rows, cols) = p.screen().size();
    for r in 0..rows.get() {
        let cells: Vec<String> = (0..cols.get())
            .map(|c| {
                p.screen()
                    .cell(r, c)
                    .map_or(String::new(), |x| x.contents().to_string())
            })
            .collect();
        for c in 0..cells.len() {
            if cells[c..].concat().starts_with(needle) {
                return (r, c as u16);
            }
        }
    }
    panic!("{needle:?} not on screen:\n{}", p.screen().contents());
}

/// The attributes of a cell: (bold, italic, underline, inverse, dim).
fn attrs(p: &vt100::Parser, at: (u16, u16)) -> (bool, bool, bool, bool, bool) {
    let c = p.screen().cell(at.0, at.1).expect("cell");
    (c.bold(), c.italic(), c.underline(), c.inverse(), c.dim())
}

#[test]
fn no_color_keeps_every_highlight_distinguishable() {
    crossterm::style::Colored::set_ansi_color_disabled(true);
    let mut a = no_color_app();
    // Target Roman Golovchenko: lands on his first mention; select another mention with ].
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>");
    let p = emulate(&mut a, 200, 50);
    let landed = attrs(&p, find(&p, "Roman Golovchenko. Hai"));
    let other_target = attrs(&p, find(&p, "Golovchenko cảm"));
    let mention = attrs(&p, find(&p, "Hà Nội, Thủ"));
    let plain = attrs(&p, find(&p, "Chiều"));
    assert_ne!(landed, plain, "the landed mention");
    assert_ne!(landed, other_target, "landed vs other target mentions");
    assert_ne!(other_target, mention, "target vs other mentions");
    assert_ne!(mention, plain, "mentions vs plain text");

    // The documents list cursor, in a focused list.
    let mut a = no_color_app();
    let p = emulate(&mut a, 200, 50);
    let cursor = attrs(&p, find(&p, "Thủ tướng Phạm"));
    let other_row = attrs(&p, find(&p, "Tổng Bí thư Tô Lâm hội"));
    assert_ne!(
        cursor, other_row,
        "the list cursor is visible without colour"
    );
}
