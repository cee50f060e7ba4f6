//! A record's edges: the short lines an outlet prints around a story that
//! boilerplate detection did not catch, because they are this page's own.
//!
//! Outlets wrap what they print: a header before the story (a page number,
//! "Advertisement", a photo caption, a teaser headline) and a footer after
//! it (a credit line naming this story's reporters, "Continue reading at"
//! this page's address, links to three other stories). Lines that recur at
//! the outlet are learned as boilerplate and left out; lines unique to one
//! page are not, and a lede copied under its own header and footer then
//! holds only a third of itself in the original.
//!
//! A story is told in paragraphs of prose; wrapper lines are labels. So a
//! record's *prose* runs from its first paragraph of at least
//! [`PROSE_WORDS`] words to its last, and its edges are the shorter
//! paragraphs before and after it. A paragraph is the lines between blank
//! lines, in a text that has them (its paragraphs may be wrapped to a
//! column); in one without, a line, as scrapers write it. The numbering
//! below calls them lines.
//!
//! How much of a record is inside another (containment) is measured on its
//! *span* against that other record: its prose, widened up to the first of
//! its lines that shares anything with the other and down to the last line
//! after the prose that the other holds most of (a list of other stories'
//! headlines under the story shares a stray word run with anything, and
//! must not stretch the span over the page's own lines above it). Edge
//! lines outside the span are left out: they are the page's own, not what
//! it printed. Edge lines inside it count, and so does all the prose:
//!
//! - new text around a quoted paragraph (a rewrite, a derivative) is prose,
//!   and keeps the containment of what quotes a story low;
//! - a record with no prose line at all (a snippet on an aggregator page, a
//!   short notice) is measured on the lines it shares and those between
//!   them, so a fifteen-word snippet under a byline and over a share bar is
//!   all inside the story it quotes, while a notice sharing stock phrases
//!   scattered over its lines is measured on all of them.
//!
//! Jaccard, candidates and everything else still see the whole record.

use super::shingle::ShingleSet;

/// Words a line needs to be prose (a paragraph) rather than a label. News
/// paragraphs are a sentence or two, twenty words and up; bylines, page
/// numbers, share bars, captions and headlines are under it.
pub const PROSE_WORDS: u32 = 20;

/// Lines a record's numbering has room for (the prose counting as one): a
/// record with more edge lines than this is measured whole.
pub const MAX_LINES: usize = u8::MAX as usize + 1;

/// Where each shingle of a record lies among its lines, for records with
/// edges; a record without edges has no `Edges`, all of it being prose.
///
/// Lines are numbered in text order, the prose (from the first prose line
/// to the last) counting as one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edges {
    /// Per shingle of the sorted set: the first line it lies on, times
    /// 256, plus the last (a shingle runs across short lines).
    spans: Vec<u16>,
    /// The number of the prose line, when the record has prose.
    prose: Option<u8>,
    /// Per line, the shingles that start on it (derived from `spans`).
    sizes: Vec<u32>,
}

impl Edges {
    /// The edges of a record whose kept lines have these `(words, units)`
    /// in order, whose shingle sequence (one n-gram of `ngram` units from
    /// each unit on) is `sequence` and sorted set `shingles`. `None` when
    /// the record has no edge line, or more than the numbering holds.
    pub fn of(
        lines: &[(u32, u32)],
        ngram: usize,
        sequence: &[u32],
        shingles: &ShingleSet,
    ) -> Option<Edges> {
        let blocks = paragraphs(lines);
        let first = blocks.iter().position(|&(w, _)| w >= PROSE_WORDS);
        let last = blocks.iter().rposition(|&(w, _)| w >= PROSE_WORDS);
        // Each unit's line number.
        let mut line_of: Vec<u8> = Vec::with_capacity(sequence.len() + ngram);
        let mut number = 0usize;
        let mut prose = None;
        for (k, &(_, units)) in blocks.iter().enumerate() {
            let in_prose = first.is_some_and(|f| k >= f) && last.is_some_and(|l| k <= l);
            if !(in_prose && prose.is_some()) {
                if !line_of.is_empty() {
                    number += 1;
                }
                if number >= MAX_LINES {
                    return None;
                }
                if in_prose {
                    prose = Some(number as u8);
                }
            }
            line_of.extend(std::iter::repeat_n(number as u8, units as usize));
        }
        if number == 0 || sequence.is_empty() {
            // One line (the prose, or one label): nothing to leave out.
            return None;
        }
        // Each distinct shingle's lines where it first occurs, in set order.
        let mut at: Vec<(u32, u16)> = sequence
            .iter()
            .enumerate()
            .map(|(p, &s)| {
                let end = (p + ngram - 1).min(line_of.len() - 1);
                (s, (line_of[p] as u16) << 8 | line_of[end] as u16)
            })
            .collect();
        // Stable: of a shingle's occurrences the first stays first.
        at.sort_by_key(|&(s, _)| s);
        at.dedup_by_key(|&mut (s, _)| s);
        if at.len() != shingles.len() {
            // The set left out the outlet's furniture.
            at.retain(|&(s, _)| shingles.binary_search(&s).is_ok());
        }
        debug_assert!(at.iter().map(|&(s, _)| s).eq(shingles.iter().copied()));
        Some(Edges::new(
            at.into_iter().map(|(_, span)| span).collect(),
            prose,
        ))
    }

