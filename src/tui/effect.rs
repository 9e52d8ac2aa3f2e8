//! What the state update asks the outside world to do, run by the loop: searches (on the
//! search worker), clipboard writes and opening a web page. Effects only ever come from a key
//! the user pressed; nothing in an article's text can cause one.

use super::search::SearchRequest;
use base64::Engine;
use std::process::{Command, Stdio};

#[derive(Debug)]
pub enum Effect {
    Search(SearchRequest),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Open a web address in the browser.
    Open(String),
}

/// Largest text sent to the clipboard: terminals cap OSC 52 payloads (xterm at 100,000 bytes
/// of base64).
pub const MAX_COPY_BYTES: usize = 64 * 1024;

/// The OSC 52 sequence that puts `text` on the clipboard ("c"), cut to [`MAX_COPY_BYTES`].
/// Base64 carries the text, so no byte of it can end the sequence early.
pub fn osc52(text: &str) -> String {
    let mut end = text.len().min(MAX_COPY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[..end]);
    format!("\x1b]52;c;{encoded}\x07")
}

/// A web address safe to hand to a browser: http or https, no spaces or control characters
/// (the address comes from the article, and must stay one argument meaning one page).
pub fn web_address(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\u{7f}');
    (scheme_ok && clean && url.len() > 8).then_some(url)
}

/// Opens `url` with `$BROWSER` (a `:`-separated list of commands, `%s` standing for the
/// address) or else the desktop's opener, detached from the terminal. Returns the program
/// used. No shell is involved: the address is one argument.
pub fn open_in_browser(url: &str) -> Result<String, String> {
    let url = web_address(url).ok_or_else(|| "not a web address".to_string())?;
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let commands: Vec<String> = match browser {
        Some(b) => b.split(':').map(str::to_string).collect(),
        None if cfg!(target_os = "macos") => vec!["open".into()],
        None => vec!["xdg-open".into()],
    };
    let mut last_error = String::from("no browser command");
    for command in commands {
        let mut words = command.split_whitespace();
        let Some(program) = words.next() else {
            continue;
        };
        let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
        if !command.contains("%s") {
            args.push(url.to_string());
        }
        match Command::new(program)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(mut child) => {
                // Reap it whenever it ends, without making the reader wait.
                std::thread::spawn(move || child.wait());
                return Ok(program.to_string());
            }
            Err(e) => last_error = format!("{program}: {e}"),
        }
    }
    Err(last_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_one_sequence_whatever_the_text() {
        let s = osc52("Hà Nội \x07\x1b]0;x\x07");
        assert!(s.starts_with("\x1b]52;c;") && s.ends_with('\x07'));
        assert_eq!(s.matches('\x07').count(), 1);
        assert_eq!(s.matches('\x1b').count(), 1);
        let b64 = &s[7..s.len() - 1];
        let back = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        assert_eq!(back, "Hà Nội \x07\x1b]0;x\x07".as_bytes());
        let long = "ệ".repeat(MAX_COPY_BYTES);
        assert!(osc52(&long).len() < MAX_COPY_BYTES * 2);
    }

    #[test]
    fn only_plain_web_addresses_are_opened() {
        assert!(web_address("https://vnexpress.net/a-1.html").is_some());
        assert!(web_address("HTTP://example.com/x").is_some());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://a.b/x y",
            "https://a.b/\x1b[2J",
            "--help",
            "https://",
        ] {
            assert!(web_address(bad).is_none(), "{bad:?}");
        }
    }
}
