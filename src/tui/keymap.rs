//! The key table: data (keys, context, action, description) that key handling resolves against
//! and the help popup is generated from. Multi-key sequences (`gg`, `gr`) are resolved with a
//! pending prefix held by the caller.

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
    Timeline,
    Related,
    Disagreements,
    Popup,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Documents => "Documents pane",
            Context::Reader => "Reader",
            Context::Entities => "Entities pane",
            Context::Mentions => "Mentions list (gr)",
            Context::Timeline => "Timeline (t)",
            Context::Related => "Related facts (f)",
            Context::Disagreements => "Disagreements (!)",
            Context::Popup => "Help and log popups",
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Alternative key sequences for the same action.
    pub keys: &'static [&'static [Key]],
    pub context: Context,
    pub action: Action,
    pub description: &'static str,
}

impl Binding {
    /// `j, ↓` — every sequence of the row.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|s| sequence_label(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const fn k(c: char) -> Key {
    Key::ch(c)
}
const fn p(code: KeyCode) -> Key {
    Key::plain(code)
}

use Action as A;
use Context as C;

/// The key table. Order matters for help only.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[&[k('q')], &[Key::ctrl('c')]], context: C::Global, action: A::Quit, description: "quit (Ctrl-C always quits)" },
    Binding { keys: &[&[Key::ctrl('z')]], context: C::Global, action: A::Suspend, description: "suspend to the shell (fg comes back)" },
    Binding { keys: &[&[p(KeyCode::Tab)]], context: C::Global, action: A::FocusNext, description: "focus next pane: documents → reader → entities" },
    Binding { keys: &[&[p(KeyCode::BackTab)]], context: C::Global, action: A::FocusPrev, description: "focus previous pane" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Global, action: A::Down, description: "move / scroll down" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Global, action: A::Up, description: "move / scroll up" },
    Binding { keys: &[&[p(KeyCode::PageDown)], &[k(' ')]], context: C::Global, action: A::PageDown, description: "page down" },
    Binding { keys: &[&[p(KeyCode::PageUp)]], context: C::Global, action: A::PageUp, description: "page up" },
    Binding { keys: &[&[Key::ctrl('d')]], context: C::Global, action: A::HalfPageDown, description: "half a page down" },
    Binding { keys: &[&[Key::ctrl('u')]], context: C::Global, action: A::HalfPageUp, description: "half a page up" },
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
    Binding { keys: &[&[k('L')]], context: C::Global, action: A::ShowLog, description: "log: skipped files and warnings" },
    Binding { keys: &[&[k('t')]], context: C::Global, action: A::Timeline, description: "timeline: dated facts in date order (the target's, when set)" },
    Binding { keys: &[&[k('f')]], context: C::Global, action: A::RelatedFacts, description: "facts in other articles related to the sentence here" },
    Binding { keys: &[&[k('!')]], context: C::Global, action: A::Disagreements, description: "figures and dates that disagree across articles (marked ≠)" },
    Binding { keys: &[&[k('?')]], context: C::Global, action: A::Help, description: "this help" },
    Binding { keys: &[&[p(KeyCode::Esc)]], context: C::Global, action: A::Close, description: "close a popup or prompt; clear the selection" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Documents, action: A::Activate, description: "open the document" },
    Binding { keys: &[&[k('/')]], context: C::Documents, action: A::Search, description: "search all articles (diacritics optional); the search becomes the target" },
    Binding { keys: &[&[k(']')]], context: C::Reader, action: A::NextMention, description: "select the next mention of any entity" },
    Binding { keys: &[&[k('[')]], context: C::Reader, action: A::PrevMention, description: "select the previous mention" },
    Binding { keys: &[&[p(KeyCode::Enter)], &[k('*')]], context: C::Reader, action: A::TargetSelected, description: "make the selected mention's entity the target" },
    Binding { keys: &[&[k('/')]], context: C::Reader, action: A::Search, description: "search from here (diacritics optional); n/N walk the matches across articles" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Entities, action: A::Activate, description: "target the entity and jump to its next mention" },
    Binding { keys: &[&[k('/')]], context: C::Entities, action: A::Search, description: "filter entities (diacritics and case ignored)" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Mentions, action: A::Activate, description: "jump to the mention" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Mentions, action: A::Down, description: "next mention (previewed in the reader)" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Mentions, action: A::Up, description: "previous mention" },
    Binding { keys: &[&[p(KeyCode::Esc)]], context: C::Mentions, action: A::Close, description: "close, back to where you were" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Timeline, action: A::Activate, description: "jump to the sentence in its article (Ctrl-O comes back)" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Timeline, action: A::Down, description: "next row (PgDn, gg, G move further)" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Timeline, action: A::Up, description: "previous row" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('t')]], context: C::Timeline, action: A::Close, description: "close" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Related, action: A::Activate, description: "stay at this related fact (Ctrl-O comes back)" },
    Binding { keys: &[&[k('n')], &[k('j')], &[p(KeyCode::Down)]], context: C::Related, action: A::NextHit, description: "next related fact, best first (previewed in the reader)" },
    Binding { keys: &[&[k('N')], &[k('k')], &[p(KeyCode::Up)]], context: C::Related, action: A::PrevHit, description: "previous related fact" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('f')]], context: C::Related, action: A::Close, description: "close, back to where you were" },
    Binding { keys: &[&[p(KeyCode::Enter)]], context: C::Disagreements, action: A::Activate, description: "jump to the chosen sentence (Ctrl-O comes back)" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Disagreements, action: A::Down, description: "next disagreement" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Disagreements, action: A::Up, description: "previous disagreement" },
    Binding { keys: &[&[k('l')], &[p(KeyCode::Right)], &[p(KeyCode::Tab)]], context: C::Disagreements, action: A::FocusNext, description: "choose the other article's sentence" },
    Binding { keys: &[&[k('h')], &[p(KeyCode::Left)], &[p(KeyCode::BackTab)]], context: C::Disagreements, action: A::FocusPrev, description: "choose the other article's sentence" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('!')]], context: C::Disagreements, action: A::Close, description: "close" },
    Binding { keys: &[&[k('j')], &[p(KeyCode::Down)]], context: C::Popup, action: A::Down, description: "scroll down" },
    Binding { keys: &[&[k('k')], &[p(KeyCode::Up)]], context: C::Popup, action: A::Up, description: "scroll up" },
    Binding { keys: &[&[p(KeyCode::Esc)], &[k('?')]], context: C::Popup, action: A::Close, description: "close" },
];

