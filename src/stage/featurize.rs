//! `stage featurize`: one records shard into a features shard, with the
//! model's parameters and boilerplate (the same two calls ingest makes:
//! [`Featurizer::tokens`], then [`Featurizer::features`]).
//!
//! A record that cannot be compared ([`candidates::is_comparable`]) gets
//! no band keys and no anchors, so it takes part in no bucket, as in the
//! single-process candidate stages; one too short for a signature
//! ([`candidates::exact_only`]) gets, instead of band keys, the key of its
//! exact shingle set (`exact`), bucketed like a band.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use tempfile::NamedTempFile;

use crate::detect::candidates;
use crate::detect::edges::Edges;
use crate::detect::features::{Features, Featurizer, Scratch};
use crate::detect::lsh::{Banding, band_key};
use crate::detect::verify;

use super::columns::{Reader, Writer};
use super::model::Model;
use super::split::{get_metas, put_metas};
use super::{FEATURES, RECORDS, Work};

/// Featurize records shard `k` of the run in `work`; the records written.
pub fn featurize(work: &Work, k: usize) -> Result<usize> {
    let model = Model::read(work)?;
    if k >= model.shards {
        bail!(
            "no shard {k}: the split wrote {} (0 to {})",
            model.shards,
            model.shards - 1
        );
    }
    let featurizer = Featurizer::new(&model.params);
    let banding = Banding::for_threshold(model.params.threshold, model.params.num_perm);
    let short = verify::only_identical_below(&model.params);
    let input = Reader::open(&work.records(k), RECORDS)?;
    let path = work.features(k);
    let dir = path.parent().expect("a shard is in features/");
    let tmp =
        NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    let mut out = Writer::new(tmp.as_file().try_clone()?, FEATURES, &[])?;
    let text_column = RECORDS.column("text");
    let mut written = 0;
    for g in 0..input.row_groups() {
        let group = input.row_group(g)?;
        let metas = get_metas(&group, input.name())?;
        let texts = group.strs(text_column)?;
        let features: Vec<(Features, Vec<u64>, Option<u64>)> = texts
            .par_iter()
            .zip(&metas)
            .map_init(Scratch::default, |scratch, (text, &(_, _, outlet))| {
                let tokens = featurizer.tokens(text, scratch);
                let mut f = featurizer.features(&tokens, &model.boilerplate, outlet, scratch);
                let (bands, exact) = if !candidates::is_comparable(&f) {
                    f.anchors.clear();
                    (Vec::new(), None)
                } else if candidates::exact_only(&f, short) {
                    (Vec::new(), Some(candidates::exact_set_key(&f.shingles)))
                } else {
                    let bands = (0..banding.bands)
                        .map(|b| band_key(&f.signature, banding, b))
                        .collect();
                    (bands, None)
                };
                f.signature = Vec::new();
                (f, bands, exact)
            })
            .collect();
        drop(texts);
        out.row_group(|c| {
            put_metas(c, metas.iter().map(|(s, m, o)| (*s, m, *o)))?;
            let words: Vec<i64> = features.iter().map(|(f, ..)| f.words as i64).collect();
            c.i64s(&words)?;
            let dropped: Vec<i64> = features
                .iter()
                .map(|(f, ..)| f.boilerplate_words as i64)
                .collect();
            c.i64s(&dropped)?;
            c.u32_lists(features.iter().map(|(f, ..)| f.shingles.as_slice()))?;
            c.u32_lists(features.iter().map(|(f, ..)| f.anchors.as_slice()))?;
            c.u64_lists(features.iter().map(|(_, b, _)| b.as_slice()))?;
            let exact: Vec<Option<i64>> =
                features.iter().map(|(.., e)| e.map(|k| k as i64)).collect();
            c.opt_i64s(&exact)?;
            // Where each shingle lies among the record's lines (empty: no
            // edges).
            let edges: Vec<Vec<u32>> = features
                .iter()
                .map(|(f, ..)| f.edges.as_ref().map_or(Vec::new(), Edges::encode))
                .collect();
            c.u32_lists(edges.iter().map(Vec::as_slice))
        })
        .with_context(|| format!("writing {}", path.display()))?;
        written += metas.len();
    }
    out.close()?;
    tmp.persist(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(written)
}
