//! Making untrusted text safe to show in a terminal and stable to index: whole escape sequences
//! out, control and bidi characters out, tabs expanded, line ends folded, NFC.
//!
//! The physical line structure is kept: `\r\n`, lone `\r` and `\n` each become exactly one `\n`,
//! and nothing else ever adds or removes a `\n` (escape sequences stop at a line end), so line N of
//! the file is line N of the output.

use unicode_width::UnicodeWidthChar;

/// Tabs advance to the next multiple of this many columns (measured in terminal cells).
pub const TAB_WIDTH: usize = 4;

/// Longest CSI or two-character escape we remove; beyond it the rest is treated as text, which is
/// harmless once the introducer is gone. Real control sequences are a few bytes long.
const CONTROL_SEQUENCE_CAP: usize = 64;

/// Longest unterminated string sequence (OSC, DCS, APC, PM, SOS) we remove. A string sequence
/// also ends at the end of its line, so an unterminated one never eats the rest of the file;
/// the cap bounds it on a single huge line.
const STRING_SEQUENCE_CAP: usize = 8192;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
const CAN: char = '\u{18}';
const SUB: char = '\u{1a}';
/// 8-bit String Terminator.
const C1_ST: char = '\u{9c}';
/// 8-bit Control Sequence Introducer.
const C1_CSI: char = '\u{9b}';

/// How a removed escape sequence ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SequenceEnd {
    /// Terminated, capped, or cut by a line end / end of text.
    Done,
    /// A string sequence was interrupted by an ESC that starts another sequence (already consumed).
    NextEscape,
}

/// Removes escape sequences (CSI, OSC, DCS, APC, PM, SOS in 7-bit and 8-bit forms, other `ESC x`),
/// C0 controls except `\n`, DEL, C1 controls, bidi controls (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), U+FEFF, zero-width space, soft hyphen, and the invisible characters
/// whose width terminals disagree on (zero-width joiner, variation selectors, skin-tone
/// modifiers, word joiner, Hangul fillers: [`is_width_unstable`]); expands tabs to
/// [`TAB_WIDTH`] stops; turns vertical tab, form feed, U+2028 and U+2029 into a space (never a
/// line break, which would shift line numbers); folds `\r\n` and lone `\r` to `\n`; normalises to NFC.
///
/// Idempotent; the output contains no C0 but `\n`, no C1, no ESC and no bidi control, and as many
/// `\n` as the input has line ends.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut tabs = TabStops::default();
    let mut chars = Cursor::new(text);
    loop {
        // Runs of characters kept as they are (nearly all text) are copied whole.
        let run = chars.take_plain();
        out.push_str(run);
        let Some(c) = chars.next() else {
            break;
        };
        match c {
            '\r' => {
                chars.next_if_eq('\n');
                out.push('\n');
            }
            '\t' => {
                let advance = TAB_WIDTH - tabs.column(&out) % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', advance));
                tabs.expanded(&out);
            }
            '\u{0b}' | '\u{0c}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            ESC => while skip_after_esc(&mut chars) == SequenceEnd::NextEscape {},
            C1_CSI => skip_control_sequence(&mut chars),
            // 8-bit OSC, DCS, SOS, PM, APC.
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_8bit_string(&mut chars),
            // Dropped (the plain run stopped at it, so it is neither kept nor a line end).
            _ => {}
        }
    }
    if chars.composed {
        return out;
    }
    match crate::text::nfc(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(composed) => composed,
    }
}

/// Skips an 8-bit string sequence's body, and the escapes that interrupt it.
fn skip_8bit_string(chars: &mut Cursor<'_>) {
    if skip_string_sequence(chars) == SequenceEnd::NextEscape {
        while skip_after_esc(chars) == SequenceEnd::NextEscape {}
    }
}

/// Kept as it is by [`sanitize`]: not a line end, tab, escape, control, or dropped character.
fn is_plain(c: char) -> bool {
    match c {
        ' '..='~' | '\n' => true,
        '\0'..='\u{1f}' | '\u{7f}' => false,
        '\u{2028}' | '\u{2029}' => false,
        c => !is_dropped(c),
    }
}

/// The terminal column where a tab expands, found only when a tab comes: the cells of what was
/// written since the line's start (or since the last tab, whose column is known).
#[derive(Default)]
struct TabStops {
    /// Length of the output right after the last tab, and the column there.
    after_tab: usize,
    column: usize,
}

impl TabStops {
    fn column(&self, out: &str) -> usize {
        let since = &out[self.after_tab..];
        match since.rfind('\n') {
            Some(newline) => cells(&since[newline + 1..]),
            None => self.column + cells(since),
        }
    }

    fn expanded(&mut self, out: &str) {
        self.column = self.column(out);
        self.after_tab = out.len();
    }
}

