//! `soi export` on a corpus of hostile inputs built at test time: it must finish, exit 0, print
//! valid JSON with every good document, report every bad entry exactly once with its name and a
//! reason, and never let a terminal control character reach stdout or stderr.

mod e2e_common;
use e2e_common::run_within;
use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use unicode_normalization::{is_nfc, UnicodeNormalization};

const ARTICLE: &str = "Tổng Bí thư Tô Lâm hội đàm với Tổng thống Belarus\n\
\n\
Chiều 12/5/2025, tại Minsk, Tổng Bí thư Tô Lâm và Tổng thống Aleksandr Lukashenko đã hội đàm.\n\
\n\
Hai bên nhất trí thúc đẩy hợp tác kinh tế, thương mại và đầu tư.\n";

/// Name written for the file whose name carries escape sequences; its id is the sanitised stem.
const ESCAPED_NAME: &str = "title\x1b]0;PWNED\x07\x1b[31m.txt";

/// A bad entry and the reason it must be reported with (the reason's start: the binary reason
/// goes on with the measured share).
struct Bad {
    name: &'static str,
    reason: &'static str,
}

const BAD: [Bad; 4] = [
    Bad {
        name: "binary.txt",
        reason: "binary file (",
    },
    Bad {
        name: "fifo.txt",
        reason: "FIFO (named pipe): not read",
    },
    Bad {
        name: "loop",
        reason: "symbolic link loop",
    },
    Bad {
        name: "dangling.txt",
        reason: "dangling symbolic link (target missing)",
    },
];

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// Writes the hostile corpus and returns the ids of the documents that must come out.
fn build_corpus(root: &Path, big_files: bool) -> BTreeSet<String> {
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("good.txt", ARTICLE.into()),
        ("empty.txt", Vec::new()),
        ("blank.txt", b"\n\n   \n\t\n".to_vec()),
        ("invalid_utf8.txt", {
            let mut b = b"Vi\xe1\xbb\x87t Nam \xff\xfe\xfa gi\xe1 Belarus\n".to_vec();
            b.extend(ARTICLE.as_bytes());
            b
        }),
        ("binary.txt", (0..=255u8).cycle().take(256 * 64).collect()),
        ("nul_bytes.txt", format!("Tô\0Lâm\0\0 {ARTICLE}").into()),
        ("utf16le.txt", utf16(ARTICLE, true)),
        ("utf16be.txt", utf16(ARTICLE, false)),
        ("nfd.txt", ARTICLE.nfd().collect::<String>().into()),
        (
            "bidi_zero_width.txt",
            format!("\u{202e}Belarus\u{202c} \u{200b}Tô\u{200d} Lâm \u{feff}\u{00ad}\u{2066}x\u{2069}\n{ARTICLE}").into(),
        ),
        (
            "escapes.txt",
            format!(
                "Trang \x1b]0;PWNED-TITLE\x07 chủ \x1b[2J\x1b[H\x1b[31mĐỎ\x1b[0m \
                 \x1b]52;c;cHduZWQ=\x07 \x1b]8;;http://evil.example/\x1b\\nhấn\x1b]8;;\x1b\\ \
                 \x1bPq#0;2;0;0;0#0~~\x1b\\ \u{9b}31m c1 \u{9d}0;C1-TITLE\u{9c} \x07\x08\x7f\r\n{ARTICLE}"
            )
            .into(),
        ),
        ("crlf.txt", ARTICLE.replace('\n', "\r\n").into()),
        ("cr_only.txt", ARTICLE.replace('\n', "\r").into()),
        (
            "wide_emoji.txt",
            format!("{}\n{ARTICLE}", "📞🇻🇳👨‍👩‍👧 中文字符 한국어 ".repeat(50)).into(),
        ),
        ("no_newline_at_end.txt", ARTICLE.trim_end().into()),
        (ESCAPED_NAME, ARTICLE.into()),
    ];
    if big_files {
        files.push((
            "long_line.txt",
            format!("{}\n", "Việt Nam - Belarus ".repeat(65_000)).into(),
        ));
        let many: String = (0..50_000)
            .map(|i| {
                format!(
                    "Dòng {i}: Hà Nội ngày {}/5/2025 đạt {i} triệu USD.\n",
                    i % 28 + 1
                )
            })
            .collect();
        files.push(("many_lines.txt", many.into()));
    }
    for (name, bytes) in &files {
        fs::write(root.join(name), bytes).expect("write fixture");
    }
    fs::create_dir_all(root.join("nested/deeper")).expect("mkdir");
    fs::write(root.join("nested/deeper/inner.txt"), ARTICLE).expect("write fixture");
    symlink("..", root.join("nested/loop")).expect("symlink");
    symlink("missing.txt", root.join("dangling.txt")).expect("symlink");
    let status = Command::new("mkfifo")
        .arg(root.join("fifo.txt"))
        .status()
        .expect("run mkfifo");
    assert!(status.success());

    let bad: BTreeSet<&str> = BAD.iter().map(|b| b.name).collect();
    let mut ids: BTreeSet<String> = files
        .iter()
        .filter(|(name, _)| !bad.contains(name))
        .map(|(name, _)| name.trim_end_matches(".txt").to_string())
        .collect();
    ids.remove(ESCAPED_NAME.trim_end_matches(".txt"));
    ids.insert("title".to_string());
    ids.insert("inner".to_string());
    ids
}

