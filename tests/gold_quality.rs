//! Quality on the development set: runs the whole pipeline on `seeds/` and scores it against the
//! hand annotations in `tests/gold/` the way `../shared/eval/score.py` does (cleaning F1 over kept
//! lines, title accuracy, document-level entity F1 per type, cross-document link F1).
//! The floors asserted here are the acceptance figures.

mod common_score;

use common_score::{crate_path, load_gold, norm, Scores};
use std::sync::OnceLock;

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| common_score::run("seeds", "tests/gold"))
}

#[test]
fn gold_has_all_seeds() {
    let gold = load_gold("tests/gold");
    assert_eq!(gold.len(), 5);
    for stem in gold.keys() {
        assert!(
            crate_path(&format!("seeds/{stem}.txt")).is_file(),
            "seed for {stem}"
        );
    }
}

#[test]
fn norm_matches_the_scorer() {
    assert_eq!(norm("  Liên Hợp  Quốc (LHQ). "), "liên hợp quốc (lhq");
    assert_eq!(norm("“Tô Lâm”"), "tô lâm");
}

#[test]
fn cleaning_f1_at_least_0_97() {
    let s = scores();
    assert!(
        s.clean.f >= 0.97,
        "cleaning F1 {:.3}\n{}",
        s.clean.f,
        s.report
    );
}

#[test]
fn every_title_right() {
    let s = scores();
    assert!(
        s.title_accuracy >= 1.0,
        "title accuracy {:.3}\n{}",
        s.title_accuracy,
        s.report
    );
}

#[test]
fn entity_f1_at_least_0_85_and_no_type_below_0_70() {
    let s = scores();
    assert!(
        s.entities.f >= 0.85,
        "entity F1 {:.3}\n{}",
        s.entities.f,
        s.report
    );
    for (t, v) in &s.by_type {
        assert!(v.f >= 0.70, "{t} F1 {:.3}\n{}", v.f, s.report);
    }
}

/// The floor sits above what exact-key matching alone scores on the seeds (0.943 with this
/// port's grouping, 0.926 with the linker's own first sieve alone), so it fails when the other
/// sieves stop contributing; and the linker must beat that baseline outright (measured: 0.964).
#[test]
fn link_f1_at_least_0_95_and_above_exact_key_matching() {
    let s = scores();
    assert!(s.links.f >= 0.95, "link F1 {:.3}\n{}", s.links.f, s.report);
    let baseline = common_score::exact_key_baseline("seeds", "tests/gold");
    assert!(
        s.links.f >= baseline + 0.01,
        "link F1 {:.3} is no better than exact-key matching alone ({baseline:.3})\n{}",
        s.links.f,
        s.report
    );
}
