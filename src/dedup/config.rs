//! What one run of `dedup` is given, and what it did.

use std::path::PathBuf;

use super::plan::Keep;
use crate::job::Job;
use crate::messages::Messages;

/// Everything one run of `dedup` needs, already validated.
#[derive(Debug, Clone, Default)]
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
