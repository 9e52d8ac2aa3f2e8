//! The corpus snapshot (`$XDG_CACHE_HOME/soi/corpus/snapshots/`): a whole processed corpus —
//! documents, articles, mentions, facts, the linked entities, the fact index, what was skipped
//! and warned about — so that reopening an unchanged corpus reads one file and reads, cleans,
//! extracts, links and indexes nothing.
//!
//! One file per set of inputs (local files and folders only: web addresses have none), named by
//! a hash of the inputs as given, made for one version of soi and one value of the options that
//! change the output (`--max-bytes`). It is used only when discovery now finds the very files
//! (and non-article files) it was made from, each with the size and modification time it had
//! when the build began (as the discovery walk read them). A file modified shortly before the
//! build ([`RACY`]) could change again without its time changing: the snapshot holds a hash of
//! what such a file gave, checked by loading that file again. Anything else — no snapshot, a
//! damaged (CRC of every frame), truncated or stale one — and the corpus is processed as usual
//! (with the per-document cache, [`crate::cache`]) and the snapshot written again.
//!
//! Layout: a magic, then frames (length, CRC-32, postcard payload): the header (key, files,
//! counts), the entities in batches (with their mentions), the fact index, the skipped files and
//! warnings, the mentions' distinct strings (each interned and numbered once per reopen), then the documents
//! in batches of [`BATCH`], each batch's frame followed by a frame of its texts end to end (read
//! straight into the memory the documents then hold): what is not documents is decoded beside
//! them, not after. Written frame by frame to a temporary file renamed over the old one
//! (two soi on one corpus each write their own; the last rename wins, and a reader holds the file
//! it opened); read frame by frame and decoded in parallel, a few megabytes of frames at a time.

use crate::cache;
use crate::clean::{Article, Block, BlockKind, LineRange, RemovalReason, Removed, TitleSource};
use crate::corpus::{
    self, Document, Input, LoadOptions, Markup, Metadata, Skipped, Source, Warning,
};
use crate::extract::{CanonicalId, EntityKind, RawMention, Span};
use crate::facts::{FactIndex, Facts};
use crate::link::{DocEntities, Entity, MentionEntities};
use crate::pipeline::{Corpus, Processed};
use crate::text::SharedStr;
use rayon::prelude::*;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use ustr::Ustr;

const MAGIC: &[u8; 8] = b"soisnap\x0e";
/// Documents per frame: the unit of parallel decoding.
const BATCH: usize = 64;
const ENTITY_BATCH: usize = 4096;
/// Frames read before they are decoded together (bounds the bytes held besides the corpus).
const DECODE_BYTES: usize = 8 << 20;
/// A file modified this close to the build's start (coarse file-system clocks, 2-second FAT
/// times) may be modified again within the same time stamp.
const RACY: Duration = Duration::from_secs(3);

/// Where the snapshot of some inputs lives, and what it must have been made from.
#[derive(Debug)]
pub struct Place {
    file: PathBuf,
    key: Key,
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    version: String,
    max_bytes: u64,
    inputs: Vec<Vec<u8>>,
}

impl Place {
    /// `None` without a cache folder or when an input is a web address.
    pub fn of(inputs: &[Input], options: &LoadOptions) -> Option<Place> {
        let dir = options.cache_dir.as_ref()?;
        let paths = inputs
            .iter()
            .map(|i| match i {
                Input::Path(path) => Some(path.clone()),
                Input::Url(_) => None,
            })
            .collect::<Option<Vec<PathBuf>>>()?;
        let key = Key {
            version: cache::version(),
            max_bytes: options.max_bytes,
            inputs: paths.iter().map(|p| path_bytes(p)).collect(),
        };
        // Named by the inputs alone: the snapshot of another version or size limit is replaced,
        // not kept beside (the header says which it is).
        let name = cache::hash_bytes(&postcard::to_allocvec(&key.inputs).ok()?);
        Some(Place {
            file: dir.join("snapshots").join(format!("{name:016x}.snap")),
            key,
            paths,
        })
    }

    /// The snapshot's file.
    pub fn file(&self) -> &Path {
        &self.file
    }
}

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stat {
    size: u64,
    modified: (u64, u32),
}

fn stat(meta: &std::fs::Metadata) -> Option<Stat> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(Stat {
        size: meta.len(),
        modified: (modified.as_secs(), modified.subsec_nanos()),
    })
}

/// The files discovery finds, stat'ed before a build reads them: what a snapshot written after
/// that build stands for.
#[derive(Debug)]
pub struct Stamp {
    taken: SystemTime,
    files: Stamped,
    skipped: Vec<Skipped>,
}

/// The files of a stamp, in order: their paths end to end in one buffer (a path each was as
/// many allocations in a reopen's walk as files, and megabytes more held), each with its stat.
#[derive(Debug, Default)]
struct Stamped {
    paths: Vec<u8>,
    /// Where each path ends in `paths`.
    ends: Vec<usize>,
    stats: Vec<Option<Stat>>,
}

impl Stamped {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `i`-th file's path, as bytes.
    fn path(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.paths[start..self.ends[i]]
    }
}

impl corpus::Files for Stamped {
    fn push(&mut self, path: &Path, meta: &std::fs::Metadata) {
        self.paths
            .extend_from_slice(path.as_os_str().as_encoded_bytes());
        self.ends.push(self.paths.len());
        self.stats.push(stat(meta));
    }
}

impl Stamp {
    fn take(paths: &[PathBuf]) -> Stamp {
        let taken = SystemTime::now();
        // The walk's own metadata: each file stat'ed once.
        let mut files = Stamped::default();
        let skipped = corpus::discover_into(paths, &mut files);
        Stamp {
            taken,
            files,
            skipped,
        }
    }

    /// Files whose time cannot vouch for their content: modified within [`RACY`] of the stamp.
    fn racy(&self) -> impl Iterator<Item = usize> + '_ {
        let limit = self.taken.checked_sub(RACY).unwrap_or(UNIX_EPOCH);
        let limit = limit.duration_since(UNIX_EPOCH).unwrap_or_default();
        let limit = (limit.as_secs(), limit.subsec_nanos());
        (0..self.files.len())
            .filter(move |&i| self.files.stats[i].is_none_or(|s| s.modified >= limit))
    }
}

