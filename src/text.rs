//! Text keys shared by the pipeline and the reader: exact keys (NFC + casefold + collapsed
//! spaces) for identity, and diacritic-folded keys for search and candidate generation only.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `s` in NFC, borrowed when the quick check already says so (almost all text after loading):
/// re-composing is far dearer than checking.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if is_plainly_nfc(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Every character of `s` is in a block where each character is its own NFC form and combines
/// with nothing (ASCII, Latin up to U+02FF, Vietnamese precomposed letters, punctuation,
/// currency signs, emoji): then `s` is NFC, without the quick check's table lookups. A `false`
/// says nothing (the quick check decides).
fn is_plainly_nfc(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    // The commonest blocks (ASCII, Latin to U+02FF, Vietnamese letters) by their lead bytes;
    // only other characters are decoded.
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at += match (bytes[at], bytes.get(at + 1)) {
            (b, _) if b.is_ascii() => 1,
            (0xc2..=0xcb, _) => 2,
            (0xe1, Some(0xb8..=0xbb)) => 3,
            _ => {
                let Some(c) = s[at..].chars().next() else {
                    break;
                };
                if !is_plainly_nfc_char(c) {
                    return false;
                }
                c.len_utf8()
            }
        };
    }
    true
}

/// Blocks whose every character has NFC_QC=Yes and canonical combining class 0 (checked against
/// unicode-normalization's tables in the tests).
const PLAINLY_NFC: [(char, char); 5] = [
    ('\u{0}', '\u{2ff}'),
    ('\u{1e00}', '\u{1eff}'),
    ('\u{2010}', '\u{206f}'),
    ('\u{20a0}', '\u{20bf}'),
    ('\u{1f300}', '\u{1faff}'),
];

/// `c` is in one of the blocks of [`PLAINLY_NFC`].
pub fn is_plainly_nfc_char(c: char) -> bool {
    c < '\u{300}'
        || PLAINLY_NFC[1..]
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Identity key: NFC, lower case, runs of white space collapsed to one space, trimmed.
/// "Liên Hợp Quốc" and "Liên hợp  quốc" share a key; "Lâm" and "Lam" do not.
pub fn exact_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    exact_key_into(s, &mut out);
    out
}

/// [`exact_key`] of `s` written into `out` (cleared first), so a caller keying many words can
/// reuse one buffer.
pub fn exact_key_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    // Text already in NFC (nearly all) is keyed as it is; else its composed form.
    if !push_key(s, out, true) {
        out.clear();
        push_key(&nfc(s), out, false);
    }
}

/// Appends `s` lower-cased with white space collapsed (no space first). With `plain_only`, stops
/// and returns `false` at a character outside the blocks that are NFC as they stand.
fn push_key(s: &str, out: &mut String, plain_only: bool) -> bool {
    let bytes = s.as_bytes();
    let tables = char_tables();
    let mut space = false;
    let mut at = 0;
    loop {
        // A run of characters the key keeps as they are (ASCII capitals lowered after the
        // copy) is copied whole.
        let run = at;
        at = copied_run_end(tables, bytes, at);
        if at > run {
            if space {
                out.push(' ');
                space = false;
            }
            let from = out.len();
            out.push_str(&s[run..at]);
            out[from..].make_ascii_lowercase();
        }
        let Some(c) = s[at..].chars().next() else {
            return true;
        };
        at += c.len_utf8();
        if plain_only && !is_plainly_nfc_char(c) {
            return false;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        push_lowercase(out, c);
    }
}

/// The end of the run from `start` that a key copies by its bytes: characters that are not
/// white space, NFC as they stand, and their own lower case or an ASCII capital (lowered in the
/// copy, byte for byte), with single spaces between them (one copy per run, not per word).
fn copied_run_end(tables: &CharTables, bytes: &[u8], start: usize) -> usize {
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        // Most bytes: ASCII above the space (a signed byte above 0x20), tested first and alone.
        if b as i8 > b' ' as i8 {
            at += 1;
            continue;
        }
        // Next commonest: a space between words (before ASCII above the space), then
        // Vietnamese small letters (told by their bytes without decoding).
        if b == b' ' && at > start {
            if let Some(&c) = bytes.get(at + 1) {
                if c > b' ' && c.is_ascii() {
                    at += 2;
                    continue;
                }
            }
        }
        // A single space goes into the run with the character after it, or ends it.
        let next = if b == b' ' && at > start { at + 1 } else { at };
        let rest = &bytes[next..];
        at = next
            + match own_lower_letter_len(rest) {
                0 => match copied_char_len(tables, rest) {
                    Some(len) => len,
                    None => break,
                },
                len => len,
            };
    }
    at
}

