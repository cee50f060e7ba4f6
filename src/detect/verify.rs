//! Verification: exact similarity of candidate pairs on their shingle sets.
//!
//! Candidates are only likely; every pair is checked exactly before it can
//! join a group. Two measures, because syndication makes two kinds of copy:
//! - Jaccard, `|A∩B| / |A∪B|`, for whole reprints;
//! - containment, `|A∩B| / min(|A|,|B|)`, for excerpts: a page of a
//!   five-page article has Jaccard 0.2 with it but containment near 1.
//!
//! Containment alone would join any short record to a long one that happens
//! to hold its few shingles, so it also needs `min_shared` shingles in common.

use rayon::prelude::*;

use crate::messages::Messages;
use crate::num::ratio;
use crate::progress::Stage;

use super::blocking::Blocking;
use super::edges::MAX_LINES;
use super::features::Set;
use super::lsh::Pair;
use super::params::Params;
use super::shingle::ShingleSet;
use super::spill::{Loaded, Sets};

/// Share of a record inside another above which it is all there: an
/// excerpt when the other way round is below it.
pub const WHOLE: f64 = 0.9;

/// Size of the intersection of two sorted, deduplicated sets.
pub fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    // Walk the smaller set, galloping in the larger when sizes differ a lot.
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0;
    }
    if large.len() / small.len() >= 16 {
        let mut rest = large;
        let mut count = 0;
        for x in small {
            match rest.binary_search(x) {
                Ok(i) => {
                    count += 1;
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
        }
        return count;
    }
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < small.len() && j < large.len() {
        let (x, y) = (small[i], large[j]);
        i += (x <= y) as usize;
        j += (y <= x) as usize;
        count += (x == y) as usize;
    }
    count
}

/// Exact similarity of two records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Shingles in common.
    pub shared: usize,
    /// Shingles of the first record.
    pub len_a: usize,
    /// Shingles of the second record.
    pub len_b: usize,
    /// Shingles of the first record's span against the second (see
    /// [`super::edges`]) that the second holds, and the span's size:
    /// `shared` and `len_a` when it has no edges. A span can leave out
    /// lines after the prose that hold a few shared shingles, so `in_a`
    /// can be below `shared`; the verify stage's files carry both.
    pub in_a: usize,
    /// The first record's span size.
    pub core_a: usize,
    /// The same of the second record.
    pub in_b: usize,
    /// The second record's span size.
    pub core_b: usize,
}

impl Similarity {
    /// A similarity of records without edges: `shared` of `len_a` and
    /// `len_b` shingles.
    pub fn new(shared: usize, len_a: usize, len_b: usize) -> Similarity {
        Similarity {
            shared,
            len_a,
            len_b,
            in_a: shared,
            core_a: len_a,
            in_b: shared,
            core_b: len_b,
        }
    }

    /// Measure two sets, as records without edges.
    pub fn of(a: &ShingleSet, b: &ShingleSet) -> Similarity {
        Similarity::new(intersection_size(a, b), a.len(), b.len())
    }

