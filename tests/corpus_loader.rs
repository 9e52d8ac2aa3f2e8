//! Loader edge cases, each built in a fresh temporary folder.

use soi::corpus::{discover, discover_into, load_file, Files, LoadOptions, Loaded, Skipped};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use unicode_normalization::UnicodeNormalization;

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent folder");
    }
    fs::write(path, bytes).expect("write fixture");
}

fn load(path: &Path) -> Loaded {
    load_with(path, &LoadOptions::default())
}

fn load_with(path: &Path, options: &LoadOptions) -> Loaded {
    match load_file(path, options) {
        Ok(loaded) => loaded,
        Err(skipped) => panic!("{} should load, got: {skipped}", path.display()),
    }
}

fn refused(path: &Path) -> Skipped {
    match load_file(path, &LoadOptions::default()) {
        Ok(loaded) => panic!(
            "{} should be skipped, got text {:?}",
            path.display(),
            loaded.document.text
        ),
        Err(skipped) => skipped,
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
}

/// Runs `f` on another thread and fails the test if it does not finish in time (a FIFO opened
/// for reading would block forever).
fn within_seconds<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .expect("did not finish in time (blocked, or far too slow)")
}

fn reason_for<'a>(skipped: &'a [Skipped], path: &Path) -> &'a str {
    let hits: Vec<&Skipped> = skipped.iter().filter(|s| s.path == path).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected exactly one skip for {}, got {skipped:?}",
        path.display()
    );
    &hits[0].reason
}

#[test]
fn folders_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for name in ["b.txt", "a/z.md", "a/deep/er/y.txt", "c.MD", "0.txt"] {
        write(&root.join(name), "x\n");
    }
    let (files, skipped) = discover(&[root.to_path_buf()]);
    let expected: Vec<PathBuf> = ["0.txt", "a/deep/er/y.txt", "a/z.md", "b.txt", "c.MD"]
        .iter()
        .map(|n| root.join(n))
        .collect();
    assert_eq!(files, expected);
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn the_walks_metadata_is_each_files_own_through_links() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("data/long.txt"), "a longer text\n");
    write(&root.join("short.md"), "x\n");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    write(
        &elsewhere.path().join("outside.txt"),
        "the longest text of all\n",
    );
    symlink(elsewhere.path().join("outside.txt"), root.join("link.txt")).expect("symlink");
    symlink(root.join("data"), root.join("linked")).expect("symlink");
    let explicit = root.join("short.md");
    /// Each file with the metadata the walk gave it.
    struct Listed(Vec<(PathBuf, fs::Metadata)>);
    impl Files for Listed {
        fn push(&mut self, path: &Path, meta: &fs::Metadata) {
            self.0.push((path.to_path_buf(), meta.clone()));
        }
    }
    let mut listed = Listed(Vec::new());
    let skipped = discover_into(&[root.to_path_buf(), explicit], &mut listed);
    let files = listed.0;
    assert!(skipped.is_empty(), "{skipped:?}");
    let paths: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(paths, discover(&[root.to_path_buf()]).0);
    assert_eq!(files.len(), 3, "{paths:?}");
    for (path, meta) in &files {
        let own = fs::metadata(path).expect("stat");
        assert!(meta.is_file(), "{}", path.display());
        assert_eq!(
            (meta.len(), meta.modified().ok(), meta.ino()),
            (own.len(), own.modified().ok(), own.ino()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn hidden_entries_are_ignored_and_other_files_reported_in_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("keep.txt"), "x\n");
    write(&root.join("feed.xml"), "x\n");
    write(&root.join(".hidden.txt"), "x\n");
    write(&root.join(".git/inside.txt"), "x\n");
    write(&root.join("photo.png"), "x\n");
    write(&root.join("notes.text"), "x\n");
    write(&root.join("noext"), "x\n");
    let (files, skipped) = discover(&[root.to_path_buf()]);
    // Feed files are candidates: whether they hold a feed is judged on reading.
    assert_eq!(files, vec![root.join("feed.xml"), root.join("keep.txt")]);
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(
        reason_for(&skipped, &root.join("photo.png")),
        "not an article file (.png)"
    );
    assert_eq!(
        reason_for(&skipped, &root.join("notes.text")),
        "not an article file (.text)"
    );
    assert_eq!(
        reason_for(&skipped, &root.join("noext")),
        "not an article file (no extension)"
    );
}

#[test]
fn an_explicit_file_is_read_whatever_its_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = dir.path().join(".notes.text");
    write(&odd, "Hà Nội\n");
    let (files, skipped) = discover(std::slice::from_ref(&odd));
    assert_eq!(files, vec![odd.clone()]);
    assert!(skipped.is_empty());
    assert_eq!(load(&odd).document.text, "Hà Nội\n");
}

