//! Candidate pairs: which records are worth comparing exactly.
//!
//! Two indexes, because syndication makes two kinds of copy: LSH banding
//! of MinHash signatures finds whole reprints (high Jaccard), the anchor
//! index finds excerpts (high containment, low Jaccard). Each is a stage of
//! its own; [`union`] merges what they propose.

use rayon::prelude::*;

use crate::messages::Messages;
use crate::progress::Stage;

use super::anchor;
use super::features::Features;
use super::lsh::{self, Banding, Pair};
use super::params::Params;
use super::verify;

/// Which records can be compared at all: `true` marks a record without a
/// single shingle (empty, or all boilerplate), which matches nothing.
pub fn comparable(features: &[Features], messages: &Messages) -> Vec<bool> {
    let skip: Vec<bool> = features.iter().map(|f| !is_comparable(f)).collect();
    let empty = skip.iter().filter(|&&s| s).count();
    if empty > 0 {
        messages.warn(format_args!(
            "{empty} record(s) have no words to compare (after boilerplate) and are in no group"
        ));
    }
    skip
}

/// Can this record be compared at all (it has a shingle)?
pub fn is_comparable(f: &Features) -> bool {
    f.set_len() > 0
}

/// Pairs sharing a band of their MinHash signatures, or of the band keys
/// kept of them (`band_keys`, taken).
///
/// The signatures and keys are freed once used: nothing after this stage
/// needs them, and at a million records they are hundreds of megabytes.
pub fn by_lsh(
    features: &mut [Features],
    band_keys: &mut Option<Vec<u64>>,
    skip: &[bool],
    params: &Params,
    messages: &Messages,
) -> Vec<Pair> {
    let banding = Banding::for_threshold(params.threshold, params.num_perm);
    messages.note(format_args!(
        "lsh: {} bands x {} rows for threshold {} (num_perm {})",
        banding.bands, banding.rows, params.threshold, params.num_perm
    ));
    let stage = Stage::start(messages, "lsh candidates", "", None);
    // Records too short to pair but by their exact shingle set are
    // paired so, without signatures (`verify::only_identical_below`).
    let short = verify::only_identical_below(params);
    let banded: Vec<bool> = features
        .iter()
        .zip(skip)
        .map(|(f, &skip)| skip || exact_only(f, short))
        .collect();
    let mut pairs = match band_keys.take() {
        // The keys were kept instead of signatures; freed once used.
        Some(keys) => {
            let bands = banding.bands;
            lsh::candidates_by_key(
                |i, b| keys[i * bands + b],
                &banded,
                banding,
                params.max_bucket,
            )
        }
        None => {
            let signatures: Vec<&[u32]> = features.iter().map(|f| f.signature.as_slice()).collect();
            lsh::candidates(&signatures, &banded, banding, params.max_bucket)
        }
    };
    let exact = by_exact_set(features, skip, short, params.max_bucket);
    if !exact.is_empty() {
        messages.note(format_args!(
            "lsh: {} pairs of records under {short} shingles by their exact shingle sets",
            exact.len()
        ));
        pairs.extend(exact);
        pairs.par_sort_unstable();
        pairs.dedup();
    }
    for f in features.iter_mut() {
        f.signature = Vec::new();
    }
    crate::memory::give_back();
    drop(stage);
    pairs
}

/// Is this record, with fewer than `short` shingles
/// ([`verify::only_identical_below`]), paired by its exact shingle set
/// rather than by LSH bands?
pub fn exact_only(f: &Features, short: usize) -> bool {
    f.set_len() < short
}

