//! The corpus snapshot (issue 12): reopening an unchanged corpus takes it whole from one file,
//! with the very export of a build without any cache; a touched, added or removed file, a
//! damaged snapshot or one file changed under the same size and time sends the build back
//! through the per-document cache; the reader fed from a snapshot shows the export's entities.
//! Every cache here lives in a temporary folder.

mod scale_support;

use scale_support::{cache_options, set_modified, soi_export, write_corpus};
use soi::corpus::LoadOptions;
use soi::export::Streamed;
use soi::pipeline::{self, Origin};
use soi::tui::app::{App, LoadEvent};
use soi::tui::library::Library;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const ARTICLES: usize = 40;

/// A corpus of generated articles, a file that is not an article, an empty one and one in a
/// sub-folder; every file last modified an hour ago (so that times alone vouch for them).
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("corpus");
    write_corpus(dir.path(), ARTICLES);
    std::fs::write(dir.path().join("photo.png"), [0x89, b'P', b'N', b'G']).expect("png");
    std::fs::write(dir.path().join("empty.txt"), "").expect("empty");
    std::fs::create_dir(dir.path().join("more")).expect("mkdir");
    std::fs::write(
        dir.path().join("more").join("note.txt"),
        "Thủ tướng Phạm Minh Chính thăm Đà Nẵng ngày 2/9/2025.\n",
    )
    .expect("note");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for file in files(dir.path()) {
        set_modified(&file, hour_ago);
    }
    dir
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn json(corpus: &pipeline::Corpus) -> String {
    serde_json::to_string(&Streamed::new(corpus)).expect("json")
}

/// The export and how the corpus was made.
fn open(dir: &Path, cache: Option<&Path>) -> (String, Origin) {
    let built = pipeline::open(&[dir.to_path_buf()], &cache_options(cache));
    (json(&built.corpus), built.origin)
}

fn extracted(origin: Origin) -> usize {
    match origin {
        Origin::Processed(Some(counts)) => counts.extracted,
        other => panic!("expected a build through the per-document cache, got {other:?}"),
    }
}

fn snapshots(cache: &Path) -> Vec<PathBuf> {
    let dir = cache.join("snapshots");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries.map(|e| e.expect("entry").path()).collect()
}

#[test]
fn the_export_from_the_snapshot_is_the_export_without_any_cache() {
    let dir = corpus();
    let xdg = tempfile::tempdir().expect("xdg");
    let plain = soi_export(
        dir.path(),
        &["--no-cache"],
        &[("XDG_CACHE_HOME", xdg.path().as_os_str())],
    );
    assert!(
        !xdg.path().join("soi").exists(),
        "--no-cache writes no cache"
    );
    let first = soi_export(
        dir.path(),
        &[],
        &[("XDG_CACHE_HOME", xdg.path().as_os_str())],
    );
    let cache = xdg.path().join("soi").join("corpus");
    assert_eq!(snapshots(&cache).len(), 1, "the first export writes it");
    let again = soi_export(
        dir.path(),
        &[],
        &[("XDG_CACHE_HOME", xdg.path().as_os_str())],
    );
    assert!(first == plain, "the first export with the cache differs");
    assert!(again == plain, "the export from the snapshot differs");
    // The skipped files and the nested one are in it too.
    let text = String::from_utf8(again).expect("utf-8");
    assert!(text.contains("photo.png") && text.contains("note.txt"));
    // The library's way, saying where the corpus came from.
    let (export, origin) = open(dir.path(), Some(&cache));
    assert_eq!(origin, Origin::Snapshot);
    assert_eq!(export + "\n", text);
}