/// The key and the counts lead: a reopen reads them alone, and the rest (every file's path and
/// stat, megabytes at 100,000 articles) only where it is compared with the files found now, and
/// lets go of it there instead of holding it while the corpus is decoded.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    key: Key,
    counts: Counts,
    /// The files' paths end to end, borrowed from the frame: a reopen compares 100,000 paths
    /// as one block and copies none.
    #[serde(borrow)]
    paths: ByteBlock<'a>,
    /// Where each path ends in `paths`.
    ends: Vec<usize>,
    stats: Vec<Option<Stat>>,
    skipped: Vec<(Vec<u8>, String)>,
    /// Racy files (index into `files`) and the hash of what they gave.
    racy: Vec<(usize, u64)>,
}

/// What the snapshot holds: the room its corpus is decoded into is made once.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Counts {
    documents: usize,
    entities: usize,
    /// Mentions of every document: each mention's entity is a number in one vector, which grew
    /// by doubling to tens of MB (a copy at each step, and up to half of it unused to the end).
    mentions: usize,
}

/// A corpus taken whole from a snapshot, with each mention's entity (the reader's index).
#[derive(Debug)]
pub struct Whole {
    /// Its entities' lists of mentions empty (see [`crate::link::Linked::list_mentions`]).
    pub corpus: Corpus,
    /// Per document, per mention: its entity, as the linker gave it.
    pub mention_entity: MentionEntities,
}

/// The corpus of `place` when its snapshot is valid; else the stamp to write a new one with,
/// once the corpus is built. The files are walked and stat'ed while the snapshot is decoded
/// (what was decoded is dropped when they turn out to have changed).
pub fn read(place: &Place, options: &LoadOptions) -> Result<Whole, Stamp> {
    let opened = File::open(&place.file)
        .ok()
        .and_then(Frames::open)
        .and_then(|mut frames| Some((frames.next()?, frames)));
    let Some((header_frame, frames)) = opened else {
        return Err(Stamp::take(&place.paths));
    };
    let Some(header_bytes) = header_frame.into_payload() else {
        return Err(Stamp::take(&place.paths));
    };
    let counts = postcard::take_from_bytes::<Key>(&header_bytes)
        .ok()
        .filter(|(key, _)| *key == place.key)
        .and_then(|(_, rest)| postcard::take_from_bytes::<Counts>(rest).ok());
    let Some((counts, _)) = counts else {
        return Err(Stamp::take(&place.paths));
    };
    let stale = &AtomicBool::new(false);
    // The stamp is kept only when the snapshot is stale: valid, it is not needed (unless a frame
    // turns out damaged, then it is taken again), and it held every path found until the end
    // of the decoding, the peak of a reopen's memory.
    let (stamp, whole) = rayon::join(
        move || {
            let stamp = Stamp::take(&place.paths);
            let header = postcard::from_bytes::<Header<'_>>(&header_bytes).ok();
            if header.is_some_and(|header| stamp.matches(&header, options)) {
                None
            } else {
                stale.store(true, Ordering::Relaxed);
                Some(stamp)
            }
        },
        || decode(frames, counts, stale),
    );
    match whole {
        Some(whole) if !stale.load(Ordering::Relaxed) => Ok(whole),
        _ => Err(stamp.unwrap_or_else(|| Stamp::take(&place.paths))),
    }
}

impl Stamp {
    /// Are these the files, stats and non-article files the snapshot was made from, and do its
    /// racy files give what they gave?
    fn matches(&self, header: &Header<'_>, options: &LoadOptions) -> bool {
        let same_files = header.paths.0 == self.files.paths
            && header.ends == self.files.ends
            && header.stats == self.files.stats
            && header.skipped.len() == self.skipped.len()
            && header
                .skipped
                .iter()
                .zip(&self.skipped)
                .all(|(a, b)| a.0 == b.path.as_os_str().as_encoded_bytes() && a.1 == b.reason);
        same_files
            && header.racy.par_iter().all(|&(i, hash)| {
                (i < self.files.len())
                    .then(|| path_from(self.files.path(i)))
                    .flatten()
                    .is_some_and(|f| loaded_hash(&f, options) == hash)
            })
    }
}

