//! Calendar days and what a date mention means as an inclusive range of days.
//!
//! The extractor decides *what* is a date ("năm 1992", "Tháng 12/2006", "2-5/4/2025"); this
//! module reads the recognised text, with the few words right before it that narrow or bound it
//! ("9 tháng năm 2023" → January–September, "đầu năm 2025", "trước năm 1992"), and finds the
//! relative expressions the extractor leaves alone ("năm nay", "hôm qua", "ba tháng đầu năm
//! nay"). A date without a year, or a relative one, is resolved from the article's publication
//! time; without one it stays open (never guessed).

use regex::Regex;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// A calendar day (proleptic Gregorian).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Years a date may name: wide enough for history, narrow enough to leave out counts.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=2100;

impl Day {
    /// A valid day, or `None` ("31/2", month 13, a year outside 1000–2100).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let ok = YEARS.contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        ok.then_some(Day { year, month, day })
    }

    fn last_of(year: i32, month: u32) -> Day {
        Day {
            year,
            month,
            day: days_in_month(year, month),
        }
    }

    /// Days since 1970-01-01 (negative before): for distances and day arithmetic.
    pub fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `ordinal` days after 1970-01-01.
    pub fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn plus_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An inclusive range of days.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DateRange {
    pub from: Day,
    pub to: Day,
}

impl DateRange {
    pub fn year(y: i32) -> Option<DateRange> {
        Self::months(y, 1, 12)
    }

    pub fn month(y: i32, m: u32) -> Option<DateRange> {
        Self::months(y, m, m)
    }

    /// Months `m1..=m2` of year `y`.
    pub fn months(y: i32, m1: u32, m2: u32) -> Option<DateRange> {
        let from = Day::new(y, m1, 1)?;
        Day::new(y, m2, 1)?;
        (m1 <= m2).then(|| DateRange {
            from,
            to: Day::last_of(y, m2),
        })
    }

    pub fn day(d: Day) -> DateRange {
        DateRange { from: d, to: d }
    }

    pub fn span(from: Day, to: Day) -> Option<DateRange> {
        (from <= to).then_some(DateRange { from, to })
    }

    /// `other` lies inside this range.
    pub fn contains(&self, other: &DateRange) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    /// One range holds the other: "1992" and "24/1/1992" say the same at different precision.
    pub fn compatible(&self, other: &DateRange) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The whole of one calendar year.
    pub fn is_year(&self) -> bool {
        self.from.year == self.to.year
            && (self.from.month, self.from.day) == (1, 1)
            && (self.to.month, self.to.day) == (12, 31)
    }

    pub fn days(&self) -> i64 {
        self.to.ordinal() - self.from.ordinal() + 1
    }

    /// A short label: "1992", "12/2006", "11–12/5/2025", "1–9/2023", "2016–2018".
    pub fn label(&self) -> String {
        let (a, b) = (self.from, self.to);
        let whole_months = a.day == 1 && b.day == days_in_month(b.year, b.month);
        if a.year == b.year && whole_months {
            return match (a.month, b.month) {
                (1, 12) => format!("{}", a.year),
                (m1, m2) if m1 == m2 => format!("{m1}/{}", a.year),
                (m1, m2) => format!("{m1}–{m2}/{}", a.year),
            };
        }
        if whole_months && (a.month, b.month) == (1, 12) {
            return format!("{}–{}", a.year, b.year);
        }
        if a == b {
            return format!("{}/{}/{}", a.day, a.month, a.year);
        }
        if (a.year, a.month) == (b.year, b.month) {
            return format!("{}–{}/{}/{}", a.day, b.day, a.month, a.year);
        }
        if a.year == b.year {
            return format!("{}/{}–{}/{}/{}", a.day, a.month, b.day, b.month, a.year);
        }
        format!(
            "{}/{}/{}–{}/{}/{}",
            a.day, a.month, a.year, b.day, b.month, b.year
        )
    }
}

