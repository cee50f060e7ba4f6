//! Ingest: every record read, tokenized as it streams in, then featurized
//! once the corpus-wide boilerplate is known.
//!
//! Records stream in from the reader; each batch of a few thousand is
//! tokenized on all cores, after which only the metadata and tokens are
//! kept. Bad records stop the run unless `skip_bad`, in which case they are
//! counted and reported; duplicate ids are bad records too, since a group
//! that names an id twice would be meaningless.

use std::collections::HashMap;
use std::sync::mpsc::SyncSender;

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use crate::date::DateFormats;
use crate::detect::boilerplate::{Boilerplate, BoilerplateParams, Line};
use crate::detect::features::{Features, Featurizer, Scratch, Tokens};
use crate::detect::furniture::{self, Furniture};
use crate::detect::shingle::ShingleSet;
use crate::detect::spill::Spill;
use crate::messages::Messages;
use crate::progress::Stage;
use crate::read::ReadError;
use crate::record::{Origin, Record, RecordError};

use super::{Corpus, Meta};

/// Records per parallel batch: enough to keep both cores busy, small
/// enough that a batch of texts stays a few megabytes.
const BATCH: usize = 2048;

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
        dates: &DateFormats,
        messages: &Messages,
    ) -> Result<Corpus> {
        Corpus::build_with(
            records,
            featurizer,
            boilerplate,
            skip_bad,
            dates,
            messages,
            None,
            None,
        )
    }

    /// [`Corpus::build`], or with `forward`, the same reading without the
    /// featurizing: every usable record is handed to `forward` with its
    /// place in the corpus, metadata and outlet, and the corpus keeps only
    /// metadata, outlets and the boilerplate learned (from tokens of the
    /// first records, as `build` learns it). A distributed run splits its
    /// input this way, so sequence, duplicate ids, outlets and boilerplate
    /// are decided once, by the same code, before shards are featurized.
    ///
    /// With `set_memory`, the records' shingle sets and edges past that
    /// many bytes are parked on disk (`super::super::spill`).
    #[allow(clippy::too_many_arguments)]
    pub fn build_with(
        records: impl IntoIterator<Item = Result<Record, ReadError>, IntoIter: Send>,
        featurizer: &Featurizer,
        boilerplate: BoilerplateParams,
        skip_bad: bool,
        dates: &DateFormats,
        messages: &Messages,
        forward: Option<Forward<'_>>,
        set_memory: Option<u64>,
    ) -> Result<Corpus> {
        let mut builder = Builder {
            forward,
            corpus: Corpus {
                dates: dates.clone(),
                spill: set_memory.map(Spill::new),
                ..Corpus::default()
            },
            featurizer,
            params: boilerplate,
            learning: Vec::new(),
            found: None,
            outlet_ids: HashMap::new(),
            seen: HashMap::new(),
            batch: Vec::with_capacity(BATCH),
            skip_bad,
            messages,
        };
        let records = records.into_iter();
        let stage = Stage::start(messages, "read and featurize", "records", None);
        std::thread::scope(|scope| -> Result<()> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Record, ReadError>>>(2);
            scope.spawn(move || read_ahead(records, tx));
            for chunk in rx {
                stage.inc(chunk.len() as u64);
                for item in chunk {
                    builder.take(item)?;
                }
            }
            Ok(())
        })?;
        builder.flush()?;
        builder.learn()?;
        drop(stage);
        let split = builder.forward.is_some();
        let corpus = builder.corpus;
        if !split {
            note_boilerplate(&corpus, messages);
        }
        Ok(corpus)
    }
}

/// Parse records on this thread and send them on in batches, until the
/// input ends or the receiving side stops (the run failed).
fn read_ahead(
    records: impl Iterator<Item = Result<Record, ReadError>>,
    tx: SyncSender<Vec<Result<Record, ReadError>>>,
) {
    let mut chunk = Vec::with_capacity(BATCH);
    for item in records {
        // A bad record goes at once: it may stop the run, and the rest of
        // the batch may be long in coming.
        let bad = item.is_err();
        chunk.push(item);
        if chunk.len() == BATCH || bad {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(BATCH));
            if tx.send(full).is_err() {
                return;
            }
        }
    }
    let _ = tx.send(chunk);
}

