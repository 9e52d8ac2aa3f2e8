//! The reader's state and its update function. Knows nothing of crossterm or drawing: keys
//! arrive as [`Key`]s, are resolved to actions through the key table (the `input` module), and change
//! state. Positions are text offsets; rows exist only in the cached layouts. What the update
//! needs from the outside world (a search on the worker, a clipboard write, a browser) it asks
//! for as [`Effect`]s, which the loop runs.

use super::effect::Effect;
use super::key::Key;
use super::keymap::Keymap;
use super::layout::DocLayout;
use super::library::{Library, LinkView, MadeListKeys};
use super::nav::{Anchor, JumpList, Location, ParaId, Target, TargetKind};
use super::screen::{self, areas, Areas, Focus};
use super::search::{SearchEvent, SearchRequest};
use super::state::{Bookmark, History};
use super::theme::Theme;
use crate::corpus::{printable, Warning};
use crate::link::Entity;
use crate::pipeline::{Processed, Progress};
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

mod docs;
mod entities;
mod facts;
mod input;
mod marks;
mod prompt;
mod restore;
pub use docs::{DocList, Sort};
pub use entities::{EntityGroup, EntityList, EntityRow};
pub use facts::Side;
pub use prompt::{Prompt, PromptKind};

/// What the background loader sends.
#[derive(Debug)]
pub enum LoadEvent {
    Progress(Progress),
    /// The documents so far, linked, with their facts indexed against the entities (sent now and
    /// then while loading, and once at the end).
    Linked(Box<LinkView>),
    /// Every document is in: the final entities and fact index are being made (the ones
    /// published so far are dropped meanwhile, see [`Library::drop_links`]).
    Finishing,
    /// The entities published so far are dropped before every document is in, as when
    /// [`LoadEvent::Finishing`]: few are left to come, and the final ones follow them.
    DropLinks,
    /// The whole corpus at once, linked, from the corpus snapshot (made on the loading thread):
    /// takes the place of the empty library.
    Whole(Box<Library>),
    /// Loading stopped early (a bug in a pipeline stage); what loaded stays readable.
    Failed(String),
    Finished,
    /// After `Finished`: the documents' list keys, for the documents filter and the title sort.
    ListKeys(Box<MadeListKeys>),
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
    /// The bookmarks, newest first; `selected` indexes that order.
    Bookmarks {
        selected: usize,
    },
    /// Dated facts in date order; `selected` indexes the rows shown.
    Timeline {
        selected: usize,
    },
    /// Facts related to `of`, previewed in the reader as the selection moves.
    Related {
        of: crate::facts::FactRef,
        selected: usize,
        origin: Option<Location>,
    },
    /// Disagreements, each as its two sentences side by side.
    Conflicts {
        selected: usize,
        side: Side,
    },
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
    pub theme: Theme,
    /// The effective key table (defaults and the config file's rebindings).
    pub keymap: Keymap,
    pub focus: Focus,
    /// The side pane shown beside the reader at medium widths.
    pub side: Focus,
    /// The documents pane: filtered and sorted rows, and its cursor.
    pub doc_list: DocList,
    /// The document open in the reader.
    pub open: Option<usize>,
    /// First visible line of the reader, as a text position.
    pub top: Anchor,
    /// Where each document was left (by id), so reopening it returns there, also next run.
    left_at: HashMap<String, Anchor>,
    /// Ids of the documents read.
    pub read: HashSet<String>,
    pub bookmarks: Vec<Bookmark>,
    /// Mention of the open document selected with `]`/`[` (index into its mentions).
    pub selected_mention: Option<usize>,
    /// The fact the reader last jumped to from a facts view (its sentence is marked).
    pub landed_fact: Option<crate::facts::FactRef>,
    pub show_removed: bool,
    pub target: Option<Target>,
    pub jumps: JumpList,
    /// The entities pane's filter.
    pub filter: String,
    /// Entities pane narrowed to the open article.
    pub article_scope: bool,
    pub entity_list: EntityList,
    /// Selected item of `entity_list`.
    pub entity_selected: usize,
    pub popup: Option<Popup>,
    pub prompt: Option<Prompt>,
    pub history: History,
    pub pending: Vec<Key>,
    pub message: Option<String>,
    pub size: Rect,
    pub quit: bool,
    /// Something worth saving changed since the state was last saved.
    pub changed: bool,
    effects: Vec<Effect>,
    search: SearchState,
    /// Saved state still waiting for its documents or entities to arrive.
    restore: Option<restore::Pending>,
    /// Ctrl-Z was pressed: the run loop hands the terminal back to the shell.
    pub suspend: bool,
    layouts: RefCell<HashMap<LayoutKey, Rc<DocLayout>>>,
}

