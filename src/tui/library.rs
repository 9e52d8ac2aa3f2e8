//! The corpus as the reader sees it: processed documents (arriving while loading), linked
//! entities, and indexes from mentions to entities.

use crate::corpus::{Skipped, Warning};
use crate::extract::EntityKind;
use crate::link::{Entity, Linked, Mention, MentionEntities};
use crate::pipeline::{Corpus, FetchCount, Processed};
use crate::snapshot::Whole;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// The loaded corpus plus lookups the reader needs on every frame.
#[derive(Debug, Default)]
pub struct Library {
    /// Shared with the search worker, which reads them off the input loop.
    pub docs: Vec<Arc<Processed>>,
    /// Their lists of mentions left empty: an entity's mentions are found from each mention's
    /// entity when asked ([`Library::entity_hits`]), and counted in `mention_counts`.
    pub entities: Vec<Entity>,
    /// Related facts, disagreements and the timeline, indexed against `entities`.
    pub facts: crate::facts::FactIndex,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    /// Loading failures (printable), shown in the log.
    pub errors: Vec<String>,
    /// Files discovery found (the loading total), once known.
    pub expected: Option<usize>,
    /// Web requests answered of those known, while any are.
    pub fetched: Option<FetchCount>,
    /// Loading and linking finished.
    pub complete: bool,
    /// Per document, per raw mention (same order as `Processed::mentions`): its entity, for the
    /// documents known when the entities were made.
    mention_entity: MentionEntities,
    /// Per entity: its number of mentions.
    mention_counts: Vec<u32>,
    /// Documents processed again since: their mentions have no entity until the next link.
    relinking: HashSet<usize>,
    /// Per entity: folded name and aliases, for the filter.
    folded_names: Vec<String>,
    /// Per document: its title made printable and cut to a list row's worth, once (a piece of
    /// the title itself when it is printable as it is).
    titles: Texts,
    /// Per document: where it came from (web host, else file path), printable (a piece of the
    /// address or path when printable as it is).
    sources: Texts,
    /// Per document: folded title, source and date, for the documents filter and the title
    /// sort, once either is asked for ([`Library::make_list_keys`]): at 100,000 documents they
    /// are 10-16 MB, held through the peak of the loading's memory, and most readings never ask.
    list_keys: Option<ListKeys>,
    /// Document index by id (ids are unique in a corpus and stable across runs).
    by_id: Ids,
}

/// What a folded query of the documents filter is looked for with.
pub struct DocQuery<'q> {
    finder: memchr::memmem::Finder<'q>,
    bytes: ByteSet,
    /// One letter or digit: a key holds it exactly when its byte set says so.
    one_letter: bool,
}

impl<'q> DocQuery<'q> {
    /// `folded`: the query as [`crate::text::fold`] made it.
    pub fn new(folded: &'q str) -> Self {
        let bytes = folded.as_bytes();
        DocQuery {
            finder: memchr::memmem::Finder::new(bytes),
            bytes: ByteSet::of(bytes),
            one_letter: matches!(bytes, [b] if b.is_ascii_alphanumeric()),
        }
    }
}

/// Which bytes a text holds, as bits: a letter or digit (of a folded, lower-case key) its own,
/// any other byte one bit shared with others. A key lacking a byte of the query cannot hold it:
/// at 100,000 documents a key of the filter reads these 8 bytes per document instead of every
/// key, and a query of one letter is answered by them alone.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ByteSet(u64);

impl ByteSet {
    fn of(text: &[u8]) -> Self {
        ByteSet(text.iter().fold(0, |set, &b| set | 1 << Self::bit(b)))
    }

    fn bit(b: u8) -> u32 {
        match b {
            b'a'..=b'z' => u32::from(b - b'a'),
            b'0'..=b'9' => 26 + u32::from(b - b'0'),
            _ => 36 + u32::from(b) % 28,
        }
    }

