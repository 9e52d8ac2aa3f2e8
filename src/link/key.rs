//! Identity keys for linking: the shared exact key (case and spacing) plus the orthographic
//! variation that never changes what a name denotes — dash spacing ("Á-Âu" = "Á - Âu"), outer
//! punctuation, old/new tone placement ("hoà" = "hòa") — and per-kind reductions (state-form
//! prefixes of countries, titles before a person's name, words before a date or an amount).

use super::data::{self, data};
use crate::extract::EntityKind;
use crate::text::{exact_key, fold, fold_char};
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters trimmed from both ends of a key (the same set `score.py` trims).
const OUTER_PUNCTUATION: &[char] = &[
    ' ', '.', ',', ';', ':', '!', '?', '"', '\'', '“', '”', '‘', '’', '(', ')', '[', ']', '-', '…',
];

/// Dashes and hyphens written interchangeably in names and ranges.
const DASHES: &[char] = &['–', '—', '−', '‐', '‑', '‒', '―'];

/// Tone marks as combining characters (grave, acute, tilde, hook above, dot below).
const TONE_MARKS: &[char] = &['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Marks (after NFD) found in Vietnamese words but rare in romanised foreign names: breve (ă),
/// hook above, dot below, horn.
const VIETNAMESE_ONLY_MARKS: &[char] = &['\u{306}', '\u{309}', '\u{323}', '\u{31B}'];

/// The exact key plus orthographic normalisation; identity for every kind.
pub(super) fn exact(s: &str) -> String {
    let base = exact_key(s);
    tone_placement(dashes_tightened(&base).trim_matches(OUTER_PUNCTUATION))
}

/// Every dash as "-", with no space around it ("á - âu" → "á-âu": spaces around a dash carry no
/// meaning). Most names have no dash: they are themselves, without the copies.
fn dashes_tightened(key: &str) -> Cow<'_, str> {
    if !key.contains(|c: char| c == '-' || DASHES.contains(&c)) {
        return Cow::Borrowed(key);
    }
    let dashed: String = key
        .chars()
        .map(|c| if DASHES.contains(&c) { '-' } else { c })
        .collect();
    Cow::Owned(
        dashed
            .replace(" - ", "-")
            .replace(" -", "-")
            .replace("- ", "-"),
    )
}

/// Old-style tone placement ("hoà", "thuý"), applied to both styles so they share a key. Works
/// on NFD: "o" + tone + "a"/"e" → "o" + "a"/"e" + tone, "u" + tone + "y" → "u" + "y" + tone.
fn tone_placement(s: &str) -> String {
    // Most keys have no tone to move and are NFC already (as exact keys are made): such a key is
    // itself, without the round trip through NFD and NFC, most of the linker's keying.
    if !may_move_tone(s) && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    tones_moved(s)
}

/// [`tone_placement`] the long way, for any string.
fn tones_moved(s: &str) -> String {
    let mut chars: Vec<char> = s.nfd().collect();
    let mut i = 0;
    while i + 2 < chars.len() {
        let (v, t, w) = (chars[i], chars[i + 1], chars[i + 2]);
        let pair = matches!((v, w), ('o', 'a') | ('o', 'e') | ('u', 'y'));
        // A mark already on the second vowel (ă, â, ê) means another syllable shape: leave it.
        let bare_second = chars.get(i + 3).is_none_or(|c| !is_mark(*c));
        if pair && TONE_MARKS.contains(&t) && bare_second {
            chars.swap(i + 1, i + 2);
            i += 3;
        } else {
            i += 1;
        }
    }
    chars.into_iter().nfc().collect()
}

/// Whether [`tone_placement`] may move a tone: `s` has a tone mark standing alone, or a letter
/// whose decomposition is "o" or "u" and a tone mark right before a bare "a", "e" or "y".
fn may_move_tone(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            continue;
        }
        if TONE_MARKS.contains(&c) {
            return true;
        }
        if chars.peek().is_some_and(|n| matches!(n, 'a' | 'e' | 'y')) {
            let mut parts = std::iter::once(c).nfd();
            if matches!(parts.next(), Some('o' | 'u'))
                && parts.next().is_some_and(|t| TONE_MARKS.contains(&t))
            {
                return true;
            }
        }
    }
    false
}

