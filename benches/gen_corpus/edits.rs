//! What a copy desk does to a story: word edits, excerpts, cuts and moves.
//!
//! Each keeps a copy recognisably the same story (the truth stays
//! `reprint` or `partial`) while making it differ from the original the way
//! real reprints do.

use crate::rng::Rng;
use crate::templates::SYNONYMS;
use crate::text::word_count;

/// A few copy-desk edits: synonyms, replaced and deleted words.
pub fn copy_edit(paras: &mut [String], rng: &mut Rng) {
    if paras.is_empty() {
        return;
    }
    for _ in 0..rng.range(2, 6) {
        let pi = rng.below(paras.len());
        let mut words: Vec<String> = paras[pi].split_whitespace().map(String::from).collect();
        if words.len() < 6 {
            continue;
        }
        // Prefer a word with a known substitute.
        let mut i = rng.below(words.len());
        for _ in 0..words.len() {
            let bare = words[i]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if SYNONYMS.iter().any(|&(a, b)| a == bare || b == bare) {
                break;
            }
            i = (i + 1) % words.len();
        }
        let w = words[i].clone();
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        let syn = SYNONYMS.iter().find_map(|&(a, b)| {
            if a == lower {
                Some(b)
            } else if b == lower {
                Some(a)
            } else {
                None
            }
        });
        match (syn, rng.below(4)) {
            (Some(s), _) if !bare.is_empty() => words[i] = w.replacen(bare, s, 1),
            (_, 0) => {
                words.remove(i);
            }
            _ => {
                let j = rng.below(words.len());
                let other = words[j]
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if !other.is_empty() && !bare.is_empty() {
                    words[i] = w.replacen(bare, &other, 1);
                } else {
                    words.remove(i);
                }
            }
        }
        paras[pi] = words.join(" ");
    }
}

/// A contiguous run of paragraphs from the middle: 20-50% of the words,
/// at least 80 words, neither the first nor the last paragraph.
pub fn middle_run(paras: &[String], rng: &mut Rng) -> Option<(usize, usize)> {
    let n = paras.len();
    if n < 3 {
        return None;
    }
    let w: Vec<usize> = paras.iter().map(|p| word_count(p)).collect();
    let total: usize = w.iter().sum();
    let want = ((0.2 + 0.3 * rng.unit()) * total as f64).max(80.0);
    let most = 0.5 * total as f64;
    if want > most {
        return None;
    }
    let mut starts: Vec<usize> = (1..n - 1).collect();
    rng.shuffle(&mut starts);
    for s in starts {
        let mut acc = 0;
        let mut e = s;
        while e < n - 1 && (acc as f64) < want {
            acc += w[e];
            e += 1;
        }
        if acc as f64 >= want.min(most) && acc as f64 <= most && acc >= 80 {
            return Some((s, e));
        }
    }
    None
}

/// First `k` paragraphs, 20-80% of the words.
pub fn truncation(paras: &[String], rng: &mut Rng) -> Option<usize> {
    let n = paras.len();
    if n < 2 {
        return None;
    }
    let total: usize = paras.iter().map(|p| word_count(p)).sum();
    let frac = 0.2 + 0.6 * rng.unit();
    let mut acc = 0;
    for (k, p) in paras.iter().enumerate() {
        acc += word_count(p);
        if acc as f64 >= frac * total as f64 {
            return (k + 1 < n && acc >= 40).then_some(k + 1);
        }
    }
    None
}

/// Drop one or two paragraphs (at most 20% of the words) or move some.
pub fn drop_or_reorder(paras: &mut Vec<String>, rng: &mut Rng) -> bool {
    let n = paras.len();
    if n < 4 {
        return false;
    }
    if rng.chance(0.5) {
        let total: usize = paras.iter().map(|p| word_count(p)).sum();
        let mut dropped = 0;
        for _ in 0..rng.range(1, 2) {
            let i = rng.range(1, paras.len() - 1);
            let w = word_count(&paras[i]);
            if (dropped + w) as f64 <= 0.2 * total as f64 {
                dropped += w;
                paras.remove(i);
            }
        }
        dropped > 0
    } else {
        for _ in 0..rng.range(1, 2) {
            let i = rng.range(1, n - 2);
            paras.swap(i, i + 1);
        }
        if rng.chance(0.3) {
            let p = paras.remove(rng.range(1, n - 1));
            let at = rng.range(1, paras.len());
            paras.insert(at, p);
        }
        true
    }
}
