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
use super::{hash_of, is_named, DateRange, Fact, Figure, When};
use crate::extract::RawMention;
use crate::link::Entity;
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
    pub facts: &'a [Fact],
    pub mentions: &'a [RawMention],
}

/// A related fact and its score, narrow (12 bytes where a `FactRef` and a score took 24): a
/// corpus keeps up to [`MAX_RELATED`] per fact, collected while relating facts is the peak of a
/// run's memory. Stored as the same postcard bytes as a `FactRef` and a score (varints).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    doc: u32,
    fact: u32,
    pub score: f32,
}

impl Related {
    fn new(at: FactRef, score: f32) -> Self {
        let narrow = |i: usize| u32::try_from(i).expect("fewer than 2^32 documents and facts");
        Related {
            doc: narrow(at.doc),
            fact: narrow(at.fact),
            score,
        }
    }

    pub fn fact(&self) -> FactRef {
        FactRef {
            doc: self.doc as usize,
            fact: self.fact as usize,
        }
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

/// A dated fact on the timeline (one entry per date of the fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimelineEntry {
    pub fact: FactRef,
    /// Index into the fact's dates.
    pub date: usize,
    pub when: When,
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

/// A feature's kind, which tells its weight ([`Weight::value`]): one byte where the weight is
/// four, as every fact's features are held at once while relating facts (the peak of a run's
/// memory).
#[derive(Debug, Clone, Copy)]
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
    /// A shared figure or exact date says more than a shared word pair.
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

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct FactIndex {
    /// Per document, per fact: the linked entities of its mentions, in order, without repeats.
    entities: Vec<Vec<Vec<usize>>>,
    related: Vec<Vec<Box<[Related]>>>,
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
        entity_of: &[Vec<Option<u32>>],
    ) -> FactIndex {
        let related = related(docs, entity_of);
        let conflicts = Conflicts::find(docs, entity_of, entities);
        // After the related facts, whose working tables are the peak of a run's memory.
        let fact_entities: Vec<Vec<Vec<usize>>> = docs
            .par_iter()
            .zip(entity_of)
            .map(|(d, map)| {
                d.facts
                    .iter()
                    .map(|f| {
                        let mut seen = HashSet::new();
                        f.mentions
                            .iter()
                            .filter_map(|&m| map.get(m as usize).copied().flatten())
                            .map(|e| e as usize)
                            .filter(|e| seen.insert(*e))
                            .collect()
                    })
                    .collect()
            })
            .collect();
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
            timeline: timeline(docs),
        }
    }

    /// The facts related to `f`, best first.
    pub fn related(&self, f: FactRef) -> &[Related] {
        self.related
            .get(f.doc)
            .and_then(|d| d.get(f.fact))
            .map_or(&[], |r| &r[..])
    }

    /// Indices into `conflicts` of the disagreements `f` is part of.
    pub fn conflicts_of(&self, f: FactRef) -> &[usize] {
        self.by_fact.get(&f).map_or(&[], Vec::as_slice)
    }

    /// The entities mentioned in fact `f` (indices into the corpus's entities).
    pub fn entities(&self, f: FactRef) -> &[usize] {
        self.entities
            .get(f.doc)
            .and_then(|d| d.get(f.fact))
            .map_or(&[], Vec::as_slice)
    }
}

/// The weighted features of one fact, sorted by feature, each once (its highest weight).
fn features(fact: &Fact, entity_of: &[Option<u32>], mentions: &[RawMention]) -> Vec<(u64, Weight)> {
    let mut out: Vec<(u64, Weight)> = Vec::new();
    let named = |m: &u32| mentions.get(*m as usize).is_some_and(|x| is_named(x.kind));
    for (list, weight) in [
        (&fact.mentions, Weight::Entity),
        (&fact.context, Weight::Context),
    ] {
        for m in list.iter().filter(|m| named(m)) {
            if let Some(e) = entity_of.get(*m as usize).copied().flatten() {
                // Hashed as the index it is (the features' order, and so the scores' sums,
                // depend on the hash).
                out.push((hash_of(("entity", e as usize)), weight));
            }
        }
    }
    for d in &fact.dates {
        if let When::Within(r) = d.when {
            if r.from.year == r.to.year {
                out.push((hash_of(("year", r.from.year)), Weight::Year));
            }
            if !r.is_year() {
                out.push((hash_of(("range", r)), Weight::Range));
            }
        }
    }
    for (f, measure) in fact.figures.iter().zip(&fact.measures) {
        out.push((
            hash_of(("value", f.kind, &f.unit, f.value.to_bits())),
            Weight::Value,
        ));
        if let Some(m) = measure {
            out.push((hash_of(("measure", m)), Weight::Measure));
        }
    }
    out.extend(
        fact.terms
            .iter()
            .map(|&t| (hash_of(("term", t)), Weight::Term)),
    );
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.value().total_cmp(&a.1.value())));
    out.dedup_by_key(|x| x.0);
    out
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

