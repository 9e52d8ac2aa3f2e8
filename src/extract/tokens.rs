//! Word and punctuation tokens of a block, with byte offsets, plus the NFC view the rules run on.

use super::names::EnglishWords;
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
    /// `text` in lower case: the tokens' lower case is sliced from it.
    lower: LowerCase,
}

impl<'a> NfcView<'a> {
    pub fn new(original: &'a str) -> Self {
        // Nearly every block is NFC by the blocks of its characters: told in the pass that
        // lower-cases it.
        if let Some(lower) = crate::text::plainly_nfc_lowercase_aligned(original) {
            return Self {
                text: Cow::Borrowed(original),
                origin: None,
                lower: LowerCase::new(original, lower),
            };
        }
        if matches!(crate::text::nfc(original), Cow::Borrowed(_)) {
            return Self {
                text: Cow::Borrowed(original),
                origin: None,
                lower: LowerCase::of(original),
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
        let lower = LowerCase::of(&text);
        Self {
            text: Cow::Owned(text),
            origin: Some(origin),
            lower,
        }
    }

    /// The tokens of `text[range]` (offsets within the range).
    pub fn tokens(&self, range: Range<usize>) -> Vec<Token<'_>> {
        self.lower.tokens(&self.text, range, None)
    }

    /// [`Self::tokens`], their words counted into `words` as they are made.
    pub fn tokens_counting(&self, range: Range<usize>, words: &mut EnglishWords) -> Vec<Token<'_>> {
        self.lower.tokens(&self.text, range, Some(words))
    }

    /// The original text lower-cased at the same offsets, when that is what [`Self::text`] and
    /// its lower case are (the original was NFC and no character changed length).
    pub fn original_lower(&self) -> Option<&str> {
        match self.origin {
            None => self.lower.aligned(),
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

/// A text to tokenize as it is (no NFC), with the lower case its tokens borrow theirs from.
pub struct Lowered<'a> {
    text: &'a str,
    lower: LowerCase,
}

impl<'a> Lowered<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            lower: LowerCase::of(text),
        }
    }

    /// Splits the text into word tokens (letters and digits) and single-character punctuation.
    pub fn tokens(&self) -> Vec<Token<'_>> {
        self.lower.tokens(self.text, 0..self.text.len(), None)
    }
}

/// A text in lower case, whose tokens slice theirs from it: borrowed, a token costs no
/// allocation and no drop.
struct LowerCase {
    lower: String,
    /// Where each byte offset of the text (and its end) is in `lower`; `None` when they are
    /// the same offsets (nearly always: see [`crate::text::lowercase_aligned`]).
    offsets: Option<Vec<usize>>,
}

impl LowerCase {
    /// `text`'s lower case: `aligned` if given (the text lower-cased at its own offsets),
    /// else made word by word.
    fn new(text: &str, aligned: Option<String>) -> Self {
        match aligned {
            Some(lower) => Self {
                lower,
                offsets: None,
            },
            None => Self::by_words(text),
        }
    }

    fn of(text: &str) -> Self {
        Self::new(text, crate::text::lowercase_aligned(text))
    }

    /// `text`'s lower case when some character changes length in it: each word (a run of
    /// [`word_char`]s, which is what a word token is) lower-cased as a whole by
    /// [`crate::text::lowercase`] (a capital sigma's lower case depends on its word), each other
    /// character alone; and where each character went.
    fn by_words(text: &str) -> Self {
        let mut lower = String::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            if word_char(c).is_some() {
                while let Some(&(at, d)) = chars.peek() {
                    if word_char(d).is_none() {
                        break;
                    }
                    end = at + d.len_utf8();
                    chars.next();
                }
            }
            let mut at = lower.len();
            lower.push_str(&crate::text::lowercase(&text[start..end]));
            // Each character lower-cases to as many bytes alone as in its word (a sigma's two
            // lower cases are as long as it).
            for c in text[start..end].chars() {
                offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
                at += c.to_lowercase().map(char::len_utf8).sum::<usize>();
            }
        }
        offsets.push(lower.len());
        Self {
            lower,
            offsets: Some(offsets),
        }
    }

    /// The lower case at the text's own offsets, if it is that.
    fn aligned(&self) -> Option<&str> {
        self.offsets.is_none().then_some(self.lower.as_str())
    }

    /// The tokens of `text[range]` (offsets within the range), `text` being the text this is
    /// the lower case of; their words counted into `words` if given.
    fn tokens<'s>(
        &'s self,
        text: &'s str,
        range: Range<usize>,
        words: Option<&mut EnglishWords>,
    ) -> Vec<Token<'s>> {
        match &self.offsets {
            None => {
                let lower = &self.lower[range.clone()];
                tokenize_with(&text[range], |r| &lower[r], words)
            }
            Some(offsets) => {
                let base = range.start;
                tokenize_with(
                    &text[range],
                    |r| &self.lower[offsets[base + r.start]..offsets[base + r.end]],
                    words,
                )
            }
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
    /// Lower case, borrowed from the lower case of the whole text.
    pub lower: &'a str,
    pub kind: TokKind,
    /// White space right before the token.
    pub space_before: bool,
    /// First word of a sentence (its capital says nothing about names).
    pub sentence_start: bool,
    /// A word starting with an upper-case letter, see [`Token::is_cap`] (the rules ask it of
    /// every token many times: answered once here).
    cap: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// Starts with an upper-case letter.
    pub fn is_cap(&self) -> bool {
        self.cap
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

/// Splits NFC text into word tokens (letters and digits) and single-character punctuation,
/// each with its lower case, `lower_of` its byte range; counts the words into `words` if given.
fn tokenize_with<'a>(
    text: &'a str,
    lower_of: impl Fn(Range<usize>) -> &'a str,
    mut words: Option<&mut EnglishWords>,
) -> Vec<Token<'a>> {
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
        if let (TokKind::Word, Some(words)) = (kind, words.as_deref_mut()) {
            words.add_word(piece, marked);
        }
        out.push(Token {
            start,
            end,
            text: piece,
            lower: lower_of(start..end),
            kind,
            space_before,
            sentence_start,
            cap,
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
/// Inlined: asked at every word, and nearly always answered by the token before it.
#[inline(always)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_borrows_its_own_lower_case() {
        // Aligned texts, and texts where a character changes length ('İ', 'K' the Kelvin sign,
        // 'ẞ') or depends on its word (a final capital sigma).
        for text in [
            "Ông ĐỖ Văn Ánh, Hà Nội – ΑΘΗΝΑ",
            "İSTANBUL và İzmir: 5K, ẞ-Straße",
            "ΟΔΥΣΣΕΥΣ ΣΑΣ. Σ (ΣΣ) ΑΣ-ΣΑ 'ΣΑ' Σ\u{301}Α",
            "a\u{301}İ b\u{0591}K x×y",
        ] {
            let lowered = Lowered::new(text);
            for t in lowered.tokens() {
                assert_eq!(t.lower, crate::text::lowercase(t.text), "{text:?}");
            }
            let view = NfcView::new(text);
            for t in view.tokens(0..view.text.len()) {
                assert_eq!(t.lower, crate::text::lowercase(t.text), "{text:?}");
            }
        }
    }
}
