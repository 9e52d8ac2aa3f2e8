//! The whole pipeline on a set of paths: load → clean → extract → link.

use crate::assets::Assets;
use crate::cache::{self, Cache, CacheCounts};
use crate::clean::{self, Article, Furniture};
use crate::corpus::feed::{Feed, FeedItem};
use crate::corpus::web::{self, url_id, Event, FetchError, Fetched, Fetcher, Key, Request};
use crate::corpus::{self, Document, Input, LoadOptions, Loaded, Skipped, Warning};
use crate::extract::{ArticleMentions, Extractor, RawMention};
use crate::facts::{self, FactIndex, Facts};
use crate::link::{DocMentions, Entity, Linked, Linker, MentionEntities};
use crate::snapshot::{self, Place};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One document after cleaning and extraction.
#[derive(Debug, Clone)]
pub struct Processed {
    pub document: Document,
    pub article: Article,
    pub mentions: Vec<RawMention>,
    /// Sentences stating something dated or measured.
    pub facts: Facts,
}

/// The processed corpus.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Shared, as the stream hands them out and the reader holds them: unwrapping them into a
    /// vector of their own added a copy of every document to the peak of an export.
    pub documents: Vec<Arc<Processed>>,
    pub entities: Vec<Entity>,
    /// Related facts, disagreements, the timeline.
    pub facts: FactIndex,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
}

impl Processed {
    /// A cleaned and extracted document, with the facts its sentences state (every way of
    /// processing a document goes through here, so none is left without its facts).
    pub fn new(document: Document, article: Article, mentions: Vec<RawMention>) -> Self {
        let facts = facts::extract(&article, &mentions);
        Processed::kept(document, article, mentions, facts)
    }

    /// The mentions with the article that holds their surface texts.
    pub fn article_mentions(&self) -> ArticleMentions<'_> {
        ArticleMentions::new(&self.article, &self.mentions)
    }

    /// A processed document as the corpus keeps it: its lists no longer than they are (they were
    /// grown item by item, and the corpus holds them to the end).
    fn kept(
        document: Document,
        mut article: Article,
        mut mentions: Vec<RawMention>,
        facts: Facts,
    ) -> Self {
        article.blocks.shrink_to_fit();
        article.removed.shrink_to_fit();
        mentions.shrink_to_fit();
        Processed {
            document,
            article,
            mentions,
            facts,
        }
    }
}

/// Cleans and extracts one loaded document on its own.
pub fn process(document: Document, extractor: &Extractor) -> Processed {
    let article = clean::clean(&document);
    let mentions = extractor.extract(&article);
    Processed::new(document, article, mentions)
}

/// Cleaning with what the corpus knows (site furniture, see [`clean::furniture`]): documents are
/// processed as they arrive, in runs spread over every core, and earlier ones are processed again
/// when lines they kept turn out to be the site's. Re-processing is paid for by the input: it
/// runs only once the bytes read since the last round cover the pending documents' bytes (and
/// once at the end), so the total work stays linear in the corpus size.
///
/// Deterministic whatever the number of threads: a run is cleaned against the furniture known
/// before it, the corpus then counts its documents in order, and those whose kept lines became
/// furniture meanwhile are cleaned again. Once every document is in, each one's article is its
/// cleaning against the corpus's final furniture.
pub struct CorpusCleaner {
    extractor: Extractor,
    cache: Option<Cache>,
    furniture: Furniture,
    /// Every plain-text document so far as last processed, to clean again (a handle on what
    /// the corpus holds anyway: a copy of each document was a tenth of an export's peak);
    /// `None` for marked-up ones, which take no part in site furniture.
    documents: Vec<Option<Arc<Processed>>>,
    pending: BTreeSet<usize>,
    pending_bytes: usize,
    budget: usize,
}

/// Documents processed again together at the end of the corpus ([`CorpusCleaner::flush_run`]):
/// enough for every core.
const FLUSH_RUN: usize = 512;

impl CorpusCleaner {
    pub fn new(extractor: Extractor, cache: Option<Cache>) -> Self {
        Self {
            extractor,
            cache,
            furniture: Furniture::default(),
            documents: Vec::new(),
            pending: BTreeSet::new(),
            pending_bytes: 0,
            budget: 0,
        }
    }

