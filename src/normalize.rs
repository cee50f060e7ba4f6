//! Text normalization: make two printings of one story compare equal.
//!
//! Outlets re-encode text as they copy it: `&amp;` for `&`, curly for
//! straight quotes, en dashes for hyphens, full-width letters, different
//! wrapping. Before shingling every record goes through the same mapping:
//! HTML entities decoded, Unicode NFKC, lower case, quotes and dashes unified,
//! invisible characters dropped, runs of spaces folded. Line breaks are kept
//! (as single `\n`) because later stages reason about lines and paragraphs.
//! The record's original text is never changed; this works on a copy.

use unicode_normalization::UnicodeNormalization;

/// Normalize `text` into `out` (cleared first), reusing its allocation.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let decoded = if text.contains('&') {
        html_escape::decode_html_entities(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if decoded.is_ascii() {
        normalize_ascii(decoded.as_bytes(), out);
        return;
    }
    // Most text is already in NFKC (plain ASCII always is): skip the
    // decompose-recompose round trip when a quick check says so.
    let quick = unicode_normalization::is_nfkc_quick(decoded.chars())
        == unicode_normalization::IsNormalized::Yes;
    if quick {
        normalize_chars(decoded.chars(), out);
    } else {
        normalize_chars(decoded.nfkc(), out);
    }
}

/// The characters of NFKC text into `out`. News text that is not ASCII is
/// mostly ASCII with curly quotes and dashes, so ASCII characters take the
/// byte path; the result is the same (a property test checks it against
/// [`Folder::char`] alone).
fn normalize_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut folder = Folder::default();
    for c in chars {
        if c.is_ascii() {
            folder.ascii(c as u8, out);
        } else {
            folder.char(c, out);
        }
    }
}

/// [`normalize_into`] for ASCII text, byte by byte: ASCII is already in
/// NFKC and its case mapping needs no tables. Most news text is ASCII, and
/// this is several times faster than decoding characters.
fn normalize_ascii(text: &[u8], out: &mut String) {
    let mut folder = Folder::default();
    for &b in text {
        folder.ascii(b, out);
    }
}

/// Folds whitespace and case one character at a time.
#[derive(Debug, Default)]
struct Folder {
    /// Whitespace seen since the last character written: 0 none, 1 a
    /// space, 2 a line break.
    pending: u8,
}

impl Folder {
    /// One ASCII character.
    #[inline]
    fn ascii(&mut self, b: u8, out: &mut String) {
        match b {
            0 => return,
            b'\n' | b'\r' | 0x0b | 0x0c => {
                self.pending = 2;
                return;
            }
            b' ' | b'\t' => {
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
    }

    /// Any character (the general rule, which [`Folder::ascii`] agrees
    /// with on ASCII).
    fn char(&mut self, c: char, out: &mut String) {
        let c = unify(c);
        if c == '\0' {
            return;
        }
        if c.is_whitespace() {
            let brk = if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\x0b' | '\x0c') {
                2
            } else {
                1
            };
            self.pending = self.pending.max(brk);
            return;
        }
        if self.pending != 0 {
            self.separate(c.is_lowercase(), out);
        }
        if c.is_lowercase() || !c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }

    /// Before a character that is not whitespace, with whitespace pending:
    /// write the space or line break, or join a word split at the line end.
    fn separate(&mut self, lowercase: bool, out: &mut String) {
        if self.pending == 2 && lowercase && ends_with_split_word(out) {
            // "recov-\nery": a word hyphenated at a line end (print, OCR,
            // re-wrapped copies) is joined again.
            out.pop();
        } else if !out.is_empty() {
            out.push(if self.pending == 2 { '\n' } else { ' ' });
        }
        self.pending = 0;
    }
}

/// Does `out` end with a letter and a hyphen, as a word split at a line end?
fn ends_with_split_word(out: &str) -> bool {
    let mut tail = out.chars().rev();
    tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic)
}

/// Normalize `text` into a new string.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
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
    fn quotes_dashes_entities_and_case() {
        assert_eq!(
            normalize("\u{201C}Don\u{2019}t\u{201D} &mdash; Caf&eacute; &amp; BAR"),
            "\"don't\" - café & bar"
        );
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(normalize("ｆｕｌｌ ﬁle"), "full file");
    }

    #[test]
    fn whitespace_folds_but_keeps_line_breaks() {
        assert_eq!(normalize("  a \t b\r\n\r\n\n c  "), "a b\nc");
    }

    #[test]
    fn words_hyphenated_at_line_ends_are_joined() {
        assert_eq!(
            normalize("the recov-\nery was well-\n  under way"),
            "the recovery was wellunder way"
        );
        // A dash between words, or before a capital, is not a split word.
        assert_eq!(normalize("east -\nwest"), "east -\nwest");
        assert_eq!(normalize("New-\nYork"), "new-\nyork");
    }

    /// The general rule alone, for checking the fast paths against: every
    /// character through [`Folder::char`].
    fn normalize_reference(text: &str) -> String {
        let decoded = html_escape::decode_html_entities(text);
        let mut out = String::new();
        let mut folder = Folder::default();
        for c in decoded.nfkc() {
            folder.char(c, &mut out);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_path_matches_the_general_rule(
            text in proptest::collection::vec(
                proptest::sample::select(b"aZ-`' \t\n\r\x0b\x0c\0.x9Q&;".to_vec()),
                0..60,
            )
        ) {
            let text = String::from_utf8(text).unwrap();
            proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
        }

        #[test]
        fn mixed_text_matches_the_general_rule(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'Z', '-', '`', '\'', ' ', '\t', '\n', '\r', '\0', '9', '&', ';',
                    'é', 'É', 'ß', 'İ', 'Σ', '\u{2019}', '\u{201C}', '\u{2014}', '\u{00AD}',
                    '\u{200B}', '\u{00A0}', '\u{2028}', '\u{3000}', 'ﬁ', 'ｆ', 'Ａ', 'e',
                    '\u{0301}',
                ]),
                0..60,
            )
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
        }
    }

    #[test]
    fn fast_paths_agree_with_the_general_rule_on_a_story() {
        let story = "The Harbour-\nBoard met on `Tuesday'.\r\n\r\n  It voted 5-2 to re-\nopen\tthe pier.\x0c";
        assert_eq!(normalize(story), normalize_reference(story));
        let curly = "The Caf\u{00E9}-\nbar\u{2019}s \u{201C}re-\nopening\u{201D} \u{2014} \u{00C9}T\u{00C9}\u{00A0}ﬁnal";
        assert_eq!(normalize(curly), normalize_reference(curly));
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(normalize("co\u{00AD}op\u{200B}eration"), "cooperation");
    }
}
