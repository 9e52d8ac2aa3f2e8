//! The structure a marked-up source (HTML, Markdown, a feed item's HTML) hands to the cleaner:
//! the text rendered from the markup, one block per run of lines, each with its role in the markup
//! and — for a whole web page — whether the main-content extraction kept it and what kind of page
//! area it sits in. Plain text has none of this and is cleaned from line shapes alone.

use super::{printable, sanitize, Document, Ending, Metadata, Origin};

/// Blocks of a rendered marked-up source, in text order, covering every non-blank line of
/// `Document::text` exactly once.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Markup {
    pub blocks: Vec<MarkedBlock>,
}

/// One block of rendered text: lines `first..=last` (1-based) of `Document::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MarkedBlock {
    pub first: usize,
    pub last: usize,
    pub role: Role,
    /// How much of the block's text is link text (a teaser link, a menu entry: most).
    pub links: Links,
    /// What the page's own structure says this part of the page is.
    pub area: Area,
    /// Part of the main content (for a web page: as the extraction judged it; always true for
    /// Markdown and HTML fragments).
    pub main: bool,
}

/// How much of a block's text is link text.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Links {
    #[default]
    None,
    Some,
    /// At least four fifths.
    Most,
}

/// What a block is in the markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// `<h1>`…`<h6>`, `#`…`######`: the level.
    Heading(u8),
    Paragraph,
    /// `<figcaption>`, a table caption, an image standing alone with its description.
    Caption,
    ListItem,
    Quote,
    /// Preformatted text or a code block (one line per block line).
    Code,
    /// A table row, cells joined by ` | `.
    TableRow,
}

/// The kind of page area a block sits in, from the elements around it (`<nav>`, `<aside>`,
/// class names such as `related` or `share`). Says why a block outside the main content was left
/// out; inside it, marks boxes the extraction let through.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Area {
    #[default]
    Content,
    /// Menus, breadcrumbs, page header and footer.
    Navigation,
    /// Related, recommended, most-read and similar boxes of other stories.
    Related,
    /// Share bars, advertisements, comment sections, subscription prompts.
    Furniture,
    /// The article's own metadata: bylines, dates (`<time>`), reading times.
    Metadata,
}

/// Builds a rendered text and its blocks together, so line numbers always agree.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub text: String,
    /// Lines in `text` so far.
    pub lines: usize,
    pub markup: Markup,
}

impl Rendered {
    /// Appends a block whose lines are `lines` (at least one, none containing `\n`), optionally
    /// after `gap` blank lines.
    pub fn push(&mut self, lines: &[String], gap: usize, block: BlockSpec) {
        if lines.is_empty() {
            return;
        }
        for _ in 0..gap {
            self.new_line();
        }
        let first = self.lines + 1;
        for line in lines {
            self.new_line();
            self.text.push_str(line);
        }
        self.markup.blocks.push(MarkedBlock {
            first,
            last: self.lines,
            role: block.role,
            links: block.links,
            area: block.area,
            main: block.main,
        });
    }

    /// Places a block at lines `first..` (1-based), padding with blank lines up to it; a block
    /// that would start on a line already used starts on the next free one.
    pub fn place(&mut self, first: usize, lines: &[String], block: BlockSpec) {
        let gap = first.saturating_sub(self.lines + 1);
        self.push(lines, gap, block);
    }

    /// The document of this rendering: text sanitised, metadata and URL made printable (empty
    /// values dropped).
    pub fn into_document(
        self,
        origin: Origin,
        meta: Metadata,
        url: Option<String>,
        ending: Ending,
    ) -> Document {
        let shown = |s: Option<String>| s.map(|s| printable(&s)).filter(|s| !s.is_empty());
        Document {
            id: printable(&origin.id),
            path: origin.path,
            text: sanitize(&self.text).into(),
            truncated: ending == Ending::Truncated,
            source: origin.source,
            url: shown(url),
            meta: Metadata {
                title: shown(meta.title),
                published: shown(meta.published),
                byline: shown(meta.byline),
            }
            .into(),
            markup: Some(Box::new(self.markup)),
        }
    }

    fn new_line(&mut self) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.lines += 1;
    }
}

/// A block's properties other than its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockSpec {
    pub role: Role,
    pub links: Links,
    pub area: Area,
    pub main: bool,
}

impl BlockSpec {
    /// A main-content block of a source without page areas (Markdown, an HTML fragment).
    pub fn content(role: Role) -> Self {
        Self {
            role,
            links: Links::None,
            area: Area::Content,
            main: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_lines_agree() {
        let mut r = Rendered::default();
        r.push(&["Title".into()], 0, BlockSpec::content(Role::Heading(1)));
        r.push(
            &["one".into(), "two".into()],
            1,
            BlockSpec::content(Role::Paragraph),
        );
        r.place(7, &["later".into()], BlockSpec::content(Role::Paragraph));
        assert_eq!(r.text, "Title\n\none\ntwo\n\n\nlater");
        let spans: Vec<(usize, usize)> =
            r.markup.blocks.iter().map(|b| (b.first, b.last)).collect();
        assert_eq!(spans, [(1, 1), (3, 4), (7, 7)]);
        // A block placed on a used line goes to the next free one.
        r.place(5, &["next".into()], BlockSpec::content(Role::Paragraph));
        assert_eq!(r.markup.blocks[3].first, 8);
    }
}
