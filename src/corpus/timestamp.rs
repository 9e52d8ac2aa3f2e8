//! Timestamps a source states outright (HTML `<meta>` and JSON-LD, Markdown front matter, feed
//! items), read once for every source: RFC 3339 / ISO 8601 (with or without seconds, fractions
//! and the offset's colon), RFC 2822 as feeds write it (a weekday in any language or none,
//! `GMT+7`), a zone-less date and time, or a date (a time after it that cannot be read is
//! dropped). What was stated is kept: an evening article's `+0700` decides which day it belongs to.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use regex::Regex;
use std::sync::OnceLock;

/// An instant and how precisely the source stated it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    pub instant: DateTime<Utc>,
    pub stated: Stated,
}

/// What a timestamp stated besides its instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    Zone(FixedOffset),
    /// A date and time with no zone: kept as written.
    Local,
    DateOnly,
}

impl Timestamp {
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        let zoned = |t: DateTime<FixedOffset>| Timestamp {
            instant: t.to_utc(),
            stated: Stated::Zone(*t.offset()),
        };
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(zoned(t));
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%Y-%m-%dT%H:%M%z",
            "%Y-%m-%d %H:%M:%S%.f%z",
        ] {
            if let Ok(t) = DateTime::parse_from_str(s, format) {
                return Some(zoned(t));
            }
        }
        if let Ok(t) = DateTime::parse_from_rfc2822(&rfc2822_repaired(s)) {
            return Some(zoned(t));
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
                return Some(Timestamp {
                    instant: t.and_utc(),
                    stated: Stated::Local,
                });
            }
        }
        // A date with a time that cannot be read: the date alone.
        let (date, rest) = (s.get(..10)?, s.get(10..)?);
        if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
            return None;
        }
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        Some(Timestamp {
            instant: date.and_hms_opt(0, 0, 0)?.and_utc(),
            stated: Stated::DateOnly,
        })
    }

    /// ISO 8601 as stated: `2025-05-09T14:20+07:00` with an offset, `2025-05-09T14:20` without
    /// one, `2025-05-09` for a bare date.
    pub fn iso(&self) -> String {
        match self.stated {
            Stated::Zone(zone) => self
                .instant
                .with_timezone(&zone)
                .format("%Y-%m-%dT%H:%M%:z")
                .to_string(),
            Stated::Local => self.instant.format("%Y-%m-%dT%H:%M").to_string(),
            Stated::DateOnly => self.instant.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A stated date as ISO 8601 (see [`Timestamp::iso`]), or `None` when it cannot be read.
pub fn iso_date(text: &str) -> Option<String> {
    Timestamp::parse(text).map(|t| t.iso())
}

/// RFC 2822 dates as feeds write them, made parseable: the weekday dropped (often wrong or not
/// English), `GMT+7` / `UTC+07:00` / `UTC` / `Z` written as numeric zones.
fn rfc2822_repaired(s: &str) -> String {
    struct Fixes {
        weekday: Regex,
        zone: Regex,
        utc: Regex,
    }
    static FIXES: OnceLock<Fixes> = OnceLock::new();
    let f = FIXES.get_or_init(|| Fixes {
        weekday: Regex::new(r"^[^\d,]+,\s*").expect("weekday regex"),
        zone: Regex::new(r"(?i)\b(?:GMT|UTC)\s*([+\-])\s*(\d{1,2})(?::?(\d{2}))?\s*$")
            .expect("zone regex"),
        utc: Regex::new(r"(?i)\s(?:UTC|Z)$").expect("utc regex"),
    });
    let s = f.weekday.replace(s, "");
    let s = f.zone.replace(&s, |c: &regex::Captures<'_>| {
        let hours: u32 = c[2].parse().unwrap_or(0);
        let minutes: u32 = c.get(3).map_or(0, |m| m.as_str().parse().unwrap_or(0));
        format!("{}{hours:02}{minutes:02}", &c[1])
    });
    f.utc.replace(&s, " +0000").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2019-11-19T09:01:00.000+0530").as_deref(),
            Some("2019-11-19T09:01+05:30")
        );
        assert_eq!(
            iso_date("Tue, 19 Nov 2019 08:38:00 +0700").as_deref(),
            Some("2019-11-19T08:38+07:00")
        );
        assert_eq!(
            iso_date("2019-11-19 08:38:12").as_deref(),
            Some("2019-11-19T08:38")
        );
        assert_eq!(iso_date("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("2019-11-19T"), Some("2019-11-19".to_string()));
        assert_eq!(iso_date("hôm qua"), None);
        assert_eq!(iso_date("2019-13-45"), None);
    }
}
