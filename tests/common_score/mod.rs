//! A Rust port of `../shared/eval/score.py`, shared by the quality tests: cleaning F1 over kept
//! lines, title accuracy, document-level entity F1 per type, cross-document link F1.
#![allow(dead_code)] // each test crate that includes this module uses a different part of it

use serde::Deserialize;
use soi::corpus::LoadOptions;
use soi::pipeline::{self, Corpus};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub doc: String,
    pub title: Option<String>,
    pub lines: BTreeMap<String, String>,
    pub entities: Vec<GoldEntity>,
}

#[derive(Debug, Deserialize)]
pub struct GoldEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
}

const KEEP: [&str; 4] = ["title", "heading", "body", "caption"];
const LONG: [&str; 3] = ["organization", "document", "event"];

/// score.py's `norm`: NFC, casefold, collapse white space, strip surrounding punctuation.
pub fn norm(s: &str) -> String {
    let lowered: String = s.nfc().flat_map(char::to_lowercase).collect();
    let collapsed = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| " .,;:!?\"'“”‘’()[]-–—…".contains(c))
        .to_string()
}

fn dice(a: &str, b: &str) -> f64 {
    fn count(s: &str) -> HashMap<&str, usize> {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for w in s.split_whitespace() {
            *m.entry(w).or_default() += 1;
        }
        m
    }
    let (ca, cb) = (count(a), count(b));
    let n: usize = ca.values().sum::<usize>() + cb.values().sum::<usize>();
    if n == 0 {
        return 0.0;
    }
    let common: usize = ca
        .iter()
        .map(|(w, k)| (*k).min(*cb.get(w).unwrap_or(&0)))
        .sum();
    2.0 * common as f64 / n as f64
}

#[derive(Debug, Clone, Copy)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f: f64,
}

fn prf(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
    let p = if n_pred > 0 {
        tp as f64 / n_pred as f64
    } else if n_gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else {
        1.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f }
}

/// One predicted entity as seen in one document: its index, type and normalised surfaces there.
#[derive(Clone)]
struct Predicted<'a> {
    entity: usize,
    kind: &'a str,
    surfaces: HashSet<String>,
}

pub struct Scores {
    pub clean: Prf,
    pub title_accuracy: f64,
    pub entities: Prf,
    pub by_type: BTreeMap<String, Prf>,
    pub links: Prf,
    pub report: String,
}

pub fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The gold files of `dir` (relative to the crate), by document stem.
pub fn load_gold(dir: &str) -> BTreeMap<String, Gold> {
    let mut gold = BTreeMap::new();
    for entry in std::fs::read_dir(crate_path(dir)).expect("gold directory exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let g: Gold = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                .expect("valid gold json");
            let stem = Path::new(&g.doc)
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            gold.insert(stem, g);
        }
    }
    gold
}

