//! Text normalization: make two printings of one story compare equal.
//!
//! Outlets re-encode text as they copy it: `&amp;` for `&`, curly for
//! straight quotes, en dashes for hyphens, full-width letters, different
//! wrapping. Before shingling every record goes through the same mapping:
//! HTML entities decoded, Unicode NFKC, lower case, quotes and dashes unified,
//! invisible characters dropped, runs of spaces folded. Line breaks are kept
//! (as one `\n`, and a blank line or more as `\n\n`) because later stages
//! reason about lines and paragraphs.
//! The record's original text is never changed; this works on a copy.
//!
//! Alignment needs one thing more: for each byte of the normalized text,
//! the bytes of the original it came from, to point at passages in the
//! original ([`normalize_with_offsets`], into [`Offsets`]). Both are one
//! pipeline, generic over a tracker it tells where its output comes from
//! (`offsets.rs`), so there is one copy of each rule: `entities.rs`
//! decodes, NFKC (the `unicode-normalization` crate) composes, `fold.rs`
//! applies the character rules. Plain normalization instantiates it with
//! `()`, which records nothing and compiles away, keeping the byte path for
//! ASCII as fast.

mod entities;
mod fold;
mod offsets;

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use fold::Folder;
pub use offsets::Offsets;
use offsets::Track;

/// Normalize `text` into `out` (cleared first), reusing its allocation.
pub fn normalize_into(text: &str, out: &mut String) {
    normalize_tracked(text, out, &mut ());
}

/// Normalize `text` into `out` as [`normalize_into`] does, and record in
/// `offsets` (cleared first) where each byte of `out` came from.
pub fn normalize_with_offsets(text: &str, out: &mut String, offsets: &mut Offsets) {
    offsets.clear(text.len());
    normalize_tracked(text, out, offsets);
}

/// Normalize `text` into a new string.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// The pipeline: entities decoded, then NFKC and the character rules.
fn normalize_tracked<T: Track>(text: &str, out: &mut String, track: &mut T) {
    out.clear();
    let decoded = entities::decode(text, track);
    if decoded.is_ascii() {
        normalize_ascii(&decoded, out, track);
    } else {
        normalize_unicode(&decoded, out, track);
    }
}

/// ASCII text, byte by byte: ASCII is already in NFKC and its case mapping
/// needs no tables. Most news text is ASCII, and this is several times
/// faster than decoding characters.
fn normalize_ascii<T: Track>(text: &str, out: &mut String, track: &mut T) {
    let mut folder = Folder::new(track);
    let bytes = text.as_bytes();
    if T::ON {
        for (i, &b) in bytes.iter().enumerate() {
            folder.source(i..i + 1);
            folder.ascii(b, out);
        }
        return;
    }
    fold_untracked(text, &mut folder, out);
}

/// Every character of NFKC `text` through `folder`, as [`Folder::any`]
/// takes them one at a time; but with nothing to track, the ASCII bytes
/// after a written one that the rules only lower-case, and the single
/// spaces between them (most of a text), are copied a stretch at a time.
fn fold_untracked<T: Track>(text: &str, folder: &mut Folder<'_, T>, out: &mut String) {
    debug_assert!(!T::ON);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii() {
            let c = text[i..].chars().next().expect("a character starts here");
            folder.char(c, out);
            i += c.len_utf8();
            continue;
        }
        folder.ascii(b, out);
        i += 1;
        if fold::plain(b) {
            let run = fold::plain_run(&bytes[i..]);
            folder.plain(&text[i..i + run], out);
            i += run;
        }
    }
}

/// Text that is not all ASCII: NFKC, then the characters' rules.
fn normalize_unicode<T: Track>(text: &str, out: &mut String, track: &mut T) {
    let mut folder = Folder::new(track);
    // Most text is already in NFKC (plain ASCII always is): skip the
    // decompose-recompose round trip when a quick check says so.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        if !T::ON {
            fold_untracked(text, &mut folder, out);
            return;
        }
        for (i, c) in text.char_indices() {
            folder.source(i..i + c.len_utf8());
            folder.any(c, out);
        }
    } else if !T::ON {
        for c in text.nfkc() {
            folder.any(c, out);
        }
    } else {
        for piece in nfkc_pieces(text) {
            let at = piece.start;
            let piece = &text[piece];
            if piece.len() == 1 {
                // An ASCII character, the commonest piece.
                folder.source(at..at + 1);
                folder.ascii(piece.as_bytes()[0], out);
            } else if is_nfkc_quick(piece.chars()) == IsNormalized::Yes {
                // Most pieces (every ASCII character is one) are already
                // in NFKC: each character is its own source.
                for (i, c) in piece.char_indices() {
                    folder.source(at + i..at + i + c.len_utf8());
                    folder.any(c, out);
                }
            } else {
                folder.source(at..at + piece.len());
                for c in piece.nfkc() {
                    folder.any(c, out);
                }
            }
        }
    }
}

/// `text` cut into pieces whose NFKC forms, joined, are the NFKC form of
/// the whole, so that each output character is known to come from its
/// piece. A piece ends before each character that NFKC can neither reorder
/// nor compose with what precedes it (UAX #15's boundary before a
/// character): one whose decomposition starts with a starter that does not
/// compose backwards. A letter and its combining marks stay one piece.
fn nfkc_pieces(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    let mut chars = text.char_indices().skip(1);
    std::iter::from_fn(move || {
        if from == text.len() {
            return None;
        }
        let start = from;
        from = chars
            .find(|&(_, c)| boundary_before(c))
            .map_or(text.len(), |(i, _)| i);
        Some(start..from)
    })
}

/// Whether NFKC leaves what comes before `c` alone: `c`'s decomposition
/// starts with a starter (combining class 0) that composes with nothing
/// before it (quick check Yes, not Maybe).
fn boundary_before(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    let first = first.unwrap_or(c);
    canonical_combining_class(first) == 0
        && is_nfkc_quick(std::iter::once(first)) == IsNormalized::Yes
}

#[cfg(test)]
mod tests;
