//! Figures: a value with its unit and kind. Amounts of money come from the extractor's money
//! mentions (read here for value and currency); percentages, counts with a unit noun ("3 dự án",
//! "ba lần"), areas, populations and other measured quantities are found here, since they are
//! not entities. Vietnamese number writing: "1.000" is a thousand, "46,42" a decimal.

use super::lexicon::{last_words, lexicon, words, words_back, Entry};
use super::{narrow_span, Covered};
use crate::extract::{NarrowSpan, Span};
use crate::text::lowercase;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;
use ustr::Ustr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Money,
    Percent,
    Count,
    Area,
    Population,
    Quantity,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Count => "count",
            FigureKind::Area => "area",
            FigureKind::Population => "population",
            FigureKind::Quantity => "quantity",
        }
    }
}

/// How a figure is hedged: "hơn 65 triệu USD" is more than 65 million.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    MoreThan,
    LessThan,
    About,
    Nearly,
    AtLeast,
    AtMost,
}

impl Qualifier {
    fn parse(flag: &str) -> Option<Qualifier> {
        Some(match flag {
            "more" => Qualifier::MoreThan,
            "less" => Qualifier::LessThan,
            "about" => Qualifier::About,
            "nearly" => Qualifier::Nearly,
            "at_least" => Qualifier::AtLeast,
            "at_most" => Qualifier::AtMost,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Qualifier::MoreThan => "more than",
            Qualifier::LessThan => "less than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::AtLeast => "at least",
            Qualifier::AtMost => "at most",
        }
    }
}

/// A figure found in a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Read through [`Figure::span`].
    span: NarrowSpan,
    pub kind: FigureKind,
    pub value: f64,
    /// "USD", "VND", "%", "dự án", "km2"… (interned: a corpus has few, over and over).
    pub unit: Ustr,
    pub qualifier: Option<Qualifier>,
    /// Half the unit of the last digit given ("65 triệu" is 64.5–65.5 million): what the
    /// writer rounded to.
    pub tolerance: f64,
}

impl Figure {
    /// Byte range in the block text (number through unit).
    pub fn span(&self) -> Span {
        self.span.into()
    }

    /// The values the figure allows, `(low, high)`.
    pub fn interval(&self) -> (f64, f64) {
        let (v, t) = (self.value, self.tolerance);
        match self.qualifier {
            None => (v - t, v + t),
            Some(Qualifier::MoreThan | Qualifier::AtLeast) => (v - t, f64::INFINITY),
            Some(Qualifier::LessThan | Qualifier::AtMost) => (f64::NEG_INFINITY, v + t),
            Some(Qualifier::About) => (v * 0.9 - t, v * 1.1 + t),
            Some(Qualifier::Nearly) => (v * 0.9 - t, v + t),
        }
    }

    /// Both figures can be true at once.
    pub fn agrees(&self, other: &Figure) -> bool {
        let (a0, a1) = self.interval();
        let (b0, b1) = other.interval();
        // Intervals that merely touch ("61" is 60.5–61.5, "62" is 61.5–62.5) do not agree.
        (a0 < b1 && b0 < a1) || self.value == other.value
    }

    /// "65.000.000 USD", "46,42 %", "3 dự án" — the value in full, Vietnamese style.
    pub fn value_label(&self) -> String {
        let mut s = format_number(self.value);
        s.push(' ');
        s.push_str(&self.unit);
        if let Some(q) = self.qualifier {
            s = format!("{} {s}", q.label());
        }
        s
    }
}

/// A number as Vietnamese news writes it: "65.000.000", "46,42".
pub fn format_number(v: f64) -> String {
    let negative = v < 0.0;
    let v = v.abs();
    let whole = v.trunc() as u128;
    let frac = ((v - v.trunc()) * 100.0).round() as u128;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if frac > 0 {
        grouped.push(',');
        let f = format!("{frac:02}");
        grouped.push_str(f.trim_end_matches('0'));
    }
    if negative {
        grouped.insert(0, '-');
    }
    grouped
}