    fn holds(self, other: ByteSet) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A short text per document: a piece of a text the document holds (its title, its address),
/// or its own, end to end with the others in one string. A string per document cost its header
/// and its allocation, for every document of the corpus, and most titles and sources are the
/// document's own text as it is.
#[derive(Debug, Default)]
struct Texts {
    text: String,
    /// Per document: where its text is.
    spans: Vec<TextSpan>,
}

/// Where a document's short text is: a byte range of the document's own text, or of
/// [`Texts::text`] (ranges of u32: the texts of 100,000 documents are a few tens of MB).
#[derive(Debug, Clone, Copy)]
enum TextSpan {
    Doc(u32, u32),
    Own(u32, u32),
}

/// A document's short text as it is made: a piece of the document's own text, or its own.
enum Short {
    Piece(Range<usize>),
    Own(String),
}

impl Short {
    /// Its text, `from` the text it may be a piece of.
    fn text<'a>(&'a self, from: &'a str) -> &'a str {
        match self {
            Short::Piece(range) => from.get(range.clone()).unwrap_or(""),
            Short::Own(own) => own,
        }
    }

    /// `made` from `from`: a piece of it when the same.
    fn of(from: &str, made: String) -> Short {
        if made == from {
            Short::Piece(0..from.len())
        } else {
            Short::Own(made)
        }
    }
}

/// A range of u32 (a text past 4 GiB reads as empty, not as another's).
fn narrow(range: Range<usize>) -> (u32, u32) {
    let narrow = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    (narrow(range.start), narrow(range.end))
}

impl Texts {
    fn span_of(&mut self, short: &Short) -> TextSpan {
        match short {
            Short::Piece(range) => {
                let (start, end) = narrow(range.clone());
                TextSpan::Doc(start, end)
            }
            Short::Own(own) => self.own(own),
        }
    }

    fn own(&mut self, text: &str) -> TextSpan {
        let start = self.text.len();
        self.text.push_str(text);
        let (start, end) = narrow(start..self.text.len());
        TextSpan::Own(start, end)
    }

    fn push(&mut self, short: &Short) {
        let span = self.span_of(short);
        self.spans.push(span);
    }

    /// A revised document's text; its own goes at the end (revisions are few; the old bytes
    /// stay).
    fn replace(&mut self, doc: usize, short: &Short) {
        let span = self.span_of(short);
        if let Some(at) = self.spans.get_mut(doc) {
            *at = span;
        }
    }

    /// The text of `doc`, `from` the document's text it may be a piece of.
    fn get<'a>(&'a self, doc: usize, from: Option<&'a str>) -> &'a str {
        let text = match self.spans.get(doc) {
            Some(&TextSpan::Doc(start, end)) => {
                from.and_then(|from| from.get(start as usize..end as usize))
            }
            Some(&TextSpan::Own(start, end)) => self.text.get(start as usize..end as usize),
            None => None,
        };
        text.unwrap_or("")
    }
}

/// Document index by id: by the id's hash, the id itself read from the document (a copy of
/// each id cost tens of bytes per document); an id whose hash another id has is kept whole.
#[derive(Debug, Default)]
struct Ids {
    by_hash: HashMap<u64, u32>,
    collided: HashMap<String, usize>,
}

impl Ids {
    fn hash(id: &str) -> u64 {
        crate::cache::hash_bytes(id.as_bytes())
    }

    /// `id` is the id of document `doc`; `docs` the documents before it.
    fn insert(&mut self, id: &str, doc: usize, docs: &[Arc<Processed>]) {
        let Ok(narrow) = u32::try_from(doc) else {
            self.collided.insert(id.to_owned(), doc);
            return;
        };
        let hash = Ids::hash(id);
        match self.by_hash.get(&hash) {
            Some(&other) if Ids::id(docs, other as usize) != Some(id) => {
                self.collided.insert(id.to_owned(), doc);
            }
            _ => {
                self.by_hash.insert(hash, narrow);
            }
        }
    }

    fn get(&self, id: &str, docs: &[Arc<Processed>]) -> Option<usize> {
        self.collided.get(id).copied().or_else(|| {
            let doc = *self.by_hash.get(&Ids::hash(id))? as usize;
            (Ids::id(docs, doc) == Some(id)).then_some(doc)
        })
    }

