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
    // Placeholder: files given, or the direct .txt/.md children of folders given.
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|c| c.extension().is_some_and(|x| x == "txt" || x == "md"))
                .collect();
            children.sort();
            files.extend(children);
        } else {
            files.push(p.clone());
        }
    }
    (files, Vec::new())
}

/// Reads, decodes and sanitises one file. Never opens FIFOs or devices for reading.
pub fn load_file(path: &std::path::Path, options: &LoadOptions) -> Result<Loaded, Skipped> {
    // Placeholder: whole-file lossy read.
    let _ = options;
    let bytes = std::fs::read(path).map_err(|e| Skipped {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let text = sanitize(&String::from_utf8_lossy(&bytes));
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Loaded {
        document: Document {
            id,
            path: path.to_path_buf(),
            text,
            truncated: false,
        },
        warnings: Vec::new(),
    })
}

/// Removes escape sequences, control characters (except `\n`), bidi controls; expands tabs;
/// folds CRLF/CR; normalises to NFC. Line count is preserved.
pub fn sanitize(text: &str) -> String {
    // Placeholder: NFC, CRLF folded, controls dropped.
    use unicode_normalization::UnicodeNormalization;
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .nfc()
        .collect()
}

/// [`sanitize`] for one-line UI and stderr text (file names, messages): newlines and tabs become
/// spaces so the result is safe to print anywhere.
pub fn printable(text: &str) -> String {
    sanitize(text).replace('\n', " ")
}
