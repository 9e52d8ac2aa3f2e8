//! Quality on development set A: 14 realistic texts in registers the seeds do not have (10
//! Vietnamese: sport, business, agriculture, courts, health, entertainment, provincial weather,
//! education, technology; 4 from English-language Vietnamese outlets), in
//! `tests/fixtures/devset_a` (see its README for the first-contact figures). Rules were fixed
//! after reading soi's output on them, so the floors — the measured figures minus a little —
//! guard against regressions; they say nothing about unseen text.

mod common_score;

use common_score::{crate_path, load_gold, Floors, Scores};
use soi::corpus::LoadOptions;
use soi::pipeline;
use std::sync::OnceLock;

const RAW: &str = "tests/fixtures/devset_a/raw";
const GOLD: &str = "tests/fixtures/devset_a/gold";

/// Measured figures (see the README for the first-contact ones), less a little.
const FLOORS: Floors = Floors {
    clean: 1.0,
    title: 1.0,
    entities: 0.962,
    by_type: &[
        ("person", 0.942),
        ("organization", 0.959),
        ("location", 0.945),
        ("date", 0.984),
        ("money", 1.0),
        ("document", 1.0),
        ("event", 0.9),
    ],
    slack: 0.02,
};

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| common_score::run(RAW, GOLD))
}

#[test]
fn gold_covers_every_text() {
    common_score::assert_gold_covers(RAW, GOLD, 14);
}

#[test]
fn devset_a_cleaning_and_titles() {
    FLOORS.assert_cleaning_and_titles(scores());
}

#[test]
fn devset_a_entities_overall_and_per_type() {
    FLOORS.assert_entities(scores());
}

/// Every link the gold draws is found (recall 1.000). Precision is lower by design: the gold
/// joins only mentions whose written forms overlap, so "Hanoi" in an English article and "Hà
/// Nội" in a Vietnamese one are two entities to the scorer and one to soi (issue 9 asks for the
/// cross-language link). The Vietnamese texts alone, where no such pair exists, must link
/// perfectly and no worse than exact-key matching alone.
#[test]
fn devset_a_links() {
    let s = scores();
    assert!(
        s.links.r >= 1.0,
        "link recall {:.3}\n{}",
        s.links.r,
        s.report
    );
}

#[test]
fn devset_a_vietnamese_links_beat_exact_key_matching() {
    let mut gold = load_gold(GOLD);
    // The English texts are a11-a14.
    gold.retain(|stem, _| {
        !["a11", "a12", "a13", "a14"]
            .iter()
            .any(|p| stem.starts_with(p))
    });
    assert_eq!(gold.len(), 10);
    let paths: Vec<_> = gold
        .keys()
        .map(|stem| crate_path(&format!("{RAW}/{stem}.txt")))
        .collect();
    let corpus = pipeline::build(&paths, &LoadOptions::default());
    let s = common_score::score(&corpus, &gold);
    let baseline = common_score::exact_key_link_f1(&corpus, &gold);
    assert!(s.links.f >= 1.0, "link F1 {:.3}\n{}", s.links.f, s.report);
    assert!(
        s.links.f >= baseline,
        "link F1 {:.3} below exact-key matching alone ({baseline:.3})",
        s.links.f
    );
}
