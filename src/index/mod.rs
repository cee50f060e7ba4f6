//! The incremental index: today's batch against everything seen before.
//!
//! A daily job should not re-read years of archive to find which of today's
//! stories are reprints. `index add` stores, per record, what a later query
//! needs to find and verify it (metadata, shingle set, MinHash signature,
//! anchors) plus the two candidate indexes as lookup tables: LSH band key →
//! records, anchor → records. `index query` featurizes a new batch, looks its
//! band keys and anchors up, loads only the indexed records that share one,
//! and runs the usual candidate, verification and grouping stages on those
//! plus the batch, so its groups mean exactly what the main command's do.
//!
//! The store is one [redb](https://www.redb.org) file: embedded, no server,
//! copy-on-write B-trees with checksummed commits. An `add` is one write
//! transaction, so a process killed part-way leaves the index as it was
//! before (redb's quick-repair mode keeps reopening after a crash fast), and
//! the file lock refuses a second process with a clear message instead of
//! corrupting the file. Stored features only compare with features made the
//! same way, so an index refuses parameters or a format version other than
//! its own ([`schema`]).
//!
//! Boilerplate is found per batch (by the corpus stage), so an indexed
//! record's features are those of the batch it was added with.

mod add;
mod candidates;
mod codec;
mod query;
pub mod schema;

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use redb::{Database, DatabaseError, ReadableTableMetadata, StorageError, TableError};
use serde::Serialize;

use crate::job::Job;
use crate::output::OutputOptions;

pub use add::{AddSummary, add};
pub use query::{QuerySummary, query};
use schema::{ANCHORS, BANDS, META, RECORDS, Stored, scheme_name, shingle_name};

/// Everything `index add` and `index query` need, already validated.
#[derive(Debug, Clone, Default)]
pub struct IndexConfig {
    /// The index file.
    pub index: PathBuf,
    /// The batch to add or query; its parameters must match those stored
    /// in the index. Under `skip_bad`, `add` also skips ids already
    /// indexed.
    pub job: Job,
    /// What a query writes.
    pub output: OutputOptions,
    /// Query output file (`None`: stdout).
    pub output_path: Option<PathBuf>,
}

/// Whether opening may make a new index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Make the file if it is missing (to add to it).
    OrCreate,
    /// The index must exist (to read it).
    Existing,
}

/// redb's page cache when an index is only read. The default, 1 GiB, is
/// for writers; a query's lookups mostly re-read the B-trees' inner pages,
/// and the operating system caches the file anyway. Querying 10,000
/// records against 1,000,000 took as long with 256 MiB as with 1 GiB and
/// peaked 0.7 GB lower; with 64 MiB, loading candidates took twice as long.
const READ_CACHE: usize = 256 << 20;

/// Open the index file, with errors a user can act on.
fn open(path: &Path, mode: Open) -> Result<Database> {
    let name = path.display();
    if mode == Open::Existing && !path.exists() {
        bail!("no index at {name}: make one with `reprint index add {name} FILE...`");
    }
    if path.is_dir() {
        bail!("index {name} is a folder, not an index file");
    }
    let mut builder = redb::Builder::new();
    if mode == Open::Existing {
        builder.set_cache_size(READ_CACHE);
    }
    let db = match mode {
        Open::OrCreate => builder.create(path),
        Open::Existing => builder.open(path),
    };
    db.map_err(|e| match e {
        DatabaseError::DatabaseAlreadyOpen => anyhow!(
            "index {name} is in use by another reprint process (an `index add` or \
             `index query` still running); try again when it has finished"
        ),
        DatabaseError::Storage(StorageError::Io(io)) if io.kind() != ErrorKind::InvalidData => {
            anyhow!(io).context(format!("cannot open index {name}"))
        }
        other => anyhow!("{name} is not a reprint index, or is damaged: {other}"),
    })
}

/// The stored parameters; `None` for an index nothing was ever added to
/// (a first `add` that failed or was killed leaves one).
fn read_stored(txn: &redb::ReadTransaction, path: &Path) -> Result<Option<Stored>> {
    match txn.open_table(META) {
        Ok(meta) => Stored::read(&meta, path),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(anyhow!(e).context(format!("reading index {}", path.display()))),
    }
}

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
    /// Layout version (null for an index nothing was added to).
    pub format_version: Option<u32>,
    /// The reprint that made it.
    pub created_by: Option<String>,
    /// The parameters its features were made with.
    pub parameters: Option<StatsParams>,
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
    let db = open(path, Open::Existing)?;
    let txn = db.begin_read()?;
    let stored = read_stored(&txn, path)?;
    let count = |n: Result<u64, redb::StorageError>| n.map_err(anyhow::Error::from);
    let (records, band_entries, anchor_entries) = if stored.is_some() {
        (
            count(txn.open_table(RECORDS)?.len())?,
            count(txn.open_table(BANDS)?.len())?,
            count(txn.open_table(ANCHORS)?.len())?,
        )
    } else {
        (0, 0, 0)
    };
    Ok(Stats {
        index: path.display().to_string(),
        file_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        records,
        band_entries,
        anchor_entries,
        format_version: stored.as_ref().map(|s| s.format_version),
        created_by: stored.as_ref().map(|s| s.created_by.clone()),
        parameters: stored.map(|s| StatsParams {
            shingle: shingle_name(s.shingle),
            ngram: s.ngram,
            num_perm: s.num_perm,
            minhash: scheme_name(s.scheme),
            seed: s.seed,
            anchor_window: s.anchor_window,
            bands: s.banding.bands,
            rows: s.banding.rows,
            threshold: s.threshold,
        }),
    })
}
