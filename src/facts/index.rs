//! The corpus side of facts: related facts, disagreements and the timeline.
//!
//! Related facts: every fact gets weighted features — its entities, its dates (the year, and the
//! exact range when shorter), its figures (exact value and unit; what they measure) and its
//! content word pairs — each weighted by rarity (`ln((N + 1) / df)` over the corpus's N facts, so
//! an entity every fact names weighs next to nothing), and a related fact shares at least two
//! features worth [`MIN_SCORE`] together: "Việt Nam" alone relates nothing. Candidates come
//! from an inverted index over the rarer features only (at most [`POSTINGS_CAP`] facts each), and
//! only the best candidates are scored in full: the work per fact is bounded, so the whole is
//! linear in the number of facts, not quadratic.
//!
//! Disagreements: claims (see `claims`) are grouped by what they are about — same measure, unit,
//! period and participants; same once-only event and participants; same participants for a
//! listed series — and each group is split into clusters that agree ("1992" and "24/1/1992";
//! "hơn 65 triệu" and "65,3 triệu"). Members of a minority cluster are paired with a member of the
//! largest one from another article. Group and cluster sizes are capped.

use super::claims::{Claim, ObjectPart};
use super::{hash_of, is_named, DateRange, Day, Fact, Facts, Figure, When};
use crate::extract::RawMention;
use crate::link::{DocEntities, Entity, MentionEntities};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// A fact of the corpus: document index, then fact index in that document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct FactRef {
    pub doc: usize,
    pub fact: usize,
}

/// One document's facts and the mentions they index into.
pub struct DocFacts<'a> {
    pub facts: &'a Facts,
    pub mentions: &'a [RawMention],
}

/// The facts related to one fact, best first: their numbers in corpus order (the scores that
/// ranked them are not kept: up to [`MAX_RELATED`] per fact of the corpus, where the reader
/// and the export need only which facts).
#[derive(Clone, Copy)]
pub struct RelatedFacts<'a> {
    numbers: &'a [u32],
    /// Per document, the number of its first fact.
    first: &'a [u32],
}

impl<'a> RelatedFacts<'a> {
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// The `i`-th best.
    pub fn get(&self, i: usize) -> Option<FactRef> {
        self.numbers.get(i).map(|&g| fact_ref(self.first, g))
    }

    pub fn iter(&self) -> impl Iterator<Item = FactRef> + 'a {
        let first = self.first;
        self.numbers.iter().map(move |&g| fact_ref(first, g))
    }
}

/// Fact number `g` as document and fact, `first` as [`first_facts`] gives it: the last document
/// whose first fact is at most `g` (one before it with no facts starts at the same number).
fn fact_ref(first: &[u32], g: u32) -> FactRef {
    let doc = first.partition_point(|&n| n <= g).saturating_sub(1);
    let start = first.get(doc).copied().unwrap_or(0);
    FactRef {
        doc,
        fact: (g - start) as usize,
    }
}

impl std::fmt::Debug for RelatedFacts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Two facts of different articles that disagree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    pub a: FactRef,
    pub b: FactRef,
    /// What both are about ("kim ngạch thương mại — Việt Nam, Belarus, 2023").
    pub about: String,
    /// What differs ("65.000.000 USD vs 70.000.000 USD").
    pub detail: String,
}

/// A dated fact on the timeline (one entry per date of the fact; narrow: u32s, not `FactRef`'s
/// usizes; the date itself is the fact's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimelineEntry {
    doc: u32,
    fact: u32,
    date: u32,
}

impl TimelineEntry {
    pub fn fact(&self) -> FactRef {
        FactRef {
            doc: self.doc as usize,
            fact: self.fact as usize,
        }
    }

    /// Index into the fact's dates.
    pub fn date(&self) -> usize {
        self.date as usize
    }

    /// The date, from the fact (the one at [`TimelineEntry::fact`]).
    pub fn when(&self, fact: &Fact<'_>) -> When {
        fact.dates
            .get(self.date as usize)
            .map_or(When::Open, |d| d.when)
    }
}

/// Most related facts kept per fact.
pub const MAX_RELATED: usize = 10;
/// A feature held by more facts than this does not propose candidates (it still counts in the
/// score of candidates found otherwise).
pub const POSTINGS_CAP: usize = 128;
/// Candidates per fact scored in full.
const SHORTLIST: usize = 32;
/// Least score for a related fact: more than one ubiquitous entity or a pair of common words.
const MIN_SCORE: f32 = 2.0;
/// Claims compared within one group, and clusters of agreeing claims tracked per group.
const GROUP_CAP: usize = 4096;
const CLUSTER_CAP: usize = 64;
/// Partners tried when pairing a disagreeing claim with the majority.
const PARTNER_TRIES: usize = 8;

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct FactIndex {
    /// Per fact: the linked entities of its mentions, in order, without repeats.
    entities: PerFact<u32>,
    /// Per fact: the facts related to it (see [`RelatedFacts`]).
    related: PerFact<u32>,
    pub conflicts: Vec<Conflict>,
    by_fact: HashMap<FactRef, Vec<usize>>,
    /// Dated facts in date order; dates still open (no publication time) last.
    pub timeline: Vec<TimelineEntry>,
}

