//! HTTPS against a server the test starts on 127.0.0.1 with a certificate of its own authority
//! (`tests/fixtures/tls`): trusted through `SSL_CERT_FILE`, the page is read like any other;
//! untrusted, or with certificates that cannot be read, it is one reported skip, never a hang.

use soi::corpus::web::WebOptions;
use soi::corpus::{Input, LoadOptions};
use soi::pipeline;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const PAGE: &str = "<!doctype html><html><head><meta charset=utf-8>\
    <title>Hà Nội mở rộng tuyến metro</title></head><body><article>\
    <h1>Hà Nội mở rộng tuyến metro</h1>\
    <p>Chiều 12/5, UBND thành phố Hà Nội đã phê duyệt dự án kéo dài tuyến metro số 3 thêm \
    8 km, với tổng vốn đầu tư hơn 1.200 tỷ đồng, theo ông Nguyễn Văn Minh.</p>\
    <p>Dự án dự kiến hoàn thành vào năm 2028 và phục vụ khoảng 200.000 lượt khách mỗi ngày.</p>\
    </article></body></html>";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// Serves `PAGE` over TLS to every connection, one request each, until the test ends (the
/// thread is detached; it holds nothing the test needs back).
fn start_server() -> String {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(fixture("cert.pem"))
        .expect("cert.pem")
        .collect::<Result<_, _>>()
        .expect("certificates");
    let key = PrivateKeyDer::from_pem_file(fixture("key.pem")).expect("key.pem");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                // Read the request head (an untrusting client fails the handshake here).
                let mut reader = BufReader::new(&mut tls);
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) if line == "\r\n" => break,
                        Ok(_) => {}
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n",
                    PAGE.len()
                );
                let _ = tls.write_all(head.as_bytes());
                let _ = tls.write_all(PAGE.as_bytes());
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    format!("https://{addr}/metro")
}

fn options(cache: &Path, ca_file: Option<PathBuf>) -> LoadOptions {
    LoadOptions {
        web: WebOptions {
            cache_dir: Some(cache.to_path_buf()),
            timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            ca_file,
            ..WebOptions::default()
        },
        ..LoadOptions::default()
    }
}

#[test]
fn a_page_over_https_is_read_when_its_authority_is_trusted() {
    let url = start_server();
    let cache = tempfile::tempdir().expect("tempdir");
    let inputs = [Input::Url(url.clone())];

    let corpus = pipeline::build(&inputs, &options(cache.path(), Some(fixture("ca.pem"))));
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    assert_eq!(corpus.documents.len(), 1);
    let doc = &corpus.documents[0];
    assert_eq!(doc.document.url.as_deref(), Some(url.as_str()));
    assert!(
        doc.document.text.contains("metro số 3"),
        "{}",
        doc.document.text
    );
    assert!(corpus.entities.iter().any(|e| e.name == "Nguyễn Văn Minh"));
}

#[test]
fn an_untrusted_certificate_is_one_reported_skip() {
    let url = start_server();
    let cache = tempfile::tempdir().expect("tempdir");
    let inputs = [Input::Url(url.clone())];
    // The built-in web roots do not know the test's authority.
    let corpus = pipeline::build(&inputs, &options(cache.path(), None));
    assert!(corpus.documents.is_empty());
    assert_eq!(corpus.skipped.len(), 1, "{:?}", corpus.skipped);
    let reason = &corpus.skipped[0].reason;
    assert!(reason.contains("certificate"), "{reason}");

    // A certificate file that holds none: said as such, and nothing is trusted instead.
    let empty = cache.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").expect("write");
    let corpus = pipeline::build(&inputs, &options(cache.path(), Some(empty.clone())));
    assert!(corpus.documents.is_empty());
    let reason = &corpus.skipped[0].reason;
    assert!(
        reason.contains("certificates to trust") && reason.contains("empty.pem"),
        "{reason}"
    );
}

/// The binary takes the authority from `SSL_CERT_FILE`, as OpenSSL and curl do.
#[test]
fn the_binary_trusts_ssl_cert_file() {
    let url = start_server();
    let cache = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_soi"))
        .args(["export", &url])
        .env("XDG_CACHE_HOME", cache.path())
        .env("SSL_CERT_FILE", fixture("ca.pem"))
        .output()
        .expect("run soi");
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["documents"][0]["url"], url.as_str());
    assert_eq!(json["skipped"].as_array().map(Vec::len), Some(0));
}
