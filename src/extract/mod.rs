//! Finding entity mentions in a cleaned [`Article`]: people, organisations, places, dates,
//! amounts of money, named documents and events. Rules plus gazetteers from `assets/`.

use crate::assets::Assets;
use crate::clean::Article;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Date,
    Money,
    Document,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Document,
        EntityKind::Event,
    ];

    /// The lower-case name used in the export (`"person"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Date => "date",
            EntityKind::Money => "money",
            EntityKind::Document => "document",
            EntityKind::Event => "event",
        }
    }
}

/// Byte range into a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A mention found in one article, before linking across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMention {
    /// Index into `Article::blocks`.
    pub block: usize,
    pub span: Span,
    pub kind: EntityKind,
    /// The surface text, `block.text[span]`.
    pub text: String,
    /// The canonical form this mention stands for within its article: the full name the
    /// article uses for the entity ("Aleksandr Lukashenko" for a later "Lukashenko"), the
    /// expansion of an acronym defined or known ("Liên Hợp Quốc" for "LHQ"), the normalised date
    /// ("11-12/5/2025", "1992") or amount ("65 triệu USD"). Linking keys on it.
    pub canonical: String,
}

/// The extractor, holding the gazetteers and compiled rules. Build once, use for every article.
pub struct Extractor {
    #[allow(dead_code)]
    assets: Assets,
}

impl Extractor {
    pub fn new(assets: Assets) -> Self {
        Self { assets }
    }

    /// Mentions in reading order (block, then start), non-overlapping.
    pub fn extract(&self, article: &Article) -> Vec<RawMention> {
        // Placeholder: runs of two or more capitalised words are locations; d/m/yyyy are dates.
        let names = regex::Regex::new(r"\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+").expect("valid regex");
        let dates = regex::Regex::new(r"\b\d{1,2}/\d{1,2}/\d{4}\b").expect("valid regex");
        let mut out = Vec::new();
        for (block, b) in article.blocks.iter().enumerate() {
            for (re, kind) in [(&names, EntityKind::Location), (&dates, EntityKind::Date)] {
                for m in re.find_iter(&b.text) {
                    out.push(RawMention {
                        block,
                        span: Span {
                            start: m.start(),
                            end: m.end(),
                        },
                        kind,
                        text: m.as_str().to_string(),
                        canonical: m.as_str().to_string(),
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.block, m.span.start));
        out
    }
}
