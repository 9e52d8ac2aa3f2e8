//! Finding entity mentions in a cleaned [`Article`]: people, organisations, places, dates,
//! amounts of money, named documents and events. Rules plus gazetteers from `assets/`.
//!
//! Per block (on an NFC view, spans mapped back): tokens → one phrase scan over every asset
//! list → candidates (gazetteer names; head-noun names with their complements; people after
//! titles, family names or dotted initials; dates and money by context regexes; acronyms
//! defined in parentheses) → longest-wins overlap resolution. Per article: names found once are
//! looked for again (one sense per discourse), then canonicals are settled (short person forms
//! take the full name, long names their longest variant, bare "Công ước" its antecedent).

mod names;
mod numeric;
mod person;
mod phrases;
mod tokens;

pub use person::person_names_compatible;

use crate::assets::Assets;
use crate::clean::Article;
use crate::text::exact_key;
use names::{Cand, Flavor, PersonMarks, Scan};
use numeric::Numeric;
use phrases::{Hits, Role, Table};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use tokens::{Lowered, NfcView, Token};
use ustr::Ustr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Date,
    Money,
    Document,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Document,
        EntityKind::Event,
    ];

    /// The lower-case name used in the export (`"person"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Date => "date",
            EntityKind::Money => "money",
            EntityKind::Document => "document",
            EntityKind::Event => "event",
        }
    }
}

/// Byte range into a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A [`Span`] as a [`RawMention`] holds it: narrow (a block's text is far below 4 GiB), as a
/// corpus holds millions of mentions. The same postcard bytes as a `Span` (varints).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct NarrowSpan {
    start: u32,
    end: u32,
}

impl TryFrom<Span> for NarrowSpan {
    type Error = std::num::TryFromIntError;

    fn try_from(s: Span) -> Result<Self, Self::Error> {
        Ok(NarrowSpan {
            start: u32::try_from(s.start)?,
            end: u32::try_from(s.end)?,
        })
    }
}

impl From<NarrowSpan> for Span {
    fn from(s: NarrowSpan) -> Self {
        Span {
            start: s.start as usize,
            end: s.end as usize,
        }
    }
}

/// A mention found in one article, before linking across articles. Small and free of
/// allocations: a corpus holds millions of them (16 bytes: its canonical form is a number, see
/// [`CanonicalId`]). Its surface text is read from its block (see [`RawMention::text`]) and its
/// canonical form is interned (a corpus repeats its names), so each distinct form is stored once
/// for the whole process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "StoredMention", try_from = "StoredMention")]
pub struct RawMention {
    /// Index into `Article::blocks` (narrow: a corpus holds millions of mentions).
    pub block: u32,
    /// Read through [`RawMention::span`].
    span: NarrowSpan,
    pub kind: EntityKind,
    /// Read through [`RawMention::canonical`].
    canonical: CanonicalId,
}

// What the narrow fields are for (see [`CanonicalId`]).
const _: () = assert!(std::mem::size_of::<RawMention>() == 16);

/// A [`RawMention`] as caches store it: its canonical form spelled out (a [`CanonicalId`] is
/// this process's number for it), the bytes a mention had before it was numbered.
#[derive(Serialize, Deserialize)]
struct StoredMention {
    block: u32,
    span: NarrowSpan,
    kind: EntityKind,
    canonical: Ustr,
}

impl From<RawMention> for StoredMention {
    fn from(m: RawMention) -> Self {
        StoredMention {
            block: m.block,
            span: m.span,
            kind: m.kind,
            canonical: m.canonical(),
        }
    }
}

impl TryFrom<StoredMention> for RawMention {
    type Error = MentionTooLarge;

    fn try_from(m: StoredMention) -> Result<Self, Self::Error> {
        Ok(RawMention {
            block: m.block,
            span: m.span,
            kind: m.kind,
            canonical: CanonicalId::of(m.canonical)?,
        })
    }
}

/// A mention that does not fit a [`RawMention`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MentionTooLarge {
    #[error("a block or a span past 4 GiB")]
    Offset(#[from] std::num::TryFromIntError),
    #[error("more than {} distinct canonical forms", CanonicalId::LIMIT)]
    Forms,
}

/// The number of a canonical form in the process's table of them: 3 bytes, so that a mention
/// with its kind beside it takes 16 bytes (an interned string's pointer took 8, and its
/// alignment padded the mention to 24: 35 MB more at 100,000 articles). Numbers are handed out
/// in the order forms are first seen, which depends on the threads: they never leave the process
/// (caches and snapshots hold the forms themselves) and nothing is ordered by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CanonicalId([u8; 3]);

/// Every canonical form numbered so far, for the whole process (as the interned strings are).
#[derive(Default)]
struct CanonicalTable {
    number: FxHashMap<Ustr, u32>,
    forms: Vec<Ustr>,
}

static CANONICALS: std::sync::LazyLock<std::sync::RwLock<CanonicalTable>> =
    std::sync::LazyLock::new(Default::default);

impl CanonicalId {
    /// Distinct forms a process can number (millions of times what 100,000 articles hold).
    const LIMIT: u32 = 1 << 24;

    /// The number of `form`, given one when it has none yet; fails once [`Self::LIMIT`] forms
    /// are numbered.
    pub(crate) fn of(form: Ustr) -> Result<Self, MentionTooLarge> {
        // A lock poisoned by a panic elsewhere still holds a consistent table: entries are
        // added whole.
        let known = CANONICALS
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .number
            .get(&form)
            .copied();
        let n = match known {
            Some(n) => n,
            None => {
                let mut table = CANONICALS
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let next = table.forms.len() as u32;
                match table.number.get(&form) {
                    Some(&n) => n,
                    None if next >= Self::LIMIT => return Err(MentionTooLarge::Forms),
                    None => {
                        table.number.insert(form, next);
                        table.forms.push(form);
                        next
                    }
                }
            }
        };
        let [a, b, c, _] = n.to_le_bytes();
        Ok(CanonicalId([a, b, c]))
    }

    /// The form numbered so.
    fn form(self) -> Ustr {
        let [a, b, c] = self.0;
        let n = u32::from_le_bytes([a, b, c, 0]) as usize;
        CANONICALS
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .forms[n]
    }
}

/// A mention while the article's rules still rewrite it, made a [`RawMention`] when they are
/// done.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Draft<'a> {
    block: usize,
    span: Span,
    kind: EntityKind,
    /// Borrowed from the block, owned only when a rule rewrites it (few mentions).
    text: Cow<'a, str>,
    canonical: String,
}

impl RawMention {
    /// Fails for a span past 4 GiB into its block, or past [`CanonicalId::LIMIT`] distinct
    /// canonical forms in the process.
    pub fn new(
        block: u32,
        span: Span,
        kind: EntityKind,
        canonical: Ustr,
    ) -> Result<Self, MentionTooLarge> {
        Self::numbered(block, span, kind, CanonicalId::of(canonical)?)
    }

