//! The key table: data (keys, context, action, description) that key handling resolves against
//! and the help popup and README table are generated from. [`BINDINGS`] are the defaults; a
//! [`Keymap`] is the effective table (the defaults with the config file's rebindings), held by
//! the app. Multi-key sequences (`gg`, `gr`) are resolved with a pending prefix held by the
//! caller.

use super::action::Action;
use super::key::{sequence_label, Key, KeyCode};

/// Where a binding applies. `Global` bindings apply in every pane (popups take precedence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Documents,
    Reader,
    Entities,
    Mentions,
    Bookmarks,
    Popup,
}

impl Context {
    pub const ALL: [Context; 7] = [
        Context::Global,
        Context::Documents,
        Context::Reader,
        Context::Entities,
        Context::Mentions,
        Context::Bookmarks,
        Context::Popup,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Documents => "Documents pane",
            Context::Reader => "Reader",
            Context::Entities => "Entities pane",
            Context::Mentions => "Mentions list (gr)",
            Context::Bookmarks => "Bookmarks list (')",
            Context::Popup => "Help and log popups",
        }
    }

    /// The context's name in the config file (`[keys.reader]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Documents => "documents",
            Context::Reader => "reader",
            Context::Entities => "entities",
            Context::Mentions => "mentions",
            Context::Bookmarks => "bookmarks",
            Context::Popup => "popup",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One row of the default key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Alternative key sequences for the same action.
    pub keys: &'static [&'static [Key]],
    pub context: Context,
    pub action: Action,
    pub description: &'static str,
}

const fn k(c: char) -> Key {
    Key::ch(c)
}
const fn p(code: KeyCode) -> Key {
    Key::plain(code)
}

use Action as A;
use Context as C;

