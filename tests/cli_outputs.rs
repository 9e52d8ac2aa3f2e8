//! The `soi` binary at its edges: an export whose stderr or stdout cannot take what it writes, and
//! the reader started where there is no terminal to draw on.

mod e2e_common;
use e2e_common::run_within;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

/// A folder with one article, one file with invalid UTF-8 (a warning) and one FIFO (a skip): an
/// export of it has diagnostics to write.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = "Hà Nội đón đoàn khách\n\nChiều 12/5, ông Nguyễn Văn Minh đã đến Hà Nội.\n";
    std::fs::write(dir.path().join("a.txt"), article).expect("write");
    let mut bad = article.as_bytes().to_vec();
    bad.extend_from_slice(b"\xff\xfe tail\n");
    std::fs::write(dir.path().join("b.txt"), bad).expect("write");
    let fifo = dir.path().join("pipe.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    dir
}

/// The tests' cache folder (never the user's).
fn cache_home() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_outputs-cache")
}

/// soi with no input and its outputs captured.
fn soi() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_soi"));
    command
        .env("XDG_CACHE_HOME", cache_home())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn export_ids(stdout: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(stdout).expect("stdout is JSON");
    json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// `2>/dev/full`: the skip and warning lines cannot be written; they are dropped and the export
/// is whole (it used to panic in the warning write: exit 101, nothing on stdout).
#[test]
fn an_unwritable_stderr_costs_only_the_diagnostics() {
    let dir = corpus();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let out = run_within(soi().arg("export").arg(dir.path()).stderr(full), DEADLINE);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(export_ids(&out.stdout), ["a", "b"]);
    // The same export with a working stderr does have diagnostics to drop.
    let out = run_within(soi().arg("export").arg(dir.path()), DEADLINE);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped ") && stderr.contains("warning: "),
        "{stderr}"
    );
}

/// `>&-`: nothing can be written, so soi says so and exits 2 (it used to exit 0: the runtime
/// quietly puts /dev/null in place of a closed stdout).
#[test]
fn an_export_to_a_closed_stdout_fails() {
    let dir = corpus();
    let out = run_within(
        Command::new("sh")
            .args(["-c", "exec \"$0\" export \"$1\" >&-"])
            .arg(env!("CARGO_BIN_EXE_soi"))
            .arg(dir.path())
            .env("XDG_CACHE_HOME", cache_home())
            .stdin(Stdio::null())
            .stderr(Stdio::piped()),
        DEADLINE,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "soi: stdout is closed: nothing to write the export to\n"
    );
    // Sent to /dev/null on purpose, the export is fine.
    let out = run_within(
        soi()
            .arg("export")
            .arg(dir.path())
            .stdout(std::fs::File::create("/dev/null").expect("/dev/null")),
        DEADLINE,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

fn refused_reader(stdout_to: &Path) -> std::process::Output {
    let file = std::fs::File::create(stdout_to).expect("create output file");
    run_within(soi().arg("seeds").stdout(file), DEADLINE)
}

/// `soi > out.txt` (and no terminal at all here): refused before the terminal is touched, with
/// the way to get JSON instead; not a byte goes to the file.
#[test]
fn the_reader_refuses_a_stdout_that_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let to = dir.path().join("out.txt");
    let out = refused_reader(&to);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "soi: the reader needs a terminal (stdout is not one); `soi export` writes JSON\n"
    );
    assert_eq!(std::fs::read(&to).expect("read output"), b"");
}

/// `path` carries each file name exactly (escaped as JSON escapes), not through the screen's
/// filter: `a\e[1m.txt` and `a.txt` used to export as the same `a.txt`. A name that is not UTF-8
/// has its bytes in `path_bytes`.
#[test]
fn export_paths_are_exact() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let article = "Hà Nội\n\nChiều 12/5, ông Nguyễn Văn Minh đến Hà Nội.\n";
    let names: [&[u8]; 3] = [b"a.txt", b"a\x1b[1m.txt", b"b\xff\x1b[2J.txt"];
    for name in names {
        std::fs::write(dir.path().join(OsStr::from_bytes(name)), article).expect("write");
    }
    let fifo = dir.path().join("p\x1b]0;x\x07.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let out = run_within(soi().arg("export").arg(dir.path()), DEADLINE);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Each exported path, back to bytes: from `path_bytes` when present, else from `path`.
    let exported = |entry: &serde_json::Value| -> Vec<u8> {
        match entry.get("path_bytes") {
            Some(bytes) => bytes
                .as_array()
                .expect("path_bytes is an array")
                .iter()
                .map(|b| u8::try_from(b.as_u64().expect("a byte")).expect("a byte"))
                .collect(),
            None => entry["path"].as_str().expect("path").as_bytes().to_vec(),
        }
    };
    let root = dir.path().as_os_str().as_bytes();
    let mut documents: Vec<Vec<u8>> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| exported(d)[root.len() + 1..].to_vec())
        .collect();
    documents.sort();
    let mut expected = names.map(<[u8]>::to_vec);
    expected.sort();
    assert_eq!(documents, expected);
    for d in json["documents"].as_array().expect("documents") {
        let path = d["path"].as_str().expect("path");
        assert_eq!(
            d.get("path_bytes").is_some(),
            path.contains('\u{fffd}'),
            "{d}"
        );
    }
    let skipped = json["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(exported(&skipped[0]), fifo.as_os_str().as_bytes());
    // The raw JSON escapes the controls: nothing unescaped reaches a terminal that shows it.
    assert!(!out.stdout.iter().any(|b| *b < 0x20 && *b != b'\n'));
}

/// A path that does not exist is an error when it is all there is (exit 2, one line, no JSON a
/// script would take for an empty result), and a reported skip beside a path that does.
#[test]
fn an_export_of_only_missing_paths_fails() {
    let dir = corpus();
    let missing = dir.path().join("no-such-folder");
    let out = run_within(soi().arg("export").arg(&missing), DEADLINE);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("soi: ") && stderr.contains("no such file or folder"),
        "{stderr}"
    );
    let out = run_within(
        soi()
            .arg("export")
            .arg(&missing)
            .arg(dir.path().join("a.txt")),
        DEADLINE,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(export_ids(&out.stdout), ["a"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["skipped"][0]["reason"], "not found");
}

#[test]
fn a_cap_past_the_largest_is_refused_with_the_largest_named() {
    let dir = corpus();
    let too_large = soi::corpus::LARGEST_MAX_BYTES + 1;
    let out = run_within(
        soi()
            .args(["export", "--max-bytes", &too_large.to_string()])
            .arg(dir.path().join("a.txt")),
        DEADLINE,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--max-bytes")
            && stderr.contains(&soi::corpus::LARGEST_MAX_BYTES.to_string()),
        "{stderr}"
    );
    let out = run_within(
        soi()
            .args([
                "export",
                "--max-bytes",
                &soi::corpus::LARGEST_MAX_BYTES.to_string(),
            ])
            .arg(dir.path().join("a.txt")),
        DEADLINE,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(export_ids(&out.stdout), ["a"]);
}
