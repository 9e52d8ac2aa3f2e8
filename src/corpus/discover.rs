//! Finding the files to read: explicit paths, folders walked recursively in sorted order.
//!
//! Rules: inside a folder, hidden entries (name starting with `.`) are ignored silently (they are
//! the system's and the tools', not the user's articles); articles (`.txt`, `.md`, `.markdown`,
//! `.html`, `.htm`, `.xhtml`) and feed files (`.xml`, `.rss`, `.atom`, `.json`: whether they hold
//! a feed is judged on reading) are candidates; any other file there (an image, a PDF) is reported
//! as [`Skipped`] with its kind, as are an entry that is not a regular file (FIFO, socket,
//! device), a dangling symbolic link, and an unreadable folder. A path named explicitly is read
//! whatever its extension. Symbolic links are followed; a link back to an enclosing folder is
//! reported as a loop; every folder and file is visited once, however many ways lead to it.
//! File types come from metadata only: nothing is opened here.
//!
//! Cost: linear in the number of entries. Folders and files are known by their (device, inode)
//! pair, never by canonicalising their path (which costs one `readlink` per path component, so
//! quadratic calls on a deep tree); a listed entry's type comes from the listing itself, and its
//! metadata from a `stat` relative to the open folder, so only symbolic links are followed by path.

use super::load::{ARTICLE_EXTENSIONS, FEED_EXTENSIONS};
use super::{io_reason, kind_reason, printable, SkipReason, Skipped};
use rustc_hash::FxHashSet as HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// Walks `paths` (files or folders) and returns the candidate files in a stable order plus the
/// entries skipped on the way.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let skipped = discover_into(paths, &mut files);
    (files, skipped)
}

/// Where a walk puts the files it finds, in order.
pub trait Files {
    /// A file found, with the (followed) metadata the walk read: what `fs::metadata` would
    /// give, without stat'ing every file a second time.
    fn push(&mut self, path: &Path, meta: &fs::Metadata);
}

impl Files for Vec<PathBuf> {
    fn push(&mut self, path: &Path, _meta: &fs::Metadata) {
        Vec::push(self, path.to_path_buf());
    }
}

/// [`discover`] into `files`, which take each file's path as a borrow (a reopen's stamp keeps
/// 100,000 paths end to end, not as many allocations); the entries skipped.
pub fn discover_into(paths: &[PathBuf], files: &mut impl Files) -> Vec<Skipped> {
    let mut walk = Walk {
        files,
        skipped: Vec::new(),
        seen: HashSet::default(),
        enclosing: HashSet::default(),
        open: Vec::new(),
        path: PathBuf::new(),
    };
    for path in paths {
        walk.explicit(path);
    }
    walk.skipped
}

struct Walk<'f, F> {
    files: &'f mut F,
    skipped: Vec<Skipped>,
    /// Folders already walked and files already listed.
    seen: HashSet<FileId>,
    /// The folders enclosing the current entry (to tell loops from repeats).
    enclosing: HashSet<FileId>,
    /// The folders being walked, innermost last: a loop, not recursion, so that a deep tree
    /// cannot overflow the stack of the thread walking it.
    open: Vec<OpenFolder>,
    /// The path of the entry at hand, made in one buffer kept from entry to entry.
    path: PathBuf,
}

/// A folder whose entries are being walked.
struct OpenFolder {
    id: FileId,
    path: PathBuf,
    /// The entries not walked yet, by name.
    rest: std::vec::IntoIter<Child>,
}

/// What a file or folder is, whatever path leads to it: its device and inode (where there are no
/// inodes, its canonical path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

