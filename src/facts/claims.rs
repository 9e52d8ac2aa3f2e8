//! What a fact claims that another article could contradict. Precision first: a claim is made
//! only where the sentence says plainly what is measured or what happened, over which period and
//! about whom.
//!
//! - A figure for a measure over a period: "Kim ngạch thương mại … 9 tháng năm 2023 đạt 46,42
//!   triệu USD" (measure "kim ngạch thương mại", period January–September 2023). The measure is
//!   the first noun run of the clause before the verb ("đạt", "là", "tăng"…), or the count's unit
//!   and the words after it ("28 người chết"); the period is the date next to the figure in its
//!   clause, else the date the sentence opens with ("Năm 2023, …"). Baselines ("so với cùng kỳ
//!   năm 2022") and cut-offs ("tính đến …") are not periods.
//! - A once-only event and its date ("thiết lập quan hệ ngoại giao năm 1992", `once_events.txt`):
//!   the date right after the event (only "vào", "ngày"… between) or opening the sentence.
//! - A listed series of dates for one event ("thăm Belarus vào các năm 1957, 1961 và 1962"), with
//!   the names in the words leading to the list.

use super::figures::{Figure, FigureKind};
use super::lexicon::{
    last_word, lexicon, words, Marks, FUNCTION, INTRODUCER, STARTS_EVENT, STARTS_VERB,
};
use super::{is_named, FactDate, When};
use crate::extract::{EntityKind, RawMention, Span};
use std::borrow::Cow;

/// Part of the object of a once-only event: a word, or a mention (by index).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ObjectPart {
    Word(String),
    Mention(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Claim {
    /// Figure `figure` (index into the fact's figures) measures `measure` over the period of date
    /// `period`, about `participants` (mention indices, in sentence order).
    Figure {
        figure: usize,
        period: usize,
        measure: String,
        participants: Vec<usize>,
    },
    /// The once-only `event` (with what follows it, `object`) happened at date `date`.
    Once {
        event: String,
        object: Vec<ObjectPart>,
        date: usize,
        participants: Vec<usize>,
    },
    /// The dates listed for one event (indices into the fact's dates); `words` are the content
    /// words leading to the list ("chuyến thăm", "thăm").
    Series {
        dates: Vec<usize>,
        words: Vec<String>,
        participants: Vec<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A content word.
    Word,
    /// A function word.
    Function,
    Mention(usize),
    Date(usize),
    Figure(usize),
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    start: usize,
    end: usize,
    /// Lower case, borrowed from the sentence lower-cased as a whole (else from the text when
    /// it already is).
    lower: Cow<'a, str>,
    class: Class,
    /// What a plain word is to the word lists (none for a name, a date, a figure).
    marks: Marks,
    /// Only white space since the previous token.
    joined: bool,
    /// A clause ends before this token (",", ";", ":" in the gap; not between listed dates).
    clause_break: bool,
}

/// A sentence being analysed.
pub struct Sentence<'a> {
    /// The block text (all spans are block offsets).
    pub text: &'a str,
    pub span: Span,
    pub mentions: &'a [RawMention],
    /// Every mention of the sentence (indices into `mentions`), in order.
    pub inside: &'a [usize],
    /// Named mentions of the sentence, in order.
    pub named: &'a [usize],
    /// Named mentions of the sentence before, when this one names nothing.
    pub context: &'a [usize],
    pub dates: &'a [FactDate],
    pub figures: &'a [Figure],
}

/// The lists an analysis fills, kept by the caller from sentence to sentence: allocating them
/// (a wide token per word) for each sentence was a good part of what analysing it cost.
#[derive(Default)]
pub struct Scratch {
    /// Empty between sentences (a sentence's tokens borrow it and its lower case).
    toks: Vec<Tok<'static>>,
    lowers: Vec<&'static str>,
    places: Vec<Place>,
}

/// An empty list of `U` in `v`'s allocation: the standard library collects in place when the
/// element types have one layout, as one sentence's tokens and the next's have.
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the list is empty"))
        .collect()
}

pub struct Analysis {
    pub measures: Vec<Option<String>>,
    pub claims: Vec<Claim>,
    /// Hashes of adjacent content word pairs ("kim ngạch", "ngạch thương"), sorted.
    pub terms: Vec<super::Term>,
}