impl FactIndex {
    /// Indexes the facts of every document (in corpus order) against the linked entities.
    pub fn build(docs: &[DocFacts<'_>], entities: &[Entity]) -> FactIndex {
        let entity_of =
            crate::link::mention_entities(entities, docs.iter().map(|d| d.mentions.len()));
        Self::build_linked(docs, entities, &entity_of)
    }

    /// [`FactIndex::build`] with each mention's entity already known (per document, per mention,
    /// an index into `entities`), as the linker gives it.
    pub fn build_linked(
        docs: &[DocFacts<'_>],
        entities: &[Entity],
        entity_of: &MentionEntities,
    ) -> FactIndex {
        // First, while the index holds nothing yet: sorting carries a key beside every entry,
        // three times the timeline's own size, which on top of the finished index was the peak
        // of an export's memory.
        let timeline = timeline(docs);
        let related = related(docs, entity_of);
        // After the related facts, whose working tables are the peak of a run's memory. Side by
        // side: finding disagreements is serial, and would leave the other cores idle alone.
        let (conflicts, fact_entities) = rayon::join(
            || Conflicts::find(docs, entity_of, entities),
            || fact_entities(docs, entity_of),
        );
        let mut by_fact: HashMap<FactRef, Vec<usize>> = HashMap::new();
        for (i, c) in conflicts.iter().enumerate() {
            by_fact.entry(c.a).or_default().push(i);
            by_fact.entry(c.b).or_default().push(i);
        }
        FactIndex {
            entities: fact_entities,
            related,
            conflicts,
            by_fact,
            timeline,
        }
    }

    /// The facts related to `f`, best first.
    pub fn related(&self, f: FactRef) -> RelatedFacts<'_> {
        RelatedFacts {
            numbers: self.related.get(f),
            first: &self.related.first,
        }
    }

    /// Indices into `conflicts` of the disagreements `f` is part of.
    pub fn conflicts_of(&self, f: FactRef) -> &[usize] {
        self.by_fact.get(&f).map_or(&[], Vec::as_slice)
    }

    /// The entities mentioned in fact `f` (indices into the corpus's entities).
    pub fn entities(&self, f: FactRef) -> &[u32] {
        self.entities.get(f)
    }
}

/// Per fact: the linked entities of its mentions, in order, without repeats.
fn fact_entities(docs: &[DocFacts<'_>], entity_of: &MentionEntities) -> PerFact<u32> {
    /// Documents whose lists are made at once, then put after the lists so far: the lists of
    /// every document made first, then put end to end, were two copies of them at the peak of
    /// a run's memory.
    const RUN: usize = 4096;
    let mut out = PerFact {
        first: first_facts(docs),
        ..PerFact::default()
    };
    out.ends
        .reserve_exact(docs.iter().map(|d| d.facts.len()).sum());
    for (r, run) in docs.chunks(RUN).enumerate() {
        let per_doc: Vec<PerFact<u32>> = run
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let map = entity_of.of(r * RUN + i);
                let mut lists = PerFact::default();
                // A fact's few entities: a list searched costs less than a set made for each fact.
                let mut seen = Vec::new();
                for f in d.facts.iter() {
                    seen.clear();
                    for e in f.mentions.iter().filter_map(|&m| map.get(m as usize)) {
                        if !seen.contains(&e) {
                            seen.push(e);
                        }
                    }
                    lists.push(seen.iter().copied());
                }
                lists
            })
            .collect();
        for part in per_doc {
            out.append(part);
        }
    }
    out.items.shrink_to_fit();
    out
}