#[cfg(unix)]
fn file_id(_path: &Path, meta: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &fs::Metadata) -> FileId {
    FileId(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// A listed folder entry with its (followed) metadata, or the error following it gave.
struct Child {
    /// Its name alone: its path is made when it is walked, in [`Walk::path`] (a path per entry
    /// was an allocation grown twice, a third of a reopen's walk).
    name: OsString,
    meta: std::io::Result<fs::Metadata>,
}

impl Child {
    /// The entry's name, as listed (its bytes compare as the names do).
    fn name(&self) -> &[u8] {
        self.name.as_encoded_bytes()
    }
}

/// Whether an entry was named by the user or found in a folder (and whether its name makes it
/// a candidate there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Explicit,
    Found { candidate: bool },
}

impl<F: Files> Walk<'_, F> {
    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }

    fn explicit(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) => self.entry(path, meta, Origin::Explicit),
            Err(err) => {
                let reason = broken_reason(path, &err);
                self.skip(path, reason);
            }
        }
        // Depth first: the innermost open folder's next entry, until every folder is done.
        while let Some(folder) = self.open.last_mut() {
            match folder.rest.next() {
                Some(child) => {
                    let mut path = std::mem::take(&mut self.path);
                    path.as_mut_os_string().clear();
                    path.push(&folder.path);
                    path.push(&child.name);
                    self.child(&path, child);
                    self.path = path;
                }
                None => {
                    if let Some(done) = self.open.pop() {
                        self.enclosing.remove(&done.id);
                    }
                }
            }
        }
    }

    /// An entry whose (followed) metadata is known.
    fn entry(&mut self, path: &Path, meta: fs::Metadata, origin: Origin) {
        if meta.is_dir() {
            self.folder(path, &meta);
        } else if origin == (Origin::Found { candidate: false }) {
            let reason = if meta.is_file() {
                SkipReason::NotArticle(describe_extension(path))
            } else {
                kind_reason(&meta.file_type())
            };
            self.skip(path, reason);
        } else {
            // Reached before by another route: already listed or already reported.
            if !self.seen.insert(file_id(path, &meta)) {
                return;
            }
            if meta.is_file() {
                self.files.push(path, &meta);
            } else {
                self.skip(path, kind_reason(&meta.file_type()));
            }
        }
    }

    /// Opens a folder for walking (its entries are taken in turn by [`Walk::explicit`]).
    fn folder(&mut self, path: &Path, meta: &fs::Metadata) {
        let id = file_id(path, meta);
        if self.enclosing.contains(&id) {
            return self.skip(path, SkipReason::SymlinkLoop);
        }
        if !self.seen.insert(id.clone()) {
            return; // already walked by another route
        }
        let children = match self.children(path) {
            Some(c) => c,
            None => return,
        };
        // Sorted by index (an entry, name and metadata, is some 200 bytes: sorting the entries
        // themselves moved each a dozen times and more), then moved into that order once, each
        // cycle of the permutation in turn (as `slice::sort_by_cached_key` does). Names are
        // unique in a folder: an unstable sort orders them all.
        let mut children = children;
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_unstable_by(|&a, &b| children[a].name().cmp(children[b].name()));
        for i in 0..order.len() {
            // Where the entry for place `i` is now: the places before `i` are done, and the
            // entry that was at a place before was swapped to where that place's entry came from.
            let mut at = order[i];
            while at < i {
                at = order[at];
            }
            order[i] = at;
            children.swap(i, at);
        }
        self.enclosing.insert(id.clone());
        self.open.push(OpenFolder {
            id,
            path: path.to_path_buf(),
            rest: children.into_iter(),
        });
    }

    /// The non-hidden entries of a folder (each is read or reported), or `None` (reported) when it
    /// cannot be listed. The listing is read whole and closed before any child
    /// is walked, so a deep tree holds no open folder per level.
    fn children(&mut self, path: &Path) -> Option<Vec<Child>> {
        let entries = match fs::read_dir(path) {
            Ok(e) => e,
            Err(err) => {
                self.skip(path, io_reason(&err));
                return None;
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    // The listing broke part-way: report the folder, keep what was listed.
                    self.skip(path, io_reason(&err));
                    break;
                }
            };
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            // The listing gives the type; only links are followed by path.
            let meta = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => fs::metadata(entry.path()),
                _ => entry.metadata(),
            };
            children.push(Child { name, meta });
        }
        Some(children)
    }

    /// A listed entry, at `path`.
    fn child(&mut self, path: &Path, child: Child) {
        let candidate = is_candidate(child.name());
        match child.meta {
            Ok(meta) => self.entry(path, meta, Origin::Found { candidate }),
            Err(err) => {
                let reason = broken_reason(path, &err);
                self.skip(path, reason);
            }
        }
    }
}

/// Why following `path` failed: a dangling link reads better than "not found".
fn broken_reason(path: &Path, err: &std::io::Error) -> SkipReason {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match io_reason(err) {
        SkipReason::NotFound if is_link => SkipReason::DanglingSymlink,
        other => other,
    }
}

/// Is a file met in a folder read (its extension is an article's or a feed's)? `name` is not
/// hidden, so its extension is what follows its last dot (as `Path::extension` has it, without
/// parsing the path again).
fn is_candidate(name: &[u8]) -> bool {
    name.iter().rposition(|&b| b == b'.').is_some_and(|dot| {
        let extension = &name[dot + 1..];
        ARTICLE_EXTENSIONS
            .iter()
            .chain(FEED_EXTENSIONS.iter())
            .any(|t| extension.eq_ignore_ascii_case(t.as_bytes()))
    })
}

/// `.png`, or `no extension`, for a skip reason.
fn describe_extension(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!(".{}", printable(&e.to_string_lossy())),
        None => "no extension".into(),
    }
}
