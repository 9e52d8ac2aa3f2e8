//! Word and punctuation tokens of a block, with byte offsets, plus the NFC view the rules run on.

use std::borrow::Cow;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// The block text in NFC, with a way back to the caller's byte offsets when the input was not NFC.
pub struct NfcView<'a> {
    pub text: Cow<'a, str>,
    /// For every byte offset of `text` (and its end), the offset in the original; `None` when
    /// the original already was NFC.
    origin: Option<Vec<usize>>,
    /// `text` in lower case at the same offsets, when it has them (see
    /// [`crate::text::lowercase_aligned`]): the tokens' lower case is sliced from it.
    lower: Option<String>,
}

impl<'a> NfcView<'a> {
    pub fn new(original: &'a str) -> Self {
        // Nearly every block is NFC by the blocks of its characters: told in the pass that
        // lower-cases it.
        if let Some(lower) = crate::text::plainly_nfc_lowercase_aligned(original) {
            return Self {
                text: Cow::Borrowed(original),
                origin: None,
                lower,
            };
        }
        if matches!(crate::text::nfc(original), Cow::Borrowed(_)) {
            return Self {
                text: Cow::Borrowed(original),
                origin: None,
                lower: crate::text::lowercase_aligned(original),
            };
        }
        // Compose segment by segment (a starter and its marks) so each composed piece maps back
        // to the original piece it came from.
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut seg_start = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((start, _)) = chars.next() {
            if start < seg_start {
                continue;
            }
            let mut end = original.len();
            while let Some(&(next, c)) = chars.peek() {
                if canonical_combining_class(c) == 0 {
                    end = next;
                    break;
                }
                chars.next();
            }
            let piece: String = original[start..end].nfc().collect();
            origin.extend(std::iter::repeat_n(start, piece.len()));
            text.push_str(&piece);
            seg_start = end;
        }
        origin.push(original.len());
        let lower = crate::text::lowercase_aligned(&text);
        Self {
            text: Cow::Owned(text),
            origin: Some(origin),
            lower,
        }
    }

    /// The tokens of `text[range]` (offsets within the range).
    pub fn tokens(&self, range: Range<usize>) -> Vec<Token<'_>> {
        let lower = self.lower.as_deref().map(|l| &l[range.clone()]);
        tokenize_with(&self.text[range], lower)
    }

    /// The original text lower-cased at the same offsets, when that is what [`Self::text`] and
    /// its lower case are (the original was NFC and no character changed length).
    pub fn original_lower(&self) -> Option<&str> {
        match self.origin {
            None => self.lower.as_deref(),
            Some(_) => None,
        }
    }

    /// Maps a byte offset of the NFC text back to the original.
    pub fn to_original(&self, offset: usize) -> usize {
        match &self.origin {
            None => offset,
            Some(o) => o.get(offset).copied().unwrap_or(offset),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Lower case, borrowed from the text when it already is (most words).
    pub lower: Cow<'a, str>,
    pub kind: TokKind,
    /// White space right before the token.
    pub space_before: bool,
    /// First word of a sentence (its capital says nothing about names).
    pub sentence_start: bool,
    /// A word starting with an upper-case letter, see [`Token::is_cap`] (the rules ask it of
    /// every token many times: answered once here).
    cap: bool,
    /// A word holding a combining mark that is no letter or digit, see [`Token::holds_mark`].
    marked: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// Starts with an upper-case letter.
    pub fn is_cap(&self) -> bool {
        self.cap
    }

    /// A word holding a combining mark that is no letter or digit (NFC leaves a few): its runs
    /// of letters and digits are not the whole word.
    pub fn holds_mark(&self) -> bool {
        self.marked
    }

    /// Two or more letters, all upper case ("ASEAN", "TTXVN", "UNCLOS"); digits allowed.
    pub fn is_acronym(&self) -> bool {
        // It opens with a capital or a digit: most words are answered by that, known since the
        // token was made. Most of the others fail the last test at their second letter: it goes
        // next, and first by its byte when that is an ASCII lower-case letter (no character
        // decoded).
        self.is_word()
            && (self.cap || self.text.as_bytes().first().is_some_and(u8::is_ascii_digit))
            && !self
                .text
                .as_bytes()
                .get(1)
                .is_some_and(u8::is_ascii_lowercase)
            && self
                .text
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
    }

    pub fn is_number(&self) -> bool {
        self.is_word() && self.text.chars().all(|c| c.is_ascii_digit())
    }

    /// Four digits between 1000 and 2100.
    pub fn is_year(&self) -> bool {
        self.is_number()
            && self.text.len() == 4
            && self
                .text
                .parse::<u32>()
                .is_ok_and(|y| (1000..=2100).contains(&y))
    }

    pub fn is_dash(&self) -> bool {
        self.kind == TokKind::Punct && matches!(self.text, "-" | "–" | "—")
    }

    /// Plain Latin letters only: a cue for a foreign name ("Golovchenko") rather than a
    /// Vietnamese syllable.
    pub fn is_ascii_word(&self) -> bool {
        self.is_word() && self.text.bytes().all(|b| b.is_ascii_alphabetic())
    }
}

/// Whether `c` belongs in a word: `Some(true)` as a letter or digit, `Some(false)` as a
/// combining mark that is neither, `None` not at all.
#[inline(always)]
fn word_char(c: char) -> Option<bool> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(true);
    }
    if crate::text::is_alphanumeric(c) {
        Some(true)
    } else {
        (canonical_combining_class(c) != 0).then_some(false)
    }
}

