//! Command-line interface: `soi [PATH|URL...]` opens the reader, `soi export [PATH|URL...]` prints
//! JSON.

use clap::{Parser, Subcommand};
use soi::corpus::web::{DEFAULT_FOLLOW, DEFAULT_TIMEOUT_SECS};
use soi::corpus::Input;
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
    /// Files, folders or web addresses (http://, https://) to read (default: seeds/).
    pub paths: Vec<PathBuf>,
    /// Read at most this many bytes of each file (1 GiB at most); the rest is dropped and the
    /// document marked truncated. A web response larger than this is skipped.
    #[arg(
        long,
        global = true,
        default_value_t = soi::corpus::DEFAULT_MAX_BYTES,
        value_parser = clap::value_parser!(u64).range(..=soi::corpus::LARGEST_MAX_BYTES)
    )]
    pub max_bytes: u64,
    /// For a feed's address: fetch the pages of its first N items (0: the feed's own text only).
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_FOLLOW)]
    pub follow: usize,
    /// Fetch web addresses again instead of reading them from the cache.
    #[arg(long, global = true)]
    pub refresh: bool,
    /// Process every document again instead of reusing what the corpus cache holds (and leave
    /// the cache as it is).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Give up on a web request after this many seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
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
        /// Files, folders or web addresses (http://, https://) to read (default: seeds/).
        paths: Vec<PathBuf>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Measure a corpus: each stage's throughput on one core, the export on every core (and on
    /// the thread counts given), the reader's loading against the export.
    Bench {
        /// Files or folders to read (default: seeds/).
        paths: Vec<PathBuf>,
        /// Documents timed stage by stage on one core.
        #[arg(long, value_name = "N", default_value_t = 2000)]
        stage_docs: usize,
        /// Core counts to run the export on, each in a process of its own held to that many
        /// cores, the first as the reference (default: every core).
        #[arg(long, value_name = "N,N…", value_delimiter = ',')]
        threads: Vec<usize>,
        /// Also load the corpus as the reader does, without a terminal.
        #[arg(long)]
        reader: bool,
        /// Only reopen the corpus from its snapshot (written first when missing or stale), as
        /// the export and the reader do: nothing else measured.
        #[arg(long)]
        reopen: bool,
    },
}

/// What to read: the paths and addresses given, else `seeds/` when it exists.
pub fn resolve_paths(given: Vec<PathBuf>) -> anyhow::Result<Vec<Input>> {
    if !given.is_empty() {
        return Ok(given.into_iter().map(Input::from_arg).collect());
    }
    let seeds = PathBuf::from("seeds");
    if seeds.is_dir() {
        Ok(vec![Input::Path(seeds)])
    } else {
        anyhow::bail!(
            "no PATH given and no seeds/ folder here: pass the files or folders of articles to read, e.g. `soi ~/news`"
        )
    }
}

/// When none of the given paths exists, say so and fail (exit 2) rather than open an empty
/// screen whose only clue is in its log, or print an empty export a script would take for a
/// result. A missing path among others is a reported skip. Web addresses are left to the loader.
pub fn require_an_existing_path(inputs: &[Input]) -> anyhow::Result<()> {
    let missing: Vec<String> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Path(p)
                if std::fs::symlink_metadata(p)
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                Some(soi::corpus::printable(&p.display().to_string()))
            }
            _ => None,
        })
        .collect();
    if missing.is_empty() || missing.len() < inputs.len() {
        return Ok(());
    }
    anyhow::bail!("{}: no such file or folder", missing.join(", "))
}
