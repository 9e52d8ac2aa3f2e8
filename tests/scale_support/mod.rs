//! A generated corpus for the scale, cache and snapshot tests, and what they all do with it.
#![allow(dead_code)] // each test crate uses a different part of this module

use soi::corpus::LoadOptions;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// The default options, with the cache in `cache` (none without).
pub fn cache_options(cache: Option<&Path>) -> LoadOptions {
    LoadOptions {
        cache_dir: cache.map(Path::to_path_buf),
        ..LoadOptions::default()
    }
}

/// Sets a file's modification time (what an editor's save or `touch` changes).
pub fn set_modified(file: &Path, when: SystemTime) {
    std::fs::File::options()
        .append(true)
        .open(file)
        .expect("open")
        .set_modified(when)
        .expect("set mtime");
}

/// What the binary's `soi export ARGS… DIR` writes, with `env` set; it must succeed.
pub fn soi_export(dir: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_soi"))
        .arg("export")
        .args(args)
        .arg(dir)
        .envs(env.iter().copied())
        .output()
        .expect("run soi export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `n` articles recombined from the seeds' paragraphs (a fixed pseudo-random sequence), with
/// people and places varied, and a site's line most of them keep (site furniture, found only
/// once several stories carry it, so earlier articles are cleaned again).
pub fn write_corpus(dir: &Path, n: usize) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(seeds())
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).expect("seed");
        paragraphs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.chars().count() > 120)
                .map(str::to_string),
        );
    }
    let people = [
        "Nguyễn Văn Minh",
        "Trần Thị Lan",
        "Sergey Petrov",
        "Lê Quang Hùng",
    ];
    let places = ["Hà Nội", "Minsk", "Đà Nẵng", "Gomel", "Cần Thơ"];
    let mut state: u64 = 12;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    for i in 0..n {
        let person = people[next(people.len())];
        let place = places[next(places.len())];
        let mut lines = vec![
            format!("{person} thăm {place} và thúc đẩy hợp tác số {i}"),
            String::new(),
        ];
        if i % 4 != 3 {
            lines.push("Theo dõi Báo Ánh Dương trên mạng xã hội mỗi ngày".into());
            lines.push(String::new());
        }
        for _ in 0..3 + next(5) {
            let p = &paragraphs[next(paragraphs.len())];
            lines.push(p.replace("Tô Lâm", person).replace("Minsk", place));
            lines.push(String::new());
        }
        std::fs::write(dir.join(format!("a{i:05}.txt")), lines.join("\n")).expect("write");
    }
}
