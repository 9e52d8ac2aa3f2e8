//! Site furniture found by the corpus rather than by the line: a line that articles of several
//! different stories all keep ("Theo dõi Báo Tiền phong trên", a site's slogan, a footer the
//! word lists do not know) belongs to the site, not to any of them.
//!
//! Linear and incremental: each document is cleaned on its own first; the keys of the short
//! lines it kept are counted once per distinct story (copies of one story — syndication,
//! updates — share their longest lines and count once). A key kept by [`MIN_STORIES`] stories
//! becomes furniture; documents already cleaned that keep it are cleaned again, later ones see it
//! from the start. The result depends only on the documents and their order.

use super::lines::{self, Class};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};
use std::hash::{Hash, Hasher};

/// Distinct stories that must keep a line before it is the site's.
pub const MIN_STORIES: usize = 3;
/// Lines longer than this are prose, never furniture (a background paragraph reused by an
/// outlet is still the article's text).
const MAX_FURNITURE_WORDS: usize = 25;
/// A story is told apart by its longest prose lines: copies of one story (other outlets' leads
/// differ) share at least one of them.
const SIGNATURE_LINES: usize = 3;
/// Lines shorter than this do not tell a story apart.
const MIN_SIGNATURE_WORDS: usize = 12;

/// A line's identity: a hash of its exact key (64 bits; the corpus never holds enough distinct
/// lines for a collision to matter, and a collision only drops a line from the pane).
pub type LineKey = u64;

/// What one document contributes: the keys of the short lines its own cleaning kept, and the
/// hashes of its longest lines.
#[derive(Debug, Clone, Default)]
pub struct DocLines {
    kept: Vec<LineKey>,
    signature: Vec<LineKey>,
}

/// Key of a line as the cleaner sees it (trimmed, exact key).
pub fn line_key(text: &str) -> LineKey {
    line_key_in(text, &mut String::new())
}

/// [`line_key`] with `buffer` to build the exact key in. (Only the lines a document's furniture
/// considers are keyed here: a key carried by every scanned line made a file of a million short
/// lines cost 8 MB more while it was cleaned.)
fn line_key_in(text: &str, buffer: &mut String) -> LineKey {
    crate::text::exact_key_into(text, buffer);
    key_hash(buffer)
}

