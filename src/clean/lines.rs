//! Per-line features and the context-free first pass: what each non-blank line looks like
//! on its own (separator, slug, caption, stamp, headline-shaped, prose…).

use super::furniture;
use super::lexicon::{lexicon, BylineMatch};
use super::published::{parse_stamp, Stamp};
use super::RemovalReason;
use crate::text::{exact_key, exact_key_into};

/// Headline-shaped lines have at most this many words; longer lines are prose even unpunctuated.
const MAX_HEADLINE_WORDS: usize = 30;
/// Bylines, captions-credits and menu lines are short.
const MAX_BYLINE_WORDS: usize = 10;
const MAX_BYLINE_CHARS: usize = 80;
/// Source names after "Theo" ("Theo TTXVN", "Theo Báo Quốc tế").
const MAX_THEO_SOURCE_WORDS: usize = 5;
/// Photo captions are a sentence or two.
const MAX_CAPTION_WORDS: usize = 70;
/// Slugs ("infographic dau hieu nhan biet lu quet") have several words.
const MIN_SLUG_WORDS: usize = 3;
/// A line whose second half repeats its first half ("X X") needs this many words per half.
const MIN_DOUBLED_HALF_WORDS: usize = 2;
/// Menus and breadcrumbs are short.
const MAX_NAVIGATION_WORDS: usize = 12;
/// A row of section names is at most this long.
const MAX_MENU_WORDS: usize = 30;
/// Furniture prefixes ("Xin chờ trong giây lát…") only on short lines.
const MAX_FURNITURE_WORDS: usize = 25;
/// A near repeat: the shorter line is at least this share of the longer one.
const NEAR_REPEAT_SHARE: f64 = 0.85;
/// A caption repeated with a credit appended has at least this many words.
const MIN_TITLE_LIKE_WORDS: usize = 3;
/// "Doubled" headlines ("X X") are headline-length; a longer line repeating itself is judged as
/// prose (a pasted paragraph, a pathological file), never dropped whole as a link.
const MAX_DOUBLED_WORDS: usize = 2 * MAX_HEADLINE_WORDS;

/// What a line is, judged on its own (plus the line just above, for repeats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Class {
    /// Never article text, whatever its position.
    Junk(RemovalReason),
    /// A section header that ends the article ("Tin bài liên quan").
    EndMarker,
    /// A link to another story inside the page ("Xem thêm: …", a headline printed twice "X X").
    InlineRelated,
    /// A publication-time line (boxed: most lines are not, and a file may have millions).
    Stamp(Box<Stamp>),
    /// A byline or source credit ("Minh Thái (tổng hợp)", "Theo TTXVN", "Nguồn:").
    Byline,
    /// A photo caption or credit.
    Caption,
    /// Short, no final period: a title, heading, teaser headline or link.
    Headline,
    /// Prose: a paragraph-shaped line.
    Body,
}

/// One non-blank line with its features.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// 1-based physical line number, see [`Line::no`].
    line_no: u32,
    /// The line, trimmed.
    pub text: &'a str,
    /// Words in the line, see [`Line::words`]. (Both counts are u32: a file may have millions
    /// of lines, and every byte of this record counts.)
    word_count: u32,
    /// Blank lines between this line and the previous non-blank one.
    pub gap_before: u32,
    pub class: Class,
    /// Capitalised names and nothing else ("Minh Thái", "Hoài Thu - Ngọc An"): could be the
    /// author(s).
    pub name_like: bool,
}

impl Line<'_> {
    pub fn no(&self) -> usize {
        self.line_no as usize
    }

    pub fn words(&self) -> usize {
        self.word_count as usize
    }
}

/// The lines of a text, classified, and what a crawler stamped on the first one.
pub(crate) struct Scanned<'a> {
    pub lines: Vec<Line<'a>>,
    /// The date of a crawler prefix (" date 2025-10-27 …") glued to the first line.
    pub crawled: Option<String>,
    /// The longest prose lines (see [`furniture::Signature`]).
    pub signature: furniture::Signature,
}

