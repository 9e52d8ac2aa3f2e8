//! A few fetches at once. Worker threads take requests from one queue — never more than
//! [`WebOptions::per_host`] to one host at a time — and send each outcome back as an [`Event`].
//! A worker that fetched a feed queues the pages of its first `follow` items itself, so they are
//! fetched while the caller is still busy with earlier documents.

use super::cache::Cache;
use super::client::Client;
use super::{classify, FetchError, Kind, Response, WebOptions};
use crate::corpus::feed::{self, Feed};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Name of the fetching threads: a panic there is caught and reported as that request's failure
/// (the reader's panic hook leaves the terminal alone for it).
pub const THREAD_NAME: &str = "soi-fetch";

/// Which request an event answers: the caller's job number, and the feed item for a followed
/// item page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub job: usize,
    pub item: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub key: Key,
    pub url: String,
    /// `host:port`, the unit of the per-host limit.
    host: String,
}

impl Request {
    pub fn new(key: Key, url: String) -> Self {
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| {
                let host = u.host_str()?.to_ascii_lowercase();
                Some(format!("{host}:{}", u.port_or_known_default().unwrap_or(0)))
            })
            .unwrap_or_default();
        Self { key, url, host }
    }
}

/// What a request brought.
#[derive(Debug)]
pub enum Fetched {
    /// A page or a text (for a feed item: whatever its link gave, to be judged by the caller).
    Page(Response),
    /// A feed; `followed` are the items whose pages were queued (in order).
    Feed { feed: Feed, followed: Vec<usize> },
}

#[derive(Debug)]
pub struct Event {
    pub key: Key,
    pub outcome: Result<Fetched, FetchError>,
    /// Things worth a warning that did not stop the request (cache trouble).
    pub notes: Vec<String>,
}

/// The running workers. Dropping it stops them after their current request.
pub struct Fetcher {
    shared: Arc<Shared>,
    events: Receiver<Event>,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    client: Client,
    cache: Option<Cache>,
    refresh: bool,
    feed_max_age: std::time::Duration,
    follow: usize,
    per_host: usize,
    max_bytes: u64,
    /// A cache that cannot be written is said once, not for every response.
    cache_failure_told: AtomicBool,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Request>,
    /// Requests under way per host.
    busy: HashMap<String, usize>,
    closed: bool,
}

impl Fetcher {
    /// Starts `options.parallel` workers on `requests`. Fails only when no thread could start.
    pub fn start(
        requests: Vec<Request>,
        options: &WebOptions,
        max_bytes: u64,
    ) -> Result<Fetcher, String> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: requests.into(),
                ..State::default()
            }),
            wake: Condvar::new(),
            client: Client::new(options, max_bytes),
            cache: options.cache_dir.clone().map(Cache::new),
            refresh: options.refresh,
            feed_max_age: options.feed_max_age,
            follow: options.follow,
            per_host: options.per_host.max(1),
            max_bytes,
            cache_failure_told: AtomicBool::new(false),
        });
        let (tx, events) = mpsc::channel();
        let mut started = 0;
        let mut last_error = None;
        for _ in 0..options.parallel.max(1) {
            let (shared, tx) = (shared.clone(), tx.clone());
            match std::thread::Builder::new()
                .name(THREAD_NAME.into())
                .spawn(move || shared.work(&tx))
            {
                Ok(_) => started += 1,
                Err(e) => last_error = Some(e.to_string()),
            }
        }
        if started == 0 {
            return Err(format!(
                "could not start fetching: {}",
                last_error.unwrap_or_default()
            ));
        }
        Ok(Fetcher { shared, events })
    }

    /// The next outcome, waiting for it; `None` once every worker has stopped.
    pub fn recv(&self) -> Option<Event> {
        self.events.recv().ok()
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake.notify_all();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn work(&self, tx: &Sender<Event>) {
        while let Some(request) = self.next_request() {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut notes = Vec::new();
                let outcome = self.fetch(&request, &mut notes);
                (outcome, notes)
            }));
            let (outcome, notes) = outcome.unwrap_or_else(|payload| {
                let why = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a bug".into());
                (Err(FetchError::Internal(why)), Vec::new())
            });
            {
                let mut state = self.lock();
                if let Some(n) = state.busy.get_mut(&request.host) {
                    *n = n.saturating_sub(1);
                }
            }
            self.wake.notify_all();
            let event = Event {
                key: request.key,
                outcome,
                notes,
            };
            if tx.send(event).is_err() {
                return; // nobody listens any more
            }
        }
    }

    /// The first queued request whose host has room, waiting for one; `None` once closed.
    fn next_request(&self) -> Option<Request> {
        let mut state = self.lock();
        loop {
            if state.closed {
                return None;
            }
            let free = state
                .queue
                .iter()
                .position(|r| state.busy.get(&r.host).copied().unwrap_or(0) < self.per_host);
            if let Some(request) = free.and_then(|i| state.queue.remove(i)) {
                *state.busy.entry(request.host.clone()).or_default() += 1;
                return Some(request);
            }
            state = self
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn fetch(&self, request: &Request, notes: &mut Vec<String>) -> Result<Fetched, FetchError> {
        let response = self.response(&request.url, notes)?;
        if request.key.item.is_some() {
            return Ok(Fetched::Page(response));
        }
        match classify(&response)? {
            Kind::Html | Kind::Markdown | Kind::Text => Ok(Fetched::Page(response)),
            Kind::Feed => {
                let feed = feed::parse(&response.body, Some(&response.final_url))?;
                let followed: Vec<usize> = feed
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.link.is_some())
                    .map(|(n, _)| n)
                    .take(self.follow)
                    .collect();
                {
                    let mut state = self.lock();
                    for &n in &followed {
                        let key = Key {
                            job: request.key.job,
                            item: Some(n),
                        };
                        let url = feed.items[n].link.clone().unwrap_or_default();
                        state.queue.push_back(Request::new(key, url));
                    }
                }
                self.wake.notify_all();
                Ok(Fetched::Feed { feed, followed })
            }
        }
    }

    /// From the cache unless refreshing or a stale feed; from the network otherwise (then
    /// cached). A failed refetch falls back to the cached copy, with a note.
    fn response(&self, url: &str, notes: &mut Vec<String>) -> Result<Response, FetchError> {
        let cached = || {
            let hit = self.cache.as_ref()?.get(url)?;
            (hit.response.body.len() as u64 <= self.max_bytes).then_some(hit)
        };
        if !self.refresh {
            if let Some(hit) = cached() {
                let stale_feed = hit.age > self.feed_max_age
                    && matches!(classify(&hit.response), Ok(Kind::Feed));
                if !stale_feed {
                    return Ok(hit.response);
                }
            }
        }
        match self.client.get(url) {
            Ok(response) => {
                if let Some(cache) = &self.cache {
                    if let Err(e) = cache.put(&response) {
                        if !self.cache_failure_told.swap(true, Ordering::Relaxed) {
                            notes.push(format!(
                                "responses are not cached in {}: {e}",
                                cache.dir().display()
                            ));
                        }
                    }
                }
                Ok(response)
            }
            Err(error) => match cached().map(|c| c.response) {
                Some(hit) => {
                    notes.push(format!(
                        "refetching failed ({error}): the cached copy is used"
                    ));
                    Ok(hit)
                }
                None => Err(error),
            },
        }
    }
}
