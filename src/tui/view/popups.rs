//! Popups: help (generated from the effective key table), the log, the target's mentions
//! (`gr`) and the bookmarks (`'`). They sit between the panes' top and bottom borders.

use super::{fit, pane, put, put_lines};
use crate::corpus::printable;
use crate::tui::app::App;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::screen::{self, list_offset};
use crate::tui::theme::Theme;
use crate::tui::wrap::{grapheme_width, str_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;

fn popup_frame(buf: &mut Buffer, r: Rect, title: String, app: &App) -> Rect {
    Clear.render(r, buf);
    pane(buf, r, title, true, app)
}

/// What the panes and the status bar show besides text, for the help.
const LEGEND: &[(&str, &str)] = &[
    (
        "Documents",
        "› the cursor, ▶ the open article, bold: not read yet. After the title: the date \
         (month-day when narrow), ◆n the target's mentions in the article, then how many \
         entity mentions it has. The title says where the cursor is (21/1000), the filter, \
         how many are unread and the sort.",
    ),
    (
        "Entities",
        "● mentioned in the open article; the number counts its mentions (in the article \
         with a).",
    ),
    (
        "Status bar",
        "the article's title, its place in the list, how far you are in it, then the target \
         and which of its mentions you are on (–/6: none in this article).",
    ),
];

/// Help lines generated from the key table, descriptions wrapped to `width` cells, then the
/// legend.
pub fn help_lines(keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    const KEYS: usize = 20;
    let indent = KEYS + 3;
    let desc_width = width.saturating_sub(indent).max(12);
    let mut lines = Vec::new();
    let entry = |lines: &mut Vec<Line<'static>>, lead: String, text: &str| {
        let pad = " ".repeat(KEYS.saturating_sub(str_width(&lead)));
        for (i, range) in crate::tui::wrap::wrap(text, desc_width)
            .into_iter()
            .enumerate()
        {
            let first = if i == 0 {
                Span::styled(format!("  {lead}{pad} "), theme.key())
            } else {
                Span::raw(" ".repeat(indent))
            };
            lines.push(Line::from(vec![first, Span::raw(text[range].to_string())]));
        }
    };
    for ctx in Context::ALL {
        lines.push(Line::styled(ctx.title().to_string(), theme.group(None)));
        for r in keymap.rows.iter().filter(|r| r.context == ctx) {
            entry(&mut lines, r.keys_label(), r.description);
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Reading the screen", theme.group(None)));
    for (what, text) in LEGEND {
        entry(&mut lines, what.to_string(), text);
    }
    lines
}

/// The help popup's lines and rectangle for a screen.
fn help_layout(area: Rect, keymap: &Keymap, theme: &Theme) -> (Vec<Line<'static>>, Rect) {
    let width = 84.min(area.width.saturating_sub(2));
    let lines = help_lines(keymap, theme, width.saturating_sub(2) as usize);
    let r = screen::centred_popup(area, width, lines.len() as u16 + 2);
    (lines, r)
}

/// How far the help popup can scroll on a screen.
pub fn help_max_scroll(area: Rect, keymap: &Keymap) -> usize {
    let (lines, r) = help_layout(area, keymap, &Theme::default());
    lines.len().saturating_sub(screen::inner(r).height as usize)
}

pub(super) fn help(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    let (lines, r) = help_layout(area, &app.keymap, &app.theme);
    let inner = popup_frame(buf, r, " Help — keys (j/k scroll · q closes) ".into(), app);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    put_lines(buf, inner, &lines, scroll);
}

/// The log's entries wrapped to the popup, and the popup's rectangle.
fn log_layout(area: Rect, app: &App) -> (Vec<Line<'static>>, Rect) {
    let th = &app.theme;
    let entries: Vec<(String, Style)> = app
        .lib
        .errors
        .iter()
        .map(|e| (format!("error: {e}"), th.error()))
        .chain(
            app.lib
                .skipped
                .iter()
                .map(|s| (s.to_string(), th.warning())),
        )
        .chain(app.lib.warnings.iter().map(|w| {
            (
                format!(
                    "warning: {}: {}",
                    printable(&w.path.display().to_string()),
                    printable(&w.message)
                ),
                Style::new(),
            )
        }))
        .collect();
    let width = 100.min(area.width.saturating_sub(2));
    let text_width = width.saturating_sub(2).max(1) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (text, style) in &entries {
        // Long entries wrap, continuation lines indented.
        for (i, range) in crate::tui::wrap::wrap(text, text_width.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { "" } else { "  " };
            lines.push(Line::styled(format!("{indent}{}", &text[range]), *style));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("nothing skipped, no warnings", th.dim()));
    }
    let r = screen::centred_popup(
        area,
        width,
        lines.len().min(u16::MAX as usize - 2) as u16 + 2,
    );
    (lines, r)
}

/// How far the log can scroll on a screen.
pub fn log_max_scroll(area: Rect, app: &App) -> usize {
    let (lines, r) = log_layout(area, app);
    lines.len().saturating_sub(screen::inner(r).height as usize)
}

pub(super) fn log(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    let (lines, r) = log_layout(area, app);
    let title = format!(
        " Log — {} skipped, {} warnings (j/k scroll · q closes) ",
        app.lib.skipped.len(),
        app.lib.warnings.len()
    );
    let inner = popup_frame(buf, r, title, app);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    put_lines(buf, inner, &lines, scroll);
}

/// A row of the mentions list.
#[derive(Clone, Copy)]
enum MentionRow {
    Doc(usize, usize),
    Hit(usize),
}

pub(super) fn mentions(buf: &mut Buffer, area: Rect, app: &App) {
    let th = &app.theme;
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
    let r = screen::mentions_popup(area, rows.len());
    let title = format!(" {} — {} (Enter jumps · q returns) ", t.name, t.counter());
    let inner = popup_frame(buf, r, title, app);
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
                Line::styled(fit(&format!("▸ {title} ({count})"), w), th.group(None))
            }
            MentionRow::Hit(k) => {
                let Some(block) = t.hits.get(k).and_then(|h| {
                    let text = &app.lib.docs.get(h.doc)?.article.blocks.get(h.block)?.text;
                    Some((text.as_str(), h.span.start, h.span.end))
                }) else {
                    continue;
                };
                let (left, hit, right) = kwic(block.0, block.1, block.2, w.saturating_sub(4));
                let current = Some(k) == t.current;
                let base = if current {
                    th.cursor(true)
                } else {
                    Style::new()
                };
                let marker = if current { " › " } else { "   " };
                Line::from(vec![
                    Span::styled(marker, base),
                    Span::styled(left, base.patch(th.dim())),
                    Span::styled(hit, th.landed()),
                    Span::styled(right, base),
                ])
            }
        };
        put(buf, inner.x, y, &line, inner.width);
    }
}

