//! Cleaning a marked-up source (HTML page, HTML fragment, Markdown): the markup already says
//! what is a heading, a paragraph, a caption or a list item, and for a web page what the
//! main-content extraction kept. The cleaner adds what soi knows about news pages:
//!
//! 1. Blocks outside the main content are removed, the reason taken from the page area they sit
//!    in (navigation, related box, page furniture) or [`RemovalReason::Boilerplate`].
//! 2. The title is the heading before the lede that matches the source's stated title
//!    (`Document::meta`), or without one the last top-level heading before the lede; it is kept
//!    as the title block even when the extraction left it out.
//! 3. Main-content blocks go through the plain-text line rules (`lines`): share bars, menus,
//!    stamps, bylines, "Xem thêm: …" links, captions by their cue. An end marker ("Tin liên
//!    quan", "Tags:") removes the box of links under it; the article goes on at the next prose.
//! 4. Stated metadata wins: title, publication time and byline come from `Document::meta` when
//!    the source states them, from stamps and bylines in the text otherwise.

use super::lines::{self, Class};
use super::{
    block_text, is_bare_label, title, Article, Block, BlockKind, LineRange, RemovalReason, Removed,
    TitleSource,
};
use crate::corpus::{Area, Document, Links, MarkedBlock, Markup, Role};
use crate::text::exact_key;

/// A paragraph of at least this many words, in the main content, is the lede: the title is
/// looked for above it.
const MIN_LEDE_WORDS: usize = 8;
/// A heading matches the stated title when the shorter of the two is at least this share (in
/// characters) of the longer and contained in it (site names and kickers around a headline).
const TITLE_MATCH_PERCENT: usize = 60;
/// Related boxes hold short teaser lines; longer ones are the article again.
const MAX_TEASER_WORDS: usize = 25;
/// Link blocks in a row that make a box of links to other stories.
const MIN_TEASER_RUN: usize = 2;
/// Box headers ("Tin liên quan", "More Great WIRED Stories") are short.
const MAX_BOX_HEADER_WORDS: usize = 6;
/// A label before a link ("Related:", "Xem thêm:") is at most this many words.
const MAX_LABEL_WORDS: usize = 3;
/// Date lines ("Thứ sáu, 9/5/2025, 14:20") are short.
const MAX_DATE_LINE_WORDS: usize = 8;
/// Photo captions are a sentence or two.
const MAX_CAPTION_WORDS: usize = 70;

/// One block with its text.
struct Item<'d> {
    block: &'d MarkedBlock,
    /// The block's text, minus a figure label ("Chú thích ảnh,").
    text: String,
    words: usize,
    label: Option<FigureLabel>,
}

/// The screen-reader labels some sites print before a figure's parts (BBC: "Chú thích ảnh,
/// …", "Nguồn hình ảnh, Getty Images").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FigureLabel {
    Caption,
    ImageCredit,
}

const FIGURE_LABELS: [(&str, FigureLabel); 4] = [
    ("chú thích ảnh", FigureLabel::Caption),
    ("image caption", FigureLabel::Caption),
    ("nguồn hình ảnh", FigureLabel::ImageCredit),
    ("image source", FigureLabel::ImageCredit),
];

/// `text` without a leading figure label followed by "," or ":", and the label.
fn split_label(text: &str) -> (&str, Option<FigureLabel>) {
    for (label, kind) in FIGURE_LABELS {
        let Some(head) = text.get(..label.len()) else {
            continue;
        };
        if exact_key(head) != label {
            continue;
        }
        let rest = text[label.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix([',', ':']) {
            return (rest.trim_start(), Some(kind));
        }
    }
    (text, None)
}

/// What happens to one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Keep(BlockKind),
    Remove(RemovalReason),
}

