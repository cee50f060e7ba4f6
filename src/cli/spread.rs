//! `reprint spread`: how far each story travelled, as text, JSON Lines, an
//! outlet edge list and an HTML report.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use reprint::spread::SpreadConfig;
use reprint::{ExitStatus, Messages};

use super::find::{DetectArgs, InputArgs, job};

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint spread dump.jsonl                     # the summary, then each group's timeline
  reprint spread dump.jsonl --html report.html  # and a report to open in a browser
  reprint spread dump.jsonl --json -o spread.jsonl --edges edges.csv";

/// Arguments of `reprint spread`.
#[derive(Debug, Args)]
pub struct SpreadArgs {
    /// Input files or folders; `-` or none reads stdin. The input is read
    /// twice (the second time for the texts of grouped records), so stdin
    /// is saved to a temporary file first.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Write JSON Lines instead of text: one `{"type":"group"}` object per
    /// group, then one `{"type":"summary"}`.
    #[arg(long)]
    pub json: bool,

    /// Write the text or JSON to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the outlet network as CSV (`source,target,count`: target
    /// reprinted source's stories count times).
    #[arg(long, value_name = "FILE.csv")]
    pub edges: Option<PathBuf>,

    /// Also write a self-contained HTML report (charts, timelines, shared
    /// passages side by side).
    #[arg(long, value_name = "FILE.html")]
    pub html: Option<PathBuf>,

    /// Skip bad records with a warning and a count, instead of stopping at
    /// the first.
    #[arg(long)]
    pub skip_bad: bool,

    /// Exit with status 1 when any group of reprints is found (0 when none,
    /// 2 on an error), for CI jobs; the outputs are written as usual.
    #[arg(long)]
    pub fail_on_reprints: bool,

    // Last, so the options above are listed under "Options:" and not
    // under the last flattened group's heading.
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// Run `reprint spread`.
pub fn run(args: SpreadArgs, messages: Messages) -> Result<ExitCode> {
    let config = SpreadConfig {
        job: job(
            &args.inputs,
            args.input,
            &args.detect,
            args.skip_bad,
            messages,
        )?,
        json: args.json,
        output_path: args.output,
        edges_path: args.edges,
        html_path: args.html,
    };
    let summary = reprint::spread::run(&config)?;
    Ok(ExitStatus::of(&summary, args.fail_on_reprints).into())
}
