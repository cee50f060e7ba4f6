//! `reprint dedup`: write the input back without its reprints.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use reprint::dedup::{DedupConfig, Keep};
use reprint::{ExitStatus, Messages};

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint dedup dump.jsonl -o unique.jsonl    # one record per group, and every other record
  reprint dedup dump.csv --keep longest --removed dropped.csv
  zcat dump.jsonl.gz | reprint dedup | wc -l  # a filter in a pipe
  reprint dedup dump.jsonl -o dump.jsonl      # in place (replaced only when the run succeeds)";

use super::find::{DetectArgs, InputArgs, job, parse_size};

/// Arguments of `reprint dedup`.
///
/// Reads records as the main command does and writes them back in the same
/// format (JSON Lines, CSV, TSV or text; a folder gives a list of the kept
/// files' paths), keeping one member of each group of reprints and every
/// record in no group. Kept records are copied byte for byte.
#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Input files or folders; `-` or none reads stdin. All must be of one
    /// format.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Which member of each group to keep: the earliest dated (then the
    /// longest, then the first), the longest, or the first in the input.
    #[arg(long, value_enum, default_value_t = KeepArg::Earliest)]
    pub keep: KeepArg,

    /// Write the kept records to FILE instead of stdout (replaced only when
    /// the run succeeds; may be the input itself).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write the removed records to FILE, in the input's format, each with
    /// the id of the record kept in its place (JSON: a `reprint_of` field;
    /// CSV/TSV: a `reprint_of` column; text: a `Reprint-Of:` line).
    #[arg(long, value_name = "FILE")]
    pub removed: Option<PathBuf>,

    /// Folder input: end each listed path with NUL instead of a newline
    /// (as `find -print0` does), so that any file name can be read back;
    /// in --removed, the removed and the kept path each end with NUL.
    #[arg(short = '0', long)]
    pub print0: bool,

    /// Stdin and pipes are copied to a temporary file for the second read:
    /// refuse more than this (K, M, G suffixes are powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "64G", value_parser = parse_size)]
    pub max_input_bytes: usize,

    /// Skip bad records with a warning instead of stopping; they are
    /// written through unchanged.
    #[arg(long)]
    pub skip_bad: bool,

    /// Exit with status 1 when any reprint was removed (the output is still
    /// written).
    #[arg(long)]
    pub fail_on_reprints: bool,

    // Last, so the options above are listed under "Options:" and not
    // under the last flattened group's heading.
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// Members `--keep` can choose.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeepArg {
    /// The earliest dated, then the longest, then the first seen.
    Earliest,
    /// The longest, then the earliest dated, then the first seen.
    Longest,
    /// The first in the input.
    First,
}

/// Run `reprint dedup`.
pub fn run(args: DedupArgs, messages: Messages) -> Result<ExitCode> {
    let fail_on_reprints = args.fail_on_reprints;
    let config = config(args, messages)?;
    let summary = reprint::dedup::run(&config)?;
    Ok(ExitStatus::of(&summary, fail_on_reprints).into())
}

/// The run `args` ask for (also `reprint stage dedup`'s).
pub fn config(args: DedupArgs, messages: Messages) -> Result<DedupConfig> {
    Ok(DedupConfig {
        job: job(
            &args.inputs,
            args.input,
            &args.detect,
            args.skip_bad,
            messages,
        )?,
        keep: match args.keep {
            KeepArg::Earliest => Keep::Earliest,
            KeepArg::Longest => Keep::Longest,
            KeepArg::First => Keep::First,
        },
        output_path: args.output,
        removed_path: args.removed,
        print0: args.print0,
        max_spool_bytes: args.max_input_bytes as u64,
    })
}
