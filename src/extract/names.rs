//! Named mentions from tokens: gazetteer places, organisations and events; head-noun names
//! (organisations, documents, events) with their complements; people after titles, after
//! Vietnamese family names, or as dotted initials.

use super::phrases::{EnglishHead, HeadFlags, Hit, Hits, Role, Table};
use super::tokens::Token;
use super::EntityKind;

/// What a candidate still needs before it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flavor {
    Normal,
    /// A lower-case document head ("tuyên bố về …"): a name only when an acronym is defined
    /// right after it ("… (DOC)").
    Weak,
    /// A document head on its own ("Công ước", "Tuyên bố chung"): refers back to a full name
    /// with the same head in the article, or is dropped.
    Bare,
}

/// A mention candidate in one block (token range and byte range in the NFC text).
#[derive(Debug, Clone)]
pub struct Cand {
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub canonical: String,
    /// Breaks ties between candidates of the same length: higher wins.
    pub prio: u8,
    pub flavor: Flavor,
    /// The head noun of a document ("Hiệp định"), for bare references.
    pub head: Option<String>,
}

/// Priorities among candidates of equal length.
pub const PRIO_NUMERIC: u8 = 9;
pub const PRIO_GAZETTEER: u8 = 8;
pub const PRIO_DOCUMENT: u8 = 7;
pub const PRIO_EVENT: u8 = 6;
pub const PRIO_ORG: u8 = 5;
pub const PRIO_PLACE: u8 = 4;
pub const PRIO_PERSON: u8 = 3;
pub const PRIO_LOCAL_PLACE: u8 = 2;
pub const PRIO_PROPAGATED: u8 = 1;

/// Longest complement we follow, in tokens.
const MAX_COMPLEMENT: usize = 40;
/// Lower-case syllables allowed after a capitalised component of an organisation name
/// ("Tiêu chuẩn hóa quốc tế").
const MAX_LOWER_TAIL: usize = 5;
/// Syllables of a personal name.
const MAX_NAME_WORDS: usize = 5;

/// A word opening a name that a rule of its own reads from it.
#[derive(Debug, Clone, Copy)]
enum Opener {
    /// "bão", "siêu", "typhoon"…: see [`Scan::storm`].
    Storm,
    /// "vô", "quán"…, with the word that must follow it ("địch", "quân"): see
    /// [`Scan::contest_won`].
    Contest(&'static str),
}

impl Opener {
    const STORMS: [&'static str; 6] = ["bão", "siêu", "typhoon", "storm", "hurricane", "cyclone"];
    const CONTESTS: [(&'static str, &'static str); 5] = [
        ("quán", "quân"),
        ("á", "quân"),
        ("vô", "địch"),
        ("chung", "kết"),
        ("ngôi", "vương"),
    ];

    /// Per first byte, the byte lengths (a bit each) of the openers starting with it.
    const SHAPES: [u64; 256] = {
        let mut shapes = [0u64; 256];
        let mut k = 0;
        while k < Self::STORMS.len() + Self::CONTESTS.len() {
            let word = if k < Self::STORMS.len() {
                Self::STORMS[k]
            } else {
                Self::CONTESTS[k - Self::STORMS.len()].0
            };
            shapes[word.as_bytes()[0] as usize] |= 1 << word.len();
            k += 1;
        }
        shapes
    };

    /// The opener a token's lower case is. Asked at every token: its first byte and length
    /// turn nearly every word away before any compare.
    fn of(lower: &str) -> Option<Self> {
        let b = lower.as_bytes();
        let shapes = b
            .first()
            .map_or(0, |&first| Self::SHAPES[usize::from(first)]);
        if b.len() >= 64 || shapes >> b.len() & 1 == 0 {
            return None;
        }
        if Self::STORMS.contains(&lower) {
            return Some(Self::Storm);
        }
        Self::CONTESTS
            .iter()
            .find(|(word, _)| *word == lower)
            .map(|&(_, second)| Self::Contest(second))
    }
}

/// The kinds of role (flags aside) among the phrases starting at a token, a bit each: most
/// tokens start none of the phrases a rule reads, and are answered by the mask, not by a walk
/// over their hits.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Kinds(u32);

impl Kinds {
    const PLACE: u32 = 1 << 0;
    const ORG: u32 = 1 << 1;
    const EVENT: u32 = 1 << 2;
    const DOC: u32 = 1 << 3;
    const TITLE: u32 = 1 << 4;
    const ORG_HEAD: u32 = 1 << 5;
    const DOC_HEAD: u32 = 1 << 6;
    const EVENT_HEAD: u32 = 1 << 7;
    const STATE_PREFIX: u32 = 1 << 8;
    const ADMIN_UNIT: u32 = 1 << 9;
    const LOCAL_PLACE: u32 = 1 << 10;
    const STOP: u32 = 1 << 11;
    const CLAUSE_STOP: u32 = 1 << 12;
    const SURNAME: u32 = 1 << 13;
    const ENGLISH_HEAD: u32 = 1 << 14;
    const NAME_PARTICLE: u32 = 1 << 15;
    const COMMON_CAP: u32 = 1 << 16;
    /// A title or a head noun.
    const HEADS: u32 = Self::TITLE | Self::ORG_HEAD | Self::DOC_HEAD | Self::EVENT_HEAD;

    pub(super) fn of(hits: &[Hit]) -> Self {
        Self(hits.iter().fold(0, |kinds, h| kinds | Self::bit(h.role)))
    }

    fn bit(role: Role) -> u32 {
        match role {
            Role::Place => Self::PLACE,
            Role::Org => Self::ORG,
            Role::Event => Self::EVENT,
            Role::Doc => Self::DOC,
            Role::Title => Self::TITLE,
            Role::OrgHead(_) => Self::ORG_HEAD,
            Role::DocHead(_) => Self::DOC_HEAD,
            Role::EventHead(_) => Self::EVENT_HEAD,
            Role::StatePrefix => Self::STATE_PREFIX,
            Role::AdminUnit => Self::ADMIN_UNIT,
            Role::LocalPlace { .. } => Self::LOCAL_PLACE,
            Role::Stop => Self::STOP,
            Role::ClauseStop => Self::CLAUSE_STOP,
            Role::Surname => Self::SURNAME,
            Role::EnglishHead(_) => Self::ENGLISH_HEAD,
            Role::NameParticle => Self::NAME_PARTICLE,
            Role::CommonCap => Self::COMMON_CAP,
        }
    }

