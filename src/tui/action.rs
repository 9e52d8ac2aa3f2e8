//! The one vocabulary of things the user can do. Keys map to actions (the key table in
//! [`crate::tui::keymap`]); the state update ([`crate::tui::app::App::apply`]) interprets them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    /// Ctrl-Z: back to the shell; `fg` resumes (the run loop does it, see `App::suspend`).
    Suspend,
    FocusNext,
    FocusPrev,
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
    Search,
    JumpBack,
    JumpForward,
    ToggleRemoved,
    ToggleScope,
    ClearTarget,
    ShowLog,
    Help,
    Close,
    /// The dated facts in date order (the target's, when one is set).
    Timeline,
    /// The facts in other articles related to the sentence here.
    RelatedFacts,
    /// Figures and dates that disagree across articles.
    Disagreements,
}
