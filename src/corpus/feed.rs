//! Feeds: RSS (0.9x, 1.0, 2.0), Atom and JSON Feed, parsed with `feed-rs` (one crate for all
//! three, lenient with the feeds found in the wild). A feed is recognised by its content, not its
//! name: XML whose root element is `rss`, `RDF` or `feed`, or JSON naming a JSON Feed version.
//!
//! Each item is one document (source `feed`): its title, date, link and author are the document's
//! metadata and URL, its content (or, lacking that, its summary) the text. What becomes of the
//! items is decided by the caller: teasers from a feed file, or the pages they link to when a feed
//! is fetched from the web (see `pipeline`).

use super::sanitize;
use super::timestamp::{Stated, Timestamp};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A parsed feed: its items in the feed's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One item of a feed, its fields sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub title: Option<String>,
    /// The item's own page (absolute when the feed's address is known).
    pub link: Option<String>,
    /// ISO 8601, in the time zone the feed stated (`2025-05-09T14:20+07:00`).
    pub published: Option<String>,
    /// Author names, joined with ", ".
    pub author: Option<String>,
    /// The item's text as HTML (a plain-text content is escaped into paragraphs).
    pub content_html: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed (RSS, Atom or JSON Feed)")]
    NotAFeed,
    #[error("feed could not be parsed: {0}")]
    Invalid(String),
}

/// How far into a file the root element is looked for (past the XML declaration, comments and
/// a doctype).
const SNIFF_BYTES: usize = 64 * 1024;

/// Is this content a feed? Cheap: looks at the root element of XML, or for the JSON Feed version
/// URL in JSON; [`parse`] is the judge.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(start) if head[start] == b'{' => {
            // The version field names the spec's site; a JSON encoder may escape the slashes.
            contains(bytes, b"jsonfeed.org")
        }
        Some(start) if head[start] == b'<' => xml_root(&head[start..]).is_some_and(|name| {
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            [&b"rss"[..], b"RDF", b"feed"]
                .iter()
                .any(|root| local.eq_ignore_ascii_case(root))
        }),
        _ => false,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The name of the first element, skipping the declaration, processing instructions, comments
/// and a doctype.
fn xml_root(mut s: &[u8]) -> Option<&[u8]> {
    loop {
        s = &s[s.iter().position(|b| !b.is_ascii_whitespace())?..];
        let skip_to = |s: &[u8], end: &[u8]| -> Option<usize> {
            s.windows(end.len())
                .position(|w| w == end)
                .map(|i| i + end.len())
        };
        if s.starts_with(b"<?") {
            s = &s[skip_to(s, b"?>")?..];
        } else if s.starts_with(b"<!--") {
            s = &s[skip_to(s, b"-->")?..];
        } else if s.starts_with(b"<!") {
            s = &s[skip_to(s, b">")?..];
        } else if s.starts_with(b"<") {
            let name = &s[1..];
            let end = name
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .unwrap_or(name.len());
            return (end > 0).then(|| &name[..end]);
        } else {
            return None;
        }
    }
}

/// Parses a feed. `base_url` (the feed's own address) makes relative item links absolute.
pub fn parse(bytes: &[u8], base_url: Option<&str>) -> Result<Feed, FeedError> {
    if !looks_like_feed(bytes) {
        return Err(FeedError::NotAFeed);
    }
    let stamps = Stamps::default();
    let recorder = stamps.clone();
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base_url)
        .sanitize_content(false)
        .timestamp_parser(move |raw| recorder.read(raw))
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| FeedError::Invalid(e.to_string()))?;
    let items = feed
        .entries
        .into_iter()
        .map(|entry| item(entry, &stamps))
        .collect();
    Ok(Feed {
        title: feed.title.map(|t| clean_line(&t.content)),
        items,
    })
}