    /// Each shingle's first and last line (first times 256 plus last), and
    /// the prose's number: what [`Edges::from_parts`] makes edges of again
    /// (a parked record's, `super::spill`).
    pub fn parts(&self) -> (&[u16], Option<u8>) {
        (&self.spans, self.prose)
    }

    /// The edges whose [`Edges::parts`] these are.
    pub fn from_parts(spans: Vec<u16>, prose: Option<u8>) -> Edges {
        Edges::new(spans, prose)
    }

    fn new(spans: Vec<u16>, prose: Option<u8>) -> Edges {
        let mut sizes = vec![0u32; 1 + spans.iter().map(|&s| s >> 8).max().unwrap_or(0) as usize];
        for &s in &spans {
            sizes[(s >> 8) as usize] += 1;
        }
        Edges {
            spans,
            prose,
            sizes,
        }
    }

    /// The last of the lines another record holds most of: `hits[l]` of
    /// the shingles starting on line `l` are in it, and a line counts when
    /// that is at least half of them. A line of the page printed from the
    /// story shares most of itself, even copy-edited or misread; a list of
    /// other headlines shares a stray word run or a few letters (`said it
    /// would`, `ations`), which must not widen the span over it. `None`
    /// when no line does.
    pub fn last_mostly_shared(&self, hits: &[u32; MAX_LINES]) -> Option<u8> {
        hits.iter()
            .zip(&self.sizes)
            .rposition(|(&hit, &size)| hit > 0 && 2 * hit >= size)
            .map(|line| line as u8)
    }

    /// Does the record have prose (a paragraph of [`PROSE_WORDS`] or more)?
    pub fn has_prose(&self) -> bool {
        self.prose.is_some()
    }

    /// The span from `lo` to `hi` widened to the prose.
    pub fn widened(&self, lo: u8, hi: u8) -> (u8, u8) {
        match self.prose {
            Some(p) => (lo.min(p), hi.max(p)),
            None => (lo, hi),
        }
    }

    /// The first and last line of the `i`-th shingle of the sorted set.
    #[inline]
    pub fn lines(&self, i: usize) -> (u8, u8) {
        let span = self.spans[i];
        ((span >> 8) as u8, span as u8)
    }

    /// Shingles of the record inside the span from line `lo` to `hi`
    /// widened to its prose: what its containment in another record that
    /// shares lines `lo` to `hi` of it is measured on.
    pub fn inside(&self, lo: u8, hi: u8) -> usize {
        let (lo, hi) = self.widened(lo, hi);
        self.spans
            .iter()
            .filter(|&&span| (span >> 8) as u8 >= lo && span as u8 <= hi)
            .count()
    }

    /// Shingles in the prose (none without prose): the record's size when
    /// it shares nothing.
    pub fn prose_len(&self) -> usize {
        self.prose.map_or(0, |p| self.inside(p, p))
    }

    /// What a features shard stores: the prose's number (-1 for none), then
    /// each shingle's lines.
    pub fn encode(&self) -> Vec<u32> {
        std::iter::once(self.prose.map_or(u32::MAX, u32::from))
            .chain(self.spans.iter().map(|&s| s as u32))
            .collect()
    }