/// Folds away entirely (a combining mark, or a character that decomposes into marks only), as
/// [`fold`] would the one-character string, without building one.
fn is_mark(c: char) -> bool {
    std::iter::once(c).nfd().all(|d| fold_char(d).is_none())
}

/// The key a mention of `kind` with canonical form `canonical` is linked on.
pub(super) fn node_key(kind: EntityKind, canonical: &str) -> String {
    let key = exact(canonical);
    let d = data();
    match kind {
        EntityKind::Location => drop_prefix(&key, prefix_tokens(&d.state_prefixes, &key)),
        EntityKind::Person => person_key(&key),
        EntityKind::Date => strip_leading_zeros(&drop_value_prefix(kind, &key)),
        EntityKind::Money => drop_value_prefix(kind, &key),
        _ => key,
    }
}

/// "09/05/2025" → "9/5/2025": leading zeros are not part of a date's identity.
fn strip_leading_zeros(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            let digits = run.trim_start_matches('0');
            out.push_str(if digits.is_empty() { "0" } else { digits });
            run.clear();
        }
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn prefix_tokens(lists: &[Vec<String>], key: &str) -> usize {
    let words: Vec<&str> = key.split(' ').collect();
    data::prefix_len(lists, &words)
}

/// `key` without its first `n` space-separated tokens.
fn drop_prefix(key: &str, n: usize) -> String {
    key.splitn(n + 1, ' ').last().unwrap_or(key).to_string()
}

/// Strips a word like "năm" or "hơn" when a number follows. For dates only when the rest is one
/// token holding a full date or a year, so "tháng 5" (a month) and "ngày 5" (a day) stay apart.
fn drop_value_prefix(kind: EntityKind, key: &str) -> String {
    let words: Vec<&str> = key.split(' ').collect();
    for p in data().value_prefixes.iter().filter(|p| p.kind == kind) {
        if p.tokens.len() >= words.len() || !p.tokens.iter().zip(&words).all(|(a, b)| a == b) {
            continue;
        }
        let rest = &words[p.tokens.len()..];
        let starts_with_digit = rest[0].starts_with(|c: char| c.is_ascii_digit());
        let ok = match kind {
            EntityKind::Date => {
                let digits = rest[0].chars().filter(char::is_ascii_digit).count();
                rest.len() == 1
                    && starts_with_digit
                    && (rest[0].contains('/') || rest[0].contains('-') || digits == 4)
            }
            _ => starts_with_digit,
        };
        if ok {
            return rest.join(" ");
        }
    }
    key.to_string()
}

/// A person's name, split into leading initials and words ("a.lukashenko" → [a], [lukashenko]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PersonName {
    pub initials: Vec<String>,
    pub words: Vec<String>,
}

impl PersonName {
    /// Parses an exact key. Single letters are initials; those inside a name ("john f. kennedy")
    /// are dropped.
    pub fn parse(key: &str) -> Self {
        let mut initials = Vec::new();
        let mut words = Vec::new();
        for token in key.split(' ') {
            for piece in token.split('.').filter(|p| !p.is_empty()) {
                if piece.chars().count() == 1 {
                    if words.is_empty() {
                        initials.push(piece.to_string());
                    }
                } else {
                    words.push(piece.to_string());
                }
            }
        }
        // "j." alone: treat the initial as the name rather than drop everything.
        if words.is_empty() {
            words = std::mem::take(&mut initials);
        }
        Self { initials, words }
    }

    /// One word, with or without initials: "Lukashenko", "A.Lukashenko".
    pub fn is_short(&self) -> bool {
        self.words.len() <= 1
    }