fn item(entry: feed_rs::model::Entry, stamps: &Stamps) -> FeedItem {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| clean_line(&l.href));
    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(clean_line))
        .filter(|n| !n.is_empty())
        .collect();
    let content_html = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?;
            Some(if c.content_type.essence().to_string() == "text/plain" {
                text_to_html(body)
            } else {
                body.to_string()
            })
        })
        .or_else(|| {
            entry.summary.as_ref().map(|t| {
                if t.content_type.essence().to_string() == "text/plain" {
                    text_to_html(&t.content)
                } else {
                    t.content.clone()
                }
            })
        })
        .filter(|html| !html.trim().is_empty());
    FeedItem {
        title: entry
            .title
            .map(|t| clean_line(&t.content))
            .filter(|t| !t.is_empty()),
        link: link.filter(|l| !l.is_empty()),
        published: entry
            .published
            .or(entry.updated)
            .map(|instant| stamps.format(instant)),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        content_html,
    }
}

/// One line of metadata: sanitised, whitespace collapsed.
fn clean_line(s: &str) -> String {
    sanitize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text as HTML paragraphs (blank lines separate them), escaped.
fn text_to_html(text: &str) -> String {
    let mut html = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        for c in para.chars() {
            match c {
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '&' => html.push_str("&amp;"),
                '\n' => html.push_str("<br>"),
                c => html.push(c),
            }
        }
        html.push_str("</p>\n");
    }
    html
}

/// feed-rs keeps instants in UTC only, but a Vietnamese feed's `+0700` decides which day an
/// evening article belongs to: the parser hands feed-rs the instant and remembers here how each
/// instant was stated.
#[derive(Debug, Clone, Default)]
struct Stamps(Arc<Mutex<HashMap<DateTime<Utc>, Stated>>>);

impl Stamps {
    fn read(&self, raw: &str) -> Option<DateTime<Utc>> {
        let stamp = Timestamp::parse(raw)?;
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(stamp.instant)
            .or_insert(stamp.stated);
        Some(stamp.instant)
    }

    fn format(&self, instant: DateTime<Utc>) -> String {
        let stated = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&instant)
            .copied()
            .unwrap_or(Stated::Zone(
                chrono::FixedOffset::east_opt(0).expect("UTC offset"),
            ));
        Timestamp { instant, stated }.iso()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_that_are_feeds() {
        assert!(looks_like_feed(
            b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
        ));
        assert!(looks_like_feed(
            b"\xEF\xBB\xBF<!-- generator --><feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(looks_like_feed(b"<rdf:RDF xmlns:rdf=\"x\">"));
        assert!(looks_like_feed(
            br#"{"version": "https:\/\/jsonfeed.org\/version\/1.1", "items": []}"#
        ));
        assert!(!looks_like_feed(b"<!DOCTYPE html><html><body>"));
        assert!(!looks_like_feed(b"<?xml version=\"1.0\"?><svg/>"));
        assert!(!looks_like_feed(br#"{"name": "package.json"}"#));
        assert!(!looks_like_feed(b"Plain text <rss> later"));
        assert!(!looks_like_feed(b""));
    }

    #[test]
    fn timestamps_keep_the_stated_zone() {
        // A table each: one instant stated in two zones keeps the first it met.
        let f = |raw: &str| {
            let stamps = Stamps::default();
            stamps.read(raw).map(|i| stamps.format(i))
        };
        assert_eq!(
            f("Sat, 10 May 2025 01:30:00 +0700").as_deref(),
            Some("2025-05-10T01:30+07:00")
        );
        assert_eq!(
            f("Thứ bảy, 10 May 2025 21:00:00 GMT+7").as_deref(),
            Some("2025-05-10T21:00+07:00")
        );
        assert_eq!(
            f("2025-05-09T14:20:00+07:00").as_deref(),
            Some("2025-05-09T14:20+07:00")
        );
        assert_eq!(
            f("2025-05-09T14:20:00+0700").as_deref(),
            Some("2025-05-09T14:20+07:00")
        );
        assert_eq!(
            f("Fri, 09 May 2025 07:20:00 GMT").as_deref(),
            Some("2025-05-09T07:20+00:00")
        );
        assert_eq!(
            f("2025-05-09 14:20:00").as_deref(),
            Some("2025-05-09T14:20")
        );
        assert_eq!(f("2025-05-09").as_deref(), Some("2025-05-09"));
        assert_eq!(f("hôm qua"), None);
    }

    #[test]
    fn plain_text_content_is_escaped_into_paragraphs() {
        assert_eq!(
            text_to_html("a < b\n& c\n\n\nsecond"),
            "<p>a &lt; b<br>&amp; c</p>\n<p>second</p>\n"
        );
    }
}