pub(super) fn bookmarks(buf: &mut Buffer, area: Rect, app: &App, selected: usize) {
    let th = &app.theme;
    let n = app.bookmarks.len();
    let r = screen::centred_popup(area, 100, n as u16 + 2);
    let title = format!(" Bookmarks — {n} (Enter jumps · d deletes · q closes) ");
    let inner = popup_frame(buf, r, title, app);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if h == 0 || w == 0 {
        return;
    }
    let offset = list_offset(selected, n, h);
    for row in 0..h.min(n.saturating_sub(offset)) {
        let Some(b) = app.bookmark_at(offset + row) else {
            break;
        };
        let current = offset + row == selected;
        let base = if current {
            th.cursor(true)
        } else {
            Style::new()
        };
        let title = app
            .lib
            .doc_index(&b.doc)
            .map_or_else(|| printable(&b.doc), |d| app.lib.title(d).to_string());
        let title = fit(&title, (w / 3).max(8));
        let marker = if current { "› " } else { "  " };
        let text_w = w.saturating_sub(2 + str_width(&title) + 3);
        let line = Line::from(vec![
            Span::styled(marker, base.patch(th.marker())),
            Span::styled(title, base.patch(th.dim())),
            Span::styled(" — ", base.patch(th.dim())),
            Span::styled(fit(&b.text, text_w), base),
        ]);
        put(buf, inner.x, inner.y + row as u16, &line, inner.width);
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
    let left = left_context(before, room / 2);
    let right = fit(after, room - str_width(&left));
    (left, hit, right)
}

/// The end of `before` in at most `room` cells, starting at a word: whole words, with `…` in
/// front when some were left out.
fn left_context(before: &str, room: usize) -> String {
    if str_width(before) <= room {
        return before.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let mut used = 1; // the ellipsis
    let mut from = before.len();
    for (i, g) in before.grapheme_indices(true).rev() {
        let w = grapheme_width(g);
        if used + w > room {
            break;
        }
        used += w;
        from = i;
    }
    // A word cut in two is dropped whole.
    if !before[..from].ends_with(char::is_whitespace) {
        from = before[from..]
            .find(char::is_whitespace)
            .map_or(before.len(), |i| from + i);
    }
    format!("…{}", before[from..].trim_start())
}
