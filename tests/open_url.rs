//! Opening an article's web address: `$BROWSER` gets the address as one argument (no shell),
//! `%s` standing for it when present; anything but http(s) is refused. (Its own test binary:
//! it sets BROWSER for the process.)

use std::time::{Duration, Instant};

fn wait_for_file(path: &std::path::Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(path) {
            if s.ends_with('\n') {
                return s;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the browser never ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_browser_gets_the_address_as_one_argument() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("args");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > '{}'\necho >> '{}'\n",
            out.display(),
            out.display()
        ),
    )
    .expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let url = "https://example.vn/tin/a;b&c=$(reboot)'x'.html";
    // A missing command first: the next one in the list is used.
    std::env::set_var(
        "BROWSER",
        format!("/nonexistent/browser:{} --new-tab", script.display()),
    );
    let used = soi::tui::effect::open_in_browser(url).expect("opened");
    assert_eq!(used, script.display().to_string());
    assert_eq!(wait_for_file(&out), format!("[--new-tab][{url}]\n"));

    std::fs::remove_file(&out).expect("rm");
    std::env::set_var("BROWSER", format!("{} --url=%s", script.display()));
    soi::tui::effect::open_in_browser(url).expect("opened");
    assert_eq!(wait_for_file(&out), format!("[--url={url}]\n"));

    assert!(soi::tui::effect::open_in_browser("file:///etc/passwd").is_err());
}