/// The words before a date make it a baseline or a cut-off rather than a period: "so với (cùng
/// kỳ) năm 2022", "tính đến năm 2024", "đến hết 2024", "Đến 16h hôm nay" (a running total as of
/// then: a later report of the same day is no contradiction).
pub fn reference_only(before: &str) -> bool {
    // Read back over the last seven words, each lower-cased only when reached.
    let mut back = super::lexicon::words_back(before, before.len())
        .take(7)
        .map(crate::text::lowercase);
    // Skip the time of day and the date's own words: "đến 4 giờ sáng ngày", "đến hết năm".
    let skipped = |w: &str| {
        w.bytes().any(|b| b.is_ascii_digit())
            || matches!(
                w,
                "năm"
                    | "ngày"
                    | "tháng"
                    | "cả"
                    | "hết"
                    | "giờ"
                    | "h"
                    | "phút"
                    | "sáng"
                    | "trưa"
                    | "chiều"
                    | "tối"
                    | "đêm"
                    | "lúc"
            )
    };
    let last = back.by_ref().find(|w| !skipped(w));
    let (before_last, third) = (back.next(), back.next());
    let end = [last.as_deref(), before_last.as_deref(), third.as_deref()];
    matches!(end[0], Some("đến" | "tới"))
        || (end[1] == Some("so") && end[0] == Some("với"))
        || (end[1] == Some("cùng") && end[0] == Some("kỳ"))
        || (end[2] == Some("so") && end[1] == Some("với"))
}

impl<'a> Sentence<'a> {
    /// Who a claim is about: the people, organisations and places the sentence names (else
    /// those of the sentence before). Documents and events are what is done, not who.
    fn participants(&self) -> Vec<usize> {
        let list = if self.named.is_empty() {
            self.context
        } else {
            self.named
        };
        list.iter().copied().filter(|&m| self.is_actor(m)).collect()
    }

    fn is_actor(&self, mention: usize) -> bool {
        matches!(
            self.mentions[mention].kind,
            EntityKind::Person | EntityKind::Organization | EntityKind::Location
        )
    }