    /// [`RawMention::new`] with its form numbered already: a snapshot numbers each of its
    /// distinct forms once, not once per mention (a shared lock and a lookup each, 4% of a
    /// reopen's instructions).
    pub(crate) fn numbered(
        block: u32,
        span: Span,
        kind: EntityKind,
        canonical: CanonicalId,
    ) -> Result<Self, MentionTooLarge> {
        Ok(RawMention {
            block,
            span: NarrowSpan::try_from(span)?,
            kind,
            canonical,
        })
    }

    /// The canonical form this mention stands for within its article: the full name the
    /// article uses for the entity ("Aleksandr Lukashenko" for a later "Lukashenko"), the
    /// expansion of an acronym defined or known ("Liên Hợp Quốc" for "LHQ"), the normalised date
    /// ("11-12/5/2025", "1992") or amount ("65 triệu USD"). Linking keys on it.
    pub fn canonical(&self) -> Ustr {
        self.canonical.form()
    }

    /// The canonical form's number: equal for equal forms, within this process.
    pub(crate) fn canonical_id(&self) -> CanonicalId {
        self.canonical
    }

    /// The surface text, `block.text[span]` in the article the mention was found in: read from
    /// the block rather than held, as a corpus holds millions of mentions. Empty for a mention
    /// of another article that does not fit this one.
    pub fn text<'a>(&self, article: &'a Article) -> &'a str {
        article
            .blocks
            .get(self.block as usize)
            .and_then(|b| b.text.get(self.span.start as usize..self.span.end as usize))
            .unwrap_or("")
    }

    /// Byte range in the block's text.
    pub fn span(&self) -> Span {
        Span {
            start: self.span.start as usize,
            end: self.span.end as usize,
        }
    }
}

/// An article's mentions beside the article, which holds their surface texts (see
/// [`RawMention::text`]).
#[derive(Debug, Clone, Copy)]
pub struct ArticleMentions<'a> {
    pub article: &'a Article,
    pub mentions: &'a [RawMention],
}

impl<'a> ArticleMentions<'a> {
    /// No mentions (a document not seen before has no old ones).
    pub const NONE: ArticleMentions<'static> = ArticleMentions {
        article: &Article::EMPTY,
        mentions: &[],
    };

    pub fn new(article: &'a Article, mentions: &'a [RawMention]) -> Self {
        ArticleMentions { article, mentions }
    }

    /// Each mention with its surface text.
    pub fn iter(self) -> impl Iterator<Item = (&'a RawMention, &'a str)> {
        self.mentions.iter().map(move |m| (m, m.text(self.article)))
    }
}

impl TryFrom<Draft<'_>> for RawMention {
    type Error = MentionTooLarge;

    /// Fails for a block past `u32::MAX` (a text of billions of lines), a span past 4 GiB, or
    /// past [`CanonicalId::LIMIT`] distinct canonical forms.
    fn try_from(d: Draft<'_>) -> Result<Self, Self::Error> {
        let block = u32::try_from(d.block)?;
        RawMention::new(block, d.span, d.kind, Ustr::from(&d.canonical))
    }
}

/// The extractor, holding the gazetteers and compiled rules. Build once, use for every article.
pub struct Extractor {
    table: Table,
    numeric: Numeric,
    business: BusinessNames,
    sport_cues: SportCues,
}

/// Acronym defined in an article ("Liên minh Kinh tế Á-Âu (EAEU)"): what it stands for.
#[derive(Debug, Clone)]
struct Definition {
    kind: EntityKind,
    canonical: String,
}

/// A stretch of a block analysed at once: its block, byte range in the block's NFC text, its
/// tokens (kept only when it is the whole block), and its candidates (offsets within the
/// piece). A block is one piece unless it is huge: an article's pieces are one list, not a
/// list per block.
struct Piece<'a> {
    block: usize,
    start: usize,
    end: usize,
    toks: Option<Vec<Token<'a>>>,
    cands: Vec<Cand>,
    /// Past [`MAX_MENTIONS`]: not searched.
    capped: bool,
}

/// Blocks longer than this are analysed in pieces cut at white space, so that the tokens held
/// at once stay bounded whatever the length of a line.
const PIECE_BYTES: usize = 64 * 1024;
/// Bytes of whole blocks tokenized before any is searched (far more than a news article).
const TOKENIZED_AHEAD: usize = 256 * 1024;
/// A document yields at most this many mentions (a long news article has a few hundred): a
/// pathological file of one name repeated costs bounded memory.
pub const MAX_MENTIONS: usize = 20_000;

/// Where the piece of `text` starting at `start` ends at the latest: [`PIECE_BYTES`] on, cut
/// after a sentence end near the limit, else at white space, else at a character boundary.
fn piece_limit(text: &str, start: usize) -> usize {
    if text.len() - start <= PIECE_BYTES {
        return text.len();
    }
    let mut limit = start + PIECE_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    let mut tail_from = window.len() * 3 / 4;
    while !window.is_char_boundary(tail_from) {
        tail_from += 1;
    }
    let cut = window[tail_from..]
        .rfind(". ")
        .map(|i| tail_from + i + 2)
        .or_else(|| window.rfind(char::is_whitespace).map(|i| i + 1))
        .filter(|&i| i > 0)
        .unwrap_or(window.len());
    start + cut
}

/// An article's lists for the scans of its pieces: made once, emptied for each piece.
struct PieceLists {
    hits: Hits,
    persons: PersonMarks,
    /// The piece's candidates, until they are resolved.
    cands: Vec<Cand>,
    /// The people found beside them.
    people: Vec<Cand>,
}

/// Tokens of an acronym in parentheses right after a name: "(EAEU)", "(UNCLOS 1982)".
struct Parenthesised {
    open: usize,
    close: usize,
}

impl Extractor {
    pub fn new(assets: Assets) -> Self {
        Self {
            table: Table::new(&assets),
            numeric: Numeric::new(&assets),
            business: BusinessNames::new(&assets),
            sport_cues: SportCues::new(),
        }
    }

