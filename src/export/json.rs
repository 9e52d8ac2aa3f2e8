//! Compact JSON written straight into a buffer: the bulk of the export (article text, mentions)
//! made without serde's machinery, byte for byte what `serde_json::to_writer` makes of the
//! derived `Serialize` (the tests compare the two).

use serde::Serialize;

/// A value that writes its own compact JSON.
pub(crate) trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the control characters
/// below U+0020 (`\b \t \n \f \r` by name, the others as `\u00xx`), nothing else. Sixteen bytes
/// are tested at once: article text rarely has any to escape, and serde_json's byte-by-byte loop
/// was the export's largest single cost.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Bytes before `copied` are written.
    let mut copied = 0;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for (i, block) in blocks.by_ref().enumerate() {
        if block_needs_escape(block.try_into().expect("a block")) {
            copied = escape_from(out, bytes, copied, i * BLOCK..(i + 1) * BLOCK);
        }
    }
    let tail = bytes.len() - blocks.remainder().len();
    // The tail is tested at once too, as the string's last block, or (a string shorter than a
    // block) its first and last eight bytes: bytes tested twice were escaped already. Only a
    // string under eight bytes goes byte by byte.
    let word_at =
        |start: usize| u64::from_le_bytes(bytes[start..start + 8].try_into().expect("eight bytes"));
    let tail_needs_escape = match bytes.len() {
        len if len >= BLOCK => {
            block_needs_escape(bytes[len - BLOCK..].try_into().expect("a block"))
        }
        len if len >= 8 => needs_escape(word_at(0)) || needs_escape(word_at(len - 8)),
        _ => true,
    };
    if tail < bytes.len() && tail_needs_escape {
        copied = escape_from(out, bytes, copied, tail..bytes.len());
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Bytes tested at once by [`string`].
const BLOCK: usize = 16;

/// Some byte of `block` is below U+0020, `"` or `\`: tested on all bytes at once, in a form the
/// compiler makes vector code of.
fn block_needs_escape(block: &[u8; BLOCK]) -> bool {
    block.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Writes the bytes of `bytes` from `copied` up to each byte in `range` that needs an escape,
/// and its escape; returns the new `copied`.
fn escape_from(
    out: &mut Vec<u8>,
    bytes: &[u8],
    mut copied: usize,
    range: std::ops::Range<usize>,
) -> usize {
    for at in range {
        let b = bytes[at];
        let escape = ESCAPE[usize::from(b)];
        if escape != 0 {
            out.extend_from_slice(&bytes[copied..at]);
            copied = at + 1;
            if escape == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = |n: u8| HEX[usize::from(n)];
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xf)]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
        }
    }
    copied
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Some byte of `word` is below U+0020, `"` or `\` (each test exact for "some byte": a borrow
/// only ever runs past a byte that matched).
fn needs_escape(word: u64) -> bool {
    // Flipping bit 1 maps `"` (0x22) to 0x20 and the controls onto themselves, and nothing else
    // below 0x21: one test for both.
    let flipped = word ^ (ONES * 0x02);
    let control_or_quote = flipped.wrapping_sub(ONES * 0x21) & !flipped;
    let not_backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = not_backslash.wrapping_sub(ONES) & !not_backslash;
    (control_or_quote | backslash) & HIGHS != 0
}

/// Per byte, the letter of its escape (`u` for `\u00xx`), or 0 when it is written as it is.
const ESCAPE: [u8; 256] = {
    let mut escape = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        escape[b] = b'u';
        b += 1;
    }
    escape[0x08] = b'b';
    escape[0x09] = b't';
    escape[0x0a] = b'n';
    escape[0x0c] = b'f';
    escape[0x0d] = b'r';
    escape[b'"' as usize] = b'"';
    escape[b'\\' as usize] = b'\\';
    escape
};

/// `s`, or `null`.
pub(crate) fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `n` in decimal.
pub(crate) fn number(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    // Two digits a step: most numbers here are offsets of three to five digits.
    while rest >= 100 {
        let pair = rest % 100;
        rest /= 100;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&DIGIT_PAIRS[pair]);
    }
    if rest >= 10 {
        start -= 2;
        digits[start..start + 2].copy_from_slice(&DIGIT_PAIRS[rest]);
    } else {
        start -= 1;
        digits[start] = b'0' + rest as u8;
    }
    // Extended by an iterator of known length: one capacity check, and no call to memcpy (which
    // costs more than a few bytes' copy).
    out.extend(digits[start..].iter().copied());
}

/// The two decimal digits of each number below 100.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// `"key":`, for a key that needs no escaping, after a comma unless it is the object's first.
/// Inline in every writer (a few stores, a dozen a record): left to the code's split into
/// units, it was inlined in some builds and called in others.
#[inline]
pub(crate) fn key(out: &mut Vec<u8>, key: &str, first: bool) {
    if !first {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// `items` as a JSON array, each written by `write`.
pub(crate) fn array<T>(out: &mut Vec<u8>, items: &[T], write: impl Fn(&mut Vec<u8>, &T)) {
    self::items(out, items.iter(), |out, item| write(out, item));
}

/// The items of an iterator as a JSON array, each written by `write`.
pub(crate) fn items<T>(
    out: &mut Vec<u8>,
    items: impl Iterator<Item = T>,
    write: impl Fn(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// `value` as serde_json writes it: for the few fields (names of variants, floating-point
/// numbers) whose spelling serde owns.
pub(crate) fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("a Vec takes every write; the values serialise");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("đường \u{7f}\u{85}\u{2028} “quoted” \\ end");
        let cases = [
            "",
            "a",
            "plain ascii text longer than eight bytes",
            "\"",
            "\\\\\\\\\\\\\\\\\\",
            "tab\there\nnew line\r\u{8}\u{c}\u{0}\u{1f}\u{1}",
            "1234567\"",
            "12345678\"",
            "Tiếng Việt có dấu, “ngoặc kép” và \"quotes\" — 5.000 tỷ đồng",
            &every_byte,
        ];
        for s in cases {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
            // Every alignment of the eight-byte tests.
            for start in 0..s.len().min(9) {
                if let Some(tail) = s.get(start..) {
                    let mut out = Vec::new();
                    string(&mut out, tail);
                    assert_eq!(out, serde_json::to_vec(tail).unwrap(), "{tail:?}");
                }
            }
        }
    }

    #[test]
    fn every_ascii_byte_in_every_lane_is_escaped_as_serde_json_escapes_it() {
        // Lengths around the word and the block, every place in them.
        for (len, b) in [1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33]
            .into_iter()
            .flat_map(|len| (0u8..0x80).map(move |b| (len, b)))
        {
            for at in 0..len {
                let mut s = vec![b'x'; len];
                s[at] = b;
                let s = String::from_utf8(s).unwrap();
                let mut out = Vec::new();
                string(&mut out, &s);
                assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            12345,
            123456,
            usize::MAX,
        ] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
