//! Whether two forms of a personal name can denote the same person: "Lukashenko",
//! "A.Lukashenko" and "Aleksandr Lukashenko"; "Chính" and "Phạm Minh Chính". Used inside an
//! article by the extractor and offered to the linker across articles.

use crate::text::exact_key;

/// True when `short` is a shorter form of `full` (or the same name): its last word is `full`'s
/// last word, and any other words or initials appear in `full` in order ("A.Lukashenko" →
/// "Aleksandr Lukashenko"). Case and spacing are ignored, diacritics are not.
pub fn person_names_compatible(short: &str, full: &str) -> bool {
    keys_compatible(&exact_key(short), &exact_key(full))
}

/// [`person_names_compatible`] of the two names' exact keys, for names compared many times.
pub(super) fn keys_compatible(short: &str, full: &str) -> bool {
    let s = words(short);
    let f = words(full);
    if s.is_empty() || f.is_empty() || s.len() > f.len() {
        return false;
    }
    if s.last() != f.last() {
        return false;
    }
    // Earlier words: each matches a later-or-equal word of the full name, whole or as an initial.
    let mut at = 0;
    for w in &s[..s.len() - 1] {
        let initial = w.chars().count() == 1;
        let found =
            f[at..f.len() - 1]
                .iter()
                .position(|x| if initial { x.starts_with(w) } else { x == w });
        match found {
            Some(p) => at += p + 1,
            None => return false,
        }
    }
    true
}

/// Number of words in a name, a dotted initial counting as one ("A.Lukashenko" → 2). Counted
/// in the name as written, not in its key: keying (NFC, lower case, white space collapsed)
/// neither makes nor removes white space or dots, and an article asks this of every person.
pub fn name_words(name: &str) -> usize {
    pieces(name).count()
}

/// The words of a name's exact key, with a dotted initial split off ("a.lukashenko" → ["a",
/// "lukashenko"]). Borrowed from the key: a String per word was most of a comparison.
fn words(key: &str) -> Vec<&str> {
    pieces(key).collect()
}

/// `s` split at white space and dots, without the empty pieces.
fn pieces(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_in_the_key() {
        let mut name = String::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            name.clear();
            name.extend(['A', c, 'b', '.', c, 'Đ', ' ', c, c]);
            assert_eq!(
                name_words(&name),
                words(&exact_key(&name)).len(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn short_forms_match_their_full_name() {
        assert!(person_names_compatible("Putin", "Vladimir Putin"));
        assert!(person_names_compatible("V.Putin", "Vladimir Putin"));
        assert!(person_names_compatible("V. Putin", "Vladimir Putin"));
        assert!(person_names_compatible("Chính", "Phạm Minh Chính"));
        assert!(person_names_compatible("Minh Chính", "Phạm Minh Chính"));
        assert!(person_names_compatible(
            "phạm minh chính",
            "Phạm Minh Chính"
        ));
    }

    #[test]
    fn different_people_do_not_match() {
        assert!(!person_names_compatible("Vladimir Putin", "Putin"));
        assert!(!person_names_compatible("D.Putin", "Vladimir Putin"));
        assert!(!person_names_compatible("Chinh", "Phạm Minh Chính"));
        assert!(!person_names_compatible("Minh", "Phạm Minh Chính"));
        assert!(!person_names_compatible("", "Phạm Minh Chính"));
    }
}
