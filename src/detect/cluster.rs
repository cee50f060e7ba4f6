//! Clustering: verified pairs into groups, each around a canonical member.
//!
//! Union-find over all verified pairs would chain: A~B and B~C put A and C
//! in one group even when they share nothing (a digest page that reprints
//! two stories joins both stories' groups; a run of weak links joins
//! unrelated stories). So groups are built around centres instead. Records
//! are taken in canonical order (earliest dated, else longest, else first
//! seen); each record not yet placed becomes a centre and takes every
//! unplaced record verified against *it*: its direct verified neighbours,
//! and the neighbours of those, checked directly against the centre.
//! Every member of a group is therefore a verified reprint of the group's
//! canonical member, and nothing joins through a chain.

use std::cmp::Ordering;

/// What the canonical choice needs to know of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// Publication time, if the record has a date that parses.
    pub timestamp: Option<i64>,
    /// Length in words (boilerplate left out).
    pub words: usize,
}

impl Rank {
    /// The UTC day of the date.
    pub fn day(&self) -> Option<i64> {
        self.timestamp.map(|t| t.div_euclid(86_400))
    }
}

/// Order records by how canonical they are: the earliest printed first,
/// the longest (boilerplate left out) when their times are the same, then
/// input order; dated before undated. A date without a time counts as the
/// start of its day: many wire feeds give the day alone, and the copies
/// scraped from outlets' pages that day carry later times.
///
/// This is a total order (a sort needs one): comparing same-day dates by
/// length whenever one lacks a time is not, as three records can each come
/// before the next.
pub fn canonical_order(ranks: &[Rank], a: usize, b: usize) -> Ordering {
    let (ra, rb) = (&ranks[a], &ranks[b]);
    printed_order(ra, rb)
        .then(rb.words.cmp(&ra.words))
        .then(a.cmp(&b))
}

/// Which of two records was printed first, as far as their dates tell;
/// dated comes before undated.
pub fn printed_order(ra: &Rank, rb: &Rank) -> Ordering {
    match (ra.timestamp, rb.timestamp) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A group of records (indexes into the input), canonical first, the rest
/// in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Index of the canonical member.
    pub canonical: usize,
    /// All members, canonical first.
    pub members: Vec<usize>,
}

/// Groups around centres (see the module doc). `edges` are the verified
/// pairs; `excerpt_of(a, b)` says whether `a` is an excerpt of the fuller
/// `b` (called on verified pairs only); `check(centre, x)` verifies a pair
/// that was not among the edges and returns its payload when it passes.
/// Returns the groups (two or more members, ordered by canonical input
/// position) and the pairs `check` accepted, sorted.
pub fn attach_groups<T>(
    ranks: &[Rank],
    edges: &[(u32, u32)],
    excerpt_of: impl Fn(usize, usize) -> bool,
    mut check: impl FnMut(usize, usize) -> Option<T>,
) -> (Vec<Group>, Vec<(u32, u32, T)>) {
    let n = ranks.len();
    let adjacency = Adjacency::new(n, edges);
    let mut order: Vec<usize> = (0..n).filter(|&i| adjacency.degree(i) > 0).collect();
    order.sort_by(|&a, &b| canonical_order(ranks, a, b));

    const NONE: usize = usize::MAX;
    let mut placed = vec![NONE; n];
    // The centre that last looked at a record, so each is checked once.
    let mut looked = vec![NONE; n];
    let mut groups = Vec::new();
    let mut accepted = Vec::new();
    for &first in &order {
        if placed[first] != NONE {
            continue;
        }
        let centre = adjacency
            .of(first)
            .iter()
            .map(|&x| x as usize)
            .filter(|&x| {
                placed[x] == NONE
                    && (ranks[x].day().is_none() || ranks[x].day() == ranks[first].day())
                    && excerpt_of(first, x)
            })
            .max_by(|&a, &b| ranks[a].words.cmp(&ranks[b].words).then(b.cmp(&a)))
            .unwrap_or(first);
        placed[centre] = centre;
        looked[centre] = centre;
        let mut members = vec![centre];
        for &nb in adjacency.of(centre) {
            let nb = nb as usize;
            looked[nb] = centre;
            if placed[nb] == NONE {
                placed[nb] = centre;
                members.push(nb);
            }
        }
        for &nb in adjacency.of(centre) {
            for &x in adjacency.of(nb as usize) {
                let x = x as usize;
                if looked[x] == centre || placed[x] != NONE {
                    continue;
                }
                looked[x] = centre;
                if let Some(payload) = check(centre, x) {
                    placed[x] = centre;
                    members.push(x);
                    accepted.push((centre.min(x) as u32, centre.max(x) as u32, payload));
                }
            }
        }
        if members.len() >= 2 {
            // The canonical member is the first in canonical order, which
            // is `first` (the centre may be a fuller copy of it).
            members.retain(|&m| m != first);
            members.sort_unstable();
            members.insert(0, first);
            groups.push(Group {
                canonical: first,
                members,
            });
        }
    }
    groups.sort_by_key(|g| g.canonical);
    accepted.sort_by_key(|&(a, b, _)| (a, b));
    (groups, accepted)
}

