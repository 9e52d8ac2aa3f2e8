//! The documents and entities panes. Each row starts with two marker columns: `›` on the
//! cursor's row, then `▶` for the open article (documents) or `●` for an entity mentioned in
//! it (entities), so the cursor and the open article show without colour.

use super::{fit, pane, placeholder, put};
use crate::corpus::printable;
use crate::tui::app::{App, EntityRow};
use crate::tui::screen::{list_offset, Focus};
use crate::tui::wrap::str_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Inner width from which dates are written in full (`2025-05-09`) rather than `05-09`.
const FULL_DATE_WIDTH: usize = 40;

/// The documents pane's title, its parts in order of importance (a narrow pane cuts the end):
/// position, filter, unread count, sort.
fn documents_title(app: &App, width: usize) -> String {
    let list = &app.doc_list;
    let at = if list.rows.is_empty() {
        0
    } else {
        list.cursor + 1
    };
    let mut parts = vec![format!("{at}/{}", list.rows.len())];
    if !list.filter.is_empty() {
        parts.push(format!("/{}", printable(&list.filter)));
    }
    let unread = app.unread();
    if unread > 0 {
        parts.push(format!("{unread} unread"));
    }
    if list.sort != crate::tui::app::Sort::Loaded {
        parts.push(format!("by {}", list.sort.name()));
    }
    let full = format!(" Documents {} ", parts.join(" · "));
    if str_width(&full) <= width {
        full
    } else {
        format!(" Docs {} ", parts.join(" · "))
    }
}

pub(super) fn documents(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Documents;
    let th = &app.theme;
    let lib = &app.lib;
    let title = documents_title(app, r.width.saturating_sub(2) as usize);
    let inner = pane(buf, r, title, focused, app);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if h == 0 || w == 0 {
        return;
    }
    let list = &app.doc_list;
    let full_date = w >= FULL_DATE_WIDTH;
    let date_w = if full_date { 11 } else { 6 };
    let offset = list_offset(list.cursor, list.rows.len(), h);
    for (row, (at, &i)) in list
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .enumerate()
    {
        let Some(doc) = lib.docs.get(i) else {
            continue;
        };
        let cursor = if at == list.cursor { "›" } else { " " };
        let open = if app.open == Some(i) { "▶" } else { " " };
        // The date column is kept (and kept aligned) at every width.
        let date = match &doc.article.published {
            Some(p) if full_date => format!(" {}", printable(p.get(..10).unwrap_or(p))),
            Some(p) => format!(" {}", printable(p.get(5..10).unwrap_or(p))),
            None => String::new(),
        };
        let date = format!("{date:<date_w$}");
        let count = format!(" {}", doc.mentions.len());
        // How many of the target's mentions this document holds: following one entity
        // through the corpus at a glance.
        let hits = app
            .target
            .as_ref()
            .map(|t| t.hits_in(i))
            .filter(|&n| n > 0)
            .map_or(String::new(), |n| format!(" ◆{n}"));
        let title_w = w.saturating_sub(2 + str_width(&date) + str_width(&hits) + count.len());
        let title = fit(lib.title(i), title_w);
        let pad = " ".repeat(title_w.saturating_sub(str_width(&title)));
        let mut style = if app.is_read(i) {
            Style::new()
        } else {
            th.unread()
        };
        if at == list.cursor {
            style = style.patch(th.cursor(focused));
        }
        let line = Line::from(vec![
            Span::styled(cursor, style.patch(th.marker())),
            Span::styled(open, style.patch(th.marker())),
            Span::styled(format!("{title}{pad}"), style),
            Span::styled(date, style.patch(th.dim())),
            Span::styled(hits, style.patch(th.target_mark(super::target_kind(app)))),
            Span::styled(count, style.patch(th.dim())),
        ]);
        put(buf, inner.x, inner.y + row as u16, &line, inner.width);
    }
    if list.rows.is_empty() {
        let msg = if !list.filter.is_empty() {
            "no article matches the filter".to_string()
        } else if !lib.complete {
            "loading…".to_string()
        } else if lib.skipped.is_empty() {
            "no documents".to_string()
        } else {
            format!("no documents: {} skipped (L shows why)", lib.skipped.len())
        };
        placeholder(buf, inner, &msg, app);
    }
}

pub(super) fn entities(buf: &mut Buffer, r: Rect, app: &App) {
    let focused = app.focus == Focus::Entities;
    let th = &app.theme;
    let lib = &app.lib;
    let mut title = String::from(" Entities");
    if app.article_scope {
        title.push_str(" · article");
    }
    if !app.filter.is_empty() {
        title.push_str(&format!(" /{}", printable(&app.filter)));
    }
    title.push(' ');
    let inner = pane(buf, r, title, focused, app);
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
        placeholder(buf, inner, msg, app);
        return;
    }
    let in_open: Vec<u32> = app.open.map_or_else(Vec::new, |d| lib.doc_entities(d));
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
                th.group(Some(th.kind(g.kind))),
            ),
            EntityRow::Item(i) => {
                let Some((index, entity)) = list
                    .items
                    .get(i)
                    .and_then(|&e| lib.entities.get(e).map(|x| (e, x)))
                else {
                    continue;
                };
                let here = in_open.binary_search(&(index as u32)).is_ok();
                let count = match (app.article_scope, app.open) {
                    (true, Some(doc)) => lib.entity_mentions_in(index, doc),
                    (true, None) => 0,
                    (false, _) => lib.entity_mentions(index),
                };
                let count = format!(" {count}");
                let cursor = if i == app.entity_selected { "›" } else { " " };
                let mark = if here { "●" } else { " " };
                let name_w = w.saturating_sub(2 + count.len());
                let name = fit(&printable(&entity.name), name_w);
                let pad = " ".repeat(name_w.saturating_sub(str_width(&name)));
                let is_target = app.target.as_ref().is_some_and(|t| t.entity == Some(index));
                let mut style = if here { Style::new() } else { th.dim() };
                if is_target {
                    style = style.patch(th.listed_target());
                }
                if i == app.entity_selected {
                    style = style.patch(th.cursor(focused));
                }
                Line::from(vec![
                    Span::styled(cursor, style.patch(th.marker())),
                    Span::styled(mark, style.fg(th.kind(entity.kind))),
                    Span::styled(format!("{name}{pad}"), style),
                    Span::styled(count, style.patch(th.dim())),
                ])
            }
        };
        put(buf, inner.x, y, &line, inner.width);
    }
}
