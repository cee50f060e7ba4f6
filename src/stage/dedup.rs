//! `stage dedup-split` and `stage dedup`: `reprint dedup` over the stages.
//!
//! `dedup-split` is `stage split` over the inputs as `reprint dedup` reads
//! them (each input's one format resolved, formats dedup cannot write back
//! refused before any work); `dedup` takes the first read's corpus and
//! groups from the run's files ([`super::cluster::analyzed`]) and does the
//! rest with [`crate::dedup::run_with`], the code `reprint dedup` runs:
//! who is kept, the recheck of the kept records, the copy of the inputs'
//! bytes. The recheck (the kept records grouped again, alone) and the copy
//! run in this one process, as in `reprint dedup`.

use std::path::Path;

use anyhow::{Result, bail};

use crate::dedup::{DedupConfig, DedupSummary, Prepared, find_job, run_with};
use crate::detect::Counts;

use super::Work;
use super::cluster::analyzed;
use super::split::{SplitSummary, split};

/// The inputs must be files read again by name: stdin or a pipe would be
/// spooled by each process to a copy of its own.
fn rereadable(prepared: &Prepared) -> Result<()> {
    if let Some(s) = prepared.sources.iter().find(|s| s.is_spooled()) {
        bail!(
            "{}: a distributed dedup reads its inputs again by name in another process, \
             so stdin and pipes cannot be read; give a file",
            s.name
        );
    }
    Ok(())
}

/// Split the inputs of `config` into `shards` shards in `work`, as
/// `reprint dedup` reads them.
pub fn dedup_split(config: &DedupConfig, work: &Path, shards: usize) -> Result<SplitSummary> {
    let prepared = Prepared::new(&config.job.inputs, &config.job.read, config.max_spool_bytes)?;
    rereadable(&prepared)?;
    let job = find_job(config, prepared.inputs(), prepared.format, false);
    split(&job, work, shards)
}

/// Write what `reprint dedup` writes for `config`, with the groups of the
/// run in `work` (its detection is the model's, as in `stage cluster`).
pub fn dedup(config: &DedupConfig, work: &Work, counts: Counts) -> Result<DedupSummary> {
    run_with(config, |prepared| {
        rereadable(prepared)?;
        let (corpus, analysis) = analyzed(&config.job, work, counts)?;
        // The run's records must be these inputs' (a folder of another
        // run's would copy the wrong records, or none).
        if let Some(m) = corpus.metas.iter().find(|m| {
            !prepared
                .sources
                .iter()
                .any(|s| s.read_name == m.origin.file)
        }) {
            bail!(
                "{}: record '{}' was read from {}, which is not an input of this dedup",
                work.dir.display(),
                m.id,
                m.origin.file
            );
        }
        Ok((corpus, analysis))
    })
}
