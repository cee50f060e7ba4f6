//! Related edges: records that share a passage without being reprints (a
//! rewrite quoting a paragraph, a digest carrying a brief).
//!
//! They come from the verified pairs that fell short of the reprint
//! thresholds and from reprint pairs the clustering kept apart, whenever
//! they share at least `related_min_shared` shingles across groups. Each is
//! oriented from the source (earlier in canonical order) to the record
//! quoting it, and one edge is kept per derivative and source group.

use super::cluster::{Rank, canonical_order};
use super::groups::Clusters;
use super::verify::{Similarity, Verified, VerifiedPair};

/// A record that shares a passage with another without being its reprint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Related {
    /// The record quoted from (the earlier, in canonical order).
    pub source: u32,
    /// The record that quotes it.
    pub derivative: u32,
    /// Their exact similarity, `a` = source, `b` = derivative.
    pub sim: Similarity,
}

impl Related {
    /// The pair oriented from its earlier record in canonical order, or
    /// from what a container carries to the container.
    fn of(ranks: &[Rank], container: &[bool], p: &VerifiedPair) -> Related {
        let (a, b) = (p.a as usize, p.b as usize);
        let a_first = match (container[a], container[b]) {
            (false, true) => true,
            (true, false) => false,
            _ => canonical_order(ranks, a, b).is_le(),
        };
        if a_first {
            Related {
                source: p.a,
                derivative: p.b,
                sim: p.sim,
            }
        } else {
            Related {
                source: p.b,
                derivative: p.a,
                sim: p.sim.swapped(),
            }
        }
    }
}

/// The related edges, sorted by `(source, derivative)`.
pub fn related(
    ranks: &[Rank],
    clusters: &Clusters,
    verified: &Verified,
    min_shared: usize,
) -> Vec<Related> {
    let membership = &clusters.membership;
    let mut related: Vec<Related> = verified
        .near
        .iter()
        .chain(&verified.reprints)
        .filter(|p| p.sim.shared >= min_shared && !membership.together(p.a as usize, p.b as usize))
        .map(|p| Related::of(ranks, &clusters.container, p))
        .collect();
    // One edge per derivative and source group: the one to the group's
    // canonical member when there is one, else the one sharing most.
    let key = |r: &Related| {
        let target = match membership.group(r.source as usize) {
            Some(g) => clusters.groups[g].canonical,
            None => r.source as usize,
        };
        (r.derivative, target)
    };
    related.sort_by(|x, y| {
        key(x).cmp(&key(y)).then_with(|| {
            let canon = |r: &Related| key(r).1 == r.source as usize;
            canon(y)
                .cmp(&canon(x))
                .then(y.sim.shared.cmp(&x.sim.shared))
                .then(x.source.cmp(&y.source))
        })
    });
    related.dedup_by(|later, first| key(later) == key(first));
    related.sort_by_key(|r| (r.source, r.derivative));
    related
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::cluster::{Group, Membership};

    fn pair(a: u32, b: u32, shared: usize) -> VerifiedPair {
        VerifiedPair {
            a,
            b,
            sim: Similarity::new(shared, 400, 300),
        }
    }

    #[test]
    fn one_edge_per_derivative_and_group_preferring_the_canonical_member() {
        // Group {0, 1} with canonical 0; record 2 quotes both members, record
        // 3 (dated first) is quoted by record 1, and pairs inside the group
        // or sharing too little are not edges.
        let ranks: Vec<Rank> = [1, 2, 3, 0]
            .iter()
            .map(|&d| Rank {
                timestamp: Some(d * 86_400),
                words: 300,
            })
            .collect();
        let groups = vec![Group {
            canonical: 0,
            members: vec![0, 1],
        }];
        let clusters = Clusters {
            membership: Membership::new(4, &groups),
            container: vec![false; 4],
            groups,
            pairs: vec![],
        };
        let verified = Verified {
            reprints: vec![pair(0, 1, 300)],
            near: vec![
                pair(0, 2, 50),
                pair(1, 2, 90),
                pair(1, 3, 60),
                pair(2, 3, 10),
            ],
        };
        let edges: Vec<(u32, u32, usize)> = related(&ranks, &clusters, &verified, 40)
            .iter()
            .map(|r| (r.source, r.derivative, r.sim.shared))
            .collect();
        assert_eq!(edges, vec![(0, 2, 50), (3, 1, 60)]);
    }
}