    /// Measure two records: their sets, and containment on each one's
    /// span against the other (see [`super::edges`]).
    pub fn between(a: Set<'_>, b: Set<'_>) -> Similarity {
        if a.edges.is_none() && b.edges.is_none() {
            return Similarity::new(
                intersection_size(a.shingles, b.shingles),
                a.shingles.len(),
                b.shingles.len(),
            );
        }
        let (x, y) = (a.shingles, b.shingles);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        // Where the shared shingles lie among each record's lines.
        let (mut tally_a, mut tally_b) = (Tally::new(), Tally::new());
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    if let Some(e) = a.edges {
                        tally_a.note(e.lines(i));
                    }
                    if let Some(e) = b.edges {
                        tally_b.note(e.lines(j));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        // What a record is measured on: all of it without edges; its
        // prose when it shares nothing; else its span, from the first line
        // a shared shingle touches, through the prose, to the last line
        // after the prose the other holds most of (`Edges::last_mostly_shared`):
        // below the story a page lists other stories, whose headlines share
        // a stray word run with anything. Above it, any shared shingle
        // still counts: a page's head holds its photos' captions, which
        // other pages embed, and narrowing there took a gallery of captions
        // for an excerpt of each page that embeds one (on generated wild
        // corpora). A record without prose is measured on every line a
        // shared shingle touches (a notice sharing stock phrases over its
        // lines on all of them, a snippet under a byline on itself).
        let span = |f: Set<'_>, tally: &Tally| match f.edges {
            None => None,
            Some(e) => {
                let (lo, hi) = match e.last_mostly_shared(&tally.hits) {
                    Some(last) if e.has_prose() => (tally.touched.0, last),
                    _ => tally.touched,
                };
                Some(e.widened(lo, hi))
            }
        };
        let (span_a, span_b) = (span(a, &tally_a), span(b, &tally_b));
        let size = |f: Set<'_>, span: Option<(u8, u8)>| match (f.edges, span) {
            (Some(e), _) if shared == 0 => e.prose_len(),
            (Some(e), Some((lo, hi))) => e.inside(lo, hi),
            _ => f.shingles.len(),
        };
        // Shared shingles inside each span, from the tally where it can
        // tell, else counted again.
        let inside = |tally: &Tally, span: Option<(u8, u8)>| match span {
            None => Some(shared),
            Some(_) if shared == 0 => Some(0),
            Some((lo, hi)) => tally.inside(lo, hi, shared),
        };
        let (in_a, in_b) = match (inside(&tally_a, span_a), inside(&tally_b, span_b)) {
            (Some(in_a), Some(in_b)) => (in_a, in_b),
            _ => shared_inside(a, span_a, b, span_b),
        };
        Similarity {
            shared,
            len_a: x.len(),
            len_b: y.len(),
            in_a,
            core_a: size(a, span_a),
            in_b,
            core_b: size(b, span_b),
        }
    }

    /// `|A∩B| / |A∪B|`.
    pub fn jaccard(&self) -> f64 {
        let union = self.len_a + self.len_b - self.shared;
        if union == 0 {
            0.0
        } else {
            self.shared as f64 / union as f64
        }
    }

    /// How much of the one more inside the other is there, each measured
    /// on its span (see [`super::edges`]): `|A∩B| / min(|A|,|B|)` for
    /// records without edges.
    pub fn containment(&self) -> f64 {
        self.a_in_b().max(self.b_in_a())
    }

    /// `|A∩B| / |A|`: how much of the first record (its span) is in the
    /// second.
    pub fn a_in_b(&self) -> f64 {
        ratio(self.in_a, self.core_a)
    }

    /// `|A∩B| / |B|`: how much of the second record (its span) is in the
    /// first.
    pub fn b_in_a(&self) -> f64 {
        ratio(self.in_b, self.core_b)
    }

    /// The same similarity seen from the other side.
    pub fn swapped(self) -> Similarity {
        Similarity {
            shared: self.shared,
            len_a: self.len_b,
            len_b: self.len_a,
            in_a: self.in_b,
            core_a: self.core_b,
            in_b: self.in_a,
            core_b: self.core_a,
        }
    }

    /// Is the first record an excerpt of the second: all there in it, while
    /// the second is not all there in the first?
    pub fn a_is_excerpt(&self) -> bool {
        self.a_in_b() >= WHOLE && self.b_in_a() < WHOLE
    }

    /// Does the first record print a part of the second: an excerpt, or
    /// (its own wrapper left in it) at most half of the second while
    /// holding twice as much of itself in it? A page printing a fifth of an
    /// article under its own header and footer holds perhaps three
    /// quarters of itself in the article: still a part, not a reprint of
    /// the whole. What the output names as the excerpt.
    pub fn a_is_part(&self) -> bool {
        self.a_is_excerpt() || (self.b_in_a() <= PART && self.a_in_b() >= 2.0 * self.b_in_a())
    }
}

/// Share of the other at most which a record printing it holds a part;
/// at most this much of a record inside another, most of it is its own.
pub const PART: f64 = 0.5;

