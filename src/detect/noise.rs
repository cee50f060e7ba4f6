//! Scanned text: does a corpus read like OCR output?
//!
//! Word shingles fail on scanned pages: a scanner misreads about one
//! character in fifty ("globa1", "tbe", "iemiconductor"), so most word
//! 5-grams of a scanned copy differ from the clean original's, while
//! character shingles lose only the few around each misread letter. But
//! character shingles cost twice the time and memory of words, so they are
//! used only where the text needs them.
//!
//! A corpus is shingled by characters when its median record looks
//! scanned, or the median record of any one outlet does: a feed that mixes
//! a few scanned newspapers into digital ones (their archives, say) needs
//! characters as much as an all-OCR corpus, since their copies must match
//! the digital originals.
//!
//! The sign of a scanner is a word that is not a word: rare in the corpus,
//! yet one letter away from a frequent word (a misread letter keeps the
//! length). Clean news has such words too (names, the odd typo), but far
//! fewer: see [`SCANNED_MEDIAN`]. The judgement is made on the corpus's own vocabulary, so it
//! needs no word list and holds in any language that has words.

use std::collections::{HashMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use super::normalize::normalize;

/// Records looked at: the first this many of the input.
pub const SAMPLE: usize = 2048;

/// A word is frequent at this many occurrences in the sample...
const FREQUENT: usize = 5;
/// ...and rare below this many.
const RARE: usize = 3;
/// Shortest word considered: shorter ones are too often a letter apart
/// ("hull" and "hall", "ann" and "and").
const MIN_LEN: usize = 5;
/// Records with fewer counted words say too little about themselves.
const MIN_WORDS: usize = 30;
/// Fewer measured records than this: keep words (too little to judge).
const MIN_RECORDS: usize = 5;
/// Median share of a record's words that look misread, at or above which
/// the corpus (or an outlet) is scanned. On generated corpora the median
/// record of clean text measures 0 (0.4% on the first 40 records, whose
/// vocabulary is small), of OCR text at one misread character in seventy
/// 3.8% (2.9% on 40); digital outlets at most 0.5%, scanned ones 4.1% or
/// more.
pub const SCANNED_MEDIAN: f64 = 0.02;

/// What the sample showed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Noise {
    /// Records measured (those with enough words).
    pub records: usize,
    /// Median over them of the share of words that look misread.
    pub median: f64,
    /// Outlets with at least [`MIN_RECORDS`] records measured.
    pub outlets: usize,
    /// Of those, outlets whose median record looks scanned.
    pub scanned_outlets: usize,
}

impl Noise {
    /// Does the sample read like scanned text, or hold a scanned outlet?
    pub fn scanned(&self) -> bool {
        (self.records >= MIN_RECORDS && self.median >= SCANNED_MEDIAN) || self.scanned_outlets > 0
    }
}

