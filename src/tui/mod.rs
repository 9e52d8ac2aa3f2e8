//! The reader: three panes (documents, article, entities), a status bar and popups.
//! One loop: event → action → state update (→ effects) → draw.
//!
//! - [`key`], [`action`], [`keymap`]: keys, the action vocabulary, the key table (help and the
//!   README table are generated from it); [`config`]: the config file (theme, rebinding).
//! - [`app`]: the state and its update; [`nav`]: positions, jump list, targets;
//!   [`library`]: the loaded corpus and its indexes; [`state`]: what is kept between runs.
//! - [`layout`], [`wrap`], [`screen`]: laying out articles and the screen; [`view`]: drawing,
//!   with the styles of [`theme`].
//! - [`terminal`]: the crossterm edge (guard, panic hook, event translation); [`loader`]:
//!   background loading; [`search`]: corpus search off the input loop; [`effect`]: clipboard
//!   and browser.
//!
//! Test hooks: with `SOI_FORCE_PANIC=1` in the environment the reader panics right after its
//! first draw, to check that the terminal is restored and the crash message printed; with
//! `SOI_FORCE_PANIC=loader-worker`, a worker of the loading panics, to check that the reader
//! reports it and keeps running.

pub mod action;
pub mod app;
pub mod config;
pub mod effect;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod loader;
pub mod nav;
pub mod screen;
pub mod search;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap;

pub use app::App;
pub use key::{Key, KeyCode};

use crate::corpus::{Input, LoadOptions};
use library::Library;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

/// What the command line says about the reader itself.
#[derive(Debug, Clone, Default)]
pub struct ReaderOptions {
    pub mouse: bool,
    /// `--config PATH`; else the XDG config file.
    pub config: Option<PathBuf>,
}

/// How long to wait for input before looking at the loader again.
const POLL: Duration = Duration::from_millis(50);
/// Longest time spent applying loader events between two looks at the keyboard.
const LOAD_BUDGET: Duration = Duration::from_millis(30);

/// While a search runs, look for its results this often.
const SEARCH_POLL: Duration = Duration::from_millis(15);
/// Longest time between a change and its being saved.
const SAVE_EVERY: Duration = Duration::from_secs(2);

