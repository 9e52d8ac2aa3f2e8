//! Driving the real `soi` binary inside a private tmux server: start, send keys, poll the
//! screen (never fixed long sleeps), read pane options, and clean up.
#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long to wait for the screen to reach an expected state.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Is tmux usable here? Without it the tests skip — except in CI, where `.ci/run` installs it
/// and its absence is a failure.
pub fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("CI").is_some() {
        panic!("tmux is missing but CI is set: the end-to-end tests must run in CI");
    }
    if !ok {
        eprintln!("tmux not found: skipping the end-to-end test");
    }
    ok
}

/// A tmux server of our own (its own socket), killed on drop.
pub struct Tmux {
    socket: String,
    pub exit_file: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Runs `soi <args>` in a detached `width`×`height` session, cwd = the crate root; when soi
    /// exits its status goes to `exit_file` and the shell lingers so the pane can be inspected.
    /// soi gets config and state folders of its own (in the test's temporary folder), so no
    /// test reads or writes the user's; `env` may name others (`XDG_STATE_HOME=…`).
    pub fn start(name: &str, env: &str, args: &str, width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().expect("tempdir");
        let exit_file = dir.path().join("exit");
        let socket = format!("soi-test-{}-{name}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_soi");
        let own = format!(
            "XDG_STATE_HOME={} XDG_CONFIG_HOME={}",
            quoted(&dir.path().join("state")),
            quoted(&dir.path().join("config"))
        );
        let command = format!(
            "{own} {env} '{bin}' {args}; echo EXIT=$? > '{}'; sleep 600",
            exit_file.display()
        );
        let t = Tmux {
            socket,
            exit_file,
            _dir: dir,
        };
        let out = Command::new("tmux")
            .args([
                "-L",
                &t.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
            ])
            .args([
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &command,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("TMUX")
            .output()
            .expect("tmux new-session");
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys as tmux key names (`Tab`, `Enter`, `C-o`, `Escape`, `BTab`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "main", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "main"])
    }

    /// The screen with wrapped lines joined (for messages printed after soi exits).
    pub fn joined(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "main"])
    }

    /// The last non-empty row (the status bar while soi runs).
    pub fn status(&self) -> String {
        self.screen()
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string()
    }

    pub fn format(&self, fmt: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "main", fmt])
            .trim()
            .to_string()
    }

    /// Polls until `check` accepts the screen; panics with the last screen after [`PATIENCE`].
    pub fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(what, PATIENCE, check)
    }

    /// [`Tmux::wait_for`] with a chosen patience (for slow work such as a large corpus).
    pub fn wait_for_within(
        &self,
        what: &str,
        patience: Duration,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if start.elapsed() > patience {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls until soi has exited; returns what the shell recorded (`EXIT=<status>`).
    pub fn wait_exit(&self) -> String {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&self.exit_file) {
                if !s.trim().is_empty() {
                    return s.trim().to_string();
                }
            }
            if start.elapsed() > PATIENCE {
                panic!("soi did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "main",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Shell-quotes a path for the tmux command line.
pub fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// Writes `n` short generated Vietnamese articles (`0000.txt`…) into `dir`: four people and
/// four places in turn, "Bài số {i}: {person} thăm {place}" as the headline.
pub fn write_generated_articles(dir: &Path, n: usize) {
    let names = [
        "Nguyễn Văn Minh",
        "Trần Thị Lan",
        "Lê Quang Hùng",
        "Phạm Đức Dũng",
    ];
    let places = ["Hà Nội", "Đà Nẵng", "Minsk", "Cần Thơ"];
    for i in 0..n {
        let person = names[i % names.len()];
        let place = places[(i / 3) % places.len()];
        let body = format!(
            "Bài số {i}: {person} thăm {place}\n\nSáng nay, {person} đã có chuyến làm việc tại {place}. \
             Trong chuyến thăm, {person} gặp lãnh đạo địa phương và trao đổi về hợp tác kinh tế.\n\n\
             Theo kế hoạch, đoàn sẽ rời {place} vào cuối tuần.\n"
        );
        std::fs::write(dir.join(format!("{i:04}.txt")), body).expect("write");
    }
}

/// The status bar (last non-empty row) of a screen.
pub fn status_of(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// The target's counter `(k, N)` from the status bar (`◆ Name 2/6`); `k` is 0 for `–/N`.
pub fn target_counter(screen: &str) -> Option<(usize, usize)> {
    let after = status_of(screen).split('◆').nth(1)?;
    after.split_whitespace().find_map(|w| {
        let (k, n) = w.split_once('/')?;
        let k = if k == "–" { 0 } else { k.parse().ok()? };
        Some((k, n.parse().ok()?))
    })
}

/// The file name in the reader pane's title (the first `….txt` of the top row, past the
/// documents pane).
pub fn reader_file(screen: &str) -> Option<String> {
    let top = screen.lines().next()?;
    top.split_whitespace()
        .find(|w| w.ends_with(".txt") || w.ends_with(".md"))
        .map(str::to_string)
}

/// Has loading finished with `n` documents listed? (No progress in the status bar, and the
/// documents pane says `k/n`.)
pub fn loaded(screen: &str, n: usize) -> bool {
    !status_of(screen).contains('⟳') && screen.contains(&format!("/{n} "))
}
