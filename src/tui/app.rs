//! The reader's state and its update function. Knows nothing of crossterm or drawing: keys
//! arrive as [`Key`]s, are resolved to [`Action`]s through the key table, and change state.

use super::action::Action;
use super::key::{Key, KeyCode};
use super::keymap::{self, Context, Resolved};
use super::layout::DocLayout;
use super::library::Library;
use super::nav::{search_text, Anchor, JumpList, Location, ParaId, Target, TargetKind};
use super::screen::{self, areas, list_offset, Areas, Focus};
use crate::corpus::printable;
use crate::extract::EntityKind;
use crate::link::{Entity, Mention};
use crate::pipeline::{Processed, Progress};
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use unicode_segmentation::UnicodeSegmentation;

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

/// A group of the entities pane: one kind, a run of `EntityList::items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityGroup {
    pub kind: EntityKind,
    pub start: usize,
    pub len: usize,
}

/// The entities pane content: entity indices in display order, grouped by kind.
#[derive(Debug, Clone, Default)]
pub struct EntityList {
    pub items: Vec<usize>,
    pub groups: Vec<EntityGroup>,
}

impl EntityList {
    /// Rows on screen: one header per group plus the items.
    pub fn rows(&self) -> usize {
        self.items.len() + self.groups.len()
    }

    /// The screen row of item `i`.
    pub fn row_of(&self, i: usize) -> usize {
        let groups_before = self.groups.iter().filter(|g| g.start <= i).count();
        i + groups_before
    }

    /// What is on row `r`: a group header or an item.
    pub fn at_row(&self, r: usize) -> Option<EntityRow> {
        let mut row = 0;
        for g in &self.groups {
            if r == row {
                return Some(EntityRow::Header(*g));
            }
            if r < row + 1 + g.len {
                return Some(EntityRow::Item(g.start + (r - row - 1)));
            }
            row += 1 + g.len;
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Header(EntityGroup),
    Item(usize),
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

    // ---- entities pane --------------------------------------------------------------------

    /// Recomputes the entities pane from the filter and scope, keeping the selected entity
    /// when it is still listed.
    pub fn rebuild_entities(&mut self) {
        let previous = self.entity_list.items.get(self.entity_selected).copied();
        let folded = crate::text::fold(&self.filter);
        let scope: Option<&[usize]> = match (self.article_scope, self.open) {
            (true, Some(doc)) => Some(self.lib.doc_entities(doc)),
            (true, None) => Some(&[]),
            _ => None,
        };
        let mut list = EntityList::default();
        for kind in EntityKind::ALL {
            let start = list.items.len();
            for (i, e) in self.lib.entities.iter().enumerate() {
                if e.kind == kind
                    && scope.is_none_or(|s| s.binary_search(&i).is_ok())
                    && self.lib.entity_matches(i, &folded)
                {
                    list.items.push(i);
                }
            }
            let len = list.items.len() - start;
            if len > 0 {
                list.groups.push(EntityGroup { kind, start, len });
            }
        }
        self.entity_selected = previous
            .and_then(|p| list.items.iter().position(|&i| i == p))
            .unwrap_or(0);
        self.entity_list = list;
    }

    fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.rebuild_entities();
        // Selection on the first match.
        self.entity_selected = 0;
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

    // ---- input ----------------------------------------------------------------------------

    fn contexts(&self) -> [Context; 2] {
        let first = match (self.popup, self.focus) {
            (Some(Popup::Mentions { .. }), _) => Context::Mentions,
            (Some(_), _) => Context::Popup,
            (None, Focus::Documents) => Context::Documents,
            (None, Focus::Reader) => Context::Reader,
            (None, Focus::Entities) => Context::Entities,
        };
        [first, Context::Global]
    }

    pub fn handle_key(&mut self, key: Key) {
        if key == Key::ctrl('c') {
            self.quit = true;
            return;
        }
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        match keymap::resolve(&self.pending, key, &self.contexts()) {
            Resolved::Action(a) => {
                self.pending.clear();
                self.apply(a);
            }
            Resolved::Pending => self.pending.push(key),
            Resolved::Unbound => self.pending.clear(),
        }
    }

    /// Bracketed paste: text goes into an open prompt, else is ignored.
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(p) = &mut self.prompt {
            p.input.push_str(&printable(text));
            if p.kind == PromptKind::Filter {
                let f = p.input.clone();
                self.set_filter(f);
            }
        }
    }

    fn prompt_key(&mut self, key: Key) {
        let Some(mut prompt) = self.prompt.take() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                if prompt.kind == PromptKind::Filter {
                    self.set_filter(prompt.previous);
                }
                return;
            }
            KeyCode::Enter => {
                if prompt.kind == PromptKind::Search {
                    self.run_search(&prompt.input);
                }
                return;
            }
            KeyCode::Backspace => {
                prompt.input.pop();
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => prompt.input.push(c),
            _ => {}
        }
        if prompt.kind == PromptKind::Filter {
            self.set_filter(prompt.input.clone());
        }
        self.prompt = Some(prompt);
    }

