//! End to end in tmux: signals and suspend. The pane's parent shell never repairs the terminal
//! (`sh -c`, or an interactive dash, which has no line editing), so what soi leaves behind is what
//! the checks see: the `stty` modes, the alternate screen, the cursor.

mod e2e_common;
use e2e_common::{tmux_available, Tmux};

/// soi on the seeds, up and drawn.
fn reader(name: &str) -> Tmux {
    let t = Tmux::start(name, "", "seeds", 100, 30);
    t.wait_for("the reader", |s| e2e_common::loaded(s, 5));
    assert_eq!(t.format("#{alternate_on}"), "1");
    t
}

/// `kill -<signal>`: the terminal is restored and soi dies of the signal (status 128+n).
fn killed_by(signal: &str, number: u8) {
    if !tmux_available() {
        return;
    }
    let t = reader(&format!("kill-{signal}"));
    assert!(t.stty().contains("-icanon"), "raw mode while running");
    t.signal(signal);
    assert_eq!(t.wait_exit(), format!("EXIT={}", 128 + u16::from(number)));
    if let Err(wrong) = t.terminal_restored() {
        panic!("after SIG{signal}: {wrong}");
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    killed_by("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    killed_by("HUP", 1);
}

#[test]
fn sigint_sent_with_kill_restores_the_terminal() {
    killed_by("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal() {
    killed_by("QUIT", 3);
}

/// How many times the shell has reported a stopped job.
fn stops(screen: &str) -> usize {
    screen.matches("Stopped").count()
}

/// Under a shell with job control: Ctrl-Z (a key: raw mode turns the terminal's own Ctrl-Z off)
/// and `kill -TSTP` both hand the terminal back as the shell had it; `fg` brings the whole
/// screen back, in raw mode again.
#[test]
fn ctrl_z_and_sigtstp_leave_the_screen_and_fg_redraws_it() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start_shell("suspend", 100, 30);
    t.command_line(&t.soi_command("", "seeds"));
    t.wait_for("the reader", |s| e2e_common::loaded(s, 5));
    let before = t.screen();
    for (round, how) in ["Ctrl-Z", "SIGTSTP"].iter().enumerate() {
        if *how == "Ctrl-Z" {
            t.keys(&["C-z"]);
        } else {
            t.signal("TSTP");
        }
        t.wait_for("the shell's report of the stopped job", |s| {
            stops(s) == round + 1
        });
        if let Err(wrong) = t.terminal_restored() {
            panic!("after {how}: {wrong}");
        }
        t.command_line("fg");
        // The alternate screen comes back blank: only a full repaint shows the panes.
        t.wait_for("the reader, repainted whole", |s| s == before);
        assert!(t.stty().contains("-icanon"), "raw mode again after {how}");
        assert_eq!(t.format("#{alternate_on}"), "1");
    }
    // Still answering keys.
    t.keys(&["q"]);
    t.wait_for("the prompt", |s| {
        stops(s) == 2 && s.trim_end().ends_with('$')
    });
    t.command_line(&format!(
        "echo EXIT=$? > {}",
        e2e_common::quoted(&t.exit_file)
    ));
    assert_eq!(t.wait_exit(), "EXIT=0");
    if let Err(wrong) = t.terminal_restored() {
        panic!("after q: {wrong}");
    }
}

/// With no shell that could continue it (its parent is `sh -c`: an orphaned process group, where
/// the kernel itself ignores a terminal's Ctrl-Z), soi does not stop for SIGTSTP: it would wait
/// for a SIGCONT nobody sends. It comes straight back and keeps answering keys.
#[test]
fn sigtstp_without_job_control_does_not_stop_soi() {
    if !tmux_available() {
        return;
    }
    let t = reader("tstp-orphan");
    t.signal("TSTP");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT=0");
    if let Err(wrong) = t.terminal_restored() {
        panic!("after q: {wrong}");
    }
}
