//! The `reprint` binary: arguments to the library's configuration, run,
//! exit code.

mod cli;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use cli::{Cli, Command};
use reprint::ExitStatus;

fn main() -> ExitCode {
    // A file over `ulimit -f` must be a write error, which removes the
    // temporary file and names the output, not a SIGXFSZ that kills the
    // run and leaves the temporary file behind.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to ignored, before any thread.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
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

/// Threads beyond a few per core only add start-up time and memory (10,000
/// threads took 72 s on 30 records): `--threads` is capped at 8 per core.
fn thread_count(asked: usize, messages: &reprint::Messages) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = 8 * cores;
    if asked > cap {
        messages.warn(format_args!(
            "--threads {asked} is more than 8 per core; using {cap} ({cores} cores)"
        ));
        return cap;
    }
    asked
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let messages = cli.common.messages();
    if cli.command.is_none()
        && let Some(first) = cli.find.inputs.first()
        && Command::names().contains(first)
        && !Path::new(first).exists()
    {
        bail!(
            "'{first}' is read as an input file because an option came before it: \
             put options after the subcommand (reprint {first} ... -q)"
        );
    }
    if let Some(n) = cli.common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(thread_count(n.get(), &messages))
            .build_global()
            .context("starting worker threads")?;
    }
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
        Some(Command::Stage(args)) => cli::stage::run(args, messages),
        Some(Command::Completions(args)) => cli::completions::run(args),
        Some(Command::Man(args)) => cli::man::run(args),
    }
}
