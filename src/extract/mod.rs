//! Finding entity mentions in a cleaned [`Article`]: people, organisations, places, dates,
//! amounts of money, named documents and events. Rules plus gazetteers from `assets/`.

mod names;
mod numeric;
mod person;
mod phrases;
mod tokens;

pub use person::person_names_compatible;

use crate::assets::Assets;
use crate::clean::Article;
use crate::text::exact_key;
use names::{Cand, Flavor, Scan};
use numeric::Numeric;
use phrases::{Role, Table};
use serde::Serialize;
use std::collections::HashMap;
use tokens::{tokenize, NfcView, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A mention found in one article, before linking across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMention {
    /// Index into `Article::blocks`.
    pub block: usize,
    pub span: Span,
    pub kind: EntityKind,
    /// The surface text, `block.text[span]`.
    pub text: String,
    /// The canonical form this mention stands for within its article: the full name the
    /// article uses for the entity ("Aleksandr Lukashenko" for a later "Lukashenko"), the
    /// expansion of an acronym defined or known ("Liên Hợp Quốc" for "LHQ"), the normalised date
    /// ("11-12/5/2025", "1992") or amount ("65 triệu USD"). Linking keys on it.
    pub canonical: String,
}

/// The extractor, holding the gazetteers and compiled rules. Build once, use for every article.
pub struct Extractor {
    table: Table,
    numeric: Numeric,
}

/// Acronym defined in an article ("Liên minh Kinh tế Á-Âu (EAEU)"): what it stands for.
#[derive(Debug, Clone)]
struct Definition {
    kind: EntityKind,
    canonical: String,
}

/// One block's analysis.
struct BlockScan<'a> {
    toks: Vec<Token<'a>>,
    cands: Vec<Cand>,
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
        let mut scans: Vec<BlockScan<'_>> = Vec::with_capacity(views.len());
        for view in &views {
            let toks = tokenize(&view.text);
            let hits = self.table.scan(&toks);
            let mut cands = Vec::new();
            {
                let scan = Scan {
                    toks: &toks,
                    hits: &hits,
                    table: &self.table,
                };
                scan.gazetteer(&mut cands);
                let titles = scan.heads(&mut cands);
                let named = cands.clone();
                scan.persons(&titles, &named, &mut cands);
                self.acronyms(&scan, &mut cands, &mut definitions);
            }
            for f in self.numeric.find(&view.text) {
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
            let cands = resolve(cands);
            scans.push(BlockScan { toks, cands });
        }
        // One sense per discourse: names found once are found everywhere in the article.
        let people = full_names(&scans);
        for scan in &mut scans {
            let mut extra = propagate(&scan.toks, &people, &definitions);
            if extra.is_empty() {
                continue;
            }
            extra.append(&mut scan.cands);
            scan.cands = resolve(extra);
        }
        let mut out = Vec::new();
        for (block, (scan, view)) in scans.iter().zip(&views).enumerate() {
            for c in &scan.cands {
                let start = view.to_original(c.start);
                let end = view.to_original(c.end);
                let original = &article.blocks[block].text;
                let Some(text) = original.get(start..end) else {
                    continue;
                };
                out.push(Mention {
                    block,
                    cand: c.clone(),
                    raw: RawMention {
                        block,
                        span: Span { start, end },
                        kind: c.kind,
                        text: text.to_string(),
                        canonical: c.canonical.clone(),
                    },
                });
            }
        }
        settle_canonicals(&mut out);
        out.sort_by_key(|m| (m.raw.block, m.raw.span.start));
        out.into_iter().map(|m| m.raw).collect()
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
                    (kind, e.canonical.clone())
                });
            // The name closest before the parenthesis, in the same clause.
            let mut best: Option<usize> = None;
            for (k, c) in cands.iter().enumerate() {
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
fn resolve(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.prio.cmp(&a.prio))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        if c.start >= c.end || kept.iter().any(|k| c.start < k.end && k.start < c.end) {
            continue;
        }
        kept.push(c);
    }
    kept.sort_by_key(|c| c.start);
    kept
}

/// Full personal names (two words or more) in the article.
fn full_names(scans: &[BlockScan<'_>]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in scans.iter().flat_map(|s| &s.cands) {
        if c.kind == EntityKind::Person
            && person::name_words(&c.canonical) >= 2
            && !names.contains(&c.canonical)
        {
            names.push(c.canonical.clone());
        }
    }
    names
}