/// A list per fact of the corpus, end to end in one vector: a vector per fact (its header and
/// its allocation) cost more than the few items most hold, for every fact of the corpus.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct PerFact<T> {
    /// Per document, the number of its first fact (facts numbered in corpus order).
    first: Vec<u32>,
    /// Per fact, where its list ends in `items`.
    ends: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for PerFact<T> {
    fn default() -> Self {
        PerFact {
            first: Vec::new(),
            ends: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<T> PerFact<T> {
    /// Adds the next fact's list (to lists made a part at a time: see [`PerFact::concat`]).
    fn push(&mut self, list: impl IntoIterator<Item = T>) {
        self.items.extend(list);
        self.ends.push(self.items.len() as u32);
    }

    /// The corpus's lists from `parts`, each the lists of the facts that follow the last part's
    /// (in corpus order, split anywhere); `first` as [`first_facts`] gives it. Grown from the
    /// first part, each part let go once copied: a large list grows in place, where a list made
    /// anew held two copies of every list at once, the peak of the index's memory.
    fn concat(first: Vec<u32>, parts: Vec<PerFact<T>>) -> Self {
        let facts = parts.iter().map(|p| p.ends.len()).sum::<usize>();
        let items = parts.iter().map(|p| p.items.len()).sum::<usize>();
        let mut parts = parts.into_iter();
        let mut out = parts.next().unwrap_or_default();
        out.first = first;
        out.ends.reserve_exact(facts - out.ends.len());
        out.items.reserve_exact(items - out.items.len());
        for part in parts {
            out.append(part);
        }
        out
    }

    /// Puts the lists of `part` (the facts that follow these) after these.
    fn append(&mut self, part: PerFact<T>) {
        let base = self.items.len() as u32;
        self.ends.extend(part.ends.iter().map(|&end| base + end));
        self.items.extend(part.items);
    }

    /// Fact `f`'s list; empty for a fact the index does not know (a snapshot is read back as
    /// written, but its numbers are not trusted to slice with).
    fn get(&self, f: FactRef) -> &[T] {
        let Some(&first) = self.first.get(f.doc) else {
            return &[];
        };
        let next = self
            .first
            .get(f.doc + 1)
            .map_or(self.ends.len(), |&n| n as usize);
        let g = first as usize + f.fact;
        if g >= next {
            return &[];
        }
        list_range(&self.ends, g)
            .and_then(|r| self.items.get(r))
            .unwrap_or(&[])
    }
}

/// Per document, the number of its first fact (facts numbered in corpus order).
fn first_facts(docs: &[DocFacts<'_>]) -> Vec<u32> {
    let mut first = Vec::with_capacity(docs.len());
    let mut facts = 0u32;
    for d in docs {
        first.push(facts);
        facts += d.facts.len() as u32;
    }
    first
}

/// Where the `i`-th of lists laid end to end lies, `ends` holding where each ends; `None` past
/// the last list.
fn list_range(ends: &[u32], i: usize) -> Option<std::ops::Range<usize>> {
    let start = match i.checked_sub(1) {
        Some(p) => *ends.get(p)? as usize,
        None => 0,
    };
    Some(start..*ends.get(i)? as usize)
}

/// The weighted features of one fact, each once (its highest weight), in `out` (a list kept
/// from fact to fact: one made for each fact was a fifth of the features' cost): its entities,
/// dates and figures sorted by key, then its word pairs in no order (a fact's terms are
/// distinct, so their features are, and differ from the others' but for a 64-bit collision:
/// sorting them too was most of the sort's cost).
fn features(
    fact: &Fact<'_>,
    entity_of: DocEntities<'_>,
    mentions: &[RawMention],
    out: &mut Vec<(u64, Weight)>,
) {
    out.clear();
    let named = |m: &u32| mentions.get(*m as usize).is_some_and(|x| is_named(x.kind));
    for (list, weight) in [
        (fact.mentions, Weight::Entity),
        (fact.context, Weight::Context),
    ] {
        for m in list.iter().filter(|m| named(m)) {
            if let Some(e) = entity_of.get(*m as usize) {
                out.push((entity_feature(e), weight));
            }
        }
    }
    for d in fact.dates {
        if let When::Within(r) = d.when {
            if r.from.year == r.to.year {
                out.push((year_feature(r.from.year), Weight::Year));
            }
            if !r.is_year() {
                out.push((hash_of(("range", r)), Weight::Range));
            }
        }
    }
    for (f, measure) in fact.figures.iter().zip(fact.measures) {
        out.push((
            hash_of(("value", f.kind, f.unit.as_str(), f.value.to_bits())),
            Weight::Value,
        ));
        if let Some(m) = measure {
            out.push((hash_of(("measure", m)), Weight::Measure));
        }
    }
    // By key alone, the highest weight kept as the repeats go: entries alike in key are the
    // same feature of the same kind (the kind is hashed in the key), so no order of theirs
    // shows, and comparing the weights too was most of the sort's cost.
    out.sort_unstable_by_key(|x| x.0);
    out.dedup_by(|repeat, kept| {
        let same = repeat.0 == kept.0;
        if same && repeat.1.value() > kept.1.value() {
            kept.1 = repeat.1;
        }
        same
    });
    out.extend(fact.terms.iter().map(|&t| (term_feature(t), Weight::Term)));
}

/// The feature of a linked entity, `hash_of(("entity", e as usize))` (hashed as the index it
/// is: the features' order, and so the scores' sums, depend on the hash), computed straight
/// from the fifteen bytes hashed, as [`term_feature`] is.
fn entity_feature(entity: u32) -> u64 {
    // As written: the index's bytes in native order.
    let [a, b, c, d, e, f, g, h] = (entity as usize).to_ne_bytes();
    let first = u64::from_le_bytes([b'e', b'n', b't', b'i', b't', b'y', 0xff, a]);
    let last = u64::from_le_bytes([b, c, d, e, f, g, h, 15]);
    let mut sip = super::Sip13::new();
    sip.block(first);
    sip.finish(last)
}

/// The feature of a content word pair, `hash_of(("term", term))`: most of a fact's features are
/// its pairs, and the general way (the item's writes gathered in a buffer, then read back) was
/// most of their cost.
fn term_feature(term: super::Term) -> u64 {
    four_byte_feature(*b"term", term.to_ne_bytes())
}

/// The feature of a year, `hash_of(("year", year))`, as a pair's is.
fn year_feature(year: i32) -> u64 {
    four_byte_feature(*b"year", year.to_ne_bytes())
}

/// `hash_of((tag, n))` for a four-letter tag and a four-byte number, computed straight from the
/// nine bytes hashed.
fn four_byte_feature(tag: [u8; 4], [a, b, c, d]: [u8; 4]) -> u64 {
    // The tag, a `str`'s end mark and the number's bytes as written (the standard library
    // writes integers in native order), read as SipHash reads its blocks: little-endian, the
    // last (partial) block topped by the length.
    let [t, e, r, m] = tag;
    let first = u64::from_le_bytes([t, e, r, m, 0xff, a, b, c]);
    let last = u64::from(d) | 9 << 56;
    let mut sip = super::Sip13::new();
    sip.block(first);
    sip.finish(last)
}

/// A hasher for keys that are hashes already (features): SipHash over them again is wasted work.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FeatureMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// Every feature of the corpus that two facts or more share, numbered in the order of their
/// keys (so numbered features sort as their keys do, and every score adds the same terms in the
/// same order), with how many facts have each. A feature of one fact alone relates it to none
/// and adds to no score: it is neither numbered nor kept with its fact's features.
struct Vocabulary {
    number: FeatureMap<u32>,
    df: Vec<u32>,
    /// Each feature's kind, as [`Weight::of_kind`] gives it.
    kind: Vec<Weight>,
}

impl Vocabulary {
    /// Features counted on every core, each thread's counts merged: the features themselves are
    /// not kept (made again, numbered, by [`RunFeatures::new`]).
    fn of(docs: &[DocFacts<'_>], entity_of: &MentionEntities) -> Self {
        let counts = docs
            .par_iter()
            .enumerate()
            // Each with its kind's weight (beside the count, in room the map's entries have).
            .fold(
                || (FeatureMap::<(u32, Weight)>::default(), Vec::new()),
                |(mut counts, mut feats), (d, doc)| {
                    let entity_of = entity_of.of(d);
                    for f in doc.facts.iter() {
                        features(&f, entity_of, doc.mentions, &mut feats);
                        for &(key, weight) in &feats {
                            counts.entry(key).or_insert((0, weight.of_kind())).0 += 1;
                        }
                    }
                    (counts, feats)
                },
            )
            .map(|(counts, _)| counts)
            .reduce(FeatureMap::default, |a, b| {
                let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (key, (n, kind)) in from {
                    into.entry(key).or_insert((0, kind)).0 += n;
                }
                into
            });
        let mut sorted: Vec<(u64, (u32, Weight))> =
            counts.into_iter().filter(|&(_, (n, _))| n > 1).collect();
        sorted.par_sort_unstable_by_key(|&(key, _)| key);
        let number = sorted
            .iter()
            .enumerate()
            .map(|(i, &(key, _))| (key, i as u32))
            .collect();
        let (df, kind) = sorted.into_iter().map(|(_, v)| v).unzip();
        Vocabulary { number, df, kind }
    }
}

/// What a shared feature weighs by kind: a shared figure or exact date says more than a shared
/// word pair. Held per feature of the [`Vocabulary`] (a fact's own features hold a bit: see
/// [`Tagged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Entity,
    Context,
    Year,
    Range,
    Value,
    Measure,
    Term,
}

impl Weight {
    /// The weight of the kind of feature this is a weight of: an entity's, whether its mention
    /// is in the fact or in its context (the one feature whose weight is not its kind's).
    fn of_kind(self) -> Weight {
        match self {
            Weight::Context => Weight::Entity,
            other => other,
        }
    }

    fn value(self) -> f32 {
        match self {
            Weight::Entity => 1.0,
            Weight::Context => 0.5,
            Weight::Year => 0.7,
            Weight::Range => 1.0,
            Weight::Value => 1.5,
            Weight::Measure => 1.0,
            Weight::Term => 0.4,
        }
    }
}

/// Documents whose facts' features are kept together (see [`RunFeatures`]).
const FEATURE_RUN: usize = 256;

/// The features of every fact of a run of [`FEATURE_RUN`] documents, numbered, each fact's in
/// order: held for the whole corpus at once while relating facts, so kept flat (lists of their
/// own per document cost their headers and allocations for every document of the corpus), and
/// each fact's as the steps between its numbers (see [`Steps`]): a [`Tagged`] each was the
/// largest table of a run's peak.
#[derive(Default)]
struct RunFeatures {
    steps: Vec<u16>,
    /// Where each fact's features end (the run's facts in corpus order).
    ends: Vec<u32>,
}

impl RunFeatures {
    /// `docs`: the run's, the first being document `first_doc`; `number`: the
    /// [`Vocabulary`]'s.
    fn new(
        docs: &[DocFacts<'_>],
        first_doc: usize,
        entity_of: &MentionEntities,
        number: &FeatureMap<u32>,
    ) -> Self {
        let mut out = RunFeatures {
            ends: Vec::with_capacity(docs.iter().map(|d| d.facts.len()).sum()),
            ..RunFeatures::default()
        };
        let mut feats = Vec::new();
        let mut numbered: Vec<Tagged> = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let entity_of = entity_of.of(first_doc + i);
            for f in doc.facts.iter() {
                features(&f, entity_of, doc.mentions, &mut feats);
                // Shared features only (see [`Vocabulary`]), each once; numbered in the order of
                // their keys, so sorted by number they are in key order.
                numbered.clear();
                numbered.extend(feats.iter().filter_map(|&(key, weight)| {
                    let &n = number.get(&key)?;
                    Some(Tagged::new(n, weight == Weight::Context))
                }));
                numbered.sort_unstable_by_key(|t| t.0);
                let mut last = 0;
                for t in &numbered {
                    push_step(&mut out.steps, t.number() - last, t.context());
                    last = t.number();
                }
                out.ends.push(out.steps.len() as u32);
            }
        }
        out.steps.shrink_to_fit();
        out
    }

    /// The features of the run's `fact`-th fact, `kind` being the [`Vocabulary`]'s.
    fn of<'a>(&'a self, fact: usize, kind: &'a [Weight]) -> Features<'a> {
        let range = list_range(&self.ends, fact).unwrap_or_default();
        Features {
            steps: &self.steps[range],
            kind,
        }
    }
}

/// A number (of a feature, or of a fact in a feature's postings) and whether the feature is the
/// fact's through its context alone ([`Weight::Context`]; any other weight is the feature's
/// kind's): one bit beside the number, where a weight byte beside it cost a fifth more for
/// every feature of every fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tagged(u32);

impl Tagged {
    fn new(number: u32, context: bool) -> Self {
        Tagged(number << 1 | u32::from(context))
    }

    fn number(self) -> u32 {
        self.0 >> 1
    }

    fn context(self) -> bool {
        self.0 & 1 == 1
    }

    /// The weight, `kind` being the feature's.
    fn weight(self, kind: Weight) -> f32 {
        if self.context() {
            Weight::Context.value()
        } else {
            kind.value()
        }
    }
}

/// Appends a feature: `step` past the fact's last feature number (the first: past 0), with its
/// [`Tagged`] bit, in 15-bit groups, least significant first, the top bit of each unit telling
/// that another follows. A fact's few features are spread over the vocabulary: most steps take
/// one unit, half the bytes of a number.
fn push_step(steps: &mut Vec<u16>, step: u32, context: bool) {
    let mut v = u64::from(step) << 1 | u64::from(context);
    while v >= 0x8000 {
        steps.push((v & 0x7FFF) as u16 | 0x8000);
        v >>= 15;
    }
    steps.push(v as u16);
}

/// One fact's features, numbered, in order (as [`push_step`] wrote them).
#[derive(Clone)]
struct Steps<'a> {
    units: std::slice::Iter<'a, u16>,
    last: u32,
}

impl Iterator for Steps<'_> {
    type Item = Tagged;

    fn next(&mut self) -> Option<Tagged> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let unit = *self.units.next()?;
            v |= u64::from(unit & 0x7FFF) << shift;
            if unit & 0x8000 == 0 {
                break;
            }
            shift += 15;
        }
        self.last += (v >> 1) as u32;
        Some(Tagged::new(self.last, v & 1 == 1))
    }
}