/// What a date says about when: an exact range, a bound ("trước năm 1992": up to the end of
/// 1991), or nothing yet (a day without a year and no publication time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum When {
    Within(DateRange),
    /// Before the range: up to the day before it.
    Before(DateRange),
    /// After the range: from the day after it.
    After(DateRange),
    Open,
}

impl When {
    /// First and last day, where known.
    pub fn bounds(&self) -> (Option<Day>, Option<Day>) {
        match *self {
            When::Within(r) => (Some(r.from), Some(r.to)),
            When::Before(r) => (None, Some(r.from.plus_days(-1))),
            When::After(r) => (Some(r.to.plus_days(1)), None),
            When::Open => (None, None),
        }
    }

    pub fn range(&self) -> Option<DateRange> {
        match *self {
            When::Within(r) => Some(r),
            _ => None,
        }
    }

    /// Where the timeline puts it: the first known day.
    pub fn sort_day(&self) -> Option<Day> {
        let (from, to) = self.bounds();
        from.or(to)
    }

    pub fn label(&self) -> String {
        match *self {
            When::Within(r) => r.label(),
            When::Before(r) => format!("before {}", r.label()),
            When::After(r) => format!("after {}", r.label()),
            When::Open => "?".to_string(),
        }
    }
}

/// The publication time as a range (a day, or a month when only that is stated).
pub fn publication(published: Option<&str>) -> Option<DateRange> {
    let p = published?;
    let num = |r: std::ops::Range<usize>| p.get(r)?.parse::<u32>().ok();
    let year = num(0..4)? as i32;
    let month = num(5..7)?;
    match num(8..10) {
        Some(day) => Day::new(year, month, day).map(DateRange::day),
        None => DateRange::month(year, month),
    }
}

/// Part of a date still to be completed: the fields a text gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Partial {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
}

impl Partial {
    fn fill(self, from: Partial) -> Partial {
        Partial {
            day: self.day,
            month: self.month.or(from.month),
            year: self.year.or(from.year),
        }
    }

    fn is_empty(&self) -> bool {
        self.day.is_none() && self.month.is_none() && self.year.is_none()
    }
}

struct Patterns {
    /// A range separator between two parts: "đến", "tới", a dash with spaces, an en dash.
    range_sep: Regex,
    /// "2-5/4/2025", "1/4-2/5": a dash (no spaces needed) before a part with a slash.
    day_dash: Regex,
    /// Numbers with their separators and the words that say which field they are.
    piece: Regex,
    quarter: Regex,
    /// "9 tháng", "9 tháng đầu", "6 tháng cuối", "nửa đầu" right before a year.
    months_of_year: Regex,
    /// "đầu", "giữa", "cuối" right before a year or month.
    part: Regex,
    /// "trước", "sau" right before the date: a bound.
    bound: Regex,
    relative: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("built-in pattern is valid");
        Patterns {
            range_sep: re(r"\s+(?:đến|tới)\s+(?:ngày\s+)?|\s*–\s*|\s+-\s+"),
            day_dash: re(r"^((?:ngày\s+)?\d{1,2}(?:/\d{1,2})?)\s*[-–]\s*(\d{1,2}/.+)$"),
            piece: re(
                r"(?:(ngày|mồng|mùng|tháng|năm)\s+)?(\d{1,4})((?:[/.\-]\d{1,4}){0,2})(?:\s+tháng\s+(\d{1,2}))?(?:\s+năm\s+(\d{4}))?",
            ),
            quarter: re(r"quý\s+(iv|i{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(\d{4})"),
            months_of_year: re(
                r"(?:(\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười một|mười hai)\s+tháng|(nửa))\s+(đầu|cuối)?\s*(?:của\s+)?(?:năm\s+)?$",
            ),
            part: re(r"(?:^|\s)(đầu|giữa|cuối)\s+(?:năm\s+|tháng\s+)?$"),
            bound: re(r"(?:^|\s)(trước|sau)\s+(?:ngày\s+|năm\s+|tháng\s+)?$"),
            relative: re(concat!(
                r"(?i:(?:(\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười một|mười hai)\s+tháng\s+(đầu|cuối)\s+|(đầu|giữa|cuối)\s+)?",
                r"(năm\s+nay|năm\s+ngoái|năm\s+tới|tháng\s+này|tháng\s+trước|tháng\s+tới|hôm\s+nay|sáng\s+nay|trưa\s+nay|chiều\s+nay|tối\s+nay|đêm\s+nay|hôm\s+qua|sáng\s+qua|chiều\s+qua|tối\s+qua|đêm\s+qua|ngày\s+mai))",
                r"(?-u:\b)"
            )),
        }
    })
}

