//! The corpus cache (issue 12): reopening an unchanged corpus extracts nothing, touching files
//! extracts only those, a damaged or stale cache is rebuilt, and the export is the same with the
//! cache, without it, and with a cache damaged. Every cache here lives in a temporary folder.

mod scale_support;

use scale_support::{cache_options, set_modified, soi_export, write_corpus};
use soi::cache::CacheCounts;
use soi::export::Export;
use soi::pipeline::{self, Progress};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const ARTICLES: usize = 40;

/// What the cache gave on one build of `dir`.
fn counts(dir: &Path, cache: &Path) -> CacheCounts {
    let mut counts = None;
    for step in pipeline::stream(&[dir.to_path_buf()], &cache_options(Some(cache))) {
        if let Progress::Cached(c) = step {
            counts = Some(c);
        }
    }
    counts.expect("the stream reports what the cache gave")
}

fn export(dir: &Path, cache: Option<&Path>) -> String {
    let corpus = pipeline::build(&[dir.to_path_buf()], &cache_options(cache));
    serde_json::to_string(&Export::new(&corpus)).expect("json")
}

/// The per-document cache files (the corpus snapshots have their own folder, see
/// `tests/snapshot.rs`).
fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn reopening_extracts_only_what_changed() {
    let corpus = tempfile::tempdir().expect("corpus");
    let cache = tempfile::tempdir().expect("cache");
    write_corpus(corpus.path(), ARTICLES);
    let first = counts(corpus.path(), cache.path());
    assert_eq!(first.extracted, ARTICLES);
    assert_eq!(cache_files(cache.path()).len(), ARTICLES);
    let again = counts(corpus.path(), cache.path());
    assert_eq!(again.extracted, 0, "{again:?}");
    assert!(again.cached >= ARTICLES, "{again:?}");

    // Ten files touched (same text, new time): those ten are extracted again, no other.
    let later = SystemTime::now() + Duration::from_secs(60);
    for file in articles(corpus.path()).iter().step_by(4).take(10) {
        set_modified(file, later);
    }
    assert_eq!(counts(corpus.path(), cache.path()).extracted, 10);
    assert_eq!(counts(corpus.path(), cache.path()).extracted, 0);
}

#[test]
fn the_export_is_the_same_with_and_without_the_cache() {
    let corpus = tempfile::tempdir().expect("corpus");
    let cache = tempfile::tempdir().expect("cache");
    write_corpus(corpus.path(), ARTICLES);
    let plain = export(corpus.path(), None);
    assert_eq!(export(corpus.path(), Some(cache.path())), plain);
    assert_eq!(counts(corpus.path(), cache.path()).extracted, 0);
    assert_eq!(export(corpus.path(), Some(cache.path())), plain);
}

#[test]
fn a_damaged_cache_is_rebuilt_not_trusted() {
    let corpus = tempfile::tempdir().expect("corpus");
    let cache = tempfile::tempdir().expect("cache");
    write_corpus(corpus.path(), ARTICLES);
    let plain = export(corpus.path(), None);
    counts(corpus.path(), cache.path());
    let files = cache_files(cache.path());
    // Truncated, one byte changed, emptied, replaced by garbage.
    for (i, file) in files.iter().enumerate() {
        let mut bytes = std::fs::read(file).expect("cache file");
        match i % 4 {
            0 => bytes.truncate(bytes.len() / 2),
            1 => {
                let at = bytes.len() / 3;
                bytes[at] ^= 0x55;
            }
            2 => bytes.clear(),
            _ => bytes = b"not a cache file at all".to_vec(),
        }
        std::fs::write(file, bytes).expect("damage");
    }
    assert_eq!(export(corpus.path(), Some(cache.path())), plain);
    assert_eq!(counts(corpus.path(), cache.path()).extracted, 0);
}

#[test]
fn a_file_changed_under_the_same_size_and_time_is_extracted_again() {
    let corpus = tempfile::tempdir().expect("corpus");
    let cache = tempfile::tempdir().expect("cache");
    write_corpus(corpus.path(), ARTICLES);
    counts(corpus.path(), cache.path());
    let file = &articles(corpus.path())[5];
    let when = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(file).expect("article");
    // A digit changed for another: same size, same time; only the text's hash tells.
    let at = text.find(|c: char| c.is_ascii_digit()).expect("a digit");
    let digit = if &text[at..=at] == "7" { "8" } else { "7" };
    let changed = format!("{}{digit}{}", &text[..at], &text[at + 1..]);
    assert_eq!(changed.len(), text.len());
    std::fs::write(file, changed).expect("write");
    set_modified(file, when);
    assert_eq!(counts(corpus.path(), cache.path()).extracted, 1);
    assert_eq!(
        export(corpus.path(), Some(cache.path())),
        export(corpus.path(), None)
    );
}

/// The binary keeps its cache in `$XDG_CACHE_HOME/soi/corpus`; `--no-cache` leaves it alone.
#[test]
fn the_binary_caches_under_xdg_cache_home_unless_told_not_to() {
    let corpus = tempfile::tempdir().expect("corpus");
    write_corpus(corpus.path(), 8);
    let run = |home: &Path, extra: &[&str]| {
        soi_export(
            corpus.path(),
            extra,
            &[("XDG_CACHE_HOME", home.as_os_str())],
        )
    };
    let uncached = tempfile::tempdir().expect("home");
    let plain = run(uncached.path(), &["--no-cache"]);
    assert!(!uncached.path().join("soi").exists());
    let cached = tempfile::tempdir().expect("home");
    assert_eq!(run(cached.path(), &[]), plain);
    assert_eq!(cache_files(&cached.path().join("soi/corpus")).len(), 8);
    assert_eq!(run(cached.path(), &[]), plain);
}
