//! The whole pipeline on a set of paths: load → clean → extract → link.

use crate::assets::Assets;
use crate::clean::{self, Article, Furniture};
use crate::corpus::feed::{Feed, FeedItem};
use crate::corpus::web::{self, url_id, Event, FetchError, Fetched, Fetcher, Key, Request};
use crate::corpus::{self, Document, Input, LoadOptions, Loaded, Skipped, Warning};
use crate::extract::{Extractor, RawMention};
use crate::facts::{self, Fact, FactIndex};
use crate::link::{self, DocMentions, Entity};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// One document after cleaning and extraction.
#[derive(Debug, Clone)]
pub struct Processed {
    pub document: Document,
    pub article: Article,
    pub mentions: Vec<RawMention>,
    /// Sentences stating something dated or measured.
    pub facts: Vec<Fact>,
}

/// The processed corpus.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Processed>,
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
/// processed as they arrive, and earlier ones are processed again when lines they kept turn out
/// to be the site's. Re-processing is paid for by the input: it runs only once the bytes read
/// since the last round cover the pending documents' bytes (and once at the end), so the total
/// work stays linear in the corpus size.
pub struct CorpusCleaner {
    extractor: Extractor,
    furniture: Furniture,
    /// Every document so far, to clean again.
    documents: Vec<Document>,
    pending: BTreeSet<usize>,
    pending_bytes: usize,
    budget: usize,
}

impl CorpusCleaner {
    pub fn new(extractor: Extractor) -> Self {
        Self {
            extractor,
            furniture: Furniture::default(),
            documents: Vec::new(),
            pending: BTreeSet::new(),
            pending_bytes: 0,
            budget: 0,
        }
    }

    /// Processes the next document (its index is the number of documents before it) and returns
    /// it, plus the earlier documents processed again, when it is their turn.
    pub fn push(&mut self, document: Document) -> (Processed, Vec<Revision>) {
        let index = self.documents.len();
        let (mut article, lines) = clean::clean_in_corpus(&document, &self.furniture);
        let mut stale = self.furniture.observe(index, &lines);
        if stale.last() == Some(&index) {
            stale.pop();
            article = clean::clean_in_corpus(&document, &self.furniture).0;
        }
        for d in stale {
            if self.pending.insert(d) {
                self.pending_bytes += self.documents[d].text.len();
            }
        }
        self.budget += document.text.len();
        self.documents.push(document.clone());
        let mentions = self.extractor.extract(&article);
        let processed = Processed::new(document, article, mentions);
        let revisions = if self.budget >= self.pending_bytes {
            self.flush()
        } else {
            Vec::new()
        };
        (processed, revisions)
    }

    /// Processes every pending document again (at the end of the corpus).
    pub fn flush(&mut self) -> Vec<Revision> {
        self.budget = self.budget.saturating_sub(self.pending_bytes);
        self.pending_bytes = 0;
        std::mem::take(&mut self.pending)
            .into_iter()
            .map(|index| {
                let document = self.documents[index].clone();
                let article = clean::clean_in_corpus(&document, &self.furniture).0;
                let mentions = self.extractor.extract(&article);
                Revision {
                    index,
                    processed: Box::new(Processed::new(document, article, mentions)),
                }
            })
            .collect()
    }
}

/// A document processed again: replaces the `index`-th document yielded so far.
#[derive(Debug)]
pub struct Revision {
    pub index: usize,
    pub processed: Box<Processed>,
}

/// Links the mentions of every processed document.
pub fn link_all(documents: &[Processed]) -> Vec<Entity> {
    link_mentions(documents.iter().map(|p| p.mentions.as_slice()))
}

/// Links per-document mention lists, given in document order (the `n`-th list is document `n`).
/// Lets a caller keep only the mentions, not whole documents, while it waits to link.
pub fn link_mentions<'a>(per_document: impl Iterator<Item = &'a [RawMention]>) -> Vec<Entity> {
    let per_doc: Vec<DocMentions<'a>> = per_document
        .enumerate()
        .map(|(doc, mentions)| DocMentions { doc, mentions })
        .collect();
    link::link(&per_doc)
}

/// One step of a corpus build, yielded as each document is done (for the TUI's loading indicator).
#[derive(Debug)]
pub enum Progress {
    /// This many documents are expected in all, as far as known: files found plus web addresses,
    /// raised when a feed turns out to hold several items. Sent again whenever it grows.
    Discovered(usize),
    Document(Box<Processed>),
    /// A document yielded before, processed again now that the corpus knows more (its lines
    /// that are site furniture are gone).
    Revised(Revision),
    Skipped(Skipped),
    Warning(Warning),
    /// Web requests answered so far, of those known (feed item pages are added as feeds arrive).
    Fetched(FetchCount),
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
/// Linking needs every document, so it is left to the caller ([`link_all`]).
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

struct Stream {
    cleaner: CorpusCleaner,
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
            cleaner: CorpusCleaner::new(Extractor::new(Assets::embedded())),
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
            None => match self.jobs.pop_front() {
                None => return false,
                Some((_, Job::File(path))) => match corpus::load_path(&path, &self.options) {
                    Ok(documents) => {
                        self.expect_more(documents.len().saturating_sub(1));
                        for loaded in documents {
                            self.document(loaded);
                        }
                    }
                    Err(skipped) => self.out.push_back(Progress::Skipped(skipped)),
                },
                Some((job, Job::Url(url))) => self.current = Some(Current::Url { job, url }),
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

    fn document(&mut self, loaded: Loaded) {
        let mut document = loaded.document;
        document.id = self.ids.claim(&document.id);
        self.out
            .extend(loaded.warnings.into_iter().map(Progress::Warning));
        let (processed, revisions) = self.cleaner.push(document);
        self.out.push_back(Progress::Document(Box::new(processed)));
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
                // Documents still waiting to be cleaned again, once all are read.
                if self.flushed {
                    return None;
                }
                self.flushed = true;
                let revisions = self.cleaner.flush();
                self.out
                    .extend(revisions.into_iter().map(Progress::Revised));
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

/// The whole pipeline, linked. Linear in the total input size.
pub fn build<I: Clone + Into<Input>>(inputs: &[I], options: &LoadOptions) -> Corpus {
    let mut corpus = Corpus::default();
    for step in stream(inputs, options) {
        match step {
            Progress::Discovered(_) | Progress::Fetched(_) => {}
            Progress::Document(p) => corpus.documents.push(*p),
            Progress::Revised(r) => corpus.documents[r.index] = *r.processed,
            Progress::Skipped(s) => corpus.skipped.push(s),
            Progress::Warning(w) => corpus.warnings.push(w),
        }
    }
    corpus.entities = link_all(&corpus.documents);
    corpus.facts = index_facts(&corpus.documents, &corpus.entities);
    corpus
}

/// The corpus-wide fact index (related facts, disagreements, timeline) of linked documents.
pub fn index_facts(documents: &[Processed], entities: &[Entity]) -> FactIndex {
    let docs: Vec<facts::index::DocFacts<'_>> = documents
        .iter()
        .map(|p| facts::index::DocFacts {
            facts: &p.facts,
            mentions: &p.mentions,
        })
        .collect();
    FactIndex::build(&docs, entities)
}

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
