//! The clustering stage: verified reprint pairs into groups around
//! canonical members, with the pairs inside each group.
//!
//! [`super::cluster`] holds the algorithm over ranks and edges; this stage
//! gives it what it asks of records (is one an excerpt of another, does a
//! two-hop pair verify against the centre) from their shingle sets, and
//! keeps only the pairs that ended inside one group: a verified pair left
//! between two groups is what chaining would have joined. Containers
//! (digests, live files: [`super::containers`]) group only with each other.

use std::collections::HashMap;

use crate::messages::Messages;

use super::blocking::Blocking;
use super::cluster::{self, Group, Membership, Rank};
use super::containers;
use super::lsh::Pair;
use super::spill::{Loaded, Sets};
use super::verify::{Similarity, Thresholds, VerifiedPair};

/// The groups and the reprint pairs inside them.
#[derive(Debug)]
pub struct Clusters {
    /// Groups, ordered by their canonical member's input position.
    pub groups: Vec<Group>,
    /// Which group each record is in.
    pub membership: Membership,
    /// Which records are containers (digests, live files).
    pub container: Vec<bool>,
    /// Reprint pairs inside groups (verified, or checked against a centre),
    /// sorted by `(a, b)`.
    pub pairs: Vec<VerifiedPair>,
}

/// Cluster `reprints` (sorted by pair) into groups.
pub fn cluster(
    ranks: &[Rank],
    sets: Sets<'_>,
    reprints: &[VerifiedPair],
    blocking: &Blocking,
    thresholds: Thresholds,
    messages: &Messages,
) -> Clusters {
    let measure = |a: usize, b: usize| {
        let (mut room_a, mut room_b) = (Loaded::default(), Loaded::default());
        Similarity::between(sets.get(a, &mut room_a), sets.get(b, &mut room_b))
    };
    let container = containers::find(ranks, reprints, thresholds.containment);
    let links: Vec<Pair> = reprints
        .iter()
        .filter(|p| containers::may_group(&container, p.a as usize, p.b as usize))
        .map(|p| (p.a, p.b))
        .collect();
    // Centres are chosen among verified pairs, whose similarity is known:
    // `reprints` is sorted by pair (the candidates were), so it is looked
    // up by binary search rather than copied into a hash map.
    debug_assert!(reprints.is_sorted_by_key(|p| (p.a, p.b)));
    let known = |a: u32, b: u32| {
        reprints
            .binary_search_by_key(&(a, b), |p| (p.a, p.b))
            .ok()
            .map(|k| reprints[k].sim)
    };
    let excerpt_of = |a: usize, b: usize| {
        let sim = match known(a.min(b) as u32, a.max(b) as u32) {
            Some(sim) if a < b => sim,
            Some(sim) => sim.swapped(),
            None => measure(a, b),
        };
        sim.a_is_excerpt()
    };
    let (groups, extra) = cluster::attach_groups(ranks, &links, excerpt_of, |centre, x| {
        if !blocking.allows(centre, x) || !containers::may_group(&container, centre, x) {
            return None;
        }
        let sim = measure(centre.min(x), centre.max(x));
        thresholds.accepts(&sim).then_some(sim)
    });
    drop(links);
    let groups = merge_split_stories(ranks, groups, reprints, blocking, &container);
    let groups = take_in_lonely(ranks, groups, reprints, blocking, &container);

    let membership = Membership::new(ranks.len(), &groups);
    let mut pairs: Vec<VerifiedPair> = reprints
        .iter()
        .copied()
        .filter(|p| membership.together(p.a as usize, p.b as usize))
        .collect();
    let dropped = reprints.len() - pairs.len();
    pairs.extend(
        extra
            .into_iter()
            .map(|(a, b, sim)| VerifiedPair { a, b, sim }),
    );
    pairs.sort_by_key(|p| (p.a, p.b));
    if dropped > 0 {
        messages.note(format_args!(
            "clustering: {dropped} verified pair(s) left between groups (no chaining)"
        ));
    }
    Clusters {
        groups,
        membership,
        container,
        pairs,
    }
}

/// Rounds of merging at most: each round can only join groups whose
/// merged pairs mostly verify, so it settles in one or two.
const MERGE_ROUNDS: usize = 8;

