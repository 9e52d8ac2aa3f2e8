//! Dates and amounts of money, by regular expressions with context checks: "d/m" needs a word
//! like "ngày" or parentheses before it to be a date (else it is a fraction or a score); "năm"
//! needs four digits after it to be a year (else it is "five"); a currency word closes an amount.

use super::EntityKind;
use crate::assets::Assets;
use regex::{CaptureMatches, Captures, Matches, Regex};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::{pool::Pool, syntax};
use regex_automata::{Input, MatchKind};
use std::sync::OnceLock;

/// A date or an amount found in a block: byte range and normalised name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub canonical: String,
}

pub struct Numeric {
    day_month_year: Rule,
    day_range: Rule,
    day_month_range: Rule,
    day_month: Rule,
    day_words_range: Rule,
    spelled: Rule,
    month_year: Rule,
    month_alone: Rule,
    quarter: Rule,
    year: Rule,
    year_list_item: Pattern,
    year_range: Rule,
    money: Rule,
    money_range_head: Pattern,
    money_dash_range: Rule,
    day_list: Rule,
    word_month: Rule,
    full_date_range: Rule,
    english: English,
    /// The rules above that search whole texts and the English ones, as one set (see [`Gate`]):
    /// one pass over a text for both.
    gate: Gate,
    context: Vec<String>,
    day_words: Vec<String>,
    scaled_only: Vec<String>,
}

fn alternation(items: &[String]) -> String {
    let mut sorted: Vec<&String> = items.iter().collect();
    // Longest first so "nghìn tỷ" wins over "nghìn".
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    sorted
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

/// 1–12 for a month written in words after "tháng" ("Chín", "Mười Hai", "Giêng", "Chạp").
fn month_from_word(word: &str) -> Option<u32> {
    let key = crate::text::exact_key(word);
    let month = match key.as_str() {
        "giêng" | "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        "mười một" => 11,
        "mười hai" | "chạp" => 12,
        _ => return None,
    };
    Some(month)
}

/// A date's name: day(s) and month, then "/year" when the text gives one.
fn with_year(days_and_month: String, year: Option<u32>) -> String {
    match year {
        Some(y) => format!("{days_and_month}/{y}"),
        None => days_and_month,
    }
}

fn num(c: &Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn valid_day_month(d: u32, m: u32) -> bool {
    (1..=31).contains(&d) && (1..=12).contains(&m)
}

fn valid_year(y: u32) -> bool {
    (1000..=2100).contains(&y)
}

/// Two days of one month, in order, with a valid year if any ("10-12/4", "18 và 23/11/2025").
fn valid_day_span(d1: u32, d2: u32, m: u32, year: Option<u32>) -> bool {
    valid_day_month(d1, m) && valid_day_month(d2, m) && d1 < d2 && year.is_none_or(valid_year)
}

/// A pattern compiled the first time a text needs it: the gate compiles every rule already
/// (checking them), and a rule a corpus never meets (most corpora meet few English ones) is not
/// compiled a second time. Compiling every pattern at start-up was 142 M instructions, as much
/// as reading some sixty articles.
struct Pattern {
    source: String,
    re: OnceLock<Regex>,
}

impl Pattern {
    fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            re: OnceLock::new(),
        }
    }

    fn re(&self) -> &Regex {
        self.re
            .get_or_init(|| Regex::new(&self.source).expect("built-in pattern is valid"))
    }
}

/// A rule searched over whole texts, with its place in [`Numeric`]'s gate.
struct Rule {
    pattern: Pattern,
    gate: usize,
}

/// Makes the rules, numbering them in the order they are made, and keeps their patterns for
/// the gate (each rule's answer is at its number).
#[derive(Default)]
struct Rules(Vec<String>);

impl Rules {
    fn make(&mut self, pattern: &str) -> Rule {
        self.0.push(pattern.to_string());
        Rule {
            pattern: Pattern::new(pattern),
            gate: self.0.len() - 1,
        }
    }
}

/// Makes a lazy DFA's cache (one per thread, as the gate is shared).
type NewCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// One pass over a text says which of a list of rules match it anywhere, and only those are
/// run: most texts hold one or two kinds of figures, and each rule run is a pass of its own.
/// The answers are the rules' own (a rule the set says does not match has no match).
///
/// What `RegexSet` runs for this (its forward lazy DFA, over the same NFA), built alone: a
/// `RegexSet` compiles a reverse NFA and the other engines too, unused here, which were 57 M
/// instructions at every start.
struct Gate {
    dfa: DFA,
    caches: Pool<Cache, NewCache>,
}

