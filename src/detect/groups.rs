//! The clustering stage: verified reprint pairs into groups around
//! canonical members, with the pairs inside each group.
//!
//! [`super::cluster`] holds the algorithm over ranks and edges; this stage
//! gives it what it asks of records (is one an excerpt of another, does a
//! two-hop pair verify against the centre) from their shingle sets, and
//! keeps only the pairs that ended inside one group: a verified pair left
//! between two groups is what chaining would have joined. Containers
//! (digests, live files: [`super::containers`]) group only with each other.

use crate::messages::Messages;

use super::blocking::Blocking;
use super::cluster::{self, Group, Membership, Rank};
use super::containers;
use super::features::Features;
use super::lsh::Pair;
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
    features: &[Features],
    reprints: &[VerifiedPair],
    blocking: &Blocking,
    thresholds: Thresholds,
    messages: &Messages,
) -> Clusters {
    let measure = |a: usize, b: usize| Similarity::of(&features[a].shingles, &features[b].shingles);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::corpus::Corpus;
    use crate::detect::params::Params;

    fn record(shingles: std::ops::Range<u32>) -> Features {
        Features::of_shingles(shingles.collect())
    }

    fn pair(features: &[Features], a: u32, b: u32) -> VerifiedPair {
        let sim = Similarity::of(
            &features[a as usize].shingles,
            &features[b as usize].shingles,
        );
        VerifiedPair { a, b, sim }
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
            &features,
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
