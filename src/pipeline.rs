//! The whole job on a featurized corpus: candidates, verification, groups.
//!
//! Candidates come from two indexes, because syndication makes two kinds of
//! copy: MinHash/LSH banding finds whole reprints (high Jaccard), the anchor
//! index finds excerpts (high containment, low Jaccard). Their union is
//! checked exactly, and the verified pairs are clustered.

use rayon::prelude::*;

use crate::anchor;
use crate::cluster::{self, Group};
use crate::corpus::Corpus;
use crate::lsh::{self, Banding, Pair};
use crate::messages::Messages;
use crate::params::Params;
use crate::verify::{Similarity, Thresholds};

/// A candidate pair that passed verification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedPair {
    /// Index of the record that comes first in the input.
    pub a: u32,
    /// Index of the other record.
    pub b: u32,
    /// Their exact similarity.
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
    /// Pairs that passed, sorted by `(a, b)`.
    pub pairs: Vec<VerifiedPair>,
    /// Groups, ordered by their canonical member's input position.
    pub groups: Vec<Group>,
}

/// Find, verify and cluster the reprints of `corpus`.
pub fn analyze(corpus: &Corpus, params: &Params, messages: &Messages) -> Analysis {
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
            "{empty} record(s) have no words to compare and are in no group"
        ));
    }

    let signatures: Vec<&[u32]> = corpus
        .features
        .iter()
        .map(|f| f.signature.as_slice())
        .collect();
    let lsh_pairs = lsh::candidates(&signatures, &skip, banding, params.max_bucket);
    drop(signatures);
    let anchors: Vec<&[u64]> = corpus
        .features
        .iter()
        .map(|f| f.anchors.as_slice())
        .collect();
    let (anchor_pairs, anchor_stats) = anchor::candidates(&anchors, &skip, params.max_postings);
    drop(anchors);
    messages.note(format_args!(
        "anchors: {} shared, {} held by more than {} records left out",
        anchor_stats.shared, anchor_stats.too_common, params.max_postings
    ));

    let mut candidates: Vec<Pair> = Vec::with_capacity(lsh_pairs.len() + anchor_pairs.len());
    candidates.extend_from_slice(&lsh_pairs);
    candidates.extend_from_slice(&anchor_pairs);
    candidates.sort_unstable();
    candidates.dedup();

    let thresholds = Thresholds {
        jaccard: params.threshold,
        containment: params.containment,
        min_shared: params.min_shared,
    };
    let pairs: Vec<VerifiedPair> = candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let sim = Similarity::of(
                &corpus.features[a as usize].shingles,
                &corpus.features[b as usize].shingles,
            );
            thresholds
                .accepts(&sim)
                .then_some(VerifiedPair { a, b, sim })
        })
        .collect();
    messages.note(format_args!(
        "candidates: {} from lsh, {} from anchors, {} distinct; {} verified",
        lsh_pairs.len(),
        anchor_pairs.len(),
        candidates.len(),
        pairs.len()
    ));

    let links: Vec<Pair> = pairs.iter().map(|p| (p.a, p.b)).collect();
    let groups = cluster::connected_groups(&corpus.ranks(), &links);
    Analysis {
        lsh_candidates: lsh_pairs.len(),
        anchor_candidates: anchor_pairs.len(),
        candidates: candidates.len(),
        pairs,
        groups,
    }
}
