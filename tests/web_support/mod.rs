//! A small HTTP/1.1 server on 127.0.0.1 for the web tests: pages, feeds (RSS, Atom, JSON Feed),
//! a redirect loop, a 404, a 500, a 50 MB body, a gzip body, an image, slow pages, and a second
//! listener that accepts connections and never answers. It counts requests per path and the most
//! requests it had under way at once, and stops (all its threads, within a few seconds) when
//! dropped. Bounded: every connection ends after one request, and nothing it does outlasts the
//! test by more than its longest delay.
#![allow(dead_code)] // each test crate uses a different part of this module

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Size of the big body.
pub const HUGE_BYTES: usize = 50 * 1024 * 1024;
/// How long a `/slow/…` page waits before answering.
pub const SLOW: Duration = Duration::from_millis(300);
/// How long a `/slower/…` page waits (long enough to watch the reader while it waits).
pub const SLOWER: Duration = Duration::from_millis(1500);
/// Longest a silent connection is held open (longer than any test's timeout).
const SILENT_HOLD: Duration = Duration::from_secs(30);

pub struct Server {
    pub addr: SocketAddr,
    /// A listener that accepts and never answers.
    pub silent_addr: SocketAddr,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    stop: AtomicBool,
    hits: Mutex<HashMap<String, usize>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let silent = TcpListener::bind("127.0.0.1:0").expect("bind silent");
        let state = Arc::new(State::default());
        let server = Server {
            addr: listener.local_addr().expect("addr"),
            silent_addr: silent.local_addr().expect("silent addr"),
            state: state.clone(),
        };
        let base = format!("http://{}", server.addr);
        let s = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (s, base) = (s.clone(), base.clone());
                thread::spawn(move || serve(stream, &s, &base));
            }
        });
        let s = state;
        thread::spawn(move || {
            for stream in silent.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = s.clone();
                thread::spawn(move || {
                    // Hold the connection open, saying nothing, until the test ends.
                    let start = Instant::now();
                    while start.elapsed() < SILENT_HOLD && !s.stop.load(Ordering::SeqCst) {
                        thread::sleep(Duration::from_millis(50));
                    }
                    drop(stream);
                });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn silent_url(&self) -> String {
        format!("http://{}/article", self.silent_addr)
    }

    /// Requests received for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.state
            .hits
            .lock()
            .expect("hits")
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    pub fn total_hits(&self) -> usize {
        self.state.hits.lock().expect("hits").values().sum()
    }

    /// The most requests that were under way at once.
    pub fn most_in_flight(&self) -> usize {
        self.state.most_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake both accept loops so they see the flag.
        let _ = TcpStream::connect(self.addr);
        let _ = TcpStream::connect(self.silent_addr);
    }
}

/// An address nothing listens on (bound, then released).
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}/article")
}

struct Reply {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn reply(status: &'static str, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
    }
}

fn redirect(to: &str) -> Reply {
    Reply {
        status: "302 Found",
        headers: vec![("Location".into(), to.into())],
        body: Vec::new(),
    }
}

fn serve(mut stream: TcpStream, state: &State, base: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(path) = request_path(&stream) else {
        return;
    };
    *state
        .hits
        .lock()
        .expect("hits")
        .entry(path.clone())
        .or_default() += 1;
    if path == "/huge-unsized" {
        huge_unsized(&mut stream, state);
    } else {
        // Counted while the answer is prepared (the slow pages' wait), not while it is written:
        // a client may have read the last byte, and sent its next request, before this thread
        // gets to run again, so counting the writing too would see requests overlap that did not.
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let reply = route(&path, base);
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
        let _ = write_reply(&mut stream, &reply);
    }
    let _ = stream.shutdown(Shutdown::Both);
}

fn request_path(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    // Read the rest of the head.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
    }
    Some(path)
}

fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

/// 50 MB with no Content-Length (the end is the connection's close): only the client's body cap
/// stops it. Writing stops as soon as the client hangs up.
fn huge_unsized(stream: &mut TcpStream, state: &State) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < HUGE_BYTES && !state.stop.load(Ordering::SeqCst) {
        if stream.write_all(&chunk).is_err() {
            return;
        }
        sent += chunk.len();
    }
}

fn route(path: &str, base: &str) -> Reply {
    let html = "text/html; charset=utf-8";
    match path {
        "/article" => reply("200 OK", "text/plain; charset=utf-8", ARTICLE_TEXT),
        "/page.html" => reply("200 OK", html, PAGE_HTML),
        "/notes.md" => reply(
            "200 OK",
            "text/markdown; charset=utf-8",
            "# Ghi chép\n\nBộ **Ngoại giao** thông báo.\n",
        ),
        // The charset is said only by the header.
        "/legacy.html" => reply("200 OK", "text/html; charset=windows-1258", LEGACY_HTML),
        "/feed.rss" => reply("200 OK", "application/rss+xml", rss(base)),
        // Served under a vague type: recognised by content.
        "/feed-as-html" => reply("200 OK", html, rss(base)),
        "/feed.atom" => reply("200 OK", "application/atom+xml", atom(base)),
        "/feed.json" => reply("200 OK", "application/feed+json", json_feed(base)),
        "/slow-feed.rss" => reply("200 OK", "application/rss+xml", slow_rss(base, "slow")),
        "/slower-feed.rss" => reply("200 OK", "application/rss+xml", slow_rss(base, "slower")),
        "/items/one" => reply("200 OK", "text/plain; charset=utf-8", ITEM_ONE_TEXT),
        "/items/two" => reply("200 OK", "text/plain; charset=utf-8", ITEM_TWO_TEXT),
        "/items/image" => reply("200 OK", "image/png", PNG),
        "/loop" => redirect("/loop-again"),
        "/loop-again" => redirect("/loop"),
        "/moved" => redirect("/article"),
        "/server-error" => reply("500 Internal Server Error", html, "<p>oops</p>"),
        "/image.png" => reply("200 OK", "image/png", PNG),
        "/data.json" => reply("200 OK", "application/json", "{\"a\": 1}"),
        "/huge" => reply("200 OK", "text/plain", vec![b'a'; HUGE_BYTES]),
        "/gzip" => {
            let mut r = reply("200 OK", "text/plain; charset=utf-8", gzip(GZIP_TEXT));
            r.headers.push(("Content-Encoding".into(), "gzip".into()));
            r
        }
        p if p.starts_with("/slow/") || p.starts_with("/slower/") => {
            thread::sleep(if p.starts_with("/slow/") {
                SLOW
            } else {
                SLOWER
            });
            reply(
                "200 OK",
                "text/plain; charset=utf-8",
                format!("Trang chậm {p}\n\nBộ Y tế cho biết hôm nay.\n"),
            )
        }
        _ => reply("404 Not Found", html, "<p>not here</p>"),
    }
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).expect("gzip");
    encoder.finish().expect("gzip finish")
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

