//! The `reprint` binary: arguments to the library's configuration, run,
//! exit code.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command};
use reprint::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Output cut short by a closed pipe (`reprint ... | head`) is
            // what the reader asked for, not an error.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr().lock(), "reprint: error: {err:#}");
            ExitStatus::Error.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Some(n) = cli.common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global()
            .context("starting worker threads")?;
    }
    let messages = cli.common.messages();
    match cli.command {
        None => {
            let fail_on_reprints = cli.find.fail_on_reprints;
            let config = cli.find.config(messages)?;
            let summary = reprint::run(&config)?;
            Ok(ExitStatus::of(&summary, fail_on_reprints).into())
        }
        Some(Command::Eval(args)) => cli::eval::run(args),
        Some(Command::Dedup(args)) => cli::dedup::run(args, messages),
        Some(Command::Index(args)) => cli::index::run(args, messages),
        Some(Command::Spread(args)) => cli::spread::run(args, messages),
    }
}