    /// Mentions in reading order (block, then start), non-overlapping.
    pub fn extract(&self, article: &Article) -> Vec<RawMention> {
        let views: Vec<NfcView<'_>> = article
            .blocks
            .iter()
            .map(|b| NfcView::new(&b.text))
            .collect();
        let mut definitions: HashMap<String, Definition> = HashMap::new();
        // Whole blocks are tokenized before the candidates, which ask whether the article is
        // English: its words are counted from their tokens (up to a bound, so that a huge
        // document's are not all held at once; past it, from the text).
        let mut words = names::EnglishWords::default();
        let mut ahead_bytes = 0;
        let mut ahead: Vec<Option<Vec<Token<'_>>>> = views
            .iter()
            .map(|view| {
                let len = view.text.len();
                if len > PIECE_BYTES || ahead_bytes + len > TOKENIZED_AHEAD {
                    words.add_text(&view.text);
                    return None;
                }
                ahead_bytes += len;
                Some(view.tokens_counting(0..len, &mut words))
            })
            .collect();
        let english = words.english();
        let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(views.len());
        // One list of hits for every piece, made for the article's longest block at once.
        let longest = ahead.iter().flatten().map(Vec::len).max().unwrap_or(0);
        let mut lists = PieceLists {
            hits: Hits::with_capacity(longest),
            persons: PersonMarks::default(),
            cands: Vec::new(),
            people: Vec::new(),
        };
        let mut found = 0;
        for (block, (view, ahead)) in views.iter().zip(&mut ahead).enumerate() {
            let whole = view.text.len() <= PIECE_BYTES;
            let mut start = 0;
            loop {
                let limit = piece_limit(&view.text, start);
                // Past the cap a document's text is read, not searched (see MAX_MENTIONS).
                if found >= MAX_MENTIONS {
                    *ahead = None;
                    pieces.push(Piece {
                        block,
                        start,
                        end: view.text.len(),
                        toks: None,
                        cands: Vec::new(),
                        capped: true,
                    });
                    break;
                }
                let text = &view.text[start..limit];
                // A whole block is its one piece.
                let toks = ahead.take().unwrap_or_else(|| view.tokens(start..limit));
                let mut cands =
                    self.piece_candidates(&toks, text, english, &mut definitions, &mut lists);
                // The next piece starts right after the last mention near the limit, so a name
                // is never cut and a repeated one keeps its phase ("Tô Lâm | Tô Lâm").
                let end = if limit < view.text.len() {
                    let cut = cands
                        .iter()
                        .map(|c| c.end)
                        .filter(|&e| e >= text.len() / 2)
                        .max()
                        .map_or(text.len(), |e| {
                            e + text[e..].len() - text[e..].trim_start().len()
                        });
                    cands.retain(|c| c.end <= cut);
                    start + cut
                } else {
                    limit
                };
                found += cands.len();
                pieces.push(Piece {
                    block,
                    start,
                    end,
                    // Tokens of a huge block are dropped and read again for propagation.
                    toks: whole.then_some(toks),
                    cands,
                    capped: false,
                });
                if end >= view.text.len() || end == start {
                    break;
                }
                start = end;
            }
        }
        // One sense per discourse: names found once are found everywhere in the article.
        let people = full_names(&pieces);
        let patterns = known_names(&people, &definitions);
        let by_first = by_first_word(&patterns);
        for piece in pieces.iter_mut().filter(|p| !p.capped) {
            let mut extra = match &piece.toks {
                Some(toks) => propagate(toks, &patterns, &by_first),
                None => {
                    let toks = views[piece.block].tokens(piece.start..piece.end);
                    propagate(&toks, &patterns, &by_first)
                }
            };
            if extra.is_empty() {
                continue;
            }
            extra.append(&mut piece.cands);
            resolve(&mut extra);
            piece.cands = extra;
        }
        // Room for every candidate at once: grown mention by mention, the list was copied at
        // each doubling.
        let kept: usize = pieces.iter().map(|p| p.cands.len()).sum();
        let mut out = Vec::with_capacity(kept.min(MAX_MENTIONS));
        // The candidates move into the mentions (the pieces are done with): no copy of each.
        for piece in pieces {
            let (block, view) = (piece.block, &views[piece.block]);
            for mut c in piece.cands {
                let start = view.to_original(piece.start + c.start);
                let end = view.to_original(piece.start + c.end);
                let original = &article.blocks[block].text;
                let Some(text) = original.get(start..end) else {
                    continue;
                };
                let raw = Draft {
                    block,
                    span: Span { start, end },
                    kind: c.kind,
                    text: Cow::Borrowed(text),
                    // Moved: the rules rewrite the draft's, and read the candidate's no more.
                    canonical: std::mem::take(&mut c.canonical),
                };
                out.push(Mention {
                    block,
                    cand: c,
                    raw,
                });
            }
        }
        out.truncate(MAX_MENTIONS);
        honorific_places_to_people(&mut out, article, &people);
        company_names_not_people(&mut out, article, &self.business);
        places_as_clubs(&mut out, article, &views, &self.sport_cues);
        settle_canonicals(&mut out);
        out.sort_by_key(|m| (m.raw.block, m.raw.span.start));
        // Into a list of its own length: collected in place, the mentions would keep the far
        // larger allocation of the drafts (a corpus holds millions of them).
        let mut mentions = Vec::with_capacity(out.len());
        mentions.extend(
            out.into_iter()
                .filter_map(|m| RawMention::try_from(m.raw).ok()),
        );
        mentions
    }