/// One fact's features, in order.
#[derive(Clone, Copy)]
struct Features<'a> {
    steps: &'a [u16],
    /// The [`Vocabulary`]'s.
    kind: &'a [Weight],
}

impl<'a> Features<'a> {
    /// Each feature's number, tagged.
    fn tagged(&self) -> Steps<'a> {
        Steps {
            units: self.steps.iter(),
            last: 0,
        }
    }
}

/// Each feature's facts (their numbers in corpus order, tagged as the fact's feature is), for
/// features that propose candidates: end to end, by feature number.
struct Postings {
    /// Per feature, where its facts end in `facts`.
    ends: Vec<u32>,
    facts: Vec<Tagged>,
}

impl Postings {
    /// `df`: the [`Vocabulary`]'s.
    fn build<'a>(df: &[u32], facts: usize, feats: impl Fn(usize) -> Features<'a>) -> Self {
        let proposes = |df: u32| df > 1 && df as usize <= POSTINGS_CAP;
        let mut ends = Vec::with_capacity(df.len());
        let mut total = 0u32;
        for &df in df {
            total += if proposes(df) { df } else { 0 };
            ends.push(total);
        }
        // Filled from each feature's start, fact by fact: each list in fact order.
        let mut next: Vec<u32> = std::iter::once(0)
            .chain(ends.iter().copied())
            .take(ends.len())
            .collect();
        let mut postings = vec![Tagged(0); total as usize];
        for g in 0..facts {
            for t in feats(g).tagged() {
                let number = t.number() as usize;
                if proposes(df[number]) {
                    // The fact's number, with the feature's bit.
                    postings[next[number] as usize] = Tagged::new(g as u32, t.context());
                    next[number] += 1;
                }
            }
        }
        Postings {
            ends,
            facts: postings,
        }
    }

    fn of(&self, number: u32) -> &[Tagged] {
        let range = list_range(&self.ends, number as usize).unwrap_or_default();
        &self.facts[range]
    }
}

