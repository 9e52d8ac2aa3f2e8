//! Command-line interface: `soi [PATH|URL...]` opens the reader, `soi export [PATH|URL...]` prints
//! JSON.

use clap::{Parser, Subcommand};
use soi::corpus::web::{DEFAULT_FOLLOW, DEFAULT_TIMEOUT_SECS};
use soi::corpus::Input;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "soi", version, about = "A terminal reader for news articles")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files, folders or web addresses (http://, https://) to read (default: seeds/).
    pub paths: Vec<PathBuf>,
    /// Read at most this many bytes of each file; the rest is dropped and the document marked
    /// truncated. A web response larger than this is skipped.
    #[arg(long, global = true, default_value_t = soi::corpus::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// For a feed's address: fetch the pages of its first N items (0: the feed's own text only).
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_FOLLOW)]
    pub follow: usize,
    /// Fetch web addresses again instead of reading them from the cache.
    #[arg(long, global = true)]
    pub refresh: bool,
    /// Give up on a web request after this many seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Enable mouse support in the reader.
    #[arg(long)]
    pub mouse: bool,
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
