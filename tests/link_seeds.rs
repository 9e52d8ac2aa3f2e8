//! Link quality on the five hand-annotated seeds (tests/gold), independent of the extractor: an
//! oracle turns every gold alias into a mention, and the links are scored the way
//! `eval/score.py` scores them (pairs of documents sharing one gold entity).

use serde_json::Value;
use soi::extract::{EntityKind, RawMention, Span};
use soi::link::{link, DocMentions, Entity};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;

struct GoldEntity {
    kind: EntityKind,
    name: String,
    aliases: Vec<String>,
}

struct GoldDoc {
    entities: Vec<GoldEntity>,
}

fn kind(s: &str) -> EntityKind {
    EntityKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .unwrap_or_else(|| panic!("unknown type {s}"))
}

fn load_gold() -> Vec<GoldDoc> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/gold exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(p).expect("readable")).expect("json");
            let entities = v["entities"]
                .as_array()
                .expect("entities")
                .iter()
                .map(|e| GoldEntity {
                    kind: kind(e["type"].as_str().expect("type")),
                    name: e["name"].as_str().expect("name").to_string(),
                    aliases: e["aliases"]
                        .as_array()
                        .expect("aliases")
                        .iter()
                        .map(|a| a.as_str().expect("alias").to_string())
                        .collect(),
                })
                .collect();
            GoldDoc { entities }
        })
        .collect()
}

/// How the oracle fills `canonical`.
#[derive(Clone, Copy)]
enum Oracle {
    /// What a good extractor gives: the entity's name in this article.
    ArticleName,
    /// An extractor that resolves nothing: canonical = surface.
    Surface,
}

fn oracle_mentions(gold: &[GoldDoc], oracle: Oracle) -> Vec<Vec<RawMention>> {
    gold.iter()
        .map(|d| {
            let mut at = 0;
            let mut out = Vec::new();
            for e in &d.entities {
                for a in &e.aliases {
                    let span = Span {
                        start: at,
                        end: at + a.len(),
                    };
                    at = span.end + 1;
                    out.push(RawMention {
                        block: 0,
                        span,
                        kind: e.kind,
                        text: a.clone(),
                        canonical: match oracle {
                            Oracle::ArticleName => e.name.clone(),
                            Oracle::Surface => a.clone(),
                        },
                    });
                }
            }
            out
        })
        .collect()
}

/// score.py `norm`: NFC, case fold, collapsed spaces, outer punctuation trimmed.
fn norm(s: &str) -> String {
    let lower: String = s.nfc().collect::<String>().to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| " .,;:!?\"'“”‘’()[]-–—…".contains(c))
        .to_string()
}

fn dice(a: &str, b: &str) -> f64 {
    let count = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in s.split_whitespace() {
            *m.entry(w.to_string()).or_default() += 1;
        }
        m
    };
    let (ca, cb) = (count(a), count(b));
    let n: usize = ca.values().sum::<usize>() + cb.values().sum::<usize>();
    let common: usize = ca
        .iter()
        .map(|(w, k)| (*k).min(cb.get(w).copied().unwrap_or(0)))
        .sum();
    if n == 0 {
        0.0
    } else {
        2.0 * common as f64 / n as f64
    }
}

fn same(kind: EntityKind, pred: &BTreeSet<String>, gold: &BTreeSet<String>) -> bool {
    if !pred.is_disjoint(gold) {
        return true;
    }
    let long = matches!(
        kind,
        EntityKind::Organization | EntityKind::Document | EntityKind::Event
    );
    long && pred.iter().any(|p| {
        gold.iter().any(|g| {
            p.split_whitespace().count() >= 3
                && g.split_whitespace().count() >= 3
                && dice(p, g) >= 0.75
        })
    })
}

struct LinkScore {
    p: f64,
    r: f64,
    f: f64,
}