fn spelled_number(s: &str) -> Option<u32> {
    Some(match s {
        "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        "mười một" => 11,
        "mười hai" => 12,
        _ => s.parse().ok()?,
    })
}

/// The fields one part of a date text gives: "ngày 11", "5/4/2025", "tháng 12/2006", "1992".
fn parse_part(text: &str) -> Partial {
    match plain_piece(text) {
        Some(piece) => {
            let mut out = Partial::default();
            out.add(&piece);
            out
        }
        None => parse_by_pattern(text),
    }
}

/// [`parse_part`] by the `piece` pattern, match by match.
fn parse_by_pattern(text: &str) -> Partial {
    let mut out = Partial::default();
    for c in patterns().piece.captures_iter(text) {
        let Some(first) = c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()) else {
            continue;
        };
        let mut piece = Piece {
            word: c.get(1).map(|m| m.as_str()),
            nums: [first, 0, 0],
            len: 1,
            month: c.get(4).and_then(|m| m.as_str().parse().ok()),
            year: c.get(5).and_then(|m| m.as_str().parse().ok()),
        };
        // At most two: the pattern allows two more numbers.
        let rest = c.get(3).map_or("", |m| m.as_str()).split(['/', '.', '-']);
        for n in rest
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .take(2)
        {
            piece.nums[piece.len] = n;
            piece.len += 1;
        }
        out.add(&piece);
    }
    out
}

/// One match of the `piece` pattern: the word before its numbers, its numbers ("5/4/2025"),
/// and the month and year named after them ("… tháng 5 năm 2025").
struct Piece<'t> {
    word: Option<&'t str>,
    nums: [u32; 3],
    len: usize,
    month: Option<u32>,
    year: Option<i32>,
}

impl Partial {
    /// Adds the fields of a piece not given yet.
    fn add(&mut self, piece: &Piece<'_>) {
        let nums = &piece.nums[..piece.len];
        let first = nums[0];
        // Field order: day/month/year, with the leading word saying where the run starts.
        let fields: &[u8] = match (piece.word, nums.len()) {
            (Some("tháng"), 1) => b"m",
            (Some("tháng"), _) => b"my",
            (Some("năm"), _) => b"y",
            (_, 1) if first >= 1000 => b"y",
            (_, 1) => b"d",
            (_, 2) if nums[1] >= 1000 => b"my",
            _ => b"dmy",
        };
        for (f, &n) in fields.iter().zip(nums) {
            match f {
                b'd' => self.day = self.day.or(Some(n)),
                b'm' => self.month = self.month.or(Some(n)),
                _ => self.year = self.year.or(Some(n as i32)),
            }
        }
        self.month = self.month.or(piece.month);
        self.year = self.year.or(piece.year);
    }
}

