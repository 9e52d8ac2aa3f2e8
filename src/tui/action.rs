//! The one vocabulary of things the user can do. Keys map to actions (the key table in
//! [`crate::tui::keymap`], rebindable by name in the config file); the state update
//! ([`crate::tui::app::App::apply`]) interprets them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    /// Ctrl-Z: back to the shell; `fg` resumes (the run loop does it, see `App::suspend`).
    Suspend,
    FocusNext,
    FocusPrev,
    /// The pane to the left (documents ← reader ← entities), without wrapping.
    FocusLeft,
    FocusRight,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Enter: open the document, target the entity, target the selected mention, jump to the
    /// listed mention — whatever the focused pane or popup offers.
    Activate,
    /// Target the entity of the mention selected in the reader.
    TargetSelected,
    NextHit,
    PrevHit,
    NextMention,
    PrevMention,
    MentionsList,
    /// `/`: search the corpus, or filter the focused list.
    Search,
    JumpBack,
    JumpForward,
    ToggleRemoved,
    ToggleScope,
    ClearTarget,
    /// Documents list: next sort order.
    Sort,
    /// Documents list: mark the selected article read or unread.
    ToggleRead,
    /// Copy the sentence under the reader's cursor (OSC 52).
    CopySentence,
    /// Copy the open article's web address (OSC 52).
    CopyUrl,
    /// Open the open article's web address in the browser.
    OpenUrl,
    /// Bookmark the sentence under the reader's cursor.
    Bookmark,
    /// List the bookmarks.
    Bookmarks,
    /// Bookmarks list: delete the selected bookmark.
    Delete,
    ShowLog,
    Help,
    Close,
}

impl Action {
    /// Every action, for the config file's names.
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Suspend,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusLeft,
        Action::FocusRight,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::Top,
        Action::Bottom,
        Action::Activate,
        Action::TargetSelected,
        Action::NextHit,
        Action::PrevHit,
        Action::NextMention,
        Action::PrevMention,
        Action::MentionsList,
        Action::Search,
        Action::JumpBack,
        Action::JumpForward,
        Action::ToggleRemoved,
        Action::ToggleScope,
        Action::ClearTarget,
        Action::Sort,
        Action::ToggleRead,
        Action::CopySentence,
        Action::CopyUrl,
        Action::OpenUrl,
        Action::Bookmark,
        Action::Bookmarks,
        Action::Delete,
        Action::ShowLog,
        Action::Help,
        Action::Close,
    ];

    /// The action's name in the config file (`next_hit`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Suspend => "suspend",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::FocusLeft => "focus_left",
            Action::FocusRight => "focus_right",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::HalfPageUp => "half_page_up",
            Action::HalfPageDown => "half_page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Activate => "activate",
            Action::TargetSelected => "target_selected",
            Action::NextHit => "next_hit",
            Action::PrevHit => "prev_hit",
            Action::NextMention => "next_mention",
            Action::PrevMention => "prev_mention",
            Action::MentionsList => "mentions_list",
            Action::Search => "search",
            Action::JumpBack => "jump_back",
            Action::JumpForward => "jump_forward",
            Action::ToggleRemoved => "toggle_removed",
            Action::ToggleScope => "toggle_scope",
            Action::ClearTarget => "clear_target",
            Action::Sort => "sort",
            Action::ToggleRead => "toggle_read",
            Action::CopySentence => "copy_sentence",
            Action::CopyUrl => "copy_url",
            Action::OpenUrl => "open_url",
            Action::Bookmark => "bookmark",
            Action::Bookmarks => "bookmarks",
            Action::Delete => "delete",
            Action::ShowLog => "show_log",
            Action::Help => "help",
            Action::Close => "close",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_distinct_name_that_reads_back() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }
}
