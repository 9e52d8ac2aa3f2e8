//! The config file: `$XDG_CONFIG_HOME/soi/config.toml` (by default `~/.config/soi/config.toml`)
//! or `--config PATH`. It chooses a theme and rebinds keys over the key table:
//!
//! ```toml
//! theme = "light"              # "default", "dark" or "light"
//!
//! [keys]                       # action = key or [keys], in every context it is bound in
//! next_hit = ["n", "Ctrl-N"]
//! clear_target = []            # unbound
//!
//! [keys.reader]                # only in one context
//! copy_sentence = "c"
//! ```
//!
//! A file with a mistake is reported with its line, and the defaults are used for all of it:
//! half a config is harder to understand than none.

use super::action::Action;
use super::key::parse_sequence;
use super::keymap::{Context, Keymap, Rebinding};
use super::theme::ThemeName;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// What the reader takes from the config file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub theme: ThemeName,
    pub keymap: Keymap,
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line of the mistake, when it has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// `$XDG_CONFIG_HOME/soi/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("soi").join("config.toml"))
}

/// What reading a config file gave: the settings to use and, when the file had a mistake,
/// the error (the settings are then the defaults).
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub error: Option<ConfigError>,
}

/// Reads the config at `path`. A missing file means the defaults, silently.
pub fn load(path: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                settings: Settings::default(),
                error: None,
            }
        }
        Err(e) => {
            return Loaded {
                settings: Settings::default(),
                error: Some(ConfigError {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!("cannot be read: {e}"),
                }),
            }
        }
    };
    match parse(&text) {
        Ok(settings) => Loaded {
            settings,
            error: None,
        },
        Err((line, message)) => Loaded {
            settings: Settings::default(),
            error: Some(ConfigError {
                path: path.to_path_buf(),
                line,
                message: format!("{message}; using the defaults"),
            }),
        },
    }
}

/// A mistake: its line (when known) and what it is.
type Mistake = (Option<usize>, String);

/// Parses a config file's text.
pub fn parse(text: &str) -> Result<Settings, Mistake> {
    let line_of = |span: std::ops::Range<usize>| {
        Some(text[..span.start.min(text.len())].matches('\n').count() + 1)
    };
    let root = DeTable::parse(text)
        .map_err(|e| (e.span().and_then(&line_of), e.message().trim().to_string()))?;
    let mut settings = Settings::default();
    let mut rebindings = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let at = line_of(key.span());
        match key.get_ref().as_ref() {
            "theme" => {
                let DeValue::String(name) = value.get_ref() else {
                    return Err((at, "`theme` is a name in quotes".into()));
                };
                settings.theme = ThemeName::parse(name).ok_or_else(|| {
                    (
                        at,
                        format!("unknown theme `{name}` (themes: default, dark, light)"),
                    )
                })?;
            }
            "keys" => {
                let DeValue::Table(table) = value.get_ref() else {
                    return Err((at, "`keys` is a table: [keys]".into()));
                };
                for (name, keys) in table.iter() {
                    let at = line_of(name.span());
                    if let Some(context) = Context::from_name(name.get_ref()) {
                        let DeValue::Table(inner) = keys.get_ref() else {
                            return Err((
                                at,
                                format!(
                                    "`{}` is a context: [keys.{}]",
                                    name.get_ref(),
                                    name.get_ref()
                                ),
                            ));
                        };
                        for (action, keys) in inner.iter() {
                            rebindings.push(rebinding(Some(context), action, keys, &line_of)?);
                        }
                    } else {
                        rebindings.push(rebinding(None, name, keys, &line_of)?);
                    }
                }
            }
            other => {
                return Err((
                    at,
                    format!("unknown setting `{other}` (settings: theme, [keys])"),
                ))
            }
        }
    }
    settings.keymap = Keymap::with(&rebindings).map_err(|e| (None, e))?;
    Ok(settings)
}

fn rebinding(
    context: Option<Context>,
    action: &Spanned<std::borrow::Cow<'_, str>>,
    keys: &Spanned<DeValue<'_>>,
    line_of: &dyn Fn(std::ops::Range<usize>) -> Option<usize>,
) -> Result<Rebinding, Mistake> {
    let at = line_of(action.span());
    let name = action.get_ref().as_ref();
    let action = Action::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        (
            at,
            format!("unknown action `{name}` (actions: {})", known.join(", ")),
        )
    })?;
    let texts: Vec<(&str, Option<usize>)> = match keys.get_ref() {
        DeValue::String(s) => vec![(s.as_ref(), at)],
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok((s.as_ref(), line_of(item.span()))),
                _ => Err((
                    line_of(item.span()),
                    "keys are written in quotes".to_string(),
                )),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err((at, format!("`{name}` takes a key or a list of keys"))),
    };
    let keys = texts
        .into_iter()
        .map(|(text, line)| parse_sequence(text).map_err(|e| (line, e)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rebinding {
        context,
        action,
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::key::Key;
    use crate::tui::keymap::Resolved;

    #[test]
    fn an_empty_config_is_the_defaults() {
        assert_eq!(parse(""), Ok(Settings::default()));
    }

    #[test]
    fn theme_and_rebindings_apply() {
        let s = parse(
            "theme = \"light\"\n[keys]\nnext_hit = [\"n\", \"Ctrl-N\"]\nclear_target = []\n[keys.reader]\ncopy_sentence = \"c\"\n",
        )
        .expect("valid");
        assert_eq!(s.theme, ThemeName::Light);
        let g = [Context::Reader, Context::Global];
        assert_eq!(
            s.keymap.resolve(&[], Key::ctrl('n'), &g),
            Resolved::Action(Action::NextHit)
        );
        assert_eq!(s.keymap.resolve(&[], Key::ch('x'), &g), Resolved::Unbound);
        assert_eq!(
            s.keymap.resolve(&[], Key::ch('c'), &g),
            Resolved::Action(Action::CopySentence)
        );
    }

    #[test]
    fn mistakes_are_reported_with_their_line() {
        let cases = [
            ("theme = \"solarized\"\n", 1, "unknown theme"),
            ("\n[keys]\nnext_hitt = \"n\"\n", 3, "unknown action"),
            (
                "[keys]\nnext_hit = [\"n\",\n  \"Hyper-q\"]\n",
                3,
                "unknown key",
            ),
            ("colour = 1\n", 1, "unknown setting"),
            ("[keys\n", 1, ""),
            ("\n\ntheme = \n", 3, ""),
        ];
        for (text, line, what) in cases {
            let (at, message) = parse(text).expect_err(text);
            assert_eq!(at, Some(line), "{text:?}: {message}");
            assert!(message.contains(what), "{text:?}: {message}");
        }
        let (_, message) = parse("[keys]\nnext_hit = \"j\"\n").expect_err("j is taken");
        assert!(message.contains("bound to both"), "{message}");
    }

    #[test]
    fn a_bad_file_falls_back_to_the_defaults_with_the_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = \"dark\"\n[keys]\nnope = \"z\"\n").expect("write");
        let loaded = load(&path);
        assert_eq!(loaded.settings, Settings::default());
        let e = loaded.error.expect("an error");
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("line 3"), "{e}");
        let missing = load(&dir.path().join("none.toml"));
        assert!(missing.error.is_none());
    }
}
