//! The reader's state and its update function. Knows nothing of crossterm or drawing: keys
//! arrive as [`Key`]s, are resolved to actions through the key table (the `input` module), and change
//! state. Positions are text offsets; rows exist only in the cached layouts.

use super::key::Key;
use super::layout::DocLayout;
use super::library::Library;
use super::nav::{search_text, Anchor, JumpList, Location, ParaId, Target, TargetKind};
use super::screen::{self, areas, Areas, Focus};
use crate::corpus::printable;
use crate::link::{Entity, Mention};
use crate::pipeline::{Processed, Progress};
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

mod entities;
mod input;
pub use entities::{EntityGroup, EntityList, EntityRow};

/// What the background loader sends.
#[derive(Debug)]
pub enum LoadEvent {
    Progress(Progress),
    /// The documents so far, linked (sent periodically while loading and once at the end).
    Linked(Vec<Entity>),
    /// Loading stopped early (a bug in a pipeline stage); what loaded stays readable.
    Failed(String),
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    Log {
        scroll: usize,
    },
    /// The target's mentions; the selection is the target's current hit.
    Mentions {
        origin: Option<Location>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filter the entities pane.
    Filter,
    /// Search the corpus; the search becomes the target.
    Search,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// The filter before the prompt opened, restored by Esc.
    previous: String,
}

/// Mouse input, translated at the edge like keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseInput {
    ScrollUp { x: u16, y: u16 },
    ScrollDown { x: u16, y: u16 },
    Click { x: u16, y: u16 },
}

type LayoutKey = (usize, usize, bool);

pub struct App {
    pub lib: Library,
    pub focus: Focus,
    /// The side pane shown beside the reader at medium widths.
    pub side: Focus,
    /// Selected row of the documents pane.
    pub doc_selected: usize,
    /// The document open in the reader.
    pub open: Option<usize>,
    /// First visible line of the reader, as a text position.
    pub top: Anchor,
    /// Where each document was left, so reopening it returns there.
    left_at: HashMap<usize, Anchor>,
    /// Mention of the open document selected with `]`/`[` (index into its mentions).
    pub selected_mention: Option<usize>,
    pub show_removed: bool,
    pub target: Option<Target>,
    pub jumps: JumpList,
    pub filter: String,
    /// Entities pane narrowed to the open article.
    pub article_scope: bool,
    pub entity_list: EntityList,
    /// Selected item of `entity_list`.
    pub entity_selected: usize,
    pub popup: Option<Popup>,
    pub prompt: Option<Prompt>,
    pub pending: Vec<Key>,
    pub message: Option<String>,
    pub size: Rect,
    pub quit: bool,
    layouts: RefCell<HashMap<LayoutKey, Rc<DocLayout>>>,
}

/// Bound on cached layouts: a few widths of the documents being read.
const LAYOUT_CACHE: usize = 64;

impl App {
    pub fn new(lib: Library) -> Self {
        let mut app = App {
            open: if lib.docs.is_empty() { None } else { Some(0) },
            lib,
            focus: Focus::Documents,
            side: Focus::Documents,
            doc_selected: 0,
            top: Anchor::TOP,
            selected_mention: None,
            show_removed: false,
            target: None,
            jumps: JumpList::default(),
            filter: String::new(),
            article_scope: false,
            entity_list: EntityList::default(),
            entity_selected: 0,
            popup: None,
            prompt: None,
            pending: Vec::new(),
            message: None,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            layouts: RefCell::new(HashMap::new()),
            left_at: HashMap::new(),
        };
        app.rebuild_entities();
        app
    }

    // ---- geometry -------------------------------------------------------------------------

    pub fn areas(&self) -> Areas {
        areas(self.size, self.focus, self.side)
    }

    /// The reader's text width and height. When the reader is hidden (narrow screens) it is
    /// the size it would have with focus on it, so scrolling stays meaningful.
    pub fn reader_metrics(&self) -> (usize, usize) {
        let reader = self
            .areas()
            .reader
            .or_else(|| areas(self.size, Focus::Reader, self.side).reader)
            .unwrap_or_default();
        let text = screen::reader_text(reader);
        (text.width.max(1) as usize, text.height.max(1) as usize)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
    }

