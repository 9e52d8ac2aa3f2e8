//! The app's side of the state kept between runs: taking a snapshot to save, and applying a
//! saved state as the corpus loads. Read marks, positions, bookmarks and history apply at once;
//! the open article when it arrives, an entity target once linking knows it, the jump list when
//! loading is done. Anything the user does first wins over the saved state.

use super::{App, Sort};
use crate::tui::nav::{JumpList, Location, Target, TargetKind};
use crate::tui::state::{SavedHit, SavedLocation, SavedState, SavedTarget, VERSION};

/// Saved state still waiting for what it refers to.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// The article to reopen (cleared when the user opens one first).
    pub open: Option<String>,
    pub target: Option<SavedTarget>,
    pub current: Option<SavedHit>,
    pub jumps: Option<(Vec<SavedLocation>, usize)>,
}

impl App {
    /// What to save: everything the reader keeps between runs.
    pub fn saved_state(&mut self, paths: Vec<String>) -> SavedState {
        self.remember_position();
        let hit_of = |app: &App, k: Option<usize>| -> Option<SavedHit> {
            let t = app.target.as_ref()?;
            let h = t.hits.get(k?)?;
            Some(SavedHit {
                doc: app.lib.doc_id(h.doc)?.to_string(),
                block: h.block,
                start: h.span.start,
            })
        };
        let (entries, index) = self.jumps.parts();
        let jumps: Vec<SavedLocation> = entries
            .iter()
            .filter_map(|l| {
                Some(SavedLocation {
                    doc: self.lib.doc_id(l.doc)?.to_string(),
                    top: l.top,
                    hit: hit_of(self, l.hit),
                })
            })
            .collect();
        let target = self.target.as_ref().map(|t| match &t.kind {
            TargetKind::Entity { id } => SavedTarget::Entity {
                id: id.clone(),
                name: t.name.clone(),
            },
            TargetKind::Search { query, .. } => SavedTarget::Search {
                query: query.clone(),
            },
        });
        let mut state = SavedState {
            version: VERSION,
            paths,
            open: self
                .open
                .and_then(|d| self.lib.doc_id(d))
                .map(str::to_string),
            positions: self.left_at.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            read: self.read.iter().cloned().collect(),
            target,
            current: hit_of(self, self.target.as_ref().and_then(|t| t.current)),
            jump_index: index.min(jumps.len()),
            jumps,
            bookmarks: self.bookmarks.clone(),
            history: self.history.clone(),
            sort: Some(self.doc_list.sort.name().to_string()),
        };
        // What has not arrived yet this run is kept as it was saved.
        if let Some(p) = &self.restore {
            if state.target.is_none() {
                state.target = p.target.clone();
            }
            if state.current.is_none() {
                state.current = p.current.clone();
            }
            if let Some((jumps, index)) = &p.jumps {
                if state.jumps.is_empty() {
                    state.jumps = jumps.clone();
                    state.jump_index = *index;
                }
            }
            if let Some(open) = &p.open {
                state.open = Some(open.clone());
            }
        }
        state
    }

    /// Takes a saved state at start-up (before documents arrive).
    pub fn restore_state(&mut self, saved: SavedState) {
        self.read = saved.read.into_iter().collect();
        self.left_at = saved.positions.into_iter().collect();
        self.bookmarks = saved.bookmarks;
        self.history = saved.history;
        if let Some(sort) = saved.sort.as_deref().and_then(Sort::from_name) {
            self.doc_list.sort = sort;
        }
        let mut pending = Pending {
            open: saved.open,
            target: saved.target,
            current: saved.current,
            jumps: (!saved.jumps.is_empty()).then_some((saved.jumps, saved.jump_index)),
        };
        // A search target can start now: it covers documents as they arrive.
        if let Some(SavedTarget::Search { query }) = &pending.target {
            let folded = crate::text::fold(query);
            if !folded.is_empty() {
                let query = query.clone();
                self.set_search_target(&query, folded);
            }
            pending.target = None;
        }
        self.restore = Some(pending);
        self.continue_restore();
    }

    /// Applies what the saved state can now that more of the corpus is here.
    pub(super) fn continue_restore(&mut self) {
        let Some(mut p) = self.restore.take() else {
            return;
        };
        if let Some(doc) = p.open.as_deref().and_then(|id| self.lib.doc_index(id)) {
            p.open = None;
            self.show_document(doc);
        }
        if let Some(SavedTarget::Entity { id, .. }) = &p.target {
            if self.target.is_some() {
                p.target = None; // the user chose one
            } else if let Some(e) = self.lib.entity_index(id) {
                self.set_entity_target(e);
                p.target = None;
            }
        }
        if p.target.is_none() {
            if let Some(k) = p.current.as_ref().and_then(|h| self.hit_index(h)) {
                if let Some(t) = &mut self.target {
                    if t.current.is_none() {
                        t.current = Some(k);
                    }
                }
                p.current = None;
                // Only a hit in the open article is current (the counter is about it).
                if let Some(t) = &mut self.target {
                    if t.current.and_then(|c| t.hits.get(c)).map(|h| h.doc) != self.open {
                        t.current = None;
                    }
                }
                self.selected_mention = self.mention_of_current_hit();
            }
        }
        let done = self.lib.complete && !self.searching();
        if done {
            if let Some((saved, index)) = p.jumps.take() {
                if self.jumps.is_empty() {
                    self.jumps = self.saved_jumps(&saved, index);
                }
            }
            if let Some(open) = p.open.take() {
                self.message = Some(format!(
                    "the article open last time ({}) is not here any more",
                    crate::corpus::printable(&open)
                ));
            }
            if let Some(SavedTarget::Entity { name, .. }) = p.target.take() {
                self.message = Some(format!(
                    "the target of last time ({}) is not in this corpus any more",
                    crate::corpus::printable(&name)
                ));
            }
            p.current = None;
        }
        let waiting =
            p.open.is_some() || p.target.is_some() || p.current.is_some() || p.jumps.is_some();
        self.restore = waiting.then_some(p);
    }

    /// The target's hit at a saved place.
    fn hit_index(&self, h: &SavedHit) -> Option<usize> {
        let t: &Target = self.target.as_ref()?;
        let doc = self.lib.doc_index(&h.doc)?;
        t.hits
            .iter()
            .position(|m| m.doc == doc && m.block == h.block && m.span.start == h.start)
    }

    fn saved_jumps(&self, saved: &[SavedLocation], index: usize) -> JumpList {
        let mut kept = 0;
        let mut entries = Vec::new();
        for (i, l) in saved.iter().enumerate() {
            let Some(doc) = self.lib.doc_index(&l.doc) else {
                continue;
            };
            if i < index {
                kept += 1;
            }
            let top = if super::anchor_fits(&self.lib.docs[doc], &l.top) {
                l.top
            } else {
                crate::tui::nav::Anchor::TOP
            };
            entries.push(Location {
                doc,
                top,
                hit: l.hit.as_ref().and_then(|h| self.hit_index(h)),
            });
        }
        let index = if index >= saved.len() {
            entries.len()
        } else {
            kept
        };
        JumpList::from_parts(entries, index)
    }
}