impl Gate {
    fn new(patterns: &[String]) -> Self {
        let hirs = syntax::parse_many(patterns).expect("built-in patterns are valid");
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(10 << 20)),
            )
            .build_many_from_hir(&hirs)
            .expect("built-in patterns compile");
        // The settings `RegexSet` gives its lazy DFA, but for a prefilter: the rules that start
        // with a digit have no literal prefix, so there is none.
        let config = DFA::config()
            .match_kind(MatchKind::All)
            .unicode_word_boundary(true)
            .cache_capacity(2 << 20)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let dfa = DFA::builder()
            .configure(config)
            .build_from_nfa(nfa)
            .expect("the gate's lazy DFA builds");
        let for_caches = dfa.clone();
        let new_cache: NewCache = Box::new(move || for_caches.create_cache());
        Self {
            dfa,
            caches: Pool::new(new_cache),
        }
    }

    /// Which rules match `text`, and where the last match of each ends. The set's search
    /// reports every offset where a match of a rule ends (from any start), so a rule's own
    /// matches, one after another, end there at the latest.
    fn matches(&self, text: &str) -> Gated {
        let mut last_end = vec![None; self.dfa.pattern_len()];
        let mut cache = self.caches.get();
        if self.scan(&mut cache, text, &mut last_end).is_err() {
            // The lazy DFA gave up (its cache cleared again and again): every rule is run to
            // the end of the text, and those that do not match find nothing.
            last_end.fill(Some(text.len()));
        }
        Gated { last_end }
    }

    /// Walks the lazy DFA over `text` once, noting at each match state where every rule it
    /// holds ends. What `try_search_overlapping_fwd` does, without stopping at each match and
    /// without its per-byte bookkeeping: its loop cost some 30 instructions a byte, the
    /// search's whole cost.
    fn scan(
        &self,
        cache: &mut Cache,
        text: &str,
        last_end: &mut [Option<usize>],
    ) -> Result<(), GaveUp> {
        let dfa = &self.dfa;
        // Matches come by their end, in order: the last one noted for a rule is its last one.
        let mut note = |cache: &Cache, sid: LazyStateID, end: usize| {
            for i in 0..dfa.match_len(cache, sid) {
                last_end[dfa.match_pattern(cache, sid, i).as_usize()] = Some(end);
            }
        };
        let mut sid = dfa
            .start_state_forward(cache, &Input::new(text))
            .map_err(|_| GaveUp)?;
        cache.search_start(0);
        let bytes = text.as_bytes();
        let mut at = 0;
        loop {
            if !sid.is_tagged() {
                // The common steps, to ordinary states already computed. Through a shared
                // borrow of the cache, so the loop holds its table in registers.
                let cache: &Cache = cache;
                while let Some(&byte) = bytes.get(at) {
                    let next = dfa.next_state_untagged(cache, sid, byte);
                    if next.is_tagged() {
                        break;
                    }
                    sid = next;
                    at += 1;
                }
            }
            let Some(&byte) = bytes.get(at) else { break };
            // A match, the end of the search, or a state not computed yet (the cache may fill
            // and be cleared, and how far the search has come decides whether it gives up).
            cache.search_update(at);
            sid = dfa.next_state(cache, sid, byte).map_err(|_| GaveUp)?;
            // Matches are delayed by one byte: this one ends where `byte` starts.
            if sid.is_match() {
                note(cache, sid, at);
            } else if sid.is_dead() {
                cache.search_finish(at);
                return Ok(());
            } else if sid.is_quit() {
                return Err(GaveUp);
            }
            at += 1;
        }
        sid = dfa.next_eoi_state(cache, sid).map_err(|_| GaveUp)?;
        if sid.is_match() {
            note(cache, sid, text.len());
        }
        cache.search_finish(text.len());
        Ok(())
    }
}

/// The gate's lazy DFA gave up on a text.
struct GaveUp;

/// Whether `text` has an ASCII digit, tested 32 bytes at a time without stopping inside a block
/// (vector code; stopping at each byte, the test was byte by byte over every block of text).
fn has_ascii_digit(text: &str) -> bool {
    text.as_bytes()
        .chunks(32)
        .any(|block| block.iter().fold(false, |any, b| any | b.is_ascii_digit()))
}

/// The rules that match one text, with where each one's last match ends.
struct Gated {
    /// By rule: `None` when it does not match.
    last_end: Vec<Option<usize>>,
}

impl Gated {
    /// `rule`'s `captures_iter(text)`, empty when it does not match `text` and done after its
    /// last match (not searched on to the end of the text). Always inlined: as a call it ran
    /// for every rule and text, and its large iterator was copied out of it.
    #[inline(always)]
    fn captures<'r, 't>(&self, rule: &'r Rule, text: &'t str) -> UpTo<CaptureMatches<'r, 't>> {
        let last_end = self.last_end[rule.gate];
        UpTo {
            matches: last_end.map(|_| rule.pattern.re().captures_iter(text)),
            last_end: last_end.unwrap_or(0),
        }
    }

    /// `rule`'s `find_iter(text)`, as [`Gated::captures`].
    #[inline(always)]
    fn find<'r, 't>(&self, rule: &'r Rule, text: &'t str) -> UpTo<Matches<'r, 't>> {
        let last_end = self.last_end[rule.gate];
        UpTo {
            matches: last_end.map(|_| rule.pattern.re().find_iter(text)),
            last_end: last_end.unwrap_or(0),
        }
    }
}

/// A rule's matches up to the one ending at `last_end`, or none. An `Option`, not
/// `Option::into_iter().flatten()`: a `Flatten` keeps and moves two more copies of the
/// iterator (most texts run few of the rules, and the empty ones cost that for every rule and
/// text).
struct UpTo<I> {
    matches: Option<I>,
    last_end: usize,
}