/// Join groups that are one story split by the centre rule: when most of
/// the pairs across two groups are verified reprints, they hold the same
/// text (a story printed 79 times can end as groups of 41, 25, 6 and 2
/// when copies verify against the original but not against a padded
/// centre). Chains cannot form: a merge needs most pairs of the merged
/// groups to verify, rounds repeat on the merged groups, and blocked pairs
/// and containers are never joined.
fn merge_split_stories(
    ranks: &[Rank],
    mut groups: Vec<Group>,
    reprints: &[VerifiedPair],
    blocking: &Blocking,
    container: &[bool],
) -> Vec<Group> {
    for _ in 0..MERGE_ROUNDS {
        let membership = Membership::new(ranks.len(), &groups);
        let mut cross: HashMap<(usize, usize), usize> = HashMap::new();
        for p in reprints {
            let (a, b) = (p.a as usize, p.b as usize);
            if let (Some(ga), Some(gb)) = (membership.group(a), membership.group(b))
                && ga != gb
            {
                *cross.entry((ga.min(gb), ga.max(gb))).or_default() += 1;
            }
        }
        let mut merges: Vec<(usize, usize)> = cross
            .into_iter()
            .filter(|&((g, h), n)| {
                let possible = groups[g].members.len() * groups[h].members.len();
                2 * n > possible
                    && container[groups[g].canonical] == container[groups[h].canonical]
                    && all_allowed(&groups[g].members, &groups[h].members, blocking)
            })
            .map(|(key, _)| key)
            .collect();
        if merges.is_empty() {
            break;
        }
        merges.sort_unstable();
        let mut taken = vec![false; groups.len()];
        for (g, h) in merges {
            if taken[g] || taken[h] {
                continue; // one merge per group a round: the next round re-counts
            }
            taken[g] = true;
            taken[h] = true;
            let other = std::mem::take(&mut groups[h].members);
            groups[g].members.extend(other);
        }
        groups.retain(|g| !g.members.is_empty());
        recentre(ranks, &mut groups);
    }
    groups
}

/// Give a home to records the centre rule left alone: a record in no group
/// that verifies as a reprint against most of one group's members joins
/// it, as [`merge_split_stories`] joins two groups most of whose cross
/// pairs verify (a group of one is the smallest group). A copy whose
/// neighbours were all taken by centres it does not verify against was
/// otherwise in no group at all, though it holds the same text as most of
/// one. Containers stay alone, and each record joins one group at most
/// (the one it verifies against most, the first on a tie), so nothing
/// chains.
fn take_in_lonely(
    ranks: &[Rank],
    mut groups: Vec<Group>,
    reprints: &[VerifiedPair],
    blocking: &Blocking,
    container: &[bool],
) -> Vec<Group> {
    let membership = Membership::new(ranks.len(), &groups);
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for p in reprints {
        let (a, b) = (p.a as usize, p.b as usize);
        for (x, y) in [(a, b), (b, a)] {
            if membership.group(x).is_none()
                && !container[x]
                && let Some(g) = membership.group(y)
            {
                *votes.entry((x, g)).or_default() += 1;
            }
        }
    }
    let mut votes: Vec<((usize, usize), usize)> = votes
        .into_iter()
        .filter(|&((x, g), n)| {
            let group = &groups[g];
            2 * n > group.members.len()
                && !container[group.canonical]
                && all_allowed(&[x], &group.members, blocking)
        })
        .collect();
    // Per record, the group with most votes, the first on a tie.
    votes.sort_unstable_by_key(|&((x, g), n)| (x, std::cmp::Reverse(n), g));
    votes.dedup_by_key(|&mut ((x, _), _)| x);
    if votes.is_empty() {
        return groups;
    }
    for ((x, g), _) in votes {
        groups[g].members.push(x);
    }
    recentre(ranks, &mut groups);
    groups
}

/// Each group's canonical member first, its other members in order, and
/// the groups in canonical order, after members joined them.
fn recentre(ranks: &[Rank], groups: &mut [Group]) {
    for g in groups.iter_mut() {
        let canonical = *g
            .members
            .iter()
            .min_by(|&&a, &&b| cluster::canonical_order(ranks, a, b))
            .expect("a group has members");
        g.members.sort_unstable();
        g.members.retain(|&m| m != canonical);
        g.members.insert(0, canonical);
        g.canonical = canonical;
    }
    groups.sort_by_key(|g| g.canonical);
}