    fn id(docs: &[Arc<Processed>], doc: usize) -> Option<&str> {
        docs.get(doc).map(|d| d.document.id.as_str())
    }
}

/// The documents' list keys end to end in one string: the documents filter reads every key on
/// each key press, and at 100,000 documents keys in separate allocations cost it cache misses.
#[derive(Debug, Default)]
struct ListKeys {
    keys: Texts,
    /// Per document: the bytes its key holds ([`ByteSet`]), read before the key itself.
    bytes: Vec<ByteSet>,
}

impl ListKeys {
    /// Room for `docs` more keys of `bytes` in all.
    fn reserve(&mut self, docs: usize, bytes: usize) {
        self.keys.text.reserve_exact(bytes);
        self.keys.spans.reserve_exact(docs);
        self.bytes.reserve_exact(docs);
    }

    /// Sets the key of `doc`; `doc` one past the last keyed is added.
    fn set(&mut self, doc: usize, key: &str) {
        let span = self.keys.own(key);
        let bytes = ByteSet::of(key.as_bytes());
        match (self.keys.spans.get_mut(doc), self.bytes.get_mut(doc)) {
            (Some(at_span), Some(at_bytes)) => {
                *at_span = span;
                *at_bytes = bytes;
            }
            _ => {
                self.keys.spans.push(span);
                self.bytes.push(bytes);
            }
        }
    }

    fn get(&self, doc: usize) -> &str {
        self.keys.get(doc, None)
    }

    /// The keys of `docs`, `key_of(d)` for each, made across every core. Their room is made
    /// once: grown push by push, the keys (tens of MB at 100,000 documents) were copied a few
    /// times over and left with up to as much room unused. The keys' length is near their
    /// texts' (folding keeps most characters' length); the rest is made room for as it comes.
    fn made(docs: &[Arc<Processed>], key_of: impl Fn(usize) -> String + Sync) -> Self {
        let mut keys = ListKeys::default();
        let guess: usize = docs.iter().map(|d| key_guess(d)).sum();
        keys.reserve(docs.len(), guess);
        let mut doc = 0;
        in_windows(docs.len(), key_of, |key| {
            keys.set(doc, &key);
            doc += 1;
        });
        keys.keys.text.shrink_to_fit();
        keys
    }
}

/// Every document's list key, made off the UI thread once loading is over (made on the first key
/// of the documents filter, they stalled it for a quarter of a second at 100,000 documents), with
/// the documents they were made for ([`Library::take_list_keys`]).
#[derive(Debug)]
pub struct MadeListKeys {
    docs: Vec<Arc<Processed>>,
    keys: ListKeys,
}

impl MadeListKeys {
    pub fn of(docs: Vec<Arc<Processed>>) -> Self {
        let keys = ListKeys::made(&docs, |d| {
            let doc = &docs[d];
            let row = list_row(doc);
            let source = source_text(doc).unwrap_or("");
            fold_list_key(
                row.title.text(&doc.article.title),
                row.source.text(source),
                doc,
            )
        });
        MadeListKeys { docs, keys }
    }
}

/// A document's list key: its printable title and source, and its date, folded.
fn fold_list_key(title: &str, source: &str, doc: &Processed) -> String {
    let date = doc.article.published.as_deref().unwrap_or("");
    // Each part folded straight into the key: folding keeps the line breaks between them.
    let mut key = String::with_capacity(key_guess(doc));
    crate::text::fold_into(title, &mut key);
    key.push('\n');
    crate::text::fold_into(source, &mut key);
    key.push('\n');
    crate::text::fold_into(&crate::corpus::printable(date), &mut key);
    key
}

/// Frees what a library replaced off the UI thread: freeing the indexes of 100,000 articles (a
/// few allocations per document, entity and fact) took most of an installation's time. Where no
/// thread can be made, they are freed here.
fn free_elsewhere<T: Send + 'static>(old: T) {
    let _ = std::thread::Builder::new()
        .name("soi-free".into())
        .spawn(move || {
            drop(old);
            // The stream and the final linking go on meanwhile: what was freed is theirs.
            crate::pipeline::release_freed();
        });
}

/// A document's list row: its printable title and source label.
struct ListRow {
    title: Short,
    source: Short,
}

/// A document's list row.
fn list_row(doc: &Processed) -> ListRow {
    // The title's first characters as a slice of it, not collected character by character: a
    // reopen makes the rows of every document at once.
    let title = &doc.article.title;
    let cut = title
        .char_indices()
        .nth(TITLE_CHARS)
        .map_or(title.len(), |(at, _)| at);
    let title = &title[..cut];
    let printable_title = crate::corpus::printable(title);
    let source_text = source_text(doc);
    let printable_source = match source_text {
        Some(text) => crate::corpus::printable(text),
        None => crate::corpus::printable(&doc.document.path.to_string_lossy()),
    };
    ListRow {
        title: Short::of(title, printable_title),
        source: match source_text {
            Some(text) => Short::of(text, printable_source),
            None => Short::Own(printable_source),
        },
    }
}