    /// Candidates of one piece of a block, resolved (offsets within the piece).
    fn piece_candidates(
        &self,
        toks: &[Token<'_>],
        text: &str,
        english: bool,
        definitions: &mut HashMap<String, Definition>,
        lists: &mut PieceLists,
    ) -> Vec<Cand> {
        let PieceLists {
            hits,
            persons,
            cands,
            people,
        } = lists;
        self.table.scan(toks, hits);
        cands.clear();
        let scan = Scan::new(toks, hits, &self.table, english);
        scan.gazetteer(cands);
        scan.english(cands);
        let titles = scan.heads(cands);
        // People are looked for beside the names found so far, which they read.
        scan.persons(&titles, cands, persons, people);
        cands.append(people);
        self.acronyms(&scan, cands, definitions);
        if !english {
            tickers(toks, cands, definitions);
        }
        for f in self.numeric.find(text) {
            cands.push(Cand {
                tok_start: 0,
                tok_end: 0,
                start: f.start,
                end: f.end,
                kind: f.kind,
                canonical: f.canonical,
                prio: names::PRIO_NUMERIC,
                flavor: Flavor::Normal,
                head: None,
            });
        }
        cands.retain(|c| c.flavor != Flavor::Weak);
        resolve(cands);
        // Moved into a list of their own length, kept with the piece: this one stays for the
        // next piece.
        let mut kept = Vec::with_capacity(cands.len());
        kept.append(cands);
        kept
    }

    /// "Name (ACR)": the acronym gets the name's kind and canonical, and a name cut short
    /// before the parenthesis by a stop word is stretched to it ("Bộ quy tắc ứng xử ở Biển
    /// Đông (COC)"). A known acronym keeps its own kind.
    fn acronyms(
        &self,
        scan: &Scan<'_, '_>,
        cands: &mut Vec<Cand>,
        definitions: &mut HashMap<String, Definition>,
    ) {
        let toks = scan.toks;
        let mut by_end: Vec<usize> = (0..cands.len()).collect();
        by_end.sort_by_key(|&k| cands[k].tok_end);
        for p in parenthesised(toks) {
            let acr = names::surface(toks, p.open + 1, p.close);
            let known = scan
                .best(p.open + 1, |r| {
                    matches!(r, Role::Org | Role::Place | Role::Event)
                })
                .filter(|h| p.open + 1 + h.len == p.close)
                .map(|h| {
                    let e = scan.table.entry(h.entry);
                    let kind = match e.role {
                        Role::Place => EntityKind::Location,
                        Role::Event => EntityKind::Event,
                        _ => EntityKind::Organization,
                    };
                    (kind, e.canonical().to_string())
                });
            // The name closest before the parenthesis, in the same clause (at most 8 words
            // of gap, so only names ending in that window are looked at).
            let window = p.open.saturating_sub(8)..=p.open;
            let mut best: Option<usize> = None;
            let lo = by_end.partition_point(|&k| cands[k].tok_end < *window.start());
            let hi = by_end.partition_point(|&k| cands[k].tok_end <= *window.end());
            for &k in &by_end[lo..hi] {
                let c = &cands[k];
                let fits = match c.kind {
                    EntityKind::Organization | EntityKind::Document | EntityKind::Event => true,
                    EntityKind::Location => {
                        known.as_ref().is_some_and(|k| k.0 == EntityKind::Location)
                    }
                    _ => false,
                };
                if c.tok_end == 0 || c.tok_end > p.open || !fits {
                    continue;
                }
                let gap = &toks[c.tok_end..p.open];
                if gap.len() > 8 || gap.iter().any(|t| !t.is_word()) {
                    continue;
                }
                let better = best.is_none_or(|b| {
                    let o = &cands[b];
                    (c.tok_end, o.tok_start) > (o.tok_end, c.tok_start)
                });
                if better {
                    best = Some(k);
                }
            }
            let definition = match (best, known) {
                (Some(b), Some((kind, canonical))) => {
                    let c = &mut cands[b];
                    if c.tok_end < p.open || c.kind == kind {
                        stretch(c, toks, p.open, kind, Some(canonical.clone()));
                    }
                    Definition { kind, canonical }
                }
                (None, Some((kind, canonical))) => Definition { kind, canonical },
                (Some(b), None) => {
                    let c = &mut cands[b];
                    let kind = c.kind;
                    stretch(c, toks, p.open, kind, None);
                    Definition {
                        kind,
                        canonical: c.canonical.clone(),
                    }
                }
                (None, None) => continue,
            };
            let mut c = scan_cand(
                toks,
                p.open + 1,
                p.close,
                definition.kind,
                definition.canonical.clone(),
            );
            c.prio = names::PRIO_GAZETTEER;
            cands.push(c);
            definitions.insert(acr, definition);
        }
    }
}

/// "VHM giảm 1,8%", "cổ phiếu HPG", "TCB, MBB, VPB và ACB cũng tăng": three capital letters
/// named by a price move or by the word for a share are a listed company's ticker, and the
/// article's other mentions of it follow. Indicators and currencies move too ("GDP tăng 7%").
fn tickers(
    toks: &[Token<'_>],
    cands: &mut Vec<Cand>,
    definitions: &mut HashMap<String, Definition>,
) {
    const NOT_TICKERS: [&str; 18] = [
        "GDP", "CPI", "FDI", "PMI", "GNI", "ODA", "ETF", "IPO", "EPS", "ROE", "ROA", "USD", "EUR",
        "JPY", "CNY", "GBP", "VND", "KRW",
    ];
    let ticker = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.text.len() == 3
                && t.text.bytes().all(|b| b.is_ascii_uppercase())
                && !NOT_TICKERS.contains(&t.text)
        })
    };
    let lower = |k: usize| toks.get(k).map_or("", |t| t.lower);
    let moves = |k: usize| {
        let mut v = k + 1;
        if matches!(lower(v), "cũng" | "đều" | "vẫn" | "lần" | "cùng") {
            v += if lower(v) == "lần" { 2 } else { 1 };
        }
        match lower(v) {
            "tăng" | "giảm" => {
                toks.get(v + 1).is_some_and(|t| t.is_number())
                    || matches!(lower(v + 1), "trần" | "sàn" | "từ" | "mạnh" | "nhẹ" | "giá")
            }
            "đi" => lower(v + 1) == "ngang",
            "đứng" => lower(v + 1) == "giá",
            _ => false,
        }
    };
    let share_word = |k: usize| {
        k > 0
            && (lower(k - 1) == "mã" || (k > 1 && lower(k - 2) == "cổ" && lower(k - 1) == "phiếu"))
    };
    let joins = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.text == "," || t.lower == "và")
    };
    let mut found: Vec<usize> = Vec::new();
    for k in 0..toks.len() {
        if !ticker(k) {
            continue;
        }
        // "Công ty CP Tập đoàn Hòa Phát (HoSE: HPG)": the company's own ticker.
        let listed = k >= 3
            && toks[k - 1].text == ":"
            && matches!(lower(k - 2), "hose" | "hnx" | "upcom" | "mã" | "mck")
            && toks[k - 3].text == "(";
        if let Some(company) = cands
            .iter()
            .filter(|c| listed && c.kind == EntityKind::Organization && c.tok_end + 3 == k)
            .max_by_key(|c| c.tok_end - c.tok_start)
        {
            let canonical = company.canonical.clone();
            let mut c = scan_cand(toks, k, k + 1, EntityKind::Organization, canonical.clone());
            c.prio = names::PRIO_GAZETTEER;
            cands.push(c);
            definitions
                .entry(toks[k].text.to_string())
                .or_insert(Definition {
                    kind: EntityKind::Organization,
                    canonical,
                });
            continue;
        }
        if !(moves(k) || share_word(k)) {
            continue;
        }
        found.push(k);
        // The list the cued ticker closes ("TCB, MBB và ACB cũng tăng") or opens ("cổ phiếu
        // HPG, HSG và NKG").
        let mut b = k;
        while b >= 2 && joins(b - 1) && ticker(b - 2) {
            b -= 2;
            found.push(b);
        }
        let mut f = k;
        while share_word(k) && joins(f + 1) && ticker(f + 2) {
            f += 2;
            found.push(f);
        }
    }
    for k in found {
        if cands.iter().any(|c| c.tok_start <= k && k < c.tok_end) {
            continue;
        }
        let name = toks[k].text.to_string();
        let mut c = scan_cand(toks, k, k + 1, EntityKind::Organization, name.clone());
        c.prio = names::PRIO_ORG;
        cands.push(c);
        definitions.entry(name.clone()).or_insert(Definition {
            kind: EntityKind::Organization,
            canonical: name,
        });
    }
}

/// Widens a candidate to end right before `open` and gives it the acronym's identity: the
/// known long form, else its own widened surface.
fn stretch(c: &mut Cand, toks: &[Token<'_>], open: usize, kind: EntityKind, known: Option<String>) {
    if c.tok_end < open {
        c.tok_end = open;
        c.end = toks[open - 1].end;
        c.canonical = names::surface(toks, c.tok_start, open);
    }
    if let Some(k) = known {
        c.canonical = k;
    }
    c.kind = kind;
    c.flavor = Flavor::Normal;
    c.prio = c.prio.max(names::PRIO_DOCUMENT);
}

fn scan_cand(toks: &[Token<'_>], i: usize, j: usize, kind: EntityKind, canonical: String) -> Cand {
    Cand {
        tok_start: i,
        tok_end: j,
        start: toks[i].start,
        end: toks[j - 1].end,
        kind,
        canonical,
        prio: names::PRIO_PROPAGATED,
        flavor: Flavor::Normal,
        head: None,
    }
}

/// "(ACR)" or "(ACR 1982)" groups.
fn parenthesised(toks: &[Token<'_>]) -> Vec<Parenthesised> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.text != "(" {
            continue;
        }
        let Some(acr) = toks.get(i + 1) else { continue };
        if !acr.is_acronym() {
            continue;
        }
        let mut close = i + 2;
        if toks.get(close).is_some_and(|t| t.is_year()) {
            close += 1;
        }
        if toks.get(close).is_some_and(|t| t.text == ")") {
            out.push(Parenthesised { open: i, close });
        }
    }
    out
}

/// Keeps the longest candidates (then the highest priority) that do not overlap.
fn resolve(cands: &mut Vec<Cand>) {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.prio.cmp(&a.prio))
            .then(a.start.cmp(&b.start))
    });
    let len = cands.iter().map(|c| c.end).max().unwrap_or(0);
    let mut taken = Occupancy::new(len);
    // Kept in place, in the order above: no second list grown candidate by candidate.
    cands.retain(|c| c.start < c.end && taken.take(c.start..c.end));
    // The kept candidates do not overlap: their starts differ, so any sort orders them alike.
    cands.sort_unstable_by_key(|c| c.start);
}

