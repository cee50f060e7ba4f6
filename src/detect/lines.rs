//! Lines for boilerplate detection, where the text has lost its own.
//!
//! Boilerplate is found line by line (a footer, a share bar, a newsletter
//! pitch is a line of its own on the page). Scrapers often lose the line
//! breaks: paragraphs joined with a marker (" ### ", " | ", " • "), or with
//! a plain space into one long line. So a line is cut further:
//!
//! - at a marker: a word made only of marker characters, which no story
//!   sentence is;
//! - when it is longer than any paragraph ([`LONG_LINE`] words), or is
//!   the whole record, at the end of each sentence, for pages joined with
//!   nothing but a space.
//!
//! The pieces together are the line: shingles run across them as before,
//! only the unit boilerplate is decided on is smaller. (Runs of spaces
//! already end a line in normalization.)

/// Words above which a line is no paragraph but paragraphs run together.
pub const LONG_LINE: usize = 80;

/// Fewest words a sentence piece has; a shorter one ("mr.", "u.s.") runs
/// on into the next.
const MIN_SENTENCE: usize = 4;

/// Characters a marker word is made of.
fn is_marker(c: char) -> bool {
    matches!(
        c,
        '#' | '|' | '•' | '·' | '¶' | '■' | '▪' | '►' | '▶' | '◆' | '♦' | '●' | '*' | '§'
    )
}

/// The pieces of one normalized line, in order; they concatenate to the
/// line. `alone`: the line is the record's only one.
pub fn pieces(line: &str, alone: bool) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_piece(line, alone, |piece| out.push(piece));
    out
}

/// [`pieces`] handed to `f` one at a time, with no allocation: this runs
/// on every line of every record.
pub fn for_each_piece<'a>(line: &'a str, alone: bool, mut f: impl FnMut(&'a str)) {
    let mut part = |part: &'a str| {
        if alone || longer_than(part, LONG_LINE) {
            at_sentences(part, &mut f);
        } else {
            f(part);
        }
    };
    if may_hold_marker(line) {
        at_markers(line, &mut part);
    } else {
        // No marker word: the line is one part (`at_markers` would say so
        // after looking at each word).
        part(line);
    }
}

/// Could `line` hold a marker character? The ASCII ones, or any character
/// that is not ASCII (the others all are not).
fn may_hold_marker(line: &str) -> bool {
    line.bytes()
        .any(|b| matches!(b, b'#' | b'|' | b'*') || !b.is_ascii())
}

/// What of a piece makes its identity: the piece without the spaces and
/// markers around it, so a footer line reads the same last on the page as
/// before a marker.
pub fn identity(piece: &str) -> &str {
    piece.trim_matches(|c: char| c == ' ' || is_marker(c))
}

/// Does `s` have more than `limit` words? A normalized line has no ASCII
/// whitespace but single spaces, so it has at most one word more than it
/// has spaces: counting those (a loop the compiler vectorizes) settles
/// most lines without splitting them into words.
fn longer_than(s: &str, limit: usize) -> bool {
    let spaces = s.bytes().filter(|&b| b == b' ').count();
    spaces >= limit && has_words(s, limit + 1)
}

/// Does `s` have at least `n` words? Counted no further than the `n`th:
/// asked at every sentence end of a long line.
fn has_words(s: &str, n: usize) -> bool {
    s.split_ascii_whitespace().take(n).count() == n
}

/// `line` cut before each marker word (the marker joins the piece before),
/// each part handed to `f`.
fn at_markers<'a>(line: &'a str, f: &mut impl FnMut(&'a str)) {
    let mut start = 0;
    let mut at = 0;
    let mut any = false;
    for word in line.split(' ') {
        let end = at + word.len();
        if !word.is_empty() && word.chars().all(is_marker) {
            f(&line[start..end]);
            any = true;
            start = end;
        }
        at = end + 1;
    }
    if start < line.len() || !any {
        f(&line[start..]);
    }
}

/// `text` cut after each sentence end (a `.`, `!` or `?`, with any closing
/// quotes or brackets, before a space), pieces of fewer than
/// [`MIN_SENTENCE`] words running on; each piece handed to `f`.
fn at_sentences<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut any = false;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b' ' && has_words(&text[start..j], MIN_SENTENCE) {
                f(&text[start..=j]);
                any = true;
                start = j + 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if start < text.len() || !any {
        f(&text[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        s.split_ascii_whitespace().count()
    }

    #[test]
    fn pieces_concatenate_to_the_line() {
        let long = "the council met. ".repeat(30);
        for line in [
            "",
            "one plain paragraph of a story.",
            "share this: facebook | x | email ### the council met on monday. ### sign up now",
            long.as_str(),
            "### leading marker",
            "trailing marker ###",
        ] {
            assert_eq!(pieces(line, false).concat(), line, "{line:?}");
        }
    }

    #[test]
    fn markers_cut_joined_paragraphs() {
        let p = pieces(
            "the council met on monday. ### sign up for our newsletter. ### comments (4)",
            false,
        );
        let trimmed: Vec<&str> = p.iter().map(|s| s.trim()).collect();
        assert_eq!(
            trimmed,
            [
                "the council met on monday. ###",
                "sign up for our newsletter. ###",
                "comments (4)"
            ]
        );
        assert_eq!(identity(p[1]), "sign up for our newsletter.");
        assert_eq!(identity(p[2]), "comments (4)");
        // A marker inside a share bar cuts it too: its pieces recur as the
        // bar does.
        assert_eq!(pieces("share: facebook | x | email", false).len(), 3);
        // Not a marker: a word with letters, or a hyphen.
        assert_eq!(pieces("the c# compiler - a tool", false).len(), 1);
    }

    #[test]
    fn a_line_is_long_past_its_eightieth_word() {
        // Sentences of four words: 20 of them are 80 words, one line; a
        // word more and it is cut at each sentence end.
        let line = "the council met today. ".repeat(20);
        let line = line.trim_end();
        assert_eq!(words(line), LONG_LINE);
        assert_eq!(pieces(line, false).len(), 1);
        let longer = format!("{line} again.");
        assert_eq!(pieces(&longer, false).len(), 21);
        // Spaces are what is counted first: a line with more of them than
        // words (a piece after a marker starts with one) is still counted
        // in words.
        let spaced = format!(" ### {line}");
        assert_eq!(pieces(&spaced, false).concat(), spaced);
        assert_eq!(pieces(&spaced, false).len(), 2);
    }

    #[test]
    fn long_lines_are_cut_at_sentence_ends() {
        let sentence = "the council voted on the budget for the coming year. ";
        let line = sentence.repeat(10);
        let p = pieces(&line, false);
        assert_eq!(p.len(), 10);
        assert!(p.iter().all(|s| s.trim() == sentence.trim()));
        // A paragraph of ordinary length stays whole.
        assert_eq!(pieces(&sentence.repeat(3), false).len(), 1);
        // Unless it is the whole record: a page joined with spaces.
        assert_eq!(pieces(&sentence.repeat(3), true).len(), 3);
        // Short pieces run on: "mr." is no sentence.
        let names = format!(
            "{}mr. smith said so to the press today. ",
            sentence.repeat(9)
        );
        assert!(
            pieces(&names, false)
                .iter()
                .all(|s| words(s) >= MIN_SENTENCE)
        );
    }
}
