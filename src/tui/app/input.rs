//! Input: keys resolved through the key table, the mouse, and what each action does.

use super::{App, EntityRow, MouseInput, Popup, PromptKind};
use crate::tui::action::Action;
use crate::tui::key::Key;
use crate::tui::keymap::{Context, Resolved};
use crate::tui::nav::{ParaId, Target};
use crate::tui::screen::{self, list_offset, Focus};
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

impl App {
    // ---- input ----------------------------------------------------------------------------

    pub(super) fn contexts(&self) -> [Context; 2] {
        let first = match (self.popup, self.focus) {
            (Some(Popup::Mentions { .. }), _) => Context::Mentions,
            (Some(Popup::Bookmarks { .. }), _) => Context::Bookmarks,
            (Some(Popup::Timeline { .. }), _) => Context::Timeline,
            (Some(Popup::Related { .. }), _) => Context::Related,
            (Some(Popup::Conflicts { .. }), _) => Context::Disagreements,
            (Some(_), _) => Context::Popup,
            (None, Focus::Documents) => Context::Documents,
            (None, Focus::Reader) => Context::Reader,
            (None, Focus::Entities) => Context::Entities,
        };
        [first, Context::Global]
    }

    pub fn handle_key(&mut self, key: Key) {
        self.changed = true;
        if key == Key::ctrl('c') {
            self.quit = true;
            return;
        }
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        match self.keymap.resolve(&self.pending, key, &self.contexts()) {
            Resolved::Action(a) => {
                self.pending.clear();
                self.apply(a);
            }
            Resolved::Pending => self.pending.push(key),
            Resolved::Unbound => self.pending.clear(),
        }
        self.sync_doc_list();
    }

    pub fn handle_mouse(&mut self, mouse: MouseInput) {
        self.changed = true;
        let a = self.areas();
        let (x, y) = match mouse {
            MouseInput::ScrollUp { x, y }
            | MouseInput::ScrollDown { x, y }
            | MouseInput::Click { x, y } => (x, y),
        };
        let hit = |r: Option<Rect>| r.is_some_and(|r| r.contains((x, y).into()));
        let pane = if hit(a.documents) {
            Focus::Documents
        } else if hit(a.reader) {
            Focus::Reader
        } else if hit(a.entities) {
            Focus::Entities
        } else {
            return;
        };
        match mouse {
            MouseInput::ScrollUp { .. } | MouseInput::ScrollDown { .. } => {
                let delta = if matches!(mouse, MouseInput::ScrollUp { .. }) {
                    -3
                } else {
                    3
                };
                match pane {
                    Focus::Reader => self.scroll_reader(delta),
                    Focus::Documents => self.move_docs(delta),
                    Focus::Entities => self.move_entities(delta),
                }
            }
            MouseInput::Click { .. } if pane == Focus::Reader => {
                self.set_focus(pane);
                if let Some(i) = a.reader.and_then(|r| self.mention_at(r, x, y)) {
                    if self.selected_mention == Some(i) {
                        self.apply(Action::TargetSelected);
                    } else {
                        self.selected_mention = Some(i);
                    }
                }
            }
            MouseInput::Click { .. } => {
                self.set_focus(pane);
                let rect = match pane {
                    Focus::Documents => a.documents,
                    Focus::Entities => a.entities,
                    Focus::Reader => None,
                };
                if let Some(r) = rect.map(screen::inner) {
                    if y >= r.y && y < r.bottom() {
                        let row = (y - r.y) as usize;
                        let h = r.height as usize;
                        match pane {
                            Focus::Documents => {
                                let list = &mut self.doc_list;
                                let off = list_offset(list.cursor, list.rows.len(), h);
                                if off + row < list.rows.len() {
                                    list.cursor = off + row;
                                }
                            }
                            Focus::Entities => {
                                let list = &self.entity_list;
                                let sel_row = list.row_of(self.entity_selected);
                                let off = list_offset(sel_row, list.rows(), h);
                                if let Some(EntityRow::Item(i)) = list.at_row(off + row) {
                                    self.entity_selected = i;
                                }
                            }
                            Focus::Reader => {}
                        }
                    }
                }
            }
        }
    }

    /// The open document's mention drawn at screen cell (x, y) of the reader pane `reader`.
    pub(super) fn mention_at(&self, reader: Rect, x: u16, y: u16) -> Option<usize> {
        let text = screen::reader_text(reader);
        if !text.contains((x, y).into()) {
            return None;
        }
        let doc = self.open?;
        let (layout, top) = self.top_line()?;
        let line = layout.lines.get(top + (y - text.y) as usize)?;
        let para = layout.paras.get(line.para?)?;
        let ParaId::Block(block) = para.id else {
            return None;
        };
        // Walk the line's graphemes to the clicked column.
        let column = (x - text.x) as usize;
        let mut used = 0;
        let mut offset = None;
        for (i, g) in para.text[line.range.clone()].grapheme_indices(true) {
            used += crate::tui::wrap::grapheme_width(g);
            if used > column {
                offset = Some(line.range.start + i);
                break;
            }
        }
        let offset = offset?;
        self.lib.docs.get(doc)?.mentions.iter().position(|m| {
            m.block as usize == block && m.span().start <= offset && offset < m.span().end
        })
    }

