//! The plan: what becomes of each record, and which member of a group is
//! kept in its place.

use crate::detect::cluster::{Group, Rank, canonical_order};
use crate::detect::corpus::Corpus;

/// Which member of a group is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// The group's canonical member: earliest dated, else longest, else
    /// first seen.
    #[default]
    Earliest,
    /// The longest (most words compared), then the earliest dated, then the
    /// first seen.
    Longest,
    /// The first seen in the input.
    First,
}

/// What becomes of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Written to the output.
    Keep,
    /// Left out as a reprint of record `kept`.
    Removed {
        /// Corpus index of the member kept in its place.
        kept: usize,
    },
}

/// The fate of every corpus record under `keep`.
pub fn plan(corpus: &Corpus, groups: &[Group], keep: Keep) -> Vec<Fate> {
    let ranks = corpus.ranks();
    let mut fates = vec![Fate::Keep; corpus.len()];
    for group in groups {
        let kept = keeper(group, &ranks, keep);
        for &m in &group.members {
            if m != kept {
                fates[m] = Fate::Removed { kept };
            }
        }
    }
    fates
}

/// The member of `group` that `keep` keeps.
pub fn keeper(group: &Group, ranks: &[Rank], keep: Keep) -> usize {
    let members = group.members.iter().copied();
    match keep {
        Keep::Earliest => group.canonical,
        Keep::First => members.min().unwrap_or(group.canonical),
        Keep::Longest => members
            .min_by(|&a, &b| {
                ranks[b]
                    .words
                    .cmp(&ranks[a].words)
                    .then_with(|| canonical_order(ranks, a, b))
            })
            .unwrap_or(group.canonical),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(timestamp: Option<i64>, words: usize) -> Rank {
        Rank { timestamp, words }
    }

    #[test]
    fn keep_policies_pick_their_member() {
        let ranks = [rank(None, 900), rank(Some(20), 100), rank(Some(10), 50)];
        let group = Group {
            canonical: 2,
            members: vec![2, 0, 1],
        };
        assert_eq!(keeper(&group, &ranks, Keep::Earliest), 2);
        assert_eq!(keeper(&group, &ranks, Keep::First), 0);
        assert_eq!(keeper(&group, &ranks, Keep::Longest), 0);
        // Equal lengths: the earlier dated wins, then input order.
        let ties = [rank(Some(5), 100), rank(Some(1), 100), rank(None, 100)];
        let group = Group {
            canonical: 1,
            members: vec![1, 0, 2],
        };
        assert_eq!(keeper(&group, &ties, Keep::Longest), 1);
    }
}
