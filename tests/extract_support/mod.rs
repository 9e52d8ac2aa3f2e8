//! Shared by the extraction rule tests: one extractor, and articles made of hand-written lines.
#![allow(dead_code)] // each test crate uses a different subset

use soi::assets::Assets;
use soi::clean::{Article, Block, BlockKind, LineRange, TitleSource};
use soi::extract::{Extractor, RawMention};
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
                text: l.to_string(),
            })
            .collect(),
        removed: Vec::new(),
    }
}

pub fn extract(lines: &[&str]) -> Vec<RawMention> {
    extractor().extract(&article(lines))
}
