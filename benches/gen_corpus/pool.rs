//! Original text from the Reuters-21578 file, and the fallback training text.
//!
//! The Reuters collection holds many repeats (corrections, the same item
//! filed twice); were they kept, two "different" stories of the corpus would
//! be copies of each other and the truth would be wrong. So bodies that are
//! identical after whitespace folding, or that share more than
//! `NEAR_DUP_SHARE` of their word 5-gram shingles with a kept one, are
//! dropped before any story is made.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::options::NEAR_DUP_SHARE;
use crate::rng::FastMap;
use crate::text::{shingle_set, title_case, word_count, word_hashes};

/// One kept Reuters body: its title-cased title and paragraphs.
pub struct Body {
    pub title: String,
    pub paras: Vec<String>,
    pub words: usize,
}

#[derive(Default)]
/// What loading the pool kept and dropped, for the summary.
pub struct PoolStats {
    pub lines: usize,
    pub with_text: usize,
    pub identical: usize,
    pub near_duplicate: usize,
    pub too_short: usize,
    pub kept: usize,
    pub words: usize,
}

/// The fields read from a line of the Reuters (or fixture) file.
#[derive(Deserialize)]
struct ReutersLine {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Paragraphs of a wire body: a blank line or an indented line starts one;
/// hard line breaks inside a paragraph are folded; the trailing "Reuter"
/// signature is dropped.
pub fn wire_paragraphs(text: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let indented = line.starts_with([' ', '\t']);
        let t = line.trim();
        if (t.is_empty() || indented) && !cur.is_empty() {
            paras.push(std::mem::take(&mut cur));
        }
        for w in t.split_whitespace() {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    // Signature at the very end: "Reuter", "REUTER", "REUTER...", "&#3;".
    while let Some(last) = paras.last_mut() {
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
        let word_start = last.rfind(' ').map_or(0, |i| i + 1);
        let word = &last[word_start..];
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.eq_ignore_ascii_case("reuter") || word == "&#3;" {
            last.truncate(word_start);
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
            if last.is_empty() {
                paras.pop();
            }
        } else {
            break;
        }
    }
    paras
}

/// The kept bodies of the Reuters file, in file order, and what was dropped.
pub fn load_reuters(path: &Path) -> Result<(Vec<Body>, PoolStats)> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut stats = PoolStats::default();
    let mut seen_bodies: FastMap<u64, ()> = FastMap::default();
    let mut first_doc: FastMap<u64, u32> = FastMap::default();
    let mut bodies = Vec::new();
    let mut words = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        stats.lines += 1;
        let rec: ReutersLine = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: bad JSON", path.display(), n + 1))?;
        let Some(text) = rec.text.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        stats.with_text += 1;
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if seen_bodies.insert(xxh3_64(folded.as_bytes()), ()).is_some() {
            stats.identical += 1;
            continue;
        }
        let paras = wire_paragraphs(&text);
        let nwords: usize = paras.iter().map(|p| word_count(p)).sum();
        if nwords < 20 {
            stats.too_short += 1;
            continue;
        }
        words.clear();
        for p in &paras {
            word_hashes(p, &mut words);
        }
        let shingles = shingle_set(&words);
        let hits = shingles
            .iter()
            .filter(|s| first_doc.contains_key(s))
            .count();
        if hits as f64 > NEAR_DUP_SHARE * shingles.len() as f64 {
            stats.near_duplicate += 1;
            continue;
        }
        let id = bodies.len() as u32;
        for s in shingles {
            first_doc.entry(s).or_insert(id);
        }
        stats.words += nwords;
        bodies.push(Body {
            title: title_case(rec.title.as_deref().unwrap_or("").trim()),
            paras,
            words: nwords,
        });
    }
    stats.kept = bodies.len();
    Ok((bodies, stats))
}

/// Paragraphs of our own fixture records (the fallback training text).
pub fn load_fixture_paragraphs(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut paras = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: ReutersLine = serde_json::from_str(line)?;
        for p in rec.text.unwrap_or_default().split("\n\n") {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if !p.is_empty() {
                paras.push(p);
            }
        }
    }
    Ok(paras)
}
