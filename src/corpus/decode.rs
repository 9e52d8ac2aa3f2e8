//! Bytes to text: UTF-8 (BOM dropped, invalid bytes replaced), UTF-16 LE/BE with a BOM, and the
//! binary-file rule.
//!
//! Binary rule (checked on the decoded text, so it applies to every encoding alike): more than
//! [`MAX_CONTROL_SHARE_PERCENT`]% of characters being stray controls — NUL and other C0/DEL that
//! text files do not legitimately carry (tab, line ends, vertical tab, form feed and ESC are
//! legitimate) — or more than [`MAX_UNDECODABLE_SHARE_PERCENT`]% being U+FFFD from undecodable
//! bytes (counted once there are a few, so a short file with one bad byte stays text). A scraped
//! article with a few NULs in it is text (the sanitiser drops them); random bytes or UTF-16
//! without a BOM (every other byte NUL) are not.

use super::SkipReason;

/// Above this share of stray control characters a file is binary, not text with a few controls.
pub const MAX_CONTROL_SHARE_PERCENT: usize = 10;
/// Above this share of undecodable bytes (U+FFFD after decoding) a file is binary.
pub const MAX_UNDECODABLE_SHARE_PERCENT: usize = 30;
/// Fewer undecodable bytes than this never make a file binary on their own.
const MIN_UNDECODABLE_FOR_BINARY: usize = 8;

/// Whether the bytes are the whole file or only its head (then a character cut in half at the
/// end is dropped quietly instead of being reported as invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Complete,
    Truncated,
}

/// Decoded text (not yet sanitised) plus notes on what had to be repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Human-readable warnings, e.g. "invalid UTF-8: 3 bytes replaced with U+FFFD".
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16Order {
    Little,
    Big,
}

/// Decodes a file's bytes, or says why they are not text.
pub fn decode(bytes: &[u8], ending: Ending) -> Result<Decoded, SkipReason> {
    let decoded = match bytes {
        [0xFF, 0xFE, rest @ ..] => decode_utf16(rest, Utf16Order::Little, ending),
        [0xFE, 0xFF, rest @ ..] => decode_utf16(rest, Utf16Order::Big, ending),
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode_utf8(rest, ending),
        _ => decode_utf8(bytes, ending),
    };
    check_not_binary(&decoded.text)?;
    Ok(decoded)
}