/// The bytes of a piece taken by the candidates kept so far, a bit each: linear in the
/// candidates' total length, a word at a time.
struct Occupancy(Vec<u64>);

impl Occupancy {
    fn new(len: usize) -> Self {
        Occupancy(vec![0; len.div_ceil(64)])
    }

    /// Takes the bytes of `range` (not empty) unless one of them is taken already.
    fn take(&mut self, range: std::ops::Range<usize>) -> bool {
        let words = range.start / 64..=(range.end - 1) / 64;
        // The bits of `range` in word `w`.
        let bits = |w: usize| {
            let lo = range.start.max(w * 64) - w * 64;
            let hi = range.end.min(w * 64 + 64) - w * 64;
            u64::MAX >> (64 - (hi - lo)) << lo
        };
        if words.clone().any(|w| self.0[w] & bits(w) != 0) {
            return false;
        }
        for w in words {
            self.0[w] |= bits(w);
        }
        true
    }
}

/// Full personal names (two words or more) in the article.
fn full_names(pieces: &[Piece<'_>]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in pieces.iter().flat_map(|p| &p.cands) {
        if c.kind == EntityKind::Person
            && person::name_words(&c.canonical) >= 2
            && seen.insert(c.canonical.as_str())
        {
            names.push(c.canonical.clone());
        }
    }
    names
}

/// A name the article has introduced, as tokens to look for again.
struct KnownName {
    words: Vec<String>,
    kind: EntityKind,
    canonical: String,
}

/// What to look for again: full names, the family name of a foreign name ("Lukashenko"),
/// acronyms defined in parentheses.
fn known_names(people: &[String], definitions: &HashMap<String, Definition>) -> Vec<KnownName> {
    let words_of = |s: &str| {
        Lowered::new(s)
            .tokens()
            .iter()
            .map(|t| t.text.to_string())
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for name in people {
        out.push(KnownName {
            words: words_of(name),
            kind: EntityKind::Person,
            canonical: name.clone(),
        });
        let words: Vec<&str> = name.split_whitespace().collect();
        let foreign = words.iter().all(|w| w.is_ascii());
        if let Some(last) = words.last() {
            let shared = people
                .iter()
                .filter(|p| p.split_whitespace().last() == Some(last))
                .count();
            if foreign && shared == 1 && words.len() > 1 {
                out.push(KnownName {
                    words: words_of(last),
                    kind: EntityKind::Person,
                    canonical: name.clone(),
                });
            }
        }
    }
    let mut defined: Vec<(&String, &Definition)> = definitions.iter().collect();
    defined.sort_by(|a, b| a.0.cmp(b.0));
    for (acr, d) in defined {
        out.push(KnownName {
            words: words_of(acr),
            kind: d.kind,
            canonical: d.canonical.clone(),
        });
    }
    out.retain(|k| !k.words.is_empty());
    out
}

/// Later mentions of names the article has introduced. `by_first` lists the names by their
/// first word, so each token is looked up once.
fn propagate(toks: &[Token<'_>], known: &[KnownName], by_first: &FirstWords<'_>) -> Vec<Cand> {
    // (name, first token): the order of a scan name by name.
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(names) = by_first.names_at(t.text) else {
            continue;
        };
        for &n in names {
            let j = i + known[n].words.len();
            if j > toks.len() {
                continue;
            }
            let same = toks[i..j]
                .iter()
                .zip(&known[n].words)
                .all(|(a, b)| a.text == b);
            let bounded = (i == 0 || toks[i].space_before || !toks[i - 1].is_word())
                && (j == toks.len() || toks[j].space_before || !toks[j].is_word());
            if same && bounded {
                found.push((n, i));
            }
        }
    }
    found.sort_unstable();
    found
        .into_iter()
        .map(|(n, i)| {
            let k = &known[n];
            scan_cand(toks, i, i + k.words.len(), k.kind, k.canonical.clone())
        })
        .collect()
}

/// The known names by their first word (see [`propagate`]).
struct FirstWords<'k> {
    names: FxHashMap<&'k str, Vec<usize>>,
    /// The first words' first bytes: most tokens start with none of them, and are answered
    /// without hashing the token.
    lead_bytes: [bool; 256],
}

impl FirstWords<'_> {
    /// The names starting with `word`.
    fn names_at(&self, word: &str) -> Option<&Vec<usize>> {
        let lead = *word.as_bytes().first()?;
        if !self.lead_bytes[usize::from(lead)] {
            return None;
        }
        self.names.get(word)
    }
}

fn by_first_word(known: &[KnownName]) -> FirstWords<'_> {
    let mut names: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut lead_bytes = [false; 256];
    for (n, k) in known.iter().enumerate() {
        let first = k.words[0].as_str();
        if let Some(&lead) = first.as_bytes().first() {
            lead_bytes[usize::from(lead)] = true;
        }
        names.entry(first).or_default().push(n);
    }
    FirstWords { names, lead_bytes }
}

/// (block, byte start): reading order inside an article.
type Position = (usize, usize);

/// A mention with the candidate it came from, while canonicals are settled.
struct Mention<'a> {
    block: usize,
    cand: Cand,
    raw: Draft<'a>,
}

