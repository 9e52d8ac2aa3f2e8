//! Linking mentions across articles into entities with one id each: case and spacing variants,
//! acronyms, shortened foreign names. Diacritic-folded matching only proposes; it never merges.

use crate::extract::{EntityKind, RawMention, Span};
use serde::Serialize;

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
/// then name. Deterministic: the same input gives the same ids and order.
pub fn link(docs: &[DocMentions<'_>]) -> Vec<Entity> {
    // Placeholder: one entity per (kind, exact key of the canonical form).
    use std::collections::BTreeMap;
    let mut groups: BTreeMap<(EntityKind, String), Entity> = BTreeMap::new();
    for d in docs {
        for m in d.mentions {
            let key = crate::text::exact_key(&m.canonical);
            let e = groups
                .entry((m.kind, key.clone()))
                .or_insert_with(|| Entity {
                    id: format!("{}:{}", m.kind.as_str(), key.replace(' ', "-")),
                    kind: m.kind,
                    name: m.canonical.clone(),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                });
            if !e.aliases.contains(&m.text) {
                e.aliases.push(m.text.clone());
            }
            e.mentions.push(Mention {
                doc: d.doc,
                block: m.block,
                span: m.span,
            });
        }
    }
    let mut entities: Vec<Entity> = groups.into_values().collect();
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    entities
}
