//! Titles derived from the lead when the text has no headline, and the "cohesion" of a line with
//! the article's title and lead (shared capitalised words: names of people, places, bodies).

use crate::text::{exact_key, is_alphanumeric};
use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::OnceCell;
use std::sync::OnceLock;

/// Derived titles are cut at a word boundary to at most this many characters (plus "…").
const MAX_DERIVED_TITLE_CHARS: usize = 110;

/// The first sentence of `lead`, without a dateline prefix ("(Dân trí) - ", "TTO - "),
/// trimmed to a readable length at a word boundary.
pub(crate) fn title_from_lead(lead: &str) -> String {
    let lead = strip_dateline(lead.trim());
    let sentence = first_sentence(lead);
    shorten(sentence.trim())
}

/// "Title: Text" (the header a crawler or reader service writes above a fetched page) → "Text".
pub(crate) fn without_label(headline: &str) -> &str {
    ["Title:", "Tiêu đề:"]
        .iter()
        .find_map(|label| {
            let head = headline.get(..label.len())?;
            head.eq_ignore_ascii_case(label)
                .then(|| headline[label.len()..].trim_start())
                .filter(|rest| !rest.is_empty())
        })
        .unwrap_or(headline)
}

/// "(Dân trí) - Text", "TTO - Text", "VOV.VN - Text", "HÀ NỘI - Text" → "Text".
pub(crate) fn strip_dateline(lead: &str) -> &str {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\([^()]{1,30}\)|[\p{Lu}\d.][\p{Lu}\d. ]{1,20})\s*[-–—]\s*")
            .expect("dateline regex")
    });
    match re.find(lead) {
        Some(m) if m.end() < lead.len() => &lead[m.end()..],
        _ => lead,
    }
}

/// Up to the first `.`, `?` or `!` followed by a space and a capital, skipping abbreviations
/// ("TP. Hồ Chí Minh", "ông A. Smith").
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after = &text[i + c.len_utf8()..];
        let mut next = after.chars();
        if next.next() != Some(' ') || !next.next().is_some_and(char::is_uppercase) {
            continue;
        }
        let word_before = text[..i].rsplit(' ').next().unwrap_or("");
        let abbreviation = word_before.chars().count() <= 2
            || (word_before.chars().count() <= 3 && word_before.chars().all(char::is_uppercase));
        if c == '.' && abbreviation {
            continue;
        }
        return &text[..i + c.len_utf8()];
    }
    text
}

fn shorten(sentence: &str) -> String {
    let sentence = sentence.trim_end_matches('.');
    if sentence.chars().count() <= MAX_DERIVED_TITLE_CHARS {
        return sentence.to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + 1 + word.chars().count() > MAX_DERIVED_TITLE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':', '-', '–']).trim_end();
    format!("{out}…")
}

/// Capitalised words of `text`, except sentence-initial ones (which are capitalised anyway).
pub(crate) fn name_words(text: &str) -> HashSet<String> {
    let mut out = HashSet::default();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        // The tabled test: the standard one searches Unicode's tables for every letter with a
        // diacritic, and this runs over every word of an article.
        let word = raw.trim_matches(|c: char| !is_alphanumeric(c));
        if !sentence_start && word.chars().next().is_some_and(char::is_uppercase) {
            out.insert(exact_key(word));
        }
        sentence_start = raw.ends_with(['.', '?', '!', ':']) || word.is_empty() && sentence_start;
    }
    out
}

/// Adjacent pairs of content words (lower-case keys, no digits, no function words).
fn terms(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let lexicon = super::lexicon::lexicon();
    // One word back, not a list of the line's words: a one-line megabyte paragraph would
    // make a list many times its size.
    let mut previous: Option<String> = None;
    text.split_whitespace().filter_map(move |raw| {
        let word = raw.trim_matches(|c: char| !is_alphanumeric(c));
        let key = singular(exact_key(word));
        let current = (!key.is_empty()
            && key.chars().all(char::is_alphabetic)
            && !lexicon.is_function_word(&key))
        .then_some(key);
        let pair = match (&previous, &current) {
            (Some(a), Some(b)) => Some((a.clone(), b.clone())),
            _ => None,
        };
        previous = current;
        pair
    })
}

/// An English plural as its singular, roughly ("bars" → "bar"); enough to compare vocabulary.
fn singular(mut key: String) -> String {
    if key.len() > 3 && key.is_ascii() && key.ends_with('s') && !key.ends_with("ss") {
        key.pop();
    }
    key
}

/// Names of the article's topic (from its title and lead) to test other lines against, and the
/// vocabulary of its first paragraphs.
#[derive(Debug, Default)]
pub(crate) struct Topic<'a> {
    /// The title and lead, whose names are the topic's.
    named: Vec<&'a str>,
    /// Their names, built on first use: most articles never ask (only a wide gap, a byline
    /// block or a related box inside the text does), and reading every word of the lead for
    /// them was a sixth of the cleaning's instructions.
    names: OnceCell<HashSet<String>>,
    /// The lines (index, text) whose vocabulary was learnt, in order.
    learnt: Vec<(usize, &'a str)>,
    /// Pairs of adjacent content words ("tín dụng", "critical minerals") of the learnt lines,
    /// with the line index where each first appears. Built on first use: few articles ever ask
    /// (only a related box inside one does), and building it is most of the cleaning's work.
    terms: OnceCell<HashMap<(String, String), usize>>,
}

