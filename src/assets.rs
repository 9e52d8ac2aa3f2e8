//! Knowledge of the language and the world, kept as data under `assets/` and embedded in the
//! binary so soi works from any directory. One entry per line; `#` starts a comment.

/// The gazetteers and word lists, parsed. Cheap to clone the `&'static str` sources; the parsed
/// lists are owned.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// (file name, entries) for every list, in a stable order.
    pub lists: Vec<(&'static str, Vec<String>)>,
}

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
        Self { lists: Vec::new() }
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
