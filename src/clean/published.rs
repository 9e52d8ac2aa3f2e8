//! Publication-time lines ("14:20 | 09/05/2025 GMT+7", "Thứ Sáu, 09/05/2025 14:20",
//! "09-05-2025 - 14:20", "Cập nhật: 09/05/2025") parsed to ISO 8601.

use regex::Regex;
use std::sync::OnceLock;

/// Longest line still considered a pure time-stamp line; longer lines are prose.
const MAX_STAMP_CHARS: usize = 120;
/// Words other than date, time, weekday, zone and label words a stamp line may carry (an author
/// name, a site name; capitalised).
const MAX_RESIDUE_WORDS: usize = 4;

struct Patterns {
    date: Regex,
    time: Regex,
    zone: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    // ASCII word boundaries keep the regexes on the fast DFA engine (Unicode `\b` falls back to a
    // slow one on non-ASCII text); the patterns only need them next to digits and Latin letters.
    P.get_or_init(|| Patterns {
        // d/m/yyyy with `/`, `-` or `.` (optional spaces around them); yyyy-mm-dd; and the
        // spelled-out "ngày 9 tháng 5 năm 2025".
        date: Regex::new(concat!(
            r"(?-u:\b)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?-u:\b)",
            r"|(?-u:\b)(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?-u:\b)",
            r"|(?i:ngày)\s+(?P<sd>\d{1,2})\s+(?i:tháng)\s+(?P<sm>\d{1,2})(?:\s+(?i:năm)\s+|\s*/\s*)(?P<sy>\d{4})(?-u:\b)",
            // "November 20, 2025", "Nov. 8, 2025", "20 November 2025".
            r"|(?i)(?-u:\b)(?P<em>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<ed>\d{1,2}),?\s+(?P<ey>\d{4})(?-u:\b)",
            r"|(?i)(?-u:\b)(?P<fd>\d{1,2})\s+(?P<fm>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<fy>\d{4})(?-u:\b)",
        ))
        .expect("date regex"),
        // 14:20, 14h20, 14g20 (optionally :ss).
        time: Regex::new(
            r"(?i)(?-u:\b)(\d{1,2})\s*[:hg]\s*(\d{2})(?::\d{2})?(?-u:\b)(?:\s*([ap])\.?m(?-u:\b)\.?)?",
        )
            .expect("time regex"),
        zone: Regex::new(r"(?i)(?-u:\b)(?:GMT|UTC)\s*([+\-])\s*(\d{1,2})(?::?(\d{2}))?")
            .expect("zone regex"),
    })
}

/// 1–12 for the first three letters of an English month name.
fn english_month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// Words around a stamp that say nothing else: labels and the parts of weekday names.
fn is_filler(word: &str, previous: Option<&str>) -> bool {
    const LABELS: [&str; 16] = [
        "thứ",
        "chủ",
        "cập",
        "đăng",
        "ngày",
        "lúc",
        "giờ",
        "published",
        "updated",
        "posted",
        "am",
        "pm",
        "sa",
        "ch",
        "cn",
        "thời",
    ];
    const AFTER: [(&str, &[&str]); 4] = [
        (
            "thứ",
            &[
                "hai", "ba", "tư", "năm", "sáu", "bảy", "bẩy", "2", "3", "4", "5", "6", "7",
            ],
        ),
        ("chủ", &["nhật"]),
        ("cập", &["nhật"]),
        ("thời", &["gian"]),
    ];
    const ENGLISH: [&str; 17] = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "last",
        "on",
        "at",
    ];
    LABELS.contains(&word)
        || ENGLISH.contains(&word)
        || matches!(word.as_bytes(), [b't', b'2'..=b'7'])
        || AFTER
            .iter()
            .any(|(before, words)| previous == Some(*before) && words.contains(&word))
}

