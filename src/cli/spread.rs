//! `reprint spread`: how far each story travelled, as text, JSON Lines, an
//! outlet edge list and an HTML report.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use reprint::align::Aligner;
use reprint::spread::{self, Rereader, SpreadOptions, Texts};
use reprint::{Messages, Sink};

use super::find::{DetectArgs, InputArgs, job};

/// Arguments of `reprint spread`.
#[derive(Debug, Args)]
pub struct SpreadArgs {
    /// Input files or folders; `-` or none reads stdin. The input is read
    /// twice (the second time for the texts of grouped records), so stdin
    /// is saved to a temporary file first.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub detect: DetectArgs,

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
}

/// Run `reprint spread`.
pub fn run(args: SpreadArgs, messages: Messages) -> Result<ExitCode> {
    let config = job(
        &args.inputs,
        args.input,
        &args.detect,
        args.skip_bad,
        messages,
    )?;
    // Every output is opened before the work starts, so a bad path fails
    // at once.
    let mut out = Sink::open(args.output.as_deref())?;
    let mut edges = args.edges.as_deref().map(open_file).transpose()?;
    let mut html = args.html.as_deref().map(open_file).transpose()?;
    let rereader = Rereader::prepare(&config.inputs)?;

    let started = Instant::now();
    let (corpus, analysis) = config.load_and_analyze()?;
    let detected = started.elapsed();

    let started = Instant::now();
    rereader.rewind()?;
    let wanted = spread::wanted(&corpus, &analysis);
    let texts = Texts::reread(&config.inputs, &config.read, &corpus, &wanted)?;
    let reread = started.elapsed();

    let started = Instant::now();
    let options = SpreadOptions {
        aligner: Aligner::new(config.params().ngram),
        pair_passages: args.json,
    };
    let spread = spread::build(&corpus, &analysis, &texts, &options, &messages);
    let aligned = started.elapsed();
    messages.note(format_args!(
        "spread: detection {:.3} s; second read of {} texts ({:.1} MB) {:.3} s; \
         alignment and summary {:.3} s",
        detected.as_secs_f64(),
        texts.count(),
        texts.bytes() as f64 / 1e6,
        reread.as_secs_f64(),
        aligned.as_secs_f64()
    ));

    if args.json {
        spread::write_jsonl(out.writer(), &spread)?;
    } else {
        spread::write_text(out.writer(), &spread)?;
    }
    if let Some(sink) = edges.as_mut() {
        spread::write_edges_csv(sink.writer(), &spread)?;
    }
    if let Some(sink) = html.as_mut() {
        reprint::report::write_html(sink.writer(), &spread, &texts)?;
    }
    out.finish()?;
    if let Some(sink) = edges {
        sink.finish()?;
    }
    if let Some(sink) = html {
        sink.finish()?;
    }
    let s = &spread.summary;
    messages.summary(
        format_args!(
            "{} records read, {} skipped as bad; {} groups holding {} records",
            s.records, s.skipped, s.groups, s.grouped_records
        ),
        s.skipped > 0,
    );
    Ok(ExitCode::SUCCESS)
}

/// A file output; `-` is refused (stdout carries the text or JSON).
fn open_file(path: &std::path::Path) -> Result<Sink> {
    if path.as_os_str() == "-" {
        anyhow::bail!("--edges and --html need a file name, not '-'");
    }
    Sink::open(Some(path))
}
