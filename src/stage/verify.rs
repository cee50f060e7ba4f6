//! `stage verify`: candidate pairs, each with both records' shingle sets,
//! outlets and timestamps (the engine joined them on), through
//! [`verify::verify`]: the same blocking, similarity and thresholds as one
//! process.
//!
//! In: `a\tb\toutlet_a\ttimestamp_a\toutlet_b\ttimestamp_b\tshingles_a\tshingles_b\tcore_a\tcore_b`
//! (`-` for no outlet or timestamp; shingles space-separated, as the
//! `int32` the features shard stores; a core, the shingles between the
//! record's edges, likewise, empty for none). Out:
//! `a\tb\tshared\tlen_a\tlen_b\tin_a\tcore_a\tin_b\tcore_b\tkind` (the
//! [`Similarity`](crate::detect::verify::Similarity) fields), `kind` being
//! `reprint` or `near` (kept for related edges).

use std::io::{BufRead, Write};

use anyhow::{Result, anyhow};

use crate::detect::blocking::Blocking;
use crate::detect::edges::Core;
use crate::detect::features::Features;
use crate::detect::lsh::Pair;
use crate::detect::params::Params;
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
                "{} fields, not the 10 of a\\tb\\toutlet_a\\ttimestamp_a\\toutlet_b\\ttimestamp_b\\tshingles_a\\tshingles_b\\tcore_a\\tcore_b",
                f.len()
            ));
        };
        for (seq, outlet, time, shingles, core) in [(a, oa, ta, sa, ca), (b, ob, tb, sb, cb)] {
            batch.seqs.push(number(seq, "a record")?);
            batch.outlets.push(optional(outlet, "an outlet")?);
            batch.timestamps.push(optional(time, "a timestamp")?);
            batch.features.push(record(shingles, core)?);
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
/// unsigned hashes they are, and its core.
fn record(field: &str, core: &str) -> Result<Features> {
    let shingles = set(field, "shingle set")?;
    let core = Core::from_subset(&shingles, &set(core, "core")?);
    Ok(Features {
        words: 0,
        boilerplate_words: 0,
        shingles,
        signature: Vec::new(),
        anchors: Vec::new(),
        core,
    })
}

/// Space-separated shingles, sorted as a features shard stores them.
fn set(field: &str, what: &str) -> Result<Vec<u32>> {
    let mut shingles = Vec::new();
    for s in field.split(' ').filter(|s| !s.is_empty()) {
        shingles.push(number::<i32>(s, "a shingle")? as u32);
    }
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
    let verified = verify::verify(&batch.features, &local, &blocking, params, &quiet);
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
            // 7's core: 40 of its shingles, 0 of them in 6.
            set(520..560),
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

    #[test]
    fn containment_is_measured_on_the_cores_given() {
        let set = |r: std::ops::Range<i32>| r.map(|x| x.to_string()).collect::<Vec<_>>().join(" ");
        // 1 (100 shingles) holds 2's core (40 of its 100) whole: with its
        // edges, 2 is half inside 1; its core, all of it.
        let input = format!(
            "1\t2\t-\t-\t-\t-\t{}\t{}\t\t{}\n",
            set(0..100),
            set(60..160),
            set(60..100),
        );
        let mut out = Vec::new();
        verify(&Params::default(), input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1\t2\t40\t100\t100\t40\t100\t40\t40\treprint\n"
        );
    }
}
