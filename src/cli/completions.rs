//! `reprint completions SHELL`: a completion script made from the clap
//! definitions, so it always knows every subcommand and flag.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint completions bash > ~/.local/share/bash-completion/completions/reprint
  reprint completions zsh > ~/.zfunc/_reprint   # with fpath+=(~/.zfunc) before compinit
  reprint completions fish > ~/.config/fish/completions/reprint.fish";

/// Arguments of `reprint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "reprint", &mut out);
    out
}

/// Run `reprint completions`: the script on stdout.
pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    // Made whole first, then written as bytes: a closed stdout is then the
    // io::Error the binary takes as the reader having had enough.
    let script = script(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