/// The corpus search running on the worker.
#[derive(Debug, Default)]
struct SearchState {
    /// Generation of the current search target's requests; results of others are dropped.
    generation: u64,
    /// Requests of this generation not done yet.
    running: usize,
    /// Where the search was started from: jump to the first hit at or after it once found.
    jump_from: Option<(usize, usize, usize)>,
}

/// Bound on cached layouts: a few widths of the documents being read.
const LAYOUT_CACHE: usize = 64;

impl App {
    pub fn new(lib: Library) -> Self {
        let mut app = App {
            open: if lib.docs.is_empty() { None } else { Some(0) },
            lib,
            theme: Theme::default(),
            keymap: Keymap::default(),
            focus: Focus::Documents,
            side: Focus::Documents,
            doc_list: DocList::default(),
            top: Anchor::TOP,
            selected_mention: None,
            landed_fact: None,
            show_removed: false,
            target: None,
            jumps: JumpList::default(),
            filter: String::new(),
            article_scope: false,
            entity_list: EntityList::default(),
            entity_selected: 0,
            popup: None,
            prompt: None,
            history: History::default(),
            pending: Vec::new(),
            message: None,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            changed: false,
            effects: Vec::new(),
            search: SearchState::default(),
            restore: None,
            suspend: false,
            layouts: RefCell::new(HashMap::new()),
            left_at: HashMap::new(),
            read: HashSet::new(),
            bookmarks: Vec::new(),
        };
        app.rebuild_entities();
        app.sync_doc_list();
        app
    }

    /// The effects asked for since the last call, for the loop to run.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Is a corpus search still running?
    pub fn searching(&self) -> bool {
        self.search.running > 0
    }

    /// A problem worth the user's attention: in the status bar now, in the log for later.
    pub fn warn(&mut self, path: &std::path::Path, message: String) {
        self.message = Some(format!("{} — L shows the log", printable(&message)));
        self.lib.warnings.push(Warning {
            path: path.to_path_buf(),
            message,
        });
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
            LoadEvent::Progress(Progress::Fetched(count)) => self.lib.fetched = Some(count),
            // What the cache gave is for `soi bench` and the tests; the reader shows documents.
            LoadEvent::Progress(Progress::Cached(_)) => {}
            LoadEvent::Progress(Progress::Document(p)) => self.add_document(p),
            LoadEvent::Progress(Progress::Revised(r)) => {
                self.replace_document(r.index, r.processed)
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
            LoadEvent::Linked(view) => self.install(*view),
            LoadEvent::Finishing | LoadEvent::DropLinks => self.unlink(),
            LoadEvent::Whole(lib) => self.take_library(*lib),
            LoadEvent::Failed(why) => {
                let why = printable(&why);
                self.message = Some(format!("loading stopped: {why} — L shows the log"));
                self.lib.errors.push(why);
            }
            LoadEvent::ListKeys(made) => self.lib.take_list_keys(*made),
            LoadEvent::Finished => {
                self.lib.complete = true;
                // A failure's message stays: it says why there is nothing.
                if self.lib.docs.is_empty() && self.lib.errors.is_empty() {
                    self.message = Some(match self.lib.skipped.len() {
                        0 => "no articles found".into(),
                        n => format!("no readable articles: {n} skipped — L shows why"),
                    });
                }
            }
        }
        self.continue_restore();
        self.sync_doc_list();
    }

