//! `index query`: which records of a new batch reprint, or are reprinted
//! by, indexed ones, and the groups within the batch.
//!
//! Each batch record proposes the indexed records sharing a band key or
//! enough anchors with it ([`candidates`]). Every proposed record is loaded
//! once and checked exactly against the batch records that proposed it.
//! Those that pass are put before the batch in one small corpus, on which
//! the main command's analysis runs, so verification, grouping around the
//! canonical member, blocking and related edges are exactly the main
//! command's. Each new record brings at most [`MAX_MATCHES`] of its indexed
//! matches (the most similar) plus its earliest dated one, so a story
//! printed forty times before does not make the query compare forty old
//! copies with each other. Groups without a batch record are left out;
//! each member carries `"indexed"`: whether it was already in the index.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rayon::prelude::*;
use redb::{ReadOnlyTable, ReadTransaction};

use super::config::IndexConfig;
use super::damage::damaged;
use super::guard::guarded;
use super::open::{Open, open, read_stored};
use super::schema::{IDS, RECORDS, Stored, check_counts};
use super::{candidates, codec};
use crate::detect::analyze;
use crate::detect::corpus::{Corpus, Meta};
use crate::detect::features::Features;
use crate::detect::verify::{Similarity, Thresholds};
use crate::messages::Messages;
use crate::progress::Stage;
use crate::sink::Sink;
use crate::{output, outputs};

/// An indexed record that passed, and the batch records it passed with
/// (with the shingles shared).
type Match = ((Meta, Features), Vec<(u32, usize)>);

/// Indexed matches kept per new record (plus its earliest dated one).
pub const MAX_MATCHES: usize = 8;

/// What a query found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuerySummary {
    /// Batch records read.
    pub records: usize,
    /// Bad batch records skipped.
    pub skipped: usize,
    /// Records in the index.
    pub indexed: u64,
    /// Indexed records sharing a band key or an anchor with the batch.
    pub candidates: usize,
    /// Of those, indexed records verified against a batch record.
    pub matched: usize,
    /// Groups written (two or more members).
    pub groups: usize,
    /// Of those, groups holding an indexed record.
    pub with_indexed: usize,
    /// Batch records whose id is already in the index.
    pub already_indexed: usize,
}

impl crate::FoundReprints for QuerySummary {
    fn found_reprints(&self) -> bool {
        self.groups > 0
    }
}

/// Query the index with `config.job.inputs`, writing groups.
pub fn query(config: &IndexConfig) -> Result<QuerySummary> {
    anyhow::ensure!(
        !config.job.chooses_unit(),
        "an index keeps one shingle unit: make the job with Job::fixed_unit"
    );
    let path = &config.index;
    let messages = &config.job.messages;
    let mut named = vec![outputs::Output {
        flag: "-o",
        path: config.output_path.as_deref(),
    }];
    if let Some(pairs) = &config.pairs_path {
        named.push(outputs::Output {
            flag: "--pairs-out",
            path: Some(pairs),
        });
    }
    let protected = outputs::Protected {
        inputs: &config.job.inputs,
        index: Some(path),
        in_place: None,
    };
    outputs::check(&named, protected)?;
    output::check_destinations(config.output.format, &named)?;
    let mut sink = Sink::open(config.output_path.as_deref())?;
    let mut pairs_sink = config
        .pairs_path
        .as_deref()
        .map(|p| Sink::open(Some(p)))
        .transpose()?;
    let (batch, found) = guarded(path, || read_index(config))?;
    found.report(batch.len(), messages);
    let mut summary = QuerySummary {
        records: batch.len(),
        skipped: batch.skipped.len(),
        indexed: found.indexed,
        candidates: found.candidates,
        matched: found.records.len(),
        already_indexed: found.already_indexed,
        ..QuerySummary::default()
    };
    let indexed_count = found.records.len();
    let mut combined = combine(found.records, batch);
    let analysis = analyze(&mut combined, config.job.params(), messages);
    let groups = output::build(&combined, &analysis, config.output);
    let new_ids: HashSet<&str> = combined.metas[indexed_count..]
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    let written = with_new_records(groups, &new_ids, &mut summary);
    output::write_groups(sink.writer(), &written, config.output.format)?;
    if let Some(pairs) = &mut pairs_sink {
        output::write_pairs(pairs.writer(), &written, config.output.format)?;
    }
    outputs::commit(std::iter::once(sink).chain(pairs_sink).collect())?;
    messages.summary(
        format_args!(
            "{} records read, {} skipped as bad; {} groups, {} of them with indexed records ({} of {} indexed records were candidates, {} matched)",
            summary.records,
            summary.skipped,
            summary.groups,
            summary.with_indexed,
            summary.candidates,
            summary.indexed,
            summary.matched
        ),
        summary.skipped > 0,
    );
    Ok(summary)
}

