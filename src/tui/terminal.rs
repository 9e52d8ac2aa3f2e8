//! The terminal edge: entering/restoring raw mode and the alternate screen (a guard restores on
//! drop, a panic hook restores before printing the panic), signals (termination lets the loop
//! save the reading state, restores, then dies of the signal; SIGTSTP/Ctrl-Z leaves the screen and stops; SIGCONT takes it back), and
//! translating crossterm events into the reader's own [`Key`] and [`MouseInput`] types.
//!
//! The screen is left at most once per entry (a second "leave the alternate screen" moves the
//! cursor back to where the reader started, over whatever was printed since: a crash message).
//! Whoever leaves or enters holds the stdout lock throughout, so no frame is drawn over a
//! restored terminal, nor while the process is stopped.

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
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where crashes are reported (the crate declares no repository URL yet).
const REPORT_TO: &str = "the soi issue tracker";

/// Whether mouse capture is wanted (leaving and re-entering the screen must agree).
static MOUSE: AtomicBool = AtomicBool::new(false);
/// A [`Guard`] is alive: a continue after a stop takes the screen back.
static LIVE: AtomicBool = AtomicBool::new(false);
/// Raw mode and the alternate screen are on (so leaving them is due, once).
static SCREEN_ON: AtomicBool = AtomicBool::new(false);
/// The screen was given up and taken back: the loop must repaint all of it.
static REDRAW: AtomicBool = AtomicBool::new(false);
/// A termination signal came: the loop should keep what it must and call [`ready_to_end`].
static ENDING: AtomicBool = AtomicBool::new(false);
/// The loop has kept what it must: the signal may end the process.
static READY_TO_END: AtomicBool = AtomicBool::new(false);
/// How long a termination signal waits for the loop to save before ending anyway (a loop stuck
/// in work must not keep a killed reader alive).
const SAVE_GRACE: std::time::Duration = std::time::Duration::from_millis(600);

/// Whether a termination signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) asks the reader to end.
pub fn ending() -> bool {
    ENDING.load(Ordering::SeqCst)
}

/// Tells the signal's thread that what had to be kept is kept: it restores the terminal and the
/// process dies of the signal.
pub fn ready_to_end() {
    READY_TO_END.store(true, Ordering::SeqCst);
}

