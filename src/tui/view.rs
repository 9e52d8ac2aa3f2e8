//! Drawing: pure functions of the app state into a ratatui frame. Only visible rows are built.
//! Here the frame, shared helpers and the reader; the lists, the status bar, the popups and the
//! facts views (timeline, related facts, disagreements, their marks in the reader) have a
//! module each. Styles come from the app's [`Theme`](super::theme::Theme).

mod facts;
mod lists;
mod popups;
mod status;

pub use super::wrap::fit;
pub use popups::{help_lines, help_max_scroll, kwic, log_max_scroll};

use super::app::{App, Popup, PromptKind};
use super::layout::{file_label, ParaStyle, VisualLine};
use super::nav::{search_text, ParaId};
use super::screen::{self, Focus};
use crate::extract::Span as TextSpan;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};
use ratatui::Frame;
use std::collections::HashMap;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    draw_buffer(frame.buffer_mut(), area, app);
}

/// Draws into a buffer (what [`draw`] does; also handy for benches).
pub fn draw_buffer(buf: &mut Buffer, area: Rect, app: &App) {
    let areas = super::screen::areas(area, app.focus, app.side);
    if let Some(r) = areas.documents {
        lists::documents(buf, r, app);
    }
    if let Some(r) = areas.reader {
        reader(buf, r, app);
    }
    if let Some(r) = areas.entities {
        lists::entities(buf, r, app);
    }
    if let Some(r) = areas.status {
        status::status(buf, r, app);
    }
    match app.popup {
        Some(Popup::Help { scroll }) => popups::help(buf, area, app, scroll),
        Some(Popup::Log { scroll }) => popups::log(buf, area, app, scroll),
        Some(Popup::Mentions { .. }) => popups::mentions(buf, area, app),
        Some(Popup::Bookmarks { selected }) => popups::bookmarks(buf, area, app, selected),
        Some(Popup::Timeline { .. } | Popup::Related { .. } | Popup::Conflicts { .. }) => {
            facts::draw(buf, area, app)
        }
        None => {}
    }
}

/// The kind of the target's entity (`None` for a search or no target).
fn target_kind(app: &App) -> Option<crate::extract::EntityKind> {
    app.target
        .as_ref()
        .and_then(|t| t.entity)
        .and_then(|e| app.lib.entity_kind(e))
}

/// A bordered pane; the focused one has a thick border (focus shows without colour).
fn pane(buf: &mut Buffer, r: Rect, title: String, focused: bool, app: &App) -> Rect {
    if r.width < 2 || r.height < 2 {
        return Rect::default();
    }
    let th = &app.theme;
    let title = fit(&title, r.width.saturating_sub(2) as usize);
    Block::new()
        .borders(Borders::ALL)
        .border_type(th.border_type(focused))
        .border_style(th.border(focused))
        .title(Span::styled(title, th.border(focused)))
        .render(r, buf);
    screen::inner(r)
}

/// A dimmed one-line message at the top of an empty pane ("loading…", "no entities").
fn placeholder(buf: &mut Buffer, inner: Rect, msg: &str, app: &App) {
    put(
        buf,
        inner.x,
        inner.y,
        &Line::styled(fit(msg, inner.width as usize), app.theme.dim()),
        inner.width,
    );
}

/// Draws `lines` from `scroll` on into `inner`, one per row, as many as fit.
fn put_lines(buf: &mut Buffer, inner: Rect, lines: &[Line], scroll: usize) {
    for (row, line) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        put(buf, inner.x, inner.y + row as u16, line, inner.width);
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) {
    buf.set_line(x, y, line, width);
}