/// The one piece a plain date text is, read without the pattern (most dates: "năm 2023",
/// "29/9", "5/4/2025", "tháng 9/2025", "ngày 11 tháng 5 năm 2025": ASCII digits, single
/// spaces); `None` for any other text, left to the pattern.
fn plain_piece(text: &str) -> Option<Piece<'_>> {
    let (word, rest) = match text.split_once(' ') {
        Some((w, rest)) if matches!(w, "ngày" | "mồng" | "mùng" | "tháng" | "năm") => {
            (Some(w), rest)
        }
        _ => (None, text),
    };
    let bytes = rest.as_bytes();
    let mut at = 0;
    // A run of `digits` ASCII digits, within their range and not followed by another digit
    // (where the pattern would end its match and start another).
    let number = |at: &mut usize, digits: std::ops::RangeInclusive<usize>| -> Option<u32> {
        let len = bytes[*at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !digits.contains(&len) {
            return None;
        }
        let n = rest[*at..*at + len].parse().ok()?;
        *at += len;
        Some(n)
    };
    let mut piece = Piece {
        word,
        nums: [number(&mut at, 1..=4)?, 0, 0],
        len: 1,
        month: None,
        year: None,
    };
    while piece.len < 3 && matches!(bytes.get(at), Some(b'/' | b'.' | b'-')) {
        at += 1;
        piece.nums[piece.len] = number(&mut at, 1..=4)?;
        piece.len += 1;
    }
    if rest[at..].starts_with(" tháng ") {
        at += " tháng ".len();
        piece.month = Some(number(&mut at, 1..=2)?);
    }
    if rest[at..].starts_with(" năm ") {
        at += " năm ".len();
        piece.year = Some(number(&mut at, 4..=4)? as i32);
    }
    (at == rest.len()).then_some(piece)
}

/// The year that puts (month, day) closest to the publication time, the past preferred.
fn nearest_year(month: u32, day: Option<u32>, published: DateRange) -> Option<i32> {
    let mid = published
        .from
        .plus_days((published.to.ordinal() - published.from.ordinal()) / 2);
    let base = mid.year;
    (base - 1..=base + 1)
        .filter_map(|y| {
            let d = match day {
                Some(d) => Day::new(y, month, d)?,
                None => Day::new(y, month, 15)?,
            };
            // News mostly reports the past: a future reading counts double.
            let gap = d.ordinal() - mid.ordinal();
            Some((if gap > 0 { gap * 2 } else { -gap }, y))
        })
        .min()
        .map(|(_, y)| y)
}

/// A range from complete-enough fields; the year from the publication time when missing.
fn resolve(p: Partial, published: Option<DateRange>) -> Result<DateRange, Unresolved> {
    let year = match (p.year, p.month) {
        (Some(y), _) => y,
        (None, Some(m)) => nearest_year(m, p.day, published.ok_or(Unresolved::NoYear)?)
            .ok_or(Unresolved::Invalid)?,
        (None, None) => return Err(Unresolved::Invalid),
    };
    match (p.day, p.month) {
        (Some(d), Some(m)) => Day::new(year, m, d)
            .map(DateRange::day)
            .ok_or(Unresolved::Invalid),
        (None, Some(m)) => DateRange::month(year, m).ok_or(Unresolved::Invalid),
        (None, None) => DateRange::year(year).ok_or(Unresolved::Invalid),
        (Some(_), None) => Err(Unresolved::Invalid),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unresolved {
    /// Needs a year the text does not give and there is no publication time.
    NoYear,
    /// Not a calendar date after all ("31/2").
    Invalid,
}

/// The range a date mention's text names, `before` being the block text right before it (for
/// "9 tháng", "đầu", "trước"…). `None` when the text is not a calendar date.
pub fn interpret(text: &str, before: &str, published: Option<DateRange>) -> Option<When> {
    let p = patterns();
    // Borrowed when already lower case (most dates are digits).
    let lower = crate::text::lowercase(text);
    // Each pattern only where the text holds the characters it needs (most dates hold none:
    // "năm 2023", "29/9"), as a search with captures cost more than the test.
    let quarter = lower.contains("quý").then(|| p.quarter.captures(&lower));
    if let Some(c) = quarter.flatten() {
        let q = match &c[1] {
            "1" | "i" => 1,
            "2" | "ii" => 2,
            "3" | "iii" => 3,
            _ => 4,
        };
        let y: i32 = c[2].parse().ok()?;
        return DateRange::months(y, q * 3 - 2, q * 3).map(When::Within);
    }
    // "2-5/4/2025", "15-16/5": a dash between a day and a full date is a range of days.
    let dashed = lower.contains(['-', '–']);
    let parts: Vec<&str> = match dashed.then(|| p.day_dash.captures(&lower)).flatten() {
        Some(c) => vec![
            c.get(1).map_or("", |m| m.as_str()),
            c.get(2).map_or("", |m| m.as_str()),
        ],
        None if dashed || lower.contains("đến") || lower.contains("tới") => {
            p.range_sep.split(&lower).collect()
        }
        None => vec![lower.as_ref()],
    };
    let range = match parts.as_slice() {
        [one] => match resolve(parse_part(one), published) {
            Ok(r) => r,
            Err(Unresolved::NoYear) => return Some(When::Open),
            Err(Unresolved::Invalid) => return None,
        },
        [a, b] => {
            let (pa, pb) = (parse_part(a), parse_part(b));
            if pa.is_empty() || pb.is_empty() {
                return None;
            }
            // "2-5/4/2025", "ngày 11 đến ngày 12 tháng 5 năm 2025": the first part borrows the
            // month and year of the second.
            let pa = if pa.day.is_some() || pa.month.is_some() {
                pa.fill(pb)
            } else {
                pa
            };
            let (ra, rb) = match (resolve(pa, published), resolve(pb, published)) {
                (Ok(ra), Ok(rb)) => (ra, rb),
                (Err(Unresolved::NoYear), _) | (_, Err(Unresolved::NoYear)) => {
                    return Some(When::Open)
                }
                _ => return None,
            };
            DateRange::span(ra.from, rb.to)?
        }
        _ => return None,
    };
    Some(narrow(range, &tail_of(before)))
}

/// The last few words before a mention, lower-cased, for the narrowing patterns.
fn tail_of(before: &str) -> Cow<'_, str> {
    let start = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    crate::text::lowercase(&before[start..])
}

/// `re`'s captures in `tail`, searched for only once it matches: most tails match none of the
/// narrowing patterns, and a search for captures allocates their slots first.
fn captures_if<'t>(re: &Regex, tail: &'t str) -> Option<regex::Captures<'t>> {
    re.is_match(tail).then(|| re.captures(tail)).flatten()
}

