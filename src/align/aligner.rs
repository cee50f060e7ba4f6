//! The aligner: from two records' words to the passages they share.
//!
//! Matching n-grams ([`super::grams`]) on one diagonal (same offset between
//! the records) chain into maximal runs; runs are taken longest first, each
//! trimmed to the words no longer run has claimed on either side, so every
//! word is aligned at most once; runs in the same order on both sides with
//! at most `max_gap` words between them are merged (a changed word, a
//! dropped clause), and passages shorter than `min_words` are dropped as
//! stock phrases.

use std::ops::Range;

use super::grams::{Grams, matches};
use super::words::Words;
use crate::detect::shingle::MAX_NGRAM;

/// One aligned passage: the same text in both records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Words of the first record.
    pub a: Range<usize>,
    /// Words of the second record.
    pub b: Range<usize>,
}

/// The aligned passages of two records and how much of each they cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Passages, in the first record's order, not overlapping in it.
    pub passages: Vec<Passage>,
    /// Words of the first record.
    pub a_words: usize,
    /// Words of the second record.
    pub b_words: usize,
    /// Words of the first record inside a passage.
    pub a_covered: usize,
    /// Words of the second record inside a passage.
    pub b_covered: usize,
}

impl Alignment {
    /// Share of the first record's words inside a passage.
    pub fn a_share(&self) -> f64 {
        ratio(self.a_covered, self.a_words)
    }

    /// Share of the second record's words inside a passage.
    pub fn b_share(&self) -> f64 {
        ratio(self.b_covered, self.b_words)
    }

    /// The same alignment seen from the other record.
    pub fn swapped(&self) -> Alignment {
        let mut passages: Vec<Passage> = self
            .passages
            .iter()
            .map(|p| Passage {
                a: p.b.clone(),
                b: p.a.clone(),
            })
            .collect();
        passages.sort_by_key(|p| (p.a.start, p.b.start));
        Alignment {
            passages,
            a_words: self.b_words,
            b_words: self.a_words,
            a_covered: self.b_covered,
            b_covered: self.a_covered,
        }
    }