/// `make(i)` for each i in `0..count` across every core, handed to `take` in order a window of
/// [`ROWS_AT_ONCE`] at a time: made all at once, they were a second copy of the texts at the peak
/// of a reopen's memory.
fn in_windows<T: Send>(count: usize, make: impl Fn(usize) -> T + Sync, mut take: impl FnMut(T)) {
    for start in (0..count).step_by(ROWS_AT_ONCE) {
        let end = (start + ROWS_AT_ONCE).min(count);
        let made: Vec<T> = (start..end).into_par_iter().map(&make).collect();
        made.into_iter().for_each(&mut take);
    }
}

/// Longest title kept for list rows and popups (in characters).
const TITLE_CHARS: usize = 160;

/// Documents whose list rows are made together when many come at once.
const ROWS_AT_ONCE: usize = 4096;

/// A document's list key's length, about: its title's first characters, its source and date.
fn key_guess(doc: &Processed) -> usize {
    let title = doc.article.title.len().min(TITLE_CHARS * 2);
    let source = source_text(doc).map_or(0, str::len);
    let date = doc.article.published.as_deref().map_or(0, str::len);
    title + source + date + 2
}

/// The per-document lists of a library made from documents known at once.
#[derive(Default)]
struct Lists {
    titles: Texts,
    sources: Texts,
}

impl Lists {
    fn push(&mut self, row: &ListRow) {
        self.titles.push(&row.title);
        self.sources.push(&row.source);
    }
}

impl Library {
    /// A finished library from a built corpus (tests, benches).
    pub fn from_corpus(corpus: Corpus) -> Self {
        let mut lib = Library::of_documents(corpus.documents, corpus.skipped, corpus.warnings);
        let view = LinkView::from_entities(&lib.docs, corpus.entities, corpus.facts);
        lib.install(view);
        lib.complete = true;
        lib
    }

    /// The corpus of a snapshot, linked as it was when written: made whole on the loading thread,
    /// the reader only takes it.
    pub fn from_whole(whole: Whole) -> Self {
        let Whole {
            corpus,
            mention_entity,
        } = whole;
        let linked = Linked {
            entities: corpus.entities,
            mention_entity,
        };
        // The list and the entities' indexes are made side by side.
        let (mut lib, view) = rayon::join(
            || Library::of_documents(corpus.documents, corpus.skipped, corpus.warnings),
            || LinkView::new(linked, corpus.facts),
        );
        lib.install(view);
        lib
    }

    /// Documents known all at once, their list rows made in parallel; no entities until one is
    /// installed.
    fn of_documents(
        docs: Vec<Arc<Processed>>,
        skipped: Vec<Skipped>,
        warnings: Vec<Warning>,
    ) -> Self {
        // The index by id (one thread) beside the rows (the others).
        let (lists, by_id) = rayon::join(
            || {
                let mut lists = Lists::default();
                lists.titles.spans.reserve_exact(docs.len());
                lists.sources.spans.reserve_exact(docs.len());
                in_windows(docs.len(), |d| list_row(&docs[d]), |row| lists.push(&row));
                lists
            },
            || {
                let mut by_id = Ids::default();
                for (i, d) in docs.iter().enumerate() {
                    by_id.insert(&d.document.id, i, &docs);
                }
                by_id
            },
        );
        let Lists { titles, sources } = lists;
        Library {
            expected: Some(docs.len()),
            skipped,
            warnings,
            by_id,
            titles,
            sources,
            docs,
            ..Library::default()
        }
    }

    pub fn push_document(&mut self, doc: Arc<Processed>) {
        let row = list_row(&doc);
        self.titles.push(&row.title);
        self.sources.push(&row.source);
        self.by_id
            .insert(&doc.document.id, self.docs.len(), &self.docs);
        self.docs.push(doc);
        self.update_list_key(self.docs.len() - 1);
    }