/// Narrows or bounds a range by the words before it.
fn narrow(range: DateRange, tail: &str) -> When {
    let p = patterns();
    if range.is_year() {
        if let Some(c) = captures_if(&p.months_of_year, tail) {
            let n = c.get(1).and_then(|m| spelled_number(m.as_str()));
            let n = match (n, c.get(2)) {
                (Some(n), _) => n,
                (None, Some(_)) => 6, // "nửa đầu/cuối năm": a half
                _ => 12,
            };
            let last = c.get(3).is_some_and(|m| m.as_str() == "cuối");
            if (1..=12).contains(&n) {
                let (m1, m2) = if last { (13 - n, 12) } else { (1, n) };
                if let Some(r) = DateRange::months(range.from.year, m1, m2) {
                    return When::Within(r);
                }
            }
        }
    }
    if let Some(c) = captures_if(&p.part, tail) {
        // "hàng đầu", "ban đầu", "dẫn đầu" are not "the start of".
        let word_before = tail[..c.get(1).map_or(0, |m| m.start())]
            .split_whitespace()
            .next_back();
        let idiom = matches!(word_before, Some("hàng" | "ban" | "dẫn" | "đứng"));
        if let Some(r) = part_of(range, &c[1]).filter(|_| !idiom) {
            return When::Within(r);
        }
    }
    if let Some(c) = captures_if(&p.bound, tail) {
        return match &c[1] {
            "trước" => When::Before(range),
            _ => When::After(range),
        };
    }
    When::Within(range)
}

/// "đầu/giữa/cuối" of a year (the first, middle or last quarter-ish: months 1–3, 5–8, 10–12)
/// or of a month (the customary ten-day thirds: 1–10, 11–20, 21–end).
fn part_of(range: DateRange, part: &str) -> Option<DateRange> {
    if range.is_year() {
        let y = range.from.year;
        return match part {
            "đầu" => DateRange::months(y, 1, 3),
            "giữa" => DateRange::months(y, 5, 8),
            _ => DateRange::months(y, 10, 12),
        };
    }
    let whole_month = range.from.day == 1
        && (range.from.year, range.from.month) == (range.to.year, range.to.month)
        && range.to.day == days_in_month(range.to.year, range.to.month);
    if !whole_month {
        return None;
    }
    let (y, m) = (range.from.year, range.from.month);
    let (d1, d2) = match part {
        "đầu" => (1, 10),
        "giữa" => (11, 20),
        _ => (21, days_in_month(y, m)),
    };
    DateRange::span(Day::new(y, m, d1)?, Day::new(y, m, d2)?)
}