#[test]
fn a_touched_added_or_removed_file_makes_the_snapshot_stale() {
    let dir = corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cache = cache.path();
    let (plain, origin) = open(dir.path(), None);
    assert_eq!(origin, Origin::Processed(None));
    let documents = pipeline::build(&[dir.path().to_path_buf()], &cache_options(None))
        .documents
        .len();
    assert!(
        documents > ARTICLES,
        "the nested note and the empty file count"
    );
    assert_eq!(extracted(open(dir.path(), Some(cache)).1), documents);
    assert_eq!(open(dir.path(), Some(cache)), (plain, Origin::Snapshot));

    // Ten files touched (same text, new time): exactly those ten are extracted again.
    let articles: Vec<PathBuf> = files(dir.path())
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('a'))
        })
        .collect();
    let later = SystemTime::now() - Duration::from_secs(600);
    for file in articles.iter().step_by(4).take(10) {
        set_modified(file, later);
    }
    let (export, origin) = open(dir.path(), Some(cache));
    assert_eq!(extracted(origin), 10);
    assert_eq!(export, open(dir.path(), None).0);
    assert_eq!(open(dir.path(), Some(cache)).1, Origin::Snapshot);

    // A file added: it alone is extracted; the snapshot then holds it.
    let added = dir.path().join("more").join("added.txt");
    std::fs::write(&added, "Bộ trưởng Lê Văn Thành đến Huế hôm 3/9/2025.\n").expect("add");
    let (export, origin) = open(dir.path(), Some(cache));
    assert_eq!(extracted(origin), 1);
    assert_eq!(export, open(dir.path(), None).0);
    assert!(export.contains("added.txt"));
    let (again, origin) = open(dir.path(), Some(cache));
    assert_eq!((origin, again), (Origin::Snapshot, export));

    // A file removed, and a non-article file removed: both go from the export.
    std::fs::remove_file(&added).expect("remove");
    let (export, origin) = open(dir.path(), Some(cache));
    assert!(matches!(origin, Origin::Processed(Some(_))), "{origin:?}");
    assert!(!export.contains("added.txt"));
    assert_eq!(export, open(dir.path(), None).0);
    std::fs::remove_file(dir.path().join("photo.png")).expect("remove");
    let (export, origin) = open(dir.path(), Some(cache));
    assert!(matches!(origin, Origin::Processed(Some(_))), "{origin:?}");
    assert!(!export.contains("photo.png"));
    assert_eq!(open(dir.path(), Some(cache)), (export, Origin::Snapshot));

    // Another size limit is another output: not this snapshot.
    let smaller = LoadOptions {
        max_bytes: 300,
        ..cache_options(Some(cache))
    };
    let built = pipeline::open(&[dir.path().to_path_buf()], &smaller);
    assert!(matches!(built.origin, Origin::Processed(_)));
    let cut = pipeline::open(
        &[dir.path().to_path_buf()],
        &LoadOptions {
            max_bytes: 300,
            ..cache_options(None)
        },
    );
    assert_eq!(json(&built.corpus), json(&cut.corpus));
}

#[test]
fn a_snapshot_whose_entities_and_mentions_disagree_is_rebuilt() {
    use soi::corpus::Input;
    use soi::snapshot::{self, Parts, Place};
    let dir = corpus();
    let (plain, _) = open(dir.path(), None);
    let inputs = [Input::from(dir.path().to_path_buf())];
    // A well-formed snapshot (every frame's CRC holds) from a faulty build: a mention's entity
    // past the entities. (The entities' mentions are not written: they are listed from these.)
    let faults: [fn(&mut pipeline::Built); 1] = [|built| {
        let past = built.corpus.entities.len() as u32;
        let doc = (0..built.mention_entity.len())
            .find(|&d| !built.mention_entity.of(d).is_empty())
            .expect("a document with mentions");
        assert!(built.mention_entity.set(doc, 0, Some(past)));
    }];
    for (i, fault) in faults.into_iter().enumerate() {
        let cache = tempfile::tempdir().expect("cache");
        let cache = cache.path();
        let options = cache_options(Some(cache));
        let place = Place::of(&inputs, &options).expect("a snapshot place");
        let Err(stamp) = snapshot::read(&place, &options) else {
            panic!("fault {i}: no snapshot yet");
        };
        let mut built = pipeline::open(&inputs, &cache_options(None));
        fault(&mut built);
        let parts = Parts {
            documents: &built.corpus.documents,
            entities: &built.corpus.entities,
            mention_entity: &built.mention_entity,
            facts: &built.corpus.facts,
            skipped: &built.corpus.skipped,
            warnings: &built.corpus.warnings,
        };
        snapshot::write(&place, &stamp, &parts).expect("write");
        assert_eq!(snapshots(cache).len(), 1);
        let (export, origin) = open(dir.path(), Some(cache));
        assert_ne!(
            origin,
            Origin::Snapshot,
            "fault {i}: the snapshot is trusted"
        );
        assert!(export == plain, "fault {i}: the rebuilt export differs");
        assert_eq!(open(dir.path(), Some(cache)).1, Origin::Snapshot);
    }
}

