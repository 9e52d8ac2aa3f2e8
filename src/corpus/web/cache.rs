//! Responses kept on disk: one entry per address, `HASH.body` (the decoded body) and
//! `HASH.json` (address, final address, content type, when fetched), HASH being the SHA-256 of
//! the address. Entries are written to a temporary name and renamed, the description last, so a
//! crash or a second soi running at the same time never leaves a half entry that reads as whole.
//! Only successful responses are kept; an entry whose description names another address
//! (however unlikely) is a miss.

use super::Response;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub struct Cache {
    dir: PathBuf,
}

/// A cached response and how long ago it was fetched.
#[derive(Debug, PartialEq)]
pub struct Cached {
    pub response: Response,
    pub age: Duration,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[derive(Serialize, Deserialize)]
struct Entry {
    url: String,
    final_url: String,
    content_type: Option<String>,
    charset: Option<String>,
    /// Seconds since the Unix epoch.
    fetched: u64,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The cached response for `url`, if a whole entry is there.
    pub fn get(&self, url: &str) -> Option<Cached> {
        let (meta, body) = self.paths(url);
        let entry: Entry = serde_json::from_slice(&fs::read(meta).ok()?).ok()?;
        if entry.url != url {
            return None;
        }
        // A clock set back reads as "just fetched".
        let age = Duration::from_secs(now_secs().saturating_sub(entry.fetched));
        Some(Cached {
            age,
            response: Response {
                url: entry.url,
                final_url: entry.final_url,
                content_type: entry.content_type,
                charset: entry.charset,
                body: fs::read(body).ok()?,
            },
        })
    }

    pub fn put(&self, response: &Response) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let (meta, body) = self.paths(&response.url);
        let entry = Entry {
            url: response.url.clone(),
            final_url: response.final_url.clone(),
            content_type: response.content_type.clone(),
            charset: response.charset.clone(),
            fetched: now_secs(),
        };
        write_atomically(&body, &response.body)?;
        write_atomically(&meta, &serde_json::to_vec(&entry)?)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let hash: String = Sha256::digest(url.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (
            self.dir.join(format!("{hash}.json")),
            self.dir.join(format!("{hash}.body")),
        )
    }
}

/// Writes to a name of this process's own and renames over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(
        ".{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let tmp = PathBuf::from(tmp);
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(url: &str, body: &str) -> Response {
        Response {
            url: url.into(),
            final_url: format!("{url}/final"),
            content_type: Some("text/html".into()),
            charset: Some("utf-8".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_response_comes_back_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::new(dir.path().join("soi").join("http"));
        assert_eq!(cache.get("http://a/"), None);
        let r = response("http://a/", "<p>Hà Nội</p>");
        cache.put(&r).expect("put");
        let hit = cache.get("http://a/").expect("a hit");
        assert_eq!(hit.response, r);
        assert!(hit.age < Duration::from_secs(60), "{:?}", hit.age);
        assert_eq!(cache.get("http://b/"), None);
        let replaced = response("http://a/", "newer");
        cache.put(&replaced).expect("put again");
        assert_eq!(cache.get("http://a/").map(|c| c.response), Some(replaced));
        let leftovers = fs::read_dir(cache.dir())
            .expect("list")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn an_unwritable_cache_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-folder");
        fs::write(&file, "x").expect("write");
        let cache = Cache::new(file.join("http"));
        assert!(cache.put(&response("http://a/", "x")).is_err());
        assert_eq!(cache.get("http://a/"), None);
    }
}
