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
use super::edges;
use super::edges::Edges;
use super::furniture;
use super::lines;
use super::lsh::{Banding, band_key};
use super::minhash::{MinHasher, Signature};
use super::params::Params;
use super::shingle::{ShingleKind, ShingleSet, Shingler};
use super::spill::Parked;
use super::verify;
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
    /// Where each shingle lies among the record's prose and edge lines,
    /// when it has edges (see [`super::edges`]): what containment is
    /// measured on.
    pub edges: Option<Edges>,
    /// Where the shingle set and edges are when they were parked on disk
    /// (`shingles` is then empty and `edges` `None`; see [`super::spill`]).
    pub parked: Option<Parked>,
}

/// A record's shingle set and edges, wherever they were held: what
/// [`super::verify::Similarity::between`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Set<'a> {
    /// The shingle set, sorted.
    pub shingles: &'a [u32],
    /// Its edges, if it has any.
    pub edges: Option<&'a Edges>,
}

impl Features {
    /// The set and edges held in memory. A parked record's are read with
    /// [`super::spill::Sets::get`]; asking the record itself is a bug.
    pub fn set(&self) -> Set<'_> {
        assert!(
            self.parked.is_none(),
            "a parked shingle set is read through spill::Sets"
        );
        Set {
            shingles: &self.shingles,
            edges: self.edges.as_ref(),
        }
    }

    /// Shingles in the set, held or parked.
    pub fn set_len(&self) -> usize {
        self.parked.map_or(self.shingles.len(), |p| p.len())
    }

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
            edges: None,
            parked: None,
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
    /// Shingles an anchor is made of ([`anchor::run_length`]).
    anchor_run: usize,
    /// Sets smaller than this get no signature: they pair only by their
    /// exact set ([`verify::only_identical_below`]).
    signed_from: usize,
    /// How LSH bands signatures (for [`Featurizer::band_keys`]).
    banding: Banding,
}

/// Buffers reused across records on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: String,
    folded: Vec<u8>,
    kept: Vec<u32>,
    /// `(words, units)` of each kept line.
    kept_lines: Vec<(u32, u32)>,
    sequence: Vec<u32>,
    /// The sequence without the outlet's furniture.
    bare: Vec<u32>,
    /// The outlet's furniture a record holds.
    furniture: Vec<u32>,
    /// Hashes of runs of shingles, for anchors of character shingles.
    runs: Vec<u32>,
    /// A record's units, lines and anchors as they are found.
    units: Vec<u32>,
    lines: Vec<Line>,
    anchors: Vec<u32>,
}

impl Featurizer {
    /// A featurizer for `params` (already validated).
    pub fn new(params: &Params) -> Featurizer {
        Featurizer {
            shingler: Shingler::with_kind(params.ngram, params.shingle),
            hasher: MinHasher::new(params.num_perm, params.scheme, params.seed),
            anchor_window: params.anchor_window,
            anchor_run: anchor::run_length(params.shingle == ShingleKind::Chars, params.ngram),
            signed_from: verify::only_identical_below(params),
            banding: Banding::for_threshold(params.threshold, params.num_perm),
        }
    }

    /// The LSH band keys of each record's signature, `bands` a record
    /// (zeros for a record without one: LSH leaves those out), appended to
    /// `keys`; the signatures are dropped. What a find keeps instead of
    /// signatures: a fifth of their size, in one block freed at once.
    pub fn band_keys(&self, features: &mut [Features], keys: &mut Vec<u64>) {
        let bands = self.banding.bands;
        keys.reserve(features.len() * bands);
        for f in features {
            if f.signature.is_empty() {
                keys.extend(std::iter::repeat_n(0, bands));
            } else {
                keys.extend((0..bands).map(|b| band_key(&f.signature, self.banding, b)));
            }
            f.signature = Vec::new();
        }
    }

    /// Sign the records `features` left unsigned (too few shingles): the
    /// index stores and looks up every record's signature.
    pub fn sign_all(&self, features: &mut [Features]) {
        for f in features {
            if f.signature.is_empty() && !f.shingles.is_empty() {
                f.signature = self.hasher.sign(&f.shingles);
            }
        }
    }

    /// Normalize `text` and hash its words and lines.
    pub fn tokens(&self, text: &str, scratch: &mut Scratch) -> Tokens {
        normalize_into(text, &mut scratch.normalized);
        let alone = !scratch.normalized.contains('\n');
        let (units, found) = (&mut scratch.units, &mut scratch.lines);
        units.clear();
        found.clear();
        let folded = &mut scratch.folded;
        for line in scratch.normalized.split('\n') {
            lines::for_each_piece(line, alone, |piece| {
                let before = units.len();
                let words = self.shingler.push_units(piece, units);
                found.push(Line {
                    hash: line_hash(lines::identity(piece), folded),
                    words: words as u32,
                    units: (units.len() - before) as u32,
                });
            });
        }
        // Copied out at their size: the first records' tokens are all held
        // while boilerplate is learned, and grown vectors carry a third
        // more on average.
        Tokens {
            units: units.clone(),
            lines: found.clone(),
        }
    }