/// Measure a sample (the first [`SAMPLE`] records): each record's text and
/// outlet, if known.
pub fn measure<'a>(records: impl IntoIterator<Item = (&'a str, Option<String>)>) -> Noise {
    let (records, outlets): (Vec<Vec<String>>, Vec<Option<String>>) = records
        .into_iter()
        .map(|(text, outlet)| (words(text), outlet))
        .unzip();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in records.iter().flatten() {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    // One key per frequent word and letter position: the word with that
    // letter blanked. A word one letter away from it shares the key.
    let mut near: HashSet<u64> = HashSet::new();
    for (w, &n) in &counts {
        if n >= FREQUENT && w.chars().all(char::is_alphabetic) {
            for i in 0..w.chars().count() {
                near.insert(blanked(w, i));
            }
        }
    }
    let mut shares = Vec::new();
    let mut by_outlet: HashMap<&str, Vec<f64>> = HashMap::new();
    for (r, outlet) in records.iter().zip(&outlets) {
        if r.len() < MIN_WORDS {
            continue;
        }
        let misread = r
            .iter()
            .filter(|w| counts[w.as_str()] < RARE)
            .filter(|w| (0..w.chars().count()).any(|i| near.contains(&blanked(w, i))))
            .count();
        let share = misread as f64 / r.len() as f64;
        shares.push(share);
        if let Some(o) = outlet {
            by_outlet.entry(o.as_str()).or_default().push(share);
        }
    }
    let mut noise = Noise {
        records: shares.len(),
        median: median(&mut shares).unwrap_or(0.0),
        ..Noise::default()
    };
    for shares in by_outlet.values_mut() {
        if shares.len() >= MIN_RECORDS {
            noise.outlets += 1;
            if median(shares).is_some_and(|m| m >= SCANNED_MEDIAN) {
                noise.scanned_outlets += 1;
            }
        }
    }
    noise
}

fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The words of `text` worth judging: normalized, holding a letter, at
/// least [`MIN_LEN`] characters.
fn words(text: &str) -> Vec<String> {
    normalize(text)
        .unicode_words()
        .filter(|w| w.chars().count() >= MIN_LEN && w.chars().any(char::is_alphabetic))
        .map(str::to_owned)
        .collect()
}

/// Hash of `w` with its `i`th character blanked.
fn blanked(w: &str, i: usize) -> u64 {
    let mut bytes = Vec::with_capacity(w.len() + 1);
    for (j, c) in w.chars().enumerate() {
        if j == i {
            bytes.push(0);
        } else {
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    xxh3_64(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences of plain English news, cycled to make records.
    const CLEAN: &[&str] = &[
        "The council voted on Monday to approve the budget for the coming year.",
        "Officials said the new plan would reduce spending on roads and schools.",
        "The mayor told reporters that the decision followed months of debate.",
        "Residents who attended the meeting raised concerns about rising taxes.",
        "A spokesman for the treasury said the figures would be published later.",
        "Analysts expect the central bank to hold interest rates steady this month.",
        "The company reported higher profits and said demand remained strong.",
        "Shares rose in early trading after the results were announced on Tuesday.",
    ];

    fn record(i: usize, misread: impl Fn(&str, usize) -> String) -> String {
        (0..12)
            .map(|k| misread(CLEAN[(i + k) % CLEAN.len()], i * 31 + k))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A scanner's misreadings: one letter in about twenty-five replaced
    /// by a look-alike.
    fn scan(s: &str, seed: usize) -> String {
        s.chars()
            .enumerate()
            .map(|(j, c)| {
                if (j * 7 + seed * 13).is_multiple_of(25) && c.is_ascii_lowercase() {
                    match c {
                        'l' => '1',
                        'o' => '0',
                        'e' => 'c',
                        'h' => 'b',
                        'n' => 'r',
                        _ => 'i',
                    }
                } else {
                    c
                }
            })
            .collect()
    }

    /// Records `texts`, outlet `i % outlets`.
    fn sample(texts: &[String], outlets: usize) -> Noise {
        measure(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str(), Some(format!("outlet {}", i % outlets)))),
        )
    }

    #[test]
    fn clean_news_is_not_scanned() {
        let texts: Vec<String> = (0..40).map(|i| record(i, |s, _| s.to_string())).collect();
        let noise = sample(&texts, 4);
        assert_eq!((noise.records, noise.outlets), (40, 4));
        assert!(!noise.scanned(), "{noise:?}");
    }

    #[test]
    fn misread_letters_are_scanned() {
        let texts: Vec<String> = (0..40).map(|i| record(i, scan)).collect();
        let noise = sample(&texts, 1);
        assert!(noise.scanned(), "{noise:?}");
    }

    #[test]
    fn one_scanned_outlet_among_digital_ones_is_scanned() {
        // Outlet 0 of eight is a scanned newspaper: the median record is
        // clean, that outlet's is not.
        let texts: Vec<String> = (0..80)
            .map(|i| {
                if i % 8 == 0 {
                    record(i, scan)
                } else {
                    record(i, |s, _| s.to_string())
                }
            })
            .collect();
        let noise = sample(&texts, 8);
        assert!(noise.median < SCANNED_MEDIAN, "{noise:?}");
        assert_eq!((noise.outlets, noise.scanned_outlets), (8, 1));
        assert!(noise.scanned());
    }

    #[test]
    fn too_little_text_keeps_words() {
        let texts: Vec<String> = (0..40).map(|i| scan(CLEAN[i % 8], i)).collect();
        let noise = sample(&texts, 1);
        assert_eq!(noise.records, 0);
        assert!(!noise.scanned());
    }
}
