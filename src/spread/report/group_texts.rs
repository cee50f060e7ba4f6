//! Each group's texts and shared passages for the side-by-side comparison,
//! one JSON element per group, parsed only when the comparison is opened.
//!
//! Texts other than the origin's are written as references to it
//! ([`super::compact`]); passages are given in UTF-16 units, as JavaScript
//! indexes strings.

use serde::Serialize;

use super::compact::{Origin, Piece};
use crate::spread::model::GroupSpread;
use crate::spread::texts::Texts;

/// Texts and passages of one group, parsed on demand.
#[derive(Serialize)]
pub(super) struct GroupTexts<'a> {
    /// One text per member (then per related record), in timeline order;
    /// the origin's whole, the others as pieces ([`Origin::compact`]).
    texts: Vec<Vec<Piece<'a>>>,
    /// Per entry: passages as `[a_start, a_end, b_start, b_end]` in UTF-16
    /// units (JavaScript string offsets), `a` in the quoted text.
    marks: Vec<Vec<[usize; 4]>>,
}

pub(super) fn group_texts<'a>(g: &GroupSpread, texts: &'a Texts) -> GroupTexts<'a> {
    let mut out = GroupTexts {
        texts: Vec::new(),
        marks: Vec::new(),
    };
    let origin = texts.get(g.members[0].index);
    let lines = Origin::of(origin);
    for (k, m) in g.members.iter().enumerate() {
        let b = texts.get(m.index);
        if k == 0 {
            out.texts.push(vec![Piece::Text(origin)]);
            out.marks.push(Vec::new());
        } else {
            out.texts.push(lines.compact(b));
            out.marks
                .push(marks(origin, b, m.passages.iter().map(|p| (p.a, p.b))));
        }
    }
    for r in &g.related {
        let source = g.members.iter().find(|m| m.id == r.source);
        let a = source.map_or("", |m| texts.get(m.index));
        let b = texts.get(r.index);
        out.texts.push(lines.compact(b));
        out.marks
            .push(marks(a, b, r.passages.iter().map(|p| (p.a, p.b))));
    }
    out
}

/// Character spans (as [`crate::spread::PassageOut`] holds them) to UTF-16
/// offsets, as `[a_start, a_end, b_start, b_end]`.
fn marks(
    a: &str,
    b: &str,
    spans: impl Iterator<Item = ([usize; 2], [usize; 2])>,
) -> Vec<[usize; 4]> {
    let spans: Vec<_> = spans.collect();
    let oa = utf16_offsets(a, spans.iter().flat_map(|(x, _)| *x));
    let ob = utf16_offsets(b, spans.iter().flat_map(|(_, y)| *y));
    (0..spans.len())
        .map(|k| [oa[2 * k], oa[2 * k + 1], ob[2 * k], ob[2 * k + 1]])
        .collect()
}

/// The UTF-16 offset of each character offset (in the order given) of
/// `text`.
fn utf16_offsets(text: &str, chars: impl Iterator<Item = usize>) -> Vec<usize> {
    let chars: Vec<usize> = chars.collect();
    if text.is_ascii() {
        return chars;
    }
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by_key(|&k| chars[k]);
    let mut out = vec![0; chars.len()];
    let (mut seen, mut units) = (0, 0);
    let mut iter = text.chars();
    for k in order {
        while seen < chars[k] {
            let Some(c) = iter.next() else { break };
            units += c.len_utf16();
            seen += 1;
        }
        out[k] = units;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::{STORY, record, spread_of};

    #[test]
    fn the_origin_is_whole_and_the_others_refer_to_it_with_utf16_marks() {
        let corpus = [
            record("o", &[("date", "2024-03-01")], STORY),
            record(
                "r",
                &[("date", "2024-03-02")],
                &format!("\u{1F600} Share. {STORY}"),
            ),
        ]
        .concat();
        let (spread, texts) = spread_of(&corpus);
        let g = &spread.groups[0];
        let out = group_texts(g, &texts);
        assert_eq!(out.texts.len(), 2);
        assert_eq!(out.texts[0], [Piece::Text(STORY)]);
        assert!(out.marks[0].is_empty());
        assert_eq!(out.texts[1][0], Piece::Text("\u{1F600} Share. "));
        assert!(matches!(out.texts[1][1], Piece::Origin([0, _])));
        // One passage; the emoji is one character but two UTF-16 units.
        let p = &g.members[1].passages[0];
        assert_eq!(out.marks[1], [[p.a[0], p.a[1], p.b[0] + 1, p.b[1] + 1]]);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let t = "a\u{1F600}b\u{e9}c";
        // characters: a=0, emoji=1, b=2, é=3, c=4; UTF-16: the emoji is two
        assert_eq!(
            utf16_offsets(t, [4, 0, 2, 3, 5].into_iter()),
            [5, 0, 3, 4, 6]
        );
        assert_eq!(utf16_offsets("abc", [3, 1].into_iter()), [3, 1]);
    }
}