    /// The edges [`Edges::encode`] wrote, of a record of `shingles`
    /// shingles; `None` for an empty list (no edges), an error naming what
    /// is wrong otherwise.
    pub fn decode(encoded: &[u32], shingles: usize) -> Result<Option<Edges>, String> {
        let Some((&prose, spans)) = encoded.split_first() else {
            return Ok(None);
        };
        if spans.len() != shingles {
            return Err(format!(
                "{} edge spans for {shingles} shingles",
                spans.len()
            ));
        }
        let prose = match prose {
            u32::MAX => None,
            p => Some(u8::try_from(p).map_err(|_| format!("prose line {p} is past 255"))?),
        };
        let spans = spans
            .iter()
            .map(|&s| {
                u16::try_from(s)
                    .ok()
                    .filter(|&s| (s >> 8) <= (s & 0xff))
                    .ok_or_else(|| format!("{s} is not a first and last line"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Some(Edges::new(spans, prose)))
    }
}

/// The `(words, units)` of a record's paragraphs, from those of its lines
/// (an empty line between paragraphs, as normalization keeps a blank
/// line). A text without blank lines has a line a paragraph, as scrapers
/// write it; one with them may wrap its paragraphs, and a paragraph
/// wrapped to a column is still prose, its lines not labels.
pub fn paragraphs(lines: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let blank_lines = lines.iter().any(|&(_, units)| units == 0);
    let mut out: Vec<(u32, u32)> = Vec::new();
    let mut open = false;
    for &(words, units) in lines {
        match out.last_mut() {
            _ if units == 0 => open = false,
            Some(p) if open => *p = (p.0 + words, p.1 + units),
            _ => {
                out.push((words, units));
                open = blank_lines;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of these word counts, one unit a word, shingled by `ngram`
    /// with each unit its own number.
    fn edges(words: &[u32], ngram: usize) -> Option<Edges> {
        let lines: Vec<(u32, u32)> = words.iter().map(|&w| (w, w)).collect();
        let units: u32 = words.iter().sum();
        let sequence: Vec<u32> = (0..(units as usize + 1).saturating_sub(ngram) as u32).collect();
        let shingles = sequence.clone();
        Edges::of(&lines, ngram, &sequence, &shingles)
    }

    #[test]
    fn short_lines_around_the_prose_are_edges() {
        // 3 + 2 words of header (lines 0, 1), 25 + 30 of prose (line 2),
        // 4 of footer (line 3).
        let e = edges(&[3, 2, 25, 30, 4], 5).unwrap();
        assert_eq!(e.lines(0), (0, 1));
        assert_eq!(e.lines(5), (2, 2));
        assert_eq!(e.lines(55), (2, 2));
        assert_eq!(e.lines(56), (2, 3));
        // Sharing only prose: shingles 5..=55 count.
        assert_eq!(e.inside(2, 2), 51);
        assert_eq!(e.prose_len(), 51);
        // Sharing the footer too: all but the header's.
        assert_eq!(e.inside(2, 3), 60 - 5);
        // Sharing a header line: the span runs from it through the prose.
        assert_eq!(e.inside(1, 1), 51 + 2);
    }

    #[test]
    fn short_lines_between_prose_are_prose() {
        let e = edges(&[25, 3, 25, 2], 5).unwrap();
        // Units 0..53 are the prose (line 0): shingles 0..=48.
        assert_eq!(e.prose_len(), 49);
        assert_eq!(e.lines(48), (0, 0));
        assert_eq!(e.lines(49), (0, 1));
    }

    #[test]
    fn a_record_without_prose_is_measured_on_the_lines_it_shares() {
        // A byline, a 15-word snippet, a share bar.
        let e = edges(&[4, 15, 6], 5).unwrap();
        assert_eq!(e.prose_len(), 0);
        // The snippet's own shingles: units 4..19, windows 4..=14.
        assert_eq!(e.inside(1, 1), 11);
        assert_eq!(e.inside(0, 2), 21);
    }

    #[test]
    fn no_edges_is_none() {
        assert_eq!(edges(&[25, 30], 5), None);
        assert_eq!(edges(&[12], 5), None);
        assert_eq!(edges(&[], 5), None);
        // Empty lines around the prose are no edge.
        assert_eq!(edges(&[0, 25, 0], 5), None);
        // More short lines than the numbering holds: measured whole.
        assert_eq!(edges(&[3; MAX_LINES + 1], 5), None);
        assert!(edges(&[3; MAX_LINES], 5).is_some());
    }

    #[test]
    fn lines_between_blank_lines_are_one_paragraph() {
        // A byline, a blank line, a paragraph wrapped to three lines of 10,
        // 10 and 6 words, a blank line, a share bar.
        let e = edges(&[3, 0, 10, 10, 6, 0, 4], 5).unwrap();
        // The byline is line 0, the paragraph the prose (line 1).
        assert_eq!(e.prose, Some(1));
        assert_eq!(e.prose_len(), 22);
        // Without blank lines every line is a paragraph: no prose.
        let e = edges(&[3, 10, 10, 6, 4], 5).unwrap();
        assert_eq!(e.prose, None);
        assert_eq!(
            paragraphs(&[(3, 3), (0, 0), (0, 0), (2, 2), (1, 1)]),
            [(3, 3), (3, 3)]
        );
    }

    #[test]
    fn a_repeated_shingle_lies_where_it_first_occurs() {
        let lines = [(2, 2), (PROSE_WORDS, 2)];
        // The first line's shingle recurs in the prose.
        let sequence = [7, 8, 7];
        let e = Edges::of(&lines, 2, &sequence, &vec![7, 8]).unwrap();
        assert_eq!(e.lines(0), (0, 0));
        assert_eq!(e.lines(1), (0, 1));
    }

    #[test]
    fn edges_are_rebuilt_from_their_encoding() {
        let e = edges(&[3, 25, 4], 5).unwrap();
        let n = e.spans.len();
        assert_eq!(Edges::decode(&e.encode(), n), Ok(Some(e.clone())));
        assert_eq!(Edges::decode(&[], n), Ok(None));
        let mut bad = e.encode();
        bad.pop();
        assert!(Edges::decode(&bad, n).unwrap_err().contains("spans for"));
        let mut bad = e.encode();
        bad[1] = 2 << 8 | 1;
        assert!(Edges::decode(&bad, n).unwrap_err().contains("not a first"));
        let mut bad = e.encode();
        bad[0] = 300;
        assert!(Edges::decode(&bad, n).unwrap_err().contains("past 255"));
    }
}
