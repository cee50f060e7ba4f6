//! `stage cluster`: the verified pairs of every shard, with every
//! record's metadata and shingle set, into the main output, through
//! [`conclude`] and [`crate::run_with`]: the groups, related edges and
//! stories one process writes, byte for byte.
//!
//! This stage runs in one process (the driver's): it holds every
//! record's metadata and shingle set, as a single-process run does after
//! verification. Clustering per connected component is not distributed
//! yet (see `spark/README.md`).

use std::fs;
use std::io::BufReader;

use anyhow::{Context, Result, anyhow, bail};

use crate::detect::corpus::{Corpus, Meta};
use crate::detect::edges::Edges;
use crate::detect::features::Features;
use crate::detect::verify::{Similarity, Verified, VerifiedPair};
use crate::detect::{Analysis, Counts, conclude};
use crate::{Config, Job, Summary};

use super::columns::Reader;
use super::model::Model;
use super::pairs::{lines, number};
use super::split::get_metas;
use super::{FEATURES, Work};

/// Write the main output of the run in `work` as `config` says (its
/// detection flags are the model's; its output flags are used).
pub fn cluster(config: &Config, work: &Work, counts: Counts) -> Result<Summary> {
    crate::run_with(config, || analyzed(&config.job, work, counts))
}

/// The corpus and the analysis of the run in `work`, as the single-process
/// run holds them after [`crate::detect::analyze`]: what [`cluster`] writes
/// and what `stage dedup` keeps records by. `job` gives the date formats
/// and the messages; detection is the model's.
pub fn analyzed(job: &Job, work: &Work, counts: Counts) -> Result<(Corpus, Analysis)> {
    let model = Model::read(work)?;
    let corpus = load(work, &model, job)?;
    let verified = read_verified(work, corpus.len())?;
    let analysis: Analysis = conclude(&corpus, &model.params, &verified, counts, &job.messages);
    Ok((corpus, analysis))
}

/// The corpus as the single-process run holds it after verification:
/// metadata, outlets, words and shingle sets, in input order.
fn load(work: &Work, model: &Model, job: &Job) -> Result<Corpus> {
    let n = model.records;
    let mut metas: Vec<Option<Meta>> = vec![None; n];
    let mut features: Vec<Features> = vec![Features::default(); n];
    let mut outlets: Vec<Option<u32>> = vec![None; n];
    let (words, dropped, shingles, edges) = (
        FEATURES.column("words"),
        FEATURES.column("boilerplate_words"),
        FEATURES.column("shingles"),
        FEATURES.column("edges"),
    );
    for k in 0..model.shards {
        let path = work.features(k);
        if !path.exists() {
            bail!(
                "{}: shard {k} was not featurized (run `reprint stage featurize --work {} {k}`)",
                path.display(),
                work.dir.display()
            );
        }
        let r = Reader::open(&path, FEATURES)?;
        for g in 0..r.row_groups() {
            let group = r.row_group(g)?;
            let rows = get_metas(&group, r.name())?;
            let w = group.i64s(words)?;
            let d = group.i64s(dropped)?;
            let s = group.u32_lists(shingles)?;
            let e = group.u32_lists(edges)?;
            let all = rows.into_iter().zip(w).zip(d).zip(s).zip(e);
            for ((((row, w), d), s), e) in all {
                let (seq, meta, outlet) = row;
                if seq >= n || metas[seq].is_some() {
                    bail!(
                        "{}: record {seq} ('{}') is {} (the split numbered 0 to {})",
                        r.name(),
                        meta.id,
                        if seq >= n {
                            "out of range"
                        } else {
                            "in two shards"
                        },
                        n.saturating_sub(1)
                    );
                }
                metas[seq] = Some(meta);
                outlets[seq] = outlet;
                features[seq] = Features {
                    words: w as usize,
                    boilerplate_words: d as usize,
                    edges: Edges::decode(&e, s.len())
                        .map_err(|why| anyhow!("{}: record {seq}: {why}", r.name()))?,
                    shingles: s,
                    signature: Vec::new(),
                    anchors: Vec::new(),
                    parked: None,
                };
            }
        }
    }
    let metas = metas
        .into_iter()
        .enumerate()
        .map(|(seq, m)| m.ok_or_else(|| anyhow!("record {seq} is in no features shard")))
        .collect::<Result<Vec<Meta>>>()?;
    Ok(Corpus {
        metas,
        features,
        outlets,
        skipped: model.skipped.clone(),
        boilerplate: model.stats,
        learned: model.boilerplate.clone(),
        dates: job.read.dates.clone(),
        spill: None,
        band_keys: None,
    })
}

/// The verified pairs in `work/verified/` (every file not named `_...` or
/// `.`...), sorted by pair as verification leaves them in one process.
fn read_verified(work: &Work, records: usize) -> Result<Verified> {
    let dir = work.verified();
    let mut names: Vec<_> = fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    names.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('_') && !n.starts_with('.'))
    });
    names.sort();
    let mut verified = Verified::default();
    for path in names {
        let file =
            fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        lines(BufReader::new(file), |_, line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [a, b, shared, len_a, len_b, in_a, core_a, in_b, core_b, kind] = f[..] else {
                bail!(
                    "{} fields, not a\\tb\\tshared\\tlen_a\\tlen_b\\tin_a\\tcore_a\\tin_b\\tcore_b\\tkind",
                    f.len()
                );
            };
            let p = VerifiedPair {
                a: number(a, "a")?,
                b: number(b, "b")?,
                sim: Similarity {
                    shared: number(shared, "shared")?,
                    len_a: number(len_a, "len_a")?,
                    len_b: number(len_b, "len_b")?,
                    in_a: number(in_a, "in_a")?,
                    core_a: number(core_a, "core_a")?,
                    in_b: number(in_b, "in_b")?,
                    core_b: number(core_b, "core_b")?,
                },
            };
            if p.a >= p.b || p.b as usize >= records {
                bail!(
                    "pair {} {} is not two records of this run, smaller first",
                    p.a,
                    p.b
                );
            }
            match kind {
                "reprint" => verified.reprints.push(p),
                "near" => verified.near.push(p),
                other => bail!("kind is '{other}', not reprint or near"),
            }
            Ok(())
        })
        .with_context(|| format!("reading {}", path.display()))?;
    }
    for pairs in [&mut verified.reprints, &mut verified.near] {
        pairs.sort_by_key(|p| (p.a, p.b));
        if let Some(w) = pairs
            .windows(2)
            .find(|w| (w[0].a, w[0].b) == (w[1].a, w[1].b))
        {
            bail!(
                "{}: pair {} {} is there twice",
                dir.display(),
                w[0].a,
                w[0].b
            );
        }
    }
    Ok(verified)
}
