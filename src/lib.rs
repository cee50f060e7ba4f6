//! `reprint` finds syndicated reprints in news corpora.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`read`]: article dumps (JSON Lines, CSV, TSV, separated text, a
//!    folder) into [`Record`]s, streaming;
//! 2. [`normalize`]: entities, Unicode NFKC, case, quotes and dashes;
//! 3. [`shingle`]: hashed word n-grams;
//! 4. [`minhash`]: signatures; [`anchor`]: winnowed anchors for excerpts;
//! 5. [`lsh`]: candidate pairs from shared bands (and from shared anchors);
//! 6. [`verify`]: exact Jaccard and containment;
//! 7. [`cluster`]: groups with a canonical member;
//! 8. [`output`]: JSON groups.
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

pub mod align;
pub mod corpus;
pub mod date;
pub mod dedup;
pub mod detect;
pub mod eval;
mod exit;
pub mod index;
mod job;
pub mod messages;
pub mod normalize;
mod num;
pub mod output;
pub mod outputs;
pub mod progress;
pub mod read;
pub mod record;
pub mod report;
pub mod sink;
pub mod spread;

// The detection stages by their old paths, until every user says `detect::`.
pub(crate) use detect as pipeline;
pub use detect::{anchor, boilerplate, cluster, features, lsh, minhash, params, shingle, verify};

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

pub use corpus::Corpus;
pub use exit::{ExitStatus, FoundReprints};
pub use features::Featurizer;
pub use job::Job;
pub use messages::Messages;
pub use output::{OutputFormat, OutputOptions};
pub use params::Params;
pub use pipeline::{Analysis, analyze};
pub use read::{FieldNames, Fields, Format, Input, ReadOptions, Records};
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

/// Run the main job, writing groups to `wtr`.
pub fn run_to_writer(config: &Config, wtr: &mut dyn Write) -> Result<Summary> {
    let messages = &config.job.messages;
    let (corpus, analysis) = config.job.load_and_analyze()?;
    let stage = progress::Stage::start(messages, "write", "", None);
    output::Layout::new(&corpus, &analysis, config.output).write(wtr, config.output.format)?;
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
    let output = outputs::Output {
        flag: "-o",
        path: config.output_path.as_deref(),
    };
    let protected = outputs::Protected {
        inputs: &config.job.inputs,
        ..outputs::Protected::default()
    };
    outputs::check(&[output], protected)?;
    let mut sink = Sink::open(config.output_path.as_deref())?;
    let summary = run_to_writer(config, sink.writer())?;
    outputs::commit(vec![sink])?;
    Ok(summary)
}