    /// Processes the next documents (their indices follow the documents before them) and returns
    /// them in order, plus the earlier documents processed again, when it is their turn.
    pub fn push(&mut self, documents: Vec<Document>) -> (Vec<Arc<Processed>>, Vec<Revision>) {
        let start = self.documents.len();
        let furniture = &self.furniture;
        let first: Vec<(Article, clean::DocLines)> = documents
            .par_iter()
            .map(|d| clean::clean_in_corpus(d, furniture))
            .collect();
        for (i, (_, lines)) in first.iter().enumerate() {
            for d in self.furniture.observe(start + i, lines) {
                let Some(Some(earlier)) = self.documents.get(d) else {
                    continue; // in this run: seen to below
                };
                if self.pending.insert(d) {
                    self.pending_bytes += earlier.document.text.len();
                }
            }
        }
        let processed: Vec<Arc<Processed>> = documents
            .into_par_iter()
            .zip(first)
            .map(|(document, (article, lines))| {
                let article = if self.furniture.changed_since(&lines, start) {
                    clean::clean_in_corpus(&document, &self.furniture).0
                } else {
                    article
                };
                Arc::new(self.extracted(document, article))
            })
            .collect();
        for p in &processed {
            self.budget += p.document.text.len();
            let plain = p.document.markup.is_none();
            self.documents.push(plain.then(|| Arc::clone(p)));
        }
        let revisions = if self.budget >= self.pending_bytes {
            self.flush()
        } else {
            Vec::new()
        };
        (processed, revisions)
    }

    /// Processes every pending document again.
    pub fn flush(&mut self) -> Vec<Revision> {
        self.flush_first(usize::MAX)
    }

    /// Processes the next pending documents again, a run of them (at the end of the corpus,
    /// until none is left): each run's revisions replace the old processings downstream
    /// before the next run is made, where all of them at once were a second copy of tens of
    /// thousands of documents at the peak of the reader's memory.
    pub fn flush_run(&mut self) -> Vec<Revision> {
        self.flush_first(FLUSH_RUN)
    }

    /// Processes the first `most` pending documents again (in corpus order).
    fn flush_first(&mut self, most: usize) -> Vec<Revision> {
        let mut pending = Vec::new();
        while pending.len() < most {
            let Some(index) = self.pending.pop_first() else {
                break;
            };
            pending.push(index);
        }
        let bytes: usize = pending
            .iter()
            .filter_map(|&i| self.documents[i].as_ref())
            .map(|d| d.document.text.len())
            .sum();
        self.budget = self.budget.saturating_sub(bytes);
        self.pending_bytes = self.pending_bytes.saturating_sub(bytes);
        let revisions: Vec<Revision> = pending
            .into_par_iter()
            .filter_map(|index| {
                let document = self.documents[index].as_ref()?.document.clone();
                let article = clean::clean_in_corpus(&document, &self.furniture).0;
                Some(Revision {
                    index,
                    processed: Arc::new(self.extracted(document, article)),
                })
            })
            .collect();
        // The earlier processing is let go once the corpus lets go of it too.
        for r in &revisions {
            self.documents[r.index] = Some(Arc::clone(&r.processed));
        }
        revisions
    }
}

impl CorpusCleaner {
    /// A cleaned document with its mentions and facts, from the cache when it holds them.
    fn extracted(&self, document: Document, article: Article) -> Processed {
        let (mentions, facts) = match &self.cache {
            Some(cache) => cache.derive(&document, &article, &self.extractor),
            None => cache::extract(&article, &self.extractor),
        };
        Processed::kept(document, article, mentions, facts)
    }

    /// What the cache gave, when there is one.
    pub fn cache_counts(&self) -> Option<CacheCounts> {
        self.cache.as_ref().map(Cache::counts)
    }
}

/// A document processed again: replaces the `index`-th document yielded so far.
#[derive(Debug)]
pub struct Revision {
    pub index: usize,
    pub processed: Arc<Processed>,
}

/// Links the mentions of every processed document.
pub fn link_all(documents: &[Processed]) -> Vec<Entity> {
    let docs: Vec<DocMentions<'_>> = documents
        .iter()
        .enumerate()
        .map(|(doc, p)| DocMentions {
            doc,
            mentions: p.article_mentions(),
        })
        .collect();
    crate::link::link(&docs)
}

