//! Command-line interface: `soi [PATH...]` opens the reader, `soi export [PATH...]` prints JSON.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "soi",
    version,
    about = "A terminal reader for news articles: text, Markdown, HTML, feeds and web addresses",
    long_about = "A terminal reader for news articles: the cleaned text, the people, places and \
                  organisations it mentions, and their mentions across all the articles.\n\n\
                  Reads plain text (.txt), Markdown (.md), HTML pages (.html, .htm), news \
                  feeds (RSS, Atom, JSON Feed) and web addresses (http://, https://)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to read (default: seeds/).
    pub paths: Vec<PathBuf>,
    /// Read at most this many bytes of each file; the rest is dropped and the document marked truncated.
    #[arg(long, global = true, default_value_t = soi::corpus::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Enable mouse support in the reader.
    #[arg(long)]
    pub mouse: bool,
    /// Read the reader's settings (theme, keys) from this file instead of the default one.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Parses the command line; the help ends with the key help and the paths of the config and
/// state files (known only at run time).
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let shown =
        |p: Option<PathBuf>| p.map_or("(none on this system)".into(), |p| p.display().to_string());
    let footer = format!(
        "In the reader, ? lists the keys.\n\
         Config file: {} (theme, key bindings; see README)\n\
         Reading state: {} (one file per set of paths: open article, positions, read marks, \
         target, jump list, bookmarks)",
        shown(soi::tui::config::default_path()),
        shown(soi::tui::state::default_dir()),
    );
    let matches = Cli::command()
        .after_long_help(footer.clone())
        .after_help(footer)
        .get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the cleaned documents and linked entities as JSON.
    Export {
        /// Files or folders to read (default: seeds/).
        paths: Vec<PathBuf>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

/// The paths to read: those given, else `seeds/` when it exists.
pub fn resolve_paths(given: Vec<PathBuf>) -> anyhow::Result<Vec<PathBuf>> {
    if !given.is_empty() {
        return Ok(given);
    }
    let seeds = PathBuf::from("seeds");
    if seeds.is_dir() {
        Ok(vec![seeds])
    } else {
        anyhow::bail!(
            "no PATH given and no seeds/ folder here: pass the files or folders of articles to read, e.g. `soi ~/news`"
        )
    }
}

/// The reader needs something to show: when none of the given paths exists, say so here rather
/// than open an empty screen whose only clue is in its log. Web addresses are left to the loader.
pub fn require_an_existing_path(paths: &[PathBuf]) -> anyhow::Result<()> {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| {
            let is_url = p.to_str().is_some_and(|s| s.contains("://"));
            !is_url
                && std::fs::symlink_metadata(p)
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        })
        .map(|p| soi::corpus::printable(&p.display().to_string()))
        .collect();
    if missing.is_empty() || missing.len() < paths.len() {
        return Ok(());
    }
    anyhow::bail!("{}: no such file or folder", missing.join(", "))
}
