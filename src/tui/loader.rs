//! Background loading: runs the pipeline on its own thread and sends each step over a channel,
//! with the entities and facts of the documents so far now and then, so that they appear while
//! files are still being read — or, when the corpus snapshot holds these inputs unchanged, the
//! whole corpus at once ([`crate::snapshot`]).

use super::app::LoadEvent;
use super::library::{Library, LinkView, MadeListKeys};
use crate::corpus::{Input, LoadOptions};
use crate::pipeline::{self, Assembly, Opened, Progress};
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Least time between two publications of the entities while loading.
const RELINK_EVERY: Duration = Duration::from_millis(500);
/// A publication (linking, indexing the facts, the reader's indexes: work over the whole corpus
/// so far) waits until loading has gone on this many times as long as the last one took, so
/// that it costs at most a fixed share of the loading whatever the corpus size.
const LOADING_PER_PUBLICATION: u32 = 8;
/// The entities published are let go once the documents still to come are fewer than those they
/// cover divided by this ([`Schedule::lets_go`]).
const LET_GO_BELOW: usize = 4;

/// Name of the loading thread: the panic hook leaves the terminal alone for panics there (the
/// reader keeps running and reports the failure in its status bar and log).
pub const THREAD_NAME: &str = "soi-loader";

/// Whether a panic on `thread` is the loader's to report (its own thread, the stream's, which
/// bears the same name, or a worker of the pool it spreads its work over).
pub fn reports_panics_of(thread: &str) -> bool {
    thread
        .strip_prefix(THREAD_NAME)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(WORKER_SUFFIX))
}

const WORKER_SUFFIX: &str = "-worker-";

/// Names the threads of the pool that parallel work runs on after the loader: in the reader only
/// the loader hands work to it, so a panic there comes back to the loader (rayon resumes it in
/// the caller), which reports it. Before anything else uses the pool; once made, it stays.
pub fn name_workers() {
    let _ = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("{THREAD_NAME}{WORKER_SUFFIX}{i}"))
        .build_global();
}

/// When to publish the entities next.
struct Schedule {
    /// When the stream started.
    started: Instant,
    next: Instant,
    /// Documents expected in all, as far as known ([`Progress::Discovered`]).
    expected: usize,
    /// Documents streamed so far.
    done: usize,
    /// The last publication: how long it took and how many documents it covered.
    last: Option<(Duration, usize)>,
    /// The entities published were let go before the end ([`Schedule::lets_go`]): none is
    /// published again until the final ones.
    let_go: bool,
}

impl Schedule {
    fn new() -> Self {
        let now = Instant::now();
        Schedule {
            started: now,
            next: now + RELINK_EVERY,
            expected: 0,
            done: 0,
            last: None,
            let_go: false,
        }
    }

    fn take(&mut self, step: &Progress) {
        match step {
            Progress::Discovered(n) => self.expected = *n,
            Progress::Document(_) => self.done += 1,
            _ => {}
        }
    }

    /// Time for a publication, unless the rest of the stream would be over before it is: the
    /// final entities come then anyway, and a publication held beside the stream's tail is the
    /// peak of the reader's memory.
    fn due(&self) -> bool {
        if self.let_go {
            return false;
        }
        let now = Instant::now();
        if now < self.next {
            return false;
        }
        let Some((took, covered)) = self.last else {
            return true;
        };
        // Both the stream and a publication take time in proportion to the documents.
        let per_document =
            |time: Duration, documents: usize| time.as_secs_f64() / documents.max(1) as f64;
        let rest = per_document(now - self.started, self.done)
            * self.expected.saturating_sub(self.done) as f64;
        let cost = per_document(took, covered) * self.done as f64;
        rest >= cost
    }

