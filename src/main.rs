mod cli;

use anyhow::Context;
use cli::{Cli, Command};
use soi::corpus::{printable, LoadOptions};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One clean line, whatever RUST_BACKTRACE says: this is a user's error, not a crash.
            eprintln!("soi: {}", printable(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(args: Cli) -> anyhow::Result<()> {
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
            match write_json(&export, pretty) {
                // A reader that stopped early (`soi export | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                result => result.context("writing the export to stdout"),
            }
        }
        None => {
            let paths = cli::resolve_paths(args.paths)?;
            cli::require_an_existing_path(&paths)?;
            let reader = soi::tui::ReaderOptions {
                mouse: args.mouse,
                config: args.config,
            };
            soi::tui::run(paths, options, reader)
        }
    }
}

fn write_json(export: &soi::export::Export<'_>, pretty: bool) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if pretty {
        serde_json::to_writer_pretty(&mut stdout, export)?;
    } else {
        serde_json::to_writer(&mut stdout, export)?;
    }
    writeln!(stdout)?;
    stdout.flush()
}
