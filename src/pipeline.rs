//! The whole job on a featurized corpus: candidates, verification, groups,
//! related edges.
//!
//! Candidates come from two indexes, because syndication makes two kinds of
//! copy: MinHash/LSH banding finds whole reprints (high Jaccard), the anchor
//! index finds excerpts (high containment, low Jaccard). Their union is
//! checked exactly; pairs the user blocked (`--window`, `--cross-outlet-only`)
//! are dropped first. Reprint pairs are clustered around canonical members;
//! pairs that share a passage without being reprints (a rewrite quoting a
//! paragraph) become related edges.

use rayon::prelude::*;

use crate::anchor;
use crate::cluster::{self, Group, canonical_order};
use crate::corpus::Corpus;
use crate::lsh::{self, Banding, Pair};
use crate::messages::Messages;
use crate::params::Params;
use crate::progress::Stage;
use crate::verify::{Similarity, Thresholds};

/// A pair with its exact similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedPair {
    /// Index of the record that comes first in the input.
    pub a: u32,
    /// Index of the other record.
    pub b: u32,
    /// Their exact similarity.
    pub sim: Similarity,
}

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

/// What the run found.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Candidate pairs from LSH.
    pub lsh_candidates: usize,
    /// Candidate pairs from the anchor index.
    pub anchor_candidates: usize,
    /// Distinct candidate pairs checked.
    pub candidates: usize,
    /// Reprint pairs inside groups, sorted by `(a, b)`.
    pub pairs: Vec<VerifiedPair>,
    /// Groups, ordered by their canonical member's input position.
    pub groups: Vec<Group>,
    /// Related edges, one per derivative and source group, sorted.
    pub related: Vec<Related>,
}

/// Which pairs the user ruled out before any similarity is looked at.
struct Blocking<'a> {
    corpus: &'a Corpus,
    window_secs: Option<i64>,
    cross_outlet_only: bool,
}

impl Blocking<'_> {
    fn allows(&self, a: usize, b: usize) -> bool {
        if self.cross_outlet_only {
            let (oa, ob) = (self.corpus.outlets[a], self.corpus.outlets[b]);
            if oa.is_some() && oa == ob {
                return false;
            }
        }
        if let Some(window) = self.window_secs {
            let (ta, tb) = (
                self.corpus.metas[a].timestamp,
                self.corpus.metas[b].timestamp,
            );
            if let (Some(ta), Some(tb)) = (ta, tb)
                && (ta - tb).abs() > window
            {
                return false;
            }
        }
        true
    }
}