/// The corpus in the frames after the header; `None` when a frame is damaged or missing, or
/// as soon as `stale` is set.
fn decode(mut frames: Frames, counts: Counts, stale: &AtomicBool) -> Option<Whole> {
    let entity_frames = (0..counts.entities.div_ceil(ENTITY_BATCH))
        .map(|_| frames.next())
        .collect::<Option<Vec<Frame>>>()?;
    let facts_frame = frames.next()?;
    let notes_frame = frames.next()?;
    let strings = decode_strings(&frames.next()?)?;
    // The fact index is one frame, decoded on one thread: beside the documents. The frames go
    // as soon as they are decoded, not at the end of the documents (the peak).
    let (linked, documents) = rayon::join(
        move || decode_linked(entity_frames, facts_frame, counts.entities),
        || decode_all_documents(&mut frames, counts, &strings, stale),
    );
    let (entities, facts) = linked?;
    let (documents, mention_entity) = documents?;
    if !frames.at_end() || !consistent(&entities, &documents, &mention_entity) {
        return None;
    }
    let (skipped, warnings): (Vec<StoredNote>, Vec<StoredNote>) =
        postcard::from_bytes(notes_frame.payload()?).ok()?;
    let skipped = skipped
        .into_iter()
        .map(|(path, reason)| {
            Some(Skipped {
                path: path_from(path)?,
                reason: reason.into(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let warnings = warnings
        .into_iter()
        .map(|(path, message)| {
            Some(Warning {
                path: path_from(path)?,
                message: message.into(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Whole {
        corpus: Corpus {
            documents,
            entities,
            facts,
            skipped,
            warnings,
        },
        mention_entity,
    })
}

/// Whether the entities and the documents agree: every mention's entity is an entity. A frame
/// whose CRC holds may still have been written by a faulty build, and the export and the reader
/// index by these numbers.
fn consistent(
    entities: &[Entity],
    documents: &[Arc<Processed>],
    mention_entity: &MentionEntities,
) -> bool {
    let entities_exist = documents.par_iter().enumerate().all(|(i, d)| {
        let row = mention_entity.of(i);
        row.len() == d.mentions.len() && row.linked().all(|e| (e as usize) < entities.len())
    });
    entities_exist && documents.len() == mention_entity.len()
}

/// The entities and the fact index.
fn decode_linked(
    entity_frames: Vec<Frame>,
    facts_frame: Frame,
    count: usize,
) -> Option<(Vec<Entity>, FactIndex)> {
    let (entities, facts) = rayon::join(
        move || {
            entity_frames
                .par_iter()
                .map(decode_entities)
                .collect::<Option<Vec<_>>>()
        },
        move || postcard::from_bytes::<FactIndex>(facts_frame.payload()?).ok(),
    );
    let entities: Vec<Entity> = entities?.into_iter().flatten().collect();
    (entities.len() == count).then_some((entities, facts?))
}

/// The documents and, per document, per mention: its entity.
type Documents = (Vec<Arc<Processed>>, MentionEntities);

/// The documents, the frames' last, with each mention's entity.
fn decode_all_documents(
    frames: &mut Frames,
    counts: Counts,
    strings: &[CanonicalId],
    stale: &AtomicBool,
) -> Option<Documents> {
    // Each document and each mention takes a byte of the file at least: a damaged count asks
    // for no more than the file could hold.
    let most = usize::try_from(frames.left).unwrap_or(usize::MAX);
    let mut documents = Vec::with_capacity(counts.documents.min(most));
    let mut mention_entity =
        MentionEntities::with_capacity(counts.documents.min(most), counts.mentions.min(most));
    // Frames are read into buffers kept from batch to batch (fresh memory each time costs page
    // faults), the next batch while the last one is decoded.
    let (mut reading, mut decoding) = (Batch::default(), Batch::default());
    let mut left = counts.documents.div_ceil(BATCH);
    left -= reading.fill(frames, left)?;
    while reading.used > 0 {
        if stale.load(Ordering::Relaxed) {
            return None;
        }
        std::mem::swap(&mut reading, &mut decoding);
        if left == 0 {
            // Nothing more to read: the buffers would only add to the peak, which comes as the
            // last batch is decoded.
            reading = Batch::default();
        }
        let (read, decoded) = rayon::join(
            || reading.fill(frames, left),
            || {
                decoding.frames[..decoding.used]
                    .par_iter()
                    .zip(&decoding.texts)
                    .map(|(frame, texts)| decode_documents(frame, texts, strings))
                    .collect::<Option<Vec<_>>>()
            },
        );
        left -= read?;
        for (p, row) in decoded?.into_iter().flatten() {
            documents.push(p);
            mention_entity.push(row);
        }
    }
    (documents.len() == counts.documents).then_some((documents, mention_entity))
}

/// The parts of a built corpus a snapshot holds.
pub struct Parts<'a, D> {
    pub documents: &'a [D],
    pub entities: &'a [Entity],
    pub mention_entity: &'a MentionEntities,
    pub facts: &'a FactIndex,
    pub skipped: &'a [Skipped],
    pub warnings: &'a [Warning],
}

/// Writes the snapshot of a corpus built from the files of `stamp` (through a temporary file
/// renamed over the old snapshot).
pub fn write<D: Borrow<Processed> + Sync>(
    place: &Place,
    stamp: &Stamp,
    parts: &Parts<'_, D>,
) -> io::Result<()> {
    let dir = place.file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Each writer its own temporary file: other processes, other threads of this one.
    static WRITERS: AtomicUsize = AtomicUsize::new(0);
    let writer = WRITERS.fetch_add(1, Ordering::Relaxed);
    let tmp = place
        .file
        .with_extension(format!("{}-{writer}.tmp", std::process::id()));
    let written = (|| {
        let mut out = Out::create(&tmp)?;
        out.write_all(MAGIC)?;
        out.frame(&header(place, stamp, parts))?;
        for chunk in parts.entities.chunks(ENTITY_BATCH) {
            out.frame(&EntitiesOut(chunk))?;
        }
        out.frame(parts.facts)?;
        let skipped: Vec<(Vec<u8>, &str)> = parts
            .skipped
            .iter()
            .map(|s| (path_bytes(&s.path), s.reason.as_str()))
            .collect();
        let warnings: Vec<(Vec<u8>, &str)> = parts
            .warnings
            .iter()
            .map(|w| (path_bytes(&w.path), w.message.as_str()))
            .collect();
        out.frame(&(skipped, warnings))?;
        let docs = parts.documents;
        let strings = Strings::of(docs);
        out.frame(&strings.list)?;
        // Encoded a few batches at a time (two per thread: the frames of a group are held
        // until written), in parallel, and written in order; the texts straight from the
        // documents.
        let group = BATCH * 2 * rayon::current_num_threads();
        for first in (0..docs.len()).step_by(group) {
            let frames = (first..docs.len().min(first + group))
                .step_by(BATCH)
                .collect::<Vec<usize>>()
                .into_par_iter()
                .map(|start| {
                    let end = docs.len().min(start + BATCH);
                    let frame =
                        encode_documents(&docs[start..end], start, parts.mention_entity, &strings)?;
                    Ok((start..end, frame))
                })
                .collect::<io::Result<Vec<_>>>()?;
            for (range, frame) in frames {
                write_frame(&mut out, &frame)?;
                out.pieces(
                    docs[range]
                        .iter()
                        .map(|d| d.borrow().document.text.as_bytes()),
                )?;
            }
        }
        out.finish()?;
        std::fs::rename(&tmp, &place.file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn header<'a, D: Borrow<Processed>>(
    place: &Place,
    stamp: &'a Stamp,
    parts: &Parts<'_, D>,
) -> Header<'a> {
    // What each racy file gave: its documents, or why it was skipped.
    let racy: HashMap<&[u8], usize> = stamp.racy().map(|i| (stamp.files.path(i), i)).collect();
    let mut gave: HashMap<usize, Vec<u8>> = HashMap::new();
    for p in parts.documents {
        let document = &p.borrow().document;
        if let Some(&i) = racy.get(document.path.as_os_str().as_encoded_bytes()) {
            gave.entry(i)
                .or_default()
                .extend(item_hash(Ok(document)).to_le_bytes());
        }
    }
    for s in parts.skipped {
        if let Some(&i) = racy.get(s.path.as_os_str().as_encoded_bytes()) {
            gave.entry(i)
                .or_default()
                .extend(item_hash(Err(&s.reason)).to_le_bytes());
        }
    }
    let mut racy: Vec<(usize, u64)> = racy
        .values()
        .map(|&i| {
            (
                i,
                cache::hash_bytes(gave.get(&i).map_or(&[], Vec::as_slice)),
            )
        })
        .collect();
    racy.sort_unstable();
    Header {
        key: place.key.clone(),
        counts: Counts {
            documents: parts.documents.len(),
            entities: parts.entities.len(),
            mentions: parts
                .documents
                .iter()
                .map(|p| p.borrow().mentions.len())
                .sum(),
        },
        paths: ByteBlock(&stamp.files.paths),
        ends: stamp.files.ends.clone(),
        stats: stamp.files.stats.clone(),
        skipped: stamp
            .skipped
            .iter()
            .map(|s| (path_bytes(&s.path), s.reason.clone()))
            .collect(),
        racy,
    }
}

/// A hash of one document a file gave (its id aside: ids are made unique across the corpus), or
/// of why it was skipped.
fn item_hash(item: Result<&Document, &str>) -> u64 {
    let bytes = match item {
        Ok(document) => {
            let mut stored = StoredDocument::of(document);
            stored.id = "";
            postcard::to_allocvec(&(0u8, stored, document.text.as_str()))
        }
        Err(reason) => postcard::to_allocvec(&(1u8, reason)),
    };
    cache::hash_bytes(&bytes.unwrap_or_default())
}

/// The hash of what loading `file` gives now, as [`header`] makes it.
fn loaded_hash(file: &Path, options: &LoadOptions) -> u64 {
    let mut gave = Vec::new();
    match corpus::load_path(file, options) {
        Ok(loaded) => {
            for l in &loaded {
                gave.extend(item_hash(Ok(&l.document)).to_le_bytes());
            }
        }
        Err(skipped) => gave.extend(item_hash(Err(&skipped.reason)).to_le_bytes()),
    }
    cache::hash_bytes(&gave)
}

// ---- frames -------------------------------------------------------------------------------

fn encode<T: Serialize + ?Sized>(value: &T) -> io::Result<Vec<u8>> {
    postcard::to_allocvec(value).map_err(io::Error::other)
}

fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    out.write_all(&head(payload.len() as u64, crc32fast::hash(payload)))?;
    out.write_all(payload)
}

/// A frame's head: its payload's length and CRC-32.
fn head(len: u64, crc: u32) -> [u8; 12] {
    let mut head = [0u8; 12];
    head[..8].copy_from_slice(&len.to_le_bytes());
    head[8..].copy_from_slice(&crc.to_le_bytes());
    head
}

/// The snapshot's file as it is written: its large frames (the fact index, the header, the
/// entities: tens of MB at 100,000 articles, made while the whole corpus is held) are encoded
/// into it as they go, not whole into memory first.
struct Out {
    file: io::BufWriter<File>,
    /// Bytes written so far: where the next frame's head goes.
    at: u64,
}

impl Out {
    fn create(path: &Path) -> io::Result<Out> {
        Ok(Out {
            file: io::BufWriter::with_capacity(1 << 20, File::create(path)?),
            at: 0,
        })
    }

    /// A frame of `value`: a blank head, the payload encoded through, then the head filled in.
    fn frame<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let at = self.at;
        self.write_all(&[0; 12])?;
        let mut payload = Payload {
            out: self,
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        postcard::to_io(value, &mut payload).map_err(io::Error::other)?;
        let (len, crc) = (payload.len, payload.crc.finalize());
        // Seeking writes out what is buffered first.
        self.file.seek(SeekFrom::Start(at))?;
        self.file.write_all(&head(len, crc))?;
        self.file.seek(SeekFrom::Start(self.at))?;
        Ok(())
    }

    /// A frame of `pieces` end to end.
    fn pieces<'a>(&mut self, pieces: impl Iterator<Item = &'a [u8]> + Clone) -> io::Result<()> {
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0u64;
        for piece in pieces.clone() {
            crc.update(piece);
            len += piece.len() as u64;
        }
        self.write_all(&head(len, crc.finalize()))?;
        pieces
            .into_iter()
            .try_for_each(|piece| self.write_all(piece))
    }

    fn finish(mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A frame's payload on its way out, measured and checksummed.
struct Payload<'a> {
    out: &'a mut Out,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Write for Payload<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One frame as read; its checksum is checked where it is decoded (in parallel).
#[derive(Default)]
struct Frame {
    bytes: Vec<u8>,
    crc: u32,
}

impl Frame {
    fn payload(&self) -> Option<&[u8]> {
        (crc32fast::hash(&self.bytes) == self.crc).then_some(&self.bytes[..])
    }

    /// The payload, taken, when its checksum holds.
    fn into_payload(self) -> Option<Vec<u8>> {
        (crc32fast::hash(&self.bytes) == self.crc).then_some(self.bytes)
    }
}

/// A frame read into memory of its own, shared from then on: a batch's texts, which its
/// documents keep.
struct Texts {
    bytes: Arc<[u8]>,
    crc: u32,
}

impl Texts {
    /// The texts, when their checksum holds and they are UTF-8.
    fn text(&self) -> Option<Arc<str>> {
        if crc32fast::hash(&self.bytes) != self.crc {
            return None;
        }
        simdutf8::basic::from_utf8(&self.bytes).ok()?;
        let bytes = Arc::into_raw(Arc::clone(&self.bytes));
        // SAFETY: the bytes were just checked to be UTF-8, and `str` is laid out as `[u8]`.
        Some(unsafe { Arc::from_raw(bytes as *const str) })
    }
}

/// Document frames read to be decoded together, in buffers used again, with their texts.
#[derive(Default)]
struct Batch {
    frames: Vec<Frame>,
    texts: Vec<Texts>,
    used: usize,
}

impl Batch {
    /// Reads up to `left` document frames and their texts, as many as make [`DECODE_BYTES`];
    /// how many were read.
    fn fill(&mut self, frames: &mut Frames, left: usize) -> Option<usize> {
        self.used = 0;
        self.texts.clear();
        let mut bytes = 0;
        while self.used < left && bytes < DECODE_BYTES {
            if self.used == self.frames.len() {
                self.frames.push(Frame::default());
            }
            frames.next_into(&mut self.frames[self.used])?;
            let texts = frames.next_texts()?;
            bytes += self.frames[self.used].bytes.len() + texts.bytes.len();
            self.texts.push(texts);
            self.used += 1;
        }
        Some(self.used)
    }
}

struct Frames {
    file: File,
    /// Bytes of the file not read yet.
    left: u64,
}

impl Frames {
    fn open(mut file: File) -> Option<Frames> {
        let len = file.metadata().ok()?.len();
        let mut magic = [0u8; 8];
        file.read_exact(&mut magic).ok()?;
        (magic == *MAGIC).then_some(Frames {
            file,
            left: len.checked_sub(8)?,
        })
    }

    /// The next frame; `None` at the end or when the file is cut short.
    fn next(&mut self) -> Option<Frame> {
        let mut frame = Frame::default();
        self.next_into(&mut frame)?;
        Some(frame)
    }

    /// The next frame, into `frame`'s buffer.
    fn next_into(&mut self, frame: &mut Frame) -> Option<()> {
        let (len, crc) = self.head()?;
        frame.bytes.clear();
        frame.bytes.reserve(len);
        (&mut self.file)
            .take(len as u64)
            .read_to_end(&mut frame.bytes)
            .ok()?;
        frame.crc = crc;
        (frame.bytes.len() == len).then_some(())
    }

    /// The next frame, read straight into memory of its own (zeroed by the allocator, which
    /// takes fresh pages zeroed as they are), not through a buffer.
    fn next_texts(&mut self) -> Option<Texts> {
        let (len, crc) = self.head()?;
        let bytes = Arc::<[u8]>::new_zeroed_slice(len);
        // SAFETY: zeroed memory is a valid `u8` slice.
        let mut bytes = unsafe { bytes.assume_init() };
        self.file.read_exact(Arc::get_mut(&mut bytes)?).ok()?;
        Some(Texts { bytes, crc })
    }

    /// The length and checksum of the next frame.
    fn head(&mut self) -> Option<(usize, u32)> {
        let mut head = [0u8; 12];
        self.file.read_exact(&mut head).ok()?;
        self.left = self.left.checked_sub(12)?;
        let len = u64::from_le_bytes(head[..8].try_into().ok()?);
        let crc = u32::from_le_bytes(head[8..].try_into().ok()?);
        // A damaged length must not ask for more memory than the file holds.
        self.left = self.left.checked_sub(len)?;
        Some((usize::try_from(len).ok()?, crc))
    }

    fn at_end(&self) -> bool {
        self.left == 0
    }
}

// ---- stored forms -------------------------------------------------------------------------

/// A path's bytes (Unix: as the file system has them).
fn path_bytes(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

#[cfg(unix)]
fn path_from(bytes: impl AsRef<[u8]>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes.as_ref())))
}

#[cfg(not(unix))]
fn path_from(bytes: impl AsRef<[u8]>) -> Option<PathBuf> {
    std::str::from_utf8(bytes.as_ref()).ok().map(PathBuf::from)
}

type StoredNote<'a> = (&'a [u8], &'a str);

/// Bytes stored as one block: serde's `[u8]` is a list, written a byte at a time (and, through
/// [`Payload`], checksummed a byte at a time).
struct ByteBlock<'a>(&'a [u8]);

impl Serialize for ByteBlock<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ByteBlock<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'a [u8]>::deserialize(deserializer).map(ByteBlock)
    }
}

#[derive(Serialize, Deserialize)]
struct StoredDocument<'a> {
    id: &'a str,
    path: &'a [u8],
    /// The text's length: the text is the next piece of the frame's texts.
    text: usize,
    truncated: bool,
    source: Source,
    #[serde(borrow)]
    url: Option<&'a str>,
    meta: Metadata,
    markup: Option<Markup>,
}

impl<'a> StoredDocument<'a> {
    fn of(d: &'a Document) -> Self {
        StoredDocument {
            id: &d.id,
            path: d.path.as_os_str().as_encoded_bytes(),
            text: d.text.len(),
            truncated: d.truncated,
            source: d.source,
            url: d.url.as_deref(),
            meta: (*d.meta).clone(),
            markup: d.markup.as_deref().cloned(),
        }
    }
}

/// A block's text: a piece of the document's text (as almost always), or its own.
#[derive(Serialize, Deserialize)]
enum StoredText<'a> {
    Piece(usize, usize),
    Own(&'a str),
}

#[derive(Serialize, Deserialize)]
struct StoredBlock<'a> {
    kind: BlockKind,
    lines: (usize, usize),
    #[serde(borrow)]
    text: StoredText<'a>,
}

/// Read by [`ArticleSeed`], field by field in this order.
#[derive(Serialize)]
struct StoredArticle<'a> {
    title: &'a str,
    title_source: TitleSource,
    #[serde(borrow)]
    published: Option<&'a str>,
    #[serde(borrow)]
    byline: Option<&'a str>,
    #[serde(borrow)]
    blocks: Vec<StoredBlock<'a>>,
    removed: Vec<((usize, usize), RemovalReason)>,
}

/// A document's mentions and, per mention, its entity, as varints end to end, each list its
/// length first: per mention its block, span start, span length, kind (in
/// [`EntityKind::ALL`]) and canonical form (index into the snapshot's strings; its surface text
/// is its block's), then per mention its entity plus one (0: none). Written and read by hand:
/// through serde, their numbers were the most of a reopen's decoding.
struct MentionBytes(Vec<u8>);

impl Serialize for MentionBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl MentionBytes {
    fn of(mentions: &[RawMention], entities: DocEntities<'_>, strings: &Strings<'_>) -> Self {
        let mut bytes = MentionBytes(Vec::with_capacity(8 * mentions.len() + 2));
        bytes.push(mentions.len());
        for m in mentions {
            let span = m.span();
            let kind = EntityKind::ALL.iter().position(|&k| k == m.kind);
            bytes.push(m.block as usize);
            bytes.push(span.start);
            bytes.push(span.end - span.start);
            bytes.push(kind.unwrap_or(usize::MAX));
            bytes.push(strings.get(m.canonical()));
        }
        bytes.push(entities.len());
        for entity in entities.iter() {
            bytes.push(entity.map_or(0, |e| e as usize + 1));
        }
        bytes
    }

    /// Appends `n` as a varint (7 bits a byte, low first).
    fn push(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }
}

/// The numbers of stored [`MentionBytes`], read in turn.
struct Varints<'a>(&'a [u8]);

impl Varints<'_> {
    /// The next number. Most (kinds, blocks, lengths) fit one byte: read in place, without the
    /// loop or a call (a call per number was a tenth of a reopen's decoding).
    #[inline]
    fn read(&mut self) -> Option<usize> {
        match *self.0 {
            [byte, ref rest @ ..] if byte < 0x80 => {
                self.0 = rest;
                Some(usize::from(byte))
            }
            _ => self.read_long(),
        }
    }

    fn read_long(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let (&byte, rest) = self.0.split_first()?;
            self.0 = rest;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

/// A document's mentions and their entities from its [`MentionBytes`], the mentions of an
/// article of `blocks`, their forms numbered by `strings`.
fn mentions_from(
    bytes: &[u8],
    blocks: &[Block],
    strings: &[CanonicalId],
) -> Option<(Vec<RawMention>, Vec<Option<u32>>)> {
    let mut numbers = Varints(bytes);
    // Each mention takes a few bytes: a damaged count asks for no more room than they fill.
    let count = numbers.read()?;
    let mut mentions = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let block = numbers.read()?;
        let start = numbers.read()?;
        let span = Span {
            start,
            end: start.checked_add(numbers.read()?)?,
        };
        let kind = *EntityKind::ALL.get(numbers.read()?)?;
        let canonical = *strings.get(numbers.read()?)?;
        // The surface text is read from the block: a span outside it is refused here.
        blocks.get(block)?.text.get(span.start..span.end)?;
        let mention = RawMention::numbered(u32::try_from(block).ok()?, span, kind, canonical);
        mentions.push(mention.ok()?);
    }
    let count = numbers.read()?;
    let mut entities = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        entities.push(match numbers.read()? {
            0 => None,
            e => Some(u32::try_from(e - 1).ok()?),
        });
    }
    numbers.0.is_empty().then_some((mentions, entities))
}