/// The length of the letter `rest` starts with when its bytes alone tell it is a small letter
/// (its own lower case, and NFC as it stands), else 0: U+00E0–U+00FF, 'ơ', 'ư', and the odd
/// code points where capital and small letters alternate (U+0100–U+012F, U+014A–U+0177,
/// U+1EA0–U+1EFF). Most non-ASCII characters of Vietnamese text are such letters.
fn own_lower_letter_len(rest: &[u8]) -> usize {
    match *rest {
        [0xc3, second, ..] if second >= 0xa0 => 2,
        [0xc4, second, ..] if second <= 0xaf && second & 1 == 1 => 2,
        [0xc5, second, ..] if (0x8a..=0xb7).contains(&second) && second & 1 == 1 => 2,
        [0xc6, 0xa1 | 0xb0, ..] => 2,
        [0xe1, 0xba, third, ..] if third >= 0xa0 && third & 1 == 1 => 3,
        [0xe1, 0xbb, third, ..] if third & 1 == 1 => 3,
        _ => 0,
    }
}

/// The length of the character `rest` starts with when a key's run copies it as it is (see
/// [`copied_run_end`]), else `None`. Latin (U+0000–U+02FF, U+1E00–U+1EFF) is looked up; general
/// punctuation and currency signs (U+2010–U+206F, U+20A0–U+20BF: quotes, dashes, ₫) have no
/// case.
fn copied_char_len(tables: &CharTables, rest: &[u8]) -> Option<usize> {
    let low = |b: u8| u32::from(b & 0x3f);
    let (u, len) = match *rest {
        [b, ..] if b.is_ascii() => return (!is_ascii_space(b)).then_some(1),
        [lead @ 0xc3..=0xcb, c1, ..] => (u32::from(lead & 0x1f) << 6 | low(c1), 2),
        [0xe1, c1 @ 0xb8..=0xbb, c2, ..] => (0x1000 | low(c1) << 6 | low(c2), 3),
        [0xe2, c1, c2, ..] => {
            let u = 0x2000 | low(c1) << 6 | low(c2);
            let caseless = matches!(u, 0x2010..=0x206f | 0x20a0..=0x20bf)
                && !matches!(u, 0x2028 | 0x2029 | 0x202f | 0x205f);
            return caseless.then_some(3);
        }
        _ => return None,
    };
    (tables.lower[u as usize] == u).then_some(len)
}

/// ASCII white space as `char::is_whitespace` has it (with vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The first byte from `at` that is not ASCII, else the length of `bytes`: eight bytes a step
/// (between the accented letters of Vietnamese are runs of several ASCII bytes).
fn next_non_ascii(bytes: &[u8], mut at: usize) -> usize {
    while let Some(eight) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            // The lowest byte in memory is the lowest of the little-endian word.
            return at + high.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    let tail = &bytes[at..];
    at + tail
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(tail.len())
}

/// Diacritic-insensitive key: strips combining marks, folds đ/Đ to d, lower-cases.
/// "Tô Lâm" → "to lam", "Đà Nẵng" → "da nang". Never use it alone to decide identity.
pub fn fold(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    fold_into(s, &mut folded);
    folded
}

/// [`fold`] of `s`, pushed to `folded`.
pub fn fold_into(s: &str, folded: &mut String) {
    // ASCII is its own NFD, holds no marks and is lower-cased byte by byte: only the runs between
    // ASCII characters are decomposed, which gives the same as decomposing the whole (NFD never
    // reorders across a character of combining class 0, as every ASCII character is).
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = next_non_ascii(rest.as_bytes(), 0);
        let (run, after) = rest.split_at(ascii);
        // Copied whole and lower-cased in place: pushed char by char, each byte was a char
        // encoded back to UTF-8 with its own capacity check.
        let start = folded.len();
        folded.push_str(run);
        folded[start..].make_ascii_lowercase();
        let other = after
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(after.len());
        let (run, after) = after.split_at(other);
        fold_run(run, folded);
        rest = after;
    }
}