#[test]
fn a_missing_explicit_path_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.txt");
    let (files, skipped) = discover(std::slice::from_ref(&missing));
    assert!(files.is_empty());
    assert_eq!(reason_for(&skipped, &missing), "not found");
}

#[test]
fn fifos_are_reported_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let fifo = root.join("pipe.txt");
    mkfifo(&fifo);
    mkfifo(&root.join("pipe-without-extension"));
    write(&root.join("ok.txt"), "x\n");
    let walk_root = root.clone();
    let (files, skipped) = within_seconds(10, move || discover(&[walk_root]));
    assert_eq!(files, vec![root.join("ok.txt")]);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(reason_for(&skipped, &fifo), "FIFO (named pipe): not read");
    assert_eq!(
        reason_for(&skipped, &root.join("pipe-without-extension")),
        "FIFO (named pipe): not read"
    );
    // Named explicitly, or handed straight to the loader: still refused, without blocking.
    let explicit = fifo.clone();
    let (files, skipped) = within_seconds(10, move || discover(&[explicit]));
    assert!(files.is_empty());
    assert_eq!(reason_for(&skipped, &fifo), "FIFO (named pipe): not read");
    // Reached twice (named, and inside its folder): reported once.
    let both = [fifo.clone(), root.clone()];
    let (_, skipped) = within_seconds(10, move || discover(&both));
    let about_fifo = skipped.iter().filter(|s| s.path == fifo).count();
    assert_eq!(about_fifo, 1, "{skipped:?}");
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    let direct = fifo.clone();
    let skipped = within_seconds(10, move || refused(&direct));
    assert_eq!(skipped.reason, "FIFO (named pipe): not read");
}

#[test]
fn sockets_and_devices_are_reported_and_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("sock.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind socket");
    let (files, skipped) = discover(&[dir.path().to_path_buf()]);
    assert!(files.is_empty());
    assert_eq!(reason_for(&skipped, &socket), "not a regular file (socket)");
    // /dev/zero would never end if read (and /dev/null would read as an empty document).
    for device in ["/dev/zero", "/dev/null"] {
        let path = PathBuf::from(device);
        let (files, skipped) = discover(std::slice::from_ref(&path));
        assert!(files.is_empty(), "{device}");
        assert_eq!(
            reason_for(&skipped, &path),
            "not a regular file (character device)"
        );
        let skipped = within_seconds(10, move || refused(&path));
        assert_eq!(skipped.reason, "not a regular file (character device)");
    }
}

#[test]
fn a_link_to_an_enclosing_folder_is_a_loop_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("nested/deeper/inner.txt"), "x\n");
    symlink("..", root.join("nested/loop")).expect("symlink");
    symlink(".", root.join("nested/deeper/self")).expect("symlink");
    let (files, skipped) = discover(&[root.to_path_buf()]);
    assert_eq!(files, vec![root.join("nested/deeper/inner.txt")]);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(
        reason_for(&skipped, &root.join("nested/loop")),
        "symbolic link loop"
    );
    assert_eq!(
        reason_for(&skipped, &root.join("nested/deeper/self")),
        "symbolic link loop"
    );
}