/// Read by [`DocumentSeed`], field by field in this order.
#[derive(Serialize)]
struct StoredProcessed<'a> {
    #[serde(borrow)]
    document: StoredDocument<'a>,
    #[serde(borrow)]
    article: StoredArticle<'a>,
    mentions: MentionBytes,
    facts: Facts,
}

/// The mentions' distinct canonical forms of a corpus, each stored
/// once: a corpus of 100,000 articles has millions of mentions of a few hundred thousand forms,
/// and interning each mention's strings (a hash and a lock each), once per frame, took 4% of a
/// reopen's CPU.
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<Ustr, usize>,
}

impl<'a> Strings<'a> {
    fn of<D: Borrow<Processed>>(documents: &'a [D]) -> Self {
        let mut strings = Strings {
            list: Vec::new(),
            index: HashMap::new(),
        };
        for m in documents.iter().flat_map(|d| &d.borrow().mentions) {
            let canonical = m.canonical();
            strings.index.entry(canonical).or_insert_with(|| {
                strings.list.push(canonical.as_str());
                strings.list.len() - 1
            });
        }
        strings
    }

    fn get(&self, s: Ustr) -> usize {
        self.index[&s]
    }
}

/// The snapshot's strings, interned (in parallel: the interner's locks are sharded) and
/// numbered as canonical forms.
fn decode_strings(frame: &Frame) -> Option<Vec<CanonicalId>> {
    let stored: Vec<&str> = postcard::from_bytes(frame.payload()?).ok()?;
    stored
        .par_iter()
        .map(|s| CanonicalId::of(Ustr::from(s)).ok())
        .collect()
}

