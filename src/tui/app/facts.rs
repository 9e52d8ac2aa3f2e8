//! The facts views' state updates: the timeline (`t`), the facts related to the sentence here
//! (`f`), and the disagreements between articles (`!`). Drawing is in `tui::facts_view`.

use super::input::list_move;
use super::{App, Popup};
use crate::corpus::printable;
use crate::facts::{FactRef, TimelineEntry, When};
use crate::tui::action::Action;
use crate::tui::nav::Location;
use crate::tui::screen::{self, Focus};

/// Which sentence of a disagreement is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

impl App {
    /// The timeline entries shown: every one, or those inside a sentence holding one of the
    /// target's hits when a target is set. Indices into the library's timeline.
    pub fn timeline_rows(&self) -> Vec<usize> {
        let timeline = &self.lib.facts.timeline;
        let Some(t) = &self.target else {
            return (0..timeline.len()).collect();
        };
        timeline
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let Some(fact) = self.fact(e.fact()) else {
                    return false;
                };
                let key = (e.fact().doc, fact.block, fact.span.start);
                let i = t
                    .hits
                    .partition_point(|h| (h.doc, h.block, h.span.start) < key);
                t.hits.get(i).is_some_and(|h| {
                    (h.doc, h.block) == (e.fact().doc, fact.block) && h.span.start < fact.span.end
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn fact(&self, f: FactRef) -> Option<crate::facts::Fact<'_>> {
        self.lib.docs.get(f.doc)?.facts.get(f.fact)
    }

    /// The date of a timeline entry, from its fact.
    pub fn timeline_when(&self, e: &TimelineEntry) -> When {
        self.fact(e.fact()).map_or(When::Open, |f| e.when(&f))
    }

    /// The sentence of a fact, from its document.
    pub fn fact_text(&self, f: FactRef) -> &str {
        match (self.lib.docs.get(f.doc), self.fact(f)) {
            (Some(d), Some(fact)) => fact.text(&d.article),
            _ => "",
        }
    }

    pub(super) fn open_timeline(&mut self) {
        let rows = self.timeline_rows();
        if rows.is_empty() {
            self.message = Some(match (&self.target, self.lib.complete) {
                (Some(t), _) => format!("no dated fact mentions {}", t.name),
                (None, false) => "no dated facts yet — still loading".into(),
                (None, true) => "no dated facts in these articles".into(),
            });
            return;
        }
        self.popup = Some(Popup::Timeline { selected: 0 });
    }

    /// The fact at the reader's position: the one holding the selected mention, else the one
    /// the reader landed on (when open), else the first at or after the top of the page.
    pub fn fact_here(&self) -> Option<FactRef> {
        let doc = self.open?;
        let facts = &self.lib.docs.get(doc)?.facts;
        if let Some(m) = self
            .selected_mention
            .and_then(|i| self.lib.docs.get(doc)?.mentions.get(i))
        {
            let at = facts
                .iter()
                .position(|f| f.holds(m.block as usize, m.span().start))?;
            return Some(FactRef { doc, fact: at });
        }
        if let Some(f) = self.landed_fact.filter(|f| f.doc == doc) {
            return Some(f);
        }
        let (_, block, offset) = self.text_position()?;
        facts
            .iter()
            .position(|f| (f.block, f.span.end) > (block, offset))
            .map(|fact| FactRef { doc, fact })
    }

    pub(super) fn open_related(&mut self) {
        let Some(of) = self.fact_here() else {
            self.message = Some("no dated or measured sentence here".into());
            return;
        };
        if self.lib.facts.related(of).is_empty() {
            self.message = Some(if self.lib.complete {
                "no related facts in other articles".into()
            } else {
                "no related facts yet — still loading".into()
            });
            return;
        }
        let origin = self.location();
        self.popup = Some(Popup::Related {
            of,
            selected: 0,
            origin,
        });
        self.preview_related(of, 0);
    }

    pub(super) fn open_conflicts(&mut self) {
        let conflicts = &self.lib.facts.conflicts;
        if conflicts.is_empty() {
            self.message = Some(if self.lib.complete {
                "no disagreements found between these articles".into()
            } else {
                "no disagreements yet — still loading".into()
            });
            return;
        }
        // Start at a disagreement of the open article when there is one.
        let selected = self
            .open
            .and_then(|d| conflicts.iter().position(|c| c.a.doc == d || c.b.doc == d))
            .unwrap_or(0);
        self.popup = Some(Popup::Conflicts {
            selected,
            side: Side::Left,
        });
    }

    /// Opens the fact's article at its sentence and marks it.
    fn show_fact(&mut self, f: FactRef) {
        let Some((block, start)) = self.fact(f).map(|x| (x.block, x.span.start)) else {
            return;
        };
        self.open_document(f.doc);
        self.selected_mention = None;
        self.landed_fact = Some(f);
        self.reveal(block, start);
    }

    /// Jumps to a fact (recorded in the jump list) and says where it is.
    fn jump_to_fact(&mut self, f: FactRef, what: String) {
        self.push_jump();
        self.popup = None;
        self.show_fact(f);
        self.set_focus(Focus::Reader);
        let file = self
            .lib
            .docs
            .get(f.doc)
            .map(|d| crate::tui::layout::file_label(d))
            .unwrap_or_default();
        self.message = Some(format!("{what} · {file} · Ctrl-O returns"));
    }

    fn preview_related(&mut self, of: FactRef, selected: usize) {
        if let Some(r) = self.lib.facts.related(of).get(selected) {
            self.show_fact(r);
        }
    }

    /// Keys while one of the facts popups is open.
    pub(super) fn facts_popup(&mut self, popup: Popup, action: Action) {
        match popup {
            Popup::Timeline { selected } => self.timeline_key(selected, action),
            Popup::Related {
                of,
                selected,
                origin,
            } => self.related_key(of, selected, origin, action),
            Popup::Conflicts { selected, side } => self.conflicts_key(selected, side, action),
            _ => {}
        }
    }

    /// Rows a page of the timeline moves: its popup fills the popup bounds (the screen less the
    /// panes' borders and the status bar: 3 rows), less its own borders and one row of overlap.
    fn popup_page(&self) -> usize {
        (self.size.height as usize).saturating_sub(6).max(1)
    }

    fn timeline_key(&mut self, selected: usize, action: Action) {
        let rows = self.timeline_rows();
        let last = rows.len().saturating_sub(1);
        if let Some(s) = list_move(action, selected, self.popup_page(), last) {
            self.popup = Some(Popup::Timeline { selected: s });
            return;
        }
        match action {
            Action::Activate => {
                let Some(e) = rows
                    .get(selected)
                    .and_then(|&i| self.lib.facts.timeline.get(i))
                    .copied()
                else {
                    return;
                };
                self.jump_to_fact(e.fact(), self.timeline_when(&e).label());
            }
            Action::Close | Action::Timeline => self.popup = None,
            _ => {}
        }
    }

    fn related_key(
        &mut self,
        of: FactRef,
        selected: usize,
        origin: Option<Location>,
        action: Action,
    ) {
        let len = self.lib.facts.related(of).len();
        // n/N walk the list like j/k.
        let movement = match action {
            Action::NextHit => Action::Down,
            Action::PrevHit => Action::Up,
            other => other,
        };
        let page = screen::mentions_popup_page(self.size) as usize;
        if let Some(s) = list_move(movement, selected, page, len.saturating_sub(1)) {
            self.popup = Some(Popup::Related {
                of,
                selected: s,
                origin,
            });
            self.preview_related(of, s);
            return;
        }
        match action {
            Action::Activate => {
                self.popup = None;
                if let Some(o) = origin.filter(|o| Some(*o) != self.location()) {
                    self.jumps.push(o);
                }
                self.set_focus(Focus::Reader);
                let total = len;
                self.message = Some(format!(
                    "related fact {}/{total} · Ctrl-O returns",
                    selected + 1
                ));
            }
            Action::Close | Action::RelatedFacts => {
                self.popup = None;
                self.landed_fact = None;
                if let Some(o) = origin {
                    self.go_to_location(o);
                }
            }
            _ => {}
        }
    }

    fn conflicts_key(&mut self, selected: usize, side: Side, action: Action) {
        let len = self.lib.facts.conflicts.len();
        if let Some(s) = list_move(action, selected, 1, len.saturating_sub(1)) {
            self.popup = Some(Popup::Conflicts { selected: s, side });
            return;
        }
        match action {
            Action::FocusNext | Action::FocusPrev => {
                let side = match side {
                    Side::Left => Side::Right,
                    Side::Right => Side::Left,
                };
                self.popup = Some(Popup::Conflicts { selected, side });
            }
            Action::Activate => {
                let Some(c) = self.lib.facts.conflicts.get(selected) else {
                    return;
                };
                let f = match side {
                    Side::Left => c.a,
                    Side::Right => c.b,
                };
                let what = format!("≠ {}", printable(&c.about));
                self.jump_to_fact(f, what);
            }
            Action::Close | Action::Disagreements => self.popup = None,
            _ => {}
        }
    }
}
