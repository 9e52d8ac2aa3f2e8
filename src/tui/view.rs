//! Drawing: pure functions of the app state into a ratatui frame. Only visible rows are built.

use super::app::{App, EntityRow, Popup, PromptKind};
use super::keymap::{Context, BINDINGS};
use super::layout::{file_label, ParaStyle, VisualLine};
use super::nav::ParaId;
use super::screen::{self, list_offset, Focus};
use super::wrap::{grapheme_width, str_width};
use crate::corpus::printable;
use crate::extract::EntityKind;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

/// Colours and emphasis, in one place.
pub mod theme {
    use super::*;

    pub fn kind(kind: EntityKind) -> Color {
        match kind {
            EntityKind::Person => Color::Yellow,
            EntityKind::Organization => Color::Cyan,
            EntityKind::Location => Color::Green,
            EntityKind::Date => Color::Magenta,
            EntityKind::Money => Color::LightRed,
            EntityKind::Document => Color::LightBlue,
            EntityKind::Event => Color::LightMagenta,
        }
    }

    /// A mention of some entity.
    pub fn mention(kind: EntityKind) -> Style {
        Style::new().fg(self::kind(kind))
    }

    /// A mention of the current target (or a search match).
    pub fn target(kind: Option<EntityKind>) -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(kind.map_or(Color::LightBlue, self::kind))
    }

    /// The target mention the reader landed on.
    pub fn landed() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::White)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The mention selected with `]`/`[`.
    pub fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    pub fn border(focused: bool) -> Style {
        if focused {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::DarkGray)
        }
    }

    pub fn row_selected(focused: bool) -> Style {
        if focused {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().bg(Color::DarkGray)
        }
    }

    pub const DIM: Style = Style::new().fg(Color::DarkGray);
    pub const STATUS: Style = Style::new().bg(Color::Rgb(40, 40, 60)).fg(Color::White);
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    draw_buffer(frame.buffer_mut(), area, app);
}

/// Draws into a buffer (what [`draw`] does; also handy for benches).
pub fn draw_buffer(buf: &mut Buffer, area: Rect, app: &App) {
    let areas = super::screen::areas(area, app.focus, app.side);
    if let Some(r) = areas.documents {
        documents(buf, r, app);
    }
    if let Some(r) = areas.reader {
        reader(buf, r, app);
    }
    if let Some(r) = areas.entities {
        entities(buf, r, app);
    }
    if let Some(r) = areas.status {
        status(buf, r, app);
    }
    match app.popup {
        Some(Popup::Help { scroll }) => help(buf, area, scroll),
        Some(Popup::Log { scroll }) => log(buf, area, app, scroll),
        Some(Popup::Mentions { .. }) => mentions(buf, area, app),
        Some(Popup::Timeline { .. } | Popup::Related { .. } | Popup::Conflicts { .. }) => {
            super::facts_view::draw(buf, area, app)
        }
        None => {}
    }
}

/// `s` cut to `width` cells, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

pub(super) fn pane(buf: &mut Buffer, r: Rect, title: String, focused: bool) -> Rect {
    if r.width < 2 || r.height < 2 {
        return Rect::default();
    }
    let title = fit(&title, r.width.saturating_sub(2) as usize);
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::border(focused)))
        .render(r, buf);
    screen::inner(r)
}

/// A dimmed one-line message at the top of an empty pane ("loading…", "no entities").
pub(super) fn placeholder(buf: &mut Buffer, inner: Rect, msg: &str) {
    put(
        buf,
        inner.x,
        inner.y,
        &Line::styled(fit(msg, inner.width as usize), theme::DIM),
        inner.width,
    );
}

/// Draws `lines` from `scroll` on into `inner`, one per row, as many as fit.
pub(super) fn put_lines(buf: &mut Buffer, inner: Rect, lines: &[Line], scroll: usize) {
    for (row, line) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        put(buf, inner.x, inner.y + row as u16, line, inner.width);
    }
}

pub(super) fn put(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) {
    buf.set_line(x, y, line, width);
}