/// Splits `text` into non-blank lines and classifies each. Linear in the size of `text`.
pub(crate) fn scan(text: &str) -> Scanned<'_> {
    let mut out = Vec::new();
    let mut crawled = None;
    let mut gap: u32 = 0;
    // The last line that was not junk: a repeat is judged against it, so a doubled caption
    // with a "Chú thích ảnh" label between its copies is still a repeat.
    // (Two buffers swapped, not a key allocated per line.)
    let mut previous_key = String::new();
    let mut has_previous = false;
    let mut key = String::new();
    let mut signature = furniture::Signature::default();
    for (index, raw) in split_lines(text).enumerate() {
        let mut line = raw.trim();
        if line.is_empty() {
            gap = gap.saturating_add(1);
            continue;
        }
        if out.is_empty() {
            if let Some((date, rest)) = strip_crawler_prefix(line) {
                crawled = Some(date.to_string());
                line = rest;
            }
        }
        exact_key_into(line, &mut key);
        let words = key_words(&key);
        let repeat = has_previous && is_near_repeat(&previous_key, &key);
        let class = if repeat {
            Class::Junk(RemovalReason::RepeatedLine)
        } else {
            classify(line, &key, words)
        };
        signature.see(line.len(), words, &key);
        if !matches!(class, Class::Junk(_)) {
            std::mem::swap(&mut previous_key, &mut key);
            has_previous = true;
        }
        out.push(Line {
            line_no: u32::try_from(index + 1).unwrap_or(u32::MAX),
            text: line,
            word_count: u32::try_from(words).unwrap_or(u32::MAX),
            gap_before: if out.is_empty() { 0 } else { gap },
            class,
            name_like: words <= MAX_AUTHOR_LIST_WORDS && is_author_list(line),
        });
        gap = 0;
    }
    mark_cut_last_line(&mut out);
    Scanned {
        lines: out,
        crawled,
        signature,
    }
}

/// The pieces of `text` between line ends, as `text.split('\n')` gives them, found by the
/// `memchr` crate's vector search (the standard library's search for a character reads a word at
/// a time).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// The words of a line (`line.split_whitespace().count()`), counted in its exact key: the key
/// has each run of white space as one space and none at its ends, and counting its spaces is
/// cheaper than reading the line's characters again.
pub(crate) fn key_words(key: &str) -> usize {
    if key.is_empty() {
        return 0;
    }
    // Counted a byte-sized sum at a time: summed in bytes, the compiler counts sixteen at once.
    let spaces: usize = key
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            let n: u8 = chunk.iter().fold(0, |n, &b| n + u8::from(b == b' '));
            usize::from(n)
        })
        .sum();
    spaces + 1
}

