//! `soi bench`: where the time goes on a corpus. Throughput of each stage on one core, the
//! export in fresh processes on each core count asked for (the speed-up), the export in this
//! process on every core (its steps), and the reader's loading (the loader
//! thread and the reader's handling of what it sends, without a terminal) against the export,
//! all without the corpus cache; then, unless `--no-cache`, two builds with the cache (the first
//! fills it and writes the corpus snapshot, unless they were there already; the second reopens
//! the corpus from the snapshot, and the reader does too) and one with the per-document cache
//! alone (what reopening costs once a file changed).

use crate::assets::Assets;
use crate::corpus::{self, Input, LoadOptions};
use crate::extract::Extractor;
use crate::pipeline::{self, Assembly, Origin, Progress};
use crate::tui::app::{App, LoadEvent};
use crate::tui::library::Library;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Documents timed stage by stage on one core (the first ones of the corpus).
    pub stage_docs: usize,
    /// Core counts to run the export on, each in a process of its own (the first is the
    /// reference for speed-ups).
    pub threads: Vec<usize>,
    /// Also load the corpus as the reader does.
    pub reader: bool,
    /// Only the reopen from the snapshot (export and reader), written first when needed: what
    /// is timed again and again while working on it.
    pub reopen: bool,
}

/// Runs the measurements on the files and folders `paths` and writes a report to `out`.
pub fn run(
    paths: &[PathBuf],
    options: &LoadOptions,
    bench: &BenchOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::from).collect();
    if bench.reopen {
        return reopen(&inputs, options, out);
    }
    let (files, _) = corpus::discover(paths);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    writeln!(out, "corpus: {} files, {:.1} MB", files.len(), mb(bytes))?;
    let cache_dir = options.cache_dir.clone();
    let options = &LoadOptions {
        cache_dir: None,
        ..options.clone()
    };
    stages(&files[..bench.stage_docs.min(files.len())], options, out)?;
    // Each thread count in a process of its own: in one process the second count ran slower
    // than alone (the first one's memory and threads stay behind), which understated the
    // speed-up.
    let mut first: Option<Duration> = None;
    for &threads in &bench.threads {
        let Some(run) = export_process(paths, threads)? else {
            writeln!(
                out,
                "export on {threads} core(s): no process of its own here"
            )?;
            continue;
        };
        writeln!(
            out,
            "export on {threads} core(s), `soi export --no-cache` in a process of its own: {:.2} s, {} ({} per core); CPU {:.2} s ({} per CPU second); peak RSS {:.0} MB ({:.2}x the files)",
            run.wall.as_secs_f64(),
            rate(bytes, run.wall),
            rate(bytes / threads.max(1) as u64, run.wall),
            run.cpu.as_secs_f64(),
            rate(bytes, run.cpu),
            mb(run.peak_rss),
            run.peak_rss as f64 / (bytes as f64).max(1.0),
        )?;
        let reference = *first.get_or_insert(run.wall);
        if reference != run.wall {
            writeln!(
                out,
                "  speed-up over {} core(s): {:.2}x",
                bench.threads[0],
                reference.as_secs_f64() / run.wall.as_secs_f64()
            )?;
        }
    }
    // In this process, on every core: where the export's time goes, and the reader's baseline
    // (both then run in the same conditions).
    let (export_time, line) = export(&inputs, options, bytes, rayon::current_num_threads())?;
    writeln!(out, "{line}")?;
    if bench.reader {
        drop(reader(&inputs, options, export_time, "reader", out)?);
    }
    if let Some(dir) = cache_dir {
        let cached = LoadOptions {
            cache_dir: Some(dir),
            ..options.clone()
        };
        let ratio = |took: Duration| took.as_secs_f64() / export_time.as_secs_f64().max(1e-9);
        // The first open fills the per-document cache and writes the snapshot (unless they
        // were there already); the reopen takes the corpus whole from the snapshot.
        for run in ["first open", "reopen"] {
            let (took, line) = open(&inputs, &cached)?;
            writeln!(
                out,
                "with the cache, {run}: {:.2} s ({:.2}x the export without it); {line}",
                took.as_secs_f64(),
                ratio(took)
            )?;
        }
        // Cheap once the snapshot is there: the reader's side of the reopen.
        drop(reader(
            &inputs,
            &cached,
            export_time,
            "reader with the cache",
            out,
        )?);
        // What a change costs (the snapshot is then stale): every file read and cleaned, only
        // the changed ones extracted.
        let (took, line) = export(&inputs, &cached, bytes, 0)?;
        writeln!(
            out,
            "with the per-document cache only (snapshot not used): {:.2} s ({:.2}x the export without it); {line}",
            took.as_secs_f64(),
            ratio(took)
        )?;
    }
    writeln!(out, "peak RSS of this process: {:.0} MB", mb(peak_rss()))?;
    Ok(())
}

