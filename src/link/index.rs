//! Lookup from a mention's position to its entity, for the reader's mention-to-mention
//! navigation: which entity is under the cursor, and where its next and previous mentions are.

use super::{DocIndex, Entity, Mention};
use crate::extract::RawMention;
use std::collections::HashMap;

/// Where a mention sits in the linked output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionRef {
    /// Index into the entity list the index was built from.
    pub entity: usize,
    /// Index into that entity's `mentions`.
    pub position: usize,
}

/// Direction of travel through an entity's mentions (corpus reading order, wrapping around).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
}

/// Built once from the output of [`super::link`]; lookups are O(1).
#[derive(Debug, Default)]
pub struct MentionIndex {
    by_mention: HashMap<Mention, MentionRef>,
    /// Per entity, its mentions located.
    places: Vec<Vec<Mention>>,
}

impl MentionIndex {
    /// `mentions(d)`: document `d`'s mentions, as linked.
    pub fn new<'a>(entities: &[Entity], mentions: impl Fn(DocIndex) -> &'a [RawMention]) -> Self {
        let places: Vec<Vec<Mention>> = entities
            .iter()
            .map(|e| {
                e.mentions
                    .iter()
                    .filter_map(|at| at.place(mentions(at.doc())))
                    .collect()
            })
            .collect();
        let by_mention = places
            .iter()
            .enumerate()
            .flat_map(|(entity, ms)| {
                ms.iter()
                    .enumerate()
                    .map(move |(position, m)| (*m, MentionRef { entity, position }))
            })
            .collect();
        Self { by_mention, places }
    }

    /// The entity and position of the mention at `m`, if it was linked.
    pub fn get(&self, m: &Mention) -> Option<MentionRef> {
        self.by_mention.get(m).copied()
    }

    /// The next or previous mention of the same entity, wrapping around the corpus; the mention
    /// itself when the entity has only one.
    pub fn step(&self, m: &Mention, step: Step) -> Option<Mention> {
        let at = self.get(m)?;
        let mentions = self.places.get(at.entity)?;
        let n = mentions.len();
        let i = match step {
            Step::Next => (at.position + 1) % n,
            Step::Previous => (at.position + n - 1) % n,
        };
        mentions.get(i).copied()
    }
}