/// A number written the Vietnamese way, with its precision (the unit of its last digit).
/// "1.000" → 1000, "46,42" → 46.42, "1.6" → 1.6 (a dot before other than three digits is
/// decimal), "98.509,5" → 98509.5.
pub fn parse_number(s: &str) -> Option<(f64, f64)> {
    let (int_part, frac_part) = match s.rsplit_once(',') {
        Some((a, b)) if !a.contains(',') => (a, Some(b)),
        Some(_) => (s, None), // several commas: thousands, English style
        None => (s, None),
    };
    let int_clean: String = if frac_part.is_none() && int_part.contains(',') {
        int_part.replace(',', "")
    } else {
        let groups: Vec<&str> = int_part.split('.').collect();
        let thousands = groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3);
        if groups.len() == 2 && !thousands && frac_part.is_none() {
            // "1.6": a decimal point.
            let v: f64 = format!("{}.{}", groups[0], groups[1]).parse().ok()?;
            return Some((v, 10f64.powi(-(groups[1].len() as i32))));
        }
        if groups.len() > 1 && !thousands {
            return None;
        }
        groups.concat()
    };
    let mut v: f64 = int_clean.parse().ok()?;
    let precision = match frac_part {
        Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => {
            v += format!("0.{f}").parse::<f64>().ok()?;
            10f64.powi(-(f.len() as i32))
        }
        Some(_) => return None,
        None => {
            // Two or more trailing zeros say the writer rounded ("500 người", "810.000 USD");
            // one says little ("60 triệu").
            let zeros = int_clean.chars().rev().take_while(|&c| c == '0').count();
            let zeros = zeros.min(int_clean.len().saturating_sub(1));
            if zeros >= 2 {
                10f64.powi(zeros as i32)
            } else {
                1.0
            }
        }
    };
    Some((v, precision))
}

/// Scale words between a number and its unit.
fn scale(word: &str) -> Option<f64> {
    Some(match word {
        "nghìn" | "ngàn" => 1e3,
        "triệu" => 1e6,
        "tỷ" | "tỉ" => 1e9,
        _ => return None,
    })
}

/// The spelled numerals by their first letter, each as its letters (lower and upper case) and
/// its value.
fn numerals(first: u8) -> &'static [(&'static [(&'static str, &'static str)], f64)] {
    match first {
        b'm' => &[
            (&[("m", "M"), ("ộ", "Ộ"), ("t", "T")], 1.0),
            (&[("m", "M"), ("ư", "Ư"), ("ờ", "Ờ"), ("i", "I")], 10.0),
        ],
        b'h' => &[(&[("h", "H"), ("a", "A"), ("i", "I")], 2.0)],
        b'b' => &[
            (&[("b", "B"), ("a", "A")], 3.0),
            (&[("b", "B"), ("ố", "Ố"), ("n", "N")], 4.0),
            (&[("b", "B"), ("ả", "Ả"), ("y", "Y")], 7.0),
        ],
        b'n' => &[(&[("n", "N"), ("ă", "Ă"), ("m", "M")], 5.0)],
        b's' => &[(&[("s", "S"), ("á", "Á"), ("u", "U")], 6.0)],
        b't' => &[(&[("t", "T"), ("á", "Á"), ("m", "M")], 8.0)],
        b'c' => &[(&[("c", "C"), ("h", "H"), ("í", "Í"), ("n", "N")], 9.0)],
        _ => &[],
    }
}

/// [`BYTE`] of an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`BYTE`] of the first letter of a numeral, in either case.
const NUMERAL_FIRST: u8 = 2;
/// [`BYTE`] of an ASCII digit, or of the first byte of a character from U+0640 on.
const DIGIT_OR_LEAD: u8 = 4;
/// Per byte, its classes.
const BYTE: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            class[b] |= ALNUM;
        }
        if matches!(
            c.to_ascii_lowercase(),
            b'm' | b'h' | b'b' | b'n' | b's' | b't' | b'c'
        ) {
            class[b] |= NUMERAL_FIRST;
        }
        if c.is_ascii_digit() || c >= 0xd9 {
            class[b] |= DIGIT_OR_LEAD;
        }
        b += 1;
    }
    class
};

/// Can `second` be the byte after `first` in a numeral? (Most words with a numeral's first
/// letter are told from the numerals by their second byte.)
#[inline(always)]
const fn may_follow(first: u8, second: u8) -> bool {
    match first.to_ascii_lowercase() {
        // "một", "mười"
        b'm' => matches!(second, 0xe1 | 0xc6),
        // "hai", "ba"
        b'h' => matches!(second, b'a' | b'A'),
        // "ba", "bốn", "bảy"
        b'b' => matches!(second, b'a' | b'A' | 0xe1),
        // "năm"
        b'n' => second == 0xc4,
        // "sáu", "tám"
        b's' | b't' => second == 0xc3,
        // "chín"
        b'c' => matches!(second, b'h' | b'H'),
        _ => false,
    }
}

