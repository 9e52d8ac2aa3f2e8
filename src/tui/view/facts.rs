//! Drawing the facts views: the timeline (`t`), related facts (`f`) and disagreements (`!`),
//! and their marks in the reader (`≠` in the margin beside a sentence that another article
//! contradicts, `▶` beside the sentence a facts view jumped to). Pure functions of the state.

use super::popups::popup_frame;
use super::{fit, kwic, placeholder, put, Highlight};
use crate::corpus::printable;
use crate::extract::EntityKind;
use crate::facts::FactRef;
use crate::tui::app::{App, Popup, Side};
use crate::tui::layout::DocLayout;
use crate::tui::nav::ParaId;
use crate::tui::screen::{self, list_offset};
use crate::tui::wrap::{str_width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The mark beside a sentence another article contradicts.
pub const CONFLICT_MARK: &str = "≠";
/// The mark beside the sentence a facts view jumped to.
pub const LANDED_MARK: &str = "▶";
/// Lines of a sentence shown in the disagreements list before it is cut.
const SENTENCE_LINES: usize = 5;

fn date_style(app: &App) -> Style {
    Style::new()
        .fg(app.theme.kind(EntityKind::Date))
        .add_modifier(Modifier::BOLD)
}

/// A list row's base style and its cursor marker (`›`, as in the panes' lists).
fn row_style(app: &App, selected: bool) -> (Style, &'static str) {
    if selected {
        (app.theme.cursor(true), "› ")
    } else {
        (Style::new(), "  ")
    }
}

/// Draws the open facts popup.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App) {
    match app.popup {
        Some(Popup::Timeline { selected }) => timeline(buf, area, app, selected),
        Some(Popup::Related { of, selected, .. }) => related(buf, area, app, of, selected),
        Some(Popup::Conflicts { selected, side }) => conflicts(buf, area, app, selected, side),
        _ => {}
    }
}

/// The short label of an article for list rows: its file stem, safe to print.
fn doc_label(app: &App, doc: usize) -> String {
    app.lib
        .docs
        .get(doc)
        .map(|d| printable(&d.document.id))
        .unwrap_or_default()
}

/// `s` left-aligned in exactly `width` cells.
fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let fill = width.saturating_sub(str_width(&s));
    format!("{s}{}", " ".repeat(fill))
}

/// The sentence around a date in `width` cells: from its start when the date fits, else the
/// date in context starting at a word ("…" marks the cut).
fn snippet(sentence: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    let (Some(before), Some(date), Some(after)) = (
        sentence.get(..start),
        sentence.get(start..end),
        sentence.get(end..),
    ) else {
        return (fit(sentence, width), String::new(), String::new());
    };
    if str_width(before) + str_width(date) <= width {
        let room = width - str_width(before) - str_width(date);
        return (before.to_string(), date.to_string(), fit(after, room));
    }
    let (left, hit, right) = kwic(sentence, start, end, width.saturating_sub(1));
    let left = match left.find(' ') {
        Some(i) if i + 1 < left.len() => format!("…{}", &left[i + 1..]),
        _ => format!("…{left}"),
    };
    (left, hit, right)
}

fn timeline(buf: &mut Buffer, area: Rect, app: &App, selected: usize) {
    let rows = app.timeline_rows();
    let entries = &app.lib.facts.timeline;
    let r = screen::centred_popup(area, 160, area.height);
    let scope = app
        .target
        .as_ref()
        .map_or(String::new(), |t| format!(" of {}", t.name));
    let title = format!(
        " Timeline{scope} — {} dated (Enter jumps · Esc closes) ",
        rows.len()
    );
    let inner = popup_frame(buf, r, title, app);
    let (h, w) = (inner.height as usize, inner.width as usize);
    if h == 0 || w == 0 {
        return;
    }
    if rows.is_empty() {
        let msg = if app.lib.complete {
            "no dated facts"
        } else {
            "no dated facts yet — still loading"
        };
        placeholder(buf, inner, msg, app);
        return;
    }
    let date_w = if w >= 100 { 14 } else { 11 };
    let doc_w = if w >= 140 {
        28
    } else if w >= 100 {
        20
    } else {
        9
    };
    // marker, date, bracket, sentence, conflict mark, doc
    let text_w = w.saturating_sub(2 + date_w + 2 + 2 + doc_w + 1);
    let when_of = |k: usize| rows.get(k).map(|&i| app.timeline_when(&entries[i]));
    let offset = list_offset(selected, rows.len(), h);
    for (row, k) in (offset..rows.len()).take(h).enumerate() {
        let e = entries[rows[k]];
        let when = app.timeline_when(&e);
        let first = k == 0 || when_of(k - 1) != Some(when);
        let last = when_of(k + 1) != Some(when);
        let bracket = match (first, last) {
            (true, true) => "  ",
            (true, false) => "┌ ",
            (false, false) => "│ ",
            (false, true) => "└ ",
        };
        let date = if first { when.label() } else { String::new() };
        let sentence = app.fact_text(e.fact());
        let (start, end) = app
            .fact(e.fact())
            .and_then(|f| {
                let d = f.dates.get(e.date())?;
                Some((d.span().start - f.span.start, d.span().end - f.span.start))
            })
            .unwrap_or((0, 0));
        let (left, hit, right) = snippet(sentence, start, end, text_w);
        let used = str_width(&left) + str_width(&hit) + str_width(&right);
        let conflicting = !app.lib.facts.conflicts_of(e.fact()).is_empty();
        let (base, marker) = row_style(app, k == selected);
        let th = &app.theme;
        let line = Line::from(vec![
            Span::styled(marker, base.patch(th.marker())),
            Span::styled(pad(&date, date_w), base.patch(date_style(app))),
            Span::styled(bracket, base.patch(th.dim())),
            Span::styled(left, base),
            Span::styled(hit, base.patch(date_style(app))),
            Span::styled(right, base),
            Span::styled(" ".repeat(text_w.saturating_sub(used)), base),
            Span::styled(
                if conflicting { " ≠" } else { "  " },
                base.patch(th.error()),
            ),
            Span::styled(
                format!(" {}", pad(&doc_label(app, e.fact().doc), doc_w)),
                base.patch(th.dim()),
            ),
        ]);
        put(buf, inner.x, inner.y + row as u16, &line, inner.width);
    }
}

