//! Shared by the `fuzz_*` property tests: hostile text strategies and a runner that can go on for
//! a fixed number of cases (debug `cargo test`) or for a wall-clock budget (the `#[ignore]`d heavy
//! variants, run with `cargo test --release -- --ignored`).
#![allow(dead_code)] // each fuzz target uses a different subset

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::time::{Duration, Instant};

/// Cases per run in a normal (debug) `cargo test` for cheap targets (decode, sanitise).
pub const QUICK_CASES: u32 = 256;

/// Cases per run in a normal (debug) `cargo test` for the stages behind the sanitiser, which are
/// much slower unoptimised; the heavy runs do the real exploring.
pub const QUICK_STAGE_CASES: u32 = 48;

/// Cases of a heavy run when no time budget is given.
pub const HEAVY_CASES: u32 = 200_000;

/// How long a heavy run lasts: `SOI_FUZZ_SECONDS` seconds if set, else [`HEAVY_CASES`] cases.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    Cases(u32),
    Seconds(u64),
}

impl Budget {
    pub fn quick() -> Self {
        Budget::Cases(QUICK_CASES)
    }

    pub fn quick_stage() -> Self {
        Budget::Cases(QUICK_STAGE_CASES)
    }

    pub fn heavy() -> Self {
        match std::env::var("SOI_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
        {
            Some(secs) => Budget::Seconds(secs),
            None => Budget::Cases(HEAVY_CASES),
        }
    }
}

/// Runs `test` on values drawn from `strategy` until the budget is spent; panics with the
/// shrunk failing input on the first failure (a panic inside `test` counts as a failure).
/// Prints the number of cases and the rate, for the record of fuzz runs.
pub fn run<S: Strategy>(
    name: &str,
    budget: Budget,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    const BATCH: u32 = 1_000;
    let started = Instant::now();
    let mut done: u64 = 0;
    loop {
        let cases = match budget {
            Budget::Cases(total) => {
                let left = u64::from(total).saturating_sub(done);
                if left == 0 {
                    break;
                }
                u32::try_from(left.min(u64::from(BATCH))).unwrap_or(BATCH)
            }
            Budget::Seconds(secs) => {
                if started.elapsed() >= Duration::from_secs(secs) {
                    break;
                }
                BATCH
            }
        };
        // A fresh runner per batch draws a fresh random seed.
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(failure) = runner.run(&strategy, &test) {
            panic!("{name}: {failure}");
        }
        done += u64::from(cases);
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{name}: {done} cases in {secs:.1} s ({:.0} cases/s)",
        done as f64 / secs.max(1e-9)
    );
}

/// Pieces that stress a text pipeline: escape sequences (whole, cut and nested), line ends,
/// controls, bidi and invisible characters, combining marks, Vietnamese words, numbers, dates,
/// punctuation, CJK and emoji, and any char at all.
pub fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vietnamese_word(),
        2 => prop::sample::select(&[
            " ", " ", "\n", "\r\n", "\r", "\t", "\n\n", ". ", ", ", "/", "-", "–", ":", "(", ")",
            "\"", "'", "…", "?", "!",
        ][..]).prop_map(String::from),
        1 => number_or_date(),
        1 => prop::collection::vec(prop::sample::select(CAPITALS), 2..=5)
            .prop_map(|cs| cs.into_iter().collect()),
        1 => prop::sample::select(&[
            "\x1b", "\x1b[", "\x1b[31m", "\x1b[2J", "\x1b[?1049h", "\x1b]", "\x1b]0;title\x07",
            "\x1b]52;c;cHduZWQ=\x07", "\x1b]8;;http://x.example\x1b\\", "\x1b\\", "\x1bP", "\x1b_",
            "\x1b^", "\x1bX", "\x1b(B", "\x1bc", "\x07", "\x08", "\x7f", "\0", "\x0b", "\x0c",
            "\u{9b}", "\u{9b}31m", "\u{9d}", "\u{9c}", "\u{90}", "\u{9f}", "\u{9e}", "\u{98}",
            "\u{85}", "\u{202e}", "\u{202a}", "\u{2066}", "\u{2069}", "\u{200e}", "\u{200f}",
            "\u{061c}", "\u{feff}", "\u{200b}", "\u{00ad}", "\u{200d}", "\u{200c}", "\u{2028}",
            "\u{2029}", "\u{0301}", "\u{0323}", "\u{0302}\u{0309}", "\u{fffd}",
        ][..]).prop_map(String::from),
        1 => prop::sample::select(&["中文字符", "한국어", "📞", "🇻🇳", "👨\u{200d}👩\u{200d}👧", "ｱ"][..])
            .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

const CAPITALS: &[char] = &[
    'A', 'B', 'C', 'D', 'Đ', 'E', 'G', 'H', 'I', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T',
    'U', 'V', 'X', 'Y', 'Â', 'Ă', 'Ê', 'Ô', 'Ơ', 'Ư', 'Á', 'À', 'Ả', 'Ã', 'Ạ', 'Z', 'W', 'F', 'J',
];

const LOWER: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u',
    'v', 'x', 'y', 'f', 'j', 'w', 'z', 'à', 'á', 'ả', 'ã', 'ạ', 'â', 'ầ', 'ấ', 'ậ', 'ẩ', 'ẫ', 'ă',
    'ằ', 'ắ', 'ặ', 'ẳ', 'ẵ', 'è', 'é', 'ẻ', 'ẽ', 'ẹ', 'ê', 'ề', 'ế', 'ệ', 'ể', 'ễ', 'ì', 'í', 'ỉ',
    'ĩ', 'ị', 'ò', 'ó', 'ỏ', 'õ', 'ọ', 'ô', 'ồ', 'ố', 'ộ', 'ổ', 'ỗ', 'ơ', 'ờ', 'ớ', 'ợ', 'ở', 'ỡ',
    'ù', 'ú', 'ủ', 'ũ', 'ụ', 'ư', 'ừ', 'ứ', 'ự', 'ử', 'ữ', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ', 'đ',
];

