//! Driving the real `soi` binary inside a private tmux server: start, send keys, poll the
//! screen (never fixed long sleeps), read pane options, the terminal's modes and the raw bytes soi
//! writes, and clean up. Every session has a deadline: past it the test binary fails (aborts)
//! instead of hanging.
#![allow(dead_code)] // each test crate uses a different part of this module

#[path = "../terminal_bytes/mod.rs"]
pub mod terminal_bytes;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long to wait for the screen to reach an expected state.
pub const PATIENCE: Duration = Duration::from_secs(10);
/// How long one tmux session may live before the watchdog fails the test.
pub const DEADLINE: Duration = Duration::from_secs(90);

/// Fails the whole test binary if it is not dropped within its deadline: libtest has no timeout
/// of its own, and a test stuck on a hung child would otherwise hang CI.
pub struct Watchdog {
    done: Arc<AtomicBool>,
}

impl Watchdog {
    /// `on_expiry` runs before the abort (to kill what the test started).
    pub fn arm(what: &str, deadline: Duration, on_expiry: impl FnOnce() + Send + 'static) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&done);
        let what = what.to_string();
        std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < deadline {
                if seen.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if !seen.load(Ordering::SeqCst) {
                on_expiry();
                eprintln!("watchdog: {what} is still running after {deadline:?}: failing");
                std::process::abort();
            }
        });
        Watchdog { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

/// Runs `command` to its end and fails the test if it outlives `deadline` (the child is killed
/// first). What the command pipes (`Stdio::piped()`) is collected in the output.
pub fn run_within(command: &mut Command, deadline: Duration) -> std::process::Output {
    use std::io::Read;
    let mut child = command.spawn().expect("spawn");
    // Drain both pipes on threads so a full pipe cannot stall the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

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
    /// soi writes its process id here as it starts.
    pub pid_file: PathBuf,
    /// The raw bytes soi wrote to the terminal, when started with [`Tmux::start_capturing`].
    pub raw_file: PathBuf,
    dir: tempfile::TempDir,
    _watchdog: Watchdog,
}

/// How to start a session.
struct Launch<'a> {
    name: &'a str,
    /// The pane's command (run by `sh -c`).
    command: String,
    width: u16,
    height: u16,
    deadline: Duration,
}

impl Tmux {
    /// Runs `soi <args>` in a detached `width`×`height` session, cwd = the crate root; when soi
    /// exits its status goes to `exit_file` and the shell lingers so the pane can be inspected.
    /// The shell (`sh -c`, no job control, no line editing) never repairs the terminal: what soi
    /// leaves is what the tests see.
    pub fn start(name: &str, env: &str, args: &str, width: u16, height: u16) -> Tmux {
        Self::start_within(name, env, args, width, height, DEADLINE)
    }

    /// [`Tmux::start`] with a longer deadline (for slow work such as a large corpus).
    pub fn start_within(
        name: &str,
        env: &str,
        args: &str,
        width: u16,
        height: u16,
        deadline: Duration,
    ) -> Tmux {
        Self::launch(Launch {
            name,
            command: String::new(),
            width,
            height,
            deadline,
        })
        .then_run(env, args, "")
    }

    /// [`Tmux::start`], with everything soi writes to the terminal copied to `raw_file`
    /// (tmux `pipe-pane`, set up before soi starts).
    pub fn start_capturing(name: &str, env: &str, args: &str, width: u16, height: u16) -> Tmux {
        let channel = format!("go-{}-{name}", std::process::id());
        let t = Self::launch(Launch {
            name,
            command: String::new(),
            width,
            height,
            deadline: DEADLINE,
        });
        let t = t.then_run(env, args, &format!("tmux wait-for {channel};"));
        let pipe = format!("cat >> {}", quoted(&t.raw_file));
        t.tmux(&["pipe-pane", "-t", "main", "-o", &pipe]);
        t.tmux(&["wait-for", "-S", &channel]);
        t
    }

    /// Runs `command` (a shell command line, not soi) in a fresh session: for checks on the
    /// harness itself.
    pub fn start_command(name: &str, command: &str, width: u16, height: u16) -> Tmux {
        Self::launch(Launch {
            name,
            command: command.into(),
            width,
            height,
            deadline: DEADLINE,
        })
    }

