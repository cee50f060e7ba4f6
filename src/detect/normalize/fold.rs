//! The character rules of normalization: case, quotes and dashes,
//! invisible characters, whitespace, and words split at a line end.
//!
//! They run on text already entity-decoded and in NFKC, one character at a
//! time, and are the only copy of these rules: plain normalization and the
//! offset-keeping kind (for alignment) both go through [`Folder`], which
//! tells its [`Track`] of every byte it writes or takes back.

use super::offsets::Track;

/// Folds whitespace and case one character at a time.
#[derive(Debug)]
pub(super) struct Folder<'t, T: Track> {
    /// Whitespace seen since the last character written: 0 none, 1 a
    /// space, 2 a line break.
    pending: u8,
    /// Spaces in a row since the last character written: a run of
    /// [`SPACES_BREAK`] is a line break.
    spaces: u8,
    /// Line ends since the last character written (a `\r` before a `\n`
    /// not counted): two or more are a blank line, a paragraph's end.
    line_ends: u8,
    /// Told of every byte written to `out` and taken back.
    track: &'t mut T,
}

impl<'t, T: Track> Folder<'t, T> {
    pub(super) fn new(track: &'t mut T) -> Folder<'t, T> {
        Folder {
            pending: 0,
            spaces: 0,
            line_ends: 0,
            track,
        }
    }

    /// What is written next comes from decoded bytes `decoded` (see
    /// [`Track::source`]).
    #[inline]
    pub(super) fn source(&mut self, decoded: std::ops::Range<usize>) {
        self.track.source(decoded);
    }

    /// Any character of NFKC text. News text that is not ASCII is mostly
    /// ASCII with curly quotes and dashes, so ASCII characters take the
    /// byte path; the result is the same (a property test checks it against
    /// [`Folder::char`] alone).
    #[inline]
    pub(super) fn any(&mut self, c: char, out: &mut String) {
        if c.is_ascii() {
            self.ascii(c as u8, out);
        } else {
            self.char(c, out);
        }
    }

    /// One ASCII character.
    #[inline]
    pub(super) fn ascii(&mut self, b: u8, out: &mut String) {
        match b {
            0 => return,
            b'\r' => {
                self.pending = 2;
                return;
            }
            b'\n' | 0x0b | 0x0c => {
                self.line_end();
                return;
            }
            b' ' => {
                self.space();
                return;
            }
            b'\t' => {
                self.pending = self.pending.max(1);
                return;
            }
            _ => {}
        }
        if self.pending != 0 {
            self.separate(b.is_ascii_lowercase(), out);
        }
        out.push(match b {
            b'`' => '\'',
            b => b.to_ascii_lowercase() as char,
        });
        self.track.wrote(1);
    }

    /// A [`plain_run`] of ASCII bytes, after a [`plain`] byte written (so
    /// with no whitespace pending): what [`Folder::ascii`] makes of them
    /// one at a time, in one copy. Only for plain normalization, which
    /// tracks nothing: a tracker is told of each byte's source.
    #[inline]
    pub(super) fn plain(&mut self, bytes: &str, out: &mut String) {
        debug_assert!(!T::ON && self.pending == 0 && !out.is_empty());
        debug_assert_eq!(plain_run(bytes.as_bytes()), bytes.len());
        let start = out.len();
        out.push_str(bytes);
        out[start..].make_ascii_lowercase();
    }

    /// Any character (the general rule, which [`Folder::ascii`] agrees
    /// with on ASCII).
    pub(super) fn char(&mut self, c: char, out: &mut String) {
        let c = unify(c);
        if c == '\0' {
            return;
        }
        if c.is_whitespace() {
            if c == '\r' {
                self.pending = 2;
            } else if matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\x0b' | '\x0c') {
                self.line_end();
            } else if c == ' ' {
                self.space();
            } else {
                self.pending = self.pending.max(1);
            }
            return;
        }
        if self.pending != 0 {
            self.separate(c.is_lowercase(), out);
        }
        let before = out.len();
        if c.is_lowercase() || !c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        self.track.wrote(out.len() - before);
    }

    /// A line end. A `\r` alone ends a line too, but only `\n` and the
    /// other line separators are counted, so a `\r\n` is one line end.
    fn line_end(&mut self) {
        self.pending = 2;
        self.line_ends = self.line_ends.saturating_add(1);
    }