    pub fn add_document(&mut self, doc: Arc<Processed>) {
        let index = self.lib.docs.len();
        self.lib.push_document(doc);
        // A search target also covers documents that arrive after it was made.
        if let Some(Target {
            kind: TargetKind::Search { folded, .. },
            ..
        }) = &self.target
        {
            let request = SearchRequest {
                generation: self.search.generation,
                folded: folded.as_str().into(),
                docs: vec![(index, self.lib.docs[index].clone())],
            };
            self.search.running += 1;
            self.effects.push(Effect::Search(request));
        }
        if self.open.is_none() {
            self.open = Some(index);
            self.top = self.saved_position(index);
        }
    }

    /// A document cleaned again (site furniture found by the corpus): its cached layouts and
    /// search hits go; its mentions wait for the next link.
    pub fn replace_document(&mut self, index: usize, doc: Arc<Processed>) {
        self.layouts.borrow_mut().retain(|key, _| key.0 != index);
        self.lib.replace_document(index, doc);
        if let Some(Target {
            kind: TargetKind::Search { folded, .. },
            hits,
            current,
            ..
        }) = &mut self.target
        {
            let on_it = current
                .and_then(|c| hits.get(c))
                .is_some_and(|h| h.doc == index);
            let before = hits
                .iter()
                .take(current.unwrap_or(0))
                .filter(|h| h.doc == index)
                .count();
            hits.retain(|h| h.doc != index);
            *current = if on_it {
                None
            } else {
                current.map(|c| c - before)
            };
            let Some(doc) = self.lib.docs.get(index) else {
                return;
            };
            let request = SearchRequest {
                generation: self.search.generation,
                folded: folded.as_str().into(),
                docs: vec![(index, doc.clone())],
            };
            self.search.running += 1;
            self.effects.push(Effect::Search(request));
        }
    }

    pub fn set_entities(&mut self, entities: Vec<Entity>) {
        let facts = std::mem::take(&mut self.lib.facts);
        self.install(LinkView::from_entities(&self.lib.docs, entities, facts));
    }

    /// A whole library the loader made (every document, linked): what was shown goes (the
    /// loading errors so far stay), the first document opens, a search target covers them all.
    pub fn take_library(&mut self, lib: Library) {
        let errors = std::mem::take(&mut self.lib.errors);
        self.lib = lib;
        self.lib.errors.splice(0..0, errors);
        self.layouts.borrow_mut().clear();
        let last_note = self.lib.warnings.last().map(|w| {
            format!(
                "warning: {}: {}",
                printable(&w.path.display().to_string()),
                printable(&w.message)
            )
        });
        if let Some(note) = last_note.or_else(|| self.lib.skipped.last().map(|s| s.to_string())) {
            self.message = Some(format!("{note} — L shows the log"));
        }
        if let Some(Target {
            kind: TargetKind::Search { folded, .. },
            hits,
            current,
            ..
        }) = &mut self.target
        {
            hits.clear();
            *current = None;
            let request = SearchRequest {
                generation: self.search.generation,
                folded: folded.as_str().into(),
                docs: self.lib.docs.iter().cloned().enumerate().collect(),
            };
            self.search.running += 1;
            self.effects.push(Effect::Search(request));
        }
        if self.open.is_none_or(|d| d >= self.lib.docs.len()) {
            self.open = (!self.lib.docs.is_empty()).then_some(0);
            self.top = self.saved_position(0);
        }
        self.entities_changed();
    }

    /// No entities until the final ones are installed (see [`Library::drop_links`]). A target
    /// keeps its hits (places in the documents), to be found again among the final entity's.
    fn unlink(&mut self) {
        self.lib.drop_links();
        if let Some(t) = &mut self.target {
            t.entity = None;
        }
        self.rebuild_entities();
    }

