//! Knowledge of the language and the world, kept as data under `assets/` and embedded in the
//! binary so soi works from any directory. One entry per line; `#` starts a comment.

/// The gazetteers and word lists, parsed. Cheap to clone the `&'static str` sources; the parsed
/// lists are owned.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// (file name, entries) for every list, in a stable order.
    pub lists: Vec<(&'static str, Vec<String>)>,
}

/// The embedded list files, by name.
const EMBEDDED: [(&str, &str); 21] = [
    ("locations.txt", include_str!("../assets/locations.txt")),
    (
        "organizations.txt",
        include_str!("../assets/organizations.txt"),
    ),
    ("events.txt", include_str!("../assets/events.txt")),
    ("documents.txt", include_str!("../assets/documents.txt")),
    ("titles.txt", include_str!("../assets/titles.txt")),
    ("org_heads.txt", include_str!("../assets/org_heads.txt")),
    (
        "document_heads.txt",
        include_str!("../assets/document_heads.txt"),
    ),
    ("event_heads.txt", include_str!("../assets/event_heads.txt")),
    ("surnames.txt", include_str!("../assets/surnames.txt")),
    (
        "name_particles.txt",
        include_str!("../assets/name_particles.txt"),
    ),
    ("common_caps.txt", include_str!("../assets/common_caps.txt")),
    ("stopwords.txt", include_str!("../assets/stopwords.txt")),
    (
        "date_context.txt",
        include_str!("../assets/date_context.txt"),
    ),
    ("currencies.txt", include_str!("../assets/currencies.txt")),
    (
        "money_scales.txt",
        include_str!("../assets/money_scales.txt"),
    ),
    (
        "state_prefixes.txt",
        include_str!("../assets/state_prefixes.txt"),
    ),
    ("admin_units.txt", include_str!("../assets/admin_units.txt")),
    (
        "admin_places.txt",
        include_str!("../assets/admin_places.txt"),
    ),
    ("given_names.txt", include_str!("../assets/given_names.txt")),
    (
        "business_names.txt",
        include_str!("../assets/business_names.txt"),
    ),
    (
        "english_heads.txt",
        include_str!("../assets/english_heads.txt"),
    ),
];

/// Parses a list file: trims, drops blank lines and `#` comments.
pub fn parse_list(source: &str) -> Vec<String> {
    source
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl Assets {
    /// The embedded assets.
    pub fn embedded() -> Self {
        Self {
            lists: EMBEDDED
                .iter()
                .map(|(name, source)| (*name, parse_list(source)))
                .collect(),
        }
    }

    /// Entries of the list named `name` (e.g. `"countries.txt"`), empty when absent.
    pub fn list(&self, name: &str) -> &[String] {
        self.lists
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_list_is_non_empty() {
        let assets = Assets::embedded();
        for (name, _) in EMBEDDED {
            assert!(!assets.list(name).is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn comments_and_blanks_are_dropped() {
        assert_eq!(parse_list("# c\n a \n\nb # tail\n"), vec!["a", "b"]);
    }
}
