//! What one run of `dedup` is given, and what it did.

use std::path::PathBuf;

use super::plan::Keep;
use crate::messages::Messages;
use crate::params::Params;
use crate::read::{Input, ReadOptions};

/// Everything one run of `dedup` needs, already validated.
#[derive(Debug, Clone, Default)]
pub struct DedupConfig {
    /// Inputs, read in order (stdin when empty).
    pub inputs: Vec<Input>,
    /// How to read them.
    pub read: ReadOptions,
    /// Shingling, candidate and verification parameters.
    pub params: Params,
    /// Which member of each group is kept.
    pub keep: Keep,
    /// Where the kept records go (`None` or `-`: stdout).
    pub output_path: Option<PathBuf>,
    /// Where the removed records go, if anywhere.
    pub removed_path: Option<PathBuf>,
    /// Count and report bad records (and write them through) instead of
    /// stopping at the first.
    pub skip_bad: bool,
    /// Warnings and notes.
    pub messages: Messages,
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