/// Later mentions of names the article has introduced: full names, the family name of a foreign
/// name ("Lukashenko"), acronyms defined in parentheses.
fn propagate(
    toks: &[Token<'_>],
    people: &[String],
    definitions: &HashMap<String, Definition>,
) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut patterns: Vec<(Vec<Token<'_>>, EntityKind, String)> = Vec::new();
    for name in people {
        patterns.push((tokenize(name), EntityKind::Person, name.clone()));
        let words: Vec<&str> = name.split_whitespace().collect();
        let foreign = words.iter().all(|w| w.is_ascii());
        if let Some(last) = words.last() {
            let shared = people
                .iter()
                .filter(|p| p.split_whitespace().last() == Some(last))
                .count();
            if foreign && shared == 1 {
                patterns.push((tokenize(last), EntityKind::Person, name.clone()));
            }
        }
    }
    for (acr, d) in definitions {
        patterns.push((tokenize(acr), d.kind, d.canonical.clone()));
    }
    for (pattern, kind, canonical) in &patterns {
        if pattern.is_empty() {
            continue;
        }
        for i in 0..toks.len().saturating_sub(pattern.len() - 1) {
            let j = i + pattern.len();
            let same = toks[i..j]
                .iter()
                .zip(pattern)
                .all(|(a, b)| a.text == b.text);
            let bounded = (i == 0 || toks[i].space_before || !toks[i - 1].is_word())
                && (j == toks.len() || toks[j].space_before || !toks[j].is_word());
            if same && bounded {
                out.push(scan_cand(toks, i, j, *kind, canonical.clone()));
            }
        }
    }
    out
}

/// A mention with the candidate it came from, while canonicals are settled.
struct Mention {
    block: usize,
    cand: Cand,
    raw: RawMention,
}

/// Article-level canonicals: short person forms take the full name they end with; long names
/// whose words mostly agree, or that extend a shorter one, share the longest form; bare
/// document heads ("Công ước") take the nearest full name with that head, or are dropped.
fn settle_canonicals(mentions: &mut Vec<Mention>) {
    let people: Vec<String> = mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Person && person::name_words(&m.raw.canonical) >= 2)
        .map(|m| m.raw.canonical.clone())
        .collect();
    for m in mentions.iter_mut() {
        if m.raw.kind != EntityKind::Person {
            continue;
        }
        let matching: Vec<&String> = people
            .iter()
            .filter(|full| {
                *full != &m.raw.canonical && person_names_compatible(&m.raw.canonical, full)
            })
            .collect();
        if let Some(best) = matching.iter().max_by_key(|f| f.len()) {
            let all_same = matching.iter().all(|f| person_names_compatible(f, best));
            if all_same {
                m.raw.canonical = (*best).clone();
                m.cand.flavor = Flavor::Normal;
            }
        }
    }
    // Long names: merge into the longest compatible form.
    for kind in [
        EntityKind::Organization,
        EntityKind::Document,
        EntityKind::Event,
    ] {
        let forms: Vec<String> = mentions
            .iter()
            .filter(|m| m.raw.kind == kind && m.cand.flavor == Flavor::Normal)
            .map(|m| m.raw.canonical.clone())
            .collect();
        for m in mentions
            .iter_mut()
            .filter(|m| m.raw.kind == kind && m.cand.flavor == Flavor::Normal)
        {
            let mine = exact_key(&m.raw.canonical);
            let longer: Vec<&String> = forms
                .iter()
                .filter(|f| {
                    let k = exact_key(f);
                    let similar = kind != EntityKind::Organization && same_long_name(&k, &mine);
                    k.len() > mine.len() && (similar || extends(&k, &mine))
                })
                .collect();
            if let Some(best) = longer.iter().max_by_key(|f| f.len()) {
                m.raw.canonical = (*best).clone();
            }
        }
    }
    // Bare document heads refer back.
    let docs: Vec<(usize, usize, Option<String>, String)> = mentions
        .iter()
        .filter(|m| m.raw.kind == EntityKind::Document && m.cand.flavor == Flavor::Normal)
        .map(|m| {
            (
                m.block,
                m.raw.span.start,
                m.cand.head.clone(),
                m.raw.canonical.clone(),
            )
        })
        .collect();
    mentions.retain_mut(|m| {
        if m.cand.flavor != Flavor::Bare {
            return true;
        }
        if m.raw.kind == EntityKind::Person {
            return false;
        }
        let before = docs
            .iter()
            .rfind(|d| d.2 == m.cand.head && (d.0, d.1) < (m.block, m.raw.span.start));
        let any = docs.iter().find(|d| d.2 == m.cand.head);
        match before.or(any) {
            Some(d) => {
                m.raw.canonical = d.3.clone();
                true
            }
            None => false,
        }
    });
}

/// Same head words and word Dice ≥ 0.75: boundaries of long names vary between mentions
/// ("Tuyên bố chung về thiết lập …" / "Tuyên bố chung về việc thiết lập …"), but "Hạ viện X"
/// is not "Thượng viện X".
fn same_long_name(a: &str, b: &str) -> bool {
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
    short.split_whitespace().count() >= 2
        && long.starts_with(short)
        && long[short.len()..].starts_with(' ')
}
