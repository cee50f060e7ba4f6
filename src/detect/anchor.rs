//! Anchors: a containment-aware candidate index for excerpts.
//!
//! MinHash/LSH finds pairs by Jaccard, and a middle page holding a fifth of
//! an article has Jaccard about 0.2 with it: LSH tuned for 0.5 misses it.
//! Anchors find it regardless of the size ratio. Each record keeps the
//! shingles chosen by winnowing (Schleimer, Wilkerson and Aiken, SIGMOD
//! 2003): the smallest hash of every window of `window` consecutive
//! shingles. Winnowing guarantees that two records sharing a run of at least
//! `window` consecutive shingles share an anchor, whatever else either holds,
//! while keeping only about `2 / (window + 1)` of the shingles. Records
//! sharing an anchor become candidates; exact verification decides.
//!
//! An anchor held by more than `max_postings` records is text repeated across
//! the corpus (boilerplate, a stock phrase); pairing all its holders would be
//! quadratic and they are not reprints for sharing it, so it is left out.

use rayon::prelude::*;

use super::hash::{fold, mix64};
use super::lsh::Pair;

/// Characters an anchor of character shingles covers at least: about four
/// words. A six-letter shingle is a piece of one word ("saidth"), held by
/// thousands of records of any corpus; winnowed on its own, most anchors a
/// short excerpt shares with its story are too common to follow, and the
/// excerpt is never a candidate. Word shingles are distinctive as they
/// are.
pub const ANCHOR_CHARS: usize = 24;

/// Shingles an anchor of `ngram`-unit shingles is made of, spaced `ngram`
/// apart (1: the shingle itself).
pub fn run_length(chars: bool, ngram: usize) -> usize {
    if chars {
        ANCHOR_CHARS.div_ceil(ngram.max(1))
    } else {
        1
    }
}

/// The hashes of runs of `run` shingles of `sequence`, each `ngram` units
/// after the one before (so together they cover `run * ngram` units
/// without overlap), into `out`: what anchors of character shingles are
/// winnowed from. A sequence too short for one run gives none.
pub fn runs_into(sequence: &[u32], ngram: usize, run: usize, out: &mut Vec<u32>) {
    out.clear();
    let reach = (run - 1) * ngram;
    if sequence.len() <= reach {
        return;
    }
    out.extend((0..sequence.len() - reach).map(|i| {
        let mut h = 0u64;
        for k in 0..run {
            h = mix64(h ^ sequence[i + k * ngram] as u64);
        }
        fold(h)
    }));
}

