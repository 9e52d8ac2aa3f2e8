//! End to end in tmux over a hostile corpus written at test time: escape sequences that would
//! set the window title (OSC 0/2), write the clipboard (OSC 52, 7- and 8-bit), clear or query
//! the screen (CSI, DCS, APC), bidi overrides, emoji/CJK and a huge line. After paging through
//! every document, the pane title and tmux's paste buffers must be unchanged (the server takes
//! clipboard writes from programs: `set-clipboard on`), and the raw bytes soi wrote to the
//! terminal must hold nothing but its own screen handling and clean text — checked on the bytes,
//! not on the rendered cells, which the rendering library filters anyway.

mod e2e_common;
use e2e_common::terminal_bytes::check_terminal_bytes;
use e2e_common::{loaded, quoted, reader_file, status_of, tmux_available, Tmux};

fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    let huge: String = "Hà Nội mở rộng không gian ".repeat(8_000);
    let long_word: String = "Nghiêng".repeat(4_000);
    vec![
        ("01_title.txt", b"Ti\xc3\xaau \xc4\x91\xe1\xbb\x81\n\x1b]0;PWNED\x07 OSC 0 title\n\x1b]2;PWNED\x1b\\ OSC 2 title\n".to_vec()),
        ("02_clipboard.txt", b"Clipboard\n\x1b]52;c;UFdORUQ=\x07 OSC 52\n\xc2\x9d52;c;UFdORUQ=\xc2\x9c eight-bit OSC 52\n\x9d52;c;UFdORUQ=\x9c raw C1 bytes\n".to_vec()),
        ("03_csi.txt", b"CSI\n\x1b[2J\x1b[H\x1b[31mRED\x1b[0m \x1b[6n \x1bc \xc2\x9b2J reset\n\x1bP+q544e\x1b\\ DCS \x1b_apc\x1b\\ APC\ttab\r\ncarriage\rreturn\n".to_vec()),
        ("04_bidi.txt", "Bidi\nabc \u{202e}cba\u{202c} \u{2066}x\u{2069} zero\u{200b}width \u{feff}bom \u{61c}\n".as_bytes().to_vec()),
        ("05_wide.txt", "Wide\n🌞🇻🇳👨‍👩‍👧 中文字符 日本語テキスト 한국어 e\u{301}\u{301}\u{301} \u{301}lone\n".as_bytes().to_vec()),
        ("06_huge.txt", format!("Huge\n{huge}\n{long_word}\n").into_bytes()),
    ]
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let files = hostile_files();
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    let t = Tmux::start_capturing("hostile", "", &quoted(dir.path()), 100, 30);
    let title_before = t.format("#{pane_title}");
    let buffers_before = t.tmux(&["list-buffers"]);
    t.wait_for("the documents to load", |s| loaded(s, files.len()));
    for (i, (name, _)) in files.iter().enumerate() {
        // From the documents pane: select row i, open it, page through, come back.
        t.keys(&["g", "g"]);
        for _ in 0..i {
            t.keys(&["j"]);
        }
        t.keys(&["Enter"]);
        t.wait_for(name, |s| reader_file(s).as_deref() == Some(*name));
        for _ in 0..4 {
            t.keys(&["PageDown", "j"]);
        }
        t.keys(&["G"]);
        t.wait_for("the end of the article", |s| {
            let status = status_of(s);
            status.contains(" end ") || status.contains(" all ")
        });
        t.keys(&["BTab"]);
    }
    let title_after = t.format("#{pane_title}");
    assert_eq!(title_after, title_before);
    assert!(!title_after.contains("PWNED"));
    assert_eq!(
        t.tmux(&["list-buffers"]),
        buffers_before,
        "no clipboard write reached tmux"
    );
    assert!(buffers_before.is_empty());
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
    let raw = t.raw_output();
    assert!(raw.len() > 10_000, "captured {} bytes", raw.len());
    if let Err(offence) = check_terminal_bytes(&raw) {
        panic!("soi wrote {offence}");
    }
    let raw = String::from_utf8_lossy(&raw);
    // What is left of an escape sequence when only its control characters are dropped (the raw
    // C1 bytes of 02_clipboard.txt are invalid UTF-8: they become U+FFFD and their payload text
    // stays, as text).
    for payload in ["PWNED", "]52;", "+q544e", "_apc"] {
        assert!(!raw.contains(payload), "{payload:?} reached the terminal");
    }
}

/// The clipboard check above can fail: in this harness a program that writes OSC 52 does fill
/// tmux's paste buffers.
#[test]
fn a_pane_writing_osc_52_fills_the_paste_buffers() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start_command(
        "osc52",
        "printf '\\033]52;c;UFdORUQ=\\007'; sleep 600",
        80,
        24,
    );
    let start = std::time::Instant::now();
    while t.tmux(&["list-buffers"]).is_empty() {
        assert!(
            start.elapsed() < e2e_common::PATIENCE,
            "the OSC 52 write never reached tmux's buffers"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(t.tmux(&["show-buffer"]), "PWNED");
}
