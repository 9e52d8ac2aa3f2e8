//! Corpus search off the input loop. The app asks for a search (an effect carrying shared
//! documents); a worker thread runs it and sends back the hits of each document as it goes, so
//! keys and redraws keep flowing. A newer search supersedes an older one at once: the worker
//! checks between blocks whether its request is still the latest, and the app drops results of
//! any other generation.

use crate::link::Mention;
use crate::pipeline::Processed;
use crate::tui::nav::search_text;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

/// Longest query, in characters: a search is for words, and a pasted page would make every
/// comparison as long as itself.
pub const MAX_QUERY_CHARS: usize = 200;

/// Search `docs` for the folded query; results are tagged with `generation`.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub generation: u64,
    pub folded: Arc<str>,
    pub docs: Vec<(usize, Arc<Processed>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchEvent {
    /// The hits of one document (sent only when there are some), in reading order.
    Hits {
        generation: u64,
        doc: usize,
        hits: Vec<Mention>,
    },
    /// Every document of one request was searched.
    Done { generation: u64 },
}

/// Runs a request while `live()` says it is still wanted, emitting as it goes. Returns whether
/// it ran to the end (and emitted `Done`).
pub fn run(
    request: &SearchRequest,
    live: &dyn Fn() -> bool,
    emit: &mut dyn FnMut(SearchEvent),
) -> bool {
    for (index, doc) in &request.docs {
        let Some(hits) = search_document(doc, *index, &request.folded, live) else {
            return false;
        };
        if !hits.is_empty() {
            emit(SearchEvent::Hits {
                generation: request.generation,
                doc: *index,
                hits,
            });
        }
    }
    emit(SearchEvent::Done {
        generation: request.generation,
    });
    true
}

/// Search hits of one document in reading order; `None` when `live()` turned false midway.
pub fn search_document(
    doc: &Processed,
    index: usize,
    folded: &str,
    live: &dyn Fn() -> bool,
) -> Option<Vec<Mention>> {
    let mut hits = Vec::new();
    for (b, block) in doc.article.blocks.iter().enumerate() {
        if !live() {
            return None;
        }
        hits.extend(
            search_text(&block.text, folded)
                .into_iter()
                .map(|span| Mention {
                    doc: index,
                    block: b,
                    span,
                }),
        );
    }
    Some(hits)
}

/// The worker thread and its channels.
pub struct Searcher {
    requests: Sender<SearchRequest>,
    events: Receiver<SearchEvent>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    pub fn spawn() -> std::io::Result<Searcher> {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, events) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let watched = latest.clone();
        std::thread::Builder::new()
            .name("soi-search".into())
            .spawn(move || {
                for request in inbox {
                    let generation = request.generation;
                    let live = || watched.load(Ordering::SeqCst) == generation;
                    let mut send = |e| {
                        let _ = outbox.send(e);
                    };
                    run(&request, &live, &mut send);
                }
            })?;
        Ok(Searcher {
            requests,
            events,
            latest,
        })
    }

    /// Queues a request; any request of an older generation stops at its next block.
    pub fn submit(&self, request: SearchRequest) {
        self.latest.fetch_max(request.generation, Ordering::SeqCst);
        let _ = self.requests.send(request);
    }

    pub fn try_recv(&self) -> Option<SearchEvent> {
        self.events.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use std::cell::Cell;

    fn doc(text: &str) -> Arc<Processed> {
        let document = Document::from_text("d", "d.txt", text);
        let article = crate::clean::clean(&document);
        Arc::new(Processed {
            document,
            article,
            mentions: Vec::new(),
            facts: Default::default(),
        })
    }

    fn request(generation: u64, n: usize) -> SearchRequest {
        SearchRequest {
            generation,
            folded: crate::text::fold("hà nội").into(),
            docs: (0..n)
                .map(|i| (i, doc("Tin mới\n\nKhách đến Hà Nội và Ha Noi hôm nay.\n")))
                .collect(),
        }
    }

    #[test]
    fn a_request_reports_hits_per_document_then_done() {
        let mut events = Vec::new();
        assert!(run(&request(3, 2), &|| true, &mut |e| events.push(e)));
        assert_eq!(events.len(), 3);
        assert!(
            matches!(&events[0], SearchEvent::Hits { generation: 3, doc: 0, hits } if hits.len() == 2)
        );
        assert_eq!(events[2], SearchEvent::Done { generation: 3 });
    }

    #[test]
    fn a_superseded_request_stops_without_done() {
        let checks = Cell::new(0);
        let live = || {
            checks.set(checks.get() + 1);
            checks.get() <= 3
        };
        let mut events = Vec::new();
        assert!(!run(&request(1, 50), &live, &mut |e| events.push(e)));
        assert!(events.len() < 50, "stopped early: {} events", events.len());
        assert!(!events.iter().any(|e| matches!(e, SearchEvent::Done { .. })));
    }

    #[test]
    fn the_worker_answers_the_latest_request() {
        let s = Searcher::spawn().expect("thread");
        s.submit(request(1, 200));
        s.submit(request(2, 1));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            match s.try_recv() {
                Some(SearchEvent::Done { generation: 2 }) => break,
                Some(_) => {}
                None => std::thread::yield_now(),
            }
            assert!(std::time::Instant::now() < deadline, "no answer");
        }
    }
}