/// The reader's reopen alone, first in the process as when the reader starts: from the
/// snapshot when it is there, else built (and the snapshot written for the next run).
fn reopen(inputs: &[Input], options: &LoadOptions, out: &mut impl Write) -> io::Result<()> {
    if options.cache_dir.is_none() {
        return writeln!(out, "no cache folder: no snapshot to reopen");
    }
    let app = reader(
        inputs,
        options,
        Duration::ZERO,
        "reader with the cache",
        out,
    )?;
    // Let go of unfreed as the reader does when it quits (`tui::run`): the process ends here,
    // and freeing 100,000 documents first cost a tenth of its CPU time.
    std::mem::forget(app);
    writeln!(out, "peak RSS of this process: {:.0} MB", mb(peak_rss()))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn rate(bytes: u64, took: Duration) -> String {
    format!("{:.1} MB/s", mb(bytes) / took.as_secs_f64().max(1e-9))
}

/// Load, clean, extract and facts of each document in turn, on this thread.
fn stages(files: &[PathBuf], options: &LoadOptions, out: &mut impl Write) -> io::Result<()> {
    let extractor = Extractor::new(Assets::embedded());
    let mut times = [Duration::ZERO; 4];
    let mut bytes = 0u64;
    for f in files {
        let t = Instant::now();
        let Ok(loaded) = corpus::load_path(f, options) else {
            continue;
        };
        times[0] += t.elapsed();
        for l in loaded {
            bytes += l.document.text.len() as u64;
            let t = Instant::now();
            let article = crate::clean::clean(&l.document);
            times[1] += t.elapsed();
            let t = Instant::now();
            let mentions = extractor.extract(&article);
            times[2] += t.elapsed();
            let t = Instant::now();
            std::hint::black_box(crate::facts::extract(&article, &mentions));
            times[3] += t.elapsed();
        }
    }
    let total: Duration = times.iter().sum();
    writeln!(
        out,
        "stages on one core ({} documents, {:.1} MB): load {}, clean {}, extract {}, facts {}; all {}",
        files.len(),
        mb(bytes),
        rate(bytes, times[0]),
        rate(bytes, times[1]),
        rate(bytes, times[2]),
        rate(bytes, times[3]),
        rate(bytes, total),
    )
}

/// The export's work (the stream, linking, the fact index, the JSON into a sink), timed.
fn export(
    inputs: &[Input],
    options: &LoadOptions,
    bytes: u64,
    threads: usize,
) -> io::Result<(Duration, String)> {
    let started = Instant::now();
    let mut assembly = Assembly::default();
    let mut skipped = Vec::new();
    let mut cache = None;
    for step in pipeline::stream(inputs, options) {
        assembly.take(&step);
        match step {
            Progress::Skipped(s) => skipped.push(s),
            Progress::Cached(counts) => cache = Some(counts),
            _ => {}
        }
    }
    let streamed = started.elapsed();
    let t = Instant::now();
    let linked = assembly.linked();
    let linking = t.elapsed();
    let t = Instant::now();
    let facts = assembly.facts(&linked);
    let indexing = t.elapsed();
    let t = Instant::now();
    let corpus = pipeline::Corpus {
        documents: assembly.documents,
        entities: linked.entities,
        facts,
        skipped,
        warnings: Vec::new(),
    };
    crate::export::write_compact(&corpus, &mut io::sink())?;
    let json = t.elapsed();
    let took = started.elapsed();
    if let Some(c) = cache {
        // Cache runs: what it gave instead of the thread count and rates.
        return Ok((
            took,
            format!(
                "{} documents extracted, {} results from the cache",
                c.extracted, c.cached
            ),
        ));
    }
    let line = format!(
        "export in this process on {threads} thread(s), the reader's baseline: {:.2} s, {} ({} per thread); load+clean+extract+facts {:.2} s, link {:.2} s, fact index {:.2} s, JSON {:.2} s; {} entities",
        took.as_secs_f64(),
        rate(bytes, took),
        rate(bytes / threads.max(1) as u64, took),
        streamed.as_secs_f64(),
        linking.as_secs_f64(),
        indexing.as_secs_f64(),
        json.as_secs_f64(),
        corpus.entities.len(),
    );
    Ok((took, line))
}

/// [`pipeline::open`] (the snapshot when valid, else the stream) and the JSON into a sink, timed.
fn open(inputs: &[Input], options: &LoadOptions) -> io::Result<(Duration, String)> {
    let started = Instant::now();
    let built = pipeline::open(inputs, options);
    let opened = started.elapsed();
    crate::export::write_compact(&built.corpus, &mut io::sink())?;
    let took = started.elapsed();
    let how = match built.origin {
        Origin::Snapshot => format!(
            "taken whole from the corpus snapshot in {:.2} s (nothing read, cleaned, extracted or linked), JSON {:.2} s",
            opened.as_secs_f64(),
            (took - opened).as_secs_f64()
        ),
        Origin::Processed(Some(c)) => format!(
            "processed: {} documents extracted, {} results from the cache; snapshot written",
            c.extracted, c.cached
        ),
        Origin::Processed(None) => "processed".into(),
    };
    Ok((took, how))
}

/// The reader's loading without a terminal: the loader thread, and what the reader does with
/// each event, until everything is loaded and linked; the reader as loaded.
fn reader(
    inputs: &[Input],
    options: &LoadOptions,
    export: Duration,
    label: &str,
    out: &mut impl Write,
) -> io::Result<App> {
    let started = Instant::now();
    let cpu = cpu_time();
    let mut app = App::new(Library::default());
    let events = crate::tui::loader::spawn(inputs.to_vec(), options.clone());
    let mut longest = (Duration::ZERO, "");
    let mut publications = 0;
    let mut from_snapshot = false;
    // "All loaded" is `Finished`; the documents' list keys come after it, off the reader's way.
    let mut loaded = None;
    for event in events {
        if matches!(event, LoadEvent::Finished) {
            loaded = Some((started.elapsed(), cpu_time()));
        }
        publications += usize::from(matches!(event, LoadEvent::Linked(_)));
        from_snapshot |= matches!(event, LoadEvent::Whole(_));
        let kind = match &event {
            LoadEvent::Linked(_) => "entities published",
            LoadEvent::Whole(_) => "the whole corpus",
            LoadEvent::Progress(Progress::Document(_)) => "a document",
            LoadEvent::Progress(Progress::Revised(_)) => "a revision",
            LoadEvent::Finishing => "the final linking's start",
            LoadEvent::Finished => "the end",
            LoadEvent::ListKeys(_) => "the list keys",
            _ => "another event",
        };
        let t = Instant::now();
        app.on_load(event);
        longest = longest.max((t.elapsed(), kind));
    }
    let keys_ready = started.elapsed();
    let (took, cpu_then) = loaded.unwrap_or((keys_ready, cpu_time()));
    let cpu = cpu_then.saturating_sub(cpu);
    // No export measured (`--reopen`): no ratio.
    let versus = if export.is_zero() {
        String::new()
    } else {
        format!(
            " ({:.2}x the export)",
            took.as_secs_f64() / export.as_secs_f64()
        )
    };
    // With a cache the snapshot may have been missing or stale: say which way it went.
    let source = match (&options.cache_dir, from_snapshot) {
        (None, _) => "",
        (Some(_), true) => " (from the snapshot)",
        (Some(_), false) => " (processed: no valid snapshot)",
    };
    writeln!(
        out,
        "{label}{source}: all loaded in {:.2} s{versus} (CPU {:.2} s), list keys {:.2} s later, {} documents, {} entities, {} publications, longest event handled in {:.1} ms ({})",
        took.as_secs_f64(),
        cpu.as_secs_f64(),
        keys_ready.saturating_sub(took).as_secs_f64(),
        app.lib.docs.len(),
        app.lib.entities.len(),
        publications,
        longest.0.as_secs_f64() * 1e3,
        longest.1,
    )?;
    Ok(app)
}

/// What a process of its own took.
struct ProcessRun {
    wall: Duration,
    cpu: Duration,
    /// Bytes.
    peak_rss: u64,
}

/// `soi export --no-cache paths` in a new process of this binary, on `threads` cores: its rayon
/// pool that size and the process held to that many cores (its other threads too, so one core
/// means one core). `None` where processes cannot be measured so.
#[cfg(target_os = "linux")]
fn export_process(paths: &[PathBuf], threads: usize) -> io::Result<Option<ProcessRun>> {
    use std::os::unix::process::CommandExt;
    // SAFETY: a zeroed cpu_set_t is an empty set; sched_getaffinity fills the one it is given.
    let mut allowed: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    let cores: Vec<usize> = if unsafe { libc::sched_getaffinity(0, size, &mut allowed) } == 0 {
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| unsafe { libc::CPU_ISSET(c, &allowed) })
            .take(threads)
            .collect()
    } else {
        Vec::new()
    };
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command
        .args(["export", "--no-cache"])
        .args(paths)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if cores.len() == threads {
        // SAFETY: runs in the child between fork and exec, where only async-signal-safe calls
        // are allowed: it fills a set on the stack and makes one system call.
        unsafe {
            command.pre_exec(move || {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                for &c in &cores {
                    libc::CPU_SET(c, &mut set);
                }
                if libc::sched_setaffinity(0, size, &set) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let child = command.spawn()?;
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 fills it and the status for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    if unsafe { libc::wait4(pid, &mut status, 0, &mut usage) } != pid {
        return Err(io::Error::last_os_error());
    }
    let wall = started.elapsed();
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(io::Error::other(format!(
            "the export process failed (wait status {status})"
        )));
    }
    let (peak_rss, cpu) = rusage(&usage);
    Ok(Some(ProcessRun {
        wall,
        cpu,
        peak_rss,
    }))
}

#[cfg(not(target_os = "linux"))]
fn export_process(_paths: &[PathBuf], _threads: usize) -> io::Result<Option<ProcessRun>> {
    Ok(None)
}

/// Peak resident memory of this process so far, in bytes.
fn peak_rss() -> u64 {
    usage().0
}

/// CPU time (user and system, every thread) of this process so far: on a busy machine it
/// varies much less than the time on the clock.
fn cpu_time() -> Duration {
    usage().1
}

#[cfg(unix)]
fn usage() -> (u64, Duration) {
    // SAFETY: getrusage fills the struct it is given and reads nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return (0, Duration::ZERO);
    }
    rusage(&usage)
}

/// Peak resident memory (bytes) and CPU time (user and system) of a resource usage.
#[cfg(unix)]
fn rusage(usage: &libc::rusage) -> (u64, Duration) {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    // Linux reports kibibytes; in bytes, the figure is shown in the same (decimal) megabytes as
    // the text it is compared with.
    (
        usage.ru_maxrss as u64 * 1024,
        time(usage.ru_utime) + time(usage.ru_stime),
    )
}

#[cfg(not(unix))]
fn usage() -> (u64, Duration) {
    (0, Duration::ZERO)
}