/// When a pair counts as a reprint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Jaccard at or above which a pair is a reprint.
    pub jaccard: f64,
    /// Containment at or above which a pair is a reprint...
    pub containment: f64,
    /// ...when it also shares at least this many shingles.
    pub min_shared: usize,
}

impl From<&Params> for Thresholds {
    fn from(params: &Params) -> Thresholds {
        Thresholds {
            jaccard: params.threshold,
            containment: params.containment,
            min_shared: params.min_shared,
        }
    }
}

/// Shingles a short record must share, wholly inside another, to be its
/// excerpt when it shares fewer than `min_shared`: eight word 5-grams are a
/// run of at least twelve words in the same order, which two texts do not
/// share by chance, while a notice template's stock phrases rarely make
/// eight of one record's shingles.
pub const SHORT_MIN_SHARED: usize = 8;

/// Shingle sets smaller than this can verify, or come near enough to be
/// related, only with an identical set: candidates for them are their
/// exact sets, and they need no MinHash signature (a two-word record's
/// one shingle cost 128 densified slots, 100,000 of them 8 s).
///
/// Two different sets, the smaller of `s` shingles, have Jaccard at most
/// `s / (s + 1)` (one shingle more on one side), under [`WHOLE`] for
/// `s < 9`; every other rule, and `near`, needs at least
/// `SHORT_MIN_SHARED`, `min_shared` or `related_min_shared` shingles in
/// common, which a smaller set cannot have.
pub fn only_identical_below(params: &Params) -> usize {
    let copies = (1..)
        .find(|&s: &usize| s as f64 / (s + 1) as f64 >= WHOLE)
        .expect("WHOLE is under 1");
    copies
        .min(SHORT_MIN_SHARED)
        .min(params.min_shared)
        .min(params.related_min_shared)
}

impl Thresholds {
    /// Is this pair a reprint?
    ///
    /// - Copies: nearly the same shingle set (Jaccard at least [`WHOLE`]),
    ///   whatever the size, so identical records are always grouped.
    /// - Whole reprints (Jaccard) and excerpts (containment), each with at
    ///   least `min_shared` shingles in common: a few shingles shared at
    ///   Jaccard 0.5 are two short notices cut from one template, not one
    ///   story.
    /// - Short excerpts: a record nearly all inside the other
    ///   (containment at least [`WHOLE`]) sharing [`SHORT_MIN_SHARED`].
    ///
    /// Containment is of a record's span: the short head and tail lines
    /// its outlet put around what it printed do not count.
    pub fn accepts(&self, sim: &Similarity) -> bool {
        if sim.shared == 0 {
            return false;
        }
        let (jaccard, containment) = (sim.jaccard(), sim.containment());
        jaccard >= WHOLE
            || (sim.shared >= self.min_shared
                && (jaccard >= self.jaccard || containment >= self.containment))
            || (containment >= WHOLE && sim.shared >= SHORT_MIN_SHARED.min(self.min_shared))
    }
}

/// A pair with its exact similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedPair {
    /// Index of the record that comes first in the input.
    pub a: u32,
    /// Index of the other record.
    pub b: u32,
    /// Their exact similarity.
    pub sim: Similarity,
}

/// The candidate pairs that share enough to matter, split by whether they
/// are reprints.
#[derive(Debug, Default)]
pub struct Verified {
    /// Pairs the thresholds accept, sorted by `(a, b)`.
    pub reprints: Vec<VerifiedPair>,
    /// Pairs that fell short of them but share at least
    /// `related_min_shared` shingles (or `min_shared`, whichever is less),
    /// sorted: the material of related edges.
    pub near: Vec<VerifiedPair>,
}

