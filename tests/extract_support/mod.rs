//! Shared by the extraction rule tests: one extractor, and articles made of hand-written lines.
#![allow(dead_code)] // each test crate uses a different subset

use soi::assets::Assets;
use soi::clean::{Article, Block, BlockKind, LineRange, TitleSource};
use soi::extract::{EntityKind, Extractor, Span};
use std::sync::OnceLock;
use ustr::Ustr;

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

/// A mention as the rule tests read it: with its surface text, which the mention itself reads
/// from its article.
#[derive(Debug, Clone)]
pub struct Found {
    pub block: u32,
    pub kind: EntityKind,
    pub text: String,
    pub canonical: Ustr,
    span: Span,
}

impl Found {
    pub fn span(&self) -> Span {
        self.span
    }
}

pub fn extract(lines: &[&str]) -> Vec<Found> {
    let article = article(lines);
    extractor()
        .extract(&article)
        .iter()
        .map(|m| Found {
            block: m.block,
            kind: m.kind,
            text: m.text(&article).to_string(),
            canonical: m.canonical(),
            span: m.span(),
        })
        .collect()
}

/// The mention of `kind` whose surface is `text`.
pub fn find<'m>(ms: &'m [Found], kind: EntityKind, text: &str) -> Option<&'m Found> {
    ms.iter().find(|m| m.kind == kind && m.text == text)
}

#[track_caller]
pub fn assert_has(ms: &[Found], kind: EntityKind, text: &str) {
    assert!(
        find(ms, kind, text).is_some(),
        "no {kind:?} {text:?} in {:#?}",
        ms.iter().map(|m| (m.kind, &m.text)).collect::<Vec<_>>()
    );
}

/// Every mention of `kind` with surface `text` stands for `canonical`.
#[track_caller]
pub fn assert_canonical(ms: &[Found], kind: EntityKind, text: &str, canonical: &str) {
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
