//! What one run of `dedup` is given, and what it did.

use std::path::PathBuf;

use super::plan::Keep;
use crate::job::Job;
use crate::messages::Messages;

/// Everything one run of `dedup` needs, already validated.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Inputs, reading and detection; bad records skipped under
    /// `skip_bad` are written through.
    pub job: Job,
    /// Which member of each group is kept.
    pub keep: Keep,
    /// Where the kept records go (`None` or `-`: stdout).
    pub output_path: Option<PathBuf>,
    /// Where the removed records go, if anywhere.
    pub removed_path: Option<PathBuf>,
    /// Folder input: end each path listed with NUL instead of a newline
    /// (`-0`), so any file name survives.
    pub print0: bool,
    /// Stdin or a pipe is copied to a temporary file for the second read:
    /// at most this many bytes (`--max-input-bytes`).
    pub max_spool_bytes: u64,
}

/// The default of `--max-input-bytes`: 64 GiB, more than a machine that
/// holds the corpus in memory could group, less than a disk.
pub const DEFAULT_MAX_SPOOL_BYTES: u64 = 64 << 30;

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            job: Job::default(),
            keep: Keep::default(),
            output_path: None,
            removed_path: None,
            print0: false,
            max_spool_bytes: DEFAULT_MAX_SPOOL_BYTES,
        }
    }
}

/// What a dedup run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DedupSummary {
    /// Records read and compared.
    pub records: usize,
    /// Bad records skipped (and written through).
    pub skipped: usize,
    /// Groups found.
    pub groups: usize,
    /// Records removed as reprints.
    pub removed: usize,
}

impl crate::FoundReprints for DedupSummary {
    fn found_reprints(&self) -> bool {
        self.removed > 0
    }
}

impl DedupSummary {
    /// The one summary line of a run.
    pub(super) fn report(&self, messages: &Messages) {
        messages.summary(
            format_args!(
                "{} records read, {} skipped as bad (written through); {} groups; {} reprints removed, {} records written",
                self.records,
                self.skipped,
                self.groups,
                self.removed,
                self.records + self.skipped - self.removed
            ),
            self.skipped > 0,
        );
    }
}
