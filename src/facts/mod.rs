//! Facts: the sentences of an article that state something dated or measured, laid side by
//! side across articles.
//!
//! Per document (linear, next to extraction): sentences ([`sentences`]) → the date mentions they
//! hold read as calendar ranges, plus relative expressions resolved from the publication time
//! ([`calendar`]) → figures with value, unit and qualifier ([`figures`]) → a fact is a sentence
//! with a date or a figure and at least one named entity (its own, else the previous sentence's:
//! "Kim ngạch thương mại giữa hai nước đạt 60 triệu USD…" is about the two countries named just
//! before) → what it claims that another article could contradict ([`claims`]).
//!
//! Per corpus ([`index`]): related facts through an inverted index over rare features (entities,
//! dates, figures, content word pairs, weighted by rarity), disagreements by grouping claims on
//! the same measure or event, same participants and same period, and the timeline.

pub mod calendar;
mod claims;
pub mod export;
pub mod figures;
pub mod index;
mod lexicon;
pub mod sentences;

pub use calendar::{DateRange, Day, When};
pub use claims::Claim;
pub use figures::{Figure, FigureKind, Qualifier};
pub use index::{Conflict, FactIndex, FactRef, RelatedFacts, TimelineEntry};

use crate::clean::Article;
use crate::extract::{EntityKind, NarrowSpan, RawMention, Span};
use lexicon::lexicon;
use std::hash::{Hash, Hasher};

/// A date of a fact: its text in the block, and what it says about when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactDate {
    /// Read through [`FactDate::span`].
    span: NarrowSpan,
    pub when: When,
    /// A comparison baseline ("so với cùng kỳ năm 2022") or a cut-off ("tính đến năm 2024"):
    /// not the period a figure is about.
    pub reference_only: bool,
}

impl FactDate {
    /// Byte range in the block text.
    pub fn span(&self) -> Span {
        self.span.into()
    }
}

/// A span as facts keep it: narrow (a block's text is far below 4 GiB), as a corpus holds
/// millions of dates and figures.
fn narrow_span(span: Span) -> NarrowSpan {
    NarrowSpan::try_from(span).expect("a block below 4 GiB")
}

/// One fact: a sentence of a block, with what it says, as its document's [`Facts`] hold it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fact<'a> {
    pub block: usize,
    /// Byte range of the sentence in the block text.
    pub span: Span,
    pub dates: &'a [FactDate],
    pub figures: &'a [Figure],
    /// What each figure measures ("kim ngạch thương mại"), when it can be told (same order).
    pub measures: &'a [Option<Box<str>>],
    /// Indices (into the document's mentions) of every mention inside the sentence.
    pub mentions: &'a [u32],
    /// Named mentions of the sentence before, for a sentence that names nothing itself.
    pub context: &'a [u32],
    /// Hashes of the content word pairs ("kim ngạch", "ngạch thương"), sorted.
    pub terms: &'a [Term],
    pub claims: &'a [Claim],
}

impl Fact<'_> {
    /// The sentence, from its block.
    pub fn text<'t>(&self, article: &'t Article) -> &'t str {
        article
            .blocks
            .get(self.block)
            .and_then(|b| b.text.get(self.span.start..self.span.end))
            .unwrap_or("")
    }

    /// Does the sentence hold this position of its block?
    pub fn holds(&self, block: usize, offset: usize) -> bool {
        self.block == block && self.span.start <= offset && offset < self.span.end
    }
}

/// The facts of one document, in reading order, each kind of list of every fact end to end in
/// one allocation: a list per fact and kind cost a pointer pair and an allocation each for the
/// item or two most hold, and a corpus holds every fact to the end of a run (five per article).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    heads: Box<[Head]>,
    dates: Box<[FactDate]>,
    /// The figures, and what each measures (same order).
    figures: Box<[Figure]>,
    measures: Box<[Option<Box<str>>]>,
    /// Each fact's mentions, then its context.
    #[serde(with = "le_u32s")]
    mentions: Box<[u32]>,
    #[serde(with = "le_u32s")]
    terms: Box<[Term]>,
    claims: Box<[Claim]>,
}

