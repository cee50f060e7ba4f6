//! What stories on one event share: names and a quoted sentence.
//!
//! Independent stories of one event must look related (the same people and
//! companies, one quote in common) without being copies: that is the
//! false-merge case the truth's `event` field scores.

use std::collections::HashMap;

use crate::rng::Rng;
use crate::templates::NOT_ENTITIES;
use crate::text::word_count;

/// Proper names of a story: capitalised words not at a sentence start.
pub fn entities(paras: &[String]) -> Vec<String> {
    let mut count: HashMap<String, (usize, usize)> = HashMap::new();
    let mut pos = 0;
    for p in paras {
        let words: Vec<&str> = p.split_whitespace().collect();
        let mut i = 1;
        while i < words.len() {
            let prev = words[i - 1];
            let sentence_start = prev.ends_with(['.', '!', '?', ':', '"', '“', '”']);
            let is_cap = |w: &str| {
                let b = w.trim_matches(|c: char| !c.is_alphanumeric());
                b.len() >= 3
                    && b.chars().next().is_some_and(|c| c.is_uppercase())
                    && b.chars().skip(1).any(|c| c.is_lowercase())
                    && b.chars().all(|c| c.is_alphabetic())
                    && !NOT_ENTITIES.contains(&b)
            };
            if sentence_start || !is_cap(words[i]) {
                i += 1;
                continue;
            }
            let mut name = vec![words[i].trim_matches(|c: char| !c.is_alphanumeric())];
            let mut j = i + 1;
            while j < words.len()
                && name.len() < 3
                && is_cap(words[j])
                && !words[j - 1].ends_with([',', '.'])
            {
                name.push(words[j].trim_matches(|c: char| !c.is_alphanumeric()));
                j += 1;
            }
            let e = count.entry(name.join(" ")).or_insert((0, pos));
            e.0 += 1;
            pos += 1;
            i = j;
        }
    }
    let mut v: Vec<(String, (usize, usize))> = count.into_iter().collect();
    // Names of two or three words first (people, companies), then by count.
    let multi = |k: &str| k.contains(' ') as usize;
    v.sort_by(|a, b| {
        (multi(&b.0), b.1.0)
            .cmp(&(multi(&a.0), a.1.0))
            .then(a.1.1.cmp(&b.1.1))
    });
    v.into_iter().take(4).map(|(k, _)| k).collect()
}

/// A sentence of 15-30 words from a text: (paragraph, sentence).
pub fn pick_sentence(paras: &[String], rng: &mut Rng) -> Option<(usize, String)> {
    let mut found = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let mut start = 0;
        let bytes = p.as_bytes();
        for (i, _) in p.match_indices(". ") {
            let next_upper = bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase());
            if next_upper {
                found.push((pi, p[start..=i].to_string()));
                start = i + 2;
            }
        }
        found.push((pi, p[start..].to_string()));
    }
    found.retain(|(_, s)| (15..=30).contains(&word_count(s)) && !s.contains(['"', '“', '”']));
    if found.is_empty() {
        // Fall back to a verbatim run of a long paragraph.
        let (pi, p) = paras
            .iter()
            .enumerate()
            .max_by_key(|(_, p)| word_count(p))?;
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.len() < 15 {
            return None;
        }
        let len = rng.range(15, 30).min(words.len());
        return Some((pi, words[..len].join(" ")));
    }
    Some(rng.pick(&found).clone())
}
