//! What a page states about itself: title, publication time, byline and canonical URL, from
//! JSON-LD (`NewsArticle` and kin), OpenGraph and `article:` properties, `<meta>` names and
//! `<link rel="canonical">`. Stated values only: nothing here is guessed from the text.
//!
//! Order of preference — title: JSON-LD `headline`, `og:title`, `twitter:title`, `<title>` (minus a
//! trailing " - Site name"); published: JSON-LD `datePublished`, `article:published_time`, other
//! publication-date metas; byline: JSON-LD `author` names, `<meta name="author">`,
//! `article:author` (when not a link); URL: canonical link, `og:url`, JSON-LD `url`.

use crate::corpus::timestamp::iso_date;
use crate::corpus::Metadata;
use dom_query::Document;
use serde_json::Value;

/// JSON-LD blocks larger than this are not parsed (real ones are a few kilobytes).
const MAX_JSON_LD_BYTES: usize = 512 * 1024;
/// A `<title>` suffix after " - " or " | " of at most this many words is the site's name.
const MAX_SITE_SUFFIX_WORDS: usize = 4;

/// Metadata and canonical URL of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageMeta {
    pub meta: Metadata,
    /// Absolute http(s) URL, resolved against `base` when relative.
    pub url: Option<String>,
}

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: [&str; 9] = [
    "NewsArticle",
    "Article",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// Fields found in the page's JSON-LD article object.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    url: Option<String>,
}

/// Reads the page's metadata; `base` is the URL the page was fetched from, if any.
pub(crate) fn read(doc: &Document, base: Option<&str>) -> PageMeta {
    let metas = MetaTags::read(doc);
    let ld = linked_data(doc);
    let site = metas.get(&["og:site_name"]);
    let title = ld
        .headline
        .clone()
        .or_else(|| metas.get(&["og:title", "twitter:title"]))
        .or_else(|| {
            let title = clean_text(&doc.select("title").text());
            (!title.is_empty()).then(|| strip_site_suffix(&title, site.as_deref()))
        });
    let published = ld.published.as_deref().and_then(iso_date).or_else(|| {
        metas
            .all(&[
                "article:published_time",
                "og:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "date",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ])
            .iter()
            .find_map(|d| iso_date(d))
    });
    let authors = if ld.authors.is_empty() {
        metas
            .all(&["author", "article:author", "dc.creator", "byl"])
            .into_iter()
            .filter(|a| !is_link(a))
            .take(1)
            .collect()
    } else {
        ld.authors
    };
    let byline = (!authors.is_empty()).then(|| authors.join("; "));
    let canonical = doc
        .select(r#"link[rel~="canonical"]"#)
        .attr("href")
        .map(|h| h.to_string());
    let url = [canonical, metas.get(&["og:url"]), ld.url]
        .into_iter()
        .flatten()
        .find_map(|u| absolute_url(&u, base));
    PageMeta {
        meta: Metadata {
            title: title.filter(|t| !t.is_empty()),
            published,
            byline,
        },
        url,
    }
}

/// `<meta>` tags by lower-cased `property`, `name` or `itemprop`, in page order.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(doc: &Document) -> Self {
        let mut tags = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = clean_text(&content);
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "itemprop"] {
                if let Some(k) = node.attr(key) {
                    tags.push((k.trim().to_ascii_lowercase(), content.clone()));
                }
            }
        }
        Self(tags)
    }

    /// The first value of the first key present, keys in order of preference.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.0
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        })
    }

    /// Every value of the keys, keys in order of preference.
    fn all(&self, keys: &[&str]) -> Vec<String> {
        keys.iter()
            .flat_map(|k| {
                self.0
                    .iter()
                    .filter(move |(name, _)| name == k)
                    .map(|(_, v)| v.clone())
            })
            .collect()
    }
}

fn linked_data(doc: &Document) -> LinkedData {
    for node in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let text = node.text();
        if text.len() > MAX_JSON_LD_BYTES {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        if let Some(article) = find_article(&value) {
            return LinkedData {
                headline: string_field(article, &["headline", "name"]),
                published: string_field(article, &["datePublished", "dateCreated"]),
                authors: author_names(article.get("author")),
                url: string_field(article, &["url"]).or_else(|| {
                    article.get("mainEntityOfPage").and_then(|m| match m {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => o.get("@id").and_then(Value::as_str).map(String::from),
                        _ => None,
                    })
                }),
            };
        }
    }
    LinkedData::default()
}

