//! Reading files into [`Document`]s: discovery (folders, hidden entries, FIFOs, symlink loops),
//! decoding (UTF-8, UTF-16 with BOM), and sanitising (escape sequences, controls, bidi, NFC).
//! Every path given ends up either a `Document` or a [`Skipped`] entry with a reason.
//!
//! Policies: an empty file is an empty document (the user gave it; it is not lost); a file is
//! binary, and skipped, when too many of its characters are stray controls or undecodable bytes (see [`decode`]);
//! repairs (invalid UTF-8, odd UTF-16) and truncation are [`Warning`]s, never skips; discovery
//! rules are in [`discover`], sanitising rules in [`sanitize`].

mod decode;
mod discover;
pub mod feed;
pub mod html;
mod input;
mod load;
mod markdown;
mod markup;
mod sanitize;
pub mod timestamp;
pub mod web;

pub use decode::{
    decode, Decoded, Ending, MAX_CONTROL_SHARE_PERCENT, MAX_UNDECODABLE_SHARE_PERCENT,
};
pub use discover::{discover, discover_into, Files};
pub use html::{load_html, load_html_fragment, Origin};
pub use input::Input;
pub use load::{item_id, item_metadata, load_path, teaser};
pub use markup::{Area, Links, MarkedBlock, Markup, Role};
pub use sanitize::{printable, sanitize, TAB_WIDTH};
pub use timestamp::iso_date;

use crate::text::SharedStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Default cap on bytes read from one file; the rest is dropped and the document marked truncated.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The largest cap on bytes read from one file: blocks, mentions and facts hold offsets into a
/// document's text as u32, and decoding grows a text at most threefold (a byte of a legacy
/// encoding, or half a UTF-16 unit, to three bytes of UTF-8), so 1 GiB keeps every text below
/// 4 GiB.
pub const LARGEST_MAX_BYTES: u64 = 1 << 30;

/// One article as read: sanitised NFC text with `\n` line ends, whatever the source format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File stem, e.g. `000_c7a8ea673d2022a5`, made [`printable`] (file names are untrusted too);
    /// never empty (an invisible stem is spelled by its code points, `U+200B`).
    pub id: String,
    pub path: PathBuf,
    /// Sanitised NFC text; physical line numbers are preserved (line N of the file is line N here).
    /// For a marked-up source (HTML, Markdown, a feed item) it is the text rendered from the markup.
    /// Held once: the article's blocks point into it, and copies of the document share it.
    pub text: SharedStr,
    /// The file was larger than the size limit and only its head was read.
    pub truncated: bool,
    /// What the text was read from.
    pub source: Source,
    /// Where the article lives on the web, when known (fetched URL, canonical link, feed item link).
    pub url: Option<String>,
    /// What the source's own metadata says (HTML `<meta>`, JSON-LD, feed item fields); the cleaner
    /// prefers it to what it can guess from the text.
    pub meta: Meta,
    /// For a marked-up source, the blocks of `text` and what they were in the markup; `None`
    /// for plain text. Boxed, as `meta`: every document of a corpus holds the field.
    pub markup: Option<Box<Markup>>,
}

impl Document {
    /// A plain-text document with no metadata: what a `.txt` file gives.
    pub fn from_text(
        id: impl Into<String>,
        path: impl Into<PathBuf>,
        text: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            path: path.into(),
            text: text.into().into(),
            truncated: false,
            source: Source::Text,
            url: None,
            meta: Meta::default(),
            markup: None,
        }
    }
}

/// The format a document was read from. Serialises as `text`, `markdown`, `html`, `feed`, `url`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Text,
    Markdown,
    Html,
    /// One item of an RSS, Atom or JSON feed.
    Feed,
    /// A page fetched over HTTP(S).
    Url,
}

/// Metadata a source states outright, as opposed to what the cleaner infers from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    /// ISO 8601 (`2025-05-09T14:20+07:00` or `2025-05-09`).
    pub published: Option<String>,
    pub byline: Option<String>,
}

/// A document's [`Metadata`], read as one (empty when the source states none): boxed, and only
/// when something is stated. Plain-text files, most of a corpus, state nothing, and the three
/// fields held in every document came to 7 MB at 100,000 articles, held to the end of a run.
#[derive(Debug, Clone, Default)]
pub struct Meta(Option<Box<Metadata>>);

/// What a document with no metadata reads.
static NO_METADATA: Metadata = Metadata {
    title: None,
    published: None,
    byline: None,
};

impl std::ops::Deref for Meta {
    type Target = Metadata;

