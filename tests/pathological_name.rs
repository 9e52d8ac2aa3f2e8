//! An 8 MiB file of one name repeated, on separate lines or on one line: one sane entity
//! ("Tô Lâm", not "Lâm Tô Lâm Tô Lâm") and a peak memory under ten times the input. Heavy and
//! meaningful only in release builds: `cargo test --release -- --ignored`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

const SIZE: usize = 8 * 1024 * 1024;

/// Runs `soi export FILE` and returns its JSON and its peak resident memory in bytes (the
/// kernel's high-water mark, read while it runs).
fn export_with_peak(file: &std::path::Path) -> (serde_json::Value, u64) {
    let cache = tempfile::tempdir().expect("cache dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_soi"))
        .arg("export")
        .arg(file)
        .env("XDG_CACHE_HOME", cache.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn soi");
    let status_path = format!("/proc/{}/status", child.id());
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).expect("read export");
        out
    });
    let mut peak = 0;
    while child.try_wait().expect("wait").is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            for line in status.lines() {
                if let Some(kb) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb * 1024);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = reader.join().expect("reader");
    (serde_json::from_slice(&out).expect("export JSON"), peak)
}

fn check(text: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("name.txt");
    std::fs::write(&file, &text).expect("write");
    let (export, peak) = export_with_peak(&file);
    let people: Vec<&str> = export["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["type"] == "person")
        .map(|e| e["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(people, ["Tô Lâm"]);
    assert!(
        peak < 10 * text.len() as u64,
        "peak {peak} bytes for {} bytes of input",
        text.len()
    );
}

#[test]
#[ignore] // Heavy: run with --release --ignored.
fn one_name_on_a_million_lines() {
    let line = "Tô Lâm\n";
    check(line.repeat(SIZE / line.len()));
}

#[test]
#[ignore] // Heavy: run with --release --ignored.
fn one_name_repeated_on_one_line() {
    let unit = "Tô Lâm ";
    check(unit.repeat(SIZE / unit.len()) + "\n");
}
