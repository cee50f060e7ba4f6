//! What every job starts from: inputs to read, how to read them, detection
//! parameters, checked once.
//!
//! The main command, `dedup`, `spread` and `index` each embed a [`Job`] in
//! their own configuration, so the rules for reading and featurizing are
//! written once and the parameters are validated in one place: a `Job`
//! cannot hold parameters that failed [`Params::validate`].

use std::sync::OnceLock;

use anyhow::{Result, bail};

use crate::detect::corpus::{Corpus, Forward, Meta};
use crate::detect::features::Featurizer;
use crate::detect::noise;
use crate::detect::params::Params;
use crate::detect::{Analysis, analyze};
use crate::messages::Messages;
use crate::read::{Input, ReadError, ReadOptions, Records};
use crate::record::Record;

/// Inputs, reading and detection: the part every job's configuration shares.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// Inputs, read in order (stdin when empty).
    pub inputs: Vec<Input>,
    /// How to read them.
    pub read: ReadOptions,
    /// Shingling, candidate and verification parameters (valid).
    params: Params,
    /// The parameters for character shingles, when the unit is the
    /// corpus's choice (`--shingle auto`): used instead of `params` when
    /// the first records read like scanned text.
    chars: Option<Params>,
    /// The parameters the inputs were featurized with, once loaded.
    chosen: OnceLock<Params>,
    /// Count and report bad records instead of stopping at the first.
    pub skip_bad: bool,
    /// Warnings and notes.
    pub messages: Messages,
    /// Bytes of shingle sets and edges held in memory before later
    /// records' are parked on disk (`--set-memory`); `None` holds them all.
    pub set_memory: Option<u64>,
}

impl Job {
    /// A job reading `inputs` with `read`, detecting with `params`: the
    /// parameters are checked here, before any work, and the message names
    /// the flag and the bad value.
    pub fn new(inputs: Vec<Input>, read: ReadOptions, params: Params) -> Result<Job> {
        params.validate()?;
        Ok(Job {
            inputs,
            read,
            params,
            ..Job::default()
        })
    }

    /// Let the corpus choose its unit: `chars` (valid parameters for
    /// character shingles) replace the job's own when the first records
    /// read like scanned text (see [`noise`]).
    pub fn auto_unit(mut self, chars: Params) -> Result<Job> {
        chars.validate()?;
        self.chars = Some(chars);
        Ok(self)
    }

    /// Keep the job's own unit, whatever the records look like: an index
    /// is compared in the unit it was made with.
    pub fn fixed_unit(mut self) -> Job {
        self.chars = None;
        self
    }

    /// Does the corpus choose the unit (see [`Job::auto_unit`])?
    pub fn chooses_unit(&self) -> bool {
        self.chars.is_some()
    }

    /// Count and report bad records instead of stopping at the first (and
    /// so read past a record over the limit, to the next one).
    pub fn skip_bad(mut self, yes: bool) -> Job {
        self.skip_bad = yes;
        self.read.read_past_oversized = yes;
        self
    }

    /// Park shingle sets on disk past `bytes` held in memory (`None`: hold
    /// every set, as the index needs to store them).
    pub fn set_memory(mut self, bytes: Option<u64>) -> Job {
        self.set_memory = bytes;
        self
    }

