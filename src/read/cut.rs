//! Where records begin and end in the line-based formats, and where a text
//! record's header lines end: the rules the readers cut their input by.
//!
//! `dedup` reads its input a second time, raw, to copy each record's
//! original bytes (`dedup::raw`), and matches each raw record to the one
//! the pipeline grouped by the line the reader named it by. One line off
//! and the wrong record is kept, so the two reads must cut at exactly the
//! same places: the rules live here, once, and both call them. The same
//! goes for the text format's header keys, which `dedup` needs to put its
//! `Reprint-Of:` line where the headers end.

/// Which byte ends a line. Lines end at `\n` (a `\r` before it is part
/// of the ending), except in a file whose first line ends with a lone `\r`
/// (old Mac exports), where `\r` does: one rule per file, so a stray `\r`
/// inside a line of an ordinary file never moves the line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnd {
    /// `\n` or `\r\n`.
    #[default]
    Lf,
    /// `\r` alone.
    Cr,
}

impl LineEnd {
    /// The rule for a file that starts with `head`: by its first line
    /// ending (a `\r` last in `head` cannot be told from a cut-short CRLF,
    /// so it counts as one).
    pub fn of(head: &[u8]) -> LineEnd {
        match head.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if head[i] == b'\r' && head.get(i + 1).is_some_and(|&b| b != b'\n') => {
                LineEnd::Cr
            }
            _ => LineEnd::Lf,
        }
    }

    /// The byte a line is read through.
    pub fn byte(self) -> u8 {
        match self {
            LineEnd::Lf => b'\n',
            LineEnd::Cr => b'\r',
        }
    }

    /// Line endings in `bytes`: how far they move the line count.
    pub fn count(self, bytes: &[u8]) -> u64 {
        let eol = self.byte();
        bytes.iter().filter(|&&b| b == eol).count() as u64
    }
}

/// A line without its ending (`\n`, `\r\n` or `\r`).
pub fn chomp(mut line: &[u8]) -> &[u8] {
    if let Some(rest) = line.strip_suffix(b"\n") {
        line = rest;
    }
    if let Some(rest) = line.strip_suffix(b"\r") {
        line = rest;
    }
    line
}

/// JSON Lines: a line of ASCII whitespace only (its ending included) holds
/// no record; it is skipped, but still counted as a line.
pub fn is_blank_line(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Plain text: is `line` (without its ending) a separator? The separator
/// itself, give or take surrounding space, or a line of form feeds only.
pub fn is_separator(line: &str, separator: &str) -> bool {
    line.trim() == separator || (!line.is_empty() && line.chars().all(|c| c == '\x0c'))
}

/// Plain text: a blank line. Blank lines before a record belong to the
/// separator, so a record is named by its first line that is not blank; a
/// record of blank lines only is no record.
pub fn is_blank_text(line: &str) -> bool {
    line.trim().is_empty()
}

/// CSV and TSV: the length of the run of line endings (`\n`, `\r`) that
/// `bytes` opens with. Blank lines before a row belong to it, but the row
/// is named by the line where its content starts.
pub fn blank_lead(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .unwrap_or(bytes.len())
}

/// The part of a record a text header line fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderField {
    /// `Id:`.
    Id,
    /// `Title:`, `Headline:`.
    Title,
    /// `Source:`, `Outlet:`, `Publication:`, `Domain:`.
    Source,
    /// `Date:`, `Published:`.
    Date,
    /// `Url:`, `Link:`.
    Url,
}

/// The header keys of plain text (lower case), with their common synonyms.
const HEADER_KEYS: &[(&str, HeaderField)] = &[
    ("id", HeaderField::Id),
    ("title", HeaderField::Title),
    ("headline", HeaderField::Title),
    ("source", HeaderField::Source),
    ("outlet", HeaderField::Source),
    ("publication", HeaderField::Source),
    ("domain", HeaderField::Source),
    ("date", HeaderField::Date),
    ("published", HeaderField::Date),
    ("url", HeaderField::Url),
    ("link", HeaderField::Url),
];

/// `Title: Something` as `(Title, "Something")`, for known keys (any case)
/// with a value only: the headers end at the first line that is not one.
pub fn header_line(line: &str) -> Option<(HeaderField, String)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    let field = HEADER_KEYS
        .iter()
        .find_map(|&(k, field)| (k == key).then_some(field))?;
    if value.trim().is_empty() {
        return None;
    }
    Some((field, value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chomp_strips_one_line_ending() {
        assert_eq!(chomp(b"a\r\n"), b"a");
        assert_eq!(chomp(b"a\n"), b"a");
        assert_eq!(chomp(b"a\r"), b"a");
        assert_eq!(chomp(b"a\n\n"), b"a\n");
        assert_eq!(chomp(b""), b"");
    }

    #[test]
    fn blank_lines_and_separators() {
        assert!(is_blank_line(b" \t\r\n"));
        assert!(!is_blank_line(b" {}\n"));
        assert!(is_separator(" --- ", "---"));
        assert!(is_separator("\x0c\x0c", "---"));
        assert!(!is_separator("", "---"));
        assert!(!is_separator("----", "---"));
        assert!(is_blank_text(" \u{a0}"));
        assert!(!is_blank_text(" x"));
    }

    #[test]
    fn rows_are_named_past_their_blank_lead() {
        let bytes = b"\r\n\n\rb,x\n";
        assert_eq!(blank_lead(bytes), 4);
        assert_eq!(LineEnd::Lf.count(&bytes[..blank_lead(bytes)]), 2);
        assert_eq!(blank_lead(b"\n\n"), 2);
        assert_eq!(LineEnd::Lf.count(b"a\nb\r\nc"), 2);
    }

    #[test]
    fn a_file_ends_its_lines_as_its_first_line_does() {
        assert_eq!(LineEnd::of(b"a\rb\rc"), LineEnd::Cr);
        assert_eq!(LineEnd::of(b"a\r\nb\rc"), LineEnd::Lf);
        assert_eq!(LineEnd::of(b"a\nb\rc"), LineEnd::Lf);
        assert_eq!(LineEnd::of(b"a\r"), LineEnd::Lf);
        assert_eq!(LineEnd::of(b"abc"), LineEnd::Lf);
        assert_eq!(LineEnd::Cr.count(b"a\rb\r\n"), 2);
    }

    #[test]
    fn header_lines_are_known_keys_with_values() {
        assert_eq!(
            header_line(" HEADLINE : A title "),
            Some((HeaderField::Title, "A title".to_string()))
        );
        assert_eq!(
            header_line("Link: http://x/y"),
            Some((HeaderField::Url, "http://x/y".to_string()))
        );
        assert_eq!(header_line("Title:   "), None);
        assert_eq!(header_line("Note: not a header"), None);
        assert_eq!(header_line("No colon"), None);
    }
}