/// Terminal cells of kept characters, one by one.
fn cells(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// A position in the text being sanitised, read a character at a time (or a plain run at once).
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    /// Every plain character taken so far is in a block that is NFC as it stands.
    composed: bool,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            composed: true,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn next_if(&mut self, wanted: impl FnOnce(char) -> bool) -> Option<char> {
        self.peek()
            .filter(|&c| wanted(c))
            .inspect(|c| self.at += c.len_utf8())
    }

    fn next_if_eq(&mut self, wanted: char) -> Option<char> {
        self.next_if(|c| c == wanted)
    }

    /// The plain characters from here on (see [`is_plain`]), consumed.
    fn take_plain(&mut self) -> &'a str {
        let rest = &self.text[self.at..];
        let bytes = rest.as_bytes();
        let mut end = 0;
        'text: loop {
            while bytes
                .get(end..=end + WINDOW)
                .is_some_and(|window| is_common_window(window.try_into().expect("a window")))
            {
                end += WINDOW;
            }
            // The window that failed may start inside a character: it is taken a character at
            // a time, from the character's start.
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            let past_window = end + WINDOW;
            while end < past_window {
                match self.plain_len(&rest[end..]) {
                    Some(len) => end += len,
                    None => break 'text,
                }
            }
        }
        self.at += end;
        &rest[..end]
    }

    /// The length of the first character of `rest` when it is plain, else `None`.
    fn plain_len(&mut self, rest: &str) -> Option<usize> {
        let bytes = rest.as_bytes();
        let &b = bytes.first()?;
        match b {
            b' '..=b'~' | b'\n' => Some(1),
            // U+00C0–U+02FF (Latin letters and modifiers, Vietnamese's đ ơ ư among them) and
            // U+1E00–U+1EFF (Vietnamese precomposed letters): plain, and NFC as they are.
            0xC3..=0xCB => Some(2),
            0xE1 if matches!(bytes.get(1), Some(0xB8..=0xBB)) => Some(3),
            _ if b.is_ascii() => None,
            _ => {
                let c = rest.chars().next().filter(|&c| is_plain(c))?;
                self.composed &= crate::text::is_plainly_nfc_char(c);
                Some(c.len_utf8())
            }
        }
    }
}

/// Bytes of text tested at once by [`Cursor::take_plain`].
const WINDOW: usize = 16;

/// Every byte of the first [`WINDOW`] of `window` belongs to a character [`Cursor::plain_len`]
/// takes on its first byte (printable ASCII, a line end, U+00C0–U+02FF, U+1E00–U+1EFF: nearly
/// all Vietnamese text) or continues one (the byte after the window is the next byte of a
/// three-byte lead in its last place). Tested on all bytes at once (the compiler makes vector
/// code of this form, not of `matches!` ranges), where the loop over characters branches on each.
fn is_common_window(window: &[u8; WINDOW + 1]) -> bool {
    const THREE_BYTE_LEAD: u8 = 0xE1;
    window[..WINDOW]
        .iter()
        .zip(&window[1..])
        .fold(true, |all, (&b, &next)| {
            let ascii = (b.wrapping_sub(b' ') <= b'~' - b' ') | (b == b'\n');
            let continuation = b.wrapping_sub(0x80) < 0x40;
            let two_byte_lead = b.wrapping_sub(0xC3) <= 0xCB - 0xC3;
            let three_byte = (b == THREE_BYTE_LEAD) & (next.wrapping_sub(0xB8) <= 0xBB - 0xB8);
            all & (ascii | continuation | two_byte_lead | three_byte)
        })
}

/// [`sanitize`] for one-line UI and stderr text (file names, messages): line ends become spaces
/// so the result is a single line that is safe to print anywhere.
pub fn printable(text: &str) -> String {
    let text = sanitize(text);
    // Copied again only when there is a line end to replace (titles, paths: almost never).
    if text.contains('\n') {
        text.replace('\n', " ")
    } else {
        text
    }
}

/// Characters removed outright: all of Unicode's Cc (C0, DEL, C1 — those with a meaning were
/// handled before), bidi embeddings/overrides/isolates/marks, invisible characters that break
/// word matching, and the invisible characters terminals disagree on, which would shift every
/// column after them (see [`is_width_unstable`]). ZWNJ stays: zero-width everywhere, and some
/// scripts need it.
fn is_dropped(c: char) -> bool {
    c.is_control()
        || is_width_unstable(c)
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{feff}'
                | '\u{200b}'
                | '\u{00ad}'
        )
}