#[test]
fn a_damaged_snapshot_is_rebuilt_not_trusted() {
    let dir = corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cache = cache.path();
    let (plain, _) = open(dir.path(), None);
    open(dir.path(), Some(cache));
    let snapshot = snapshots(cache).pop().expect("a snapshot");
    let good = std::fs::read(&snapshot).expect("snapshot");
    let damaged: Vec<Vec<u8>> = vec![
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        {
            let mut b = good.clone();
            b[good.len() / 3] ^= 0x55;
            b
        },
        {
            let mut b = good.clone();
            b[good.len() - 2] ^= 0x01;
            b
        },
        {
            let mut b = good.clone();
            b.extend_from_slice(b"more");
            b
        },
        // A character of a document's text changed, the texts still UTF-8: read straight into
        // the memory the documents keep, they are refused by their own checksum.
        {
            let mut b = good.clone();
            let line = b"2/9/2025.\n";
            let at = b
                .windows(line.len())
                .rposition(|w| w == line)
                .expect("the note's text in the snapshot");
            b[at] = b'3';
            b
        },
        // The previous format's magic: its frames are not read as this format's.
        {
            let mut b = good.clone();
            b[7] = 0x0d;
            b
        },
        Vec::new(),
        b"not a snapshot at all".to_vec(),
    ];
    for (i, bytes) in damaged.into_iter().enumerate() {
        std::fs::write(&snapshot, bytes).expect("damage");
        let (export, origin) = open(dir.path(), Some(cache));
        assert_eq!(
            extracted(origin),
            0,
            "damage {i}: the per-document cache still serves"
        );
        assert!(export == plain, "damage {i}: the export differs");
        let rewritten = std::fs::read(&snapshot).expect("rewritten").len();
        assert_eq!(
            rewritten,
            good.len(),
            "damage {i}: the snapshot is written again"
        );
        assert_eq!(open(dir.path(), Some(cache)).1, Origin::Snapshot);
    }
}

#[test]
fn a_file_changed_under_the_same_size_and_time_is_read_again() {
    // Freshly written files: their times are too recent to vouch for their content.
    let dir = tempfile::tempdir().expect("corpus");
    write_corpus(dir.path(), ARTICLES);
    let cache = tempfile::tempdir().expect("cache");
    let cache = cache.path();
    open(dir.path(), Some(cache));
    assert_eq!(open(dir.path(), Some(cache)).1, Origin::Snapshot);
    let file = &files(dir.path())[5];
    let when = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(file).expect("article");
    let at = text.find(|c: char| c.is_ascii_digit()).expect("a digit");
    let digit = if &text[at..=at] == "7" { "8" } else { "7" };
    let changed = format!("{}{digit}{}", &text[..at], &text[at + 1..]);
    std::fs::write(file, changed).expect("write");
    set_modified(file, when);
    let (export, origin) = open(dir.path(), Some(cache));
    assert_eq!(extracted(origin), 1);
    assert_eq!(export, open(dir.path(), None).0);
}

