//! `reprint stage ...`: the pipeline's stages as commands over files and
//! lines, for a distributed run (`spark/reprint_spark.py`). Hidden from
//! the main help: they are the engine's interface, documented in
//! `spark/README.md`.

use std::io::{self, BufReader};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use reprint::detect::Counts;
use reprint::stage::{Work, cluster, dedup, featurize, model::Model, pairs, split, verify};
use reprint::{ExitStatus, Messages};

use super::dedup::DedupArgs;
use super::find::FindArgs;

/// Examples after the options in `--help`.
pub const EXAMPLES: &str = "\
Examples:
  reprint stage split dump.jsonl --work run --shards 4 --related
  reprint stage featurize --work run 0
  reprint stage cluster --work run --related -o groups.jsonl
  reprint stage dedup-split dump.jsonl --work run --shards 4
  reprint stage dedup --work run dump.jsonl -o unique.jsonl";

/// Arguments of `reprint stage`.
#[derive(Debug, Args)]
pub struct StageArgs {
    #[command(subcommand)]
    pub stage: Stage,
}

/// The stages.
#[derive(Debug, Subcommand)]
pub enum Stage {
    /// Read the inputs once: number the records, learn the boilerplate and
    /// the shingle unit, and write the records in shards and the model
    /// into the work folder. Takes the main command's inputs and flags.
    Split(SplitArgs),
    /// Featurize one records shard into a features shard.
    Featurize(FeaturizeArgs),
    /// Candidate pairs from buckets on stdin, one a line, to stdout.
    Pairs(PairsArgs),
    /// Verify pairs (with both shingle sets) on stdin, one a line, to
    /// stdout.
    Verify(WorkArgs),
    /// Cluster the verified pairs and write the main output, as the main
    /// command does. Takes the main command's flags (its output flags are
    /// used; detection comes from the model).
    Cluster(ClusterArgs),
    /// `stage split` over the inputs as `reprint dedup` reads them. Takes
    /// `reprint dedup`'s inputs and flags.
    DedupSplit(DedupSplitArgs),
    /// Write what `reprint dedup` writes, with the groups of the run in
    /// the work folder. Takes `reprint dedup`'s inputs and flags (its
    /// output flags are used; detection comes from the model).
    Dedup(DedupStageArgs),
}

/// Arguments of `stage dedup-split`.
#[derive(Debug, Args)]
pub struct DedupSplitArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    /// Records shards to write (record k goes to shard k mod N).
    #[arg(long, value_name = "N", default_value = "1")]
    pub shards: NonZeroUsize,
    #[command(flatten)]
    pub dedup: DedupArgs,
}

/// Arguments of `stage dedup`.
#[derive(Debug, Args)]
pub struct DedupStageArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    #[command(flatten)]
    pub counts: CountArgs,
    #[command(flatten)]
    pub dedup: DedupArgs,
}

/// The work folder of a run.
#[derive(Debug, Args)]
pub struct WorkArgs {
    /// The run's work folder (made by `stage split`).
    #[arg(long, value_name = "DIR")]
    pub work: PathBuf,
}

/// Arguments of `stage split`.
#[derive(Debug, Args)]
pub struct SplitArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    /// Records shards to write (record k goes to shard k mod N).
    #[arg(long, value_name = "N", default_value = "1")]
    pub shards: NonZeroUsize,
    /// Name the input PATH (one of the inputs) NAME in its records'
    /// origins, messages and ids made from origins; a folder's files are
    /// NAME/their path under it. For a copy of a file read elsewhere (the
    /// Spark driver's of an `s3a://`, `hdfs://` or `file://` input). Repeatable.
    #[arg(long, num_args = 2, value_names = ["PATH", "NAME"], action = clap::ArgAction::Append)]
    pub origin_name: Vec<String>,
    #[command(flatten)]
    pub find: FindArgs,
}

/// `--origin-name`'s pairs, each PATH one of `inputs`.
fn origin_names(given: &[String], inputs: &[reprint::Input]) -> Result<Vec<(PathBuf, String)>> {
    let mut names = Vec::new();
    for pair in given.chunks(2) {
        let [path, name] = pair else {
            anyhow::bail!("--origin-name takes a PATH and a NAME");
        };
        let path = PathBuf::from(path);
        if !inputs.contains(&reprint::Input::Path(path.clone())) {
            anyhow::bail!("--origin-name {}: not one of the inputs", path.display());
        }
        if names.iter().any(|(p, _)| *p == path) {
            anyhow::bail!("--origin-name {}: given twice", path.display());
        }
        names.push((path, name.clone()));
    }
    Ok(names)
}

