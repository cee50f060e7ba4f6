//! `reprint dedup`: the input again, minus its reprints.
//!
//! A filter for shell pipelines: records are read and grouped exactly as by
//! the main command, then the input is written back in its own format with
//! one member of each group kept and every record in no group untouched.
//! The pipeline keeps no record text, so the input is read a second time,
//! raw, and each record's original bytes are copied (or left out): fields,
//! quoting, key order and line endings of kept records come through
//! byte for byte. Input that cannot be read twice (stdin, a pipe such as
//! `<(zcat dump.gz)`) is first spooled to a temporary file.
//!
//! What is written, by input format:
//!
//! - JSON Lines: every line as read, except the lines of removed records.
//!   `--removed` gets those lines with `"reprint_of":"<kept id>"` added as
//!   the last field.
//! - CSV, TSV: the header, then every record as read (quoting and line
//!   endings kept), except removed ones. `--removed` gets the same header
//!   plus a `reprint_of` column. Several inputs must share one header.
//! - text: every record with the separator line that follows it, except
//!   removed ones. `--removed` gets the removed records with a
//!   `Reprint-Of: <kept id>` line after their header lines.
//! - a folder: files cannot be streamed as one, so the kept files' paths are
//!   written one per line (for `xargs` or `rsync --files-from`);
//!   `--removed` gets `path<TAB>kept path` lines.
//!
//! Records skipped as bad under `--skip-bad` are written through unchanged:
//! dedup removes reprints and nothing else. Output is UTF-8 (a byte-order
//! mark is dropped, UTF-16 is converted) and uncompressed (`.gz` input is
//! written out plain).

mod emit;
mod inputs;
mod raw;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::cluster::{Group, Rank, canonical_order};
use crate::corpus::Corpus;
use crate::features::Featurizer;
use crate::job::Job;
use crate::pipeline::analyze;
use crate::read::{Format, Input, Records};
use crate::record::Origin;
use crate::sink::Sink;

use emit::{Emitter, Fate};
use inputs::Prepared;

/// Which member of a group is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// The group's canonical member: earliest dated, else longest, else
    /// first seen.
    #[default]
    Earliest,
    /// The longest (most words compared), then the earliest dated, then the
    /// first seen.
    Longest,
    /// The first seen in the input.
    First,
}

/// Everything one run of `dedup` needs, already validated.
#[derive(Debug, Clone, Default)]
pub struct DedupConfig {
    /// Inputs, reading and detection; bad records skipped under
    /// `skip_bad` are written through.
    pub job: Job,
    /// Which member of each group is kept.
    pub keep: Keep,
    /// Where the kept records go (`None` or `-`: stdout).
    pub output_path: Option<PathBuf>,
    /// Where the removed records go, if anywhere.
    pub removed_path: Option<PathBuf>,
}

/// What a dedup run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DedupSummary {
    /// Records read and compared.
    pub records: usize,
    /// Bad records skipped (and written through).
    pub skipped: usize,
    /// Groups found.
    pub groups: usize,
    /// Records removed as reprints.
    pub removed: usize,
}

impl crate::FoundReprints for DedupSummary {
    fn found_reprints(&self) -> bool {
        self.removed > 0
    }
}

fn is_stdout(path: Option<&std::path::Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// Run `dedup`: group the inputs, then copy them minus their reprints.
pub fn run(config: &DedupConfig) -> Result<DedupSummary> {
    if let Some(removed) = &config.removed_path
        && is_stdout(Some(removed))
        && is_stdout(config.output_path.as_deref())
    {
        bail!("--removed and the output cannot both be stdout: give -o FILE or --removed FILE");
    }
    // Outputs are opened first so an unwritable path fails before any work.
    let mut out = Sink::open(config.output_path.as_deref())?;
    let mut removed = config
        .removed_path
        .as_deref()
        .map(|p| Sink::open(Some(p)))
        .transpose()?;

    let prepared = Prepared::new(&config.job.inputs, &config.job.read)?;
    let (mut corpus, analysis) = prepared.load(config)?;
    let mut fates = plan(&corpus, &analysis.groups, config.keep);
    recheck_kept(&prepared, config, &corpus, &mut fates)?;
    prepared.rename_records(&mut corpus);

    let mut emitter = Emitter::new(
        prepared.format,
        &config.job.read.separator,
        out.writer(),
        removed.as_mut().map(|s| s.writer()),
    );
    let mut cursor = 0usize;
    for source in &prepared.sources {
        emitter.start_input(&source.name);
        if prepared.format == Format::Dir {
            emit::folder(&mut emitter, source, &corpus, &fates, &mut cursor)?;
        } else {
            copy_source(
                &mut emitter,
                source,
                &prepared,
                config,
                &corpus,
                &fates,
                &mut cursor,
            )?;
        }
        source.check_unchanged()?;
    }
    if cursor != corpus.len() {
        bail!(
            "the second read of the input found {cursor} of its {} records; \
             did it change while being read?",
            corpus.len()
        );
    }
    drop(emitter);
    if let Some(removed) = removed {
        removed.finish()?;
    }
    out.finish()?;

    let summary = DedupSummary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
        groups: analysis.groups.len(),
        removed: fates.iter().filter(|f| **f != Fate::Keep).count(),
    };
    config.job.messages.summary(
        format_args!(
            "{} records read, {} skipped as bad (written through); {} groups; {} reprints removed, {} records written",
            summary.records,
            summary.skipped,
            summary.groups,
            summary.removed,
            summary.records + summary.skipped - summary.removed
        ),
        summary.skipped > 0,
    );
    Ok(summary)
}

