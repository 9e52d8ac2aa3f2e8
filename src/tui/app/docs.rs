//! The documents pane's content: the articles filtered as you type (title, source, date;
//! diacritics and case ignored) and sorted, with a cursor. Rebuilt only when what it depends on
//! changes, so keys cost nothing at 1,000 articles.

use super::App;
use crate::tui::library::DocQuery;
use crate::tui::nav::TargetKind;

/// Orders of the documents list, in the order `s` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As loaded (the order of the paths, files by name).
    #[default]
    Loaded,
    /// Newest first (articles without a date last).
    Newest,
    Title,
    Source,
    /// Most mentions of the target first.
    TargetMentions,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Loaded,
        Sort::Newest,
        Sort::Title,
        Sort::Source,
        Sort::TargetMentions,
    ];

    pub fn next(self) -> Sort {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// The name in the state file and the status bar.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Loaded => "as loaded",
            Sort::Newest => "newest",
            Sort::Title => "title",
            Sort::Source => "source",
            Sort::TargetMentions => "target mentions",
        }
    }

    pub fn from_name(name: &str) -> Option<Sort> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What the rows were built from; a change means a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Inputs {
    docs: usize,
    filter: String,
    sort: Sort,
    /// For the target sort only: which target, and how many hits it had.
    target: Option<(String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct DocList {
    /// Document indices in display order.
    pub rows: Vec<usize>,
    /// Row of the cursor.
    pub cursor: usize,
    /// The filter typed with `/` (as typed; matched folded).
    pub filter: String,
    pub sort: Sort,
    built: Inputs,
    /// A document the cursor should go to once it is listed (an article reopened from the
    /// saved state arrives before the list is rebuilt with it).
    wanted: Option<usize>,
}

impl DocList {
    /// The document under the cursor.
    pub fn selected(&self) -> Option<usize> {
        self.rows.get(self.cursor).copied()
    }

    /// Puts the cursor on `doc`, now when it is listed, else as soon as it is.
    pub fn select_doc(&mut self, doc: usize) {
        match self.rows.iter().position(|&d| d == doc) {
            Some(row) => {
                self.cursor = row;
                self.wanted = None;
            }
            None => self.wanted = Some(doc),
        }
    }

    /// The row of `doc`, when listed.
    pub fn row_of(&self, doc: usize) -> Option<usize> {
        self.rows.iter().position(|&d| d == doc)
    }

    pub fn move_by(&mut self, delta: isize) {
        self.wanted = None;
        let last = self.rows.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
    }
}

impl App {
    /// Brings the documents list up to date with the corpus, filter, sort and target.
    pub(super) fn sync_doc_list(&mut self) {
        let target = (self.doc_list.sort == Sort::TargetMentions)
            .then_some(self.target.as_ref())
            .flatten()
            .map(|t| {
                let key = match &t.kind {
                    TargetKind::Entity { id } => id.clone(),
                    TargetKind::Search { folded, .. } => format!("/{folded}"),
                };
                (key, t.hits.len())
            });
        let inputs = Inputs {
            docs: self.lib.docs.len(),
            filter: self.doc_list.filter.clone(),
            sort: self.doc_list.sort,
            target,
        };
        if inputs == self.doc_list.built {
            return;
        }
        let keep = self.doc_list.wanted.take().or(self.doc_list.selected());
        let folded = crate::text::fold(&inputs.filter);
        // Built once for the whole list: `str::contains` prepares its search on every call, and
        // at 100,000 documents that was most of a key's time.
        let query = DocQuery::new(&folded);
        if !folded.is_empty() || inputs.sort == Sort::Title {
            self.lib.make_list_keys();
        }
        let built = &self.doc_list.built;
        // A query that holds the last one keeps some of the last rows, already in order.
        let narrowing = inputs.docs == built.docs
            && inputs.sort == built.sort
            && inputs.target == built.target
            && folded.contains(crate::text::fold(&built.filter).as_str());
        let lib = &self.lib;
        if narrowing {
            self.doc_list
                .rows
                .retain(|&d| lib.document_matches(d, &query));
        } else {
            let same_order = inputs.filter == built.filter
                && inputs.sort == Sort::Loaded
                && built.sort == Sort::Loaded
                && inputs.docs >= built.docs;
            // While loading in load order only the new documents need a look.
            let from = if same_order {
                built.docs
            } else {
                self.doc_list.rows.clear();
                0
            };
            self.doc_list
                .rows
                .extend((from..inputs.docs).filter(|&d| lib.document_matches(d, &query)));
            let rows = &mut self.doc_list.rows;
            match inputs.sort {
                Sort::Loaded => {}
                Sort::Newest => rows.sort_by(|&a, &b| {
                    let date = |d: usize| lib.docs[d].article.published.as_deref();
                    // None sorts first in Option's order: reversing puts dateless articles last.
                    date(b).cmp(&date(a))
                }),
                // The folded list key starts with the title.
                Sort::Title => rows.sort_by(|&a, &b| lib.list_key(a).cmp(&lib.list_key(b))),
                Sort::Source => rows.sort_by(|&a, &b| lib.source(a).cmp(lib.source(b))),
                Sort::TargetMentions => {
                    if let Some(t) = &self.target {
                        rows.sort_by_key(|&d| std::cmp::Reverse(t.hits_in(d)));
                    }
                }
            }
        }
        self.doc_list.built = inputs;
        self.doc_list.cursor = 0;
        match keep.or(self.open) {
            Some(d) => self.doc_list.select_doc(d),
            None => self.doc_list.move_by(0),
        }
    }

    /// Next sort order (the target sort only when there is a target).
    pub(super) fn next_sort(&mut self) {
        let mut sort = self.doc_list.sort.next();
        if sort == Sort::TargetMentions && self.target.is_none() {
            sort = sort.next();
        }
        self.doc_list.sort = sort;
        self.message = Some(format!("documents sorted: {}", sort.name()));
        self.sync_doc_list();
        self.doc_list.cursor = 0;
    }

    pub(super) fn set_doc_filter(&mut self, filter: String) {
        self.doc_list.filter = filter;
        self.sync_doc_list();
        self.doc_list.cursor = 0;
    }

    /// Marks the selected article read or unread.
    pub(super) fn toggle_read(&mut self) {
        let Some(id) = self
            .doc_list
            .selected()
            .and_then(|d| self.lib.doc_id(d))
            .map(str::to_string)
        else {
            return;
        };
        if !self.read.remove(&id) {
            self.read.insert(id);
        }
    }

    /// Has the article been read?
    pub fn is_read(&self, doc: usize) -> bool {
        self.lib
            .doc_id(doc)
            .is_some_and(|id| self.read.contains(id))
    }

    /// How many articles are unread.
    pub fn unread(&self) -> usize {
        // Over what was read, not over every document: the count is drawn with each frame, and
        // hashing 100,000 ids took 16 ms of every key at 100,000 articles.
        let read = self
            .read
            .iter()
            .filter(|id| self.lib.doc_index(id).is_some())
            .count();
        self.lib.docs.len().saturating_sub(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_cycle_and_read_back_by_name() {
        let mut s = Sort::Loaded;
        for _ in 0..Sort::ALL.len() {
            assert_eq!(Sort::from_name(s.name()), Some(s));
            s = s.next();
        }
        assert_eq!(s, Sort::Loaded);
    }
}