pub fn score(corpus: &Corpus, gold: &BTreeMap<String, Gold>) -> Scores {
    let mut report = String::new();
    let docs: HashMap<&str, usize> = corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, p)| (p.document.id.as_str(), i))
        .collect();

    // Cleaning and titles.
    let (mut tp, mut n_pred, mut n_gold, mut titles_ok) = (0, 0, 0, 0);
    for (stem, g) in gold {
        let gkeep: HashSet<usize> = g
            .lines
            .iter()
            .filter(|(_, label)| KEEP.contains(&label.as_str()))
            .map(|(n, _)| n.parse().expect("numeric line"))
            .collect();
        let labelled: HashSet<usize> = g
            .lines
            .keys()
            .map(|n| n.parse().expect("numeric line"))
            .collect();
        let mut pkeep = HashSet::new();
        let mut title = None;
        if let Some(&i) = docs.get(stem.as_str()) {
            let article = &corpus.documents[i].article;
            title = Some(article.title.as_str());
            for b in &article.blocks {
                pkeep.extend(b.lines.first()..=b.lines.last());
            }
        }
        pkeep.retain(|n| labelled.contains(n));
        tp += gkeep.intersection(&pkeep).count();
        n_pred += pkeep.len();
        n_gold += gkeep.len();
        let mut fp: Vec<_> = pkeep.difference(&gkeep).collect();
        let mut fn_: Vec<_> = gkeep.difference(&pkeep).collect();
        fp.sort();
        fn_.sort();
        if !fp.is_empty() || !fn_.is_empty() {
            report += &format!("clean {stem}: kept-but-junk {fp:?} dropped-but-body {fn_:?}\n");
        }
        let ok = match (&g.title, title) {
            (None, Some(t)) => !t.trim().is_empty(),
            (Some(gt), Some(pt)) => norm(gt) == norm(pt),
            _ => false,
        };
        if ok {
            titles_ok += 1;
        } else {
            report += &format!("title {stem}: got {title:?}, gold {:?}\n", g.title);
        }
    }
    let clean = prf(tp, n_pred, n_gold);

    // Entities: per document, each predicted entity's surfaces there (mention texts + name).
    let mut pred_by_doc: HashMap<&str, Vec<Predicted>> = HashMap::new();
    for (ei, e) in corpus.entities.iter().enumerate() {
        let mut surfaces: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
        for at in &e.mentions {
            let p = &corpus.documents[at.doc()];
            let m = at.place(&p.mentions).expect("a mention of its document");
            let text = &p.article.blocks[m.block].text[m.span.start..m.span.end];
            surfaces
                .entry(p.document.id.as_str())
                .or_default()
                .insert(norm(text));
        }
        for (stem, mut s) in surfaces {
            s.insert(norm(&e.name));
            pred_by_doc.entry(stem).or_default().push(Predicted {
                entity: ei,
                kind: e.kind.as_str(),
                surfaces: s,
            });
        }
    }
    let types = [
        "person",
        "organization",
        "location",
        "date",
        "money",
        "document",
        "event",
    ];
    let mut counts: BTreeMap<&str, [usize; 3]> = types.iter().map(|t| (*t, [0; 3])).collect();
    let mut matched: HashMap<(String, String), usize> = HashMap::new();
    for (stem, g) in gold {
        let preds = pred_by_doc.get(stem.as_str()).cloned().unwrap_or_default();
        let mut used = HashSet::new();
        for ge in &g.entities {
            let Some(c) = counts.get_mut(ge.kind.as_str()) else {
                continue;
            };
            c[2] += 1;
            let keys: HashSet<String> = ge
                .aliases
                .iter()
                .map(|a| norm(a))
                .chain(std::iter::once(norm(&ge.name)))
                .collect();
            let exact = preds.iter().enumerate().position(|(i, p)| {
                !used.contains(&i) && p.kind == ge.kind && !p.surfaces.is_disjoint(&keys)
            });
            let hit = exact.or_else(|| {
                if !LONG.contains(&ge.kind.as_str()) {
                    return None;
                }
                preds.iter().enumerate().position(|(i, pred)| {
                    !used.contains(&i)
                        && pred.kind == ge.kind
                        && pred.surfaces.iter().any(|p| {
                            keys.iter().any(|k| {
                                p.split_whitespace().count() >= 3
                                    && k.split_whitespace().count() >= 3
                                    && dice(p, k) >= 0.75
                            })
                        })
                })
            });
            match hit {
                Some(i) => {
                    used.insert(i);
                    counts.get_mut(ge.kind.as_str()).expect("known type")[0] += 1;
                    matched.insert((stem.clone(), norm(&ge.name)), preds[i].entity);
                }
                None => report += &format!("missed {stem}: {}:{}\n", ge.kind, ge.name),
            }
        }
        for (i, p) in preds.iter().enumerate() {
            if let Some(c) = counts.get_mut(p.kind) {
                c[1] += 1;
                if !used.contains(&i) {
                    let mut s: Vec<_> = p.surfaces.iter().collect();
                    s.sort();
                    report += &format!("spurious {stem}: {}:{}\n", p.kind, s[0]);
                }
            }
        }
    }
    let total = counts
        .values()
        .fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    let entities = prf(total[0], total[1], total[2]);
    let by_type = counts
        .iter()
        .map(|(t, c)| (t.to_string(), prf(c[0], c[1], c[2])))
        .collect();

    // Links: gold identity = same type and overlapping alias sets, closed transitively.
    let occ: Vec<(&str, &str, HashSet<String>, String)> = gold
        .iter()
        .flat_map(|(stem, g)| {
            g.entities.iter().map(move |ge| {
                let keys = ge
                    .aliases
                    .iter()
                    .map(|a| norm(a))
                    .chain(std::iter::once(norm(&ge.name)))
                    .collect();
                (stem.as_str(), ge.kind.as_str(), keys, norm(&ge.name))
            })
        })
        .collect();
    let mut parent: Vec<usize> = (0..occ.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
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
    let mut gold_pairs = HashSet::new();
    for i in 0..occ.len() {
        for j in i + 1..occ.len() {
            if occ[i].0 != occ[j].0 && find(&mut parent, i) == find(&mut parent, j) {
                gold_pairs.insert((occ[i].0, occ[i].3.clone(), occ[j].0, occ[j].3.clone()));
            }
        }
    }
    let key = |s: &str, c: &str| (s.to_string(), c.to_string());
    let link_tp = gold_pairs
        .iter()
        .filter(|(s1, c1, s2, c2)| {
            matches!((matched.get(&key(s1, c1)), matched.get(&key(s2, c2))), (Some(a), Some(b)) if a == b)
        })
        .count();
    let mut by_entity: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    for ((stem, canon), e) in &matched {
        by_entity
            .entry(*e)
            .or_default()
            .push((stem.clone(), canon.clone()));
    }
    let (mut pred_pairs, mut pred_ok) = (0, 0);
    for list in by_entity.values() {
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                let ((s1, c1), (s2, c2)) = (&list[i], &list[j]);
                if s1 == s2 {
                    continue;
                }
                pred_pairs += 1;
                let fwd = (s1.as_str(), c1.clone(), s2.as_str(), c2.clone());
                let back = (s2.as_str(), c2.clone(), s1.as_str(), c1.clone());
                if gold_pairs.contains(&fwd) || gold_pairs.contains(&back) {
                    pred_ok += 1;
                }
            }
        }
    }
    let lp = if pred_pairs > 0 {
        pred_ok as f64 / pred_pairs as f64
    } else if gold_pairs.is_empty() {
        1.0
    } else {
        0.0
    };
    let lr = if gold_pairs.is_empty() {
        1.0
    } else {
        link_tp as f64 / gold_pairs.len() as f64
    };
    let lf = if lp + lr > 0.0 {
        2.0 * lp * lr / (lp + lr)
    } else {
        0.0
    };

    Scores {
        clean,
        title_accuracy: titles_ok as f64 / gold.len().max(1) as f64,
        entities,
        by_type,
        links: Prf {
            p: lp,
            r: lr,
            f: lf,
        },
        report,
    }
}