    /// The layout of `doc` at the current reader width (cached).
    pub fn layout(&self, doc: usize) -> Option<Rc<DocLayout>> {
        let processed = self.lib.docs.get(doc)?;
        let (width, _) = self.reader_metrics();
        let key = (doc, width, self.show_removed);
        let mut cache = self.layouts.borrow_mut();
        if let Some(l) = cache.get(&key) {
            return Some(l.clone());
        }
        if cache.len() >= LAYOUT_CACHE {
            cache.clear();
        }
        let built = Rc::new(DocLayout::build(processed, width, self.show_removed));
        cache.insert(key, built.clone());
        Some(built)
    }

    fn list_height(&self, pane: Focus) -> usize {
        let pick = |a: Areas| match pane {
            Focus::Documents => a.documents,
            Focus::Entities => a.entities,
            Focus::Reader => a.reader,
        };
        let r = pick(self.areas())
            .or_else(|| pick(areas(self.size, pane, pane)))
            .unwrap_or_default();
        screen::inner(r).height.max(1) as usize
    }

    // ---- loading --------------------------------------------------------------------------

    pub fn on_load(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Progress(Progress::Discovered(n)) => self.lib.expected = Some(n),
            LoadEvent::Progress(Progress::Document(p)) => self.add_document(*p),
            LoadEvent::Progress(Progress::Revised(r)) => {
                self.replace_document(r.index, *r.processed)
            }
            LoadEvent::Progress(Progress::Skipped(s)) => {
                self.message = Some(format!("{s} — L shows the log"));
                self.lib.skipped.push(s);
            }
            LoadEvent::Progress(Progress::Warning(w)) => {
                self.message = Some(format!(
                    "warning: {}: {} — L shows the log",
                    printable(&w.path.display().to_string()),
                    printable(&w.message)
                ));
                self.lib.warnings.push(w);
            }
            LoadEvent::Linked(entities) => self.set_entities(entities),
            LoadEvent::Failed(why) => {
                let why = printable(&why);
                self.message = Some(format!("loading stopped: {why} — L shows the log"));
                self.lib.errors.push(why);
            }
            LoadEvent::Finished => {
                self.lib.complete = true;
                if self.lib.docs.is_empty() {
                    self.message = Some("no readable articles found (.txt or .md files)".into());
                }
            }
        }
    }

    pub fn add_document(&mut self, doc: Processed) {
        let index = self.lib.docs.len();
        if let Some(Target {
            kind: TargetKind::Search { folded, .. },
            hits,
            ..
        }) = &mut self.target
        {
            hits.extend(search_document(&doc, index, folded));
        }
        self.lib.push_document(doc);
        if self.open.is_none() {
            self.open = Some(index);
        }
    }

    /// A document cleaned again (site furniture found by the corpus): its cached layouts and
    /// search hits go; its mentions wait for the next link.
    pub fn replace_document(&mut self, index: usize, doc: Processed) {
        if let Some(Target {
            kind: TargetKind::Search { folded, .. },
            hits,
            ..
        }) = &mut self.target
        {
            hits.retain(|h| h.doc != index);
            hits.extend(search_document(&doc, index, folded));
            hits.sort();
        }
        self.layouts.borrow_mut().retain(|key, _| key.0 != index);
        self.lib.replace_document(index, doc);
    }

    pub fn set_entities(&mut self, entities: Vec<Entity>) {
        self.lib.set_entities(entities);
        self.rebuild_entities();
        // Re-resolve an entity target: indices moved, the id did not.
        if let Some(t) = &self.target {
            if let TargetKind::Entity { id } = &t.kind {
                let current = t.current.and_then(|c| t.hits.get(c)).copied();
                let entity = self.lib.entity_index(id);
                let hits = entity.map(|e| self.lib.entity_hits(e)).unwrap_or_default();
                let current = current.and_then(|c| hits.iter().position(|h| *h == c));
                if let Some(t) = &mut self.target {
                    t.hits = hits;
                    t.current = current;
                    t.entity = entity;
                }
            }
        }
    }

    // ---- positions ------------------------------------------------------------------------

    pub fn location(&self) -> Option<Location> {
        Some(Location {
            doc: self.open?,
            top: self.top,
            hit: self.target.as_ref().and_then(|t| t.current),
        })
    }

    /// The text position the reader is at: the selected mention, else the first text on screen.
    fn text_position(&self) -> Option<(usize, usize, usize)> {
        let doc = self.open?;
        if let Some(m) = self
            .selected_mention
            .and_then(|i| self.lib.docs.get(doc)?.mentions.get(i))
        {
            return Some((doc, m.block, m.span.start));
        }
        let layout = self.layout(doc)?;
        let (block, offset) = layout
            .text_position_from(layout.line_of(self.top))
            .unwrap_or((0, 0));
        Some((doc, block, offset))
    }

    fn top_line(&self) -> Option<(Rc<DocLayout>, usize)> {
        let layout = self.layout(self.open?)?;
        let line = layout.line_of(self.top);
        Some((layout, line))
    }

    fn max_top(layout: &DocLayout, height: usize) -> usize {
        layout.lines.len().saturating_sub(height)
    }

    fn scroll_reader(&mut self, delta: isize) {
        let Some((layout, top)) = self.top_line() else {
            return;
        };
        let (_, height) = self.reader_metrics();
        let max = Self::max_top(&layout, height) as isize;
        let new = (top as isize + delta).clamp(0, max.max(0)) as usize;
        self.top = layout.anchor_of(new);
    }

    fn reader_to(&mut self, bottom: bool) {
        let Some((layout, _)) = self.top_line() else {
            return;
        };
        let (_, height) = self.reader_metrics();
        let line = if bottom {
            Self::max_top(&layout, height)
        } else {
            0
        };
        self.top = layout.anchor_of(line);
    }

    /// Scrolls so that (block, offset) of the open document is on screen, a third down.
    /// With the mentions list open only the top half of the reader is visible above it.
    fn reveal(&mut self, block: usize, offset: usize) {
        let Some((layout, top)) = self.top_line() else {
            return;
        };
        let (_, height) = self.reader_metrics();
        let visible = if matches!(self.popup, Some(Popup::Mentions { .. })) {
            (height / 2).max(1)
        } else {
            height
        };
        let line = layout.line_of(Anchor {
            para: ParaId::Block(block),
            offset,
        });
        if line < top || line >= top + visible {
            let new = line
                .saturating_sub(visible / 3)
                .min(Self::max_top(&layout, height));
            self.top = layout.anchor_of(new);
        }
    }

    fn open_document(&mut self, doc: usize) {
        if self.open == Some(doc) {
            return;
        }
        if let Some(previous) = self.open {
            self.left_at.insert(previous, self.top);
        }
        self.open = Some(doc);
        self.doc_selected = doc;
        self.top = self.left_at.get(&doc).copied().unwrap_or(Anchor::TOP);
        self.selected_mention = None;
        if self.article_scope {
            self.rebuild_entities();
        }
    }

    fn push_jump(&mut self) {
        if let Some(here) = self.location() {
            self.jumps.push(here);
        }
    }

    fn restore(&mut self, to: Location) {
        self.open_document(to.doc);
        self.top = to.top;
        if let Some(t) = &mut self.target {
            t.current = to
                .hit
                .filter(|&h| t.hits.get(h).is_some_and(|m| m.doc == to.doc));
        }
        self.selected_mention = self.mention_of_current_hit();
    }

    /// The open document's mention at the target's current hit, if that hit is a mention.
    fn mention_of_current_hit(&self) -> Option<usize> {
        let t = self.target.as_ref()?;
        let hit = t.hits.get(t.current?)?;
        if Some(hit.doc) != self.open || !matches!(t.kind, TargetKind::Entity { .. }) {
            return None;
        }
        self.lib
            .docs
            .get(hit.doc)?
            .mentions
            .iter()
            .position(|m| m.block == hit.block && m.span == hit.span)
    }

    /// Moves the reader to hit `k` of the target.
    fn go_to_hit(&mut self, k: usize, record_jump: bool) {
        let Some(hit) = self.target.as_ref().and_then(|t| t.hits.get(k)).copied() else {
            return;
        };
        if record_jump {
            self.push_jump();
        }
        self.open_document(hit.doc);
        if let Some(t) = &mut self.target {
            t.current = Some(k);
        }
        self.selected_mention = self.mention_of_current_hit();
        self.reveal(hit.block, hit.span.start);
    }

    fn set_entity_target(&mut self, entity: usize) {
        let Some(e) = self.lib.entities.get(entity) else {
            return;
        };
        self.target = Some(Target {
            kind: TargetKind::Entity { id: e.id.clone() },
            entity: Some(entity),
            name: printable(&e.name),
            hits: self.lib.entity_hits(entity),
            current: None,
        });
    }

    fn first_hit_from_here(&self) -> Option<usize> {
        let t = self.target.as_ref()?;
        let (doc, block, offset) = self.text_position().unwrap_or((0, 0, 0));
        t.first_at_or_after(doc, block, offset)
    }

    fn step_target(&mut self, forward: bool) {
        let Some(t) = &self.target else {
            self.message =
                Some("no target: Enter on an entity, * on a mention, or / to search".into());
            return;
        };
        if t.hits.is_empty() {
            self.message = Some(format!("{}: no mentions", t.name));
            return;
        }
        let on_hit_here = t
            .current
            .and_then(|c| t.hits.get(c))
            .is_some_and(|h| Some(h.doc) == self.open);
        let k = if on_hit_here {
            if forward {
                t.next()
            } else {
                t.prev()
            }
        } else {
            let (doc, block, offset) = self.text_position().unwrap_or((0, 0, 0));
            if forward {
                t.first_at_or_after(doc, block, offset)
            } else {
                let i = t
                    .hits
                    .partition_point(|h| (h.doc, h.block, h.span.start) < (doc, block, offset));
                Some(if i == 0 { t.hits.len() - 1 } else { i - 1 })
            }
        };
        if let Some(k) = k {
            self.go_to_hit(k, true);
        }
    }

    fn select_mention(&mut self, forward: bool) {
        let Some(doc) = self.open.and_then(|d| self.lib.docs.get(d)) else {
            return;
        };
        let count = doc.mentions.len();
        let candidate = match self.selected_mention {
            Some(s) if forward => Some(s + 1).filter(|&n| n < count),
            Some(s) => s.checked_sub(1),
            None => {
                let (_, block, offset) = self.text_position().unwrap_or((0, 0, 0));
                let i = doc
                    .mentions
                    .partition_point(|m| (m.block, m.span.start) < (block, offset));
                if forward {
                    Some(i).filter(|&n| n < count)
                } else {
                    i.checked_sub(1)
                }
            }
        };
        match candidate.and_then(|i| doc.mentions.get(i).map(|m| (i, m.block, m.span.start))) {
            Some((i, block, start)) => {
                self.selected_mention = Some(i);
                self.reveal(block, start);
            }
            None => {
                self.message = Some(if forward {
                    "no more mentions in this article".into()
                } else {
                    "no earlier mention in this article".into()
                })
            }
        }
    }

    fn run_search(&mut self, query: &str) {
        let folded = crate::text::fold(query.trim());
        if folded.is_empty() {
            return;
        }
        let hits: Vec<Mention> = self
            .lib
            .docs
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| search_document(doc, d, &folded))
            .collect();
        self.target = Some(Target {
            kind: TargetKind::Search {
                query: query.trim().to_string(),
                folded,
            },
            entity: None,
            name: format!("/{}", printable(query.trim())),
            hits,
            current: None,
        });
        self.focus = Focus::Reader;
        match self.first_hit_from_here() {
            Some(k) => self.go_to_hit(k, true),
            None if !self.lib.complete => {
                self.message = Some(format!(
                    "no match yet for {} — still loading; n finds later matches",
                    printable(query.trim())
                ))
            }
            None => self.message = Some(format!("no match for {}", printable(query.trim()))),
        }
    }

    fn toggle_removed(&mut self) {
        // A hidden removed line cannot anchor the reader: move to the block after it first.
        if let Some((layout, line)) = self.top_line() {
            if matches!(self.top.para, ParaId::Removed(..)) {
                self.top = layout.block_anchor_from(line);
            }
        }
        self.show_removed = !self.show_removed;
    }
}

/// Search hits of one document, in reading order.
fn search_document(doc: &Processed, index: usize, folded: &str) -> Vec<Mention> {
    doc.article
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            search_text(&block.text, folded)
                .into_iter()
                .map(move |span| Mention {
                    doc: index,
                    block: b,
                    span,
                })
        })
        .collect()
}
