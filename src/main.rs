//! The `reprint` binary: arguments to a [`Config`], run, exit code.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use reprint::minhash::Scheme;
use reprint::{Config, FieldNames, Fields, Format, Input, Messages, OutputFormat, ReadOptions};

use cli::{Cli, InFormat, MinhashScheme, OutFormat};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Output cut short by a closed pipe (`reprint ... | head`) is
            // what the reader asked for, not an error.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr().lock(), "reprint: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global()
            .context("starting worker threads")?;
    }
    let config = config_from(cli)?;
    reprint::run(&config)?;
    Ok(())
}

/// Check the arguments and build the library's configuration.
fn config_from(cli: Cli) -> Result<Config> {
    let glob = cli
        .input
        .glob
        .as_deref()
        .map(|g| {
            globset::Glob::new(g)
                .map(|g| g.compile_matcher())
                .with_context(|| format!("bad --glob pattern '{g}'"))
        })
        .transpose()?;
    let fields = Fields::new(&FieldNames {
        id: cli.input.id_field,
        text: cli.input.text_field,
        title: cli.input.title_field,
        source: cli.input.source_field,
        date: cli.input.date_field,
        url: cli.input.url_field,
    });
    if cli.input.separator.trim().is_empty() {
        anyhow::bail!("--separator must hold a visible character");
    }
    let params = reprint::Params {
        ngram: cli.detect.ngram,
        num_perm: cli.detect.num_perm,
        scheme: match cli.detect.minhash {
            MinhashScheme::Oph => Scheme::OnePermutation,
            MinhashScheme::Classic => Scheme::Classic,
        },
        seed: cli.detect.seed,
        threshold: cli.detect.threshold,
        containment: cli.detect.containment,
        min_shared: cli.detect.min_shared,
        anchor_window: cli.detect.anchor_window,
        max_postings: cli.detect.max_postings,
        ..reprint::Params::default()
    };
    params.validate()?;
    Ok(Config {
        inputs: cli.inputs.iter().map(|s| Input::from_arg(s)).collect(),
        read: ReadOptions {
            format: match cli.input.format {
                InFormat::Auto => Format::Auto,
                InFormat::Jsonl => Format::Jsonl,
                InFormat::Csv => Format::Csv,
                InFormat::Tsv => Format::Tsv,
                InFormat::Text => Format::Text,
                InFormat::Dir => Format::Dir,
            },
            fields,
            separator: cli.input.separator.trim().to_string(),
            glob,
        },
        params,
        output: reprint::OutputOptions {
            format: match cli.format_out {
                OutFormat::Jsonl => OutputFormat::Jsonl,
                OutFormat::Json => OutputFormat::Json,
            },
            singletons: cli.singletons,
        },
        output_path: cli.output,
        skip_bad: cli.skip_bad,
        messages: Messages {
            quiet: cli.quiet,
            verbose: cli.verbose,
        },
    })
}
