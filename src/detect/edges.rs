//! A record's edges: the short lines an outlet prints around a story that
//! boilerplate detection did not catch, because they are this page's own.
//!
//! Outlets wrap what they print: a header before the story (a page number,
//! "Advertisement", a photo caption, a teaser headline) and a footer after
//! it (a credit line naming this story's reporters, "Continue reading at"
//! this page's address, links to three other stories). Lines that recur at
//! the outlet are learned as boilerplate and left out; lines unique to one
//! page are not, and a lede copied under its own header and footer then
//! holds only half of itself in the original.
//!
//! A story is told in paragraphs of prose; wrapper lines are labels. So a
//! record's *core* runs from its first line of at least [`PROSE_WORDS`]
//! words to its last, and its edges are the shorter lines before and
//! after. Containment (how much of a record is inside another) is measured
//! on the core; Jaccard, candidates and everything else still see the
//! whole record. Shorter lines *between* prose lines stay in the core: new
//! text around a quoted paragraph (a rewrite, a derivative) is prose, and
//! keeps the containment of what quotes a story low.

use super::shingle::ShingleSet;

/// Words a line needs to be prose (a paragraph) rather than a label. News
/// paragraphs are a sentence or two, twenty words and up; bylines, page
/// numbers, share bars, captions and headlines are under it.
pub const PROSE_WORDS: u32 = 20;

/// Which shingles of a record's sorted set lie in its core, when it has
/// edges; a record without edges has no `Core`, its core being all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Core {
    /// Bit `i` is set when `shingles[i]` starts and ends inside the core.
    mask: Vec<u64>,
    /// Bits set.
    len: usize,
}

impl Core {
    /// The core of a record whose kept lines have these `(words, units)`
    /// in order, whose shingle sequence (one n-gram of `ngram` units from
    /// each unit on) is `sequence` and sorted set `shingles`. `None` when
    /// the record has no edges, no prose line, or a core too short for one
    /// shingle.
    pub fn of(
        lines: &[(u32, u32)],
        ngram: usize,
        sequence: &[u32],
        shingles: &ShingleSet,
    ) -> Option<Core> {
        let first = lines.iter().position(|&(w, _)| w >= PROSE_WORDS)?;
        let last = lines.iter().rposition(|&(w, _)| w >= PROSE_WORDS)?;
        let edges = lines[..first]
            .iter()
            .chain(&lines[last + 1..])
            .any(|&(w, _)| w > 0);
        if !edges {
            return None;
        }
        // A wrapper is no longer than what it wraps: where the short lines
        // outweigh the prose between them, they are the record's own
        // text (a table, a list of briefs), not an outlet's edges.
        let core_words: u32 = lines[first..=last].iter().map(|&(w, _)| w).sum();
        let all_words: u32 = lines.iter().map(|&(w, _)| w).sum();
        if all_words - core_words > core_words {
            return None;
        }
        let start: usize = lines[..first].iter().map(|&(_, u)| u as usize).sum();
        let end: usize = start
            + lines[first..=last]
                .iter()
                .map(|&(_, u)| u as usize)
                .sum::<usize>();
        // Windows that start at `start` and end by `end`.
        let windows = (end + 1).saturating_sub(ngram).min(sequence.len());
        if windows <= start {
            return None;
        }
        let mut inside: Vec<u32> = sequence[start..windows].to_vec();
        inside.sort_unstable();
        inside.dedup();
        Core::from_subset(shingles, &inside)
    }

    /// The core of a record whose sorted set is `shingles`, made of the
    /// shingles of it that `subset` (sorted, as [`Core::subset`] gives it)
    /// names; `None` for none.
    pub fn from_subset(shingles: &ShingleSet, subset: &[u32]) -> Option<Core> {
        if subset.is_empty() {
            return None;
        }
        let mut mask = vec![0u64; shingles.len().div_ceil(64)];
        let mut j = 0;
        let mut len = 0;
        for (i, s) in shingles.iter().enumerate() {
            while j < subset.len() && subset[j] < *s {
                j += 1;
            }
            if j < subset.len() && subset[j] == *s {
                mask[i / 64] |= 1 << (i % 64);
                len += 1;
            }
        }
        // Counted, not `subset.len()`: a shard's core column names only
        // shingles of its set, but a core is never larger than its set.
        (len > 0).then_some(Core { mask, len })
    }