    /// Time to let the published entities go, once: the documents still to come are at most a
    /// quarter of those they cover, and the stream's tail held beside them (the linker, every
    /// document, the stream's own tables) was the peak of the reader's memory; the final ones
    /// come soon.
    fn lets_go(&mut self) -> bool {
        let Some((_, covered)) = self.last else {
            return false;
        };
        let late = self.expected.saturating_sub(self.done) * LET_GO_BELOW <= covered;
        let now = late && !self.let_go;
        self.let_go |= now;
        now
    }

    /// A publication that started at `started` just ended.
    fn published(&mut self, started: Instant) {
        let took = started.elapsed();
        self.last = Some((took, self.done));
        self.next = Instant::now() + RELINK_EVERY.max(took * LOADING_PER_PUBLICATION);
    }
}

/// The entities (no lists of mentions: see [`Library::entities`]), facts and the reader's
/// indexes of the documents so far.
fn publish(assembly: &Assembly) -> Box<LinkView> {
    let linked = assembly.linked_unlisted();
    let facts = assembly.facts(&linked);
    let view = Box::new(LinkView::new(linked, facts));
    // Its working tables are not needed again until the next publication.
    pipeline::release_freed();
    view
}

/// Starts loading `paths`; events arrive on the returned channel, `Finished` once all is loaded,
/// then the documents' list keys. A corpus whose snapshot is valid arrives whole, in one event;
/// else documents arrive one by one, and the snapshot is written once all are linked.
pub fn spawn(paths: Vec<Input>, options: LoadOptions) -> Receiver<LoadEvent> {
    let (tx, rx) = mpsc::channel();
    let worker_tx = tx.clone();
    let work = move || {
        let tx = worker_tx;
        if std::env::var_os("SOI_FORCE_PANIC").is_some_and(|v| v == "loader-worker") {
            (0..2).into_par_iter().for_each(|_| {
                panic!("SOI_FORCE_PANIC is set: forced panic in a worker of the loading")
            });
        }
        let mut schedule = Schedule::new();
        let mut changed = false;
        // Linking and publishing here overlap the stream's processing of the next documents.
        let opened = pipeline::open_streaming(
            &paths,
            &options,
            |assembly, step| {
                changed |= matches!(step, Progress::Document(_) | Progress::Revised(_));
                schedule.take(&step);
                let mut quit = tx.send(LoadEvent::Progress(step)).is_err();
                if !quit && changed && schedule.due() {
                    let started = Instant::now();
                    quit = tx.send(LoadEvent::Linked(publish(assembly))).is_err();
                    schedule.published(started);
                    changed = false;
                }
                if !quit && schedule.lets_go() {
                    quit = tx.send(LoadEvent::DropLinks).is_err();
                }
                if quit {
                    ControlFlow::Break(()) // the reader quit
                } else {
                    ControlFlow::Continue(())
                }
            },
            || {
                let _ = tx.send(LoadEvent::Finishing);
            },
            pipeline::Mentions::Table,
        );
        let (event, docs) = match opened {
            Opened::Whole(whole) => {
                let lib = Library::from_whole(whole);
                let docs = lib.docs.clone();
                (LoadEvent::Whole(Box::new(lib)), docs)
            }
            Opened::Processed(done) => (
                LoadEvent::Linked(Box::new(LinkView::new(done.linked, done.facts))),
                done.documents,
            ),
            Opened::BrokenOff => return None,
        };
        let _ = tx.send(event);
        Some(docs)
    };
    let spawned = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            // A pipeline bug must not take the reader down: what loaded stays readable.
            let docs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(
                |payload| {
                    let _ = tx.send(LoadEvent::Failed(super::terminal::panic_message(&*payload)));
                    None
                },
            );
            let _ = tx.send(LoadEvent::Finished);
            // The documents filter's keys, now that the memory of the loading is past its peak.
            if let Some(docs) = docs {
                let _ = tx.send(LoadEvent::ListKeys(Box::new(MadeListKeys::of(docs))));
            }
        });
    if let Err(e) = spawned {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(LoadEvent::Failed(format!("could not start loading: {e}")));
        let _ = tx.send(LoadEvent::Finished);
        return rx;
    }
    rx
}
