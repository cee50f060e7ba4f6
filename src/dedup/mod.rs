//! `reprint dedup`: the input again, minus its reprints.
//!
//! A filter for shell pipelines: records are read and grouped exactly as by
//! the main command, then the input is written back in its own format with
//! one member of each group kept and every record in no group untouched.
//! The pipeline keeps no record text, so the input is read a second time,
//! raw, and each record's original bytes are copied (or left out): fields,
//! quoting, key order and line endings of kept records come through
//! byte for byte. Input that cannot be read twice (stdin, a pipe such as
//! `<(zcat dump.gz)`) is first spooled to a temporary file.
//!
//! What is written, by input format:
//!
//! - JSON Lines: every line as read, except the lines of removed records.
//!   `--removed` gets those lines with `"reprint_of":"<kept id>"` added as
//!   the last field.
//! - CSV, TSV: the header, then every record as read (quoting and line
//!   endings kept), except removed ones. `--removed` gets the same header
//!   plus a `reprint_of` column. Several inputs must share one header.
//! - text: every record with the separator line that follows it, except
//!   removed ones. `--removed` gets the removed records with a
//!   `Reprint-Of: <kept id>` line after their header lines.
//! - a folder: files cannot be streamed as one, so the kept files' paths are
//!   written one per line (for `xargs` or `rsync --files-from`);
//!   `--removed` gets `path<TAB>kept path` lines. A file holding several
//!   records (`.jsonl`, a JSON array) cannot be kept or dropped whole, and
//!   is refused.
//! - a JSON array or pretty-printed JSON: refused (not yet written back).
//!
//! Records skipped as bad under `--skip-bad` are written through unchanged:
//! dedup removes reprints and nothing else. Output is UTF-8 (a byte-order
//! mark is dropped, UTF-16 is converted), compressed only as the output's
//! name says (`-o kept.jsonl.zst`, so dedup in place keeps its input's
//! compression; stdout is plain).
//!
//! The parts, in the order a run goes through them: `config.rs` (what a
//! run is given, what it did), `inputs.rs` (inputs made readable twice,
//! their one format), `load.rs` (the first read, grouped by the main
//! pipeline), `plan.rs` (who is kept), `recheck.rs` (the kept records
//! grouped again), `copy.rs` (the second read, raw, cut by `raw.rs`),
//! `emit.rs` (the writing) and `reprint_of.rs` (a removed record marked
//! with the id kept in its place).

mod config;
mod copy;
mod emit;
mod inputs;
mod load;
mod plan;
mod raw;
mod recheck;
mod reprint_of;

use std::path::Path;

use anyhow::{Result, bail};

use crate::outputs;
use crate::sink::Sink;

use crate::detect::corpus::Corpus;
pub use config::{DEFAULT_MAX_SPOOL_BYTES, DedupConfig, DedupSummary};
use copy::copy_inputs;
pub use inputs::{Prepared, Source};
pub use load::find_job;
pub use plan::Keep;
use plan::{Fate, plan};
use recheck::recheck_kept;

/// Does `path` name stdout (none given, or `-`)?
fn is_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// Run `dedup`: group the inputs, then copy them minus their reprints.
pub fn run(config: &DedupConfig) -> Result<DedupSummary> {
    run_with(config, |prepared| prepared.load(config))
}

/// Run `dedup` with the first read's corpus and groups from `analyzed`
/// (given the prepared inputs): [`run`] reads and groups them in this
/// process; a distributed run (`reprint stage dedup`) takes them from the
/// stages' files. Everything else (who is kept, the recheck, the copy)
/// is the same code.
pub fn run_with(
    config: &DedupConfig,
    analyzed: impl FnOnce(&Prepared) -> Result<(Corpus, crate::Analysis)>,
) -> Result<DedupSummary> {
    check_outputs(config)?;
    // Outputs are opened first so an unwritable path fails before any work.
    let mut out = Sink::open(config.output_path.as_deref())?;
    let mut removed = config
        .removed_path
        .as_deref()
        .map(|p| Sink::open(Some(p)))
        .transpose()?;

    let prepared = Prepared::new(&config.job.inputs, &config.job.read, config.max_spool_bytes)?;
    if config.print0 && prepared.format != crate::read::Format::Dir {
        bail!(
            "-0 (--print0) ends the paths dedup lists for a folder input; this input is no folder"
        );
    }
    let (mut corpus, analysis) = analyzed(&prepared)?;
    let mut fates = plan(&corpus, &analysis.groups, config.keep);
    recheck_kept(&prepared, config, &corpus, &mut fates)?;
    prepared.rename_records(&mut corpus);

    copy_inputs(
        &prepared,
        config,
        &corpus,
        &fates,
        out.writer(),
        removed.as_mut().map(|s| s.writer()),
    )?;
    outputs::commit(std::iter::once(out).chain(removed).collect())?;

    let summary = DedupSummary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
        groups: analysis.groups.len(),
        removed: fates.iter().filter(|f| **f != Fate::Keep).count(),
    };
    summary.report(&config.job.messages);
    Ok(summary)
}

/// The output and the removed records go to two different files, neither
/// of them an input, except that `-o` may name the input to dedup it in
/// place (it is read in full before the output replaces it).
fn check_outputs(config: &DedupConfig) -> Result<()> {
    if let Some(removed) = &config.removed_path
        && is_stdout(Some(removed))
        && is_stdout(config.output_path.as_deref())
    {
        bail!("--removed and the output cannot both be stdout: give -o FILE or --removed FILE");
    }
    let mut named = vec![outputs::Output {
        flag: "-o",
        path: config.output_path.as_deref(),
    }];
    if let Some(removed) = config.removed_path.as_deref() {
        named.push(outputs::Output {
            flag: "--removed",
            path: Some(removed),
        });
    }
    let protected = outputs::Protected {
        inputs: &config.job.inputs,
        index: None,
        in_place: Some("-o"),
    };
    outputs::check(&named, protected)
}