/// A state of [`SKIP`], as the first index of its row: what the bytes read say about the next.
type Row = u16;
/// After no ASCII letter or digit (a space, a mark, the end of a longer character).
const AFTER_OTHER: Row = 0;
/// After an ASCII letter or digit: no numeral starts here.
const AFTER_ALNUM: Row = 1 << 8;
/// After lead byte 0xE1: U+1E00 on (Vietnamese letters, no digits) by the next byte.
const AFTER_E1: Row = 2 << 8;
/// After a numeral's first letter starting a word, one row per letter of [`FIRSTS`].
const AFTER_FIRST: Row = 3 << 8;
/// The first letters of the numerals, grouped as [`may_follow`] tells them ("s" for "t").
const FIRSTS: [u8; 6] = *b"mhbnsc";
/// Stop: [`found_from`] has to look at this byte (kept to the end of the bytes given).
const STOP_HERE: Row = 9 << 8;
/// Stop: [`found_from`] has to look at the byte before this one.
const STOP_BEFORE: Row = 10 << 8;
/// Rows as a power of two, so that a masked index needs no bounds check.
const SKIP_LEN: usize = 16 << 8;

/// The row of a numeral's first letter (either case) in [`FIRSTS`].
const fn first_row(letter: u8) -> Row {
    let letter = match letter.to_ascii_lowercase() {
        b't' => b's',
        l => l,
    };
    let mut k = 0;
    while FIRSTS[k] != letter {
        k += 1;
    }
    AFTER_FIRST + ((k as Row) << 8)
}

/// Per state and byte, the next state: one load a byte tells where [`found_from`] can skip,
/// where its tests of each byte (a numeral's first letter, its neighbours, a lead byte) were
/// most of a figure scan. It stops wherever [`found_from`] might find something, and at
/// nothing it would pass: a digit, a lead byte that may start one, the letter before a
/// second byte [`may_follow`] allows after a word start.
const SKIP: [Row; SKIP_LEN] = {
    let mut next = [STOP_HERE; SKIP_LEN];
    let mut row = 0;
    while row < (STOP_BEFORE >> 8) as usize {
        let state = (row << 8) as Row;
        let after_alnum = state == AFTER_ALNUM || (state >= AFTER_FIRST && state < STOP_HERE);
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            // The byte before starts a numeral, or a character below U+1E00 (maybe a digit).
            let numeral = state >= AFTER_FIRST
                && state < STOP_HERE
                && may_follow(FIRSTS[((state - AFTER_FIRST) >> 8) as usize], c);
            let below_letters = state == AFTER_E1 && c < 0xb8;
            next[row << 8 | b] = if state == STOP_HERE {
                STOP_HERE
            } else if numeral || below_letters {
                STOP_BEFORE
            } else if c == 0xe1 {
                AFTER_E1
            } else if BYTE[b] & DIGIT_OR_LEAD != 0 && c != 0xe2 {
                STOP_HERE
            } else if BYTE[b] & NUMERAL_FIRST != 0 && !after_alnum {
                first_row(c)
            } else if BYTE[b] & ALNUM != 0 {
                AFTER_ALNUM
            } else {
                AFTER_OTHER
            };
            b += 1;
        }
        row += 1;
    }
    let mut b = 0;
    while b < 256 {
        next[(STOP_BEFORE as usize) | b] = STOP_BEFORE;
        b += 1;
    }
    next
};