/// A parsed stamp line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// ISO 8601: `2025-05-09T14:20+07:00`, `2025-05-09T14:20` or `2025-05-09`.
    pub iso: String,
    /// Words left over besides the stamp (often an author name), trimmed; may be empty.
    pub residue: String,
}

/// Parses `line` when it is a time-stamp line: a valid date plus at most a few other words. A
/// section label after a last bar ("29-07-2024 - 08:15 AM | Doanh nghiệp") is dropped.
pub(crate) fn parse_stamp(line: &str) -> Option<Stamp> {
    // Every date has a four-digit year, and one in other digits does not parse: a line without
    // four ASCII digits in a row (most lines) is no stamp, and no part of it is.
    if !has_four_digits(line.as_bytes()) {
        return None;
    }
    let labelled = |stamp: &str, label: &str| {
        let label = label.trim();
        let short = (1..=MAX_RESIDUE_WORDS).contains(&label.split_whitespace().count());
        let capitalised = label.chars().next().is_some_and(char::is_uppercase);
        (short && capitalised && !patterns().date.is_match(label))
            .then(|| parse_stamp_line(stamp))
            .flatten()
    };
    parse_stamp_line(line)
        .or_else(|| {
            // `rsplit_once('|')` by the `memchr` crate's vector search: most lines tried here
            // have no bar, and the standard library's search reads them a word at a time.
            let bar = memchr::memrchr(b'|', line.as_bytes())?;
            let (stamp, label) = (&line[..bar], &line[bar + 1..]);
            labelled(stamp, label)
        })
        .or_else(|| {
            // "Chính trị - Ngày đăng : 13:30, 08/10/2024": a section label before a dash.
            // `split_once(" - ")` by its dashes: a byte search, where the search for the three
            // bytes costs a setup on every line.
            let dash = line
                .match_indices('-')
                .map(|(at, _)| at)
                .find(|&at| line[..at].ends_with(' ') && line[at + 1..].starts_with(' '))?;
            labelled(&line[dash + 2..], &line[..dash - 1])
        })
}

/// Four ASCII digits in a row somewhere in `bytes`. Blocks of 32 bytes without a digit (most
/// of a line) are told by vector code that does not stop inside a block; a run of four around
/// a block with a digit is looked for by [`four_in_row`].
fn has_four_digits(bytes: &[u8]) -> bool {
    const BLOCK: usize = 32;
    bytes.chunks(BLOCK).enumerate().any(|(k, block)| {
        block.iter().fold(false, |any, b| any | b.is_ascii_digit()) && {
            // A run that has a digit in the block lies within three bytes of it.
            let start = k * BLOCK;
            four_in_row(&bytes[start.saturating_sub(3)..(start + block.len() + 3).min(bytes.len())])
        }
    })
}

/// Four ASCII digits in a row in `bytes`. Such a run covers one of the positions 3, 7, 11…:
/// only those are tested, and the run is measured around those that are digits.
fn four_in_row(bytes: &[u8]) -> bool {
    let digits = |run: &[u8]| run.iter().take_while(|b| b.is_ascii_digit()).count();
    let digits_back = |run: &[u8]| run.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    (3..bytes.len()).step_by(4).any(|at| {
        bytes[at].is_ascii_digit() && digits_back(&bytes[..at]) + 1 + digits(&bytes[at + 1..]) >= 4
    })
}