/// Could `text` hold a relative expression? Each ends in one of a few words; "này" counts only
/// after "tháng", as it ends countless other phrases. Most texts hold none and are not searched
/// for the expressions. The words are looked for in lower case only, so an expression in
/// capitals ("HÔM NAY", a headline's style) is missed: its other cases too were 1% more of the
/// export's work.
fn may_hold_relative(text: &str) -> bool {
    use memchr::memmem::Finder;
    static LAST_WORDS: OnceLock<[Finder<'static>; 6]> = OnceLock::new();
    static THIS: OnceLock<Finder<'static>> = OnceLock::new();
    let last_words =
        LAST_WORDS.get_or_init(|| ["nay", "qua", "ngoái", "tới", "trước", "mai"].map(Finder::new));
    let this = THIS.get_or_init(|| Finder::new("này"));
    let bytes = text.as_bytes();
    last_words.iter().any(|w| w.find(bytes).is_some())
        || this.find_iter(bytes).any(|at| {
            let word_before = text[..at].trim_end().rsplit(char::is_whitespace).next();
            word_before.is_some_and(|w| w.chars().flat_map(char::to_lowercase).eq("tháng".chars()))
        })
}

/// A relative time expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relative {
    pub start: usize,
    pub end: usize,
    pub when: When,
}

