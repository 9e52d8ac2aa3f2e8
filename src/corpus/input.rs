//! What the user names on the command line: a file or folder, or a web address.

use std::path::{Path, PathBuf};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a folder (walked recursively).
    Path(PathBuf),
    /// An `http://` or `https://` address: a page or a feed.
    Url(String),
}

impl Input {
    /// A command-line argument: one starting with `http://` or `https://` (scheme in any case) is
    /// a web address, anything else a path (`./http:/x` still names a local folder `http:`).
    pub fn from_arg(arg: PathBuf) -> Input {
        match arg.to_str() {
            Some(s) if is_web_address(s) => Input::Url(s.to_string()),
            _ => Input::Path(arg),
        }
    }
}

impl Input {
    /// The input as written, as a path (a web address unchanged): a key for what was opened.
    pub fn to_path_buf(&self) -> PathBuf {
        match self {
            Input::Path(path) => path.clone(),
            Input::Url(url) => PathBuf::from(url),
        }
    }
}

/// A path is a path, whatever it looks like: only [`Input::from_arg`] reads addresses.
impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Self {
        Input::Path(path)
    }
}

impl From<&Path> for Input {
    fn from(path: &Path) -> Self {
        Input::Path(path.to_path_buf())
    }
}

fn is_web_address(s: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        s.len() > scheme.len()
            && s.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_paths() {
        let url = |s: &str| Input::from_arg(PathBuf::from(s));
        assert_eq!(
            url("https://example.com/a"),
            Input::Url("https://example.com/a".into())
        );
        assert_eq!(
            url("HTTP://example.com"),
            Input::Url("HTTP://example.com".into())
        );
        assert_eq!(url("http://"), Input::Path("http://".into()));
        assert_eq!(url("./http://x"), Input::Path("./http://x".into()));
        assert_eq!(url("seeds"), Input::Path("seeds".into()));
        assert_eq!(url("ftp://x"), Input::Path("ftp://x".into()));
    }
}
