//! `index stats`: what an index holds and the parameters it was made with.
//!
//! Counts come from the tables' own lengths (redb keeps them), so stats
//! costs the same for any size of index. It checks what it reads (the
//! metadata's checksum, records against ids) but not the records
//! themselves: `index check` does.

use std::path::Path;

use anyhow::Result;
use redb::ReadableTableMetadata;
use serde::Serialize;

use super::guard::guarded;
use super::open::{Open, open, read_stored};
use super::schema::{ANCHORS, BANDS, IDS, RECORDS, check_counts, scheme_name, shingle_name};

/// What `index stats` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The index file.
    pub index: String,
    /// Size of the file in bytes.
    pub file_bytes: u64,
    /// Records held.
    pub records: u64,
    /// (band key, record) entries of the LSH table.
    pub band_entries: u64,
    /// (anchor, record) entries of the anchor table.
    pub anchor_entries: u64,
    /// Layout version.
    pub format_version: u32,
    /// The reprint that made it.
    pub created_by: String,
    /// The parameters its features were made with.
    pub parameters: StatsParams,
}

/// The stored parameters as `index stats` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct StatsParams {
    /// What shingles are made of (`words` or `chars`).
    pub shingle: &'static str,
    /// Units per shingle.
    pub ngram: usize,
    /// MinHash signature slots.
    pub num_perm: usize,
    /// MinHash scheme (`oph` or `classic`).
    pub minhash: &'static str,
    /// Hash seed.
    pub seed: u64,
    /// Anchor winnowing window.
    pub anchor_window: usize,
    /// LSH bands.
    pub bands: usize,
    /// Rows per band.
    pub rows: usize,
    /// The Jaccard threshold the banding was chosen for.
    pub threshold: f64,
}

/// Counts and parameters of an index.
pub fn stats(path: &Path) -> Result<Stats> {
    guarded(path, || {
        let db = open(path, Open::Existing)?;
        let txn = db.begin_read()?;
        let s = read_stored(&txn, path)?;
        let records = check_counts(&txn.open_table(RECORDS)?, &txn.open_table(IDS)?, path)?;
        Ok(Stats {
            index: path.display().to_string(),
            file_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            records,
            band_entries: txn.open_table(BANDS)?.len()?,
            anchor_entries: txn.open_table(ANCHORS)?.len()?,
            format_version: s.format_version,
            created_by: s.created_by.clone(),
            parameters: StatsParams {
                shingle: shingle_name(s.shingle),
                ngram: s.ngram,
                num_perm: s.num_perm,
                minhash: scheme_name(s.scheme),
                seed: s.seed,
                anchor_window: s.anchor_window,
                bands: s.banding.bands,
                rows: s.banding.rows,
                threshold: s.threshold,
            },
        })
    })
}
