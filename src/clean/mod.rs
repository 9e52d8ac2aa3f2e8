//! Turning a [`Document`] into the article a person wants to read: title, headings,
//! paragraphs and captions with their source line ranges; everything else removed with a reason.

use crate::corpus::Document;
use serde::Serialize;

/// A 1-based, inclusive range of physical lines in the source file. Serialises as `[first, last]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineRange {
    pub first: usize,
    pub last: usize,
}

impl LineRange {
    pub fn line(n: usize) -> Self {
        Self { first: n, last: n }
    }
}

impl Serialize for LineRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.first, self.last].serialize(s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Caption,
}

/// One kept piece of the article. `text` is what the reader shows and what mention offsets index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub lines: LineRange,
    pub text: String,
}

/// Why a line was removed from the reading pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Breadcrumbs, menus, font-size buttons, "mobile version" footers.
    Navigation,
    /// Byline, publication time, source credit (pulled into [`Article`] metadata).
    Metadata,
    /// Exact or near repeat of the line above (doubled captions, doubled headlines).
    RepeatedLine,
    /// "Tin bài liên quan", "Đọc nhiều" and the lists under them.
    RelatedList,
    /// Headline or lede of a different story appended after (or inside) this one.
    OtherArticle,
    /// `-`, `*`, `___` and similar.
    Separator,
    /// A line that is only a number.
    StrayNumber,
    /// URL-slug-like lines without diacritics ("infographic khuyen cao ...").
    Slug,
    /// "Xin chờ trong giây lát…", "[Video] …" lists and other page furniture.
    PageFurniture,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub lines: LineRange,
    pub reason: RemovalReason,
}

/// Where the title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleSource {
    /// A headline line in the text (also present as a `Title` block).
    Headline,
    /// No headline: derived from the lead paragraph.
    Lead,
    /// Nothing usable in the text: the file name.
    FileName,
}

/// The cleaned article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: String,
    pub title_source: TitleSource,
    /// Publication time as ISO 8601 (`2025-05-09T14:20+07:00` or `2025-05-09`), when stated.
    pub published: Option<String>,
    /// Byline / source credit, when stated.
    pub byline: Option<String>,
    pub blocks: Vec<Block>,
    pub removed: Vec<Removed>,
}

/// Cleans one document. Total: every non-blank line ends up in exactly one block or one removal.
pub fn clean(doc: &Document) -> Article {
    // Placeholder: every non-blank line is a paragraph; the first line gives the title.
    let blocks: Vec<Block> = doc
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Block {
            kind: BlockKind::Paragraph,
            lines: LineRange::line(i + 1),
            text: l.trim().to_string(),
        })
        .collect();
    let title = blocks
        .first()
        .map(|b| b.text.chars().take(80).collect())
        .unwrap_or_else(|| doc.id.clone());
    Article {
        title,
        title_source: TitleSource::Lead,
        published: None,
        byline: None,
        blocks,
        removed: Vec::new(),
    }
}
