//! Quality on the second gold set: 16 real page excerpts from 16 Vietnamese news sites
//! (`tests/fixtures/realnews`, see its README), scored like `../shared/eval/score.py`. They were
//! kept back until issue 9 and rules were fixed against them since: a development set whose
//! floors sit a little under the measured figures, so that a regression shows.

mod common_score;

use common_score::{Floors, Scores};
use std::sync::OnceLock;

const RAW: &str = "tests/fixtures/realnews/raw";
const GOLD: &str = "tests/fixtures/realnews/gold";

/// Measured figures (see the README for the first-contact ones), less a little.
const FLOORS: Floors = Floors {
    clean: 0.996,
    title: 1.0,
    entities: 0.934,
    by_type: &[
        ("person", 0.972),
        ("organization", 0.851),
        ("location", 0.966),
        ("date", 0.958),
        ("money", 1.0),
        ("document", 0.857),
        ("event", 0.8),
    ],
    slack: 0.02,
};
const LINKS: f64 = 0.992;

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| common_score::run(RAW, GOLD))
}

#[test]
fn gold_covers_every_excerpt() {
    common_score::assert_gold_covers(RAW, GOLD, 16);
}

#[test]
fn realnews_cleaning_and_titles() {
    FLOORS.assert_cleaning_and_titles(scores());
    assert!(scores().title_accuracy >= 1.0, "{}", scores().report);
}

#[test]
fn realnews_entities_overall_and_per_type() {
    FLOORS.assert_entities(scores());
}

/// Exact-key matching alone already scores 0.992 here (the one miss is a surface the extractor
/// gives no mention), so this set cannot show the other sieves working (the seeds' floors do);
/// it shows they add no wrong links.
#[test]
fn realnews_links_no_worse_than_exact_key_matching() {
    let s = scores();
    let baseline = common_score::exact_key_baseline(RAW, GOLD);
    assert!(
        s.links.f >= LINKS - FLOORS.slack && s.links.f >= baseline,
        "link F1 {:.3} (exact-key matching alone: {baseline:.3})\n{}",
        s.links.f,
        s.report
    );
}