pub const ARTICLE_TEXT: &str = "Hà Nội công bố kế hoạch mới\n\n\
    Ủy ban nhân dân thành phố Hà Nội hôm nay công bố kế hoạch chống ngập cho mùa mưa năm 2025.\n";

pub const PAGE_HTML: &str = "<!DOCTYPE html><html><head><title>Trang thử</title></head>\
    <body><h1>Trang thử</h1><p>Bộ Y tế cho biết số ca bệnh giảm.</p></body></html>";

/// "Hà Nội" in windows-1258: `à` is one byte, `ộ` is `ô` and a combining dot below.
const LEGACY_HTML: &[u8] = b"<html><head><title>Tin H\xe0 N\xf4\xf2i</title></head><body>\
    <article><h1>Tin H\xe0 N\xf4\xf2i</h1><p>H\xe0 N\xf4\xf2i m\xfda l\xf5\xecn.</p></article></body></html>";

pub const ITEM_ONE_TEXT: &str = "Bài một đầy đủ\n\n\
    Thủ tướng Phạm Minh Chính chủ trì cuộc họp tại Hà Nội về phát triển kinh tế.\n";

pub const ITEM_TWO_TEXT: &str = "Bài hai đầy đủ\n\n\
    Ngân hàng Nhà nước Việt Nam điều chỉnh lãi suất điều hành từ ngày 1/6.\n";

pub const GZIP_TEXT: &str = "Bản tin nén\n\n\
    Tổng cục Thống kê công bố số liệu tăng trưởng quý II của Việt Nam.\n";

/// Three items: a page that exists, one that is gone (404), one with no link.
fn rss(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Tin thử</title><link>{base}/</link><description>Tin</description>
<item><title>Bài một</title><link>{base}/items/one</link>
<pubDate>Sat, 10 May 2025 01:30:00 +0700</pubDate><dc:creator>Minh Anh</dc:creator>
<description>&lt;p&gt;Tóm tắt bài một.&lt;/p&gt;</description></item>
<item><title>Bài đã xóa</title><link>{base}/items/gone</link>
<pubDate>Fri, 09 May 2025 20:00:00 GMT+7</pubDate>
<description>&lt;p&gt;Tóm tắt bài đã xóa: Bộ Tài chính họp.&lt;/p&gt;</description></item>
<item><title>Tin ngắn</title><pubDate>Fri, 09 May 2025 18:00:00 +0700</pubDate>
<content:encoded><![CDATA[<p>Tin ngắn không có liên kết.</p>]]></content:encoded></item>
</channel></rss>"#
    )
}

fn atom(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom thử</title><id>urn:x</id>
<updated>2025-05-10T08:00:00+07:00</updated>
<entry><title>Bài hai</title><id>urn:2</id><link rel="alternate" href="{base}/items/two"/>
<published>2025-05-10T08:00:00+07:00</published><updated>2025-05-10T09:00:00+07:00</updated>
<author><name>Trần Bình</name></author>
<summary type="html">&lt;p&gt;Tóm tắt bài hai.&lt;/p&gt;</summary></entry>
<entry><title>Ảnh trong ngày</title><id>urn:3</id><link href="{base}/items/image"/>
<updated>2025-05-10T07:00:00Z</updated>
<content type="text">Một bức ảnh.</content></entry>
</feed>"#
    )
}

fn json_feed(base: &str) -> String {
    format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "JSON thử",
"items": [
 {{"id": "1", "url": "{base}/items/one", "title": "Bài một (JSON)",
   "date_published": "2025-05-10T01:30:00+07:00", "authors": [{{"name": "Minh Anh"}}],
   "content_html": "<p>Tóm tắt.</p>"}},
 {{"id": "2", "title": "Chỉ có chữ", "content_text": "Dòng một.\n\nDòng hai.",
   "date_published": "2025-05-09"}}
]}}"#
    )
}

/// Six items on slow pages (for the per-host limit and the reader staying responsive).
fn slow_rss(base: &str, folder: &str) -> String {
    let items: String = (1..=6)
        .map(|n| {
            format!(
                "<item><title>Chậm {n}</title><link>{base}/{folder}/{n}</link>\
                 <description>Tóm tắt {n}.</description></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Chậm</title>{items}</channel></rss>"
    )
}