/// The documents of a stream as they come, linked as they come: what the export and the reader
/// both run. Adding or replacing a document costs work in proportion to it; [`Assembly::linked`]
/// and [`Assembly::facts`] are the corpus-level passes, asked for when a result is wanted.
#[derive(Default)]
pub struct Assembly {
    pub documents: Vec<Arc<Processed>>,
    linker: Linker,
}

impl Assembly {
    /// Takes one step of the stream into account (documents and revisions; the rest is ignored).
    pub fn take(&mut self, step: &Progress) {
        match step {
            Progress::Document(p) => {
                self.linker.set(
                    self.documents.len(),
                    ArticleMentions::NONE,
                    p.article_mentions(),
                );
                self.documents.push(Arc::clone(p));
            }
            Progress::Revised(r) => {
                if let Some(slot) = self.documents.get_mut(r.index) {
                    self.linker.set(
                        r.index,
                        slot.article_mentions(),
                        r.processed.article_mentions(),
                    );
                    *slot = Arc::clone(&r.processed);
                }
            }
            _ => {}
        }
    }

    /// The entities of the documents so far, and each mention's.
    pub fn linked(&self) -> Linked {
        self.linker
            .linked(self.documents.iter().map(|p| p.article_mentions()))
    }

    /// [`Assembly::linked`] with the entities' lists of mentions left empty (see
    /// [`Linked::list_mentions`]).
    pub fn linked_unlisted(&self) -> Linked {
        self.linker
            .linked_unlisted(self.documents.iter().map(|p| p.article_mentions()))
    }

    /// The fact index of the documents so far, against their entities.
    pub fn facts(&self, linked: &Linked) -> FactIndex {
        linked_facts(&self.documents, linked)
    }

    /// The documents and their entities once the stream is over, and the fact index: the
    /// linker's own tables are freed first, and the entities' lists of mentions left empty
    /// (see [`Linked::list_mentions`]), as the fact index is the peak of a run's memory.
    fn finish(self) -> (Vec<Arc<Processed>>, Linked, FactIndex) {
        let linked = self
            .linker
            .linked_unlisted(self.documents.iter().map(|p| p.article_mentions()));
        let Assembly { documents, linker } = self;
        drop(linker);
        release_freed();
        let facts = linked_facts(&documents, &linked);
        (documents, linked, facts)
    }
}

/// What a corpus processed by [`open_streaming`] keeps of where its entities are mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mentions {
    /// The entity of each mention, and each entity's list of mentions.
    Both,
    /// The entity of each mention alone (the reader: it finds an entity's mentions when asked).
    Table,
    /// Each entity's list of mentions alone (the export), the table let go as they are made.
    Lists,
}

impl Mentions {
    /// Lists the mentions of entities linked without (see [`Linked::list_mentions`]) as kept.
    fn list(self, linked: &mut Linked) {
        match self {
            Mentions::Both => linked.list_mentions(),
            Mentions::Lists => linked.list_mentions_letting_go(),
            Mentions::Table => {}
        }
    }
}

/// The fact index of linked documents.
fn linked_facts(documents: &[Arc<Processed>], linked: &Linked) -> FactIndex {
    let docs = doc_facts(documents.iter().map(|p| &**p));
    FactIndex::build_linked(&docs, &linked.entities, &linked.mention_entity)
}

/// What the fact index reads of each document.
fn doc_facts<'a>(
    documents: impl Iterator<Item = &'a Processed>,
) -> Vec<facts::index::DocFacts<'a>> {
    documents
        .map(|p| facts::index::DocFacts {
            facts: &p.facts,
            mentions: &p.mentions,
        })
        .collect()
}

