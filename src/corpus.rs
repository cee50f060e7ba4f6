//! The corpus: every record read, tokenized as it streams in, then
//! featurized once the corpus-wide boilerplate is known.
//!
//! Records stream in from the reader; each batch of a few thousand is
//! tokenized on all cores, after which only the metadata and tokens are
//! kept. Bad records stop the run unless `skip_bad`, in which case they are
//! counted and reported; duplicate ids are bad records too, since a group
//! that names an id twice would be meaningless.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use crate::boilerplate::{Boilerplate, BoilerplateParams, BoilerplateStats, Line};
use crate::cluster::Rank;
use crate::date::parse_timestamp;
use crate::features::{Features, Featurizer, Scratch, Tokens};
use crate::messages::Messages;
use crate::progress::Stage;
use crate::read::ReadError;
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

impl Meta {
    /// The outlet, for telling outlets apart: the source folded to lower
    /// case, else the host of the url without `www.`.
    pub fn outlet(&self) -> Option<String> {
        Meta::outlet_of(self.source.as_deref(), self.url.as_deref())
    }

    /// The outlet named by a source or, failing that, a url.
    fn outlet_of(source: Option<&str>, url: Option<&str>) -> Option<String> {
        if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
            return Some(s.to_lowercase());
        }
        let url = url?;
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        (!host.is_empty()).then(|| host.to_string())
    }
}

/// All usable records, in input order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Metadata, one per record.
    pub metas: Vec<Meta>,
    /// Features, one per record.
    pub features: Vec<Features>,
    /// Outlet of each record as a small number (same outlet, same number).
    pub outlets: Vec<Option<u32>>,
    /// Bad records skipped under `skip_bad`.
    pub skipped: Vec<RecordError>,
    /// What boilerplate detection found.
    pub boilerplate: BoilerplateStats,
}