/// Open the index, refuse other parameters, read the batch and find its
/// indexed matches. The index stays open (and locked) while the batch is
/// read, so an `add` cannot change it in between.
fn read_index(config: &IndexConfig) -> Result<(Corpus, Found)> {
    let path = &config.index;
    let db = open(path, Open::Existing)?;
    let txn = db.begin_read()?;
    let stored = read_stored(&txn, path)?;
    stored.check(config.job.params(), path)?;
    // The index stores and compares every set: none is parked.
    let mut batch = config.job.holding_sets().load()?;
    // Looked up by the bands of every record with shingles, short ones too.
    crate::detect::features::Featurizer::new(config.job.params()).sign_all(&mut batch.features);
    let found = lookup(&txn, &stored, &batch, config)?;
    Ok((batch, found))
}

/// The groups that hold a batch record (as a member or a related record),
/// each member marked with whether it was indexed, counted into `summary`.
fn with_new_records<'a>(
    groups: Vec<output::GroupOut<'a>>,
    new_ids: &HashSet<&str>,
    summary: &mut QuerySummary,
) -> Vec<output::GroupOut<'a>> {
    let mut written = Vec::with_capacity(groups.len());
    for mut group in groups {
        let has_new = group.members.iter().any(|m| new_ids.contains(m.id))
            || group
                .related
                .iter()
                .flatten()
                .any(|r| new_ids.contains(r.id));
        if !has_new {
            continue;
        }
        for member in &mut group.members {
            member.indexed = Some(!new_ids.contains(member.id));
        }
        if group.size >= 2 {
            summary.groups += 1;
            if group.members.iter().any(|m| m.indexed == Some(true)) {
                summary.with_indexed += 1;
            }
        }
        written.push(group);
    }
    written
}

/// Indexed records that may be reprints of batch records.
#[derive(Debug, Default)]
struct Found {
    /// Records held by the index.
    indexed: u64,
    /// Candidate (indexed, batch) pairs looked up.
    pairs: usize,
    /// Distinct indexed records among them.
    candidates: usize,
    /// Indexed records verified against a batch record, by record number.
    records: Vec<(Meta, Features)>,
    /// Batch records whose id is already indexed, and one such id.
    already_indexed: usize,
    example_id: String,
}

impl Found {
    /// Warn of batch records already indexed; `-v`: what the lookup cost.
    fn report(&self, batch_len: usize, messages: &Messages) {
        if self.already_indexed > 0 {
            messages.warn(format_args!(
                "{} batch record(s) have an id already in the index (e.g. '{}'); \
                 they are compared with the rest of the index, not with their indexed copy",
                self.already_indexed, self.example_id
            ));
        }
        messages.note(format_args!(
            "index: {} candidate pairs with {} indexed records; {} of those verified against the {} new records",
            self.pairs,
            self.candidates,
            self.records.len(),
            batch_len
        ));
    }
}

fn lookup(
    txn: &ReadTransaction,
    stored: &Stored,
    batch: &Corpus,
    config: &IndexConfig,
) -> Result<Found> {
    let records = txn.open_table(RECORDS)?;
    let ids = txn.open_table(IDS)?;
    let mut found = Found {
        indexed: check_counts(&records, &ids, &config.index)?,
        ..Found::default()
    };
    // A batch record already indexed would match its own copy.
    let mut same: HashSet<u32> = HashSet::new();
    for meta in &batch.metas {
        if let Some(n) = ids.get(meta.id.as_str())? {
            same.insert(n.value());
            if found.already_indexed == 0 {
                found.example_id = meta.id.clone();
            }
            found.already_indexed += 1;
        }
    }

    let stage = Stage::start(&config.job.messages, "index lookup", "", None);
    let pairs = candidates::pairs(txn, stored, &batch.features, config.job.params(), &same)?;
    found.pairs = pairs.len();
    drop(stage);
    let runs: Vec<&[(u32, u32)]> = pairs.chunk_by(|a, b| a.0 == b.0).collect();
    found.candidates = runs.len();
    let checked = verify_candidates(&records, &runs, batch, config)?;
    found.records = closest(checked, batch);
    Ok(found)
}