    fn deref(&self) -> &Metadata {
        self.0.as_deref().unwrap_or(&NO_METADATA)
    }
}

impl std::ops::DerefMut for Meta {
    fn deref_mut(&mut self) -> &mut Metadata {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Metadata> for Meta {
    fn from(meta: Metadata) -> Self {
        Meta((meta != NO_METADATA).then(|| Box::new(meta)))
    }
}

impl PartialEq for Meta {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Meta {}

impl PartialEq<Metadata> for Meta {
    fn eq(&self, other: &Metadata) -> bool {
        **self == *other
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Cap on the bytes read from one file or one response (at most [`LARGEST_MAX_BYTES`]).
    pub max_bytes: u64,
    /// How web addresses are fetched.
    pub web: web::WebOptions,
    /// Where processed documents are kept between runs ([`crate::cache`]); `None`: not kept
    /// (the library's default; the `soi` binary uses the user's cache folder).
    pub cache_dir: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            web: web::WebOptions::default(),
            cache_dir: None,
        }
    }
}

/// A path that did not become a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped {}: {}",
            printable(&self.path.display().to_string()),
            printable(&self.reason)
        )
    }
}

/// A document was read but something about it deserves a note (invalid bytes replaced, truncated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub message: String,
}

/// Outcome of reading one discovered file.
#[derive(Debug)]
pub struct Loaded {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// Why a path did not become a document. Its `Display` is the reason text of [`Skipped`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("binary file ({percent}% control bytes)")]
    ControlBytes { percent: usize },
    #[error("binary file ({percent}% undecodable bytes)")]
    Undecodable { percent: usize },
    #[error("FIFO (named pipe): not read")]
    Fifo,
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    #[error("symbolic link loop")]
    SymlinkLoop,
    #[error("dangling symbolic link (target missing)")]
    DanglingSymlink,
    #[error("not found")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("could not read: {0}")]
    Io(String),
    /// Met while walking a folder, of a kind soi does not read (an image, a PDF, …).
    #[error("not an article file ({0})")]
    NotArticle(String),
}

/// Reads, decodes and sanitises one file. Never reads FIFOs or devices: the file type is checked
/// on metadata first, and again on the opened handle in case the path was swapped; the open itself
/// does not block (see [`open_for_reading`]).
/// Reads at most `options.max_bytes` bytes (cut back to a character boundary). `.html`/`.htm`
/// files are web pages ([`load_html`]), `.md`/`.markdown` files Markdown ([`load_markdown`]),
/// anything else plain text.
pub fn load_file(path: &Path, options: &LoadOptions) -> Result<Loaded, Skipped> {
    let (bytes, ending) = read_head(path, options.max_bytes).map_err(|reason| Skipped {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    })?;
    let origin = file_origin(path);
    match origin.source {
        Source::Html => html::load_page(&bytes, origin, ending, options.max_bytes),
        Source::Markdown => markdown_document(&bytes, origin, ending, options.max_bytes),
        _ => load_plain(&bytes, origin, ending, options.max_bytes),
    }
}

/// Where a file's document comes from: its id, path, and format by extension.
pub fn file_origin(path: &Path) -> Origin {
    Origin {
        id: document_id(path),
        path: path.to_path_buf(),
        url: None,
        source: source_of(path),
        charset: None,
    }
}

/// Plain-text bytes (a text file, a fetched `text/plain` page) as the document `origin` names,
/// keeping its source and URL.
pub fn load_plain(
    bytes: &[u8],
    origin: Origin,
    ending: Ending,
    max_bytes: u64,
) -> Result<Loaded, Skipped> {
    let (text, warnings) = decode_text(bytes, ending, &origin.path, max_bytes)?;
    Ok(Loaded {
        document: Document {
            text: sanitize(&text).into(),
            truncated: ending == Ending::Truncated,
            source: origin.source,
            url: origin.url,
            ..Document::from_text(origin.id, origin.path, String::new())
        },
        warnings,
    })
}

/// A document's id: its file stem made [`printable`]. A stem with nothing visible left (a file
/// named `\u{200b}.txt`) is spelled by its code points (`U+200B`): an id is never empty.
pub fn document_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .unwrap_or(path.as_os_str())
        .to_string_lossy();
    let shown = printable(&stem);
    if !shown.trim().is_empty() {
        return shown;
    }
    let spelled: Vec<String> = stem
        .chars()
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    if spelled.is_empty() {
        "document".into()
    } else {
        spelled.join("-")
    }
}

