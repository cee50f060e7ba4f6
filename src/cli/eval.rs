//! `reprint eval`: score groups against a labelled truth file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

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
}

/// Run `reprint eval`.
pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("eval is not wired yet")
}
