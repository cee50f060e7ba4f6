//! `index add`: store a batch of records, all or nothing.
//!
//! Everything is written in one redb write transaction committed at the
//! end: a failure or a kill before the commit leaves the index as it was.
//! The index is opened (and locked) before the input is read, so a second
//! writer is refused at once rather than after featurizing its batch.
//! Band and anchor entries are sorted before they are inserted, which keeps
//! B-tree inserts local.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use rayon::prelude::*;
use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::codec;
use super::config::IndexConfig;
use super::damage::damaged;
use super::guard::guarded;
use super::open::{Open, open};
use super::schema::{ANCHORS, BANDS, FEW_ANCHORS, IDS, META, RECORDS, Stored, check_counts};
use crate::detect::anchor::MIN_HITS;
use crate::detect::corpus::Corpus;
use crate::detect::lsh::band_key;
use crate::outputs;
use crate::record::RecordError;

/// What an `add` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSummary {
    /// Records added.
    pub added: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Records skipped because their id is already in the index.
    pub already_indexed: usize,
    /// Records in the index afterwards.
    pub total: u64,
}

/// Add the records of `config.job.inputs` to the index (made if missing).
pub fn add(config: &IndexConfig) -> Result<AddSummary> {
    anyhow::ensure!(
        !config.job.chooses_unit(),
        "an index keeps one shingle unit: make the job with Job::fixed_unit"
    );
    let path = &config.index;
    let index = outputs::Output {
        flag: "INDEX",
        path: Some(path),
    };
    let protected = outputs::Protected {
        inputs: &config.job.inputs,
        ..outputs::Protected::default()
    };
    outputs::check(&[index], protected)?;
    let existed = path.exists();
    let result = guarded(path, || add_to(config));
    // A first add that fails leaves no empty index file behind.
    if result.is_err() && !existed {
        let _ = std::fs::remove_file(path);
    }
    result
}

fn add_to(config: &IndexConfig) -> Result<AddSummary> {
    let path = &config.index;
    let name = path.display();
    let db = open(path, Open::OrCreate)?;
    let mut txn = db.begin_write()?;
    txn.set_quick_repair(true);
    let stored = {
        let mut meta = txn.open_table(META)?;
        let records = txn.open_table(RECORDS)?;
        match Stored::read(&meta, path)? {
            Some(stored) => {
                stored.check(config.job.params(), path)?;
                check_counts(&records, &txn.open_table(IDS)?, path)?;
                stored
            }
            // New, or left empty by a first add that was stopped.
            None if records.is_empty()? => {
                let stored = Stored::for_params(config.job.params());
                stored.write(&mut meta)?;
                stored
            }
            None => {
                return Err(damaged(
                    path,
                    "its records are there but its metadata is not",
                ));
            }
        }
    };

    // The index stores and compares every set: none is parked.
    let mut corpus = config.job.holding_sets().load()?;
    // The index bands every record with shingles, short ones too.
    crate::detect::features::Featurizer::new(config.job.params()).sign_all(&mut corpus.features);
    let (keep, already) = new_records(&txn, &corpus, path)?;
    if let Some(first) = already.first() {
        if !config.job.skip_bad {
            bail!(
                "{first}{}; --skip-bad adds the others",
                match already.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                }
            );
        }
        for bad in &already {
            config.job.messages.warn(format_args!("skipped {bad}"));
        }
    }
    config.job.messages.note(format_args!(
        "index: writing {} records to {name}",
        keep.len()
    ));
    let total =
        write(&txn, &stored, &corpus, &keep).with_context(|| format!("writing index {name}"))?;
    txn.commit()
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("writing index {name}"))?;

    let summary = AddSummary {
        added: keep.len(),
        skipped: corpus.skipped.len(),
        already_indexed: already.len(),
        total,
    };
    config.job.messages.summary(
        format_args!(
            "added {} records to {name} ({} skipped as bad, {} already indexed); it holds {}",
            summary.added, summary.skipped, summary.already_indexed, summary.total
        ),
        true,
    );
    Ok(summary)
}

/// The corpus records whose id is not in the index yet, and an error for
/// each one that is.
fn new_records(
    txn: &WriteTransaction,
    corpus: &Corpus,
    path: &Path,
) -> Result<(Vec<usize>, Vec<RecordError>)> {
    let ids = txn.open_table(IDS)?;
    let records = txn.open_table(RECORDS)?;
    let mut keep = Vec::with_capacity(corpus.len());
    let mut already = Vec::new();
    for (i, meta) in corpus.metas.iter().enumerate() {
        match ids.get(meta.id.as_str())? {
            None => keep.push(i),
            Some(n) => {
                let n = n.value();
                let Some(record) = records.get(n)? else {
                    let what = format!("id '{}' names record {n}, which it does not hold", meta.id);
                    return Err(damaged(path, what));
                };
                let (indexed, _) = codec::decode(n, record.value())
                    .map_err(|e| damaged(path, format!("record {n} {e}")))?;
                already.push(RecordError::new(
                    meta.origin.clone(),
                    format!(
                        "id '{}' is already in the index (added from {})",
                        meta.id, indexed.origin
                    ),
                ));
            }
        }
    }
    Ok((keep, already))
}

/// Write records `keep` of `corpus`; the number of records afterwards.
fn write(txn: &WriteTransaction, stored: &Stored, corpus: &Corpus, keep: &[usize]) -> Result<u64> {
    let mut records = txn.open_table(RECORDS)?;
    let mut ids = txn.open_table(IDS)?;
    let first = match records.last()? {
        Some((k, _)) => k.value() + 1,
        None => 0,
    };
    let number = |k: usize| -> Result<u32> {
        u32::try_from(first as u64 + k as u64).context("an index holds at most 4294967295 records")
    };
    let mut buf = Vec::new();
    for (k, &i) in keep.iter().enumerate() {
        let n = number(k)?;
        buf.clear();
        codec::encode(n, &corpus.metas[i], &corpus.features[i], &mut buf);
        records.insert(n, buf.as_slice())?;
        ids.insert(corpus.metas[i].id.as_str(), n)?;
    }
    number(keep.len())?;

    // Records without shingles can match nothing: no entries.
    let banding = stored.banding;
    let mut entries: Vec<(u64, u32)> = keep
        .par_iter()
        .enumerate()
        .filter(|&(_, &i)| !corpus.features[i].shingles.is_empty())
        .flat_map_iter(|(k, &i)| {
            let sig = &corpus.features[i].signature;
            (0..banding.bands).map(move |b| (band_key(sig, banding, b), first + k as u32))
        })
        .collect();
    entries.par_sort_unstable();
    let mut bands = txn.open_table(BANDS)?;
    for &(key, n) in &entries {
        bands.insert((key, n), ())?;
    }
    drop(bands);

    drop(entries);

    let mut entries: Vec<(u32, u32)> = keep
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, &i)| {
            corpus.features[i]
                .anchors
                .iter()
                .map(move |&a| (a, first + k as u32))
        })
        .collect();
    entries.par_sort_unstable();
    let mut anchors = txn.open_table(ANCHORS)?;
    for &(key, n) in &entries {
        anchors.insert((key, n), ())?;
    }
    let mut few = txn.open_table(FEW_ANCHORS)?;
    for (k, &i) in keep.iter().enumerate() {
        let held = corpus.features[i].anchors.len();
        if (1..=MIN_HITS).contains(&held) {
            few.insert(first + k as u32, ())?;
        }
    }
    Ok(records.len()?)
}
