//! Quality on development set A: 14 realistic texts in registers the seeds do not have (10
//! Vietnamese: sport, business, agriculture, courts, health, entertainment, provincial weather,
//! education, technology; 4 from English-language Vietnamese outlets), in
//! `tests/fixtures/devset_a` (see its README for the first-contact figures). Rules were fixed
//! after reading soi's output on them, so the floors — the measured figures minus a little —
//! guard against regressions; they say nothing about unseen text.

mod common_score;

use common_score::{crate_path, load_gold, Scores};
use soi::corpus::LoadOptions;
use soi::pipeline;
use std::sync::OnceLock;

const RAW: &str = "tests/fixtures/devset_a/raw";
const GOLD: &str = "tests/fixtures/devset_a/gold";
/// Allowed drop below the measured figures.
const SLACK: f64 = 0.02;

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| common_score::run(RAW, GOLD))
}

#[test]
fn gold_covers_every_text() {
    let gold = load_gold(GOLD);
    assert_eq!(gold.len(), 14);
    for stem in gold.keys() {
        assert!(
            common_score::crate_path(&format!("{RAW}/{stem}.txt")).is_file(),
            "text for {stem}"
        );
    }
}

#[test]
fn devset_a_cleaning_and_titles() {
    let s = scores();
    assert!(
        s.clean.f >= 1.0 - SLACK,
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
fn devset_a_entities_overall_and_per_type() {
    let s = scores();
    assert!(
        s.entities.f >= 0.936 - SLACK,
        "entity F1 {:.3}\n{}",
        s.entities.f,
        s.report
    );
    let measured = [
        ("person", 0.904),
        ("organization", 0.938),
        ("location", 0.909),
        ("date", 0.984),
        ("money", 1.0),
        ("document", 0.667),
        ("event", 0.778),
    ];
    for (kind, floor) in measured {
        let f = s.by_type.get(kind).map_or(0.0, |v| v.f);
        assert!(f >= floor - SLACK, "{kind} F1 {f:.3}\n{}", s.report);
    }
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
