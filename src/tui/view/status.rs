//! The status bar: where am I — the article's title and its place in the list, the reading
//! position, loading and searching, the target with its mention in this article (`2/6`, or
//! `–/6` when the reader is not on one), whether removed lines are shown — then a message or
//! the help hint. With the prompt open, the prompt.

use super::{fit, put, target_kind};
use crate::corpus::printable;
use crate::tui::app::{App, PromptKind};
use crate::tui::wrap::str_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub(super) fn status(buf: &mut Buffer, r: Rect, app: &App) {
    let th = &app.theme;
    buf.set_style(r, th.status());
    let width = r.width as usize;
    if let Some(p) = &app.prompt {
        let label = match p.kind {
            PromptKind::Filter => " filter entities /",
            PromptKind::Documents => " filter documents /",
            PromptKind::Search => " search /",
        };
        let hint = "  Enter · ↑↓ history · Esc cancels";
        // The end of a long input is what is being typed: show that.
        let room = width.saturating_sub(str_width(label) + 1 + str_width(hint));
        let input = printable(&p.input);
        let shown: String = {
            let chars: Vec<char> = input.chars().collect();
            let mut start = chars.len();
            let mut used = 0;
            while start > 0 {
                let w = crate::tui::wrap::str_width(&chars[start - 1].to_string());
                if used + w > room {
                    break;
                }
                used += w;
                start -= 1;
            }
            chars[start..].iter().collect()
        };
        let line = Line::from(vec![
            Span::styled(label, th.status().patch(th.unread())),
            Span::styled(shown, th.status()),
            Span::styled("▏", th.status().patch(th.marker())),
            Span::styled(hint, th.status_muted()),
        ]);
        put(buf, r.x, r.y, &line, r.width);
        return;
    }
    // Everything but the title first: the title takes the room left.
    let mut tail = Vec::new();
    if let Some(doc) = app.open {
        let listed = app.doc_list.row_of(doc).map(|row| row + 1);
        let place = match listed {
            Some(k) => format!("{k}/{} ", app.doc_list.rows.len()),
            None => format!("–/{} ", app.doc_list.rows.len()),
        };
        tail.push(Span::styled(place, th.status_muted()));
        tail.push(Span::styled(
            format!("{} ", reading_position(app)),
            th.status_muted(),
        ));
    }
    if !app.lib.complete {
        let progress = match app.lib.expected {
            Some(n) => format!("⟳ {}/{} ", app.lib.docs.len(), n),
            None => "⟳ looking for files… ".to_string(),
        };
        tail.push(Span::styled(progress, th.status_note()));
        if let Some(f) = app.lib.fetched.filter(|f| f.done < f.total) {
            tail.push(Span::styled(
                format!("web {}/{} ", f.done, f.total),
                th.status_note(),
            ));
        }
    }
    if let Some(t) = &app.target {
        let searching = if app.searching() { " searching…" } else { "" };
        tail.push(Span::styled(
            format!(" ◆ {} {}{searching} ", t.name, t.counter()),
            th.status_target(target_kind(app)),
        ));
    }
    if app.show_removed {
        tail.push(Span::styled(" removed lines shown ", th.status_note()));
    }
    if !app.pending.is_empty() {
        tail.push(Span::styled(
            format!(" {}…", crate::tui::key::sequence_label(&app.pending)),
            th.status_note(),
        ));
    }
    match &app.message {
        Some(m) => tail.push(Span::styled(format!(" {}", printable(m)), th.status_note())),
        None => tail.push(Span::styled(" ? help", th.status_muted())),
    }
    let mut spans = Vec::new();
    if let Some(doc) = app.open {
        let used: usize = tail.iter().map(|s| str_width(&s.content)).sum();
        // The title keeps a readable minimum; a long message is cut instead.
        let room = width.saturating_sub(used + 2).max(width.min(16));
        spans.push(Span::styled(
            format!(" {} ", fit(app.lib.title(doc), room)),
            th.status().patch(th.unread()),
        ));
    }
    spans.extend(tail);
    put(buf, r.x, r.y, &Line::from(spans), r.width);
}

/// "top", "end", "all" (it fits) or the percentage of the article scrolled past.
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
