//! Reading the web: pages and feeds over HTTP(S).
//!
//! - [`client`]: one request with ureq (rustls, so no system OpenSSL): connect and total timeouts,
//!   a size cap on the decoded body (gzip is asked for and undone), a redirect cap, a User-Agent
//!   naming soi and its version.
//! - [`cache`]: responses kept on disk (`$XDG_CACHE_HOME/soi/http`, see [`default_cache_dir`]),
//!   so a second run works offline; a page stays as cached (articles do not change; `refresh`
//!   refetches), a feed is fetched again once older than [`WebOptions::feed_max_age`] (feeds
//!   do); a failed refetch falls back to the cached copy.
//! - [`pool`]: a few requests at once, never more than [`WebOptions::per_host`] to one host.
//!
//! Every failure is a [`FetchError`] whose text is one `skipped` reason; nothing waits longer
//! than the timeouts allow.

mod cache;
mod client;
mod pool;

pub use pool::{Event, Fetched, Fetcher, Key, Request, THREAD_NAME};

use std::path::PathBuf;
use std::time::Duration;

/// How the web is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebOptions {
    /// Where responses are cached; `None`: no cache.
    pub cache_dir: Option<PathBuf>,
    /// Fetch again even what is cached.
    pub refresh: bool,
    /// How many items of a fetched feed have their pages fetched too (the rest stay teasers).
    pub follow: usize,
    /// Longest a request may take, from name lookup to the body's last byte (redirects included).
    pub timeout: Duration,
    /// Longest a connection may take to open.
    pub connect_timeout: Duration,
    /// Redirects followed before giving up (a loop ends here).
    pub max_redirects: u32,
    /// Requests at once.
    pub parallel: usize,
    /// Requests at once to one host.
    pub per_host: usize,
    /// How long a cached feed stands for the feed: older, it is fetched again for new items.
    pub feed_max_age: Duration,
    /// Certificates (PEM) trusted instead of the built-in web roots: `SSL_CERT_FILE`, as OpenSSL
    /// and curl read it (a company proxy's own authority, a test server's).
    pub ca_file: Option<PathBuf>,
}

/// Default `--follow`: enough for a day's front page of one feed without fetching a whole archive.
pub const DEFAULT_FOLLOW: usize = 20;
/// How long a cached feed is used as it is: news feeds change by the hour; a reader reopened
/// within minutes need not ask again.
pub const DEFAULT_FEED_MAX_AGE: Duration = Duration::from_secs(15 * 60);
/// Default `--timeout` in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 20;

impl Default for WebOptions {
    fn default() -> Self {
        Self {
            cache_dir: default_cache_dir(),
            refresh: false,
            follow: DEFAULT_FOLLOW,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            parallel: 4,
            per_host: 2,
            feed_max_age: DEFAULT_FEED_MAX_AGE,
            ca_file: std::env::var_os("SSL_CERT_FILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }
}

/// `soi/http` in the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`, on Linux).
pub fn default_cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("soi").join("http"))
}

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "soi/",
    env!("CARGO_PKG_VERSION"),
    " (terminal news reader; fetches the pages and feeds its user names)"
);

