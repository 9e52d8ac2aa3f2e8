//! Pages too costly to parse as a tree, read as text instead.
//!
//! The HTML parser (html5ever) checks the stack of open elements at many start tags, so a page of
//! thousands of unclosed `<div>`s costs time quadratic in its size (20,000 nested `<div>`s take
//! seconds, 200,000 minutes). [`parse_cost`] estimates that work in one linear pass over the
//! bytes; above [`MAX_PARSE_COST`] the page is not parsed: [`text_blocks`] strips its tags in one
//! linear pass (block-level tags end a line, scripts and styles are dropped, common entities
//! decoded) and every line is a paragraph.

use super::render::PageBlock;
use crate::corpus::markup::{Area, Links, Role};

/// Sum over start tags of the open elements under them; parsing stays well under a second below
/// this.
pub(crate) const MAX_PARSE_COST: u64 = 20_000_000;

/// Elements that never hold others or close themselves implicitly: they do not deepen the stack.
const FLAT: [&str; 32] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption", "keygen",
];
/// Elements whose content is raw text, up to their closing tag.
const RAW: [&str; 6] = ["script", "style", "textarea", "title", "xmp", "noscript"];
/// Tags that end a line of text when stripping.
const BREAKING: [&str; 26] = [
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "dd",
];

/// One tag of the page.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// Byte just after the tag.
    end: usize,
}

/// The tag starting at `at` (a `<`), or `None` when `<` does not open a tag there.
fn tag_at(bytes: &[u8], at: usize) -> Option<Tag<'_>> {
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == start || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let name = std::str::from_utf8(&bytes[start..i]).ok()?;
    let gt = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |g| i + g + 1);
    Some(Tag {
        name,
        closing,
        self_closing: gt >= 2 && bytes[gt - 2] == b'/',
        end: gt,
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Where the raw text of a `RAW` element ends: after its closing tag, or at the end.
fn raw_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let closing = format!("</{name}");
    let hay = &bytes[from..];
    let found = hay
        .windows(closing.len())
        .position(|w| w.eq_ignore_ascii_case(closing.as_bytes()));
    match found {
        Some(p) => {
            let after = from + p + closing.len();
            memchr(b'>', &bytes[after..]).map_or(bytes.len(), |g| after + g + 1)
        }
        None => bytes.len(),
    }
}

/// Estimated parsing work: for each start tag, the elements open above it.
pub(crate) fn parse_cost(html: &str) -> u64 {
    let bytes = html.as_bytes();
    let mut cost = 0u64;
    let mut depth = 0u64;
    let mut i = 0;
    while let Some(p) = memchr(b'<', &bytes[i..]) {
        let at = i + p;
        if bytes[at..].starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let Some(tag) = tag_at(bytes, at) else {
            i = at + 1;
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        i = tag.end;
        if tag.closing {
            if !FLAT.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        cost += depth;
        if RAW.contains(&name.as_str()) {
            i = raw_end(bytes, i, &name);
        } else if !tag.self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
        }
    }
    cost
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The page's text without its tags, one paragraph block per line.
pub(crate) fn text_blocks(html: &str) -> Vec<PageBlock> {
    let bytes = html.as_bytes();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut i = 0;
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let text = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            lines.push(text);
        }
        line.clear();
    };
    while i < bytes.len() {
        let Some(p) = memchr(b'<', &bytes[i..]) else {
            line.push_str(&decode_entities(&html[i..]));
            break;
        };
        let at = i + p;
        line.push_str(&decode_entities(&html[i..at]));
        if bytes[at..].starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        match tag_at(bytes, at) {
            Some(tag) => {
                let name = tag.name.to_ascii_lowercase();
                i = tag.end;
                if !tag.closing && RAW.contains(&name.as_str()) {
                    i = raw_end(bytes, i, &name);
                }
                if BREAKING.contains(&name.as_str()) {
                    flush(&mut line, &mut lines);
                }
            }
            None => {
                line.push('<');
                i = at + 1;
            }
        }
    }
    flush(&mut line, &mut lines);
    lines
        .into_iter()
        .map(|l| PageBlock {
            lines: vec![l],
            role: Role::Paragraph,
            links: Links::None,
            area: Area::Content,
            hints: Vec::new(),
        })
        .collect()
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; others stay.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_grows_with_nesting_not_with_length() {
        let flat = "<p>một đoạn</p>".repeat(10_000);
        let deep = format!("{}x{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        assert!(parse_cost(&flat) < 1_000);
        assert!(parse_cost(&deep) > MAX_PARSE_COST);
        // Scripts and comments do not count, whatever they hold.
        let script = format!(
            "<script>{}</script><!-- <div><div> -->",
            "<div>".repeat(10_000)
        );
        assert_eq!(parse_cost(&script), 0);
    }

    #[test]
    fn tags_stripped_lines_at_blocks() {
        let blocks = text_blocks(
            "<div>Giá <b>vàng</b> &amp; bạc</div><script>x<y</script><p>Tăng &#7841; &lt;3</p>a < b",
        );
        let lines: Vec<&str> = blocks.iter().map(|b| b.lines[0].as_str()).collect();
        assert_eq!(lines, ["Giá vàng & bạc", "Tăng ạ <3", "a < b"]);
    }
}
