mod cli;

use anyhow::Context;
use cli::{Cli, Command};
use soi::corpus::web::WebOptions;
use soi::corpus::{printable, LoadOptions};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    tune_allocator();
    match run(cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One clean line, whatever RUST_BACKTRACE says: this is a user's error, not a crash.
            // Not eprintln!, which panics when stderr cannot be written (`2>/dev/full`).
            let line = printable(&format!("{error:#}"));
            let _ = writeln!(std::io::stderr(), "soi: {line}");
            ExitCode::from(2)
        }
    }
}

/// glibc's malloc as a long-lived corpus needs it, set before any thread starts. By default each
/// thread that meets a busy arena gets one of its own (up to 8 per core): documents made on the
/// loading threads and freed or kept from others then leave each arena's free space stranded, and
/// the threshold for mapping big blocks on their own rises after the first big free, so freed
/// vectors of the loading stages stay in the heap. Two arenas and a fixed threshold (glibc's
/// initial 128 KiB) cut the peak resident size of an export by a tenth at 10,000 articles, at no
/// measurable cost in time. Fixing the mmap threshold also fixes the trim threshold at 128 KiB, so
/// each free at the top of a heap gave its pages back and the next allocation faulted them in again
/// (600,000 page faults in an export of 100,000 articles); 8 MiB halves them, for under 1 MB more at
/// the peak (the reader still returns freed memory itself, `pipeline::release_freed`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets malloc parameters (it fails, returning 0, for a value it does not
    // take); it is called first in `main`, before soi starts any thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 8 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

/// Whether stdout was closed when soi started (`soi export >&-`). Only a constructor can tell:
/// before `main` runs, the Rust runtime opens /dev/null in place of a closed standard descriptor,
/// and writes to it succeed.
#[cfg(unix)]
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(unix)]
ctor::declarative::ctor! {
    #[ctor(unsafe)]
    fn note_closed_stdout() {
        // SAFETY: fcntl(F_GETFD) on a descriptor number reads its flags and touches no memory;
        // it fails (-1, EBADF) exactly when the descriptor is not open. Nothing here needs the
        // Rust runtime, which is not set up yet.
        if unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1 {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Refuses early, before the work, when the export could only be thrown away.
fn check_stdout_open() -> anyhow::Result<()> {
    #[cfg(unix)]
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::SeqCst) {
        anyhow::bail!("stdout is closed: nothing to write the export to");
    }
    Ok(())
}

fn run(args: Cli) -> anyhow::Result<()> {
    let options = LoadOptions {
        max_bytes: args.max_bytes,
        web: WebOptions {
            follow: args.follow,
            refresh: args.refresh,
            timeout: Duration::from_secs(args.timeout.max(1)),
            ..WebOptions::default()
        },
        cache_dir: if args.no_cache {
            None
        } else {
            soi::cache::default_dir()
        },
    };
    match args.command {
        Some(Command::Export { paths, pretty }) => {
            check_stdout_open()?;
            let paths = cli::resolve_paths(paths)?;
            cli::require_an_existing_path(&paths)?;
            let corpus = soi::pipeline::build(&paths, &options);
            // Diagnostics are best effort: a stderr that cannot take them (`2>/dev/full`) must
            // not cost the export itself.
            let mut stderr = std::io::stderr().lock();
            for skipped in &corpus.skipped {
                let _ = writeln!(stderr, "{skipped}");
            }
            for warning in &corpus.warnings {
                let _ = writeln!(
                    stderr,
                    "warning: {}: {}",
                    printable(&warning.path.display().to_string()),
                    printable(&warning.message)
                );
            }
            drop(stderr);
            let written = match write_json(&corpus, pretty) {
                // A reader that stopped early (`soi export | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                result => result.context("writing the export to stdout"),
            };
            // Freeing a whole corpus just before the process ends is time spent for nothing.
            std::mem::forget(corpus);
            written
        }
        Some(Command::Bench {
            paths,
            stage_docs,
            threads,
            reader,
            reopen,
        }) => {
            let inputs = cli::resolve_paths(paths)?;
            let paths: Vec<std::path::PathBuf> = inputs.iter().map(|i| i.to_path_buf()).collect();
            let threads = if threads.is_empty() {
                vec![std::thread::available_parallelism().map_or(1, |n| n.get())]
            } else {
                threads
            };
            let bench = soi::bench::BenchOptions {
                stage_docs,
                threads,
                reader,
                reopen,
            };
            soi::bench::run(&paths, &options, &bench, &mut std::io::stdout().lock())
                .context("running the benchmark")
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

/// Standard output without its line buffer: through it, every byte written (most of them in
/// large buffers, on the one thread that writes) was searched for a newline the JSON has none of.
#[cfg(unix)]
fn raw_stdout() -> std::io::Result<impl Write> {
    use std::os::fd::AsFd;
    Ok(std::fs::File::from(
        std::io::stdout().as_fd().try_clone_to_owned()?,
    ))
}

#[cfg(not(unix))]
fn raw_stdout() -> std::io::Result<impl Write> {
    Ok(std::io::stdout().lock())
}

fn write_json(corpus: &soi::pipeline::Corpus, pretty: bool) -> std::io::Result<()> {
    // Written as it is made: a buffer rather than the line buffer of stdout (one JSON line).
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, raw_stdout()?);
    if pretty {
        serde_json::to_writer_pretty(&mut stdout, &soi::export::Streamed::new(corpus))?;
    } else {
        soi::export::write_compact(corpus, &mut stdout)?;
    }
    writeln!(stdout)?;
    stdout.flush()
}
