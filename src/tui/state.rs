//! What the reader keeps between runs, per corpus, in the XDG state directory
//! (`$XDG_STATE_HOME/soi/`, by default `~/.local/state/soi/`): the open article and the
//! position in each article, read marks, the target, the jump list, bookmarks and prompt
//! history. One JSON file per set of paths read.
//!
//! Documents are named by id and positions are text anchors, never screen rows or list
//! indices, so a file stays meaningful when the corpus grows or the terminal changes. Files are
//! written atomically (a temporary file renamed over the old one); a damaged file is moved
//! aside and reported, and the reader starts afresh.

use super::nav::Anchor;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The state file format. Fields added later get defaults, so older files still load.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    pub version: u32,
    /// The paths read (for a person looking at the file).
    pub paths: Vec<String>,
    /// Id of the open article.
    pub open: Option<String>,
    /// Where each article was left, by id.
    pub positions: BTreeMap<String, Anchor>,
    /// Ids of the articles read.
    pub read: BTreeSet<String>,
    pub target: Option<SavedTarget>,
    /// The target's current mention.
    pub current: Option<SavedHit>,
    pub jumps: Vec<SavedLocation>,
    pub jump_index: usize,
    pub bookmarks: Vec<Bookmark>,
    pub history: History,
    /// The documents list's sort order (its name).
    pub sort: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SavedTarget {
    Entity { id: String, name: String },
    Search { query: String },
}

/// A place in an article: document id, block, byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SavedHit {
    pub doc: String,
    pub block: usize,
    pub start: usize,
}

/// A jump list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLocation {
    pub doc: String,
    pub top: Anchor,
    pub hit: Option<SavedHit>,
}

/// A bookmarked sentence: byte range of one block, and its text when marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub doc: String,
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Past prompt inputs, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    pub search: Vec<String>,
    pub entities: Vec<String>,
    pub documents: Vec<String>,
}

/// What loading the state file gave.
#[derive(Debug)]
pub enum Loaded {
    State(Box<SavedState>),
    /// No file yet.
    Fresh,
    /// The file could not be used: why, and where it was moved (when it was).
    Damaged {
        reason: String,
        set_aside: Option<PathBuf>,
    },
}

/// The state file of one corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFile {
    pub path: PathBuf,
}

/// `$XDG_STATE_HOME/soi` (on systems without a state directory, the local data directory).
pub fn default_dir() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("soi"))
}

impl StateFile {
    /// The file for the corpus read from `paths`, in `dir`: named after the first path, with a
    /// hash of all of them (absolute where they exist) so two corpora never share a file.
    pub fn for_paths(dir: &Path, paths: &[PathBuf]) -> StateFile {
        let mut keys: Vec<String> = paths
            .iter()
            .map(|p| {
                std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect();
        keys.sort();
        keys.dedup();
        let hash = fnv1a(keys.join("\n").as_bytes());
        let stem: String = keys
            .first()
            .and_then(|k| Path::new(k).file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .take(40)
            .collect();
        let stem = if stem.is_empty() {
            "corpus".into()
        } else {
            stem
        };
        StateFile {
            path: dir.join(format!("{stem}-{hash:016x}.json")),
        }
    }

    pub fn load(&self) -> Loaded {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Fresh,
            Err(e) => return self.set_aside(format!("cannot be read: {e}")),
        };
        match serde_json::from_str::<SavedState>(&text) {
            Ok(s) if s.version > VERSION => self.set_aside(format!(
                "was written by a newer soi (format {}, this one reads {VERSION})",
                s.version
            )),
            Ok(s) => Loaded::State(Box::new(s)),
            Err(e) => self.set_aside(format!("is damaged (line {}: {e})", e.line())),
        }
    }

    /// Moves the file out of the way (to `NAME.damaged`), so the next save does not destroy
    /// what a person may want to look at.
    fn set_aside(&self, reason: String) -> Loaded {
        let aside = self.path.with_extension("json.damaged");
        let set_aside = std::fs::rename(&self.path, &aside).ok().map(|_| aside);
        Loaded::Damaged { reason, set_aside }
    }

    /// Writes the state atomically: a temporary file in the same folder, flushed to disk, then
    /// renamed over the old one. A crash leaves the old file or the new one, never half of one.
    pub fn save(&self, state: &SavedState) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let name = self
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            serde_json::to_writer_pretty(&mut file, state)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across runs and Rust versions (file names
/// depend on it).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::nav::ParaId;

    fn sample() -> SavedState {
        SavedState {
            version: VERSION,
            paths: vec!["seeds".into()],
            open: Some("003_x".into()),
            positions: BTreeMap::from([(
                "003_x".to_string(),
                Anchor {
                    para: ParaId::Block(4),
                    offset: 17,
                },
            )]),
            read: BTreeSet::from(["001_y".to_string()]),
            target: Some(SavedTarget::Entity {
                id: "person:a".into(),
                name: "A".into(),
            }),
            current: Some(SavedHit {
                doc: "003_x".into(),
                block: 4,
                start: 20,
            }),
            jumps: vec![SavedLocation {
                doc: "001_y".into(),
                top: Anchor::TOP,
                hit: None,
            }],
            jump_index: 1,
            bookmarks: vec![Bookmark {
                doc: "001_y".into(),
                block: 2,
                start: 0,
                end: 30,
                text: "Câu văn.".into(),
            }],
            history: History {
                search: vec!["hà nội".into()],
                ..History::default()
            },
            sort: Some("title".into()),
        }
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = StateFile::for_paths(dir.path(), &[PathBuf::from("seeds")]);
        assert!(matches!(f.load(), Loaded::Fresh));
        f.save(&sample()).expect("save");
        match f.load() {
            Loaded::State(s) => assert_eq!(*s, sample()),
            other => panic!("{other:?}"),
        }
        // Saving again replaces the file and leaves no temporary behind.
        f.save(&SavedState::default()).expect("save");
        let files: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = StateFile::for_paths(dir.path(), &[PathBuf::from("x")]);
        std::fs::write(&f.path, "{\n  \"open\": [1, 2\n").expect("write");
        match f.load() {
            Loaded::Damaged { reason, set_aside } => {
                assert!(reason.contains("line"), "{reason}");
                let aside = set_aside.expect("moved aside");
                assert!(aside.exists());
                assert!(!f.path.exists());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(f.load(), Loaded::Fresh));
    }

    #[test]
    fn older_files_without_new_fields_still_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = StateFile::for_paths(dir.path(), &[PathBuf::from("x")]);
        std::fs::write(&f.path, r#"{"version": 1, "open": "a"}"#).expect("write");
        match f.load() {
            Loaded::State(s) => assert_eq!(s.open.as_deref(), Some("a")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_set_of_paths_has_its_own_file() {
        let dir = Path::new("/state");
        let a = StateFile::for_paths(dir, &[PathBuf::from("/news/a"), PathBuf::from("/news/b")]);
        let b = StateFile::for_paths(dir, &[PathBuf::from("/news/b"), PathBuf::from("/news/a")]);
        let c = StateFile::for_paths(dir, &[PathBuf::from("/news/a")]);
        assert_eq!(a, b, "order does not matter");
        assert_ne!(a, c);
        assert!(a
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("a-"));
    }
}
