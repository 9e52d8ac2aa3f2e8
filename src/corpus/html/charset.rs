//! A web page's bytes to text. The encoding is, in order: a byte-order mark, the charset of the
//! HTTP `Content-Type` header, the page's own `<meta charset>` or `<meta http-equiv>` declaration
//! (looked for in the page's head), UTF-8 when the bytes are valid UTF-8, and windows-1252
//! otherwise (what browsers assume for undeclared legacy pages). Labels follow the WHATWG Encoding
//! Standard (`iso-8859-1` is windows-1252, as in browsers). windows-1258 writes Vietnamese tones as
//! combining marks: the text is normalised to NFC right after decoding.

use crate::corpus::decode::{check_not_binary, decode, plural, Decoded, Ending};
use crate::corpus::SkipReason;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::OnceLock;

/// How far into the page a `<meta>` charset declaration is looked for. The HTML standard says
/// 1024 bytes, but real pages put long `<script>`/`<link>` runs first.
const PRESCAN_BYTES: usize = 16 * 1024;

/// Decodes `bytes` of a page; `declared` is the charset of an HTTP header, if any.
pub(crate) fn decode_page(
    bytes: &[u8],
    declared: Option<&str>,
    ending: Ending,
) -> Result<Decoded, SkipReason> {
    let encoding = if Encoding::for_bom(bytes).is_some() {
        None // the BOM decides: the text decoder handles UTF-8 and UTF-16 BOMs
    } else {
        declared
            .and_then(label_encoding)
            .or_else(|| meta_charset(bytes))
    };
    match encoding {
        Some(enc) if enc != UTF_8 => decode_legacy(bytes, enc),
        Some(_) => decode(bytes, ending),
        None if Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() => {
            decode(bytes, ending)
        }
        None if ending == Ending::Truncated && utf8_but_cut(bytes) => decode(bytes, ending),
        None => {
            let mut decoded = decode_legacy(bytes, WINDOWS_1252)?;
            decoded.notes.insert(
                0,
                "no charset declared and not UTF-8: read as windows-1252".to_string(),
            );
            Ok(decoded)
        }
    }
}

/// The encoding of a charset label; UTF-16 labels in a page are read as UTF-8, as browsers do
/// (a page that really is UTF-16 has a BOM).
fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(enc.output_encoding())
}

/// The charset a `<meta>` tag in the head declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: OnceLock<Regex> = OnceLock::new();
    let re = META.get_or_init(|| {
        Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    re.captures_iter(head).find_map(|c| {
        let label = std::str::from_utf8(&c[1]).ok()?;
        label_encoding(label)
    })
}

/// Valid UTF-8 up to a character cut in half by the size limit.
fn utf8_but_cut(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

fn decode_legacy(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, SkipReason> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut notes = Vec::new();
    if had_errors {
        let bad = text
            .chars()
            .filter(|&c| c == char::REPLACEMENT_CHARACTER)
            .count();
        notes.push(format!(
            "invalid {}: {bad} {} replaced with U+FFFD",
            encoding.name(),
            plural(bad, "byte", "bytes")
        ));
    }
    let text = crate::text::nfc(&text).into_owned();
    check_not_binary(&text)?;
    Ok(Decoded { text, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: &[u8], declared: Option<&str>) -> Decoded {
        decode_page(bytes, declared, Ending::Complete).expect("text")
    }

    #[test]
    fn windows_1258_combining_tones_become_nfc() {
        // "Việt" in windows-1258: V i ê (0xEA) + combining dot below (0xF2) t.
        let mut bytes = b"<meta charset=\"windows-1258\"><p>Vi".to_vec();
        bytes.extend([0xEA, 0xF2]);
        bytes.extend(b"t</p>");
        let decoded = page(&bytes, None);
        assert!(decoded.text.contains("Việt"), "{}", decoded.text);
        assert!(decoded.notes.is_empty());
    }

    #[test]
    fn http_header_wins_over_meta_and_utf8_guess() {
        let bytes = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        assert!(page(bytes, Some("windows-1252")).text.contains("café"));
        // http-equiv form, iso-8859-1 read as windows-1252 (0x93/0x94 are curly quotes there).
        let bytes =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\x93hi\x94";
        assert!(page(bytes, None).text.contains("\u{201c}hi\u{201d}"));
    }

    #[test]
    fn undeclared_pages_are_utf8_or_windows_1252() {
        assert!(page("<p>Hà Nội</p>".as_bytes(), None)
            .text
            .contains("Hà Nội"));
        let decoded = page(b"<p>na\xefve</p>", None);
        assert!(decoded.text.contains("naïve"));
        assert!(decoded.notes[0].contains("windows-1252"));
    }

    #[test]
    fn unknown_labels_and_utf16_labels_fall_back_sanely() {
        assert!(page("<meta charset=\"no-such\"><p>Hà</p>".as_bytes(), None)
            .text
            .contains("Hà"));
        assert!(page("<meta charset=\"utf-16\"><p>Hà</p>".as_bytes(), None)
            .text
            .contains("Hà"));
    }
}