    /// An interactive shell with job control (dash: no line editing, so it leaves the terminal's
    /// modes as it finds them), for typing commands such as `fg`.
    pub fn start_shell(name: &str, width: u16, height: u16) -> Tmux {
        let t = Self::launch(Launch {
            name,
            command: "env PS1='$ ' sh -i".into(),
            width,
            height,
            deadline: DEADLINE,
        });
        t.wait_for("the shell prompt", |s| s.contains('$'));
        t
    }

    /// The command line that runs soi with `env` and `args`, recording its process id. soi
    /// gets config, state and cache folders of its own (in the test's temporary folder), so no test
    /// reads or writes the user's; `env` may name others (`XDG_STATE_HOME=…`).
    pub fn soi_command(&self, env: &str, args: &str) -> String {
        let bin = env!("CARGO_BIN_EXE_soi");
        format!(
            "XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={} {env} sh -c 'echo $$ > \"$0\"; exec \"$@\"' {} '{bin}' {args}",
            quoted(&self.dir.path().join("state")),
            quoted(&self.dir.path().join("config")),
            quoted(&self.dir.path().join("cache")),
            quoted(&self.pid_file)
        )
    }

    fn then_run(self, env: &str, args: &str, before: &str) -> Tmux {
        // No core files from SIGQUIT tests in the crate root.
        let command = format!(
            "ulimit -c 0; {before} {}; echo EXIT=$? > {}; sleep 600",
            self.soi_command(env, args),
            quoted(&self.exit_file)
        );
        self.tmux(&["respawn-pane", "-k", "-t", "main", &command]);
        self
    }

    fn launch(launch: Launch<'_>) -> Tmux {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = format!("soi-test-{}-{}", std::process::id(), launch.name);
        let kill_socket = socket.clone();
        let watchdog = Watchdog::arm(
            &format!("tmux session {}", launch.name),
            launch.deadline,
            move || {
                let _ = Command::new("tmux")
                    .args(["-L", &kill_socket, "kill-server"])
                    .output();
            },
        );
        let t = Tmux {
            socket,
            exit_file: dir.path().join("exit"),
            pid_file: dir.path().join("pid"),
            raw_file: dir.path().join("raw"),
            dir,
            _watchdog: watchdog,
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
                &launch.width.to_string(),
                "-y",
                &launch.height.to_string(),
                // An idle pane first: the real command replaces it once the server is set up.
                "sleep 600",
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
        // Programs may write the clipboard (OSC 52) in this server: a test that says none did
        // must be able to fail (tmux's default, `external`, ignores them anyway).
        t.tmux(&["set", "-s", "set-clipboard", "on"]);
        if !launch.command.is_empty() {
            t.tmux(&["respawn-pane", "-k", "-t", "main", &launch.command]);
        }
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

    /// Types a command line into the pane and presses Enter.
    pub fn command_line(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    /// soi's process id, once it has started.
    pub fn pid(&self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(pid) = std::fs::read_to_string(&self.pid_file)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return pid;
            }
            if start.elapsed() > PATIENCE {
                panic!("soi did not start; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a signal (`TERM`, `TSTP`…) to soi with `kill`.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// The pane terminal's modes as `stty -a` prints them.
    pub fn stty(&self) -> String {
        let tty = self.format("#{pane_tty}");
        let out = Command::new("stty")
            .args(["-F", &tty, "-a"])
            .output()
            .expect("run stty");
        assert!(out.status.success(), "stty -F {tty}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Whether the pane's terminal is back as a shell wants it: line mode with echo, on the
    /// normal screen, cursor shown. `Err` says what is still wrong.
    pub fn terminal_restored(&self) -> Result<(), String> {
        let modes = self.stty();
        let words: Vec<&str> = modes.split_whitespace().collect();
        let mut wrong = Vec::new();
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            if !words.contains(&mode) {
                wrong.push(format!("stty lacks {mode}"));
            }
        }
        if self.format("#{alternate_on}") != "0" {
            wrong.push("still on the alternate screen".into());
        }
        if self.format("#{cursor_flag}") != "1" {
            wrong.push("cursor hidden".into());
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(format!("{}; stty -a:\n{modes}", wrong.join(", ")))
        }
    }

    /// Everything soi wrote to the terminal so far (see [`Tmux::start_capturing`]).
    pub fn raw_output(&self) -> Vec<u8> {
        std::fs::read(&self.raw_file).unwrap_or_default()
    }

    /// A file in the session's private folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
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
