//! Scoring: pair counts from contingency tables, and the metrics made of
//! them (see the module docs of [`super`] for their definitions).
//!
//! Pairs are never listed: each count is a sum of `n choose 2` over the
//! cells of a table of records by (group, story, event), so scoring is
//! linear in the number of records.

use std::collections::HashMap;
use std::hash::Hash;

use anyhow::{Result, bail};
use serde::Serialize;

use super::input::Location;
use super::truth::{Kind, Truth};

/// A rate over a set of record pairs, with the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// `together / pairs`; `None` when there are no pairs.
    pub rate: Option<f64>,
    /// Pairs of the set that are in one predicted group.
    pub together: u64,
    /// Pairs in the set.
    pub pairs: u64,
}

impl Rate {
    pub(super) fn new(together: u64, pairs: u64) -> Rate {
        let rate = (pairs > 0).then(|| together as f64 / pairs as f64);
        Rate {
            rate,
            together,
            pairs,
        }
    }
}

/// How well a grouping matches the truth. See the module docs for the
/// definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Truth records (the groups file may not name records outside it).
    pub records: usize,
    /// Predicted groups with two or more members.
    pub groups: usize,
    /// Pairs of records in the same story.
    pub true_pairs: u64,
    /// Pairs of records in the same predicted group.
    pub predicted_pairs: u64,
    /// Pairs that are both true and predicted.
    pub correct_pairs: u64,
    /// `correct_pairs / predicted_pairs` (1.0 when nothing is predicted).
    pub precision: f64,
    /// `correct_pairs / true_pairs` (1.0 when there are no true pairs).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Adjusted Rand index of the groups against the stories.
    pub ari: f64,
    /// Recall over true pairs involving a full reprint.
    pub reprint_recall: Rate,
    /// Recall over true pairs involving a partial excerpt.
    pub partial_recall: Rate,
    /// Whether any truth record has an `event` (without events the
    /// false-merge rates cannot be measured).
    pub events_labelled: bool,
    /// Share of (derivative, same event, other story) pairs grouped.
    pub derivative_false_merges: Rate,
    /// Share of (independent, same event, other story) pairs grouped.
    pub independent_false_merges: Rate,
}

/// Score `groups` (as from [`super::read_groups`]) against `truth`.
///
/// Fails when a group names an id that is not in the truth file, or names an
/// id twice, or when two groups share an id; `groups_name` and the entry's
/// position (its line, see [`super::read_groups`]) locate the problem.
pub fn score(truth: &Truth, groups: &[Vec<String>], groups_name: &str) -> Result<Scores> {
    let records = truth.records();
    let n = records.len();
    let (group, real_groups) = predicted_groups(truth, groups, groups_name)?;

    // Small integer ids for stories and events.
    let story = intern(records.iter().map(|r| Some(r.story.as_str())));
    let event = intern(records.iter().map(|r| r.event.as_deref()));
    let kinds: Vec<Kind> = records.iter().map(|r| r.kind).collect();
    let cells = |key: &dyn Fn(usize) -> Option<(usize, usize, usize)>| tally(&kinds, key);

    // Contingency tables. A cell's `pairs_with(kind)` counts the pairs inside
    // it that involve at least one record of that kind.
    let by_story = cells(&|r| Some((story[r]?, 0, 0)));
    let by_group = cells(&|r| Some((group[r], 0, 0)));
    let by_group_story = cells(&|r| Some((group[r], story[r]?, 0)));
    let true_pairs = sum(&by_story, |c| c.pairs());
    let predicted_pairs = sum(&by_group, |c| c.pairs());
    let correct_pairs = sum(&by_group_story, |c| c.pairs());

    let precision = ratio_or_one(correct_pairs, predicted_pairs);
    let recall = ratio_or_one(correct_pairs, true_pairs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };

    let ari = adjusted_rand(correct_pairs, predicted_pairs, true_pairs, n as u64);

    let kind_recall = |k: Kind| {
        Rate::new(
            sum(&by_group_story, |c| c.pairs_with(k)),
            sum(&by_story, |c| c.pairs_with(k)),
        )
    };

    // Same-event, different-story pairs: the pairs within an event minus
    // those within an (event, story) cell; likewise for the ones grouped.
    let by_event = cells(&|r| Some((event[r]?, 0, 0)));
    let by_event_story = cells(&|r| Some((event[r]?, story[r]?, 0)));
    let by_event_group = cells(&|r| Some((event[r]?, group[r], 0)));
    let by_event_group_story = cells(&|r| Some((event[r]?, group[r], story[r]?)));
    let false_merges = |k: Kind| {
        Rate::new(
            sum(&by_event_group, |c| c.pairs_with(k))
                - sum(&by_event_group_story, |c| c.pairs_with(k)),
            sum(&by_event, |c| c.pairs_with(k)) - sum(&by_event_story, |c| c.pairs_with(k)),
        )
    };

    Ok(Scores {
        records: n,
        groups: real_groups,
        true_pairs,
        predicted_pairs,
        correct_pairs,
        precision,
        recall,
        f1,
        ari,
        reprint_recall: kind_recall(Kind::Reprint),
        partial_recall: kind_recall(Kind::Partial),
        events_labelled: event.iter().any(Option::is_some),
        derivative_false_merges: false_merges(Kind::Derivative),
        independent_false_merges: false_merges(Kind::Independent),
    })
}