/// Does `blocking` allow every pair across the two sets of records?
fn all_allowed(g: &[usize], h: &[usize], blocking: &Blocking) -> bool {
    blocking.is_open() || g.iter().all(|&a| h.iter().all(|&b| blocking.allows(a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::corpus::Corpus;
    use crate::detect::features::Features;
    use crate::detect::params::Params;

    fn record(shingles: std::ops::Range<u32>) -> Features {
        Features::of_shingles(shingles.collect())
    }

    /// Ranks of `n` records of 300 words, one a day from record 0 on.
    fn daily(n: i64) -> Vec<Rank> {
        (0..n)
            .map(|i| Rank {
                timestamp: Some(i * 86_400),
                words: 300,
            })
            .collect()
    }

    fn group(members: &[usize]) -> Group {
        Group {
            canonical: members[0],
            members: members.to_vec(),
        }
    }

    fn pair(features: &[Features], a: u32, b: u32) -> VerifiedPair {
        let sim = Similarity::between(features[a as usize].set(), features[b as usize].set());
        VerifiedPair { a, b, sim }
    }

    #[test]
    fn groups_most_of_whose_cross_pairs_verify_are_merged_and_chains_are_not() {
        let ranks = daily(7);
        let features: Vec<Features> = (0..7).map(|_| record(0..300)).collect();
        // {0, 1} and {2, 3}: 3 of 4 cross pairs verify. {4, 5, 6} shares
        // one verified pair with {2, 3}: 1 of 6.
        let reprints = vec![
            pair(&features, 0, 2),
            pair(&features, 0, 3),
            pair(&features, 1, 2),
            pair(&features, 3, 4),
        ];
        let corpus = Corpus::default();
        let params = Params::default();
        let blocking = Blocking::new(&corpus, &params);
        let merged = merge_split_stories(
            &ranks,
            vec![group(&[0, 1]), group(&[2, 3]), group(&[4, 5, 6])],
            &reprints,
            &blocking,
            &[false; 7],
        );
        assert_eq!(merged, vec![group(&[0, 1, 2, 3]), group(&[4, 5, 6])]);
        // Containers are never merged with stories.
        let mut container = [false; 7];
        container[2] = true;
        container[3] = true;
        let kept = merge_split_stories(
            &ranks,
            vec![group(&[0, 1]), group(&[2, 3])],
            &reprints,
            &blocking,
            &container,
        );
        assert_eq!(kept.len(), 2);
    }

    #[test]
    fn a_lonely_record_joins_the_group_most_of_which_it_verifies_against() {
        let ranks = daily(9);
        let features: Vec<Features> = (0..9).map(|_| record(0..300)).collect();
        // 6 verifies against 2 of {0, 1, 2} and 1 of {3, 4}: it joins the
        // first. 7 verifies against 1 of {0, 1, 2}: not most, it stays
        // alone. 8, a container, verifies against all of {3, 4}: alone.
        let reprints = vec![
            pair(&features, 0, 6),
            pair(&features, 1, 6),
            pair(&features, 3, 6),
            pair(&features, 2, 7),
            pair(&features, 3, 8),
            pair(&features, 4, 8),
        ];
        let corpus = Corpus::default();
        let params = Params::default();
        let blocking = Blocking::new(&corpus, &params);
        let mut container = [false; 9];
        container[8] = true;
        let groups = take_in_lonely(
            &ranks,
            vec![group(&[0, 1, 2]), group(&[3, 4])],
            &reprints,
            &blocking,
            &container,
        );
        assert_eq!(groups, vec![group(&[0, 1, 2, 6]), group(&[3, 4])]);
        // An earlier record joining a group becomes its canonical member.
        let early: Vec<Rank> = (0..9)
            .map(|i| Rank {
                timestamp: Some(if i == 6 { -1 } else { i * 86_400 }),
                words: 300,
            })
            .collect();
        let groups = take_in_lonely(
            &early,
            vec![group(&[0, 1, 2]), group(&[3, 4])],
            &reprints,
            &blocking,
            &container,
        );
        // ...and the groups stay in canonical order.
        assert_eq!(groups, vec![group(&[3, 4]), group(&[6, 0, 1, 2])]);
    }

    #[test]
    fn two_hop_excerpt_is_checked_against_the_centre_and_chains_are_cut() {
        // 0 the original, 1 a full copy, 2 an excerpt linked only to the
        // copy, 3 a page sharing only the copy's tail (chaining material).
        let features = vec![
            record(0..400),
            record(0..420),
            record(100..200),
            record(400..800),
        ];
        let ranks: Vec<Rank> = (0..4)
            .map(|i| Rank {
                timestamp: Some(i * 86_400),
                words: features[i as usize].words,
            })
            .collect();
        let reprints = vec![pair(&features, 0, 1), pair(&features, 1, 2)];
        let corpus = Corpus::default();
        let params = Params::default();
        let blocking = Blocking::new(&corpus, &params);
        let c = cluster(
            &ranks,
            Sets::held(&features),
            &reprints,
            &blocking,
            Thresholds::from(&params),
            &Messages::default(),
        );
        assert_eq!(c.groups.len(), 1);
        assert_eq!(c.groups[0].members, vec![0, 1, 2]);
        let pairs: Vec<(u32, u32)> = c.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, vec![(0, 1), (0, 2), (1, 2)]);
        assert!(c.membership.together(0, 2) && c.membership.group(3).is_none());
    }
}
