//! `reprint eval`: score groups against a labelled truth file.
//!
//! Reading, scoring and the table live in the library ([`reprint::eval`]),
//! where they are tested; this only wires the arguments to them and writes
//! the table, or one JSON object with `--json`, to stdout.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use reprint::eval;

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint dump.jsonl -o groups.jsonl
  reprint eval --truth truth.jsonl groups.jsonl         # precision, recall, F1, ARI
  reprint eval --truth truth.jsonl groups.jsonl --json  # the same as one JSON object";

/// Arguments of `reprint eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// JSON Lines of `{id, story, kind[, event]}`, one per record.
    #[arg(long, value_name = "TRUTH")]
    pub truth: PathBuf,

    /// reprint's output (JSON Lines or a JSON array of groups).
    #[arg(value_name = "GROUPS")]
    pub groups: PathBuf,

    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,

    /// Score stories, not groups: the groups that share a `story` id (the
    /// versions of a write-thru, linked by verified pairs) count as one.
    #[arg(long)]
    pub stories: bool,
}

/// Run `reprint eval`: the scores on stdout.
pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let truth = eval::read_truth(&args.truth)?;
    let reading = if args.stories {
        eval::Reading::Stories
    } else {
        eval::Reading::Groups
    };
    let groups = eval::read_groups_as(&args.groups, reading)?;
    let scores = eval::score(&truth, &groups, &args.groups.display().to_string())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &scores)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", eval::render_table(&scores))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