/// Measure every candidate pair `blocking` allows, exactly, on all cores.
pub fn verify(
    sets: Sets<'_>,
    candidates: &[Pair],
    blocking: &Blocking,
    params: &Params,
    messages: &Messages,
) -> Verified {
    let thresholds = Thresholds::from(params);
    let keep_near = params.min_shared.min(params.related_min_shared);
    let stage = Stage::start(messages, "verify", "pairs", Some(candidates.len() as u64));
    let mut reprints: Vec<VerifiedPair> = candidates
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            stage.inc(chunk.len() as u64);
            // Candidates come sorted by their first record: a parked
            // one is read back once for all its pairs in the chunk.
            let (mut room_a, mut room_b) = (Loaded::default(), Loaded::default());
            let mut pairs = Vec::new();
            for &(a, b) in chunk {
                if !blocking.allows(a as usize, b as usize) {
                    continue;
                }
                let set_a = sets.get(a as usize, &mut room_a);
                let sim = Similarity::between(set_a, sets.get(b as usize, &mut room_b));
                if sim.shared >= keep_near || thresholds.accepts(&sim) {
                    pairs.push(VerifiedPair { a, b, sim });
                }
            }
            pairs
        })
        .collect();
    drop(stage);
    // Split in place: at a million records this is millions of pairs, and
    // partitioning into two new vectors held it three times over.
    let near: Vec<VerifiedPair> = reprints
        .iter()
        .filter(|p| !thresholds.accepts(&p.sim))
        .copied()
        .collect();
    reprints.retain(|p| thresholds.accepts(&p.sim));
    Verified { reprints, near }
}

/// Where one record's shared shingles lie among its lines, counted as
/// [`Similarity::between`] merges the two sets.
struct Tally {
    /// Per line, the shared shingles that start on it.
    hits: [u32; MAX_LINES],
    /// Per line, the shared shingles that start on it and end on the next.
    into_next: [u32; MAX_LINES],
    /// Does a shared shingle run over more than one line break (a line
    /// shorter than a shingle)? Then only a second count tells what is
    /// inside a span.
    longer: bool,
    /// The first and last line a shared shingle touches.
    touched: (u8, u8),
}

impl Tally {
    fn new() -> Tally {
        Tally {
            hits: [0; MAX_LINES],
            into_next: [0; MAX_LINES],
            longer: false,
            touched: (u8::MAX, 0),
        }
    }

    #[inline]
    fn note(&mut self, (first, last): (u8, u8)) {
        self.hits[first as usize] += 1;
        match last - first {
            0 => {}
            1 => self.into_next[first as usize] += 1,
            _ => self.longer = true,
        }
        self.touched = (self.touched.0.min(first), self.touched.1.max(last));
    }

    /// Shared shingles whose first and last lines are from `lo` to `hi`
    /// (`shared` in all), or `None` when the tally cannot tell.
    fn inside(&self, lo: u8, hi: u8, shared: usize) -> Option<usize> {
        if lo <= self.touched.0 && self.touched.1 <= hi {
            return Some(shared);
        }
        if self.longer {
            return None;
        }
        let (lo, hi) = (lo as usize, hi as usize);
        let starting: u32 = self.hits[lo..=hi].iter().sum();
        Some((starting - self.into_next[hi]) as usize)
    }
}