/// A list of numbers stored as their little-endian bytes end to end, read back as one block:
/// element by element through serde, a snapshot's facts were a fifth of a reopen's decoding
/// (and a term, a hash, takes 4 bytes this way, 5 as a varint).
mod le_u32s {
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(numbers: &[u32], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
        serializer.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<[u32]>, D::Error> {
        deserializer.deserialize_bytes(Numbers)
    }

    struct Numbers;

    impl Visitor<'_> for Numbers {
        type Value = Box<[u32]>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("little-endian u32s end to end")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
            let (numbers, rest) = bytes.as_chunks::<4>();
            if !rest.is_empty() {
                return Err(E::invalid_length(bytes.len(), &self));
            }
            Ok(numbers.iter().map(|&n| u32::from_le_bytes(n)).collect())
        }
    }

    #[cfg(test)]
    mod tests {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Numbers(#[serde(with = "super")] Box<[u32]>);

        #[test]
        fn numbers_read_back_as_written_and_a_cut_list_is_refused() {
            let numbers = Numbers(vec![0, 1, 0x80, 0xdead_beef, u32::MAX].into());
            let bytes = postcard::to_allocvec(&numbers).expect("encode");
            // Four bytes a number, after the list's length in bytes.
            assert_eq!(bytes.len(), 1 + 4 * numbers.0.len());
            let read: Numbers = postcard::from_bytes(&bytes).expect("decode");
            assert_eq!(read, numbers);
            // A list of bytes that are not whole numbers (its length said one byte less).
            let mut cut = bytes.clone();
            cut[0] -= 1;
            cut.pop();
            assert!(postcard::from_bytes::<Numbers>(&cut).is_err());
        }
    }
}

/// A fact as [`Facts`] keeps it: narrow (a block is far below 4 GiB, and has fewer than 2^32
/// of anything), its lists where the previous fact's end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Head {
    block: u32,
    span: NarrowSpan,
    ends: Ends,
}

/// Where a fact's lists end in its document's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Ends {
    dates: u32,
    figures: u32,
    mentions: u32,
    context: u32,
    terms: u32,
    claims: u32,
}

impl Facts {
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The `i`-th fact; its lists empty where they do not fit the document's (a snapshot is read
    /// back as written, but its numbers are not trusted to slice with).
    pub fn get(&self, i: usize) -> Option<Fact<'_>> {
        let head = self.heads.get(i)?;
        let from = i
            .checked_sub(1)
            .map_or(Ends::default(), |p| self.heads[p].ends);
        let to = head.ends;
        fn list<T>(items: &[T], from: u32, to: u32) -> &[T] {
            items.get(from as usize..to as usize).unwrap_or(&[])
        }
        Some(Fact {
            block: head.block as usize,
            span: head.span.into(),
            dates: list(&self.dates, from.dates, to.dates),
            figures: list(&self.figures, from.figures, to.figures),
            measures: list(&self.measures, from.figures, to.figures),
            mentions: list(&self.mentions, from.context, to.mentions),
            context: list(&self.mentions, to.mentions, to.context),
            terms: list(&self.terms, from.terms, to.terms),
            claims: list(&self.claims, from.claims, to.claims),
        })
    }

    /// The `k`-th date of the `i`-th fact (read alone: the timeline is sorted by it).
    pub fn date(&self, i: usize, k: usize) -> Option<&FactDate> {
        let from = i.checked_sub(1).map_or(0, |p| self.heads[p].ends.dates);
        let to = self.heads.get(i)?.ends.dates;
        self.dates.get(from as usize..to as usize)?.get(k)
    }

    pub fn iter(&self) -> impl Iterator<Item = Fact<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The facts of block `block`, with their numbers (found by binary search).
    pub fn in_block(&self, block: usize) -> impl Iterator<Item = (usize, Fact<'_>)> + '_ {
        let first = self.heads.partition_point(|h| (h.block as usize) < block);
        (first..self.len())
            .map_while(move |i| self.get(i).filter(|f| f.block == block).map(|f| (i, f)))
    }
}

/// [`Facts`] as they are found, a fact at a time.
#[derive(Default)]
struct Builder {
    heads: Vec<Head>,
    dates: Vec<FactDate>,
    figures: Vec<Figure>,
    measures: Vec<Option<Box<str>>>,
    mentions: Vec<u32>,
    terms: Vec<Term>,
    claims: Vec<Claim>,
}

/// One fact's lists, as [`Builder::push`] takes them (borrowed from lists kept from fact to
/// fact, not allocated for each).
struct Found<'f> {
    block: usize,
    span: Span,
    dates: &'f [FactDate],
    figures: &'f [Figure],
    mentions: &'f [usize],
    context: &'f [usize],
    analysis: claims::Analysis,
}

