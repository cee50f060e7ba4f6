//! The word n-grams alignment seeds on, and where two records share them.
//!
//! Seeding pairs up the n-grams both records hold: each of the second
//! record's n-grams is looked up among the first's. A record aligned with
//! many others (the origin of a spread) keeps its n-grams sorted and
//! indexed with its words ([`super::Words::index`]), so that is done once;
//! otherwise they are sorted per alignment and looked up by binary search.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::words::Words;
use crate::detect::hash::Passthrough;
use crate::detect::shingle::Shingler;

/// An n-gram the first record holds more often than this seeds no run.
pub const MAX_REPEAT: usize = 32;

/// A record's `n`-gram hashes, kept with its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Grams {
    /// The n-gram length these are for (0: none kept).
    n: usize,
    /// The hashes in text order.
    hashes: Vec<u32>,
    /// The same as `(hash, position)`, sorted (from [`Grams::index`]).
    sorted: Vec<(u32, u32)>,
    /// Where each hash's run starts in `sorted`, and its length.
    lookup: HashMap<u32, (u32, u32), BuildHasherDefault<Passthrough>>,
}

impl Grams {
    /// The `n`-grams of a text with word hashes `words`.
    pub(super) fn new(words: &[u32], n: usize) -> Grams {
        let mut grams = Grams {
            n,
            ..Grams::default()
        };
        Shingler::new(n).sequence_into(words, &mut grams.hashes);
        grams
    }

    /// Sort and index the n-grams, once for many lookups.
    pub(super) fn index(&mut self) {
        if self.sorted.is_empty() && !self.hashes.is_empty() {
            self.sorted = sorted_grams(&self.hashes);
            self.lookup.reserve(self.sorted.len());
            let mut k = 0;
            while k < self.sorted.len() {
                let h = self.sorted[k].0;
                let run = self.sorted[k..].partition_point(|x| x.0 == h);
                self.lookup.insert(h, (k as u32, run as u32));
                k += run;
            }
        }
    }
}

/// Every `(i, j)` where `n`-gram `i` of `a` equals `n`-gram `j` of `b`, as
/// `(diagonal, i)` with diagonal `i - j`; n-grams `a` holds more than
/// [`MAX_REPEAT`] times are left out.
pub(super) fn matches(a: &Words, b: &Words, n: usize) -> Vec<(i64, u32)> {
    // Each of `b`'s n-grams looked up among `a`'s (in a table built once
    // when `a` is aligned with many, else by binary search).
    let gb = grams(b, n);
    let mut matches: Vec<(i64, u32)> = Vec::new();
    let mut push = |positions: &[(u32, u32)], j: usize| {
        if positions.len() <= MAX_REPEAT {
            for &(_, i) in positions {
                matches.push((i as i64 - j as i64, i));
            }
        }
    };
    let ga = &a.grams;
    if ga.n == n && !ga.sorted.is_empty() {
        for (j, h) in gb.iter().enumerate() {
            if let Some(&(from, len)) = ga.lookup.get(h) {
                push(&ga.sorted[from as usize..(from + len) as usize], j);
            }
        }
    } else {
        let ka = sorted_grams(&grams(a, n));
        for (j, &h) in gb.iter().enumerate() {
            let from = ka.partition_point(|x| x.0 < h);
            let to = from + ka[from..].partition_point(|x| x.0 == h);
            push(&ka[from..to], j);
        }
    }
    matches
}

/// The `n`-gram hashes of `words` in order: the cached ones when they are
/// for `n`.
fn grams(words: &Words, n: usize) -> Cow<'_, [u32]> {
    if words.grams.n == n {
        Cow::Borrowed(&words.grams.hashes)
    } else {
        let mut grams = Vec::new();
        Shingler::new(n).sequence_into(&words.hashes, &mut grams);
        Cow::Owned(grams)
    }
}

/// N-gram hashes as `(hash, position)`, sorted.
fn sorted_grams(grams: &[u32]) -> Vec<(u32, u32)> {
    let mut keyed: Vec<(u32, u32)> = grams
        .iter()
        .enumerate()
        .map(|(i, &h)| (h, i as u32))
        .collect();
    keyed.sort_unstable();
    keyed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words with n-grams for `n`, as the aligner makes them.
    fn words(text: &str, n: usize) -> Words {
        let mut w = Words::of(text);
        w.grams = Grams::new(&w.hashes, n);
        w
    }

    #[test]
    fn indexed_and_searched_lookups_agree() {
        let a = "one two three four one two three four five six one two three";
        let b = "zero one two three four five six seven one two three";
        let (mut wa, wb) = (words(a, 3), words(b, 3));
        let mut searched = matches(&wa, &wb, 3);
        wa.index();
        assert!(!wa.grams.sorted.is_empty());
        let mut indexed = matches(&wa, &wb, 3);
        searched.sort_unstable();
        indexed.sort_unstable();
        assert_eq!(indexed, searched);
        // "one two three" is gram 0 of `a` and gram 1 of `b`.
        assert!(indexed.contains(&(-1, 0)));
        // Grams for another n are made afresh, not taken from the index.
        assert_eq!(
            matches(&wa, &wb, 2).len(),
            matches(&words(a, 2), &wb, 2).len()
        );
    }

    #[test]
    fn common_grams_seed_nothing() {
        let a = "spam ".repeat(MAX_REPEAT + 2);
        let wa = words(&a, 1);
        assert!(matches(&wa, &words("spam", 1), 1).is_empty());
        let a = "spam ".repeat(MAX_REPEAT);
        assert_eq!(
            matches(&words(&a, 1), &words("spam", 1), 1).len(),
            MAX_REPEAT
        );
    }

    #[test]
    fn sorted_grams_keep_positions() {
        assert_eq!(sorted_grams(&[7, 3, 7]), [(3, 1), (7, 0), (7, 2)]);
    }
}