/// The features of every fact of one document, each fact's sorted by feature: held for the
/// whole corpus at once while relating facts, so kept flat (no list, and no padding, per fact).
#[derive(Default)]
struct DocFeatures {
    keys: Vec<u64>,
    weights: Vec<Weight>,
    /// Where each fact's features end.
    ends: Vec<u32>,
}

impl DocFeatures {
    fn new(doc: &DocFacts<'_>, entity_of: &[Option<u32>]) -> Self {
        let mut out = DocFeatures {
            ends: Vec::with_capacity(doc.facts.len()),
            ..DocFeatures::default()
        };
        for f in doc.facts {
            for (key, weight) in features(f, entity_of, doc.mentions) {
                out.keys.push(key);
                out.weights.push(weight);
            }
            out.ends.push(out.keys.len() as u32);
        }
        out.keys.shrink_to_fit();
        out.weights.shrink_to_fit();
        out
    }

    /// The features of the document's `fact`-th fact.
    fn of(&self, fact: usize) -> Features<'_> {
        let start = fact.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        let end = self.ends[fact] as usize;
        Features {
            keys: &self.keys[start..end],
            weights: &self.weights[start..end],
        }
    }
}

/// One fact's features, sorted by feature.
#[derive(Clone, Copy)]
struct Features<'a> {
    keys: &'a [u64],
    weights: &'a [Weight],
}

impl Features<'_> {
    fn iter(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        let weights = self.weights.iter().map(|w| w.value());
        self.keys.iter().copied().zip(weights)
    }
}

/// A table by feature split in shards, each filled on its own core from a pass over every
/// feature: one table filled in one pass was the longest serial part of relating facts at
/// 100,000 articles. The number of shards is fixed, so the tables do not depend on the threads.
struct Sharded<V>(Vec<FeatureMap<V>>);

const FEATURE_SHARDS: usize = 16;

/// The shard that holds `feature`: its middle bits (the table's own buckets and tags take the
/// low and the high ones).
fn shard_of(feature: u64) -> usize {
    ((feature >> 32) % FEATURE_SHARDS as u64) as usize
}

impl<V: Send> Sharded<V> {
    /// `fill(shard, table)` puts the features of `shard` in `table`.
    fn build(fill: impl Fn(usize, &mut FeatureMap<V>) + Sync) -> Self {
        Sharded(
            (0..FEATURE_SHARDS)
                .into_par_iter()
                .map(|shard| {
                    let mut table = FeatureMap::default();
                    fill(shard, &mut table);
                    table
                })
                .collect(),
        )
    }

    fn get(&self, feature: u64) -> Option<&V> {
        self.0[shard_of(feature)].get(&feature)
    }
}