    /// The shingles of `shingles` (the record's sorted set) in the core,
    /// sorted: what a features shard stores of it.
    pub fn subset(&self, shingles: &ShingleSet) -> Vec<u32> {
        shingles
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.has(i))
            .map(|(_, &s)| s)
            .collect()
    }

    /// Is the `i`-th shingle of the sorted set in the core?
    #[inline]
    pub fn has(&self, i: usize) -> bool {
        self.mask[i / 64] >> (i % 64) & 1 == 1
    }

    /// Shingles in the core.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No shingle in the core (never made so by [`Core::of`]).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of these word counts, one unit a word, shingled by `ngram`
    /// with each unit its own number.
    fn core(words: &[u32], ngram: usize) -> Option<Core> {
        let lines: Vec<(u32, u32)> = words.iter().map(|&w| (w, w)).collect();
        let units: u32 = words.iter().sum();
        let sequence: Vec<u32> = (0..(units as usize + 1).saturating_sub(ngram) as u32).collect();
        let shingles = sequence.clone();
        Core::of(&lines, ngram, &sequence, &shingles)
    }

    #[test]
    fn short_lines_around_the_prose_are_edges() {
        // 3 + 2 words of header, 25 + 30 of story, 4 of footer.
        let c = core(&[3, 2, 25, 30, 4], 5).unwrap();
        // Shingles from unit 5 on that end by unit 60: 5..=55.
        assert_eq!(c.len(), 51);
        assert!(!c.has(4) && c.has(5) && c.has(55) && !c.has(56));
    }

    #[test]
    fn short_lines_between_prose_stay_in_the_core() {
        let c = core(&[25, 3, 25, 2], 5).unwrap();
        // Units 0..53 hold the core: shingles 0..=48.
        assert_eq!(c.len(), 49);
        assert!(c.has(0) && c.has(48) && !c.has(49));
    }

    #[test]
    fn no_edges_or_no_prose_is_no_core() {
        assert_eq!(core(&[25, 30], 5), None);
        assert_eq!(core(&[3, 4, 5, 6], 5), None);
        assert_eq!(core(&[], 5), None);
        // Empty lines around the prose are no edge.
        assert_eq!(core(&[0, 25, 0], 5), None);
    }

    #[test]
    fn short_lines_longer_than_the_prose_are_the_records_own() {
        // A table of 20 five-word rows around one paragraph.
        let mut table = vec![5; 10];
        table.push(25);
        table.extend([5; 10]);
        assert_eq!(core(&table, 5), None);
        // As long as the prose: still edges.
        assert!(core(&[10, 25, 15], 5).is_some());
    }

    #[test]
    fn a_core_is_rebuilt_from_its_subset() {
        let lines: Vec<(u32, u32)> = [3, 25, 4].iter().map(|&w| (w, w)).collect();
        let sequence: Vec<u32> = (0..28).map(|i| i * 7 % 31).collect();
        let mut shingles = sequence.clone();
        shingles.sort_unstable();
        shingles.dedup();
        let core = Core::of(&lines, 5, &sequence, &shingles).unwrap();
        let subset = core.subset(&shingles);
        assert_eq!(subset.len(), core.len());
        assert_eq!(Core::from_subset(&shingles, &subset), Some(core));
        assert_eq!(Core::from_subset(&shingles, &[]), None);
    }

    #[test]
    fn a_core_shorter_than_a_shingle_is_no_core() {
        let lines = [(1, 1), (PROSE_WORDS, 2), (1, 1)];
        let sequence = [10, 11];
        assert_eq!(Core::of(&lines, 3, &sequence, &vec![10, 11]), None);
    }
}
