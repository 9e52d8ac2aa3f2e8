//! Which blocks of the whole rendered page are the main content the extraction returned.
//!
//! The extractor hands back its text, one paragraph a line; most lines are the text of one page
//! block. Pass 1 pairs identical blocks in order (each extracted line with the next page block of
//! the same letters and digits, so a teaser repeating a headline before the story does not pull
//! the story's blocks out of order). Pass 2 handles what the extractor reshaped (merged, split or
//! trimmed blocks): between two paired blocks, a long page block is kept when most of its words
//! are among the extracted words of that stretch, a short one when it appears there whole. Blocks
//! without words (a lone "•") follow their neighbours. Linear in the size of the page, but for
//! the search of short blocks in their stretch, which has a fixed budget.

use super::render::PageBlock;
use std::collections::HashMap;

/// A page block whose words are at least this share of an extracted stretch's words is kept.
const KEPT_WORDS_PERCENT: usize = 50;
/// Blocks shorter than this many words must appear whole, in order, in the extracted stretch.
const MIN_BAG_WORDS: usize = 8;
/// Word comparisons and bytes scanned when looking for short blocks, per page (tens of
/// milliseconds); real pages need a small fraction of it.
const SEARCH_BUDGET: usize = 50_000_000;
/// A short block found in the extracted text only once spaces are ignored needs this many
/// letters and digits (a lone "Comments" is inside too many longer words).
const MIN_SQUASHED_CHARS: usize = 20;

/// Lower-cased words (runs of letters and digits) of a block.
fn words(block: &PageBlock) -> Vec<String> {
    let mut out = Vec::new();
    for line in &block.lines {
        for w in line.split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                out.push(w.to_lowercase());
            }
        }
    }
    out
}

/// For each page block, whether it belongs to the extracted main content.
pub(crate) fn kept(page: &[PageBlock], extracted: &[PageBlock]) -> Vec<bool> {
    let page_words: Vec<Vec<String>> = page.iter().map(words).collect();
    let extracted_words: Vec<Vec<String>> = extracted.iter().map(words).collect();
    let pairs = pair_identical(&page_words, &extracted_words);
    let mut kept: Vec<bool> = pairs.iter().map(Option::is_some).collect();

    // Pass 2: stretches between paired blocks.
    let mut budget = SEARCH_BUDGET;
    let mut start = 0; // first unpaired page block of the stretch
    let mut extracted_from = 0; // first extracted block after the previous pair
    for i in 0..=page.len() {
        let pair = pairs.get(i).copied().flatten();
        if i < page.len() && pair.is_none() {
            continue;
        }
        let extracted_to = pair.unwrap_or(extracted.len());
        if start < i && extracted_from < extracted_to {
            keep_by_words(
                &page_words[start..i],
                &extracted_words[extracted_from..extracted_to],
                &mut kept[start..i],
                &mut budget,
            );
        }
        start = i + 1;
        extracted_from = pair.map_or(extracted.len(), |j| j + 1);
    }

    // Wordless blocks follow their neighbours.
    for i in 0..page.len() {
        if page_words[i].is_empty() {
            let before = i.checked_sub(1).is_some_and(|b| kept[b]);
            let after = (i + 1..page.len())
                .find(|&a| !page_words[a].is_empty())
                .is_some_and(|a| kept[a]);
            kept[i] = before && after;
        }
    }
    kept
}

/// For each page block, the extracted block with the same text paired with it, in order. Texts
/// are compared without spaces: the extractor and the renderer may join inline elements
/// differently ("Noem Kristi" / "NoemKristi").
fn pair_identical(page: &[Vec<String>], extracted: &[Vec<String>]) -> Vec<Option<usize>> {
    let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, w) in page.iter().enumerate() {
        if !w.is_empty() {
            positions.entry(w.concat()).or_default().push(i);
        }
    }
    let mut pairs = vec![None; page.len()];
    let mut cursor = 0;
    for (j, w) in extracted.iter().enumerate() {
        let Some(list) = positions.get(&w.concat()) else {
            continue;
        };
        let next = list.partition_point(|&p| p < cursor);
        if let Some(&p) = list.get(next) {
            pairs[p] = Some(j);
            cursor = p + 1;
        }
    }
    pairs
}

