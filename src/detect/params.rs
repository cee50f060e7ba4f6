//! The tunable parameters of the pipeline, checked once before any work.

use anyhow::{Result, bail};

use super::boilerplate::BoilerplateParams;
use super::minhash::Scheme;
use super::shingle::{MAX_NGRAM, ShingleKind};

/// Every knob of shingling, candidate generation and verification.
///
/// Serializable so a distributed run (`reprint stage`) hands every shard
/// the parameters the corpus chose, not flags each stage re-reads.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Params {
    /// What shingles are made of.
    pub shingle: ShingleKind,
    /// Units (words or characters) per shingle.
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
    /// How boilerplate lines are found.
    pub boilerplate: BoilerplateParams,
    /// Only records dated within this many days of each other can be
    /// reprints of each other (records without a date are not blocked).
    pub window_days: Option<f64>,
    /// Two records of the same outlet are never reprints of each other.
    pub cross_outlet_only: bool,
    /// A pair that is not a reprint but shares at least this many shingles
    /// is reported as related (a rewrite quoting a passage).
    pub related_min_shared: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            shingle: ShingleKind::Words,
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
            boilerplate: BoilerplateParams::default(),
            window_days: None,
            cross_outlet_only: false,
            related_min_shared: 40,
        }
    }
}

impl Params {
    /// The defaults for shingles of `kind`. Characters need more shingles
    /// to make a passage (a word is about five letters), and two stories on
    /// one topic share many letter runs by chance (about 400 8-letter runs
    /// between the seeds' independent stories), so a quoted paragraph must share more
    /// before it counts as related.
    pub fn for_kind(kind: ShingleKind) -> Params {
        match kind {
            ShingleKind::Words => Params::default(),
            ShingleKind::Chars => Params {
                shingle: kind,
                ngram: 6,
                min_shared: 100,
                related_min_shared: 600,
                anchor_window: 64,
                ..Params::default()
            },
        }
    }

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
        if let Some(days) = self.window_days
            && !(days >= 0.0 && days.is_finite())
        {
            bail!("--window ({days}) must be a number of days, 0 or more");
        }
        if !(self.boilerplate.max_agreement >= 0.0 && self.boilerplate.max_agreement <= 1.0) {
            bail!(
                "--boilerplate-agreement ({}) must be from 0 to 1",
                self.boilerplate.max_agreement
            );
        }
        if self.related_min_shared == 0 {
            bail!("--related-min-shared must be at least 1");
        }
        Ok(())
    }
}