/// Article-level canonicals: short person forms take the full name they end with; long names
/// whose words mostly agree, or that extend a shorter one, share the longest form; bare
/// document heads ("Công ước") take the nearest full name with that head, or are dropped.
fn settle_canonicals(mentions: &mut Vec<Mention<'_>>) {
    let mut people: Vec<String> = mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Person && person::name_words(&m.raw.canonical) >= 2)
        .map(|m| m.raw.canonical.clone())
        .collect();
    people.sort();
    people.dedup();
    // Each full name is compared with every short form: keyed once.
    let people: Vec<(String, String)> = people
        .into_iter()
        .map(|p| {
            let key = exact_key(&p);
            (p, key)
        })
        .collect();
    let mut full_of: HashMap<String, Option<String>> = HashMap::new();
    for m in mentions
        .iter_mut()
        .filter(|m| m.raw.kind == EntityKind::Person)
    {
        let full = full_of
            .entry(m.raw.canonical.clone())
            .or_insert_with(|| fuller_name(&m.raw.canonical, &people));
        if let Some(full) = full {
            m.raw.canonical = full.clone();
            m.cand.flavor = Flavor::Normal;
        }
    }
    // Long names: merge into the longest compatible form.
    for kind in [
        EntityKind::Organization,
        EntityKind::Document,
        EntityKind::Event,
    ] {
        let is_named = |m: &Mention| m.raw.kind == kind && m.cand.flavor == Flavor::Normal;
        let mut forms: Vec<String> = mentions
            .iter()
            .filter(|m| is_named(m))
            .map(|m| m.raw.canonical.clone())
            .collect();
        forms.sort();
        forms.dedup();
        let keys: Vec<String> = forms.iter().map(|f| exact_key(f)).collect();
        let mut target: HashMap<&str, &str> = HashMap::new();
        for (form, mine) in forms.iter().zip(&keys) {
            let best = forms
                .iter()
                .zip(&keys)
                .filter(|(_, k)| {
                    // Only a longer form is a target: the word comparisons after the length.
                    let similar = || kind != EntityKind::Organization && same_long_name(k, mine);
                    k.len() > mine.len() && (similar() || extends(k, mine))
                })
                .max_by_key(|(f, _)| f.len());
            if let Some((best, _)) = best {
                target.insert(form.as_str(), best.as_str());
            }
        }
        let target: HashMap<String, String> = target
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        for m in mentions.iter_mut().filter(|m| is_named(m)) {
            if let Some(best) = target.get(&m.raw.canonical) {
                m.raw.canonical = best.clone();
            }
        }
    }
    // Bare document heads refer back: to the nearest full name with that head before them,
    // else the first one after.
    let mut docs: HashMap<Option<String>, Vec<(Position, String)>> = HashMap::new();
    for m in mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Document && m.cand.flavor == Flavor::Normal)
    {
        docs.entry(m.cand.head.clone())
            .or_default()
            .push(((m.block, m.raw.span.start), m.raw.canonical.clone()));
    }
    mentions.retain_mut(|m| {
        if m.cand.flavor != Flavor::Bare {
            return true;
        }
        if m.raw.kind == EntityKind::Person {
            return false;
        }
        let Some(list) = docs.get(&m.cand.head) else {
            return false;
        };
        let at = list.partition_point(|(pos, _)| *pos < (m.block, m.raw.span.start));
        let pick = if at > 0 {
            list.get(at - 1)
        } else {
            list.first()
        };
        match pick {
            Some((_, canonical)) => {
                m.raw.canonical = canonical.clone();
                true
            }
            None => false,
        }
    });
}

/// Words that mark a football report; an article using several of them is one.
const SPORT_CUES: [&str; 16] = [
    "v-league",
    "hlv",
    "tiền đạo",
    "tiền vệ",
    "hậu vệ",
    "trung vệ",
    "thủ môn",
    "thủ thành",
    "ghi bàn",
    "bàn thắng",
    "đội bóng",
    "cầu thủ",
    "tỷ số",
    "đội khách",
    "chủ nhà",
    "hiệp một",
];
/// The [`SPORT_CUES`] in every case they can be written in, as one automaton: a block is
/// searched once, where lower-casing it and searching it for each cue cost several passes.
/// Finding a spelling in a text is finding its cue in the text's lower case: each character
/// lower-cases alone (only capital sigma looks at its neighbours, and only İ becomes two
/// characters, "i" and a mark no cue holds or ends before).
struct SportCues {
    spellings: aho_corasick::AhoCorasick,
    /// Per spelling, its cue's index in [`SPORT_CUES`].
    cue_of: Vec<usize>,
    /// The cues themselves, for a block's lower case when the extractor has made it: a few
    /// patterns, searched by a vector prefilter, where the spellings take a byte-by-byte walk.
    lower: aho_corasick::AhoCorasick,
}

