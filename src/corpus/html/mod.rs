//! Web pages and HTML fragments to [`Document`](super::Document)s.
//!
//! A whole page: bytes decoded ([`charset`]: BOM, HTTP header, `<meta>`, UTF-8, windows-1252),
//! parsed once, its metadata read ([`meta`]), the whole page rendered to blocks ([`render`]),
//! and the main content found by rs-trafilatura. The extractor returns only what it keeps, so its
//! output is rendered with the same renderer and lined up with the page ([`align`]): the
//! document's text is the whole page, every block marked main content or not, with the page area
//! it sits in — the cleaner turns the rest into removed lines with a reason, shown by `r`.
//!
//! Untrusted input: at most `max_bytes` are read; a page whose nesting would make parsing slow
//! is read as plain text ([`plain`]); a page nested deeper than [`MAX_EXTRACTION_DEPTH`]
//! elements, or one the extractor fails on, is shown whole (minus navigation and other marked
//! page areas); each with a warning. The text is sanitised like any other.

mod align;
mod charset;
mod meta;
mod plain;
mod render;

use super::decode::Ending;
use super::markup::{Area, BlockSpec, Links, Rendered, Role};
use super::{capped, LoadOptions, Loaded, Metadata, Skipped, Source, Warning};
use render::PageBlock;
use std::path::PathBuf;

/// Pages nested deeper than this are not handed to the extractor, whose tree walks recurse.
pub const MAX_EXTRACTION_DEPTH: usize = 256;

/// The warning of a page read as plain text because parsing it would be slow.
const TOO_DEEP: &str = "elements nested too deeply to parse: read as plain text";

/// Where a page or fragment comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Document id (file stem, or a name derived from the URL).
    pub id: String,
    pub path: PathBuf,
    /// The URL the page was fetched from or the feed item links to.
    pub url: Option<String>,
    /// `Html` for files, `Url` for fetched pages, `Feed` for feed items.
    pub source: Source,
    /// The charset of an HTTP `Content-Type` header, if any.
    pub charset: Option<String>,
}

/// A whole page: decode, extract the main content, read the metadata. Skipped only when the
/// bytes are binary; an empty or contentless page is an empty document.
pub fn load_html(bytes: &[u8], origin: Origin, options: &LoadOptions) -> Result<Loaded, Skipped> {
    let (bytes, ending) = capped(bytes, options.max_bytes);
    load_page(bytes, origin, ending, options.max_bytes)
}

/// [`load_html`] on bytes already cut to the size limit (`ending` says whether they were).
pub(crate) fn load_page(
    bytes: &[u8],
    origin: Origin,
    ending: Ending,
    max_bytes: u64,
) -> Result<Loaded, Skipped> {
    let decoded =
        charset::decode_page(bytes, origin.charset.as_deref(), ending).map_err(|r| Skipped {
            path: origin.path.clone(),
            reason: r.to_string(),
        })?;
    let mut notes = decoded.notes;
    if ending == Ending::Truncated {
        notes.push(super::truncation_note(max_bytes));
    }
    let html = decoded.text;
    if plain::parse_cost(&html) > plain::MAX_PARSE_COST {
        notes.push(TOO_DEEP.to_string());
        let mut rendered = Rendered::default();
        for block in plain::text_blocks(&html) {
            rendered.push(&block.lines, 0, spec(&block, true));
        }
        let url = origin.url.clone();
        let warnings = warnings(&origin, notes);
        return Ok(Loaded {
            document: rendered.into_document(origin, Metadata::default(), url, ending),
            warnings,
        });
    }
    let dom = dom_query::Document::from(html.as_str());
    let page_meta = meta::read(&dom, origin.url.as_deref());
    let mut page = render::render(dom.root());
    drop(dom);
    let main = if page.depth > MAX_EXTRACTION_DEPTH {
        notes.push(format!(
            "elements nested more than {MAX_EXTRACTION_DEPTH} deep: main content not extracted, \
             whole page shown"
        ));
        None
    } else {
        match main_content(&html, origin.url.as_deref()) {
            Ok(extracted) if !extracted.is_empty() => Some(align::kept(&page.blocks, &extracted)),
            Ok(_) => None,
            Err(why) => {
                notes.push(format!(
                    "main-content extraction failed ({why}): whole page shown"
                ));
                None
            }
        }
    };
    let main = main.unwrap_or_else(|| whole_page(&mut page.blocks));
    render::resolve_areas(&mut page.blocks, &main);
    let mut rendered = Rendered::default();
    for (block, main) in page.blocks.iter().zip(main) {
        rendered.push(&block.lines, 0, spec(block, main));
    }
    let url = page_meta.url.or(origin.url.clone());
    let warnings = warnings(&origin, notes);
    Ok(Loaded {
        document: rendered.into_document(origin, page_meta.meta, url, ending),
        warnings,
    })
}

/// An HTML fragment such as a feed item's content: rendered to blocks, all of them content
/// (no main-content extraction: the fragment is the content).
pub fn load_html_fragment(html: &str, origin: Origin, meta: Metadata) -> Loaded {
    let mut notes = Vec::new();
    let blocks = if plain::parse_cost(html) > plain::MAX_PARSE_COST {
        notes.push(TOO_DEEP.to_string());
        plain::text_blocks(html)
    } else {
        let dom = dom_query::Document::fragment(html);
        let mut blocks = render::render(dom.root()).blocks;
        let all = vec![true; blocks.len()];
        render::resolve_areas(&mut blocks, &all);
        blocks
    };
    let mut rendered = Rendered::default();
    for block in &blocks {
        rendered.push(&block.lines, 0, spec(block, true));
    }
    let url = origin.url.clone();
    let warnings = warnings(&origin, notes);
    Loaded {
        document: rendered.into_document(origin, meta, url, Ending::Complete),
        warnings,
    }
}

fn warnings(origin: &Origin, notes: Vec<String>) -> Vec<Warning> {
    notes
        .into_iter()
        .map(|message| Warning {
            path: origin.path.clone(),
            message,
        })
        .collect()
}

fn spec(block: &PageBlock, main: bool) -> BlockSpec {
    BlockSpec {
        role: block.role,
        links: block.links,
        area: block.area,
        main,
    }
}

/// Without an extraction: every block outside marked navigation, related and furniture areas
/// (weighed as if the whole page were the content, so a wrapper's class drops nothing).
fn whole_page(blocks: &mut [PageBlock]) -> Vec<bool> {
    let all = vec![true; blocks.len()];
    render::resolve_areas(blocks, &all);
    blocks
        .iter()
        .map(|b| matches!(b.area, Area::Content | Area::Metadata))
        .collect()
}

/// The main content's paragraphs as rs-trafilatura extracts them. A panic inside the extractor is
/// caught and reported as a failure: a hostile page must not take the reader down.
fn main_content(html: &str, url: Option<&str>) -> Result<Vec<PageBlock>, String> {
    let options = rs_trafilatura::Options {
        url: url.map(String::from),
        ..rs_trafilatura::Options::default()
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rs_trafilatura::extract_with_options(html, &options)
    }))
    .map_err(|_| "extractor panicked".to_string())?
    .map_err(|e| e.to_string())?;
    // The text, not the HTML: the extractor trims its HTML's head and tail (kickers, bylines,
    // "Comments" headers) only in the text. One block per line; roles come from the page.
    Ok(result
        .content_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| PageBlock {
            lines: vec![l.to_string()],
            role: Role::Paragraph,
            links: Links::None,
            area: Area::Content,
            hints: Vec::new(),
        })
        .collect())
}
