//! Linking mentions across articles into entities with one id each: case and spacing variants,
//! acronyms, shortened foreign names. Diacritic-folded matching only proposes; it never merges.

mod data;
mod graph;
mod key;

use crate::extract::{ArticleMentions, EntityKind, RawMention, Span};
pub use graph::Linker;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Index of a document in the corpus (its position in `Corpus::documents`).
pub type DocIndex = usize;

/// A mention, located in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    pub doc: DocIndex,
    /// Index into that document's `Article::blocks`.
    pub block: usize,
    pub span: Span,
}

/// Where an entity's mention is: its document and its place in that document's mentions (the
/// mentions themselves are the documents'; an entity lists millions of them, so narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionAt {
    doc: u32,
    index: u32,
}

impl MentionAt {
    /// `None` past 2^32 documents or mentions in one document.
    pub fn new(doc: DocIndex, index: usize) -> Option<Self> {
        Some(MentionAt {
            doc: doc.try_into().ok()?,
            index: index.try_into().ok()?,
        })
    }

    pub fn doc(self) -> DocIndex {
        self.doc as usize
    }

    /// Index into the document's mentions.
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// The mention located in the corpus, given its document's mentions (`None` when they are
    /// fewer: the document was replaced since it was linked).
    pub fn place(self, mentions: &[RawMention]) -> Option<Mention> {
        let m = mentions.get(self.index())?;
        Some(Mention {
            doc: self.doc(),
            block: m.block as usize,
            span: m.span(),
        })
    }
}

/// One real-world entity and every mention of it in the corpus, in corpus reading order
/// (document, then its mentions in order: reading order, as the extractor gives them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable id derived from kind and name (`person:aleksandr-lukashenko`).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The fullest form used in the corpus.
    pub name: String,
    /// Every distinct surface form, name included.
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub mentions: Vec<MentionAt>,
}

/// The mentions of one document, as the extractor produced them.
pub struct DocMentions<'a> {
    pub doc: DocIndex,
    pub mentions: ArticleMentions<'a>,
}

/// Entities of a corpus, and the entity of each mention.
#[derive(Debug, Default)]
pub struct Linked {
    pub entities: Vec<Entity>,
    pub mention_entity: MentionEntities,
}

