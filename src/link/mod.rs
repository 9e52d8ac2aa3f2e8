//! Linking mentions across articles into entities with one id each: case and spacing variants,
//! acronyms, shortened foreign names. Diacritic-folded matching only proposes; it never merges.

mod data;
mod graph;
mod index;
mod key;

pub use index::{MentionIndex, MentionRef, Step};

use crate::extract::{EntityKind, RawMention, Span};
use graph::Graph;
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

/// One real-world entity and every mention of it in the corpus, in corpus reading order
/// (document, block, start).
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
    pub mentions: Vec<Mention>,
}

/// The mentions of one document, as the extractor produced them.
pub struct DocMentions<'a> {
    pub doc: DocIndex,
    pub mentions: &'a [RawMention],
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
    let mut graph = Graph::build(docs);
    let mut groups: BTreeMap<usize, Vec<(DocIndex, &RawMention)>> = BTreeMap::new();
    let mention_nodes = std::mem::take(&mut graph.mention_nodes);
    for (d, nodes) in docs.iter().zip(&mention_nodes) {
        for (m, &n) in d.mentions.iter().zip(nodes) {
            groups.entry(graph.find(n)).or_default().push((d.doc, m));
        }
    }
    let entities: Vec<Entity> = groups.into_values().map(|g| entity(&g)).collect();
    assign_ids_and_sort(entities)
}

/// One entity from its mentions; the id is filled in by [`assign_ids_and_sort`].
fn entity(group: &[(DocIndex, &RawMention)]) -> Entity {
    let kind = group
        .first()
        .map_or(EntityKind::Organization, |(_, m)| m.kind);
    let name = choose_name(kind, group.iter().map(|(_, m)| display_name(m)));
    let mut aliases: Vec<String> = group
        .iter()
        .map(|(_, m)| m.text.as_str())
        .filter(|t| *t != name)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    aliases.insert(0, name.clone());
    let mut mentions: Vec<Mention> = group
        .iter()
        .map(|(doc, m)| Mention {
            doc: *doc,
            block: m.block,
            span: m.span,
        })
        .collect();
    mentions.sort();
    Entity {
        id: String::new(),
        kind,
        name,
        aliases,
        mentions,
    }
}

/// The form a mention contributes as a name: its canonical form without a trailing acronym, and
/// for a person without a leading title.
fn display_name(m: &RawMention) -> &str {
    let c = graph::canonical_of(m);
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
fn choose_name<'a>(kind: EntityKind, forms: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in forms {
        *counts.entry(f).or_default() += 1;
    }
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
/// mentions). Then entities are sorted by mention count (descending), name, id.
fn assign_ids_and_sort(mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.sort_by_cached_key(|e| {
        (
            e.kind,
            key::slug(&e.name),
            e.name.clone(),
            // The full mention list breaks every tie: no two entities share a mention.
            e.mentions.clone(),
        )
    });
    let mut taken: HashSet<String> = HashSet::with_capacity(entities.len());
    // Next suffix to try per base id, so many collisions stay linear.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for e in &mut entities {
        let base = format!("{}:{}", e.kind.as_str(), key::slug(&e.name));
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
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    entities
}