#[test]
fn links_that_resolve_to_themselves_are_loops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    symlink("b.txt", root.join("a.txt")).expect("symlink");
    symlink("a.txt", root.join("b.txt")).expect("symlink");
    let (files, skipped) = discover(&[root.to_path_buf()]);
    assert!(files.is_empty());
    assert_eq!(
        reason_for(&skipped, &root.join("a.txt")),
        "symbolic link loop"
    );
    assert_eq!(
        reason_for(&skipped, &root.join("b.txt")),
        "symbolic link loop"
    );
}

#[test]
fn dangling_links_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    symlink("missing.txt", root.join("gone.txt")).expect("symlink");
    symlink("missing", root.join("gone-folder")).expect("symlink");
    let (files, skipped) = discover(&[root.to_path_buf()]);
    assert!(files.is_empty());
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    for name in ["gone.txt", "gone-folder"] {
        assert_eq!(
            reason_for(&skipped, &root.join(name)),
            "dangling symbolic link (target missing)"
        );
    }
}

#[test]
fn links_are_followed_and_each_target_read_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("shared/story.txt"), "x\n");
    write(&root.join("outside/real.txt"), "y\n");
    let corpus = root.join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    symlink("../shared", corpus.join("one")).expect("symlink");
    symlink("../shared", corpus.join("two")).expect("symlink");
    symlink("../outside/real.txt", corpus.join("linked.txt")).expect("symlink");
    let (files, skipped) = discover(std::slice::from_ref(&corpus));
    assert_eq!(
        files,
        vec![corpus.join("linked.txt"), corpus.join("one/story.txt")]
    );
    assert!(skipped.is_empty(), "{skipped:?}");
    // The same folder named twice is walked once.
    let (files, _) = discover(&[corpus.clone(), corpus.clone(), corpus.join("one")]);
    assert_eq!(files.len(), 2);
}

#[test]
fn a_folder_handed_to_the_loader_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(refused(dir.path()).reason, "not a regular file (folder)");
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.txt");
    write(&path, b"Vi\xe1\xbb\x87t \xff\xfe gi\xe1 x\n");
    let loaded = load(&path);
    assert_eq!(loaded.document.text, "Việt \u{fffd}\u{fffd} gi\u{fffd} x\n");
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].path, path);
    assert_eq!(
        loaded.warnings[0].message,
        "invalid UTF-8: 3 bytes replaced with U+FFFD"
    );
}

#[test]
fn byte_order_marks_are_honoured_and_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Tổng Bí thư\r\nHà Nội 📞\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend(text.as_bytes());
    for (name, bytes) in [("le.txt", le), ("be.txt", be), ("bom8.txt", utf8)] {
        let path = dir.path().join(name);
        write(&path, bytes);
        let loaded = load(&path);
        assert_eq!(loaded.document.text, "Tổng Bí thư\nHà Nội 📞\n", "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
    }
}

#[test]
fn decomposed_text_is_composed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nfd.txt");
    let nfc = "Tổng thống Việt Nam ở Đà Nẵng\n";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfd, nfc);
    write(&path, nfd);
    assert_eq!(load(&path).document.text, nfc);
}

#[test]
fn line_ends_are_folded_and_lines_keep_their_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ends.txt");
    write(
        &path,
        "one\r\ntwo\rthree\n\x1b]0;title\x07four\r\n\r\nsix\x1b[31m\u{2028}x",
    );
    let text = load(&path).document.text;
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines, ["one", "two", "three", "four", "", "six x"]);
}

#[test]
fn a_huge_single_line_loads_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.txt");
    let line = "Việt Nam - Belarus ".repeat(60_000);
    assert!(line.len() > 1_200_000);
    write(&path, format!("{line}\n"));
    let loaded = load(&path);
    assert!(!loaded.document.truncated);
    assert_eq!(loaded.document.text.len(), line.len() + 1);
    assert_eq!(loaded.document.text.matches('\n').count(), 1);
}