#[test]
fn the_reader_fed_from_the_snapshot_shows_the_exports_entities() {
    let dir = corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cache = cache.path();
    // The reader's first load writes the snapshot, as the export's does.
    let first: Vec<LoadEvent> =
        soi::tui::loader::spawn(vec![dir.path().into()], cache_options(Some(cache)))
            .iter()
            .collect();
    assert!(first.iter().any(|e| matches!(e, LoadEvent::Progress(_))));
    // Processed: the final linking is announced once, after the last document, and the final
    // entities and facts follow it.
    let finishing = first
        .iter()
        .position(|e| matches!(e, LoadEvent::Finishing))
        .expect("the final linking announced");
    assert_eq!(
        first
            .iter()
            .filter(|e| matches!(e, LoadEvent::Finishing))
            .count(),
        1
    );
    assert!(!first[finishing..]
        .iter()
        .any(|e| matches!(e, LoadEvent::Progress(_))));
    assert!(matches!(
        first.get(finishing + 1),
        Some(LoadEvent::Linked(_))
    ));
    // The documents' list keys come last, after everything is loaded.
    assert!(matches!(
        first.as_slice(),
        [.., LoadEvent::Finished, LoadEvent::ListKeys(_)]
    ));
    let (export, origin) = open(dir.path(), Some(cache));
    assert_eq!(origin, Origin::Snapshot);
    assert_eq!(export, open(dir.path(), None).0);
    let built = pipeline::build(&[dir.path().to_path_buf()], &cache_options(None));

    let mut app = App::new(Library::default());
    let mut whole = 0;
    let mut keys_after_all_loaded = 0;
    for event in soi::tui::loader::spawn(vec![dir.path().into()], cache_options(Some(cache))) {
        match &event {
            LoadEvent::Whole(_) => whole += 1,
            LoadEvent::Progress(_)
            | LoadEvent::Linked(_)
            | LoadEvent::Finishing
            | LoadEvent::DropLinks => {
                panic!("a valid snapshot arrives whole, not piece by piece")
            }
            LoadEvent::Failed(why) => panic!("loading failed: {why}"),
            LoadEvent::Finished => {}
            LoadEvent::ListKeys(_) => keys_after_all_loaded += usize::from(app.lib.complete),
        }
        app.on_load(event);
    }
    assert_eq!(whole, 1);
    assert_eq!(keys_after_all_loaded, 1);
    assert!(app.lib.complete);
    assert_eq!(app.lib.docs.len(), built.documents.len());
    assert!(!built.entities.is_empty());
    // The reader keeps no lists of mentions: it finds and counts them as the export lists them.
    let unlisted: Vec<soi::link::Entity> = built
        .entities
        .iter()
        .map(|e| soi::link::Entity {
            mentions: Vec::new(),
            ..e.clone()
        })
        .collect();
    assert_eq!(app.lib.entities, unlisted);
    assert_eq!(app.lib.skipped, built.skipped);
    assert_eq!(app.open, Some(0));
    // Each mention's entity, as the reader looks it up, is the export's.
    for (e, entity) in built.entities.iter().enumerate() {
        for m in &entity.mentions {
            assert_eq!(app.lib.mention_entity(m.doc(), m.index()), Some(e));
        }
        assert_eq!(app.lib.entity_mentions(e), entity.mentions.len());
        let mut listed: Vec<_> = entity
            .mentions
            .iter()
            .filter_map(|at| at.place(&built.documents[at.doc()].mentions))
            .collect();
        listed.sort();
        assert_eq!(app.lib.entity_hits(e), listed);
    }
    assert!(!app.entity_list.items.is_empty());
}

#[test]
fn two_exports_at_once_leave_a_sound_snapshot() {
    let dir = corpus();
    let xdg = tempfile::tempdir().expect("xdg");
    let plain = soi_export(
        dir.path(),
        &["--no-cache"],
        &[("XDG_CACHE_HOME", xdg.path().as_os_str())],
    );
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_soi"))
            .arg("export")
            .arg(dir.path())
            .env("XDG_CACHE_HOME", xdg.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn soi export")
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success());
        assert!(out.stdout == plain, "a concurrent export differs");
    }
    let cache = xdg.path().join("soi").join("corpus");
    let (export, origin) = open(dir.path(), Some(&cache));
    assert_eq!(origin, Origin::Snapshot);
    assert_eq!(export.into_bytes(), plain[..plain.len() - 1]);
    // No temporary file is left behind.
    assert_eq!(snapshots(&cache).len(), 1);
}

#[test]
fn web_addresses_and_no_cache_folder_have_no_snapshot() {
    use soi::corpus::Input;
    use soi::snapshot::Place;
    let dir = tempfile::tempdir().expect("corpus");
    let cache = tempfile::tempdir().expect("cache");
    let path = Input::Path(dir.path().to_path_buf());
    let url = Input::Url("https://example.com/news".into());
    assert!(Place::of(
        std::slice::from_ref(&path),
        &cache_options(Some(cache.path()))
    )
    .is_some());
    assert!(Place::of(
        &[path.clone(), url.clone()],
        &cache_options(Some(cache.path()))
    )
    .is_none());
    assert!(Place::of(&[url], &cache_options(Some(cache.path()))).is_none());
    assert!(Place::of(&[path], &cache_options(None)).is_none());
}