/// [`stream`] on a thread of its own (its work spread over every core), each step handed to
/// `take` on the calling thread as it comes, until `take` breaks off or the stream ends. What
/// the caller does with a step (linking: serial) then overlaps the processing of the next
/// documents instead of leaving the other cores idle meanwhile.
pub fn stream_beside(
    inputs: &[Input],
    options: &LoadOptions,
    mut take: impl FnMut(Progress) -> ControlFlow<()>,
) {
    let (sender, steps) = std::sync::mpsc::channel();
    // The caller's name, so a panic hook that knows the caller's thread knows this one (the
    // reader's loader: a panic there is reported in the reader, not fatal).
    let name = std::thread::current()
        .name()
        .unwrap_or("soi-stream")
        .to_string();
    std::thread::scope(|scope| {
        let producer = move || {
            for step in stream(inputs, options) {
                if sender.send(step).is_err() {
                    break; // the caller broke off
                }
            }
        };
        let spawned = std::thread::Builder::new()
            .name(name)
            .spawn_scoped(scope, producer);
        if spawned.is_err() {
            // No thread to be had: the stream runs here, a step at a time.
            for step in stream(inputs, options) {
                if take(step).is_break() {
                    break;
                }
            }
            return;
        }
        for step in steps {
            if take(step).is_break() {
                break;
            }
        }
    });
}

/// One step of a corpus build, yielded as each document is done (for the TUI's loading indicator).
#[derive(Debug)]
pub enum Progress {
    /// This many documents are expected in all, as far as known: files found plus web addresses,
    /// raised when a feed turns out to hold several items. Sent again whenever it grows.
    Discovered(usize),
    /// Shared: the reader shows it while the linker still reads its mentions.
    Document(Arc<Processed>),
    /// A document yielded before, processed again now that the corpus knows more (its lines
    /// that are site furniture are gone).
    Revised(Revision),
    Skipped(Skipped),
    Warning(Warning),
    /// Web requests answered so far, of those known (feed item pages are added as feeds arrive).
    Fetched(FetchCount),
    /// Last, when a cache is used: documents extracted and documents taken from the cache.
    Cached(CacheCounts),
}

/// How far fetching has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FetchCount {
    pub done: usize,
    pub total: usize,
}

/// Runs load → clean → extract lazily over `inputs` (paths, or [`Input::Url`]s): folders are
/// walked first, web addresses fetched in the background meanwhile, then documents come one at a
/// time in the order the inputs were given. One input may give several documents (a feed).
/// Linking is the caller's, step by step ([`Assembly`]).
pub fn stream<I: Clone + Into<Input>>(
    inputs: &[I],
    options: &LoadOptions,
) -> impl Iterator<Item = Progress> {
    Stream::new(inputs.iter().cloned().map(Into::into).collect(), options)
}

/// What one input turned into after discovery.
enum Job {
    File(PathBuf),
    Url(String),
}

/// The web address being waited for, or the feed whose items are being turned into documents.
enum Current {
    Url {
        job: usize,
        url: String,
    },
    Feed {
        job: usize,
        url: String,
        feed: Feed,
        /// Items whose pages were fetched, in order; the others are teasers.
        followed: Vec<usize>,
        next: usize,
    },
}

/// Files read and processed together at first (the reader shows the first ones at once), then
/// runs twice as long each time, up to [`MAX_RUN`]. Fixed sizes: the runs, and so every result,
/// do not depend on the number of threads.
const FIRST_RUN: usize = 8;
const MAX_RUN: usize = 256;

struct Stream {
    cleaner: CorpusCleaner,
    /// Files in the next run.
    run: usize,
    /// Documents waiting to be cleaned again were flushed at the end.
    flushed: bool,
    options: LoadOptions,
    ids: UniqueIds,
    jobs: VecDeque<(usize, Job)>,
    current: Option<Current>,
    out: VecDeque<Progress>,
    web: Option<Web>,
    expected: usize,
}

/// The fetcher and what it has answered so far.
struct Web {
    fetcher: Result<Fetcher, String>,
    answered: HashMap<Key, Event>,
    count: FetchCount,
}