/// The default key table. Order matters for help only.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[&[k('q')], &[Key::ctrl('c')]], context: C::Global, action: A::Quit, description: "quit (Ctrl-C always quits; q closes a popup first)" },
    Binding { keys: &[&[Key::ctrl('z')]], context: C::Global, action: A::Suspend, description: "suspend to the shell (fg comes back)" },
    Binding { keys: &[&[p(KeyCode::Tab)]], context: C::Global, action: A::FocusNext, description: "focus next pane: documents → reader → entities" },
    Binding { keys: &[&[p(KeyCode::BackTab)]], context: C::Global, action: A::FocusPrev, description: "focus previous pane" },
    Binding { keys: &[&[k('h')], &[p(KeyCode::Left)]], context: C::Global, action: A::FocusLeft, description: "focus the pane to the left" },
    Binding { keys: &[&[k('l')], &[p(KeyCode::Right)]], context: C::Global, action: A::FocusRight, description: "focus the pane to the right" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Global, action: A::Down, description: "move / scroll down" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Global, action: A::Up, description: "move / scroll up" },
    Binding { keys: &[&[p(KeyCode::PageDown)], &[k(' ')], &[Key::ctrl('f')]], context: C::Global, action: A::PageDown, description: "page down" },
    Binding { keys: &[&[p(KeyCode::PageUp)], &[k('b')], &[Key::ctrl('b')]], context: C::Global, action: A::PageUp, description: "page up" },
    Binding { keys: &[&[Key::ctrl('d')], &[k('d')]], context: C::Global, action: A::HalfPageDown, description: "half a page down" },
    Binding { keys: &[&[Key::ctrl('u')], &[k('u')]], context: C::Global, action: A::HalfPageUp, description: "half a page up" },
    Binding { keys: &[&[k('g'), k('g')], &[p(KeyCode::Home)]], context: C::Global, action: A::Top, description: "go to the top" },
    Binding { keys: &[&[k('G')], &[p(KeyCode::End)]], context: C::Global, action: A::Bottom, description: "go to the bottom" },
    Binding { keys: &[&[k('n')]], context: C::Global, action: A::NextHit, description: "next mention of the target (into the next article, wrapping)" },
    Binding { keys: &[&[k('N')]], context: C::Global, action: A::PrevHit, description: "previous mention of the target (into the previous article)" },
    Binding { keys: &[&[k('g'), k('r')]], context: C::Global, action: A::MentionsList, description: "list the target's mentions by article" },
    Binding { keys: &[&[Key::ctrl('o')], &[Key::alt(KeyCode::Left)]], context: C::Global, action: A::JumpBack, description: "back to where you were before the last jump" },
    Binding { keys: &[&[Key::ctrl('p')], &[Key::alt(KeyCode::Right)]], context: C::Global, action: A::JumpForward, description: "forward again in the jump list (Ctrl-I is Tab in most terminals)" },
    Binding { keys: &[&[k('r')]], context: C::Global, action: A::ToggleRemoved, description: "show / hide removed lines (dimmed, with the reason)" },
    Binding { keys: &[&[k('a')]], context: C::Global, action: A::ToggleScope, description: "entities: whole corpus / open article only" },
    Binding { keys: &[&[k('x')]], context: C::Global, action: A::ClearTarget, description: "clear the target" },
    Binding { keys: &[&[k('\'')]], context: C::Global, action: A::Bookmarks, description: "list the bookmarks" },
    Binding { keys: &[&[k('Y')]], context: C::Global, action: A::CopyUrl, description: "copy the article's web address to the clipboard" },
    Binding { keys: &[&[k('o')]], context: C::Global, action: A::OpenUrl, description: "open the article's web address in the browser ($BROWSER, else xdg-open)" },
    Binding { keys: &[&[k('L')]], context: C::Global, action: A::ShowLog, description: "log: skipped files and warnings" },
    Binding { keys: &[&[k('?')]], context: C::Global, action: A::Help, description: "this help" },
    Binding { keys: &[&[p(KeyCode::Esc)]], context: C::Global, action: A::Close, description: "close a popup or prompt; clear the selection" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Documents, action: A::Activate, description: "open the document" },
    Binding { keys: &[&[k('/')]], context: C::Documents, action: A::Search, description: "filter the list by title, source or date (diacritics and case ignored)" },
    Binding { keys: &[&[k('s')]], context: C::Documents, action: A::Sort, description: "sort: as loaded → newest first → title → source → most mentions of the target" },
    Binding { keys: &[&[k('U')]], context: C::Documents, action: A::ToggleRead, description: "mark the article read / unread (unread ones are bold)" },
    Binding { keys: &[&[k(']')]], context: C::Reader, action: A::NextMention, description: "select the next mention of any entity" },
    Binding { keys: &[&[k('[')]], context: C::Reader, action: A::PrevMention, description: "select the previous mention" },
    Binding { keys: &[&[p(KeyCode::Enter)], &[k('*')]], context: C::Reader, action: A::TargetSelected, description: "make the selected mention's entity the target" },
    Binding { keys: &[&[k('/')]], context: C::Reader, action: A::Search, description: "search all articles from here (diacritics optional); n/N walk the matches" },
    Binding { keys: &[&[k('y')]], context: C::Reader, action: A::CopySentence, description: "copy the sentence under the cursor (the selected mention, else the first on screen)" },
    Binding { keys: &[&[k('m')]], context: C::Reader, action: A::Bookmark, description: "bookmark the sentence under the cursor" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Entities, action: A::Activate, description: "target the entity and jump to its next mention" },
    Binding { keys: &[&[k('/')]], context: C::Entities, action: A::Search, description: "filter entities (diacritics and case ignored)" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Mentions, action: A::Activate, description: "jump to the mention" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Mentions, action: A::Down, description: "next mention (previewed in the reader); paging keys work too" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Mentions, action: A::Up, description: "previous mention" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('q')]], context: C::Mentions, action: A::Close, description: "close, back to where you were" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Bookmarks, action: A::Activate, description: "jump to the bookmark" },
    Binding { keys: &[&[k('d')], &[k('x')]], context: C::Bookmarks, action: A::Delete, description: "delete the bookmark" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('q')], &[k('\'')]], context: C::Bookmarks, action: A::Close, description: "close" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Popup, action: A::Down, description: "scroll down" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Popup, action: A::Up, description: "scroll up" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('q')], &[k('?')]], context: C::Popup, action: A::Close, description: "close" },
];