/// Distinct content-word pairs a paragraph must share with the article so far to continue it
/// (with the structure around it saying so too: see `Cleaner::story_resumes`).
const MIN_SHARED_TERMS: usize = 1;

/// A line shares at least this share of its names with the topic…
const COHESIVE_SHARE: f64 = 0.5;
/// …or at least this many names.
const COHESIVE_COUNT: usize = 3;

impl<'a> Topic<'a> {
    pub(crate) fn new(texts: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            named: texts.into_iter().collect(),
            names: OnceCell::new(),
            learnt: Vec::new(),
            terms: OnceCell::new(),
        }
    }

    fn names(&self) -> &HashSet<String> {
        self.names.get_or_init(|| {
            self.named
                .iter()
                .flat_map(|text| name_words(text))
                .collect()
        })
    }

    /// Adds the vocabulary of line `index` (title or paragraph) of the article.
    pub(crate) fn learn_terms(&mut self, index: usize, text: &'a str) {
        self.learnt.push((index, text));
    }

    fn terms(&self) -> &HashMap<(String, String), usize> {
        self.terms.get_or_init(|| {
            let mut map = HashMap::default();
            for &(index, text) in &self.learnt {
                for term in terms(text) {
                    map.entry(term).or_insert(index);
                }
            }
            map
        })
    }

    /// The line shares enough of its vocabulary with the lines above `before`: it goes on
    /// talking about the same things, whatever names it brings in.
    pub(crate) fn shares_terms_above(&self, line: &str, before: usize) -> bool {
        let mut seen = HashSet::default();
        let known = self.terms();
        terms(line)
            .filter(|t| known.get(t).is_some_and(|&at| at < before))
            .filter(|t| seen.insert(t.clone()))
            .take(MIN_SHARED_TERMS)
            .count()
            >= MIN_SHARED_TERMS
    }

    /// The line names people, places or bodies, and mostly not the article's: another story.
    /// A line without any name is not foreign (it may be the article going on).
    pub(crate) fn is_foreign(&self, line: &str) -> bool {
        let words = name_words(line);
        !words.is_empty() && !self.shares_names(&words)
    }

    /// The line talks about the same names as the title and lead.
    pub(crate) fn is_cohesive(&self, line: &str) -> bool {
        self.shares_names(&name_words(line))
    }

    /// Enough of a line's `words` (see [`name_words`]) are the topic's names.
    fn shares_names(&self, words: &HashSet<String>) -> bool {
        if words.is_empty() {
            return false;
        }
        let names = self.names();
        let shared = words.iter().filter(|w| names.contains(*w)).count();
        shared >= COHESIVE_COUNT || shared as f64 >= COHESIVE_SHARE * words.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_of_lead() {
        assert_eq!(
            title_from_lead(
                "Mưa lớn kéo dài khiến nhiều tuyến phố ngập sâu. Người dân phải lội nước."
            ),
            "Mưa lớn kéo dài khiến nhiều tuyến phố ngập sâu"
        );
    }

    #[test]
    fn a_crawler_s_title_label_is_dropped() {
        assert_eq!(
            without_label("Title: Giá lúa tăng mạnh"),
            "Giá lúa tăng mạnh"
        );
        assert_eq!(without_label("TIÊU ĐỀ: Giá lúa"), "TIÊU ĐỀ: Giá lúa");
        assert_eq!(without_label("Tiêu đề: Giá lúa"), "Giá lúa");
        assert_eq!(without_label("Titles of the week"), "Titles of the week");
        assert_eq!(without_label("Title:"), "Title:");
    }

    #[test]
    fn dateline_prefix_is_dropped() {
        assert_eq!(
            title_from_lead("(Dân trí) - Giá xăng giảm nhẹ. Chi tiết sau."),
            "Giá xăng giảm nhẹ"
        );
        assert_eq!(
            title_from_lead("TTO - Giá xăng giảm nhẹ."),
            "Giá xăng giảm nhẹ"
        );
    }

    #[test]
    fn abbreviations_do_not_end_the_sentence() {
        assert_eq!(
            title_from_lead("Tại TP. Hồ Chí Minh, lượng khách tăng. Năm nay cao hơn."),
            "Tại TP. Hồ Chí Minh, lượng khách tăng"
        );
    }

    #[test]
    fn long_sentence_is_cut_at_a_word_boundary() {
        let lead = "Ban tổ chức cho biết ".to_string()
            + &"hàng nghìn du khách trong và ngoài nước ".repeat(6);
        let title = title_from_lead(&lead);
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= MAX_DERIVED_TITLE_CHARS + 1);
        assert!(lead.starts_with(title.trim_end_matches('…')));
    }

    #[test]
    fn cohesion_follows_shared_names() {
        let topic = Topic::new(["Đoàn công tác tỉnh Lào Cai thăm Vân Nam, Trung Quốc"]);
        assert!(topic.is_cohesive("Tại đây, đoàn Lào Cai làm việc với chính quyền Vân Nam."));
        assert!(!topic.is_cohesive("Tại Hà Nội, Sở Y tế cảnh báo dịch sốt xuất huyết."));
        assert!(!topic.is_cohesive("không có tên riêng nào ở đây"));
        assert!(topic.is_foreign("Tại Hà Nội, Sở Y tế cảnh báo dịch sốt xuất huyết."));
        assert!(!topic.is_foreign("không có tên riêng nào ở đây"));
    }
}
