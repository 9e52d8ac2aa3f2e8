//! Acting on what is read: the sentence under the reader's cursor (copied with `y`,
//! bookmarked with `m`), the article's web address (copied with `Y`, opened with `o`), and the
//! bookmarks list (`'`).

use super::{App, Popup};
use crate::corpus::printable;
use crate::tui::effect::{web_address, Effect};
use crate::tui::screen::Focus;
use crate::tui::state::Bookmark;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Longest bookmark text kept (characters): enough to recognise the sentence.
const BOOKMARK_CHARS: usize = 200;

/// The sentence of `text` around `offset`: the one containing it, or with `starting` the first
/// one starting at or after it (else the one containing it).
pub fn sentence_at(text: &str, offset: usize, starting: bool) -> Option<Range<usize>> {
    let mut containing = None;
    for (start, s) in text.split_sentence_bound_indices() {
        let end = start + s.len();
        if starting && start >= offset && !s.trim().is_empty() {
            return Some(trimmed(text, start..end));
        }
        if containing.is_none() && offset < end {
            containing = Some(trimmed(text, start..end));
            if !starting {
                break;
            }
        }
    }
    containing.or_else(|| (!text.trim().is_empty()).then(|| trimmed(text, 0..text.len())))
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    start..(r.start + s.trim_end().len()).max(start)
}

impl App {
    /// The reader's cursor sentence: around the selected mention, else around the target's
    /// current mention in this article, else the first sentence starting on screen.
    /// (document, block, byte range).
    pub fn cursor_sentence(&self) -> Option<(usize, usize, Range<usize>)> {
        let doc = self.open?;
        let d = self.lib.docs.get(doc)?;
        let around = self
            .selected_mention
            .and_then(|i| d.mentions.get(i))
            .map(|m| (m.block as usize, m.span().start))
            .or_else(|| {
                let t = self.target.as_ref()?;
                let h = t.hits.get(t.current?)?;
                (h.doc == doc).then_some((h.block, h.span.start))
            });
        let (block, offset, starting) = match around {
            Some((b, o)) => (b, o, false),
            None => {
                let (_, b, o) = self.text_position()?;
                (b, o, true)
            }
        };
        let text = &d.article.blocks.get(block)?.text;
        let range = sentence_at(text, offset, starting)?;
        Some((doc, block, range))
    }

    pub(super) fn copy_sentence(&mut self) {
        let Some((doc, block, range)) = self.cursor_sentence() else {
            self.message = Some("nothing to copy here".into());
            return;
        };
        let text = self.lib.docs[doc].article.blocks[block].text[range].to_string();
        self.message = Some(format!("copied: {}", crate::tui::wrap::fit(&text, 60)));
        self.effects.push(Effect::Copy(text));
    }

    /// The open article's web address, when it has one.
    fn open_url(&self) -> Option<String> {
        let d = self.lib.docs.get(self.open?)?;
        d.document.url.clone()
    }

    pub(super) fn copy_url(&mut self) {
        match self.open_url() {
            Some(url) => {
                self.message = Some(format!("copied: {}", printable(&url)));
                self.effects.push(Effect::Copy(url));
            }
            None => self.no_address(),
        }
    }

    pub(super) fn open_in_browser(&mut self) {
        match self.open_url() {
            Some(url) if web_address(&url).is_some() => {
                self.message = Some(format!("opening {}", printable(&url)));
                self.effects.push(Effect::Open(url));
            }
            Some(url) => {
                self.message = Some(format!("not a web address: {}", printable(&url)));
            }
            None => self.no_address(),
        }
    }

    fn no_address(&mut self) {
        let file = self
            .open
            .and_then(|d| self.lib.docs.get(d))
            .map(|d| printable(&d.document.path.display().to_string()))
            .unwrap_or_default();
        self.message = Some(format!("no web address: this article is the file {file}"));
    }

    pub(super) fn bookmark(&mut self) {
        let Some((doc, block, range)) = self.cursor_sentence() else {
            self.message = Some("nothing to bookmark here".into());
            return;
        };
        let Some(id) = self.lib.doc_id(doc).map(str::to_string) else {
            return;
        };
        if self
            .bookmarks
            .iter()
            .any(|b| b.doc == id && b.block == block && b.start == range.start)
        {
            self.message = Some("already bookmarked — ' lists the bookmarks".into());
            return;
        }
        let text: String = self.lib.docs[doc].article.blocks[block].text[range.clone()]
            .chars()
            .take(BOOKMARK_CHARS)
            .collect();
        self.message = Some(format!(
            "bookmarked: {} — ' lists the bookmarks",
            crate::tui::wrap::fit(&text, 50)
        ));
        self.bookmarks.push(Bookmark {
            doc: id,
            block,
            start: range.start,
            end: range.end,
            text: printable(&text),
        });
    }

    /// The bookmark shown at `row` of the list (newest first).
    pub fn bookmark_at(&self, row: usize) -> Option<&Bookmark> {
        self.bookmarks.iter().rev().nth(row)
    }

    pub(super) fn show_bookmarks(&mut self) {
        if self.bookmarks.is_empty() {
            self.message = Some("no bookmarks yet: m in the reader marks a sentence".into());
            return;
        }
        self.popup = Some(Popup::Bookmarks { selected: 0 });
    }

    pub(super) fn jump_to_bookmark(&mut self, row: usize) {
        let Some(b) = self.bookmark_at(row).cloned() else {
            return;
        };
        let place = self.lib.doc_index(&b.doc).filter(|&d| {
            self.lib.docs[d]
                .article
                .blocks
                .get(b.block)
                .is_some_and(|blk| b.start <= blk.text.len() && blk.text.is_char_boundary(b.start))
        });
        let Some(doc) = place else {
            self.message = Some(format!(
                "the bookmarked article {} is not in this corpus (any more)",
                printable(&b.doc)
            ));
            return;
        };
        self.popup = None;
        self.push_jump();
        self.open_document(doc);
        self.selected_mention = None;
        self.reveal(b.block, b.start);
        self.set_focus(Focus::Reader);
    }

    pub(super) fn delete_bookmark(&mut self, row: usize) {
        let n = self.bookmarks.len();
        if row < n {
            self.bookmarks.remove(n - 1 - row);
        }
        self.popup = (!self.bookmarks.is_empty()).then_some(Popup::Bookmarks {
            selected: row.min(self.bookmarks.len().saturating_sub(1)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_around_an_offset() {
        let t = "Hai bên ký kết. Ông Lukashenko đánh giá cao. Đoàn rời Minsk.";
        let at = |o, s| sentence_at(t, o, s).map(|r| &t[r]);
        assert_eq!(at(20, false), Some("Ông Lukashenko đánh giá cao."));
        assert_eq!(at(0, false), Some("Hai bên ký kết."));
        // The first sentence starting at or after the offset.
        assert_eq!(at(3, true), Some("Ông Lukashenko đánh giá cao."));
        assert_eq!(at(t.len() - 3, true), Some("Đoàn rời Minsk."));
        assert_eq!(sentence_at("", 0, true), None);
    }
}
