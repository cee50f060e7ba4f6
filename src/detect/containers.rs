//! Containers: records that collect other stories (a "The Latest" live
//! file, a "News in Brief" digest, a gallery of captions, an aggregator
//! page of snippets).
//!
//! A container holds each brief it carries almost whole, so by containment
//! it verifies as a "reprint" of every one of them, and grouping through it
//! would join stories that have nothing to do with each other. Containers
//! collect what was printed before them, so a record is taken for one when
//! it holds two or more records dated before it that are not copies of
//! each other (different stories: neither reprints of each other nor both
//! inside one record printed before either, as a story's lede and its last
//! paragraph, each printed on its own, lie inside the story's first page),
//! unless most of it is inside another record that collects nothing (then
//! it is a copy or an excerpt of that story, and what it holds are the
//! story's own pages). Two copies of one digest both collect, so neither
//! clears the other.
//!
//! A rewrite quoting a story is kept apart the same way. A copy of a story
//! is cut from it after it was printed, and is mostly the story; a record
//! that holds a record printed on an earlier day whole while less than
//! half of itself is in it ([`PART`]) was written after it around what it
//! quotes, so it quotes that record rather than printing the story. It is
//! a copy after all when half of it or more is inside a record that
//! neither collects nor quotes (a full copy holding an earlier page of its
//! story lies inside the story's original), or inside a copy of itself
//! (several outlets printing one text whole print a story, and what it
//! holds of an earlier page is that story's own). Days, not times: an
//! outlet's page of a story can carry an earlier time than the story's
//! first printing on the same day (time zones, scrapers), never an earlier
//! day.
//!
//! Containers group only with containers; their pairs with what they carry
//! are left to the related stage, so each brief is reported as `related` to
//! the container instead of merged through it.

use std::cmp::Ordering;

use super::cluster::{Rank, printed_order};
use super::verify::{PART, VerifiedPair};

/// Contained neighbours looked at per record: enough to find two that are
/// different stories, few enough that a story printed thousands of times
/// costs nothing.
const LOOK: usize = 64;

/// Which records are containers, given the reprint pairs (sorted by pair).
/// `min_contained` is the share of a brief that must be inside the
/// container (the containment threshold).
pub fn find(ranks: &[Rank], reprints: &[VerifiedPair], min_contained: f64) -> Vec<bool> {
    let n = ranks.len();
    // Each pair seen from both sides: (x, y, sim) with sim.a = y, sim.b = x.
    let sides = || {
        reprints.iter().flat_map(|p| {
            [(p.a, p.b, p.sim.swapped()), (p.b, p.a, p.sim)]
                .map(|(x, y, sim)| (x as usize, y as usize, sim))
        })
    };
    let dated_before = |y: usize, x: usize| {
        ranks[y].timestamp.is_some()
            && ranks[x].timestamp.is_some()
            && printed_order(&ranks[y], &ranks[x]) == Ordering::Less
    };
    let mut contained: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (x, y, sim) in sides() {
        if sim.a_in_b() >= min_contained
            && sim.b_in_a() < min_contained
            && dated_before(y, x)
            && contained[x].len() < LOOK
        {
            contained[x].push(y as u32);
        }
    }
    let linked = |a: u32, b: u32| {
        let key = (a.min(b), a.max(b));
        reprints.binary_search_by_key(&key, |p| (p.a, p.b)).is_ok()
    };
    // Where each record is held whole. Two parts of one story (its lede
    // printed on one page, a paragraph from its end quoted on another) are
    // not reprints of each other, but both lie inside the story's own full
    // page printed before either: a later full copy holding both is that
    // story's copy, not a digest of two. A digest's briefs were printed
    // before anything that holds them together.
    // Only the earliest printed holders can clear a pair, so a record held
    // by thousands of copies keeps the first [`LOOK`] of them.
    let mut holders: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (x, y, sim) in sides() {
        if sim.a_in_b() >= min_contained {
            holders[y].push(x as u32);
        }
    }
    for h in &mut holders {
        if h.len() > LOOK {
            h.sort_unstable_by(|&a, &b| {
                printed_order(&ranks[a as usize], &ranks[b as usize]).then(a.cmp(&b))
            });
            h.truncate(LOOK);
        }
        h.sort_unstable();
    }
    let printed_first = |z: usize, a: usize| {
        ranks[z].timestamp.is_some()
            && ranks[a].timestamp.is_some()
            && printed_order(&ranks[z], &ranks[a]) != Ordering::Greater
    };
    let one_story = |a: u32, b: u32, x: usize| {
        linked(a, b)
            || common(&holders[a as usize], &holders[b as usize]).any(|z| {
                let z = z as usize;
                z != x && printed_first(z, a as usize) && printed_first(z, b as usize)
            })
    };
    let collects: Vec<bool> = contained
        .iter()
        .enumerate()
        .map(|(x, held)| holds_two_stories(held, |a, b| one_story(a, b, x)))
        .collect();
    // Records quoting one printed a day or more before them, less than half
    // of themselves in it.
    let earlier_day = |y: usize, x: usize| match (ranks[y].day(), ranks[x].day()) {
        (Some(dy), Some(dx)) => dy < dx,
        _ => false,
    };
    let mut quotes = vec![false; n];
    for (x, y, sim) in sides() {
        if sim.a_in_b() >= min_contained && sim.b_in_a() < PART && earlier_day(y, x) {
            quotes[x] = true;
        }
    }
    let holds = |x: usize| collects[x] || quotes[x];
    // Most of `x` inside a record that holds nothing earlier: `x` is a copy
    // or an excerpt of that story, and what it holds are its own pages.
    // A record that only quotes is a copy when half of it or more is
    // inside such a record, or inside a copy of itself.
    let mut covered = vec![false; n];
    for (x, y, sim) in sides() {
        let covers = if collects[x] {
            sim.b_in_a() >= min_contained && !holds(y)
        } else {
            sim.b_in_a() >= PART && (!holds(y) || sim.a_in_b() >= min_contained)
        };
        if covers {
            covered[x] = true;
        }
    }
    (0..n).map(|x| holds(x) && !covered[x]).collect()
}