impl Corpus {
    /// Read, tokenize, find boilerplate and featurize every record.
    ///
    /// Parsing runs on its own thread, a batch ahead of the tokenizing and
    /// featurizing that use every core. Records are held as words only
    /// until boilerplate is learned (from the first `boilerplate.sample`
    /// records); after that each batch is featurized as it arrives.
    pub fn build(
        records: impl IntoIterator<Item = Result<Record, ReadError>, IntoIter: Send>,
        featurizer: &Featurizer,
        boilerplate: BoilerplateParams,
        skip_bad: bool,
        messages: &Messages,
    ) -> Result<Corpus> {
        let mut builder = Builder {
            corpus: Corpus::default(),
            featurizer,
            params: boilerplate,
            learning: Vec::new(),
            found: None,
            outlet_ids: HashMap::new(),
        };
        let records = records.into_iter();
        let stage = Stage::start(messages, "read and featurize", "records", None);
        let mut seen: HashMap<String, Origin> = HashMap::new();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        std::thread::scope(|scope| -> Result<()> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Record, ReadError>>>(2);
            scope.spawn(move || {
                let mut chunk = Vec::with_capacity(BATCH);
                for item in records {
                    chunk.push(item);
                    if chunk.len() == BATCH {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(BATCH));
                        if tx.send(full).is_err() {
                            return; // the run stopped at an error
                        }
                    }
                }
                let _ = tx.send(chunk);
            });
            for chunk in rx {
                stage.inc(chunk.len() as u64);
                for item in chunk {
                    let bad = match item {
                        Ok(rec) => match seen.get(&rec.id) {
                            Some(first) => RecordError::new(
                                rec.origin.clone(),
                                format!(
                                    "duplicate id '{}' (first seen at {first}; --dedupe-ids renames repeats)",
                                    rec.id
                                ),
                            ),
                            None => {
                                seen.insert(rec.id.clone(), rec.origin.clone());
                                batch.push(rec);
                                if batch.len() == BATCH {
                                    builder.add_batch(&mut batch);
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
                    builder.corpus.skipped.push(bad);
                }
            }
            Ok(())
        })?;
        builder.add_batch(&mut batch);
        builder.learn();
        drop(stage);
        let corpus = builder.corpus;
        let dropped: usize = corpus.features.iter().map(|f| f.boilerplate_words).sum();
        let total: usize = dropped + corpus.features.iter().map(|f| f.words).sum::<usize>();
        let stats = corpus.boilerplate;
        messages.note(format_args!(
            "boilerplate: {} of {} recurring lines (in the first {} records), {} of {} words ({:.1}%) left out",
            stats.boilerplate,
            stats.candidates,
            stats.records,
            dropped,
            total,
            100.0 * dropped as f64 / total.max(1) as f64
        ));
        Ok(corpus)
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

/// The corpus as it is being read.
struct Builder<'a> {
    corpus: Corpus,
    featurizer: &'a Featurizer,
    params: BoilerplateParams,
    /// Words of the records read while boilerplate is being learned.
    learning: Vec<Tokens>,
    /// The boilerplate, once learned.
    found: Option<Boilerplate>,
    outlet_ids: HashMap<String, u32>,
}

impl Builder<'_> {
    /// Tokenize (and featurize, once boilerplate is known) a batch on all
    /// cores, keeping what later stages need of each record.
    fn add_batch(&mut self, batch: &mut Vec<Record>) {
        let featurizer = self.featurizer;
        match &self.found {
            Some(found) => {
                let features: Vec<Features> = batch
                    .par_iter()
                    .map_init(Scratch::default, |scratch, rec| {
                        let tokens = featurizer.tokens(&rec.text, scratch);
                        featurizer.features(&tokens, found, scratch)
                    })
                    .collect();
                self.corpus.features.extend(features);
            }
            None => {
                let tokens: Vec<Tokens> = batch
                    .par_iter()
                    .map_init(Scratch::default, |scratch, rec| {
                        featurizer.tokens(&rec.text, scratch)
                    })
                    .collect();
                self.learning.extend(tokens);
            }
        }
        for rec in batch.drain(..) {
            let outlet = meta_outlet(&rec).map(|o| {
                let next = self.outlet_ids.len() as u32;
                *self.outlet_ids.entry(o).or_insert(next)
            });
            self.corpus.outlets.push(outlet);
            self.corpus.metas.push(Meta {
                timestamp: rec.date.as_deref().and_then(parse_timestamp),
                id: rec.id,
                title: rec.title,
                source: rec.source,
                date: rec.date,
                url: rec.url,
                origin: rec.origin,
            });
        }
        if self.found.is_none()
            && self.params.sample > 0
            && self.corpus.metas.len() >= self.params.sample
        {
            self.learn();
        }
    }

    /// Find boilerplate in the records held so far and featurize them.
    fn learn(&mut self) {
        if self.found.is_some() {
            return;
        }
        let learning = std::mem::take(&mut self.learning);
        let lines: Vec<&[Line]> = learning.iter().map(|t| t.lines.as_slice()).collect();
        let outlets = &self.corpus.outlets[..learning.len()];
        let (found, mut stats) = Boilerplate::detect(&lines, outlets, self.params);
        drop(lines);
        stats.records = learning.len();
        self.corpus.boilerplate = stats;
        let featurizer = self.featurizer;
        let features: Vec<Features> = learning
            .into_par_iter()
            .map_init(Scratch::default, |scratch, t| {
                featurizer.features(&t, &found, scratch)
            })
            .collect();
        self.corpus.features.extend(features);
        self.found = Some(found);
    }
}

/// The outlet of a record, as [`Meta::outlet`] finds it.
fn meta_outlet(rec: &Record) -> Option<String> {
    Meta::outlet_of(rec.source.as_deref(), rec.url.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_from_source_or_url_host() {
        let mut m = Meta {
            id: "a".into(),
            title: None,
            source: Some(" The Gazette ".into()),
            date: None,
            url: Some("https://www.example.org/x".into()),
            origin: Origin::default(),
            timestamp: None,
        };
        assert_eq!(m.outlet().as_deref(), Some("the gazette"));
        m.source = None;
        assert_eq!(m.outlet().as_deref(), Some("example.org"));
        m.url = None;
        assert_eq!(m.outlet(), None);
    }
}
