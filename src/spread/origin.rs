//! Choosing a group's origin: the member the others reprinted.
//!
//! The earliest dated member is the origin. Dates are often whole days, so
//! several members can share the earliest time; then the origin is the one
//! whose text the others carry most completely (reprints add headers and
//! footers, the original does not), and the others tied are reported. With
//! no dates at all it is detection's canonical member.

use super::model::Basis;
use crate::detect::cluster::{Rank, canonical_order};
use crate::detect::corpus::Corpus;
use crate::detect::spill::Loaded;
use crate::detect::verify::Similarity;

/// Members compared with each tied candidate when breaking an origin tie.
const TIE_SAMPLE: usize = 50;

/// The earliest dated member; ties go to the member whose shingles the
/// other members hold most of (the text they all copied), then to
/// detection's canonical order. Returns the origin, how it was chosen and
/// the other members tied with it.
pub(super) fn choose_origin(
    corpus: &Corpus,
    ranks: &[Rank],
    canonical: usize,
    members: &[usize],
) -> (usize, Basis, Vec<usize>) {
    let metas = &corpus.metas;
    let Some(first) = members.iter().filter_map(|&m| metas[m].timestamp).min() else {
        return (canonical, Basis::Undated, Vec::new());
    };
    let tied: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| metas[m].timestamp == Some(first))
        .collect();
    if tied.len() == 1 {
        return (tied[0], Basis::Earliest, Vec::new());
    }
    let sets = corpus.sets();
    let mut room = (Loaded::default(), Loaded::default());
    let mut carried = |t: usize| -> f64 {
        let others = members.iter().filter(|&&m| m != t).take(TIE_SAMPLE);
        let (sum, count) = others.fold((0.0, 0usize), |(s, c), &m| {
            let sim = Similarity::between(sets.get(t, &mut room.0), sets.get(m, &mut room.1));
            (s + sim.a_in_b(), c + 1)
        });
        if count == 0 { 0.0 } else { sum / count as f64 }
    };
    let scores: Vec<(usize, f64)> = tied.iter().map(|&t| (t, carried(t))).collect();
    let origin = scores
        .iter()
        .max_by(|x, y| {
            x.1.total_cmp(&y.1)
                .then_with(|| canonical_order(ranks, y.0, x.0))
        })
        .map(|x| x.0)
        .unwrap_or(canonical);
    let others = tied.into_iter().filter(|&t| t != origin).collect();
    (origin, Basis::Tied, others)
}