/// The first byte from `at` on that [`found_from`] has to look at.
fn next_candidate(bytes: &[u8], at: usize) -> Option<usize> {
    let step = |row: Row, b: u8| SKIP[usize::from(row | Row::from(b)) & (SKIP_LEN - 1)];
    let after_alnum = at
        .checked_sub(1)
        .and_then(|p| bytes.get(p))
        .is_some_and(|&b| BYTE[usize::from(b)] & ALNUM != 0);
    let mut row = if after_alnum {
        AFTER_ALNUM
    } else {
        AFTER_OTHER
    };
    let stop = |row: Row, at: usize| at - usize::from(row == STOP_BEFORE);
    // Eight bytes at a time: a stop state keeps to the end, so a chunk is told by its last
    // state, and read again byte by byte only when it stopped.
    let (chunks, tail) = bytes.get(at..)?.as_chunks::<8>();
    for (k, chunk) in chunks.iter().enumerate() {
        let end = chunk.iter().fold(row, |r, &b| step(r, b));
        if end >= STOP_HERE {
            for (i, &b) in chunk.iter().enumerate() {
                row = step(row, b);
                if row >= STOP_HERE {
                    return Some(stop(row, at + 8 * k + i));
                }
            }
        }
        row = end;
    }
    let base = at + 8 * chunks.len();
    for (i, &b) in tail.iter().enumerate() {
        row = step(row, b);
        if row >= STOP_HERE {
            return Some(stop(row, base + i));
        }
    }
    None
}

/// Does `rest` start with `prefix`? (Compared in place: a call to compare a few bytes cost
/// more than comparing them.)
#[inline(always)]
fn starts(rest: &[u8], prefix: &[u8]) -> bool {
    rest.len() >= prefix.len() && rest.iter().zip(prefix).all(|(a, b)| a == b)
}

/// The spelled numeral starting at `at` (the first byte of a character after no ASCII letter
/// or digit), each letter in either case, not followed by an ASCII letter, digit or underscore
/// ("bao" is no "ba"; "ba." is), and after no other letter or digit: its value and end. What
/// the pattern `(?i:một|hai|…|mười)(?-u:\b)` found, less its matches inside words (dropped
/// after it) and with a long s ("ſáu", not a numeral lower-cased either); read by hand, as the
/// pattern cost a pass of the whole text per block.
fn spelled_at(text: &str, at: usize) -> Option<(f64, usize)> {
    let bytes = text.as_bytes();
    let (value, end) = numerals(bytes.get(at)?.to_ascii_lowercase())
        .iter()
        .find_map(|&(letters, value)| {
            let mut end = at;
            for &(lower, upper) in letters {
                let rest = &bytes[end..];
                end += if starts(rest, lower.as_bytes()) {
                    lower.len()
                } else if starts(rest, upper.as_bytes()) {
                    upper.len()
                } else {
                    return None;
                };
            }
            let bounded = bytes
                .get(end)
                .is_none_or(|&b| BYTE[usize::from(b)] & ALNUM == 0 && b != b'_');
            bounded.then_some((value, end))
        })?;
    let starts_word = !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    starts_word.then_some((value, end))
}

/// A Unicode decimal digit (what `\d` matches), ASCII ones answered at once, and the
/// characters below the first other digit (U+0660) or in U+1E00–U+2FFF (Vietnamese letters,
/// punctuation, symbols) without a lookup.
fn is_digit(c: char) -> bool {
    static DIGIT: OnceLock<Regex> = OnceLock::new();
    match c {
        '0'..='9' => true,
        _ if (c as u32) < 0x660 || ('\u{1E00}'..='\u{2FFF}').contains(&c) => false,
        _ => {
            c.is_numeric()
                && DIGIT
                    .get_or_init(|| Regex::new(r"^\d$").expect("digit pattern"))
                    .is_match(c.encode_utf8(&mut [0; 4]))
        }
    }
}

/// The length of the digit at `at`, if a digit starts there.
fn digit_at(text: &str, at: usize) -> Option<usize> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        return b.is_ascii_digit().then_some(1);
    }
    let c = text.get(at..)?.chars().next()?;
    is_digit(c).then(|| c.len_utf8())
}

/// What [`found`] finds: a number ("1.000", "46,42", as `\d+(?:[.,]\d+)*` finds them left to
/// right), or a spelled numeral ([`spelled_at`]) with its value.
enum Found {
    Number(usize, usize),
    Spelled(usize, usize, f64),
}

/// Numbers and spelled numerals, in one pass over the bytes of `text` (each pattern had cost a
/// pass of an automaton over every block): a byte that is neither a digit, nor a numeral's first
/// letter after no letter or digit, nor the first byte of a character that may be a digit, is
/// told by one load.
fn found(text: &str) -> impl Iterator<Item = Found> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (found, next) = found_from(text, at)?;
        at = next;
        Some(found)
    })
}