#[test]
fn truncation_cuts_at_a_character_boundary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    // "aaaa" then "ệ" (3 bytes): a limit of 5 or 6 lands inside it.
    write(&path, "aaaaệbbbb\n");
    for max_bytes in [5, 6] {
        let loaded = load_with(
            &path,
            &LoadOptions {
                max_bytes,
                ..LoadOptions::default()
            },
        );
        assert!(loaded.document.truncated);
        assert_eq!(loaded.document.text, "aaaa", "limit {max_bytes}");
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(
            loaded.warnings[0].message,
            format!("truncated at {max_bytes} bytes (limit --max-bytes); the rest was not read")
        );
    }
    let at_char_end = load_with(
        &path,
        &LoadOptions {
            max_bytes: 7,
            ..LoadOptions::default()
        },
    );
    assert_eq!(at_char_end.document.text, "aaaaệ");
    // Exactly the file size is not a truncation.
    let whole = load_with(
        &path,
        &LoadOptions {
            max_bytes: 14,
            ..LoadOptions::default()
        },
    );
    assert!(!whole.document.truncated);
    assert!(whole.warnings.is_empty());
    assert_eq!(whole.document.text, "aaaaệbbbb\n");
}

#[test]
fn an_empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.txt");
    write(&path, "");
    let loaded = load(&path);
    assert_eq!(loaded.document.id, "empty");
    assert_eq!(loaded.document.text, "");
    assert!(!loaded.document.truncated);
    assert!(loaded.warnings.is_empty());
}

#[test]
fn binary_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let all_bytes: Vec<u8> = (0..=255u8).cycle().take(256 * 64).collect();
    let binary = dir.path().join("binary.txt");
    write(&binary, all_bytes);
    assert!(refused(&binary).reason.starts_with("binary file ("));
    let nul = dir.path().join("nul.txt");
    write(&nul, "\0\0\0Lâm\n");
    assert_eq!(refused(&nul).reason, "binary file (43% control bytes)");
    let controls = dir.path().join("controls.txt");
    write(&controls, b"\x01\x02\x03\x04ab\n");
    assert_eq!(refused(&controls).reason, "binary file (58% control bytes)");
}

#[test]
fn text_with_a_few_nul_bytes_is_read_without_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nul_bytes.txt");
    write(
        &path,
        "Tô\0Lâm\0\0 gặp Tổng thống tại Minsk ngày 12/5/2025.\n",
    );
    let loaded = load_file(&path, &LoadOptions::default()).expect("read as text");
    assert_eq!(
        loaded.document.text,
        "TôLâm gặp Tổng thống tại Minsk ngày 12/5/2025.\n"
    );
}

#[test]
fn every_entry_becomes_a_document_or_one_skip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("good.txt"), "Hà Nội\n");
    write(&root.join("empty.txt"), "");
    write(&root.join("bin.txt"), b"\0\0\0");
    mkfifo(&root.join("fifo.txt"));
    symlink("nowhere.txt", root.join("dangling.txt")).expect("symlink");
    let walk_root = root.to_path_buf();
    let corpus = within_seconds(30, move || {
        soi::pipeline::build(&[walk_root], &LoadOptions::default())
    });
    let ids: Vec<&str> = corpus
        .documents
        .iter()
        .map(|p| p.document.id.as_str())
        .collect();
    assert_eq!(ids, ["empty", "good"]);
    let mut skipped: Vec<(String, String)> = corpus
        .skipped
        .iter()
        .map(|s| {
            let name = s.path.file_name().map(|n| n.to_string_lossy().into_owned());
            (name.unwrap_or_default(), s.reason.clone())
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            (
                "bin.txt".to_string(),
                "binary file (100% control bytes)".to_string()
            ),
            (
                "dangling.txt".to_string(),
                "dangling symbolic link (target missing)".to_string()
            ),
            (
                "fifo.txt".to_string(),
                "FIFO (named pipe): not read".to_string()
            ),
        ]
    );
}