/// Arguments of `stage featurize`.
#[derive(Debug, Args)]
pub struct FeaturizeArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    /// The shard to featurize (0-based).
    #[arg(value_name = "SHARD")]
    pub shard: usize,
}

/// What buckets `stage pairs` reads.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PairsKind {
    /// LSH buckets (`seq seq ...`) to pairs.
    Lsh,
    /// An anchor's holders (`seq:anchors ...`) to meetings.
    Anchors,
    /// Meetings counted per pair to the pairs kept.
    AnchorHits,
}

/// Arguments of `stage pairs`.
#[derive(Debug, Args)]
pub struct PairsArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    /// The buckets on stdin.
    #[arg(value_enum)]
    pub kind: PairsKind,
}

/// Arguments of `stage cluster`.
#[derive(Debug, Args)]
pub struct ClusterArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    #[command(flatten)]
    pub counts: CountArgs,
    #[command(flatten)]
    pub find: FindArgs,
}

/// The candidate counts the engine made, for `-v`'s note.
#[derive(Debug, Args)]
pub struct CountArgs {
    /// Candidate pairs LSH proposed (for `-v`'s note).
    #[arg(long, value_name = "N", default_value = "0")]
    pub lsh_candidates: usize,
    /// Candidate pairs the anchors proposed (for `-v`'s note).
    #[arg(long, value_name = "N", default_value = "0")]
    pub anchor_candidates: usize,
    /// Distinct candidate pairs (for `-v`'s note).
    #[arg(long, value_name = "N", default_value = "0")]
    pub candidates: usize,
}

impl CountArgs {
    fn counts(&self) -> Counts {
        Counts {
            lsh: self.lsh_candidates,
            anchors: self.anchor_candidates,
            distinct: self.candidates,
        }
    }
}

/// What a split (of the main command's inputs or of dedup's) read.
fn split_summary(messages: &Messages, summary: &split::SplitSummary, shards: NonZeroUsize) {
    messages.summary(
        format_args!(
            "{} records read into {shards} shards, {} skipped as bad",
            summary.records, summary.skipped
        ),
        summary.skipped > 0,
    );
}

/// Run a stage.
pub fn run(args: StageArgs, messages: Messages) -> Result<ExitCode> {
    let stdin = || BufReader::with_capacity(1 << 16, io::stdin().lock());
    let stdout = || io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match args.stage {
        Stage::Split(a) => {
            let mut config = a.find.config(messages)?;
            config.job.read.names = origin_names(&a.origin_name, &config.job.inputs)?;
            let summary = split::split(&config.job, &a.work.work, a.shards.get())?;
            split_summary(&messages, &summary, a.shards);
        }
        Stage::Featurize(a) => {
            featurize::featurize(&Work::new(&a.work.work), a.shard)?;
        }
        Stage::Pairs(a) => {
            let params = Model::read(&Work::new(&a.work.work))?.params;
            match a.kind {
                PairsKind::Lsh => pairs::lsh(&params, stdin(), stdout())?,
                PairsKind::Anchors => pairs::anchor_meetings(&params, stdin(), stdout())?,
                PairsKind::AnchorHits => pairs::anchor_hits(stdin(), stdout())?,
            }
        }
        Stage::Verify(a) => {
            let params = Model::read(&Work::new(&a.work))?.params;
            verify::verify(&params, stdin(), stdout())?;
        }
        Stage::Cluster(a) => {
            let fail_on_reprints = a.find.fail_on_reprints;
            let config = a.find.config(messages)?;
            let summary = cluster::cluster(&config, &Work::new(&a.work.work), a.counts.counts())?;
            return Ok(ExitStatus::of(&summary, fail_on_reprints).into());
        }
        Stage::DedupSplit(a) => {
            let config = super::dedup::config(a.dedup, messages)?;
            let summary = dedup::dedup_split(&config, &a.work.work, a.shards.get())?;
            split_summary(&messages, &summary, a.shards);
        }
        Stage::Dedup(a) => {
            let fail_on_reprints = a.dedup.fail_on_reprints;
            let config = super::dedup::config(a.dedup, messages)?;
            let summary = dedup::dedup(&config, &Work::new(&a.work.work), a.counts.counts())?;
            return Ok(ExitStatus::of(&summary, fail_on_reprints).into());
        }
    }
    Ok(ExitStatus::Success.into())
}
