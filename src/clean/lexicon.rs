//! The cleaner's word lists (`assets/clean/`), embedded and parsed once.

use crate::assets::parse_list;
use crate::text::exact_key;
use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// Whole-line patterns: exact keys, prefixes from entries ending in `*`, substrings from entries
/// starting and ending in `*`.
struct Patterns {
    exact: HashSet<String>,
    prefixes: Vec<String>,
    /// Searchers built once (`str::contains` prepares its search again at every call).
    substrings: Vec<Finder<'static>>,
}

impl Patterns {
    fn parse(source: &str) -> Self {
        let mut exact = HashSet::default();
        let mut prefixes = Vec::new();
        let mut substrings = Vec::new();
        for entry in parse_list(source) {
            match entry.strip_suffix('*') {
                Some(inner) if inner.starts_with('*') => {
                    substrings.push(Finder::new(&exact_key(&inner[1..])).into_owned())
                }
                Some(prefix) => prefixes.push(exact_key(prefix)),
                None => {
                    exact.insert(exact_key(&entry));
                }
            }
        }
        Self {
            exact,
            prefixes,
            substrings,
        }
    }

    fn matches(&self, key: &str) -> bool {
        self.exact.contains(key)
            || self.prefixes.iter().any(|p| starts_with_words(key, p))
            || self
                .substrings
                .iter()
                .any(|p| p.find(key.as_bytes()).is_some())
    }
}

/// How a byline cue is matched against a line key.
enum BylineCue {
    Prefix(String),
    Source(String),
    Contains(String),
    Exact(String),
}

/// All lists, as keys (see [`exact_key`]).
pub(crate) struct Lexicon {
    end_markers: HashSet<String>,
    /// The longest end marker's length in bytes: a longer line (most prose) is none of them,
    /// told without hashing it.
    longest_end_marker: usize,
    /// Labels that end the article with their content on the same line ("Từ khóa: …").
    end_labels: Vec<String>,
    navigation: Patterns,
    furniture: Patterns,
    /// Caption cues, searched for all at once.
    caption_cues: AhoCorasick,
    /// The caption cues without a colon: a key holding no colon holds a cue only if it holds
    /// one of these (a test far cheaper than the automaton's, and most keys fail it). Searchers
    /// built once: `str::contains` prepares its search again at every call.
    colonless_caption_cues: Vec<Finder<'static>>,
    byline_cues: Vec<BylineCue>,
    new_story_cues: Vec<String>,
    function_words: HashSet<String>,
    /// Section names as their words joined by one space ("thời sự", "life & style").
    sections: HashSet<String>,
    /// The first word of each section name, with the lengths in words of the names it starts
    /// (bit `n` for `n` words): most words of a line start none, and are passed with one
    /// look-up; the others look up only the lengths some name has ("kinh" starts "kinh doanh"
    /// alone, not a name of every length).
    section_starts: HashMap<String, u64>,
    longest_section: usize,
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let end_markers: HashSet<String> =
            parse_list(include_str!("../../assets/clean/end_markers.txt"))
                .iter()
                .filter(|e| !e.ends_with('*'))
                .map(|e| exact_key(e))
                .collect();
        Lexicon {
            longest_end_marker: end_markers.iter().map(String::len).max().unwrap_or(0),
            end_markers,
            end_labels: parse_list(include_str!("../../assets/clean/end_markers.txt"))
                .iter()
                .filter_map(|e| e.strip_suffix('*'))
                .map(exact_key)
                .collect(),
            navigation: Patterns::parse(include_str!("../../assets/clean/navigation.txt")),
            furniture: Patterns::parse(include_str!("../../assets/clean/furniture.txt")),
            caption_cues: AhoCorasick::new(keys(include_str!(
                "../../assets/clean/caption_cues.txt"
            )))
            .expect("caption cues"),
            colonless_caption_cues: keys(include_str!("../../assets/clean/caption_cues.txt"))
                .into_iter()
                .filter(|c| !c.contains(':'))
                .map(|c| Finder::new(&c).into_owned())
                .collect(),
            byline_cues: parse_list(include_str!("../../assets/clean/byline_cues.txt"))
                .iter()
                .filter_map(|e| parse_byline_cue(e))
                .collect(),
            new_story_cues: keys(include_str!("../../assets/clean/new_story_cues.txt")),
            function_words: keys(include_str!("../../assets/clean/function_words.txt"))
                .into_iter()
                .collect(),
            sections: keys(include_str!("../../assets/clean/sections.txt"))
                .iter()
                .map(|k| menu_words(k).collect::<Vec<_>>().join(" "))
                .collect(),
            section_starts: keys(include_str!("../../assets/clean/sections.txt"))
                .iter()
                .filter_map(|k| {
                    let first = menu_words(k).next()?;
                    let length = 1u64.checked_shl(menu_words(k).count() as u32);
                    Some((
                        first.to_string(),
                        length.expect("a section name of under 64 words"),
                    ))
                })
                .fold(HashMap::default(), |mut starts, (first, length)| {
                    *starts.entry(first).or_default() |= length;
                    starts
                }),
            longest_section: keys(include_str!("../../assets/clean/sections.txt"))
                .iter()
                .map(|k| menu_words(k).count())
                .max()
                .unwrap_or(1),
        }
    })
}

