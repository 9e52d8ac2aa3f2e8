//! What soi may write to a terminal, checked on the raw bytes (a capture of the pane's output, or
//! a backend writing to memory) rather than on rendered cells, which the rendering library
//! filters anyway.

/// Checks a raw capture of what soi wrote to the terminal: the only escape sequences are the
/// screen handling soi itself sends (CSI: cursor moves, colours and attributes, erasing, private
/// modes), and the text between them is UTF-8 free of controls, bidi controls and invisible
/// format characters. `Err` describes the first offence, with its neighbourhood.
pub fn check_terminal_bytes(raw: &[u8]) -> Result<(), String> {
    let context = |at: usize| {
        let from = at.saturating_sub(20);
        let to = (at + 20).min(raw.len());
        format!("{:?}", String::from_utf8_lossy(&raw[from..to]))
    };
    let mut text = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != 0x1b {
            text.push(raw[i]);
            i += 1;
            continue;
        }
        if raw.get(i + 1) != Some(&b'[') {
            return Err(format!(
                "an escape that is not CSI at byte {i}: {}",
                context(i)
            ));
        }
        let mut j = i + 2;
        while raw
            .get(j)
            .is_some_and(|b| b.is_ascii_digit() || *b == b';' || *b == b'?')
        {
            j += 1;
        }
        match raw.get(j) {
            // Cursor position, show/hide and modes, attributes, erase display/line.
            Some(b'H' | b'h' | b'l' | b'm' | b'J' | b'K') => i = j + 1,
            _ => return Err(format!("an unexpected CSI at byte {i}: {}", context(i))),
        }
    }
    let text = String::from_utf8(text).map_err(|e| format!("text is not UTF-8: {e}"))?;
    let forbidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{200b}' | '\u{feff}')
    };
    match text.char_indices().find(|(_, c)| forbidden(*c)) {
        Some((at, c)) => Err(format!(
            "{c:?} in the text near {:?}",
            &text[text.floor_char_boundary(at.saturating_sub(30))..at]
        )),
        None => Ok(()),
    }
}
