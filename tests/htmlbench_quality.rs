//! Main-content extraction quality on eight pages of the ScrapingHub article-extraction
//! benchmark (tests/fixtures/htmlbench, MIT licence), scored with the benchmark's own metric:
//! word 4-gram shingles per page, true/false positives and negatives normalised per page, mean
//! precision and recall, F1 of the two. The article body is the text of every kept block but
//! the title, as `../shared/eval/export_to_htmlbench.py` builds it from `soi export`.
//!
//! Measured: F1 0.970, precision 0.945, recall 0.997 (on all 45 development pages:
//! F1 0.978). The floors sit a little under: a drop means extraction or cleaning got worse.

use soi::clean::{clean, BlockKind};
use soi::corpus::{load_file, LoadOptions};
use std::collections::HashMap;
use std::path::Path;

const MIN_F1: f64 = 0.95;
const MIN_PRECISION: f64 = 0.92;
const MIN_RECALL: f64 = 0.98;

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let word = regex::Regex::new(r"\w+").expect("regex");
    let tokens: Vec<String> = word
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect();
    let mut out = HashMap::new();
    let n = 4;
    for i in 0..tokens.len().saturating_sub(n - 1).max(1) {
        let gram = tokens[i..(i + n).min(tokens.len())].to_vec();
        if !gram.is_empty() {
            *out.entry(gram).or_insert(0) += 1;
        }
    }
    out
}

/// (precision, recall) of one page, `None` where the benchmark leaves the page out of a mean.
fn page_scores(truth: &str, predicted: &str) -> (Option<f64>, Option<f64>) {
    let (a, b) = (shingles(truth), shingles(predicted));
    let tp: usize = a
        .iter()
        .map(|(k, n)| (*n).min(*b.get(k).unwrap_or(&0)))
        .sum();
    let fp: usize = b
        .iter()
        .map(|(k, n)| n.saturating_sub(*a.get(k).unwrap_or(&0)))
        .sum();
    let fneg: usize = a
        .iter()
        .map(|(k, n)| n.saturating_sub(*b.get(k).unwrap_or(&0)))
        .sum();
    let sum = (tp + fp + fneg) as f64;
    if sum == 0.0 || fp + fneg == 0 {
        return (Some(1.0), Some(1.0));
    }
    let (tp, fp, fneg) = (tp as f64 / sum, fp as f64 / sum, fneg as f64 / sum);
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fneg > 0.0).then(|| tp / (tp + fneg));
    (precision, recall)
}

#[test]
fn extraction_quality_on_benchmark_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/htmlbench");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ground-truth.json")).expect("ground truth"),
    )
    .expect("json");
    let truth = truth.as_object().expect("object");
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    for (key, page) in truth {
        let path = dir.join(format!("{key}.html"));
        let loaded = load_file(&path, &LoadOptions::default()).expect("page loads");
        let article = clean(&loaded.document);
        let body: Vec<&str> = article
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Title)
            .map(|b| b.text.as_str())
            .collect();
        let expected = page["articleBody"].as_str().expect("body");
        let (p, r) = page_scores(expected, &body.join("\n\n"));
        eprintln!("{}: precision {p:?} recall {r:?}", &key[..10]);
        precisions.extend(p);
        recalls.extend(r);
    }
    assert_eq!(truth.len(), 8);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (p, r) = (mean(&precisions), mean(&recalls));
    let f1 = 2.0 * p * r / (p + r);
    eprintln!("F1 {f1:.3} precision {p:.3} recall {r:.3}");
    assert!(f1 >= MIN_F1, "F1 {f1:.3} < {MIN_F1}");
    assert!(p >= MIN_PRECISION, "precision {p:.3} < {MIN_PRECISION}");
    assert!(r >= MIN_RECALL, "recall {r:.3} < {MIN_RECALL}");
}
