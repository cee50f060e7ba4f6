//! The tunable parameters of the pipeline, checked once before any work.

use anyhow::{Result, bail};

use crate::minhash::Scheme;
use crate::shingle::MAX_NGRAM;

/// Every knob of shingling, candidate generation and verification.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Words per shingle.
    pub ngram: usize,
    /// MinHash signature slots.
    pub num_perm: usize,
    /// How signatures are computed.
    pub scheme: Scheme,
    /// Seed of every hash function that is seeded.
    pub seed: u64,
    /// Jaccard at or above which a pair is a reprint (also sets the banding).
    pub threshold: f64,
    /// Containment at or above which a pair is a reprint...
    pub containment: f64,
    /// ...when it shares at least this many shingles.
    pub min_shared: usize,
    /// Winnowing window of the anchor index: a shared run of this many
    /// shingles is sure to be found.
    pub anchor_window: usize,
    /// Anchors held by more records than this are left out of the index.
    pub max_postings: usize,
    /// LSH buckets larger than this are linked as a star.
    pub max_bucket: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            ngram: 5,
            num_perm: 128,
            scheme: Scheme::OnePermutation,
            seed: 0x5EED_2024,
            threshold: 0.5,
            containment: 0.6,
            min_shared: 20,
            anchor_window: 16,
            max_postings: 256,
            max_bucket: 200,
        }
    }
}

impl Params {
    /// Check every value; the message names the flag and the bad value.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_NGRAM).contains(&self.ngram) {
            bail!("--ngram ({}) must be from 1 to {MAX_NGRAM}", self.ngram);
        }
        if !(2..=1024).contains(&self.num_perm) {
            bail!("--num-perm ({}) must be from 2 to 1024", self.num_perm);
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            bail!(
                "--threshold ({}) must be above 0 and at most 1",
                self.threshold
            );
        }
        if !(self.containment > 0.0 && self.containment <= 1.0) {
            bail!(
                "--containment ({}) must be above 0 and at most 1",
                self.containment
            );
        }
        if self.min_shared == 0 {
            bail!("--min-shared must be at least 1");
        }
        if self.anchor_window == 0 {
            bail!("--anchor-window must be at least 1");
        }
        if self.max_postings < 2 {
            bail!("--max-postings ({}) must be at least 2", self.max_postings);
        }
        Ok(())
    }
}
