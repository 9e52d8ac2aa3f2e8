//! Reading files into [`Document`]s: discovery (folders, hidden entries, FIFOs, symlink loops),
//! decoding (UTF-8, UTF-16 with BOM), and sanitising (escape sequences, controls, bidi, NFC).
//! Every path given ends up either a `Document` or a [`Skipped`] entry with a reason.

use std::path::PathBuf;

/// Default cap on bytes read from one file; the rest is dropped and the document marked truncated.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// One article as read from disk: sanitised NFC text with `\n` line ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File stem, e.g. `000_c7a8ea673d2022a5`.
    pub id: String,
    pub path: PathBuf,
    /// Sanitised NFC text; physical line numbers are preserved (line N of the file is line N here).
    pub text: String,
    /// The file was larger than the size limit and only its head was read.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    pub max_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
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
            self.reason
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

/// Walks `paths` (files or folders, recursively, `.txt`/`.md`, hidden entries skipped) and
/// returns the readable candidate files in a stable order plus the entries skipped on the way.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let _ = paths;
    todo!("corpus::discover")
}

/// Reads, decodes and sanitises one file. Never opens FIFOs or devices for reading.
pub fn load_file(path: &std::path::Path, options: &LoadOptions) -> Result<Loaded, Skipped> {
    let _ = (path, options);
    todo!("corpus::load_file")
}

/// Removes escape sequences, control characters (except `\n`), bidi controls; expands tabs;
/// folds CRLF/CR; normalises to NFC. Line count is preserved.
pub fn sanitize(text: &str) -> String {
    let _ = text;
    todo!("corpus::sanitize")
}

/// [`sanitize`] for one-line UI and stderr text (file names, messages): newlines and tabs become
/// spaces so the result is safe to print anywhere.
pub fn printable(text: &str) -> String {
    let _ = text;
    todo!("corpus::printable")
}