/// The frame of `documents`, from the `first`-th of the corpus on (their texts end to end are
/// the frame after it).
fn encode_documents<D: Borrow<Processed>>(
    documents: &[D],
    first: usize,
    mention_entity: &MentionEntities,
    strings: &Strings<'_>,
) -> io::Result<Vec<u8>> {
    let mut stored = Vec::with_capacity(documents.len());
    for (i, p) in documents.iter().enumerate() {
        let row = mention_entity.of(first + i);
        let p = p.borrow();
        let text = p.document.text.as_str();
        let blocks = p
            .article
            .blocks
            .iter()
            .map(|b| StoredBlock {
                kind: b.kind,
                lines: (b.lines.first(), b.lines.last()),
                text: piece_of(text, &b.text)
                    .map_or(StoredText::Own(&b.text), |(s, e)| StoredText::Piece(s, e)),
            })
            .collect();
        stored.push(StoredProcessed {
            document: StoredDocument::of(&p.document),
            article: StoredArticle {
                title: &p.article.title,
                title_source: p.article.title_source,
                published: p.article.published.as_deref(),
                byline: p.article.byline.as_deref(),
                blocks,
                removed: p
                    .article
                    .removed
                    .iter()
                    .map(|r| ((r.lines.first(), r.lines.last()), r.reason))
                    .collect(),
            },
            mentions: MentionBytes::of(&p.mentions, row, strings),
            facts: p.facts.clone(),
        });
    }
    encode(&stored)
}