#[test]
fn names_with_escapes_print_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir
        .path()
        .join("evil\x1b]0;PWNED\x07\u{202e}name\x1b[31m.txt");
    write(&path, "x\n");
    let loaded = load(&path);
    assert_eq!(loaded.document.id, "evilname");
    let skipped = Skipped {
        path: path.clone(),
        reason: "bad\x1b[2J reason\n".to_string(),
    };
    let shown = skipped.to_string();
    assert!(shown.ends_with("evilname.txt: bad reason "), "{shown:?}");
    assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    // A name that is not UTF-8 at all.
    use std::os::unix::ffi::OsStrExt;
    let raw = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"bad\xff\x1b[2J\x9b1m.txt"));
    write(&raw, "x\n");
    assert_eq!(load(&raw).document.id, "bad\u{fffd}\u{fffd}1m");
    let shown = Skipped {
        path: raw,
        reason: "r".to_string(),
    }
    .to_string();
    assert!(
        shown.ends_with("/bad\u{fffd}\u{fffd}1m.txt: r"),
        "{shown:?}"
    );
}

/// Canonicalising every folder made deep trees cubic (1,000 nested folders took about 20 s for
/// one file; 3,000 two minutes); the walk is linear, so the bound is generous even for a debug
/// build on a busy machine. 3,000 levels make a path longer than the system allows one path to be
/// (4,096 bytes on Linux): the folder where it crosses the limit is reported once and nothing
/// below it is walked, while the article 1,000 levels down is found.
#[test]
fn a_deep_folder_tree_is_walked_in_linear_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    // GNU mkdir -p descends one folder at a time, so it can build past the path length limit.
    let chain = "d/".repeat(3000);
    let status = std::process::Command::new("mkdir")
        .args(["-p", &chain])
        .current_dir(&root)
        .status()
        .expect("run mkdir");
    assert!(status.success(), "building 3,000 nested folders failed");
    let article = root.join("d/".repeat(1000)).join("deep.txt");
    write(&article, "Hà Nội\n");
    let (files, skipped) = within_seconds(8, move || discover(&[root]));
    assert_eq!(files, vec![article]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].reason.contains("too long"),
        "{}",
        skipped[0].reason
    );
}

/// The file type is checked before opening, but the path can change in between: here a link is
/// flipped between a regular file and a FIFO as fast as it goes while the loader reads it over and
/// over. A blocking open would wait for a writer forever once it lands on the FIFO.
#[test]
fn a_fifo_swapped_in_at_the_moment_of_opening_never_blocks() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    write(&root.join("real.txt"), "Hà Nội\n");
    mkfifo(&root.join("pipe"));
    let target = root.join("article.txt");
    symlink("real.txt", &target).expect("symlink");
    let stop = Arc::new(AtomicBool::new(false));
    let flipper = {
        let (root, target, stop) = (root.clone(), target.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let next = root.join("next");
            for to in ["pipe", "real.txt"].iter().cycle() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                // Atomic replacement: the path always exists, as one kind or the other.
                let _ = fs::remove_file(&next);
                symlink(to, &next).expect("symlink");
                fs::rename(&next, &target).expect("rename");
            }
        })
    };
    let path = target.clone();
    let outcomes = within_seconds(30, move || {
        let (mut read, mut refused) = (0, 0);
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            match load_file(&path, &LoadOptions::default()) {
                Ok(loaded) => {
                    assert_eq!(loaded.document.text, "Hà Nội\n");
                    read += 1;
                }
                Err(skipped) => {
                    assert_eq!(skipped.reason, "FIFO (named pipe): not read");
                    refused += 1;
                }
            }
        }
        (read, refused)
    });
    stop.store(true, Ordering::Relaxed);
    flipper.join().expect("flipper thread");
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}

/// A name made only of invisible characters still gives an id to show and to link by.
#[test]
fn an_invisible_file_name_still_gets_an_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, id) in [
        ("\u{200b}.txt", "U+200B"),
        ("\u{200d}\u{2060}.txt", "U+200D-U+2060"),
        (" .txt", "U+0020"),
        // Nothing but an escape sequence: spelled out, never shown raw.
        ("\u{1b}[2J.txt", "U+001B-U+005B-U+0032-U+004A"),
    ] {
        let path = dir.path().join(name);
        write(&path, "Hà Nội\n");
        assert_eq!(load(&path).document.id, id, "{name:?}");
    }
}