fn documents(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Documents;
    let lib = &app.lib;
    let progress = match (lib.complete, lib.expected) {
        (true, _) => format!(" {} ", lib.docs.len()),
        (false, Some(n)) => format!(" loading {}/{} ", lib.docs.len(), n),
        (false, None) => " loading… ".to_string(),
    };
    let inner = pane(buf, r, format!(" Documents{progress}"), focused);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if h == 0 || w == 0 {
        return;
    }
    let offset = list_offset(app.doc_selected, lib.docs.len(), h);
    for (row, (i, doc)) in lib.docs.iter().enumerate().skip(offset).take(h).enumerate() {
        let open = app.open == Some(i);
        let marker = if open { "▶ " } else { "  " };
        let count = format!(" {}", doc.mentions.len());
        let date = match &doc.article.published {
            Some(p) if w >= 36 => format!(" {}", printable(p.get(..10).unwrap_or(p))),
            _ => String::new(),
        };
        // How many of the target's mentions this document holds: following one entity
        // through the corpus at a glance.
        let hits = app
            .target
            .as_ref()
            .map(|t| t.hits.partition_point(|h| h.doc <= i) - t.hits.partition_point(|h| h.doc < i))
            .filter(|&n| n > 0)
            .map_or(String::new(), |n| format!(" ◆{n}"));
        let title_w = w.saturating_sub(2 + str_width(&date) + str_width(&hits) + count.len());
        let title = fit(lib.title(i), title_w);
        let pad = " ".repeat(title_w.saturating_sub(str_width(&title)));
        let mut style = if open {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        if i == app.doc_selected {
            style = style.patch(theme::row_selected(focused));
        }
        let line = Line::from(vec![
            Span::styled(marker, style.fg(Color::Cyan)),
            Span::styled(format!("{title}{pad}"), style),
            Span::styled(date, style.patch(theme::DIM)),
            Span::styled(
                hits,
                style.fg(target_colour(app)).add_modifier(Modifier::BOLD),
            ),
            Span::styled(count, style.patch(theme::DIM)),
        ]);
        put(buf, inner.x, inner.y + row as u16, &line, inner.width);
    }
    if lib.docs.is_empty() {
        let msg = if lib.complete {
            "no documents"
        } else {
            "loading…"
        };
        placeholder(buf, inner, msg);
    }
}

/// The colour of the target: its entity kind's, or the search colour.
fn target_colour(app: &App) -> Color {
    app.target
        .as_ref()
        .and_then(|t| t.entity)
        .and_then(|e| app.lib.entity_kind(e))
        .map_or(Color::LightBlue, theme::kind)
}

fn reader(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Reader;
    let title = app
        .open
        .and_then(|d| app.lib.docs.get(d))
        .map(|d| format!(" {} ", printable(&d.document.id)))
        .unwrap_or_else(|| " Reader ".into());
    let inner = pane(buf, r, title, focused);
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
            &Line::styled(msg, theme::DIM),
            text.width,
        );
        return;
    };
    let Some(layout) = app.layout(doc) else {
        return;
    };
    let top = layout.line_of(app.top);
    for (row, line) in layout
        .lines
        .iter()
        .skip(top)
        .take(text.height as usize)
        .enumerate()
    {
        let styled = reader_line(app, doc, &layout.paras, line);
        put(buf, text.x, text.y + row as u16, &styled, text.width);
    }
    super::facts_view::gutter(buf, r, app, doc, &layout, top);
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
            .thumb_symbol("┃")
            .thumb_style(theme::border(focused))
            .render(track, buf, &mut state);
    }
}

/// Style of a byte range of a paragraph: the base style with highlights laid over it.
pub(super) struct Highlight {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) style: Style,
    /// Higher wins where highlights overlap.
    pub(super) rank: u8,
}

