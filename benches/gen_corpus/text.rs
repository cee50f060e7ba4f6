//! Small text helpers: templates, case, slugs, names, shingles and dates.
//!
//! `word_hashes` and `shingle_set` are the generator's own idea of word
//! 5-grams (lower-cased `\w+` words), used only to drop near-duplicate
//! Reuters bodies; they are not reprint's shingles and need not match them.

use xxhash_rust::xxh3::xxh3_64;

use crate::rng::{Rng, mix64};
use crate::templates::{FIRST_NAMES, SURNAMES};

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        let key = format!("{{{k}}}");
        if out.contains(&key) {
            out = out.replace(&key, v);
        }
    }
    out
}

pub fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to",
    ];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else if w.len() <= 3 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
                w.to_string() // U.S., EC, UK
            } else {
                capitalize(&lower)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for w in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
    }
    if out.is_empty() {
        out.push_str("story");
    }
    out
}

pub fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick_s(FIRST_NAMES), rng.pick_s(SURNAMES))
}

/// Lower-case `\w+` word hashes.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    for t in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if !t.is_empty() {
            out.push(xxh3_64(t.to_lowercase().as_bytes()));
        }
    }
}

/// Sorted, deduplicated hashed word 5-gram shingles.
pub fn shingle_set(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < 5 {
        vec![words.iter().fold(7u64, |h, &w| mix64(h ^ w))]
    } else {
        words
            .windows(5)
            .map(|w| w.iter().fold(7u64, |h, &x| mix64(h ^ x)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Days since 1970-01-01 to (year, month, day).
pub fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn iso_day(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}
