//! Shared by the extraction rule tests: one extractor, and articles made of hand-written lines.
#![allow(dead_code)] // each test crate uses a different subset

use soi::assets::Assets;
use soi::clean::{Article, Block, BlockKind, LineRange, TitleSource};
use soi::extract::{EntityKind, Extractor, RawMention};
use std::sync::OnceLock;

pub fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Assets::embedded()))
}

pub fn article(lines: &[&str]) -> Article {
    Article {
        title: String::new(),
        title_source: TitleSource::Lead,
        published: None,
        byline: None,
        blocks: lines
            .iter()
            .enumerate()
            .map(|(i, l)| Block {
                kind: BlockKind::Paragraph,
                lines: LineRange::line(i + 1),
                text: (*l).into(),
            })
            .collect(),
        removed: Vec::new(),
    }
}

pub fn extract(lines: &[&str]) -> Vec<RawMention> {
    extractor().extract(&article(lines))
}

/// The mention of `kind` whose surface is `text`.
pub fn find<'m>(ms: &'m [RawMention], kind: EntityKind, text: &str) -> Option<&'m RawMention> {
    ms.iter().find(|m| m.kind == kind && m.text == text)
}

#[track_caller]
pub fn assert_has(ms: &[RawMention], kind: EntityKind, text: &str) {
    assert!(
        find(ms, kind, text).is_some(),
        "no {kind:?} {text:?} in {:#?}",
        ms.iter().map(|m| (m.kind, &m.text)).collect::<Vec<_>>()
    );
}

/// Every mention of `kind` with surface `text` stands for `canonical`.
#[track_caller]
pub fn assert_canonical(ms: &[RawMention], kind: EntityKind, text: &str, canonical: &str) {
    assert_has(ms, kind, text);
    let all: Vec<&str> = ms
        .iter()
        .filter(|m| m.kind == kind && m.text == text)
        .map(|m| m.canonical.as_str())
        .collect();
    assert!(
        all.iter().all(|c| *c == canonical),
        "{text:?} → {all:?}, want {canonical:?}"
    );
}