/// Words of a menu line, without the joiners between items ("&", "-", "|", "›").
fn menu_words(key: &str) -> impl Iterator<Item = &str> {
    key.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

fn keys(source: &str) -> Vec<String> {
    parse_list(source).iter().map(|e| exact_key(e)).collect()
}

fn parse_byline_cue(entry: &str) -> Option<BylineCue> {
    let (kind, pattern) = entry.split_once(':')?;
    let key = exact_key(pattern);
    match kind {
        "prefix" => Some(BylineCue::Prefix(key)),
        "source" => Some(BylineCue::Source(key)),
        "contains" => Some(BylineCue::Contains(key)),
        "exact" => Some(BylineCue::Exact(key)),
        _ => None,
    }
}

impl Lexicon {
    /// `key` (a whole line) is a section header that ends the article ("Tin liên quan", "Đọc nhiều:").
    pub(crate) fn is_end_marker(&self, key: &str) -> bool {
        let trimmed = key
            .trim_end_matches(|c: char| c.is_ascii_digit() || "():>»›…. ".contains(c))
            .trim_end();
        (trimmed.len() <= self.longest_end_marker && self.end_markers.contains(trimmed))
            || self.end_labels.iter().any(|l| key.starts_with(l.as_str()))
    }

    pub(crate) fn is_navigation(&self, key: &str) -> bool {
        self.navigation.matches(key)
    }

    pub(crate) fn is_furniture(&self, key: &str) -> bool {
        self.furniture.matches(key)
    }

    /// A caption cue starting a word ("Ảnh:" yes, the end of "Bối cảnh:" no).
    pub(crate) fn has_caption_cue(&self, key: &str) -> bool {
        // The colon looked for by the `memchr` crate's vector search (the standard library's
        // reads a word at a time).
        if memchr::memchr(b':', key.as_bytes()).is_none()
            && !self
                .colonless_caption_cues
                .iter()
                .any(|c| c.find(key.as_bytes()).is_some())
        {
            return false;
        }
        // Each cue's occurrences as `str::match_indices` gives them: left to right, not
        // overlapping one another (`ends` holds where each cue's last one ended).
        let mut ends: Vec<usize> = Vec::new();
        self.caption_cues.find_overlapping_iter(key).any(|m| {
            if ends.is_empty() {
                ends.resize(self.caption_cues.patterns_len(), 0);
            }
            let end = &mut ends[m.pattern().as_usize()];
            if m.start() < *end {
                return false;
            }
            *end = m.end();
            key[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    }

    /// Which byline cue matches, if any. For a `source:` cue ("Theo …") the caller checks that
    /// a source name (not a clause) follows.
    pub(crate) fn byline_cue(&self, key: &str) -> Option<BylineMatch> {
        self.byline_cues.iter().find_map(|cue| match cue {
            BylineCue::Prefix(p) if starts_with_words(key, p) => Some(BylineMatch::Plain),
            BylineCue::Source(p) if starts_with_words(key, p) => Some(BylineMatch::Source),
            BylineCue::Contains(p) if key.contains(p.as_str()) => Some(BylineMatch::Plain),
            BylineCue::Exact(p) if key == p => Some(BylineMatch::Plain),
            _ => None,
        })
    }

    /// The line is a site's menu: at least `min_sections` section names ("Thời sự", "Life &
    /// Style") covering at least `min_share` of its words.
    pub(crate) fn is_menu(&self, key: &str, min_sections: usize, min_share: f64) -> bool {
        let words: Vec<&str> = menu_words(key).collect();
        let (mut at, mut sections, mut covered) = (0, 0, 0);
        let mut phrase = String::new();
        // Words in no section are counted so that the look-ups stop once too many are (most
        // lines asked are not menus, and each look-up hashes a word).
        let mut uncovered = 0;
        let share_reachable =
            |uncovered: usize| (words.len() - uncovered) as f64 >= min_share * words.len() as f64;
        while at < words.len() {
            let len = self.section_starts.get(words[at]).and_then(|&lengths| {
                (1..=self.longest_section.min(words.len() - at))
                    .rev()
                    .filter(|&len| lengths >> len & 1 == 1)
                    .find(|&len| {
                        // Words hold no white space: joined by one, they name one word list.
                        phrase.clear();
                        for (n, word) in words[at..at + len].iter().enumerate() {
                            if n > 0 {
                                phrase.push(' ');
                            }
                            phrase.push_str(word);
                        }
                        self.sections.contains(phrase.as_str())
                    })
            });
            match len {
                Some(len) => {
                    sections += 1;
                    covered += len;
                    at += len;
                }
                None => {
                    at += 1;
                    uncovered += 1;
                    if !share_reachable(uncovered) {
                        return false;
                    }
                }
            }
        }
        sections >= min_sections && covered as f64 >= min_share * words.len() as f64
    }

    /// A word that says nothing of a topic ("của", "the"), as a key.
    pub(crate) fn is_function_word(&self, key: &str) -> bool {
        self.function_words.contains(key)
    }

    /// The key starts with a time word ("ngày", "sáng nay") that opens a news lede.
    pub(crate) fn new_story_cue_len(&self, key: &str) -> Option<usize> {
        self.new_story_cues
            .iter()
            .filter(|c| {
                key.starts_with(c.as_str())
                    && key[c.len()..].starts_with(|ch: char| !ch.is_alphanumeric())
            })
            .map(String::len)
            .max()
    }
}

/// `key` starts with `prefix` and the prefix ends at a word boundary ("theo" ≠ "theodore").
fn starts_with_words(key: &str, prefix: &str) -> bool {
    key.starts_with(prefix)
        && key[prefix.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || !prefix.ends_with(char::is_alphanumeric))
}

/// Kind of byline cue found on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BylineMatch {
    /// A cue that is a byline by itself ("(tổng hợp)", "Nguồn:").
    Plain,
    /// "Theo X": a byline only when X is a short source name.
    Source,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_caption_cue_is_found_at_a_word_start_only() {
        let lex = lexicon();
        for cue in keys(include_str!("../../assets/clean/caption_cues.txt")) {
            assert!(lex.has_caption_cue(&cue), "{cue}");
            assert!(lex.has_caption_cue(&format!("bức {cue} đẹp")), "{cue}");
            assert!(!lex.has_caption_cue(&format!("x{cue}")), "{cue}");
        }
        assert!(!lex.has_caption_cue("không có gì ở đây"));
    }
}