fn reader_line<'a>(
    app: &App,
    doc: usize,
    paras: &'a [super::layout::Para],
    line: &VisualLine,
) -> Line<'a> {
    let Some(p) = line.para.and_then(|p| paras.get(p)) else {
        return Line::default();
    };
    let base = match p.style {
        ParaStyle::Title => Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
        ParaStyle::Meta => theme::DIM,
        ParaStyle::Heading => Style::new()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD),
        ParaStyle::Paragraph => Style::new(),
        ParaStyle::Caption => Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        ParaStyle::Removed => theme::DIM.add_modifier(Modifier::ITALIC | Modifier::CROSSED_OUT),
    };
    let text = &p.text[line.range.clone()];
    let ParaId::Block(block) = p.id else {
        return Line::from(Span::styled(text, base));
    };
    let (ls, le) = (line.range.start, line.range.end);
    let mut marks: Vec<Highlight> = Vec::new();
    let overlaps = |s: usize, e: usize| s < le && e > ls;
    if let Some(d) = app.lib.docs.get(doc) {
        let first = d.mentions.partition_point(|m| m.block < block);
        for (i, m) in d.mentions.iter().enumerate().skip(first) {
            if m.block != block || m.span.start >= le {
                break;
            }
            if !overlaps(m.span.start, m.span.end) {
                continue;
            }
            let kind = app
                .lib
                .mention_entity(doc, i)
                .and_then(|e| app.lib.entity_kind(e))
                .unwrap_or(m.kind);
            marks.push(Highlight {
                start: m.span.start,
                end: m.span.end,
                style: theme::mention(kind),
                rank: 1,
            });
            if app.selected_mention == Some(i) {
                marks.push(Highlight {
                    start: m.span.start,
                    end: m.span.end,
                    style: theme::selected(),
                    rank: 3,
                });
            }
        }
    }
    marks.extend(super::facts_view::sentence_marks(app, doc, block, ls, le));
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
                (theme::landed(), 4)
            } else {
                (theme::target(kind), 2)
            };
            marks.push(Highlight {
                start: h.span.start,
                end: h.span.end,
                style,
                rank,
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

fn entities(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Entities;
    let lib = &app.lib;
    let mut title = String::from(" Entities");
    if app.article_scope {
        title.push_str(" · article");
    }
    if !app.filter.is_empty() {
        title.push_str(&format!(" /{}", printable(&app.filter)));
    }
    title.push(' ');
    let inner = pane(buf, r, title, focused);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if h == 0 || w == 0 {
        return;
    }
    let list = &app.entity_list;
    if list.items.is_empty() {
        let msg = if !lib.complete && lib.entities.is_empty() {
            "linking…"
        } else if !app.filter.is_empty() {
            "no entity matches the filter"
        } else {
            "no entities"
        };
        placeholder(buf, inner, msg);
        return;
    }
    let in_open: &[usize] = app.open.map_or(&[], |d| lib.doc_entities(d));
    let selected_row = list.row_of(app.entity_selected);
    let offset = list_offset(selected_row, list.rows(), h);
    for row in 0..h {
        let Some(entry) = list.at_row(offset + row) else {
            break;
        };
        let y = inner.y + row as u16;
        let line = match entry {
            EntityRow::Header(g) => Line::styled(
                fit(
                    &format!("{} ({})", g.kind.as_str().to_uppercase(), g.len),
                    w,
                ),
                Style::new()
                    .fg(theme::kind(g.kind))
                    .add_modifier(Modifier::BOLD),
            ),
            EntityRow::Item(i) => {
                let Some(e) = list
                    .items
                    .get(i)
                    .and_then(|&e| lib.entities.get(e).map(|x| (e, x)))
                else {
                    continue;
                };
                let (index, entity) = e;
                let here = in_open.binary_search(&index).is_ok();
                let count = if app.article_scope {
                    entity
                        .mentions
                        .iter()
                        .filter(|m| Some(m.doc) == app.open)
                        .count()
                } else {
                    entity.mentions.len()
                };
                let count = format!(" {count}");
                let mark = if here { "● " } else { "  " };
                let name_w = w.saturating_sub(2 + count.len());
                let name = fit(&printable(&entity.name), name_w);
                let pad = " ".repeat(name_w.saturating_sub(str_width(&name)));
                let is_target = app.target.as_ref().is_some_and(|t| t.entity == Some(index));
                let mut style = if here { Style::new() } else { theme::DIM };
                if is_target {
                    style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                }
                if i == app.entity_selected {
                    style = style.patch(theme::row_selected(focused));
                }
                Line::from(vec![
                    Span::styled(mark, style.fg(theme::kind(entity.kind))),
                    Span::styled(format!("{name}{pad}"), style),
                    Span::styled(count, style.patch(theme::DIM)),
                ])
            }
        };
        put(buf, inner.x, y, &line, inner.width);
    }
}

fn status(buf: &mut Buffer, r: Rect, app: &App) {
    buf.set_style(r, theme::STATUS);
    if let Some(p) = &app.prompt {
        let label = match p.kind {
            PromptKind::Filter => "filter entities /",
            PromptKind::Search => "search /",
        };
        let line = Line::from(vec![
            Span::styled(
                format!(" {label}"),
                theme::STATUS.add_modifier(Modifier::BOLD),
            ),
            Span::styled(printable(&p.input), theme::STATUS),
            Span::styled("▏", theme::STATUS.fg(Color::Cyan)),
            Span::styled("  Enter keeps · Esc cancels", theme::STATUS.fg(Color::Gray)),
        ]);
        put(buf, r.x, r.y, &line, r.width);
        return;
    }
    let mut spans = Vec::new();
    if let Some(doc) = app.open.and_then(|d| app.lib.docs.get(d)) {
        spans.push(Span::styled(
            format!(" {} ", file_label(doc)),
            theme::STATUS.add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(
            format!("{} ", reading_position(app)),
            theme::STATUS.fg(Color::Gray),
        ));
    }
    if !app.lib.complete {
        let n = app.lib.expected.map_or("?".to_string(), |n| n.to_string());
        spans.push(Span::styled(
            format!("⟳ {}/{} ", app.lib.docs.len(), n),
            theme::STATUS.fg(Color::Yellow),
        ));
    }
    if let Some(t) = &app.target {
        let colour = target_colour(app);
        spans.push(Span::styled(
            format!(" ◆ {} {} ", t.name, t.counter()),
            Style::new()
                .bg(colour)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if !app.pending.is_empty() {
        spans.push(Span::styled(
            format!(" {}…", super::key::sequence_label(&app.pending)),
            theme::STATUS.fg(Color::Cyan),
        ));
    }
    if let Some(m) = &app.message {
        spans.push(Span::styled(
            format!(" {}", printable(m)),
            theme::STATUS.fg(Color::LightYellow),
        ));
    } else {
        spans.push(Span::styled(" ? help", theme::STATUS.fg(Color::Gray)));
    }
    put(buf, r.x, r.y, &Line::from(spans), r.width);
}

/// "top", "end" or a percentage of the article scrolled past.
fn reading_position(app: &App) -> String {
    let Some(layout) = app.open.and_then(|d| app.layout(d)) else {
        return String::new();
    };
    let (_, height) = app.reader_metrics();
    let top = layout.line_of(app.top);
    let max = layout.lines.len().saturating_sub(height);
    if max == 0 {
        "all".into()
    } else if top == 0 {
        "top".into()
    } else if top >= max {
        "end".into()
    } else {
        format!("{}%", top * 100 / max)
    }
}

pub(super) fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    let w = width
        .min(area.width.saturating_sub(2))
        .max(area.width.min(3));
    let h = height
        .min(area.height.saturating_sub(2))
        .max(area.height.min(3));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(super) fn popup_frame(buf: &mut Buffer, r: Rect, title: String) -> Rect {
    Clear.render(r, buf);
    pane(buf, r, title, true)
}

/// Help lines generated from the key table, descriptions wrapped to `width` cells.
pub fn help_lines(width: usize) -> Vec<Line<'static>> {
    const KEYS: usize = 16;
    let indent = KEYS + 3;
    let desc_width = width.saturating_sub(indent).max(12);
    let mut lines = Vec::new();
    for ctx in [
        Context::Global,
        Context::Documents,
        Context::Reader,
        Context::Entities,
        Context::Mentions,
        Context::Timeline,
        Context::Related,
        Context::Disagreements,
        Context::Popup,
    ] {
        lines.push(Line::styled(
            ctx.title().to_string(),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys = b.keys_label();
            let pad = " ".repeat(KEYS.saturating_sub(str_width(&keys)));
            let desc = b.description;
            for (i, range) in super::wrap::wrap(desc, desc_width).into_iter().enumerate() {
                let lead = if i == 0 {
                    Span::styled(format!("  {keys}{pad} "), Style::new().fg(Color::Yellow))
                } else {
                    Span::raw(" ".repeat(indent))
                };
                lines.push(Line::from(vec![lead, Span::raw(&desc[range])]));
            }
        }
        lines.push(Line::default());
    }
    lines
}

/// The help popup's lines and rectangle for a screen.
fn help_layout(area: Rect) -> (Vec<Line<'static>>, Rect) {
    let width = 84.min(area.width.saturating_sub(2));
    let lines = help_lines(width.saturating_sub(2) as usize);
    let r = popup_area(area, width, lines.len() as u16 + 2);
    (lines, r)
}

/// How far the help popup can scroll on a screen.
pub fn help_max_scroll(area: Rect) -> usize {
    let (lines, r) = help_layout(area);
    lines.len().saturating_sub(screen::inner(r).height as usize)
}

fn help(buf: &mut Buffer, area: Rect, scroll: usize) {
    let (lines, r) = help_layout(area);
    let inner = popup_frame(buf, r, " Help — keys (j/k scroll · Esc closes) ".into());
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    put_lines(buf, inner, &lines, scroll);
}

fn log(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    let mut lines: Vec<Line> = app
        .lib
        .errors
        .iter()
        .map(|e| Line::styled(format!("error: {e}"), Style::new().fg(Color::Red)))
        .chain(
            app.lib
                .skipped
                .iter()
                .map(|s| Line::styled(s.to_string(), Style::new().fg(Color::LightRed))),
        )
        .chain(app.lib.warnings.iter().map(|w| {
            Line::styled(
                format!(
                    "warning: {}: {}",
                    printable(&w.path.display().to_string()),
                    printable(&w.message)
                ),
                Style::new().fg(Color::Yellow),
            )
        }))
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("nothing skipped, no warnings", theme::DIM));
    }
    let r = popup_area(area, 90, lines.len() as u16 + 2);
    let title = format!(
        " Log — {} skipped, {} warnings (Esc closes) ",
        app.lib.skipped.len(),
        app.lib.warnings.len()
    );
    let inner = popup_frame(buf, r, title);
    put_lines(buf, inner, &lines, scroll);
}

/// A row of the mentions list.
#[derive(Clone, Copy)]
enum MentionRow {
    Doc(usize, usize),
    Hit(usize),
}

fn mentions(buf: &mut Buffer, area: Rect, app: &App) {
    let Some(t) = &app.target else {
        return;
    };
    let mut rows: Vec<MentionRow> = Vec::with_capacity(t.hits.len() + 8);
    for (k, h) in t.hits.iter().enumerate() {
        if k == 0 || t.hits[k - 1].doc != h.doc {
            let count = t.hits[k..].iter().take_while(|x| x.doc == h.doc).count();
            rows.push(MentionRow::Doc(h.doc, count));
        }
        rows.push(MentionRow::Hit(k));
    }
    let width = area.width.saturating_sub(4).min(100);
    // Lower part of the screen, so the reader above previews the selection.
    let height = (rows.len() as u16 + 2)
        .min(area.height.saturating_sub(1) / 2)
        .max(3.min(area.height));
    let r = Rect {
        x: area.x + (area.width - width.min(area.width)) / 2,
        y: area.y + area.height.saturating_sub(height + 1),
        width: width.min(area.width),
        height: height.min(area.height),
    };
    let title = format!(" {} — {} (Enter jumps · Esc returns) ", t.name, t.counter());
    let inner = popup_frame(buf, r, title);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if h == 0 || w == 0 {
        return;
    }
    let selected_row = t
        .current
        .and_then(|c| {
            rows.iter()
                .position(|r| matches!(r, MentionRow::Hit(k) if *k == c))
        })
        .unwrap_or(0);
    let offset = list_offset(selected_row, rows.len(), h);
    for (row, entry) in rows.iter().skip(offset).take(h).enumerate() {
        let y = inner.y + row as u16;
        let line = match *entry {
            MentionRow::Doc(doc, count) => {
                let title = app.lib.title(doc);
                Line::styled(
                    fit(&format!("▸ {title} ({count})"), w),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                )
            }
            MentionRow::Hit(k) => {
                let Some(block) = t.hits.get(k).and_then(|h| {
                    let text = &app.lib.docs.get(h.doc)?.article.blocks.get(h.block)?.text;
                    Some((text.as_str(), h.span.start, h.span.end))
                }) else {
                    continue;
                };
                let (left, hit, right) = kwic(block.0, block.1, block.2, w.saturating_sub(4));
                let mut base = Style::new();
                if Some(k) == t.current {
                    base = base.bg(Color::DarkGray);
                }
                Line::from(vec![
                    Span::styled("   ", base),
                    Span::styled(left, base.patch(theme::DIM).fg(Color::Gray)),
                    Span::styled(hit, theme::landed()),
                    Span::styled(right, base.fg(Color::Gray)),
                ])
            }
        };
        put(buf, inner.x, y, &line, inner.width);
    }
}

/// Keyword in context: the mention with as much text either side as fits in `width` cells,
/// the mention centred when the context allows.
pub fn kwic(text: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let (Some(before), Some(hit), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return (String::new(), fit(text, width), String::new());
    };
    let hit = fit(hit, width);
    let room = width.saturating_sub(str_width(&hit));
    let left_room = room / 2;
    let mut left: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in before.graphemes(true).rev() {
        let w = grapheme_width(g);
        if used + w > left_room {
            break;
        }
        left.push(g);
        used += w;
    }
    left.reverse();
    let right = fit(after, room - used);
    (left.concat(), hit, right)
}
