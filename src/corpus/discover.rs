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
use std::fs;
use std::path::{Path, PathBuf};

/// Walks `paths` (files or folders) and returns the candidate files in a stable order plus the
/// entries skipped on the way.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let (files, skipped) = discover_with_metadata(paths);
    (files.into_iter().map(|(path, _)| path).collect(), skipped)
}

/// [`discover`], each file with the (followed) metadata the walk read: what `fs::metadata`
/// would give, without stat'ing every file a second time.
pub fn discover_with_metadata(paths: &[PathBuf]) -> (Vec<(PathBuf, fs::Metadata)>, Vec<Skipped>) {
    let mut walk = Walk::default();
    for path in paths {
        walk.explicit(path);
    }
    (walk.files, walk.skipped)
}

#[derive(Default)]
struct Walk {
    files: Vec<(PathBuf, fs::Metadata)>,
    skipped: Vec<Skipped>,
    /// Folders already walked and files already listed.
    seen: HashSet<FileId>,
    /// The folders enclosing the current entry (to tell loops from repeats).
    enclosing: HashSet<FileId>,
    /// The folders being walked, innermost last: a loop, not recursion, so that a deep tree
    /// cannot overflow the stack of the thread walking it.
    open: Vec<OpenFolder>,
}

/// A folder whose entries are being walked.
struct OpenFolder {
    id: FileId,
    /// Its entries as listed, each taken once.
    children: Vec<Option<Child>>,
    /// The entries not walked yet (indices into `children`), by name.
    rest: std::vec::IntoIter<usize>,
}

impl OpenFolder {
    /// The next entry by name.
    fn next(&mut self) -> Option<Child> {
        let children = &mut self.children;
        self.rest.find_map(|i| children[i].take())
    }
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
    path: PathBuf,
    /// Where the last part of `path` (as listed: what siblings are sorted by) starts in it: the
    /// name is not kept apart, one allocation less per file.
    name_at: usize,
    meta: std::io::Result<fs::Metadata>,
}

impl Child {
    /// The entry's name, as listed (its bytes compare as the names do).
    fn name(&self) -> &[u8] {
        &self.path.as_os_str().as_encoded_bytes()[self.name_at..]
    }
}

/// Whether an entry was named by the user or found in a folder (and whether its name makes it
/// a candidate there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Explicit,
    Found { candidate: bool },
}

impl Walk {
    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }

    fn explicit(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) => self.entry(path.to_path_buf(), meta, Origin::Explicit),
            Err(err) => {
                let reason = broken_reason(path, &err);
                self.skip(path, reason);
            }
        }
        // Depth first: the innermost open folder's next entry, until every folder is done.
        while let Some(folder) = self.open.last_mut() {
            match folder.next() {
                Some(child) => self.child(child),
                None => {
                    if let Some(done) = self.open.pop() {
                        self.enclosing.remove(&done.id);
                    }
                }
            }
        }
    }

    /// An entry whose (followed) metadata is known; a file is listed with its own path and
    /// metadata, not copies (a reopen walks 100,000 files).
    fn entry(&mut self, path: PathBuf, meta: fs::Metadata, origin: Origin) {
        if meta.is_dir() {
            self.folder(&path, &meta);
        } else if origin == (Origin::Found { candidate: false }) {
            let reason = if meta.is_file() {
                SkipReason::NotArticle(describe_extension(&path))
            } else {
                kind_reason(&meta.file_type())
            };
            self.skip(&path, reason);
        } else {
            // Reached before by another route: already listed or already reported.
            if !self.seen.insert(file_id(&path, &meta)) {
                return;
            }
            if meta.is_file() {
                self.files.push((path, meta));
            } else {
                self.skip(&path, kind_reason(&meta.file_type()));
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
        // Siblings: their paths compare as their names do, without splitting every path into
        // components (a tenth of a reopen's walk at 100,000 files), nor finding the name in the
        // path at each comparison. Sorted by index: an entry (path and metadata) is some 200
        // bytes, and sorting the entries themselves moved each a dozen times and more (a third
        // of a reopen's walk). Names are unique in a folder: an unstable sort orders them all.
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_unstable_by(|&a, &b| children[a].name().cmp(children[b].name()));
        self.enclosing.insert(id.clone());
        self.open.push(OpenFolder {
            id,
            children: children.into_iter().map(Some).collect(),
            rest: order.into_iter(),
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
            // The name as the last part of the path (the name alone would be another copy): what
            // follows the last separator, as a listed name holds none (`Path::file_name` parses
            // the path's components, and cost as much as the rest of the listing).
            let child = entry.path();
            let bytes = child.as_os_str().as_encoded_bytes();
            let name_at = bytes
                .iter()
                .rposition(|&b| std::path::is_separator(char::from(b)))
                .map_or(0, |at| at + 1);
            if bytes[name_at..].starts_with(b".") {
                continue;
            }
            // The listing gives the type; only links are followed by path.
            let meta = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => fs::metadata(&child),
                _ => entry.metadata(),
            };
            children.push(Child {
                path: child,
                name_at,
                meta,
            });
        }
        Some(children)
    }

    fn child(&mut self, child: Child) {
        let candidate = is_candidate(child.name());
        match child.meta {
            Ok(meta) => self.entry(child.path, meta, Origin::Found { candidate }),
            Err(err) => {
                let reason = broken_reason(&child.path, &err);
                self.skip(&child.path, reason);
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