/// Marks the page blocks of one stretch that the stretch's extracted text holds: a short block
/// as a whole run of words (a lone "Comments" or "Subscribe" is not kept for a word of the
/// article), a longer one when most of its words are among the extracted words (each used once).
fn keep_by_words(
    page: &[Vec<String>],
    extracted: &[Vec<String>],
    kept: &mut [bool],
    budget: &mut usize,
) {
    let sequence: Vec<&str> = extracted.iter().flatten().map(String::as_str).collect();
    let joined: String = sequence.concat();
    let mut starts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in sequence.iter().enumerate() {
        starts.entry(w).or_default().push(i);
    }
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for w in &sequence {
        *pool.entry(w).or_default() += 1;
    }
    for (block, keep) in page.iter().zip(kept.iter_mut()) {
        if block.is_empty() {
            continue;
        }
        if block.len() < MIN_BAG_WORDS {
            // Searches cost up to their length: a page of thousands of short blocks against one
            // huge extracted line stops searching (the blocks are left out) rather than hang.
            let candidates = starts.get(block[0].as_str()).map_or(&[][..], Vec::as_slice);
            let squashed = block.concat();
            let cost = candidates.len() + joined.len();
            if cost > *budget {
                continue;
            }
            *budget -= cost;
            let held = candidates.iter().any(|&i| {
                sequence
                    .get(i..i + block.len())
                    .is_some_and(|run| run.iter().zip(block).all(|(a, b)| *a == b.as_str()))
            });
            // Spaced differently: the text without spaces, when long enough to be telling.
            *keep = held
                || (squashed.chars().count() >= MIN_SQUASHED_CHARS && joined.contains(&squashed));
            continue;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for w in block {
            *counts.entry(w.as_str()).or_default() += 1;
        }
        let found: usize = counts
            .iter()
            .map(|(w, n)| (*n).min(pool.get(w).copied().unwrap_or(0)))
            .sum();
        if found * 100 >= block.len() * KEPT_WORDS_PERCENT {
            *keep = true;
            for (w, n) in counts {
                if let Some(left) = pool.get_mut(w) {
                    *left = left.saturating_sub(n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markup::{Area, Links, Role};

    fn blocks(texts: &[&str]) -> Vec<PageBlock> {
        texts
            .iter()
            .map(|t| PageBlock {
                lines: t.split('\n').map(String::from).collect(),
                role: Role::Paragraph,
                links: Links::None,
                area: Area::Content,
                hints: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn identical_blocks_pair_in_order() {
        let page = blocks(&[
            "Menu",
            "Tin A",
            "Tin A",
            "Một đoạn.",
            "Hai đoạn.",
            "Chân trang",
        ]);
        let extracted = blocks(&["Tin A", "Một đoạn.", "Hai đoạn."]);
        assert_eq!(
            kept(&page, &extracted),
            [false, true, false, true, true, false]
        );
    }

    #[test]
    fn reshaped_blocks_are_kept_by_their_words() {
        // The extractor merged two paragraphs and dropped an inline advertisement from a long
        // one; a short block must appear whole ("Bình luận" is a word of the article too).
        let page = blocks(&[
            "Tiêu đề bài",
            "Câu một của bài.",
            "Câu hai của bài viết dài ADVERTISEMENT về giá vàng hôm nay.",
            "•",
            "Đoạn cuối có bình luận.",
            "Bình luận",
        ]);
        let extracted = blocks(&[
            "Tiêu đề bài",
            "Câu một của bài. Câu hai của bài viết dài về giá vàng hôm nay.",
            "Đoạn cuối có bình luận.",
        ]);
        assert_eq!(
            kept(&page, &extracted),
            [true, true, true, true, true, false]
        );
    }

    #[test]
    fn nothing_extracted_keeps_nothing() {
        let page = blocks(&["A b c", "d e f"]);
        assert_eq!(kept(&page, &[]), [false, false]);
    }
}
