//! The whole pipeline on a set of paths: load → clean → extract → link.

use crate::assets::Assets;
use crate::clean::{self, Article, Furniture};
use crate::corpus::{self, Document, LoadOptions, Skipped, Warning};
use crate::extract::{Extractor, RawMention};
use crate::link::{self, DocMentions, Entity};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;

/// One document after cleaning and extraction.
#[derive(Debug, Clone)]
pub struct Processed {
    pub document: Document,
    pub article: Article,
    pub mentions: Vec<RawMention>,
}

/// The processed corpus.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Processed>,
    pub entities: Vec<Entity>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
}

/// Cleans and extracts one loaded document on its own.
pub fn process(document: Document, extractor: &Extractor) -> Processed {
    let article = clean::clean(&document);
    let mentions = extractor.extract(&article);
    Processed {
        document,
        article,
        mentions,
    }
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
        let processed = Processed {
            document,
            article,
            mentions,
        };
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
                    processed: Box::new(Processed {
                        document,
                        article,
                        mentions,
                    }),
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

/// One step of a corpus build, yielded as each file is done (for the TUI's loading indicator).
#[derive(Debug)]
pub enum Progress {
    /// Discovery finished: this many files will be read.
    Discovered(usize),
    Document(Box<Processed>),
    /// A document yielded before, processed again now that the corpus knows more (its lines
    /// that are site furniture are gone).
    Revised(Revision),
    Skipped(Skipped),
    Warning(Warning),
}

/// Runs load → clean → extract lazily over `paths`: discovery first, then one file at a time.
/// Linking needs every document, so it is left to the caller ([`link_all`]).
pub fn stream(paths: &[PathBuf], options: &LoadOptions) -> impl Iterator<Item = Progress> {
    let cleaner = Rc::new(RefCell::new(CorpusCleaner::new(Extractor::new(
        Assets::embedded(),
    ))));
    let at_end = Rc::clone(&cleaner);
    let options = options.clone();
    let (files, skipped_on_walk) = corpus::discover(paths);
    let head = std::iter::once(Progress::Discovered(files.len()))
        .chain(skipped_on_walk.into_iter().map(Progress::Skipped));
    let mut ids = UniqueIds::default();
    let per_file = files.into_iter().flat_map(move |file| {
        let steps: Vec<Progress> = match corpus::load_file(&file, &options) {
            Ok(mut loaded) => {
                loaded.document.id = ids.claim(&loaded.document.id);
                let (processed, revisions) = cleaner.borrow_mut().push(loaded.document);
                loaded
                    .warnings
                    .into_iter()
                    .map(Progress::Warning)
                    .chain(std::iter::once(Progress::Document(Box::new(processed))))
                    .chain(revisions.into_iter().map(Progress::Revised))
                    .collect()
            }
            Err(skipped) => vec![Progress::Skipped(skipped)],
        };
        steps
    });
    let tail = std::iter::once_with(move || at_end.borrow_mut().flush())
        .flatten()
        .map(Progress::Revised);
    head.chain(per_file).chain(tail)
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
pub fn build(paths: &[PathBuf], options: &LoadOptions) -> Corpus {
    let mut corpus = Corpus::default();
    for step in stream(paths, options) {
        match step {
            Progress::Discovered(_) => {}
            Progress::Document(p) => corpus.documents.push(*p),
            Progress::Revised(r) => corpus.documents[r.index] = *r.processed,
            Progress::Skipped(s) => corpus.skipped.push(s),
            Progress::Warning(w) => corpus.warnings.push(w),
        }
    }
    corpus.entities = link_all(&corpus.documents);
    corpus
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