/// Related facts of every fact, best first, at most [`MAX_RELATED`], from other documents.
fn related(docs: &[DocFacts<'_>], entity_of: &MentionEntities) -> PerFact<u32> {
    let Vocabulary { number, df, kind } = Vocabulary::of(docs, entity_of);
    let by_run: Vec<RunFeatures> = docs
        .par_chunks(FEATURE_RUN)
        .enumerate()
        .map(|(r, run)| RunFeatures::new(run, r * FEATURE_RUN, entity_of, &number))
        .collect();
    // Features are known by number from here on: the map goes before the postings come.
    drop(number);
    let first = first_facts(docs);
    // Each fact's document, by fact number (exact size: held through the whole scoring).
    let mut doc_of: Vec<u32> = Vec::with_capacity(docs.iter().map(|d| d.facts.len()).sum());
    for (d, doc) in docs.iter().enumerate() {
        doc_of.extend(std::iter::repeat_n(d as u32, doc.facts.len()));
    }
    let feats = |g: usize| {
        // Numbered from the run's first fact.
        let run = doc_of[g] as usize / FEATURE_RUN;
        by_run[run].of(g - first[run * FEATURE_RUN] as usize, &kind)
    };
    let n = doc_of.len();
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| ((n + 1) as f32 / d.max(1) as f32).ln())
        .collect();
    let postings = Postings::build(&df, n, feats);
    drop(df);
    // Facts in runs over every core, each run with its own accumulator; results in order.
    let run = (n / 64).max(4096);
    let runs: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(run)
        .map(|start| start..(start + run).min(n))
        .collect();
    // Kept per run and put end to end: one list of every fact's related facts, grown as it is
    // collected, would add to the peak of a run's memory.
    let scored: Vec<PerFact<u32>> = runs
        .into_par_iter()
        .map(|range| {
            let mut acc: Vec<f32> = vec![0.0; n];
            let mut touched: Vec<u32> = Vec::new();
            let mut lists = PerFact::default();
            // Score and fact number of each related fact.
            let mut found: Vec<(f32, u32)> = Vec::new();
            // The fact's own features, read once for the postings and every candidate.
            let mut own: Vec<Tagged> = Vec::new();
            for g in range {
                own.clear();
                own.extend(feats(g).tagged());
                for &s in &own {
                    let f = s.number();
                    let (weight, kind) = (idf[f as usize], kind[f as usize]);
                    let w = s.weight(kind);
                    for &t in postings.of(f) {
                        let h = t.number();
                        if doc_of[h as usize] == doc_of[g] {
                            continue;
                        }
                        if acc[h as usize] == 0.0 {
                            touched.push(h);
                        }
                        acc[h as usize] += weight * w.min(t.weight(kind));
                    }
                }
                // The best candidates (ties by position: a total order), only those sorted.
                let best =
                    |a: &u32, b: &u32| acc[*b as usize].total_cmp(&acc[*a as usize]).then(a.cmp(b));
                if touched.len() > SHORTLIST {
                    touched.select_nth_unstable_by(SHORTLIST, best);
                    touched.truncate(SHORTLIST);
                }
                touched.sort_unstable_by(best);
                found.clear();
                found.extend(touched.iter().filter_map(|&h| {
                    let (score, shared) = full_score(&own, feats(h as usize), &idf);
                    (score >= MIN_SCORE && shared >= 2).then_some((score, h))
                }));
                for &h in &touched {
                    acc[h as usize] = 0.0;
                }
                touched.clear();
                // Ties in fact order (numbers in corpus order sort as `FactRef`s do).
                found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                lists.push(found.iter().map(|&(_, h)| h).take(MAX_RELATED));
            }
            lists
        })
        .collect();
    // The working tables go before the lists are put end to end: both copies of the lists are
    // the peak of the index's memory.
    drop((postings, by_run, idf, doc_of));
    PerFact::concat(first, scored)
}