/// Outcome of feeding one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far are the prefix of a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

/// Resolves `pending + key` against the bindings of `contexts` (first context wins).
pub fn resolve(pending: &[Key], key: Key, contexts: &[Context]) -> Resolved {
    let mut seq: Vec<Key> = pending.to_vec();
    seq.push(key);
    let mut is_prefix = false;
    for ctx in contexts {
        for b in BINDINGS.iter().filter(|b| b.context == *ctx) {
            for s in b.keys {
                if *s == seq.as_slice() {
                    return Resolved::Action(b.action);
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
        resolve(&[], key, contexts)
    } else {
        Resolved::Unbound
    }
}

/// The key table as markdown (for the README): context, keys, description.
pub fn markdown_table() -> String {
    let mut out = String::from("| Context | Keys | Action |\n|---|---|---|\n");
    for b in BINDINGS {
        out.push_str(&format!(
            "| {} | `{}` | {} |\n",
            b.context.title(),
            b.keys_label().replace(", ", "` `"),
            b.description
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(resolve(&[], k('Z'), &[Context::Global]), Resolved::Unbound);
    }

    #[test]
    fn markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), BINDINGS.len() + 2);
        assert!(
            table.contains("| Everywhere | `Ctrl-O` `Alt-←` |"),
            "{table}"
        );
    }

    #[test]
    fn no_sequence_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context != b.context {
                    continue;
                }
                for s in a.keys {
                    assert!(
                        !b.keys.contains(s),
                        "{} bound twice in {:?}",
                        sequence_label(s),
                        a.context
                    );
                }
            }
        }
    }
}
