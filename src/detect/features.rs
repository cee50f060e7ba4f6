//! Per-record features, in two steps around the corpus-wide boilerplate
//! decision:
//!
//! 1. [`Featurizer::tokens`]: normalize the text, hash its words and lines.
//!    Runs as records stream in; the text can be dropped afterwards.
//! 2. [`Featurizer::features`]: leave out boilerplate lines, then shingle,
//!    sign and winnow what remains. Runs once the boilerplate is known.
//!
//! What step 2 returns is all candidate generation and verification need.

use xxhash_rust::xxh3::xxh3_64;

use super::anchor;
use super::boilerplate::{Boilerplate, Line};
use super::minhash::{MinHasher, Signature};
use super::params::Params;
use super::shingle::{ShingleSet, Shingler};
use crate::detect::normalize::normalize_into;

/// A record's shingling units and lines, before boilerplate is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Hash of every unit (word, or character), in text order.
    pub units: Vec<u32>,
    /// Every line, in order; their unit counts add up to `units.len()`.
    pub lines: Vec<Line>,
}

/// What candidate generation and verification need of one record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Words compared (boilerplate left out).
    pub words: usize,
    /// Words left out as boilerplate.
    pub boilerplate_words: usize,
    /// Shingle set, sorted.
    pub shingles: ShingleSet,
    /// MinHash signature of the shingle set.
    pub signature: Signature,
    /// Winnowed anchors of the shingle sequence, sorted.
    pub anchors: Vec<u32>,
}

impl Features {
    /// Features made of a shingle set alone (one word a shingle, no
    /// signature or anchors): what the verify and cluster stages look at,
    /// for tests of those stages.
    #[cfg(test)]
    pub(crate) fn of_shingles(shingles: ShingleSet) -> Features {
        Features {
            words: shingles.len(),
            boilerplate_words: 0,
            shingles,
            signature: Vec::new(),
            anchors: Vec::new(),
        }
    }
}

/// Computes [`Tokens`] and [`Features`] with fixed parameters; cheap to share
/// across threads.
#[derive(Debug, Clone)]
pub struct Featurizer {
    shingler: Shingler,
    hasher: MinHasher,
    anchor_window: usize,
}

/// Buffers reused across records on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: String,
    kept: Vec<u32>,
    sequence: Vec<u32>,
}

impl Featurizer {
    /// A featurizer for `params` (already validated).
    pub fn new(params: &Params) -> Featurizer {
        Featurizer {
            shingler: Shingler::with_kind(params.ngram, params.shingle),
            hasher: MinHasher::new(params.num_perm, params.scheme, params.seed),
            anchor_window: params.anchor_window,
        }
    }

    /// Normalize `text` and hash its words and lines.
    pub fn tokens(&self, text: &str, scratch: &mut Scratch) -> Tokens {
        normalize_into(text, &mut scratch.normalized);
        let mut tokens = Tokens::default();
        for line in scratch.normalized.split('\n') {
            let before = tokens.units.len();
            let words = self.shingler.push_units(line, &mut tokens.units);
            tokens.lines.push(Line {
                hash: xxh3_64(line.as_bytes()),
                words: words as u32,
                units: (tokens.units.len() - before) as u32,
            });
        }
        tokens
    }

    /// Features of a record's tokens, with boilerplate lines left out.
    pub fn features(
        &self,
        tokens: &Tokens,
        boilerplate: &Boilerplate,
        scratch: &mut Scratch,
    ) -> Features {
        scratch.kept.clear();
        let (mut at, mut words, mut dropped) = (0usize, 0usize, 0usize);
        for line in &tokens.lines {
            let end = at + line.units as usize;
            if boilerplate.contains(line.hash) {
                dropped += line.words as usize;
            } else {
                scratch.kept.extend_from_slice(&tokens.units[at..end]);
                words += line.words as usize;
            }
            at = end;
        }
        self.shingler
            .sequence_into(&scratch.kept, &mut scratch.sequence);
        let mut anchors = Vec::new();
        anchor::winnow_into(&scratch.sequence, self.anchor_window, &mut anchors);
        let mut shingles = scratch.sequence.clone();
        shingles.sort_unstable();
        shingles.dedup();
        let signature = self.hasher.sign(&shingles);
        Features {
            words,
            boilerplate_words: dropped,
            shingles,
            signature,
            anchors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines_are_left_out() {
        let f = Featurizer::new(&Params::default());
        let mut scratch = Scratch::default();
        let text = "Share this story on Facebook\nThe council met on Monday to vote on the budget.\nRead more at the Gazette";
        let tokens = f.tokens(text, &mut scratch);
        assert_eq!(tokens.lines.len(), 3);
        assert_eq!(
            tokens.lines.iter().map(|l| l.units as usize).sum::<usize>(),
            tokens.units.len()
        );
        let all = f.features(&tokens, &Boilerplate::none(), &mut scratch);
        let wrapper = Boilerplate::from_hashes(vec![tokens.lines[0].hash, tokens.lines[2].hash]);
        let body = f.features(&tokens, &wrapper, &mut scratch);
        assert_eq!(body.words, 10);
        assert_eq!(body.boilerplate_words, all.words - 10);
        let alone = f.features(
            &f.tokens(
                "The council met on Monday to vote on the budget.",
                &mut scratch,
            ),
            &Boilerplate::none(),
            &mut scratch,
        );
        assert_eq!(body.shingles, alone.shingles);
    }
}
