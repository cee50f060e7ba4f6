//! The corpus: every record read, featurized in parallel batches.
//!
//! Records stream in from the reader; each batch of a few thousand is
//! featurized on all cores, after which only the metadata and features are
//! kept. Bad records stop the run unless `skip_bad`, in which case they are
//! counted and reported; duplicate ids are bad records too, since a group
//! that names an id twice would be meaningless.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use crate::cluster::Rank;
use crate::date::parse_timestamp;
use crate::features::{Features, Featurizer, Scratch};
use crate::messages::Messages;
use crate::read::{ReadError, Records};
use crate::record::{Origin, Record, RecordError};

/// Records per parallel batch: enough to keep both cores busy, small
/// enough that a batch of texts stays a few megabytes.
const BATCH: usize = 2048;

/// What the output needs of a record besides its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Record id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Where the record was read.
    pub origin: Origin,
    /// The date as seconds since the epoch, when it parses.
    pub timestamp: Option<i64>,
}

/// All usable records, in input order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Metadata, one per record.
    pub metas: Vec<Meta>,
    /// Features, one per record.
    pub features: Vec<Features>,
    /// Bad records skipped under `skip_bad`.
    pub skipped: Vec<RecordError>,
}

impl Corpus {
    /// Read and featurize every record.
    pub fn build(
        records: Records,
        featurizer: &Featurizer,
        skip_bad: bool,
        messages: &Messages,
    ) -> Result<Corpus> {
        let mut corpus = Corpus::default();
        let mut seen: HashMap<String, Origin> = HashMap::new();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        for item in records {
            let bad = match item {
                Ok(rec) => match seen.get(&rec.id) {
                    Some(first) => RecordError::new(
                        rec.origin.clone(),
                        format!("duplicate id '{}' (first seen at {first})", rec.id),
                    ),
                    None => {
                        seen.insert(rec.id.clone(), rec.origin.clone());
                        batch.push(rec);
                        if batch.len() == BATCH {
                            corpus.add_batch(&mut batch, featurizer);
                        }
                        continue;
                    }
                },
                Err(ReadError::Bad(e)) => e,
                Err(ReadError::Fatal(e)) => return Err(e),
            };
            if !skip_bad {
                return Err(anyhow!(bad));
            }
            messages.warn(format_args!("skipped {bad}"));
            corpus.skipped.push(bad);
        }
        corpus.add_batch(&mut batch, featurizer);
        Ok(corpus)
    }

    fn add_batch(&mut self, batch: &mut Vec<Record>, featurizer: &Featurizer) {
        let features: Vec<Features> = batch
            .par_iter()
            .map_init(Scratch::default, |scratch, rec| {
                featurizer.features(&rec.text, scratch)
            })
            .collect();
        self.features.extend(features);
        self.metas.extend(batch.drain(..).map(|rec| Meta {
            timestamp: rec.date.as_deref().and_then(parse_timestamp),
            id: rec.id,
            title: rec.title,
            source: rec.source,
            date: rec.date,
            url: rec.url,
            origin: rec.origin,
        }));
    }

    /// Number of usable records.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// No usable records at all.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// What the canonical choice needs of each record.
    pub fn ranks(&self) -> Vec<Rank> {
        self.metas
            .iter()
            .zip(&self.features)
            .map(|(m, f)| Rank {
                timestamp: m.timestamp,
                words: f.words,
            })
            .collect()
    }
}
