//! Background loading: runs the pipeline on its own thread and sends each step over a channel,
//! re-linking now and then so entities appear while files are still being read.

use super::app::LoadEvent;
use crate::corpus::LoadOptions;
use crate::pipeline::{self, Processed, Progress};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How often to re-link while loading: linking is whole-corpus work, so not after every file.
const RELINK_EVERY: Duration = Duration::from_millis(500);

/// Starts loading `paths`; events arrive on the returned channel, `Finished` last.
pub fn spawn(paths: Vec<PathBuf>, options: LoadOptions) -> Receiver<LoadEvent> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut docs: Vec<Processed> = Vec::new();
        let mut last_link = Instant::now();
        let mut linked = 0;
        for step in pipeline::stream(&paths, &options) {
            if let Progress::Document(p) = &step {
                docs.push((**p).clone());
            }
            if tx.send(LoadEvent::Progress(step)).is_err() {
                return; // the reader quit
            }
            if docs.len() > linked && last_link.elapsed() >= RELINK_EVERY {
                if tx
                    .send(LoadEvent::Linked(pipeline::link_all(&docs)))
                    .is_err()
                {
                    return;
                }
                linked = docs.len();
                last_link = Instant::now();
            }
        }
        let _ = tx.send(LoadEvent::Linked(pipeline::link_all(&docs)));
        let _ = tx.send(LoadEvent::Finished);
    });
    rx
}