impl SportCues {
    fn new() -> Self {
        // Each cue character with the other characters that lower-case to it alone: ASCII
        // capitals are the automaton's (ASCII case-insensitive), the rest spelled out ("đ":
        // "Đ"; "k": the Kelvin sign). Letters that lower-case to Latin ones are in the BMP.
        let mut forms: FxHashMap<char, Vec<char>> = FxHashMap::default();
        for c in SPORT_CUES.iter().flat_map(|cue| cue.chars()) {
            forms.insert(c, vec![c]);
        }
        for u in (0x80..=0xFFFF).filter_map(char::from_u32) {
            let mut lower = u.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                if l != u {
                    if let Some(f) = forms.get_mut(&l) {
                        f.push(u);
                    }
                }
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut cue_of = Vec::new();
        for (k, cue) in SPORT_CUES.iter().enumerate() {
            let mut spellings = vec![String::new()];
            for c in cue.chars() {
                spellings = spellings
                    .iter()
                    .flat_map(|s| forms[&c].iter().map(move |&f| format!("{s}{f}")))
                    .collect();
            }
            cue_of.extend(std::iter::repeat_n(k, spellings.len()));
            patterns.extend(spellings);
        }
        // A DFA: a few hundred spellings, searched over every block of every article.
        let spellings = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the sport cues make a valid automaton");
        let lower = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(SPORT_CUES)
            .expect("the sport cues make a valid automaton");
        Self {
            spellings,
            cue_of,
            lower,
        }
    }

    /// Marks in `seen` the cues in a block, given its text and, when the extractor made it, its
    /// lower case at the same offsets.
    fn find(&self, text: &str, lower: Option<&str>, seen: &mut [bool; SPORT_CUES.len()]) {
        let Some(lower) = lower else {
            for m in self.spellings.find_overlapping_iter(text) {
                seen[self.cue_of[m.pattern().as_usize()]] = true;
            }
            return;
        };
        // Leftmost-first finds one cue per start: restarting a byte after each finds every
        // occurrence, as no cue starts another (see the tests).
        let mut at = 0;
        while let Some(m) = self.lower.find(aho_corasick::Input::new(lower).range(at..)) {
            seen[m.pattern().as_usize()] = true;
            at = m.start() + 1;
        }
    }
}

/// Distinct cues that make an article a football report.
const MIN_SPORT_CUES: usize = 4;
/// Words right before or after a team's name in a match report.
const MATCH_WORDS_BEFORE: [&str; 12] = [
    "thắng",
    "hạ",
    "hòa",
    "thua",
    "gặp",
    "tiếp",
    "đánh bại",
    "hơn",
    "trước",
    "của",
    "clb",
    "đội",
];
const MATCH_WORDS_AFTER: [&str; 9] = [
    "thắng", "hòa", "thua", "đứng", "giữ", "tiếp", "dẫn", "có", "để",
];

/// In a football report a club is named by its sponsor and its place ("Thép Xanh Nam Định",
/// "Sông Lam Nghệ An") or by its place alone ("hơn Ninh Bình một điểm", "làm khách của Hải
/// Phòng"): such places are organisations, and a place that ends a club's full name stands for
/// that club everywhere in the article.
fn places_as_clubs(
    mentions: &mut [Mention<'_>],
    article: &Article,
    views: &[NfcView<'_>],
    cues: &SportCues,
) {
    // Distinct cues in the article's lower-case text (a cue never spans two blocks).
    let mut seen = [false; SPORT_CUES.len()];
    for (block, view) in article.blocks.iter().zip(views) {
        cues.find(&block.text, view.original_lower(), &mut seen);
        if seen.iter().filter(|&&s| s).count() >= MIN_SPORT_CUES {
            break;
        }
    }
    if seen.iter().filter(|&&s| s).count() < MIN_SPORT_CUES {
        return;
    }
    let mut clubs: HashMap<String, String> = HashMap::new();
    let mut teams: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter_mut().enumerate() {
        if m.raw.kind != EntityKind::Location {
            continue;
        }
        let text = &article.blocks[m.block].text;
        let before = &text[..m.raw.span.start];
        let after = &text[m.raw.span.end..];
        let lower_before = before.trim_end().to_lowercase();
        let lower_after = after.trim_start().to_lowercase();
        let after_match_word = MATCH_WORDS_BEFORE.iter().any(|w| {
            lower_before.ends_with(w)
                && lower_before[..lower_before.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        let before_match_word = MATCH_WORDS_AFTER.iter().any(|w| {
            lower_after.starts_with(w)
                && lower_after[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        // Capitalised words glued before the place: the sponsor part of the club's name.
        if let Some(start) = sponsored_start(before) {
            let full = format!("{}{}", &text[start..m.raw.span.start], m.raw.text);
            clubs.insert(m.raw.canonical.clone(), full.clone());
            m.raw.span.start = start;
            m.raw.text = Cow::Owned(full.clone());
            m.raw.canonical = full;
            m.raw.kind = EntityKind::Organization;
            m.cand.kind = EntityKind::Organization;
        } else if after_match_word || before_match_word {
            teams.push(i);
        }
    }
    for m in mentions.iter_mut() {
        if m.raw.kind != EntityKind::Location {
            continue;
        }
        if let Some(club) = clubs.get(&m.raw.canonical) {
            m.raw.kind = EntityKind::Organization;
            m.raw.canonical = club.clone();
            m.cand.kind = EntityKind::Organization;
        }
    }
    for i in teams {
        let m = &mut mentions[i];
        if m.raw.kind == EntityKind::Location {
            m.raw.kind = EntityKind::Organization;
            m.cand.kind = EntityKind::Organization;
        }
    }
    // A team named by its place once is that team wherever the place is named.
    let team_places: std::collections::HashSet<String> = mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Organization && m.raw.text == m.raw.canonical)
        .map(|m| m.raw.canonical.clone())
        .collect();
    for m in mentions.iter_mut() {
        if m.raw.kind == EntityKind::Location && team_places.contains(&m.raw.canonical) {
            m.raw.kind = EntityKind::Organization;
            m.cand.kind = EntityKind::Organization;
        }
    }
}

/// Where the capitalised words right before a place begin ("thắng |Thép Xanh Nam Định"): up
/// to three, single-spaced, letters only, not opening a sentence.
fn sponsored_start(before: &str) -> Option<usize> {
    let mut start = before.len();
    let mut words = 0;
    while words < 3 {
        let head = &before[..start];
        let Some(rest) = head.strip_suffix(' ') else {
            break;
        };
        let word_start = rest.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &rest[word_start..];
        if word.is_empty() || !word.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        start = word_start;
        words += 1;
    }
    // The sponsor must follow a lower-case word, not open a sentence or follow a title.
    let opens = before[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '(' | '-' | '–'));
    let follows_lower = before[..start]
        .trim_end()
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    (words > 0 && !opens && follows_lower).then_some(start)
}

/// How businesses are named (`assets/business_names.txt`).
#[derive(Debug, Default)]
struct BusinessNames {
    /// Lower-case heads ("công ty").
    heads: Vec<String>,
    /// Lower-case descriptor phrases ("cổ phần", "đầu tư").
    descriptors: Vec<String>,
}

impl BusinessNames {
    fn new(assets: &Assets) -> Self {
        let mut names = Self::default();
        for line in assets.list("business_names.txt") {
            if let Some(h) = line.strip_prefix("head:") {
                names.heads.push(h.trim().to_string());
            } else if let Some(d) = line.strip_prefix("descriptor:") {
                names.descriptors.push(d.trim().to_string());
            }
        }
        names
    }

    /// The words after a business head, when `key` (an exact key) starts with one.
    fn after_head<'k>(&self, key: &'k str) -> Option<&'k str> {
        self.heads
            .iter()
            .find_map(|h| key.strip_prefix(h.as_str())?.strip_prefix(' '))
    }

    /// Whether `rest` is made of descriptors only: the business's proper name is still to come.
    fn only_descriptors(&self, mut rest: &str) -> bool {
        while !rest.is_empty() {
            let Some(after) = self.descriptors.iter().find_map(|d| {
                let r = rest.strip_prefix(d.as_str())?;
                (r.is_empty() || r.starts_with(' ')).then(|| r.trim_start())
            }) else {
                return false;
            };
            rest = after;
        }
        true
    }
}

/// Businesses read as people. "Công ty cổ phần Tập đoàn Đầu tư Hoàng Gia Phát": the name right
/// after a business named by its head and descriptors alone is its proper name, not a person
/// (its words look like a family name and a given name); later, "Hoàng Gia Phát" alone is the
/// company, named short as articles do. And a name of Vietnamese words that ends in a foreign
/// one that is no Vietnamese syllable ("Phú Khang Riverside") is a project or a brand:
/// Vietnamese names end with a given name (the Ê Đê "Y Bhiao Niê", "Ksor Phước Hà" too).
fn company_names_not_people(
    mentions: &mut Vec<Mention<'_>>,
    article: &Article,
    business: &BusinessNames,
) {
    // Not in reading order yet: walk them sorted.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| (mentions[i].raw.block, mentions[i].raw.span.start));
    let mut absorbed = vec![false; mentions.len()];
    for pair in order.windows(2) {
        let (o, p) = (pair[0], pair[1]);
        let (org, person) = (&mentions[o], &mentions[p]);
        if org.raw.kind != EntityKind::Organization
            || person.raw.kind != EntityKind::Person
            || org.raw.block != person.raw.block
            || absorbed[o]
        {
            continue;
        }
        let text = &article.blocks[org.raw.block].text;
        let between = text.get(org.raw.span.end..person.raw.span.start);
        if between != Some(" ") {
            continue;
        }
        let key = exact_key(&org.raw.text);
        if !business
            .after_head(&key)
            .is_some_and(|rest| business.only_descriptors(rest))
        {
            continue;
        }
        let (end, name) = (person.raw.span.end, person.raw.text.clone());
        let org = &mut mentions[o];
        org.raw.span.end = end;
        org.raw.text = Cow::Owned(format!("{} {name}", org.raw.text));
        org.raw.canonical = format!("{} {name}", org.raw.canonical);
        absorbed[p] = true;
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !absorbed[k - 1]
    });
    let businesses: Vec<(Vec<String>, String)> = mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Organization)
        .filter_map(|m| {
            let key = exact_key(&m.raw.canonical);
            business.after_head(&key)?;
            let words = key.split(' ').map(str::to_string).collect();
            Some((words, m.raw.canonical.clone()))
        })
        .collect();
    // Without a business name no person is one's tail: their keys are not made.
    if !businesses.is_empty() {
        for m in mentions.iter_mut() {
            if m.raw.kind != EntityKind::Person {
                continue;
            }
            let key = exact_key(&m.raw.text);
            let words: Vec<&str> = key.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            let mut tails = businesses.iter().filter(|(b, _)| {
                b.len() > words.len() + 1 && b[b.len() - words.len()..] == words[..]
            });
            if let (Some((_, canonical)), None) = (tails.next(), tails.next()) {
                m.raw.kind = EntityKind::Organization;
                m.raw.canonical = canonical.clone();
                m.cand.kind = EntityKind::Organization;
            }
        }
    }
    mentions.retain(|m| {
        if m.raw.kind != EntityKind::Person {
            return true;
        }
        let words: Vec<&str> = m.raw.text.split_whitespace().collect();
        let vietnamese = words.iter().any(|w| !w.is_ascii());
        let foreign_end = words.last().is_some_and(|w| {
            w.len() >= 3
                && w.chars().all(|c| c.is_ascii_alphabetic())
                && !names::vietnamese_syllable(&w.to_ascii_lowercase())
        });
        !(vietnamese && foreign_end)
    });
}

/// "Ông Đức" after "Võ Tấn Đức": a one-word place right after "ông"/"bà" that ends a full
/// name of the article is that person, not the country; and a place of two words or more that
/// ends exactly one longer full name is that person ("Văn Lâm" after "Đặng Văn Lâm", not the
/// district).
fn honorific_places_to_people(mentions: &mut [Mention<'_>], article: &Article, people: &[String]) {
    // A place becomes one of the article's full names: none, no place to look at.
    if people.is_empty() {
        return;
    }
    // Per full name, the keys of its last words (none, one, two… all but the first): made once
    // for the article when a place asks, not again for each place.
    let mut name_ends: Option<Vec<Vec<String>>> = None;
    for m in mentions.iter_mut() {
        if m.raw.kind != EntityKind::Location {
            continue;
        }
        let words = m.raw.text.split_whitespace().count();
        let Some(before) = article.blocks[m.block].text.get(..m.raw.span.start) else {
            continue;
        };
        // Asked of one-word places only (keyed only for them).
        let honorific = || {
            before
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| matches!(exact_key(w).as_str(), "ông" | "bà"))
        };
        if words == 1 && !honorific() {
            continue;
        }
        let key = exact_key(&m.raw.text);
        let name_ends = name_ends.get_or_insert_with(|| {
            people
                .iter()
                .map(|p| {
                    let pw: Vec<&str> = p.split_whitespace().collect();
                    (0..pw.len())
                        .map(|n| exact_key(&pw[pw.len() - n..].join(" ")))
                        .collect()
                })
                .collect()
        });
        let ends: Vec<&String> = people
            .iter()
            .zip(name_ends.iter())
            .filter(|(_, ends)| ends.get(words) == Some(&key))
            .map(|(p, _)| p)
            .collect();
        if let [full] = ends.as_slice() {
            m.raw.kind = EntityKind::Person;
            m.raw.canonical = (*full).clone();
            m.cand.kind = EntityKind::Person;
        }
    }
}

/// The one longer name in `people` that `short` can stand for ("Lukashenko" → "Aleksandr
/// Lukashenko"); none when it is ambiguous. A one-word form that ends no full name may be the
/// family name of a name written family name first ("ông Ishiba" → "Ishiba Shigeru", "ông Tập"
/// → "Tập Cận Bình"), when exactly one full name starts with it.
fn fuller_name(short: &str, people: &[(String, String)]) -> Option<String> {
    let key = exact_key(short);
    let matching: Vec<&(String, String)> = people
        .iter()
        .filter(|(full, full_key)| full != short && person::keys_compatible(&key, full_key))
        .collect();
    if matching.is_empty() && person::name_words(short) == 1 {
        let mut first: Vec<&String> = people
            .iter()
            .map(|(full, _)| full)
            .filter(|full| {
                person::name_words(full) >= 2
                    && full
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| exact_key(w) == key)
            })
            .collect();
        first.sort();
        first.dedup();
        return (first.len() == 1).then(|| first[0].clone());
    }
    let (best, best_key) = matching.iter().max_by_key(|(f, _)| f.len())?;
    matching
        .iter()
        .all(|(_, k)| person::keys_compatible(k, best_key))
        .then(|| best.clone())
}

/// Same head words and word Dice ≥ 0.75: boundaries of long names vary between mentions
/// ("Tuyên bố chung về thiết lập …" / "Tuyên bố chung về việc thiết lập …"), but "Hạ viện X"
/// is not "Thượng viện X". `a` and `b` are keys (see [`exact_key`]).
fn same_long_name(a: &str, b: &str) -> bool {
    // Most pairs differ in their head words: answered before the words are listed, and most
    // of those by the first byte (a key starts with its first word).
    if a.as_bytes().first() != b.as_bytes().first()
        || a.split_whitespace()
            .take(2)
            .ne(b.split_whitespace().take(2))
    {
        return false;
    }
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    if wa.len() < 4 || wb.len() < 4 || wa[..2] != wb[..2] {
        return false;
    }
    let mut pool = wb.clone();
    let mut common = 0;
    for w in &wa {
        if let Some(p) = pool.iter().position(|x| x == w) {
            pool.swap_remove(p);
            common += 1;
        }
    }
    2.0 * common as f64 / (wa.len() + wb.len()) as f64 >= 0.75
}

/// `long` starts with all of `short`'s words (at least two): "Ủy ban liên Chính phủ" and its
/// full name.
fn extends(long: &str, short: &str) -> bool {
    // Nearly every pair fails the compare of bytes: it goes before the count of words.
    long.starts_with(short)
        && long[short.len()..].starts_with(' ')
        && short.split_whitespace().count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_sport_cue_starts_another() {
        for a in SPORT_CUES {
            for b in SPORT_CUES {
                assert!(a == b || !b.starts_with(a), "{a:?} starts {b:?}");
            }
        }
    }

    #[test]
    fn sport_cues_in_the_lower_case_are_those_of_the_text() {
        let cues = SportCues::new();
        for text in [
            "HLV Park: ghi bàn thắng ở hiệp một, TIỀN ĐẠO Đội Bóng chủ nhà",
            "Thủ Môn, thủ thành; trung vệhậu vệ V-League tỷ sốđội khách",
            "hlvhlv cầu thủ đánh bại đội bóng, Tỷ Số 2-1",
            "Không có gì ở đây",
        ] {
            let (mut by_text, mut by_lower) =
                ([false; SPORT_CUES.len()], [false; SPORT_CUES.len()]);
            cues.find(text, None, &mut by_text);
            let lower = crate::text::lowercase_aligned(text).expect("aligned");
            cues.find(text, Some(&lower), &mut by_lower);
            assert_eq!(by_text, by_lower, "{text:?}");
        }
    }
}
