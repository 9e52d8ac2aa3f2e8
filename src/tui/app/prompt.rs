//! The one-line prompt (`/`): readline-like editing (Backspace, Ctrl-W a word, Ctrl-U the
//! line), history with ↑/↓, live effect while typing (filters narrow their list, a search
//! highlights its matches on screen), and a cap on what a query can be.

use super::App;
use crate::corpus::printable;
use crate::tui::key::{Key, KeyCode};
use crate::tui::search::MAX_QUERY_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filter the entities pane.
    Filter,
    /// Filter the documents pane.
    Documents,
    /// Search the corpus; the search becomes the target.
    Search,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// The filter before the prompt opened, restored by Esc.
    previous: String,
    /// Position in the history while walking it with ↑/↓ (`None`: the line being typed).
    recalled: Option<usize>,
    /// The line being typed, kept while walking the history.
    draft: String,
}

/// Inputs kept per prompt kind.
const HISTORY: usize = 50;

impl Prompt {
    pub fn new(kind: PromptKind, input: String) -> Prompt {
        Prompt {
            kind,
            previous: input.clone(),
            input,
            recalled: None,
            draft: String::new(),
        }
    }
}

/// `input` with `text` appended, cut to the query cap. Returns whether it was cut.
fn append_capped(input: &mut String, text: &str) -> bool {
    let room = MAX_QUERY_CHARS.saturating_sub(input.chars().count());
    input.extend(text.chars().take(room));
    text.chars().nth(room).is_some()
}

impl App {
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        let input = match kind {
            PromptKind::Filter => self.filter.clone(),
            PromptKind::Documents => self.doc_list.filter.clone(),
            PromptKind::Search => String::new(),
        };
        self.prompt = Some(Prompt::new(kind, input));
    }

    fn history_of(&mut self, kind: PromptKind) -> &mut Vec<String> {
        match kind {
            PromptKind::Filter => &mut self.history.entities,
            PromptKind::Documents => &mut self.history.documents,
            PromptKind::Search => &mut self.history.search,
        }
    }

    fn remember(&mut self, kind: PromptKind, input: &str) {
        let input = input.trim();
        if input.is_empty() {
            return;
        }
        let history = self.history_of(kind);
        history.retain(|h| h != input);
        history.push(input.to_string());
        if history.len() > HISTORY {
            history.remove(0);
        }
    }

    /// Pasted text goes into an open prompt (on one line, cut to the cap), else is ignored.
    pub fn handle_paste(&mut self, text: &str) {
        let Some(p) = &mut self.prompt else {
            return;
        };
        // Only what can fit is looked at: a pasted megabyte costs nothing.
        let head: String = text.chars().take(MAX_QUERY_CHARS + 1).collect();
        if append_capped(&mut p.input, &printable(&head)) || head.len() < text.len() {
            self.message = Some(format!(
                "the prompt takes at most {MAX_QUERY_CHARS} characters: the paste was cut"
            ));
        }
        self.prompt_changed();
    }

    pub(super) fn prompt_key(&mut self, key: Key) {
        let Some(mut prompt) = self.prompt.take() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                match prompt.kind {
                    PromptKind::Filter => self.set_filter(prompt.previous),
                    PromptKind::Documents => self.set_doc_filter(prompt.previous),
                    PromptKind::Search => {}
                }
                return;
            }
            KeyCode::Enter => {
                self.remember(prompt.kind, &prompt.input);
                if prompt.kind == PromptKind::Search {
                    self.run_search(&prompt.input);
                }
                return;
            }
            KeyCode::Backspace => {
                prompt.input.pop();
            }
            KeyCode::Char('w') if key.ctrl => {
                let kept = prompt.input.trim_end().len();
                let word_start = prompt.input[..kept]
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| i + 1);
                prompt.input.truncate(word_start);
            }
            KeyCode::Char('u') if key.ctrl => prompt.input.clear(),
            KeyCode::Up | KeyCode::Down => {
                let kind = prompt.kind;
                let history = self.history_of(kind).clone();
                let at = match (key.code, prompt.recalled) {
                    (KeyCode::Up, None) => history.len().checked_sub(1),
                    (KeyCode::Up, Some(i)) => Some(i.saturating_sub(1)),
                    (_, Some(i)) if i + 1 < history.len() => Some(i + 1),
                    _ => None,
                };
                if prompt.recalled.is_none() {
                    prompt.draft = prompt.input.clone();
                }
                prompt.input = match at {
                    Some(i) => history[i].clone(),
                    None => prompt.draft.clone(),
                };
                prompt.recalled = at;
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                let cut = append_capped(&mut prompt.input, &c.to_string());
                if cut {
                    self.message = Some(format!(
                        "the prompt takes at most {MAX_QUERY_CHARS} characters"
                    ));
                }
            }
            _ => {}
        }
        self.prompt = Some(prompt);
        self.prompt_changed();
    }

    /// Filters follow the prompt as it is typed; a search only highlights (in the view).
    fn prompt_changed(&mut self) {
        let Some(p) = &self.prompt else {
            return;
        };
        let input = p.input.clone();
        match p.kind {
            PromptKind::Filter => self.set_filter(input),
            PromptKind::Documents => self.set_doc_filter(input),
            PromptKind::Search => {}
        }
    }
}