/// The first of [`found`] from byte `at` on, and where to go on from. (A function of its own:
/// the position is a local, where the iterator's state was stored at every byte.)
fn found_from(text: &str, mut at: usize) -> Option<(Found, usize)> {
    let bytes = text.as_bytes();
    loop {
        at = next_candidate(bytes, at)?;
        let b = *bytes.get(at)?;
        let class = BYTE[usize::from(b)];
        if class & (NUMERAL_FIRST | DIGIT_OR_LEAD) == 0 {
            at += 1;
            continue;
        }
        let start = at;
        if class & NUMERAL_FIRST != 0 {
            at += 1;
            let after_alnum = start > 0 && BYTE[usize::from(bytes[start - 1])] & ALNUM != 0;
            if !after_alnum && may_follow(b, bytes.get(at).copied().unwrap_or(0)) {
                if let Some((value, end)) = spelled_at(text, start) {
                    return Some((Found::Spelled(start, end, value), at));
                }
            }
            continue;
        }
        let digit = match b {
            b'0'..=b'9' => true,
            // U+1E00–U+2FFF: Vietnamese letters, punctuation; no digits.
            0xe1 if bytes.get(at + 1).is_some_and(|&n| n >= 0xb8) => false,
            0xe2 => false,
            _ => digit_at(text, at).is_some(),
        };
        if !digit {
            // Past the character, by its first byte (from U+0640 on).
            at += match b {
                0xf0.. => 4,
                0xe0.. => 3,
                _ => 2,
            };
            continue;
        }
        let mut end = start;
        while let Some(n) = digit_at(text, end) {
            end += n;
        }
        while matches!(bytes.get(end), Some(b'.' | b',')) {
            let Some(n) = digit_at(text, end + 1) else {
                break;
            };
            end += 1 + n;
            while let Some(n) = digit_at(text, end) {
                end += n;
            }
        }
        return Some((Found::Number(start, end), end));
    }
}

/// A value with its scale words read: "65 triệu", "2 nghìn tỷ".
struct Scaled {
    value: f64,
    tolerance: f64,
    /// End of the number and its scale words (byte offset).
    end: usize,
}

/// Reads the scale words after a number ending at `at`.
fn read_scale(text: &str, at: usize, value: f64, precision: f64) -> Scaled {
    let mut factor = 1.0;
    let mut end = at;
    for (offset, w) in words(&text[at..]).take(3) {
        let gap = &text[end..at + offset];
        if !gap.chars().all(char::is_whitespace) {
            break;
        }
        match scale(&lowercase(w)) {
            Some(s) => {
                factor *= s;
                end = at + offset + w.len();
            }
            None => break,
        }
    }
    Scaled {
        value: value * factor,
        tolerance: precision * factor / 2.0,
        end,
    }
}

/// Words read after a number: at most [`AFTER`].
const AFTER: usize = 3;

/// The lower-case words of a text from a point, with their offsets, in place (three lists
/// allocated for each number of a text were most of the reading).
struct WordsAfter<'t> {
    len: usize,
    lower: [Cow<'t, str>; AFTER],
    starts: [usize; AFTER],
    ends: [usize; AFTER],
}

impl<'t> WordsAfter<'t> {
    fn lower(&self) -> &[Cow<'t, str>] {
        &self.lower[..self.len]
    }

    fn starts(&self) -> &[usize] {
        &self.starts[..self.len]
    }

    fn ends(&self) -> &[usize] {
        &self.ends[..self.len]
    }
}

/// The lower-case words of `text` from `at` (at most [`AFTER`]), with their offsets; the
/// first alone when `more` says the next cannot matter (most words after a number start no
/// unit, and lower-casing the two after them was most of the reading).
fn words_after(text: &str, at: usize, more: impl Fn(&str) -> bool) -> WordsAfter<'_> {
    let mut out = WordsAfter {
        len: 0,
        lower: Default::default(),
        starts: [0; AFTER],
        ends: [0; AFTER],
    };
    for (offset, w) in words(&text[at..]).take(AFTER) {
        if out.len == 1 && !more(&out.lower[0]) {
            break;
        }
        out.lower[out.len] = lowercase(w);
        out.starts[out.len] = at + offset;
        out.ends[out.len] = at + offset + w.len();
        out.len += 1;
    }
    out
}