/// A file saved up to a size limit ends mid-sentence ("Để tiếp tục k"): a short unpunctuated
/// last line right under the article's prose (or under a heading that is) is the prose going
/// on, not a link. A name there is still the author.
fn mark_cut_last_line(lines: &mut [Line<'_>]) {
    let prose_like = |l: &Line<'_>| matches!(l.class, Class::Body | Class::Caption);
    let n = lines.len();
    let Some(last) = lines.last() else {
        return;
    };
    // "(Znews đặt lại tiêu đề bài viết)": an editor's note in parentheses is not cut prose.
    let note = last.text.starts_with('(') && last.text.ends_with(')');
    if last.class != Class::Headline || last.name_like || note || last.gap_before > 1 {
        return;
    }
    // The lines above, skipping picture placeholders and other junk.
    let mut above = lines[..n - 1]
        .iter()
        .rev()
        .filter(|l| !matches!(l.class, Class::Junk(_)));
    let under_prose = match (above.next(), above.next()) {
        (Some(a), _) if prose_like(a) => true,
        (Some(a), Some(b)) => a.class == Class::Headline && prose_like(b),
        _ => false,
    };
    if under_prose {
        lines[n - 1].class = Class::Body;
    }
}

/// " date 2025-10-27 Text…": a crawler's fetch date glued to the first line of what it saved.
/// Returns the date (`2025-10-27`, or `2024-11` when only the month is given) and the rest of
/// the line.
fn strip_crawler_prefix(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("date ")?;
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let date = &rest[..end];
    let shape = date.len() >= 7
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
        && matches!(date.len(), 7 | 10);
    shape.then(|| (date, rest[end..].trim_start()))
}

/// Equal keys after dropping trailing punctuation / scraping residue, or one a long prefix of the other.
fn is_near_repeat<'a>(previous: &'a str, key: &'a str) -> bool {
    let strip = |s: &'a str| s.trim_end_matches(|c: char| !c.is_alphanumeric());
    let (a, b) = (strip(previous), strip(key));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if !long.starts_with(short) {
        return false;
    }
    // "Caption" then "Caption. Ảnh: TTXVN": the same picture, credited the second time.
    let tail = &long[short.len()..];
    let credit = tail.trim_start_matches(|c: char| !c.is_alphanumeric());
    let credited = short.split_whitespace().count() >= MIN_TITLE_LIKE_WORDS
        && tail.starts_with(|c: char| !c.is_alphanumeric())
        && lexicon().has_caption_cue(credit)
        && credit.split_whitespace().count() <= MAX_BYLINE_WORDS;
    credited || short.len() as f64 >= NEAR_REPEAT_SHARE * long.len() as f64
}

/// `words`: the line's count of white-space separated words.
fn classify(line: &str, key: &str, words: usize) -> Class {
    let lex = lexicon();
    if !line.chars().any(char::is_alphanumeric) {
        return Class::Junk(RemovalReason::Separator);
    }
    // Before stray numbers: "09-05-2025 - 14:20" is all digits and punctuation too.
    if let Some(stamp) = parse_stamp(line) {
        return Class::Stamp(Box::new(stamp));
    }
    if is_stray_number(line) {
        return Class::Junk(RemovalReason::StrayNumber);
    }
    if is_relative_time(key) {
        return Class::Junk(RemovalReason::Metadata);
    }
    if is_image_placeholder(key) || is_file_name(line) {
        return Class::Junk(RemovalReason::PageFurniture);
    }
    if lex.is_end_marker(key) {
        return Class::EndMarker;
    }
    if (words <= MAX_NAVIGATION_WORDS && lex.is_navigation(key))
        || is_menu(line, key, words)
        || is_breadcrumb(line, words)
        || is_hashtags(line)
    {
        return Class::Junk(RemovalReason::Navigation);
    }
    if words <= MAX_FURNITURE_WORDS && lex.is_furniture(key) {
        return Class::Junk(RemovalReason::PageFurniture);
    }
    if is_slug(line, words) {
        return Class::Junk(RemovalReason::Slug);
    }
    if is_inline_related(key) || is_doubled(line, key, words) {
        return Class::InlineRelated;
    }
    if is_byline(line, key, words) {
        return Class::Byline;
    }
    if is_caption(line, key, words) {
        return Class::Caption;
    }
    if is_headline_shaped(line, words) {
        return Class::Headline;
    }
    Class::Body
}

fn is_stray_number(line: &str) -> bool {
    // The shape first: most lines fail it at their first letter.
    line.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || ".,:/+-%".contains(c))
        && line.chars().any(|c| c.is_ascii_digit())
}

