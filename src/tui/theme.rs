//! Colours and emphasis as a value. Three themes — `default` (the 16 ANSI colours only, readable
//! on light and dark backgrounds alike), `dark` and `light` — and a no-colour form of each for
//! NO_COLOR.
//!
//! Emphasis is carried by modifiers in every theme and colour only adds to it, so no highlight
//! depends on colour alone: mentions are underlined, the target's mentions bold and underlined,
//! the landed mention bold in reverse video, the selected mention underlined in reverse video.
//! Under NO_COLOR no cell carries a colour at all. crossterm writes every colour change as a
//! bare `ESC[m` then, which resets the attributes set just before it (no-color.org asks
//! full-screen programs to keep them).

use crate::extract::EntityKind;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

/// A theme's name, as written in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Default,
    Dark,
    Light,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Default, ThemeName::Dark, ThemeName::Light];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    pub fn parse(name: &str) -> Option<ThemeName> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// Is NO_COLOR set to something (no-color.org: present and not empty)?
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The colours of a theme; every one is `Color::Reset` in the no-colour form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Palette {
    /// Per entity kind, in [`EntityKind::ALL`] order.
    kinds: [Color; 7],
    /// The colour of a search target (no entity kind).
    search: Color,
    /// Target mentions are drawn on their kind's colour (else in it).
    target_on_bg: bool,
    /// Text on a kind-coloured background.
    on_kind: Color,
    accent: Color,
    border: Color,
    /// Dim text; `Reset` means "use the DIM attribute".
    dim: Color,
    title: Color,
    heading: Color,
    caption: Color,
    cursor_fg: Color,
    /// Background of the list cursor in the focused pane; `Reset` means reverse video.
    cursor_bg: Color,
    cursor_bg_unfocused: Color,
    /// Status bar; a `Reset` background means reverse video.
    status_fg: Color,
    status_bg: Color,
    status_muted: Color,
    status_note: Color,
    error: Color,
    warning: Color,
    key: Color,
}

const NONE: Palette = Palette {
    kinds: [Color::Reset; 7],
    search: Color::Reset,
    target_on_bg: false,
    on_kind: Color::Reset,
    accent: Color::Reset,
    border: Color::Reset,
    dim: Color::Reset,
    title: Color::Reset,
    heading: Color::Reset,
    caption: Color::Reset,
    cursor_fg: Color::Reset,
    cursor_bg: Color::Reset,
    cursor_bg_unfocused: Color::Reset,
    status_fg: Color::Reset,
    status_bg: Color::Reset,
    status_muted: Color::Reset,
    status_note: Color::Reset,
    error: Color::Reset,
    warning: Color::Reset,
    key: Color::Reset,
};

/// Only the six chromatic ANSI colours, never white, black or the greys (bright white titles
/// vanish on light terminals, colour 8 on Solarized): dim text uses the DIM attribute and the
/// status bar reverse video, which follow the terminal's own colours.
const DEFAULT: Palette = Palette {
    kinds: [
        Color::Magenta, // person
        Color::Cyan,    // organization
        Color::Green,   // location
        Color::Blue,    // date
        Color::Red,     // money
        Color::Blue,    // document
        Color::Red,     // event
    ],
    search: Color::Blue,
    accent: Color::Cyan,
    ..NONE
};

const DARK: Palette = Palette {
    kinds: [
        Color::Yellow,
        Color::Cyan,
        Color::Green,
        Color::Magenta,
        Color::LightRed,
        Color::LightBlue,
        Color::LightMagenta,
    ],
    search: Color::LightBlue,
    target_on_bg: true,
    on_kind: Color::Black,
    accent: Color::Cyan,
    border: Color::Rgb(110, 110, 125),
    dim: Color::Rgb(140, 140, 150),
    title: Color::White,
    heading: Color::LightCyan,
    caption: Color::Gray,
    cursor_fg: Color::White,
    cursor_bg: Color::Blue,
    cursor_bg_unfocused: Color::Rgb(60, 60, 70),
    status_fg: Color::White,
    status_bg: Color::Rgb(40, 40, 60),
    status_muted: Color::Gray,
    status_note: Color::LightYellow,
    error: Color::LightRed,
    warning: Color::Yellow,
    key: Color::Yellow,
};