fn decode_utf8(bytes: &[u8], ending: Ending) -> Decoded {
    let bytes = match ending {
        Ending::Complete => bytes,
        Ending::Truncated => &bytes[..utf8_boundary(bytes)],
    };
    // SIMD validation (the standard library's check is a loop over Vietnamese text's few ASCII
    // runs); the answer is the same.
    if let Ok(valid) = simdutf8::basic::from_utf8(bytes) {
        return Decoded {
            text: valid.to_string(),
            notes: Vec::new(),
        };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid += chunk.invalid().len();
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    let mut notes = Vec::new();
    if invalid > 0 {
        notes.push(format!(
            "invalid UTF-8: {invalid} {} replaced with U+FFFD",
            plural(invalid, "byte", "bytes")
        ));
    }
    Decoded { text, notes }
}

/// Length of the longest prefix of `bytes` that does not end inside a UTF-8 character: a lead
/// byte among the last three whose sequence runs past the end is cut off with its continuations.
fn utf8_boundary(bytes: &[u8]) -> usize {
    let len = bytes.len();
    for back in 1..=3.min(len) {
        let b = bytes[len - back];
        if b & 0xC0 == 0x80 {
            continue; // continuation byte: keep looking for its lead
        }
        let needed = match b {
            0xF0..=0xF4 => 4,
            0xE0..=0xEF => 3,
            0xC2..=0xDF => 2,
            _ => 1,
        };
        return if needed > back { len - back } else { len };
    }
    len
}

fn decode_utf16(bytes: &[u8], order: Utf16Order, ending: Ending) -> Decoded {
    let mut notes = Vec::new();
    let units_iter = bytes.chunks_exact(2).map(|pair| match order {
        Utf16Order::Little => u16::from_le_bytes([pair[0], pair[1]]),
        Utf16Order::Big => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let mut units: Vec<u16> = units_iter.collect();
    if bytes.len() % 2 == 1 && ending == Ending::Complete {
        notes.push("invalid UTF-16: odd trailing byte dropped".to_string());
    }
    if ending == Ending::Truncated && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
        units.pop(); // high surrogate whose pair was cut off by the size limit
    }
    let mut text = String::with_capacity(units.len());
    let mut unpaired = 0usize;
    for unit in char::decode_utf16(units.iter().copied()) {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                unpaired += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if unpaired > 0 {
        notes.push(format!(
            "invalid UTF-16: {unpaired} unpaired {} replaced with U+FFFD",
            plural(unpaired, "surrogate", "surrogates")
        ));
    }
    Decoded { text, notes }
}

pub(super) fn check_not_binary(text: &str) -> Result<(), SkipReason> {
    // Counted on bytes: in UTF-8 every control is one byte, and a character is a byte that does
    // not continue one.
    let (mut total, mut stray) = (0usize, 0usize);
    // Counted in bytes per chunk (the loop vectorises), summed per chunk: 240 bytes, fifteen
    // vector steps and no tail (each tail of 255 was its own slower loop).
    for chunk in text.as_bytes().chunks(240) {
        let (mut chars, mut controls) = (0u8, 0u8);
        for &b in chunk {
            chars += u8::from(!is_continuation(b));
            controls += u8::from(is_stray_control(b));
        }
        total += usize::from(chars);
        stray += usize::from(controls);
    }
    // Looked for by U+FFFD's lead byte, rare in text: `str::contains` looks for its last byte,
    // which common Vietnamese letters end with (ý, ẽ).
    let undecodable = if memchr::memchr(0xef, text.as_bytes()).is_some() {
        text.matches(char::REPLACEMENT_CHARACTER).count()
    } else {
        0
    };
    if stray * 100 > total * MAX_CONTROL_SHARE_PERCENT {
        return Err(SkipReason::ControlBytes {
            percent: (stray * 100).div_ceil(total.max(1)),
        });
    }
    if undecodable >= MIN_UNDECODABLE_FOR_BINARY
        && undecodable * 100 > total * MAX_UNDECODABLE_SHARE_PERCENT
    {
        return Err(SkipReason::Undecodable {
            percent: (undecodable * 100).div_ceil(total.max(1)),
        });
    }
    Ok(())
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// NUL and the other C0 controls and DEL that text does not carry (tab, line ends, vertical tab,
/// form feed and ESC are legitimate).
fn is_stray_control(b: u8) -> bool {
    (b < 0x20 && !(0x09..=0x0d).contains(&b) && b != 0x1b) || b == 0x7f
}

pub(super) fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], ending: Ending) -> Decoded {
        match decode(bytes, ending) {
            Ok(d) => d,
            Err(e) => panic!("expected text, got {e}"),
        }
    }

    #[test]
    fn utf8_boundary_cuts_only_incomplete_characters() {
        let s = "aệ".as_bytes(); // ệ is 3 bytes
        assert_eq!(utf8_boundary(s), 4);
        assert_eq!(utf8_boundary(&s[..3]), 1);
        assert_eq!(utf8_boundary(&s[..2]), 1);
        assert_eq!(utf8_boundary("a😀".as_bytes()), 5);
        assert_eq!(utf8_boundary(&"a😀".as_bytes()[..4]), 1);
        assert_eq!(utf8_boundary(b""), 0);
        assert_eq!(utf8_boundary(b"ab"), 2);
    }

    #[test]
    fn invalid_utf8_is_counted() {
        let d = text(b"Vi\xe1\xbb\x87t \xff\xfe x", Ending::Complete);
        assert_eq!(d.text, "Việt \u{fffd}\u{fffd} x");
        assert_eq!(d.notes, ["invalid UTF-8: 2 bytes replaced with U+FFFD"]);
    }

    #[test]
    fn truncated_utf8_tail_is_not_invalid() {
        let d = text(&"aệ".as_bytes()[..3], Ending::Truncated);
        assert_eq!(d.text, "a");
        assert!(d.notes.is_empty());
    }

    #[test]
    fn boms_select_the_encoding() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hà".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text(&le, Ending::Complete).text, "Hà");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hà".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(text(&be, Ending::Complete).text, "Hà");
        assert_eq!(text(b"\xEF\xBB\xBFx", Ending::Complete).text, "x");
    }

    #[test]
    fn utf16_repairs_are_reported() {
        let d = text(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0], Ending::Complete);
        assert_eq!(d.text, "\u{fffd}a");
        assert_eq!(
            d.notes,
            ["invalid UTF-16: 1 unpaired surrogate replaced with U+FFFD"]
        );
        let odd = text(&[0xFF, 0xFE, b'a', 0, b'b'], Ending::Complete);
        assert_eq!(odd.text, "a");
        assert_eq!(odd.notes, ["invalid UTF-16: odd trailing byte dropped"]);
        // A surrogate pair cut by truncation is dropped quietly.
        let cut = text(&[0xFF, 0xFE, b'a', 0, 0x3D, 0xD8], Ending::Truncated);
        assert_eq!(cut.text, "a");
        assert!(cut.notes.is_empty());
    }

    #[test]
    fn binary_rule() {
        // A few NULs in text are stray controls, not a sign of binary.
        assert!(decode(b"T\0L\0 abcdefghijklmnopqrstuvwxyz", Ending::Complete).is_ok());
        assert!(matches!(
            decode(b"T\0L", Ending::Complete),
            Err(SkipReason::ControlBytes { percent: 34 })
        ));
        assert!(matches!(
            decode(b"\x01\x02\x03abc", Ending::Complete),
            Err(SkipReason::ControlBytes { percent: 50 })
        ));
        // A few controls and escapes in real text are fine (the sanitiser removes them).
        assert!(decode(
            b"Trang \x1b]0;t\x07 ch\x08\x7f abcdefghijklmnopqrstuvwxyz",
            Ending::Complete
        )
        .is_ok());
        // UTF-16 without a BOM: every other byte is NUL.
        assert!(matches!(
            decode(b"a\0b\0", Ending::Complete),
            Err(SkipReason::ControlBytes { percent: 50 })
        ));
        // Random bytes: too many controls.
        let random: Vec<u8> = (0..=255u8).collect();
        assert!(matches!(
            decode(&random, Ending::Complete),
            Err(SkipReason::ControlBytes { .. })
        ));
        // High bytes only: nothing decodes.
        let high: Vec<u8> = (0x80..=0xFFu8).collect();
        assert!(matches!(
            decode(&high, Ending::Complete),
            Err(SkipReason::Undecodable { .. })
        ));
        // One bad byte in a short text is repaired, not refused.
        assert!(decode(b"a\xffb", Ending::Complete).is_ok());
        assert!(decode(b"", Ending::Complete).is_ok());
    }
}
