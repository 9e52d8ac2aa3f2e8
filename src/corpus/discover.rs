//! Finding the files to read: explicit paths, folders walked recursively in sorted order.
//!
//! Rules: inside a folder, hidden entries (name starting with `.`) are ignored silently (they are
//! the system's and the tools', not the user's articles); `.txt`, `.md` and feed files (`.xml`,
//! `.rss`, `.atom`, `.json`: whether they hold a feed is judged on reading) are candidates; any other
//! file there (an image, a PDF) is reported as [`Skipped`] with its kind, as are an entry that is
//! not a regular file (FIFO, socket, device), a dangling symbolic link, and an unreadable folder. A path named explicitly is read
//! whatever its extension. Symbolic links are followed; a link back to an enclosing folder is
//! reported as a loop; every folder and file is visited once, however many ways lead to it.
//! File types come from metadata only: nothing is opened here.

use super::load::FEED_EXTENSIONS;
use super::{io_reason, kind_reason, printable, SkipReason, Skipped};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Walks `paths` (files or folders) and returns the candidate files in a stable order plus the
/// entries skipped on the way.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut walk = Walk::default();
    for path in paths {
        walk.explicit(path);
    }
    (walk.files, walk.skipped)
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    skipped: Vec<Skipped>,
    /// Canonical paths of folders already walked and files already listed.
    seen: HashSet<PathBuf>,
    /// Canonical paths of the folders enclosing the current entry (to tell loops from repeats).
    enclosing: Vec<PathBuf>,
}

/// Whether an entry was named by the user or found in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Explicit,
    Found,
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
            Ok(meta) => self.entry(path, &meta, Origin::Explicit),
            Err(err) => {
                let reason = broken_reason(path, &err);
                self.skip(path, reason);
            }
        }
    }

    /// An entry whose (followed) metadata is known.
    fn entry(&mut self, path: &Path, meta: &fs::Metadata, origin: Origin) {
        if meta.is_dir() {
            self.folder(path);
        } else if origin == Origin::Found && !is_candidate(path) {
            let reason = if meta.is_file() {
                SkipReason::NotArticle(describe_extension(path))
            } else {
                kind_reason(&meta.file_type())
            };
            self.skip(path, reason);
        } else {
            // Reached before by another route: already listed or already reported.
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if !self.seen.insert(canonical) {
                return;
            }
            if meta.is_file() {
                self.files.push(path.to_path_buf());
            } else {
                self.skip(path, kind_reason(&meta.file_type()));
            }
        }
    }

    fn folder(&mut self, path: &Path) {
        let canonical = match fs::canonicalize(path) {
            Ok(c) => c,
            Err(err) => return self.skip(path, io_reason(&err)),
        };
        if self.enclosing.contains(&canonical) {
            return self.skip(path, SkipReason::SymlinkLoop);
        }
        if !self.seen.insert(canonical.clone()) {
            return; // already walked by another route
        }
        let mut children = match self.children(path) {
            Some(c) => c,
            None => return,
        };
        children.sort();
        self.enclosing.push(canonical);
        for child in children {
            self.child(&child);
        }
        self.enclosing.pop();
    }

    /// The non-hidden entries of a folder, or `None` (reported) when it cannot be listed.
    fn children(&mut self, path: &Path) -> Option<Vec<PathBuf>> {
        let entries = match fs::read_dir(path) {
            Ok(e) => e,
            Err(err) => {
                self.skip(path, io_reason(&err));
                return None;
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    if !entry.file_name().as_encoded_bytes().starts_with(b".") {
                        children.push(entry.path());
                    }
                }
                Err(err) => {
                    // The listing broke part-way: report the folder, keep what was listed.
                    self.skip(path, io_reason(&err));
                    break;
                }
            }
        }
        Some(children)
    }

    fn child(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) => self.entry(path, &meta, Origin::Found),
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

/// Is a file met in a folder read (its extension is an article's or a feed's)?
fn is_candidate(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TEXT_EXTENSIONS
            .iter()
            .chain(FEED_EXTENSIONS.iter())
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// `.png`, or `no extension`, for a skip reason.
fn describe_extension(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!(".{}", printable(&e.to_string_lossy())),
        None => "no extension".into(),
    }
}