fn related(buf: &mut Buffer, area: Rect, app: &App, of: FactRef, selected: usize) {
    let list = app.lib.facts.related(of);
    let r = screen::mentions_popup(area, list.len());
    let about = fit(&printable(app.fact_text(of)), 32);
    let title = format!(
        " Related to “{about}” — {}/{} (n/N walk · Enter stays · q returns) ",
        selected + 1,
        list.len()
    );
    let inner = popup_frame(buf, r, title, app);
    let (h, w) = (inner.height as usize, inner.width as usize);
    if h == 0 || w == 0 {
        return;
    }
    let doc_w = if w >= 100 { 24 } else { 9 };
    let date_w = if w >= 70 { 12 } else { 0 };
    let text_w = w.saturating_sub(2 + date_w + 1 + doc_w);
    let offset = list_offset(selected, list.len(), h);
    for (row, (k, rel)) in list.iter().enumerate().skip(offset).take(h).enumerate() {
        let (base, marker) = row_style(app, k == selected);
        let date = app
            .fact(rel)
            .and_then(|f| f.dates.first())
            .map_or(String::new(), |d| d.when.label());
        let text = pad(&printable(app.fact_text(rel)), text_w);
        let line = Line::from(vec![
            Span::styled(marker, base.patch(app.theme.marker())),
            Span::styled(
                pad(&date, date_w.saturating_sub(1)),
                base.patch(date_style(app)),
            ),
            Span::styled(if date_w > 0 { " " } else { "" }, base),
            Span::styled(text, base),
            Span::styled(
                format!(" {}", pad(&doc_label(app, rel.doc), doc_w)),
                base.patch(app.theme.dim()),
            ),
        ]);
        put(buf, inner.x, inner.y + row as u16, &line, inner.width);
    }
}

/// One side of a disagreement laid out: sentence lines and the source line.
struct SideLines {
    lines: Vec<String>,
    source: String,
}

fn side_lines(app: &App, f: FactRef, width: usize) -> SideLines {
    let text = app.fact_text(f);
    let mut ranges = wrap(text, width);
    if ranges.len() > SENTENCE_LINES {
        // Room for the "…" that mark a cut.
        ranges = wrap(text, width.saturating_sub(2).max(1));
    }
    // A long sentence shows the lines around its dates (what the disagreement is about).
    let date_line = app
        .fact(f)
        .and_then(|fact| fact.dates.last().map(|d| d.span().start - fact.span.start))
        .and_then(|at| ranges.iter().position(|r| r.end > at))
        .unwrap_or(0);
    let first = (date_line + 2)
        .saturating_sub(SENTENCE_LINES)
        .min(ranges.len().saturating_sub(SENTENCE_LINES));
    let shown = &ranges[first..ranges.len().min(first + SENTENCE_LINES)];
    let mut lines: Vec<String> = shown.iter().map(|r| printable(&text[r.clone()])).collect();
    if first > 0 {
        if let Some(l) = lines.first_mut() {
            *l = format!("…{l}");
        }
    }
    if first + SENTENCE_LINES < ranges.len() {
        if let Some(l) = lines.last_mut() {
            *l = format!("{l} …");
        }
    }
    let published = app
        .lib
        .docs
        .get(f.doc)
        .and_then(|d| d.article.published.as_deref())
        .map_or(String::new(), |p| {
            format!(" · {}", printable(p.get(..10).unwrap_or(p)))
        });
    SideLines {
        lines,
        source: fit(&format!("— {}{published}", doc_label(app, f.doc)), width),
    }
}

