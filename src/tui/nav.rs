//! Logical positions (never screen rows), the jump list, and targets: an entity or a search
//! whose hits are walked across the corpus with `n`/`N`.

use crate::link::Mention;
use serde::{Deserialize, Serialize};

/// A paragraph of the laid-out article: the header lines, a kept block, or a removed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParaId {
    Title,
    Meta,
    Block(usize),
    /// Index into `Article::removed`, then the line within that range.
    Removed(usize, usize),
}

/// A reading position: a byte offset in one paragraph's text. Survives re-wrapping, and is
/// what the state file keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anchor {
    pub para: ParaId,
    pub offset: usize,
}

impl Anchor {
    pub const TOP: Anchor = Anchor {
        para: ParaId::Title,
        offset: 0,
    };
}

/// Where the reader was: document, scroll anchor and (when a target was active) its hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub doc: usize,
    pub top: Anchor,
    pub hit: Option<usize>,
}

/// Most jumps remembered (vim keeps 100).
pub const MAX_JUMPS: usize = 100;

/// Vim-like jump list: a jump pushes where you were and drops the forward history; going back
/// from the newest entry first records where you are, so forward can return there.
#[derive(Debug, Default, Clone)]
pub struct JumpList {
    entries: Vec<Location>,
    index: usize,
}

impl JumpList {
    pub fn push(&mut self, from: Location) {
        self.entries.truncate(self.index);
        if self.entries.last() != Some(&from) {
            self.entries.push(from);
        }
        // Old jumps go first: the list is kept between runs and must not grow for ever.
        if self.entries.len() > MAX_JUMPS {
            self.entries.drain(..self.entries.len() - MAX_JUMPS);
        }
        self.index = self.entries.len();
    }

    pub fn back(&mut self, current: Location) -> Option<Location> {
        if self.index == 0 {
            return None;
        }
        if self.index == self.entries.len() {
            self.entries.push(current);
        }
        self.index -= 1;
        self.entries.get(self.index).copied()
    }

    /// The entries and the index into them (for saving).
    pub fn parts(&self) -> (&[Location], usize) {
        (&self.entries, self.index)
    }

    /// A jump list from saved parts (the index is clamped to the entries).
    pub fn from_parts(entries: Vec<Location>, index: usize) -> JumpList {
        let index = index.min(entries.len());
        JumpList { entries, index }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn forward(&mut self) -> Option<Location> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index += 1;
        self.entries.get(self.index).copied()
    }
}

/// What `n`/`N` walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetKind {
    /// An entity, by its stable id (indices change when the corpus is re-linked).
    Entity { id: String },
    /// A diacritic-insensitive search; `folded` is the folded query.
    Search { query: String, folded: String },
}

/// The active target: its hits in corpus order and which one the reader is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// Index of the target entity in the library's entities (kept current across re-links).
    pub entity: Option<usize>,
    pub name: String,
    pub hits: Vec<Mention>,
    pub current: Option<usize>,
}

impl Target {
    /// The first hit at or after (`doc`, `block`, `offset`), wrapping to the corpus start.
    pub fn first_at_or_after(&self, doc: usize, block: usize, offset: usize) -> Option<usize> {
        if self.hits.is_empty() {
            return None;
        }
        let i = self
            .hits
            .partition_point(|h| (h.doc, h.block, h.span.start) < (doc, block, offset));
        Some(if i == self.hits.len() { 0 } else { i })
    }

    /// The hit after the current one, wrapping.
    pub fn next(&self) -> Option<usize> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        Some(self.current.map_or(0, |c| (c + 1) % n))
    }

    /// The hit before the current one, wrapping.
    pub fn prev(&self) -> Option<usize> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        Some(self.current.map_or(n - 1, |c| (c + n - 1) % n))
    }

    /// How many hits are in `doc`.
    pub fn hits_in(&self, doc: usize) -> usize {
        self.hits.partition_point(|h| h.doc <= doc) - self.hits.partition_point(|h| h.doc < doc)
    }

    /// `k/N` for the status bar (1-based).
    pub fn counter(&self) -> String {
        match self.current {
            Some(c) => format!("{}/{}", c + 1, self.hits.len()),
            None => format!("–/{}", self.hits.len()),
        }
    }
}