const LIGHT: Palette = Palette {
    kinds: [
        Color::Rgb(150, 80, 0),
        Color::Rgb(0, 105, 135),
        Color::Rgb(0, 120, 40),
        Color::Rgb(125, 0, 155),
        Color::Rgb(175, 0, 0),
        Color::Rgb(0, 65, 175),
        Color::Rgb(165, 0, 95),
    ],
    search: Color::Rgb(0, 65, 175),
    target_on_bg: true,
    on_kind: Color::White,
    accent: Color::Rgb(0, 95, 150),
    border: Color::Rgb(150, 150, 160),
    dim: Color::Rgb(105, 105, 110),
    title: Color::Black,
    heading: Color::Rgb(0, 75, 125),
    caption: Color::Rgb(70, 70, 75),
    cursor_fg: Color::Black,
    cursor_bg: Color::Rgb(180, 205, 240),
    cursor_bg_unfocused: Color::Rgb(225, 225, 230),
    status_fg: Color::Black,
    status_bg: Color::Rgb(215, 215, 228),
    status_muted: Color::Rgb(80, 80, 90),
    status_note: Color::Rgb(140, 60, 0),
    error: Color::Rgb(175, 0, 0),
    warning: Color::Rgb(140, 80, 0),
    key: Color::Rgb(140, 60, 0),
};

/// The styles the views draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    /// False under NO_COLOR: modifiers only.
    pub colour: bool,
    p: Palette,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(ThemeName::Default, false)
    }
}