/// The bucket key of a shingle set for pairing by exact sets.
pub fn exact_set_key(shingles: &[u32]) -> u64 {
    let bytes: Vec<u8> = shingles.iter().flat_map(|s| s.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// Pairs of records under `short` shingles with the same shingle set (a
/// bucket larger than `max_bucket` linked as a star, as LSH does).
fn by_exact_set(
    features: &[Features],
    skip: &[bool],
    short: usize,
    max_bucket: usize,
) -> Vec<Pair> {
    let mut keys: Vec<(u64, u32)> = features
        .par_iter()
        .enumerate()
        .filter(|&(i, f)| !skip[i] && exact_only(f, short))
        .map(|(i, f)| (exact_set_key(&f.shingles), i as u32))
        .collect();
    keys.par_sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
        lsh::emit_bucket(
            bucket.iter().map(|&(_, doc)| doc),
            bucket.len(),
            max_bucket,
            &mut pairs,
        );
    }
    pairs
}

/// Pairs sharing winnowed anchors (see [`anchor::candidates`] for the
/// two-hit and star rules).
pub fn by_anchors(
    features: &[Features],
    skip: &[bool],
    params: &Params,
    messages: &Messages,
) -> Vec<Pair> {
    let stage = Stage::start(messages, "anchor candidates", "", None);
    let anchors: Vec<&[u32]> = features.iter().map(|f| f.anchors.as_slice()).collect();
    let (pairs, stats) = anchor::candidates(&anchors, skip, params.max_postings, anchor::MIN_HITS);
    messages.note(format_args!(
        "anchors: {} shared, {} held by more than {} records left out",
        stats.shared, stats.too_common, params.max_postings
    ));
    drop(stage);
    pairs
}

/// Every pair either index proposed, once, sorted.
pub fn union(lsh: Vec<Pair>, anchors: Vec<Pair>) -> Vec<Pair> {
    let mut pairs = lsh;
    pairs.extend_from_slice(&anchors);
    drop(anchors);
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::features::Featurizer;

    fn features(shingles: Vec<u32>, anchors: Vec<u32>) -> Features {
        Features {
            words: shingles.len(),
            boilerplate_words: 0,
            signature: Vec::new(),
            shingles,
            anchors,
            edges: None,
            parked: None,
        }
    }

    #[test]
    fn records_without_shingles_are_not_comparable() {
        let fs = vec![features(vec![1, 2], vec![]), features(vec![], vec![])];
        let quiet = Messages {
            quiet: true,
            ..Messages::default()
        };
        assert_eq!(comparable(&fs, &quiet), vec![false, true]);
    }

    #[test]
    fn union_sorts_and_drops_repeats() {
        let merged = union(vec![(2, 3), (0, 1)], vec![(0, 1), (1, 2)]);
        assert_eq!(merged, vec![(0, 1), (1, 2), (2, 3)]);
    }

    #[test]
    fn anchors_propose_records_sharing_two() {
        let fs = vec![
            features(vec![1], vec![10, 20, 30]),
            features(vec![1], vec![10, 20]),
            features(vec![1], vec![30, 40, 50]),
        ];
        let skip = vec![false; 3];
        let pairs = by_anchors(&fs, &skip, &Params::default(), &Messages::default());
        assert_eq!(pairs, vec![(0, 1)]);
    }

    #[test]
    fn lsh_pairs_identical_signatures_and_frees_them() {
        let mut fs: Vec<Features> = (0..3)
            .map(|i| Features {
                signature: if i < 2 {
                    vec![7; 128]
                } else {
                    (0..128).collect()
                },
                // Enough shingles to be banded.
                ..features((0..20).collect(), vec![])
            })
            .collect();
        let skip = vec![false; 3];
        let pairs = by_lsh(
            &mut fs,
            &mut None,
            &skip,
            &Params::default(),
            &Messages::default(),
        );
        assert_eq!(pairs, vec![(0, 1)]);
        assert!(fs.iter().all(|f| f.signature.is_empty()));
    }

    #[test]
    fn band_keys_kept_instead_of_signatures_pair_the_same_records() {
        // Signatures sharing bands in different ways: equal, one band
        // equal, none; and a record too short for a signature.
        let sig = |k: u32| -> Vec<u32> { (0..128).map(|s| s * 7 + k).collect() };
        let mut one_band = sig(9);
        one_band[..5].copy_from_slice(&sig(1)[..5]);
        let signatures = [sig(1), sig(1), one_band, sig(4), Vec::new()];
        let mut held: Vec<Features> = signatures
            .iter()
            .map(|s| Features {
                signature: s.clone(),
                ..features((0..if s.is_empty() { 2 } else { 20 }).collect(), vec![])
            })
            .collect();
        let mut kept = held.clone();
        let mut keys = Vec::new();
        Featurizer::new(&Params::default()).band_keys(&mut kept, &mut keys);
        assert!(kept.iter().all(|f| f.signature.is_empty()));
        let skip = vec![false; held.len()];
        let (params, quiet) = (Params::default(), Messages::default());
        let from_signatures = by_lsh(&mut held, &mut None, &skip, &params, &quiet);
        let mut keys = Some(keys);
        let from_keys = by_lsh(&mut kept, &mut keys, &skip, &params, &quiet);
        assert_eq!(from_signatures, vec![(0, 1), (0, 2), (1, 2)]);
        assert_eq!(from_keys, from_signatures);
        assert!(keys.is_none(), "the keys are freed once used");
    }

    #[test]
    fn short_records_pair_by_their_exact_sets_without_signatures() {
        let params = Params {
            max_bucket: 3,
            ..Params::default()
        };
        let sets: [&[u32]; 7] = [&[1, 2], &[5], &[1, 2], &[1], &[5], &[5], &[5]];
        let mut fs: Vec<Features> = sets.iter().map(|s| features(s.to_vec(), vec![])).collect();
        let skip = vec![false; fs.len()];
        let pairs = by_lsh(&mut fs, &mut None, &skip, &params, &Messages::default());
        // [1, 2] twice: a pair; [5] four times, over max_bucket: a star.
        assert_eq!(pairs, vec![(0, 2), (1, 4), (1, 5), (1, 6)]);
    }
}