/// `-v`: how much of the corpus boilerplate detection left out.
fn note_boilerplate(corpus: &Corpus, messages: &Messages) {
    let dropped: usize = corpus.features.iter().map(|f| f.boilerplate_words).sum();
    let total: usize = dropped + corpus.features.iter().map(|f| f.words).sum::<usize>();
    let stats = corpus.boilerplate;
    messages.note(format_args!(
        "boilerplate: {} of {} recurring lines (in the first {} records), {} of {} words ({:.1}%) left out; outlets' furniture: {} shingles",
        stats.boilerplate,
        stats.candidates,
        stats.records,
        dropped,
        total,
        100.0 * dropped as f64 / total.max(1) as f64,
        stats.furniture
    ));
}

/// Where [`Corpus::build_with`] hands each usable record: its index in
/// the corpus, metadata, outlet and text.
pub type Forward<'a> = &'a mut dyn FnMut(usize, &Meta, Option<u32>, String) -> Result<()>;

/// The corpus as it is being read.
struct Builder<'a, 'f> {
    /// Records go here instead of being featurized (a split run).
    forward: Option<Forward<'f>>,
    corpus: Corpus,
    featurizer: &'a Featurizer,
    params: BoilerplateParams,
    /// Words of the records read while boilerplate is being learned.
    learning: Vec<Tokens>,
    /// The boilerplate, once learned.
    found: Option<Boilerplate>,
    outlet_ids: HashMap<String, u32>,
    /// Where each id was first seen: a repeat is a bad record.
    seen: HashMap<String, Origin>,
    /// Records read but not yet tokenized.
    batch: Vec<Record>,
    skip_bad: bool,
    messages: &'a Messages,
}

impl Builder<'_, '_> {
    /// Take one item from the reader: a record joins the batch (which is
    /// processed once full), a bad record stops the run or, under
    /// `skip_bad`, is counted and reported.
    fn take(&mut self, item: Result<Record, ReadError>) -> Result<()> {
        let bad = match item {
            Ok(rec) => match self.seen.get(&rec.id) {
                Some(first) => RecordError::new(
                    rec.origin.clone(),
                    format!(
                        "duplicate id '{}' (first seen at {first}; --dedupe-ids renames repeats)",
                        rec.id
                    ),
                ),
                None => {
                    self.seen.insert(rec.id.clone(), rec.origin.clone());
                    self.batch.push(rec);
                    if self.batch.len() == BATCH {
                        self.flush()?;
                    }
                    return Ok(());
                }
            },
            Err(ReadError::Bad(e)) => e,
            Err(ReadError::Fatal(e)) => return Err(e),
        };
        if !self.skip_bad {
            return Err(anyhow!(bad));
        }
        self.messages.warn(format_args!("skipped {bad}"));
        self.corpus.skipped.push(bad);
        Ok(())
    }

    /// Process the records of the batch.
    fn flush(&mut self) -> Result<()> {
        let mut batch = std::mem::take(&mut self.batch);
        let done = self.add_batch(&mut batch);
        self.batch = batch;
        done
    }

