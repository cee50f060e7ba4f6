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
    for part in at_markers(line) {
        if alone || words(part) > LONG_LINE {
            out.extend(at_sentences(part));
        } else {
            out.push(part);
        }
    }
    out
}

/// What of a piece makes its identity: the piece without the spaces and
/// markers around it, so a footer line reads the same last on the page as
/// before a marker.
pub fn identity(piece: &str) -> &str {
    piece.trim_matches(|c: char| c == ' ' || is_marker(c))
}

fn words(s: &str) -> usize {
    s.split_ascii_whitespace().count()
}

/// `line` cut before each marker word (the marker joins the piece before).
fn at_markers(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for word in line.split(' ') {
        let end = at + word.len();
        if !word.is_empty() && word.chars().all(is_marker) {
            out.push(&line[start..end]);
            start = end;
        }
        at = end + 1;
    }
    if start < line.len() || out.is_empty() {
        out.push(&line[start..]);
    }
    out
}

/// `text` cut after each sentence end (a `.`, `!` or `?`, with any closing
/// quotes or brackets, before a space), pieces of fewer than
/// [`MIN_SENTENCE`] words running on.
fn at_sentences(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b' ' && words(&text[start..j]) >= MIN_SENTENCE {
                out.push(&text[start..=j]);
                start = j + 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