    /// This job holding every set in memory, however it was configured.
    pub fn holding_sets(&self) -> std::borrow::Cow<'_, Job> {
        match self.set_memory {
            None => std::borrow::Cow::Borrowed(self),
            Some(_) => std::borrow::Cow::Owned(self.clone().set_memory(None)),
        }
    }

    /// Where warnings and notes go.
    pub fn messages(mut self, messages: Messages) -> Job {
        self.messages = messages;
        self
    }

    /// The detection parameters: once the inputs are loaded, those they
    /// were featurized with.
    pub fn params(&self) -> &Params {
        self.chosen.get().unwrap_or(&self.params)
    }

    /// Read and featurize the inputs (boilerplate learned on the way).
    pub fn load(&self) -> Result<Corpus> {
        self.read_all(None)
    }

    /// Read the inputs as [`Job::load`] does, handing each usable record
    /// to `forward` instead of featurizing it (see [`Corpus::build_with`]):
    /// the corpus returned holds metadata, outlets and the boilerplate
    /// learned, and [`Job::params`] is then the unit chosen.
    pub fn split(&self, forward: Forward<'_>) -> Result<Corpus> {
        self.read_all(Some(forward))
    }

    fn read_all(&self, forward: Option<Forward<'_>>) -> Result<Corpus> {
        let records = Records::new(self.inputs.clone(), self.read.clone()).messages(self.messages);
        let corpus = self.featurize_with(records, self.skip_bad, forward)?;
        // An empty input is an error; so is one whose every record was bad:
        // `--skip-bad` must not turn a batch of garbage into a clean pass.
        if corpus.is_empty() && !corpus.skipped.is_empty() {
            bail!(
                "no usable record: all {} record(s) read were bad and skipped (--skip-bad), \
                 the first: {}",
                corpus.skipped.len(),
                corpus.skipped[0]
            );
        }
        Ok(corpus)
    }

    /// Featurize `records` with this job's parameters (its unit chosen on
    /// the first of them, when the corpus chooses).
    pub fn featurize(
        &self,
        records: impl Iterator<Item = Result<Record, ReadError>> + Send,
        skip_bad: bool,
    ) -> Result<Corpus> {
        self.featurize_with(records, skip_bad, None)
    }

    fn featurize_with(
        &self,
        records: impl Iterator<Item = Result<Record, ReadError>> + Send,
        skip_bad: bool,
        forward: Option<Forward<'_>>,
    ) -> Result<Corpus> {
        let mut records = records;
        // The unit is chosen on the first records, before any is
        // featurized; they are then read on with the rest. A bad record
        // that stops the run ends the sample, so the error comes as soon
        // as it would without one.
        let mut head = Vec::new();
        if self.chars.is_some() {
            for item in records.by_ref() {
                let stops = item.is_err() && !skip_bad;
                head.push(item);
                if stops || head.len() == noise::SAMPLE {
                    break;
                }
            }
        }
        let params = self.choose(&head);
        let _ = self.chosen.set(params.clone());
        let featurizer = Featurizer::new(params);
        Corpus::build_with(
            head.into_iter().chain(records),
            &featurizer,
            params.boilerplate,
            skip_bad,
            &self.read.dates,
            &self.messages,
            forward,
            self.set_memory,
        )
    }

    /// Read, featurize and analyze the inputs.
    pub fn load_and_analyze(&self) -> Result<(Corpus, Analysis)> {
        let mut corpus = self.load()?;
        let analysis = analyze(&mut corpus, self.params(), &self.messages);
        corpus.check_sets()?;
        Ok((corpus, analysis))
    }

    /// The parameters for these first records: the character ones when
    /// the unit is the corpus's choice and the records look scanned.
    fn choose(&self, head: &[Result<Record, ReadError>]) -> &Params {
        let Some(chars) = &self.chars else {
            return &self.params;
        };
        let noise = noise::measure(head.iter().flatten().map(|r| {
            let outlet = Meta::outlet_of(r.source.as_deref(), r.url.as_deref());
            (r.text.as_str(), outlet)
        }));
        let scanned = noise.scanned();
        self.messages.note(format_args!(
            "shingles: {} (median misread-looking words {:.2}% in {} of the first {} records, \
             {} of {} outlets' median records at or above {:.0}%)",
            if scanned { "characters" } else { "words" },
            100.0 * noise.median,
            noise.records,
            head.len(),
            noise.scanned_outlets,
            noise.outlets,
            100.0 * noise::SCANNED_MEDIAN
        ));
        if scanned { chars } else { &self.params }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_parameters_make_no_job() {
        let params = Params {
            threshold: 1.5,
            ..Params::default()
        };
        let err = Job::new(Vec::new(), ReadOptions::default(), params).unwrap_err();
        assert!(err.to_string().contains("--threshold (1.5)"), "{err}");
        assert!(Job::new(Vec::new(), ReadOptions::default(), Params::default()).is_ok());
    }
}