/// Find, verify and cluster the reprints of `corpus`.
///
/// The records' MinHash signatures are freed once LSH has used them:
/// nothing after it needs them, and at a million records they are half a
/// gigabyte of the peak. Everything else of the corpus is left as it was.
pub fn analyze(corpus: &mut Corpus, params: &Params, messages: &Messages) -> Analysis {
    let banding = Banding::for_threshold(params.threshold, params.num_perm);
    messages.note(format_args!(
        "lsh: {} bands x {} rows for threshold {} (num_perm {})",
        banding.bands, banding.rows, params.threshold, params.num_perm
    ));
    // Records without a single shingle cannot be compared with anything.
    let skip: Vec<bool> = corpus
        .features
        .iter()
        .map(|f| f.shingles.is_empty())
        .collect();
    let empty = skip.iter().filter(|&&s| s).count();
    if empty > 0 {
        messages.warn(format_args!(
            "{empty} record(s) have no words to compare (after boilerplate) and are in no group"
        ));
    }

    let stage = Stage::start(messages, "lsh candidates", "", None);
    let signatures: Vec<&[u32]> = corpus
        .features
        .iter()
        .map(|f| f.signature.as_slice())
        .collect();
    let lsh_pairs = lsh::candidates(&signatures, &skip, banding, params.max_bucket);
    drop(signatures);
    for f in &mut corpus.features {
        f.signature = Vec::new();
    }
    let corpus: &Corpus = corpus;
    drop(stage);
    let stage = Stage::start(messages, "anchor candidates", "", None);
    let anchors: Vec<&[u32]> = corpus
        .features
        .iter()
        .map(|f| f.anchors.as_slice())
        .collect();
    let (anchor_pairs, anchor_stats) =
        anchor::candidates(&anchors, &skip, params.max_postings, anchor::MIN_HITS);
    drop(anchors);
    messages.note(format_args!(
        "anchors: {} shared, {} held by more than {} records left out",
        anchor_stats.shared, anchor_stats.too_common, params.max_postings
    ));

    let mut candidates: Vec<Pair> = Vec::with_capacity(lsh_pairs.len() + anchor_pairs.len());
    candidates.extend_from_slice(&lsh_pairs);
    candidates.extend_from_slice(&anchor_pairs);
    candidates.par_sort_unstable();
    candidates.dedup();
    drop(stage);

    let blocking = Blocking {
        corpus,
        window_secs: params.window_days.map(|d| (d * 86_400.0).round() as i64),
        cross_outlet_only: params.cross_outlet_only,
    };
    let thresholds = Thresholds {
        jaccard: params.threshold,
        containment: params.containment,
        min_shared: params.min_shared,
    };
    let measure = |a: usize, b: usize| {
        Similarity::of(&corpus.features[a].shingles, &corpus.features[b].shingles)
    };
    let stage = Stage::start(messages, "verify", "pairs", Some(candidates.len() as u64));
    let checked: Vec<VerifiedPair> = candidates
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            stage.inc(chunk.len() as u64);
            chunk
                .iter()
                .filter(|&&(a, b)| blocking.allows(a as usize, b as usize))
                .filter_map(|&(a, b)| {
                    let sim = measure(a as usize, b as usize);
                    (sim.shared >= params.min_shared.min(params.related_min_shared)
                        || thresholds.accepts(&sim))
                    .then_some(VerifiedPair { a, b, sim })
                })
        })
        .collect();
    drop(stage);
    // Split in place: at a million records `checked` is millions of pairs,
    // and partitioning into two new vectors held it three times over.
    let mut reprints = checked;
    let near: Vec<VerifiedPair> = reprints
        .iter()
        .filter(|p| !thresholds.accepts(&p.sim))
        .copied()
        .collect();
    reprints.retain(|p| thresholds.accepts(&p.sim));
    messages.note(format_args!(
        "candidates: {} from lsh, {} from anchors, {} distinct; {} verified as reprints",
        lsh_pairs.len(),
        anchor_pairs.len(),
        candidates.len(),
        reprints.len()
    ));

    let stage = Stage::start(messages, "cluster", "", None);
    let ranks = corpus.ranks();
    let links: Vec<Pair> = reprints.iter().map(|p| (p.a, p.b)).collect();
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
            Some(sim) => swap(sim),
            None => measure(a, b),
        };
        sim.a_in_b() >= WHOLE && sim.b_in_a() < WHOLE
    };
    let (groups, extra) = cluster::attach_groups(&ranks, &links, excerpt_of, |centre, x| {
        if !blocking.allows(centre, x) {
            return None;
        }
        let (a, b) = (centre.min(x), centre.max(x));
        let sim = measure(a, b);
        thresholds.accepts(&sim).then_some(sim)
    });

    let mut group_of = vec![usize::MAX; corpus.len()];
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m] = g;
        }
    }
    let same_group = |p: &VerifiedPair| {
        let g = group_of[p.a as usize];
        g != usize::MAX && g == group_of[p.b as usize]
    };
    let mut pairs: Vec<VerifiedPair> = reprints.iter().copied().filter(same_group).collect();
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

    // Related: pairs sharing a passage across groups, whether they fell
    // short of the reprint thresholds or were kept apart by clustering.
    let mut related: Vec<Related> = near
        .iter()
        .chain(reprints.iter())
        .filter(|p| p.sim.shared >= params.related_min_shared && !same_group(p))
        .map(|p| {
            let (a, b) = (p.a as usize, p.b as usize);
            if canonical_order(&ranks, a, b).is_le() {
                Related {
                    source: p.a,
                    derivative: p.b,
                    sim: p.sim,
                }
            } else {
                Related {
                    source: p.b,
                    derivative: p.a,
                    sim: swap(p.sim),
                }
            }
        })
        .collect();
    // One edge per derivative and source group: the one to the group's
    // canonical member when there is one, else the one sharing most.
    let key = |r: &Related| {
        let g = group_of[r.source as usize];
        let target = if g == usize::MAX {
            r.source as usize
        } else {
            groups[g].canonical
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

    drop(stage);
    Analysis {
        lsh_candidates: lsh_pairs.len(),
        anchor_candidates: anchor_pairs.len(),
        candidates: candidates.len(),
        pairs,
        groups,
        related,
    }
}

/// Share of a record inside another above which it is all there: an
/// excerpt when the other way round is below it.
pub const WHOLE: f64 = 0.9;

/// The same similarity seen from the other side.
fn swap(sim: Similarity) -> Similarity {
    Similarity {
        shared: sim.shared,
        len_a: sim.len_b,
        len_b: sim.len_a,
    }
}
