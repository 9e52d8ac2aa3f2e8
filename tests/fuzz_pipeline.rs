//! Arbitrary file bytes through the whole pipeline (decode → sanitise → clean → extract → link)
//! never panic, and linked mentions point at real text. The `#[ignore]`d variant is the long fuzz
//! run (`cargo test --release -- --ignored`, `SOI_FUZZ_SECONDS=600` for a timed run).

mod fuzz_support;

use fuzz_support::{file_bytes, run, Budget};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use soi::assets::Assets;
use soi::corpus::{decode, sanitize, Document, Ending};
use soi::extract::Extractor;
use soi::pipeline::{link_all, process, Processed};
use std::path::PathBuf;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(Assets::embedded()));

fn check(files: Vec<Vec<u8>>) -> Result<(), TestCaseError> {
    let mut processed: Vec<Processed> = Vec::new();
    for (i, bytes) in files.iter().enumerate() {
        let Ok(decoded) = decode(bytes, Ending::Complete) else {
            continue; // binary: skipped by the loader
        };
        let document = Document::from_text(
            format!("doc{i}"),
            PathBuf::from(format!("doc{i}.txt")),
            sanitize(&decoded.text),
        );
        processed.push(process(document, &EXTRACTOR));
    }
    for entity in link_all(&processed) {
        for at in &entity.mentions {
            let Some(m) = processed.get(at.doc()).and_then(|p| at.place(&p.mentions)) else {
                return Err(TestCaseError::fail(format!("{at:?} points nowhere")));
            };
            let Some(block) = processed
                .get(m.doc)
                .and_then(|p| p.article.blocks.get(m.block))
            else {
                return Err(TestCaseError::fail(format!("{m:?} points nowhere")));
            };
            prop_assert!(
                block.text.get(m.span.start..m.span.end).is_some(),
                "{:?} is not a slice of {:?}",
                m,
                block.text
            );
        }
    }
    Ok(())
}

fn corpus() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(file_bytes(), 1..4)
}

#[test]
fn pipeline_on_arbitrary_files() {
    run(
        "pipeline_on_arbitrary_files",
        Budget::quick_stage(),
        corpus(),
        check,
    );
}

/// Long run for CI / fuzzing sessions; too slow for a debug `cargo test`.
#[test]
#[ignore]
fn heavy_pipeline() {
    run("heavy_pipeline", Budget::heavy(), corpus(), check);
}
