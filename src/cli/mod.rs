//! Command-line arguments (clap derive only). Each subcommand has its own
//! module holding its arguments and their translation into the library's
//! types, so the library never sees clap.

pub mod completions;
pub mod dedup;
pub mod eval;
pub mod find;
pub mod index;
pub mod man;
pub mod spread;
pub mod stage;

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
    subcommand_negates_reqs = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub find: find::FindArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// The main command's examples, after its options in `--help`.
const EXAMPLES: &str = "\
Examples:
  reprint dump.jsonl                        # groups of reprints, one JSON object a line
  reprint a.csv b.csv -o groups.jsonl       # several inputs, groups written to a file
  reprint dump.csv --format-out csv -o members.csv  # one row per member, to join onto the dump
  reprint dump.jsonl --format-out parquet -o members.parquet  # the same, typed, for DuckDB or Spark
  zcat dump.jsonl.gz | reprint --related    # from stdin; also records quoting a group
  reprint scraped/ --glob '*.txt'           # a folder, one article per file
  reprint dump.jsonl -q --fail-on-reprints  # exit 1 when any reprint is found (CI)
  reprint dedup dump.jsonl -o unique.jsonl  # the input without its reprints
  reprint spread dump.jsonl --html report.html  # how far each story travelled";

/// Flags every subcommand takes. Their own heading: without it they take
/// the heading of the last group flattened before them ("Detection:").
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
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
    #[command(after_help = eval::EXAMPLES)]
    Eval(eval::EvalArgs),
    /// Write the input back without its reprints, in its own format (a
    /// filter for pipelines).
    #[command(after_help = dedup::EXAMPLES)]
    Dedup(dedup::DedupArgs),
    /// An incremental index of records seen before: add batches, query new
    /// records against it, print its stats.
    #[command(after_help = index::EXAMPLES)]
    Index(index::IndexArgs),
    /// How far each story travelled: origin, outlets, lags, coverage and
    /// shared passages per group, an outlet network, an HTML report.
    #[command(after_help = spread::EXAMPLES)]
    Spread(spread::SpreadArgs),
    /// The pipeline's stages over files, for a distributed run
    /// (`spark/reprint_spark.py`; see spark/README.md).
    #[command(hide = true, after_help = stage::EXAMPLES)]
    Stage(stage::StageArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell) to stdout.
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) to stdout: `reprint man | man -l -`.
    #[command(after_help = man::EXAMPLES)]
    Man(man::ManArgs),
}

impl Command {
    /// The subcommands' names, from their clap definitions.
    pub fn names() -> Vec<String> {
        use clap::CommandFactory;
        Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    /// Every `reprint ...` command in an `Examples:` section, with its
    /// comment, pipes and redirections cut off and quotes removed.
    fn examples(cmd: &clap::Command, found: &mut Vec<Vec<String>>) {
        if let Some(help) = cmd.get_after_help() {
            for line in help.to_string().lines().skip(1) {
                let line = line.split(" # ").next().unwrap();
                for part in line.split(['|', '>']).flat_map(|p| p.split("&&")) {
                    let words: Vec<String> = part
                        .split_whitespace()
                        .map(|w| w.trim_matches('\'').to_string())
                        .collect();
                    if words.first().is_some_and(|w| w == "reprint") {
                        found.push(words);
                    }
                }
            }
        }
        for sub in cmd.get_subcommands() {
            examples(sub, found);
        }
    }

    #[test]
    fn every_example_parses() {
        let mut found = Vec::new();
        examples(&Cli::command(), &mut found);
        assert!(found.len() > 25, "{found:?}");
        for words in found {
            if let Err(e) = Cli::try_parse_from(&words) {
                panic!("{words:?}: {e}");
            }
        }
    }
}
