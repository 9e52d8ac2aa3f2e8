//! Property tests of decoding and sanitising: arbitrary bytes never panic, the sanitiser is
//! idempotent, its output holds no terminal-unsafe character, and line ends are all kept.
//! The `#[ignore]`d variant is the long fuzz run (`cargo test --release -- --ignored`,
//! `SOI_FUZZ_SECONDS=600` for a timed run).

mod fuzz_support;

use fuzz_support::{file_bytes, hostile_text, run, Budget};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use soi::corpus::{decode, printable, sanitize, Ending};

/// Line ends of raw text as the file has them: `\r\n`, lone `\r` and `\n` each count once.
fn line_ends(text: &str) -> usize {
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => count += 1,
            '\r' => {
                chars.next_if_eq(&'\n');
                count += 1;
            }
            _ => {}
        }
    }
    count
}

fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{feff}'
                | '\u{200b}'
                | '\u{00ad}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

fn check_sanitize(text: &str) -> Result<(), TestCaseError> {
    let once = sanitize(text);
    if let Some(bad) = once.chars().find(|&c| is_forbidden(c)) {
        return Err(TestCaseError::fail(format!(
            "forbidden {bad:?} in {once:?}"
        )));
    }
    prop_assert_eq!(&sanitize(&once), &once, "not idempotent");
    prop_assert_eq!(
        once.matches('\n').count(),
        line_ends(text),
        "line count changed"
    );
    let line = printable(text);
    prop_assert!(
        !line.chars().any(char::is_control),
        "printable kept a control: {:?}",
        line
    );
    Ok(())
}

fn check_bytes(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    for ending in [Ending::Complete, Ending::Truncated] {
        if let Ok(decoded) = decode(&bytes, ending) {
            check_sanitize(&decoded.text)?;
        }
    }
    Ok(())
}

#[test]
fn sanitize_hostile_text() {
    run(
        "sanitize_hostile_text",
        Budget::quick(),
        hostile_text(),
        |t| check_sanitize(&t),
    );
}

#[test]
fn decode_and_sanitize_file_bytes() {
    run(
        "decode_and_sanitize_file_bytes",
        Budget::quick(),
        file_bytes(),
        check_bytes,
    );
}

/// Cutting valid text anywhere (as the size limit does) never reports invalid bytes and keeps a
/// prefix of the text: at most the one character cut in half is lost.
fn check_cut(text: String, at: prop::sample::Index) -> Result<(), TestCaseError> {
    // A leading U+FEFF is a byte order mark and dropped on purpose.
    let text = text.trim_start_matches('\u{feff}');
    let cut = at.index(text.len() + 1);
    let decoded = match decode(&text.as_bytes()[..cut], Ending::Truncated) {
        Ok(d) => d,
        Err(_) => return Ok(()), // NUL or control-heavy: refused as binary, not our concern here
    };
    prop_assert!(decoded.notes.is_empty(), "{:?}", decoded.notes);
    prop_assert!(text.starts_with(&decoded.text));
    prop_assert!(cut - decoded.text.len() < 4);
    Ok(())
}

#[test]
fn truncation_keeps_a_valid_prefix() {
    run(
        "truncation_keeps_a_valid_prefix",
        Budget::quick(),
        (hostile_text(), any::<prop::sample::Index>()),
        |(text, at)| check_cut(text, at),
    );
}

/// Long run for CI / fuzzing sessions; too slow for a debug `cargo test`.
#[test]
#[ignore]
fn heavy_decode_and_sanitize() {
    let bytes = prop_oneof![file_bytes(), hostile_text().prop_map(String::into_bytes)];
    let strategy = (bytes, hostile_text(), any::<prop::sample::Index>());
    run(
        "heavy_decode_and_sanitize",
        Budget::heavy(),
        strategy,
        |(bytes, text, at)| {
            check_bytes(bytes)?;
            check_cut(text, at)
        },
    );
}

/// Inputs found by the fuzz runs or worth pinning: each must hold the properties.
#[test]
fn regressions() {
    for text in [
        "",
        "\r",
        "\r\r\n",
        "\x1b]0;\r\n",
        "\x1b]\x1b]\x1b]\x1b]x",
        "\u{9d}\x1b\u{9d}\x1b[",
        "\x1b[\n",
        "\u{0301}",
        "\t\u{0301}\t",
        "e\u{200b}\u{0301}\u{0323}",
        "\u{2028}\r\u{2029}",
    ] {
        if let Err(e) = check_sanitize(text) {
            panic!("{text:?}: {e}");
        }
    }
}
