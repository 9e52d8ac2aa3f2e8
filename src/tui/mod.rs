//! The reader: three panes (documents, article, entities), a status bar and popups.
//! One loop: event → action → state update → draw.
//!
//! - [`key`], [`action`], [`keymap`]: keys, the action vocabulary, the key table (help is
//!   generated from it).
//! - [`app`]: the state and its update; [`nav`]: positions, jump list, targets;
//!   [`library`]: the loaded corpus and its indexes.
//! - [`layout`], [`wrap`], [`screen`]: laying out articles and the screen; [`view`]: drawing;
//!   [`facts_view`]: the timeline, related facts and disagreements, and their marks in the reader.
//! - [`terminal`]: the crossterm edge (guard, panic hook, event translation); [`loader`]:
//!   background loading.
//!
//! Test hook: with `SOI_FORCE_PANIC=1` in the environment the reader panics right after its
//! first draw, to check that the terminal is restored and the crash message printed.

pub mod action;
pub mod app;
pub mod facts_view;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod loader;
pub mod nav;
pub mod screen;
pub mod terminal;
pub mod view;
pub mod wrap;

pub use app::App;
pub use key::{Key, KeyCode};

use crate::corpus::LoadOptions;
use library::Library;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::sync::mpsc::TryRecvError;
use std::time::Duration;

/// How long to wait for input before looking at the loader again.
const POLL: Duration = Duration::from_millis(50);
/// Longest time spent applying loader events between two looks at the keyboard.
const LOAD_BUDGET: Duration = Duration::from_millis(30);

/// Opens the reader on `paths` and runs until the user quits. Restores the terminal on every
/// exit path, panics and termination signals included; refuses to start without a terminal.
pub fn run(paths: Vec<PathBuf>, options: LoadOptions, mouse: bool) -> anyhow::Result<()> {
    terminal::check_usable()?;
    let force_panic = std::env::var_os("SOI_FORCE_PANIC").is_some_and(|v| v == "1");
    let loading = loader::spawn(paths, options);
    let _guard = terminal::Guard::enter(mouse)?;
    let mut term = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let mut app = App::new(Library::default());
    let size = term.size()?;
    app.resize(size.width, size.height);
    let mut loader_open = true;
    let mut dirty = true;
    let mut drawn = false;
    while !app.quit {
        // Take what the loader has, but never for so long that input waits: keys and a
        // fresh frame come first once the budget is spent.
        let budget = std::time::Instant::now();
        let mut backlog = false;
        while loader_open {
            if budget.elapsed() >= LOAD_BUDGET {
                backlog = true;
                break;
            }
            match loading.try_recv() {
                Ok(event) => {
                    app.on_load(event);
                    dirty = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => loader_open = false,
            }
        }
        if app.suspend {
            app.suspend = false;
            terminal::suspend();
        }
        if terminal::take_redraw() {
            // Back from a stop: the screen is blank and may have a new size.
            let size = term.size()?;
            app.resize(size.width, size.height);
            term.autoresize()?;
            term.clear()?;
            dirty = true;
        }
        if dirty {
            term.draw(|f| view::draw(f, &app))?;
            dirty = false;
            if force_panic && !drawn {
                panic!("SOI_FORCE_PANIC is set: forced panic after the first draw");
            }
            drawn = true;
        }
        let wait = if backlog { Duration::ZERO } else { POLL };
        if crossterm::event::poll(wait)? {
            // Drain what is queued so a burst of keys or resizes costs one draw.
            loop {
                if let Some(input) = terminal::translate(crossterm::event::read()?) {
                    match input {
                        terminal::Input::Key(k) => app.handle_key(k),
                        terminal::Input::Mouse(m) => app.handle_mouse(m),
                        terminal::Input::Paste(s) => app.handle_paste(&s),
                        terminal::Input::Resize(w, h) => {
                            app.resize(w, h);
                            term.autoresize()?;
                        }
                    }
                    dirty = true;
                }
                if app.quit || !crossterm::event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
    Ok(())
}
