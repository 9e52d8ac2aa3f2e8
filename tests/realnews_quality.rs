//! Quality on the second gold set: 16 real page excerpts from 16 Vietnamese news sites
//! (`tests/fixtures/realnews`, see its README), scored like `../shared/eval/score.py`. They were
//! kept back until issue 9 and rules were fixed against them since: a development set whose
//! floors sit a little under the measured figures, so that a regression shows.

mod common_score;

use common_score::{load_gold, Scores};
use std::sync::OnceLock;

const RAW: &str = "tests/fixtures/realnews/raw";
const GOLD: &str = "tests/fixtures/realnews/gold";
/// Allowed drop below the measured figures.
const SLACK: f64 = 0.02;

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| common_score::run(RAW, GOLD))
}

#[test]
fn gold_covers_every_excerpt() {
    let gold = load_gold(GOLD);
    assert_eq!(gold.len(), 16);
    for stem in gold.keys() {
        assert!(
            common_score::crate_path(&format!("{RAW}/{stem}.txt")).is_file(),
            "excerpt for {stem}"
        );
    }
}

#[test]
fn realnews_cleaning_and_titles() {
    let s = scores();
    assert!(
        s.clean.f >= CLEAN - SLACK,
        "cleaning F1 {:.3}\n{}",
        s.clean.f,
        s.report
    );
    assert!(
        s.title_accuracy >= 1.0,
        "title accuracy {:.3}\n{}",
        s.title_accuracy,
        s.report
    );
}

#[test]
fn realnews_entities_overall_and_per_type() {
    let s = scores();
    assert!(
        s.entities.f >= ENTITIES - SLACK,
        "entity F1 {:.3}\n{}",
        s.entities.f,
        s.report
    );
    for (kind, measured) in BY_TYPE {
        let f = s.by_type.get(kind).map_or(0.0, |v| v.f);
        assert!(f >= measured - SLACK, "{kind} F1 {f:.3}\n{}", s.report);
    }
}

/// Exact-key matching alone already scores 0.992 here (the one miss is a surface the extractor
/// gives no mention), so this set cannot show the other sieves working (the seeds' floors do);
/// it shows they add no wrong links.
#[test]
fn realnews_links_no_worse_than_exact_key_matching() {
    let s = scores();
    let baseline = common_score::exact_key_baseline(RAW, GOLD);
    assert!(
        s.links.f >= LINKS - SLACK && s.links.f >= baseline,
        "link F1 {:.3} (exact-key matching alone: {baseline:.3})\n{}",
        s.links.f,
        s.report
    );
}

// Measured figures (see the README for the first-contact ones).
const CLEAN: f64 = 0.996;
const ENTITIES: f64 = 0.901;
const LINKS: f64 = 0.992;
const BY_TYPE: [(&str, f64); 7] = [
    ("person", 0.944),
    ("organization", 0.787),
    ("location", 0.957),
    ("date", 0.958),
    ("money", 1.0),
    ("document", 0.857),
    ("event", 0.533),
];