fn parse_stamp_line(line: &str) -> Option<Stamp> {
    if line.len() > MAX_STAMP_CHARS * 4 || line.chars().count() > MAX_STAMP_CHARS {
        return None;
    }
    let p = patterns();
    let date = p.date.captures(line)?;
    let group = |names: [&str; 3]| {
        names
            .iter()
            .find_map(|n| date.name(n)?.as_str().parse::<u32>().ok())
    };
    let day = group(["d", "id", "sd"]).or_else(|| group(["ed", "fd", "sd"]))?;
    let month = group(["m", "im", "sm"]).or_else(|| {
        ["em", "fm"]
            .iter()
            .find_map(|n| date.name(n))
            .and_then(|m| english_month(m.as_str()))
    })?;
    let year = group(["y", "iy", "sy"]).or_else(|| group(["ey", "fy", "sy"]))?;
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1900..=2100).contains(&year) {
        return None;
    }
    let whole = date.get(0)?;
    // Built by pushes, not `format!`: its machinery costs more than these few bytes' copy.
    let mut rest = String::with_capacity(line.len() + 1);
    rest.push_str(&line[..whole.start()]);
    rest.push(' ');
    rest.push_str(&line[whole.end()..]);
    let mut iso = format!("{year:04}-{month:02}-{day:02}");
    if let Some(zone) = p.zone.captures(&rest) {
        let sign = &zone[1];
        let hours: u32 = zone[2].parse().ok()?;
        let minutes: u32 = zone.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
        let zone_text = format!("{sign}{hours:02}:{minutes:02}");
        let span = zone.get(0)?.range();
        rest.replace_range(span, " ");
        if let Some(time) = take_time(&mut rest) {
            iso.push('T');
            iso.push_str(&time);
            iso.push_str(&zone_text);
        }
    } else if let Some(time) = take_time(&mut rest) {
        iso.push('T');
        iso.push_str(&time);
    }
    let mut residue: Vec<&str> = Vec::new();
    let mut previous: Option<String> = None;
    for word in rest
        .split(|c: char| c.is_whitespace() || "|,-–—()[]:;/.".contains(c))
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if !is_filler(&lower, previous.as_deref()) {
            residue.push(word);
        }
        previous = Some(lower);
    }
    // Left-over words may name the author or site ("Hoàng Lan", "VOV.VN"); lower-case words
    // make a sentence or a headline with a date in it ("Giá vàng hôm nay 14/3/2025").
    let names_only = residue.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    if residue.len() > MAX_RESIDUE_WORDS || (residue.len() > 1 && !names_only) {
        return None;
    }
    Some(Stamp {
        iso,
        residue: residue.join(" "),
    })
}

