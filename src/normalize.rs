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

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(normalize("co\u{00AD}op\u{200B}eration"), "cooperation");
    }
}
