//! Score an `index query` run against the generator's truth.
//!
//! ```text
//! cargo run --release --example index_score -- TRUTH BATCH QUERY_OUTPUT
//! ```
//!
//! A query answers, for each new record, "which indexed records is this a
//! reprint of?". It brings only a few indexed matches per new record (the
//! most similar and the earliest), so pairwise recall over whole stories,
//! what `reprint eval` measures, does not apply. What is scored instead:
//! - a new record should be flagged (put in a group with an indexed record)
//!   when its truth story has a record outside the batch, that is, in the
//!   index; flag precision and recall;
//! - every (new, indexed) pair the output puts in one group should be of
//!   one story; pairs of two stories are counted as wrong.
//!
//! Indexed records are the truth's records that are not in `BATCH` (the
//! bench indexes the corpus's first records and queries the rest), so the
//! multi-gigabyte indexed input need not be read again.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

#[derive(Deserialize)]
struct Truth {
    id: String,
    story: String,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Group {
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct Member {
    id: String,
    indexed: bool,
}

/// Parse every line of `path` as a `T`.
fn lines<T: for<'a> Deserialize<'a>>(path: &str) -> Result<Vec<T>> {
    let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).with_context(|| format!("{path}:{}", n + 1))?);
    }
    Ok(out)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [truth, batch, query] = args.as_slice() else {
        bail!("usage: index_score TRUTH BATCH QUERY_OUTPUT (JSON Lines each)");
    };
    let truth: HashMap<String, String> = lines::<Truth>(truth)?
        .into_iter()
        .map(|t| (t.id, t.story))
        .collect();
    let batch: HashSet<String> = lines::<Id>(batch)?.into_iter().map(|r| r.id).collect();
    let story = |id: &str| -> Result<&str> {
        truth
            .get(id)
            .map(String::as_str)
            .with_context(|| format!("id '{id}' is not in the truth file"))
    };
    let mut indexed_stories: HashSet<&str> = HashSet::new();
    for (id, s) in &truth {
        if !batch.contains(id) {
            indexed_stories.insert(s);
        }
    }
    let mut expected: HashSet<&str> = HashSet::new();
    for id in &batch {
        if indexed_stories.contains(story(id)?) {
            expected.insert(id);
        }
    }

    let groups = lines::<Group>(query)?;
    let mut flagged: HashSet<String> = HashSet::new();
    let (mut right, mut wrong) = (0usize, 0usize);
    for group in &groups {
        let (indexed, new): (Vec<&Member>, Vec<&Member>) =
            group.members.iter().partition(|m| m.indexed);
        for n in &new {
            if !batch.contains(&n.id) {
                bail!("'{}' is marked new but is not in the batch", n.id);
            }
            if !indexed.is_empty() {
                flagged.insert(n.id.clone());
            }
            for i in &indexed {
                if story(&i.id)? == story(&n.id)? {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
        }
    }
    let hits = flagged
        .iter()
        .filter(|id| expected.contains(id.as_str()))
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "batch {}: {} reprint an indexed story, {} flagged, {} rightly: \
         flag recall {:.4}, flag precision {:.4}; (new, indexed) pairs in one group: {} of one story, {} of two",
        batch.len(),
        expected.len(),
        flagged.len(),
        hits,
        ratio(hits, expected.len()),
        ratio(hits, flagged.len()),
        right,
        wrong
    );
    Ok(())
}