/// "năm nay", "hôm qua", "ba tháng đầu năm nay", "cuối tháng này": resolved from the
/// publication time, open without one.
pub fn relatives(text: &str, published: Option<DateRange>) -> Vec<Relative> {
    let p = patterns();
    let mut out = Vec::new();
    if !may_hold_relative(text) {
        return out;
    }
    for c in p.relative.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |m| m.range());
        // Whole words only: "Chủ nhật hôm nay" yes, "nămnay" no.
        let bounded_left = text[..all.start]
            .chars()
            .next_back()
            .is_none_or(|ch| !ch.is_alphanumeric());
        if !bounded_left {
            continue;
        }
        let Some(expr) = c.get(4) else { continue };
        let expr = expr.as_str().to_lowercase();
        let expr: Vec<&str> = expr.split_whitespace().collect();
        let when = match published {
            None => When::Open,
            Some(pubd) => {
                let day = pubd.from;
                let base = match expr.as_slice() {
                    ["năm", "nay"] => DateRange::year(day.year),
                    ["năm", "ngoái"] => DateRange::year(day.year - 1),
                    ["năm", "tới"] => DateRange::year(day.year + 1),
                    ["tháng", rel] => {
                        let shift: i32 = match *rel {
                            "trước" => -1,
                            "tới" => 1,
                            _ => 0,
                        };
                        let index = day.year * 12 + day.month as i32 - 1 + shift;
                        DateRange::month(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
                    }
                    // A time of day "nay"/"qua" needs the publication day, not just its month.
                    [_, rel] if pubd.days() == 1 => {
                        let shift = match *rel {
                            "qua" => -1,
                            "mai" => 1,
                            _ => 0,
                        };
                        Some(DateRange::day(day.plus_days(shift)))
                    }
                    _ => None,
                };
                match base {
                    None => When::Open,
                    Some(base) => {
                        let n = c
                            .get(1)
                            .and_then(|m| spelled_number(&m.as_str().to_lowercase()));
                        let first_last = c.get(2).map(|m| m.as_str());
                        let part = c.get(3).map(|m| m.as_str().to_lowercase());
                        let narrowed = match (n, first_last, part) {
                            (Some(n), Some(fl), _) if base.is_year() && (1..=12).contains(&n) => {
                                let (m1, m2) = if fl == "cuối" { (13 - n, 12) } else { (1, n) };
                                DateRange::months(base.from.year, m1, m2)
                            }
                            (_, _, Some(part)) => part_of(base, &part),
                            _ => Some(base),
                        };
                        narrowed.map_or(When::Open, When::Within)
                    }
                }
            }
        };
        out.push(Relative {
            start: all.start,
            end: all.end,
            when,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::new(y, m, d).expect("valid day")
    }

    fn within(text: &str, before: &str, published: Option<&str>) -> (String, String) {
        match interpret(text, before, publication(published)) {
            Some(When::Within(r)) => (r.from.to_string(), r.to.to_string()),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn plain_pieces_read_as_the_pattern_reads_them() {
        let plain = [
            "năm 2023",
            "29/9",
            "5/4/2025",
            "1992",
            "tháng 12/2006",
            "tháng 9",
            "ngày 11",
            "ngày 11 tháng 5 năm 2025",
            "mùng 2 tháng 9",
            "mồng 1/5",
            "2.9.1945",
            "30-4-1975",
            "tháng 5 năm 2024",
            "năm 2023 tháng 5",
            "7/2024",
            "ngày 31/2/2023",
            "năm 202",
        ];
        for text in plain {
            assert!(plain_piece(text).is_some(), "{text}");
            assert_eq!(parse_part(text), parse_by_pattern(text), "{text}");
        }
        let other = [
            "12345",
            "năm  2023",
            "ngày 11 tháng 123",
            "ngày 1 tháng 5 năm 202",
            "5/4/2025/1",
            "5/",
            "x 12",
            "tháng 5 năm 20245",
            "ngày ١٢",
            " 12",
            "12 ",
            "ngày 11 tháng  5",
            "hôm 12",
        ];
        for text in other {
            assert!(plain_piece(text).is_none(), "{text}");
        }
    }

    #[test]
    fn ordinals_round_trip() {
        for d in [
            day(1970, 1, 1),
            day(2024, 2, 29),
            day(1957, 12, 31),
            day(1000, 3, 1),
        ] {
            assert_eq!(Day::from_ordinal(d.ordinal()), d);
        }
        assert_eq!(day(1970, 1, 2).ordinal(), 1);
        assert_eq!(day(2024, 3, 1).plus_days(-1), day(2024, 2, 29));
    }

    #[test]
    fn the_issue_examples() {
        assert_eq!(
            within("năm 1992", "quan hệ ngoại giao ", None),
            ("1992-01-01".into(), "1992-12-31".into())
        );
        assert_eq!(
            within("Tháng 12/2006", "", None),
            ("2006-12-01".into(), "2006-12-31".into())
        );
        assert_eq!(
            within("ngày 11 đến ngày 12 tháng 5 năm 2025", "trong hai ", None),
            ("2025-05-11".into(), "2025-05-12".into())
        );
        assert_eq!(
            within(
                "năm 2023",
                "Kim ngạch thương mại song phương 9 tháng ",
                None
            ),
            ("2023-01-01".into(), "2023-09-30".into())
        );
        assert_eq!(
            within("quý II/2024", "", None),
            ("2024-04-01".into(), "2024-06-30".into())
        );
        assert_eq!(
            within("năm 2025", "ngay từ đầu ", None),
            ("2025-01-01".into(), "2025-03-31".into())
        );
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(within("24/1/1992", "vào ngày ", None).0, "1992-01-24");
        assert_eq!(
            within("2-5/4/2025", "từ ngày ", None),
            ("2025-04-02".into(), "2025-04-05".into())
        );
        assert_eq!(
            within("3/2014", "ký tháng ", None),
            ("2014-03-01".into(), "2014-03-31".into())
        );
        assert_eq!(
            within("2016 - 2018", "nhiệm kỳ ", None),
            ("2016-01-01".into(), "2018-12-31".into())
        );
        assert_eq!(within("9.5.1945", "(", None).0, "1945-05-09");
        assert_eq!(within("7-5", "chiều ", Some("2025-05-08")).0, "2025-05-07");
        assert_eq!(
            within("15-16/5", "từ ngày ", Some("2025-05-08")),
            ("2025-05-15".into(), "2025-05-16".into())
        );
    }

    #[test]
    fn days_without_a_year_need_the_publication_time() {
        assert_eq!(interpret("30/1", "từ ngày ", None), Some(When::Open));
        assert_eq!(
            within("30/1", "từ ngày ", Some("2025-05-09T14:20+07:00")).0,
            "2025-01-30"
        );
        // Late October read in early January is last year's.
        assert_eq!(within("24/10", "Ngày ", Some("2025-01-05")).0, "2024-10-24");
        assert_eq!(within("tháng 5", "", Some("2024-11")).1, "2024-05-31");
        assert_eq!(
            interpret("31/2", "ngày ", publication(Some("2025-01-05"))),
            None
        );
    }

    #[test]
    fn bounds_and_parts() {
        let before = When::Before(DateRange::year(1992).unwrap());
        assert_eq!(before.bounds(), (None, Some(day(1991, 12, 31))));
        assert_eq!(before.label(), "before 1992");
        assert_eq!(
            interpret("năm 1992", "tại Belarus trước ", None),
            Some(When::Before(DateRange::year(1992).unwrap()))
        );
        assert_eq!(
            within("tháng 5", "vào cuối ", Some("2025-05-02")),
            ("2025-05-21".into(), "2025-05-31".into())
        );
    }

    #[test]
    fn relative_expressions() {
        let text = "đạt 20,9 triệu USD trong ba tháng đầu năm nay, hôm qua cho biết";
        let open = relatives(text, None);
        assert_eq!(open.len(), 2);
        assert!(open.iter().all(|r| r.when == When::Open));
        assert_eq!(&text[open[0].start..open[0].end], "ba tháng đầu năm nay");
        let pubd = publication(Some("2025-05-09"));
        let r = relatives(text, pubd);
        assert_eq!(
            r[0].when,
            When::Within(DateRange::months(2025, 1, 3).unwrap())
        );
        assert_eq!(r[1].when, When::Within(DateRange::day(day(2025, 5, 8))));
        assert!(relatives("nămnay", pubd).is_empty());
    }

    /// "tháng này" is found on its own, and "này" after other words is not taken for it.
    #[test]
    fn this_month_on_its_own() {
        let pubd = publication(Some("2025-05-09"));
        let this_month = relatives("Giá xăng tăng trong tháng này.", pubd);
        assert_eq!(this_month.len(), 1);
        assert_eq!(
            this_month[0].when,
            When::Within(DateRange::month(2025, 5).unwrap())
        );
        assert_eq!(relatives("Tháng này giá xăng tăng", pubd).len(), 1);
        assert!(relatives("trong năm này và dự án này", pubd).is_empty());
    }

    #[test]
    fn labels_are_compact() {
        let r = |a: Day, b: Day| DateRange::span(a, b).unwrap().label();
        assert_eq!(DateRange::year(1957).unwrap().label(), "1957");
        assert_eq!(DateRange::month(2006, 12).unwrap().label(), "12/2006");
        assert_eq!(r(day(2025, 5, 11), day(2025, 5, 12)), "11–12/5/2025");
        assert_eq!(DateRange::months(2023, 1, 9).unwrap().label(), "1–9/2023");
        assert_eq!(r(day(2016, 1, 1), day(2018, 12, 31)), "2016–2018");
        assert_eq!(DateRange::day(day(1992, 1, 24)).label(), "24/1/1992");
    }

    #[test]
    fn compatibility_is_containment() {
        let y = DateRange::year(1992).unwrap();
        let d = DateRange::day(day(1992, 1, 24));
        assert!(y.compatible(&d) && d.compatible(&y));
        let nine = DateRange::months(2023, 1, 9).unwrap();
        let whole = DateRange::year(2023).unwrap();
        assert!(
            whole.compatible(&nine),
            "containment, yet a different period"
        );
        assert_ne!(whole, nine);
        assert!(!DateRange::year(1993).unwrap().compatible(&y));
    }
}