/// Splits NFC text into word tokens (letters and digits) and single-character punctuation.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    tokenize_with(text, None)
}

/// [`tokenize`], slicing each token's lower case from `lower` (the text lower-cased at the same
/// offsets) when given.
fn tokenize_with<'a>(text: &'a str, lower: Option<&'a str>) -> Vec<Token<'a>> {
    // About one token per five bytes of news text: one allocation instead of a dozen regrowths.
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut space_before = true;
    // The tokens up to the last that is no opening quote or bracket: what decides whether a
    // word starts a sentence, kept as the tokens come instead of searched for at each word.
    let mut opaque = 0;
    while let Some(&b) = bytes.get(at) {
        let start = at;
        // ASCII (most characters) by a table; other characters decoded.
        let (word, cap, opens) = if b.is_ascii() {
            at += 1;
            let class = ASCII_CLASS[usize::from(b)];
            if class & SPACE != 0 {
                space_before = true;
                continue;
            }
            let word = (class & ALNUM != 0).then_some(true);
            (word, class & UPPER != 0, class & OPENS != 0)
        } else {
            let c = char_at(text, at);
            at += c.len_utf8();
            if c.is_whitespace() {
                space_before = true;
                continue;
            }
            let word = word_char(c);
            (
                word,
                word.is_some() && c.is_uppercase(),
                matches!(c, '“' | '‘'),
            )
        };
        let (kind, marked) = match word {
            Some(alphanumeric) => {
                let mut marked = !alphanumeric;
                at = word_end(text, at, &mut marked);
                (TokKind::Word, marked)
            }
            None => (TokKind::Punct, false),
        };
        let end = at;
        let sentence_start = kind == TokKind::Word
            && starts_sentence(&out[..opaque], out.len() > opaque || space_before);
        let piece = &text[start..end];
        out.push(Token {
            start,
            end,
            text: piece,
            lower: match lower {
                Some(l) => Cow::Borrowed(&l[start..end]),
                None => crate::text::lowercase(piece),
            },
            kind,
            space_before,
            sentence_start,
            cap,
            marked,
        });
        if !opens {
            opaque = out.len();
        }
        space_before = false;
    }
    out
}

/// In [`ASCII_CLASS`]: white space.
const SPACE: u8 = 1;
/// A letter or digit.
const ALNUM: u8 = 2;
/// An upper-case letter.
const UPPER: u8 = 4;
/// An opening quote or bracket, which [`starts_sentence`] looks through.
const OPENS: u8 = 8;

/// What each ASCII byte is to the tokenizer (one load, where the tests were a branch each).
static ASCII_CLASS: [u8; 128] = {
    let mut class = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_whitespace() || c == 0x0b {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b'"' | b'\'' | b'(' | b'[') {
            OPENS
        } else {
            0
        };
        b += 1;
    }
    class
};

/// The end of a word whose first character ends at byte `at`: ASCII letters and digits and the
/// letters of Vietnamese words (nearly all of it) told by their bytes, other characters
/// decoded. `marked` is set when a character of it is a mark (see [`word_char`]).
#[inline(always)]
fn word_end(text: &str, mut at: usize, marked: &mut bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if ASCII_CLASS[usize::from(b)] & ALNUM == 0 {
                break;
            }
            at += 1;
            continue;
        }
        if let Some(len) = super::names::vietnamese_letter_len(bytes, at) {
            at += len;
            continue;
        }
        let d = char_at(text, at);
        let Some(alphanumeric) = word_char(d) else {
            break;
        };
        *marked |= !alphanumeric;
        at += d.len_utf8();
    }
    at
}

/// The character starting at byte `at` of `text` (a character boundary).
#[inline(always)]
fn char_at(text: &str, at: usize) -> char {
    match text.as_bytes()[at] {
        b @ 0..0x80 => char::from(b),
        _ => text[at..].chars().next().unwrap_or_default(),
    }
}

/// Whether a word after `before` (the tokens up to the last that is no opening quote or
/// bracket) starts a sentence; `space`: white space or an opening quote or bracket before it.
fn starts_sentence(before: &[Token<'_>], space: bool) -> bool {
    let Some(last) = before.last() else {
        return true;
    };
    if last.kind == TokKind::Word {
        return false;
    }
    space && matches!(last.text, "." | "!" | "?" | ":" | "…" | "|")
        || before.len() == 1 && last.is_dash()
}