/// Load each candidate once and check it exactly against the batch records
/// that proposed it (`runs`: the pairs of one indexed record each). Only
/// those that pass (as reprints, or as related when asked for) join the
/// analysis, so a query costs what its matches cost, not what its
/// candidates cost.
fn verify_candidates(
    records: &ReadOnlyTable<u32, &'static [u8]>,
    runs: &[&[(u32, u32)]],
    batch: &Corpus,
    config: &IndexConfig,
) -> Result<Vec<Match>> {
    let path = &config.index;
    let thresholds = Thresholds::from(config.job.params());
    let related = config
        .output
        .related
        .then_some(config.job.params().related_min_shared);
    let stage = Stage::start(
        &config.job.messages,
        "load and verify indexed candidates",
        "records",
        Some(runs.len() as u64),
    );
    let checked: Vec<Option<Match>> = runs
        .par_iter()
        .map(|run| -> Result<Option<Match>> {
            let n = run[0].0;
            let what =
                || format!("its band or anchor table names record {n}, which it does not hold");
            let bytes = records.get(n)?.ok_or_else(|| damaged(path, what()))?;
            let (meta, features) = codec::decode(n, bytes.value())
                .map_err(|e| damaged(path, format!("record {n} {e}")))?;
            let passed: Vec<(u32, usize)> = run
                .iter()
                .filter_map(|&(_, i)| {
                    let sim =
                        Similarity::of(&features.shingles, &batch.features[i as usize].shingles);
                    let ok = thresholds.accepts(&sim) || related.is_some_and(|m| sim.shared >= m);
                    ok.then_some((i, sim.shared))
                })
                .collect();
            stage.inc(1);
            Ok((!passed.is_empty()).then_some(((meta, features), passed)))
        })
        .collect::<Result<_>>()?;
    drop(stage);
    Ok(checked.into_iter().flatten().collect())
}

/// The matches worth analysing. A story printed forty times is forty
/// indexed matches for each new copy, and comparing them all with each
/// other is what would make a query slow: each new record keeps its most
/// similar matches and its earliest dated one (the likely original).
fn closest(checked: Vec<Match>, batch: &Corpus) -> Vec<(Meta, Features)> {
    let mut by_batch: Vec<Vec<(usize, usize)>> = vec![Vec::new(); batch.len()];
    for (k, (_, passed)) in checked.iter().enumerate() {
        for &(i, shared) in passed {
            by_batch[i as usize].push((k, shared));
        }
    }
    let mut keep = vec![false; checked.len()];
    for matches in &mut by_batch {
        matches.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(k, _) in matches.iter().take(MAX_MATCHES) {
            keep[k] = true;
        }
        let earliest = matches
            .iter()
            .filter_map(|&(k, _)| checked[k].0.0.timestamp.map(|t| (t, k)))
            .min();
        if let Some((_, k)) = earliest {
            keep[k] = true;
        }
    }
    checked
        .into_iter()
        .zip(keep)
        .filter_map(|((record, _), keep)| keep.then_some(record))
        .collect()
}

/// The indexed candidates followed by the batch, as one corpus.
fn combine(indexed: Vec<(Meta, Features)>, batch: Corpus) -> Corpus {
    let mut metas = Vec::with_capacity(indexed.len() + batch.len());
    let mut features = Vec::with_capacity(indexed.len() + batch.len());
    for (m, f) in indexed {
        metas.push(m);
        features.push(f);
    }
    metas.extend(batch.metas);
    features.extend(batch.features);
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let outlets = metas
        .iter()
        .map(|m| {
            let outlet = m.outlet()?;
            let next = numbers.len() as u32;
            Some(*numbers.entry(outlet).or_insert(next))
        })
        .collect();
    Corpus {
        metas,
        features,
        outlets,
        skipped: batch.skipped,
        ..Corpus::default()
    }
}