pub(super) fn clean(doc: &Document, markup: &Markup) -> Article {
    let source_lines: Vec<&str> = doc.text.split('\n').collect();
    let items: Vec<Item<'_>> = markup
        .blocks
        .iter()
        .map(|block| {
            let joined = block_lines(&source_lines, block).join(" ");
            let (text, label) = split_label(&joined);
            let text = text.to_string();
            let words = text.split_whitespace().count();
            Item {
                block,
                text,
                words,
                label,
            }
        })
        .collect();
    let stated = doc.meta.title.as_deref();
    let is_stated_title = |i: &Item<'_>| stated.is_some_and(|t| titles_match(&i.text, t));
    let lede = items
        .iter()
        .position(|i| {
            i.block.main
                && matches!(i.block.role, Role::Paragraph | Role::Quote | Role::ListItem)
                && i.words >= MIN_LEDE_WORDS
                && !is_stated_title(i)
        })
        .unwrap_or(items.len());
    let title = find_title(&items[..lede], stated);

    let mut decisions: Vec<Option<Decision>> = vec![None; items.len()];
    if let Some(t) = title {
        decisions[t] = Some(Decision::Keep(BlockKind::Title));
    }
    let mut published = None;
    let mut bylines: Vec<String> = Vec::new();
    // Main-content blocks through the line rules, as one text of one line per block.
    let main: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].block.main && Some(i) != title)
        .collect();
    let joined = main
        .iter()
        .map(|&i| items[i].text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let scanned = lines::scan(&joined).lines;
    let mut in_box = false;
    for line in &scanned {
        let i = main[line.no() - 1];
        let item = &items[i];
        if in_box {
            let teaser = (item.block.links == Links::Most)
                || line.class == Class::Headline
                || (item.block.role == Role::ListItem && item.words <= MAX_TEASER_WORDS);
            if teaser && item.words <= MAX_TEASER_WORDS {
                decisions[i] = Some(Decision::Remove(RemovalReason::RelatedList));
                continue;
            }
            in_box = false;
        }
        match item.label {
            Some(FigureLabel::Caption) => {
                decisions[i] = Some(Decision::Keep(BlockKind::Caption));
                continue;
            }
            Some(FigureLabel::ImageCredit) => {
                decisions[i] = Some(Decision::Remove(RemovalReason::Metadata));
                continue;
            }
            None => {}
        }
        if matches!(
            item.block.area,
            Area::Navigation | Area::Related | Area::Furniture
        ) {
            // A box the extraction let through (a wrapper of the story is no such area: see
            // `corpus::html` on weighing area hints).
            decisions[i] = Some(outside(item));
            continue;
        }
        if item.block.area == Area::Metadata {
            // A byline, date or author box the extraction let through.
            if let Class::Stamp(stamp) = &line.class {
                published.get_or_insert_with(|| stamp.iso.clone());
            }
            decisions[i] = Some(Decision::Remove(RemovalReason::Metadata));
            continue;
        }
        let before_lede = i < lede;
        let after_title = title.is_some_and(|t| i > t);
        decisions[i] = Some(match &line.class {
            Class::Junk(reason) => Decision::Remove(*reason),
            Class::EndMarker => {
                in_box = true;
                Decision::Remove(RemovalReason::RelatedList)
            }
            Class::InlineRelated => Decision::Remove(RemovalReason::RelatedList),
            Class::Stamp(stamp) => {
                if published.is_none() {
                    published = Some(stamp.iso.clone());
                }
                Decision::Remove(RemovalReason::Metadata)
            }
            Class::Byline => {
                let credit = line.text.trim().trim_end_matches(':').trim();
                if credit.chars().any(char::is_alphanumeric) && !is_bare_label(credit) {
                    bylines.push(credit.to_string());
                }
                Decision::Remove(RemovalReason::Metadata)
            }
            Class::Headline if before_lede && after_title && line.name_like => {
                bylines.push(line.text.to_string());
                Decision::Remove(RemovalReason::Metadata)
            }
            // "22 tháng 5 2025", "18 NOV 2019" between the title and the lede: a date line.
            Class::Headline if before_lede && after_title && is_date_line(item) => {
                Decision::Remove(RemovalReason::Metadata)
            }
            Class::Caption => Decision::Keep(BlockKind::Caption),
            Class::Headline | Class::Body => Decision::Keep(kind_of(item.block.role)),
        });
    }

    remove_teasers(&items, &mut decisions);
    keep_inner_figures(&items, &mut decisions, lede);

    let mut blocks = Vec::new();
    let mut removed = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let lines = LineRange::new(item.block.first, item.block.last);
        let decision = decisions[i].unwrap_or_else(|| outside(item));
        let decision = match (item.text.trim().is_empty(), item.label) {
            // A figure label alone on its line ("Chú thích ảnh,"): page furniture.
            (true, Some(_)) => Decision::Remove(RemovalReason::PageFurniture),
            // Nothing printable left after sanitising: a blank line, owned by nothing.
            (true, None) => continue,
            (false, _) => decision,
        };
        match decision {
            Decision::Keep(kind) => blocks.push(Block {
                kind,
                lines,
                text: block_text(kind, &item.text).into(),
            }),
            Decision::Remove(reason) => removed.push(Removed { lines, reason }),
        }
    }

    let (title, title_source) = match (&doc.meta.title, title) {
        (Some(stated), _) => (stated.clone(), TitleSource::Metadata),
        (None, Some(t)) => (items[t].text.clone(), TitleSource::Headline),
        (None, None) => match blocks.iter().find(|b| b.kind == BlockKind::Paragraph) {
            Some(lead) => (title::title_from_lead(&lead.text), TitleSource::Lead),
            None => (doc.id.clone(), TitleSource::FileName),
        },
    };
    let (title, title_source) = if title.trim().is_empty() {
        (doc.id.clone(), TitleSource::FileName)
    } else {
        (title, title_source)
    };
    let byline = doc
        .meta
        .byline
        .clone()
        .or_else(|| (!bylines.is_empty()).then(|| bylines.join("; ")));
    Article {
        title,
        title_source,
        published: doc.meta.published.clone().or(published),
        byline,
        blocks,
        removed,
    }
}