/// The format a file is read as, from its extension.
pub(crate) fn source_of(path: &Path) -> Source {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => Source::Html,
        Some("md" | "markdown") => Source::Markdown,
        _ => Source::Text,
    }
}

/// Markdown bytes (UTF-8, or UTF-16 with a BOM): rendered, not shown raw (see [`markdown`]).
pub fn load_markdown(
    bytes: &[u8],
    origin: Origin,
    options: &LoadOptions,
) -> Result<Loaded, Skipped> {
    let (bytes, ending) = capped(bytes, options.max_bytes);
    markdown_document(bytes, origin, ending, options.max_bytes)
}

/// Bytes handed over whole (a fetched body) cut to the size limit, and whether they were.
pub(crate) fn capped(bytes: &[u8], max_bytes: u64) -> (&[u8], Ending) {
    let max = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    if bytes.len() > max {
        (&bytes[..max], Ending::Truncated)
    } else {
        (bytes, Ending::Complete)
    }
}

fn markdown_document(
    bytes: &[u8],
    origin: Origin,
    ending: Ending,
    max_bytes: u64,
) -> Result<Loaded, Skipped> {
    let (text, warnings) = decode_text(bytes, ending, &origin.path, max_bytes)?;
    let rendered = markdown::render(&sanitize(&text));
    let url = origin.url.clone();
    Ok(Loaded {
        document: rendered
            .rendered
            .into_document(origin, rendered.meta, url, ending),
        warnings,
    })
}

/// Text bytes decoded, with the repairs and the truncation as warnings.
fn decode_text(
    bytes: &[u8],
    ending: Ending,
    path: &Path,
    max_bytes: u64,
) -> Result<(String, Vec<Warning>), Skipped> {
    let decoded = decode(bytes, ending).map_err(|reason| Skipped {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    })?;
    let mut warnings: Vec<Warning> = decoded
        .notes
        .into_iter()
        .map(|message| Warning {
            path: path.to_path_buf(),
            message,
        })
        .collect();
    if ending == Ending::Truncated {
        warnings.push(Warning {
            path: path.to_path_buf(),
            message: truncation_note(max_bytes),
        });
    }
    Ok((decoded.text, warnings))
}

/// The warning of a document cut at the size limit.
pub(crate) fn truncation_note(max_bytes: u64) -> String {
    format!("truncated at {max_bytes} bytes (limit --max-bytes); the rest was not read")
}

/// The first `max_bytes` bytes of a regular file, and whether that is all of it.
fn read_head(path: &Path, max_bytes: u64) -> Result<(Vec<u8>, Ending), SkipReason> {
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(kind_reason(&meta.file_type()));
    }
    let file = open_for_reading(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(kind_reason(&meta.file_type()));
    }
    // One byte past the limit tells a file of exactly `max_bytes` from a longer one.
    let limit = max_bytes.saturating_add(1);
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    let kept = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    if bytes.len() > kept {
        bytes.truncate(kept);
        Ok((bytes, Ending::Truncated))
    } else {
        Ok((bytes, Ending::Complete))
    }
}

/// Opens `path` for reading without blocking in the open: a FIFO swapped in after the type check
/// would otherwise wait for a writer forever. The opened handle's own type is checked next; for a
/// regular file the flag changes nothing. Nor does a terminal opened here become the process's
/// controlling terminal.
fn open_for_reading(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// The reason for a file type that is not read.
fn kind_reason(kind: &fs::FileType) -> SkipReason {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return SkipReason::Fifo;
        }
        if kind.is_socket() {
            return SkipReason::NotRegular("socket");
        }
        if kind.is_block_device() {
            return SkipReason::NotRegular("block device");
        }
        if kind.is_char_device() {
            return SkipReason::NotRegular("character device");
        }
    }
    if kind.is_dir() {
        return SkipReason::NotRegular("folder");
    }
    SkipReason::NotRegular("unknown kind")
}

/// `ELOOP`: too many levels of symbolic links (`io::ErrorKind::FilesystemLoop` is not stable yet).
#[cfg(target_os = "linux")]
const ELOOP: Option<i32> = Some(40);
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
))]
const ELOOP: Option<i32> = Some(62);
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
const ELOOP: Option<i32> = None;

fn io_reason(err: &std::io::Error) -> SkipReason {
    if ELOOP.is_some() && err.raw_os_error() == ELOOP {
        return SkipReason::SymlinkLoop;
    }
    match err.kind() {
        std::io::ErrorKind::NotFound => SkipReason::NotFound,
        std::io::ErrorKind::PermissionDenied => SkipReason::PermissionDenied,
        _ => SkipReason::Io(err.to_string()),
    }
}
