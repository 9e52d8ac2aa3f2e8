//! The entities pane's content: entities grouped by kind, filtered (diacritics ignored) and
//! optionally narrowed to the open article.

use super::App;
use crate::extract::EntityKind;
use std::collections::HashMap;

/// A group of the entities pane: one kind, a run of `EntityList::items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityGroup {
    pub kind: EntityKind,
    pub start: usize,
    pub len: usize,
}

/// The entities pane content: entity indices in display order, grouped by kind.
#[derive(Debug, Clone, Default)]
pub struct EntityList {
    pub items: Vec<usize>,
    pub groups: Vec<EntityGroup>,
}

impl EntityList {
    /// Rows on screen: one header per group plus the items.
    pub fn rows(&self) -> usize {
        self.items.len() + self.groups.len()
    }

    /// The screen row of item `i`.
    pub fn row_of(&self, i: usize) -> usize {
        let groups_before = self.groups.iter().filter(|g| g.start <= i).count();
        i + groups_before
    }

    /// What is on row `r`: a group header or an item.
    pub fn at_row(&self, r: usize) -> Option<EntityRow> {
        let mut row = 0;
        for g in &self.groups {
            if r == row {
                return Some(EntityRow::Header(*g));
            }
            if r < row + 1 + g.len {
                return Some(EntityRow::Item(g.start + (r - row - 1)));
            }
            row += 1 + g.len;
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Header(EntityGroup),
    Item(usize),
}

impl App {
    // ---- entities pane --------------------------------------------------------------------

    /// Recomputes the entities pane from the filter and scope, keeping the selected entity
    /// when it is still listed.
    pub fn rebuild_entities(&mut self) {
        let previous = self.entity_list.items.get(self.entity_selected).copied();
        let folded = crate::text::fold(&self.filter);
        let scope: Option<Vec<u32>> = match (self.article_scope, self.open) {
            (true, Some(doc)) => Some(self.lib.doc_entities(doc)),
            (true, None) => Some(Vec::new()),
            _ => None,
        };
        // In article scope the article's own counts order each kind (ties: corpus order).
        let here = self.open.filter(|_| self.article_scope).map(|doc| {
            let mut counts: HashMap<usize, usize> = HashMap::new();
            let n = self.lib.docs.get(doc).map_or(0, |d| d.mentions.len());
            for e in (0..n).filter_map(|i| self.lib.mention_entity(doc, i)) {
                *counts.entry(e).or_default() += 1;
            }
            counts
        });
        let mut list = EntityList::default();
        for kind in EntityKind::ALL {
            let start = list.items.len();
            for (i, e) in self.lib.entities.iter().enumerate() {
                if e.kind == kind
                    && scope
                        .as_ref()
                        .is_none_or(|s| s.binary_search(&(i as u32)).is_ok())
                    && self.lib.entity_matches(i, &folded)
                {
                    list.items.push(i);
                }
            }
            if let Some(counts) = &here {
                list.items[start..]
                    .sort_by_key(|e| std::cmp::Reverse(counts.get(e).copied().unwrap_or(0)));
            }
            let len = list.items.len() - start;
            if len > 0 {
                list.groups.push(EntityGroup { kind, start, len });
            }
        }
        self.entity_selected = previous
            .and_then(|p| list.items.iter().position(|&i| i == p))
            .unwrap_or(0);
        self.entity_list = list;
    }

    pub(super) fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.rebuild_entities();
        // Selection on the first match.
        self.entity_selected = 0;
    }
}
