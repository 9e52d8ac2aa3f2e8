//! The reader: three panes (documents, article, entities), a status bar and popups.
//! One loop: event → action → state update → draw.

use crate::corpus::LoadOptions;
use std::path::PathBuf;

/// Opens the reader on `paths` and runs until the user quits. Restores the terminal on every
/// exit path, panics included.
pub fn run(paths: Vec<PathBuf>, options: LoadOptions, mouse: bool) -> anyhow::Result<()> {
    let _ = (paths, options, mouse);
    todo!("tui::run")
}
