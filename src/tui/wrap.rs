//! Word wrapping over grapheme clusters measured in terminal cells. Used instead of ratatui's
//! `Paragraph::wrap`, which panics on wide characters in narrow areas (ratatui issue 2679).
//! Lines are byte ranges into the input, so positions stay text offsets.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells a grapheme cluster takes on screen.
pub fn grapheme_width(g: &str) -> usize {
    g.width()
}

/// Cells a string takes on screen.
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` cut to `width` cells, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

/// Breaks `text` into lines of at most `width` cells: at spaces when possible, inside a word
/// when the word alone is too long. Spaces at a break are dropped. A single grapheme wider
/// than `width` gets a line of its own (it cannot be split). Always returns at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // The last space on the current line: (its byte start, the byte after it, cells before it).
    let mut last_space: Option<(usize, usize)> = None;
    for (i, g) in text.grapheme_indices(true) {
        let w = grapheme_width(g);
        if is_space(g) {
            if i == start {
                // Leading spaces of a continuation line are dropped.
                start = i + g.len();
                continue;
            }
            if used + w > width {
                lines.push(start..i);
                start = i + g.len();
                used = 0;
                last_space = None;
                continue;
            }
            last_space = Some((i, i + g.len()));
            used += w;
            continue;
        }
        if used + w > width {
            if let Some((space, after)) = last_space.take() {
                lines.push(start..space);
                start = after;
                used = str_width(&text[start..i]);
            }
            if used + w > width && i > start {
                lines.push(start..i);
                start = i;
                used = 0;
            }
        }
        used += w;
    }
    let end = text.trim_end().len().max(start);
    if start < end || lines.is_empty() {
        lines.push(start..end.max(start));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pieces(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_at_spaces() {
        assert_eq!(
            pieces("Tô Lâm thăm Belarus", 8),
            vec!["Tô Lâm", "thăm", "Belarus"]
        );
    }

    #[test]
    fn long_words_hard_wrap() {
        assert_eq!(pieces("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_never_split_or_overflow() {
        for line in pieces("a🌞b中文字", 2) {
            assert!(str_width(line) <= 2, "{line:?}");
        }
        assert_eq!(pieces("🌞", 1), vec!["🌞"]);
    }

    #[test]
    fn nfd_and_nfc_wrap_alike() {
        use unicode_normalization::UnicodeNormalization;
        let nfc = "Nguyễn Phú Trọng đến Hà Nội hôm nay";
        let nfd: String = nfc.nfd().collect();
        let a: Vec<usize> = pieces(nfc, 9).iter().map(|l| str_width(l)).collect();
        let b: Vec<usize> = pieces(&nfd, 9).iter().map(|l| str_width(l)).collect();
        assert_eq!(a, b);
    }

    proptest! {
        #[test]
        fn lines_fit_and_keep_every_non_space(text in "[a-zđệ 🌞中\u{301}]{0,60}", width in 1usize..20) {
            let lines = wrap(&text, width);
            prop_assert!(!lines.is_empty());
            let mut rebuilt = String::new();
            for r in &lines {
                let line = &text[r.clone()];
                let fits = str_width(line) <= width || line.graphemes(true).count() == 1;
                prop_assert!(fits, "line {:?} over width {}", line, width);
                rebuilt.push_str(line);
            }
            let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(strip(&rebuilt), strip(&text));
        }
    }
}
