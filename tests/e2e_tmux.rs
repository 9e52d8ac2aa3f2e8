//! End to end in tmux: the reading journey on the seeds, and the panic hook restoring the
//! terminal once. Skipped only when tmux is missing outside CI.

mod e2e_common;
use e2e_common::{loaded, reader_file, target_counter, tmux_available, Tmux};

/// `(k, N)` of the target and the open file, from a screen.
fn where_am_i(screen: &str) -> Option<(usize, usize, String)> {
    let (k, n) = target_counter(screen)?;
    Some((k, n, reader_file(screen)?))
}

#[test]
fn reading_journey_on_the_seeds() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("journey", "", "seeds", 120, 40);
    t.wait_for("the documents to load", |s| loaded(s, 5));
    t.keys(&["Tab", "Tab", "/"]);
    t.type_text("golovchenko");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the filter to apply", |s| s.contains("/golovchenko"));
    assert!(screen.to_lowercase().contains("golovchenko"), "{screen}");

    // Target the entity: lands on its first mention, in another article than the first.
    t.keys(&["Enter"]);
    let screen = t.wait_for("a target in the status bar", |s| {
        where_am_i(s).is_some_and(|(k, _, _)| k == 1)
    });
    let (_, n, first_file) = where_am_i(&screen).expect("status with k/N");
    assert!(t.status().contains("Golovchenko"), "{}", t.status());
    assert!(
        !first_file.starts_with("000_"),
        "lands in another article: {first_file}"
    );
    assert!(n >= 2, "the seeds mention him more than once: {n}");

    // n goes on to the next article's mention.
    t.keys(&["n"]);
    let screen = t.wait_for("the second mention", |s| {
        where_am_i(s).is_some_and(|(k, _, _)| k == 2)
    });
    let (_, _, second_file) = where_am_i(&screen).expect("status");
    assert_ne!(
        second_file, first_file,
        "n continued into a different document"
    );

    // Ctrl-O comes back.
    t.keys(&["C-o"]);
    t.wait_for("the way back", |s| {
        where_am_i(s).is_some_and(|(k, _, f)| k == 1 && f == first_file)
    });

    // Help lists the keys, Ctrl-O among them; q closes it (and does not quit).
    t.keys(&["?"]);
    t.wait_for("help", |s| s.contains("Help") && s.contains("Ctrl-O"));
    t.keys(&["q"]);
    t.wait_for("help closed", |s| !s.contains("Help — keys"));

    // Tiny and back: still alive, same article.
    t.resize(30, 8);
    t.wait_for("the 30x8 layout", |s| {
        s.lines().count() <= 8 && s.contains(&first_file[..8])
    });
    t.resize(120, 40);
    let screen = t.wait_for("the full layout again", |s| {
        s.contains("Docs") && s.contains("Entities")
    });
    assert_eq!(reader_file(&screen).as_deref(), Some(first_file.as_str()));

    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
}

#[test]
fn panic_hook_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start_capturing("panic", "SOI_FORCE_PANIC=1", "seeds", 100, 30);
    let exit = t.wait_exit();
    assert_ne!(exit, "EXIT=0", "a forced panic is a failure exit");
    t.wait_for("the crash message", |s| s.contains("soi crashed"));
    let screen = t.joined();
    assert!(
        screen.contains("forced panic after the first draw"),
        "{screen}"
    );
    assert!(screen.contains("Please report this"), "{screen}");
    if let Err(wrong) = t.terminal_restored() {
        panic!("after the crash: {wrong}");
    }
    // The screen is left once: a second "leave the alternate screen" would move the cursor back
    // to where soi started, and the shell's next prompt would overwrite the crash message.
    let raw = t.raw_output();
    let leaves = raw.windows(8).filter(|w| w == b"\x1b[?1049l").count();
    assert_eq!(leaves, 1, "alternate screen left {leaves} times");
    let message_row = t
        .screen()
        .lines()
        .position(|l| l.contains("soi crashed"))
        .expect("crash message on screen");
    let cursor_row: usize = t.format("#{cursor_y}").parse().expect("cursor_y");
    assert!(
        cursor_row > message_row,
        "the cursor (row {cursor_row}) is back over the crash message (row {message_row})"
    );
}