    /// Replaces a document processed again (same file, same id); its mentions are unlinked
    /// until the next link.
    pub fn replace_document(&mut self, index: usize, doc: Arc<Processed>) {
        if index >= self.docs.len() {
            return;
        }
        let row = list_row(&doc);
        self.relinking.insert(index);
        self.titles.replace(index, &row.title);
        self.sources.replace(index, &row.source);
        self.docs[index] = doc;
        self.update_list_key(index);
    }

    /// Brings a document's list key up to date, if the keys are made.
    fn update_list_key(&mut self, doc: usize) {
        if let Some(mut keys) = self.list_keys.take() {
            keys.set(doc, &self.make_list_key(doc));
            self.list_keys = Some(keys);
        }
    }

    /// Makes every document's list key, unless made: the documents filter and the title sort
    /// read them (made, they are kept up to date as documents come and change). The loader makes
    /// them once loading is over ([`Library::take_list_keys`]); this is for a key pressed before.
    pub fn make_list_keys(&mut self) {
        if self.list_keys.is_none() {
            self.list_keys = Some(ListKeys::made(&self.docs, |d| self.make_list_key(d)));
        }
    }

    /// Takes the list keys made off the UI thread, unless made meanwhile. Documents that are not
    /// the ones the keys were made for (revised, or arrived since) get theirs made here.
    pub fn take_list_keys(&mut self, made: MadeListKeys) {
        if self.list_keys.is_some() || made.docs.len() > self.docs.len() {
            free_elsewhere(made);
            return;
        }
        let MadeListKeys { docs, mut keys } = made;
        for (d, doc) in self.docs.iter().enumerate() {
            if !docs
                .get(d)
                .is_some_and(|made_for| Arc::ptr_eq(made_for, doc))
            {
                keys.set(d, &self.make_list_key(d));
            }
        }
        self.list_keys = Some(keys);
        free_elsewhere(docs);
    }

    /// A document's list key, from its list row as the library holds it.
    fn make_list_key(&self, doc: usize) -> String {
        self.docs.get(doc).map_or_else(String::new, |d| {
            fold_list_key(self.title(doc), self.source(doc), d)
        })
    }

    /// Takes entities and their indexes made for the documents as they are (see [`LinkView`]).
    /// Documents that arrived since have no entities yet.
    pub fn install(&mut self, view: LinkView) {
        let LinkView {
            entities,
            mention_entity,
            mention_counts,
            folded_names,
            facts,
        } = view;
        self.relinking.clear();
        self.mention_counts = mention_counts;
        free_elsewhere((
            std::mem::replace(&mut self.mention_entity, mention_entity),
            std::mem::replace(&mut self.folded_names, folded_names),
            std::mem::replace(&mut self.entities, entities),
            std::mem::replace(&mut self.facts, facts),
        ));
    }

    /// Drops the entities, their indexes and the fact index until the next installation: once
    /// every document is in, the loader makes the final ones, and the last ones published would
    /// be a second copy at the peak of the reader's memory. The entities pane is empty and the
    /// facts' views say they are still loading meanwhile.
    pub fn drop_links(&mut self) {
        self.mention_counts = Vec::new();
        free_elsewhere((
            std::mem::take(&mut self.mention_entity),
            std::mem::take(&mut self.folded_names),
            std::mem::take(&mut self.entities),
            std::mem::take(&mut self.facts),
        ));
    }

    /// Where a document came from: its web host, else its file path (printable).
    pub fn source(&self, doc: usize) -> &str {
        let from = self.docs.get(doc).and_then(|d| source_text(d));
        self.sources.get(doc, from)
    }

    /// Does the document's title, source or date contain the query?
    pub fn document_matches(&self, doc: usize, query: &DocQuery<'_>) -> bool {
        if query.finder.needle().is_empty() {
            return true;
        }
        let Some(keys) = &self.list_keys else {
            return query.finder.find(self.list_key(doc).as_bytes()).is_some();
        };
        let held = keys.bytes.get(doc).copied().unwrap_or_default();
        held.holds(query.bytes)
            && (query.one_letter || query.finder.find(keys.get(doc).as_bytes()).is_some())
    }