/// Related facts of every fact, best first, at most [`MAX_RELATED`], from other documents.
fn related(docs: &[DocFacts<'_>], entity_of: &[Vec<Option<u32>>]) -> Vec<Vec<Box<[Related]>>> {
    let by_doc: Vec<DocFeatures> = docs
        .par_iter()
        .zip(entity_of)
        .map(|(doc, entity_of)| DocFeatures::new(doc, entity_of))
        .collect();
    // Exact size: held, with the features, through the whole scoring.
    let mut refs: Vec<FactRef> = Vec::with_capacity(docs.iter().map(|d| d.facts.len()).sum());
    refs.extend(
        docs.iter()
            .enumerate()
            .flat_map(|(d, doc)| (0..doc.facts.len()).map(move |i| FactRef { doc: d, fact: i })),
    );
    let feats = |g: usize| by_doc[refs[g].doc].of(refs[g].fact);
    let n = refs.len();
    let df = Sharded::build(|shard, df: &mut FeatureMap<u32>| {
        for &f in by_doc.iter().flat_map(|fs| &fs.keys) {
            if shard_of(f) == shard {
                *df.entry(f).or_default() += 1;
            }
        }
    });
    let idf = |f: u64| -> f32 {
        let d = df.get(f).copied().unwrap_or(1).max(1);
        ((n + 1) as f32 / d as f32).ln()
    };
    // Each feature's facts in fact order, as one pass over the facts would list them.
    let postings = Sharded::build(|shard, postings: &mut FeatureMap<Vec<(u32, f32)>>| {
        for g in 0..n {
            for (f, w) in feats(g).iter() {
                if shard_of(f) == shard
                    && df
                        .get(f)
                        .is_some_and(|&d| d as usize <= POSTINGS_CAP && d > 1)
                {
                    postings.entry(f).or_default().push((g as u32, w));
                }
            }
        }
    });
    // Facts in runs over every core, each run with its own accumulator; results in order.
    let run = (n / 64).max(4096);
    let runs: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(run)
        .map(|start| start..(start + run).min(n))
        .collect();
    // Kept per run and moved to their documents run by run: one list of every fact's related
    // facts, grown as it is collected, would add to the peak of a run's memory.
    let scored: Vec<Vec<Box<[Related]>>> = runs
        .into_par_iter()
        .map(|range| {
            let mut acc: Vec<f32> = vec![0.0; n];
            let mut touched: Vec<u32> = Vec::new();
            range
                .map(|g| {
                    for (f, w) in feats(g).iter() {
                        let Some(list) = postings.get(f) else {
                            continue;
                        };
                        let weight = idf(f);
                        for &(h, wh) in list {
                            if refs[h as usize].doc == refs[g].doc {
                                continue;
                            }
                            if acc[h as usize] == 0.0 {
                                touched.push(h);
                            }
                            acc[h as usize] += weight * w.min(wh);
                        }
                    }
                    // The best candidates (ties by position: a total order), only those sorted.
                    let best = |a: &u32, b: &u32| {
                        acc[*b as usize].total_cmp(&acc[*a as usize]).then(a.cmp(b))
                    };
                    if touched.len() > SHORTLIST {
                        touched.select_nth_unstable_by(SHORTLIST, best);
                        touched.truncate(SHORTLIST);
                    }
                    touched.sort_by(best);
                    let mut scored: Vec<Related> = touched
                        .iter()
                        .filter_map(|&h| {
                            let (score, shared) = full_score(feats(g), feats(h as usize), &idf);
                            (score >= MIN_SCORE && shared >= 2)
                                .then(|| Related::new(refs[h as usize], score))
                        })
                        .collect();
                    for &h in &touched {
                        acc[h as usize] = 0.0;
                    }
                    touched.clear();
                    scored
                        .sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact().cmp(&b.fact())));
                    scored.truncate(MAX_RELATED);
                    scored.into_boxed_slice()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<Vec<Box<[Related]>>> = docs
        .iter()
        .map(|d| Vec::with_capacity(d.facts.len()))
        .collect();
    for (g, list) in scored.into_iter().flatten().enumerate() {
        out[refs[g].doc].push(list);
    }
    out
}

/// Score over every shared feature (sorted lists merged) and how many are shared.
fn full_score(a: Features<'_>, b: Features<'_>, idf: &impl Fn(u64) -> f32) -> (f32, usize) {
    let (mut i, mut j) = (0, 0);
    let mut score = 0.0;
    let mut shared = 0;
    while i < a.keys.len() && j < b.keys.len() {
        match a.keys[i].cmp(&b.keys[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = idf(a.keys[i]) * a.weights[i].value().min(b.weights[j].value());
                if w > 0.0 {
                    score += w;
                    shared += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    (score, shared)
}

/// Every dated fact in date order, then those whose dates are still open.
fn timeline(docs: &[DocFacts<'_>]) -> Vec<TimelineEntry> {
    // Exact size, and sorted in place: the timeline is made when the corpus is all held, near
    // the peak of a run's memory, and doubling growth or a stable sort's buffer would add half
    // of it again. Each entry's key ends with its own place (fact, date): an unstable sort gives
    // the same order.
    let dates = docs.iter().flat_map(|d| d.facts).map(|f| f.dates.len());
    let mut out: Vec<TimelineEntry> = Vec::with_capacity(dates.sum());
    for (d, doc) in docs.iter().enumerate() {
        for (i, f) in doc.facts.iter().enumerate() {
            for (k, date) in f.dates.iter().enumerate() {
                out.push(TimelineEntry {
                    fact: FactRef { doc: d, fact: i },
                    date: k,
                    when: date.when,
                });
            }
        }
    }
    out.sort_unstable_by_key(|e| {
        let (from, to) = e.when.bounds();
        (
            e.when.sort_day().is_none(),
            e.when.sort_day(),
            to.or(from),
            e.fact,
            e.date,
        )
    });
    out
}

/// One claim of one fact, ready to be grouped.
struct Member<T> {
    at: FactRef,
    value: T,
}

/// Finding disagreements.
struct Conflicts<'a> {
    entity_of: &'a [Vec<Option<u32>>],
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
        entity_of: &'a [Vec<Option<u32>>],
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
                for claim in &fact.claims {
                    c.group(at, fact, claim, &mut figures, &mut once, &mut series);
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
        self.entity_of
            .get(doc)?
            .get(mention)
            .copied()
            .flatten()
            .map(|e| e as usize)
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
        fact: &Fact,
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
                    f.unit.clone(),
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