/// [`fold`] of a run of non-ASCII characters, pushed to `folded`: the Latin letters of
/// [`FoldTable`] looked up, the characters between them decomposed. Each letter of the table
/// is a starter whose decomposition starts with one, and NFD never reorders across a starter:
/// the pieces decompose as the whole would.
fn fold_run(run: &str, folded: &mut String) {
    let table = fold_table();
    let mut decompose_from = None;
    for (at, c) in run.char_indices() {
        match table.get(c) {
            Some(f) => {
                if let Some(from) = decompose_from.take() {
                    folded.extend(run[from..at].nfd().filter_map(fold_char));
                }
                folded.push(f);
            }
            None => {
                decompose_from.get_or_insert(at);
            }
        }
    }
    if let Some(from) = decompose_from {
        folded.extend(run[from..].nfd().filter_map(fold_char));
    }
}

/// The folded form of each Latin letter (U+0080–U+024F, U+1E00–U+1EFF: Vietnamese among them)
/// that is a starter decomposing to a starter and marks [`fold_char`] drops, made once from
/// [`fold`]'s definition: a title of a Vietnamese article is mostly such letters, and
/// decomposing each one was most of folding the titles of a corpus being reopened.
struct FoldTable {
    latin: Vec<Option<char>>,
    extended: Vec<Option<char>>,
}

const FOLD_LATIN: std::ops::Range<u32> = 0x80..0x250;
const FOLD_EXTENDED: std::ops::Range<u32> = 0x1e00..0x1f00;

impl FoldTable {
    fn get(&self, c: char) -> Option<char> {
        let u = u32::from(c);
        let (table, start) = if FOLD_LATIN.contains(&u) {
            (&self.latin, FOLD_LATIN.start)
        } else if FOLD_EXTENDED.contains(&u) {
            (&self.extended, FOLD_EXTENDED.start)
        } else {
            return None;
        };
        table.get((u - start) as usize).copied().flatten()
    }
}

fn fold_table() -> &'static FoldTable {
    static TABLE: std::sync::OnceLock<FoldTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let entries = |range: std::ops::Range<u32>| {
            range
                .map(|u| char::from_u32(u).and_then(folded_letter))
                .collect()
        };
        FoldTable {
            latin: entries(FOLD_LATIN),
            extended: entries(FOLD_EXTENDED),
        }
    })
}

/// `c` folded, when it is a starter whose decomposition is a starter followed by marks that
/// [`fold_char`] drops.
fn folded_letter(c: char) -> Option<char> {
    use unicode_normalization::char::canonical_combining_class;
    let mut decomposed = std::iter::once(c).nfd();
    let first = decomposed.next()?;
    let plain = canonical_combining_class(c) == 0
        && canonical_combining_class(first) == 0
        && decomposed.all(|m| fold_char(m).is_none());
    if plain {
        fold_char(first)
    } else {
        None
    }
}

/// Fold one character (after NFD decomposition of the caller's text it may be a base letter or a
/// combining mark; marks return `None`).
pub fn fold_char(c: char) -> Option<char> {
    if is_combining_mark(c) {
        return None;
    }
    match c {
        'đ' | 'Đ' => Some('d'),
        _ => c.to_lowercase().next(),
    }
}

/// Folds `s` and returns, for every byte of the folded string, the byte offset in `s` of the
/// character it came from. Lets a match found on the folded text be mapped back to the original
/// (NFC) text for highlighting.
pub fn fold_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    for (offset, ch) in s.char_indices() {
        for decomposed in std::iter::once(ch).nfd() {
            if let Some(f) = fold_char(decomposed) {
                let before = folded.len();
                folded.push(f);
                origin.extend(std::iter::repeat_n(offset, folded.len() - before));
            }
        }
    }
    (folded, origin)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A piece of a text held once: a document's text is read into one allocation and its blocks
/// point into it, so a corpus costs its text once (not once per document, once per block and once
/// per copy kept for cleaning again). Compares, hashes, prints and serialises as its `str`.
/// Narrow (u32 offsets), as every block holds one: a piece lies below 4 GiB into its source,
/// which every document's text is (see [`crate::corpus::LARGEST_MAX_BYTES`]).
#[derive(Clone)]
pub struct SharedStr {
    source: Arc<str>,
    start: u32,
    /// [`WHOLE`] for the rest of the source, whatever its length.
    end: u32,
}