    pub(super) fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus != Focus::Reader {
            self.side = focus;
        }
    }

    pub(super) fn move_docs(&mut self, delta: isize) {
        self.doc_list.move_by(delta);
    }

    pub(super) fn move_entities(&mut self, delta: isize) {
        let n = self.entity_list.items.len();
        if n > 0 {
            self.entity_selected =
                (self.entity_selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Moves in the focused pane by `delta` rows.
    pub(super) fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Focus::Documents => self.move_docs(delta),
            Focus::Reader => self.scroll_reader(delta),
            Focus::Entities => self.move_entities(delta),
        }
    }

    pub(super) fn page(&self) -> isize {
        let h = match self.focus {
            Focus::Reader => self.reader_metrics().1,
            pane => self.list_height(pane),
        };
        h.saturating_sub(2).max(1) as isize
    }

    pub fn apply(&mut self, action: Action) {
        if action != Action::Quit {
            self.message = None;
        }
        if let Some(popup) = self.popup {
            self.apply_popup(popup, action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::FocusNext | Action::FocusPrev => {
                let order = [Focus::Documents, Focus::Reader, Focus::Entities];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext { 1 } else { 2 };
                self.set_focus(order[(i + step) % 3]);
            }
            Action::FocusLeft | Action::FocusRight => {
                let order = [Focus::Documents, Focus::Reader, Focus::Entities];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let j = if action == Action::FocusLeft {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(2)
                };
                self.set_focus(order[j]);
            }
            Action::Down => self.move_focused(1),
            Action::Up => self.move_focused(-1),
            Action::PageDown => self.move_focused(self.page()),
            Action::PageUp => self.move_focused(-self.page()),
            Action::HalfPageDown => self.move_focused((self.page() / 2).max(1)),
            Action::HalfPageUp => self.move_focused(-(self.page() / 2).max(1)),
            Action::Top | Action::Bottom => {
                let bottom = action == Action::Bottom;
                match self.focus {
                    Focus::Reader => self.reader_to(bottom),
                    Focus::Documents => {
                        self.doc_list.cursor = if bottom {
                            self.doc_list.rows.len().saturating_sub(1)
                        } else {
                            0
                        }
                    }
                    Focus::Entities => {
                        self.entity_selected = if bottom {
                            self.entity_list.items.len().saturating_sub(1)
                        } else {
                            0
                        }
                    }
                }
            }
            Action::Activate => match self.focus {
                Focus::Documents => {
                    if let Some(doc) = self.doc_list.selected() {
                        if self.open != Some(doc) {
                            self.push_jump();
                        }
                        self.open_document(doc);
                    }
                    self.set_focus(Focus::Reader);
                }
                Focus::Entities => {
                    let Some(&e) = self.entity_list.items.get(self.entity_selected) else {
                        return;
                    };
                    self.set_entity_target(e);
                    if let Some(k) = self.first_hit_from_here() {
                        self.go_to_hit(k, true);
                        self.set_focus(Focus::Reader);
                    }
                }
                Focus::Reader => self.apply(Action::TargetSelected),
            },
            Action::TargetSelected => {
                let Some((doc, i)) = self.open.zip(self.selected_mention) else {
                    self.message = Some("select a mention first with ] or [".into());
                    return;
                };
                let Some(e) = self.lib.mention_entity(doc, i) else {
                    self.message = Some("this mention is not linked to an entity yet".into());
                    return;
                };
                self.set_entity_target(e);
                let place = self.lib.docs.get(doc).and_then(|d| d.mentions.get(i));
                let Some((block, span)) = place.map(|m| (m.block as usize, m.span())) else {
                    return;
                };
                if let Some(t) = &mut self.target {
                    t.current = t
                        .hits
                        .iter()
                        .position(|h| h.doc == doc && h.block == block && h.span == span);
                }
            }
            Action::NextHit => self.step_target(true),
            Action::PrevHit => self.step_target(false),
            Action::NextMention => self.select_mention(true),
            Action::PrevMention => self.select_mention(false),
            Action::MentionsList => {
                let Some(t) = &self.target else {
                    self.message = Some("no target to list: Enter on an entity first".into());
                    return;
                };
                if t.hits.is_empty() {
                    self.message = Some(format!("{}: no mentions", t.name));
                    return;
                }
                let origin = self.location();
                let unset = t.current.is_none();
                self.popup = Some(Popup::Mentions { origin });
                if unset {
                    let k = self.first_hit_from_here().unwrap_or(0);
                    self.go_to_hit(k, false);
                }
            }
            Action::Search => self.open_prompt(match self.focus {
                Focus::Entities => PromptKind::Filter,
                Focus::Documents => PromptKind::Documents,
                Focus::Reader => PromptKind::Search,
            }),
            Action::JumpBack => match self.location().and_then(|here| self.jumps.back(here)) {
                Some(to) => self.go_to_location(to),
                None => self.message = Some("no earlier position".into()),
            },
            Action::JumpForward => match self.jumps.forward() {
                Some(to) => self.go_to_location(to),
                None => self.message = Some("no later position".into()),
            },
            Action::ToggleRemoved => self.toggle_removed(),
            Action::ToggleScope => {
                self.article_scope = !self.article_scope;
                self.rebuild_entities();
            }
            Action::ClearTarget => {
                self.target = None;
                self.forget_search();
            }
            Action::Sort => self.next_sort(),
            Action::ToggleRead => self.toggle_read(),
            Action::CopySentence => self.copy_sentence(),
            Action::CopyUrl => self.copy_url(),
            Action::OpenUrl => self.open_in_browser(),
            Action::Bookmark => self.bookmark(),
            Action::Bookmarks => self.show_bookmarks(),
            Action::Delete => {}
            Action::ShowLog => self.popup = Some(Popup::Log { scroll: 0 }),
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::Close => {
                self.selected_mention = None;
                self.landed_fact = None;
            }
            Action::Timeline => self.open_timeline(),
            Action::RelatedFacts => self.open_related(),
            Action::Disagreements => self.open_conflicts(),
        }
    }

    pub(super) fn apply_popup(&mut self, popup: Popup, action: Action) {
        match (popup, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Suspend) => self.suspend = true,
            (Popup::Timeline { .. } | Popup::Related { .. } | Popup::Conflicts { .. }, _) => {
                self.facts_popup(popup, action)
            }
            (Popup::Mentions { origin }, Action::Close) => {
                self.popup = None;
                if let Some(o) = origin {
                    self.go_to_location(o);
                }
            }
            (_, Action::Close) => self.popup = None,
            (Popup::Help { .. }, Action::Help) => self.popup = None,
            (Popup::Bookmarks { .. }, Action::Bookmarks) => self.popup = None,
            (Popup::Bookmarks { selected }, Action::Activate) => self.jump_to_bookmark(selected),
            (Popup::Bookmarks { selected }, Action::Delete) => self.delete_bookmark(selected),
            (Popup::Bookmarks { selected }, _) => {
                let last = self.bookmarks.len().saturating_sub(1);
                if let Some(selected) = list_move(action, selected, 10, last) {
                    self.popup = Some(Popup::Bookmarks { selected });
                }
            }
            // j/k wrap around the corpus like n/N; paging and the ends stop at the ends.
            (Popup::Mentions { .. }, Action::Down | Action::Up) => {
                let step = if action == Action::Down {
                    self.target.as_ref().and_then(Target::next)
                } else {
                    self.target.as_ref().and_then(Target::prev)
                };
                if let Some(k) = step {
                    self.go_to_hit(k, false);
                }
            }
            (Popup::Mentions { origin }, Action::Activate) => {
                self.popup = None;
                if let Some(o) = origin {
                    if Some(o) != self.location() {
                        self.jumps.push(o);
                    }
                }
                self.set_focus(Focus::Reader);
            }
            (Popup::Mentions { .. }, _) => {
                let Some(t) = &self.target else {
                    return;
                };
                let last = t.hits.len().saturating_sub(1);
                let page = screen::mentions_popup_page(self.size) as usize;
                if let Some(k) = list_move(action, t.current.unwrap_or(0), page, last) {
                    self.go_to_hit(k, false);
                }
            }
            (Popup::Help { scroll } | Popup::Log { scroll }, _) => {
                let max = match popup {
                    Popup::Help { .. } => {
                        crate::tui::view::help_max_scroll(self.size, &self.keymap)
                    }
                    _ => crate::tui::view::log_max_scroll(self.size, self),
                };
                if let Some(scroll) = list_move(action, scroll, 10, max) {
                    self.popup = Some(match popup {
                        Popup::Help { .. } => Popup::Help { scroll },
                        _ => Popup::Log { scroll },
                    });
                }
            }
        }
    }
}

/// Where a movement action takes position `at` of a list whose last position is `last`, with
/// pages of `page` rows; `None` for an action that is not a movement.
pub(super) fn list_move(action: Action, at: usize, page: usize, last: usize) -> Option<usize> {
    let (at, page) = (at as isize, page.max(1) as isize);
    let to = match action {
        Action::Down => at + 1,
        Action::Up => at - 1,
        Action::PageDown => at + page,
        Action::PageUp => at - page,
        Action::HalfPageDown => at + (page / 2).max(1),
        Action::HalfPageUp => at - (page / 2).max(1),
        Action::Top => 0,
        Action::Bottom => last as isize,
        _ => return None,
    };
    Some(to.clamp(0, last as isize) as usize)
}
