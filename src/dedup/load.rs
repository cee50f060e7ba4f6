//! The first read: the inputs read and grouped by the main job's own
//! pipeline, so that dedup finds exactly the groups `reprint` finds.

use anyhow::Result;

use super::config::DedupConfig;
use super::inputs::Prepared;
use crate::detect::corpus::Corpus;
use crate::job::Job;
use crate::read::{Format, Input};

/// The job of reading `inputs` as `dedup` does.
pub fn find_job(config: &DedupConfig, inputs: Vec<Input>, format: Format, quiet: bool) -> Job {
    let mut job = config.job.clone();
    job.inputs = inputs;
    job.read.format = format;
    job.messages.quiet |= quiet;
    job
}

impl Prepared {
    /// Read and group the inputs with the main job's pipeline. Spooled
    /// inputs are read under a temporary name, so their messages are
    /// renamed here.
    pub fn load(&self, config: &DedupConfig) -> Result<(Corpus, crate::Analysis)> {
        let spooled = self.sources.iter().any(|s| s.is_spooled());
        let find = find_job(config, self.inputs(), self.format, spooled);
        let (corpus, analysis) = find.load_and_analyze().map_err(|e| self.rename_error(e))?;
        if spooled {
            for bad in &corpus.skipped {
                config
                    .job
                    .messages
                    .warn(format_args!("skipped {}", self.rename(&bad.to_string())));
            }
            let empty = corpus.features.iter().filter(|f| f.set_len() == 0).count();
            if empty > 0 {
                config.job.messages.warn(format_args!(
                    "{empty} record(s) have no words to compare and are in no group"
                ));
            }
        }
        Ok((corpus, analysis))
    }
}
