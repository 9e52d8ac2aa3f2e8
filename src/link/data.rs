//! The linker's knowledge of the language and the world, kept as data under `assets/link/` and
//! parsed once.

use super::key;
use crate::assets::parse_list;
use crate::extract::EntityKind;
use std::collections::HashSet;
use std::sync::OnceLock;

const STATE_PREFIXES: &str = include_str!("../../assets/link/state_prefixes.txt");
const KNOWN_ALIASES: &str = include_str!("../../assets/link/known_aliases.txt");
const INITIALISM_SKIP: &str = include_str!("../../assets/link/initialism_skip.txt");
const VIETNAMESE_SURNAMES: &str = include_str!("../../assets/link/vietnamese_surnames.txt");
const PERSON_TITLES: &str = include_str!("../../assets/link/person_titles.txt");
const VALUE_PREFIXES: &str = include_str!("../../assets/link/value_prefixes.txt");

/// A set of forms known to denote one entity of one kind.
#[derive(Debug)]
pub(super) struct KnownGroup {
    pub kind: EntityKind,
    /// Raw forms; keyed by the caller with the kind's own key function.
    pub forms: Vec<String>,
}

/// A word an extractor may leave in front of a value of one kind.
#[derive(Debug)]
pub(super) struct ValuePrefix {
    pub kind: EntityKind,
    /// Exact-key tokens of the prefix.
    pub tokens: Vec<String>,
}

#[derive(Debug)]
pub(super) struct LinkData {
    /// Exact-key token lists, longest first.
    pub state_prefixes: Vec<Vec<String>>,
    pub known: Vec<KnownGroup>,
    pub initialism_skip: HashSet<String>,
    /// Exact keys of Vietnamese family names (one or two syllables).
    pub vietnamese_surnames: HashSet<String>,
    /// Exact-key token lists, longest first.
    pub person_titles: Vec<Vec<String>>,
    /// Longest first.
    pub value_prefixes: Vec<ValuePrefix>,
}

/// The parsed data, built on first use.
pub(super) fn data() -> &'static LinkData {
    static DATA: OnceLock<LinkData> = OnceLock::new();
    DATA.get_or_init(|| LinkData {
        state_prefixes: token_lists(STATE_PREFIXES),
        known: parse_list(KNOWN_ALIASES)
            .iter()
            .filter_map(|line| {
                let (kind, rest) = split_kind(line)?;
                let forms = rest
                    .split('|')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect();
                Some(KnownGroup { kind, forms })
            })
            .collect(),
        initialism_skip: parse_list(INITIALISM_SKIP)
            .iter()
            .map(|w| key::exact(w))
            .collect(),
        vietnamese_surnames: parse_list(VIETNAMESE_SURNAMES)
            .iter()
            .map(|w| key::exact(w))
            .collect(),
        person_titles: token_lists(PERSON_TITLES),
        value_prefixes: {
            let mut v: Vec<ValuePrefix> = parse_list(VALUE_PREFIXES)
                .iter()
                .filter_map(|line| {
                    let (kind, rest) = split_kind(line)?;
                    Some(ValuePrefix {
                        kind,
                        tokens: tokens(rest),
                    })
                })
                .collect();
            v.sort_by_key(|p| std::cmp::Reverse(p.tokens.len()));
            v
        },
    })
}

/// "kind | rest" → (kind, rest); `None` for an unknown kind.
fn split_kind(line: &str) -> Option<(EntityKind, &str)> {
    let (kind, rest) = line.split_once('|')?;
    let kind = EntityKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind.trim())?;
    Some((kind, rest))
}

fn tokens(s: &str) -> Vec<String> {
    key::exact(s).split(' ').map(str::to_string).collect()
}

fn token_lists(source: &str) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = parse_list(source).iter().map(|l| tokens(l)).collect();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    v
}

/// Length in tokens of the longest entry of `lists` that `words` starts with, leaving at least
/// one word after it; 0 when none does.
pub(super) fn prefix_len(lists: &[Vec<String>], words: &[&str]) -> usize {
    lists
        .iter()
        .find(|p| {
            // "tp." is written for "tp": an abbreviation's dot does not change the word.
            p.len() < words.len()
                && p.iter()
                    .zip(words)
                    .all(|(a, b)| a == b.strip_suffix('.').unwrap_or(b))
        })
        .map_or(0, Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_line_parses() {
        let d = data();
        assert!(d.state_prefixes.len() >= 5);
        assert!(d.known.iter().all(|g| g.forms.len() >= 2));
        assert_eq!(
            d.known.len(),
            parse_list(KNOWN_ALIASES).len(),
            "a known-alias line has an unknown kind"
        );
        assert_eq!(
            d.value_prefixes.len(),
            parse_list(VALUE_PREFIXES).len(),
            "a value-prefix line has an unknown kind"
        );
        assert!(d.vietnamese_surnames.contains(&key::exact("Nguyễn")));
    }

    #[test]
    fn longest_prefix_first_and_never_the_whole_name() {
        let d = data();
        let words = |s: &str| {
            key::exact(s)
                .split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let full = words("Cộng hòa xã hội chủ nghĩa Việt Nam");
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        assert_eq!(prefix_len(&d.state_prefixes, &full), 6);
        let bare = words("Cộng hòa");
        let bare: Vec<&str> = bare.iter().map(String::as_str).collect();
        assert_eq!(prefix_len(&d.state_prefixes, &bare), 0);
    }
}