/// Which group each record is in: built once from the groups and shared by
/// every stage that asks (pairs inside groups, related edges, output).
#[derive(Debug, Clone)]
pub struct Membership {
    /// Group index plus one per record; 0 for a record in no group.
    of: Vec<u32>,
}

impl Membership {
    /// The membership of `n` records in `groups`.
    pub fn new(n: usize, groups: &[Group]) -> Membership {
        let mut of = vec![0u32; n];
        for (g, group) in groups.iter().enumerate() {
            for &m in &group.members {
                of[m] = g as u32 + 1;
            }
        }
        Membership { of }
    }

    /// The index of record `i`'s group, if it is in one.
    pub fn group(&self, i: usize) -> Option<usize> {
        self.of[i].checked_sub(1).map(|g| g as usize)
    }

    /// Are records `a` and `b` in one group?
    pub fn together(&self, a: usize, b: usize) -> bool {
        self.of[a] != 0 && self.of[a] == self.of[b]
    }
}

/// Neighbour lists of an undirected graph, sorted, in one allocation.
struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Adjacency {
    fn new(n: usize, edges: &[(u32, u32)]) -> Adjacency {
        let mut offsets = vec![0usize; n + 1];
        for &(a, b) in edges {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; offsets[n]];
        for &(a, b) in edges {
            targets[fill[a as usize]] = b;
            fill[a as usize] += 1;
            targets[fill[b as usize]] = a;
            fill[b as usize] += 1;
        }
        for i in 0..n {
            targets[offsets[i]..offsets[i + 1]].sort_unstable();
        }
        Adjacency { offsets, targets }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.targets[self.offsets[i]..self.offsets[i + 1]]
    }

    fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record dated `day` (days since the epoch).
    fn rank(day: Option<i64>, words: usize) -> Rank {
        Rank {
            timestamp: day.map(|d| d * 86_400),
            words,
        }
    }

    /// Groups when every extra check fails.
    fn groups(ranks: &[Rank], edges: &[(u32, u32)]) -> Vec<Group> {
        attach_groups(ranks, edges, |_, _| false, |_, _| None::<()>).0
    }

    fn group(canonical: usize, members: &[usize]) -> Group {
        Group {
            canonical,
            members: members.to_vec(),
        }
    }

    #[test]
    fn membership_knows_each_records_group() {
        let groups = [group(0, &[0, 2]), group(3, &[3, 1])];
        let m = Membership::new(5, &groups);
        assert_eq!(m.group(2), Some(0));
        assert_eq!(m.group(1), Some(1));
        assert_eq!(m.group(4), None);
        assert!(m.together(0, 2) && !m.together(0, 1));
        // Two records in no group are not together.
        assert!(!Membership::new(2, &[]).together(0, 1));
    }

    #[test]
    fn an_undated_fuller_copy_is_the_centre() {
        // An excerpt (0) dated, its undated original (1), and two other
        // excerpts (2, 3) of other parts, linked to the original only.
        let ranks = [
            rank(Some(5), 80),
            rank(None, 400),
            rank(Some(6), 90),
            rank(Some(7), 70),
        ];
        let edges = [(0, 1), (1, 2), (1, 3)];
        let excerpt_of = |a: usize, b: usize| b == 1 && a != 1;
        let (g, _) = attach_groups(&ranks, &edges, excerpt_of, |_, _| None::<()>);
        assert_eq!(g, vec![group(0, &[0, 1, 2, 3])]);
        // Without the fuller centre the other excerpts would be split off.
        assert_eq!(groups(&ranks, &edges), vec![group(0, &[0, 1])]);
    }

    #[test]
    fn same_day_times_decide_before_length() {
        // A same-day reprint padded with boilerplate is longer than the
        // original printed hours earlier: the original is canonical.
        let original = Rank {
            timestamp: Some(86_400 + 9 * 3_600),
            words: 300,
        };
        let padded = Rank {
            timestamp: Some(86_400 + 15 * 3_600),
            words: 900,
        };
        let ranks = [padded, original];
        assert_eq!(groups(&ranks, &[(0, 1)]), vec![group(1, &[1, 0])]);
    }

    #[test]
    fn a_day_without_a_time_is_its_start() {
        let timed = Rank {
            timestamp: Some(86_400 + 3_600),
            words: 400,
        };
        let day_only = Rank {
            timestamp: Some(86_400),
            words: 90,
        };
        let ranks = [timed, day_only];
        assert_eq!(groups(&ranks, &[(0, 1)]), vec![group(1, &[1, 0])]);
    }

    #[test]
    fn canonical_order_is_total() {
        // Same day: timed and day-only records of every length.
        let ranks: Vec<Rank> = (0..12)
            .map(|i| Rank {
                timestamp: Some(86_400 + if i % 3 == 0 { 0 } else { i * 1_000 }),
                words: 100 + (i as usize * 37) % 500,
            })
            .collect();
        let mut order: Vec<usize> = (0..ranks.len()).collect();
        order.sort_by(|&a, &b| canonical_order(&ranks, a, b));
        for w in order.windows(2) {
            assert!(canonical_order(&ranks, w[0], w[1]).is_lt());
        }
        for a in 0..ranks.len() {
            for b in 0..ranks.len() {
                for c in 0..ranks.len() {
                    if canonical_order(&ranks, a, b).is_lt()
                        && canonical_order(&ranks, b, c).is_lt()
                    {
                        assert!(canonical_order(&ranks, a, c).is_lt());
                    }
                }
            }
        }
    }

    #[test]
    fn canonical_is_earliest_then_longest_then_first() {
        let ranks = [rank(None, 900), rank(Some(20), 100), rank(Some(10), 50)];
        let g = groups(&ranks, &[(0, 2), (1, 2)]);
        assert_eq!(g, vec![group(2, &[2, 0, 1])]);

        let undated = [rank(None, 100), rank(None, 300), rank(None, 300)];
        let g = groups(&undated, &[(0, 1), (1, 2)]);
        assert_eq!(g[0].canonical, 1);
    }

    #[test]
    fn separate_components_are_separate_groups() {
        let ranks = vec![rank(None, 10); 6];
        let g = groups(&ranks, &[(4, 5), (0, 2)]);
        assert_eq!(g, vec![group(0, &[0, 2]), group(4, &[4, 5])]);
    }

    #[test]
    fn a_chain_does_not_join_unrelated_records() {
        // A(0)~B(1)~C(2)~D(3): each link verified, but A and C, B and D share
        // nothing. Union-find would make one group of four.
        let ranks: Vec<Rank> = (0..4).map(|i| rank(Some(i), 100)).collect();
        let (g, accepted) = attach_groups(
            &ranks,
            &[(0, 1), (1, 2), (2, 3)],
            |_, _| false,
            |_, _| None::<()>,
        );
        assert_eq!(g, vec![group(0, &[0, 1]), group(2, &[2, 3])]);
        assert!(accepted.is_empty());
    }

    #[test]
    fn a_digest_joins_one_story_only() {
        // Story A (0) with a copy (1); story C (2) with a copy (3); a later
        // digest page (4) reprints both stories.
        let ranks = [
            rank(Some(1), 300),
            rank(Some(2), 300),
            rank(Some(3), 300),
            rank(Some(4), 300),
            rank(Some(9), 600),
        ];
        let edges = [(0, 1), (2, 3), (0, 4), (1, 4), (2, 4), (3, 4)];
        let g = groups(&ranks, &edges);
        assert_eq!(g, vec![group(0, &[0, 1, 4]), group(2, &[2, 3])]);
    }

    #[test]
    fn two_hop_members_are_checked_against_the_centre() {
        // The original (0) and an excerpt (2) were not a candidate pair, but
        // both are linked to a full copy (1): the excerpt is checked against
        // the original directly and joins when it passes.
        let ranks = [rank(Some(1), 300), rank(Some(2), 300), rank(Some(3), 80)];
        let (g, accepted) = attach_groups(
            &ranks,
            &[(0, 1), (1, 2)],
            |_, _| false,
            |c, x| {
                assert_eq!((c, x), (0, 2));
                Some("checked")
            },
        );
        assert_eq!(g, vec![group(0, &[0, 1, 2])]);
        assert_eq!(accepted, vec![(0, 2, "checked")]);
    }
}