/// Opens the reader on `paths` and runs until the user quits. Restores the terminal on every
/// exit path, panics and termination signals included; refuses to start without a terminal.
pub fn run(paths: Vec<Input>, options: LoadOptions, reader: ReaderOptions) -> anyhow::Result<()> {
    terminal::check_usable()?;
    let force_panic = std::env::var_os("SOI_FORCE_PANIC").is_some_and(|v| v == "1");
    let mut app = App::new(Library::default());
    setup(&mut app, reader.config.as_deref())?;
    // The state is kept per set of inputs as written (a web address as it was given).
    let named: Vec<PathBuf> = paths.iter().map(Input::to_path_buf).collect();
    let state_file = state::default_dir().map(|dir| state::StateFile::for_paths(&dir, &named));
    if let Some(file) = &state_file {
        restore_state(&mut app, file);
    }
    let searcher = search::Searcher::spawn()?;
    let saved_paths: Vec<String> = named.iter().map(|p| p.display().to_string()).collect();
    loader::name_workers();
    let loading = loader::spawn(paths, options);
    let _guard = terminal::Guard::enter(reader.mouse)?;
    let mut term = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = term.size()?;
    app.resize(size.width, size.height);
    let mut loader_open = true;
    let mut dirty = true;
    let mut drawn = false;
    let mut last_save = Instant::now();
    while !app.quit {
        if terminal::ending() {
            save_state(&mut app, state_file.as_ref(), &saved_paths);
            terminal::ready_to_end();
            // The signal's thread restores the terminal and ends the process; nothing more
            // may be drawn meanwhile.
            std::thread::sleep(Duration::from_secs(5));
            break;
        }
        // Take what the loader has, but never for so long that input waits: keys and a
        // fresh frame come first once the budget is spent.
        let budget = Instant::now();
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
        // Search hits too: over a large corpus they come faster than they can be shown.
        let budget = Instant::now();
        while let Some(event) = searcher.try_recv() {
            app.on_search(event);
            dirty = true;
            if budget.elapsed() >= LOAD_BUDGET {
                backlog = true;
                break;
            }
        }
        for effect in app.take_effects() {
            run_effect(&mut app, effect, &searcher);
            dirty = true;
        }
        if app.suspend {
            app.suspend = false;
            // A stopped reader may never be resumed: keep the reading state first.
            save_state(&mut app, state_file.as_ref(), &saved_paths);
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
        if app.changed && last_save.elapsed() >= SAVE_EVERY {
            save_state(&mut app, state_file.as_ref(), &saved_paths);
            last_save = Instant::now();
        }
        let wait = match (backlog, app.searching()) {
            (true, _) => Duration::ZERO,
            (false, true) => SEARCH_POLL,
            (false, false) => POLL,
        };
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
    save_state(&mut app, state_file.as_ref(), &saved_paths);
    // Freeing a whole corpus just before the process ends is time spent for nothing: at 100,000
    // articles it kept the shell's prompt waiting after the quit key. (The guard still restores
    // the terminal on return.)
    std::mem::forget(app);
    Ok(())
}

/// Theme and keys from the config file. An explicit `--config` that is missing is an error;
/// a file with a mistake is reported in the reader, which then uses the defaults.
fn setup(app: &mut App, config_path: Option<&Path>) -> anyhow::Result<()> {
    if let Some(p) = config_path.filter(|p| !p.exists()) {
        anyhow::bail!("config file {}: no such file", p.display());
    }
    let path = config_path
        .map(Path::to_path_buf)
        .or_else(config::default_path);
    let loaded = match &path {
        Some(p) => config::load(p),
        None => config::Loaded {
            settings: config::Settings::default(),
            error: None,
        },
    };
    app.theme = theme::Theme::new(loaded.settings.theme, theme::no_color_requested());
    app.keymap = loaded.settings.keymap;
    if let (Some(e), Some(path)) = (loaded.error, &path) {
        app.warn(path, format!("config: {e}"));
    }
    Ok(())
}

/// Applies the saved state of this corpus, or reports why it could not be used.
fn restore_state(app: &mut App, file: &state::StateFile) {
    match file.load() {
        state::Loaded::State(saved) => app.restore_state(*saved),
        state::Loaded::Fresh => {}
        state::Loaded::Damaged { reason, set_aside } => {
            let aside = set_aside.map_or_else(
                || "it was left in place".to_string(),
                |p| format!("it was moved to {}", p.display()),
            );
            app.warn(
                &file.path,
                format!("the saved reading state {reason}; starting afresh ({aside})"),
            );
        }
    }
}

fn save_state(app: &mut App, file: Option<&state::StateFile>, paths: &[String]) {
    let Some(file) = file else {
        return;
    };
    let state = app.saved_state(paths.to_vec());
    match file.save(&state) {
        Ok(()) => app.changed = false,
        Err(e) => {
            // Said once, not at every save.
            if app.changed {
                app.warn(
                    &file.path,
                    format!("the reading state cannot be saved: {e}"),
                );
            }
            app.changed = false;
        }
    }
}

fn run_effect(app: &mut App, effect: effect::Effect, searcher: &search::Searcher) {
    match effect {
        effect::Effect::Search(request) => searcher.submit(request),
        effect::Effect::Copy(text) => {
            let mut out = std::io::stdout();
            let written = out
                .write_all(effect::osc52(&text).as_bytes())
                .and_then(|()| out.flush());
            if let Err(e) = written {
                app.message = Some(format!("could not copy: {e}"));
            }
        }
        effect::Effect::Open(url) => match effect::open_in_browser(&url) {
            Ok(program) => app.message = Some(format!("opened with {program}")),
            Err(e) => app.message = Some(format!("could not open the browser: {e}")),
        },
    }
}