/// The end of a [`SharedStr`] that runs to the end of its source.
const WHOLE: u32 = u32::MAX;

impl SharedStr {
    // Inlined as a plain slice was: every block's text is read through it.
    #[inline]
    pub fn as_str(&self) -> &str {
        let start = self.start as usize;
        if self.end == WHOLE {
            &self.source[start..]
        } else {
            &self.source[start..self.end as usize]
        }
    }

    /// `part` as a piece of this text when it lies inside it (a line or a trimmed line of a
    /// document), else `None`; `None` too for a piece ending 4 GiB or more into the source.
    pub fn piece(&self, part: &str) -> Option<SharedStr> {
        let whole = self.as_str();
        let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
        let end = start + part.len();
        if end > whole.len() {
            return None;
        }
        let from = self.start as usize;
        let end = u32::try_from(from + end).ok().filter(|&e| e != WHOLE)?;
        Some(SharedStr {
            source: Arc::clone(&self.source),
            start: u32::try_from(from + start).ok()?,
            end,
        })
    }

    /// `part` shared with this text when it lies inside it, else copied.
    pub fn piece_or_copy(&self, part: &str) -> SharedStr {
        self.piece(part).unwrap_or_else(|| part.into())
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        "".into()
    }
}

impl Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(source: Arc<str>) -> Self {
        SharedStr {
            source,
            start: 0,
            end: WHOLE,
        }
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        Arc::<str>::from(s).into()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        Arc::<str>::from(s).into()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

/// Characters below this have their lower case and class in tables built once (Latin with
/// Vietnamese, Greek, Cyrillic…): core answers by binary searches, and the extractor asks for
/// every character of a corpus.
const TABLED_CHARS: usize = 0x2000;
/// In the lower-case table: the character's lower case is not one character ('İ').
const NOT_ONE_CHAR: u32 = u32::MAX;

struct CharTables {
    /// `c.to_lowercase()` as one character, else [`NOT_ONE_CHAR`].
    lower: Box<[u32]>,
    /// `c.is_alphanumeric()`, one bit per character.
    alphanumeric: Box<[u64]>,
}

fn char_tables() -> &'static CharTables {
    static TABLES: std::sync::OnceLock<CharTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut lower = vec![NOT_ONE_CHAR; TABLED_CHARS];
        let mut alphanumeric = vec![0u64; TABLED_CHARS / 64];
        for (i, slot) in lower.iter_mut().enumerate() {
            let Some(c) = char::from_u32(i as u32) else {
                continue;
            };
            let mut l = c.to_lowercase();
            if let (Some(one), None) = (l.next(), l.next()) {
                *slot = one as u32;
            }
            if c.is_alphanumeric() {
                alphanumeric[i / 64] |= 1 << (i % 64);
            }
        }
        CharTables {
            lower: lower.into(),
            alphanumeric: alphanumeric.into(),
        }
    })
}

/// `c.is_alphanumeric()`, answered by a table for the common scripts.
pub fn is_alphanumeric(c: char) -> bool {
    let i = c as usize;
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if i < TABLED_CHARS {
        char_tables().alphanumeric[i / 64] >> (i % 64) & 1 != 0
    } else {
        c.is_alphanumeric()
    }
}

/// Appends `c.to_lowercase()` to `out` (a table answers for the common scripts).
pub fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let i = c as usize;
    if i < TABLED_CHARS {
        if let Some(l) = char::from_u32(char_tables().lower[i]) {
            out.push(l);
            return;
        }
    }
    out.extend(c.to_lowercase());
}

/// `s` lower-cased when every character keeps its byte length, so a range of `s` is the same
/// range of the result: one pass over a whole text instead of a `String` per capitalised word.
/// `None` when some character's lower case is longer or shorter ('İ'), and for a capital sigma
/// (its lower case depends on the word around it, see [`lowercase`]).
pub fn lowercase_aligned(s: &str) -> Option<String> {
    lowercase_aligned_in(s, false).flatten()
}

/// [`lowercase_aligned`] of `s` when `s` is NFC by the blocks of its characters (see
/// [`is_plainly_nfc`]), told in the same pass; `None` when the blocks do not say so.
pub fn plainly_nfc_lowercase_aligned(s: &str) -> Option<Option<String>> {
    lowercase_aligned_in(s, true)
}