    /// Tokens: words, with mentions, dates and figures each as one token. `lowered` is the
    /// sentence lower-cased with every character keeping its length (see
    /// [`crate::text::lowercase_aligned`]), when it could be: a word's lower case is then its
    /// range of it, where lower-casing each capitalised word or name made a `String` of it.
    fn tokens<'l>(&self, lowered: Option<&'l str>, out: &mut Vec<Tok<'l>>)
    where
        'a: 'l,
    {
        let lex = lexicon();
        let text: &'a str = self.text;
        let sentence = &text[self.span.start..self.span.end];
        let lower = |start: usize, end: usize| -> Cow<'l, str> {
            let range = start - self.span.start..end - self.span.start;
            match lowered.and_then(|l| l.get(range)) {
                Some(l) => Cow::Borrowed(l),
                None => text
                    .get(start..end)
                    .map_or(Cow::Borrowed(""), crate::text::lowercase),
            }
        };
        // About a token per five bytes (as many as words at most): room made once, where
        // growing a list of these wide tokens copied it again and again.
        out.reserve(sentence.len() / 5 + 1);
        let push = |start: usize,
                    end: usize,
                    lower: Cow<'l, str>,
                    class: Class,
                    marks: Marks,
                    out: &mut Vec<Tok<'l>>| {
            if out.last().is_some_and(|t: &Tok<'_>| t.end > start) {
                return; // still inside the previous span token
            }
            let prev_end = out.last().map_or(self.span.start, |t| t.end);
            let gap = self.text.get(prev_end..start).unwrap_or("");
            out.push(Tok {
                start,
                end,
                lower,
                class,
                marks,
                // Mostly one space: answered without walking the characters.
                joined: matches!(gap.as_bytes(), [b' ']) || gap.chars().all(char::is_whitespace),
                clause_break: gap.bytes().any(|b| matches!(b, b',' | b';' | b':')),
            });
        };
        // Cursors into the sorted spans: the words go left to right, so each list is walked once.
        let (mut di, mut fi, mut ni, mut ii) = (0, 0, 0, 0);
        let mention = |i: usize| self.mentions[i].span();
        for (offset, w) in words(sentence) {
            let s = self.span.start + offset;
            let e = s + w.len();
            while self.dates.get(di).is_some_and(|d| d.span().end <= s) {
                di += 1;
            }
            while self.figures.get(fi).is_some_and(|f| f.span().end <= s) {
                fi += 1;
            }
            while self.named.get(ni).is_some_and(|&m| mention(m).end <= s) {
                ni += 1;
            }
            while self.inside.get(ii).is_some_and(|&m| mention(m).end <= s) {
                ii += 1;
            }
            let within = |span: Span| span.start <= s && s < span.end;
            if let Some(d) = self.dates.get(di).filter(|d| within(d.span())) {
                push(
                    d.span().start,
                    d.span().end,
                    Cow::Borrowed(""),
                    Class::Date(di),
                    0,
                    out,
                );
            } else if let Some(f) = self.figures.get(fi).filter(|f| within(f.span())) {
                push(
                    f.span().start,
                    f.span().end,
                    Cow::Borrowed(""),
                    Class::Figure(fi),
                    0,
                    out,
                );
            } else if let Some(&m) = self.named.get(ni).filter(|&&m| within(mention(m))) {
                let span = mention(m);
                if out.last().is_some_and(|t| t.end > span.start) {
                    // A later word of the mention: its token is made (a long name is not
                    // lower-cased once per word).
                    continue;
                }
                push(
                    span.start,
                    span.end,
                    lower(span.start, span.end),
                    Class::Mention(m),
                    0,
                    out,
                );
            } else if self.inside[ii.min(self.inside.len())..]
                .iter()
                .take_while(|&&m| mention(m).start <= s)
                .any(|&m| !is_named(self.mentions[m].kind) && within(mention(m)))
            {
                // A money mention the figures left out (unreadable amount): no word of it.
                continue;
            } else {
                let lower = lower(s, e);
                let marks = lex.marks(&lower);
                let class = if marks & FUNCTION != 0 {
                    Class::Function
                } else {
                    Class::Word
                };
                push(s, e, lower, class, marks, out);
            }
        }
        // Listed dates ("1957, 1961 và 1962") are one phrase, not clauses.
        for k in 1..out.len() {
            if matches!(out[k].class, Class::Date(_)) && matches!(out[k - 1].class, Class::Date(_))
            {
                let gap = &self.text[out[k - 1].end..out[k].start];
                if gap.trim() == "," {
                    out[k].clause_break = false;
                }
            }
        }
    }

    pub fn analyse(&self, scratch: &mut Scratch) -> Analysis {
        let lowered = self
            .text
            .get(self.span.start..self.span.end)
            .and_then(crate::text::lowercase_aligned);
        let mut toks = recycle(std::mem::take(&mut scratch.toks));
        self.tokens(lowered.as_deref(), &mut toks);
        // The tokens' lower case in one list, so that phrase lists are matched on slices of it
        // (no words copied per token).
        let mut lowers: Vec<&str> = recycle(std::mem::take(&mut scratch.lowers));
        lowers.extend(toks.iter().map(|t| t.lower.as_ref()));
        let places = std::mem::take(&mut scratch.places);
        let shape = Shape::of(&toks, self.fronted(&toks), places);
        let mut claims = Vec::new();
        let mut measures = vec![None; self.figures.len()];
        let participants = self.participants();
        let mut window_start = 0;
        for (k, t) in toks.iter().enumerate() {
            if t.clause_break {
                window_start = k;
            }
            let Class::Figure(f) = t.class else { continue };
            let figure = &self.figures[f];
            let (tail, after_tail) = count_tail(&toks, k, figure);
            let from = window_start.min(k);
            let left = measure_before(&toks[from..k], &lowers[from..k]);
            let measure = match (figure.kind, left, tail) {
                (FigureKind::Count | FigureKind::Population, l, Some(t)) => {
                    Some(l.map_or(t.clone(), |l| format!("{l} | {t}")))
                }
                (_, l, _) => l,
            };
            measures[f] = measure.clone();
            window_start = after_tail;
            let Some(measure) = measure else { continue };
            if let Some(period) = self.period(&toks, &shape, k, after_tail) {
                if !participants.is_empty() {
                    claims.push(Claim::Figure {
                        figure: f,
                        period,
                        measure,
                        participants: participants.clone(),
                    });
                }
            }
        }
        // A once-only event needs its own names: "khởi công năm 2020" after a sentence about a
        // province is some project of that province, not the province's.
        let own: Vec<usize> = self
            .named
            .iter()
            .copied()
            .filter(|&m| self.is_actor(m))
            .collect();
        claims.extend(self.once_claims(&toks, &lowers, &shape, &own));
        claims.extend(self.series_claims(&toks, &shape));
        let terms = terms(&toks);
        scratch.lowers = recycle(lowers);
        scratch.toks = recycle(toks);
        scratch.places = shape.at;
        Analysis {
            measures,
            claims,
            terms,
        }
    }

    fn is_period(&self, date: usize) -> bool {
        let d = &self.dates[date];
        !d.reference_only && matches!(d.when, When::Within(_))
    }

    /// The date a sentence opens with ("Năm 2023, …", "Ngày 27/12/1991, …"): its first clause
    /// is that date and introducers only.
    fn fronted(&self, toks: &[Tok<'_>]) -> Option<Fronted> {
        let end = toks
            .iter()
            .skip(1)
            .position(|t| t.clause_break)
            .map(|p| p + 1)?;
        let mut date = None;
        for t in &toks[..end] {
            match t.class {
                Class::Date(d) if date.is_none() => date = Some(d),
                Class::Word | Class::Function if t.marks & INTRODUCER != 0 => {}
                _ => return None,
            }
        }
        date.map(|date| Fronted { date, end })
    }

    /// The period of the figure at token `k`: a date right after it (only introducers between),
    /// else the last date before it in its clause, else the date the sentence opens with.
    fn period(
        &self,
        toks: &[Tok<'_>],
        shape: &Shape,
        k: usize,
        after_tail: usize,
    ) -> Option<usize> {
        let mut j = after_tail;
        while let Some(t) = toks.get(j).filter(|_| j < after_tail + MAX_GAP) {
            if t.clause_break || !t.joined {
                break;
            }
            match t.class {
                Class::Date(d) => return self.is_period(d).then_some(d),
                Class::Word | Class::Function
                    if t.marks & INTRODUCER != 0 || matches!(t.lower.as_ref(), "của" | "cả") =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        if let Some(d) = shape.at[k].last_date {
            return self.is_period(d).then_some(d);
        }
        let f = shape.fronted?;
        (shape.at[k].clause_no > 0 && self.is_period(f.date)).then_some(f.date)
    }

    fn once_claims(
        &self,
        toks: &[Tok<'_>],
        lowers: &[&str],
        shape: &Shape,
        participants: &[usize],
    ) -> Vec<Claim> {
        let lex = lexicon();
        let mut out = Vec::new();
        if participants.is_empty() {
            return out;
        }
        // Tokens already part of a found event: "lập quan hệ ngoại giao" inside "thiết lập …".
        let mut done = 0;
        // The words of a name, one list for every name of the sentence.
        let mut name_words: Vec<&str> = Vec::new();
        for k in 0..toks.len() {
            if k < done {
                continue;
            }
            // Or a name ending with one: "Nghị định thư thiết lập quan hệ ngoại giao".
            name_words.clear();
            // Listed only when the last word ends an event (most names end none).
            if let Class::Mention(_) = toks[k].class {
                let name = toks[k].lower.as_ref();
                if last_word(name).is_some_and(|w| lex.once_events.ends_with(w)) {
                    name_words.extend(words(name).map(|(_, w)| w));
                }
            }
            // Most words start no event: told by their marks before any run is read.
            let starts_event = toks[k].marks & STARTS_EVENT != 0;
            if !starts_event && name_words.is_empty() {
                continue;
            }
            // The event's words: consecutive plain words.
            let run = toks[k..]
                .iter()
                .enumerate()
                .take(MAX_EVENT_WORDS)
                .take_while(|(i, t)| {
                    matches!(t.class, Class::Word | Class::Function) && (*i == 0 || t.joined)
                })
                .count();
            let (event, len) = match (
                lex.once_events.match_at(&lowers[k..k + run]),
                lex.once_events.match_end(&name_words),
            ) {
                (Some(e), _) => (e, e.words.len()),
                (None, Some(e)) => (e, 1),
                (None, None) => continue,
            };
            let after = k + len;
            done = after;
            let mut object = Vec::new();
            let mut introduced = false;
            let mut date = None;
            for t in toks[after..].iter().take(MAX_GAP) {
                if !t.joined || t.clause_break {
                    break;
                }
                match t.class {
                    Class::Date(d) => {
                        date = Some(d);
                        break;
                    }
                    Class::Word | Class::Function if t.marks & INTRODUCER != 0 => introduced = true,
                    Class::Mention(m) if !introduced && object.len() < 4 => {
                        object.push(ObjectPart::Mention(m))
                    }
                    Class::Word if !introduced && object.len() < 4 => {
                        object.push(ObjectPart::Word(t.lower.to_string()))
                    }
                    _ => break,
                }
            }
            if date.is_none() {
                // "Ngày 27/12/1991, Việt Nam công nhận độc lập của Belarus …"
                if let Some(f) = shape.fronted {
                    let dates_between = shape.at[k].dates_before > shape.at[f.end].dates_before;
                    if shape.at[k].clause_no == 1 && !dates_between {
                        date = Some(f.date);
                        object = toks[after..]
                            .iter()
                            .take_while(|t| t.joined && !t.clause_break)
                            .map_while(|t| match t.class {
                                Class::Mention(m) => Some(ObjectPart::Mention(m)),
                                Class::Word => Some(ObjectPart::Word(t.lower.to_string())),
                                _ => None,
                            })
                            .take(4)
                            .collect();
                    }
                }
            }
            let Some(date) = date.filter(|&d| self.is_period(d)) else {
                continue;
            };
            out.push(Claim::Once {
                event: event.words.join(" "),
                object,
                date,
                participants: participants.to_vec(),
            });
        }
        out
    }

    fn series_claims(&self, toks: &[Tok<'_>], shape: &Shape) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < toks.len() {
            let Class::Date(first) = toks[k].class else {
                k += 1;
                continue;
            };
            let mut dates = vec![first];
            let mut j = k;
            loop {
                match (toks.get(j + 1), toks.get(j + 2)) {
                    (Some(n), _) if matches!(n.class, Class::Date(_)) && !n.clause_break => {
                        if let Class::Date(d) = n.class {
                            dates.push(d);
                        }
                        j += 1;
                    }
                    (Some(and), Some(n))
                        if and.lower == "và"
                            && and.joined
                            && n.joined
                            && matches!(n.class, Class::Date(_)) =>
                    {
                        if let Class::Date(d) = n.class {
                            dates.push(d);
                        }
                        j += 2;
                    }
                    _ => break,
                }
            }
            // Points in time (a year at most): terms of office "2017 - 2021 và 2023 - 2027"
            // are not one event's dates.
            let points = dates.iter().all(|&d| {
                self.is_period(d) && self.dates[d].when.range().is_some_and(|r| r.days() <= 366)
            });
            if dates.len() >= 2 && points {
                let anchor = &toks[shape.at[k].clause_start..k];
                let participants: Vec<usize> = anchor
                    .iter()
                    .filter_map(|t| match t.class {
                        Class::Mention(m) if self.is_actor(m) => Some(m),
                        _ => None,
                    })
                    .collect();
                let words: Vec<String> = anchor
                    .iter()
                    .filter(|t| t.class == Class::Word)
                    .map(|t| t.lower.to_string())
                    .collect();
                if !participants.is_empty() && !words.is_empty() {
                    out.push(Claim::Series {
                        dates,
                        words,
                        participants,
                    });
                }
            }
            k = j + 1;
        }
        out
    }
}

#[cfg(test)]
#[test]
fn a_recycled_list_keeps_its_allocation() {
    let words: Vec<&'static str> = Vec::with_capacity(100);
    let text = String::from("kim ngạch");
    let mut lowers: Vec<&str> = recycle(words);
    lowers.push(&text);
    assert!(lowers.capacity() >= 100);
    let again: Vec<&'static str> = recycle(lowers);
    assert!(again.is_empty() && again.capacity() >= 100);
}

/// Hashes of adjacent content word pairs, numbers left out.
fn terms(toks: &[Tok<'_>]) -> Vec<super::Term> {
    // Each token told once (the pairs overlap), by its bytes: an ASCII digit is one byte.
    let content =
        |t: &Tok<'_>| t.class == Class::Word && !t.lower.bytes().any(|b| b.is_ascii_digit());
    let mut out: Vec<super::Term> = Vec::with_capacity(toks.len());
    let mut previous: Option<&Tok<'_>> = None;
    for t in toks {
        let this = content(t).then_some(t);
        if let (Some(a), Some(b)) = (previous, this) {
            if b.joined {
                out.push(super::hash_of((a.lower.as_ref(), b.lower.as_ref())) as super::Term);
            }
        }
        previous = this;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Longest once-only event phrase, in words.
const MAX_EVENT_WORDS: usize = 6;
/// Most tokens looked at between an event or a figure and its date.
const MAX_GAP: usize = 8;

/// The date a sentence opens with, and the first token after its clause.
#[derive(Debug, Clone, Copy)]
struct Fronted {
    date: usize,
    end: usize,
}

/// Where each token stands in its sentence, computed in one pass so that every lookup from a
/// figure or an event is constant time (a long sentence with many figures stays linear).
struct Shape {
    /// Per token (one list: one allocation per sentence).
    at: Vec<Place>,
    fronted: Option<Fronted>,
}

/// Where a token stands.
#[derive(Clone, Copy)]
struct Place {
    /// First token of the token's clause.
    clause_start: usize,
    /// The clause's number (0 for the first).
    clause_no: usize,
    /// The last date before the token in its clause.
    last_date: Option<usize>,
    /// Date tokens before the token.
    dates_before: usize,
}

impl Shape {
    /// The shape of `toks`, its places in `at` (a list kept from sentence to sentence).
    fn of(toks: &[Tok<'_>], fronted: Option<Fronted>, mut at: Vec<Place>) -> Shape {
        at.clear();
        at.reserve(toks.len());
        let (mut start, mut no, mut last, mut count) = (0, 0, None, 0);
        for (k, t) in toks.iter().enumerate() {
            if t.clause_break {
                start = k;
                no += 1;
                last = None;
            }
            at.push(Place {
                clause_start: start,
                clause_no: no,
                last_date: last,
                dates_before: count,
            });
            if let Class::Date(d) = t.class {
                last = Some(d);
                count += 1;
            }
        }
        Shape { at, fronted }
    }
}

/// For a count, its unit and up to two content words after it ("người chết", "dự án đầu tư");
/// also returns the index of the first token after them.
fn count_tail(toks: &[Tok<'_>], k: usize, figure: &Figure) -> (Option<String>, usize) {
    if !matches!(figure.kind, FigureKind::Count | FigureKind::Population) {
        return (None, k + 1);
    }
    let mut tail = vec![figure.unit.to_string()];
    let mut j = k + 1;
    while let Some(t) = toks.get(j) {
        if tail.len() >= 3 || !t.joined || t.clause_break || t.class != Class::Word {
            break;
        }
        tail.push(t.lower.to_string());
        j += 1;
    }
    (Some(tail.join(" ")), j)
}

/// What a figure measures, from the tokens of its clause before it: the verb nearest the figure
/// ("đạt", "là", "tăng") is dropped, then the first run of two or more content words is the
/// measure (at most four words), with the direction of a change.
fn measure_before(toks: &[Tok<'_>], lowers: &[&str]) -> Option<String> {
    let lex = lexicon();
    let mut verb_at = toks.len();
    let mut direction = "";
    for k in (0..toks.len()).rev() {
        // Most words start no verb: told by their marks before any run is read.
        if toks[k].marks & STARTS_VERB == 0 {
            continue;
        }
        let run = toks[k..]
            .iter()
            .take(3)
            .take_while(|t| matches!(t.class, Class::Word | Class::Function))
            .count();
        if let Some(v) = lex.measure_verbs.match_at(&lowers[k..k + run]) {
            verb_at = k;
            direction = match v.flag.as_str() {
                "up" => " ↑",
                "down" => " ↓",
                _ => "",
            };
            break;
        }
    }
    let before = &toks[..verb_at];
    let mut run: Vec<&str> = Vec::new();
    for t in before {
        let continues = t.class == Class::Word && (run.is_empty() || t.joined);
        if continues {
            run.push(&t.lower);
            continue;
        }
        if run.len() >= 2 {
            break;
        }
        run.clear();
        if t.class == Class::Word {
            run.push(&t.lower);
        }
    }
    (run.len() >= 2).then(|| format!("{}{direction}", run[..run.len().min(4)].join(" ")))
}