/// One row of the effective key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub keys: Vec<Vec<Key>>,
    pub context: Context,
    pub action: Action,
    pub description: &'static str,
}

impl Row {
    /// `j, ↓` — every sequence of the row.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|s| sequence_label(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The effective key table: rows in help order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            rows: BINDINGS
                .iter()
                .map(|b| Row {
                    keys: b.keys.iter().map(|s| s.to_vec()).collect(),
                    context: b.context,
                    action: b.action,
                    description: b.description,
                })
                .collect(),
        }
    }
}

/// A rebinding from the config file: `action`'s keys in `context` (every context the action
/// is bound in when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub context: Option<Context>,
    pub action: Action,
    pub keys: Vec<Vec<Key>>,
}

impl Keymap {
    /// The defaults with `rebindings` applied in order. Fails (with the reason) when a sequence
    /// ends up bound twice in one context, or is the prefix of another there (it would hide it).
    pub fn with(rebindings: &[Rebinding]) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for r in rebindings {
            let mut found = false;
            for row in &mut map.rows {
                if row.action == r.action && r.context.is_none_or(|c| c == row.context) {
                    row.keys = r.keys.clone();
                    found = true;
                }
            }
            if !found {
                // A new context for the action: take the description of its first row.
                let Some(context) = r.context else {
                    return Err(format!("`{}` has no binding to replace", r.action.name()));
                };
                let description = BINDINGS
                    .iter()
                    .find(|b| b.action == r.action)
                    .map_or("", |b| b.description);
                map.rows.push(Row {
                    keys: r.keys.clone(),
                    context,
                    action: r.action,
                    description,
                });
            }
        }
        map.check()?;
        Ok(map)
    }

    /// No sequence twice in a context; no sequence the prefix of another in the same context.
    fn check(&self) -> Result<(), String> {
        for ctx in Context::ALL {
            let seqs: Vec<(&Vec<Key>, Action)> = self
                .rows
                .iter()
                .filter(|r| r.context == ctx)
                .flat_map(|r| r.keys.iter().map(move |s| (s, r.action)))
                .collect();
            for (i, (a, action_a)) in seqs.iter().enumerate() {
                for (b, action_b) in &seqs[i + 1..] {
                    if a == b {
                        return Err(format!(
                            "{} is bound to both `{}` and `{}` in {}",
                            sequence_label(a),
                            action_a.name(),
                            action_b.name(),
                            ctx.title()
                        ));
                    }
                    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
                    if long.starts_with(short) {
                        return Err(format!(
                            "{} would hide {} in {}",
                            sequence_label(short),
                            sequence_label(long),
                            ctx.title()
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolves `pending + key` against the rows of `contexts` (first context wins).
    pub fn resolve(&self, pending: &[Key], key: Key, contexts: &[Context]) -> Resolved {
        let mut seq: Vec<Key> = pending.to_vec();
        seq.push(key);
        let mut is_prefix = false;
        for ctx in contexts {
            for r in self.rows.iter().filter(|r| r.context == *ctx) {
                for s in &r.keys {
                    if *s == seq {
                        return Resolved::Action(r.action);
                    }
                    if s.len() > seq.len() && s.starts_with(&seq) {
                        is_prefix = true;
                    }
                }
            }
        }
        if is_prefix {
            Resolved::Pending
        } else if !pending.is_empty() {
            // An abandoned prefix: the key still means what it means on its own.
            self.resolve(&[], key, contexts)
        } else {
            Resolved::Unbound
        }
    }

    /// The first key label bound to `action` in `context` or everywhere (for hints).
    pub fn key_for(&self, action: Action, context: Context) -> Option<String> {
        [context, Context::Global].into_iter().find_map(|c| {
            self.rows
                .iter()
                .find(|r| r.context == c && r.action == action)
                .and_then(|r| r.keys.first())
                .map(|s| sequence_label(s))
        })
    }

    /// The table as markdown (the README's key table is the default one): context, keys,
    /// description, and the action's name for the config file.
    pub fn markdown_table(&self) -> String {
        let mut out =
            String::from("| Context | Keys | Action | Config name |\n|---|---|---|---|\n");
        for r in &self.rows {
            let keys: Vec<String> = r
                .keys
                .iter()
                .map(|s| format!("`{}`", sequence_label(s)))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | `{}` |\n",
                r.context.title(),
                keys.join(" "),
                r.description.replace('|', "\\|"),
                r.action.name()
            ));
        }
        out
    }
}

/// Outcome of feeding one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far are the prefix of a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(pending: &[Key], key: Key, contexts: &[Context]) -> Resolved {
        Keymap::default().resolve(pending, key, contexts)
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let ctx = [Context::Reader, Context::Global];
        assert_eq!(resolve(&[], k('g'), &ctx), Resolved::Pending);
        assert_eq!(
            resolve(&[k('g')], k('g'), &ctx),
            Resolved::Action(Action::Top)
        );
        assert_eq!(
            resolve(&[k('g')], k('r'), &ctx),
            Resolved::Action(Action::MentionsList)
        );
        // An abandoned prefix falls back to the key alone.
        assert_eq!(
            resolve(&[k('g')], k('j'), &ctx),
            Resolved::Action(Action::Down)
        );
    }

    #[test]
    fn context_bindings_win_over_global_ones() {
        let enter = p(KeyCode::Enter);
        assert_eq!(
            resolve(&[], enter, &[Context::Entities, Context::Global]),
            Resolved::Action(Action::Activate)
        );
        assert_eq!(
            resolve(&[], enter, &[Context::Reader, Context::Global]),
            Resolved::Action(Action::TargetSelected)
        );
        assert_eq!(
            resolve(&[], k('q'), &[Context::Popup, Context::Global]),
            Resolved::Action(Action::Close)
        );
        assert_eq!(resolve(&[], k('Z'), &[Context::Global]), Resolved::Unbound);
    }

    #[test]
    fn markdown_table_lists_every_binding() {
        let table = Keymap::default().markdown_table();
        assert_eq!(table.lines().count(), BINDINGS.len() + 2);
        assert!(
            table.contains("| Everywhere | `Ctrl-O` `Alt-←` | back to where you were before the last jump | `jump_back` |"),
            "{table}"
        );
    }

    #[test]
    fn the_default_table_is_consistent() {
        Keymap::default()
            .check()
            .expect("no double or hidden bindings");
        for b in BINDINGS {
            assert!(
                Action::ALL.contains(&b.action),
                "{:?} has no name",
                b.action
            );
        }
    }

    #[test]
    fn rebinding_replaces_keys_everywhere_or_in_one_context() {
        let map = Keymap::with(&[Rebinding {
            context: None,
            action: Action::Down,
            keys: vec![vec![Key::ctrl('n')]],
        }])
        .expect("valid");
        for ctx in [Context::Global, Context::Mentions, Context::Popup] {
            assert_eq!(
                map.resolve(&[], Key::ctrl('n'), &[ctx]),
                Resolved::Action(Action::Down)
            );
            assert_eq!(map.resolve(&[], k('j'), &[ctx]), Resolved::Unbound);
        }
        let map = Keymap::with(&[Rebinding {
            context: Some(Context::Reader),
            action: Action::CopySentence,
            keys: vec![vec![k('c')]],
        }])
        .expect("valid");
        assert_eq!(
            map.resolve(&[], k('c'), &[Context::Reader]),
            Resolved::Action(Action::CopySentence)
        );
    }

    #[test]
    fn rebinding_onto_a_bound_key_or_a_prefix_is_refused() {
        let twice = Keymap::with(&[Rebinding {
            context: None,
            action: Action::NextHit,
            keys: vec![vec![k('j')]],
        }]);
        assert!(twice.unwrap_err().contains("bound to both"));
        let prefix = Keymap::with(&[Rebinding {
            context: None,
            action: Action::NextHit,
            keys: vec![vec![k('g')]],
        }]);
        assert!(prefix.unwrap_err().contains("would hide"));
    }
}