/// Diacritic- and case-insensitive matches of `folded_query` in `text`, as NFC byte ranges.
pub fn search_text(text: &str, folded_query: &str) -> Vec<crate::extract::Span> {
    if folded_query.is_empty() {
        return Vec::new();
    }
    let (folded, origin) = crate::text::fold_with_offsets(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = folded[from..].find(folded_query) {
        let at = from + pos;
        let end_folded = at + folded_query.len();
        let start = origin.get(at).copied().unwrap_or(text.len());
        // The match ends where the character after its last folded byte begins.
        let end = origin
            .get(end_folded)
            .copied()
            .unwrap_or(text.len())
            .max(start);
        if end > start
            && out
                .last()
                .is_none_or(|s: &crate::extract::Span| s.end <= start)
        {
            out.push(crate::extract::Span { start, end });
        }
        from = end_folded.max(at + 1);
        while !folded.is_char_boundary(from) {
            from += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Span;

    fn loc(doc: usize) -> Location {
        Location {
            doc,
            top: Anchor::TOP,
            hit: None,
        }
    }

    #[test]
    fn jump_list_back_forward_and_truncate() {
        let mut j = JumpList::default();
        assert_eq!(j.back(loc(0)), None);
        j.push(loc(0)); // jumped 0 → 1
        j.push(loc(1)); // jumped 1 → 2
        assert_eq!(j.back(loc(2)), Some(loc(1)));
        assert_eq!(j.back(loc(1)), Some(loc(0)));
        assert_eq!(j.back(loc(0)), None);
        assert_eq!(j.forward(), Some(loc(1)));
        assert_eq!(j.forward(), Some(loc(2)));
        assert_eq!(j.forward(), None);
        // Back to 1, then a new jump: the forward history (2) is gone.
        assert_eq!(j.back(loc(2)), Some(loc(1)));
        j.push(loc(1)); // jumped 1 → 3
        assert_eq!(j.forward(), None);
        assert_eq!(j.back(loc(3)), Some(loc(1)));
        assert_eq!(j.back(loc(1)), Some(loc(0)));
    }

    fn hit(doc: usize, block: usize, start: usize) -> Mention {
        Mention {
            doc,
            block,
            span: Span {
                start,
                end: start + 1,
            },
        }
    }

    #[test]
    fn target_steps_across_documents_and_wraps() {
        let mut t = Target {
            kind: TargetKind::Entity { id: "x".into() },
            entity: Some(0),
            name: "X".into(),
            hits: vec![hit(0, 1, 5), hit(0, 3, 0), hit(2, 0, 7)],
            current: None,
        };
        assert_eq!(t.first_at_or_after(0, 0, 0), Some(0));
        assert_eq!(t.first_at_or_after(0, 2, 0), Some(1));
        assert_eq!(t.first_at_or_after(1, 0, 0), Some(2));
        assert_eq!(
            t.first_at_or_after(2, 0, 8),
            Some(0),
            "wraps to the corpus start"
        );
        t.current = Some(1);
        assert_eq!(t.next(), Some(2), "last of doc 0 → first of doc 2");
        t.current = Some(2);
        assert_eq!(t.next(), Some(0), "wraps at the corpus end");
        assert_eq!(t.counter(), "3/3");
        t.current = Some(0);
        assert_eq!(t.prev(), Some(2));
    }

    #[test]
    fn search_ignores_diacritics_and_maps_back_to_nfc() {
        let text = "Ông Đặng gặp ông dang ở Hà Nội";
        let hits = search_text(text, &crate::text::fold("dang"));
        let found: Vec<&str> = hits.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, vec!["Đặng", "dang"]);
        let hits = search_text(text, &crate::text::fold("ha noi"));
        assert_eq!(&text[hits[0].start..hits[0].end], "Hà Nội");
    }
}