/// The values two sorted lists share.
fn common<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Do `held` include two records that are not reprints of each other?
fn holds_two_stories(held: &[u32], linked: impl Fn(u32, u32) -> bool) -> bool {
    held.iter()
        .enumerate()
        .any(|(k, &a)| held[k + 1..].iter().any(|&b| !linked(a, b)))
}

/// May `a` and `b` be in one group? Containers group only with containers.
pub fn may_group(container: &[bool], a: usize, b: usize) -> bool {
    container[a] == container[b]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::verify::Similarity;

    fn rank(day: i64, words: usize) -> Rank {
        Rank {
            timestamp: Some(day * 86_400),
            words,
        }
    }

    /// A pair whose first record shares `shared` of `len_a`, and the second
    /// `shared` of `len_b`.
    fn pair(a: u32, b: u32, shared: usize, len_a: usize, len_b: usize) -> VerifiedPair {
        VerifiedPair {
            a,
            b,
            sim: Similarity::new(shared, len_a, len_b),
        }
    }

    #[test]
    fn a_digest_of_two_earlier_briefs_is_a_container() {
        // Briefs 0 and 1 (days 1, 2), the digest 2 (day 3) holding both.
        let ranks = [rank(1, 60), rank(2, 70), rank(3, 400)];
        let reprints = [pair(0, 2, 55, 58, 390), pair(1, 2, 62, 66, 390)];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false, false, true]);
    }

    #[test]
    fn an_original_with_later_excerpts_is_not() {
        // The original (day 1) and two later pages of it (days 2, 3).
        let ranks = [rank(1, 900), rank(2, 200), rank(3, 200)];
        let reprints = [pair(0, 1, 190, 890, 195), pair(0, 2, 190, 890, 195)];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 3]);
    }

    #[test]
    fn a_later_full_copy_holding_earlier_pages_is_not() {
        // Original 0, pages 1 and 2, then a full reprint 3 of the original.
        let ranks = [rank(1, 900), rank(2, 200), rank(3, 200), rank(4, 900)];
        let reprints = [
            pair(0, 1, 190, 890, 195),
            pair(0, 2, 190, 890, 195),
            pair(0, 3, 880, 890, 890),
            pair(1, 3, 190, 195, 890),
            pair(2, 3, 190, 195, 890),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 4]);
    }

    #[test]
    fn a_later_copy_holding_two_parts_of_its_story_is_not() {
        // The original 0 (day 1); its lede 1 and a paragraph from its end 2
        // printed on their own (days 2, 3), not reprints of each other; a
        // full copy 3 (day 4) with a wrapper of its own, so it is not
        // mostly inside the original.
        let ranks = [rank(1, 900), rank(2, 60), rank(3, 60), rank(4, 1_400)];
        let reprints = [
            pair(0, 1, 58, 890, 60),
            pair(0, 2, 58, 890, 60),
            pair(0, 3, 700, 890, 1_400),
            pair(1, 3, 58, 60, 1_400),
            pair(2, 3, 58, 60, 1_400),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 4]);
        // A digest (3) of two briefs (1, 2) that another digest (0) printed
        // later also holds: the briefs came first, so both collect.
        let ranks = [rank(5, 400), rank(2, 60), rank(3, 60), rank(4, 400)];
        let reprints = [
            pair(0, 1, 58, 390, 60),
            pair(0, 2, 58, 390, 60),
            pair(0, 3, 385, 390, 390),
            pair(1, 3, 58, 60, 390),
            pair(2, 3, 58, 60, 390),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![true, false, false, true]);
    }

    #[test]
    fn a_later_record_mostly_its_own_around_an_earlier_one_quotes_it() {
        // A brief 0 (day 1) and its copy 1 (day 2); a rewrite 2 (day 3)
        // holding the brief whole, a seventh of it being the brief's.
        let ranks = [rank(1, 60), rank(2, 60), rank(3, 420)];
        let reprints = [
            pair(0, 1, 58, 60, 60),
            pair(0, 2, 58, 60, 410),
            pair(1, 2, 58, 60, 410),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false, false, true]);
        // On the brief's own day it might have come first: no telling.
        let ranks = [rank(3, 60), rank(3, 60), rank(3, 420)];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 3]);
        // A full copy 2 (day 3) of an original 0 (day 1) with a wrapper of
        // its own, holding an earlier page 1 (day 2): most of it is inside
        // the original, so it is a copy.
        let ranks = [rank(1, 300), rank(2, 100), rank(3, 500)];
        let reprints = [
            pair(0, 1, 95, 290, 98),
            pair(0, 2, 285, 290, 480),
            pair(1, 2, 95, 98, 480),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 3]);
        // Without the original, two outlets' full copies 0 and 2 of it both
        // hold the page 1: each is inside the other, a copy of it.
        let ranks = [rank(3, 500), rank(2, 100), rank(4, 500)];
        let reprints = [
            pair(0, 1, 95, 480, 98),
            pair(0, 2, 300, 480, 480),
            pair(1, 2, 95, 98, 480),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 3]);
    }

    #[test]
    fn two_pages_of_one_brief_do_not_make_a_container() {
        // Both earlier records are copies of one story (linked), printed
        // that morning; the page holding them comes at noon. (A day later
        // it would quote them: see the test above.)
        let at = |hour: i64, words: usize| Rank {
            timestamp: Some(86_400 + hour * 3_600),
            words,
        };
        let ranks = [at(8, 60), at(10, 60), at(12, 400)];
        let reprints = [
            pair(0, 1, 58, 58, 58),
            pair(0, 2, 55, 58, 390),
            pair(1, 2, 55, 58, 390),
        ];
        assert_eq!(find(&ranks, &reprints, 0.6), vec![false; 3]);
    }

    #[test]
    fn a_syndicated_digest_is_a_container_in_every_copy() {
        // Briefs 0, 1; digest 2 and its full copy 3 printed later.
        let ranks = [rank(1, 60), rank(2, 70), rank(3, 400), rank(4, 400)];
        let reprints = [
            pair(0, 2, 55, 58, 390),
            pair(0, 3, 55, 58, 390),
            pair(1, 2, 62, 66, 390),
            pair(1, 3, 62, 66, 390),
            pair(2, 3, 385, 390, 390),
        ];
        let found = find(&ranks, &reprints, 0.6);
        assert_eq!(found, vec![false, false, true, true]);
        assert!(may_group(&found, 2, 3) && !may_group(&found, 0, 2));
    }
}
