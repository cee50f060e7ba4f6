//! `stage verify`: candidate pairs, each with both records' shingle sets,
//! outlets and timestamps (the engine joined them on), through
//! [`verify::verify`]: the same blocking, similarity and thresholds as one
//! process.
//!
//! In: `a\tb\toutlet_a\ttimestamp_a\toutlet_b\ttimestamp_b\tshingles_a\tshingles_b\tedges_a\tedges_b`
//! (`-` for no outlet or timestamp; shingles space-separated, as the
//! `int32` the features shard stores; a record's edges, its `edges` list,
//! likewise, empty for none). Out:
//! `a\tb\tshared\tlen_a\tlen_b\tin_a\tcore_a\tin_b\tcore_b\tkind` (the
//! [`Similarity`](crate::detect::verify::Similarity) fields), `kind` being
//! `reprint` or `near` (kept for related edges).

use std::io::{BufRead, Write};

use anyhow::{Result, anyhow};

use crate::detect::blocking::Blocking;
use crate::detect::edges::Edges;
use crate::detect::features::Features;
use crate::detect::lsh::Pair;
use crate::detect::params::Params;
use crate::detect::spill::Sets;
use crate::detect::verify::{self, VerifiedPair};
use crate::messages::Messages;

use super::pairs::{lines, number};

/// Pairs verified a batch at a time (on all cores).
const BATCH: usize = 4096;

/// A batch of pairs: both records of each, numbered locally.
#[derive(Default)]
struct Batch {
    /// The records' places in the corpus, two a pair.
    seqs: Vec<u32>,
    features: Vec<Features>,
    outlets: Vec<Option<u32>>,
    timestamps: Vec<Option<i64>>,
}

/// Verify the pairs of `input`, writing those kept to `out`.
pub fn verify(params: &Params, input: impl BufRead, mut out: impl Write) -> Result<()> {
    let mut batch = Batch::default();
    lines(input, |_, line| {
        let f: Vec<&str> = line.split('\t').collect();
        let [a, b, oa, ta, ob, tb, sa, sb, ca, cb] = f[..] else {
            return Err(anyhow!(
                "{} fields, not the 10 of a\\tb\\toutlet_a\\ttimestamp_a\\toutlet_b\\ttimestamp_b\\tshingles_a\\tshingles_b\\tedges_a\\tedges_b",
                f.len()
            ));
        };
        for (seq, outlet, time, shingles, edges) in [(a, oa, ta, sa, ca), (b, ob, tb, sb, cb)] {
            batch.seqs.push(number(seq, "a record")?);
            batch.outlets.push(optional(outlet, "an outlet")?);
            batch.timestamps.push(optional(time, "a timestamp")?);
            batch.features.push(record(shingles, edges)?);
        }
        if batch.seqs.len() == 2 * BATCH {
            flush(params, &mut batch, &mut out)?;
        }
        Ok(())
    })?;
    flush(params, &mut batch, &mut out)?;
    out.flush()?;
    Ok(())
}

fn optional<T: std::str::FromStr>(field: &str, what: &str) -> Result<Option<T>> {
    (field != "-").then(|| number(field, what)).transpose()
}

/// A record as verification sees it: its shingle set, sorted as the
/// unsigned hashes they are, and its edges.
fn record(field: &str, edges: &str) -> Result<Features> {
    let shingles = set(field, "shingle set")?;
    let edges = Edges::decode(&list(edges, "an edge span")?, shingles.len())
        .map_err(|why| anyhow!("edges: {why}"))?;
    Ok(Features {
        words: 0,
        boilerplate_words: 0,
        shingles,
        signature: Vec::new(),
        anchors: Vec::new(),
        edges,
        parked: None,
    })
}

/// Space-separated `int32`s, read as the unsigned numbers a features
/// shard stores.
fn list(field: &str, what: &str) -> Result<Vec<u32>> {
    field
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| Ok(number::<i32>(s, what)? as u32))
        .collect()
}

