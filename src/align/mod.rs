//! Passage alignment: which stretches of two records' original texts are the
//! same text, as character spans a researcher can highlight.
//!
//! Verification says *how much* two records share (shingle sets); this says
//! *where*. Both texts are cut into words exactly as detection sees them
//! (the same normalization and UAX #29 words, see [`crate::detect::normalize`] and
//! [`crate::detect::shingle`]), but each word keeps its byte span in the original
//! text. Then, in the manner of text-reuse aligners (passim, TextPAIR):
//!
//! 1. the word n-grams both records hold are paired up: each of the
//!    second record's n-grams is looked up among the first's (indexed once
//!    when it is aligned with many: [`Words::index`]); an n-gram the first
//!    holds more than [`MAX_REPEAT`] times is common text and seeds nothing
//!    (`grams.rs`);
//! 2. matching n-grams on one diagonal (same offset between the records)
//!    chain into maximal runs;
//! 3. runs are taken longest first, each trimmed to the words no longer run
//!    has claimed on either side, so every word is aligned at most once;
//! 4. runs in the same order on both sides with at most `max_gap` words
//!    between them are merged (a changed word, a dropped clause), and
//!    passages shorter than `min_words` are dropped as stock phrases
//!    (steps 2-4: `aligner.rs`).
//!
//! It runs only on pairs already found to be reprints (or related), in
//! time about linear in the two texts. The words come from `words.rs`;
//! `paragraphs.rs` turns passages into the paragraphs a reprint printed.

mod aligner;
mod grams;
mod paragraphs;
mod words;

pub use aligner::{Aligner, Alignment};
pub use paragraphs::{ParagraphCoverage, paragraph_words};
pub use words::Words;