/// Invisible characters whose width depends on the terminal, so no width computed here can agree
/// with every terminal (checked against tmux; kitty, VTE and xterm differ again):
/// - U+200D zero-width joiner: tmux joins the next character into its cell, kitty draws a whole
///   emoji sequence as one 2-column glyph, others one glyph per emoji. Without it a family emoji
///   is three emoji, 6 columns everywhere.
/// - U+FE00–U+FE0F variation selectors (U+FE0F asks for emoji presentation, 2 columns in some
///   terminals, 1 in others) and U+1F3FB–U+1F3FF skin-tone modifiers (joined into the emoji by
///   some, drawn as swatches by others): the base character alone has one width.
/// - U+2060–U+2064 word joiner and invisible operators, U+034F combining grapheme joiner,
///   U+180B–U+180F Mongolian selectors and vowel separator, Hangul fillers (U+115F, U+1160,
///   U+3164, U+FFA0: blank but 1 or 2 columns wide in some terminals, 0 in others).
fn is_width_unstable(c: char) -> bool {
    matches!(
        c,
        '\u{200d}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{1f3fb}'..='\u{1f3ff}'
            | '\u{2060}'..='\u{2064}'
            | '\u{034f}'
            | '\u{180b}'..='\u{180f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{ffa0}'
    )
}

/// Skips what follows an ESC that has just been consumed.
fn skip_after_esc(chars: &mut Cursor<'_>) -> SequenceEnd {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_control_sequence(chars);
            SequenceEnd::Done
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            skip_string_sequence(chars)
        }
        Some(c) if is_intermediate(c) => {
            // nF escape: ESC, intermediates 0x20–0x2F, one final 0x30–0x7E (e.g. `ESC ( B`).
            let mut taken = 0;
            while taken < CONTROL_SEQUENCE_CAP && chars.next_if(is_intermediate).is_some() {
                taken += 1;
            }
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(&c));
            SequenceEnd::Done
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            // Two-character escape: `ESC c`, `ESC 7`, `ESC =`, `ESC \`...
            chars.next();
            SequenceEnd::Done
        }
        // A lone ESC (before a line end, a non-ASCII char or the end): only it goes.
        _ => SequenceEnd::Done,
    }
}

fn is_intermediate(c: char) -> bool {
    ('\u{20}'..='\u{2f}').contains(&c)
}

/// Skips a CSI body after its introducer: parameter and intermediate bytes (0x20–0x3F), then one
/// final byte (0x40–0x7E). Anything else ends the sequence unconsumed, so a line end is never eaten.
fn skip_control_sequence(chars: &mut Cursor<'_>) {
    let mut taken = 0;
    while taken < CONTROL_SEQUENCE_CAP
        && chars
            .next_if(|c| ('\u{20}'..='\u{3f}').contains(&c))
            .is_some()
    {
        taken += 1;
    }
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(&c));
}

