//! Property tests of the extractor: on any cleaned article, mentions point into existing blocks,
//! on character boundaries, carry their surface text, and come sorted and non-overlapping.
//! The `#[ignore]`d variant is the long fuzz run (`cargo test --release -- --ignored`,
//! `SOI_FUZZ_SECONDS=600` for a timed run).

mod fuzz_support;

use fuzz_support::{hostile_text, run, Budget};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use soi::assets::Assets;
use soi::clean::clean;
use soi::corpus::{sanitize, Document};
use soi::extract::Extractor;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(Assets::embedded()));

fn check(raw: String) -> Result<(), TestCaseError> {
    let doc = Document::from_text("fuzz", "fuzz.txt", sanitize(&raw));
    let article = clean(&doc);
    let mentions = EXTRACTOR.extract(&article);
    let mut previous: Option<(u32, usize)> = None; // (block, end) of the previous mention
    for m in &mentions {
        let Some(block) = article.blocks.get(m.block as usize) else {
            return Err(TestCaseError::fail(format!(
                "block {} does not exist",
                m.block
            )));
        };
        let text = &block.text;
        prop_assert!(
            m.span().start < m.span().end && m.span().end <= text.len(),
            "span {:?} outside block of {} bytes",
            m.span(),
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(m.span().start) && text.is_char_boundary(m.span().end),
            "span {:?} not on char boundaries of {:?}",
            m.span(),
            text
        );
        if let Some((block, end)) = previous {
            prop_assert!(
                m.block > block || (m.block == block && m.span().start >= end),
                "mention {:?} overlaps or precedes the previous one",
                m
            );
        }
        previous = Some((m.block, m.span().end));
    }
    Ok(())
}

fn article_like() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_text(), 0..12).prop_map(|lines| lines.join("\n"))
}

#[test]
fn extract_from_hostile_articles() {
    run(
        "extract_from_hostile_articles",
        Budget::quick_stage(),
        article_like(),
        check,
    );
}

/// Long run for CI / fuzzing sessions; too slow for a debug `cargo test`.
#[test]
#[ignore]
fn heavy_extract() {
    run("heavy_extract", Budget::heavy(), article_like(), check);
}
