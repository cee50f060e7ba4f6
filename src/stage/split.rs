//! `stage split`: read the inputs once, decide what is global, and cut
//! the records into shards.
//!
//! The reading is the single-process run's ([`Job::split`]): records get
//! their place in the corpus in input order, duplicate ids and bad records
//! are refused (or skipped and counted, `--skip-bad`), outlets are
//! numbered, the shingle unit is chosen on the first records and
//! boilerplate learned from the first `--boilerplate-sample`. Record `seq`
//! goes to shard `seq % shards`, so shards are even whatever the inputs.

use std::fs::{self, File};
use std::path::Path;

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

use crate::Job;
use crate::detect::corpus::Meta;

use super::columns::{Columns, Writer};
use super::model::Model;
use super::{RECORDS, Work};

/// Rows a shard buffers before writing them as a row group.
const ROWS: usize = 4096;

/// What a split wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitSummary {
    /// Usable records.
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
}

/// Read `job`'s inputs into `shards` records shards and the model, in
/// `work` (created; it must not hold a run already).
pub fn split(job: &Job, work: &Path, shards: usize) -> Result<SplitSummary> {
    let work = Work::new(work);
    if work.model().exists() || work.records(0).exists() {
        bail!(
            "{} already holds a run (model.parquet or records/): give a new --work folder",
            work.dir.display()
        );
    }
    for dir in ["records", "features"] {
        let dir = work.dir.join(dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut writers = (0..shards)
        .map(|k| Shard::create(&work, k))
        .collect::<Result<Vec<_>>>()?;
    let mut forward = |seq: usize, meta: &Meta, outlet: Option<u32>, text: String| {
        writers[seq % shards].push(seq, meta, outlet, text)
    };
    let corpus = job.split(&mut forward)?;
    for w in writers {
        w.finish()?;
    }
    let model = Model {
        params: job.params().clone(),
        boilerplate: corpus.learned.clone(),
        stats: corpus.boilerplate,
        records: corpus.len(),
        shards,
        skipped: corpus.skipped.clone(),
    };
    // Last: a model on disk means every shard is whole.
    model.write(&work)?;
    Ok(SplitSummary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
    })
}

/// One records shard being written.
struct Shard {
    tmp: NamedTempFile,
    path: std::path::PathBuf,
    writer: Writer,
    rows: Vec<(usize, Meta, Option<u32>, String)>,
}

impl Shard {
    fn create(work: &Work, k: usize) -> Result<Shard> {
        let path = work.records(k);
        let dir = path.parent().expect("a shard is in records/");
        let tmp = NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        let file: File = tmp.as_file().try_clone()?;
        Ok(Shard {
            writer: Writer::new(file, RECORDS, &[])?,
            tmp,
            path,
            rows: Vec::with_capacity(ROWS),
        })
    }

    fn push(&mut self, seq: usize, meta: &Meta, outlet: Option<u32>, text: String) -> Result<()> {
        self.rows.push((seq, meta.clone(), outlet, text));
        if self.rows.len() == ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        self.writer
            .row_group(|c| {
                put_metas(c, rows.iter().map(|(s, m, o, _)| (*s, m, *o)))?;
                c.strs(rows.iter().map(|r| r.3.as_str()))
            })
            .with_context(|| format!("writing {}", self.path.display()))
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        self.tmp
            .persist(&self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(())
    }
}

/// The columns every shard starts with: place, metadata, outlet.
pub(crate) fn put_metas<'m>(
    c: &mut Columns<'_>,
    rows: impl Iterator<Item = (usize, &'m Meta, Option<u32>)> + Clone,
) -> Result<()> {
    let seqs: Vec<i64> = rows.clone().map(|(s, _, _)| s as i64).collect();
    c.i64s(&seqs)?;
    c.strs(rows.clone().map(|(_, m, _)| m.id.as_str()))?;
    c.opt_strs(rows.clone().map(|(_, m, _)| m.title.as_deref()))?;
    c.opt_strs(rows.clone().map(|(_, m, _)| m.source.as_deref()))?;
    c.opt_strs(rows.clone().map(|(_, m, _)| m.date.as_deref()))?;
    c.opt_strs(rows.clone().map(|(_, m, _)| m.url.as_deref()))?;
    c.strs(rows.clone().map(|(_, m, _)| m.origin.file.as_str()))?;
    let lines: Vec<i64> = rows.clone().map(|(_, m, _)| m.origin.line as i64).collect();
    c.i64s(&lines)?;
    let times: Vec<Option<i64>> = rows.clone().map(|(_, m, _)| m.timestamp).collect();
    c.opt_i64s(&times)?;
    let outlets: Vec<Option<i64>> = rows.map(|(_, _, o)| o.map(i64::from)).collect();
    c.opt_i64s(&outlets)
}

/// The first ten columns of a shard's row group: places, metadata and
/// outlets, checked (a place is a record number, an outlet a `u32`).
pub(crate) fn get_metas(
    g: &super::columns::Group<'_>,
    name: &str,
) -> Result<Vec<(usize, Meta, Option<u32>)>> {
    let seqs = g.i64s(0)?;
    let ids = g.strs(1)?;
    let titles = g.opt_strs(2)?;
    let sources = g.opt_strs(3)?;
    let dates = g.opt_strs(4)?;
    let urls = g.opt_strs(5)?;
    let files = g.strs(6)?;
    let lines = g.i64s(7)?;
    let times = g.opt_i64s(8)?;
    let outlets = g.opt_i64s(9)?;
    let mut rows = Vec::with_capacity(seqs.len());
    for (i, seq) in seqs.into_iter().enumerate() {
        let bad = |what: &str| anyhow::anyhow!("{name}: row {} has a bad {what}", i + 1);
        let seq = usize::try_from(seq).map_err(|_| bad("seq"))?;
        let outlet = outlets[i]
            .map(|o| u32::try_from(o).map_err(|_| bad("outlet")))
            .transpose()?;
        let meta = Meta {
            id: ids[i].clone(),
            title: titles[i].clone(),
            source: sources[i].clone(),
            date: dates[i].clone(),
            url: urls[i].clone(),
            origin: crate::record::Origin::new(
                files[i].clone(),
                u64::try_from(lines[i]).map_err(|_| bad("origin_line"))?,
            ),
            timestamp: times[i],
        };
        rows.push((seq, meta, outlet));
    }
    Ok(rows)
}
