//! Where the panes go for a terminal size: three panes when wide, the focused side pane and the
//! reader when medium, only the focused pane when narrow; the status bar is always the last row.
//! Shared by drawing, scrolling (page sizes) and mouse hit-testing.

use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Documents,
    Reader,
    Entities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub documents: Option<Rect>,
    pub reader: Option<Rect>,
    pub entities: Option<Rect>,
    pub status: Option<Rect>,
}

/// Widest text measure in the reader, for a comfortable line length.
pub const MEASURE: u16 = 80;
const THREE_PANES: u16 = 110;
const TWO_PANES: u16 = 70;

/// Lays out the screen. `side` is the side pane to show next to the reader at medium widths
/// (the last side pane that had focus).
pub fn areas(size: Rect, focus: Focus, side: Focus) -> Areas {
    let mut out = Areas::default();
    if size.width == 0 || size.height == 0 {
        return out;
    }
    out.status = Some(Rect {
        y: size.y + size.height - 1,
        height: 1,
        ..size
    });
    if size.height < 2 {
        return out;
    }
    let main = Rect {
        height: size.height - 1,
        ..size
    };
    let w = main.width;
    let split = |left: u16, right: u16| {
        let l = Rect {
            width: left,
            ..main
        };
        let c = Rect {
            x: main.x + left,
            width: w - left - right,
            ..main
        };
        let r = Rect {
            x: main.x + w - right,
            width: right,
            ..main
        };
        (l, c, r)
    };
    if w >= THREE_PANES {
        let side_w = (w * 22 / 100).clamp(24, 44);
        let (l, c, r) = split(side_w, side_w);
        out.documents = Some(l);
        out.reader = Some(c);
        out.entities = Some(r);
    } else if w >= TWO_PANES {
        let side_w = (w * 35 / 100).clamp(22, 34);
        let shown = if focus == Focus::Reader { side } else { focus };
        if shown == Focus::Entities {
            let (_, c, r) = split(0, side_w);
            out.reader = Some(c);
            out.entities = Some(r);
        } else {
            let (l, c, _) = split(side_w, 0);
            out.documents = Some(l);
            out.reader = Some(c);
        }
    } else {
        match focus {
            Focus::Documents => out.documents = Some(main),
            Focus::Reader => out.reader = Some(main),
            Focus::Entities => out.entities = Some(main),
        }
    }
    out
}

/// The text area of the reader pane: inside the border, capped at [`MEASURE`] and centred.
pub fn reader_text(reader: Rect) -> Rect {
    let inner = inner(reader);
    let padded = inner.width.saturating_sub(2).max(1).min(inner.width);
    let width = padded.min(MEASURE);
    Rect {
        x: inner.x + (inner.width - width) / 2,
        width,
        ..inner
    }
}

/// Inside a one-cell border.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x + 1.min(r.width),
        y: r.y + 1.min(r.height),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Where popups may go: between the panes' top and bottom borders, so a popup never draws
/// over them (on screens too small for that, the whole screen).
pub fn popup_bounds(area: Rect) -> Rect {
    if area.height < 6 || area.width < 3 {
        return area;
    }
    Rect {
        y: area.y + 1,
        height: area.height - 3,
        ..area
    }
}

/// A popup of at most `width`×`height` cells, centred in the popup bounds.
pub fn centred_popup(area: Rect, width: u16, height: u16) -> Rect {
    let b = popup_bounds(area);
    let w = width.min(b.width.saturating_sub(2)).max(b.width.min(3));
    let h = height.min(b.height).max(b.height.min(3));
    Rect {
        x: b.x + (b.width - w) / 2,
        y: b.y + (b.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The mentions list (`gr`) for `rows` rows: the lower half of the popup bounds, so the reader
/// above previews the selection.
pub fn mentions_popup(area: Rect, rows: usize) -> Rect {
    let b = popup_bounds(area);
    let width = area.width.saturating_sub(4).min(100).min(b.width);
    let height = (rows.min(u16::MAX as usize - 2) as u16 + 2)
        .min(area.height.saturating_sub(1) / 2)
        .max(3.min(b.height))
        .min(b.height);
    Rect {
        x: b.x + (b.width - width) / 2,
        y: b.y + b.height - height,
        width,
        height,
    }
}

/// Rows a page of the mentions list moves (its height when full).
pub fn mentions_popup_page(size: Rect) -> isize {
    inner(mentions_popup(size, usize::MAX))
        .height
        .saturating_sub(1)
        .max(1) as isize
}

/// First row to show so that `selected` stays visible, scrolling with the selection kept
/// mid-screen once past the first half page.
pub fn list_offset(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_gets_a_sane_layout() {
        for (w, h) in [(1, 1), (10, 3), (30, 8), (80, 24), (200, 50)] {
            let size = Rect::new(0, 0, w, h);
            for focus in [Focus::Documents, Focus::Reader, Focus::Entities] {
                let a = areas(size, focus, Focus::Documents);
                for r in [a.documents, a.reader, a.entities, a.status]
                    .into_iter()
                    .flatten()
                {
                    assert!(r.right() <= w && r.bottom() <= h, "{r:?} outside {w}x{h}");
                }
                assert!(a.status.is_some());
            }
        }
    }

    #[test]
    fn reader_measure_is_capped_and_centred() {
        let t = reader_text(Rect::new(0, 0, 120, 30));
        assert_eq!(t.width, MEASURE);
        assert_eq!(t.x, (118 - MEASURE) / 2 + 1);
    }
}