fn conflicts(buf: &mut Buffer, area: Rect, app: &App, selected: usize, side: Side) {
    let list = &app.lib.facts.conflicts;
    let r = screen::centred_popup(area, 160, area.height);
    let title = format!(
        " Disagreements — {}/{} (h/l side · Enter jumps · q closes) ",
        selected + 1,
        list.len()
    );
    let inner = popup_frame(buf, r, title, app);
    let (h, w) = (inner.height as usize, inner.width as usize);
    if h == 0 || w < 8 {
        return;
    }
    let col = (w - 3) / 2;
    // Only the disagreements on screen are laid out (a long list stays cheap to draw).
    let mut laid: std::collections::HashMap<usize, (SideLines, SideLines)> =
        std::collections::HashMap::new();
    let mut lay = |k: usize| -> usize {
        let (a, b) = laid.entry(k).or_insert_with(|| {
            let c = &list[k];
            (side_lines(app, c.a, col), side_lines(app, c.b, col))
        });
        // Header, sentence lines, source line, blank.
        3 + a.lines.len().max(b.lines.len())
    };
    let mut first = selected.min(list.len().saturating_sub(1));
    let mut used = lay(first);
    while first > 0 && used + lay(first - 1) <= h {
        first -= 1;
        used += lay(first);
    }
    for k in first..list.len().min(first + h) {
        lay(k);
    }
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (k, c) in list.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let chosen = k == selected;
        let th = &app.theme;
        let head_style = if chosen {
            th.error().add_modifier(Modifier::REVERSED)
        } else {
            th.error()
        };
        let marker = if chosen { "› " } else { "  " };
        let head = fit(
            &format!(
                "{marker}{CONFLICT_MARK} {}: {}",
                printable(&c.about),
                printable(&c.detail)
            ),
            w,
        );
        put(
            buf,
            inner.x,
            y,
            &Line::styled(head, head_style),
            inner.width,
        );
        y += 1;
        let Some((a, b)) = laid.get(&k) else {
            break;
        };
        let rows = a.lines.len().max(b.lines.len());
        let style_of = |s: Side| {
            if chosen && s == side {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                Style::new()
            }
        };
        for i in 0..rows {
            if y >= bottom {
                return;
            }
            let left = a.lines.get(i).map_or("", String::as_str);
            let right = b.lines.get(i).map_or("", String::as_str);
            let line = Line::from(vec![
                Span::styled(pad(left, col), style_of(Side::Left)),
                Span::styled(" │ ", th.dim()),
                Span::styled(right.to_string(), style_of(Side::Right)),
            ]);
            put(buf, inner.x, y, &line, inner.width);
            y += 1;
        }
        if y >= bottom {
            return;
        }
        let line = Line::from(vec![
            Span::styled(pad(&a.source, col), th.dim()),
            Span::styled(" │ ", th.dim()),
            Span::styled(b.source.clone(), th.dim()),
        ]);
        put(buf, inner.x, y, &line, inner.width);
        y += 2;
    }
}

/// Highlights of the facts in a line of a block: the landed sentence, the contradicted ones.
pub(super) fn sentence_marks(
    app: &App,
    doc: usize,
    block: usize,
    ls: usize,
    le: usize,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let Some(d) = app.lib.docs.get(doc) else {
        return out;
    };
    for (i, f) in d.facts.in_block(block) {
        if f.span.start >= le {
            break;
        }
        if f.span.end <= ls {
            continue;
        }
        let at = FactRef { doc, fact: i };
        // The sentence a view jumped to is bold; a contradicted one is marked in the margin.
        if app.landed_fact == Some(at) {
            out.push(Highlight {
                start: f.span.start,
                end: f.span.end,
                style: Style::new().add_modifier(Modifier::BOLD),
                rank: 0,
            });
        }
    }
    out
}

/// The margin marks: `≠` beside the first line of a contradicted sentence, `▶` beside the
/// sentence a facts view jumped to.
pub(super) fn gutter(
    buf: &mut Buffer,
    reader: Rect,
    app: &App,
    doc: usize,
    layout: &DocLayout,
    top: usize,
) {
    let inner = screen::inner(reader);
    let text = screen::reader_text(reader);
    if text.x <= inner.x || text.height == 0 {
        return;
    }
    let Some(d) = app.lib.docs.get(doc) else {
        return;
    };
    let x = text.x - 1;
    for (row, line) in layout
        .lines
        .iter()
        .skip(top)
        .take(text.height as usize)
        .enumerate()
    {
        let Some(ParaId::Block(block)) = line.para.and_then(|p| layout.paras.get(p)).map(|p| p.id)
        else {
            continue;
        };
        let starts_here = d
            .facts
            .in_block(block)
            .filter(|(_, f)| {
                line.range.start <= f.span.start
                    && f.span.start < line.range.end.max(line.range.start + 1)
            })
            .map(|(fact, _)| FactRef { doc, fact });
        let mut mark: Option<(&str, Style)> = None;
        for at in starts_here {
            if !app.lib.facts.conflicts_of(at).is_empty() {
                mark = Some((CONFLICT_MARK, app.theme.error()));
            } else if app.landed_fact == Some(at) && mark.is_none() {
                mark = Some((LANDED_MARK, app.theme.marker()));
            }
        }
        if let Some((m, style)) = mark {
            buf.set_string(x, text.y + row as u16, m, style);
        }
    }
}