impl Stream {
    fn new(inputs: Vec<Input>, options: &LoadOptions) -> Self {
        let mut jobs = Vec::new();
        let mut out = VecDeque::new();
        let mut paths = Vec::new();
        let mut urls = HashSet::new();
        let mut walk = |paths: &mut Vec<PathBuf>, jobs: &mut Vec<Job>| {
            let (files, skipped) = corpus::discover(paths);
            jobs.extend(files.into_iter().map(Job::File));
            out.extend(skipped.into_iter().map(Progress::Skipped));
            paths.clear();
        };
        for input in inputs {
            match input {
                Input::Path(path) => paths.push(path),
                Input::Url(url) => {
                    // Folders are walked in runs so documents keep the order of the inputs.
                    walk(&mut paths, &mut jobs);
                    if urls.insert(url.clone()) {
                        jobs.push(Job::Url(url));
                    }
                }
            }
        }
        walk(&mut paths, &mut jobs);
        let requests: Vec<Request> = jobs
            .iter()
            .enumerate()
            .filter_map(|(job, j)| match j {
                Job::Url(url) => Some(Request::new(Key { job, item: None }, url.clone())),
                Job::File(_) => None,
            })
            .collect();
        let web = (!requests.is_empty()).then(|| Web {
            count: FetchCount {
                done: 0,
                total: requests.len(),
            },
            fetcher: Fetcher::start(requests, &options.web, options.max_bytes),
            answered: HashMap::new(),
        });
        let expected = jobs.len();
        out.push_front(Progress::Discovered(expected));
        if let Some(web) = &web {
            out.push_back(Progress::Fetched(web.count));
        }
        Stream {
            cleaner: CorpusCleaner::new(
                Extractor::new(Assets::embedded()),
                options.cache_dir.clone().map(Cache::new),
            ),
            run: FIRST_RUN,
            flushed: false,
            options: options.clone(),
            ids: UniqueIds::default(),
            jobs: jobs.into_iter().enumerate().collect(),
            current: None,
            out,
            web,
            expected,
        }
    }

    /// One step of work: a file read, a web answer waited for, or a feed item turned into a
    /// document. `false` when nothing is left.
    fn step(&mut self) -> bool {
        match self.current.take() {
            None => match self.jobs.front() {
                None => return false,
                Some((_, Job::File(_))) => self.files(),
                Some(_) => {
                    if let Some((job, Job::Url(url))) = self.jobs.pop_front() {
                        self.current = Some(Current::Url { job, url });
                    }
                }
            },
            Some(Current::Url { job, url }) => match self.answer(Key { job, item: None }) {
                None => self.current = Some(Current::Url { job, url }),
                Some(event) => self.page_or_feed(job, url, event),
            },
            Some(Current::Feed {
                job,
                url,
                feed,
                followed,
                next,
            }) => {
                if next == feed.items.len() {
                    return true;
                }
                let item = &feed.items[next];
                let id = corpus::item_id(item, &web::url_id(&url), next);
                if followed.binary_search(&next).is_ok() {
                    let Some(event) = self.answer(Key {
                        job,
                        item: Some(next),
                    }) else {
                        self.current = Some(Current::Feed {
                            job,
                            url,
                            feed,
                            followed,
                            next,
                        });
                        return true;
                    };
                    self.followed_item(item, id, &url, event);
                } else {
                    self.document(corpus::teaser(item, id, Path::new(&url)));
                }
                self.current = Some(Current::Feed {
                    job,
                    url,
                    feed,
                    followed,
                    next: next + 1,
                });
            }
        }
        true
    }

    /// The answer for `key` if it has come; otherwise waits for the next answer of any request
    /// (noting the progress) and returns `None`, to be asked again.
    fn answer(&mut self, key: Key) -> Option<Event> {
        let failed = |why: String| Event {
            key,
            outcome: Err(FetchError::Internal(why)),
            notes: Vec::new(),
        };
        let Some(web) = self.web.as_mut() else {
            return Some(failed("no fetcher was started".into()));
        };
        if let Some(event) = web.answered.remove(&key) {
            return Some(event);
        }
        // No worker left (none could start, or all stopped): every request fails alike.
        let event = match &web.fetcher {
            Ok(fetcher) => fetcher.recv(),
            Err(why) => return Some(failed(why.clone())),
        };
        let Some(event) = event else {
            return Some(failed("the fetching threads stopped".into()));
        };
        web.count.done += 1;
        if let Ok(Fetched::Feed { followed, .. }) = &event.outcome {
            web.count.total += followed.len();
        }
        self.out.push_back(Progress::Fetched(web.count));
        web.answered.insert(event.key, event);
        None
    }