    /// A space. Scrapers that lose line breaks often leave a run of
    /// spaces where a paragraph ended ("...said.     The council..."): a
    /// run of [`SPACES_BREAK`] is read as a line break, so that the lines
    /// boilerplate detection works on survive. Two spaces after a full stop
    /// are only typing habit.
    fn space(&mut self) {
        self.spaces = self.spaces.saturating_add(1);
        let brk = if self.spaces >= SPACES_BREAK { 2 } else { 1 };
        self.pending = self.pending.max(brk);
    }

    /// Before a character that is not whitespace, with whitespace pending:
    /// write the space or line break, or join a word split at the line end.
    fn separate(&mut self, lowercase: bool, out: &mut String) {
        let paragraph = self.pending == 2 && self.line_ends >= 2;
        if self.pending == 2 && !paragraph && lowercase && ends_with_split_word(out) {
            // "recov-\nery": a word hyphenated at a line end (print, OCR,
            // re-wrapped copies) is joined again.
            out.pop();
            self.track.unwrote();
        } else if paragraph && !out.is_empty() {
            // A blank line: paragraphs end there, and edges are told from
            // prose by paragraph (see `detect::edges`).
            out.push_str("\n\n");
            self.track.wrote(2);
        } else if !out.is_empty() {
            out.push(if self.pending == 2 { '\n' } else { ' ' });
            self.track.wrote(1);
        }
        self.pending = 0;
        self.spaces = 0;
        self.line_ends = 0;
    }
}

/// An ASCII byte that [`Folder::ascii`] writes lower-cased and does
/// nothing else with when no whitespace is pending: not whitespace, NUL or
/// a backtick.
#[inline]
pub(super) fn plain(b: u8) -> bool {
    !matches!(b, 0 | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'`') && b.is_ascii()
}

/// How many of `bytes`, coming after a [`plain`] byte written, the rules
/// only copy lower-cased: [`plain`] bytes, and single spaces before one
/// (a space pending before a plain byte, after a written one, is written
/// as a space: no line break, no word joined).
#[inline]
pub(super) fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if plain(bytes[i]) {
            i += 1;
        } else if bytes[i] == b' ' && i + 1 < bytes.len() && plain(bytes[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Spaces in a row that make a line break.
const SPACES_BREAK: u8 = 3;

/// Does `out` end with a letter and a hyphen, as a word split at a line end?
fn ends_with_split_word(out: &str) -> bool {
    let mut tail = out.chars().rev();
    tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic)
}

/// One character's stand-in: quotes and dashes to their ASCII forms,
/// invisible characters to `\0` (dropped).
fn unify(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        // Soft hyphen, zero-width space/joiners, word joiner, BOM.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => '\0',
        '\u{00A0}' | '\u{202F}' => ' ',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_words_end_with_a_letter_and_a_hyphen() {
        assert!(ends_with_split_word("recov-"));
        assert!(ends_with_split_word("caf\u{e9}-"));
        assert!(!ends_with_split_word("east -"));
        assert!(!ends_with_split_word("5-"));
        assert!(!ends_with_split_word("-"));
        assert!(!ends_with_split_word("word"));
    }

    #[test]
    fn unify_maps_quotes_dashes_and_invisibles() {
        assert_eq!(unify('\u{201D}'), '"');
        assert_eq!(unify('\u{2014}'), '-');
        assert_eq!(unify('\u{200B}'), '\0');
        assert_eq!(unify('\u{00A0}'), ' ');
        assert_eq!(unify('x'), 'x');
    }

    #[test]
    fn the_folder_tells_its_track_what_it_writes_and_takes_back() {
        /// Counts the bytes said to be written.
        #[derive(Default)]
        struct Count(usize);
        impl Track for Count {
            const ON: bool = true;
            fn entity(&mut self, _: std::ops::Range<usize>, _: std::ops::Range<usize>) {}
            fn source(&mut self, _: std::ops::Range<usize>) {}
            fn wrote(&mut self, bytes: usize) {
                self.0 += bytes;
            }
            fn unwrote(&mut self) {
                self.0 -= 1;
            }
        }
        let mut count = Count::default();
        let mut folder = Folder::new(&mut count);
        let mut out = String::new();
        for c in "Ab-\n  cd \u{c9}\u{130}\u{2019}".chars() {
            folder.any(c, &mut out);
        }
        assert_eq!(out, "abcd \u{e9}i\u{307}'");
        assert_eq!(count.0, out.len());
    }
}