    /// Folded title, source and date of a document (title first: it sorts by title): the one
    /// kept, else made now (see [`Library::make_list_keys`]).
    pub fn list_key(&self, doc: usize) -> Cow<'_, str> {
        match &self.list_keys {
            Some(keys) => Cow::Borrowed(keys.get(doc)),
            None => Cow::Owned(self.make_list_key(doc)),
        }
    }

    /// The document with this id.
    pub fn doc_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id, &self.docs)
    }

    /// The id of a document.
    pub fn doc_id(&self, doc: usize) -> Option<&str> {
        self.docs.get(doc).map(|d| d.document.id.as_str())
    }

    /// The printable title of a document.
    pub fn title(&self, doc: usize) -> &str {
        let from = self.docs.get(doc).map(|d| d.article.title.as_str());
        self.titles.get(doc, from)
    }

    /// The entity of the `i`-th raw mention of `doc`, once linked.
    pub fn mention_entity(&self, doc: usize, i: usize) -> Option<usize> {
        if self.relinking.contains(&doc) {
            return None;
        }
        self.mention_entity.get(doc, i).map(|e| e as usize)
    }

    /// The distinct entities of a document, once linked, sorted: made when asked (for the open
    /// document), from its mentions' entities, not kept for every document.
    pub fn doc_entities(&self, doc: usize) -> Vec<u32> {
        if self.relinking.contains(&doc) {
            return Vec::new();
        }
        let mut all: Vec<u32> = self.mention_entity.of(doc).linked().collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Does the entity's name or an alias contain the folded query?
    pub fn entity_matches(&self, entity: usize, folded_query: &str) -> bool {
        folded_query.is_empty()
            || self
                .folded_names
                .get(entity)
                .is_some_and(|n| n.contains(folded_query))
    }

    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }

    /// The entity's mentions in corpus order (found by going over each mention's entity).
    pub fn entity_hits(&self, entity: usize) -> Vec<Mention> {
        let Ok(entity) = u32::try_from(entity) else {
            return Vec::new();
        };
        let mut hits: Vec<Mention> = self
            .mention_entity
            .mentions_of(entity)
            .filter_map(|at| at.place(&self.docs.get(at.doc())?.mentions))
            .collect();
        hits.sort();
        hits
    }

    /// How many mentions the entity has in the corpus.
    pub fn entity_mentions(&self, entity: usize) -> usize {
        self.mention_counts.get(entity).map_or(0, |&n| n as usize)
    }

    /// How many mentions the entity has in document `doc`, once linked.
    pub fn entity_mentions_in(&self, entity: usize, doc: usize) -> usize {
        if self.relinking.contains(&doc) {
            return 0;
        }
        self.mention_entity
            .of(doc)
            .linked()
            .filter(|&e| e as usize == entity)
            .count()
    }

    /// Kind of an entity, for colouring.
    pub fn entity_kind(&self, entity: usize) -> Option<EntityKind> {
        self.entities.get(entity).map(|e| e.kind)
    }
}

/// Where a document came from, as it says: the web host of its address, else its file path
/// (`None` when not UTF-8).
fn source_text(doc: &Processed) -> Option<&str> {
    let host = doc.document.url.as_deref().and_then(|u| {
        let rest = u.split_once("://")?.1;
        let host = rest.split(['/', '?', '#']).next()?;
        Some(host.rsplit('@').next().unwrap_or(host))
    });
    host.or_else(|| doc.document.path.to_str())
}

/// Linked entities with the indexes the reader looks them up by, made off the input loop (the
/// loader makes them; the reader only takes them).
#[derive(Debug, Default)]
pub struct LinkView {
    /// Their lists of mentions empty (see [`Library::entities`]).
    pub entities: Vec<Entity>,
    /// Per document, per raw mention: its entity.
    mention_entity: MentionEntities,
    /// Per entity: its number of mentions.
    mention_counts: Vec<u32>,
    /// Per entity: folded name and aliases, for the filter.
    folded_names: Vec<String>,
    facts: crate::facts::FactIndex,
}

impl LinkView {
    /// From what the linker gives (each mention's entity known; the entities' lists of
    /// mentions, when made, are let go).
    pub fn new(linked: Linked, facts: crate::facts::FactIndex) -> Self {
        let Linked {
            mut entities,
            mention_entity,
        } = linked;
        for e in &mut entities {
            e.mentions = Vec::new();
        }
        let mention_counts = mention_entity.counts(entities.len());
        let folded_names = entities
            .par_iter()
            .map(|e| {
                let mut s = crate::text::fold(&e.name);
                for a in &e.aliases {
                    s.push('\n');
                    s.push_str(&crate::text::fold(a));
                }
                s
            })
            .collect();
        LinkView {
            entities,
            mention_entity,
            mention_counts,
            folded_names,
            facts,
        }
    }