    /// A web address's answer: a page (one document), a feed (its items next), or a skip.
    fn page_or_feed(&mut self, job: usize, url: String, event: Event) {
        self.notes(&url, event.notes);
        match event.outcome {
            Err(error) => self.skip(&url, error.to_string()),
            Ok(Fetched::Page(response)) => {
                match web::load_page(&response, url_id(&url), &self.options) {
                    Ok(loaded) => self.document(loaded),
                    Err(error) => self.skip(&url, error.to_string()),
                }
            }
            Ok(Fetched::Feed { feed, followed }) => {
                if feed.items.is_empty() {
                    return self.skip(&url, "feed with no items".into());
                }
                self.expect_more(feed.items.len() - 1);
                self.current = Some(Current::Feed {
                    job,
                    url,
                    feed,
                    followed,
                    next: 0,
                });
            }
        }
    }

    /// A feed item whose page was fetched: the page, with what the feed says filling what the
    /// page does not; the item's own text when the page could not be read (with a warning).
    fn followed_item(&mut self, item: &FeedItem, id: String, feed_url: &str, event: Event) {
        let link = item.link.clone().unwrap_or_default();
        self.notes(&link, event.notes);
        let page = match event.outcome {
            Ok(Fetched::Page(response)) => web::load_page(&response, id.clone(), &self.options),
            Ok(Fetched::Feed { .. }) => Err(FetchError::Unsupported("a feed".into())),
            Err(error) => Err(error),
        };
        match page {
            Ok(mut loaded) => {
                let meta = &mut loaded.document.meta;
                let from_feed = corpus::item_metadata(item);
                meta.title = meta.title.take().or(from_feed.title);
                meta.published = meta.published.take().or(from_feed.published);
                meta.byline = meta.byline.take().or(from_feed.byline);
                self.document(loaded);
            }
            Err(error) => {
                self.out.push_back(Progress::Warning(Warning {
                    path: PathBuf::from(&link),
                    message: format!("item page not read ({error}): the feed's text is shown"),
                }));
                self.document(corpus::teaser(item, id, Path::new(feed_url)));
            }
        }
    }

    /// The next run of files: read and processed in parallel, yielded in order.
    fn files(&mut self) {
        let mut paths = Vec::new();
        while paths.len() < self.run {
            match self.jobs.front() {
                Some((_, Job::File(_))) => {}
                _ => break,
            }
            if let Some((_, Job::File(path))) = self.jobs.pop_front() {
                paths.push(path);
            }
        }
        self.run = (self.run * 2).min(MAX_RUN);
        let options = &self.options;
        let read: Vec<Result<Vec<Loaded>, Skipped>> = paths
            .par_iter()
            .map(|path| corpus::load_path(path, options))
            .collect();
        let mut loaded = Vec::new();
        for result in read {
            match result {
                Ok(documents) => {
                    self.expect_more(documents.len().saturating_sub(1));
                    loaded.extend(documents);
                }
                Err(skipped) => self.out.push_back(Progress::Skipped(skipped)),
            }
        }
        self.documents(loaded);
    }

    fn document(&mut self, loaded: Loaded) {
        self.documents(vec![loaded]);
    }

    /// Documents in order: their ids made unique, then processed; each one's warnings come
    /// right before it.
    fn documents(&mut self, loaded: Vec<Loaded>) {
        let mut warnings = Vec::with_capacity(loaded.len());
        let documents: Vec<Document> = loaded
            .into_iter()
            .map(|l| {
                let mut document = l.document;
                document.id = self.ids.claim(&document.id);
                warnings.push(l.warnings);
                document
            })
            .collect();
        let (processed, revisions) = self.cleaner.push(documents);
        for (p, w) in processed.into_iter().zip(warnings) {
            self.out.extend(w.into_iter().map(Progress::Warning));
            self.out.push_back(Progress::Document(p));
        }
        self.out
            .extend(revisions.into_iter().map(Progress::Revised));
    }

    fn skip(&mut self, url: &str, reason: String) {
        self.out.push_back(Progress::Skipped(Skipped {
            path: PathBuf::from(url),
            reason,
        }));
    }

    fn notes(&mut self, url: &str, notes: Vec<String>) {
        self.out.extend(notes.into_iter().map(|message| {
            Progress::Warning(Warning {
                path: PathBuf::from(url),
                message,
            })
        }));
    }