/// The link figure of score.py, for entities linked over `docs` (one per gold document).
fn score(gold: &[GoldDoc], docs: &[Vec<RawMention>], entities: &[Entity]) -> LinkScore {
    // Predicted surfaces per document: mention texts plus the entity name.
    let mut pred_by_doc: Vec<Vec<(usize, EntityKind, BTreeSet<String>)>> =
        vec![Vec::new(); gold.len()];
    for (i, e) in entities.iter().enumerate() {
        let mut surf: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for m in &e.mentions {
            let raw = docs[m.doc]
                .iter()
                .find(|r| r.block == m.block && r.span == m.span)
                .expect("linked mention comes from the input");
            surf.entry(m.doc).or_default().insert(norm(&raw.text));
        }
        for (d, mut s) in surf {
            s.insert(norm(&e.name));
            pred_by_doc[d].push((i, e.kind, s));
        }
    }
    let mut matched: HashMap<(usize, String), usize> = HashMap::new();
    for (d, g) in gold.iter().enumerate() {
        let mut used = BTreeSet::new();
        for ge in &g.entities {
            let keys: BTreeSet<String> = ge
                .aliases
                .iter()
                .chain([&ge.name])
                .map(|a| norm(a))
                .collect();
            let exact = pred_by_doc[d]
                .iter()
                .enumerate()
                .find(|(j, (_, k, s))| !used.contains(j) && *k == ge.kind && !s.is_disjoint(&keys));
            let hit = exact.or_else(|| {
                pred_by_doc[d]
                    .iter()
                    .enumerate()
                    .find(|(j, (_, k, s))| !used.contains(j) && *k == ge.kind && same(*k, s, &keys))
            });
            if let Some((j, (id, _, _))) = hit {
                used.insert(j);
                matched.insert((d, norm(&ge.name)), *id);
            }
        }
    }
    // Gold identity: same type and overlapping alias sets, closed transitively.
    let occ: Vec<(usize, EntityKind, BTreeSet<String>, String)> = gold
        .iter()
        .enumerate()
        .flat_map(|(d, g)| {
            g.entities.iter().map(move |e| {
                let keys = e.aliases.iter().chain([&e.name]).map(|a| norm(a)).collect();
                (d, e.kind, keys, norm(&e.name))
            })
        })
        .collect();
    let mut parent: Vec<usize> = (0..occ.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..occ.len() {
        for j in i + 1..occ.len() {
            if occ[i].1 == occ[j].1 && !occ[i].2.is_disjoint(&occ[j].2) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    type Pair = ((usize, String), (usize, String));
    let mut gold_pairs: BTreeSet<Pair> = BTreeSet::new();
    for i in 0..occ.len() {
        for j in i + 1..occ.len() {
            if occ[i].0 != occ[j].0 && find(&mut parent, i) == find(&mut parent, j) {
                gold_pairs.insert(((occ[i].0, occ[i].3.clone()), (occ[j].0, occ[j].3.clone())));
            }
        }
    }
    let tp = gold_pairs
        .iter()
        .filter(|(a, b)| matched.contains_key(a) && matched.get(a) == matched.get(b))
        .count();
    let mut by_entity: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    for (k, id) in &matched {
        by_entity.entry(*id).or_default().push(k.clone());
    }
    let (mut pred_pairs, mut pred_ok) = (0, 0);
    for list in by_entity.values() {
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                if list[i].0 == list[j].0 {
                    continue;
                }
                pred_pairs += 1;
                let (a, b) = (list[i].clone(), list[j].clone());
                if gold_pairs.contains(&(a.clone(), b.clone())) || gold_pairs.contains(&(b, a)) {
                    pred_ok += 1;
                }
            }
        }
    }
    let p = if pred_pairs == 0 {
        1.0
    } else {
        pred_ok as f64 / pred_pairs as f64
    };
    let r = if gold_pairs.is_empty() {
        1.0
    } else {
        tp as f64 / gold_pairs.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    LinkScore { p, r, f }
}

fn run(gold: &[GoldDoc], oracle: Oracle) -> LinkScore {
    let docs = oracle_mentions(gold, oracle);
    let input: Vec<DocMentions<'_>> = docs
        .iter()
        .enumerate()
        .map(|(doc, mentions)| DocMentions { doc, mentions })
        .collect();
    let entities = link(&input);
    let s = score(gold, &docs, &entities);
    eprintln!("links P {:.3} R {:.3} F1 {:.3}", s.p, s.r, s.f);
    s
}

#[test]
fn seeds_link_f1_with_a_resolving_extractor() {
    let gold = load_gold();
    assert_eq!(gold.len(), 5, "the five seeds");
    let s = run(&gold, Oracle::ArticleName);
    assert!(
        s.f >= 0.90,
        "link F1 {:.3} (P {:.3} R {:.3})",
        s.f,
        s.p,
        s.r
    );
}

#[test]
fn seeds_link_f1_with_an_extractor_that_resolves_nothing() {
    // canonical = surface: acronyms, short names and state-form prefixes must be linked by the
    // linker alone.
    let gold = load_gold();
    let s = run(&gold, Oracle::Surface);
    assert!(
        s.f >= 0.85,
        "link F1 {:.3} (P {:.3} R {:.3})",
        s.f,
        s.p,
        s.r
    );
}

#[test]
fn scorer_counts_a_missing_link_and_an_over_merge() {
    // The scorer itself must be able to fail: every entity on its own has no links at all.
    let gold = load_gold();
    let docs = oracle_mentions(&gold, Oracle::ArticleName);
    let mut isolated = Vec::new();
    for (d, ms) in docs.iter().enumerate() {
        for m in ms {
            isolated.push(Entity {
                id: format!("x:{d}:{}", m.span.start),
                kind: m.kind,
                name: m.text.clone(),
                aliases: vec![m.text.clone()],
                mentions: vec![soi::link::Mention {
                    doc: d,
                    block: m.block,
                    span: m.span,
                }],
            });
        }
    }
    assert!(score(&gold, &docs, &isolated).r < 0.5);
}