/// Score over every shared feature (sorted lists merged) and how many are shared; `a` read
/// already (a fact's own, scored against each of its candidates).
fn full_score(a: &[Tagged], b: Features<'_>, idf: &[f32]) -> (f32, usize) {
    let kinds = b.kind;
    // Where `a` is in the merge.
    let mut i = 0;
    let mut score = 0.0;
    let mut shared = 0;
    for t in b.tagged() {
        let n = t.number();
        while a.get(i).is_some_and(|s| s.number() < n) {
            i += 1;
        }
        let Some(&s) = a.get(i) else { break };
        if s.number() != n {
            continue;
        }
        i += 1;
        let kind = kinds[n as usize];
        let w = idf[n as usize] * s.weight(kind).min(t.weight(kind));
        if w > 0.0 {
            score += w;
            shared += 1;
        }
    }
    (score, shared)
}

/// Every dated fact in date order, then those whose dates are still open.
fn timeline(docs: &[DocFacts<'_>]) -> Vec<TimelineEntry> {
    let dates = docs
        .iter()
        .flat_map(|d| d.facts.iter())
        .map(|f| f.dates.len())
        .sum();
    // Each entry with its place as a number, read once: read from the fact at every comparison
    // (loads from place to place, and a day's sums for an open end), sorting was half the
    // index's time.
    let mut keyed: Vec<(TimelineKey, TimelineEntry)> = Vec::with_capacity(dates);
    for (d, doc) in docs.iter().enumerate() {
        for (i, f) in doc.facts.iter().enumerate() {
            keyed.extend(f.dates.iter().enumerate().map(|(k, date)| {
                let entry = TimelineEntry {
                    doc: d as u32,
                    fact: i as u32,
                    date: k as u32,
                };
                (TimelineKey::of(date.when), entry)
            }));
        }
    }
    // No two entries have the same key with their place (the entries' order, ties included, is
    // the order they came in): any sort gives the same order, and an unstable one needs no
    // buffer.
    keyed.par_sort_unstable_by_key(|&(key, e)| (key, e.doc, e.fact, e.date));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// Where the timeline puts a date: its first known day, then its last (`When::sort_day`, then
/// the other end), dates still open last; each day as a number that sorts as the day does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TimelineKey {
    first: u64,
    last: u64,
}

impl TimelineKey {
    fn of(when: When) -> Self {
        let (from, to) = when.bounds();
        TimelineKey {
            first: Self::day(from.or(to)),
            last: Self::day(to.or(from)),
        }
    }

    /// A day's ordinal with its sign bit flipped, so unsigned order is day order; no day is
    /// after every day.
    fn day(day: Option<Day>) -> u64 {
        day.map_or(u64::MAX, |d| (d.ordinal() as u64) ^ (1 << 63))
    }
}

/// One claim of one fact, ready to be grouped.
struct Member<T> {
    at: FactRef,
    value: T,
}

/// Finding disagreements.
struct Conflicts<'a> {
    entity_of: &'a MentionEntities,
    entities: &'a [Entity],
    seen: HashSet<(FactRef, FactRef)>,
    out: Vec<Conflict>,
}