    /// For each word of the first (`first`) or second record, whether a
    /// passage covers it.
    pub fn covered(&self, first: bool) -> Vec<bool> {
        let len = if first { self.a_words } else { self.b_words };
        let mut mask = vec![false; len];
        for p in &self.passages {
            let r = if first { &p.a } else { &p.b };
            mask[r.clone()].fill(true);
        }
        mask
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Aligns pairs of texts with fixed settings.
#[derive(Debug, Clone, Copy)]
pub struct Aligner {
    ngram: usize,
    max_gap: usize,
    min_words: usize,
}

impl Default for Aligner {
    fn default() -> Aligner {
        Aligner::new(5)
    }
}

impl Aligner {
    /// An aligner seeding on word `ngram`-grams (as detection shingles),
    /// merging across gaps of up to 8 words and keeping passages of at
    /// least twice `ngram` words.
    pub fn new(ngram: usize) -> Aligner {
        let ngram = ngram.clamp(1, MAX_NGRAM);
        Aligner {
            ngram,
            max_gap: 8,
            min_words: 2 * ngram,
        }
    }

    /// Merge runs at most `words` apart on both sides.
    pub fn max_gap(mut self, words: usize) -> Aligner {
        self.max_gap = words;
        self
    }

    /// Drop passages shorter than `words` on either side.
    pub fn min_words(mut self, words: usize) -> Aligner {
        self.min_words = words;
        self
    }

    /// Align two original texts.
    pub fn align_texts(&self, a: &str, b: &str) -> Alignment {
        self.align(&self.words(a), &self.words(b))
    }

    /// The words of `text` with their n-grams hashed for this aligner:
    /// use this for a record aligned with several others.
    pub fn words(&self, text: &str) -> Words {
        let mut words = Words::of(text);
        if words.len() >= self.ngram {
            words.grams = Grams::new(&words.hashes, self.ngram);
        }
        words
    }

    /// Align two records' words.
    pub fn align(&self, a: &Words, b: &Words) -> Alignment {
        let mut out = Alignment {
            a_words: a.len(),
            b_words: b.len(),
            ..Alignment::default()
        };
        let n = self.ngram.min(a.len()).min(b.len());
        if n == 0 {
            return out;
        }
        let runs = runs(a, b, n);
        let taken = take_longest(runs, a.len(), b.len(), n);
        out.passages = self.merge(taken);
        out.a_covered = out.covered(true).iter().filter(|&&c| c).count();
        out.b_covered = out.covered(false).iter().filter(|&&c| c).count();
        out
    }

    /// Merge runs (sorted by their start in `a`) that follow each other on
    /// both sides across a small gap; drop the short ones left.
    fn merge(&self, runs: Vec<Passage>) -> Vec<Passage> {
        let mut merged: Vec<Passage> = Vec::with_capacity(runs.len());
        for run in runs {
            if let Some(last) = merged.last_mut()
                && run.a.start >= last.a.end
                && run.a.start - last.a.end <= self.max_gap
                && run.b.start >= last.b.end
                && run.b.start - last.b.end <= self.max_gap
            {
                last.a.end = run.a.end;
                last.b.end = run.b.end;
                continue;
            }
            merged.push(run);
        }
        merged.retain(|p| p.a.len().min(p.b.len()) >= self.min_words);
        merged
    }
}

/// Maximal diagonal runs of matching n-grams, as word ranges (`a` start,
/// `b` start, length in words).
fn runs(a: &Words, b: &Words, n: usize) -> Vec<(usize, usize, usize)> {
    let mut matches = matches(a, b, n);
    // On one diagonal, consecutive grams form a run.
    matches.sort_unstable();
    let mut out = Vec::new();
    let mut k = 0;
    while k < matches.len() {
        let (diag, start) = matches[k];
        let mut end = start;
        k += 1;
        while k < matches.len() && matches[k] == (diag, end + 1) {
            end += 1;
            k += 1;
        }
        let (sa, sb) = (start as usize, (start as i64 - diag) as usize);
        out.push((sa, sb, (end - start) as usize + n));
    }
    out
}

/// Take runs longest first, each trimmed to words neither side has given
/// to a longer run; pieces shorter than one n-gram are dropped. Sorted by
/// their start in `a`.
fn take_longest(
    mut runs: Vec<(usize, usize, usize)>,
    a_len: usize,
    b_len: usize,
    n: usize,
) -> Vec<Passage> {
    runs.sort_unstable_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut taken_a = vec![false; a_len];
    let mut taken_b = vec![false; b_len];
    let mut out = Vec::new();
    for (sa, sb, len) in runs {
        let mut k = 0;
        while k < len {
            if taken_a[sa + k] || taken_b[sb + k] {
                k += 1;
                continue;
            }
            let from = k;
            while k < len && !taken_a[sa + k] && !taken_b[sb + k] {
                k += 1;
            }
            if k - from >= n {
                taken_a[sa + from..sa + k].fill(true);
                taken_b[sb + from..sb + k].fill(true);
                out.push(Passage {
                    a: sa + from..sa + k,
                    b: sb + from..sb + k,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.a.start, p.b.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The harbour board voted on Tuesday to close the old ferry pier \
        after engineers found the pilings had rotted through in three places. \
        Repairs would cost more than a new pier, the board's chair said.";

    fn spans<'t>(text: &'t str, w: &Words, r: &Range<usize>) -> &'t str {
        &text[w.byte_range(r)]
    }

    #[test]
    fn identical_texts_align_whole() {
        let al = Aligner::default().align_texts(STORY, STORY);
        assert_eq!(al.passages.len(), 1);
        assert_eq!(al.a_covered, al.a_words);
        assert_eq!(al.a_share(), 1.0);
        assert_eq!(al.b_share(), 1.0);
    }

    #[test]
    fn boilerplate_and_a_changed_word_leave_one_passage_with_spans() {
        let b = format!(
            "SHARE THIS STORY on every platform you like today.\n\n{}\n\nSubscribe now.",
            STORY.replace("rotted", "decayed")
        );
        let (wa, wb) = (Words::of(STORY), Words::of(&b));
        let al = Aligner::default().align(&wa, &wb);
        assert_eq!(al.passages.len(), 1, "{al:?}");
        let p = &al.passages[0];
        assert!(spans(STORY, &wa, &p.a).starts_with("The harbour board"));
        assert!(spans(&b, &wb, &p.b).starts_with("The harbour board"));
        assert!(spans(&b, &wb, &p.b).ends_with("chair said"));
        assert_eq!(al.a_share(), 1.0);
        assert!(al.b_share() < 0.8);
    }

    #[test]
    fn reordered_paragraphs_are_separate_passages() {
        let p1 = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima.";
        let p2 = "Mike november oscar papa quebec romeo sierra tango uniform victor whiskey.";
        let a = format!("{p1}\n\n{p2}");
        let b = format!("{p2}\n\n{p1}");
        let al = Aligner::default().align_texts(&a, &b);
        assert_eq!(al.passages.len(), 2);
        assert_eq!(al.a_covered, al.a_words);
        assert_eq!(al.swapped().swapped(), al);
    }

    #[test]
    fn a_shared_stock_phrase_is_not_a_passage() {
        let a = "Officials said in a statement on Monday that the bridge would reopen.";
        let b = "The mayor said in a statement on Monday that taxes would fall sharply.";
        let al = Aligner::default().align_texts(a, b);
        assert!(al.passages.is_empty(), "{al:?}");
        assert!(
            !Aligner::default()
                .min_words(5)
                .align_texts(a, b)
                .passages
                .is_empty()
        );
    }

    #[test]
    fn repeated_text_does_not_blow_up_and_aligns_once() {
        let a = "spam ".repeat(5000);
        let al = Aligner::default().align_texts(&a, &a);
        assert!(al.a_covered <= al.a_words);
        let b = format!("{a} {STORY}");
        let al = Aligner::default().align_texts(STORY, &b);
        assert_eq!(al.a_share(), 1.0);
    }

    #[test]
    fn runs_chain_matching_grams_on_one_diagonal() {
        let a = Aligner::new(2).words("a b c d x y z");
        let b = Aligner::new(2).words("q a b c d r y z");
        let mut r = runs(&a, &b, 2);
        r.sort_unstable();
        // "a b c d" (three 2-grams from a's word 0, b's word 1) and "y z".
        assert_eq!(r, [(0, 1, 4), (5, 6, 2)]);
    }

    #[test]
    fn longer_runs_take_their_words_first() {
        // A run of 5 and an overlapping one of 4 sharing a's words 3-4: the
        // shorter keeps only what is left, if still a whole n-gram.
        let taken = take_longest(vec![(3, 10, 4), (0, 0, 5)], 8, 20, 2);
        assert_eq!(
            taken,
            [Passage { a: 0..5, b: 0..5 }, Passage { a: 5..7, b: 12..14 },]
        );
        let taken = take_longest(vec![(3, 10, 3), (0, 0, 5)], 8, 20, 2);
        assert_eq!(taken, [Passage { a: 0..5, b: 0..5 }]);
    }

    #[test]
    fn merge_bridges_small_gaps_in_order_and_drops_short_passages() {
        let p = |a: Range<usize>, b: Range<usize>| Passage { a, b };
        let al = Aligner::new(2).max_gap(2).min_words(6);
        let merged = al.merge(vec![p(0..4, 10..14), p(6..9, 16..19), p(20..22, 0..2)]);
        assert_eq!(merged, [p(0..9, 10..19)]);
        // Out of order on the second side: not merged, and both too short.
        assert!(al.merge(vec![p(0..4, 10..14), p(6..9, 0..3)]).is_empty());
    }

    #[test]
    fn alignment_shares_and_masks() {
        let al = Alignment {
            passages: vec![Passage { a: 1..3, b: 0..2 }],
            a_words: 4,
            b_words: 2,
            a_covered: 2,
            b_covered: 2,
        };
        assert_eq!((al.a_share(), al.b_share()), (0.5, 1.0));
        assert_eq!(al.covered(true), [false, true, true, false]);
        assert_eq!(al.swapped().covered(true), [true, true]);
        assert_eq!(Alignment::default().a_share(), 0.0);
    }
}
