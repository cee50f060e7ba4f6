//! Per-record features: normalize, shingle, sign and winnow one record.
//!
//! This is the stage that runs once per record and in parallel; what it
//! returns is all the later stages need of a record's text, so the text
//! itself can be dropped as soon as it is featurized.

use crate::anchor;
use crate::minhash::{MinHasher, Signature};
use crate::normalize::normalize_into;
use crate::params::Params;
use crate::shingle::{ShingleSet, Shingler};

/// What candidate generation and verification need of one record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Words in the normalized text.
    pub words: usize,
    /// Shingle set, sorted.
    pub shingles: ShingleSet,
    /// MinHash signature of the shingle set.
    pub signature: Signature,
    /// Winnowed anchors of the shingle sequence, sorted.
    pub anchors: Vec<u64>,
}

/// Computes [`Features`] with fixed parameters; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Featurizer {
    shingler: Shingler,
    hasher: MinHasher,
    anchor_window: usize,
}

/// Buffers reused across records on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: String,
    words: Vec<u64>,
    sequence: Vec<u64>,
}

impl Featurizer {
    /// A featurizer for `params` (already validated).
    pub fn new(params: &Params) -> Featurizer {
        Featurizer {
            shingler: Shingler::new(params.ngram),
            hasher: MinHasher::new(params.num_perm, params.scheme, params.seed),
            anchor_window: params.anchor_window,
        }
    }

    /// Features of one record's text.
    pub fn features(&self, text: &str, scratch: &mut Scratch) -> Features {
        normalize_into(text, &mut scratch.normalized);
        self.shingler
            .words_into(&scratch.normalized, &mut scratch.words);
        self.shingler
            .sequence_into(&scratch.words, &mut scratch.sequence);
        let mut anchors = Vec::new();
        anchor::winnow_into(&scratch.sequence, self.anchor_window, &mut anchors);
        let mut shingles = scratch.sequence.clone();
        shingles.sort_unstable();
        shingles.dedup();
        let signature = self.hasher.sign(&shingles);
        Features {
            words: scratch.words.len(),
            shingles,
            signature,
            anchors,
        }
    }
}
