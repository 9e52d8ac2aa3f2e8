//! The reader's own key type. crossterm events are translated into it at the edge
//! ([`crate::tui::terminal`]), so the model and the key table know nothing of crossterm.

/// A key without modifiers (shifted characters are carried by the character itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

/// A key press: a code plus the Ctrl and Alt modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn alt(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: true,
        }
    }

    /// How the key is written in help: `Ctrl-O`, `Shift-Tab`, `PgDn`, `g`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

/// Label of a key sequence: `gg`, `gr`, `Ctrl-O`; keys with names are spaced (`g Enter`) so
/// that [`parse_sequence`] reads every label back.
pub fn sequence_label(keys: &[Key]) -> String {
    let labels: Vec<String> = keys.iter().map(Key::label).collect();
    if labels.iter().all(|l| l.chars().count() == 1) {
        labels.concat()
    } else {
        labels.join(" ")
    }
}

/// Names of keys without a character, as written in help and in the config file (first),
/// with accepted aliases.
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("BackTab", KeyCode::BackTab),
    ("S-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("BS", KeyCode::Backspace),
    ("↑", KeyCode::Up),
    ("Up", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("Down", KeyCode::Down),
    ("←", KeyCode::Left),
    ("Left", KeyCode::Left),
    ("→", KeyCode::Right),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PageUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Space", KeyCode::Char(' ')),
];

impl Key {
    /// Reads one key as written in help or the config file: `j`, `G`, `Enter`, `PgDn`, `Space`,
    /// `Ctrl-O` (also `C-o`), `Alt-←` (also `M-Left`). Names are case-insensitive; a single
    /// character is taken as it is.
    pub fn parse(text: &str) -> Option<Key> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 2 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                ctrl = true;
                rest = &rest[rest.find('-')? + 1..];
            } else if rest.chars().count() > 2
                && (lower.starts_with("alt-") || lower.starts_with("m-"))
            {
                alt = true;
                rest = &rest[rest.find('-')? + 1..];
            } else {
                break;
            }
        }
        let named = NAMED
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(rest))
            .map(|(_, code)| *code);
        let mut chars = rest.chars();
        let code = match (named, chars.next(), chars.next()) {
            (Some(code), _, _) => code,
            (None, Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }
}

/// Reads a key sequence: keys separated by spaces (`g Enter`), or characters written together
/// (`gg`, `gr`); a single key name (`PgDn`, `Ctrl-O`) is one key.
pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty key".into());
    }
    if text.contains(' ') && text != " " {
        return text
            .split_whitespace()
            .map(|k| Key::parse(k).ok_or_else(|| format!("unknown key `{k}`")))
            .collect();
    }
    if let Some(key) = Key::parse(text) {
        return Ok(vec![key]);
    }
    if text.chars().all(|c| !c.is_control()) && !text.contains('-') {
        return Ok(text.chars().map(Key::ch).collect());
    }
    Err(format!(
        "unknown key `{text}` (write keys as `j`, `gg`, `Enter`, `PgDn`, `Space`, `Ctrl-O`, `Alt-←`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_back_as_the_same_keys() {
        let keys = [
            Key::ch('j'),
            Key::ch('G'),
            Key::ch(' '),
            Key::ch('?'),
            Key::ch('-'),
            Key::ctrl('o'),
            Key::alt(KeyCode::Left),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::PageDown),
            Key::plain(KeyCode::Enter),
        ];
        for k in keys {
            assert_eq!(Key::parse(&k.label()), Some(k), "{}", k.label());
            assert_eq!(parse_sequence(&k.label()), Ok(vec![k]), "{}", k.label());
        }
        for seq in [
            vec![Key::ch('g'), Key::ch('g')],
            vec![Key::ch('g'), Key::plain(KeyCode::Enter)],
            vec![Key::ch('g'), Key::ctrl('o')],
        ] {
            assert_eq!(parse_sequence(&sequence_label(&seq)), Ok(seq));
        }
    }

    #[test]
    fn config_spellings_are_accepted() {
        assert_eq!(Key::parse("C-o"), Some(Key::ctrl('o')));
        assert_eq!(Key::parse("ctrl-O"), Some(Key::ctrl('o')));
        assert_eq!(Key::parse("M-left"), Some(Key::alt(KeyCode::Left)));
        assert_eq!(Key::parse("pagedown"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_sequence("gr"), Ok(vec![Key::ch('g'), Key::ch('r')]));
        assert!(parse_sequence("Ctrl-").is_err());
        assert!(parse_sequence("Hyper-x").is_err());
        assert!(parse_sequence("").is_err());
    }
}