    pub fn surname(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    /// The normalised key of a short form ("a.lukashenko"), so "A. Lukashenko" = "A.Lukashenko".
    fn short_key(&self) -> String {
        let mut out = String::new();
        for i in &self.initials {
            out.push_str(i);
            out.push('.');
        }
        out.push_str(self.surname());
        out
    }

    /// Does the first initial of this short form agree with the first word of `full`?
    pub fn initial_fits(&self, full: &PersonName) -> bool {
        match (self.initials.first(), full.words.first()) {
            (None, _) => true,
            (Some(i), Some(w)) => fold(i).chars().next() == fold(w).chars().next(),
            (Some(_), None) => false,
        }
    }

    /// Vietnamese names are linked only on the full name: a family name from the list, or a
    /// letter mark that romanised foreign names do not use.
    pub fn is_vietnamese(&self) -> bool {
        let d = data();
        let first_two = self
            .words
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        self.words
            .first()
            .is_some_and(|w| d.vietnamese_surnames.contains(w))
            || d.vietnamese_surnames.contains(&first_two)
            || self.words.iter().any(|w| is_vietnamese_word(w))
    }

    /// `self` (shorter) is `other` with middle names left out: same first and last word, words in
    /// order.
    pub fn is_contracted_form_of(&self, other: &PersonName) -> bool {
        if self.words.len() < 2 || self.words.len() >= other.words.len() {
            return false;
        }
        if self.words.first() != other.words.first() || self.words.last() != other.words.last() {
            return false;
        }
        let mut rest = other.words.iter();
        self.words.iter().all(|w| rest.any(|o| o == w))
    }
}

/// A word only Vietnamese spelling produces: đ, a Vietnamese-only mark, a letter with two marks
/// ("ố", "ầ"), or a tilde on a vowel other than a/o ("ĩ", "ũ", "ẽ", "ỹ").
fn is_vietnamese_word(word: &str) -> bool {
    let mut marks_on_letter = 0;
    let mut base = ' ';
    for c in word.nfd() {
        if is_mark(c) {
            marks_on_letter += 1;
            let vietnamese_tilde = c == '\u{303}' && matches!(base, 'i' | 'u' | 'e' | 'y');
            if marks_on_letter >= 2 || vietnamese_tilde || VIETNAMESE_ONLY_MARKS.contains(&c) {
                return true;
            }
        } else {
            base = c;
            marks_on_letter = 0;
            if c == 'đ' {
                return true;
            }
        }
    }
    false
}

/// Number of leading title tokens ("tổng thống", "ông") in a person key, leaving one word.
pub(super) fn person_title_tokens(key: &str) -> usize {
    let mut words: Vec<&str> = key.split(' ').collect();
    let mut n = 0;
    loop {
        let k = data::prefix_len(&data().person_titles, &words);
        if k == 0 {
            return n;
        }
        n += k;
        words.drain(..k);
    }
}

fn person_key(key: &str) -> String {
    let stripped = drop_prefix(key, person_title_tokens(key));
    let name = PersonName::parse(&stripped);
    if name.is_short() {
        name.short_key()
    } else {
        stripped
    }
}

/// An acronym as written: no spaces, no lower-case letters, at least two capitals, short.
pub(super) fn is_acronym(s: &str) -> bool {
    let s = s.trim();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2
        && s.chars().count() <= 12
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '&' | '.'))
}

/// "Liên minh Kinh tế Á-Âu (EAEU)" → ("Liên minh Kinh tế Á-Âu", "EAEU").
pub(super) fn split_trailing_acronym(s: &str) -> Option<(&str, &str)> {
    let s = s.trim();
    let inner = s.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (long, acronym) = (inner[..open].trim(), &inner[open + 1..]);
    (!long.is_empty() && is_acronym(acronym)).then_some((long, acronym))
}