/// Links to other stories the extraction let through: runs of two or more short link blocks
/// (with the short header above them, "You may also like"), a lone link behind a label
/// ("Related: …", "Read more: …"), and a list of linked headlines under a header closing the
/// article.
fn remove_teasers(items: &[Item<'_>], decisions: &mut [Option<Decision>]) {
    let kept: Vec<usize> = (0..items.len())
        .filter(|&i| matches!(decisions[i], Some(Decision::Keep(kind)) if kind != BlockKind::Title))
        .collect();
    let is_teaser =
        |i: usize| items[i].block.links == Links::Most && items[i].words <= MAX_TEASER_WORDS;
    let mut k = 0;
    while k < kept.len() {
        let run = kept[k..].iter().take_while(|&&i| is_teaser(i)).count();
        if run >= MIN_TEASER_RUN {
            let header = k
                .checked_sub(1)
                .map(|h| kept[h])
                .filter(|&h| is_box_header(&items[h]));
            for &i in header.iter().chain(&kept[k..k + run]) {
                decisions[i] = Some(Decision::Remove(RemovalReason::RelatedList));
            }
        } else if run == 1 && is_labelled(&items[kept[k]].text) {
            decisions[kept[k]] = Some(Decision::Remove(RemovalReason::RelatedList));
        }
        k += run.max(1);
    }
    // A list of items with links closing the article, under a box header ("More Great WIRED
    // Stories": each item a headline with part of it linked).
    let kept: Vec<usize> = kept
        .into_iter()
        .filter(|&i| matches!(decisions[i], Some(Decision::Keep(_))))
        .collect();
    let tail = kept
        .iter()
        .rev()
        .take_while(|&&i| {
            let item = &items[i];
            item.block.role == Role::ListItem
                && item.block.links != Links::None
                && item.words <= MAX_TEASER_WORDS
        })
        .count();
    let start = kept.len() - tail;
    let header = start.checked_sub(1).map(|h| kept[h]);
    if tail >= MIN_TEASER_RUN {
        if let Some(header) = header.filter(|&h| is_box_header(&items[h])) {
            for &i in std::iter::once(&header).chain(&kept[start..]) {
                decisions[i] = Some(Decision::Remove(RemovalReason::RelatedList));
            }
        }
    }
}

/// Figure captions and quotes inside the article (from the lede on, before the last kept block)
/// that the extraction left out: captions are kept as captions, block quotes (embedded posts,
/// often in a "social" wrapper) as paragraphs. A caption above the lede belongs to the page's
/// lead photo, which the reader does not show.
fn keep_inner_figures(items: &[Item<'_>], decisions: &mut [Option<Decision>], from: usize) {
    let kept = |d: &Option<Decision>| matches!(d, Some(Decision::Keep(_)));
    let Some(first) = decisions.iter().position(kept) else {
        return;
    };
    let first = first.max(from);
    let last = decisions.iter().rposition(kept).unwrap_or(first);
    for i in first..last {
        let item = &items[i];
        if !item.block.main
            && (item.block.role == Role::Caption || item.label == Some(FigureLabel::Caption))
            && item.block.area == Area::Content
            && item.words <= MAX_CAPTION_WORDS
        {
            decisions[i] = Some(Decision::Keep(BlockKind::Caption));
        } else if !item.block.main
            && item.block.role == Role::Quote
            && matches!(item.block.area, Area::Content | Area::Furniture)
        {
            decisions[i] = Some(Decision::Keep(BlockKind::Paragraph));
        }
    }
}

/// A few words with a number, not a heading: a date or time line.
fn is_date_line(item: &Item<'_>) -> bool {
    item.words <= MAX_DATE_LINE_WORDS
        && !matches!(item.block.role, Role::Heading(_))
        && item.text.chars().any(|c| c.is_ascii_digit())
}

/// A short unpunctuated line: the header of a box ("More Great WIRED Stories").
fn is_box_header(item: &Item<'_>) -> bool {
    item.words <= MAX_BOX_HEADER_WORDS
        && !(item.block.links == Links::Most)
        && !item.text.trim_end().ends_with(['.', '!', '?', ','])
}

/// "Related: …", "[Read more: …]": a label of a few words and a colon opening the line.
fn is_labelled(text: &str) -> bool {
    let head: String = text
        .split_whitespace()
        .take(MAX_LABEL_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    head.contains(':')
}

/// The text lines of a block (trimmed, blank ones dropped).
fn block_lines<'t>(source: &[&'t str], block: &MarkedBlock) -> Vec<&'t str> {
    let first = block.first.saturating_sub(1);
    let last = block.last.min(source.len());
    source
        .get(first..last)
        .unwrap_or_default()
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The block that is the article's title, among the blocks above the lede: with a stated title,
/// the main-content block that matches it, else the last matching heading (a teaser repeating
/// the headline comes earlier, in the page's header); without one, the last top-level heading,
/// else the first heading of the main content.
fn find_title(head: &[Item<'_>], stated: Option<&str>) -> Option<usize> {
    let is_heading = |i: &Item<'_>| matches!(i.block.role, Role::Heading(_));
    if let Some(stated) = stated {
        let matching = |i: &Item<'_>| titles_match(&i.text, stated);
        return head
            .iter()
            .position(|i| i.block.main && matching(i))
            .or_else(|| head.iter().rposition(|i| is_heading(i) && matching(i)));
    }
    head.iter()
        .rposition(|i| i.block.role == Role::Heading(1))
        .or_else(|| head.iter().position(|i| i.block.main && is_heading(i)))
}

/// Same title: equal keys, or one contains the other and is most of it.
fn titles_match(text: &str, stated: &str) -> bool {
    let (a, b) = (exact_key(text), exact_key(stated));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    long.contains(short.as_str()) && short.len() * 100 >= long.len() * TITLE_MATCH_PERCENT
}

/// A block the extraction left out: the reason its page area (or figure label) gives.
fn outside(item: &Item<'_>) -> Decision {
    if item.label == Some(FigureLabel::ImageCredit) {
        return Decision::Remove(RemovalReason::Metadata);
    }
    Decision::Remove(match item.block.area {
        Area::Navigation => RemovalReason::Navigation,
        Area::Related => RemovalReason::RelatedList,
        Area::Furniture => RemovalReason::PageFurniture,
        Area::Metadata => RemovalReason::Metadata,
        Area::Content => RemovalReason::Boilerplate,
    })
}

fn kind_of(role: Role) -> BlockKind {
    match role {
        Role::Heading(_) => BlockKind::Heading,
        Role::Caption => BlockKind::Caption,
        Role::Paragraph | Role::ListItem | Role::Quote | Role::Code | Role::TableRow => {
            BlockKind::Paragraph
        }
    }
}