/// A successful response, read whole (up to the size cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The address asked for.
    pub url: String,
    /// The address answered, after redirects.
    pub final_url: String,
    /// `Content-Type` without parameters, lower case.
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`.
    pub charset: Option<String>,
    /// The decoded (un-gzipped) body.
    pub body: Vec<u8>,
}

/// Why an address did not become a document. Its `Display` is the `skipped` reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid web address: {0}")]
    InvalidUrl(String),
    #[error("host not found (DNS lookup failed)")]
    HostNotFound,
    #[error("connection refused")]
    ConnectionRefused,
    #[error("no connection within {0} s")]
    ConnectTimeout(u64),
    #[error("timed out after {0} s without a complete answer")]
    Timeout(u64),
    #[error("HTTP {0}")]
    Status(String),
    #[error("larger than {0} bytes (--max-bytes)")]
    TooLarge(u64),
    #[error("more than {0} redirects (a redirect loop?)")]
    TooManyRedirects(u32),
    #[error("not an article, a feed or text ({0})")]
    Unsupported(String),
    #[error("{0}")]
    Feed(#[from] super::feed::FeedError),
    /// The body came but could not be read (binary bytes under a text type).
    #[error("{0}")]
    Unreadable(String),
    #[error("network error: {0}")]
    Network(String),
    #[error("the certificates to trust cannot be read from {0}")]
    Certificates(String),
    #[error("fetching failed: {0}")]
    Internal(String),
}

/// What a response holds, by its `Content-Type` and, where that is vague or missing, its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Feed,
    Html,
    Markdown,
    Text,
}

/// Sorts a response. Feeds are recognised whatever the type says (servers send RSS as
/// `text/html`, `text/plain` or `application/octet-stream`); images, PDFs and the like are
/// [`FetchError::Unsupported`].
pub fn classify(response: &Response) -> Result<Kind, FetchError> {
    let body = &response.body;
    if super::feed::looks_like_feed(body) {
        return Ok(Kind::Feed);
    }
    let kind = response.content_type.as_deref().unwrap_or("");
    match kind {
        "text/html" | "application/xhtml+xml" => Ok(Kind::Html),
        "text/plain" => Ok(Kind::Text),
        "text/markdown" => Ok(Kind::Markdown),
        "" | "application/octet-stream" if looks_like_html(body) => Ok(Kind::Html),
        "" if std::str::from_utf8(&body[..body.len().min(4096)]).is_ok() => Ok(Kind::Text),
        "application/xml" | "text/xml" | "application/rss+xml" | "application/atom+xml" => Err(
            FetchError::Unsupported(format!("{kind} that is not RSS or Atom")),
        ),
        "application/json" | "application/feed+json" => Err(FetchError::Unsupported(format!(
            "{kind} that is not a JSON Feed"
        ))),
        "" => Err(FetchError::Unsupported("no Content-Type, not text".into())),
        other => Err(FetchError::Unsupported(other.to_string())),
    }
}

/// A fetched page or text as a document of source `url` (its path the address asked for, its
/// URL the address answered, or the page's canonical link).
pub fn load_page(
    response: &Response,
    id: String,
    options: &super::LoadOptions,
) -> Result<super::Loaded, FetchError> {
    let origin = super::Origin {
        id,
        path: PathBuf::from(&response.url),
        url: Some(response.final_url.clone()),
        source: super::Source::Url,
        charset: response.charset.clone(),
    };
    let loaded = match classify(response)? {
        Kind::Feed => return Err(FetchError::Unsupported("a feed, not a page".into())),
        Kind::Html => super::load_html(&response.body, origin, options),
        Kind::Markdown => super::load_markdown(&response.body, origin, options),
        Kind::Text => super::load_plain(
            &response.body,
            origin,
            super::Ending::Complete,
            options.max_bytes,
        ),
    };
    loaded.map_err(|skipped| FetchError::Unreadable(skipped.reason))
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

/// A document id for a web address: its last path segment without extension
/// (`…/tong-bi-thu-4875123.html` → `tong-bi-thu-4875123`), else its host.
pub fn url_id(address: &str) -> String {
    const MAX_CHARS: usize = 80;
    let parsed = url::Url::parse(address).ok();
    let last_segment = match &parsed {
        Some(u) => u
            .path_segments()
            .and_then(|mut s| s.rfind(|seg| !seg.is_empty())),
        // A relative link (a feed file's, with no address to resolve it against).
        None => address
            .split(['?', '#'])
            .next()
            .and_then(|path| path.rsplit('/').find(|seg| !seg.is_empty())),
    };
    let segment = last_segment.map(|seg| {
        let decoded = percent_decoded(seg);
        match decoded.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem.to_string(),
            _ => decoded,
        }
    });
    let id = segment
        .or_else(|| parsed.as_ref()?.host_str().map(str::to_string))
        .unwrap_or_else(|| address.to_string());
    super::printable(&id).chars().take(MAX_CHARS).collect()
}

fn percent_decoded(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: Option<&str>, body: &str) -> Response {
        Response {
            url: "http://x/".into(),
            final_url: "http://x/".into(),
            content_type: content_type.map(str::to_string),
            charset: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn responses_are_sorted_by_type_and_content() {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>";
        assert_eq!(classify(&response(Some("text/html"), rss)), Ok(Kind::Feed));
        assert_eq!(
            classify(&response(Some("text/html"), "<p>x</p>")),
            Ok(Kind::Html)
        );
        assert_eq!(classify(&response(Some("text/plain"), "x")), Ok(Kind::Text));
        assert_eq!(
            classify(&response(None, "<!DOCTYPE html><html>")),
            Ok(Kind::Html)
        );
        assert_eq!(classify(&response(None, "Hà Nội")), Ok(Kind::Text));
        assert!(matches!(
            classify(&response(Some("image/png"), "\u{89}PNG")),
            Err(FetchError::Unsupported(t)) if t == "image/png"
        ));
        assert!(matches!(
            classify(&response(Some("application/json"), "{\"a\": 1}")),
            Err(FetchError::Unsupported(_))
        ));
    }

    #[test]
    fn ids_from_addresses() {
        assert_eq!(
            url_id("https://vnexpress.net/tong-bi-thu-4875123.html"),
            "tong-bi-thu-4875123"
        );
        assert_eq!(url_id("https://example.com/news/item/"), "item");
        assert_eq!(url_id("https://example.com/"), "example.com");
        assert_eq!(url_id("http://127.0.0.1:8080/feed.xml"), "feed");
        assert_eq!(url_id("https://example.com/b%C3%A0i"), "bài");
        assert_eq!(url_id("/tin/bai-moi.html?utm=x"), "bai-moi");
    }
}
