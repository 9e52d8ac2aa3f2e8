//! Background loading: runs the pipeline on its own thread and sends each step over a channel,
//! re-linking now and then so entities appear while files are still being read.

use super::app::LoadEvent;
use crate::corpus::{Input, LoadOptions};
use crate::extract::RawMention;
use crate::facts::index::DocFacts;
use crate::facts::{Fact, FactIndex};
use crate::link::Entity;
use crate::pipeline::{self, Progress};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How often to re-link while loading: linking is whole-corpus work, so not after every file.
const RELINK_EVERY: Duration = Duration::from_millis(500);

/// Name of the loading thread: the panic hook leaves the terminal alone for panics there (the
/// reader keeps running and reports the failure in its status bar and log).
pub const THREAD_NAME: &str = "soi-loader";

/// Starts loading `paths`; events arrive on the returned channel, `Finished` last.
pub fn spawn(paths: Vec<Input>, options: LoadOptions) -> Receiver<LoadEvent> {
    let (tx, rx) = mpsc::channel();
    let worker_tx = tx.clone();
    let work = move || {
        let tx = worker_tx;
        // Only the mentions and facts are kept for re-linking and re-indexing: the documents
        // themselves go to the reader.
        let mut mentions: Vec<Vec<RawMention>> = Vec::new();
        let mut facts: Vec<Vec<Fact>> = Vec::new();
        let mut last_link = Instant::now();
        let mut linked = 0;
        for step in pipeline::stream(&paths, &options) {
            match &step {
                Progress::Document(p) => {
                    mentions.push(p.mentions.clone());
                    facts.push(p.facts.clone());
                }
                Progress::Revised(r) => {
                    mentions[r.index] = r.processed.mentions.clone();
                    facts[r.index] = r.processed.facts.clone();
                }
                _ => {}
            }
            if tx.send(LoadEvent::Progress(step)).is_err() {
                return; // the reader quit
            }
            if mentions.len() > linked && last_link.elapsed() >= RELINK_EVERY {
                let entities = link(&mentions);
                let index = index(&facts, &mentions, &entities);
                if tx.send(LoadEvent::Linked(entities)).is_err()
                    || tx.send(LoadEvent::Facts(index)).is_err()
                {
                    return;
                }
                linked = mentions.len();
                last_link = Instant::now();
            }
        }
        let entities = link(&mentions);
        let index = index(&facts, &mentions, &entities);
        let _ = tx.send(LoadEvent::Linked(entities));
        let _ = tx.send(LoadEvent::Facts(index));
    };
    let spawned = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            // A pipeline bug must not take the reader down: what loaded stays readable.
            if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
                let _ = tx.send(LoadEvent::Failed(super::terminal::panic_message(&*payload)));
            }
            let _ = tx.send(LoadEvent::Finished);
        });
    if let Err(e) = spawned {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(LoadEvent::Failed(format!("could not start loading: {e}")));
        let _ = tx.send(LoadEvent::Finished);
        return rx;
    }
    rx
}

fn link(mentions: &[Vec<RawMention>]) -> Vec<Entity> {
    pipeline::link_mentions(mentions.iter().map(Vec::as_slice))
}

fn index(facts: &[Vec<Fact>], mentions: &[Vec<RawMention>], entities: &[Entity]) -> Box<FactIndex> {
    let docs: Vec<DocFacts<'_>> = facts
        .iter()
        .zip(mentions)
        .map(|(f, m)| DocFacts {
            facts: f,
            mentions: m,
        })
        .collect();
    Box::new(FactIndex::build(&docs, entities))
}