impl Theme {
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let p = match (no_color, name) {
            (true, _) => NONE,
            (false, ThemeName::Default) => DEFAULT,
            (false, ThemeName::Dark) => DARK,
            (false, ThemeName::Light) => LIGHT,
        };
        Theme {
            name,
            colour: !no_color,
            p,
        }
    }

    /// The colour of an entity kind.
    pub fn kind(&self, kind: EntityKind) -> Color {
        let i = EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.p.kinds[i]
    }

    /// A mention of some entity: underlined, in its kind's colour.
    pub fn mention(&self, kind: EntityKind) -> Style {
        Style::new()
            .fg(self.kind(kind))
            .add_modifier(Modifier::UNDERLINED)
    }

    /// A mention of the current target, or a search match: bold and underlined.
    pub fn target(&self, kind: Option<EntityKind>) -> Style {
        let colour = self.target_colour(kind);
        let style = if self.p.target_on_bg {
            Style::new().fg(self.p.on_kind).bg(colour)
        } else {
            Style::new().fg(colour)
        };
        style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The colour of a target: its kind's, or the search colour.
    pub fn target_colour(&self, kind: Option<EntityKind>) -> Color {
        kind.map_or(self.p.search, |k| self.kind(k))
    }

    /// The target's mark and counts in lists (`◆3`).
    pub fn target_mark(&self, kind: Option<EntityKind>) -> Style {
        Style::new()
            .fg(self.target_colour(kind))
            .add_modifier(Modifier::BOLD)
    }

    /// The target mention the reader landed on: bold, reverse video of the terminal's colours.
    pub fn landed(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The mention selected with `]`/`[`: underlined, reverse video.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            Style::new().fg(self.p.accent).add_modifier(Modifier::BOLD)
        } else if self.p.border == Color::Reset {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            Style::new().fg(self.p.border)
        }
    }

    /// The focused pane has a thick border: focus shows without colour.
    pub fn border_type(&self, focused: bool) -> BorderType {
        if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        }
    }

    /// The list cursor's row (the row also carries a `›` marker).
    pub fn cursor(&self, focused: bool) -> Style {
        match (focused, self.p.cursor_bg) {
            (true, Color::Reset) => Style::new().add_modifier(Modifier::REVERSED),
            (true, bg) => Style::new().bg(bg).fg(self.p.cursor_fg),
            (false, _) => Style::new().bg(self.p.cursor_bg_unfocused),
        }
    }

    /// Dim text: a grey where the theme has one, else the DIM attribute.
    pub fn dim(&self) -> Style {
        if self.p.dim == Color::Reset {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            Style::new().fg(self.p.dim)
        }
    }

    pub fn title(&self) -> Style {
        Style::new().fg(self.p.title).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        Style::new().fg(self.p.heading).add_modifier(Modifier::BOLD)
    }

    pub fn caption(&self) -> Style {
        Style::new()
            .fg(self.p.caption)
            .add_modifier(Modifier::ITALIC)
    }

    /// A removed line shown with `r`.
    pub fn removed(&self) -> Style {
        self.dim()
            .add_modifier(Modifier::ITALIC | Modifier::CROSSED_OUT)
    }

    /// Markers in lists (`▶` open article, `●` mentioned here) and the prompt's cursor.
    pub fn marker(&self) -> Style {
        Style::new().fg(self.p.accent)
    }

    /// A heading inside a list or popup (entity kinds, help sections, articles in `gr`).
    pub fn group(&self, colour: Option<Color>) -> Style {
        Style::new()
            .fg(colour.unwrap_or(self.p.accent))
            .add_modifier(Modifier::BOLD)
    }

    /// A key in the help.
    pub fn key(&self) -> Style {
        Style::new().fg(self.p.key).add_modifier(Modifier::BOLD)
    }

    /// An unread article in the documents list.
    pub fn unread(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The target entity in the entities list.
    pub fn listed_target(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn error(&self) -> Style {
        Style::new().fg(self.p.error).add_modifier(Modifier::BOLD)
    }

    pub fn warning(&self) -> Style {
        Style::new().fg(self.p.warning)
    }

    /// The status bar's base: its own colours, or reverse video.
    pub fn status(&self) -> Style {
        if self.p.status_bg == Color::Reset {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().bg(self.p.status_bg).fg(self.p.status_fg)
        }
    }

    /// Secondary text in the status bar.
    pub fn status_muted(&self) -> Style {
        if self.p.status_muted == Color::Reset {
            self.status()
        } else {
            self.status().fg(self.p.status_muted)
        }
    }

    /// Messages and notices in the status bar.
    pub fn status_note(&self) -> Style {
        if self.p.status_note == Color::Reset {
            self.status().add_modifier(Modifier::BOLD)
        } else {
            self.status().fg(self.p.status_note)
        }
    }

    /// The target's chip in the status bar: its colour, or normal video inside the reversed
    /// bar.
    pub fn status_target(&self, kind: Option<EntityKind>) -> Style {
        let colour = self.target_colour(kind);
        if self.p.target_on_bg {
            Style::new()
                .bg(colour)
                .fg(self.p.on_kind)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
                .fg(colour)
                .add_modifier(Modifier::BOLD)
                .remove_modifier(Modifier::REVERSED)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_highlights(t: &Theme) -> Vec<Style> {
        vec![
            Style::new(),
            t.mention(EntityKind::Person),
            t.target(Some(EntityKind::Person)),
            t.landed(),
            t.selected(),
        ]
    }

    #[test]
    fn highlights_differ_by_modifiers_in_every_theme() {
        for name in ThemeName::ALL {
            for no_color in [false, true] {
                let t = Theme::new(name, no_color);
                let mods: Vec<Modifier> =
                    text_highlights(&t).iter().map(|s| s.add_modifier).collect();
                for (i, a) in mods.iter().enumerate() {
                    for b in &mods[i + 1..] {
                        assert_ne!(a, b, "{name:?} no_color={no_color}");
                    }
                }
            }
        }
    }

    #[test]
    fn no_color_uses_no_colour_at_all() {
        let t = Theme::new(ThemeName::Dark, true);
        let styles = [
            t.mention(EntityKind::Money),
            t.target(None),
            t.border(true),
            t.cursor(true),
            t.cursor(false),
            t.dim(),
            t.title(),
            t.status(),
            t.status_target(Some(EntityKind::Date)),
        ];
        for s in styles {
            assert!(
                s.fg.is_none_or(|c| c == Color::Reset) && s.bg.is_none_or(|c| c == Color::Reset),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_default_theme_uses_only_chromatic_ansi_colours() {
        let t = Theme::new(ThemeName::Default, false);
        let allowed = [
            Color::Reset,
            Color::Red,
            Color::Green,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
        ];
        for p in [t.p.kinds.as_slice(), &[t.p.search, t.p.accent, t.p.title]] {
            for c in p {
                assert!(allowed.contains(c), "{c:?}");
            }
        }
    }
}
