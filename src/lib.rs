//! `reprint` finds syndicated reprints in news corpora.
//!
//! The library holds every job; the binary only parses arguments. The
//! pipeline (see ARCHITECTURE.md for where each rule lives):
//!
//! 1. [`read`]: article dumps (JSON Lines, CSV, TSV, separated text, a
//!    folder) into [`Record`]s, streaming;
//! 2. the corpus: records normalized ([`detect::normalize`]), boilerplate
//!    learned from the corpus ([`detect::boilerplate`]), featurized into
//!    shingles, MinHash signatures and winnowed anchors
//!    ([`detect::features`]);
//! 3. [`detect::analyze`]: candidate pairs from LSH bands and shared
//!    anchors, exact Jaccard and containment, groups around canonical
//!    members, related edges: each a stage function of [`detect`];
//! 4. JSON groups, or the membership and pairs tables ([`run`],
//!    [`run_to_writer`], [`run_to_writers`]).
//!
//! The subcommands' jobs are [`dedup::run`], [`spread::run`],
//! [`index::add`] and [`index::query`], and [`eval`]'s scoring; each takes
//! a config embedding one [`Job`].
//!
//! ```
//! use reprint::{Config, Input, Job, Params, ReadOptions, run_to_writer};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let story = "The harbour board voted on Tuesday to close the old ferry pier \
//!     after engineers found the pilings had rotted through in three places.";
//! let path = dir.path().join("news.jsonl");
//! std::fs::write(&path, format!(
//!     "{{\"id\":\"a\",\"text\":\"{story}\"}}\n{{\"id\":\"b\",\"text\":\"Share this. {story}\"}}\n"
//! )).unwrap();
//! let params = Params { min_shared: 5, ..Params::default() };
//! let job = Job::new(vec![Input::Path(path)], ReadOptions::default(), params).unwrap();
//! let config = Config { job, ..Config::default() };
//! let mut out = Vec::new();
//! let summary = run_to_writer(&config, &mut out).unwrap();
//! assert_eq!(summary.groups, 1);
//! assert!(String::from_utf8(out).unwrap().contains("\"size\":2"));
//! ```
#![deny(missing_docs)]

// The stages and the subcommands' jobs are public: each can be run on its
// own (benches time them, a distributed run shards them). The rest is
// internal, its types re-exported below where callers need them.
mod align;
mod date;
pub mod dedup;
pub mod detect;
pub mod eval;
mod exit;
pub mod index;
mod job;
mod memory;
mod messages;
mod num;
mod output;
mod outputs;
mod progress;
pub mod read;
mod record;
mod sink;
pub mod spread;
pub mod stage;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

pub use align::Aligner;
pub use date::DateFormats;
pub use detect::corpus::{Corpus, Meta};
pub use detect::params::Params;
pub use detect::{Analysis, analyze};
pub use exit::{ExitStatus, FoundReprints};
pub use job::Job;
pub use messages::Messages;
pub use output::{GroupOut, MemberOut, OutputFormat, OutputOptions, PairOut, RelatedOut, SCHEMA};
pub use read::{FieldNames, Fields, Format, Input, ReadOptions, Records, TsvEscapes};
pub use record::{Origin, Record, RecordError};
pub use sink::Sink;

/// Everything one run of the main job needs, already validated.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Inputs, reading and detection.
    pub job: Job,
    /// What to write.
    pub output: OutputOptions,
    /// Output file (`None`: stdout).
    pub output_path: Option<PathBuf>,
    /// The pairs table's file, with a table format (`--pairs-out`).
    pub pairs_path: Option<PathBuf>,
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records read and compared.
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Groups found (two or more members).
    pub groups: usize,
    /// Records that are in a group.
    pub grouped_records: usize,
}

impl FoundReprints for Summary {
    fn found_reprints(&self) -> bool {
        self.groups > 0
    }
}

/// Run the main job, writing groups to `wtr` (and no pairs table).
pub fn run_to_writer(config: &Config, wtr: &mut dyn Write) -> Result<Summary> {
    run_to_writers(config, wtr, None)
}

/// Run the main job, writing groups to `wtr` and, when given, the pairs
/// table to `pairs` (in `config.output.format`, a table format).
pub fn run_to_writers(
    config: &Config,
    wtr: &mut dyn Write,
    pairs: Option<&mut dyn Write>,
) -> Result<Summary> {
    let (corpus, analysis) = config.job.load_and_analyze()?;
    write_analysis(config, &corpus, &analysis, wtr, pairs)
}

/// Write an analysis of `corpus` as `config.output` says, and say what
/// it found: the end of [`run`], also the end of a distributed run
/// (`reprint stage cluster`).
fn write_analysis(
    config: &Config,
    corpus: &Corpus,
    analysis: &Analysis,
    wtr: &mut dyn Write,
    pairs: Option<&mut dyn Write>,
) -> Result<Summary> {
    let messages = &config.job.messages;
    let stage = progress::Stage::start(messages, "write", "", None);
    let layout = output::Layout::new(corpus, analysis, config.output);
    layout.write(wtr, config.output.format)?;
    if let Some(pairs) = pairs {
        layout.write_pairs(pairs, config.output.format)?;
    }
    // Similarities written from parked sets that could not be read back
    // would be wrong: the run fails instead (the outputs are not moved
    // into place).
    corpus.check_sets()?;
    drop(stage);
    let summary = Summary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
        groups: analysis.groups.len(),
        grouped_records: analysis.groups.iter().map(|g| g.members.len()).sum(),
    };
    messages.summary(
        format_args!(
            "{} records read, {} skipped as bad; {} groups holding {} records",
            summary.records, summary.skipped, summary.groups, summary.grouped_records
        ),
        summary.skipped > 0,
    );
    Ok(summary)
}

/// Run the main job, writing to the configured output (opened first, moved
/// into place only on success).
pub fn run(config: &Config) -> Result<Summary> {
    run_with(config, || config.job.load_and_analyze())
}

/// [`run`], with the corpus and its analysis made by `analyzed` once the
/// outputs are checked and opened: how `reprint stage cluster` writes the
/// groups of a distributed run exactly as [`run`] writes them.
pub fn run_with(
    config: &Config,
    analyzed: impl FnOnce() -> Result<(Corpus, Analysis)>,
) -> Result<Summary> {
    let mut named = vec![outputs::Output {
        flag: "-o",
        path: config.output_path.as_deref(),
    }];
    if let Some(path) = &config.pairs_path {
        named.push(outputs::Output {
            flag: "--pairs-out",
            path: Some(path),
        });
    }
    let protected = outputs::Protected {
        inputs: &config.job.inputs,
        ..outputs::Protected::default()
    };
    outputs::check(&named, protected)?;
    output::check_destinations(config.output.format, &named)?;
    let mut sink = Sink::open(config.output_path.as_deref())?;
    let mut pairs_sink = config
        .pairs_path
        .as_deref()
        .map(|p| Sink::open(Some(p)))
        .transpose()?;
    let (corpus, analysis) = analyzed()?;
    let summary = write_analysis(
        config,
        &corpus,
        &analysis,
        sink.writer(),
        pairs_sink.as_mut().map(|s| s.writer()),
    )?;
    outputs::commit(std::iter::once(sink).chain(pairs_sink).collect())?;
    Ok(summary)
}