/// Only spaces between `from` and `to` (none at all for units glued on, "207.600km2").
fn only_space(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|g| g.chars().all(char::is_whitespace))
}

/// The qualifier right before `start`, skipping count-only restrictions for counts.
fn qualifier_before(text: &str, start: usize, count: bool) -> Option<Qualifier> {
    let before = last_words(text, start, 3);
    // Only words and spaces between the qualifier and the figure.
    let tail = super::lexicon::before(text, start).trim_end();
    if tail.ends_with(|c: char| !c.is_alphanumeric() && !is_combining(c)) {
        return None;
    }
    let e: &Entry = lexicon().qualifiers.match_end(&before)?;
    let mut flags = e.flag.split(',');
    let kind = Qualifier::parse(flags.next().unwrap_or(""))?;
    if count && flags.any(|f| f == "not_count") {
        return None;
    }
    Some(kind)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// Percentages, counts, areas, populations and quantities in a block's text. `taken` are the
/// spans of mentions (dates, money, names) whose digits are not figures of this kind.
pub fn find(text: &str, taken: &[Span]) -> Vec<Figure> {
    let lex = lexicon();
    let taken = Covered::new(taken.iter().copied());
    let mut out = Vec::new();
    for f in found(text) {
        match f {
            Found::Number(start, end) => {
                // Part of a longer token ("AMMTC18", "Covid-19", "3/7") or an ordinal ("thứ 4").
                let glued_before = text[..start].chars().next_back().is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ',' | '+')
                });
                if glued_before || taken.overlaps(start, end) {
                    continue;
                }
                let last_word = words_back(text, start).next().map(lowercase);
                if matches!(
                    last_word.as_deref(),
                    Some("thứ" | "số" | "cấp" | "lần" | "khóa")
                ) {
                    continue;
                }
                let Some((value, precision)) = parse_number(&text[start..end]) else {
                    continue;
                };
                let scaled = read_scale(text, end, value, precision);
                if let Some(f) = unit_after(text, start, &scaled, &taken) {
                    out.push(f);
                }
            }
            // Spelled numerals before units that allow them: "ba lần", "hai chuyến".
            Found::Spelled(start, end, value) => {
                if taken.overlaps(start, end) {
                    continue;
                }
                let after = words_after(text, end, |w| lex.count_units.starts_with(w));
                let (lower, starts, ends) = (after.lower(), after.starts(), after.ends());
                if starts.first().is_none_or(|&s| !only_space(text, end, s)) {
                    continue;
                }
                let Some(unit) = lex.count_units.match_at(lower) else {
                    continue;
                };
                if !unit.flag.split(',').any(|f| f == "spelled") {
                    continue;
                }
                out.push(Figure {
                    span: narrow_span(Span {
                        start,
                        end: ends[unit.words.len() - 1],
                    }),
                    kind: FigureKind::Count,
                    value,
                    unit: unit.words.join(" ").into(),
                    qualifier: qualifier_before(text, start, true),
                    tolerance: 0.0,
                });
            }
        }
    }
    out.sort_by_key(|f| f.span().start);
    out
}

/// The unit after a number (and its scale), making it a figure.
fn unit_after(text: &str, start: usize, n: &Scaled, taken: &Covered) -> Option<Figure> {
    let lex = lexicon();
    let rest = &text[n.end..];
    let figure = |end: usize, kind: FigureKind, unit: &str| -> Option<Figure> {
        if taken.overlaps(start, end) {
            return None;
        }
        let count = kind == FigureKind::Count;
        Some(Figure {
            span: narrow_span(Span { start, end }),
            kind,
            value: n.value,
            unit: unit.into(),
            qualifier: qualifier_before(text, start, count),
            tolerance: n.tolerance,
        })
    };
    let trimmed = rest.trim_start();
    let gap = rest.len() - trimmed.len();
    if trimmed.starts_with('%') {
        return figure(n.end + gap + 1, FigureKind::Percent, "%");
    }
    let after = words_after(text, n.end, |w| {
        w == "phần" || lex.count_units.starts_with(w)
    });
    let (lower, starts, ends) = (after.lower(), after.starts(), after.ends());
    if lower.is_empty() || !only_space(text, n.end, starts[0]) {
        return None;
    }
    if lower[..2.min(lower.len())] == ["phần", "trăm"] {
        return figure(ends[1], FigureKind::Percent, "%");
    }
    // Measured quantities, unit possibly glued on ("207.600km2", "10 km/h").
    for e in &lex.measure_units.entries {
        let unit = &e.written;
        let at = n.end + gap;
        let Some(after) = text.get(at..).filter(|s| s.starts_with(unit.as_str())) else {
            continue;
        };
        let tail = &after[unit.len()..];
        if tail.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let kind = match e.flag.as_str() {
            "area" => FigureKind::Area,
            _ => FigureKind::Quantity,
        };
        return figure(at + unit.len(), kind, unit);
    }
    let unit = lex.count_units.match_at(lower)?;
    let end = ends[unit.words.len() - 1];
    let population = unit.flag.split(',').any(|f| f == "population")
        || (unit.words == ["người"] && population_context(text, start));
    let kind = if population {
        FigureKind::Population
    } else {
        FigureKind::Count
    };
    figure(end, kind, &unit.words.join(" "))
}