    /// One of `kinds` is among them.
    fn any(self, kinds: u32) -> bool {
        self.0 & kinds != 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Org,
    Doc,
    Event,
}

pub struct Scan<'t, 'a> {
    pub toks: &'t [Token<'a>],
    pub hits: &'t Hits,
    pub table: &'t Table,
    /// The article is in English: English head words name things.
    pub english: bool,
}

/// Joins tokens i..j as written, with single spaces where the text had any.
pub fn surface(toks: &[Token<'_>], i: usize, j: usize) -> String {
    // At most the bytes the tokens span: one allocation, not a regrowth per token.
    let spanned = if i < j {
        toks[j - 1].end - toks[i].start
    } else {
        0
    };
    let mut s = String::with_capacity(spanned);
    for (k, t) in toks[i..j].iter().enumerate() {
        if k > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}

impl<'t, 'a> Scan<'t, 'a> {
    /// A scan of `toks`, whose phrases `table` found in `hits`.
    pub fn new(toks: &'t [Token<'a>], hits: &'t Hits, table: &'t Table, english: bool) -> Self {
        Self {
            toks,
            hits,
            table,
            english,
        }
    }

    fn n(&self) -> usize {
        self.toks.len()
    }

    /// The kinds of the hits at `i` (none past the end).
    fn kinds(&self, i: usize) -> Kinds {
        self.hits.kinds(i)
    }

    /// Whether the hit's tokens are written with the capitals its role needs.
    fn case_ok(&self, i: usize, hit: Hit) -> bool {
        // Matched on the hit's copy of the role: the entry (far away in memory) is read only by
        // the roles that compare its words.
        let entry = || self.table.entry(hit.entry);
        let toks = &self.toks[i..i + hit.len];
        let acronyms_exact = || {
            let entry = entry();
            !entry.has_acronym
                || entry
                    .words()
                    .zip(toks)
                    .all(|(f, t)| !is_acronym_form(f) || f == t.text)
        };
        let first_cap = toks.first().is_some_and(|t| t.is_cap());
        match hit.role {
            Role::Place | Role::LocalPlace { .. } => {
                // Tokens all capitalised (most hits) have every capital the entry may ask for.
                acronyms_exact()
                    && (toks.iter().all(Token::is_cap)
                        || entry().words().zip(toks).all(|(f, t)| {
                            !f.chars().next().is_some_and(char::is_uppercase)
                                || t.text.chars().next().is_some_and(char::is_uppercase)
                        }))
            }
            Role::Org | Role::Event | Role::Doc => {
                let words = || entry().words().filter(|f| is_word_form(f)).count();
                acronyms_exact()
                    && (first_cap
                        || words() >= 3
                        || entry().words().next() == toks.first().map(|t| t.text))
            }
            Role::Surname | Role::CommonCap => first_cap,
            Role::Title => acronyms_exact(),
            // A lower-case document head is only a weak candidate (see `Flavor::Weak`).
            Role::DocHead(_) => true,
            Role::OrgHead(f) if f.lower => true,
            Role::OrgHead(_) | Role::EventHead(_) => {
                first_cap || entry().words().next().is_some_and(|f| !starts_upper(f))
            }
            _ => true,
        }
    }

    /// The longest hit at `i` whose role passes `pred` and whose case fits.
    pub fn best(&self, i: usize, pred: impl Fn(Role) -> bool) -> Option<Hit> {
        self.hits
            .at(i)?
            .iter()
            .rev()
            .copied()
            .find(|h| pred(h.role) && self.case_ok(i, *h))
    }

    /// The longest hit at `i` of one of `kinds` (flags aside) whose case fits: the token's
    /// mask answers most asks before any hit is read.
    // Inlined: each caller's constant `kinds` then tests the roles as a `matches!` would, and
    // the mask is read without a call.
    #[inline(always)]
    fn longest(&self, i: usize, kinds: u32) -> Option<Hit> {
        if !self.kinds(i).any(kinds) {
            return None;
        }
        self.best(i, |r| Kinds::bit(r) & kinds != 0)
    }

    /// A hit of `role`'s kind at `i` (its flags, if any, not compared).
    fn has(&self, i: usize, role: Role) -> bool {
        self.kinds(i).any(Kinds::bit(role)) && self.best(i, |r| r.same_kind(role)).is_some()
    }

    fn starts_place_or_org(&self, i: usize) -> bool {
        self.longest(i, Kinds::PLACE | Kinds::ORG | Kinds::EVENT | Kinds::DOC)
            .is_some()
    }

    fn cand(&self, i: usize, j: usize, kind: EntityKind, canonical: String, prio: u8) -> Cand {
        Cand {
            tok_start: i,
            tok_end: j,
            start: self.toks[i].start,
            end: self.toks[j - 1].end,
            kind,
            canonical,
            prio,
            flavor: Flavor::Normal,
            head: None,
        }
    }

    /// Gazetteer places (with formal prefixes and administrative-unit names), organisations and
    /// events.
    pub fn gazetteer(&self, out: &mut Vec<Cand>) {
        let mut unit_end = 0;
        self.dateline_tag(out);
        for i in 0..self.n() {
            let opener = Opener::of(self.toks[i].lower);
            if let Some(Opener::Storm) = opener {
                self.storm(i, out);
            }
            // "U23 Việt Nam", "U19 Thái Lan": an age-group national team (a capitalised word:
            // the flag turns most tokens away before their text is read).
            if self.toks[i].is_cap() && is_age_group(self.toks[i].text) {
                if let Some(h) = self.longest(i + 1, Kinds::PLACE) {
                    let name = surface(self.toks, i, i + 1 + h.len);
                    out.push(self.cand(i, i + 1 + h.len, EntityKind::Organization, name, PRIO_ORG));
                }
            }
            // Most tokens start no phrase: the rules that read the phrases starting here are
            // not asked for them.
            let kinds = self.kinds(i);
            if let Some(h) = self.longest(i, Kinds::PLACE) {
                // "Anh ấy …", and "Anh Nguyễn Văn Bình cho biết": a form of address there.
                let single_common = h.len == 1
                    && self.toks[i].sentence_start
                    && self.has(i, Role::CommonCap)
                    && (self
                        .toks
                        .get(i + 1)
                        .is_some_and(|t| t.is_word() && !t.is_cap())
                        || self.person_starts(i + 1));
                let part_of_name = h.len == 1 && self.inside_name(i);
                if !(single_common || part_of_name) {
                    let canonical = self.table.entry(h.entry).canonical().to_string();
                    out.push(self.cand(
                        i,
                        i + h.len,
                        EntityKind::Location,
                        canonical,
                        PRIO_GAZETTEER,
                    ));
                }
            }
            if kinds.any(Kinds::LOCAL_PLACE) {
                self.local_place(i, out);
            }
            self.domain(i, out);
            self.camel_case_brand(i, out);
            if let Some(Opener::Contest(second)) = opener {
                self.contest_won(i, second, out);
            }
            // Most known words start none of the phrases the rules below read (stop words,
            // family names).
            let below = Kinds::STATE_PREFIX | Kinds::ADMIN_UNIT | Kinds::ORG | Kinds::EVENT;
            if !kinds.any(below | Kinds::DOC) {
                continue;
            }
            if let Some(p) = self.longest(i, Kinds::STATE_PREFIX) {
                if let Some(h) = self.longest(i + p.len, Kinds::PLACE) {
                    if self.toks[i].is_cap() {
                        let canonical = self.table.entry(h.entry).canonical().to_string();
                        let end = i + p.len + h.len;
                        out.push(self.cand(i, end, EntityKind::Location, canonical, PRIO_PLACE));
                    }
                }
            }
            // "thành phố": the inner "phố" is not a unit word of its own.
            let unit = if i >= unit_end {
                self.longest(i, Kinds::ADMIN_UNIT)
            } else {
                None
            };
            if let Some(u) = unit {
                unit_end = i + u.len;
                let j = i + u.len;
                // "Xã Tân Phú có …": an administrative unit opening a sentence still is one.
                let lower = !self.toks[i].is_cap()
                    || (self.toks[i].sentence_start
                        && is_administrative(&surface(self.toks, i, j).to_lowercase()));
                if lower {
                    self.features_and_lists(i, j, out);
                }
                let feature = is_natural_feature(self.toks[i].lower);
                let named_here = self.longest(j, Kinds::PLACE).is_some()
                    || (self.person_starts(j) && self.after_body(i));
                // A district's known name ends there ("xã Sóc Sơn | Nguyễn Văn A").
                let local_end = self
                    .longest(j, Kinds::LOCAL_PLACE)
                    .map(|h| j + h.len)
                    .filter(|&e| self.person_starts(e) || self.has(e, Role::Title));
                if lower && !feature && !named_here {
                    let mut k = j;
                    while k < self.n()
                        && Some(k) != local_end
                        && k - j < 4
                        && self.toks[k].is_cap()
                        && !self.toks[k].is_acronym()
                        && (k == j || !self.toks[k].sentence_start)
                        && self
                            .best(k, |r| {
                                (k == j && matches!(r, Role::Title))
                                    || matches!(r, Role::OrgHead(_) | Role::DocHead(_))
                            })
                            .is_none()
                    {
                        k += 1;
                    }
                    if k > j {
                        let name = surface(self.toks, j, k);
                        out.push(self.cand(j, k, EntityKind::Location, name, PRIO_PLACE));
                    }
                }
            }
            for (kind, bit) in [
                (EntityKind::Organization, Kinds::ORG),
                (EntityKind::Event, Kinds::EVENT),
                (EntityKind::Document, Kinds::DOC),
            ] {
                if let Some(h) = self.longest(i, bit) {
                    let canonical = self.table.entry(h.entry).canonical().to_string();
                    let mut c = self.cand(i, i + h.len, kind, canonical, PRIO_GAZETTEER);
                    // A known document keeps its head noun, so a later bare "Công ước" finds it.
                    c.head = self
                        .longest(i, Kinds::DOC_HEAD)
                        .map(|d| self.table.entry(d.entry).form.to_string());
                    out.push(c);
                }
            }
        }
    }

    /// "Thethaovanhoa.vn", "quochoi.vn", "VnExpress.net": a site named by its domain is the
    /// outlet (not inside an address: nothing glued before it, no path or "@" after it).
    // Asked at every token, which nearly all fail at once: no call for that.
    #[inline(always)]
    fn domain(&self, i: usize, out: &mut Vec<Cand>) {
        const TLDS: [&str; 9] = ["vn", "com", "net", "org", "gov", "edu", "info", "tv", "io"];
        let t = self.toks;
        let glued = |k: usize| t.get(k).is_some_and(|w| !w.space_before);
        let dot_tld = |k: usize| {
            glued(k) && t[k].text == "." && glued(k + 1) && TLDS.contains(&t[k + 1].lower)
        };
        // Asked at every token, and almost none is followed by ".vn", ".com"…: that goes first.
        if !dot_tld(i + 1) {
            return;
        }
        let name = &t[i];
        let starts = name.is_word()
            && name.text.chars().all(|c| c.is_ascii_alphanumeric())
            && name.text.chars().any(|c| c.is_ascii_alphabetic())
            && (i == 0 || name.space_before || matches!(t[i - 1].text, "(" | "\"" | "“"));
        if !starts {
            return;
        }
        let mut end = i + 3;
        // "baochinhphu.gov.vn".
        if dot_tld(end) {
            end += 2;
        }
        let more = glued(end)
            && matches!(t[end].text, "/" | "@" | "." | "-" | "_")
            && t.get(end + 1)
                .is_some_and(|w| !w.space_before && w.is_word());
        if more {
            return;
        }
        out.push(self.cand(
            i,
            end,
            EntityKind::Organization,
            surface(t, i, end),
            PRIO_ORG,
        ));
    }

    /// "giành ngôi quán quân Intervision 2025", "vô địch Rap Việt 2024": after a word for
    /// winning (`second` following its [`Opener::Contest`] word), capitalised words closed by a
    /// year are the contest, an event.
    fn contest_won(&self, i: usize, second: &str, out: &mut Vec<Cand>) {
        let t = self.toks;
        if t.get(i + 1).is_none_or(|w| w.lower != second) {
            return;
        }
        let start = i + 2;
        if t[i].is_cap() || t.get(start).is_none_or(|w| !w.is_cap() || w.sentence_start) {
            return;
        }
        let mut end = start;
        while end < t.len() && end - start < 4 && t[end].is_cap() && !t[end].sentence_start {
            end += 1;
        }
        let known = self.starts_place_or_org(start) || self.person_starts(start);
        if end > start && !known && t.get(end).is_some_and(|w| w.is_year()) {
            let name = surface(t, start, end + 1);
            out.push(self.cand(start, end + 1, EntityKind::Event, name, PRIO_EVENT));
        }
    }

    /// "VnExpress", "HoSE", "YouTube", "IQAir", "BelAZ": one word with capitals inside it is a
    /// brand, a company or an outlet. Not family names of that shape ("McCarthy", "DeSantis"),
    /// short title abbreviations ("ThS") or plural acronyms ("NGOs").
    // Asked at every token, which nearly all fail at once: no call for that.
    #[inline(always)]
    fn camel_case_brand(&self, i: usize, out: &mut Vec<Cand>) {
        let w = &self.toks[i];
        let text = w.text;
        let b = text.as_bytes();
        // Asked at every token: the capital first (its flag, then its byte), before the scans
        // of the whole word.
        if !w.is_cap() || b.len() < 4 || !b[0].is_ascii_uppercase() || !w.is_ascii_word() {
            return;
        }
        let inner_capital = b
            .windows(2)
            .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
        // "IQAir": capitals, then a capitalised word of two letters or more.
        let capitals_then_word = || {
            b[1].is_ascii_uppercase()
                && !inner_capital
                && b.iter().filter(|c| c.is_ascii_lowercase()).count() >= 2
        };
        // Most capitalised words have no other capital: they are turned away before the
        // family names are looked at.
        if !(inner_capital || capitals_then_word()) {
            return;
        }
        let family = ["Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von", "Du"]
            .iter()
            .any(|p| {
                text.strip_prefix(p)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
            });
        if family {
            return;
        }
        out.push(self.cand(
            i,
            i + 1,
            EntityKind::Organization,
            text.to_string(),
            PRIO_ORG,
        ));
    }

    /// A district, ward or commune named on its own ("tại Sóc Sơn, Đông Anh"): not when
    /// capitalised words go on after it (a longer name: "Phú Mỹ Hưng"); a name that is also a
    /// person's name or an ordinary word only after a place cue ("ở Hoàng Mai").
    fn local_place(&self, i: usize, out: &mut Vec<Cand>) {
        let Some(h) = self.longest(i, Kinds::LOCAL_PLACE) else {
            return;
        };
        let t = self.toks;
        let end = i + h.len;
        let goes_on = t.get(end).is_some_and(|w| {
            w.is_cap() && w.space_before && !w.sentence_start && !self.person_starts(end)
        }) && self.longest(end, Kinds::PLACE).is_none();
        let glued = i > 0 && !t[i].space_before && t[i - 1].is_word();
        let entry = self.table.entry(h.entry);
        let cue = matches!(entry.role, Role::LocalPlace { cue: true });
        // Unmarked spellings ("Cao Lanh") only in English: in Vietnamese they are other words.
        let unmarked = !self.english && entry.form.is_ascii() && !entry.canonical().is_ascii();
        if goes_on
            || glued
            || unmarked
            || (cue && !self.place_cue_before(i) && !self.in_place_list(i, end))
        {
            return;
        }
        let canonical = entry.canonical().to_string();
        // Below a person of the same words ("Ảnh: Thanh Hải", "Tổng Bí thư Trần Phú"), unless
        // the text said it is a place ("ở Hoàng Mai", "như Hoàng Mai, Yên Nghĩa").
        let prio = if cue { PRIO_PLACE } else { PRIO_LOCAL_PLACE };
        out.push(self.cand(i, end, EntityKind::Location, canonical, prio));
    }

    /// "các phường như Hoàng Mai, Yên Nghĩa, Định Công": a name in a list next to a name that
    /// can only be a place is a place too.
    fn in_place_list(&self, i: usize, end: usize) -> bool {
        let t = self.toks;
        let list_word = |k: usize| {
            t.get(k)
                .is_some_and(|w| matches!(w.lower, "," | "và" | "hoặc"))
        };
        let sure = |r: Role| matches!(r, Role::Place | Role::LocalPlace { cue: false });
        let before = i >= 2
            && list_word(i - 1)
            && (i.saturating_sub(5)..i - 1)
                .any(|s| self.best(s, sure).is_some_and(|h| s + h.len == i - 1));
        let after = list_word(end) && self.best(end + 1, sure).is_some();
        before || after
    }

    /// A district's name exactly at `i..end` that is a place there: "Hà Đông", or "ở | Hoàng
    /// Mai" for a name that may also be a person's.
    fn local_place_exactly(&self, i: usize, end: usize) -> bool {
        self.longest(i, Kinds::LOCAL_PLACE).is_some_and(|h| {
            let cue = h.role == Role::LocalPlace { cue: true };
            i + h.len == end && (!cue || self.place_cue_before(i))
        })
    }

    /// A word that puts a place after it: "tại", "ở", "từ", "về"…, a unit word ("xã"), or a
    /// list of places going on ("Sóc Sơn, | Đông Anh").
    fn place_cue_before(&self, i: usize) -> bool {
        let t = self.toks;
        let Some(prev) = i.checked_sub(1).map(|k| &t[k]) else {
            return false;
        };
        let unit = (i.saturating_sub(2)..i).any(|k| {
            self.longest(k, Kinds::ADMIN_UNIT)
                .is_some_and(|u| k + u.len == i)
        });
        unit || matches!(
            prev.lower,
            "tại"
                | "ở"
                | "từ"
                | "về"
                | "đến"
                | "tới"
                | "qua"
                | "thuộc"
                | "khắp"
                | "quê"
                | "in"
        )
    }

    /// "bão số 13 (Kalmaegi)", "bão Yagi", "siêu bão Noru", "Typhoon Kalmaegi": a storm with a
    /// number or a name is an event.
    fn storm(&self, i: usize, out: &mut Vec<Cand>) {
        let t = self.toks;
        let head = match t[i].lower {
            "bão" | "siêu"
                if t[i].lower == "bão" || t.get(i + 1).is_some_and(|n| n.lower == "bão") =>
            {
                if t[i].lower == "siêu" {
                    2
                } else {
                    1
                }
            }
            "typhoon" | "storm" | "hurricane" | "cyclone" if t[i].is_cap() => 1,
            _ => return,
        };
        let head_text = surface(t, i, i + head);
        let mut end = i + head;
        // The storm is known by its name ("bão Kalmaegi") when the text gives one.
        let mut canonical = None;
        let numbered = |k: usize| {
            t.get(k).is_some_and(|w| w.lower == "số") && t.get(k + 1).is_some_and(|w| w.is_number())
        };
        if numbered(end) {
            end += 2;
            // "(Kalmaegi)": the storm's international name.
            if t.get(end).is_some_and(|w| w.text == "(")
                && t.get(end + 1).is_some_and(|w| w.is_cap())
                && t.get(end + 2).is_some_and(|w| w.text == ")")
            {
                canonical = Some(format!("{head_text} {}", t[end + 1].text));
                end += 3;
            }
        } else if t.get(end).is_some_and(|w| w.is_cap() && !w.sentence_start)
            && self.longest(end, Kinds::PLACE).is_none()
        {
            canonical = Some(surface(t, i, end + 1));
            end += 1;
            // "bão Yagi (bão số 3)": the number in parentheses is the same storm.
            if t.get(end).is_some_and(|w| w.text == "(")
                && t.get(end + 1).is_some_and(|w| w.lower == "bão")
                && numbered(end + 2)
                && t.get(end + 4).is_some_and(|w| w.text == ")")
            {
                end += 5;
            }
        } else {
            return;
        }
        let name = canonical.unwrap_or_else(|| surface(t, i, end));
        out.push(self.cand(i, end, EntityKind::Event, name, PRIO_EVENT));
    }

    /// "TPO - …", "(GLO)- …", "New York (NV) – …": the outlet's tag opening a story.
    fn dateline_tag(&self, out: &mut Vec<Cand>) {
        const REACH: usize = 8;
        let t = self.toks;
        for k in 0..t.len().min(REACH) {
            let tag = &t[k];
            let wrapped = k > 0
                && t[k - 1].text == "("
                && t.get(k + 1).is_some_and(|w| w.text == ")")
                && t.get(k + 2).is_some_and(|w| w.is_dash());
            let bare = k == 0 && t.get(1).is_some_and(|w| w.is_dash());
            // "(CAO) Theo …": a tag in parentheses opening the paragraph.
            let opening = k == 1 && t[0].text == "(" && t.get(2).is_some_and(|w| w.text == ")");
            // Asked of every piece's first tokens, which are seldom placed so: that goes first.
            if !(wrapped || bare || opening)
                || !tag.is_acronym()
                || self.longest(k, Kinds::PLACE).is_some()
            {
                continue;
            }
            let name = tag.text.to_string();
            out.push(self.cand(k, k + 1, EntityKind::Organization, name, PRIO_GAZETTEER));
            return;
        }
    }

    /// A capitalised place name starting at `j` (a known place, else up to four capitalised
    /// words joined by spaces or tight dashes, not an acronym, not a title). Returns its end.
    fn place_name_at(&self, j: usize) -> Option<usize> {
        let t = self.toks;
        // A known place may go on ("Quy Nhơn | Nam").
        let mut k = self.longest(j, Kinds::PLACE).map_or(j, |h| j + h.len);
        while k < t.len() && k - j < 6 {
            let w = &t[k];
            let word = w.is_cap()
                && !w.is_acronym()
                && (k == j || !w.sentence_start)
                && self.longest(k, Kinds::TITLE | Kinds::ORG_HEAD).is_none();
            let joins = k > j && w.is_dash() && t.get(k + 1).is_some_and(|n| n.is_cap());
            if !(word || joins) {
                break;
            }
            k += 1;
        }
        while k > j && !t[k - 1].is_word() {
            k -= 1;
        }
        (k > j).then_some(k)
    }

    /// "sông Kôn", "đảo Hải Nam", "quận 7": a natural feature keeps its head word, a numbered
    /// district its number; after "các sông"/"các phường" the head covers a list ("các sông
    /// Kôn, Hà Thanh, La Tinh", "các phường Quy Nhơn, Hoài Nhơn").
    fn features_and_lists(&self, i: usize, j: usize, out: &mut Vec<Cand>) {
        let t = self.toks;
        let head = t[i].lower;
        if matches!(head, "quận" | "phường")
            && t.get(j).is_some_and(|n| n.is_number())
            && t.get(j + 1).is_none_or(|n| !n.is_word() || !n.is_cap())
        {
            let name = surface(t, i, j + 1);
            out.push(self.cand(i, j + 1, EntityKind::Location, name, PRIO_PLACE));
            return;
        }
        let Some(mut end) = self.place_name_at(j) else {
            return;
        };
        if is_natural_feature(head) {
            let name = surface(t, i, end);
            out.push(self.cand(i, end, EntityKind::Location, name, PRIO_GAZETTEER));
        }
        if !self.plural_before(i) {
            return;
        }
        loop {
            let joiner = t.get(end).is_some_and(|w| w.text == "," || w.lower == "và");
            let Some(next) = joiner.then(|| self.place_name_at(end + 1)).flatten() else {
                break;
            };
            let canonical = match self.longest(end + 1, Kinds::PLACE) {
                Some(h) if end + 1 + h.len == next => {
                    self.table.entry(h.entry).canonical().to_string()
                }
                _ => surface(t, end + 1, next),
            };
            out.push(self.cand(end + 1, next, EntityKind::Location, canonical, PRIO_PLACE));
            end = next;
        }
    }

    /// A one-word place glued to a capitalised Vietnamese syllable is part of a personal name:
    /// "Minh Anh", "Nhật Bắc" (but "Tổng thống Pháp Emmanuel Macron" keeps "Pháp").
    fn inside_name(&self, i: usize) -> bool {
        let t = self.toks;
        let before = i > 0
            && t[i].space_before
            && t[i - 1].is_cap()
            && !t[i - 1].is_acronym()
            && !self.ends_gazetteer_name(i)
            && !self.ends_title_or_head(i);
        let after = t.get(i + 1).is_some_and(|w| {
            w.is_cap()
                && w.space_before
                && !w.sentence_start
                && !w.is_ascii_word()
                && !w.is_acronym()
        }) && !self.starts_place_or_org(i + 1)
            && self.longest(i + 1, Kinds::HEADS).is_none();
        before || after
    }

    /// Token `i` follows a body or a title ("Chủ tịch UBND | thành phố Trần Sỹ Thanh"): a name
    /// after the unit word there is the office holder, the place being implied.
    fn after_body(&self, i: usize) -> bool {
        i > 0
            && (self.toks[i - 1].is_acronym()
                || self.ends_title_or_head(i)
                || self.ends_gazetteer_name(i))
    }

    fn ends_title_or_head(&self, end: usize) -> bool {
        (end.saturating_sub(6)..end).any(|i| {
            self.longest(i, Kinds::HEADS)
                .is_some_and(|h| i + h.len == end)
        })
    }

    /// Title spans (token ranges) and head-noun names.
    pub fn heads(&self, out: &mut Vec<Cand>) -> Vec<(usize, usize)> {
        let mut titles = Vec::new();
        let mut i = 0;
        while i < self.n() {
            let Some(h) = self.longest(i, Kinds::HEADS) else {
                i += 1;
                continue;
            };
            let entry = self.table.entry(h.entry);
            let after = i + h.len;
            match entry.role {
                Role::Title => {
                    // "Phủ Tổng thống …" names a building or body, not a person's office.
                    let inside_body = i > 0
                        && (i.saturating_sub(3)..i).any(|k| {
                            self.longest(k, Kinds::ORG_HEAD)
                                .is_some_and(|h| k + h.len == i && self.toks[k].is_cap())
                        });
                    if !inside_body {
                        titles.push((i, after));
                    }
                    i = after;
                    continue;
                }
                Role::OrgHead(flags) => self.org_name(i, after, flags, out),
                Role::DocHead(flags) => self.doc_name(i, after, flags, &entry.form, out),
                Role::EventHead(flags) => self.event_name(i, after, flags, out),
                _ => {}
            }
            i += 1;
        }
        titles
    }

    /// "UBND tỉnh Đồng Nai", "HĐND huyện Long Thành": the body, its unit and the unit's name
    /// (a known place, else capitalised words that do not start a person's name).
    fn unit_body(&self, i: usize, after: usize, out: &mut Vec<Cand>) {
        // "TAND TP.HCM", "VKSND Hà Nội": the place without its unit word.
        if let Some(h) = self.longest(after, Kinds::PLACE) {
            let name = surface(self.toks, i, after + h.len);
            out.push(self.cand(i, after + h.len, EntityKind::Organization, name, PRIO_ORG));
            return;
        }
        let Some(unit) = self.longest(after, Kinds::ADMIN_UNIT) else {
            return;
        };
        let k = after + unit.len;
        // "UBND TP", "Chủ tịch UBND tỉnh | Phạm Anh Tuấn": the body of the article's own place.
        let unnamed = || {
            let name = surface(self.toks, i, k);
            self.cand(i, k, EntityKind::Organization, name, PRIO_ORG)
        };
        let end = match self.longest(k, Kinds::PLACE) {
            Some(h) => k + h.len,
            None if self.person_starts(k) => {
                out.push(unnamed());
                return;
            }
            None => {
                let mut e = k;
                while e < self.n()
                    && e - k < 4
                    && self.toks[e].is_cap()
                    && !self.toks[e].is_acronym()
                {
                    e += 1;
                }
                e
            }
        };
        if end > k {
            let name = surface(self.toks, i, end);
            out.push(self.cand(i, end, EntityKind::Organization, name, PRIO_ORG));
        } else {
            out.push(unnamed());
        }
    }

    fn plural_before(&self, i: usize) -> bool {
        i > 0 && matches!(self.toks[i - 1].lower, "các" | "những" | "mọi" | "mỗi")
    }

    fn org_name(&self, i: usize, after: usize, flags: HeadFlags, out: &mut Vec<Cand>) {
        if flags.unit {
            self.unit_body(i, after, out);
            return;
        }
        // "Phủ Chủ tịch", "Phủ Tổng thống": the palace where the office sits, no body.
        if flags.seat && self.has(after, Role::Title) {
            return;
        }
        let named_by_place = self.has(after, Role::Place);
        if flags.house && self.toks.get(after).is_some_and(|t| t.is_cap()) && !named_by_place {
            return;
        }
        let lower_head = !self.toks[i].is_cap();
        if lower_head {
            // "báo Lao Động": a lower-case head counts only right before a capitalised name
            // that is not just a place ("các công ty Việt Nam" is generic).
            let next_cap = self.toks.get(after).is_some_and(|t| t.is_cap());
            let just_place = self
                .longest(after, Kinds::PLACE)
                .is_some_and(|h| !self.toks.get(after + h.len).is_some_and(|t| t.is_cap()));
            if !flags.lower || !next_cap || just_place || self.plural_before(i) {
                return;
            }
            // "hãng tin AFP", "đài NHK": the lower-case head describes the name, which is the
            // acronym alone.
            let acronym = self.toks[after].is_acronym()
                && !self.toks.get(after + 1).is_some_and(|t| t.is_cap());
            if acronym {
                let name = self.toks[after].text.to_string();
                out.push(self.cand(after, after + 1, EntityKind::Organization, name, PRIO_ORG));
                return;
            }
        }
        // "THPT Chu Văn An": a school takes its namesake's whole name; any other head followed
        // by a full name is the person's body, not part of the name ("tân binh Quân đội | Trần
        // Văn Đức").
        if self.person_starts(after) {
            if let Some(end) = self.name_run(after).filter(|_| flags.named) {
                let name = surface(self.toks, i, end);
                out.push(self.cand(i, end, EntityKind::Organization, name, PRIO_ORG));
            }
            if flags.named || self.name_run(after).is_some_and(|end| end - after >= 3) {
                return;
            }
        }
        let mut ext = self.extend(after, Mode::Org, flags);
        if lower_head && !ext.has_cap {
            return;
        }
        // "Bộ Công an phối hợp …": a known name followed only by lower-case words ends there.
        if let Some(h) = self.longest(i, Kinds::ORG) {
            let known_end = i + h.len;
            if known_end < ext.end && self.toks[known_end..ext.end].iter().all(|t| !t.is_cap()) {
                ext.end = known_end;
            }
        }
        // "Hãng Vietjet cho biết …": opening a sentence the head is still the plain word.
        let describes = flags.describes
            && (lower_head || self.toks[i].sentence_start)
            && self.toks.get(after).is_some_and(|t| t.is_cap());
        if describes && ext.end > after {
            let name = surface(self.toks, after, ext.end);
            out.push(self.cand(after, ext.end, EntityKind::Organization, name, PRIO_ORG));
            return;
        }
        if ext.end > after && (ext.has_cap || ext.about) {
            let mut name = surface(self.toks, i, ext.end);
            if lower_head {
                // One canonical for "báo Lao Động" and "Báo Lao Động".
                name = capitalise_first(&name);
            }
            // One canonical for "Trường ĐH Kinh tế Quốc dân" and "Trường Đại học …".
            for (short, full) in [("ĐH", "Đại học"), ("CĐ", "Cao đẳng")] {
                if let Some(k) = (i..after).find(|&k| self.toks[k].text == short) {
                    let before = surface(self.toks, i, k);
                    let rest = surface(self.toks, k + 1, ext.end);
                    name = [before.as_str(), full, rest.as_str()]
                        .into_iter()
                        .filter(|part| !part.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                }
            }
            out.push(self.cand(i, ext.end, EntityKind::Organization, name, PRIO_ORG));
        }
    }

    fn doc_name(&self, i: usize, after: usize, flags: HeadFlags, form: &str, out: &mut Vec<Cand>) {
        let head_cap = self.toks[i].is_cap();
        // "Thông tư 120/2020/TT-BTC", "Quyết định số 15": a code names the document as well.
        let t = self.toks;
        let coded = t.get(after).is_some_and(|w| w.is_number())
            && t.get(after + 1)
                .is_some_and(|w| w.text == "/" && !w.space_before);
        let numbered = t.get(after).is_some_and(|w| w.lower == "số")
            && t.get(after + 1).is_some_and(|w| w.is_number());
        let named = t.get(after).is_some_and(|w| w.is_cap());
        if flags.strict && !(named || (head_cap && (coded || numbered))) {
            return;
        }
        let mut ext = self.extend(after, Mode::Doc, flags);
        // "Đạo luật Trí tuệ nhân tạo của Liên minh châu Âu": a closing "của <known name>" names
        // the owner, not the title ("Công ước của LHQ về Luật biển" goes on after it).
        if let Some(k) = (after + 1..ext.end)
            .rev()
            .find(|&k| self.toks[k].lower == "của")
        {
            let owner = self
                .longest(k + 1, Kinds::PLACE | Kinds::ORG)
                .is_some_and(|h| k + 1 + h.len == ext.end);
            if owner {
                ext.end = k;
            }
        }
        let head = form.to_string();
        if ext.end > after {
            let name = surface(self.toks, i, ext.end);
            let mut c = self.cand(i, ext.end, EntityKind::Document, name, PRIO_DOCUMENT);
            c.head = Some(head);
            let demonstrative = self
                .toks
                .get(ext.end)
                .is_some_and(|t| matches!(t.lower, "này" | "đó" | "ấy" | "trên"));
            if !head_cap {
                c.flavor = Flavor::Weak;
            } else if demonstrative && !ext.has_cap {
                // "Công ước quốc tế phổ quát này": a description pointing back.
                c.flavor = Flavor::Bare;
            }
            out.push(c);
            if head_cap {
                self.elliptic_docs(i, after, ext.end, out);
            }
        } else if head_cap && !self.plural_before(i) {
            let name = surface(self.toks, i, after);
            let mut c = self.cand(i, after, EntityKind::Document, name, PRIO_DOCUMENT);
            c.head = Some(head);
            c.flavor = Flavor::Bare;
            out.push(c);
        }
    }

    /// "các Hiệp định … về A (năm 1992), về B (năm 1992), về C (năm 1997)": each "về …"
    /// after a dated document is another document with the same head.
    fn elliptic_docs(&self, i: usize, after: usize, end: usize, out: &mut Vec<Cand>) {
        let toks = self.toks;
        let Some(about) = (after..end).find(|&k| toks[k].lower == "về") else {
            return;
        };
        let head = surface(toks, i, about);
        let mut at = end;
        loop {
            // "(năm 1992)" or "(1992)", then "," or "và", then "về".
            let mut k = at;
            if toks.get(k).is_some_and(|t| t.text == "(") {
                while k < toks.len() && toks[k].text != ")" && k - at < 5 {
                    k += 1;
                }
                if toks.get(k).is_none_or(|t| t.text != ")") {
                    return;
                }
                k += 1;
            } else {
                return;
            }
            if toks
                .get(k)
                .is_some_and(|t| t.text == "," || t.lower == "và")
            {
                k += 1;
            }
            if toks.get(k).is_none_or(|t| t.lower != "về") {
                return;
            }
            let ext = self.extend(k + 1, Mode::Doc, HeadFlags::default());
            if ext.end <= k + 1 {
                return;
            }
            let piece = surface(toks, k, ext.end);
            let canonical = format!("{head} {piece}");
            out.push(self.cand(k, ext.end, EntityKind::Document, canonical, PRIO_DOCUMENT));
            at = ext.end;
        }
    }

    fn event_name(&self, i: usize, after: usize, flags: HeadFlags, out: &mut Vec<Cand>) {
        if flags.postfix {
            // "Vietnam EXPO 2025": capitalised words before the head, a number after it.
            let t = self.toks;
            let mut s = i;
            // "V-League": a prefix glued to the head by a dash.
            if i >= 2 && t[i - 1].is_dash() && !t[i - 1].space_before && !t[i].space_before {
                s = i - 2;
            }
            let mut words = 0;
            while s > 0
                && words < 3
                && t[s - 1].is_cap()
                && !(t[s - 1].sentence_start && self.has(s - 1, Role::CommonCap))
            {
                s -= 1;
                words += 1;
                // "SEA Games": one acronym opens the name; "HCV SEA Games" is a medal before it.
                if t[s].sentence_start || t[s].is_acronym() {
                    break;
                }
            }
            let mut e = after;
            if t.get(e).is_some_and(|w| w.is_number()) {
                e += 1;
            }
            // A season: "2025-2026", "1-2025/26" (a league's tier, then its season).
            let glued_number =
                |k: usize| t.get(k).is_some_and(|w| w.is_number() && !w.space_before);
            let season = |k: usize| {
                t.get(k)
                    .is_some_and(|w| matches!(w.text, "-" | "/") && !w.space_before)
                    && glued_number(k + 1)
            };
            while e > after && season(e) {
                e += 2;
            }
            if s < i || e > after {
                let name = surface(self.toks, s, e);
                out.push(self.cand(s, e, EntityKind::Event, name, PRIO_EVENT));
            }
            return;
        }
        if flags.dated {
            if let Some(end) = self.dated_description(after) {
                let name = surface(self.toks, i, end);
                out.push(self.cand(i, end, EntityKind::Event, name, PRIO_EVENT));
                return;
            }
        }
        let head_cap = self.toks[i].is_cap();
        let next = self.toks.get(after);
        let opens = next.is_some_and(|t| t.is_cap())
            || (flags.against
                && next.is_some_and(|t| t.lower == "chống")
                && self.toks.get(after + 1).is_some_and(|t| t.is_cap()));
        if !head_cap && !opens {
            return;
        }
        let mut ext = self.extend(after, Mode::Event, flags);
        let t = self.toks;
        // "Tuần lễ cấp cao Diễn đàn … (APEC) 2024", "Hội nghị … (ASEAN) về phòng, chống tội
        // phạm …": a body's acronym in parentheses inside the name, which goes on after it.
        let acronym_in_parens = |k: usize| {
            t.get(k).is_some_and(|w| w.text == "(")
                && t.get(k + 1).is_some_and(|w| w.is_acronym())
                && t.get(k + 2).is_some_and(|w| w.text == ")")
        };
        if ext.end > after && ext.has_cap && acronym_in_parens(ext.end) {
            let k = ext.end + 3;
            if t.get(k).is_some_and(|w| w.is_year()) {
                ext.end = k + 1;
                ext.year = true;
            } else if t.get(k).is_some_and(|w| w.lower == "về") {
                let about = HeadFlags {
                    about: true,
                    ..flags
                };
                let more = self.extend(k, Mode::Event, about);
                // The place it meets in is no part of the name ("… lần thứ 18 | tại Viêng Chăn").
                let end = (k + 1..more.end)
                    .find(|&e| matches!(t[e].lower, "tại" | "ở"))
                    .unwrap_or(more.end);
                if end > k + 1 {
                    ext.end = end;
                }
            }
        }
        // "Hội nghị cấp cao Pháp ngữ lần thứ 19": the edition belongs to the name.
        if ext.end > after
            && t.get(ext.end).is_some_and(|w| w.lower == "lần")
            && t.get(ext.end + 1).is_some_and(|w| w.lower == "thứ")
            && t.get(ext.end + 2)
                .is_some_and(|w| w.is_number() || w.is_acronym())
        {
            ext.end += 3;
        }
        if ext.end > after && (ext.has_cap || ext.year) {
            let name = surface(self.toks, i, ext.end);
            out.push(self.cand(i, ext.end, EntityKind::Event, name, PRIO_EVENT));
        }
    }

    /// "tốt nghiệp THPT năm 2026", "tuyển sinh lớp 10 THPT công lập năm học 2026-2027": words
    /// (lower-case, numbers, acronyms) up to the year that closes the description. Returns the
    /// end after the year; none when no year comes within a dozen words.
    fn dated_description(&self, from: usize) -> Option<usize> {
        const REACH: usize = 12;
        let t = self.toks;
        let mut k = from;
        while k < t.len() && k - from < REACH {
            let w = &t[k];
            if w.lower == "năm" && k > from {
                let mut y = k + 1;
                if t.get(y).is_some_and(|w| w.lower == "học") {
                    y += 1;
                }
                if !t.get(y).is_some_and(|w| w.is_year()) {
                    return None;
                }
                // "2026-2027": a school year.
                let span = t.get(y + 1).is_some_and(|d| d.is_dash() && !d.space_before)
                    && t.get(y + 2).is_some_and(|w| w.is_year());
                return Some(if span { y + 3 } else { y + 1 });
            }
            let plain = w.is_word() && (!w.is_cap() || w.is_acronym() || w.is_number());
            if !plain || self.has(k, Role::ClauseStop) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Follows a name's complement from `from`: capitalised components with their lower-case
    /// tails, "về/giữa/cho/của …" complements where the mode allows them, up to a clause
    /// boundary. Words that may only join two parts ("và", "về") count only when something
    /// follows them.
    fn extend(&self, from: usize, mode: Mode, flags: HeadFlags) -> Extension {
        let toks = self.toks;
        let n = self.n();
        let mut ext = Extension {
            end: from,
            has_cap: false,
            about: false,
            year: false,
        };
        let mut lower_run = 0;
        // Capitalised words in a row just before: a lower-case tail follows one capitalised
        // syllable ("Ngoại giao", "Luật pháp quốc tế"), never a proper name ("Hòa Phát | vừa").
        let mut cap_run = 0;
        let mut j = from;
        let accept = |ext: &mut Extension, j: usize| ext.end = j + 1;
        while j < n && j - from < MAX_COMPLEMENT {
            let t = &toks[j];
            if mode != Mode::Org {
                if t.is_year() && (ext.end > from || mode == Mode::Event) && ext.end == j {
                    ext.end = j + 1;
                    ext.year = true;
                    break;
                }
                if t.lower == "năm"
                    && ext.end == j
                    && ext.end > from
                    && toks.get(j + 1).is_some_and(|y| y.is_year())
                {
                    ext.end = j + 2;
                    ext.year = true;
                    break;
                }
            }
            // "Nghị quyết số 57-NQ/TW": a document code, glued together without spaces.
            let numbered = t.lower == "số" && toks.get(j + 1).is_some_and(|w| w.is_number());
            let coded = t.is_number()
                && j == from
                && toks
                    .get(j + 1)
                    .is_some_and(|w| w.text == "/" && !w.space_before);
            if mode == Mode::Doc && ext.end == j && (numbered || coded) {
                let mut k = if numbered { j + 2 } else { j + 1 };
                while k < n
                    && !toks[k].space_before
                    && !matches!(toks[k].text, "," | ";" | ")" | "(")
                {
                    k += 1;
                }
                while k > j + 2 && !toks[k - 1].is_word() {
                    k -= 1;
                }
                ext.end = k;
                ext.has_cap = true;
                break;
            }
            if !t.is_word() {
                let next = toks.get(j + 1);
                // "Quốc khánh 2/9": a date glued into an event's name.
                let date_slash = mode == Mode::Event
                    && t.text == "/"
                    && !t.space_before
                    && j > 0
                    && toks[j - 1].is_number()
                    && next.is_some_and(|w| w.is_number() && !w.space_before);
                // "phòng, chống tham nhũng": one phrase despite its comma.
                let paired = t.text == ","
                    && j > 0
                    && toks[j - 1].lower == "phòng"
                    && next.is_some_and(|w| w.lower == "chống");
                let joins = date_slash
                    || paired
                    || (t.is_dash() || t.text == "&")
                        && ext.end == j
                        && next.is_some_and(|w| {
                            w.is_word()
                                && (w.is_cap() || w.is_number() || ext.about || !w.space_before)
                        });
                if joins {
                    j += 1;
                    continue;
                }
                break;
            }
            if t.is_number() {
                // "Lễ kỷ niệm 80 năm Cách mạng …": an anniversary's count.
                let anniversary = mode == Mode::Event
                    && ext.end == j
                    && toks.get(j + 1).is_some_and(|w| w.lower == "năm")
                    && toks.get(j + 2).is_some_and(|w| w.is_cap());
                if anniversary {
                    j += 2;
                    ext.end = j;
                    continue;
                }
                if ext.end == j && j > from {
                    accept(&mut ext, j);
                    j += 1;
                    continue;
                }
                break;
            }
            if t.is_cap() {
                if t.sentence_start
                    || (j > from && self.has(j, Role::Title))
                    || (ext.has_cap && self.person_starts(j))
                    // A place ends an organisation's name; capitalised words after it are a
                    // person ("Đảng Cộng sản Trung Quốc | Tập Cận Bình"), but one lone
                    // Vietnamese word that is no family name still qualifies it ("Đảng
                    // Azerbaijan Mới"; "Ủy ban châu Âu | Juncker").
                    || (mode == Mode::Org
                        && ext.has_cap
                        && ext.end == j
                        && !t.is_acronym()
                        && self.ends_place(j)
                        && !self.starts_place_or_org(j)
                        && (toks.get(j + 1).is_some_and(|w| w.is_cap())
                            || self.has(j, Role::Surname)
                            || self.has(j + 1, Role::NameParticle)
                            || (t.is_ascii_word() && !vietnamese_syllable(t.lower))))
                {
                    break;
                }
                // A known place is taken whole ("Sở Tài chính TP.HCM").
                if let Some(h) = self.longest(j, Kinds::PLACE).filter(|h| h.len > 1) {
                    ext.end = j + h.len;
                    ext.has_cap = true;
                    lower_run = 0;
                    cap_run = 2;
                    j += h.len;
                    continue;
                }
                accept(&mut ext, j);
                ext.has_cap = true;
                lower_run = 0;
                // A head word inside the name ("… Đảng | Cộng sản") starts a new component.
                let after_head = j
                    .checked_sub(1)
                    .is_some_and(|p| self.longest(p, Kinds::ORG_HEAD).is_some_and(|h| h.len == 1));
                cap_run = if j > from && toks[j - 1].is_cap() && !after_head {
                    cap_run + 1
                } else {
                    1
                };
                if t.is_acronym() {
                    cap_run = 2;
                }
                j += 1;
                continue;
            }
            let next = toks.get(j + 1);
            match t.lower {
                "và" if ext.end == from => break,
                "và" => {
                    let next_cap = next.is_some_and(|w| w.is_cap());
                    let places_joined = mode == Mode::Org
                        && self.ends_place(ext.end)
                        && self.longest(j + 1, Kinds::PLACE).is_some();
                    // "Hiến chương Liên hợp quốc và UNCLOS 1982": two documents, not one.
                    let names_joined = if mode == Mode::Org {
                        // "Bộ Xây dựng và Tổng công ty …": two bodies.
                        self.longest(j + 1, Kinds::ORG_HEAD | Kinds::ORG).is_some()
                    } else {
                        !ext.about
                            && (next.is_some_and(|w| w.is_acronym())
                                || self
                                    .longest(j + 1, Kinds::DOC_HEAD | Kinds::EVENT_HEAD)
                                    .is_some())
                    };
                    let ok = if next_cap {
                        !places_joined && !names_joined
                    } else {
                        (ext.about || (mode == Mode::Doc && lower_run > 0))
                            && next.is_some_and(|w| {
                                w.is_word()
                                    && !self.has(j + 1, Role::Stop)
                                    && !self.has(j + 1, Role::ClauseStop)
                            })
                    };
                    if !ok {
                        break;
                    }
                    j += 1;
                    continue;
                }
                "về" if mode != Mode::Org || flags.about => {
                    ext.about = true;
                    j += 1;
                    continue;
                }
                "giữa" | "cho" | "của" if mode == Mode::Doc => {
                    ext.about = true;
                    j += 1;
                    continue;
                }
                "tại" if flags.at_place => {
                    if let Some(h) = self.longest(j + 1, Kinds::PLACE) {
                        ext.end = j + 1 + h.len;
                    }
                    break;
                }
                "chống" if flags.against && next.is_some_and(|w| w.is_cap()) => {
                    j += 1;
                    continue;
                }
                "đã" if mode == Mode::Doc
                    && next.is_some_and(|w| w.lower == "ký")
                    && toks
                        .get(j + 2)
                        .is_some_and(|w| w.lower == "về" || w.lower == "kết") =>
                {
                    j += 2;
                    continue;
                }
                _ => {}
            }
            // "Cục Hàng không": "không" after "hàng" is aviation, not the negation.
            let aviation = t.lower == "không" && j > 0 && toks[j - 1].lower == "hàng";
            // "… tại thủ đô Minsk": a place of signing or meeting is not part of the name.
            let place_of_event = matches!(t.lower, "tại" | "ở") && self.has(j + 1, Role::AdminUnit);
            if place_of_event
                || self.has(j, Role::ClauseStop)
                || (!ext.about && !aviation && self.has(j, Role::Stop))
            {
                break;
            }
            if ext.about || mode == Mode::Doc {
                accept(&mut ext, j);
            } else if ext.has_cap
                && lower_run < MAX_LOWER_TAIL
                && ext.end == j
                && (lower_run > 0 || cap_run == 1 || self.inside_known(from, j))
                && !self.ends_gazetteer_name(j)
            {
                // A lower-case tail belongs to a component, never to a known place or name
                // ("Chính phủ Hoàng gia Thái Lan | thực hiện …").
                accept(&mut ext, j);
                lower_run += 1;
            } else if mode == Mode::Org
                && !ext.has_cap
                && (j == from || (flags.about && j - from < 3))
            {
                // "Ủy ban liên Chính phủ": a linking syllable before the first component.
            } else {
                break;
            }
            if mode == Mode::Doc {
                lower_run += 1;
            }
            j += 1;
        }
        ext
    }

    /// Token `j` lies inside a known place or organisation that starts in `from..j`
    /// ("Đảng Cộng | sản Việt Nam").
    fn inside_known(&self, from: usize, j: usize) -> bool {
        (from.max(j.saturating_sub(8))..j).any(|k| {
            self.longest(k, Kinds::PLACE | Kinds::ORG)
                .is_some_and(|h| k + h.len > j)
        })
    }

    /// A gazetteer place or organisation ends right before token `end`.
    fn ends_gazetteer_name(&self, end: usize) -> bool {
        (end.saturating_sub(8)..end).any(|i| {
            self.longest(i, Kinds::PLACE | Kinds::ORG)
                .is_some_and(|h| i + h.len == end)
        })
    }

    fn ends_place(&self, end: usize) -> bool {
        (end.saturating_sub(8)..end).any(|i| {
            self.longest(i, Kinds::PLACE)
                .is_some_and(|h| i + h.len == end)
        })
    }

    /// A Vietnamese full name starts here (family name + capitalised syllable), and it is not a
    /// place or organisation ("Hà Nội").
    fn person_starts(&self, j: usize) -> bool {
        // "Nguyen Van Duoc" in English: an unmarked family name needs unmarked Vietnamese
        // syllables after it ("Do Dinh Hong", not "Do Build").
        // A family name is capitalised (see `case_ok`): most tokens are answered here, before
        // any lookup.
        let Some(first) = self.toks.get(j).filter(|t| t.is_cap()) else {
            return false;
        };
        // "Y Bhiao Niê": the Ê Đê men's prefix comes before syllables of their own language.
        let unmarked = || first.is_ascii_word() && first.text != "Y";
        self.has(j, Role::Surname)
            && self.toks.get(j + 1).is_some_and(|t| {
                t.is_cap()
                    && !t.is_acronym()
                    && (!unmarked() || !t.is_ascii_word() || vietnamese_syllable(t.lower))
            })
            && !self.toks[j + 1].sentence_start
            && !self.starts_place_or_org(j)
    }

    /// People: after a title (and the place or body in it), a Vietnamese family-name run, or a
    /// dotted initial ("A.Lukashenko").
    pub fn persons(
        &self,
        titles: &[(usize, usize)],
        named: &[Cand],
        lists: &mut PersonMarks,
        out: &mut Vec<Cand>,
    ) {
        let n = self.n();
        let PersonMarks { skip_to, marks } = lists;
        // Longest place/organisation candidate starting at each token.
        skip_to.clear();
        skip_to.resize(n, 0);
        // A district's name gives way to a person of the same words (see `local_place`).
        let named = || named.iter().filter(|c| c.prio != PRIO_LOCAL_PLACE);
        for c in named() {
            if matches!(c.kind, EntityKind::Location | EntityKind::Organization) {
                skip_to[c.tok_start] = skip_to[c.tok_start].max(c.tok_end);
            }
        }
        // Tokens inside a name that started earlier ("Ủy ban châu Âu"): no family name there;
        // and tokens of a title. One list for both.
        marks.clear();
        marks.resize(n, Marks::default());
        for c in named().filter(|c| c.tok_end > c.tok_start) {
            marks[c.tok_start + 1..c.tok_end]
                .iter_mut()
                .for_each(|m| m.inside = true);
        }
        for &(a, b) in titles {
            marks[a..b].iter_mut().for_each(|m| m.titled = true);
            let mut j = b;
            while j < n {
                let unit = self.longest(j, Kinds::ADMIN_UNIT);
                if skip_to[j] > j {
                    j = skip_to[j];
                } else if self.toks[j].is_acronym() {
                    // "Chủ tịch UBND tỉnh …": a body written as an acronym.
                    j += 1;
                } else if let Some(u) =
                    unit.filter(|u| skip_to.get(j + u.len).is_some_and(|&e| e > j + u.len))
                {
                    j = skip_to[j + u.len];
                } else if matches!(self.toks[j].lower, "tại" | "của")
                    && j + 1 < n
                    && skip_to[j + 1] > j + 1
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if let Some(end) = self.name_run(j) {
                let words = end - j;
                // "Bộ trưởng An ninh …": one word that may be a Vietnamese syllable is a name
                // only when the article gives the full name ("Thủ tướng Chính", "ông Kim").
                let single_vietnamese = words == 1
                    && (!self.toks[j].is_ascii_word() || vietnamese_syllable(self.toks[j].lower));
                let name = surface(self.toks, j, end);
                let mut c = self.cand(j, end, EntityKind::Person, name, PRIO_PERSON);
                if single_vietnamese {
                    // "Thủ tướng Chính": only when the full name is in the article.
                    c.flavor = Flavor::Bare;
                }
                out.push(c);
            }
        }
        for (i, &Marks { inside, titled }) in marks.iter().enumerate() {
            // Every rule below needs a capitalised word here (the credit in capitals a word of
            // capital letters only): most tokens are answered at once.
            if titled || !self.toks[i].is_cap() {
                continue;
            }
            let prev_continues = i > 0 && self.toks[i - 1].is_cap() && !self.toks[i].space_before;
            if self.person_starts(i) && !prev_continues && !inside {
                if let Some(end) = self.name_run(i) {
                    // "Hà Đông" is the district, not family name "Hà" and given name "Đông".
                    if end - i >= 2 && !self.local_place_exactly(i, end) {
                        let name = surface(self.toks, i, end);
                        out.push(self.cand(i, end, EntityKind::Person, name, PRIO_PERSON));
                    }
                }
            }
            if !prev_continues && !inside && skip_to[i] <= i {
                if let Some(end) = self.given_name(i) {
                    let name = surface(self.toks, i, end);
                    out.push(self.cand(i, end, EntityKind::Person, name, PRIO_PERSON));
                }
            }
            if let Some(end) = self.photo_credit(i).filter(|_| !inside && skip_to[i] <= i) {
                let name = surface(self.toks, i, end);
                out.push(self.cand(i, end, EntityKind::Person, name, PRIO_PERSON));
            }
            if let Some(end) = self.capitals_credit(i) {
                let name = (i..end)
                    .map(|k| capitalise_first(self.toks[k].lower))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(self.cand(i, end, EntityKind::Person, name, PRIO_PERSON));
            }
            if !prev_continues && !inside && skip_to[i] <= i {
                if let Some(end) = self.untitled_foreign(i) {
                    let name = surface(self.toks, i, end);
                    out.push(self.cand(i, end, EntityKind::Person, name, PRIO_PERSON));
                }
            }
            if !(i > 0 && self.toks[i - 1].is_word()) && self.dotted_initial(i) {
                let name = surface(self.toks, i, i + 3);
                out.push(self.cand(i, i + 3, EntityKind::Person, name, PRIO_PERSON));
            }
        }
    }

    /// "Mỹ Tâm bật khóc", "tiền vệ Quang Hải", "Văn Hậu": a Vietnamese given name of two
    /// syllables standing alone (no capitalised word glued before or after it, not a place there).
    fn given_name(&self, i: usize) -> Option<usize> {
        let t = self.toks;
        // "Văn Hậu", "Thị Oanh": the commonest middle names leave no doubt.
        let middle = matches!(t[i].text, "Văn" | "Thị")
            && t.get(i + 1).is_some_and(|w| {
                w.is_cap() && w.space_before && (!w.is_ascii_word() || vietnamese_syllable(w.lower))
            });
        if !(middle || (t[i].is_cap() && self.table.is_given_name(self.hits, i))) {
            return None;
        }
        let end = i + 2;
        let capitalised = t[i..end]
            .iter()
            .enumerate()
            .all(|(k, w)| w.is_cap() && !w.is_acronym() && (k == 0 || w.space_before));
        let glued_after = t
            .get(end)
            .is_some_and(|w| w.is_cap() && w.space_before && !w.sentence_start);
        let glued_before = i > 0 && t[i - 1].is_cap() && !t[i].sentence_start;
        // "Cát Linh - Hà Đông", "Thanh Hải-Tây Tạng": ends of a route or a pair of places.
        let dash_after =
            t.get(end).is_some_and(|w| w.is_dash()) && t.get(end + 1).is_some_and(|w| w.is_cap());
        let dash_before = i >= 2 && t[i - 1].is_dash() && t[i - 2].is_cap();
        // "xã Phước Lộc", "ở Thanh Hà", "Hoàn Kiếm": a place there, or a name places share.
        // "gửi lời cảm ơn đến Mỹ Tâm": a preposition of direction takes people too.
        let towards = i > 0 && matches!(t[i - 1].lower, "đến" | "tới" | "từ" | "về" | "qua");
        let place = (self.place_cue_before(i) && !towards)
            || self
                .longest(i, Kinds::PLACE | Kinds::LOCAL_PLACE)
                .is_some_and(|h| h.len == end - i);
        // "cửa khẩu Hữu Nghị", "ô tô Thành Công": after a common noun the words name a thing;
        // a person alone opens a clause or follows a conjunction, punctuation or a role.
        let opens = i == 0
            || t[i].sentence_start
            || !t[i - 1].is_word()
            || matches!(
                t[i - 1].lower,
                "và" | "của" | "cho" | "như" | "là" | "thì" | "với" | "cùng" | "bởi"
            )
            || towards
            || self.has(i - 1, Role::Stop)
            || self.has(i - 1, Role::ClauseStop)
            || (i.saturating_sub(3)..i).any(|k| {
                self.longest(k, Kinds::TITLE)
                    .is_some_and(|h| k + h.len == i)
            });
        let free = capitalised && !glued_after && !glued_before && !dash_after && !dash_before;
        (!self.english && free && opens && !place).then_some(end)
    }

    /// "Marco Rubio và Sergei Lavrov": a foreign name without a title is two to four
    /// capitalised Latin words, one of which at least cannot be a Vietnamese syllable, none a
    /// common capitalised word, a family name or the start of a known name.
    fn untitled_foreign(&self, i: usize) -> Option<usize> {
        // Its first word is one of its Latin words (a run opens with a word): a word in other
        // letters is answered before the run is looked for.
        if !self.toks[i].is_ascii_word() {
            return None;
        }
        let end = self.name_run(i)?;
        let caps: Vec<usize> = (i..end).filter(|&k| self.toks[k].is_cap()).collect();
        if !(2..=4).contains(&caps.len()) {
            return None;
        }
        let latin = self.toks[i..end]
            .iter()
            .filter(|t| t.is_word())
            .all(|t| t.text.chars().all(|c| c.is_ascii_alphabetic()) && !t.is_acronym());
        let known = caps.iter().any(|&k| {
            is_direction(self.toks[k].lower)
                || self.has(k, Role::CommonCap)
                || self.has(k, Role::Stop)
                || self.has(k, Role::Surname)
                || self.starts_place_or_org(k)
        });
        let foreign = caps
            .iter()
            .any(|&k| !vietnamese_syllable(self.toks[k].lower));
        (latin && !known && foreign).then_some(end)
    }

    /// "Ảnh: Trí Dũng/TTXVN", "Photo: Thanh Hai", "Photo by VnExpress/Quynh Tran", "VNS Photo
    /// Phạm Kiên": the photographer after a photo credit label (two to four capitalised words).
    fn photo_credit(&self, i: usize) -> Option<usize> {
        let t = self.toks;
        let label = |k: usize| matches!(t[k].lower, "ảnh" | "photo" | "photos");
        let after_label = |k: usize| {
            // k is the token right before the name (or before "Outlet/").
            (k >= 1 && t[k].text == ":" && label(k - 1))
                || (k >= 1 && t[k].lower == "by" && label(k - 1))
                || (label(k) && t[k].is_cap() && k >= 1 && t[k - 1].is_acronym())
        };
        if i == 0 || !t[i].is_cap() {
            return None;
        }
        // Asked at every capitalised word: the label before it, then the word's letters.
        let labelled = after_label(i - 1)
            || (i >= 3 && t[i - 1].text == "/" && t[i - 2].is_word() && after_label(i - 3));
        if !labelled || t[i].is_acronym() {
            return None;
        }
        let end = self.name_run(i)?;
        let words = (i..end).filter(|&k| t[k].is_word()).count();
        let closes = t.get(end).is_none_or(|w| !w.is_word());
        ((2..=4).contains(&words) && closes).then_some(end)
    }

    /// The English head word at `k`, if any.
    fn english_head(&self, k: usize) -> Option<(EnglishHead, usize)> {
        if !self.toks[k].is_cap() {
            return None;
        }
        let hit = self.longest(k, Kinds::ENGLISH_HEAD)?;
        match hit.role {
            Role::EnglishHead(h) => Some((h, hit.len)),
            _ => None,
        }
    }

    /// A run of capitalised words as an English name: capitalised words and acronyms joined by
    /// "of", "for", "and", "in", "the", "&", dashes, "'s" and "No. 1". Returns its end.
    fn english_run(&self, a: usize) -> usize {
        let t = self.toks;
        let name_word = |k: usize| {
            t.get(k)
                .is_some_and(|w| w.is_cap() && !(k > a && w.sentence_start))
        };
        let mut k = a;
        let mut end = a;
        // "of", "for", "and", "in" join only after a head word ("Embassy of France in Vietnam",
        // "Authority for Urban Railways"), never a sentence's words ("Factories in Bac Ninh").
        let mut headed = false;
        // "in" only inside a name opened by its head ("Embassy of France in Vietnam"), not after
        // a closing one ("Ben Thanh Station | in HCMC").
        let mut opened = false;
        // Tokens up to here belong to a head of several words ("People's Procuracy of").
        let mut in_head_until = 0;
        // Right after a closing head the name is complete: "Vietnam Railways Corporation |
        // and Vingroup JSC" are two bodies.
        let mut closed_at = usize::MAX;
        while k < t.len() {
            let w = &t[k];
            if name_word(k) || (k > a && w.is_number() && end == k) {
                if let Some((h, len)) = self.english_head(k) {
                    headed = true;
                    opened |= h.opens;
                    in_head_until = in_head_until.max(k + len);
                    if !h.opens && !opened {
                        closed_at = k + len;
                    }
                }
                k += 1;
                end = k;
                continue;
            }
            // "Department of Culture, Sports and Tourism": a list of one-word fields closed by
            // "and" inside a name its head opened (not a list of bodies: "Finance, Vietcombank").
            let field_list = |from: usize| {
                let field =
                    |k: usize| name_word(k) && !self.starts_place_or_org(k) && !t[k].is_acronym();
                let mut k = from;
                while field(k) && t.get(k + 1).is_some_and(|w| w.text == ",") {
                    k += 2;
                }
                field(k) && t.get(k + 1).is_some_and(|w| w.text == "and") && field(k + 2)
            };
            let joins = match w.text {
                "," => opened && field_list(k + 1),
                "and" => headed && k != closed_at && name_word(k + 1),
                "of" | "for" | "the" => headed && name_word(k + 1),
                // "Law on Enterprises": only inside a head that takes it.
                "on" => k < in_head_until && name_word(k + 1),
                "in" => opened && name_word(k + 1),
                "&" => name_word(k + 1),
                "-" | "–" => !w.space_before && name_word(k + 1),
                // "People's", "Children's"; "Leaders' Week".
                "'" | "’" => {
                    let genitive = (!headed || k < in_head_until)
                        && t.get(k + 1)
                            .is_some_and(|s| s.text == "s" && !s.space_before);
                    let plural = k > a && t[k - 1].text.ends_with('s') && name_word(k + 1);
                    !w.space_before && (genitive || plural)
                }
                // "No. 1", "Corp.".
                "." => !w.space_before && k > a && t[k - 1].is_cap() && t[k - 1].text.len() <= 4,
                _ => false,
            };
            if !joins || end < k {
                break;
            }
            let genitive = t
                .get(k + 1)
                .is_some_and(|s| s.text == "s" && !s.space_before);
            k += if matches!(w.text, "'" | "’") && genitive {
                2
            } else {
                1
            };
            if matches!(t[k - 1].text, "s" | ".") {
                end = k;
            }
        }
        end
    }

    /// English names by their head word: "Ho Chi Minh City Police", "Department of
    /// Construction", "Hanoi Creative Design Festival 2025", "Hoan Kiem Lake".
    pub fn english(&self, out: &mut Vec<Cand>) {
        if !self.english {
            return;
        }
        let t = self.toks;
        let mut i = 0;
        while i < t.len() {
            let continues = i > 0
                && t[i - 1].is_cap()
                && !t[i].sentence_start
                && !is_english_function_word(t[i - 1].lower);
            // "An Giang Province": a place may open with a function word's spelling.
            let starts = t[i].is_cap()
                && !continues
                && (!is_english_function_word(t[i].lower)
                    || self
                        .longest(i, Kinds::PLACE | Kinds::LOCAL_PLACE)
                        .is_some_and(|h| h.len > 1));
            if let Some(end) = self.english_session(i) {
                let name = surface(t, i, end);
                out.push(self.cand(i, end, EntityKind::Event, name, PRIO_EVENT));
            }
            if !starts {
                i += 1;
                continue;
            }
            let end = self.english_run(i);
            if let Some(c) = self.english_name(i, end) {
                out.push(c);
            }
            i = end.max(i + 1);
        }
    }

    /// "10th session of the 15th National Assembly", "13th plenum of the Party Central
    /// Committee": a numbered sitting of a body is an event.
    fn english_session(&self, i: usize) -> Option<usize> {
        let t = self.toks;
        let ordinal = |k: usize| {
            t.get(k).is_some_and(|w| {
                let digits = w.text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && matches!(&w.lower[digits.len()..], "st" | "nd" | "rd" | "th")
            })
        };
        let lower = |k: usize| t.get(k).map_or("", |w| w.lower);
        if !ordinal(i) {
            return None;
        }
        let mut k = i + 1;
        if matches!(lower(k), "extraordinary" | "regular" | "plenary") {
            k += 1;
        }
        if !matches!(lower(k), "session" | "plenum" | "sitting" | "meeting")
            || lower(k + 1) != "of"
            || lower(k + 2) != "the"
        {
            return None;
        }
        let mut body = k + 3;
        if ordinal(body) {
            body += 1;
        }
        let end = self.english_run(body);
        let named =
            (body..end).any(|j| self.english_head(j).is_some()) || self.starts_place_or_org(body);
        (end > body && named).then_some(end)
    }

    fn english_name(&self, a: usize, b: usize) -> Option<Cand> {
        let t = self.toks;
        let connector = |k: usize| {
            t.get(k)
                .is_some_and(|w| matches!(w.text, "of" | "for" | "in" | "on"))
        };
        // An opening head ("Ministry of …") names the whole run.
        let opening = (a..b).find_map(|k| {
            self.english_head(k)
                .filter(|(h, len)| h.opens && k + len < b)
                .map(|(h, _)| h.kind)
        });
        let (kind, end) = match opening {
            Some(kind) => (kind, b),
            None => {
                // The last closing head with a word before it; "… Authority for Urban Railways"
                // goes on to the end of the run.
                let (k, head, len) = (a + 1..b).rev().find_map(|k| {
                    self.english_head(k)
                        .filter(|(h, len)| !h.opens && k + len <= b)
                        .map(|(h, len)| (k, h, len))
                })?;
                let mut end = if connector(k + len) { b } else { k + len };
                if head.kind == EntityKind::Event && t.get(end).is_some_and(|y| y.is_year()) {
                    end += 1;
                }
                (head.kind, end)
            }
        };
        let name = surface(t, a, end);
        let (prio, canonical) = match kind {
            EntityKind::Location => {
                // "Binh Duong Province" is Bình Dương.
                let place = self
                    .longest(a, Kinds::PLACE)
                    .filter(|h| a + h.len + 1 == end)
                    .map(|h| self.table.entry(h.entry).canonical().to_string());
                (PRIO_PLACE, place.unwrap_or(name))
            }
            EntityKind::Event => (PRIO_EVENT, name),
            _ => {
                // "HCMC Police" and "Ho Chi Minh City Police" are one body: a leading place is
                // written as its canonical name.
                let canonical = self
                    .longest(a, Kinds::PLACE)
                    .filter(|h| a + h.len < end)
                    .map(|h| {
                        let place = self.table.entry(h.entry).canonical();
                        format!("{place} {}", surface(t, a + h.len, end))
                    });
                (PRIO_ORG, canonical.unwrap_or(name))
            }
        };
        Some(self.cand(a, end, kind, canonical, prio))
    }

    /// "Ảnh: NGUYÊN KHÁNH": a photographer's name in capitals closing a caption (two to four
    /// syllables, none a known acronym).
    fn capitals_credit(&self, i: usize) -> Option<usize> {
        let t = self.toks;
        let after_label = i >= 2 && t[i - 1].text == ":" && t[i - 2].lower == "ảnh";
        if !after_label {
            return None;
        }
        let mut end = i;
        while end < t.len()
            && end - i < 4
            && t[end].is_acronym()
            && t[end].text.chars().all(char::is_alphabetic)
            && (end == i || t[end].space_before)
        {
            end += 1;
        }
        let closes = t.get(end).is_none_or(|w| !w.is_word());
        let syllables = (i..end).all(|k| {
            !self.has(k, Role::Org) && (!t[k].is_ascii_word() || vietnamese_syllable(t[k].lower))
        });
        (end - i >= 2 && closes && syllables).then_some(end)
    }

    fn dotted_initial(&self, i: usize) -> bool {
        let t = &self.toks;
        // Asked at every capitalised word: the dot goes first, the characters are counted last.
        i + 2 < t.len()
            && t[i + 1].text == "."
            && !t[i + 1].space_before
            && !t[i + 2].space_before
            && t[i].is_cap()
            && t[i + 2].is_cap()
            && t[i].text.chars().count() == 1
            && t[i + 2].text.chars().count() > 1
    }

    /// A personal name starting at `j`: capitalised words, dotted initials, hyphenated parts.
    fn name_run(&self, j: usize) -> Option<usize> {
        let t = self.toks;
        // A run opens with a capitalised word (the loop's first test): most tokens open none,
        // and are answered before any lookup.
        if !t.get(j).is_some_and(Token::is_cap) {
            return None;
        }
        let vietnamese = self.has(j, Role::Surname);
        let mut k = j;
        let mut words = 0;
        while k < t.len() && words < MAX_NAME_WORDS {
            let w = &t[k];
            let after_particle = k > j && self.has(k - 1, Role::NameParticle);
            // "Nguyễn Thị Anh Thi": a one-word place inside a Vietnamese name is a syllable.
            let named_here = || {
                self.longest(k, Kinds::PLACE | Kinds::ORG | Kinds::EVENT | Kinds::DOC)
                    .is_some_and(|h| !(vietnamese && h.len == 1))
            };
            // "Tô Lâm Tô Lâm …": a name does not start over inside itself.
            let repeats = k > j && w.text == t[j].text;
            // The tests that read no more than the token's flags and hits go first.
            if !w.is_cap()
                || repeats
                || (k > j && (w.sentence_start || !w.space_before))
                || self.has(k, Role::Title)
                || w.is_acronym()
                || (k > j && !after_particle && named_here())
                || self
                    .longest(k, Kinds::ORG_HEAD | Kinds::DOC_HEAD | Kinds::EVENT_HEAD)
                    .is_some_and(|h| h.len > 1 || k == j)
                || (self.english_head(k).is_some() && w.is_ascii_word())
                || (k > j && is_award(w, t.get(k + 1)))
            {
                break;
            }
            if self.dotted_initial(k) {
                k += 3;
            } else {
                k += 1;
            }
            words += 1;
            // "Roh Tae-moon", "Jean-Pierre".
            while k + 1 < t.len()
                && t[k].is_dash()
                && !t[k].space_before
                && !t[k + 1].space_before
                && t[k + 1].is_word()
            {
                k += 2;
            }
            // "Ursula von der Leyen": lower-case particles between capitalised parts.
            let mut p = k;
            while p < t.len() && self.has(p, Role::NameParticle) {
                p += 1;
            }
            if p > k && t.get(p).is_some_and(|w| w.is_cap() && w.space_before) {
                k = p;
            }
        }
        // The run is not itself just a place or a body ("Tổng thống Pháp").
        let whole_name = self
            .longest(j, Kinds::PLACE | Kinds::ORG | Kinds::EVENT | Kinds::DOC)
            .is_some_and(|h| j + h.len >= k);
        (words > 0 && !whole_name).then_some(k)
    }
}

/// What [`Scan::persons`] knows of a token before it looks for people there.
/// What [`Scan::persons`] notes on a piece's tokens: kept from piece to piece, where each
/// piece's two lists were two allocations.
#[derive(Debug, Default)]
pub struct PersonMarks {
    skip_to: Vec<usize>,
    marks: Vec<Marks>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// Inside a name that started at an earlier token.
    inside: bool,
    /// Part of a title.
    titled: bool,
}

struct Extension {
    end: usize,
    has_cap: bool,
    about: bool,
    year: bool,
}

/// Whether an unaccented lower-case word could be a Vietnamese syllable: an initial consonant
/// group, one to three vowels, an allowed final consonant ("minh", "thanh", "lee" yes; "marco",
/// "lavrov", "trump" no).
pub(super) fn vietnamese_syllable(word: &str) -> bool {
    const ONSETS: [&str; 26] = [
        "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    const CODAS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
    let rest = ONSETS
        .iter()
        .find_map(|o| word.strip_prefix(o))
        .unwrap_or(word);
    let vowels = rest.chars().take_while(|c| "aeiouy".contains(*c)).count();
    (1..=3).contains(&vowels) && CODAS.contains(&&rest[vowels..])
}

/// The words of an article and those of them that are English function words, to tell
/// whether it is English: Vietnamese prose has almost none of them ("to" and "in" are rare
/// Vietnamese words). Words are the runs of letters and digits.
#[derive(Debug, Default)]
pub struct EnglishWords {
    total: usize,
    markers: usize,
}

impl EnglishWords {
    /// The share of markers that makes a text English.
    const MIN_SHARE: f64 = 0.06;

    /// Counts the words of `text`.
    pub fn add_text(&mut self, text: &str) {
        // Bytes, not chars: ASCII answers by a table and every marker is ASCII. Each run of
        // ASCII letters and digits is read in a loop of its own (no state carried from byte to
        // byte); other characters are told one by one.
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            let (alphanumeric, len) = if b.is_ascii() {
                (ASCII_ALPHANUMERIC[usize::from(b)], 1)
            } else {
                non_ascii_alphanumeric(text, at)
            };
            if !alphanumeric {
                at += len;
                continue;
            }
            let start = at;
            loop {
                while bytes
                    .get(at)
                    .is_some_and(|&b| ASCII_ALPHANUMERIC[usize::from(b)])
                {
                    at += 1;
                }
                match bytes.get(at) {
                    Some(b) if !b.is_ascii() => match non_ascii_alphanumeric(text, at) {
                        (true, len) => at += len,
                        (false, _) => break,
                    },
                    _ => break,
                }
            }
            self.total += 1;
            self.markers += usize::from(is_english_marker(&bytes[start..at]));
        }
    }

    /// Counts a word token as the tokenizer makes it, the same as [`Self::add_text`] of its
    /// text: it is one word unless it is `marked`, holding a combining mark that is no letter or
    /// digit (NFC leaves a few), which splits it. Counted as the tokens are made, not in a pass
    /// of its own over them.
    #[inline(always)]
    pub fn add_word(&mut self, word: &str, marked: bool) {
        if marked {
            self.add_text(word);
        } else {
            self.total += 1;
            self.markers += usize::from(is_english_marker(word.as_bytes()));
        }
    }

    /// Whether the words counted are English.
    pub fn english(&self) -> bool {
        self.total > 0 && self.markers as f64 >= Self::MIN_SHARE * self.total as f64
    }
}

/// Per byte, whether it is an ASCII letter or digit.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `at` is a letter or digit, and its length.
#[inline(always)]
fn non_ascii_alphanumeric(text: &str, at: usize) -> (bool, usize) {
    if let Some(len) = vietnamese_letter_len(text.as_bytes(), at) {
        return (true, len);
    }
    text[at..].chars().next().map_or((false, 1), |c| {
        (crate::text::is_alphanumeric(c), c.len_utf8())
    })
}

/// The byte length of the character at `at` when its bytes alone say it is a letter, undecoded:
/// those of Vietnamese words, U+0100–U+027F and U+1E00–U+1EFF (letters throughout) and
/// U+00C0–U+00FF but for × and ÷.
#[inline(always)]
pub(super) fn vietnamese_letter_len(bytes: &[u8], at: usize) -> Option<usize> {
    match (bytes.get(at)?, bytes.get(at + 1)) {
        (0xc4..=0xc9, _) | (0xc3, Some(0x80..=0x96 | 0x98..=0xb6 | 0xb8..)) => Some(2),
        (0xe1, Some(0xb8..=0xbb)) => Some(3),
        _ => None,
    }
}

// Asked of every word of every article: no call for that.
#[inline(always)]
fn is_english_marker(word: &[u8]) -> bool {
    matches!(
        word,
        b"the"
            | b"of"
            | b"and"
            | b"is"
            | b"was"
            | b"for"
            | b"that"
            | b"with"
            | b"said"
            | b"has"
            | b"have"
            | b"by"
            | b"from"
            | b"were"
            | b"are"
            | b"will"
    )
}

/// Administrative units (not streets, regions or natural features).
fn is_administrative(unit: &str) -> bool {
    matches!(
        unit,
        "tỉnh"
            | "thành phố"
            | "huyện"
            | "quận"
            | "thị xã"
            | "thị trấn"
            | "phường"
            | "xã"
            | "đặc khu"
            | "thôn"
            | "xóm"
            | "ấp"
            | "khu phố"
            | "tổ dân phố"
    )
}

/// Heads that are part of a natural feature's name ("sông Hồng", "đảo Phú Quốc").
fn is_natural_feature(head: &str) -> bool {
    matches!(
        head,
        "sông"
            | "hồ"
            | "đầm"
            | "vịnh"
            | "đảo"
            | "đỉnh"
            | "núi"
            | "đèo"
            | "phá"
            | "suối"
            | "thác"
            | "bán đảo"
            | "quần đảo"
            | "cồn"
            | "hang"
            | "động"
    )
}

/// English words that open a sentence without opening a name ("The", "On", "According").
fn is_english_function_word(lower: &str) -> bool {
    const WORDS: [&str; 40] = [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "of",
        "as",
        "after",
        "before",
        "during",
        "since",
        "under",
        "until",
        "according",
        "while",
        "when",
        "where",
        "this",
        "that",
        "these",
        "those",
        "there",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "but",
        "and",
        "or",
        "if",
        "also",
        "however",
    ];
    WORDS.contains(&lower)
}

/// "Huân chương", "Huy chương", "Kỷ niệm chương", "Bằng khen": an award given to the person
/// named before it ("trao tặng Tổng Bí thư Tô Lâm Huân chương Hữu nghị").
fn is_award(w: &Token<'_>, next: Option<&Token<'_>>) -> bool {
    next.is_some_and(|n| {
        n.space_before
            && !n.is_cap()
            && (n.lower == "chương" || (w.lower == "bằng" && n.lower == "khen"))
    })
}

/// Compass words, which name regions and routes, never people ("North-South expressway").
fn is_direction(lower: &str) -> bool {
    matches!(
        lower,
        "north"
            | "south"
            | "east"
            | "west"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
    )
}

/// "U16" to "U23": the age group of a youth team.
fn is_age_group(word: &str) -> bool {
    word.strip_prefix('U')
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (15..=23).contains(&n))
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_word_form(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

pub(super) fn is_acronym_form(s: &str) -> bool {
    // Most words fail the second test at their second letter: it goes first.
    s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_told_by_their_bytes_are_letters() {
        for c in ('\u{80}'..='\u{2ff}').chain('\u{1e00}'..='\u{1eff}') {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if let Some(len) = vietnamese_letter_len(bytes, 0) {
                assert!(c.is_alphanumeric(), "{c:?}");
                assert_eq!(len, c.len_utf8());
            }
        }
        assert_eq!(vietnamese_letter_len("ệ".as_bytes(), 0), Some(3));
        assert_eq!(vietnamese_letter_len("đ".as_bytes(), 0), Some(2));
        assert_eq!(vietnamese_letter_len("×".as_bytes(), 0), None);
    }

    #[test]
    fn english_is_told_by_the_words_its_definition_splits() {
        let defined = |text: &str| {
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let markers = words
                .iter()
                .filter(|w| is_english_marker(w.as_bytes()))
                .count();
            !words.is_empty() && markers as f64 >= 0.06 * words.len() as f64
        };
        let filler = "Thủ tướng Phạm Minh Chính đã tiếp Đại sứ tại Hà Nội ngày 5/11 ";
        for text in [
            "",
            "the",
            "The of",
            "— the —",
            "x×the÷of a\u{301}the b\u{0591}and 中文the नमस्ते the ᾳ\u{345}of",
            "Ông Nguyễn Văn A said the talks were useful, and that was all.",
            "said1 the_of of-the is.was",
        ] {
            for n in [0, 1, 3, 8] {
                let text = format!("{}{text}", filler.repeat(n));
                let mut by_text = EnglishWords::default();
                by_text.add_text(&text);
                assert_eq!(by_text.english(), defined(&text), "{text:?}");
                // As the extractor counts them: the words of a view's tokens, or of its text.
                let view = super::super::tokens::NfcView::new(&text);
                let mut by_tokens = EnglishWords::default();
                view.tokens_counting(0..view.text.len(), &mut by_tokens);
                let mut by_view = EnglishWords::default();
                by_view.add_text(&view.text);
                assert_eq!(
                    (by_tokens.total, by_tokens.markers),
                    (by_view.total, by_view.markers),
                    "{text:?}"
                );
            }
        }
    }
}