/// Where a match ends in its text.
trait MatchEnd {
    fn match_end(&self) -> usize;
}

impl MatchEnd for Captures<'_> {
    fn match_end(&self) -> usize {
        self.get(0).map_or(usize::MAX, |m| m.end())
    }
}

impl MatchEnd for regex::Match<'_> {
    fn match_end(&self) -> usize {
        self.end()
    }
}

impl<I: Iterator<Item: MatchEnd>> Iterator for UpTo<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let found = self.matches.as_mut()?.next()?;
        // No match of the rule ends later: the rest of the text is not searched.
        if found.match_end() >= self.last_end {
            self.matches = None;
        }
        Some(found)
    }
}

impl Numeric {
    pub fn new(assets: &Assets) -> Self {
        let mut currencies = Vec::new();
        let mut scaled_only = Vec::new();
        for line in assets.list("currencies.txt") {
            let (word, flag) = line.split_once('|').unwrap_or((line, ""));
            currencies.push(word.trim().to_string());
            if flag.trim() == "scaled" {
                scaled_only.push(word.trim().to_string());
            }
        }
        let scales = alternation(assets.list("money_scales.txt"));
        let currencies = alternation(&currencies);
        let mut rules = Rules::default();
        Self {
            day_month_year: rules.make(r"(?-u:\b)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?-u:\b)"),
            day_range: rules.make(r"(?-u:\b)(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?-u:\b)"),
            day_month_range: rules.make(
                r"(?-u:\b)(\d{1,2})/(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?-u:\b)",
            ),
            day_month: rules.make(r"(?-u:\b)(\d{1,2})([/.-])(\d{1,2})(?-u:\b)"),
            // "ngày 10 đến 12/4", "từ đêm 6/11 đến hết ngày 8/11", "từ 30/4 đến 2/5", and in
            // dash style ("từ 27-10 đến 2-11").
            day_words_range: rules.make(
                r"(?:(?i:từ)\s+)?(?:((?i:rạng sáng|đêm|ngày|sáng|trưa|chiều|tối))\s+)?(\d{1,2})(?:[/-](\d{1,2}))?\s+(?:đến|tới)\s+(?:hết\s+)?(?:(?i:rạng sáng|đêm|ngày|sáng|trưa|chiều|tối)\s+)?(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?(?-u:\b)",
            ),
            spelled: rules.make(
                r"(?i:ngày|mồng|mùng)\s+(\d{1,2})(?:\s+(?:đến|tới|-|–)\s+(?:(?i:ngày)\s+)?(\d{1,2}))?\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?(?-u:\b)",
            ),
            month_year: rules.make(
                r"(?:(?-u:\b)([Tt]háng)\s+)?(?-u:\b)(\d{1,2})(?:/|-|\.|\s+năm\s+)(\d{4})(?-u:\b)",
            ),
            // "tháng 5" (a calendar month, no year); "5 tháng" is a duration and does not match.
            month_alone: rules.make(r"(?-u:\b)[Tt]háng\s+(\d{1,2})(?-u:\b)"),
            // "quý III/2025", "quý III năm 2025", and "quý III" of the year the article speaks of.
            quarter: rules.make(r"(?-u:\b)[Qq]uý\s+(IV|I{1,3}|[1-4])(?:(?:/|\s+năm\s+)(\d{4}))?(?-u:\b)"),
            // "năm 1985", "(SN 1985)" (born in).
            year: rules.make(r"(?-u:\b)(?:[Nn]ăm|SN)\s+(\d{4})(?-u:\b)"),
            year_list_item: Pattern::new(r"^(?:\s*,\s*|\s+(?:và|hoặc|đến|tới)\s+)(\d{4})(?-u:\b)"),
            year_range: rules.make(r"(?-u:\b)(\d{4})\s*([-–])\s*(\d{4})(?-u:\b)"),
            money: rules.make(&format!(
                r"(?-u:\b)(\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(\d+))?(?:\s*({scales}))?\s*({currencies})"
            )),
            money_range_head: Pattern::new(format!(
                r"(?-u:\b)(\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(\d+))?\s*({scales})\s+(?:đến|tới|-|–)\s+$"
            )),
            // "13,5-13,8 triệu đồng", "38.000-42.000 đồng": both bounds share scale and currency.
            money_dash_range: rules.make(&format!(
                r"(?-u:\b)((?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d+)?)\s*[-–]\s*((?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d+)?)(?:\s*({scales}))?\s*({currencies})"
            )),
            // "ngày 18 và 23/11": two days of one month.
            day_list: rules.make(
                r"(?i:ngày)\s+(\d{1,2})\s+(?:và|,)\s+(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?-u:\b)",
            ),
            // "25 Tháng Chín": the month spelled out in words.
            word_month: rules.make(
                r"(?-u:\b)(\d{1,2})\s+[Tt]háng\s+((?:[Mm]ười\s+)?(?:[Mm]ột|[Hh]ai)|[Mm]ười|[Gg]iêng|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Cc]hạp)(?:\s+năm\s+(\d{4}))?",
            ),
            // "9.5.1945 – 9.5.2025": a span between two full dates.
            full_date_range: rules.make(
                r"(?-u:\b)(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4})\s*[-–]\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?-u:\b)",
            ),
            english: English::new(&mut rules),
            context: assets
                .list("date_context.txt")
                .iter()
                .map(|l| l.split('|').next().unwrap_or("").trim().to_string())
                .collect(),
            day_words: assets
                .list("date_context.txt")
                .iter()
                .filter(|l| l.ends_with("|day"))
                .map(|l| l.split('|').next().unwrap_or("").trim().to_string())
                .collect(),
            scaled_only,
            // Last: every rule is made by now.
            gate: Gate::new(&rules.0),
        }
    }