/// Claims grouped by key, the groups in the order their first member came (corpus order, the
/// same on every run: a hash map's own order is not).
struct Groups<K, V> {
    index: HashMap<K, usize>,
    groups: Vec<(K, Vec<Member<V>>)>,
}

impl<K: std::hash::Hash + Eq + Clone, V> Groups<K, V> {
    fn new() -> Self {
        Groups {
            index: HashMap::new(),
            groups: Vec::new(),
        }
    }

    fn entry(&mut self, key: K) -> &mut Vec<Member<V>> {
        let next = self.groups.len();
        let i = *self.index.entry(key.clone()).or_insert(next);
        if i == next {
            self.groups.push((key, Vec::new()));
        }
        &mut self.groups[i].1
    }
}

type FigureGroups = Groups<(String, String, String, DateRange, Vec<usize>), Figure>;
type OnceGroups = Groups<(String, Vec<String>, Vec<usize>), DateRange>;
type SeriesGroups = Groups<Vec<usize>, (Vec<DateRange>, Vec<String>)>;

impl<'a> Conflicts<'a> {
    fn find(
        docs: &[DocFacts<'_>],
        entity_of: &'a MentionEntities,
        entities: &'a [Entity],
    ) -> Vec<Conflict> {
        let mut c = Conflicts {
            entity_of,
            entities,
            seen: HashSet::new(),
            out: Vec::new(),
        };
        let mut figures: FigureGroups = Groups::new();
        let mut once: OnceGroups = Groups::new();
        let mut series: SeriesGroups = Groups::new();
        for (d, doc) in docs.iter().enumerate() {
            for (i, fact) in doc.facts.iter().enumerate() {
                let at = FactRef { doc: d, fact: i };
                for claim in fact.claims {
                    c.group(at, &fact, claim, &mut figures, &mut once, &mut series);
                }
            }
        }
        for ((_, unit, measure, period, participants), members) in figures.groups {
            let about = format!(
                "{measure} ({unit}) — {}, {}",
                c.names(&participants),
                period.label()
            );
            c.emit(
                &members,
                |_, _| about.clone(),
                |a, b| a.agrees(b),
                |_, _| true,
                |f| f.value_label(),
            );
        }
        for ((event, object, participants), members) in once.groups {
            let what = if object.is_empty() {
                event
            } else {
                format!("{event} {}", object.join(" "))
            };
            let about = format!("{what} — {}", c.names(&participants));
            c.emit(
                &members,
                |_, _| about.clone(),
                |a, b| a.compatible(b),
                |_, _| true,
                |r| r.label(),
            );
        }
        for (participants, members) in series.groups {
            let names = c.names(&participants);
            c.emit(
                &members,
                |a: &(Vec<DateRange>, Vec<String>), b: &(Vec<DateRange>, Vec<String>)| {
                    let shared: Vec<&str> =
                        a.1.iter()
                            .filter(|w| b.1.contains(w))
                            .map(String::as_str)
                            .collect();
                    format!("{} — {names}", shared.join(" "))
                },
                |a, b| same_series(&a.0, &b.0),
                |a, b| a.1.iter().any(|w| b.1.contains(w)) && overlapping(&a.0, &b.0),
                |s| {
                    s.0.iter()
                        .map(DateRange::label)
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            );
        }
        c.out
    }

    fn entity(&self, doc: usize, mention: usize) -> Option<usize> {
        self.entity_of.get(doc, mention).map(|e| e as usize)
    }

    /// Entities of mentions, in order, each once; `None` when one is not linked.
    fn resolve(&self, doc: usize, mentions: &[usize]) -> Option<Vec<usize>> {
        let mut out: Vec<usize> = Vec::new();
        for &m in mentions {
            let e = self.entity(doc, m)?;
            if !out.contains(&e) {
                out.push(e);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    fn names(&self, entities: &[usize]) -> String {
        entities
            .iter()
            .filter_map(|&e| self.entities.get(e))
            .map(|e| crate::corpus::printable(&e.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn group(
        &self,
        at: FactRef,
        fact: &Fact<'_>,
        claim: &Claim,
        figures: &mut FigureGroups,
        once: &mut OnceGroups,
        series: &mut SeriesGroups,
    ) {
        let range = |d: usize| fact.dates.get(d).and_then(|x| x.when.range());
        match claim {
            Claim::Figure {
                figure,
                period,
                measure,
                participants,
            } => {
                let (Some(f), Some(p), Some(who)) = (
                    fact.figures.get(*figure),
                    range(*period),
                    self.resolve(at.doc, participants),
                ) else {
                    return;
                };
                let key = (
                    f.kind.as_str().to_string(),
                    f.unit.to_string(),
                    measure.clone(),
                    p,
                    who,
                );
                push_capped(figures.entry(key), at, f.clone());
            }
            Claim::Once {
                event,
                object,
                date,
                participants,
            } => {
                let (Some(r), Some(mut who)) = (range(*date), self.resolve(at.doc, participants))
                else {
                    return;
                };
                who.sort_unstable();
                let mut obj = Vec::new();
                for part in object {
                    obj.push(match part {
                        ObjectPart::Word(w) => w.clone(),
                        ObjectPart::Mention(m) => match self.entity(at.doc, *m) {
                            Some(e) => format!("@{e}"),
                            None => return,
                        },
                    });
                }
                push_capped(once.entry((event.clone(), obj, who)), at, r);
            }
            Claim::Series {
                dates,
                words,
                participants,
            } => {
                let Some(ranges) = dates.iter().map(|&d| range(d)).collect::<Option<Vec<_>>>()
                else {
                    return;
                };
                let Some(mut who) = self.resolve(at.doc, participants) else {
                    return;
                };
                who.sort_unstable();
                push_capped(series.entry(who), at, (ranges, words.clone()));
            }
        }
    }

    /// Splits a group into clusters that agree and pairs each member of a minority cluster with
    /// a disagreeing, comparable member of the largest cluster from another article.
    fn emit<T>(
        &mut self,
        members: &[Member<T>],
        about: impl Fn(&T, &T) -> String,
        agree: impl Fn(&T, &T) -> bool,
        comparable: impl Fn(&T, &T) -> bool,
        label: impl Fn(&T) -> String,
    ) {
        let docs: HashSet<usize> = members.iter().map(|m| m.at.doc).collect();
        if docs.len() < 2 {
            return;
        }
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match clusters
                .iter()
                .position(|c| agree(&members[c[0]].value, &m.value))
            {
                Some(c) => clusters[c].push(i),
                None if clusters.len() < CLUSTER_CAP => clusters.push(vec![i]),
                None => {}
            }
        }
        if clusters.len() < 2 {
            return;
        }
        let main = (0..clusters.len())
            .max_by_key(|&c| (clusters[c].len(), std::cmp::Reverse(c)))
            .unwrap_or(0);
        for (c, cluster) in clusters.iter().enumerate() {
            if c == main {
                continue;
            }
            for &m in cluster {
                let mine = &members[m];
                let partner = clusters[main]
                    .iter()
                    .map(|&p| &members[p])
                    .filter(|p| p.at.doc != mine.at.doc)
                    .take(PARTNER_TRIES)
                    .find(|p| !agree(&p.value, &mine.value) && comparable(&p.value, &mine.value));
                let Some(p) = partner else { continue };
                let (a, b) = if p.at <= mine.at {
                    (p, mine)
                } else {
                    (mine, p)
                };
                if !self.seen.insert((a.at, b.at)) {
                    continue;
                }
                self.out.push(Conflict {
                    a: a.at,
                    b: b.at,
                    about: about(&a.value, &b.value),
                    detail: format!("{} vs {}", label(&a.value), label(&b.value)),
                });
            }
        }
    }
}

fn push_capped<T>(group: &mut Vec<Member<T>>, at: FactRef, value: T) {
    if group.len() < GROUP_CAP {
        group.push(Member { at, value });
    }
}

/// Two listed series name the same dates (each date of one is compatible with one of the other).
fn same_series(a: &[DateRange], b: &[DateRange]) -> bool {
    let covered =
        |x: &[DateRange], y: &[DateRange]| x.iter().all(|r| y.iter().any(|s| r.compatible(s)));
    covered(a, b) && covered(b, a)
}

/// The series share at least one date: they list the same events, differently.
fn overlapping(a: &[DateRange], b: &[DateRange]) -> bool {
    a.iter().any(|r| b.iter().any(|s| r.compatible(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pair's, a year's or an entity's feature is the general hash of it.
    #[test]
    fn term_features_are_hashes_of_terms() {
        for t in [0, 1, 0xff, 0x1234_5678, 0x8000_0000, u32::MAX] {
            assert_eq!(term_feature(t), hash_of(("term", t)), "{t:#x}");
            assert_eq!(entity_feature(t), hash_of(("entity", t as usize)), "{t:#x}");
        }
        for y in [-1, 0, 1000, 2023, 2100, i32::MIN, i32::MAX] {
            assert_eq!(year_feature(y), hash_of(("year", y)), "{y}");
        }
    }

    /// Keys sort as the days do, across the epoch and month and year ends; no day sorts last.
    #[test]
    fn timeline_keys_sort_as_days() {
        let days = [
            Day::new(1000, 1, 1),
            Day::new(1969, 12, 31),
            Day::new(1970, 1, 1),
            Day::new(1970, 1, 31),
            Day::new(1970, 2, 1),
            Day::new(2024, 2, 29),
            Day::new(2100, 12, 31),
            None,
        ];
        assert!(days[..7].iter().all(Option::is_some));
        let keys: Vec<u64> = days.iter().map(|&d| TimelineKey::day(d)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }
}