/// Where `part` lies in `whole`, when it is a piece of it (the same memory, not equal text).
fn piece_of(whole: &str, part: &str) -> Option<(usize, usize)> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some((start, end))
}

/// A decoded document and, per mention, its entity.
type Restored = (Arc<Processed>, Vec<Option<u32>>);

/// The documents of a frame, their texts pieces of `texts`.
fn decode_documents(
    frame: &Frame,
    texts: &Texts,
    strings: &[CanonicalId],
) -> Option<Vec<Restored>> {
    // The batch's texts in one allocation, each document's a piece of it: a few large
    // allocations instead of one per document (growing the allocator's heaps page by page, then
    // faulting them in, was a good part of a reopen), read into it from the file, not copied.
    let texts = SharedStr::from(texts.text()?);
    let mut start = 0usize;
    let documents = DocumentsSeed {
        texts: &texts,
        start: &mut start,
        strings,
    };
    let restored = documents
        .deserialize(&mut postcard::Deserializer::from_bytes(frame.payload()?))
        .ok()?;
    (start == texts.len()).then_some(restored)
}

// Each document is decoded straight into its final form, field by field as its stored form
// ([`StoredProcessed`]) was written: decoded whole first, each document's blocks, mentions and
// removed lines were vectors of their stored form, made, copied and freed again.