fn reader(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Reader;
    let title = app
        .open
        .and_then(|d| app.lib.docs.get(d))
        .map(|d| format!(" {} ", file_label(d)))
        .unwrap_or_else(|| " Reader ".into());
    let inner = pane(buf, r, title, focused, app);
    let text = screen::reader_text(r);
    if inner.height == 0 || text.width == 0 {
        return;
    }
    let Some(doc) = app.open else {
        let msg = if app.lib.complete {
            "nothing to read"
        } else {
            "loading…"
        };
        put(
            buf,
            text.x,
            text.y,
            &Line::styled(msg, app.theme.dim()),
            text.width,
        );
        return;
    };
    let Some(layout) = app.layout(doc) else {
        return;
    };
    let top = layout.line_of(app.top);
    let visible = &layout.lines[top.min(layout.lines.len())..];
    let visible = &visible[..visible.len().min(text.height as usize)];
    let preview = search_preview(app, &layout.paras, visible);
    for (row, line) in visible.iter().enumerate() {
        let styled = reader_line(app, doc, &layout.paras, line, &preview);
        put(buf, text.x, text.y + row as u16, &styled, text.width);
    }
    facts::gutter(buf, r, app, doc, &layout, top);
    // Where in the article the page is, on the right border.
    let height = text.height as usize;
    if layout.lines.len() > height && r.height > 2 {
        let scrollable = layout.lines.len() - height;
        let mut state = ScrollbarState::new(scrollable).position(top.min(scrollable));
        let track = Rect {
            y: r.y + 1,
            height: r.height - 2,
            ..r
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(None)
            .thumb_symbol("▐")
            .thumb_style(app.theme.border(focused))
            .render(track, buf, &mut state);
    }
}

/// Style of a byte range of a paragraph: the base style with highlights laid over it.
struct Highlight {
    start: usize,
    end: usize,
    style: Style,
    /// Higher wins where highlights overlap.
    rank: u8,
}

/// While a search is typed, its matches in the visible text of each paragraph (only what is
/// on screen is searched, so typing stays instant on any article).
fn search_preview(
    app: &App,
    paras: &[super::layout::Para],
    visible: &[VisualLine],
) -> HashMap<usize, Vec<TextSpan>> {
    let mut out: HashMap<usize, Vec<TextSpan>> = HashMap::new();
    let Some(p) = app.prompt.as_ref().filter(|p| p.kind == PromptKind::Search) else {
        return out;
    };
    let folded = crate::text::fold(p.input.trim());
    if folded.is_empty() {
        return out;
    }
    let mut ranges: HashMap<usize, (usize, usize)> = HashMap::new();
    for l in visible {
        if let Some(i) = l.para.filter(|&i| matches!(paras[i].id, ParaId::Block(_))) {
            let r = ranges.entry(i).or_insert((l.range.start, l.range.end));
            r.0 = r.0.min(l.range.start);
            r.1 = r.1.max(l.range.end);
        }
    }
    for (i, (start, end)) in ranges {
        let spans = search_text(&paras[i].text[start..end], &folded)
            .into_iter()
            .map(|s| TextSpan {
                start: s.start + start,
                end: s.end + start,
            })
            .collect();
        out.insert(i, spans);
    }
    out
}

fn reader_line<'a>(
    app: &App,
    doc: usize,
    paras: &'a [super::layout::Para],
    line: &VisualLine,
    preview: &HashMap<usize, Vec<TextSpan>>,
) -> Line<'a> {
    let Some(p) = line.para.and_then(|p| paras.get(p)) else {
        return Line::default();
    };
    let th = &app.theme;
    let base = match p.style {
        ParaStyle::Title => th.title(),
        ParaStyle::Meta => th.dim(),
        ParaStyle::Heading => th.heading(),
        ParaStyle::Paragraph => Style::new(),
        ParaStyle::Caption => th.caption(),
        ParaStyle::Removed => th.removed(),
    };
    let text = &p.text[line.range.clone()];
    let ParaId::Block(block) = p.id else {
        return Line::from(Span::styled(text, base));
    };
    let (ls, le) = (line.range.start, line.range.end);
    let mut marks: Vec<Highlight> = Vec::new();
    let overlaps = |s: usize, e: usize| s < le && e > ls;
    if let Some(d) = app.lib.docs.get(doc) {
        let first = d.mentions.partition_point(|m| (m.block as usize) < block);
        for (i, m) in d.mentions.iter().enumerate().skip(first) {
            if m.block as usize != block || m.span().start >= le {
                break;
            }
            if !overlaps(m.span().start, m.span().end) {
                continue;
            }
            let kind = app
                .lib
                .mention_entity(doc, i)
                .and_then(|e| app.lib.entity_kind(e))
                .unwrap_or(m.kind);
            marks.push(Highlight {
                start: m.span().start,
                end: m.span().end,
                style: th.mention(kind),
                rank: 1,
            });
            if app.selected_mention == Some(i) {
                marks.push(Highlight {
                    start: m.span().start,
                    end: m.span().end,
                    style: th.selected(),
                    rank: 3,
                });
            }
        }
    }
    marks.extend(facts::sentence_marks(app, doc, block, ls, le));
    if let Some(t) = &app.target {
        let kind = t.entity.and_then(|e| app.lib.entity_kind(e));
        let first = t.hits.partition_point(|h| (h.doc, h.block) < (doc, block));
        for (k, h) in t.hits.iter().enumerate().skip(first) {
            if h.doc != doc || h.block != block || h.span.start >= le {
                break;
            }
            if !overlaps(h.span.start, h.span.end) {
                continue;
            }
            let (style, rank) = if t.current == Some(k) {
                (th.landed(), 4)
            } else {
                (th.target(kind), 2)
            };
            marks.push(Highlight {
                start: h.span.start,
                end: h.span.end,
                style,
                rank,
            });
        }
    }
    if let Some(spans) = line.para.and_then(|i| preview.get(&i)) {
        for s in spans.iter().filter(|s| overlaps(s.start, s.end)) {
            marks.push(Highlight {
                start: s.start,
                end: s.end,
                style: th.target(None),
                rank: 2,
            });
        }
    }
    if marks.is_empty() {
        return Line::from(Span::styled(text, base));
    }
    // Cut the line at every highlight boundary; each piece takes the top-ranked highlight.
    let mut cuts: Vec<usize> = vec![ls, le];
    for m in &marks {
        for c in [m.start, m.end] {
            if c > ls && c < le && p.text.is_char_boundary(c) {
                cuts.push(c);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span> = cuts
        .windows(2)
        .map(|w| {
            let style = marks
                .iter()
                .filter(|m| m.start <= w[0] && m.end >= w[1])
                .max_by_key(|m| m.rank)
                .map_or(base, |m| base.patch(m.style));
            Span::styled(&p.text[w[0]..w[1]], style)
        })
        .collect();
    Line::from(spans)
}