/// Runs `soi export DIR`, killing it (and failing) if it outlives `deadline`.
fn export(dir: &Path, deadline: Duration) -> std::process::Output {
    let cache = tempfile::tempdir().expect("cache dir");
    run_within(
        Command::new(env!("CARGO_BIN_EXE_soi"))
            .arg("export")
            .arg(dir)
            .env("XDG_CACHE_HOME", cache.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
        deadline,
    )
}

/// Characters that must never reach a terminal: C0 but `\n`, DEL, C1, bidi controls.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Every string in the JSON but the `path` fields, which carry file names verbatim (escaped).
fn strings<'a>(value: &'a serde_json::Value, key: Option<&str>, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) if key != Some("path") => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_json::Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| strings(v, Some(k.as_str()), out)),
        _ => {}
    }
}

fn check_hostile_export(big_files: bool, deadline: Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let expected_ids = build_corpus(dir.path(), big_files);
    let output = export(dir.path(), deadline);
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert!(
        output.status.success(),
        "exit {:?}; stderr:\n{stderr}",
        output.status
    );

    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(bad) = text.chars().find(|&c| is_unsafe(c)) {
            panic!("{stream} holds {bad:?}");
        }
    }

    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is valid JSON");
    let ids: BTreeSet<String> = json["documents"]
        .as_array()
        .expect("documents array")
        .iter()
        .filter_map(|d| d["id"].as_str().map(String::from))
        .collect();
    assert_eq!(ids, expected_ids);

    // Each bad entry: exactly one stderr line naming it with its reason, and one JSON entry.
    let skip_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .collect();
    assert_eq!(skip_lines.len(), BAD.len(), "stderr:\n{stderr}");
    let skipped_json = json["skipped"].as_array().expect("skipped array");
    assert_eq!(skipped_json.len(), BAD.len());
    for bad in &BAD {
        let entry = format!("/{}: {}", bad.name, bad.reason);
        let hits = skip_lines.iter().filter(|l| l.contains(&entry)).count();
        assert_eq!(hits, 1, "{entry:?} in stderr:\n{stderr}");
        let in_json = skipped_json
            .iter()
            .filter(|s| {
                s["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(&format!("/{}", bad.name)))
                    && s["reason"]
                        .as_str()
                        .is_some_and(|r| r.starts_with(bad.reason))
            })
            .count();
        assert_eq!(in_json, 1, "{} in the JSON skipped list", bad.name);
    }
    assert!(
        stderr.lines().any(|l| l.starts_with("warning: ")
            && l.ends_with("/invalid_utf8.txt: invalid UTF-8: 4 bytes replaced with U+FFFD")),
        "stderr:\n{stderr}"
    );

    let mut texts = Vec::new();
    strings(&json, None, &mut texts);
    for text in texts {
        assert!(is_nfc(text), "not NFC: {text:?}");
        for payload in ["PWNED", "]52;", "[31m", "evil.example", "C1-TITLE", "#0~~"] {
            assert!(!text.contains(payload), "{payload:?} leaked into {text:?}");
        }
    }
    // The article survives every encoding and decoration (whatever the cleaner keeps of it).
    for doc in json["documents"].as_array().expect("documents array") {
        let id = doc["id"].as_str().unwrap_or_default();
        if ["empty", "blank"].contains(&id) {
            continue;
        }
        let all: String = doc["blocks"]
            .as_array()
            .expect("blocks array")
            .iter()
            .filter_map(|b| b["text"].as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if !["long_line", "many_lines"].contains(&id) {
            assert!(all.contains("Tô Lâm"), "{id}: {all:?}");
        }
    }
}

#[test]
fn hostile_corpus_exports_safely() {
    check_hostile_export(false, Duration::from_secs(60));
}

/// Adds a 1.2 MB line and a 50,000-line file: several seconds in a debug build.
#[test]
#[ignore]
fn hostile_corpus_with_big_files_exports_safely() {
    check_hostile_export(true, Duration::from_secs(120));
}
