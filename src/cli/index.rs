//! `reprint index add|query|stats|check`: an incremental index of records
//! seen before, in one file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use reprint::index::IndexConfig;
use reprint::{ExitStatus, Messages};

use super::find::{DetectArgs, FindArgs, InputArgs, job};

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint index add seen.redb monday.jsonl                    # made on the first add
  reprint index query seen.redb tuesday.jsonl -o new.jsonl    # what reprints what was seen
  reprint index add seen.redb tuesday.jsonl
  reprint index stats seen.redb
  reprint index check seen.redb";

/// Arguments of `reprint index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(subcommand)]
    pub command: IndexCommand,
}

/// What to do with the index.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Add records to the index (made if missing), all or nothing.
    ///
    /// The first add fixes the index's parameters (--ngram, --num-perm,
    /// --minhash, --seed, --anchor-window); later adds and queries must use
    /// the same. An id already in the index is an error (--skip-bad skips
    /// it). An add has the index to itself: it is refused while another
    /// process (an add, query, stats or check) uses it; readers share it.
    #[command(
        after_help = "Examples:\n  reprint index add seen.redb monday.jsonl\n  zcat tuesday.jsonl.gz | reprint index add seen.redb --skip-bad"
    )]
    Add(AddArgs),
    /// Report which new records reprint, or are reprinted by, indexed
    /// ones, and the groups within the new records, as JSON groups.
    ///
    /// Same layout as the main output; each member also has `indexed`:
    /// whether it was already in the index. The new records are not added.
    #[command(
        after_help = "Examples:\n  reprint index query seen.redb tuesday.jsonl -o new.jsonl\n  reprint index query seen.redb tuesday.jsonl -q --fail-on-reprints"
    )]
    Query(QueryArgs),
    /// Print the index's record count, table sizes and parameters as JSON.
    #[command(after_help = "Examples:\n  reprint index stats seen.redb")]
    Stats(StatsArgs),
    /// Verify a whole index: redb's page checksums, every record's
    /// checksum, and the lookup tables rebuilt from the records.
    ///
    /// Exit 0 and one line on stdout when it is healthy; 2 and what is
    /// wrong ("index X is damaged: ...") when not.
    #[command(after_help = "Examples:\n  reprint index check seen.redb && echo healthy")]
    Check(StatsArgs),
}

/// Arguments of `reprint index add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The index file.
    #[arg(value_name = "INDEX")]
    pub index: PathBuf,

    /// Input files or folders; `-` or none reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Skip bad records, and records whose id is already indexed, with a
    /// warning instead of stopping.
    #[arg(long)]
    pub skip_bad: bool,

    // Last, so the options above are listed under "Options:" and not
    // under the last flattened group's heading.
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// Arguments of `reprint index query`: the index, then the main job's
/// arguments (the new records, how to read, detect and write them).
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The index file.
    #[arg(value_name = "INDEX")]
    pub index: PathBuf,

    #[command(flatten)]
    pub find: FindArgs,
}

/// Arguments of `reprint index stats` and `reprint index check`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The index file.
    #[arg(value_name = "INDEX")]
    pub index: PathBuf,
}

/// Run `reprint index ...`.
pub fn run(args: IndexArgs, messages: Messages) -> Result<ExitCode> {
    match args.command {
        IndexCommand::Add(args) => {
            let config = IndexConfig {
                index: args.index,
                job: job(
                    &args.inputs,
                    args.input,
                    &args.detect,
                    args.skip_bad,
                    messages,
                )?
                .fixed_unit(),
                ..IndexConfig::default()
            };
            reprint::index::add(&config)?;
            Ok(ExitStatus::Success.into())
        }
        IndexCommand::Query(args) => {
            let fail_on_reprints = args.find.fail_on_reprints;
            let find = args.find.config(messages)?;
            let config = IndexConfig {
                index: args.index,
                job: find.job.fixed_unit(),
                output: find.output,
                output_path: find.output_path,
                pairs_path: find.pairs_path,
            };
            let summary = reprint::index::query(&config)?;
            Ok(ExitStatus::of(&summary, fail_on_reprints).into())
        }
        IndexCommand::Stats(args) => {
            let stats = reprint::index::stats(&args.index)?;
            let mut text = serde_json::to_string_pretty(&stats)?;
            text.push('\n');
            write_stdout(&text)
        }
        IndexCommand::Check(args) => {
            let r = reprint::index::check(&args.index)?;
            write_stdout(&format!(
                "index {} is healthy: {} records, {} band entries and {} anchor entries checked\n",
                args.index.display(),
                r.records,
                r.band_entries,
                r.anchor_entries
            ))
        }
    }
}

/// Write `text` to stdout. Serialized first and written as bytes, so a
/// closed stdout is the `std::io::Error` the binary takes as the reader
/// having had enough (exit 0); serde_json's writer would hide it in an
/// error of its own.
fn write_stdout(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing to stdout")?;
    Ok(ExitStatus::Success.into())
}