    pub fn handle_mouse(&mut self, mouse: MouseInput) {
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
                                let off = list_offset(self.doc_selected, self.lib.docs.len(), h);
                                if off + row < self.lib.docs.len() {
                                    self.doc_selected = off + row;
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
    fn mention_at(&self, reader: Rect, x: u16, y: u16) -> Option<usize> {
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
            used += super::wrap::grapheme_width(g);
            if used > column {
                offset = Some(line.range.start + i);
                break;
            }
        }
        let offset = offset?;
        self.lib
            .docs
            .get(doc)?
            .mentions
            .iter()
            .position(|m| m.block == block && m.span.start <= offset && offset < m.span.end)
    }

    fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus != Focus::Reader {
            self.side = focus;
        }
    }

    fn move_docs(&mut self, delta: isize) {
        let n = self.lib.docs.len();
        if n > 0 {
            self.doc_selected =
                (self.doc_selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    fn move_entities(&mut self, delta: isize) {
        let n = self.entity_list.items.len();
        if n > 0 {
            self.entity_selected =
                (self.entity_selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Moves in the focused pane by `delta` rows.
    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Focus::Documents => self.move_docs(delta),
            Focus::Reader => self.scroll_reader(delta),
            Focus::Entities => self.move_entities(delta),
        }
    }

    fn page(&self) -> isize {
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
            Action::FocusNext | Action::FocusPrev => {
                let order = [Focus::Documents, Focus::Reader, Focus::Entities];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext { 1 } else { 2 };
                self.set_focus(order[(i + step) % 3]);
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
                        self.doc_selected = if bottom {
                            self.lib.docs.len().saturating_sub(1)
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
                    if self.doc_selected < self.lib.docs.len()
                        && self.open != Some(self.doc_selected)
                    {
                        self.push_jump();
                        self.open_document(self.doc_selected);
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
                let Some((block, span)) = place.map(|m| (m.block, m.span)) else {
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
            Action::Search => {
                let kind = if self.focus == Focus::Entities {
                    PromptKind::Filter
                } else {
                    PromptKind::Search
                };
                let input = if kind == PromptKind::Filter {
                    self.filter.clone()
                } else {
                    String::new()
                };
                self.prompt = Some(Prompt {
                    kind,
                    input,
                    previous: self.filter.clone(),
                });
            }
            Action::JumpBack => match self.location().and_then(|here| self.jumps.back(here)) {
                Some(to) => self.restore(to),
                None => self.message = Some("no earlier position".into()),
            },
            Action::JumpForward => match self.jumps.forward() {
                Some(to) => self.restore(to),
                None => self.message = Some("no later position".into()),
            },
            Action::ToggleRemoved => self.toggle_removed(),
            Action::ToggleScope => {
                self.article_scope = !self.article_scope;
                self.rebuild_entities();
            }
            Action::ClearTarget => self.target = None,
            Action::ShowLog => self.popup = Some(Popup::Log { scroll: 0 }),
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::Close => self.selected_mention = None,
        }
    }

    fn apply_popup(&mut self, popup: Popup, action: Action) {
        match (popup, action) {
            (_, Action::Quit) => self.quit = true,
            (Popup::Mentions { origin }, Action::Close) => {
                self.popup = None;
                if let Some(o) = origin {
                    self.restore(o);
                }
            }
            (_, Action::Close) => self.popup = None,
            (Popup::Help { .. }, Action::Help) => self.popup = None,
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
            (
                Popup::Help { scroll } | Popup::Log { scroll },
                Action::Down | Action::Up | Action::PageDown | Action::PageUp,
            ) => {
                let delta: isize = match action {
                    Action::Down => 1,
                    Action::Up => -1,
                    Action::PageDown => 10,
                    _ => -10,
                };
                let max = match popup {
                    Popup::Help { .. } => super::view::help_max_scroll(self.size),
                    _ => self.lib.skipped.len() + self.lib.warnings.len() + self.lib.errors.len(),
                };
                let scroll = (scroll as isize + delta).clamp(0, max as isize) as usize;
                self.popup = Some(match popup {
                    Popup::Help { .. } => Popup::Help { scroll },
                    _ => Popup::Log { scroll },
                });
            }
            _ => {}
        }
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
