//! What every job starts from: inputs to read, how to read them, detection
//! parameters, checked once.
//!
//! The main command, `dedup`, `spread` and `index` each embed a [`Job`] in
//! their own configuration, so the rules for reading and featurizing are
//! written once and the parameters are validated in one place: a `Job`
//! cannot hold parameters that failed [`Params::validate`].

use anyhow::{Result, bail};

use crate::detect::corpus::Corpus;
use crate::detect::features::Featurizer;
use crate::detect::params::Params;
use crate::detect::{Analysis, analyze};
use crate::messages::Messages;
use crate::read::{Input, ReadOptions, Records};

/// Inputs, reading and detection: the part every job's configuration shares.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// Inputs, read in order (stdin when empty).
    pub inputs: Vec<Input>,
    /// How to read them.
    pub read: ReadOptions,
    /// Shingling, candidate and verification parameters (valid).
    params: Params,
    /// Count and report bad records instead of stopping at the first.
    pub skip_bad: bool,
    /// Warnings and notes.
    pub messages: Messages,
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

    /// Count and report bad records instead of stopping at the first (and
    /// so read past a record over the limit, to the next one).
    pub fn skip_bad(mut self, yes: bool) -> Job {
        self.skip_bad = yes;
        self.read.read_past_oversized = yes;
        self
    }

    /// Where warnings and notes go.
    pub fn messages(mut self, messages: Messages) -> Job {
        self.messages = messages;
        self
    }

    /// The detection parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Read and featurize the inputs (boilerplate learned on the way).
    pub fn load(&self) -> Result<Corpus> {
        let featurizer = Featurizer::new(&self.params);
        let records = Records::new(self.inputs.clone(), self.read.clone()).messages(self.messages);
        let corpus = Corpus::build(
            records,
            &featurizer,
            self.params.boilerplate,
            self.skip_bad,
            &self.messages,
        )?;
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

    /// Read, featurize and analyze the inputs.
    pub fn load_and_analyze(&self) -> Result<(Corpus, Analysis)> {
        let mut corpus = self.load()?;
        let analysis = analyze(&mut corpus, &self.params, &self.messages);
        Ok((corpus, analysis))
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