    /// Tokenize (and featurize, once boilerplate is known) a batch on all
    /// cores, keeping what later stages need of each record.
    fn add_batch(&mut self, batch: &mut Vec<Record>) -> Result<()> {
        let featurizer = self.featurizer;
        // Outlets first: a record is featurized with its outlet's furniture.
        let outlets: Vec<Option<u32>> = batch
            .iter()
            .map(|rec| {
                meta_outlet(rec).map(|o| {
                    let next = self.outlet_ids.len() as u32;
                    *self.outlet_ids.entry(o).or_insert(next)
                })
            })
            .collect();
        match &self.found {
            // A split run featurizes nothing once boilerplate is known.
            Some(_) if self.forward.is_some() => {}
            Some(found) => {
                let features: Vec<Features> = batch
                    .par_iter()
                    .zip(&outlets)
                    .map_init(Scratch::default, |scratch, (rec, &outlet)| {
                        let tokens = featurizer.tokens(&rec.text, scratch);
                        featurizer.features(&tokens, found, outlet, scratch)
                    })
                    .collect();
                self.keep(features)?;
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
        for (mut rec, outlet) in batch.drain(..).zip(outlets) {
            self.corpus.outlets.push(outlet);
            let text = std::mem::take(&mut rec.text);
            self.corpus.metas.push(Meta {
                timestamp: rec
                    .date
                    .as_deref()
                    .and_then(|d| self.corpus.dates.parse(d).ok()),
                id: rec.id,
                title: rec.title,
                source: rec.source,
                date: rec.date,
                url: rec.url,
                origin: rec.origin,
            });
            if let Some(forward) = self.forward.as_mut() {
                let seq = self.corpus.metas.len() - 1;
                forward(seq, &self.corpus.metas[seq], outlet, text)?;
            }
        }
        if self.found.is_none()
            && self.params.sample > 0
            && self.corpus.metas.len() >= self.params.sample
        {
            self.learn()?;
        }
        Ok(())
    }

    /// Keep a batch's features, parking their sets past the budget (and
    /// then keeping band keys for their signatures).
    fn keep(&mut self, mut features: Vec<Features>) -> Result<()> {
        if let Some(spill) = self.corpus.spill.as_mut() {
            // Parking tells short records by their missing signature: it
            // comes before the signatures become band keys.
            spill.park(&mut features)?;
            // A corpus that parks its sets is a find's, which needs of a
            // signature only its band keys (the index, which stores
            // signatures, holds everything).
            let keys = self.corpus.band_keys.get_or_insert_with(Vec::new);
            self.featurizer.band_keys(&mut features, keys);
        }
        self.corpus.features.extend(features);
        Ok(())
    }

    /// Find boilerplate in the records held so far and featurize them.
    fn learn(&mut self) -> Result<()> {
        if self.found.is_some() {
            return Ok(());
        }
        let learning = std::mem::take(&mut self.learning);
        let lines: Vec<&[Line]> = learning.iter().map(|t| t.lines.as_slice()).collect();
        let outlets = &self.corpus.outlets[..learning.len()];
        let (found, mut stats) = Boilerplate::detect(&lines, outlets, self.params);
        drop(lines);
        let featurizer = self.featurizer;
        let found = if self.params.min_records >= 2 {
            let furniture = learn_furniture(featurizer, &learning, &found, &self.corpus);
            stats.furniture = furniture.len();
            found.with_furniture(furniture)
        } else {
            found
        };
        stats.records = learning.len();
        self.corpus.boilerplate = stats;
        self.corpus.learned = found.clone();
        if self.forward.is_some() {
            self.found = Some(found);
            return Ok(());
        }
        let outlets = &self.corpus.outlets[..learning.len()];
        let features: Vec<Features> = learning
            .into_par_iter()
            .zip(outlets)
            .map_init(Scratch::default, |scratch, (t, &outlet)| {
                featurizer.features(&t, &found, outlet, scratch)
            })
            .collect();
        self.found = Some(found);
        // The sample's tokens are gone: their memory serves no one now.
        crate::memory::give_back();
        self.keep(features)
    }
}

/// Each outlet's furniture, learned from the shingle sets (boilerplate
/// lines left out) of its first pages held ([`furniture::pages`]).
fn learn_furniture(
    featurizer: &Featurizer,
    learning: &[Tokens],
    lines: &Boilerplate,
    corpus: &Corpus,
) -> Furniture {
    let chosen = furniture::pages(&corpus.outlets[..learning.len()]);
    let sets: Vec<ShingleSet> = chosen
        .par_iter()
        .map_init(Scratch::default, |scratch, &i| {
            featurizer.shingles(&learning[i], lines, scratch)
        })
        .collect();
    let sets: Vec<&[u32]> = sets.iter().map(|s| s.as_slice()).collect();
    let outlets: Vec<Option<u32>> = chosen.iter().map(|&i| corpus.outlets[i]).collect();
    let times: Vec<Option<i64>> = chosen.iter().map(|&i| corpus.metas[i].timestamp).collect();
    Furniture::learn(&sets, &outlets, &times)
}

/// The outlet of a record, as [`Meta::outlet`] finds it.
fn meta_outlet(rec: &Record) -> Option<String> {
    Meta::outlet_of(rec.source.as_deref(), rec.url.as_deref())
}