/// [`lowercase_aligned`]; with `plain_only`, `None` at a character outside the blocks of
/// [`PLAINLY_NFC`] (else never `None`).
fn lowercase_aligned_in(s: &str, plain_only: bool) -> Option<Option<String>> {
    let bytes = s.as_bytes();
    let tables = char_tables();
    let mut out = Some(String::with_capacity(s.len()));
    // Copied in runs up to each non-ASCII character that changes; ASCII letters are lowered
    // at the end, all at once (a lowered character has no ASCII byte).
    let (mut copied, mut at) = (0, 0);
    loop {
        let start = next_non_ascii(bytes, at);
        if start == bytes.len() {
            break;
        }
        // Most non-ASCII characters of Vietnamese text are small letters already.
        let own_lower = own_lower_letter_len(&bytes[start..]);
        if own_lower > 0 {
            at = start + own_lower;
            continue;
        }
        let continuation = |n: usize| bytes.get(start + n).map_or(0, |&b| u32::from(b & 0x3f));
        // Latin to U+02FF and the Vietnamese letters (all plainly NFC) decoded from their
        // bytes; others by `chars`.
        let (u, len) = match (bytes[start], bytes.get(start + 1)) {
            (lead @ 0xc2..=0xcb, _) => (u32::from(lead & 0x1f) << 6 | continuation(1), 2),
            (0xe1, Some(0xb8..=0xbb)) => (0x1000 | continuation(1) << 6 | continuation(2), 3),
            _ => {
                let c = s[start..].chars().next().unwrap_or_default();
                if plain_only && !is_plainly_nfc_char(c) {
                    return None;
                }
                (c as u32, c.len_utf8())
            }
        };
        at = start + len;
        let Some(lower) = out.as_mut() else {
            continue;
        };
        let c = char::from_u32(u).unwrap_or_default();
        let changes = match tables.lower.get(u as usize) {
            Some(&l) => l != u,
            None => lowercase_changes(c),
        };
        if !changes {
            continue;
        }
        match lowercase_char(c) {
            Some(l) if l.len_utf8() == len && c != 'Σ' => {
                lower.push_str(&s[copied..start]);
                lower.push(l);
                copied = at;
            }
            _ if plain_only => out = None,
            _ => return Some(None),
        }
    }
    Some(out.map(|mut lower| {
        lower.push_str(&s[copied..]);
        lower.make_ascii_lowercase();
        lower
    }))
}

