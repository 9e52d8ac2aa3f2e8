//! The whole pipeline on a set of paths: load → clean → extract → link.

use crate::assets::Assets;
use crate::clean::{self, Article};
use crate::corpus::{self, Document, LoadOptions, Skipped, Warning};
use crate::extract::{Extractor, RawMention};
use crate::facts::{self, Fact, FactIndex};
use crate::link::{self, DocMentions, Entity};
use std::collections::HashMap;
use std::path::PathBuf;

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

/// Cleans and extracts one loaded document.
pub fn process(document: Document, extractor: &Extractor) -> Processed {
    let article = clean::clean(&document);
    let mentions = extractor.extract(&article);
    Processed::new(document, article, mentions)
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
    Skipped(Skipped),
    Warning(Warning),
}

/// Runs load → clean → extract lazily over `paths`: discovery first, then one file at a time.
/// Linking needs every document, so it is left to the caller ([`link_all`]).
pub fn stream(paths: &[PathBuf], options: &LoadOptions) -> impl Iterator<Item = Progress> {
    let extractor = Extractor::new(Assets::embedded());
    let options = options.clone();
    let (files, skipped_on_walk) = corpus::discover(paths);
    let head = std::iter::once(Progress::Discovered(files.len()))
        .chain(skipped_on_walk.into_iter().map(Progress::Skipped));
    let mut ids = UniqueIds::default();
    let per_file = files.into_iter().flat_map(move |file| {
        let steps: Vec<Progress> = match corpus::load_file(&file, &options) {
            Ok(mut loaded) => {
                loaded.document.id = ids.claim(&loaded.document.id);
                loaded
                    .warnings
                    .into_iter()
                    .map(Progress::Warning)
                    .chain(std::iter::once(Progress::Document(Box::new(process(
                        loaded.document,
                        &extractor,
                    )))))
                    .collect()
            }
            Err(skipped) => vec![Progress::Skipped(skipped)],
        };
        steps
    });
    head.chain(per_file)
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