/// Runs the whole pipeline on `seeds` and scores it against `gold`, printing the figures.
pub fn run(seeds: &str, gold: &str) -> Scores {
    let corpus = pipeline::build(&[crate_path(seeds)], &LoadOptions::default());
    let s = score(&corpus, &load_gold(gold));
    eprintln!("{}", s.report);
    eprintln!(
        "clean P {:.3} R {:.3} F1 {:.3} | title {:.3} | entities P {:.3} R {:.3} F1 {:.3} | links P {:.3} R {:.3} F1 {:.3}",
        s.clean.p, s.clean.r, s.clean.f, s.title_accuracy, s.entities.p, s.entities.r, s.entities.f,
        s.links.p, s.links.r, s.links.f
    );
    for (t, v) in &s.by_type {
        eprintln!("  {t:13} P {:.3} R {:.3} F1 {:.3}", v.p, v.r, v.f);
    }
    s
}

/// The links exact-key matching alone gives: every mention of `corpus` grouped by its kind and
/// the exact key (NFC, lower case, collapsed spaces) of its canonical form, nothing else. The
/// linker's floors must sit above what this scores, or they cannot tell its other sieves work.
pub fn exact_key_links(corpus: &Corpus) -> Vec<soi::link::Entity> {
    type Group = (String, Vec<soi::link::MentionAt>);
    let mut groups: BTreeMap<(soi::extract::EntityKind, String), Group> = BTreeMap::new();
    for (doc, p) in corpus.documents.iter().enumerate() {
        for (i, m) in p.mentions.iter().enumerate() {
            let key = (m.kind, soi::text::exact_key(&m.canonical()));
            let group = groups
                .entry(key)
                .or_insert_with(|| (m.canonical().to_string(), Vec::new()));
            group
                .1
                .push(soi::link::MentionAt::new(doc, i).expect("a test corpus"));
        }
    }
    groups
        .into_iter()
        .map(|((kind, key), (name, mentions))| soi::link::Entity {
            id: format!("{}:{key}", kind.as_str()),
            kind,
            aliases: vec![name.clone()],
            name,
            mentions,
        })
        .collect()
}