impl Builder {
    fn push(&mut self, fact: Found<'_>) {
        self.dates.extend_from_slice(fact.dates);
        self.figures.extend_from_slice(fact.figures);
        self.measures.extend(
            fact.analysis
                .measures
                .into_iter()
                .map(|m| m.map(Into::into)),
        );
        self.mentions.extend(narrow(fact.mentions));
        let mentions = self.mentions.len();
        self.mentions.extend(narrow(fact.context));
        self.terms.extend(fact.analysis.terms);
        self.claims.extend(fact.analysis.claims);
        let count = |n: usize| u32::try_from(n).expect("fewer than 2^32 items in one document");
        self.heads.push(Head {
            block: count(fact.block),
            span: narrow_span(fact.span),
            ends: Ends {
                dates: count(self.dates.len()),
                figures: count(self.figures.len()),
                mentions: count(mentions),
                context: count(self.mentions.len()),
                terms: count(self.terms.len()),
                claims: count(self.claims.len()),
            },
        });
    }

    fn finish(self) -> Facts {
        Facts {
            heads: self.heads.into(),
            dates: self.dates.into(),
            figures: self.figures.into(),
            measures: self.measures.into(),
            mentions: self.mentions.into(),
            terms: self.terms.into(),
            claims: self.claims.into(),
        }
    }
}

/// Entities that make a sentence about something: people, organisations, places, documents,
/// events (dates and amounts are what it says about them).
pub fn is_named(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Date | EntityKind::Money)
}

/// Spans merged into sorted, disjoint ranges, so that "is this covered?" is a binary search
/// (numbers and words of a huge paragraph are each looked up once).
pub(crate) struct Covered(Vec<Span>);

impl Covered {
    pub(crate) fn new(spans: impl IntoIterator<Item = Span>) -> Covered {
        let mut spans: Vec<Span> = spans.into_iter().collect();
        spans.sort_unstable();
        // Merged in place: the first `merged` are done.
        let mut merged: usize = 0;
        for k in 0..spans.len() {
            let s = spans[k];
            match merged.checked_sub(1).map(|last| &mut spans[last]) {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => {
                    spans[merged] = s;
                    merged += 1;
                }
            }
        }
        spans.truncate(merged);
        Covered(spans)
    }

    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|s| s.end <= start);
        self.0.get(i).is_some_and(|s| s.start < end)
    }
}

/// The items of a list sorted by start that lie inside `span` (found by binary search).
fn inside<T>(items: &[T], span: Span, of: impl Fn(&T) -> Span) -> &[T] {
    let lo = items.partition_point(|x| of(x).start < span.start);
    let hi = items.partition_point(|x| of(x).start < span.end);
    &items[lo..hi.max(lo)]
}

/// A content word pair of a fact ("kim ngạch"), by the low half of its hash: every fact of a
/// corpus holds a dozen until the end of a run (8 bytes each were 24 MB of an export's peak at
/// 100,000 articles). With a million distinct pairs in a corpus, one pair in about 4,000 shares
/// its term with another: a little weight, at worst, between two facts that are not related.
pub type Term = u32;

/// A stable hash for features compared within one run: the standard library's SipHash
/// (`DefaultHasher`) of the item, its bytes gathered first and hashed a block at a time (a pair
/// of words was four writes, each with SipHash's bookkeeping of a partial block).
pub(crate) fn hash_of(item: impl Hash) -> u64 {
    let mut h = Gathered {
        sip: Sip13::new(),
        buffer: [0; 64],
        len: 0,
        total: 0,
    };
    item.hash(&mut h);
    h.finish()
}

/// The bytes an item hashes as, in a small buffer, hashed by whole blocks when it fills and the
/// rest at the end. SipHash reads its input as one stream of bytes (integers as their
/// little-endian bytes, as the standard library writes them), so the value is that of hashing
/// each write in turn.
struct Gathered {
    sip: Sip13,
    buffer: [u8; 64],
    len: usize,
    /// Bytes written in all.
    total: usize,
}

impl Hasher for Gathered {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.total += bytes.len();
        match self.buffer.get_mut(self.len..self.len + bytes.len()) {
            Some(room) => {
                room.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            None => self.spill(bytes),
        }
    }

