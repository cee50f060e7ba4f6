//! A record's words as detection sees them, each with its span in the
//! original text.
//!
//! Alignment must find passages among the words detection shingled, yet
//! report them in the text a researcher has. So the words come from the
//! normalized text, cut as [`crate::detect::shingle`] cuts it, and
//! [`normalize_with_offsets`] (the same rules as [`crate::detect::normalize`],
//! written once) says which original bytes each came from.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use super::grams::Grams;
use crate::detect::normalize::{Offsets, normalize_with_offsets};
use crate::detect::shingle::{ascii_words_with_offsets, fold};

/// The words of one original text: byte spans and hashes of the normalized
/// words, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// Byte range of each word in the original text.
    pub spans: Vec<Range<usize>>,
    /// The same in characters (Unicode scalar values), as `[start, end)`;
    /// empty when the text is ASCII, where the two agree.
    chars: Vec<[u32; 2]>,
    /// xxh3 of each normalized word, as [`crate::detect::shingle::Shingler::words_into`]
    /// hashes it.
    pub hashes: Vec<u32>,
    /// Its n-grams, for alignment (from [`super::Aligner::words`] and
    /// [`Words::index`]).
    pub(super) grams: Grams,
}

impl Words {
    /// Cut `text` into words, remembering where each came from.
    pub fn of(text: &str) -> Words {
        let mut norm = String::with_capacity(text.len());
        let mut offsets = Offsets::default();
        normalize_with_offsets(text, &mut norm, &mut offsets);
        let mut words = Words::default();
        for (at, w) in word_indices(&norm) {
            words.spans.push(offsets.original(at..at + w.len()));
            words.hashes.push(fold(xxh3_64(w.as_bytes())));
        }
        if !text.is_ascii() {
            words.chars = char_spans(text, &words.spans);
        }
        words
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// No words at all.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Byte range in the original text of words `words`.
    pub fn byte_range(&self, words: &Range<usize>) -> Range<usize> {
        if words.is_empty() {
            return 0..0;
        }
        self.spans[words.start].start..self.spans[words.end - 1].end
    }

    /// Character range (counting Unicode scalar values, as Python's `str`
    /// indexes) in the original text of words `words`.
    pub fn char_range(&self, words: &Range<usize>) -> Range<usize> {
        if words.is_empty() {
            return 0..0;
        }
        if self.chars.is_empty() {
            return self.byte_range(words);
        }
        self.chars[words.start][0] as usize..self.chars[words.end - 1][1] as usize
    }

    /// Sort the n-grams, for a record that will be the first side of
    /// several alignments (done once instead of once per alignment).
    pub fn index(&mut self) {
        self.grams.index();
    }
}

/// Byte spans of `text` as character spans. Spans are in text order by
/// start, but may overlap or repeat (one source unit, such as `½`, can give
/// two words), so every offset is looked up on its own, in sorted order.
fn char_spans(text: &str, spans: &[Range<usize>]) -> Vec<[u32; 2]> {
    let mut ends: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(k, r)| [(r.start, 2 * k), (r.end, 2 * k + 1)])
        .collect();
    ends.sort_unstable();
    let mut out = vec![[0u32; 2]; spans.len()];
    let (mut byte, mut chars) = (0, 0);
    for (at, slot) in ends {
        chars += text[byte..at].chars().count();
        byte = at;
        out[slot / 2][slot % 2] = chars as u32;
    }
    out
}

/// The words of normalized text as
/// [`UnicodeSegmentation::unicode_word_indices`] finds them. UAX #29
/// through its tables is the slowest part of [`Words::of`]; but no word
/// spans a space, and most space-separated pieces are ASCII, where the rules
/// fit in a few lines (checked against unicode-segmentation in the tests).
fn word_indices(norm: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(norm.len() / 5);
    let mut at = 0;
    for piece in norm.split(' ') {
        if piece.is_ascii() {
            out.extend(ascii_words_with_offsets(piece).map(|(i, w)| (at + i, w)));
        } else {
            out.extend(piece.unicode_word_indices().map(|(i, w)| (at + i, w)));
        }
        at += piece.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests;