/// The predicted group of every truth record, and how many groups have two
/// or more members. Records in no group get a group of their own, numbered
/// after the real ones; entry `g` of `groups` is the group on line `g + 1`.
fn predicted_groups(
    truth: &Truth,
    groups: &[Vec<String>],
    groups_name: &str,
) -> Result<(Vec<usize>, usize)> {
    let n = truth.records().len();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut real_groups = 0;
    for (g, members) in groups.iter().enumerate() {
        let at = Location {
            name: groups_name,
            line: g + 1,
        };
        for id in members {
            let Some(r) = truth.position(id) else {
                bail!("{at}: id '{id}' is not in the truth file");
            };
            match group_of[r] {
                Some(h) if h == g => bail!("{at}: id '{id}' appears twice in this group"),
                Some(h) => bail!("{at}: id '{id}' is also in the group on line {}", h + 1),
                None => group_of[r] = Some(g),
            }
        }
        if members.len() >= 2 {
            real_groups += 1;
        }
    }
    let group: Vec<usize> = (0..n)
        .map(|r| group_of[r].unwrap_or(groups.len() + r))
        .collect();
    Ok((group, real_groups))
}

/// The adjusted Rand index from pair counts over `n` records:
/// `(I - E) / (M - E)`, and 1.0 when `M = E`.
fn adjusted_rand(correct: u64, predicted: u64, true_pairs: u64, n: u64) -> f64 {
    let all_pairs = choose2(n) as f64;
    let expected = predicted as f64 * true_pairs as f64 / all_pairs.max(1.0);
    let max = (predicted + true_pairs) as f64 / 2.0;
    if max - expected == 0.0 {
        1.0
    } else {
        (correct as f64 - expected) / (max - expected)
    }
}

/// Small integer ids for the distinct present values, in order of first
/// appearance.
fn intern<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Vec<Option<usize>> {
    let mut ids = HashMap::new();
    values
        .map(|v| {
            v.map(|v| {
                let next = ids.len();
                *ids.entry(v).or_insert(next)
            })
        })
        .collect()
}

/// One cell of a contingency table: how many records, and how many of each
/// kind.
#[derive(Default)]
struct Cell {
    n: u64,
    of_kind: [u64; Kind::ALL.len()],
}

impl Cell {
    /// Pairs inside the cell.
    fn pairs(&self) -> u64 {
        choose2(self.n)
    }

    /// Pairs inside the cell with at least one record of kind `k`: all pairs
    /// minus those among the other records.
    fn pairs_with(&self, k: Kind) -> u64 {
        choose2(self.n) - choose2(self.n - self.of_kind[k as usize])
    }
}

/// Cells of records by `key`; records whose key is `None` are left out.
fn tally<K: Hash + Eq>(kinds: &[Kind], key: &dyn Fn(usize) -> Option<K>) -> Vec<Cell> {
    let mut cells: HashMap<K, Cell> = HashMap::new();
    for (r, &kind) in kinds.iter().enumerate() {
        if let Some(k) = key(r) {
            let cell = cells.entry(k).or_default();
            cell.n += 1;
            cell.of_kind[kind as usize] += 1;
        }
    }
    cells.into_values().collect()
}

fn sum(cells: &[Cell], f: impl Fn(&Cell) -> u64) -> u64 {
    cells.iter().map(f).sum()
}

fn choose2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn ratio_or_one(num: u64, den: u64) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_count_pairs_with_a_kind() {
        let kinds = [Kind::Original, Kind::Reprint, Kind::Reprint, Kind::Partial];
        let cells = tally(&kinds, &|r| (r != 3).then_some(0));
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0].pairs(), 3);
        // Pairs with a reprint: all three; with an original: two.
        assert_eq!(cells[0].pairs_with(Kind::Reprint), 3);
        assert_eq!(cells[0].pairs_with(Kind::Original), 2);
        assert_eq!(cells[0].pairs_with(Kind::Partial), 0);
        assert_eq!(sum(&cells, Cell::pairs), 3);
    }

    #[test]
    fn interned_ids_follow_first_appearance() {
        let ids = intern([Some("b"), None, Some("a"), Some("b")].into_iter());
        assert_eq!(ids, [Some(0), None, Some(1), Some(0)]);
    }

    #[test]
    fn pair_arithmetic() {
        assert_eq!((choose2(0), choose2(1), choose2(4)), (0, 0, 6));
        assert_eq!(ratio_or_one(1, 0), 1.0);
        assert_eq!(ratio_or_one(1, 4), 0.25);
        // Both partitions all singletons: M = E = 0.
        assert_eq!(adjusted_rand(0, 0, 0, 5), 1.0);
        // adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7.
        assert!((adjusted_rand(1, 1, 2, 4) - 4.0 / 7.0).abs() < 1e-12);
    }
}