/// The shared shingles of `a` inside `span_a` and of `b` inside `span_b`
/// (all of a side without a span): a shingle counts when its first and
/// last line are inside.
fn shared_inside(
    a: Set<'_>,
    span_a: Option<(u8, u8)>,
    b: Set<'_>,
    span_b: Option<(u8, u8)>,
) -> (usize, usize) {
    let inside = |f: Set<'_>, span: Option<(u8, u8)>, k: usize| match (f.edges, span) {
        (Some(e), Some((lo, hi))) => {
            let (first, last) = e.lines(k);
            lo <= first && last <= hi
        }
        _ => true,
    };
    let (x, y) = (a.shingles, b.shingles);
    let (mut i, mut j) = (0, 0);
    let (mut in_a, mut in_b) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                in_a += usize::from(inside(a, span_a, i));
                in_b += usize::from(inside(b, span_b, j));
                i += 1;
                j += 1;
            }
        }
    }
    (in_a, in_b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::features::Features;

    fn brute(a: &[u32], b: &[u32]) -> usize {
        a.iter().filter(|x| b.contains(x)).count()
    }

    #[test]
    fn small_sets_verify_only_with_identical_sets() {
        let params = Params::default();
        let below = only_identical_below(&params);
        assert!(below > 1, "{below}");
        let thresholds = Thresholds::from(&params);
        let keep_near = params.min_shared.min(params.related_min_shared);
        // Every pair of sets from 0..12, the smaller under the bound, that
        // is not identical: never accepted, never near.
        for a_bits in 1u32..1 << 12 {
            let a: Vec<u32> = (0..12).filter(|i| a_bits >> i & 1 == 1).collect();
            if a.len() >= below {
                continue;
            }
            for b_bits in [
                a_bits ^ 1,
                a_bits | 1 << 11,
                a_bits >> 1,
                0xfff,
                a_bits ^ 0x3f,
            ] {
                let b: Vec<u32> = (0..12).filter(|i| b_bits >> i & 1 == 1).collect();
                if b == a || b.is_empty() {
                    continue;
                }
                let sim = Similarity::of(&a, &b);
                assert!(!thresholds.accepts(&sim), "{a:?} {b:?}");
                assert!(sim.shared < keep_near, "{a:?} {b:?}");
            }
            assert!(thresholds.accepts(&Similarity::of(&a, &a)));
        }
    }

    #[test]
    fn intersection_matches_brute_force() {
        let a: Vec<u32> = (0..300).map(|i| i * 3).collect();
        let b: Vec<u32> = (0..200).map(|i| i * 5).collect();
        let tiny: Vec<u32> = vec![15, 16, 600, 897];
        assert_eq!(intersection_size(&a, &b), brute(&a, &b));
        assert_eq!(intersection_size(&tiny, &a), brute(&tiny, &a));
        assert_eq!(intersection_size(&a, &tiny), brute(&tiny, &a));
        assert_eq!(intersection_size(&[], &a), 0);
    }

    #[test]
    fn excerpt_has_low_jaccard_high_containment() {
        let article: Vec<u32> = (0..500).collect();
        let excerpt: Vec<u32> = (200..300).collect();
        let sim = Similarity::of(&article, &excerpt);
        assert!((sim.jaccard() - 0.2).abs() < 1e-9);
        assert_eq!(sim.containment(), 1.0);
        assert_eq!(sim.b_in_a(), 1.0);
        assert!((sim.a_in_b() - 0.2).abs() < 1e-9);
        let t = Thresholds {
            jaccard: 0.5,
            containment: 0.6,
            min_shared: 20,
        };
        assert!(t.accepts(&sim));
        // A 10-shingle excerpt wholly inside is one short passage...
        let short: Vec<u32> = (200..210).collect();
        assert!(t.accepts(&Similarity::of(&article, &short)));
        // ...while 7 shingles, or 10 of which some are elsewhere, are not.
        let tiny: Vec<u32> = (200..207).collect();
        assert!(!t.accepts(&Similarity::of(&article, &tiny)));
        let scattered: Vec<u32> = (200..210).chain(900..903).collect();
        assert!(!t.accepts(&Similarity::of(&article, &scattered)));
        assert!(sim.swapped().a_is_excerpt() && !sim.a_is_excerpt());
        assert!(sim.swapped().a_is_part() && !sim.a_is_part());
    }

    #[test]
    fn a_stray_shingle_in_an_edge_line_does_not_stretch_the_span() {
        use super::super::edges::Edges;
        // The story: five 30-word paragraphs, shingled by 5 (shingle `q`
        // is 1000 + q). A page prints its second paragraph (line 0, the
        // prose) and four short lines of its own, the last of which holds
        // one shingle of the story's fourth paragraph.
        let story = Features::of_shingles((1000..1146).collect());
        let lines = [(30, 30), (12, 12), (14, 14), (12, 12), (16, 16)];
        let sequence: Vec<u32> = (0..80)
            .map(|p| match p {
                0..=25 => 1030 + p,
                79 => 1100,
                _ => 5000 + p,
            })
            .collect();
        let mut shingles = sequence.clone();
        shingles.sort_unstable();
        let edges = Edges::of(&lines, 5, &sequence, &shingles);
        assert!(edges.is_some());
        let page = Features {
            edges,
            ..Features::of_shingles(shingles)
        };
        let sim = Similarity::between(page.set(), story.set());
        assert_eq!(sim.shared, 27);
        // Measured on its prose alone: the last line shares 1 of its 16.
        assert_eq!((sim.in_a, sim.core_a), (26, 26));
        assert_eq!(sim.a_in_b(), 1.0);
        assert_eq!(Similarity::between(story.set(), page.set()), sim.swapped());
        // When most of that line is the story's too, it is in the span.
        let sequence: Vec<u32> = (0..80)
            .map(|p| match p {
                0..=25 => 1030 + p,
                64..=79 => 1036 + p,
                _ => 5000 + p,
            })
            .collect();
        let mut shingles = sequence.clone();
        shingles.sort_unstable();
        let page = Features {
            edges: Edges::of(&lines, 5, &sequence, &shingles),
            ..Features::of_shingles(shingles)
        };
        let sim = Similarity::between(page.set(), story.set());
        assert_eq!((sim.in_a, sim.core_a), (42, 80));
    }

    #[test]
    fn the_tally_counts_what_lies_inside_a_span_as_a_recount_would() {
        // Shared shingles on lines 0..6: within a line, or into the next.
        let lines: Vec<(u8, u8)> = (0..40u8)
            .map(|k| (k % 6, k % 6 + u8::from(k % 5 == 0 && k % 6 < 5)))
            .collect();
        let mut tally = Tally::new();
        for &l in &lines {
            tally.note(l);
        }
        for lo in 0..6u8 {
            for hi in lo..6u8 {
                let brute = lines.iter().filter(|&&(f, l)| lo <= f && l <= hi).count();
                assert_eq!(tally.inside(lo, hi, lines.len()), Some(brute), "{lo}..{hi}");
            }
        }
        // A shingle over two line breaks: only a recount can tell.
        tally.note((1, 3));
        assert_eq!(tally.inside(0, 2, lines.len() + 1), None);
        assert_eq!(tally.inside(0, 5, lines.len() + 1), Some(lines.len() + 1));
    }

    #[test]
    fn template_notices_need_min_shared_but_copies_never_do() {
        let t = Thresholds {
            jaccard: 0.5,
            containment: 0.6,
            min_shared: 20,
        };
        // Two 8-shingle notices sharing the template's 4 (Jaccard 1/3,
        // containment 0.5) or 6 (Jaccard 0.6, containment 0.75).
        let a: Vec<u32> = (0..8).collect();
        assert!(!t.accepts(&Similarity::of(&a, &(4..12).collect::<Vec<u32>>())));
        assert!(!t.accepts(&Similarity::of(&a, &(2..10).collect::<Vec<u32>>())));
        // Identical short records are copies, however short.
        assert!(t.accepts(&Similarity::of(&a, &a.clone())));
        assert!(t.accepts(&Similarity::of(&vec![7], &vec![7])));
    }

    fn record(shingles: std::ops::Range<u32>) -> Features {
        Features::of_shingles(shingles.collect())
    }

    #[test]
    fn verify_splits_reprints_from_near_pairs_and_drops_the_rest() {
        let corpus = crate::detect::corpus::Corpus::default();
        let params = Params::default();
        let blocking = Blocking::new(&corpus, &params);
        // 0~1 a reprint; 0~2 shares 50 of 500 (near: related material);
        // 0~3 shares 5 (dropped); 1~2 is not a candidate, so not measured.
        let features = vec![
            record(0..500),
            record(0..450),
            record(450..1000),
            record(495..600),
        ];
        let quiet = Messages::default();
        let v = verify(
            Sets::held(&features),
            &[(0, 1), (0, 2), (0, 3)],
            &blocking,
            &params,
            &quiet,
        );
        let pairs = |ps: &[VerifiedPair]| ps.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
        assert_eq!(pairs(&v.reprints), vec![(0, 1)]);
        assert_eq!(pairs(&v.near), vec![(0, 2)]);
        assert_eq!(v.near[0].sim.shared, 50);
    }
}