/// A word shaped like Vietnamese: optional capital (with or without marks), lower-case syllable.
/// Built from character tables rather than a regex strategy: generation dominates the cost of
/// these tests, and tables are several times cheaper.
pub fn vietnamese_word() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(CAPITALS)),
        prop::collection::vec(prop::sample::select(LOWER), 1..=6),
    )
        .prop_map(|(capital, rest)| capital.into_iter().chain(rest).collect())
}

/// `7`, `2025`, `12/5`, `12/5/2025`: numbers and dates as articles write them.
fn number_or_date() -> impl Strategy<Value = String> {
    (0..10_000u32, 1..=31u32, 1..=12u32, 0..3usize).prop_map(|(n, d, m, shape)| match shape {
        0 => n.to_string(),
        1 => format!("{d}/{m}"),
        _ => format!("{d}/{m}/{}", 1900 + n % 200),
    })
}

/// Text made of [`fragment`]s.
pub fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..80).prop_map(|parts| parts.concat())
}

/// Raw file bytes: either arbitrary bytes or hostile text encoded as UTF-8, UTF-16 (with a BOM)
/// or UTF-8 with a BOM, sometimes with random bytes spliced in.
pub fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        hostile_text().prop_map(String::into_bytes),
        hostile_text().prop_map(|t| {
            let mut b = vec![0xFF, 0xFE];
            b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }),
        hostile_text().prop_map(|t| {
            let mut b = vec![0xFE, 0xFF];
            b.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
            b
        }),
        (
            hostile_text(),
            prop::collection::vec(any::<u8>(), 0..16),
            any::<prop::sample::Index>()
        )
            .prop_map(|(t, noise, at)| {
                let mut b = t.into_bytes();
                let at = at.index(b.len() + 1);
                b.splice(at..at, noise);
                b
            }),
    ]
}
