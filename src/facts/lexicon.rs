//! The word lists of the facts layer (`assets/facts/`), embedded and parsed once.

use crate::assets::parse_list;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A phrase with its flag text (`"hơn|more"` → ("hơn", "more")), words lower-cased.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Lower-case words.
    pub words: Vec<String>,
    /// The phrase as written (for units keeping their case: "MW").
    pub written: String,
    pub flag: String,
}

#[derive(Debug)]
pub struct Lexicon {
    pub abbreviations: FxHashSet<String>,
    pub count_units: Phrases,
    pub measure_units: Phrases,
    pub currencies: Phrases,
    pub qualifiers: Phrases,
    pub measure_verbs: Phrases,
    pub once_events: Phrases,
    /// What each listed word is to the lists below, read through [`Lexicon::marks`].
    marks: FxHashMap<String, Marks>,
}

/// What a lower-case word is to the word lists, as bits: one lookup per word of a fact's
/// sentence, where asking each list in turn was a lookup per list and word.
pub type Marks = u8;
/// A function word (`function_words.txt`).
pub const FUNCTION: Marks = 1;
/// A word that may introduce a date ("vào", "ngày"; `date_introducers.txt`).
pub const INTRODUCER: Marks = 2;
/// The first word of a once-only event (`once_events.txt`).
pub const STARTS_EVENT: Marks = 4;
/// The first word of a measure verb (`measure_verbs.txt`).
pub const STARTS_VERB: Marks = 8;

impl Lexicon {
    /// The marks of the lower-case `word` (none for a word of no list).
    pub fn marks(&self, word: &str) -> Marks {
        self.marks.get(word).copied().unwrap_or(0)
    }
}

/// A phrase list, longest first, with its entries indexed by their first and by their last
/// word: a text asks a list at every word, and most words start or end none of its phrases.
#[derive(Debug)]
pub struct Phrases {
    pub entries: Vec<Entry>,
    /// Per first word, the entries starting with it, in list order.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Per last word, the entries ending with it, in list order.
    by_last: FxHashMap<String, Vec<usize>>,
}

impl Phrases {
    fn new(entries: Vec<Entry>) -> Self {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_last: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (k, e) in entries.iter().enumerate() {
            // `entries` keeps only phrases with words.
            if let (Some(first), Some(last)) = (e.words.first(), e.words.last()) {
                by_first.entry(first.clone()).or_default().push(k);
                by_last.entry(last.clone()).or_default().push(k);
            }
        }
        Self {
            entries,
            by_first,
            by_last,
        }
    }

    /// The entry whose words start `lower` (lower-case words), longest first.
    pub fn match_at(&self, lower: &[impl AsRef<str>]) -> Option<&Entry> {
        let candidates = self.by_first.get(lower.first()?.as_ref())?;
        candidates.iter().map(|&k| &self.entries[k]).find(|e| {
            e.words.len() <= lower.len() && e.words.iter().zip(lower).all(|(a, b)| a == b.as_ref())
        })
    }

    /// Some entry starts with the lower-case `word`.
    pub fn starts_with(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    /// The first words of the entries.
    fn first_words(&self) -> impl Iterator<Item = &str> {
        self.by_first.keys().map(String::as_str)
    }

    /// Some entry ends with the lower-case `word`.
    pub fn ends_with(&self, word: &str) -> bool {
        self.by_last.contains_key(word)
    }

    /// The entry whose words end `lower`, longest first.
    pub fn match_end(&self, lower: &[impl AsRef<str>]) -> Option<&Entry> {
        let candidates = self.by_last.get(lower.last()?.as_ref())?;
        candidates.iter().map(|&k| &self.entries[k]).find(|e| {
            e.words.len() <= lower.len()
                && e.words
                    .iter()
                    .zip(&lower[lower.len() - e.words.len()..])
                    .all(|(a, b)| a == b.as_ref())
        })
    }
}

fn entries(source: &str) -> Phrases {
    let mut out: Vec<Entry> = parse_list(source)
        .into_iter()
        .map(|line| {
            let (phrase, flag) = line.split_once('|').unwrap_or((&line, ""));
            Entry {
                words: phrase.split_whitespace().map(str::to_lowercase).collect(),
                written: phrase.trim().to_string(),
                flag: flag.trim().to_string(),
            }
        })
        .filter(|e| !e.words.is_empty())
        .collect();
    // Longest first: "lượt khách" before "lượt", "km2" before "km".
    out.sort_by_key(|e| std::cmp::Reverse((e.words.len(), e.written.len())));
    Phrases::new(out)
}

fn set(source: &str) -> FxHashSet<String> {
    parse_list(source).into_iter().collect()
}

pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let measure_verbs = entries(include_str!("../../assets/facts/measure_verbs.txt"));
        let once_events = entries(include_str!("../../assets/facts/once_events.txt"));
        let function_words: Vec<String> =
            parse_list(include_str!("../../assets/facts/function_words.txt"))
                .iter()
                .flat_map(|l| l.split_whitespace().map(str::to_lowercase))
                .collect();
        let introducers = parse_list(include_str!("../../assets/facts/date_introducers.txt"));
        let mut marks: FxHashMap<String, Marks> = FxHashMap::default();
        fn mark<'w>(
            marks: &mut FxHashMap<String, Marks>,
            words: impl IntoIterator<Item = &'w str>,
            m: Marks,
        ) {
            for w in words {
                *marks.entry(w.to_string()).or_default() |= m;
            }
        }
        mark(
            &mut marks,
            function_words.iter().map(String::as_str),
            FUNCTION,
        );
        mark(
            &mut marks,
            introducers.iter().map(String::as_str),
            INTRODUCER,
        );
        mark(&mut marks, once_events.first_words(), STARTS_EVENT);
        mark(&mut marks, measure_verbs.first_words(), STARTS_VERB);
        Lexicon {
            abbreviations: set(include_str!("../../assets/facts/abbreviations.txt")),
            count_units: entries(include_str!("../../assets/facts/count_units.txt")),
            measure_units: entries(include_str!("../../assets/facts/measure_units.txt")),
            currencies: entries(include_str!("../../assets/facts/currency_codes.txt")),
            qualifiers: entries(include_str!("../../assets/facts/qualifiers.txt")),
            measure_verbs,
            once_events,
            marks,
        }
    })
}

