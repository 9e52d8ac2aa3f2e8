//! The processed corpus on disk (`$XDG_CACHE_HOME/soi/corpus`): what extraction found in each
//! document (mentions, facts), so that reopening a corpus extracts only what changed.
//!
//! One file per document, named by a hash of its path and id, holding the document's key (the
//! pipeline's version, path, id, file size, modification time and a hash of its text) and the
//! results for the articles it was cleaned into. Cleaning always runs (it depends on the other
//! documents through site furniture, see [`crate::clean::furniture`]); a cached result is used
//! only when the cleaning gives the very article it was made from (same hash), so the output is
//! the same with and without the cache. A file that does not decode, whose checksum or key
//! differs, is ignored and written again: a damaged or stale cache is rebuilt, never trusted.

use crate::clean::Article;
use crate::corpus::Document;
use crate::extract::{Extractor, RawMention};
use crate::facts::{self, Facts};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

/// Results kept per document: the articles of its last cleanings (a document cleaned before the
/// corpus knew its site's furniture, then again after).
const MAX_ENTRIES: usize = 4;

/// `soi/corpus` in the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`, on Linux).
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("soi").join("corpus"))
}

/// What the cache saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheCounts {
    /// Documents extracted (once or more: a document cleaned again counts once).
    pub extracted: usize,
    /// Results taken from the cache instead of extracted.
    pub cached: usize,
}

/// The cache of one corpus build (shared by the threads processing documents).
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// The cache files of the documents extracted, by the number they are named by (their
    /// paths, tens of MB at 100,000 documents, were held to the end of the corpus).
    extracted: Mutex<HashSet<u64>>,
    cached: AtomicUsize,
}

/// What identifies a document's source: any change and the stored results are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    version: String,
    path: Vec<u8>,
    id: String,
    size: u64,
    modified: (u64, u32),
    text: u64,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    /// Hash of the article the results were extracted from.
    article: u64,
    mentions: Vec<RawMention>,
    facts: Facts,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    key: Key,
    entries: Vec<Entry>,
}

/// A writer that hashes what goes through it (to `inner`, when there is one): what serde writes
/// is hashed without being built whole.
struct HashWriter<W> {
    hasher: std::collections::hash_map::DefaultHasher,
    inner: W,
}

impl<W: Write> HashWriter<W> {
    fn new(inner: W) -> Self {
        HashWriter {
            hasher: std::collections::hash_map::DefaultHasher::new(),
            inner,
        }
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.write(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

fn hash_article(article: &Article) -> Option<u64> {
    let mut w = HashWriter::new(io::sink());
    postcard::to_io(article, &mut w).ok()?;
    Some(w.hasher.finish())
}

/// The build's sources and assets, and the hasher's own output (the standard hasher may change
/// between compilers): results of another build are never used.
pub(crate) fn version() -> String {
    format!(
        "{}-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        env!("SOI_PIPELINE_HASH"),
        hash_bytes(b"soi")
    )
}

fn key_of(document: &Document) -> Option<Key> {
    let meta = std::fs::metadata(&document.path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(Key {
        version: version(),
        path: document.path.as_os_str().as_encoded_bytes().to_vec(),
        id: document.id.clone(),
        size: meta.len(),
        modified: (modified.as_secs(), modified.subsec_nanos()),
        text: hash_bytes(document.text.as_bytes()),
    })
}

impl Cache {
    /// A cache in `dir` (made when first written to).
    pub fn new(dir: PathBuf) -> Self {
        Cache {
            dir,
            extracted: Mutex::default(),
            cached: AtomicUsize::new(0),
        }
    }

    pub fn counts(&self) -> CacheCounts {
        CacheCounts {
            extracted: self.extracted.lock().map_or(0, |set| set.len()),
            cached: self.cached.load(Ordering::Relaxed),
        }
    }

    /// The number a document's cache file is named by.
    fn name(key: &Key) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.path.hash(&mut h);
        key.id.hash(&mut h);
        h.finish()
    }

    fn file(&self, name: u64) -> PathBuf {
        self.dir.join(format!("{name:016x}.bin"))
    }

    /// The mentions and facts of `article`, cleaned from `document`: the stored ones when this
    /// document, unchanged, was cleaned into this very article before; else extracted and stored.
    pub fn derive(
        &self,
        document: &Document,
        article: &Article,
        extractor: &Extractor,
    ) -> (Vec<RawMention>, Facts) {
        let key = key_of(document);
        let hash = hash_article(article);
        let (Some(key), Some(hash)) = (key, hash) else {
            return extract(article, extractor);
        };
        let name = Cache::name(&key);
        let file = self.file(name);
        let mut entries = read(&file)
            .filter(|stored| stored.key == key)
            .map(|stored| stored.entries)
            .unwrap_or_default();
        if let Some(at) = entries.iter().position(|e| e.article == hash) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            let entry = entries.swap_remove(at);
            return (entry.mentions, entry.facts);
        }
        if let Ok(mut set) = self.extracted.lock() {
            set.insert(name);
        }
        let (mentions, facts) = extract(article, extractor);
        if entries.len() >= MAX_ENTRIES {
            entries.remove(0);
        }
        entries.push(Entry {
            article: hash,
            mentions,
            facts,
        });
        let stored = Stored { key, entries };
        // A cache that cannot be written only costs time next run.
        let _ = write(&file, &stored);
        let last = stored.entries.into_iter().next_back();
        last.map(|e| (e.mentions, e.facts)).unwrap_or_default()
    }
}

/// Extraction and facts of one article, without a cache.
pub fn extract(article: &Article, extractor: &Extractor) -> (Vec<RawMention>, Facts) {
    let mentions = extractor.extract(article);
    let facts = facts::extract(article, &mentions);
    (mentions, facts)
}

/// The stored results, when the file decodes whole and its checksum (the last 8 bytes) holds.
fn read(file: &Path) -> Option<Stored> {
    let bytes = std::fs::read(file).ok()?;
    let (payload, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if hash_bytes(payload).to_le_bytes() != sum {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes through a temporary file renamed over the old one: a reader never sees half a file.
fn write(file: &Path, stored: &Stored) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Another soi may write the same document at once: each process its own temporary name.
    let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
    let written = (|| {
        // Streamed: a huge document's results are not built whole in memory once more.
        let mut w = HashWriter::new(io::BufWriter::new(std::fs::File::create(&tmp)?));
        postcard::to_io(stored, &mut w).map_err(io::Error::other)?;
        let sum = w.hasher.finish();
        let mut inner = w.inner;
        inner.write_all(&sum.to_le_bytes())?;
        inner.flush()?;
        std::fs::rename(&tmp, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