    /// From entities alone (a corpus built elsewhere): each mention's entity found by place.
    pub fn from_entities(
        docs: &[Arc<Processed>],
        entities: Vec<Entity>,
        facts: crate::facts::FactIndex,
    ) -> Self {
        let mention_entity =
            crate::link::mention_entities(&entities, docs.iter().map(|d| d.mentions.len()));
        Self::new(
            Linked {
                entities,
                mention_entity,
            },
            facts,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{DocQuery, Library, ListKeys, MadeListKeys};
    use crate::corpus::LoadOptions;
    use std::path::PathBuf;
    use std::sync::Arc;

    /// Keys made apart from the library are the ones it makes itself; documents replaced or
    /// added since they were made get theirs made on taking them.
    #[test]
    fn list_keys_made_off_the_library_are_its_own() {
        let inputs = [
            PathBuf::from("seeds"),
            PathBuf::from("tests/fixtures/feeds"),
        ];
        let corpus = crate::pipeline::build(&inputs, &LoadOptions::default());
        let mut lib = Library::from_corpus(corpus);
        assert!(lib.docs.len() >= 6 && lib.list_keys.is_none());
        let own: Vec<String> = (0..lib.docs.len()).map(|d| lib.make_list_key(d)).collect();
        // Keys as the loader makes them, then the library moves on: its first document
        // revised (here: another's text), one more arrived.
        let made = MadeListKeys::of(lib.docs.clone());
        let (first, last) = (lib.docs[0].clone(), lib.docs[lib.docs.len() - 1].clone());
        lib.replace_document(0, Arc::new((*last).clone()));
        lib.push_document(Arc::new((*first).clone()));
        lib.take_list_keys(made);
        let n = lib.docs.len();
        assert_eq!(lib.list_key(0), own[n - 2].as_str());
        assert_eq!(lib.list_key(n - 1), own[0].as_str());
        for (d, key) in own.iter().enumerate().take(n - 1).skip(1) {
            assert_eq!(lib.list_key(d), key.as_str(), "document {d}");
        }
    }

    #[test]
    fn a_revised_documents_key_replaces_its_own_and_no_other() {
        let mut keys = ListKeys::default();
        keys.set(0, "tô lâm\nvnexpress");
        keys.set(1, "");
        keys.set(2, "belarus\nminsk");
        keys.set(0, "hà nội");
        assert_eq!(
            (0..4).map(|d| keys.get(d)).collect::<Vec<_>>(),
            ["hà nội", "", "belarus\nminsk", ""]
        );
    }

    #[test]
    fn the_byte_sets_answer_as_a_search_of_every_key_does() {
        let mut lib = Library::default();
        let keys = [
            "tô lâm thăm minsk\nvnexpress.net\n2025-05-11",
            "belarus - việt nam: 30 năm\n/tmp/a.txt\n",
            "",
            "kinh tế số (ai)\nbaomoi.com\n2024-12-31",
            "đối tác chiến lược\nx\n1992",
        ];
        let made = lib.list_keys.insert(ListKeys::default());
        for (doc, key) in keys.iter().enumerate() {
            made.set(doc, key);
        }
        let queries = [
            "", "n", "z", "5", "-", ":", "(", "ô", "đ", "ng", "minsk", "năm", "2025", "a.t", "\n",
            "zz", " s", "số (", "1992",
        ];
        for query in queries {
            let asked = DocQuery::new(query);
            for (doc, key) in keys.iter().enumerate() {
                assert_eq!(
                    lib.document_matches(doc, &asked),
                    key.contains(query),
                    "{query:?} in {key:?}"
                );
            }
        }
        // A revised key is looked up by its new bytes.
        if let Some(made) = &mut lib.list_keys {
            made.set(2, "zebra");
        }
        assert!(lib.document_matches(2, &DocQuery::new("z")));
        assert!(!lib.document_matches(0, &DocQuery::new("z")));
    }
}