/// Space-separated shingles, sorted as a features shard stores them.
fn set(field: &str, what: &str) -> Result<Vec<u32>> {
    let shingles = list(field, "a shingle")?;
    if !shingles.is_sorted() {
        return Err(anyhow!(
            "a {what} is not sorted (not from a features shard)"
        ));
    }
    Ok(shingles)
}

fn flush(params: &Params, batch: &mut Batch, out: &mut impl Write) -> Result<()> {
    let n = batch.seqs.len() / 2;
    if n == 0 {
        return Ok(());
    }
    let local: Vec<Pair> = (0..n as u32).map(|i| (2 * i, 2 * i + 1)).collect();
    let blocking = Blocking::over(&batch.outlets, || batch.timestamps.clone(), params);
    let quiet = Messages {
        quiet: true,
        ..Messages::default()
    };
    let verified = verify::verify(
        Sets::held(&batch.features),
        &local,
        &blocking,
        params,
        &quiet,
    );
    let seq = |i: u32| batch.seqs[i as usize];
    let mut put = |p: &VerifiedPair, kind: &str| {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{kind}",
            seq(p.a),
            seq(p.b),
            p.sim.shared,
            p.sim.len_a,
            p.sim.len_b,
            p.sim.in_a,
            p.sim.core_a,
            p.sim.in_b,
            p.sim.core_b
        )
    };
    for p in &verified.reprints {
        put(p, "reprint")?;
    }
    for p in &verified.near {
        put(p, "near")?;
    }
    *batch = Batch::default();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_verified_with_blocking() {
        let set = |r: std::ops::Range<i32>| r.map(|x| x.to_string()).collect::<Vec<_>>().join(" ");
        let input = format!(
            "3\t9\t-\t-\t-\t-\t{}\t{}\t\t\n4\t5\t1\t-\t1\t-\t{}\t{}\t\t\n6\t7\t-\t-\t-\t-\t{}\t{}\t\t{}\n",
            set(0..100),
            set(0..90),
            set(0..100),
            set(0..100),
            set(0..100),
            set(500..600),
            // 7's edges: a 20-shingle header, 40 of prose, a footer; none
            // of them in 6.
            edges(1, &[(20, 0), (40, 1), (40, 2)]),
        );
        let mut out = Vec::new();
        let params = Params::default();
        verify(&params, input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "3\t9\t90\t100\t90\t90\t100\t90\t90\treprint\n4\t5\t100\t100\t100\t100\t100\t100\t100\treprint\n"
        );
        let blocked = Params {
            cross_outlet_only: true,
            ..params
        };
        let mut out = Vec::new();
        verify(&blocked, input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "3\t9\t90\t100\t90\t90\t100\t90\t90\treprint\n"
        );
    }

    /// An `edges` field: the prose line's number, then `count` shingles
    /// on each line given, in set order.
    fn edges(prose: i32, lines: &[(usize, u32)]) -> String {
        let spans = lines
            .iter()
            .flat_map(|&(count, line)| std::iter::repeat_n((line << 8 | line).to_string(), count));
        std::iter::once(prose.to_string())
            .chain(spans)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn containment_is_measured_on_the_edges_given() {
        let set = |r: std::ops::Range<i32>| r.map(|x| x.to_string()).collect::<Vec<_>>().join(" ");
        // 1 (100 shingles) holds 2's prose (40 of its 100) whole, and none
        // of its footer: with its edges, 2 is half inside 1; on its span,
        // all of it.
        let input = format!(
            "1\t2\t-\t-\t-\t-\t{}\t{}\t\t{}\n",
            set(0..100),
            set(60..160),
            edges(0, &[(40, 0), (60, 1)]),
        );
        let mut out = Vec::new();
        verify(&Params::default(), input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1\t2\t40\t100\t100\t40\t100\t40\t40\treprint\n"
        );
        // Edges that do not fit the set are named.
        let bad = format!("1\t2\t-\t-\t-\t-\t{}\t{}\t\t0 0\n", set(0..3), set(0..3));
        let err = verify(&Params::default(), bad.as_bytes(), &mut Vec::new()).unwrap_err();
        assert!(
            format!("{err:#}").contains("1 edge spans for 3 shingles"),
            "{err:#}"
        );
    }
}