/// Link F1 of the pipeline on `seeds` with exact-key matching alone ([`exact_key_links`]).
pub fn exact_key_baseline(seeds: &str, gold: &str) -> f64 {
    let corpus = pipeline::build(&[crate_path(seeds)], &LoadOptions::default());
    let f = exact_key_link_f1(&corpus, &load_gold(gold));
    eprintln!("links with exact-key matching alone: F1 {f:.3}");
    f
}

/// Link F1 of `corpus` with its entities replaced by [`exact_key_links`].
pub fn exact_key_link_f1(corpus: &Corpus, gold: &BTreeMap<String, Gold>) -> f64 {
    let baseline = Corpus {
        documents: corpus.documents.clone(),
        entities: exact_key_links(corpus),
        ..Corpus::default()
    };
    score(&baseline, gold).links.f
}

/// The gold in `gold` has `n` documents, each with its text in `raw`.
pub fn assert_gold_covers(raw: &str, gold: &str, n: usize) {
    let loaded = load_gold(gold);
    assert_eq!(loaded.len(), n);
    for stem in loaded.keys() {
        assert!(
            crate_path(&format!("{raw}/{stem}.txt")).is_file(),
            "text for {stem}"
        );
    }
}

/// Figures a set must keep (measured ones), less `slack`.
pub struct Floors<'a> {
    pub clean: f64,
    pub title: f64,
    pub entities: f64,
    pub by_type: &'a [(&'a str, f64)],
    pub slack: f64,
}

impl Floors<'_> {
    #[track_caller]
    pub fn assert_cleaning_and_titles(&self, s: &Scores) {
        assert!(
            s.clean.f >= self.clean - self.slack,
            "cleaning F1 {:.3}\n{}",
            s.clean.f,
            s.report
        );
        assert!(
            s.title_accuracy >= self.title - self.slack,
            "title accuracy {:.3}\n{}",
            s.title_accuracy,
            s.report
        );
    }

    #[track_caller]
    pub fn assert_entities(&self, s: &Scores) {
        assert!(
            s.entities.f >= self.entities - self.slack,
            "entity F1 {:.3}\n{}",
            s.entities.f,
            s.report
        );
        for (kind, measured) in self.by_type {
            let f = s.by_type.get(*kind).map_or(0.0, |v| v.f);
            assert!(f >= measured - self.slack, "{kind} F1 {f:.3}\n{}", s.report);
        }
    }
}
