//! Clustering: verified pairs into groups, each with a canonical member.
//!
//! Groups are the connected components of the verified pairs (union-find
//! with path halving and union by size). The canonical member of a group is
//! the one a researcher would call the original: the earliest dated, else
//! the longest, else the first seen.

use std::cmp::Ordering;

/// What the canonical choice needs to know of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// Publication time, if the record has a date that parses.
    pub timestamp: Option<i64>,
    /// Length in words.
    pub words: usize,
}

/// Order records by how canonical they are: dated before undated, earlier
/// before later, longer before shorter, then input order.
pub fn canonical_order(ranks: &[Rank], a: usize, b: usize) -> Ordering {
    let (ra, rb) = (&ranks[a], &ranks[b]);
    let date = match (ra.timestamp, rb.timestamp) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    date.then(rb.words.cmp(&ra.words)).then(a.cmp(&b))
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

/// Union-find over record indexes.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// The representative of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Join the sets of `a` and `b`.
    pub fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }
}

/// Connected components of `pairs` over `ranks.len()` records, as groups of
/// two or more, ordered by their canonical member's input position.
pub fn connected_groups(ranks: &[Rank], pairs: &[(u32, u32)]) -> Vec<Group> {
    let n = ranks.len();
    let mut uf = UnionFind::new(n);
    for &(a, b) in pairs {
        uf.union(a, b);
    }
    let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let root = uf.find(i as u32) as usize;
        by_root[root].push(i);
    }
    let mut groups: Vec<Group> = by_root
        .into_iter()
        .filter(|m| m.len() >= 2)
        .map(|members| make_group(ranks, members))
        .collect();
    groups.sort_by_key(|g| g.canonical);
    groups
}

/// A group from its members (in input order): canonical picked and put first.
pub fn make_group(ranks: &[Rank], mut members: Vec<usize>) -> Group {
    let canonical = *members
        .iter()
        .min_by(|&&a, &&b| canonical_order(ranks, a, b))
        .expect("group is not empty");
    members.retain(|&m| m != canonical);
    members.insert(0, canonical);
    Group { canonical, members }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(timestamp: Option<i64>, words: usize) -> Rank {
        Rank { timestamp, words }
    }

    #[test]
    fn canonical_is_earliest_then_longest_then_first() {
        let ranks = [rank(None, 900), rank(Some(20), 100), rank(Some(10), 50)];
        let g = connected_groups(&ranks, &[(0, 1), (1, 2)]);
        assert_eq!(
            g,
            vec![Group {
                canonical: 2,
                members: vec![2, 0, 1]
            }]
        );

        let undated = [rank(None, 100), rank(None, 300), rank(None, 300)];
        let g = connected_groups(&undated, &[(0, 1), (0, 2)]);
        assert_eq!(g[0].canonical, 1);
    }

    #[test]
    fn components_and_singletons() {
        let ranks = vec![rank(None, 10); 6];
        let g = connected_groups(&ranks, &[(4, 5), (0, 2)]);
        assert_eq!(
            g,
            vec![
                Group {
                    canonical: 0,
                    members: vec![0, 2]
                },
                Group {
                    canonical: 4,
                    members: vec![4, 5]
                },
            ]
        );
    }
}
