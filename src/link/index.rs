//! Lookup from a mention's position to its entity, for the reader's mention-to-mention
//! navigation: which entity is under the cursor, and where its next and previous mentions are.

use super::{Entity, Mention};
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
}

impl MentionIndex {
    pub fn new(entities: &[Entity]) -> Self {
        let by_mention = entities
            .iter()
            .enumerate()
            .flat_map(|(entity, e)| {
                e.mentions
                    .iter()
                    .enumerate()
                    .map(move |(position, m)| (*m, MentionRef { entity, position }))
            })
            .collect();
        Self { by_mention }
    }

    /// The entity and position of the mention at `m`, if it was linked.
    pub fn get(&self, m: &Mention) -> Option<MentionRef> {
        self.by_mention.get(m).copied()
    }

    /// The next or previous mention of the same entity, wrapping around the corpus; the mention
    /// itself when the entity has only one.
    pub fn step(&self, entities: &[Entity], m: &Mention, step: Step) -> Option<Mention> {
        let at = self.get(m)?;
        let mentions = &entities.get(at.entity)?.mentions;
        let n = mentions.len();
        let i = match step {
            Step::Next => (at.position + 1) % n,
            Step::Previous => (at.position + n - 1) % n,
        };
        mentions.get(i).copied()
    }
}