/// Why the reader cannot start on this terminal.
#[derive(Debug, thiserror::Error)]
#[error("the reader needs a terminal ({0}); `soi export` writes JSON")]
pub struct NoTerminal(&'static str);

/// The reader draws on stdout and reads keys from stdin: both must be a terminal that can show
/// it. Checked before the terminal is touched (raw mode on a redirected stdout would write escape
/// codes into the file and leave the real terminal raw).
pub fn check_usable() -> Result<(), NoTerminal> {
    if !std::io::stdout().is_terminal() {
        return Err(NoTerminal("stdout is not one"));
    }
    if !std::io::stdin().is_terminal() {
        return Err(NoTerminal("stdin is not one"));
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err(NoTerminal("TERM=dumb cannot show it"));
    }
    Ok(())
}

/// Raw mode, the alternate screen, bracketed paste, a hidden cursor (and the mouse, if wanted).
fn enter_screen(out: &mut impl Write) -> std::io::Result<()> {
    enable_raw_mode()?;
    SCREEN_ON.store(true, Ordering::SeqCst);
    take_screen(out)
}

/// The screen's part of [`enter_screen`]: the alternate screen, bracketed paste, a hidden cursor
/// (and the mouse, if wanted).
fn take_screen(out: &mut impl Write) -> std::io::Result<()> {
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Undoes [`enter_screen`], once: later calls do nothing until the screen is entered again.
fn leave_screen(out: &mut impl Write) {
    if !SCREEN_ON.swap(false, Ordering::SeqCst) {
        return;
    }
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

/// Puts the terminal back as it was. Safe to call more than once, from any thread.
pub fn restore() {
    leave_screen(&mut std::io::stdout().lock());
}

/// Takes the screen back after a stop (the shell may have changed the modes meanwhile, so they
/// are set afresh) and asks the loop for a full repaint. A Ctrl-Z is followed by two resumes (the
/// stopped thread's and the SIGCONT handler's): the second finds the screen on and sets raw mode
/// over raw mode, never passing through line mode (it used to leave and enter raw mode, and for
/// that moment the terminal echoed and buffered keys while the reader ran).
fn resume(out: &mut impl Write) {
    if !LIVE.load(Ordering::SeqCst) {
        return; // the reader is closing: leave the terminal to the shell
    }
    if SCREEN_ON.load(Ordering::SeqCst) {
        set_raw_again();
        let _ = take_screen(out);
    } else {
        let _ = enter_screen(out);
    }
    REDRAW.store(true, Ordering::SeqCst);
}

/// Raw mode set again on a terminal that should already be in it (a stop the reader did not
/// see, SIGSTOP, may have let the shell change it), keeping the modes to restore on exit.
fn set_raw_again() {
    #[cfg(unix)]
    // SAFETY: `termios` is plain data; tcgetattr fills it from stdin (a terminal, checked at
    // start), cfmakeraw edits it in place, tcsetattr applies it. No pointer outlives the block.
    unsafe {
        let mut modes: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut modes) == 0 {
            libc::cfmakeraw(&mut modes);
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &modes);
        }
    }
}

/// Ctrl-Z: gives the terminal back to the shell and stops; on `fg` takes the screen back (the
/// loop repaints it whole, see [`take_redraw`]).
pub fn suspend() {
    let mut out = std::io::stdout().lock();
    leave_screen(&mut out);
    #[cfg(unix)]
    signals::stop();
    resume(&mut out);
}

/// Whether the screen must be repainted whole (it was left and taken back); clears the request.
pub fn take_redraw() -> bool {
    REDRAW.swap(false, Ordering::SeqCst)
}

/// Raw mode + alternate screen for as long as it lives.
pub struct Guard;

impl Guard {
    pub fn enter(mouse: bool) -> std::io::Result<Guard> {
        install_panic_hook();
        #[cfg(unix)]
        signals::install()?;
        MOUSE.store(mouse, Ordering::SeqCst);
        LIVE.store(true, Ordering::SeqCst);
        // From here on the guard exists, so a failure below still restores.
        let guard = Guard;
        enter_screen(&mut std::io::stdout().lock())?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut out = std::io::stdout().lock();
        LIVE.store(false, Ordering::SeqCst);
        leave_screen(&mut out);
    }
}

/// Signals, handled on a thread of their own (signal-hook's iterator), where the terminal can be
/// restored safely — a signal handler itself may do almost nothing.
#[cfg(unix)]
mod signals {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    use signal_hook::iterator::Signals;
    use signal_hook::low_level::emulate_default_handler;
    use std::sync::atomic::Ordering;
    use std::sync::Once;

    /// Termination signals: restore the terminal, then die of the signal as if unhandled (so the
    /// shell reports 128+n and a script calling soi sees it killed).
    const FATAL: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

    pub fn install() -> std::io::Result<()> {
        static ONCE: Once = Once::new();
        let mut result = Ok(());
        ONCE.call_once(|| {
            result = Signals::new(FATAL.iter().chain(&[SIGTSTP, SIGCONT])).and_then(|signals| {
                std::thread::Builder::new()
                    .name("soi-signals".into())
                    .spawn(move || handle(signals))
                    .map(drop)
            });
        });
        result
    }

    fn handle(mut signals: Signals) {
        for signal in signals.forever() {
            match signal {
                SIGTSTP => super::suspend(),
                SIGCONT => super::resume(&mut std::io::stdout().lock()),
                fatal => {
                    // The reading state is saved every few seconds; a logout or `kill` must not
                    // lose the last of it. The loop sees the request within a poll.
                    super::ENDING.store(true, Ordering::SeqCst);
                    let asked = std::time::Instant::now();
                    while !super::READY_TO_END.load(Ordering::SeqCst)
                        && asked.elapsed() < super::SAVE_GRACE
                    {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    // Held until the process is gone: no frame is drawn after the restore.
                    let mut out = std::io::stdout().lock();
                    super::leave_screen(&mut out);
                    let _ = emulate_default_handler(fatal);
                }
            }
        }
    }

    /// Stops the process until a SIGCONT, when a shell can continue it. In an orphaned process
    /// group (no parent in another group of the session: started by `sh -c`, or straight by a
    /// terminal emulator) nothing would, so the kernel ignores Ctrl-Z there: so does the reader.
    pub fn stop() {
        if job_control() {
            let _ = emulate_default_handler(SIGTSTP);
        }
    }

    /// Whether our parent is a shell with job control: same session, another process group.
    /// (A group of several processes, as in a pipeline, may have such a parent through another
    /// member; the reader's parent is the usual case and the only one looked at.)
    fn job_control() -> bool {
        // SAFETY: these calls take plain integers, touch no memory of ours and cannot fail in a
        // way that matters here (an error, -1, compares unequal and reads as "no job control").
        unsafe {
            let parent = libc::getppid();
            let session = libc::getsid(0);
            session != -1
                && libc::getsid(parent) == session
                && libc::getpgid(parent) != libc::getpgrp()
        }
    }
}

/// On panic: restore the terminal first (else the message is lost on the alternate screen),
/// then print what happened and where to report it. The guard's own restore, as the stack
/// unwinds, then finds nothing left to do and leaves the message alone.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        if thread.name().is_some_and(|name| {
            super::loader::reports_panics_of(name) || name == crate::corpus::web::THREAD_NAME
        }) {
            return; // caught by the loader (or the fetcher) and shown in the reader
        }
        let mut out = std::io::stdout().lock();
        LIVE.store(false, Ordering::SeqCst);
        leave_screen(&mut out);
        let message = panic_message(info.payload());
        let place = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        // Not eprintln!: a stderr that cannot be written must not panic inside the panic hook.
        let _ = writeln!(
            std::io::stderr(),
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