    fn finish(&self) -> u64 {
        let mut sip = self.sip.clone();
        let (blocks, tail) = self.buffer[..self.len].as_chunks::<8>();
        for block in blocks {
            sip.block(u64::from_le_bytes(*block));
        }
        // The last block: the bytes left over, topped by the length's low byte. Read as a whole
        // block and masked, not byte by byte (the buffer holds a block from any tail's start;
        // a full buffer has no tail).
        let at = self.len - tail.len();
        let rest = self.buffer.get(at..at + 8).map_or(0, |block| {
            let block = u64::from_le_bytes(block.try_into().expect("8 bytes"));
            block & ((1 << (8 * tail.len())) - 1)
        });
        sip.finish(rest | (self.total as u64) << 56)
    }
}

impl Gathered {
    /// `bytes` (counted already) past a full buffer: the buffer hashed each time it fills.
    #[cold]
    fn spill(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = bytes.len().min(self.buffer.len() - self.len);
            self.buffer[self.len..self.len + take].copy_from_slice(&bytes[..take]);
            self.len += take;
            bytes = &bytes[take..];
            if self.len == self.buffer.len() {
                self.sip.blocks(&self.buffer);
                self.len = 0;
            }
        }
    }
}

/// SipHash-1-3 with zero keys, as `DefaultHasher::new()` computes it, fed by whole 8-byte
/// blocks (the standard library's hasher keeps a partial block between writes, bookkeeping
/// that was most of hashing a feature's few bytes).
#[derive(Clone)]
pub(crate) struct Sip13([u64; 4]);

impl Sip13 {
    pub(crate) fn new() -> Self {
        Sip13([
            0x736f_6d65_7073_6575,
            0x646f_7261_6e64_6f6d,
            0x6c79_6765_6e65_7261,
            0x7465_6462_7974_6573,
        ])
    }

    fn round(&mut self) {
        let v = &mut self.0;
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }

    /// One 8-byte block of the input, read little-endian.
    pub(crate) fn block(&mut self, m: u64) {
        self.0[3] ^= m;
        self.round();
        self.0[0] ^= m;
    }

    fn blocks(&mut self, bytes: &[u8; 64]) {
        for block in bytes.as_chunks::<8>().0 {
            self.block(u64::from_le_bytes(*block));
        }
    }

    /// The hash, `last` being the input's last block: its 0 to 7 bytes left over, the top byte
    /// the input's length (mod 256).
    pub(crate) fn finish(mut self, last: u64) -> u64 {
        self.block(last);
        self.0[2] ^= 0xff;
        for _ in 0..3 {
            self.round();
        }
        let [a, b, c, d] = self.0;
        a ^ b ^ c ^ d
    }
}

/// The lists of a block and of a fact, kept from one to the next and from document to
/// document on each thread: made for each document, their first allocations and growth were a
/// good part of what finding a document's facts cost.
#[derive(Default)]
struct Workspace {
    /// Named mentions of the last sentence that had some, carried into the next paragraph.
    previous_named: Vec<usize>,
    /// The named mentions of the sentence at hand.
    named: Vec<usize>,
    in_block: Vec<usize>,
    /// A block's dates and figures.
    dates: Vec<FactDate>,
    figures: Vec<Figure>,
    taken: Vec<Span>,
    context: Vec<usize>,
    mention_ids: Vec<usize>,
    fact_dates: Vec<FactDate>,
    fact_figures: Vec<Figure>,
    scratch: claims::Scratch,
}

thread_local! {
    static WORKSPACE: std::cell::RefCell<Workspace> = std::cell::RefCell::default();
}

/// The facts of one article, in reading order. `mentions` are the article's mentions in
/// reading order (as the extractor returns them).
pub fn extract(article: &Article, mentions: &[RawMention]) -> Facts {
    WORKSPACE.with_borrow_mut(|w| extract_in(article, mentions, w))
}