/// `c.to_lowercase()` when that is one character.
fn lowercase_char(c: char) -> Option<char> {
    let i = c as usize;
    if i < TABLED_CHARS {
        return char::from_u32(char_tables().lower[i]);
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Whether lower-casing changes `c`.
fn lowercase_changes(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    let i = c as usize;
    if i < TABLED_CHARS {
        return char_tables().lower[i] != c as u32;
    }
    let mut l = c.to_lowercase();
    !(l.next() == Some(c) && l.next().is_none())
}

/// `s.to_lowercase()`, borrowed when that changes nothing (most words of a text).
pub fn lowercase(s: &str) -> Cow<'_, str> {
    // ASCII bytes answer by themselves; other characters from their first byte on.
    let bytes = s.as_bytes();
    let mut at = 0;
    loop {
        match bytes.get(at) {
            None => return Cow::Borrowed(s),
            Some(b) if b.is_ascii_uppercase() => break,
            Some(b) if b.is_ascii() => at += 1,
            Some(_) => {
                let c = s[at..].chars().next().unwrap_or_default();
                if lowercase_changes(c) {
                    break;
                }
                at += c.len_utf8();
            }
        }
    }
    // A capital sigma's lower case depends on its place in the word: the standard rule.
    // (Its first byte, 0xCE, is rare: checked before the character search.)
    if s.as_bytes()[at..].contains(&0xCE) && s[at..].contains('Σ') {
        return Cow::Owned(s.to_lowercase());
    }
    // Nearly always every character keeps its length: then lowered in runs, not one by one.
    if let Some(lower) = lowercase_aligned(s) {
        return Cow::Owned(lower);
    }
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..at]);
    for c in s[at..].chars() {
        push_lowercase(&mut out, c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_aligned_keeps_offsets_or_declines() {
        let text = "Ông ĐỖ Văn Ánh, Hà Nội – ΑΘΗΝΑ";
        assert_eq!(
            lowercase_aligned(text).as_deref(),
            Some(text.to_lowercase().as_str())
        );
        assert_eq!(lowercase_aligned("İstanbul"), None);
        assert_eq!(lowercase_aligned("ΟΔΥΣΣΕΑΣ"), None);
        let plain = "Ông ĐỖ Văn Ánh, Hà Nội – 5 € 🙂";
        assert_eq!(
            plainly_nfc_lowercase_aligned(plain),
            Some(Some(plain.to_lowercase()))
        );
        assert_eq!(plainly_nfc_lowercase_aligned("İstanbul"), Some(None));
        assert_eq!(plainly_nfc_lowercase_aligned("Vie\u{0323}\u{0302}t"), None);
        assert_eq!(plainly_nfc_lowercase_aligned("ΑΘΗΝΑ"), None);
        let long = "THỦ TƯỚNG Phạm Minh Chính, abcdefghIJKLMNOP Ở ĐÀ NẴNG";
        assert_eq!(
            lowercase_aligned(long).as_deref(),
            Some(long.to_lowercase().as_str())
        );
        // The blocks whose small letters are told by their bytes, every character of them.
        for c in ('\u{c0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}') {
            let text = format!("a{c}B");
            let expected = text.to_lowercase();
            let aligned = (expected.len() == text.len()).then_some(expected);
            assert_eq!(lowercase_aligned(&text), aligned, "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn exact_key_merges_case_and_spacing_only() {
        assert_eq!(exact_key("Liên Hợp Quốc"), exact_key("Liên hợp  quốc"));
        assert_ne!(exact_key("Tô Lâm"), exact_key("To Lam"));
        assert_ne!(exact_key("Lâm"), exact_key("Lam"));
    }

    #[test]
    fn exact_key_is_normalisation_independent() {
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(exact_key(&nfd), exact_key("Hà Nội"));
    }

    #[test]
    fn plainly_nfc_blocks_need_no_composition() {
        use unicode_normalization::char::canonical_combining_class;
        for &(lo, hi) in &PLAINLY_NFC {
            for c in (lo..=hi).filter(|&c| is_plainly_nfc_char(c)) {
                assert_eq!(canonical_combining_class(c), 0, "{:04X}", u32::from(c));
                assert_eq!(
                    is_nfc_quick(std::iter::once(c)),
                    IsNormalized::Yes,
                    "{:04X}",
                    u32::from(c)
                );
            }
        }
        assert!(!is_plainly_nfc("Vie\u{0323}\u{0302}t"));
        assert_eq!(nfc("Vie\u{0323}\u{0302}t"), "Việt");
        assert_eq!(nfc("Việt Nam – “Hà Nội” 😀 ₫"), "Việt Nam – “Hà Nội” 😀 ₫");
    }

    #[test]
    fn fold_matches_its_definition() {
        let defined = |s: &str| s.nfd().filter_map(fold_char).collect::<String>();
        for s in [
            "",
            "Tô Lâm",
            "ĐÀ NẴNG, Việt Nam",
            "Vie\u{0323}\u{0302}t a\u{0301}\u{0323} \u{0301}x\u{0308}",
            "\u{05d0}\u{05b8}\u{0591}\u{05b0}a\u{0e01}\u{0e48}\u{0e38}",
            "İstanbul ǰ ŉ ﬁ ÆØÅ \x00\x1f ABC/xyz_09.txt",
            "TP.HCM – “Hà Nội” 😀 ₫ 中文 Ωmega Σ",
        ] {
            assert_eq!(fold(s), defined(s), "{s:?}");
        }
        // Every letter folded by the table, alone, among other letters and before marks that
        // decomposing would reorder with its own (U+0591: class 220, kept; U+0301: 230, dropped).
        let letters = (0x80..0x250)
            .chain(0x1e00..0x1f00)
            .filter_map(char::from_u32);
        for c in letters {
            for s in [
                format!("{c}"),
                format!("x{c}\u{0591}\u{0301}y{c}\u{0323}{c}ß\u{05b0}"),
                format!("\u{0301}{c}\u{0e48}{c}{c}中"),
            ] {
                assert_eq!(fold(&s), defined(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn parts_folded_apart_around_a_line_break_give_the_fold_of_the_whole() {
        let parts = [
            "Tô Lâm",
            "\u{0301}a\u{0323}\u{0302}",
            "",
            "ĐÀ NẴNG ₫",
            "x\u{0301}",
        ];
        for first in parts {
            for second in parts {
                let mut apart = String::new();
                fold_into(first, &mut apart);
                apart.push('\n');
                fold_into(second, &mut apart);
                assert_eq!(apart, fold(&format!("{first}\n{second}")));
            }
        }
    }

    #[test]
    fn exact_key_matches_its_definition() {
        let defined = |s: &str| {
            let words: Vec<String> = nfc(s)
                .split_whitespace()
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            words.join(" ")
        };
        for s in [
            "",
            "   ",
            "Liên Hợp Quốc",
            " ĐÀ NẴNG,\u{a0}Việt\u{2003}Nam \u{b}x\u{85}",
            "Vie\u{0323}\u{0302}t NAM ÀÉ ǅ ẞ Σ",
            "İstanbul ǰ ŉ ﬁ ÆØÅ \x00\x1f",
            "TP.HCM – “Hà Nội” 😀 ₫ 中文 Ωmega",
            // Runs copied over single spaces, with ASCII capitals, up to other white space.
            "Hà Nội Là Thủ Đô ",
            "A b\u{a0}C d \tE F\u{85}G H  I J\u{2003}",
            "ABC DEF. GHI İ x Σ y ÀB",
            // Words across the eight-byte steps, controls, doubled and trailing spaces.
            "Ngày 29/9, tại Tokyo, trong khuôn khổ  chuyến thăm\u{1}và làm việc Nhật Bản ",
            "abcdefgh ijklmnop  qrstuvwx\u{0}yz\u{7f} ĐỒNG  ÀÁẢ abcdefg \u{a0}hij",
        ] {
            assert_eq!(exact_key(s), defined(s), "{s:?}");
        }
    }

    #[test]
    fn exact_key_lower_cases_to_several_characters_where_std_does() {
        assert_eq!(
            exact_key("  ĐÀ  NẴNG\tİstanbul  "),
            "đà nẵng i\u{307}stanbul"
        );
    }

    #[test]
    fn fold_strips_every_vietnamese_mark_and_d_stroke() {
        assert_eq!(fold("Tô Lâm"), "to lam");
        assert_eq!(fold("Liên Hợp Quốc"), "lien hop quoc");
        assert_eq!(fold("Đà Nẵng ệ ộ ứ"), "da nang e o u");
        let nfd: String = "Nguyễn Phú Trọng".nfd().collect();
        assert_eq!(fold(&nfd), "nguyen phu trong");
    }

    #[test]
    fn fold_offsets_point_back_into_the_original() {
        let s = "Ông Đặng";
        let (f, origin) = fold_with_offsets(s);
        assert_eq!(f, "ong dang");
        assert_eq!(origin.len(), f.len());
        let at = f.find("dang").unwrap();
        assert_eq!(&s[origin[at]..], "Đặng");
    }

    #[test]
    fn tabled_case_and_class_agree_with_core() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            let mut mine = String::new();
            push_lowercase(&mut mine, c);
            assert_eq!(mine, c.to_lowercase().collect::<String>(), "{c:?}");
            let s = format!("Ab{c}ΣX {c}");
            assert_eq!(lowercase(&s), s.to_lowercase(), "{s:?}");
        }
        assert!(matches!(lowercase("hà nội"), Cow::Borrowed(_)));
    }

    #[test]
    fn pieces_share_their_source_and_read_their_own_range() {
        let text = SharedStr::from("Hà Nội\nĐà Nẵng\n");
        let line = text
            .piece(text.split('\n').nth(1).expect("a line"))
            .expect("inside");
        assert_eq!(line, "Đà Nẵng");
        assert!(Arc::ptr_eq(&line.source, &text.source));
        let word = line
            .piece(&line[line.len() - "Nẵng".len()..])
            .expect("inside");
        assert_eq!(word, "Nẵng");
        assert_eq!(text.piece("Nẵng"), None, "a copy is not a piece");
        assert_eq!(text.piece_or_copy("Nẵng"), "Nẵng");
        assert_eq!(SharedStr::default(), "");
    }
}