/// The error of a frame that does not hold together (its checksum held: a faulty build wrote
/// it).
fn invalid<E: serde::de::Error>() -> E {
    E::custom("a snapshot's document does not hold together")
}

/// The next field of a stored struct, read by `seed`.
fn field<'de, S: DeserializeSeed<'de>, A: SeqAccess<'de>>(
    seq: &mut A,
    seed: S,
) -> Result<S::Value, A::Error> {
    seq.next_element_seed(seed)?.ok_or_else(invalid)
}

/// The next field of a stored struct, of a type read whole.
fn plain<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(seq: &mut A) -> Result<T, A::Error> {
    field(seq, PhantomData)
}

/// Room for a stored list: its length, up to a megabyte (a damaged length asks for no more).
fn room<T>(len: Option<usize>) -> usize {
    len.unwrap_or(0)
        .min((1 << 20) / std::mem::size_of::<T>().max(1))
}

/// A frame's documents, each read by a [`DocumentSeed`].
struct DocumentsSeed<'a> {
    texts: &'a SharedStr,
    /// Where the next document's text starts in `texts`.
    start: &'a mut usize,
    strings: &'a [CanonicalId],
}

impl<'de> DeserializeSeed<'de> for DocumentsSeed<'_> {
    type Value = Vec<Restored>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DocumentsSeed<'_> {
    type Value = Vec<Restored>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a frame's documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut restored = Vec::with_capacity(room::<Restored>(seq.size_hint()));
        while let Some(document) = seq.next_element_seed(DocumentSeed {
            texts: self.texts,
            start: &mut *self.start,
            strings: self.strings,
        })? {
            restored.push(document);
        }
        Ok(restored)
    }
}

/// A document of a frame as [`StoredProcessed`] wrote it, its text the next piece of the
/// frame's texts.
struct DocumentSeed<'a> {
    texts: &'a SharedStr,
    start: &'a mut usize,
    strings: &'a [CanonicalId],
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Restored;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_tuple(4, self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = Restored;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stored document")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let d: StoredDocument<'de> = plain(&mut seq)?;
        let start = *self.start;
        let end = start.checked_add(d.text).ok_or_else(invalid)?;
        let text = self
            .texts
            .get(start..end)
            .and_then(|text| self.texts.piece(text))
            .ok_or_else(invalid)?;
        *self.start = end;
        let article = field(&mut seq, ArticleSeed(&text))?;
        let mentions: &[u8] = plain(&mut seq)?;
        let (mentions, entities) =
            mentions_from(mentions, &article.blocks, self.strings).ok_or_else(invalid)?;
        let facts = plain(&mut seq)?;
        let document = Document {
            id: d.id.into(),
            path: path_from(d.path).ok_or_else(invalid)?,
            text,
            truncated: d.truncated,
            source: d.source,
            url: d.url.map(Into::into),
            meta: d.meta.into(),
            markup: d.markup.map(Box::new),
        };
        let processed = Processed {
            document,
            article,
            mentions,
            facts,
        };
        Ok((Arc::new(processed), entities))
    }
}

/// An article as [`StoredArticle`] wrote it, its blocks' texts pieces of its document's text.
struct ArticleSeed<'a>(&'a SharedStr);

impl<'de> DeserializeSeed<'de> for ArticleSeed<'_> {
    type Value = Article;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_tuple(6, self)
    }
}

impl<'de> Visitor<'de> for ArticleSeed<'_> {
    type Value = Article;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stored article")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let text = self.0;
        let title: &str = plain(&mut seq)?;
        let title_source = plain(&mut seq)?;
        let published: Option<&str> = plain(&mut seq)?;
        let byline: Option<&str> = plain(&mut seq)?;
        let blocks = field(&mut seq, MapSeq::new(|b| block(b, text)))?;
        let removed = field(
            &mut seq,
            MapSeq::new(|((first, last), reason)| {
                Some(Removed {
                    lines: LineRange::new(first, last),
                    reason,
                })
            }),
        )?;
        Ok(Article {
            title: title.into(),
            title_source,
            published: published.map(Into::into),
            byline: byline.map(Into::into),
            blocks,
            removed,
        })
    }
}

/// A stored list read item by item into what `map` makes of each (`None`: the frame does not
/// hold together).
struct MapSeq<S, F> {
    map: F,
    stored: PhantomData<fn() -> S>,
}

impl<S, F> MapSeq<S, F> {
    fn new(map: F) -> Self {
        MapSeq {
            map,
            stored: PhantomData,
        }
    }
}

