//! The corpus summary of a spread: group sizes, how origins were chosen,
//! dates, lags and outlets, computed from the finished groups.

use std::collections::{HashMap, HashSet};

use super::lag::summarize_lags;
use super::model::{Basis, BasisCounts, DateCounts, GroupSpread, SizeCount, Summary};
use super::outlets::OutletTally;
use crate::detect::corpus::Corpus;

/// The corpus-wide figures of `groups`; `dates` were counted as the groups
/// were gathered.
pub(super) fn summarize(corpus: &Corpus, groups: &[GroupSpread], dates: DateCounts) -> Summary {
    let mut origins = BasisCounts::default();
    let mut lags: Vec<i64> = Vec::new();
    let mut reprints = 0;
    let mut tally = OutletTally::new(corpus);
    for g in groups {
        match g.origin.basis {
            Basis::Earliest => origins.earliest += 1,
            Basis::Tied => origins.tied += 1,
            Basis::Undated => origins.undated += 1,
        }
        for m in &g.members[1..] {
            reprints += 1;
            lags.extend(m.lag_seconds);
        }
        tally.add(g);
    }
    let (outlets, edges) = tally.finish();
    Summary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
        groups: groups.len(),
        grouped_records: groups.iter().map(|g| g.size).sum(),
        related: groups.iter().map(|g| g.related.len()).sum(),
        related_records: groups
            .iter()
            .flat_map(|g| g.related.iter().map(|r| r.index))
            .collect::<HashSet<usize>>()
            .len(),
        group_sizes: group_sizes(groups),
        origins,
        dates,
        lag: summarize_lags(lags, reprints),
        outlets,
        edges,
    }
}

/// Groups per size, smallest first.
fn group_sizes(groups: &[GroupSpread]) -> Vec<SizeCount> {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for g in groups {
        *sizes.entry(g.size).or_default() += 1;
    }
    let mut group_sizes: Vec<SizeCount> = sizes
        .into_iter()
        .map(|(size, groups)| SizeCount { size, groups })
        .collect();
    group_sizes.sort_by_key(|s| s.size);
    group_sizes
}
