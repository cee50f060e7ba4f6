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
    // Pending whitespace: 0 none, 1 a space, 2 a line break.
    let mut pending = 0u8;
    // Most text is already in NFKC (plain ASCII always is): skip the
    // decompose-recompose round trip when a quick check says so.
    let quick = unicode_normalization::is_nfkc_quick(decoded.chars())
        == unicode_normalization::IsNormalized::Yes;
    let chars: Box<dyn Iterator<Item = char>> = if quick {
        Box::new(decoded.chars())
    } else {
        Box::new(decoded.nfkc())
    };
    for c in chars {
        let c = unify(c);
        if c == '\0' {
            continue;
        }
        if c.is_whitespace() {
            let brk = if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\x0b' | '\x0c') {
                2
            } else {
                1
            };
            pending = pending.max(brk);
            continue;
        }
        if pending == 2 && c.is_lowercase() && ends_with_split_word(out) {
            // "recov-\nery": a word hyphenated at a line end (print, OCR,
            // re-wrapped copies) is joined again.
            out.pop();
        } else if pending != 0 && !out.is_empty() {
            out.push(if pending == 2 { '\n' } else { ' ' });
        }
        pending = 0;
        if c.is_lowercase() || !c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// [`normalize_into`] for ASCII text, byte by byte: ASCII is already in
/// NFKC and its case mapping needs no tables. Most news text is ASCII, and
/// this is several times faster than decoding characters; the result is
/// the same (a property test checks it against the general path).
fn normalize_ascii(text: &[u8], out: &mut String) {
    let mut pending = 0u8;
    for &b in text {
        match b {
            0 => continue,
            b'\n' | b'\r' | 0x0b | 0x0c => {
                pending = 2;
                continue;
            }
            b' ' | b'\t' => {
                pending = pending.max(1);
                continue;
            }
            _ => {}
        }
        if pending == 2 && b.is_ascii_lowercase() && ends_with_split_word_ascii(out) {
            out.pop();
        } else if pending != 0 && !out.is_empty() {
            out.push(if pending == 2 { '\n' } else { ' ' });
        }
        pending = 0;
        out.push(match b {
            b'`' => '\'',
            b => b.to_ascii_lowercase() as char,
        });
    }
}

/// [`ends_with_split_word`] for text known to be ASCII.
fn ends_with_split_word_ascii(out: &str) -> bool {
    let b = out.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'-' && b[b.len() - 2].is_ascii_alphabetic()
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

    /// The general path, for checking the ASCII one against.
    fn normalize_general(text: &str) -> String {
        let mut out = String::new();
        // A non-ASCII character the general path drops, so the rest of
        // the text goes through it unchanged.
        let text = format!("{text}\u{200B}");
        normalize_into(&text, &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_path_matches_the_general_one(
            text in proptest::collection::vec(
                proptest::sample::select(b"aZ-`' \t\n\r\x0b\x0c\0.x9Q&;".to_vec()),
                0..60,
            )
        ) {
            let text = String::from_utf8(text).unwrap();
            proptest::prop_assert_eq!(normalize(&text), normalize_general(&text));
        }
    }

    #[test]
    fn ascii_and_general_paths_agree_on_a_story() {
        let story = "The Harbour-\nBoard met on `Tuesday'.\r\n\r\n  It voted 5-2 to re-\nopen\tthe pier.\x0c";
        assert_eq!(normalize(story), normalize_general(story));
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(normalize("co\u{00AD}op\u{200B}eration"), "cooperation");
    }
}