/// The winnowed anchors of a shingle sequence (in text order), as a sorted
/// set into `out`.
pub fn winnow_into(sequence: &[u32], window: usize, out: &mut Vec<u32>) {
    out.clear();
    if sequence.is_empty() {
        return;
    }
    let window = window.max(1);
    if sequence.len() <= window {
        out.push(*sequence.iter().min().expect("non-empty"));
        return;
    }
    // Position of the current window's minimum (rightmost on ties, so a
    // run of equal hashes yields one anchor, as in the paper).
    let mut min_at = usize::MAX;
    for end in window..=sequence.len() {
        let start = end - window;
        if min_at == usize::MAX || min_at < start {
            min_at = start;
            for i in start..end {
                if sequence[i] <= sequence[min_at] {
                    min_at = i;
                }
            }
            out.push(sequence[min_at]);
        } else if sequence[end - 1] <= sequence[min_at] {
            min_at = end - 1;
            out.push(sequence[min_at]);
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// What the anchor index did, for `-v`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnchorStats {
    /// Distinct anchors held by two or more records.
    pub shared: usize,
    /// Of those, anchors left out for being held by too many records.
    pub too_common: usize,
}

/// Holders above which an anchor links them as a star around its first
/// holder instead of pairing them all. Every pair of an anchor's holders
/// costs a meeting, so a few thousand anchors each held by a couple of
/// hundred records (stock phrases of a million-record corpus) cost more
/// than all the rest; a story's own anchors are rarely held this widely.
pub const STAR: usize = 64;

/// Shared anchors that make two records a candidate pair. One shared
/// anchor is weak evidence (a stock phrase, a quoted sentence); asking for
/// two cuts the pairs to verify several-fold, while a shared run of
/// 2 × window shingles always yields two. Records with no more anchors than
/// this need only one.
pub const MIN_HITS: usize = 2;

/// Parts of the anchors' range postings are made a part at a time in
/// ([`candidates`]), and the shift that gives an anchor's part.
const POSTING_PARTS: u32 = 8;
const POSTING_SHIFT: u32 = 29;

/// Candidate pairs: records sharing at least `min_hits` anchors (one, for a
/// record with no more than `min_hits` anchors) held by at most
/// `max_postings` records. `skip[i]` marks records that take no part.
///
/// Pairs are counted per record, not over the whole corpus: each record
/// walks the postings of its own anchors, tallies the later records it
/// meets and keeps those met often enough. Listing every (pair, anchor)
/// occurrence and sorting them would hold tens of millions of entries at
/// 100,000 records; this holds one record's worth per core and comes out
/// already sorted.
pub fn candidates<A: AsRef<[u32]> + Sync>(
    anchors: &[A],
    skip: &[bool],
    max_postings: usize,
    min_hits: usize,
) -> (Vec<Pair>, AnchorStats) {
    // Postings are made and read an eighth of the anchors' range at a
    // time (by their top bits, so the runs still come in anchor order): a
    // million records hold tens of millions of anchors, and the whole
    // table at once was the anchor stage's peak memory.
    let mut stats = AnchorStats::default();
    // The anchors worth following, held by 2 to `max_postings` records:
    // run k's holders are `docs[starts[k]..starts[k + 1]]`, in order; and
    // each record's runs, as (record, k) sorted, so no record has to look
    // its anchors up (a binary search per anchor over a table this size
    // misses the cache at every step).
    let mut starts: Vec<u32> = Vec::new();
    let mut docs: Vec<u32> = Vec::new();
    let mut postings: Vec<(u32, u32)> = Vec::new();
    for part in 0..POSTING_PARTS {
        postings.clear();
        for (doc, set) in anchors.iter().enumerate() {
            if !skip[doc] {
                postings.extend(
                    set.as_ref()
                        .iter()
                        .filter(|&&a| a >> POSTING_SHIFT == part)
                        .map(|&a| (a, doc as u32)),
                );
            }
        }
        postings.par_sort_unstable();
        for run in postings.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            stats.shared += 1;
            if !followed(run.len(), max_postings) {
                stats.too_common += 1;
                continue;
            }
            starts.push(docs.len() as u32);
            docs.extend(run.iter().map(|&(_, d)| d));
        }
    }
    starts.push(docs.len() as u32);
    drop(postings);
    let holders = |k: u32| &docs[starts[k as usize] as usize..starts[k as usize + 1] as usize];
    let short = |d: u32| is_short(anchors[d as usize].as_ref().len(), min_hits);
    let keeps = |hits: usize, short_a: bool, short_b: bool| keeps(hits, short_a, short_b, min_hits);
    // Each record's runs are made for a range of records at a time (an
    // eighth of them): the whole (record, run) table was as large as the
    // postings. Ranges come in record order, so the pairs come sorted.
    let records = anchors.len() as u32;
    let per_part = records.div_ceil(POSTING_PARTS).max(1);
    let mut pairs: Vec<Pair> = Vec::new();
    let mut doc_runs: Vec<(u32, u32)> = Vec::new();
    for from in (0..records).step_by(per_part as usize) {
        let to = from.saturating_add(per_part);
        doc_runs.clear();
        for (k, bounds) in starts.windows(2).enumerate() {
            let held = &docs[bounds[0] as usize..bounds[1] as usize];
            doc_runs.extend(
                held.iter()
                    .filter(|&&d| (from..to).contains(&d))
                    .map(|&d| (d, k as u32)),
            );
        }
        doc_runs.par_sort_unstable();
        let part: Vec<Pair> = doc_runs
            .par_chunk_by(|x, y| x.0 == y.0)
            .map_init(Vec::new, |met: &mut Vec<u32>, runs| {
                let a = runs[0].0;
                met.clear();
                for &(_, k) in runs {
                    met.extend_from_slice(meets(holders(k), a));
                }
                met.sort_unstable();
                // A pair is met once per anchor it shares (see MIN_HITS).
                met.chunk_by(|x, y| x == y)
                    .filter(|run| keeps(run.len(), short(a), short(run[0])))
                    .map(|run| (a, run[0]))
                    .collect::<Vec<Pair>>()
            })
            .flatten()
            .collect();
        pairs.extend(part);
    }
    (pairs, stats)
}

/// Is an anchor held by `holders` records followed at all: shared, and
/// held by no more than `max_postings` (text repeated across the corpus is
/// left out).
pub fn followed(holders: usize, max_postings: usize) -> bool {
    (2..=max_postings).contains(&holders)
}

/// The later holders record `a` meets through one anchor, whose holders
/// are `held` (sorted, `a` among them). A widely held anchor (more than
/// [`STAR`]) links its holders to the first one only, as a big LSH bucket
/// does: k meetings, not k²/2; copies of one story still meet through
/// their rarer anchors.
pub fn meets(held: &[u32], a: u32) -> &[u32] {
    if held.len() > STAR {
        return if held.first() == Some(&a) {
            &held[1..]
        } else {
            &[]
        };
    }
    &held[held.partition_point(|&d| d <= a)..]
}

/// Does a record with `anchors` anchors need only one shared anchor (it
/// has no more than `min_hits`)?
pub fn is_short(anchors: usize, min_hits: usize) -> bool {
    anchors <= min_hits
}

/// Is a pair met through `hits` followed anchors a candidate: at least
/// `min_hits` of them, or one when either record is short (see
/// [`MIN_HITS`]).
pub fn keeps(hits: usize, short_a: bool, short_b: bool, min_hits: usize) -> bool {
    hits >= min_hits || short_a || short_b
}

/// Every meeting through one followed anchor held by `held` (sorted): the
/// per-anchor form of what [`candidates`] counts per record, for a run
/// whose postings are shuffled by anchor (a distributed run). A pair is a
/// candidate when [`keeps`] accepts the number of its meetings.
pub fn bucket_meetings(held: &[u32], out: &mut Vec<Pair>) {
    for &a in held {
        out.extend(meets(held, a).iter().map(|&b| (a, b)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(range: std::ops::Range<u64>) -> Vec<u32> {
        range.map(|x| mix64(x) as u32).collect()
    }

    #[test]
    fn runs_cover_ngram_spaced_shingles() {
        let sequence = seq(0..30);
        let mut runs = Vec::new();
        runs_into(&sequence, 6, 4, &mut runs);
        // A run from each shingle with three more 6, 12 and 18 after it.
        assert_eq!(runs.len(), 30 - 18);
        // A run depends on its own four shingles and no others: the same
        // shingles elsewhere (an excerpt) give the same run.
        let mut excerpt = seq(900..905);
        excerpt.extend_from_slice(&sequence[3..25]);
        let mut other = Vec::new();
        runs_into(&excerpt, 6, 4, &mut other);
        assert_eq!(other[5], runs[3]);
        assert_ne!(runs[0], runs[1]);
        // Too short for one run: none.
        runs_into(&sequence[..18], 6, 4, &mut runs);
        assert!(runs.is_empty());
        assert_eq!(run_length(true, 6), 4);
        assert_eq!(run_length(false, 5), 1);
    }

    #[test]
    fn shared_run_of_window_length_shares_an_anchor() {
        // A long record and an excerpt of exactly `window` of its shingles,
        // wrapped in unrelated text: winnowing guarantees a common anchor.
        let window = 16;
        let long = seq(0..1000);
        for start in [0usize, 100, 480, 984] {
            let mut excerpt = seq(5000..5040);
            excerpt.extend_from_slice(&long[start..start + window]);
            excerpt.extend(seq(6000..6040));
            let (mut a, mut b) = (Vec::new(), Vec::new());
            winnow_into(&long, window, &mut a);
            winnow_into(&excerpt, window, &mut b);
            assert!(
                a.iter().any(|x| b.binary_search(x).is_ok()),
                "no shared anchor for excerpt at {start}"
            );
        }
    }

    #[test]
    fn density_is_about_two_over_window() {
        let mut out = Vec::new();
        winnow_into(&seq(0..10_000), 16, &mut out);
        let density = out.len() as f64 / 10_000.0;
        assert!((0.08..0.16).contains(&density), "density {density}");
    }

    #[test]
    fn short_sequence_gets_one_anchor() {
        let mut out = Vec::new();
        winnow_into(&[5, 3, 9], 16, &mut out);
        assert_eq!(out, vec![3]);
    }

    #[test]
    fn long_records_need_two_shared_anchors() {
        let anchors = vec![
            vec![1, 2, 3, 4],
            vec![1, 5, 6, 7],
            vec![1, 2, 8, 9],
            vec![1],
        ];
        let (pairs, _) = candidates(&anchors, &[false; 4], 10, 2);
        // 0-2 share two anchors; 3 is short, so one shared anchor will do.
        assert_eq!(pairs, vec![(0, 2), (0, 3), (1, 3), (2, 3)]);
    }

    #[test]
    fn widely_held_anchors_link_as_a_star() {
        // 70 records share two anchors, more than STAR hold each: every
        // one is linked to the first, not to each other (69 pairs, not
        // 2,415).
        let n = STAR as u32 + 6;
        let anchors: Vec<Vec<u32>> = (0..n).map(|_| vec![1, 2]).collect();
        let (pairs, _) = candidates(&anchors, &vec![false; n as usize], 1000, 2);
        let star: Vec<Pair> = (1..n).map(|d| (0, d)).collect();
        assert_eq!(pairs, star);
    }

    #[test]
    fn too_common_anchors_are_left_out() {
        let anchors = vec![vec![1, 7], vec![1, 8], vec![1, 7], vec![1]];
        let (pairs, stats) = candidates(&anchors, &[false; 4], 3, 1);
        assert_eq!(pairs, vec![(0, 2)]);
        assert_eq!(
            stats,
            AnchorStats {
                shared: 2,
                too_common: 1
            }
        );
    }

    /// The per-anchor form (postings grouped by anchor, meetings counted
    /// per pair) gives exactly the pairs of the per-record one.
    #[test]
    fn bucket_meetings_counted_give_the_same_pairs() {
        // Records holding anchors from a small alphabet, so anchors are
        // shared by few, many (past STAR) and too many (past max_postings).
        let n = 300u32;
        let anchors: Vec<Vec<u32>> = (0..n)
            .map(|d| {
                let mut set: Vec<u32> = (0..(d % 7))
                    .map(|k| (mix64(u64::from(d * 31 + k)) % 40) as u32)
                    .collect();
                // Held by 100 (past STAR) and by 150 (past max_postings).
                if d % 3 == 0 {
                    set.extend([1000, 1001]);
                }
                if d % 2 == 0 {
                    set.push(2000);
                }
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        let skip: Vec<bool> = (0..n).map(|d| d % 11 == 0).collect();
        let max_postings = 120;
        let (expected, _) = candidates(&anchors, &skip, max_postings, MIN_HITS);
        let mut postings: Vec<(u32, u32)> = Vec::new();
        for (d, set) in anchors.iter().enumerate() {
            if !skip[d] {
                postings.extend(set.iter().map(|&a| (a, d as u32)));
            }
        }
        postings.sort_unstable();
        let mut met = Vec::new();
        for run in postings.chunk_by(|x, y| x.0 == y.0) {
            if followed(run.len(), max_postings) {
                let held: Vec<u32> = run.iter().map(|&(_, d)| d).collect();
                bucket_meetings(&held, &mut met);
            }
        }
        met.sort_unstable();
        let short = |d: u32| is_short(anchors[d as usize].len(), MIN_HITS);
        let got: Vec<Pair> = met
            .chunk_by(|x, y| x == y)
            .filter(|run| keeps(run.len(), short(run[0].0), short(run[0].1), MIN_HITS))
            .map(|run| run[0])
            .collect();
        assert!(expected.len() > 100, "{}", expected.len());
        assert_eq!(got, expected);
    }
}
