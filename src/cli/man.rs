//! `reprint man`: the manual page, made from the clap definitions (so it
//! always lists every subcommand and option) with clap_mangen.
//!
//! One page holds everything, as ripgrep's does: the main command's
//! sections, then a section per subcommand (its synopsis, description and
//! options as subsections), so `man reprint` and a search in it find any
//! flag.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use super::Cli;

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint man | man -l -                          # read it now
  reprint man > ~/.local/share/man/man1/reprint.1 # then: man reprint";

/// Arguments of `reprint man` (none).
#[derive(Debug, Args)]
pub struct ManArgs {}

/// The manual page as roff.
pub fn page() -> std::io::Result<Vec<u8>> {
    // No `help` subcommand in the page: it is clap's, not the tool's.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    examples(&mut out, &cmd, "SH")?;
    for sub in cmd.get_subcommands() {
        subcommand(&mut out, sub)?;
    }
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// A subcommand's section: `REPRINT SPREAD`, then its parts as
/// subsections; a subcommand with subcommands of its own (`index`) is
/// followed by theirs.
fn subcommand(out: &mut Vec<u8>, cmd: &clap::Command) -> std::io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_uppercase();
    let mut head = Roff::new();
    head.control("SH", [name.as_str()]);
    head.to_writer(out)?;
    let man = Man::new(cmd.clone());
    let mut parts = Vec::new();
    man.render_synopsis_section(&mut parts)?;
    man.render_description_section(&mut parts)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut parts)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut parts)?;
    }
    out.extend(demoted(&parts));
    examples(out, cmd, "SS")?;
    for sub in cmd.get_subcommands() {
        subcommand(out, sub)?;
    }
    Ok(())
}

/// Roff with its sections (`.SH`) turned into subsections (`.SS`).
fn demoted(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(".SH ") {
            Some(rest) => {
                out.push_str(".SS ");
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// The `Examples:` of `--help` as an EXAMPLES section (or subsection),
/// each line kept as it is.
fn examples(out: &mut Vec<u8>, cmd: &clap::Command, level: &str) -> std::io::Result<()> {
    let Some(help) = cmd.get_after_help() else {
        return Ok(());
    };
    let help = help.to_string();
    let mut roff = Roff::new();
    roff.control(level, ["EXAMPLES"]);
    roff.control("nf", []);
    for line in help.lines().skip_while(|l| l.trim() == "Examples:") {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.to_writer(out)
}

/// Run `reprint man`: the page on stdout.
pub fn run(_args: ManArgs) -> Result<ExitCode> {
    let page = page().context("making the manual page")?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)
        .and_then(|()| out.flush())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