/// Words of a text, lazily: maximal runs of letters, digits and combining marks, with byte
/// offsets.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    // Inlined: a call per word of every fact's sentence.
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let mut at = self.at;
        let start = loop {
            let (word, len) = word_char_at(self.text, at)?;
            if word {
                break at;
            }
            at += len;
        };
        while let Some((true, len)) = word_char_at(self.text, at) {
            at += len;
        }
        self.at = at;
        Some((start, &self.text[start..at]))
    }
}

/// [`ASCII_WORD`] of an ASCII letter or digit.
const ASCII_ALNUM: u8 = 1;
/// [`ASCII_WORD`] of another ASCII character.
const ASCII_OTHER: u8 = 0;
/// Per byte: an ASCII letter or digit, another ASCII character, or neither (a byte of a
/// longer character). One load, where the two range tests were most of a word's reading.
const ASCII_WORD: [u8; 256] = {
    let mut class = [2; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = if (b as u8).is_ascii_alphanumeric() {
            ASCII_ALNUM
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    class
};

/// Whether the character at byte `at` is a word character, and its length (`None` at the end).
/// ASCII, most of the bytes, is answered undecoded (and inlined: it runs for every character of
/// every sentence).
#[inline(always)]
fn word_char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let bytes = text.as_bytes();
    let b = *bytes.get(at)?;
    match ASCII_WORD[usize::from(b)] {
        ASCII_OTHER => return Some((false, 1)),
        ASCII_ALNUM => return Some((true, 1)),
        _ => {}
    }
    // Vietnamese letters by their first bytes, undecoded: U+0100–U+01BF and U+1E00–U+1EFF are
    // letters, U+0300–U+033F combining marks, U+00C0–U+00FF letters but × and ÷.
    let next = bytes.get(at + 1).copied().unwrap_or(0);
    match b {
        0xc4..=0xc6 | 0xcc => return Some((true, 2)),
        0xc3 => return Some((!matches!(next, 0x97 | 0xb7), 2)),
        0xe1 if matches!(next, 0xb8..=0xbb) => return Some((true, 3)),
        _ => {}
    }
    let c = text[at..].chars().next()?;
    Some((is_word_char(c), c.len_utf8()))
}

fn is_word_char(c: char) -> bool {
    crate::text::is_alphanumeric(c) || is_mark(c)
}

/// The last word of `text` (the last of [`words`]), read from its end.
pub fn last_word(text: &str) -> Option<&str> {
    let (last, c) = text.char_indices().rev().find(|&(_, c)| is_word_char(c))?;
    let start = text[..last]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(&text[start..last + c.len_utf8()])
}

/// Context words before a position are looked for in at most this many bytes, so that looking
/// back from every number or date of a huge paragraph stays linear.
const LOOK_BACK: usize = 96;

/// The text right before `at`: at most [`LOOK_BACK`] bytes, starting on a character boundary.
pub fn before(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

/// The last `n` words before `at`, lower-cased (borrowed when they already are), in reading
/// order.
pub fn last_words(text: &str, at: usize, n: usize) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = words_back(text, at)
        .take(n)
        .map(crate::text::lowercase)
        .collect();
    out.reverse();
    out
}

/// The words before `at` (in the [`before`] window), the last first, as they are written: read
/// from the end and only as far as asked.
pub fn words_back(text: &str, at: usize) -> impl Iterator<Item = &str> {
    // Words are maximal runs, so read from the end they are the same as read from the start;
    // only the last few are looked at (this runs for every number and date of a text).
    let window = before(text, at);
    let mut end = window.len();
    std::iter::from_fn(move || {
        let rest = &window[..end];
        let (last, c) = rest.char_indices().rev().find(|&(_, c)| is_word_char(c))?;
        let start = rest[..last]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        end = start;
        Some(&window[start..last + c.len_utf8()])
    })
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_non_empty() {
        let l = lexicon();
        assert!(!l.abbreviations.is_empty());
        for m in [FUNCTION, INTRODUCER, STARTS_EVENT, STARTS_VERB] {
            assert!(l.marks.values().any(|&v| v & m != 0), "{m}");
        }
        for list in [
            &l.count_units,
            &l.measure_units,
            &l.currencies,
            &l.qualifiers,
            &l.measure_verbs,
            &l.once_events,
        ] {
            assert!(!list.entries.is_empty());
        }
    }

    #[test]
    fn word_characters_told_by_their_bytes_are_word_characters() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let s = format!("{c}a");
            assert_eq!(
                word_char_at(&s, 0),
                Some((is_word_char(c), c.len_utf8())),
                "{c:?}"
            );
        }
    }

    #[test]
    fn words_split_on_punctuation_and_keep_offsets() {
        let w: Vec<(usize, &str)> = words("Hồ Chí Minh, 1957.").collect();
        let texts: Vec<&str> = w.iter().map(|x| x.1).collect();
        assert_eq!(texts, ["Hồ", "Chí", "Minh", "1957"]);
        assert_eq!(w[3].0, "Hồ Chí Minh, ".len());
    }

    #[test]
    fn the_last_word_is_the_last_of_the_words() {
        for text in [
            "",
            " ",
            "Hồ Chí Minh, 1957.",
            "ÁÀ\u{300}b",
            "-- x --",
            "ngữ",
        ] {
            assert_eq!(
                last_word(text),
                words(text).last().map(|(_, w)| w),
                "{text:?}"
            );
        }
    }

    #[test]
    fn looking_back_is_bounded() {
        let long = format!("{} hơn 65", "chữ ".repeat(10_000));
        let at = long.len() - 3;
        assert_eq!(last_words(&long, at, 2), ["chữ", "hơn"]);
        assert!(before(&long, at).len() <= LOOK_BACK);
    }

    #[test]
    fn last_words_read_back_are_the_window_words() {
        let defined = |text: &str, at: usize, n: usize| -> Vec<String> {
            let window: Vec<&str> = words(before(text, at)).map(|(_, w)| w).collect();
            window[window.len().saturating_sub(n)..]
                .iter()
                .map(|w| w.to_lowercase())
                .collect()
        };
        let text = "Dân số Hà Nội, năm 2023: HƠN 8,5 triệu người (Ước tính) — ÁÀ\u{300}b";
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for n in 0..5 {
                assert_eq!(last_words(text, at, n), defined(text, at, n), "{at} {n}");
            }
        }
        let long = format!("{}xyz Đặng", "ngữ".repeat(40));
        assert_eq!(
            last_words(&long, long.len(), 3),
            defined(&long, long.len(), 3)
        );
    }

    #[test]
    fn marks_tell_what_the_lists_tell() {
        let l = lexicon();
        let function_words = parse_list(include_str!("../../assets/facts/function_words.txt"));
        let introducers = parse_list(include_str!("../../assets/facts/date_introducers.txt"));
        let listed = function_words
            .iter()
            .chain(&introducers)
            .map(String::as_str);
        let firsts = l
            .once_events
            .first_words()
            .chain(l.measure_verbs.first_words());
        for w in listed.chain(firsts).chain(["", "xyz", "năm", "Vào", "đạt"]) {
            let m = l.marks(w);
            let function = function_words
                .iter()
                .any(|f| f.split_whitespace().any(|x| x.to_lowercase() == w));
            assert_eq!(m & FUNCTION != 0, function, "{w:?}");
            assert_eq!(
                m & INTRODUCER != 0,
                introducers.iter().any(|i| i == w),
                "{w:?}"
            );
            assert_eq!(m & STARTS_EVENT != 0, l.once_events.starts_with(w), "{w:?}");
            assert_eq!(
                m & STARTS_VERB != 0,
                l.measure_verbs.starts_with(w),
                "{w:?}"
            );
        }
    }

    #[test]
    fn longest_entries_win() {
        let l = lexicon();
        let lower: Vec<String> = ["lượt", "khách", "quốc"].map(String::from).to_vec();
        assert_eq!(
            l.count_units.match_at(&lower).map(|e| e.written.as_str()),
            Some("lượt khách")
        );
    }
}
