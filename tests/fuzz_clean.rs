//! Property tests of the cleaner: any document text gives an article whose blocks and removed
//! lines refer to lines that exist, in order, without panicking. The `#[ignore]`d variant is the
//! long fuzz run (`cargo test --release -- --ignored`, `SOI_FUZZ_SECONDS=600` for a timed run).

mod fuzz_support;

use fuzz_support::{hostile_text, run, Budget};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use soi::clean::{clean, LineRange};
use soi::corpus::{sanitize, Document};

fn document(text: String) -> Document {
    Document::from_text("fuzz", "fuzz.txt", text)
}

fn check_range(range: LineRange, lines: usize, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        range.first() >= 1 && range.first() <= range.last() && range.last() <= lines,
        "{} range {:?} outside 1..={}",
        what,
        range,
        lines
    );
    Ok(())
}

/// The contract: document text is sanitised, so check the line ranges against its lines.
fn check_sanitised(raw: String) -> Result<(), TestCaseError> {
    let doc = document(sanitize(&raw));
    let lines = doc.text.lines().count();
    let article = clean(&doc);
    for block in &article.blocks {
        check_range(block.lines, lines, "block")?;
    }
    for removed in &article.removed {
        check_range(removed.lines, lines, "removed")?;
    }
    Ok(())
}

/// Text that skipped the sanitiser (a bug upstream) must still not panic the cleaner.
fn check_raw(raw: String) -> Result<(), TestCaseError> {
    let _ = clean(&document(raw));
    Ok(())
}

fn article_like() -> impl Strategy<Value = String> {
    // Lines of hostile text, so the cleaner sees many short and long lines.
    prop::collection::vec(hostile_text(), 0..12).prop_map(|lines| lines.join("\n"))
}

#[test]
fn clean_sanitised_text() {
    run(
        "clean_sanitised_text",
        Budget::quick_stage(),
        article_like(),
        check_sanitised,
    );
}

#[test]
fn clean_raw_text() {
    run(
        "clean_raw_text",
        Budget::quick_stage(),
        article_like(),
        check_raw,
    );
}

/// Long run for CI / fuzzing sessions; too slow for a debug `cargo test`.
#[test]
#[ignore]
fn heavy_clean() {
    run("heavy_clean", Budget::heavy(), article_like(), |raw| {
        check_raw(raw.clone())?;
        check_sanitised(raw)
    });
}