    /// Entities, their indexes and the fact index, as the loader prepared them off this thread.
    pub fn install(&mut self, view: LinkView) {
        self.lib.install(view);
        self.entities_changed();
    }

    /// The entities pane, and an entity target re-resolved (indices moved, the id did not).
    fn entities_changed(&mut self) {
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

    // ---- search results -------------------------------------------------------------------

    /// Results from the search worker. Hits of the current search are added in corpus order;
    /// the first hit at or after where the search started is jumped to as soon as it is known.
    pub fn on_search(&mut self, event: SearchEvent) {
        match event {
            SearchEvent::Hits {
                generation,
                doc,
                hits,
            } if generation == self.search.generation => {
                let Some(t) = &mut self.target else {
                    return;
                };
                // Documents are searched in order, so hits almost always go at the end.
                let at = t.hits.partition_point(|h| h.doc < doc);
                if let Some(c) = t.current.filter(|&c| c >= at) {
                    t.current = Some(c + hits.len());
                }
                let added = hits.len();
                t.hits.splice(at..at, hits);
                if let Some((d, block, offset)) = self.search.jump_from {
                    // Only the new hits: those before them were looked at when they came (a
                    // search from late in a large corpus would go over every hit each time).
                    let found = t.hits[at..at + added]
                        .iter()
                        .position(|h| (h.doc, h.block, h.span.start) >= (d, block, offset))
                        .map(|k| at + k);
                    if let Some(k) = found {
                        self.search.jump_from = None;
                        self.go_to_hit(k, true);
                    }
                }
            }
            SearchEvent::Done { generation } if generation == self.search.generation => {
                self.search.running = self.search.running.saturating_sub(1);
                if self.search.running == 0 {
                    self.search_finished();
                }
            }
            _ => {}
        }
        self.continue_restore();
        self.sync_doc_list();
    }

    /// Every document loaded so far was searched: jump (wrapping) if not done yet, or say
    /// there is nothing.
    fn search_finished(&mut self) {
        if self.search.jump_from.take().is_none() {
            return;
        }
        let Some(t) = &self.target else {
            return;
        };
        let query = printable(&t.name);
        match self.first_hit_from_here() {
            Some(k) => self.go_to_hit(k, true),
            None if !self.lib.complete => {
                self.message = Some(format!(
                    "no match yet for {query} — still loading; n finds later matches"
                ))
            }
            None => self.message = Some(format!("no match for {query}")),
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
            return Some((doc, m.block as usize, m.span().start));
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
        // Reading on in an article counts as reading it.
        if let Some(id) = self.open.and_then(|d| self.lib.doc_id(d)) {
            if !self.read.contains(id) {
                self.read.insert(id.to_string());
            }
        }
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
        let visible = if matches!(
            self.popup,
            Some(Popup::Mentions { .. } | Popup::Related { .. })
        ) {
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

    /// Opens `doc` for the user: it counts as read, and a saved article still waiting to be
    /// reopened no longer is.
    fn open_document(&mut self, doc: usize) {
        if let Some(r) = &mut self.restore {
            r.open = None;
        }
        if let Some(id) = self.lib.doc_id(doc) {
            self.read.insert(id.to_string());
        }
        self.show_document(doc);
    }

    /// Shows `doc` in the reader where it was left.
    fn show_document(&mut self, doc: usize) {
        if self.open == Some(doc) {
            return;
        }
        self.remember_position();
        self.open = Some(doc);
        self.doc_list.select_doc(doc);
        self.top = self.saved_position(doc);
        self.selected_mention = None;
        // The target's counter is about this article: no current hit when it has none here.
        if let Some(t) = &mut self.target {
            if t.current
                .and_then(|c| t.hits.get(c))
                .is_some_and(|h| h.doc != doc)
            {
                t.current = None;
            }
        }
        if self.article_scope {
            self.rebuild_entities();
        }
    }

    /// Keeps where the open document is, for reopening it (and for the next run).
    fn remember_position(&mut self) {
        if let Some(id) = self.open.and_then(|d| self.lib.doc_id(d)) {
            self.left_at.insert(id.to_string(), self.top);
        }
    }

    /// Where `doc` was left, when that place still exists in it.
    fn saved_position(&self, doc: usize) -> Anchor {
        let Some(d) = self.lib.docs.get(doc) else {
            return Anchor::TOP;
        };
        self.left_at
            .get(&d.document.id)
            .copied()
            .filter(|a| anchor_fits(d, a))
            .unwrap_or(Anchor::TOP)
    }

    fn push_jump(&mut self) {
        if let Some(here) = self.location() {
            self.jumps.push(here);
        }
    }

    fn go_to_location(&mut self, to: Location) {
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
            .position(|m| m.block as usize == hit.block && m.span() == hit.span)
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
        if entity >= self.lib.entities.len() {
            return;
        }
        self.forget_search();
        let e = &self.lib.entities[entity];
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
                    .partition_point(|m| (m.block as usize, m.span().start) < (block, offset));
                if forward {
                    Some(i).filter(|&n| n < count)
                } else {
                    i.checked_sub(1)
                }
            }
        };
        match candidate.and_then(|i| {
            doc.mentions
                .get(i)
                .map(|m| (i, m.block as usize, m.span().start))
        }) {
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

    /// Makes `query` the target and asks the worker to search every loaded document; hits
    /// arrive in [`App::on_search`].
    fn run_search(&mut self, query: &str) {
        let query: String = query
            .trim()
            .chars()
            .take(super::search::MAX_QUERY_CHARS)
            .collect();
        let folded = crate::text::fold(&query);
        if folded.is_empty() {
            return;
        }
        self.set_search_target(&query, folded);
        self.search.jump_from = Some(self.text_position().unwrap_or((0, 0, 0)));
        self.focus = Focus::Reader;
    }

    /// Results still on their way are for a target that is gone: drop them when they come.
    pub(super) fn forget_search(&mut self) {
        self.search.generation += 1;
        self.search.running = 0;
        self.search.jump_from = None;
    }

    /// A search target with no hits yet, and the request that will find them.
    fn set_search_target(&mut self, query: &str, folded: String) {
        self.forget_search();
        let request = SearchRequest {
            generation: self.search.generation,
            folded: folded.as_str().into(),
            docs: self.lib.docs.iter().cloned().enumerate().collect(),
        };
        self.search.running = 1;
        self.effects.push(Effect::Search(request));
        self.target = Some(Target {
            kind: TargetKind::Search {
                query: query.to_string(),
                folded,
            },
            entity: None,
            name: format!("/{}", printable(query)),
            hits: Vec::new(),
            current: None,
        });
    }

    fn toggle_removed(&mut self) {
        // A hidden removed line cannot anchor the reader: move to the nearest block first.
        if let Some((layout, line)) = self.top_line() {
            if matches!(self.top.para, ParaId::Removed(..)) {
                self.top = layout.block_anchor_near(line);
            }
        }
        self.show_removed = !self.show_removed;
        // Fewer lines can leave the top past the last page: keep the screen full.
        if let Some((layout, top)) = self.top_line() {
            let (_, height) = self.reader_metrics();
            let max = Self::max_top(&layout, height);
            if top > max {
                self.top = layout.anchor_of(max);
            }
        }
    }
}

/// Does a saved anchor still point into this document's text?
fn anchor_fits(doc: &Processed, a: &Anchor) -> bool {
    match a.para {
        ParaId::Title | ParaId::Meta => true,
        ParaId::Block(b) => doc.article.blocks.get(b).is_some_and(|block| {
            a.offset <= block.text.len() && block.text.is_char_boundary(a.offset)
        }),
        ParaId::Removed(r, _) => r < doc.article.removed.len(),
    }
}