/// Copy one file's records, raw, deciding each by its fate.
fn copy_source(
    emitter: &mut Emitter,
    source: &inputs::Source,
    prepared: &Prepared,
    config: &DedupConfig,
    corpus: &Corpus,
    fates: &[Fate],
    cursor: &mut usize,
) -> Result<()> {
    let mut rdr = inputs::open_raw(&source.read_path)?;
    let mut on_chunk = |chunk: raw::Chunk| -> Result<()> {
        let fate = match chunk.line {
            Some(line) if matches_origin(corpus, *cursor, &source.read_name, line) => {
                *cursor += 1;
                fates[*cursor - 1]
            }
            _ => Fate::Keep,
        };
        emitter.chunk(&chunk, fate, corpus)
    };
    match prepared.format {
        Format::Jsonl => raw::jsonl(&mut rdr, &mut on_chunk),
        Format::Csv => raw::delimited(rdr, b',', &mut on_chunk),
        Format::Tsv => raw::delimited(rdr, b'\t', &mut on_chunk),
        Format::Text => raw::text(&mut rdr, &config.job.read.separator, &mut on_chunk),
        Format::Dir | Format::Auto => unreachable!("resolved by Prepared::new"),
    }
    .map_err(|e| prepared.rename_error(e))?;
    // The next record, if any, must come from another input.
    if corpus
        .metas
        .get(*cursor)
        .is_some_and(|m| m.origin.file == source.read_name)
    {
        bail!(
            "{}: the second read did not find record '{}'; did the input change while being read?",
            source.name,
            corpus.metas[*cursor].id
        );
    }
    Ok(())
}

/// Is corpus record `cursor` the one the reader found at `line` of `name`?
/// Both reads go through the same records in the same order, so a raw
/// record either is the next corpus record or was skipped as bad.
fn matches_origin(corpus: &Corpus, cursor: usize, name: &str, line: u64) -> bool {
    corpus
        .metas
        .get(cursor)
        .is_some_and(|m| m.origin == Origin::new(name, line))
}

/// The fate of every corpus record under `keep`.
fn plan(corpus: &Corpus, groups: &[Group], keep: Keep) -> Vec<Fate> {
    let ranks = corpus.ranks();
    let mut fates = vec![Fate::Keep; corpus.len()];
    for group in groups {
        let kept = keeper(group, &ranks, keep);
        for &m in &group.members {
            if m != kept {
                fates[m] = Fate::Removed { kept };
            }
        }
    }
    fates
}

/// Most rounds of [`recheck_kept`]; each removes at least one record, and
/// in practice one round finds nothing.
const RECHECK_ROUNDS: usize = 8;

