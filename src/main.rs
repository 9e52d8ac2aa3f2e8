mod cli;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command};
use soi::corpus::{printable, LoadOptions};
use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    let options = LoadOptions {
        max_bytes: args.max_bytes,
    };
    match args.command {
        Some(Command::Export { paths, pretty }) => {
            let paths = cli::resolve_paths(paths)?;
            let corpus = soi::pipeline::build(&paths, &options);
            let mut stderr = std::io::stderr().lock();
            for skipped in &corpus.skipped {
                writeln!(stderr, "{skipped}")?;
            }
            for warning in &corpus.warnings {
                writeln!(
                    stderr,
                    "warning: {}: {}",
                    printable(&warning.path.display().to_string()),
                    printable(&warning.message)
                )?;
            }
            let export = soi::export::Export::new(&corpus);
            let mut stdout = std::io::stdout().lock();
            if pretty {
                serde_json::to_writer_pretty(&mut stdout, &export)
            } else {
                serde_json::to_writer(&mut stdout, &export)
            }
            .context("writing the export to stdout")?;
            writeln!(stdout)?;
            Ok(())
        }
        None => {
            let paths = cli::resolve_paths(args.paths)?;
            soi::tui::run(paths, options, args.mouse)
        }
    }
}