/// A list per document, end to end in one vector: a vector per document cost its header and its
/// allocation, for every document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerDoc<T> {
    /// Per document, where its list ends in `items`.
    ends: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for PerDoc<T> {
    fn default() -> Self {
        PerDoc {
            ends: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<T> PerDoc<T> {
    /// Room for `documents` and `items` in all.
    pub fn with_capacity(documents: usize, items: usize) -> Self {
        PerDoc {
            ends: Vec::with_capacity(documents),
            items: Vec::with_capacity(items),
        }
    }

    /// Adds the next document's list.
    pub fn push(&mut self, list: impl IntoIterator<Item = T>) {
        self.items.extend(list);
        self.ends.push(self.items.len());
    }

    /// Documents known.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Where document `doc`'s list is in `items`.
    fn range(&self, doc: usize) -> Option<std::ops::Range<usize>> {
        let start = match doc.checked_sub(1) {
            Some(p) => *self.ends.get(p)?,
            None => 0,
        };
        Some(start..*self.ends.get(doc)?)
    }

    /// Document `doc`'s list; empty for a document past the known ones.
    pub fn of(&self, doc: usize) -> &[T] {
        self.range(doc)
            .and_then(|r| self.items.get(r))
            .unwrap_or(&[])
    }

    /// Document `doc`'s list, to change in place.
    pub fn of_mut(&mut self, doc: usize) -> &mut [T] {
        match self.range(doc) {
            Some(r) => self.items.get_mut(r).unwrap_or(&mut []),
            None => &mut [],
        }
    }

    /// The lists of documents of `lens` items each, every document's filled by `fill` (its
    /// index, its list) across every core, in place: made in parts and put end to end, the
    /// lists were held twice at once.
    pub fn filled(lens: impl Iterator<Item = usize>, fill: impl Fn(usize, &mut [T]) + Sync) -> Self
    where
        T: Default + Clone + Send,
    {
        let mut ends: Vec<usize> = Vec::with_capacity(lens.size_hint().0);
        let mut total = 0;
        for len in lens {
            total += len;
            ends.push(total);
        }
        let mut items = vec![T::default(); total];
        // Each document's list, as a slice of its own.
        let mut lists: Vec<(usize, &mut [T])> = Vec::with_capacity(ends.len());
        let mut rest = items.as_mut_slice();
        let mut start = 0;
        for (doc, &end) in ends.iter().enumerate() {
            let (list, after) = std::mem::take(&mut rest).split_at_mut(end - start);
            lists.push((doc, list));
            rest = after;
            start = end;
        }
        lists
            .into_par_iter()
            .for_each(|(doc, list)| fill(doc, list));
        PerDoc { ends, items }
    }

    /// The lists of `parts` (each the documents that follow the last part's), end to end.
    pub fn concat(parts: Vec<PerDoc<T>>) -> Self {
        let mut out = PerDoc::with_capacity(
            parts.iter().map(PerDoc::len).sum(),
            parts.iter().map(|p| p.items.len()).sum(),
        );
        for part in parts {
            let base = out.items.len();
            out.ends.extend(part.ends.iter().map(|&end| base + end));
            out.items.extend(part.items);
        }
        out
    }
}

/// Per document, per mention (in the order the linker was given them): its entity, as an index
/// into the corpus's entities. Narrow: an `Option<u32>` took twice the bytes, for every mention
/// of the corpus.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MentionEntities(PerDoc<u32>);

/// A mention with no entity (not an index: entities are fewer than mentions).
const UNLINKED: u32 = u32::MAX;

/// One document's mentions' entities (see [`MentionEntities`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct DocEntities<'a>(&'a [u32]);

impl<'a> DocEntities<'a> {
    /// The entity of the document's `mention`-th mention, if linked.
    pub fn get(self, mention: usize) -> Option<u32> {
        self.0.get(mention).copied().filter(|&e| e != UNLINKED)
    }

    /// How many mentions the document had when linked.
    pub fn len(self) -> usize {
        self.0.len()
    }

    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// Each mention's entity, in mention order.
    pub fn iter(self) -> impl Iterator<Item = Option<u32>> + 'a {
        self.0.iter().map(|&e| (e != UNLINKED).then_some(e))
    }

    /// The entities of the mentions that have one, in mention order.
    pub fn linked(self) -> impl Iterator<Item = u32> + 'a {
        self.0.iter().copied().filter(|&e| e != UNLINKED)
    }
}

impl MentionEntities {
    /// Room for `documents` and `mentions` in all.
    pub fn with_capacity(documents: usize, mentions: usize) -> Self {
        MentionEntities(PerDoc::with_capacity(documents, mentions))
    }

    /// Adds the next document's mentions' entities.
    pub fn push(&mut self, row: impl IntoIterator<Item = Option<u32>>) {
        self.0.push(row.into_iter().map(|e| e.unwrap_or(UNLINKED)));
    }

    /// Documents known.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Document `doc`'s mentions' entities; none for a document past the known ones.
    pub fn of(&self, doc: usize) -> DocEntities<'_> {
        DocEntities(self.0.of(doc))
    }

    /// The entity of document `doc`'s `mention`-th mention, if linked.
    pub fn get(&self, doc: usize, mention: usize) -> Option<u32> {
        self.of(doc).get(mention)
    }

    /// The mentions of `entity`, in corpus reading order: found by going over every mention,
    /// for a reader that keeps no list per entity (it looks one up now and then). One flat pass
    /// in blocks the compiler vectorises, as most blocks hold none (a walk document by document
    /// took 2.5 ms at 100,000 articles); a hit's document is found by binary search.
    pub fn mentions_of(&self, entity: u32) -> impl Iterator<Item = MentionAt> + '_ {
        const BLOCK: usize = 64;
        let PerDoc { ends, items } = &self.0;
        items
            .chunks(BLOCK)
            .enumerate()
            .filter(move |(_, block)| block.iter().fold(false, |any, &e| any | (e == entity)))
            .flat_map(move |(b, block)| {
                block
                    .iter()
                    .enumerate()
                    .filter(move |&(_, &e)| e == entity)
                    .map(move |(i, _)| b * BLOCK + i)
            })
            .filter_map(move |at| {
                let doc = ends.partition_point(|&end| end <= at);
                MentionAt::new(doc, at - self.0.range(doc)?.start)
            })
    }

    /// How many mentions each of `entities` entities has.
    pub fn counts(&self, entities: usize) -> Vec<u32> {
        let mut counts = vec![0u32; entities];
        for &e in &self.0.items {
            if let Some(c) = counts.get_mut(e as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// Sets the entity of a known mention (`false`, nothing set, for one past them).
    pub fn set(&mut self, doc: usize, mention: usize, entity: Option<u32>) -> bool {
        match self.0.of_mut(doc).get_mut(mention) {
            Some(slot) => {
                *slot = entity.unwrap_or(UNLINKED);
                true
            }
            None => false,
        }
    }
}

/// Per document, per mention: its entity (index into `entities`), from the entities' own lists;
/// `mention_counts` gives each document's number of mentions. A pair past them is ignored.
pub fn mention_entities(
    entities: &[Entity],
    mention_counts: impl Iterator<Item = usize>,
) -> MentionEntities {
    let mut out = MentionEntities::default();
    for n in mention_counts {
        out.push(std::iter::repeat_n(None, n));
    }
    for (i, e) in (0u32..).zip(entities) {
        for at in &e.mentions {
            out.set(at.doc(), at.index(), Some(i));
        }
    }
    out
}

/// Links the mentions of all documents into entities, sorted by mention count (descending),
/// then name, then id. Deterministic: the same input gives the same ids and order, whatever the
/// order of the documents or of the mentions inside them.
///
/// Sieves, most precise first (see `graph`): exact key of the canonical form (case, spacing,
/// dash spacing, tone placement; a country's state-form prefix; a person's title; a date's
/// "năm"); known aliases from `assets/link/`; acronyms defined in the corpus or matching a
/// unique initialism; a short name one article resolved, used bare in another; foreign person
/// names shortened to the surname or an initial; an unmarked spelling ("Pham Minh Chinh") with
/// the one marked name it folds to. Folded keys never merge two marked names.
pub fn link(docs: &[DocMentions<'_>]) -> Vec<Entity> {
    let mut linker = Linker::new();
    for d in docs {
        linker.set(d.doc, ArticleMentions::NONE, d.mentions);
    }
    let mut by_doc = vec![ArticleMentions::NONE; linker.len()];
    for d in docs {
        by_doc[d.doc] = d.mentions;
    }
    linker.linked(by_doc).entities
}

impl Linker {
    /// The entities of the corpus as it is now, given each document's mentions, in order, as
    /// last [`Linker::set`]. Runs the sieves over the distinct names, then places every mention.
    pub fn linked<'a>(&self, documents: impl IntoIterator<Item = ArticleMentions<'a>>) -> Linked {
        let mut linked = self.linked_unlisted(documents);
        linked.list_mentions();
        linked
    }

    /// [`Linker::linked`] with the entities' lists of mentions left empty (see
    /// [`Linked::list_mentions`]): the entity of each mention is all the fact index reads, and
    /// the lists (8 bytes a mention) need not be held while it is made, the peak of a run's
    /// memory.
    pub fn linked_unlisted<'a>(
        &self,
        documents: impl IntoIterator<Item = ArticleMentions<'a>>,
    ) -> Linked {
        let root = self.partition();
        // One entity per group with mentions, its name and aliases from its nodes' counts.
        let mut slot: Vec<u32> = vec![u32::MAX; root.len()];
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for (n, stats) in self.stats.iter().enumerate() {
            if stats.mentions == 0 {
                continue;
            }
            let r = root[n] as usize;
            if slot[r] == u32::MAX {
                slot[r] = groups.len() as u32;
                groups.push((r, Vec::new()));
            }
            groups[slot[r] as usize].1.push(n);
        }
        // Each entity and its number of mentions, made across the cores (one after the
        // stream, as are the ids and the order below: the other cores idle meanwhile).
        let (mut entities, counts): (Vec<Entity>, Vec<usize>) = groups
            .par_iter()
            .map(|(r, nodes)| {
                let kind = self.kind_of(*r);
                let mut names: BTreeMap<&str, usize> = BTreeMap::new();
                let mut surfaces: BTreeSet<&str> = BTreeSet::new();
                let mut count = 0;
                for &n in nodes {
                    count += self.stats[n].mentions as usize;
                    for (name, surface, c) in self.node_names(n) {
                        *names.entry(name).or_default() += c as usize;
                        surfaces.insert(surface);
                    }
                }
                let name = choose_name(kind, names);
                let mut aliases = vec![name.clone()];
                aliases.extend(
                    surfaces
                        .into_iter()
                        .filter(|t| *t != name)
                        .map(str::to_string),
                );
                let entity = Entity {
                    id: String::new(),
                    kind,
                    name,
                    aliases,
                    mentions: Vec::new(),
                };
                (entity, count)
            })
            .unzip();
        let documents: Vec<ArticleMentions<'a>> = documents.into_iter().collect();
        let mut mention_entity = MentionEntities(PerDoc::filled(
            documents.iter().map(|m| m.mentions.len()),
            |doc, entities| {
                for (e, (m, text)) in entities.iter_mut().zip(documents[doc].iter()) {
                    *e = slot[root[self.node_of(doc, self.form_of(m, text)) as usize] as usize];
                }
            },
        ));
        // Each entity's first mention (documents in order, each one's mentions in order).
        let mut firsts: Vec<Option<MentionAt>> = vec![None; entities.len()];
        for doc in 0..mention_entity.len() {
            for (index, e) in mention_entity.of(doc).iter().enumerate() {
                let Some(e) = e else { continue };
                let first = &mut firsts[e as usize];
                if first.is_none() {
                    *first = MentionAt::new(doc, index);
                }
            }
        }
        let order = assign_ids_and_sort(&mut entities, &counts, &firsts);
        mention_entity.0.items.par_iter_mut().for_each(|e| {
            if *e != UNLINKED {
                *e = order[*e as usize] as u32;
            }
        });
        Linked {
            entities,
            mention_entity,
        }
    }
}

impl Linked {
    /// Fills each entity's list of mentions, in corpus reading order, from the entity of each
    /// mention (see [`Linker::linked_unlisted`]).
    pub fn list_mentions(&mut self) {
        let counts = self.mention_entity.counts(self.entities.len());
        for (entity, count) in self.entities.iter_mut().zip(counts) {
            entity.mentions = Vec::with_capacity(count as usize);
        }
        for doc in 0..self.mention_entity.len() {
            for (index, e) in self.mention_entity.of(doc).iter().enumerate() {
                let Some(e) = e else { continue };
                let at = MentionAt::new(doc, index)
                    .expect("fewer than 2^32 documents, and mentions in one");
                self.entities[e as usize].mentions.push(at);
            }
        }
    }

    /// [`Linked::list_mentions`] for a caller that needs no entity of each mention afterwards:
    /// the entity of each mention is let go as the lists are filled, leaving it empty. The lists
    /// (8 bytes a mention) and the table (4) held whole at once were the peak of an export.
    /// Filled from the last mention back, the table shrinking behind, then each list turned.
    pub fn list_mentions_letting_go(&mut self) {
        /// Mentions gone over between two shrinkings of the table: few reallocations, and
        /// never more than this much of the table held beside the lists it became.
        const STEP: usize = 1 << 20;
        let counts = self.mention_entity.counts(self.entities.len());
        for (entity, count) in self.entities.iter_mut().zip(counts) {
            entity.mentions = Vec::with_capacity(count as usize);
        }
        let table = &mut self.mention_entity.0;
        let mut shrunk = table.items.len();
        for doc in (0..table.ends.len()).rev() {
            let start = doc.checked_sub(1).map_or(0, |p| table.ends[p]);
            for (index, &e) in table.items[start..].iter().enumerate().rev() {
                if e == UNLINKED {
                    continue;
                }
                let at = MentionAt::new(doc, index)
                    .expect("fewer than 2^32 documents, and mentions in one");
                self.entities[e as usize].mentions.push(at);
            }
            table.items.truncate(start);
            if shrunk - start >= STEP {
                table.items.shrink_to_fit();
                shrunk = start;
            }
        }
        for entity in &mut self.entities {
            entity.mentions.reverse();
        }
        self.mention_entity = MentionEntities::default();
    }
}

/// The form a mention contributes as a name: its canonical form without a trailing acronym, and
/// for a person without a leading title.
fn display_name<'a>(m: &'a RawMention, text: &'a str) -> &'a str {
    let c = graph::canonical_of(m, text);
    if m.kind != EntityKind::Person {
        return c;
    }
    let titles = key::person_title_tokens(&key::exact(c));
    let mut rest = c;
    for _ in 0..titles {
        rest = rest.trim_start();
        rest = rest
            .find(char::is_whitespace)
            .map_or(rest, |i| &rest[i..])
            .trim_start();
    }
    rest
}

/// The fullest form (most words, then most letters), then the most frequent, then the first in
/// code-point order. Dates and amounts take the shortest form ("1992", not "năm 1992").
fn choose_name(kind: EntityKind, counts: BTreeMap<&str, usize>) -> String {
    let value = matches!(kind, EntityKind::Date | EntityKind::Money);
    // BTreeMap iteration is in code-point order and `max_by` keeps the last maximum, so iterate
    // in reverse to let the first form win ties.
    counts
        .into_iter()
        .rev()
        .max_by(|(a, ca), (b, cb)| {
            let by_size = if value {
                b.chars().count().cmp(&a.chars().count())
            } else {
                key::fullness(a).cmp(&key::fullness(b))
            };
            by_size.then(ca.cmp(cb))
        })
        .map(|(f, _)| f.to_string())
        .unwrap_or_default()
}

/// Ids are `{kind}:{slug of name}`; colliding slugs get `-2`, `-3`, … in order of (name,
/// mentions). Then entities are sorted by mention count (descending), name, id. Returns where
/// each entity went (its new index, by its old one). `counts` and `firsts`: each entity's
/// number of mentions and first mention (its lists of mentions are not made yet).
fn assign_ids_and_sort(
    entities: &mut Vec<Entity>,
    counts: &[usize],
    firsts: &[Option<MentionAt>],
) -> Vec<usize> {
    let slugs: Vec<String> = entities.par_iter().map(|e| key::slug(&e.name)).collect();
    let mut by_name: Vec<usize> = (0..entities.len()).collect();
    // Both sorts on every core: stable, on a total order (no two entities tie), so in the one
    // order a serial sort gives.
    by_name.par_sort_by(|&a, &b| {
        let (ea, eb) = (&entities[a], &entities[b]);
        (ea.kind, &slugs[a], &ea.name)
            .cmp(&(eb.kind, &slugs[b], &eb.name))
            // The mention lists break every tie, as their first mentions do: no two entities
            // share a mention, and every entity has one.
            .then_with(|| firsts[a].cmp(&firsts[b]))
    });
    let mut taken: HashSet<String> = HashSet::with_capacity(entities.len());
    // Next suffix to try per base id, so many collisions stay linear.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for &i in &by_name {
        let e = &mut entities[i];
        let base = format!("{}:{}", e.kind.as_str(), slugs[i]);
        let n = next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = if *n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            if taken.insert(id.clone()) {
                e.id = id;
                break;
            }
        }
    }
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (ea, eb) = (&entities[a], &entities[b]);
        counts[b]
            .cmp(&counts[a])
            .then_with(|| ea.name.cmp(&eb.name))
            .then_with(|| ea.id.cmp(&eb.id))
    });
    let mut sorted: Vec<Option<Entity>> = std::mem::take(entities).into_iter().map(Some).collect();
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
        if let Some(e) = sorted[old].take() {
            entities.push(e);
        }
    }
    new_index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entitys_mentions_are_found_across_documents_and_blocks() {
        // Documents of varied lengths (some empty, some across the scan's blocks of 64).
        let lengths = [0usize, 3, 64, 0, 1, 130, 7, 0, 65];
        let mut table = MentionEntities::default();
        let mut expected: Vec<(usize, usize)> = Vec::new();
        let mut n = 0u32;
        for (doc, &len) in lengths.iter().enumerate() {
            let row: Vec<Option<u32>> = (0..len)
                .map(|i| {
                    n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let e = (n >> 16) % 5;
                    if e == 2 {
                        expected.push((doc, i));
                    }
                    (e != 4).then_some(e)
                })
                .collect();
            table.push(row);
        }
        let found: Vec<(usize, usize)> = table
            .mentions_of(2)
            .map(|at| (at.doc(), at.index()))
            .collect();
        assert!(expected.len() > 10);
        assert_eq!(found, expected);
        assert_eq!(table.mentions_of(UNLINKED - 1).count(), 0);
    }
}