/// "• 15 phút trước", "2 giờ trước", "3 hours ago": when the page was looked at, not text.
fn is_relative_time(key: &str) -> bool {
    const UNITS: [&str; 14] = [
        "giây", "phút", "giờ", "ngày", "tuần", "tháng", "năm", "second", "minute", "hour", "day",
        "week", "month", "year",
    ];
    let separator = |c: char| c.is_whitespace() || "•·-–|()".contains(c);
    // The last word first: it fails on nearly every line, read from its end.
    let last = key.trim_end_matches(separator);
    if !(last.ends_with("trước") || last.ends_with("ago")) {
        return false;
    }
    let mut words = key.split(separator).filter(|w| !w.is_empty());
    match [words.next(), words.next(), words.next(), words.next()] {
        [Some(n), Some(unit), Some("trước" | "ago"), None] => {
            n.chars().all(|c| c.is_ascii_digit())
                && UNITS
                    .iter()
                    .any(|u| unit == *u || unit.strip_suffix('s') == Some(u))
        }
        _ => false,
    }
}

/// "Azerbaijan - Ảnh 1.", "… ký tuyên bố ảnh 2": the alt text of a picture with its number, left
/// where the picture was.
fn is_image_placeholder(key: &str) -> bool {
    let trimmed = key.trim_end_matches(['.', ' ']);
    let number = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = trimmed.len() - number.len();
    let Some(before) = number.strip_suffix(' ') else {
        return false;
    };
    (1..=2).contains(&digits)
        && ["ảnh", "hình", "photo", "image"].iter().any(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|head| head.is_empty() || head.ends_with([' ', '-', '–']))
        })
}

/// "viberimage2025-10-26.jpg": a picture's file name.
fn is_file_name(line: &str) -> bool {
    const EXTENSIONS: [&str; 7] = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp"];
    !line.contains(char::is_whitespace)
        && EXTENSIONS
            .iter()
            .any(|e| line.to_ascii_lowercase().ends_with(e))
}

/// "Thời sự Thế giới Kinh doanh Giải trí", "News Business Travel Life Sports": a row of section
/// names (three or more, most of the line, no sentence punctuation).
fn is_menu(line: &str, key: &str, words: usize) -> bool {
    const MIN_SECTIONS: usize = 3;
    const MIN_SHARE: f64 = 0.5;
    words <= MAX_MENU_WORDS
        && !line.contains([',', '.', ';', ':', '?', '!'])
        && lexicon().is_menu(key, MIN_SECTIONS, MIN_SHARE)
}

/// "Thế giới › Châu Á › Đông Nam Á": menu items joined by arrow-like separators.
fn is_breadcrumb(line: &str, words: usize) -> bool {
    const ARROWS: [char; 4] = ['>', '»', '›', '→'];
    words <= 15 && line.chars().filter(|c| ARROWS.contains(c)).count() >= 1 && {
        let items = line
            .split(|c| ARROWS.contains(&c))
            .filter(|s| !s.trim().is_empty());
        items.clone().count() >= 2 && items.clone().all(|s| s.split_whitespace().count() <= 5)
    }
}

/// Lower-case ASCII words only: a URL slug that lost its hyphens, or text stripped of diacritics.
/// Also a hyphenated slug ("gia-vang-tang-manh") or a bare URL.
fn is_slug(line: &str, words: usize) -> bool {
    // The shape first: it fails at once on most lines.
    let slug = line
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ' || b == b'-')
        && line.bytes().any(|b| b.is_ascii_lowercase())
        && line.split([' ', '-']).filter(|p| !p.is_empty()).count() >= MIN_SLUG_WORDS;
    let url = words == 1
        && ["http://", "https://", "www."].iter().any(|p| {
            line.as_bytes()
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
        });
    slug || url
}

/// "#giávàng #tỷgiá": a line of hashtags.
fn is_hashtags(line: &str) -> bool {
    line.split_whitespace()
        .all(|w| w.starts_with('#') && w.len() > 1)
}

/// "Xem thêm: <headline>", "Đọc thêm: …", ">> <headline>".
fn is_inline_related(key: &str) -> bool {
    const PREFIXES: [&str; 6] = [
        "xem thêm:",
        "đọc thêm:",
        "xem thêm >>",
        ">>",
        "tin liên quan:",
        "bài liên quan:",
    ];
    PREFIXES
        .iter()
        .any(|p| key.starts_with(p) && key.len() > p.len() + 1)
}

