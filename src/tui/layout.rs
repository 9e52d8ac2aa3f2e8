//! An article laid out for one width: paragraphs (header lines, blocks, removed lines) and the
//! wrapped lines over them. Lines are byte ranges into paragraph text, so mention spans and
//! reading positions stay text offsets and survive re-wrapping. Built once per (doc, width,
//! removed-lines toggle) and cached by the app.

use super::nav::{Anchor, ParaId};
use super::wrap::wrap;
use crate::clean::{BlockKind, RemovalReason};
use crate::corpus::{printable, Source};
use crate::pipeline::Processed;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    Title,
    Meta,
    Heading,
    Paragraph,
    Caption,
    Removed,
}

#[derive(Debug, Clone)]
pub struct Para {
    pub id: ParaId,
    pub style: ParaStyle,
    pub text: String,
}

/// One screen row: a byte range of a paragraph, or a blank spacer (`para == None`).
#[derive(Debug, Clone)]
pub struct VisualLine {
    pub para: Option<usize>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct DocLayout {
    pub width: usize,
    pub paras: Vec<Para>,
    pub lines: Vec<VisualLine>,
    /// First line of each paragraph.
    first_line: Vec<usize>,
    index: HashMap<ParaId, usize>,
}

/// Short label of a removal reason, shown before a removed line.
pub fn reason_label(reason: RemovalReason) -> &'static str {
    match reason {
        RemovalReason::Navigation => "navigation",
        RemovalReason::Metadata => "metadata",
        RemovalReason::RepeatedLine => "repeated line",
        RemovalReason::RelatedList => "related list",
        RemovalReason::OtherArticle => "other article",
        RemovalReason::Separator => "separator",
        RemovalReason::StrayNumber => "stray number",
        RemovalReason::Slug => "slug",
        RemovalReason::PageFurniture => "page furniture",
        RemovalReason::SiteFurniture => "site furniture",
        RemovalReason::Boilerplate => "outside content",
    }
}

/// The document's file name (its id when the path has none), safe to print.
pub fn file_label(doc: &Processed) -> String {
    let name = doc.document.path.file_name().map(|f| f.to_string_lossy());
    printable(name.as_deref().unwrap_or(&doc.document.id))
}

/// The metadata line under the title: published · byline · file · URL (a fetched page: its URL
/// alone, the file name being the address's last segment).
pub fn meta_line(doc: &Processed) -> String {
    let article = &doc.article;
    let mut parts = Vec::new();
    if let Some(p) = &article.published {
        parts.push(printable(p));
    }
    if let Some(b) = &article.byline {
        parts.push(printable(b));
    }
    if doc.document.source != Source::Url {
        parts.push(file_label(doc));
    }
    if let Some(url) = &doc.document.url {
        parts.push(printable(url));
    }
    if doc.document.truncated {
        parts.push("truncated".into());
    }
    parts.join(" · ")
}