    /// The shingle set of a record's tokens with boilerplate lines left
    /// out (not its outlet's furniture): what furniture is learned from.
    pub fn shingles(
        &self,
        tokens: &Tokens,
        boilerplate: &Boilerplate,
        scratch: &mut Scratch,
    ) -> ShingleSet {
        self.sequence(tokens, boilerplate, scratch);
        let mut shingles = scratch.sequence.clone();
        shingles.sort_unstable();
        shingles.dedup();
        shingles
    }

    /// The shingles of the lines not boilerplate, in text order, into
    /// `scratch.sequence` (and those lines' sizes into
    /// `scratch.kept_lines`); the words kept and left out.
    fn sequence(
        &self,
        tokens: &Tokens,
        boilerplate: &Boilerplate,
        scratch: &mut Scratch,
    ) -> (usize, usize) {
        let kept = (&mut scratch.kept, &mut scratch.kept_lines);
        let (mut words, mut dropped) = keep_lines(tokens, boilerplate, kept);
        if words == 0 && dropped > 0 {
            // Every line of the record recurs elsewhere: a page scraped
            // over and over, or a record that is all stock text. A record
            // never loses all its text to boilerplate: repeated copies of
            // one page must still be found to be copies.
            let kept = (&mut scratch.kept, &mut scratch.kept_lines);
            (words, dropped) = keep_lines(tokens, &Boilerplate::none(), kept);
        }
        self.shingler
            .sequence_into(&scratch.kept, &mut scratch.sequence);
        (words, dropped)
    }

    /// Features of a record's tokens, with boilerplate lines left out, and
    /// the furniture of its outlet (`outlet`, if it has one).
    pub fn features(
        &self,
        tokens: &Tokens,
        boilerplate: &Boilerplate,
        outlet: Option<u32>,
        scratch: &mut Scratch,
    ) -> Features {
        let (words, dropped) = self.sequence(tokens, boilerplate, scratch);
        // Copied out at their size (see `tokens`).
        let mut shingles = scratch.sequence.clone();
        shingles.sort_unstable();
        shingles.dedup();
        let furniture = outlet.map_or(&[][..], |o| boilerplate.furniture().of_outlet(o));
        let held = &mut scratch.furniture;
        furniture::held(&shingles, furniture, held);
        if !held.is_empty() {
            let blocks = edges::paragraphs(&scratch.kept_lines);
            furniture::bare(&blocks, &scratch.sequence, held, &mut scratch.bare);
        }
        // Furniture goes unless it is all the record has (as lines do).
        let sequence = if !held.is_empty() && !scratch.bare.is_empty() {
            shingles.clear();
            shingles.extend_from_slice(&scratch.bare);
            shingles.sort_unstable();
            shingles.dedup();
            &scratch.bare
        } else {
            &scratch.sequence
        };
        if self.anchor_run > 1 {
            let ngram = self.shingler.ngram();
            anchor::runs_into(sequence, ngram, self.anchor_run, &mut scratch.runs);
            anchor::winnow_into(&scratch.runs, self.anchor_window, &mut scratch.anchors);
        } else {
            anchor::winnow_into(sequence, self.anchor_window, &mut scratch.anchors);
        }
        let anchors = scratch.anchors.clone();
        let signature = if shingles.len() < self.signed_from {
            Vec::new()
        } else {
            self.hasher.sign(&shingles)
        };
        // A text wrapped to a column has its paragraphs told by blank
        // lines (`edges::paragraphs`), so it has edges like any other.
        let edges = Edges::of(
            &scratch.kept_lines,
            self.shingler.ngram(),
            &scratch.sequence,
            &shingles,
        );
        Features {
            words,
            boilerplate_words: dropped,
            shingles,
            signature,
            anchors,
            edges,
            parked: None,
        }
    }
}

