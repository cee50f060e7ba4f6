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

impl Meta {
    /// The outlet, for telling outlets apart: the source folded to lower
    /// case, else the host of the url without `www.`.
    pub fn outlet(&self) -> Option<String> {
        if let Some(s) = self
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return Some(s.to_lowercase());
        }
        let url = self.url.as_deref()?;
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
    pub fn build(
        records: Records,
        featurizer: &Featurizer,
        boilerplate: BoilerplateParams,
        skip_bad: bool,
        messages: &Messages,
    ) -> Result<Corpus> {
        let mut corpus = Corpus::default();
        let tokens = corpus.read(records, featurizer, skip_bad, messages)?;
        corpus.outlets = intern_outlets(&corpus.metas);
        let lines: Vec<&[Line]> = tokens.iter().map(|t| t.lines.as_slice()).collect();
        let (found, stats) = Boilerplate::detect(&lines, &corpus.outlets, boilerplate);
        drop(lines);
        corpus.boilerplate = stats;
        corpus.features = tokens
            .into_par_iter()
            .map_init(Scratch::default, |scratch, t| {
                featurizer.features(&t, &found, scratch)
            })
            .collect();
        let dropped: usize = corpus.features.iter().map(|f| f.boilerplate_words).sum();
        let total: usize = dropped + corpus.features.iter().map(|f| f.words).sum::<usize>();
        messages.note(format_args!(
            "boilerplate: {} of {} recurring lines, {} of {} words ({:.1}%) left out",
            stats.boilerplate,
            stats.candidates,
            dropped,
            total,
            100.0 * dropped as f64 / total.max(1) as f64
        ));
        Ok(corpus)
    }

    /// Read every record, keeping metadata and tokens.
    fn read(
        &mut self,
        records: Records,
        featurizer: &Featurizer,
        skip_bad: bool,
        messages: &Messages,
    ) -> Result<Vec<Tokens>> {
        let mut tokens = Vec::new();
        let mut seen: HashMap<String, Origin> = HashMap::new();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        for item in records {
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
                            self.add_batch(&mut batch, featurizer, &mut tokens);
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
            self.skipped.push(bad);
        }
        self.add_batch(&mut batch, featurizer, &mut tokens);
        Ok(tokens)
    }

    fn add_batch(
        &mut self,
        batch: &mut Vec<Record>,
        featurizer: &Featurizer,
        out: &mut Vec<Tokens>,
    ) {
        let tokens: Vec<Tokens> = batch
            .par_iter()
            .map_init(Scratch::default, |scratch, rec| {
                featurizer.tokens(&rec.text, scratch)
            })
            .collect();
        out.extend(tokens);
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

/// Number the distinct outlets in order of first appearance.
fn intern_outlets(metas: &[Meta]) -> Vec<Option<u32>> {
    let mut ids: HashMap<String, u32> = HashMap::new();
    metas
        .iter()
        .map(|m| {
            let outlet = m.outlet()?;
            let next = ids.len() as u32;
            Some(*ids.entry(outlet).or_insert(next))
        })
        .collect()
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