/// A panic in a worker thread of the loading (the pool its parallel work runs on) is the
/// loader's to report: the reader says so and keeps running, the terminal untouched.
#[test]
fn a_panic_while_loading_is_reported_in_the_reader() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start_capturing("worker", "SOI_FORCE_PANIC=loader-worker", "seeds", 120, 30);
    t.wait_for("the failure in the status bar", |s| {
        s.contains("loading stopped") && s.contains("forced panic in a worker")
    });
    assert!(!t.joined().contains("soi crashed"), "{}", t.joined());
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
    if let Err(wrong) = t.terminal_restored() {
        panic!("after q: {wrong}");
    }
}

/// In a terminal that cannot show the reader (`TERM=dumb`), or with keys that would not come from
/// the terminal (stdin redirected): refused before the terminal is touched — not one escape byte
/// is written, the modes are as they were — with the way to get JSON instead.
#[test]
fn no_reader_without_a_usable_terminal() {
    if !tmux_available() {
        return;
    }
    for (name, env, args, why) in [
        ("dumb", "TERM=dumb", "seeds", "TERM=dumb cannot show it"),
        ("stdin", "", "seeds < /dev/null", "stdin is not one"),
    ] {
        let t = Tmux::start_capturing(name, env, args, 100, 30);
        assert_eq!(t.wait_exit(), "EXIT=2", "{name}");
        let message = format!("soi: the reader needs a terminal ({why}); `soi export` writes JSON");
        t.wait_for("the message", |s| s.contains(&message));
        if let Err(wrong) = t.terminal_restored() {
            panic!("{name}: {wrong}");
        }
        let raw = t.raw_output();
        assert!(
            !raw.contains(&0x1b),
            "{name}: {:?}",
            String::from_utf8_lossy(&raw)
        );
    }
}

/// Heavy (CI runs it in release with --ignored): 1,000 generated articles. The reader is up
/// while they load, and stays responsive: the target walks across articles as loading goes on.
#[test]
#[ignore]
fn a_thousand_articles_load_in_the_background() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    e2e_common::write_generated_articles(dir.path(), 1000);
    let deadline = std::time::Duration::from_secs(300);
    let t = Tmux::start_within(
        "scale",
        "",
        &e2e_common::quoted(dir.path()),
        160,
        40,
        deadline,
    );
    t.wait_for("a few documents", |s| s.contains("Bài số 9:"));
    t.keys(&["Tab", "/"]);
    t.type_text("tran thi lan");
    t.keys(&["Enter"]);
    t.wait_for("a search target", |s| s.contains("/tran thi lan 1/"));
    // Three matches per article about her (title and body): the fifth is in the second one.
    t.keys(&["n", "n", "n", "n"]);
    let screen = t.wait_for("the fifth match", |s| s.contains("/tran thi lan 5/"));
    assert!(screen.contains("0005.txt"), "{screen}");
    let patience = std::time::Duration::from_secs(120);
    t.wait_for_within("every document", patience, |s| loaded(s, 1000));
    // Matches in articles that arrived after the search are counted too. The search worker may
    // still be going over the last articles when loading ends (a busy machine): N wraps to the
    // last match known at the time, so the keys wait for the full count.
    t.wait_for_within("every match counted", patience, |s| {
        s.contains("/tran thi lan 5/750")
    });
    t.keys(&["N", "N", "N", "N", "N"]);
    let screen = t.wait_for("the last match", |s| s.contains("/tran thi lan 750/750"));
    assert!(screen.contains("0997.txt"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
}

/// Issue 10, bug 5: a path that does not exist is an error on the command line, not an empty
/// full-screen reader with the cause hidden in its log.
#[test]
fn a_missing_path_is_reported_before_the_reader_opens() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("missing", "", "nonexistent_path", 100, 30);
    assert_eq!(t.wait_exit(), "EXIT=2");
    let screen = t.joined();
    assert!(screen.contains("nonexistent_path"), "{screen}");
    assert!(
        screen.to_lowercase().contains("no such file or folder"),
        "{screen}"
    );
    assert_eq!(t.format("#{alternate_on}"), "0", "the reader never opened");
}