/// The identity of a line for boilerplate detection: its normalized text
/// with every run of digits read as one `0`. Wrapper lines differ only in
/// their numbers from page to page ("Comments (12)", "Page 3", "4 min
/// read", a time in a byline), and so do repeated scrapes of one page.
fn line_hash(line: &str, folded: &mut Vec<u8>) -> u64 {
    let bytes = line.as_bytes();
    let Some(first) = bytes.iter().position(u8::is_ascii_digit) else {
        return xxh3_64(bytes);
    };
    // Copied a stretch without digits at a time: this runs on every line.
    folded.clear();
    let mut rest = bytes;
    let mut digit = Some(first);
    while let Some(at) = digit {
        folded.extend_from_slice(&rest[..at]);
        folded.push(b'0');
        let run = rest[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        rest = &rest[at + run..];
        digit = rest.iter().position(u8::is_ascii_digit);
    }
    folded.extend_from_slice(rest);
    xxh3_64(folded)
}

/// The units of `tokens`' lines that are not boilerplate, into `kept.0`,
/// and each kept line's words and units into `kept.1`; the words kept and
/// the words left out.
fn keep_lines(
    tokens: &Tokens,
    boilerplate: &Boilerplate,
    kept: (&mut Vec<u32>, &mut Vec<(u32, u32)>),
) -> (usize, usize) {
    let (kept, kept_lines) = kept;
    kept.clear();
    kept_lines.clear();
    let (mut at, mut words, mut dropped) = (0usize, 0usize, 0usize);
    for line in &tokens.lines {
        let end = at + line.units as usize;
        if boilerplate.contains(line.hash) {
            dropped += line.words as usize;
        } else {
            kept.extend_from_slice(&tokens.units[at..end]);
            kept_lines.push((line.words, line.units));
            words += line.words as usize;
        }
        at = end;
    }
    (words, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::furniture::Furniture;

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
        let all = f.features(&tokens, &Boilerplate::none(), None, &mut scratch);
        let wrapper = Boilerplate::from_hashes(vec![tokens.lines[0].hash, tokens.lines[2].hash]);
        let body = f.features(&tokens, &wrapper, None, &mut scratch);
        assert_eq!(body.words, 10);
        assert_eq!(body.boilerplate_words, all.words - 10);
        let alone = f.features(
            &f.tokens(
                "The council met on Monday to vote on the budget.",
                &mut scratch,
            ),
            &Boilerplate::none(),
            None,
            &mut scratch,
        );
        assert_eq!(body.shingles, alone.shingles);
    }

    #[test]
    fn lines_differing_only_in_numbers_are_one_line() {
        let mut buf = Vec::new();
        let h = |s: &str, buf: &mut Vec<u8>| line_hash(s, buf);
        assert_eq!(h("comments (12)", &mut buf), h("comments (3)", &mut buf));
        assert_eq!(h("page 3 of 10", &mut buf), h("page 12 of 4", &mut buf));
        assert_ne!(h("page 3 of 10", &mut buf), h("page 3 10", &mut buf));
        assert_eq!(h("no digits", &mut buf), xxh3_64(b"no digits"));
    }

    proptest::proptest! {
        #[test]
        fn a_line_hash_reads_each_run_of_digits_as_one_zero(
            line in proptest::collection::vec(
                proptest::sample::select(b"a0 19.x".to_vec()),
                0..30,
            )
        ) {
            // The rule one byte at a time.
            let mut folded = Vec::new();
            for &b in &line {
                if !b.is_ascii_digit() {
                    folded.push(b);
                } else if folded.last() != Some(&b'0') {
                    folded.push(b'0');
                }
            }
            let line = String::from_utf8(line).unwrap();
            proptest::prop_assert_eq!(line_hash(&line, &mut Vec::new()), xxh3_64(&folded));
        }
    }

    #[test]
    fn a_record_never_loses_all_its_text() {
        let f = Featurizer::new(&Params::default());
        let mut scratch = Scratch::default();
        let text = "Share this story on Facebook\nRead more at the Gazette";
        let tokens = f.tokens(text, &mut scratch);
        let all = f.features(&tokens, &Boilerplate::none(), None, &mut scratch);
        let every_line = Boilerplate::from_hashes(tokens.lines.iter().map(|l| l.hash).collect());
        let kept = f.features(&tokens, &every_line, None, &mut scratch);
        assert_eq!(kept, all);
        assert_eq!(kept.boilerplate_words, 0);
    }

    #[test]
    fn an_outlets_furniture_leaves_its_records_and_only_its_records() {
        let f = Featurizer::new(&Params::default());
        let mut scratch = Scratch::default();
        let text = "The council met on Monday to vote on the budget for the next year.\n\
                    Spotted a mistake? Write to the readers editor of the Gazette today.";
        let tokens = f.tokens(text, &mut scratch);
        let all = f.features(&tokens, &Boilerplate::none(), Some(4), &mut scratch);
        let footer = f.features(
            &f.tokens(
                "Spotted a mistake? Write to the readers editor of the Gazette today.",
                &mut scratch,
            ),
            &Boilerplate::none(),
            None,
            &mut scratch,
        );
        let furniture = Furniture::from_keys(
            footer
                .shingles
                .iter()
                .map(|&s| 4 << 32 | s as u64)
                .collect(),
        );
        let wrapped = Boilerplate::none().with_furniture(furniture);
        let bare = f.features(&tokens, &wrapped, Some(4), &mut scratch);
        assert!(
            bare.shingles
                .iter()
                .all(|s| footer.shingles.binary_search(s).is_err())
        );
        assert_eq!(
            bare.shingles.len(),
            all.shingles.len() - footer.shingles.len()
        );
        assert_eq!(bare.signature, f.hasher.sign(&bare.shingles));
        if let Some(edges) = &bare.edges {
            assert_eq!(edges.encode().len(), 1 + bare.shingles.len());
        }
        // Another outlet's record, or one with none, keeps it.
        assert_eq!(f.features(&tokens, &wrapped, Some(5), &mut scratch), all);
        assert_eq!(
            f.features(&tokens, &wrapped, None, &mut scratch).shingles,
            all.shingles
        );
        // And a record that is all furniture keeps everything.
        let only = f.features(
            &f.tokens(
                "Spotted a mistake? Write to the readers editor of the Gazette today.",
                &mut scratch,
            ),
            &wrapped,
            Some(4),
            &mut scratch,
        );
        assert_eq!(only.shingles, footer.shingles);
    }
}