/// The [`LineKey`] of an exact key. (Fx, not SipHash: every prose line of a corpus is hashed
/// for its signature, and no key comes from an adversary who could aim at collisions.)
fn key_hash(key: &str) -> LineKey {
    let mut h = FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

/// A text's longest prose lines, each with its key, gathered while its lines are scanned (which
/// keys every line): keyed again afterwards, they cost as much as the rest of the furniture.
/// Only lines as long as the last signature line so far are kept (ties in length are broken by
/// key, see [`DocLines::new`]).
#[derive(Debug, Default)]
pub(crate) struct Signature {
    /// (length, key) of the prose lines at least as long as `longest`'s last when seen.
    lines: Vec<(usize, LineKey)>,
    /// The lengths of the longest prose lines so far, longest first.
    longest: Vec<usize>,
    /// `lines` is cut back to the lines still long enough when it reaches this length.
    prune_at: usize,
}

impl Signature {
    /// A scanned line: its length in bytes, its words and its exact key.
    pub(crate) fn see(&mut self, len: usize, words: usize, key: &str) {
        // Only prose tells stories apart: a short line may be the very furniture.
        if words < MIN_SIGNATURE_WORDS || len < self.shortest() {
            return;
        }
        self.lines.push((len, key_hash(key)));
        let at = self.longest.partition_point(|&l| l >= len);
        self.longest.insert(at, len);
        self.longest.truncate(SIGNATURE_LINES);
        // Cut back when grown to twice its length after the last cut: linear, however the
        // lengths come.
        if self.lines.len() >= self.prune_at {
            let shortest = self.shortest();
            self.lines.retain(|&(l, _)| l >= shortest);
            self.prune_at = (2 * self.lines.len()).max(16);
        }
    }

    /// The length a line needs to be a signature line among the lines so far.
    fn shortest(&self) -> usize {
        match self.longest.len() {
            SIGNATURE_LINES => self.longest[SIGNATURE_LINES - 1],
            _ => 0,
        }
    }

    /// The keys of the signature lines, longest first.
    fn keys(mut self) -> Vec<LineKey> {
        self.lines.sort_unstable_by(|a, b| b.cmp(a));
        self.lines
            .into_iter()
            .take(SIGNATURE_LINES)
            .map(|(_, k)| k)
            .collect()
    }
}

impl DocLines {
    /// The lines of `text` that `kept(line number)` says were kept, as candidates.
    /// `signature` is what the scan of the lines gathered.
    pub(super) fn new(
        scanned: &[lines::Line<'_>],
        signature: Signature,
        kept: impl Fn(usize) -> bool,
    ) -> Self {
        let mut out = HashSet::default();
        let mut buffer = String::new();
        for line in scanned {
            if line.words() <= MAX_FURNITURE_WORDS && kept(line.no()) {
                out.insert(line_key_in(line.text, &mut buffer));
            }
        }
        let mut kept: Vec<LineKey> = out.into_iter().collect();
        kept.sort_unstable();
        Self {
            kept,
            signature: signature.keys(),
        }
    }
}

#[derive(Debug, Default)]
struct Count {
    /// Signatures of the distinct stories seen keeping the line (up to [`MIN_STORIES`]).
    stories: Vec<Vec<LineKey>>,
    /// Documents keeping the line, while it is not furniture yet.
    docs: Vec<usize>,
}

/// The corpus's furniture so far.
#[derive(Debug, Default)]
pub struct Furniture {
    counts: HashMap<LineKey, Count>,
    /// Each furniture line, with the document whose observation made it one.
    lines: HashMap<LineKey, usize>,
}

impl Furniture {
    /// Whether a line (by key) is site furniture.
    pub fn contains(&self, key: LineKey) -> bool {
        self.lines.contains_key(&key)
    }

    /// Whether a line `lines` kept became furniture with the observation of document `since` or
    /// a later one (documents cleaned before then must be cleaned again).
    pub fn changed_since(&self, lines: &DocLines, since: usize) -> bool {
        lines
            .kept
            .iter()
            .any(|k| self.lines.get(k).is_some_and(|&d| d >= since))
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Counts document `doc` and returns the documents whose kept lines just became furniture
    /// (they must be cleaned again, `doc` itself included when it is one), in order, without
    /// duplicates.
    pub fn observe(&mut self, doc: usize, lines: &DocLines) -> Vec<usize> {
        let mut stale = Vec::new();
        for &key in &lines.kept {
            if self.lines.contains_key(&key) {
                continue;
            }
            let count = self.counts.entry(key).or_default();
            let same_story = count
                .stories
                .iter()
                .any(|s| s.iter().any(|k| lines.signature.contains(k)));
            if !same_story {
                count.stories.push(lines.signature.clone());
            }
            if count.stories.len() >= MIN_STORIES {
                stale.extend(count.docs.iter().copied());
                stale.push(doc);
                self.counts.remove(&key);
                self.lines.insert(key, doc);
            } else {
                count.docs.push(doc);
            }
        }
        stale.sort_unstable();
        stale.dedup();
        stale
    }
}

/// Whether a line of class `class` with key `key` is removed as furniture: only lines that a
/// document's own cleaning could keep are at stake.
pub(super) fn applies(furniture: &Furniture, class: &Class, key: LineKey) -> bool {
    matches!(class, Class::Headline | Class::Body | Class::Caption) && furniture.contains(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kept: &[&str], longest: &[&str]) -> DocLines {
        DocLines {
            kept: kept.iter().map(|l| line_key(l)).collect(),
            signature: longest.iter().map(|l| line_key(l)).collect(),
        }
    }

    #[test]
    fn a_line_kept_by_three_stories_is_furniture() {
        let mut f = Furniture::default();
        assert!(f
            .observe(0, &doc(&["Theo dõi chúng tôi", "a"], &["story a"]))
            .is_empty());
        assert!(f
            .observe(1, &doc(&["Theo dõi chúng tôi", "b"], &["story b"]))
            .is_empty());
        let stale = f.observe(2, &doc(&["Theo dõi chúng tôi", "c"], &["story c"]));
        assert_eq!(stale, [0, 1, 2]);
        assert!(f.contains(line_key("theo dõi  CHÚNG tôi")));
        assert!(!f.contains(line_key("a")));
        // Later documents see it at once and stale nothing.
        assert!(f
            .observe(3, &doc(&["Theo dõi chúng tôi"], &["story d"]))
            .is_empty());
    }

    #[test]
    fn copies_of_one_story_count_once() {
        let mut f = Furniture::default();
        for d in 0..5 {
            // Syndicated copies: each shares a longest line with the first.
            let own = format!("copy {d}");
            f.observe(d, &doc(&["Ông A phát biểu."], &["shared lede", &own]));
        }
        assert!(f.is_empty());
    }
}