    fn expect_more(&mut self, more: usize) {
        if more > 0 {
            self.expected += more;
            self.out.push_back(Progress::Discovered(self.expected));
        }
    }
}

impl Iterator for Stream {
    type Item = Progress;

    fn next(&mut self) -> Option<Progress> {
        loop {
            if let Some(progress) = self.out.pop_front() {
                return Some(progress);
            }
            if !self.step() {
                // Documents still waiting to be cleaned again, once all are read, a run at a
                // time.
                if self.flushed {
                    return None;
                }
                let revisions = self.cleaner.flush_run();
                if !revisions.is_empty() {
                    self.out
                        .extend(revisions.into_iter().map(Progress::Revised));
                    continue;
                }
                self.flushed = true;
                self.out
                    .extend(self.cleaner.cache_counts().map(Progress::Cached));
            }
        }
    }
}

/// Document ids are file stems; two files with one stem in different folders (`a/index.txt`,
/// `b/index.txt`) get `index` and `index~2` so that mentions and exports never mix them up.
#[derive(Default)]
struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    fn claim(&mut self, stem: &str) -> String {
        let count = self.seen.entry(stem.to_string()).or_insert(0);
        *count += 1;
        if *count == 1 {
            stem.to_string()
        } else {
            format!("{stem}~{count}")
        }
    }
}

/// The whole pipeline, linked. Linear in the total input size; taken whole from the corpus
/// snapshot when one holds these inputs unchanged (see [`open`]).
pub fn build<I: Clone + Into<Input>>(inputs: &[I], options: &LoadOptions) -> Corpus {
    let inputs: Vec<Input> = inputs.iter().cloned().map(Into::into).collect();
    match open_with(
        &inputs,
        options,
        |_, _| ControlFlow::Continue(()),
        || (),
        Mentions::Lists,
    ) {
        Opened::Whole(whole) => whole.corpus,
        Opened::Processed(assembled) => assembled.corpus(),
        Opened::BrokenOff => unreachable!("the export never breaks off"),
    }
}

/// A built corpus, each mention's entity, and how it was made.
#[derive(Debug)]
pub struct Built {
    pub corpus: Corpus,
    /// Per document, per mention: its entity (index into `corpus.entities`).
    pub mention_entity: MentionEntities,
    pub origin: Origin,
}

/// Where a built corpus came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Taken whole from the corpus snapshot: nothing was read, cleaned, extracted or linked.
    Snapshot,
    /// Processed, with what the per-document cache gave when there is one.
    Processed(Option<CacheCounts>),
}

/// [`build`], saying how: from the snapshot when it is valid for these inputs (local files and
/// folders unchanged since it was written, with a cache folder), else processed and the snapshot
/// written again.
pub fn open<I: Clone + Into<Input>>(inputs: &[I], options: &LoadOptions) -> Built {
    let inputs: Vec<Input> = inputs.iter().cloned().map(Into::into).collect();
    match open_streaming(
        &inputs,
        options,
        |_, _| ControlFlow::Continue(()),
        || (),
        Mentions::Both,
    ) {
        Opened::Whole(whole) => Built {
            corpus: whole.corpus,
            mention_entity: whole.mention_entity,
            origin: Origin::Snapshot,
        },
        Opened::Processed(mut assembled) => {
            let mention_entity = std::mem::take(&mut assembled.linked.mention_entity);
            let counts = assembled.counts;
            Built {
                corpus: assembled.corpus(),
                mention_entity,
                origin: Origin::Processed(counts),
            }
        }
        Opened::BrokenOff => unreachable!("the export never breaks off"),
    }
}

/// What [`open_streaming`] gives.
pub enum Opened {
    /// Taken whole from the corpus snapshot: no step was handed out.
    Whole(snapshot::Whole),
    /// Processed: every step was handed out as it came.
    Processed(Assembled),
    /// The caller broke off: nothing is kept and no snapshot written.
    BrokenOff,
}

/// A corpus processed from its inputs, linked and indexed.
pub struct Assembled {
    pub documents: Vec<Arc<Processed>>,
    pub linked: Linked,
    pub facts: FactIndex,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    /// What the per-document cache gave, when there is one.
    pub counts: Option<CacheCounts>,
}

