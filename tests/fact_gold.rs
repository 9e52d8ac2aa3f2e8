//! Facts on the development set: runs the pipeline on `seeds/`, writes the export JSON and scores
//! it against `tests/factgold/seeds.json` the way `../shared/eval/score_facts.py` does (timeline
//! recall of dated facts, related recall over ordered cross-article pairs, conflict recall and
//! false alarms). The floors asserted are the acceptance figures.

use serde::Deserialize;
use serde_json::Value;
use soi::corpus::LoadOptions;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Deserialize)]
struct GoldFact {
    doc: String,
    line: u64,
    has: String,
}

#[derive(Debug, Deserialize)]
struct Dated {
    #[serde(flatten)]
    fact: GoldFact,
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
struct Group {
    facts: Vec<GoldFact>,
}

#[derive(Debug, Deserialize)]
struct Pair {
    about: String,
    a: GoldFact,
    b: GoldFact,
}

#[derive(Debug, Deserialize)]
struct FactGold {
    timeline: Vec<Dated>,
    related: Vec<Group>,
    conflicts: Vec<Pair>,
    not_conflicts: Vec<Pair>,
}

fn crate_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The export of the seeds, as JSON (what the Python scorer reads).
fn export() -> &'static Value {
    static EXPORT: OnceLock<Value> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let corpus = soi::pipeline::build(&[crate_path("seeds")], &LoadOptions::default());
        serde_json::to_value(soi::export::Export::new(&corpus)).expect("export serialises")
    })
}

fn gold() -> FactGold {
    let text = std::fs::read_to_string(crate_path("tests/factgold/seeds.json")).expect("gold");
    serde_json::from_str(&text).expect("gold parses")
}

fn facts() -> &'static [Value] {
    export()["facts"].as_array().map_or(&[], Vec::as_slice)
}

/// The export's facts of the gold fact's document whose lines hold its line and whose text
/// holds its `has`.
fn found(g: &GoldFact) -> Vec<&'static Value> {
    facts()
        .iter()
        .filter(|f| {
            let first = f["lines"][0].as_u64().unwrap_or(0);
            let last = f["lines"][1].as_u64().unwrap_or(0);
            f["doc"].as_str() == Some(g.doc.as_str())
                && first <= g.line
                && g.line <= last
                && nfc(f["text"].as_str().unwrap_or("")).contains(&nfc(&g.has))
        })
        .collect()
}

fn ids(g: &GoldFact) -> HashSet<String> {
    found(g)
        .iter()
        .filter_map(|f| f["id"].as_str().map(str::to_string))
        .collect()
}

fn flagged() -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for c in export()["conflicts"].as_array().into_iter().flatten() {
        let pair: Vec<&str> = c["facts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for a in &pair {
            for b in &pair {
                if a != b {
                    out.insert((a.to_string(), b.to_string()));
                }
            }
        }
    }
    out
}

fn is_flagged(p: &Pair) -> bool {
    let f = flagged();
    let (a, b) = (ids(&p.a), ids(&p.b));
    a.iter()
        .any(|x| b.iter().any(|y| f.contains(&(x.clone(), y.clone()))))
}

#[test]
fn every_dated_gold_fact_is_on_the_timeline() {
    let gold = gold();
    let missed: Vec<String> = gold
        .timeline
        .iter()
        .filter(|g| {
            !found(&g.fact).iter().any(|f| {
                f["dates"].as_array().into_iter().flatten().any(|d| {
                    d["from"].as_str() == Some(g.from.as_str())
                        && d["to"].as_str() == Some(g.to.as_str())
                })
            })
        })
        .map(|g| {
            format!(
                "{}:{} {}..{} ({})",
                &g.fact.doc[..3],
                g.fact.line,
                g.from,
                g.to,
                g.fact.has
            )
        })
        .collect();
    assert!(missed.is_empty(), "timeline missed {missed:?}");
}

#[test]
fn related_recall_at_least_0_9() {
    let gold = gold();
    let (mut pairs, mut ok) = (0, 0);
    let mut missed = Vec::new();
    for group in &gold.related {
        for x in &group.facts {
            for y in &group.facts {
                if x.doc == y.doc {
                    continue;
                }
                pairs += 1;
                let ys = ids(y);
                let hit = found(x).iter().any(|f| {
                    f["related"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .any(|r| ys.contains(r))
                });
                if hit {
                    ok += 1;
                } else {
                    missed.push(format!(
                        "{}:{} -> {}:{}",
                        &x.doc[..3],
                        x.line,
                        &y.doc[..3],
                        y.line
                    ));
                }
            }
        }
    }
    let recall = f64::from(ok) / f64::from(pairs);
    assert!(
        pairs > 0 && recall >= 0.9,
        "related recall {recall:.3}, missed {missed:?}"
    );
}

#[test]
fn every_gold_conflict_flagged_and_no_false_alarm() {
    let gold = gold();
    let missed: Vec<&str> = gold
        .conflicts
        .iter()
        .filter(|p| !is_flagged(p))
        .map(|p| p.about.as_str())
        .collect();
    let false_alarms: Vec<&str> = gold
        .not_conflicts
        .iter()
        .filter(|p| is_flagged(p))
        .map(|p| p.about.as_str())
        .collect();
    assert!(missed.is_empty(), "conflicts missed: {missed:?}");
    assert!(false_alarms.is_empty(), "false alarms: {false_alarms:?}");
}

#[test]
fn conflicts_name_both_facts_and_say_what_differs() {
    for c in export()["conflicts"].as_array().into_iter().flatten() {
        let pair = c["facts"].as_array().expect("facts pair");
        assert_eq!(pair.len(), 2, "{c}");
        let known: HashSet<&str> = facts().iter().filter_map(|f| f["id"].as_str()).collect();
        assert!(
            pair.iter()
                .all(|id| id.as_str().is_some_and(|i| known.contains(i))),
            "{c}"
        );
        assert!(!c["about"].as_str().unwrap_or("").is_empty(), "{c}");
        assert!(c["detail"].as_str().unwrap_or("").contains(" vs "), "{c}");
    }
}

#[test]
fn related_lists_are_capped_and_point_to_other_articles() {
    for f in facts() {
        let related = f["related"].as_array().expect("related");
        assert!(related.len() <= 10, "{f}");
        let doc = f["doc"].as_str().unwrap_or("");
        for r in related {
            let id = r.as_str().unwrap_or("");
            assert!(!id.starts_with(&format!("{doc}#")), "{f}");
        }
    }
}