impl DocLayout {
    pub fn build(doc: &Processed, width: usize, show_removed: bool) -> Self {
        let article = &doc.article;
        let mut paras = Vec::new();
        let has_title_block = article.blocks.iter().any(|b| b.kind == BlockKind::Title);
        if !has_title_block {
            paras.push(Para {
                id: ParaId::Title,
                style: ParaStyle::Title,
                text: printable(&article.title),
            });
        }
        // Body paragraphs in source order: kept blocks and (when shown) removed lines.
        let mut body: Vec<(usize, Para)> = article
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let style = match b.kind {
                    BlockKind::Title => ParaStyle::Title,
                    BlockKind::Heading => ParaStyle::Heading,
                    BlockKind::Paragraph => ParaStyle::Paragraph,
                    BlockKind::Caption => ParaStyle::Caption,
                };
                (
                    b.lines.first(),
                    Para {
                        id: ParaId::Block(i),
                        style,
                        text: b.text.to_string(),
                    },
                )
            })
            .collect();
        if show_removed {
            let source: Vec<&str> = doc.document.text.split('\n').collect();
            for (r, removed) in article.removed.iter().enumerate() {
                for line in removed.lines.first()..=removed.lines.last() {
                    let Some(text) = line.checked_sub(1).and_then(|i| source.get(i)) else {
                        continue;
                    };
                    if text.trim().is_empty() {
                        continue;
                    }
                    body.push((
                        line,
                        Para {
                            id: ParaId::Removed(r, line),
                            style: ParaStyle::Removed,
                            text: format!("{} │ {}", reason_label(removed.reason), text.trim()),
                        },
                    ));
                }
            }
            body.sort_by_key(|(line, p)| (*line, matches!(p.style, ParaStyle::Removed)));
        }
        // The metadata line goes right after the title.
        let meta = Para {
            id: ParaId::Meta,
            style: ParaStyle::Meta,
            text: meta_line(doc),
        };
        let mut rest = body.into_iter().map(|(_, p)| p);
        if has_title_block {
            // Title block(s) first as in the text, then the metadata line.
            let mut before = Vec::new();
            for p in rest.by_ref() {
                let is_title = p.style == ParaStyle::Title;
                before.push(p);
                if is_title {
                    break;
                }
            }
            paras.extend(before);
            paras.push(meta);
        } else {
            paras.push(meta);
        }
        paras.extend(rest);

        let width = width.max(1);
        let mut lines = Vec::new();
        let mut first_line = Vec::with_capacity(paras.len());
        let mut index = HashMap::with_capacity(paras.len());
        let mut previous: Option<ParaStyle> = None;
        for (i, p) in paras.iter().enumerate() {
            let spacer = !matches!(
                (previous, p.style),
                (None, _)
                    | (Some(ParaStyle::Title), ParaStyle::Meta)
                    | (Some(ParaStyle::Removed), ParaStyle::Removed)
            );
            if spacer {
                lines.push(VisualLine {
                    para: None,
                    range: 0..0,
                });
            }
            first_line.push(lines.len());
            index.insert(p.id, i);
            for range in wrap(&p.text, width) {
                lines.push(VisualLine {
                    para: Some(i),
                    range,
                });
            }
            previous = Some(p.style);
        }
        DocLayout {
            width,
            paras,
            lines,
            first_line,
            index,
        }
    }

    /// The line showing `anchor` (the last line of its paragraph starting at or before the offset).
    /// An anchor whose paragraph is not laid out (a removed line, hidden) maps to line 0.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        let Some(&p) = self.index.get(&anchor.para) else {
            return 0;
        };
        let first = self.first_line[p];
        let mut line = first;
        for (i, l) in self.lines.iter().enumerate().skip(first) {
            if l.para != Some(p) || l.range.start > anchor.offset {
                break;
            }
            line = i;
        }
        line
    }

    /// The anchor of a line (a spacer anchors to the paragraph after it).
    pub fn anchor_of(&self, line: usize) -> Anchor {
        let para_line = self.lines[line.min(self.lines.len().saturating_sub(1))..]
            .iter()
            .find_map(|l| l.para.map(|p| (p, l.range.start)));
        match para_line {
            Some((p, offset)) => Anchor {
                para: self.paras[p].id,
                offset,
            },
            None => Anchor::TOP,
        }
    }

    /// The first kept block at or after `line`, with the offset of that line in it.
    pub fn text_position_from(&self, line: usize) -> Option<(usize, usize)> {
        self.lines.iter().skip(line).find_map(|l| {
            let p = l.para?;
            match self.paras[p].id {
                ParaId::Block(b) => Some((b, l.range.start)),
                _ => None,
            }
        })
    }

    /// Anchor of the kept block nearest to `line` (to leave a removed line being hidden): the
    /// first at or after it, else the last before it (removed lines can end an article).
    pub fn block_anchor_near(&self, line: usize) -> Anchor {
        let before = || {
            self.lines[..line.min(self.lines.len())]
                .iter()
                .rev()
                .find_map(|l| match self.paras[l.para?].id {
                    ParaId::Block(b) => Some((b, l.range.start)),
                    _ => None,
                })
        };
        self.text_position_from(line)
            .or_else(before)
            .map_or(Anchor::TOP, |(b, offset)| Anchor {
                para: ParaId::Block(b),
                offset,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::Assets;
    use crate::corpus::Document;
    use crate::extract::Extractor;

    fn processed(path: &str, source: Source, url: Option<&str>) -> Processed {
        let mut document = Document::from_text("x", path, "Hà Nội mưa lớn\n\nNội dung.\n");
        document.source = source;
        document.url = url.map(str::to_string);
        crate::pipeline::process(document, &Extractor::new(Assets::embedded()))
    }

    #[test]
    fn the_line_under_the_title_names_where_the_article_lives() {
        let file = processed("news/a.txt", Source::Text, None);
        assert!(meta_line(&file).ends_with("a.txt"));
        let page = processed(
            "https://x.vn/a-1.html",
            Source::Url,
            Some("https://x.vn/a-1.html"),
        );
        assert!(meta_line(&page).ends_with("https://x.vn/a-1.html"));
        assert!(!meta_line(&page).contains("a-1.html · "));
        let item = processed("feeds/tin.rss", Source::Feed, Some("https://x.vn/b"));
        assert!(meta_line(&item).ends_with("tin.rss · https://x.vn/b"));
    }
}