impl<'de, S: Deserialize<'de>, T, F: FnMut(S) -> Option<T>> DeserializeSeed<'de> for MapSeq<S, F> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: Deserialize<'de>, T, F: FnMut(S) -> Option<T>> Visitor<'de> for MapSeq<S, F> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stored list")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(room::<T>(seq.size_hint()));
        while let Some(stored) = seq.next_element()? {
            items.push((self.map)(stored).ok_or_else(invalid)?);
        }
        Ok(items)
    }
}

/// A stored block, its text a piece of its document's `text` (or its own).
fn block(b: StoredBlock<'_>, text: &SharedStr) -> Option<Block> {
    let text = match b.text {
        StoredText::Piece(start, end) => text.piece(text.get(start..end)?)?,
        StoredText::Own(own) => own.into(),
    };
    Some(Block {
        kind: b.kind,
        lines: LineRange::new(b.lines.0, b.lines.1),
        text,
    })
}

/// An entity, without its mentions: each document's frame gives each of its mentions' entity,
/// from which they are listed when wanted (the reader wants no lists; listed in the snapshot too,
/// they were 34 MB more to decode, and to make before writing, at 100,000 articles).
#[derive(Serialize, Deserialize)]
struct StoredEntity<'a> {
    id: &'a str,
    kind: EntityKind,
    name: &'a str,
    #[serde(borrow)]
    aliases: Vec<&'a str>,
}

impl<'a> StoredEntity<'a> {
    fn of(e: &'a Entity) -> Self {
        StoredEntity {
            id: &e.id,
            kind: e.kind,
            name: &e.name,
            aliases: e.aliases.iter().map(String::as_str).collect(),
        }
    }
}

/// Entities written as [`StoredEntity`] reads them.
struct EntitiesOut<'a>(&'a [Entity]);

impl Serialize for EntitiesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(StoredEntity::of))
    }
}

fn decode_entities(frame: &Frame) -> Option<Vec<Entity>> {
    let stored: Vec<StoredEntity<'_>> = postcard::from_bytes(frame.payload()?).ok()?;
    Some(
        stored
            .into_iter()
            .map(|e| Entity {
                id: e.id.into(),
                kind: e.kind,
                name: e.name.into(),
                aliases: e.aliases.into_iter().map(Into::into).collect(),
                mentions: Vec::new(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documents of a small corpus with mentions.
    fn documents() -> Vec<Arc<Processed>> {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(
            dir.path().join("a.txt"),
            "Thủ tướng Phạm Minh Chính thăm Đà Nẵng ngày 2/9/2025.\n\n\
             Ông Phạm Minh Chính gặp lãnh đạo thành phố Đà Nẵng.\n",
        )
        .expect("write");
        let corpus = crate::pipeline::build(&[dir.path().to_path_buf()], &LoadOptions::default());
        assert!(
            !corpus.documents[0].mentions.is_empty(),
            "the article has mentions"
        );
        corpus.documents
    }

    /// The frame of `documents` and of their texts, and the strings it was written with,
    /// numbered.
    fn frame_of<D: Borrow<Processed>>(documents: &[D]) -> (Frame, Texts, Vec<CanonicalId>) {
        let mut rows = MentionEntities::default();
        for d in documents {
            rows.push(std::iter::repeat_n(None, d.borrow().mentions.len()));
        }
        let strings = Strings::of(documents);
        let bytes = encode_documents(documents, 0, &rows, &strings).expect("encode");
        let texts: Vec<u8> = documents
            .iter()
            .flat_map(|d| d.borrow().document.text.as_bytes())
            .copied()
            .collect();
        let frame = Frame {
            crc: crc32fast::hash(&bytes),
            bytes,
        };
        let texts = Texts {
            crc: crc32fast::hash(&texts),
            bytes: texts.into(),
        };
        let numbered = strings
            .list
            .iter()
            .map(|s| CanonicalId::of(Ustr::from(s)).expect("numbered"))
            .collect();
        (frame, texts, numbered)
    }

    /// A document frame, read with the strings it was written with and with fewer.
    #[test]
    fn a_mention_past_the_snapshots_strings_is_refused_not_read() {
        let documents = documents();
        let (frame, texts, numbered) = frame_of(&documents);
        let read = decode_documents(&frame, &texts, &numbered).expect("read with its strings");
        assert_eq!(read[0].0.mentions, documents[0].mentions);
        assert!(decode_documents(&frame, &texts, &numbered[..numbered.len() - 1]).is_none());
    }

    /// A document's mentions and their entities (some none, some large) read back as written;
    /// cut short, refused.
    #[test]
    fn a_documents_mentions_and_entities_read_as_written() {
        let documents = documents();
        let (mentions, blocks) = (&documents[0].mentions, &documents[0].article.blocks);
        let mut rows = MentionEntities::default();
        rows.push((0..mentions.len()).map(|i| (i % 2 == 0).then_some(i as u32 * 100_000)));
        let strings = Strings::of(&documents);
        let bytes = MentionBytes::of(mentions, rows.of(0), &strings).0;
        let numbered: Vec<CanonicalId> = strings
            .list
            .iter()
            .map(|s| CanonicalId::of(Ustr::from(s)).expect("numbered"))
            .collect();
        let (read, entities) = mentions_from(&bytes, blocks, &numbered).expect("read");
        assert_eq!(&read, mentions);
        assert_eq!(entities, rows.of(0).iter().collect::<Vec<_>>());
        assert!(mentions_from(&bytes[..bytes.len() - 1], blocks, &numbered).is_none());
    }

    /// A mention reads its surface text from its block: one past the block's end is refused.
    #[test]
    fn a_mention_outside_its_block_is_refused_not_read() {
        let mut document = Processed::clone(&documents()[0]);
        let m = document.mentions[0];
        let end = document.article.blocks[m.block as usize].text.len();
        let (frame, texts, numbered) = frame_of(std::slice::from_ref(&document));
        assert!(decode_documents(&frame, &texts, &numbered).is_some());
        let past = Span {
            start: end - 1,
            end: end + 1,
        };
        document.mentions[0] =
            RawMention::new(m.block, past, m.kind, m.canonical()).expect("narrow");
        let (frame, texts, numbered) = frame_of(std::slice::from_ref(&document));
        assert!(decode_documents(&frame, &texts, &numbered).is_none());
    }
}