/// Removes the first valid `HH:MM` from `rest` and returns it formatted.
fn take_time(rest: &mut String) -> Option<String> {
    let caps = patterns().time.captures(rest)?;
    let mut hour: u32 = caps[1].parse().ok()?;
    let minute: u32 = caps[2].parse().ok()?;
    // "05:12 pm" is 17:12, "12:30 am" is 00:30.
    match caps.get(3).map(|m| m.as_str().to_ascii_lowercase()) {
        Some(p) if p == "p" && (1..12).contains(&hour) => hour += 12,
        Some(a) if a == "a" && hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    let span = caps.get(0)?.range();
    rest.replace_range(span, " ");
    Some(format!("{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digits_in_a_row_anywhere() {
        let text = "a1b22c333d4444e55555 12:30 2025";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text.as_bytes()[start..end];
                let windows = bytes.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
                assert_eq!(has_four_digits(bytes), windows, "{:?}", &text[start..end]);
            }
        }
    }

    #[test]
    fn four_digits_across_blocks() {
        // Runs of every length at every offset around the 32- and 64-byte block edges, after
        // shorter runs in earlier blocks.
        for len in 1..=5 {
            for at in 0..80 {
                let mut line = b"12 a 123 b ".repeat(10);
                line.truncate(at.min(line.len()));
                line.resize(at, b'x');
                line.extend(std::iter::repeat_n(b'7', len));
                line.resize(100, b'y');
                let windows = line.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
                assert_eq!(has_four_digits(&line), windows, "{len} digits at {at}");
            }
        }
    }

    fn iso(line: &str) -> Option<String> {
        parse_stamp(line).map(|s| s.iso)
    }

    #[test]
    fn section_label_after_a_bar() {
        assert_eq!(
            iso("29-07-2024 - 08:15 AM | Doanh nghiệp").as_deref(),
            Some("2024-07-29T08:15")
        );
        // A headline with a date in it stays a headline.
        assert_eq!(iso("Giá vàng hôm nay 29/7/2024 | Thị trường"), None);
    }

    #[test]
    fn section_label_before_a_dash() {
        assert_eq!(
            iso("Chính trị - Ngày đăng : 13:30, 08/10/2024").as_deref(),
            Some("2024-10-08T13:30")
        );
        assert_eq!(iso("Hà Nội - Lịch cắt điện ngày 5/6/2025"), None);
    }

    #[test]
    fn time_bar_date_zone() {
        assert_eq!(
            iso("14:20 | 09/05/2025 GMT+7").as_deref(),
            Some("2025-05-09T14:20+07:00")
        );
    }

    #[test]
    fn weekday_date_time_without_zone() {
        assert_eq!(
            iso("Thứ Sáu, 09/05/2025 14:20").as_deref(),
            Some("2025-05-09T14:20")
        );
        assert_eq!(
            iso("Thứ hai, 12/5/2025, 10:30 (GMT+7)").as_deref(),
            Some("2025-05-12T10:30+07:00")
        );
    }

    #[test]
    fn parenthesised_zone_with_minutes() {
        assert_eq!(
            iso("09/05/2025 14:20 (GMT+07:00)").as_deref(),
            Some("2025-05-09T14:20+07:00")
        );
    }

    #[test]
    fn dashed_date_and_h_time() {
        assert_eq!(
            iso("09-05-2025 - 14:20").as_deref(),
            Some("2025-05-09T14:20")
        );
        assert_eq!(
            iso("Cập nhật lúc 7h05 ngày 3.6.2024").as_deref(),
            Some("2024-06-03T07:05")
        );
    }

    #[test]
    fn iso_and_spelled_out_dates() {
        assert_eq!(
            iso("Đăng lúc 2025-05-09 14:20").as_deref(),
            Some("2025-05-09T14:20")
        );
        assert_eq!(
            iso("Thứ Sáu, ngày 9 tháng 5 năm 2025").as_deref(),
            Some("2025-05-09")
        );
    }

    #[test]
    fn english_month_names() {
        assert_eq!(
            iso("By Dinh Van   November 20, 2025 | 05:12 pm GMT+7").as_deref(),
            Some("2025-11-20T17:12+07:00")
        );
        assert_eq!(
            iso("Nov 08, 2025 / 09:41").as_deref(),
            Some("2025-11-08T09:41")
        );
        assert_eq!(
            iso("Tue, March 4, 2025 | 2:59 pm").as_deref(),
            Some("2025-03-04T14:59")
        );
        assert_eq!(
            iso("Last updated 20 November 2025").as_deref(),
            Some("2025-11-20")
        );
        assert_eq!(
            iso("November 24, 2025 - 08:34").as_deref(),
            Some("2025-11-24T08:34")
        );
    }

    #[test]
    fn date_alone() {
        assert_eq!(iso("Ngày đăng: 1/12/2024").as_deref(), Some("2024-12-01"));
    }

    #[test]
    fn author_residue_is_reported() {
        let s = parse_stamp("Hoàng Lan | 21/03/2025 08:15").expect("stamp");
        assert_eq!(s.residue, "Hoàng Lan");
    }

    #[test]
    fn headline_with_a_date_is_not_a_stamp() {
        assert_eq!(iso("Giá vàng hôm nay 14/3/2025"), None);
        assert_eq!(iso("Lịch cắt điện ngày 5/6/2025"), None);
    }

    #[test]
    fn prose_with_a_date_is_not_a_stamp() {
        assert_eq!(
            iso("Ngày 12/5/2025, hai bên đã ký kết thỏa thuận hợp tác về thương mại và đầu tư."),
            None
        );
        assert_eq!(iso("Số liệu 45/13/2025 không hợp lệ"), None);
    }
}