    /// Dates and amounts in `text`, possibly overlapping (the caller keeps the longest).
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        if !has_ascii_digit(text) {
            return out;
        }
        let rules = self.gate.matches(text);
        let mut push = |start: usize, end: usize, kind: EntityKind, canonical: String| {
            if !inside_code(text, start, end) {
                out.push(Found {
                    start,
                    end,
                    kind,
                    canonical,
                });
            }
        };
        for c in rules.captures(&self.day_month_year, text) {
            let (Some(d), Some(m), Some(y)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            if valid_day_month(d, m) && valid_year(y) && !continues_number(text, all.end) {
                push(all.start, all.end, EntityKind::Date, format!("{d}/{m}/{y}"));
            }
        }
        for c in rules.captures(&self.day_range, text) {
            let (Some(d1), Some(d2), Some(m)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            let year = num(&c, 4);
            if !valid_day_span(d1, d2, m, year)
                || continues_number(text, all.end)
                || (year.is_none() && !self.has_context(text, all.start))
            {
                continue;
            }
            let name = with_year(format!("{d1}-{d2}/{m}"), year);
            push(all.start, all.end, EntityKind::Date, name);
        }
        for c in rules.captures(&self.day_month_range, text) {
            let (Some(d1), Some(m1), Some(d2), Some(m2)) =
                (num(&c, 1), num(&c, 2), num(&c, 3), num(&c, 4))
            else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            let year = num(&c, 5);
            if !(valid_day_month(d1, m1) && valid_day_month(d2, m2))
                || year.is_some_and(|y| !valid_year(y))
                || continues_number(text, all.end)
                || (year.is_none() && !self.has_context(text, all.start))
            {
                continue;
            }
            let name = with_year(format!("{d1}/{m1}-{d2}/{m2}"), year);
            push(all.start, all.end, EntityKind::Date, name);
        }
        // "ngày 10 đến 12/4/2025": the month and year distribute over both days.
        for c in rules.captures(&self.day_words_range, text) {
            let (Some(d1), Some(d2), Some(m2)) = (num(&c, 2), num(&c, 4), num(&c, 5)) else {
                continue;
            };
            let Some(all) = c.get(0) else { continue };
            // "từ" or a day word opens the range ("5 đến 7/5 người" is a count).
            let opened = c.get(1).is_some() || all.as_str().to_lowercase().starts_with("từ");
            let m1 = num(&c, 3).unwrap_or(m2);
            let year = num(&c, 6);
            let ordered = (m1, d1) < (m2, d2) && (m1 == m2 || c.get(3).is_some());
            if !(opened && valid_day_month(d1, m1) && valid_day_month(d2, m2) && ordered)
                || year.is_some_and(|y| !valid_year(y))
                || continues_number(text, all.end())
            {
                continue;
            }
            // "từ đêm 6/11 …" starts at the day word ("đêm 6/11 đến …"), "từ 3 đến 5/11" at "từ".
            let start = c.get(1).map_or(all.start(), |g| g.start());
            let days = if m1 == m2 {
                format!("{d1}-{d2}/{m2}")
            } else {
                format!("{d1}/{m1}-{d2}/{m2}")
            };
            push(start, all.end(), EntityKind::Date, with_year(days, year));
        }
        for c in rules.captures(&self.spelled, text) {
            let (Some(d1), Some(m)) = (num(&c, 1), num(&c, 3)) else {
                continue;
            };
            let d2 = num(&c, 2);
            let year = num(&c, 4);
            if !valid_day_month(d1, m)
                || d2.is_some_and(|d2| !valid_day_month(d2, m) || d2 <= d1)
                || year.is_some_and(|y| !valid_year(y))
            {
                continue;
            }
            let days = match d2 {
                Some(d2) => format!("{d1}-{d2}"),
                None => d1.to_string(),
            };
            let name = with_year(format!("{days}/{m}"), year);
            let all = c.get(0).map_or(0..0, |m| m.range());
            push(all.start, all.end, EntityKind::Date, name);
        }
        // Bare "d/m" needs context.
        for c in rules.captures(&self.day_month, text) {
            let (Some(d), Some(m)) = (num(&c, 1), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            // "sáng 15-3" (dash style) and "ngày 3.11" (dotted) need a day or time-of-day word:
            // "từ 3-5 người" is a count, "3.11" alone a number.
            let context = if c.get(2).is_some_and(|s| s.as_str() != "/") {
                self.has_day_word(text, all.start)
            } else {
                self.has_context(text, all.start) || in_parentheses(text, all.start, all.end)
            };
            if valid_day_month(d, m)
                && !continues_number(text, all.end)
                && !text[..all.start].ends_with(['/', '-', '.', ','])
                && context
            {
                push(all.start, all.end, EntityKind::Date, format!("{d}/{m}"));
            }
        }
        for c in rules.captures(&self.month_year, text) {
            let (Some(m), Some(y)) = (num(&c, 2), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            let spelled_month = c.get(1).is_some();
            let slash = text[all.start..all.end].contains('/');
            // "tháng 3-2025" (dash style) and "tháng 12.2025" (dotted) only with the month word.
            let dash = text[all.start..all.end].contains(['-', '.']);
            if dash && !spelled_month {
                continue;
            }
            // "12/2006" alone is a month only when nothing makes it look like a day or a ratio.
            if !(1..=12).contains(&m)
                || !valid_year(y)
                || continues_number(text, all.end)
                || (!spelled_month && !slash)
                || (!spelled_month && text[..all.start].ends_with(['/', '-', '.', ',']))
            {
                continue;
            }
            push(all.start, all.end, EntityKind::Date, format!("{m}/{y}"));
        }
        for c in rules.captures(&self.month_alone, text) {
            let Some(m) = num(&c, 1) else { continue };
            let all = c.get(0).map_or(0..0, |m| m.range());
            // "tháng 12/2006", "tháng 5 năm 2025" are longer dates found above.
            let rest = &text[all.end..];
            let joined = rest.starts_with(['/', '-', '.'])
                && rest[1..].starts_with(|c: char| c.is_ascii_digit());
            // "mỗi tháng 2 lần", "3 tháng 1 lần": a frequency, not a month.
            let before = text[..all.start].trim_end();
            let last_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let next_word = rest.split_whitespace().next().unwrap_or("");
            let frequency = matches!(
                last_word.to_lowercase().as_str(),
                "mỗi" | "hằng" | "hàng" | "một" | "mọi"
            ) || last_word.chars().next().is_some_and(|c| c.is_ascii_digit())
                || matches!(
                    next_word,
                    "lần" | "lượt" | "buổi" | "đợt" | "kỳ" | "ngày" | "tuần"
                );
            if (1..=12).contains(&m)
                && !continues_number(text, all.end)
                && !joined
                && !frequency
                && !rest.trim_start().starts_with("năm")
            {
                push(all.start, all.end, EntityKind::Date, format!("tháng {m}"));
            }
        }
        for c in rules.captures(&self.quarter, text) {
            let Some(q) = c.get(1) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            let roman = match q.as_str() {
                "1" | "I" => "I",
                "2" | "II" => "II",
                "3" | "III" => "III",
                _ => "IV",
            };
            let name = match num(&c, 2) {
                Some(y) if valid_year(y) => format!("quý {roman}/{y}"),
                Some(_) => continue,
                // "quý 3" alone may be a count; the Roman form is the quarter.
                None if q.as_str().starts_with('I') => format!("quý {roman}"),
                None => continue,
            };
            if !continues_number(text, all.end) {
                push(all.start, all.end, EntityKind::Date, name);
            }
        }
        for c in rules.captures(&self.year, text) {
            let Some(y) = num(&c, 1) else { continue };
            let all = c.get(0).map_or(0..0, |m| m.range());
            if !valid_year(y) || continues_number(text, all.end) {
                continue;
            }
            push(all.start, all.end, EntityKind::Date, y.to_string());
            // "các năm 1957, 1961 và 1962": the list shares the "năm".
            let mut at = all.end;
            while let Some(item) = self.year_list_item.re().captures(&text[at..]) {
                let Some(g) = item.get(1) else { break };
                let Ok(y) = g.as_str().parse::<u32>() else {
                    break;
                };
                if !valid_year(y) || continues_number(text, at + g.end()) {
                    break;
                }
                push(
                    at + g.start(),
                    at + g.end(),
                    EntityKind::Date,
                    y.to_string(),
                );
                at += g.end();
            }
        }
        for c in rules.captures(&self.year_range, text) {
            let (Some(a), Some(b)) = (num(&c, 1), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            if valid_year(a) && valid_year(b) && a < b && !continues_number(text, all.end) {
                push(all.start, all.end, EntityKind::Date, format!("{a} - {b}"));
            }
        }
        for c in rules.captures(&self.money, text) {
            let (Some(number), Some(currency)) = (c.get(1), c.get(4)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            // The currency word must end there ("5 USDT" is not dollars).
            if text[all.end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let scale = c.get(3).map(|m| m.as_str());
            let grouped = number.as_str().contains('.') || number.as_str().len() >= 4;
            // "giảm 500 đồng/lít", "30 đồng/kWh": a price per unit is money whatever its size.
            let per_unit = text[all.end..].starts_with('/')
                && text[all.end + 1..].starts_with(char::is_alphabetic);
            if self.scaled_only.iter().any(|s| s == currency.as_str())
                && scale.is_none()
                && !grouped
                && !per_unit
            {
                continue;
            }
            if text[..all.start].ends_with(['/', '-', '.', ',']) {
                continue;
            }
            let mut name = number.as_str().to_string();
            if let Some(dec) = c.get(2) {
                name.push(',');
                name.push_str(dec.as_str());
            }
            if let Some(s) = scale {
                name.push(' ');
                name.push_str(s);
            }
            name.push(' ');
            name.push_str(currency.as_str());
            push(all.start, all.end, EntityKind::Money, name);
            // "từ 50 triệu đến 100 triệu đồng": the first bound borrows the currency.
            if let Some(h) = self.money_range_head.re().captures(&text[..all.start]) {
                let (Some(first), Some(n), Some(s)) = (h.get(0), h.get(1), h.get(3)) else {
                    continue;
                };
                let dec = h
                    .get(2)
                    .map(|d| format!(",{}", d.as_str()))
                    .unwrap_or_default();
                let end = s.end();
                let name = format!("{}{dec} {} {}", n.as_str(), s.as_str(), currency.as_str());
                push(first.start(), end, EntityKind::Money, name);
            }
        }
        for c in rules.captures(&self.money_dash_range, text) {
            let (Some(all), Some(low), Some(high), Some(currency)) =
                (c.get(0), c.get(1), c.get(2), c.get(4))
            else {
                continue;
            };
            let ends = !text[all.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            let scale = c.get(3).map(|m| m.as_str());
            let grouped = [low, high]
                .iter()
                .any(|n| n.as_str().contains('.') || n.as_str().len() >= 4);
            let bare_dong = self.scaled_only.iter().any(|s| s == currency.as_str())
                && scale.is_none()
                && !grouped;
            if !ends || bare_dong || text[..all.start()].ends_with(['/', '-', '.', ',']) {
                continue;
            }
            let name = match scale {
                Some(s) => format!(
                    "{}-{} {s} {}",
                    low.as_str(),
                    high.as_str(),
                    currency.as_str()
                ),
                None => format!("{}-{} {}", low.as_str(), high.as_str(), currency.as_str()),
            };
            push(all.start(), all.end(), EntityKind::Money, name);
        }
        for c in rules.captures(&self.day_list, text) {
            let (Some(d1), Some(d2), Some(m)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            let year = num(&c, 4);
            if !valid_day_span(d1, d2, m, year) || continues_number(text, all.end) {
                continue;
            }
            let name = with_year(format!("{d1} và {d2}/{m}"), year);
            push(all.start, all.end, EntityKind::Date, name);
        }
        for c in rules.captures(&self.word_month, text) {
            let (Some(all), Some(d), Some(m)) = (c.get(0), num(&c, 1), c.get(2)) else {
                continue;
            };
            let Some(m) = month_from_word(m.as_str()) else {
                continue;
            };
            // "Tháng Ba" must not swallow the start of the next word ("Tháng Bảy" is whole).
            let word_ends = !text[all.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            let year = num(&c, 3);
            // "9 tháng năm 2025" is nine months of the year: a month word needs its capital
            // ("25 Tháng Chín") or a day word before the day ("ngày 25 tháng chín").
            let capital = c
                .get(2)
                .is_some_and(|w| w.as_str().starts_with(char::is_uppercase));
            let dated = capital || self.has_day_word(text, all.start());
            if word_ends && dated && valid_day_month(d, m) && year.is_none_or(valid_year) {
                push(
                    all.start(),
                    all.end(),
                    EntityKind::Date,
                    with_year(format!("{d}/{m}"), year),
                );
            }
        }
        for c in rules.captures(&self.full_date_range, text) {
            let values: Option<Vec<u32>> = [1, 3, 4, 5, 6, 7].iter().map(|&i| num(&c, i)).collect();
            let Some([d1, m1, y1, d2, m2, y2]) = values
                .as_deref()
                .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]])
            else {
                continue;
            };
            let all = c.get(0).map_or(0..0, |m| m.range());
            if valid_day_month(d1, m1)
                && valid_day_month(d2, m2)
                && valid_year(y1)
                && valid_year(y2)
                && (y1, m1, d1) < (y2, m2, d2)
                && !continues_number(text, all.end)
            {
                let name = format!("{d1}/{m1}/{y1} - {d2}/{m2}/{y2}");
                push(all.start, all.end, EntityKind::Date, name);
            }
        }
        // A document's own code ("20/CT-TTg") is what the code check keeps dates out of.
        let (documents, values): (Vec<Found>, Vec<Found>) = self
            .english
            .find(text, &rules)
            .into_iter()
            .partition(|f| f.kind == EntityKind::Document);
        for f in values {
            push(f.start, f.end, f.kind, f.canonical);
        }
        out.extend(documents);
        out
    }

    /// A day or time-of-day word right before `at` ("ngày", "sáng", "tối"…).
    fn has_day_word(&self, text: &str, at: usize) -> bool {
        ends_with_word(text, at, &self.day_words)
    }

    /// A context word ("ngày", "từ", "sáng"…) or an opening parenthesis right before `at`.
    fn has_context(&self, text: &str, at: usize) -> bool {
        ends_with_word(text, at, &self.context)
    }
}

/// The text before `at` (skipping spaces and an opening parenthesis) ends with one of `words`.
fn ends_with_word(text: &str, at: usize, words: &[String]) -> bool {
    let before = text[..at].trim_end();
    let before = before.strip_suffix('(').unwrap_or(before).trim_end();
    // The last 24 characters, lower-cased (sliced, not collected character by character).
    let from = before.char_indices().rev().nth(23).map_or(0, |(i, _)| i);
    let tail = crate::text::lowercase(&before[from..]);
    words.iter().any(|w| {
        tail.ends_with(w.as_str())
            && tail[..tail.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// More digits or a slash-number right after: part of a longer number, not a date.
fn continues_number(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('/' | '.' | ',' | '-') => chars.next().is_some_and(|c| c.is_alphanumeric()),
        _ => false,
    }
}

/// "(8/12)": the only thing inside the parentheses.
fn in_parentheses(text: &str, start: usize, end: usize) -> bool {
    text[..start].trim_end().ends_with('(') && text[end..].trim_start().starts_with(')')
}

/// Inside a document code such as "30/2020/NĐ-CP" or "57-NQ/TW". Looks at most a few dozen
/// characters around the match (codes are short), so a huge unbroken token stays cheap.
fn inside_code(text: &str, start: usize, end: usize) -> bool {
    const REACH: usize = 24;
    let left: Vec<char> = text[..start]
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .take(REACH)
        .collect();
    let right = text[end..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(REACH);
    let mut prev = ' ';
    for c in left
        .into_iter()
        .rev()
        .chain(text[start..end].chars())
        .chain(right)
    {
        if (prev == '/' || prev == '-') && c.is_uppercase() {
            return true;
        }
        prev = c;
    }
    false
}

/// Dates and amounts as English-language news writes them: "Dec. 22, 2024", "November 18 and
/// 23", "in 2027", "VND43.7 trillion", "US$1.66 billion", "VND7,000-20,000", "$2.4mn".
struct English {
    month_alone: Rule,
    quarter: Rule,
    month_day: Rule,
    day_month: Rule,
    month_year: Rule,
    year: Rule,
    money: Rule,
    money_after: Rule,
    document: Rule,
}

/// Month names and their usual abbreviations, capitalised (a lower-case "may" or "march" is a
/// word, not a month).
const MONTHS: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

/// Scale words after an English amount.
const EN_SCALES: &str =
    r"(quadrillion|trillion|billion|million|thousand|tn|bn|mn|m|k|nghìn tỷ|triệu|tỷ|tỉ|nghìn|ngàn)";

fn english_month(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    NAMES
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

impl English {
    fn new(rules: &mut Rules) -> Self {
        let mut re = |s: String| rules.make(&s);
        let amount = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";
        Self {
            // "in September", "In October alone", "since May": a month named after a word that
            // makes it one (a capitalised "May" opening a sentence may be the verb).
            month_alone: re(r"(?-u:\b)(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|early|late|mid|last|next|this)\s+(January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)".to_string()),
            // "Q3 2025", "Q1/2027".
            quarter: re(r"(?-u:\b)Q([1-4])(?:\s+|/)(\d{4})(?-u:\b)".to_string()),
            // "Dec. 22, 2024", "November 18 and 23", "Nov. 22-23".
            month_day: re(format!(
                r"(?-u:\b){MONTHS}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(and|&|-|–|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(\d{{4}}))?(?-u:\b)"
            )),
            // "22 December 2024".
            day_month: re(format!(
                r"(?-u:\b)(\d{{1,2}})\s+{MONTHS}(?:,?\s+(\d{{4}}))?(?-u:\b)"
            )),
            // "March 2025", "in June".
            month_year: re(format!(r"(?-u:\b){MONTHS}\s+(\d{{4}})(?-u:\b)")),
            // A year after a word that makes it one: "in 2027", "by 2035", "since early 2023".
            year: re(r"(?i)(?-u:\b)(?:in|by|since|from|until|till|before|after|during|through|of|early|late|mid|end)\s+(?:(?:early|late|mid)[- ])?(\d{4})(?-u:\b)".to_string()),
            // "VND43.7 trillion", "US$1.66 billion", "VND7,000-20,000", "$2.4mn".
            money: re(format!(
                r"(US\$|USD|VND|VNĐ|S\$|A\$|HK\$|€|£|¥|\$)\s?{amount}(?:\s*[-–]\s*{amount})?(?:\s*{EN_SCALES}(?-u:\b))?"
            )),
            // "Directive No 20/CT-TTg", "Decree 100/2019/ND-CP", "Resolution No. 57-NQ/TW".
            document: re(r"(?-u:\b)(?:Decree|Directive|Resolution|Circular|Decision|Law)\s+(?:No\.?\s*)?\d+(?:[/-][\w.-]+)*".to_string()),
            // "20 million USD", "300,000 dong".
            money_after: re(format!(
                r"(?-u:\b){amount}(?:\s*[-–]\s*{amount})?(?:\s*{EN_SCALES})?\s+(USD|VND|dong|euros?|yuan|yen|baht|pounds?)(?-u:\b)"
            )),
        }
    }

    /// Dates and amounts in `text`, with `rules` saying which of the rules match it.
    fn find(&self, text: &str, rules: &Gated) -> Vec<Found> {
        let mut out = Vec::new();
        let date = |start: usize, end: usize, canonical: String| Found {
            start,
            end,
            kind: EntityKind::Date,
            canonical,
        };
        for c in rules.captures(&self.month_day, text) {
            let (Some(all), Some(m), Some(d)) = (c.get(0), c.get(1), num(&c, 2)) else {
                continue;
            };
            let Some(m) = english_month(m.as_str()) else {
                continue;
            };
            let year = num(&c, 5);
            if !valid_day_month(d, m) || year.is_some_and(|y| !valid_year(y)) {
                continue;
            }
            let days = match (c.get(3).map(|j| j.as_str()), num(&c, 4)) {
                (Some("and" | "&"), Some(d2)) if valid_day_month(d2, m) && d2 > d => {
                    format!("{d} và {d2}")
                }
                (Some(_), Some(d2)) if valid_day_month(d2, m) && d2 > d => format!("{d}-{d2}"),
                _ => d.to_string(),
            };
            // Without its second day the match stops after the first one.
            let end = if days.contains(['-', 'v']) || year.is_some() {
                all.end()
            } else {
                c.get(2).map_or(all.end(), |g| g.end())
            };
            out.push(date(
                all.start(),
                end,
                with_year(format!("{days}/{m}"), year),
            ));
        }
        for c in rules.captures(&self.day_month, text) {
            let (Some(all), Some(d), Some(m)) = (c.get(0), num(&c, 1), c.get(2)) else {
                continue;
            };
            let Some(m) = english_month(m.as_str()) else {
                continue;
            };
            let year = num(&c, 3);
            if valid_day_month(d, m) && year.is_none_or(valid_year) {
                out.push(date(
                    all.start(),
                    all.end(),
                    with_year(format!("{d}/{m}"), year),
                ));
            }
        }
        for c in rules.captures(&self.month_year, text) {
            let (Some(all), Some(m), Some(y)) = (c.get(0), c.get(1), num(&c, 2)) else {
                continue;
            };
            if let Some(m) = english_month(m.as_str()).filter(|_| valid_year(y)) {
                out.push(date(all.start(), all.end(), format!("{m}/{y}")));
            }
        }
        // Longer dates above win over the month alone ("in September 2025").
        for c in rules.captures(&self.month_alone, text) {
            let Some(m) = c.get(1) else { continue };
            if let Some(month) = english_month(m.as_str()) {
                out.push(date(m.start(), m.end(), format!("tháng {month}")));
            }
        }
        for c in rules.captures(&self.quarter, text) {
            let (Some(all), Some(q), Some(y)) = (c.get(0), num(&c, 1), num(&c, 2)) else {
                continue;
            };
            let roman = ["I", "II", "III", "IV"][q as usize - 1];
            if valid_year(y) {
                out.push(date(all.start(), all.end(), format!("quý {roman}/{y}")));
            }
        }
        for c in rules.captures(&self.year, text) {
            let Some(y) = c.get(1) else { continue };
            let Ok(value) = y.as_str().parse::<u32>() else {
                continue;
            };
            if valid_year(value) && !continues_number(text, y.end()) {
                out.push(date(y.start(), y.end(), value.to_string()));
            }
        }
        for m in rules.find(&self.document, text) {
            let surface = m.as_str().trim_end_matches(['.', '-', '/']);
            out.push(Found {
                start: m.start(),
                end: m.start() + surface.len(),
                kind: EntityKind::Document,
                canonical: surface.to_string(),
            });
        }
        for re in [&self.money, &self.money_after] {
            for m in rules.find(re, text) {
                let surface = m.as_str().trim();
                let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
                // "$2.4mn" yes; "5m" alone (a length) is not money: a currency is part of it.
                if continues_number(text, m.end()) || text[..start].ends_with(['/', '.']) {
                    continue;
                }
                out.push(Found {
                    start,
                    end: start + surface.len(),
                    kind: EntityKind::Money,
                    canonical: surface.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::hybrid::dfa::OverlappingState;

    /// Where each pattern's last match ends, by the library's overlapping search (what the
    /// gate's own walk does).
    fn overlapping_last_ends(gate: &Gate, text: &str) -> Vec<Option<usize>> {
        let mut cache = gate.dfa.create_cache();
        let input = Input::new(text);
        let mut state = OverlappingState::start();
        let mut last_end = vec![None; gate.dfa.pattern_len()];
        loop {
            gate.dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .expect("a small search does not give up");
            let Some(m) = state.get_match() else { break };
            last_end[m.pattern().as_usize()] = Some(m.offset());
        }
        last_end
    }

    #[test]
    fn gate_walk_agrees_with_overlapping_search() {
        let patterns = [
            r"(?-u:\b)\d{1,2}/\d{1,2}(?-u:\b)",
            r"\d+",
            r"(?-u:\b)[Qq]uý\s+(IV|I{1,3})(?-u:\b)",
            r"tháng\s+\d",
            r"x$",
        ]
        .map(String::from);
        let gate = Gate::new(&patterns);
        for text in [
            "",
            "5",
            "ngày 12/3",
            "12/3 và 4/5, quý III",
            "quý IV năm tháng 7 và 15/10x",
            "a12/3 12/34 1/2/3 tháng  9",
        ] {
            assert_eq!(
                gate.matches(text).last_end,
                overlapping_last_ends(&gate, text),
                "{text:?}"
            );
        }
    }
}