/// [`extract`], its lists in `w`.
fn extract_in(article: &Article, mentions: &[RawMention], w: &mut Workspace) -> Facts {
    let lex = lexicon();
    let published = calendar::publication(article.published.as_deref());
    let mut out = Builder::default();
    let Workspace {
        previous_named,
        named,
        in_block,
        dates,
        figures,
        taken,
        context,
        mention_ids,
        fact_dates,
        fact_figures,
        scratch,
    } = w;
    previous_named.clear();
    for (b, block) in article.blocks.iter().enumerate() {
        let text = block.text.as_str();
        let first = mentions.partition_point(|m| (m.block as usize) < b);
        let last = mentions.partition_point(|m| m.block as usize <= b);
        in_block.clear();
        in_block.extend(first..last);
        block_dates(text, mentions, in_block, published, dates);
        figures.clear();
        figures.extend(
            in_block
                .iter()
                .filter(|&&i| mentions[i].kind == EntityKind::Money)
                .filter_map(|&i| figures::money(text, mentions[i].span())),
        );
        taken.clear();
        taken.extend(
            in_block
                .iter()
                .map(|&i| mentions[i].span())
                .chain(dates.iter().map(FactDate::span)),
        );
        figures.extend(figures::find(text, taken));
        figures.sort_by_key(|f| f.span().start);
        if block.kind == crate::clean::BlockKind::Caption
            || block.kind == crate::clean::BlockKind::Title
        {
            // A caption or a headline is no antecedent for the paragraph after it.
            previous_named.clear();
        }
        for range in sentences::split(text, &lex.abbreviations) {
            let span = Span {
                start: range.start,
                end: range.end,
            };
            let within = |s: Span| s.end <= span.end;
            let in_sentence = inside(in_block, span, |&i| mentions[i].span())
                .iter()
                .copied()
                .filter(|&i| within(mentions[i].span()));
            // Most sentences are no fact: their lists are made only once one is (the names in a
            // list kept from sentence to sentence).
            named.clear();
            named.extend(in_sentence.clone().filter(|&i| is_named(mentions[i].kind)));
            if !named.is_empty() {
                previous_named.clone_from(named);
            }
            let sentence_dates = inside(dates, span, FactDate::span);
            let sentence_figures = inside(figures, span, Figure::span);
            let dated_or_measured = sentence_dates.iter().any(|d| within(d.span()))
                || sentence_figures.iter().any(|f| within(f.span()));
            if !dated_or_measured || previous_named.is_empty() {
                continue;
            }
            context.clear();
            if named.is_empty() {
                context.extend_from_slice(previous_named);
            }
            mention_ids.clear();
            mention_ids.extend(in_sentence);
            fact_dates.clear();
            fact_dates.extend(sentence_dates.iter().filter(|d| within(d.span())).cloned());
            fact_figures.clear();
            fact_figures.extend(
                sentence_figures
                    .iter()
                    .filter(|f| within(f.span()))
                    .cloned(),
            );
            let sentence = claims::Sentence {
                text,
                span,
                mentions,
                inside: mention_ids,
                named,
                context,
                dates: fact_dates,
                figures: fact_figures,
            };
            let analysis = sentence.analyse(scratch);
            out.push(Found {
                block: b,
                span,
                dates: fact_dates,
                figures: fact_figures,
                mentions: mention_ids,
                context,
                analysis,
            });
        }
    }
    out.finish()
}

/// Mention indices as a fact keeps them; a document's mentions are fewer than 2^32 (the linker
/// places them by u32 index too).
fn narrow(ids: &[usize]) -> impl Iterator<Item = u32> + '_ {
    ids.iter()
        .map(|&i| u32::try_from(i).expect("fewer than 2^32 mentions in one document"))
}

/// The block's date mentions read as ranges, and its relative expressions ("năm nay"), in
/// `out`.
fn block_dates(
    text: &str,
    mentions: &[RawMention],
    in_block: &[usize],
    published: Option<DateRange>,
    out: &mut Vec<FactDate>,
) {
    out.clear();
    for &i in in_block {
        let m = &mentions[i];
        if m.kind != EntityKind::Date {
            continue;
        }
        let (Some(surface), Some(before)) = (
            text.get(m.span().start..m.span().end),
            text.get(..m.span().start),
        ) else {
            continue;
        };
        if let Some(when) = calendar::interpret(surface, before, published) {
            out.push(FactDate {
                span: narrow_span(m.span()),
                when,
                reference_only: claims::reference_only(before),
            });
        }
    }
    let taken = Covered::new(out.iter().map(FactDate::span));
    for r in calendar::relatives(text, published) {
        if !taken.overlaps(r.start, r.end) {
            out.push(FactDate {
                span: narrow_span(Span {
                    start: r.start,
                    end: r.end,
                }),
                when: r.when,
                reference_only: claims::reference_only(lexicon::before(text, r.start)),
            });
        }
    }
    out.sort_by_key(|d| d.span().start);
}

#[cfg(test)]
mod tests;