/// "X X": the line is one headline printed twice. `key` is the line's exact key.
fn is_doubled(line: &str, key: &str, words: usize) -> bool {
    let half = words / 2;
    // Then its key is a half's key twice with a space between (a key is its words' keys
    // joined): compared first, where splitting the line reads half of it again.
    let mid = key.len() / 2;
    let key = key.as_bytes();
    let key_doubled = key.len() % 2 == 1 && key[mid] == b' ' && key[..mid] == key[mid + 1..];
    key_doubled
        && words <= MAX_DOUBLED_WORDS
        && words.is_multiple_of(2)
        && half >= MIN_DOUBLED_HALF_WORDS
        && line
            .split_whitespace()
            .take(half)
            .eq(line.split_whitespace().skip(half))
}

fn is_byline(line: &str, key: &str, words: usize) -> bool {
    if words > MAX_BYLINE_WORDS || line.chars().count() > MAX_BYLINE_CHARS {
        return false;
    }
    match lexicon().byline_cue(key) {
        Some(BylineMatch::Plain) => true,
        Some(BylineMatch::Source) => is_source_name(line),
        None => {
            is_name_with_agency(line) || is_name_with_outlet(line) || is_parenthesised_credit(line)
        }
    }
}

/// "Hà Văn/ Báo Chính phủ", "Minh Anh - Tạp chí Tài chính": a name, then the outlet it wrote for.
fn is_name_with_outlet(line: &str) -> bool {
    const OUTLET_HEADS: [&str; 6] = ["báo", "tạp chí", "đài", "cổng", "thông tấn xã", "kênh"];
    let Some((name, outlet)) = line
        .split_once('/')
        .or_else(|| line.split_once(" - "))
        .or_else(|| line.split_once(" – "))
    else {
        return false;
    };
    let outlet = outlet.trim();
    let key = exact_key(outlet);
    outlet.split_whitespace().count() <= MAX_THEO_SOURCE_WORDS
        && outlet.chars().next().is_some_and(char::is_uppercase)
        && OUTLET_HEADS
            .iter()
            .any(|h| key.starts_with(h) && key[h.len()..].starts_with(' '))
        && is_name_like(name.trim())
}

/// "Thanh Hà (TTXVN)", "(TTXVN/Vietnam+)", "(Reuters)": an optional name, then a short source in
/// parentheses closing the line.
fn is_parenthesised_credit(line: &str) -> bool {
    const MAX_SOURCE_WORDS: usize = 3;
    let Some(open) = line.rfind('(') else {
        return false;
    };
    let (name, source) = (line[..open].trim(), &line[open + 1..]);
    let Some(source) = source.strip_suffix(')') else {
        return false;
    };
    let words: Vec<&str> = source
        .split_whitespace()
        .take(MAX_SOURCE_WORDS + 1)
        .collect();
    (1..=MAX_SOURCE_WORDS).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && (name.is_empty() || is_author_list(name))
}