/// The letters of an acronym as compared with initialisms: letters and digits only, marks
/// dropped except the stroke of đ ("TP.HCM" → "tphcm", "ĐCSVN" → "đcsvn").
pub(super) fn acronym_letters(s: &str) -> String {
    exact(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .filter_map(base_letter)
        .collect()
}

/// A letter without its marks, keeping đ (Vietnamese acronyms write Đ: "HĐND").
fn base_letter(c: char) -> Option<char> {
    if c == 'đ' {
        return Some(c);
    }
    c.to_string().nfd().next()
}

/// The Vietnamese initialism of a multi-word name, in [`acronym_letters`] form: "Liên Hợp
/// Quốc" → "lhq", "Hội đồng nhân dân" → "hđnd". Function words ("và") are skipped; a word
/// already in capitals contributes all its letters ("MTTQ Việt Nam" → "mttqvn"). `None` for
/// fewer than two words or three letters.
pub(super) fn initialism(name: &str) -> Option<String> {
    let skip = &data().initialism_skip;
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = String::new();
    let mut counted = 0;
    for w in &words {
        if skip.contains(&w.to_lowercase()) {
            continue;
        }
        counted += 1;
        if w.chars().count() > 1 && is_acronym(w) {
            out.push_str(&acronym_letters(w));
        } else {
            out.extend(
                w.chars()
                    .next()
                    .into_iter()
                    .flat_map(char::to_lowercase)
                    .filter_map(base_letter),
            );
        }
    }
    (counted >= 2 && out.chars().count() >= 3).then_some(out)
}

/// Readable id part: folded, lower case, non-alphanumerics collapsed to '-'.
pub(super) fn slug(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("unnamed");
    }
    out
}