/// The first article-typed object in a JSON-LD value (top level, a list, or an `@graph`).
fn find_article(value: &Value) -> Option<&Value> {
    // Breadth over a shallow structure: lists and @graph only, not every nested object.
    let mut queue: Vec<&Value> = vec![value];
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        if seen > 1000 {
            return None;
        }
        match v {
            Value::Array(items) => queue.extend(items.iter().rev()),
            Value::Object(o) => {
                let typed = match o.get("@type") {
                    Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                    _ => false,
                };
                if typed {
                    return Some(v);
                }
                if let Some(graph) = o.get("@graph") {
                    queue.push(graph);
                }
            }
            _ => {}
        }
    }
    None
}

fn string_field(object: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        object
            .get(k)
            .and_then(Value::as_str)
            .map(clean_text)
            .filter(|s| !s.is_empty())
    })
}

/// `"author": "A"`, `{"name": "A"}` or a list of either.
fn author_names(author: Option<&Value>) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(clean_text(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(clean_text),
        _ => None,
    };
    let names: Vec<String> = match author {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !name.is_empty() && !is_link(&name) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn is_link(s: &str) -> bool {
    let s = s.trim_start().to_ascii_lowercase();
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// White space collapsed, trimmed.
fn clean_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Headline - Site" → "Headline" when the part after the last separator is the site's name or
/// short enough to be one.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 5] = [" - ", " | ", " – ", " — ", " :: "];
    let Some((head, tail)) = SEPARATORS
        .iter()
        .filter_map(|sep| title.rsplit_once(sep))
        .max_by_key(|(head, _)| head.len())
    else {
        return title.to_string();
    };
    let is_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim()))
        || (tail.split_whitespace().count() <= MAX_SITE_SUFFIX_WORDS
            && head.split_whitespace().count() > tail.split_whitespace().count());
    if is_site {
        head.trim().to_string()
    } else {
        title.to_string()
    }
}

/// `url` made absolute against `base`; only http(s) URLs are kept.
fn absolute_url(url: &str, base: Option<&str>) -> Option<String> {
    let url = url.trim();
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(url).ok()?
        }
        Err(_) => return None,
    };
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str, base: Option<&str>) -> PageMeta {
        read(&Document::from(html), base)
    }

    #[test]
    fn json_ld_first_then_opengraph_then_title() {
        let html = r#"<html><head><title>Giá vàng tăng - Báo Mới</title>
            <meta property="og:title" content="Giá vàng tăng mạnh">
            <meta property="article:published_time" content="2025-05-09T14:20:00+07:00">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Báo"},
              {"@type":["NewsArticle"],"headline":"Giá vàng tăng kỷ lục",
               "datePublished":"2025-05-09T07:20:00Z",
               "author":[{"@type":"Person","name":"Minh Anh"},{"name":"Hà Linh"}]}]}</script>
            <link rel="canonical" href="/kinh-te/gia-vang.html"></head><body></body></html>"#;
        let m = page(html, Some("https://bao.example.vn/trang"));
        assert_eq!(m.meta.title.as_deref(), Some("Giá vàng tăng kỷ lục"));
        assert_eq!(m.meta.published.as_deref(), Some("2025-05-09T07:20+00:00"));
        assert_eq!(m.meta.byline.as_deref(), Some("Minh Anh; Hà Linh"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://bao.example.vn/kinh-te/gia-vang.html")
        );
    }

    #[test]
    fn meta_tags_without_json_ld() {
        let html = r#"<head><title>Giá vàng tăng mạnh | Báo Mới</title>
            <meta property="article:published_time" content="2025-05-09T14:20:00+07:00">
            <meta name="author" content="https://facebook.com/x">
            <meta property="og:url" content="https://bao.example.vn/a.html"></head>"#;
        let m = page(html, None);
        assert_eq!(m.meta.title.as_deref(), Some("Giá vàng tăng mạnh"));
        assert_eq!(m.meta.published.as_deref(), Some("2025-05-09T14:20+07:00"));
        assert_eq!(m.meta.byline, None);
        assert_eq!(m.url.as_deref(), Some("https://bao.example.vn/a.html"));
    }

    #[test]
    fn broken_json_ld_and_odd_urls_are_ignored() {
        let html = r#"<head><script type="application/ld+json">{"@type": "NewsArticle", </script>
            <link rel="canonical" href="javascript:alert(1)"></head>"#;
        let m = page(html, None);
        assert_eq!(m, PageMeta::default());
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix("A long headline here - VnExpress", None),
            "A long headline here"
        );
        assert_eq!(
            strip_site_suffix("Short - A much longer tail of words", None),
            "Short - A much longer tail of words"
        );
        assert_eq!(
            strip_site_suffix(
                "Tin - Báo Tuổi Trẻ Online Mới",
                Some("Báo Tuổi Trẻ Online Mới")
            ),
            "Tin"
        );
    }
}