/// Skips a string sequence body (OSC, DCS, APC, PM, SOS) up to its terminator: BEL, ST (`ESC \`
/// or U+009C), or CAN/SUB (which abort it). It also stops, unconsumed, at a line end, and after
/// [`STRING_SEQUENCE_CAP`] characters.
fn skip_string_sequence(chars: &mut Cursor<'_>) -> SequenceEnd {
    for _ in 0..STRING_SEQUENCE_CAP {
        match chars.peek() {
            None | Some('\n' | '\r') => return SequenceEnd::Done,
            Some(BEL | C1_ST | CAN | SUB) => {
                chars.next();
                return SequenceEnd::Done;
            }
            Some(ESC) => {
                chars.next();
                if chars.next_if_eq('\\').is_some() {
                    return SequenceEnd::Done;
                }
                // Terminals abort the string here and start a new sequence with this ESC.
                return SequenceEnd::NextEscape;
            }
            Some(_) => {
                chars.next();
            }
        }
    }
    SequenceEnd::Done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs_end_at_the_first_character_not_plain() {
        // Common letters of one, two and three bytes, and characters that stop a window (plain
        // or not, NFC or not, three-byte leads with other second bytes), in pseudo-random
        // strings long enough for several windows at every alignment.
        let alphabet = [
            'a', ' ', '\n', 'đ', 'ệ', 'Ạ', 'ỹ', '\t', '“', '\u{1100}', '\u{115f}', '\u{1f00}',
            '\u{301}', '\u{200b}', '😀', 'é', '\u{7f}',
        ];
        let mut seed: u64 = 12345;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 33) % 60;
            // Mostly common letters, so that runs are long.
            let common = 7 + (seed >> 40) % 10;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let pick = (seed >> 33) as usize % 100;
                let at = if pick < 90 {
                    pick % common as usize
                } else {
                    pick % alphabet.len()
                };
                text.push(alphabet[at]);
            }
            let mut cursor = Cursor::new(&text);
            let run = cursor.take_plain();
            let expected = text
                .char_indices()
                .find(|&(_, c)| !is_plain(c))
                .map_or(text.len(), |(at, _)| at);
            assert_eq!(run.len(), expected, "{text:?}");
            assert_eq!(
                cursor.composed,
                run.chars().all(crate::text::is_plainly_nfc_char),
                "{text:?}"
            );
        }
    }

    #[test]
    fn removes_csi_whole() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("x\x1b[2J\x1b[Hy"), "xy");
        assert_eq!(sanitize("\x1b[?1049h\x1b[6n!"), "!");
    }

    #[test]
    fn removes_osc_terminated_by_bel_or_st() {
        assert_eq!(sanitize("a\x1b]0;PWNED\x07b"), "ab");
        assert_eq!(sanitize("a\x1b]52;c;cHduZWQ=\x1b\\b"), "ab");
        assert_eq!(
            sanitize("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"),
            "link"
        );
    }

    #[test]
    fn removes_dcs_apc_pm_sos() {
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1b_Gf=24;AAAA\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1b^privacy\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1bXstring\x1b\\b"), "ab");
    }

    #[test]
    fn removes_8bit_c1_forms() {
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
        assert_eq!(sanitize("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{90}data\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{9f}apc\u{07}b"), "ab");
        assert_eq!(sanitize("a\u{85}b"), "ab");
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        assert_eq!(sanitize("a\x1b]0;never ends\nline two\n"), "a\nline two\n");
        assert_eq!(sanitize("a\x1bPdcs\r\nb"), "a\nb");
    }

    #[test]
    fn unterminated_string_is_capped_on_one_line() {
        let long = format!("\x1b]0;{}", "x".repeat(STRING_SEQUENCE_CAP * 2));
        let out = sanitize(&long);
        assert!(!out.is_empty() && out.len() < STRING_SEQUENCE_CAP * 2);
        assert!(out.chars().all(|c| c == 'x'));
    }

    #[test]
    fn escape_inside_string_starts_a_new_sequence() {
        assert_eq!(sanitize("a\x1b]0;t\x1b[31mb"), "ab");
        assert_eq!(sanitize("a\u{9d}0;t\x1b[1mb"), "ab");
    }

    #[test]
    fn other_escapes_are_removed() {
        assert_eq!(sanitize("a\x1bcb"), "ab");
        assert_eq!(sanitize("a\x1b(Bb"), "ab");
        assert_eq!(sanitize("a\x1b#8b"), "ab");
        assert_eq!(sanitize("a\x1b"), "a");
        assert_eq!(sanitize("a\x1b\nb"), "a\nb");
        assert_eq!(sanitize("a\x1bĐb"), "aĐb");
    }

    #[test]
    fn folds_line_ends_without_changing_the_count() {
        assert_eq!(sanitize("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize("\r\r\n\n"), "\n\n\n");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a b c");
        // An escape between CR and LF does not merge the two line ends.
        assert_eq!(sanitize("a\r\x1b[0m\nb"), "a\n\nb");
    }

    #[test]
    fn drops_controls_bidi_and_invisibles() {
        assert_eq!(sanitize("\u{202e}Belarus\u{202c}"), "Belarus");
        assert_eq!(
            sanitize("a\u{2066}b\u{2069}\u{200e}\u{200f}\u{061c}c"),
            "abc"
        );
        assert_eq!(sanitize("\u{feff}T\u{200b}ô\u{00ad}i"), "Tôi");
        assert_eq!(sanitize("a\x07\x08\x7f\x00b"), "ab");
        assert_eq!(sanitize("a\x0bb\x0cc"), "a b c");
        // Characters whose width terminals disagree on go; ZWNJ (zero-width everywhere) stays.
        assert_eq!(sanitize("👨\u{200d}👩"), "👨👩");
        assert_eq!(
            sanitize("❤\u{fe0f} 👋\u{1f3fd} a\u{2060}b x\u{3164}y"),
            "❤ 👋 ab xy"
        );
        assert_eq!(sanitize("a\u{200c}b"), "a\u{200c}b");
    }

    #[test]
    fn expands_tabs_to_stops() {
        assert_eq!(sanitize("\tx"), "    x");
        assert_eq!(sanitize("ab\tc"), "ab  c");
        assert_eq!(sanitize("abcd\te"), "abcd    e");
        // A CJK character takes two cells.
        assert_eq!(sanitize("中\tx"), "中  x");
        assert_eq!(sanitize("a\n\tb"), "a\n    b");
    }

    #[test]
    fn normalises_to_nfc() {
        let nfd = "Vie\u{0323}\u{0302}t Nam";
        assert_eq!(sanitize(nfd), "Việt Nam");
        // A mark separated from its base by a dropped character composes with it.
        assert_eq!(sanitize("e\u{200b}\u{0301}"), "é");
        // A lone mark at the start stays (nothing to attach to), without panicking.
        assert_eq!(sanitize("\u{0301}a"), "\u{0301}a");
    }

    #[test]
    fn printable_is_one_line() {
        assert_eq!(printable("bad\x1b[31m\nname\t.txt"), "bad name    .txt");
    }
}