/// "Theo TTXVN", "Theo Báo Quốc tế.": after "Theo", a few capitalised words and nothing else.
fn is_source_name(line: &str) -> bool {
    let rest: Vec<&str> = line
        .split_whitespace()
        .skip(1)
        .take(MAX_THEO_SOURCE_WORDS + 1)
        .collect();
    !rest.is_empty()
        && rest.len() <= MAX_THEO_SOURCE_WORDS
        && !line.ends_with([':', ','])
        && rest
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

/// "Hồng Nhung - TTXVN", "Minh Anh/VOV": a name, a dash or slash, an upper-case agency.
fn is_name_with_agency(line: &str) -> bool {
    let Some((name, agency)) = line.rsplit_once([' ', '/']).map(|(n, a)| (n.trim_end(), a)) else {
        return false;
    };
    let name = name.trim_end_matches(['-', '–', '—', '/']).trim_end();
    agency.chars().count() >= 2
        && agency
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
        && name.len() < line.len()
        && line[name.len()..].contains(['-', '–', '—', '/'])
        && is_name_like(name)
}

fn is_caption(line: &str, key: &str, words: usize) -> bool {
    words <= MAX_CAPTION_WORDS
        && (lexicon().has_caption_cue(key) || line.ends_with('|') || ends_with_photo_credit(line))
}

/// "… on November 17. VNS Photo Đoàn Tùng": a sentence closed by a photographer's credit
/// without a colon (one to four capitalised words after "Photo").
fn ends_with_photo_credit(line: &str) -> bool {
    // The last " Photo ", found by its capital from the end (a byte search, where the search
    // for the word costs a setup on every line; the `memchr` crate's, in vectors, where the
    // standard library's reads a word at a time).
    let Some(at) = memchr::memrchr_iter(b'P', line.as_bytes())
        .find(|&p| line[..p].ends_with(' ') && line[p..].starts_with("Photo "))
        .map(|p| p - 1)
    else {
        return false;
    };
    // The sentence ends right before the agency's name ("17. VNA/VNS Photo").
    let closed = line[..at]
        .trim_end_matches(|c: char| c.is_uppercase() || c == '/')
        .trim_end()
        .ends_with(['.', '!', '?']);
    let name: Vec<&str> = line[at + 7..].split_whitespace().collect();
    closed
        && (1..=4).contains(&name.len())
        && name
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Short, no sentence-final period, not a list item: a title, heading, teaser headline or link.
fn is_headline_shaped(line: &str, words: usize) -> bool {
    if words > MAX_HEADLINE_WORDS || line.starts_with(['-', '•', '+', '*', '–', '—']) {
        return false;
    }
    let last = strip_sign_off(line)
        .trim_end_matches(['"', '”', '’', '\'', ')', '»'])
        .chars()
        .next_back();
    !matches!(last, Some('.' | ',' | ';' | ':' | '…'))
}

/// "… last month. — VNS", "… tuần qua. (TTXVN)": an agency's sign-off closing a paragraph.
/// Returns the paragraph without it (the line itself when there is none).
fn strip_sign_off(line: &str) -> &str {
    let trimmed = line.trim_end();
    let (before, agency) = if let Some(inner) = trimmed.strip_suffix(')') {
        match inner.rfind('(') {
            Some(open) => (&inner[..open], &inner[open + 1..]),
            None => return line,
        }
    } else {
        match trimmed.rfind([' ', '—', '–']) {
            Some(at) => {
                let agency = trimmed[at..].trim_start_matches([' ', '—', '–']);
                let before = trimmed[..at].trim_end();
                match before.strip_suffix(['—', '–', '-']) {
                    Some(before) => (before, agency),
                    None => return line,
                }
            }
            None => return line,
        }
    };
    let agency_like = (2..=12).contains(&agency.chars().count())
        && agency
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || "/+.".contains(c));
    let before = before.trim_end();
    if agency_like && before.ends_with(['.', '!', '?', '"', '”']) {
        before
    } else {
        line
    }
}

/// Names in an author list, see [`is_author_list`].
const MAX_AUTHORS: usize = 4;
/// Words in a name, see [`is_name_like`].
const MAX_NAME_WORDS: usize = 4;
/// An author list has at most this many words: its names' and one separator word ("-", "và")
/// between each two. (A bound that spares the split of every long line.)
const MAX_AUTHOR_LIST_WORDS: usize = MAX_AUTHORS * MAX_NAME_WORDS + MAX_AUTHORS - 1;

/// One or more names joined by "-", "–", "," or "và": "Hoài Thu - Ngọc An".
pub(crate) fn is_author_list(line: &str) -> bool {
    // The first name's first two words are the line's, both capitalised: most lines fail on
    // these two words, before the line is searched for separators.
    let capitalised = |w: Option<&str>| w.is_some_and(|w| w.starts_with(char::is_uppercase));
    let mut words = line.split_whitespace();
    if !(capitalised(words.next()) && capitalised(words.next())) {
        return false;
    }
    // Stops at the first part that is not a name, or past the limit: a long line is not
    // listed whole.
    line.split(['-', '–', ','])
        .flat_map(|p| p.split(" và "))
        .enumerate()
        .all(|(n, p)| n < MAX_AUTHORS && is_name_like(p.trim()))
}

/// 2–4 words, each capitalised, letters (and initials' dots) only: "Minh Thái", "T.Hà".
pub(crate) fn is_name_like(line: &str) -> bool {
    // Stops at the first word that is not a name's, or at the fifth: a long line is not
    // listed whole.
    let mut words = 0;
    line.split_whitespace().all(|w| {
        words += 1;
        words <= MAX_NAME_WORDS
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '.')
    }) && words >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(line: &str) -> Class {
        let key = exact_key(line);
        classify(line, &key, key_words(&key))
    }

    #[test]
    fn words_are_counted_as_split_at_white_space() {
        let mut line = String::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            line.clear();
            line.extend(['a', c, 'b', ' ', c, c, 'x', c]);
            assert_eq!(
                key_words(&exact_key(&line)),
                line.split_whitespace().count(),
                "U+{:04X}",
                u32::from(c)
            );
        }
        assert_eq!(key_words(&exact_key("")), 0);
        let line = " \u{3000}Thủ\u{a0}tướng  nói\u{2028}";
        assert_eq!(key_words(&exact_key(line)), 3);
    }

    #[test]
    fn separators_numbers_slugs() {
        assert_eq!(class("* * *"), Class::Junk(RemovalReason::Separator));
        assert_eq!(class("___"), Class::Junk(RemovalReason::Separator));
        assert_eq!(class("17"), Class::Junk(RemovalReason::StrayNumber));
        assert_eq!(
            class("video xe tai lat tren cao toc 2024"),
            Class::Junk(RemovalReason::Slug)
        );
        // English prose keeps its capitals and punctuation: not a slug.
        assert_ne!(
            class("The minister said talks went well."),
            Class::Junk(RemovalReason::Slug)
        );
    }

    #[test]
    fn menus_of_section_names() {
        assert_eq!(
            class("News Business Travel Life Sports World Perspectives"),
            Class::Junk(RemovalReason::Navigation)
        );
        assert_eq!(
            class("Politics & Law Society Economy Life & Style Sports Environment Opinion"),
            Class::Junk(RemovalReason::Navigation)
        );
        assert_eq!(
            class("Thời sự Thế giới Kinh doanh Giải trí Thể thao"),
            Class::Junk(RemovalReason::Navigation)
        );
        // A headline about two of those things is not a menu.
        assert_eq!(
            class("Kinh tế Việt Nam tăng trưởng nhờ du lịch"),
            Class::Headline
        );
    }

    #[test]
    fn navigation_and_furniture() {
        assert_eq!(
            class("Trang chủ Kinh tế Nông nghiệp"),
            Class::Junk(RemovalReason::Navigation)
        );
        assert_eq!(
            class("Thời sự › Giao thông"),
            Class::Junk(RemovalReason::Navigation)
        );
        assert_eq!(class("A+ A-"), Class::Junk(RemovalReason::Navigation));
        // Prefix patterns end at a word boundary: "home" is not "Homestay".
        assert_eq!(class("Homestay ở Đà Lạt hút khách dịp lễ"), Class::Headline);
        assert_eq!(
            class("Đang tải bình luận..."),
            Class::Junk(RemovalReason::PageFurniture)
        );
        assert_eq!(
            class("[Video] Lễ hội hoa ban ở Điện Biên"),
            Class::Junk(RemovalReason::PageFurniture)
        );
    }

    #[test]
    fn end_markers_tolerate_counts_and_colons() {
        assert_eq!(class("Tin liên quan"), Class::EndMarker);
        assert_eq!(class("ĐỌC NHIỀU:"), Class::EndMarker);
        assert_eq!(class("Bình luận (12)"), Class::EndMarker);
        assert_eq!(class("Từ khóa: giá vàng, tỷ giá"), Class::EndMarker);
        // "Xem thêm: <headline>" is one link, not the end of the article.
        assert_eq!(class("Xem thêm: Giá vàng tăng"), Class::InlineRelated);
    }

    #[test]
    fn bylines() {
        assert_eq!(class("Hải Yến (tổng hợp)"), Class::Byline);
        assert_eq!(class("Theo Reuters"), Class::Byline);
        assert_eq!(class("Nguồn: Tân Hoa Xã"), Class::Byline);
        assert_eq!(class("Thu Hà - TTXVN"), Class::Byline);
        assert_eq!(class("Thu Hà (TTXVN)"), Class::Byline);
        assert_eq!(class("(TTXVN/Vietnam+)"), Class::Byline);
        assert_eq!(class("Hà Văn/ Báo Chính phủ"), Class::Byline);
        assert_eq!(class("Minh Anh - Tạp chí Tài chính"), Class::Byline);
        assert_ne!(class("Hà Nội - Báo động lũ trên sông Hồng"), Class::Byline);
        // A headline ending in a parenthesis is not a credit.
        assert_eq!(class("Giá vàng tăng mạnh (Video)"), Class::Headline);
        // "Theo" opening a clause is prose.
        assert_ne!(class("Theo ông Nam, giá lúa sẽ tăng."), Class::Byline);
    }

    #[test]
    fn captions_and_inline_links() {
        assert_eq!(
            class("Du khách tham quan phố cổ. Ảnh: Ngọc Mai"),
            Class::Caption
        );
        assert_eq!(
            class("Cầu mới bắc qua sông Hồng (Ảnh minh họa)"),
            Class::Caption
        );
        assert_eq!(class("Mưa lớn gây ngập nhiều tuyến phố |"), Class::Caption);
        assert_eq!(class("Bối cảnh: giá dầu tăng mạnh"), Class::Headline);
        assert_eq!(class("Xem thêm: Giá vàng tăng mạnh"), Class::InlineRelated);
        assert_eq!(
            class("Giá vàng tăng mạnh phiên đầu tuần Giá vàng tăng mạnh phiên đầu tuần"),
            Class::InlineRelated
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(
            class("Respiratory cases rose by about 30 per cent last week. — VNS"),
            Class::Body
        );
        assert_eq!(class("Giá điện sẽ tăng từ tháng sau. (TTXVN)"), Class::Body);
        assert_eq!(class("Giá điện tăng từ tháng sau"), Class::Headline);
        assert_eq!(class("Vì sao giá điện tăng?"), Class::Headline);
        assert_eq!(class("Giá điện sẽ tăng từ tháng sau."), Class::Body);
        assert_eq!(class("- Bảo đảm cung ứng điện"), Class::Body);
    }

    #[test]
    fn author_lists() {
        assert!(is_author_list("Hoài Thu - Ngọc An"));
        assert!(is_author_list("PHƯƠNG LINH"));
        assert!(is_author_list("Lan Anh, Quốc Việt và Thu Trang"));
        assert!(!is_author_list("Giá vàng tăng"));
        assert!(!is_author_list("Giá vàng - Giá bạc"));
    }

    #[test]
    fn lines_are_split_as_split_gives_them() {
        for text in ["", "\n", "a", "a\n", "\na", "a\nb", "a\n\n b \n", "\n\n"] {
            assert_eq!(
                split_lines(text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn repeats_of_the_line_above() {
        let lines = scan("Cảnh sát phong tỏa hiện trường. Ảnh: Hà Linh\n\nCảnh sát phong tỏa hiện trường. Ảnh: Hà Linh |\nKhác").lines;
        assert_eq!(lines[0].class, Class::Caption);
        assert_eq!(lines[1].class, Class::Junk(RemovalReason::RepeatedLine));
        assert_eq!(lines[1].gap_before, 1);
        assert_eq!(lines[1].no(), 3);
    }
}
