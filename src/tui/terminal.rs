//! The terminal edge: entering/restoring raw mode and the alternate screen (a guard restores on
//! drop, a panic hook restores before printing the panic), and translating crossterm events into
//! the reader's own [`Key`] and [`MouseInput`] types.

use super::app::MouseInput;
use super::key::{Key, KeyCode};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where crashes are reported (the crate declares no repository URL yet).
const REPORT_TO: &str = "the soi issue tracker";

/// Whether mouse capture was turned on (the panic hook must turn it off too).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let mut out = std::io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Raw mode + alternate screen for as long as it lives.
pub struct Guard;

impl Guard {
    pub fn enter(mouse: bool) -> std::io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        // From here on the guard exists, so a failure below still restores.
        let guard = Guard;
        let mut out = std::io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if mouse {
            MOUSE.store(true, Ordering::SeqCst);
            execute!(out, EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// On panic: restore the terminal first (else the message is lost on the alternate screen),
/// then print what happened and where to report it.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        if [super::loader::THREAD_NAME, crate::corpus::web::THREAD_NAME]
            .iter()
            .any(|name| thread.name() == Some(name))
        {
            return; // caught by the loader (or the fetcher) and shown in the reader
        }
        restore();
        let message = panic_message(info.payload());
        let place = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "soi crashed: {}{place}. Please report this on {REPORT_TO} with the steps to reproduce.",
            crate::corpus::printable(&message)
        );
    }));
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What the loop does with one terminal event.
pub enum Input {
    Key(Key),
    Mouse(MouseInput),
    Paste(String),
    Resize(u16, u16),
}

/// Translates a crossterm event; `None` for events the reader ignores (key releases, focus…).
pub fn translate(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) => translate_key(k).map(Input::Key),
        Event::Mouse(m) => translate_mouse(m).map(Input::Mouse),
        Event::Paste(s) => Some(Input::Paste(s)),
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        _ => None,
    }
}

pub fn translate_key(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    use crossterm::event::KeyCode as C;
    let code = match k.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        _ => return None,
    };
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    // Ctrl combinations are bound by lower-case letter whatever the shift state.
    let code = match code {
        KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Some(Key {
        code,
        ctrl,
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}

fn translate_mouse(m: MouseEvent) -> Option<MouseInput> {
    let (x, y) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp => Some(MouseInput::ScrollUp { x, y }),
        MouseEventKind::ScrollDown => Some(MouseInput::ScrollDown { x, y }),
        MouseEventKind::Down(MouseButton::Left) => Some(MouseInput::Click { x, y }),
        _ => None,
    }
}
