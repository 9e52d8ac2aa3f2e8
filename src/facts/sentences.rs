//! Sentences of a block, robust to news typography: a period ends a sentence only when white
//! space and a sentence start follow, so "A.Lukashenko", "1.000", "207.600km2" and "TP.HCM" never
//! split; known abbreviations ("TP. Hồ Chí Minh", "TS. Nguyễn") and initials ("A. Lukashenko")
//! do not end one either; closing quotes stay with their sentence; an ellipsis ends a sentence
//! only before a capital ("máy tính... từ Belarus" goes on).

use rustc_hash::FxHashSet;
use std::ops::Range;

/// Characters that may close a sentence after its final punctuation.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// Characters a sentence may start with besides capitals and digits.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '–' | '—'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Byte ranges of the sentences of `text`, trimmed, in order; together they cover every
/// non-blank character.
pub fn split(text: &str, abbreviations: &FxHashSet<String>) -> Vec<Range<usize>> {
    // Walks byte offsets rather than collecting the characters: a list of them would take 16
    // bytes per character of the block (a one-line 8 MB block made a 130 MB list).
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    // Terminators are '.', '!', '?' and '…': skip to the next one. Both searches are SIMD (a
    // byte loop over every block was most of the split), each kept until the walk passes it.
    let bytes = text.as_bytes();
    let ascii_from = |from: usize| {
        memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map_or(bytes.len(), |k| from + k)
    };
    // The searcher built once, not per block.
    static ELLIPSIS: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let ellipsis = ELLIPSIS.get_or_init(|| memchr::memmem::Finder::new("…"));
    let ellipsis_from = |from: usize| {
        ellipsis
            .find(&bytes[from..])
            .map_or(bytes.len(), |k| from + k)
    };
    let (mut next_ascii, mut next_ellipsis) = (ascii_from(0), ellipsis_from(0));
    loop {
        if next_ascii < pos {
            next_ascii = ascii_from(pos);
        }
        if next_ellipsis < pos {
            next_ellipsis = ellipsis_from(pos);
        }
        pos = next_ascii.min(next_ellipsis);
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        let at = pos;
        // The run of terminators and closers: "...", "?!", ".”".
        let mut end = at;
        let mut terminators = 0;
        for t in text[at..].chars().take_while(|&t| is_terminator(t)) {
            terminators += 1;
            end += t.len_utf8();
        }
        end += text[end..]
            .chars()
            .take_while(|&t| is_closer(t))
            .map(char::len_utf8)
            .sum::<usize>();
        let followed_by_space = text[end..].chars().next().is_none_or(char::is_whitespace);
        let next = text[end..].chars().find(|n| !n.is_whitespace());
        let starts_sentence =
            next.is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || is_opener(n));
        let single_period = c == '.' && terminators == 1;
        if followed_by_space
            && starts_sentence
            && !(single_period && is_abbreviation(&text[start..at], abbreviations))
        {
            push_trimmed(&mut out, text, start, end);
            start = end;
        }
        pos = end;
    }
    push_trimmed(&mut out, text, start, text.len());
    out
}

/// The word right before a period is a known abbreviation or a single capital (an initial).
fn is_abbreviation(before: &str, abbreviations: &FxHashSet<String>) -> bool {
    // Abbreviations are short: look back a few bytes only (a long unbroken run stays linear).
    let mut from = before.len().saturating_sub(16);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let word = before[from..]
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut letters = word.chars();
    let initial = matches!((letters.next(), letters.next()), (Some(l), None) if l.is_uppercase());
    initial || abbreviations.contains(word)
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if start + lead < end - trail {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::lexicon::lexicon;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, &lexicon().abbreviations)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn two_plain_sentences() {
        assert_eq!(
            sentences("Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992. Kim ngạch thương mại đạt 60 triệu USD."),
            [
                "Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992.",
                "Kim ngạch thương mại đạt 60 triệu USD."
            ]
        );
    }

    #[test]
    fn news_typography_does_not_split() {
        let one = [
            "Tổng Bí thư Tô Lâm hội đàm hẹp với Tổng thống Belarus A.Lukashenko tại TP.HCM.",
            "Belarus có diện tích khoảng 207.600km2 và 1.000 doanh nghiệp.",
            "Ông gặp TS. Nguyễn Văn An tại TP. Hồ Chí Minh hôm qua.",
            "Tổng thống A. Lukashenko tiếp đoàn.",
            "Việt Nam xuất sang Belarus gạo, hạt điều, máy tính... từ nhiều năm nay.",
            "\"Đây sẽ là hoạt động tri ân đầu tiên.\", Đại sứ cho biết.",
        ];
        for s in one {
            assert_eq!(sentences(s), [s], "{s}");
        }
    }

    #[test]
    fn quotes_and_ellipses_end_sentences_before_a_capital() {
        assert_eq!(
            sentences(
                "Tổng thống Biden nói. “Cách đây một năm, tại Hà Nội.” Nhà lãnh đạo Hoa Kỳ tiếp…"
            ),
            [
                "Tổng thống Biden nói.",
                "“Cách đây một năm, tại Hà Nội.”",
                "Nhà lãnh đạo Hoa Kỳ tiếp…"
            ]
        );
        assert_eq!(
            sentences("Đây là dấu mốc quan trọ... Hai bên ký kết."),
            ["Đây là dấu mốc quan trọ...", "Hai bên ký kết."]
        );
        assert_eq!(
            sentences("ngày 3/7/2024. (Ảnh: TTXVN)"),
            ["ngày 3/7/2024.", "(Ảnh: TTXVN)"]
        );
    }

    #[test]
    fn cover_every_character_and_never_panic() {
        for text in ["", "   ", "...", ". A", "Ồ! Ừ? Được…", "a.b. c. D"] {
            let got = split(text, &lexicon().abbreviations);
            let joined: String = got.iter().map(|r| text[r.clone()].to_string()).collect();
            let squeezed: String = text.split_whitespace().collect();
            assert_eq!(joined.split_whitespace().collect::<String>(), squeezed);
        }
    }
}