impl Assembled {
    /// The corpus, without the entity of each mention.
    fn corpus(self) -> Corpus {
        Corpus {
            documents: self.documents,
            entities: self.linked.entities,
            facts: self.facts,
            skipped: self.skipped,
            warnings: self.warnings,
        }
    }
}

/// Opens a corpus, the one way the export and the reader both do: whole from the snapshot when
/// it is valid for these inputs; else streamed, each step handed to `on_step` with the documents
/// linked so far (until it breaks off), then — `on_end` told first — linked and indexed, and the
/// snapshot written again.
pub fn open_streaming(
    inputs: &[Input],
    options: &LoadOptions,
    on_step: impl FnMut(&Assembly, Progress) -> ControlFlow<()>,
    on_end: impl FnOnce(),
    keep: Mentions,
) -> Opened {
    open_with(inputs, options, on_step, on_end, keep)
}

/// [`open_streaming`]: a processed corpus keeps `keep` of where its entities are mentioned
/// (the snapshot, written first, is made from the entity of each mention).
fn open_with(
    inputs: &[Input],
    options: &LoadOptions,
    mut on_step: impl FnMut(&Assembly, Progress) -> ControlFlow<()>,
    on_end: impl FnOnce(),
    keep: Mentions,
) -> Opened {
    let place = Place::of(inputs, options);
    let stamp = match place.as_ref().map(|p| snapshot::read(p, options)) {
        Some(Ok(mut whole)) => {
            let mut linked = Linked {
                entities: std::mem::take(&mut whole.corpus.entities),
                mention_entity: std::mem::take(&mut whole.mention_entity),
            };
            keep.list(&mut linked);
            whole.corpus.entities = linked.entities;
            whole.mention_entity = linked.mention_entity;
            return Opened::Whole(whole);
        }
        Some(Err(stamp)) => Some(stamp),
        None => None,
    };
    let mut assembly = Assembly::default();
    let (mut skipped, mut warnings, mut counts) = (Vec::new(), Vec::new(), None);
    let mut broken_off = false;
    stream_beside(inputs, options, |step| {
        assembly.take(&step);
        match &step {
            Progress::Skipped(s) => skipped.push(s.clone()),
            Progress::Warning(w) => warnings.push(w.clone()),
            Progress::Cached(c) => counts = Some(*c),
            _ => {}
        }
        let flow = on_step(&assembly, step);
        broken_off = flow.is_break();
        flow
    });
    if broken_off {
        return Opened::BrokenOff;
    }
    on_end();
    let (documents, mut linked, facts) = assembly.finish();
    if let (Some(place), Some(stamp)) = (&place, &stamp) {
        // A snapshot that cannot be written only costs time next run.
        let _ = snapshot::write(
            place,
            stamp,
            &snapshot::Parts {
                documents: &documents,
                entities: &linked.entities,
                mention_entity: &linked.mention_entity,
                facts: &facts,
                skipped: &skipped,
                warnings: &warnings,
            },
        );
    }
    keep.list(&mut linked);
    Opened::Processed(Assembled {
        documents,
        linked,
        facts,
        skipped,
        warnings,
        counts,
    })
}

/// The corpus-wide fact index (related facts, disagreements, timeline) of linked documents.
pub fn index_facts(documents: &[Processed], entities: &[Entity]) -> FactIndex {
    FactIndex::build(&doc_facts(documents.iter()), entities)
}

/// Gives the pages of memory freed so far back to the system. glibc keeps what a thread frees in
/// its arena for that arena's next allocations; working tables freed by some threads (the
/// stream's, a publication's, the linker's) stayed resident under the corpus-wide passes that
/// followed on others, tens of MB at the peak of a run's memory.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() {
    // SAFETY: malloc_trim only returns free pages of malloc's arenas to the system (madvise);
    // it takes the arenas' locks and touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stem_in_two_folders_gets_two_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["a", "b", "c"] {
            std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
            std::fs::write(dir.path().join(sub).join("index.txt"), "Hà Nội\n").expect("write");
        }
        let corpus = build(&[dir.path().to_path_buf()], &LoadOptions::default());
        let ids: Vec<&str> = corpus
            .documents
            .iter()
            .map(|p| p.document.id.as_str())
            .collect();
        assert_eq!(ids, ["index", "index~2", "index~3"]);
    }
}
