//! What `index add` and `index query` are given, already validated.
//!
//! Kept apart from the module root so the files that run a command import
//! it from a sibling, not from the module that re-exports them.

use std::path::PathBuf;

use crate::job::Job;
use crate::output::OutputOptions;

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
    /// The query's pairs table file, with a table format (`--pairs-out`).
    pub pairs_path: Option<PathBuf>,
}