/// Group the kept records again, alone, until they hold no group.
///
/// Boilerplate is learned from the records at hand, so the output (fewer
/// records) can see a line as ordinary text that the whole input saw as
/// boilerplate, and two records that had next to nothing left to compare
/// become alike. `reprint` run on dedup's output must find no group, so
/// the output is checked as that run would check it, and what it groups
/// is removed too.
fn recheck_kept(
    prepared: &Prepared,
    config: &DedupConfig,
    corpus: &Corpus,
    fates: &mut [Fate],
) -> Result<()> {
    let index: HashMap<&str, usize> = corpus
        .metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    for _ in 0..RECHECK_ROUNDS {
        // Nothing removed: the kept records are the input, already checked.
        if fates.iter().all(|f| *f == Fate::Keep) {
            return Ok(());
        }
        let kept: HashSet<&str> = corpus
            .metas
            .iter()
            .zip(fates.iter())
            .filter(|(_, f)| **f == Fate::Keep)
            .map(|(m, _)| m.id.as_str())
            .collect();
        let find = find_job(config, prepared.inputs(), prepared.format, true);
        let records = Records::new(find.inputs.clone(), find.read.clone())
            .messages(find.messages)
            .filter(|item| match item {
                Ok(rec) => kept.contains(rec.id.as_str()),
                Err(_) => false,
            });
        let featurizer = Featurizer::new(find.params());
        let mut again = Corpus::build(
            records,
            &featurizer,
            find.params().boilerplate,
            true,
            &find.messages,
        )?;
        let analysis = analyze(&mut again, find.params(), &find.messages);
        if analysis.groups.is_empty() {
            return Ok(());
        }
        let ranks = again.ranks();
        for group in &analysis.groups {
            let kept = index[again.metas[keeper(group, &ranks, config.keep)].id.as_str()];
            for &m in &group.members {
                let m = index[again.metas[m].id.as_str()];
                if m != kept {
                    fates[m] = Fate::Removed { kept };
                }
            }
        }
        // A record removed earlier for one removed now names the one kept.
        for i in 0..fates.len() {
            while let Fate::Removed { kept } = fates[i] {
                match fates[kept] {
                    Fate::Removed { kept: next } if next != kept => {
                        fates[i] = Fate::Removed { kept: next }
                    }
                    _ => break,
                }
            }
        }
    }
    Ok(())
}

/// The member of `group` that `keep` keeps.
fn keeper(group: &Group, ranks: &[Rank], keep: Keep) -> usize {
    let members = group.members.iter().copied();
    match keep {
        Keep::Earliest => group.canonical,
        Keep::First => members.min().unwrap_or(group.canonical),
        Keep::Longest => members
            .min_by(|&a, &b| {
                ranks[b]
                    .words
                    .cmp(&ranks[a].words)
                    .then_with(|| canonical_order(ranks, a, b))
            })
            .unwrap_or(group.canonical),
    }
}

/// The job of reading `inputs` as `dedup` does.
fn find_job(config: &DedupConfig, inputs: Vec<Input>, format: Format, quiet: bool) -> Job {
    let mut job = config.job.clone();
    job.inputs = inputs;
    job.read.format = format;
    job.messages.quiet |= quiet;
    job
}

impl Prepared {
    /// Read and group the inputs with the main job's pipeline. Spooled
    /// inputs are read under a temporary name, so their messages are
    /// renamed here.
    fn load(&self, config: &DedupConfig) -> Result<(Corpus, crate::Analysis)> {
        let spooled = self.sources.iter().any(|s| s.is_spooled());
        let find = find_job(config, self.inputs(), self.format, spooled);
        let (corpus, analysis) = find.load_and_analyze().map_err(|e| self.rename_error(e))?;
        if spooled {
            for bad in &corpus.skipped {
                config
                    .job
                    .messages
                    .warn(format_args!("skipped {}", self.rename(&bad.to_string())));
            }
            let empty = corpus
                .features
                .iter()
                .filter(|f| f.shingles.is_empty())
                .count();
            if empty > 0 {
                config.job.messages.warn(format_args!(
                    "{empty} record(s) have no words to compare and are in no group"
                ));
            }
        }
        Ok((corpus, analysis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(timestamp: Option<i64>, words: usize) -> Rank {
        Rank { timestamp, words }
    }

    #[test]
    fn keep_policies_pick_their_member() {
        let ranks = [rank(None, 900), rank(Some(20), 100), rank(Some(10), 50)];
        let group = Group {
            canonical: 2,
            members: vec![2, 0, 1],
        };
        assert_eq!(keeper(&group, &ranks, Keep::Earliest), 2);
        assert_eq!(keeper(&group, &ranks, Keep::First), 0);
        assert_eq!(keeper(&group, &ranks, Keep::Longest), 0);
        // Equal lengths: the earlier dated wins, then input order.
        let ties = [rank(Some(5), 100), rank(Some(1), 100), rank(None, 100)];
        let group = Group {
            canonical: 1,
            members: vec![1, 0, 2],
        };
        assert_eq!(keeper(&group, &ties, Keep::Longest), 1);
    }
}
