//! Command-line arguments (clap derive only). Each subcommand has its own
//! module holding its arguments and their translation into the library's
//! types, so the library never sees clap.

pub mod dedup;
pub mod eval;
pub mod find;
pub mod index;
pub mod spread;

use std::io::IsTerminal;
use std::num::NonZeroUsize;

use clap::{Parser, Subcommand};
use reprint::Messages;

/// Find syndicated reprints in news article dumps.
///
/// Reads articles (JSON Lines, CSV, TSV, plain text with a separator line,
/// or a folder of files; from files or stdin) and writes the groups of
/// records that are reprints of one another as JSON Lines, one group per
/// line.
///
/// Exit status: 0 when the run succeeded, 1 when `--fail-on-reprints` found
/// reprints, 2 on any error (bad input, bad flag, unwritable output).
#[derive(Debug, Parser)]
#[command(
    name = "reprint",
    version,
    max_term_width = 100,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub find: find::FindArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Flags every subcommand takes.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Worker threads (default: one per core). Output is the same for any
    /// number.
    #[arg(long, value_name = "N", global = true, value_parser = str::parse::<NonZeroUsize>)]
    pub threads: Option<NonZeroUsize>,

    /// No warnings or notes on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Notes on each stage on stderr (banding, candidates, counts).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl CommonArgs {
    /// Where messages go.
    pub fn messages(&self) -> Messages {
        Messages {
            quiet: self.quiet,
            verbose: self.verbose,
            progress: std::io::stderr().is_terminal(),
        }
    }
}

/// Subcommands besides the main job.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score groups against a labelled truth file (precision, recall, F1,
    /// adjusted Rand index, false merges).
    Eval(eval::EvalArgs),
    /// Write the input back without its reprints, in its own format (a
    /// filter for pipelines).
    Dedup(dedup::DedupArgs),
    /// An incremental index of records seen before: add batches, query new
    /// records against it, print its stats.
    Index(index::IndexArgs),
    /// How far each story travelled: origin, outlets, lags, coverage and
    /// shared passages per group, an outlet network, an HTML report.
    Spread(spread::SpreadArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