/// "dân số" in the few words before a number of people.
fn population_context(text: &str, start: usize) -> bool {
    last_words(text, start, 6)
        .windows(2)
        .any(|w| w == ["dân", "số"])
}

/// A money mention's text read as a figure: "hơn 65 triệu USD" → 65,000,000 USD (the
/// qualifier is looked for before the mention, at `start` in `text`).
pub fn money(text: &str, span: Span) -> Option<Figure> {
    let lex = lexicon();
    let surface = text.get(span.start..span.end)?;
    let (start, end) = found(surface).find_map(|f| match f {
        Found::Number(start, end) => Some((start, end)),
        Found::Spelled(..) => None,
    })?;
    let (value, precision) = parse_number(&surface[start..end])?;
    let scaled = read_scale(surface, end, value, precision);
    let currency = surface[scaled.end..].trim();
    let unit = lex
        .currencies
        .entries
        .iter()
        .find(|e| e.written == currency)
        .map_or_else(|| currency.to_string(), |e| e.flag.clone());
    if unit.is_empty() {
        return None;
    }
    Some(Figure {
        span: narrow_span(span),
        kind: FigureKind::Money,
        value: scaled.value,
        unit: unit.into(),
        qualifier: qualifier_before(text, span.start + start, false),
        tolerance: scaled.tolerance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, FigureKind, f64, String, Option<Qualifier>)> {
        find(text, &[])
            .into_iter()
            .map(|f| {
                (
                    text[f.span().start..f.span().end].to_string(),
                    f.kind,
                    f.value,
                    f.unit.to_string(),
                    f.qualifier,
                )
            })
            .collect()
    }

    /// The hand-read scan finds what the patterns it replaces found: every number, and every
    /// spelled numeral that starts a word and reads as one lower-cased.
    #[test]
    fn scan_finds_what_the_patterns_found() {
        let number = Regex::new(r"\d+(?:[.,]\d+)*").unwrap();
        let spelled = Regex::new(r"(?i:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?-u:\b)").unwrap();
        let pieces = [
            "1", "23", "4.5", ",", ".", " ", "-", "_", "a", "x", "ba", "BA", "Ba", "bA", "bao",
            "hai", "tHAI", "Một", "MỘT", "mỘt", "MƯỜI", "mười", "bốn", "BỐN", "năm", "NĂM", "sáu",
            "ſáu", "Sáu", "tám", "chín", "CHÍN", "chính", "bảy", "Bảy", "đ", "ư", "ạ", "\u{301}",
            "٣", "١٢", "၃", "Ⴀ", "１", "२", "²", "Ⅳ", "①", "—", "\u{a0}", "“", "中", "😀",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let (mut numbers, mut numerals) = (Vec::new(), Vec::new());
            for f in super::found(&text) {
                match f {
                    Found::Number(s, e) => numbers.push((s, e)),
                    Found::Spelled(s, e, v) => numerals.push((s, e, v)),
                }
            }
            let want: Vec<(usize, usize)> = number
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(numbers, want, "{text:?}");
            let value = |w: &str| {
                NUMERALS_LOWER
                    .iter()
                    .position(|&n| n == w)
                    .map(|k| k as f64 + 1.0)
            };
            let want: Vec<(usize, usize, f64)> = spelled
                .find_iter(&text)
                .filter(|m| {
                    !text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                })
                .filter_map(|m| Some((m.start(), m.end(), value(&lowercase(m.as_str()))?)))
                .collect();
            assert_eq!(numerals, want, "{text:?}");
        }
    }

    const NUMERALS_LOWER: [&str; 10] = [
        "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
    ];

    #[test]
    fn numbers_read_the_vietnamese_way() {
        assert_eq!(parse_number("1.000"), Some((1000.0, 1000.0)));
        assert_eq!(parse_number("60"), Some((60.0, 1.0)));
        assert_eq!(parse_number("46,42").map(|p| p.0), Some(46.42));
        assert_eq!(parse_number("98.509,5").map(|p| p.0), Some(98509.5));
        assert_eq!(parse_number("207.600").map(|p| p.0), Some(207_600.0));
        assert_eq!(parse_number("1.6").map(|p| p.0), Some(1.6));
        assert_eq!(parse_number("65"), Some((65.0, 1.0)));
        assert_eq!(parse_number("1.23.4"), None);
    }

    #[test]
    fn money_mentions_get_value_unit_and_qualifier() {
        let text = "đạt mức cao kỷ lục hơn 65 triệu USD, nhờ";
        let start = text.find("65").unwrap();
        let end = text.find(',').unwrap();
        let f = money(text, Span { start, end }).expect("money");
        assert_eq!(f.value, 65_000_000.0);
        assert_eq!(f.unit, "USD");
        assert_eq!(f.qualifier, Some(Qualifier::MoreThan));
        let text = "với tổng vốn 90.085 tỷ đồng";
        let start = text.find("90").unwrap();
        let f = money(
            text,
            Span {
                start,
                end: text.len(),
            },
        )
        .expect("money");
        assert_eq!((f.value, f.unit.as_str()), (90_085e9, "VND"));
        assert_eq!(f.value_label(), "90.085.000.000.000 VND");
    }

    #[test]
    fn percentages_counts_areas() {
        let got =
            found("GDP tăng 8,23% và có 3 dự án, 28 người chết, diện tích khoảng 207.600km2.");
        let summary: Vec<(&str, FigureKind, f64)> =
            got.iter().map(|g| (g.0.as_str(), g.1, g.2)).collect();
        assert_eq!(
            summary,
            [
                ("8,23%", FigureKind::Percent, 8.23),
                ("3 dự án", FigureKind::Count, 3.0),
                ("28 người", FigureKind::Count, 28.0),
                ("207.600km2", FigureKind::Area, 207_600.0),
            ]
        );
        assert_eq!(got[3].4, Some(Qualifier::About));
    }

    #[test]
    fn spelled_counts_only_where_the_unit_allows() {
        let got = found("Chủ tịch đã ba lần đến thăm; hai nước và một người bạn lớn.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].2), ("ba lần", 3.0));
    }

    #[test]
    fn populations_and_not_figures() {
        let got =
            found("Dân số khoảng 9,2 triệu người; lần thứ 18; AMMTC18; 16 vị trí trên 11 tuyến.");
        assert_eq!(got[0].1, FigureKind::Population);
        assert_eq!(got[0].2, 9_200_000.0);
        assert!(got.iter().all(|g| g.0 != "18"));
        let last = got.last().unwrap();
        assert_eq!(
            (last.0.as_str(), last.4),
            ("11 tuyến", None),
            "'trên' is 'on' here"
        );
    }

    #[test]
    fn agreement_uses_rounding_and_qualifiers() {
        let fig = |v: f64, t: f64, q| Figure {
            span: NarrowSpan::default(),
            kind: FigureKind::Money,
            value: v,
            unit: "USD".into(),
            qualifier: q,
            tolerance: t,
        };
        let more_65 = fig(65e6, 0.5e6, Some(Qualifier::MoreThan));
        assert!(more_65.agrees(&fig(65.3e6, 0.05e6, None)));
        assert!(!more_65.agrees(&fig(46.42e6, 0.005e6, None)));
        assert!(
            fig(500.0, 50.0, None).agrees(&fig(520.0, 0.5, None)),
            "500 is rounded"
        );
        assert!(!fig(61e6, 0.5e6, None).agrees(&fig(62e6, 0.5e6, None)));
    }
}