/// How full a name is: (alphanumeric runs, alphanumeric characters). "Á-Âu" and "Á - Âu" tie.
pub(super) fn fullness(name: &str) -> (usize, usize) {
    let runs = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    (runs, name.chars().filter(|c| c.is_alphanumeric()).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_spacing_and_case_share_a_key() {
        assert_eq!(
            exact("Liên minh Kinh tế Á-Âu"),
            exact("Liên minh Kinh tế Á - Âu")
        );
        assert_eq!(exact("Belarus – Việt Nam"), exact("Belarus - Việt Nam"));
        assert_eq!(exact("Liên Hợp Quốc"), exact("Liên hợp quốc."));
        assert_ne!(exact("Lâm"), exact("Lam"));
    }

    #[test]
    fn tone_placement_styles_share_a_key() {
        assert_eq!(exact("Cộng hòa"), exact("Cộng hoà"));
        assert_eq!(exact("Thúy"), exact("Thuý"));
        assert_eq!(exact("khỏe"), exact("khoẻ"));
        assert_ne!(exact("hòa"), exact("hoa"));
        // Closed syllables and other vowels are untouched.
        assert_eq!(exact("Hoàng"), "hoàng");
        assert_eq!(exact("của"), "của");
    }

    #[test]
    fn keys_with_no_tone_to_move_are_taken_as_they_are() {
        let mut words: Vec<String> = [
            "hòa",
            "hoà",
            "hoa",
            "thúy",
            "thuý",
            "khỏe",
            "hoàng",
            "của",
            "ọa",
            "ôa",
            "ờa",
            "òă",
            "o\u{300}a",
            "ọ\u{300}a",
            "o\u{302}\u{300}e",
            "ò\u{31b}a",
            "Òa",
            "Úy",
            "ùya",
            "òa\u{301}",
            "ùy.",
            "Cộng hòa",
            "Liên minh Kinh tế Á-Âu",
            "",
            "o",
            "ò",
            "ascii only",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Every vowel with every tone before every vowel, composed and not.
        let vowels = "aăâeêioôơuưy";
        for first in vowels.chars() {
            for tone in std::iter::once(None).chain(TONE_MARKS.iter().copied().map(Some)) {
                for second in vowels.chars().chain(['n', ' ']) {
                    let word: String = [Some(first), tone, Some(second)]
                        .into_iter()
                        .flatten()
                        .collect();
                    words.push(word.nfc().collect());
                    words.push(word);
                }
            }
        }
        for w in &words {
            assert_eq!(tone_placement(w), tones_moved(w), "{w:?}");
        }
    }

    #[test]
    fn state_form_prefix_is_dropped_for_locations_only() {
        let loc = |s| node_key(EntityKind::Location, s);
        assert_eq!(loc("Cộng hòa Belarus"), loc("Belarus"));
        assert_eq!(loc("Cộng hòa xã hội chủ nghĩa Việt Nam"), loc("Việt Nam"));
        assert_eq!(loc("Liên bang Nga"), "nga");
        assert_eq!(loc("Cộng hòa"), "cộng hoà");
        assert_ne!(loc("Cộng hòa Dân chủ Congo"), loc("Cộng hòa Congo"));
        assert_eq!(
            node_key(EntityKind::Organization, "Liên bang Nga"),
            "liên bang nga"
        );
    }

    #[test]
    fn date_and_money_words_before_a_value() {
        let date = |s| node_key(EntityKind::Date, s);
        assert_eq!(date("năm 1992"), "1992");
        assert_eq!(date("Tháng 12/2006"), "12/2006");
        assert_eq!(date("09/05/2025"), "9/5/2025");
        assert_eq!(date("2016 - 2018"), date("2016-2018"));
        assert_ne!(date("tháng 5"), date("ngày 5"));
        assert_eq!(date("30/10"), "30/10");
        let money = |s| node_key(EntityKind::Money, s);
        assert_eq!(money("hơn 65 triệu USD"), "65 triệu usd");
        assert_eq!(money("810.000 USD"), "810.000 usd");
    }

    #[test]
    fn person_keys_drop_titles_and_normalise_initials() {
        let p = |s| node_key(EntityKind::Person, s);
        assert_eq!(p("A. Lukashenko"), p("A.Lukashenko"));
        assert_eq!(p("Tổng thống Lukashenko"), "lukashenko");
        assert_eq!(p("ông Tô Lâm"), "tô lâm");
        assert_eq!(p("Tổng thống"), "tổng thống");
    }

    #[test]
    fn person_names_parse_and_compare() {
        let n = PersonName::parse("v.v. putin");
        assert_eq!(n.initials, ["v", "v"]);
        assert_eq!(n.words, ["putin"]);
        let full = PersonName::parse("vladimir vladimirovich putin");
        assert!(n.initial_fits(&full));
        assert!(!PersonName::parse("a.putin").initial_fits(&full));
        assert!(PersonName::parse("vladimir putin").is_contracted_form_of(&full));
        assert!(!PersonName::parse("vladimir putin")
            .is_contracted_form_of(&PersonName::parse("vladimir putin")));
        assert!(PersonName::parse("tô lâm").is_vietnamese());
        assert!(PersonName::parse("tập cận bình").is_vietnamese());
        assert!(!PersonName::parse("aleksandr lukashenko").is_vietnamese());
        assert!(PersonName::parse("kozlov quốc dũng").is_vietnamese());
        assert!(!PersonName::parse("maría victoria").is_vietnamese());
        assert!(!PersonName::parse("joão gonçalves").is_vietnamese());
    }

    #[test]
    fn acronyms_and_initialisms() {
        assert!(is_acronym("EAEU"));
        assert!(is_acronym("TP.HCM"));
        assert!(is_acronym("ĐCSVN"));
        assert!(!is_acronym("BelAZ"));
        assert!(!is_acronym("UNCLOS 1982"));
        assert!(!is_acronym("A"));
        assert_eq!(initialism("Liên Hợp Quốc").as_deref(), Some("lhq"));
        assert_eq!(initialism("Ủy ban nhân dân").as_deref(), Some("ubnd"));
        assert_eq!(
            initialism("Đảng Cộng sản Việt Nam").as_deref(),
            Some("đcsvn")
        );
        assert_eq!(
            initialism("Bộ Lao động - Thương binh và Xã hội").as_deref(),
            Some("blđtbxh")
        );
        assert_eq!(initialism("Việt Nam"), None);
        assert_eq!(acronym_letters("HĐND"), "hđnd");
        assert_eq!(
            split_trailing_acronym("Liên minh Kinh tế Á-Âu (EAEU)"),
            Some(("Liên minh Kinh tế Á-Âu", "EAEU"))
        );
        assert_eq!(split_trailing_acronym("Hội nghị (lần thứ 2)"), None);
    }

    #[test]
    fn slugs_and_fullness() {
        assert_eq!(slug("Aleksandr Lukashenko"), "aleksandr-lukashenko");
        assert_eq!(slug("Liên minh Kinh tế Á - Âu"), "lien-minh-kinh-te-a-au");
        assert_eq!(slug("..."), "unnamed");
        assert_eq!(fullness("Á-Âu"), fullness("Á - Âu"));
        assert!(fullness("Aleksandr Lukashenko") > fullness("A.Lukashenko"));
    }
}
