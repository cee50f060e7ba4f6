//! Texts as pieces of the origin: a reprint's text written as references
//! to the stretches of the origin's text it repeats, and the rest as text.

use std::collections::HashMap;

use serde::Serialize;

/// A piece of a text in the report: literal text, or `[start, end)` of
/// the origin's text in UTF-16 units.
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(super) enum Piece<'a> {
    Text(&'a str),
    Origin([usize; 2]),
}

/// Bytes looked up at once when finding the origin's text in another.
const KEY: usize = 16;

/// A stretch of the origin shorter than this is written out rather than
/// referred to (a reference costs about as much JSON).
const MIN_MATCH: usize = 24;

/// The origin's text, to write the other members' texts as references to
/// it: reprints repeat most of the origin verbatim, so a report holds each
/// story's text about once rather than once per outlet. Matching is on
/// bytes, not lines, so a copy re-wrapped or with straight quotes for
/// curly ones still refers to the origin between the changes.
pub(super) struct Origin<'a> {
    text: &'a [u8],
    /// Each `KEY`-byte window starting on a character, to where it first
    /// occurs.
    at: HashMap<&'a [u8], u32>,
    /// UTF-16 offset of each byte offset (meaningful on characters).
    utf16: Vec<u32>,
}

impl<'a> Origin<'a> {
    pub(super) fn of(origin: &'a str) -> Origin<'a> {
        let text = origin.as_bytes();
        let mut at = HashMap::with_capacity(text.len());
        let mut utf16 = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for (i, c) in origin.char_indices() {
            if i + KEY <= text.len() {
                at.entry(&text[i..i + KEY]).or_insert(i as u32);
            }
            utf16.resize(i, units);
            utf16.push(units);
            units += c.len_utf16() as u32;
        }
        utf16.resize(text.len() + 1, units);
        Origin { text, at, utf16 }
    }

    /// `text` as pieces: stretches of at least `MIN_MATCH` bytes found in
    /// the origin as references, the rest as text.
    pub(super) fn compact<'t>(&self, text: &'t str) -> Vec<Piece<'t>> {
        let b = text.as_bytes();
        let o = self.text;
        let mut out: Vec<Piece<'t>> = Vec::new();
        let (mut literal, mut p) = (0, 0);
        while p + KEY <= b.len() {
            let found = if text.is_char_boundary(p) {
                self.at.get(&b[p..p + KEY])
            } else {
                None
            };
            let Some(&q) = found else {
                p += 1;
                continue;
            };
            let q = q as usize;
            let mut len = KEY;
            while p + len < b.len() && q + len < o.len() && b[p + len] == o[q + len] {
                len += 1;
            }
            // Equal bytes from a character start end on a character in
            // both texts or in neither.
            while !text.is_char_boundary(p + len) {
                len -= 1;
            }
            if len < MIN_MATCH {
                p += 1;
                continue;
            }
            if literal < p {
                out.push(Piece::Text(&text[literal..p]));
            }
            let (start, end) = (self.utf16[q] as usize, self.utf16[q + len] as usize);
            match out.last_mut() {
                Some(Piece::Origin(r)) if r[1] == start => r[1] = end,
                _ => out.push(Piece::Origin([start, end])),
            }
            p += len;
            literal = p;
        }
        if literal < b.len() {
            out.push(Piece::Text(&text[literal..]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pieces` rebuilt as the script does, from UTF-16 offsets.
    fn rebuild(origin: &str, pieces: &[Piece]) -> String {
        let utf16: Vec<u16> = origin.encode_utf16().collect();
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Origin([s, e]) => String::from_utf16(&utf16[*s..*e]).unwrap(),
            })
            .collect()
    }

    #[test]
    fn texts_refer_to_the_origin_text_they_repeat() {
        let line = "A line long enough to be worth referring to, \u{e9}t\u{e9} \u{1F600}.\n";
        let origin = format!("Head\n{line}\n{line}tail");
        let o = Origin::of(&origin);
        let copy = format!("Share this\n{line}\n{line}Footer\n");
        let pieces = o.compact(&copy);
        let units = line.encode_utf16().count();
        assert_eq!(
            pieces,
            [
                // The line break before the line is the origin's too.
                Piece::Text("Share this"),
                Piece::Origin([4, 5 + 1 + 2 * units]),
                Piece::Text("Footer\n"),
            ]
        );
        assert_eq!(rebuild(&origin, &pieces), copy);
    }

    #[test]
    fn edited_copies_still_refer_to_the_origin_between_edits() {
        let origin = "\u{201C}The harbour board voted on Tuesday to close the old ferry \
            pier,\u{201D} the chair said \u{2014} after engineers found the pilings \
            had rotted through in three places.\n\nRepairs would cost more than a new \
            pier, she said, and the work would take until the spring.";
        let o = Origin::of(origin);
        // Straight quotes, a re-wrapped line, a changed word, a new header.
        let copy = origin
            .replace(['\u{201C}', '\u{201D}'], "\"")
            .replace("the old ferry pier", "the old ferry\npier")
            .replace("rotted", "decayed");
        let copy = format!("SHARE \u{1F600} THIS\n{copy}");
        let pieces = o.compact(&copy);
        assert_eq!(rebuild(origin, &pieces), copy);
        let literal: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Origin(_) => 0,
            })
            .sum();
        assert!(
            literal < copy.len() / 4,
            "{literal} of {}: {pieces:?}",
            copy.len()
        );
        // Text with nothing in common, and texts shorter than a key.
        for other in [
            "Nothing in common here at all, not one bit of it.",
            "",
            "x\u{e9}",
        ] {
            assert_eq!(
                o.compact(other),
                [Piece::Text(other)]
                    .into_iter()
                    .filter(|_| !other.is_empty())
                    .collect::<Vec<_>>()
            );
        }
    }
}
