//! One HTTP(S) GET with every limit set: the ureq agent and the mapping of its errors to
//! [`FetchError`]s a reader understands.

use super::{FetchError, Response, WebOptions, USER_AGENT};
use std::io::ErrorKind;
use ureq::http::header::CONTENT_TYPE;
use ureq::ResponseExt;

/// What soi can read, best first; anything else still arrives and is sorted by [`super::classify`].
const ACCEPT: &str = "text/html, application/xhtml+xml, application/rss+xml, \
    application/atom+xml, application/feed+json, application/xml;q=0.9, \
    application/json;q=0.9, text/plain;q=0.8, */*;q=0.5";

/// A configured agent; cheap to share between threads (connections are pooled inside).
pub struct Client {
    agent: ureq::Agent,
    options: WebOptions,
    max_bytes: u64,
    /// Why the certificates asked for could not be used: every HTTPS request fails with it (then
    /// nothing is trusted: falling back to other roots would trust what the user did not ask to).
    roots_error: Option<String>,
}

impl Client {
    pub fn new(options: &WebOptions, max_bytes: u64) -> Self {
        let (roots, roots_error) = match &options.ca_file {
            None => (ureq::tls::RootCerts::WebPki, None),
            Some(path) => match read_roots(path) {
                Ok(roots) => (roots, None),
                Err(why) => (
                    ureq::tls::RootCerts::new_with_certs(&[]),
                    Some(format!("{} ({why})", path.display())),
                ),
            },
        };
        let config = ureq::Agent::config_builder()
            .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(connect_timeout(options)))
            .max_redirects(options.max_redirects)
            .user_agent(USER_AGENT)
            .accept(ACCEPT)
            .build();
        Self {
            agent: config.into(),
            options: options.clone(),
            max_bytes,
            roots_error,
        }
    }

    /// GETs `url`: the whole decoded body, or why not.
    pub fn get(&self, url: &str) -> Result<Response, FetchError> {
        let parsed =
            url::Url::parse(url).map_err(|e| FetchError::InvalidUrl(format!("{url} ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(FetchError::InvalidUrl(url.to_string()));
        }
        if let (Some(why), "https") = (&self.roots_error, parsed.scheme()) {
            return Err(FetchError::Certificates(why.clone()));
        }
        let mut response = self
            .agent
            .get(parsed.as_str())
            .call()
            .map_err(|e| self.error(e))?;
        let declared = response.body().content_length();
        if declared.is_some_and(|n| n > self.max_bytes) {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        let final_url = response.get_uri().to_string();
        let (content_type, charset) = content_type(response.headers().get(CONTENT_TYPE));
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| self.error(e))?;
        Ok(Response {
            url: url.to_string(),
            final_url,
            content_type,
            charset,
            body,
        })
    }

    fn error(&self, error: ureq::Error) -> FetchError {
        match error {
            ureq::Error::StatusCode(code) => {
                let reason = ureq::http::StatusCode::from_u16(code)
                    .ok()
                    .and_then(|s| s.canonical_reason());
                FetchError::Status(match reason {
                    Some(reason) => format!("{code} {reason}"),
                    None => code.to_string(),
                })
            }
            ureq::Error::Timeout(ureq::Timeout::Connect) => {
                FetchError::ConnectTimeout(connect_timeout(&self.options).as_secs())
            }
            ureq::Error::Timeout(_) => FetchError::Timeout(self.options.timeout.as_secs()),
            ureq::Error::HostNotFound => FetchError::HostNotFound,
            ureq::Error::TooManyRedirects => {
                FetchError::TooManyRedirects(self.options.max_redirects)
            }
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(self.max_bytes),
            ureq::Error::BadUri(uri) => FetchError::InvalidUrl(uri),
            ureq::Error::Io(e) => match e.kind() {
                ErrorKind::ConnectionRefused => FetchError::ConnectionRefused,
                ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                    FetchError::Timeout(self.options.timeout.as_secs())
                }
                // The system resolver's failure comes as an uncategorised I/O error; its text
                // is the only sign.
                _ if e.to_string().starts_with("failed to lookup address") => {
                    FetchError::HostNotFound
                }
                _ => FetchError::Network(e.to_string()),
            },
            other => FetchError::Network(other.to_string()),
        }
    }
}

/// The certificates of a PEM file, as trust roots; a file without any is an error.
fn read_roots(path: &std::path::Path) -> Result<ureq::tls::RootCerts, String> {
    let pem = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        if let ureq::tls::PemItem::Certificate(cert) = item.map_err(|e| e.to_string())? {
            certs.push(cert);
        }
    }
    if certs.is_empty() {
        return Err("no certificate in it".into());
    }
    Ok(ureq::tls::RootCerts::new_with_certs(&certs))
}

/// Connecting never gets longer than the whole request.
fn connect_timeout(options: &WebOptions) -> std::time::Duration {
    options.connect_timeout.min(options.timeout)
}

/// `text/html; charset=windows-1258` → (`text/html`, `windows-1258`).
fn content_type(header: Option<&ureq::http::HeaderValue>) -> (Option<String>, Option<String>) {
    let Some(value) = header.and_then(|h| h.to_str().ok()) else {
        return (None, None);
    };
    let mut parts = value.split(';');
    let essence = parts
        .next()
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty());
    let charset = parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    });
    (essence, charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parameters() {
        let h = |s: &str| ureq::http::HeaderValue::from_str(s).expect("header");
        assert_eq!(
            content_type(Some(&h("Text/HTML; Charset=\"Windows-1258\""))),
            (Some("text/html".into()), Some("windows-1258".into()))
        );
        assert_eq!(
            content_type(Some(&h("application/rss+xml"))),
            (Some("application/rss+xml".into()), None)
        );
        assert_eq!(content_type(None), (None, None));
    }
}
