//! `stage pairs`: candidate pairs from buckets the engine shuffled
//! together, one bucket a line, with the single-process rules.
//!
//! - [`lsh`]: one `(band, key)` bucket's records → every pair, or a star
//!   around the first for a bucket past `--max-bucket`
//!   ([`lsh::emit_bucket`], as [`lsh::candidates`] does per band).
//! - [`anchor_meetings`]: one anchor's holders, each with its number of
//!   anchors → the meetings through that anchor
//!   ([`anchor::bucket_meetings`]: the star rule past [`anchor::STAR`],
//!   nothing past `--max-postings`).
//! - [`anchor_hits`]: one pair's count of meetings → the pair, when
//!   [`anchor::keeps`] takes it (the two-anchor rule).
//!
//! Lines are tab-separated decimal numbers (record places); a bucket's
//! records are separated by spaces, a holder is `seq:anchors`.

use std::io::{BufRead, Write};

use anyhow::{Context, Result, anyhow};

use crate::detect::anchor;
use crate::detect::lsh::{self, Pair};
use crate::detect::params::Params;

/// Read `input` line by line, giving `each` the line's number and text.
pub(crate) fn lines(
    input: impl BufRead,
    mut each: impl FnMut(usize, &str) -> Result<()>,
) -> Result<()> {
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("reading line {}", i + 1))?;
        if line.is_empty() {
            continue;
        }
        each(i + 1, &line).with_context(|| format!("line {}", i + 1))?;
    }
    Ok(())
}

/// A decimal field of a line.
pub(crate) fn number<T: std::str::FromStr>(field: &str, what: &str) -> Result<T> {
    field
        .parse()
        .map_err(|_| anyhow!("{what} is '{field}', not a number"))
}

fn put_pairs(out: &mut impl Write, pairs: &[Pair]) -> Result<()> {
    for (a, b) in pairs {
        writeln!(out, "{a}\t{b}")?;
    }
    Ok(())
}

/// LSH buckets (`seq seq ...`) to pairs (`a\tb`).
pub fn lsh(params: &Params, input: impl BufRead, mut out: impl Write) -> Result<()> {
    let mut docs: Vec<u32> = Vec::new();
    let mut pairs: Vec<Pair> = Vec::new();
    lines(input, |_, line| {
        docs.clear();
        for f in line.split(' ') {
            docs.push(number(f, "a record")?);
        }
        // The star's hub is the bucket's first record in input order.
        docs.sort_unstable();
        docs.dedup();
        pairs.clear();
        lsh::emit_bucket(
            docs.iter().copied(),
            docs.len(),
            params.max_bucket,
            &mut pairs,
        );
        put_pairs(&mut out, &pairs)
    })?;
    out.flush()?;
    Ok(())
}

/// An anchor's holders (`seq:anchors seq:anchors ...`) to meetings
/// (`a\tb\tanchors_a\tanchors_b`).
pub fn anchor_meetings(params: &Params, input: impl BufRead, mut out: impl Write) -> Result<()> {
    let mut holders: Vec<(u32, u64)> = Vec::new();
    let mut held: Vec<u32> = Vec::new();
    let mut met: Vec<Pair> = Vec::new();
    lines(input, |_, line| {
        holders.clear();
        for f in line.split(' ') {
            let (seq, n) = f
                .split_once(':')
                .ok_or_else(|| anyhow!("holder '{f}' is not seq:anchors"))?;
            holders.push((number(seq, "a record")?, number(n, "an anchor count")?));
        }
        holders.sort_unstable();
        holders.dedup();
        if !anchor::followed(holders.len(), params.max_postings) {
            return Ok(());
        }
        held.clear();
        held.extend(holders.iter().map(|h| h.0));
        met.clear();
        anchor::bucket_meetings(&held, &mut met);
        let count = |d: u32| holders[held.partition_point(|&x| x < d)].1;
        for &(a, b) in &met {
            writeln!(out, "{a}\t{b}\t{}\t{}", count(a), count(b))?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

/// Pairs with their meetings counted (`a\tb\thits\tanchors_a\tanchors_b`)
/// to the candidates among them (`a\tb`).
pub fn anchor_hits(input: impl BufRead, mut out: impl Write) -> Result<()> {
    lines(input, |_, line| {
        let f: Vec<&str> = line.split('\t').collect();
        let [a, b, hits, na, nb] = f[..] else {
            return Err(anyhow!(
                "{} fields, not a\\tb\\thits\\tanchors_a\\tanchors_b",
                f.len()
            ));
        };
        let (a, b): (u32, u32) = (number(a, "a")?, number(b, "b")?);
        let short = |n: &str| -> Result<bool> {
            Ok(anchor::is_short(
                number(n, "an anchor count")?,
                anchor::MIN_HITS,
            ))
        };
        if anchor::keeps(
            number(hits, "hits")?,
            short(na)?,
            short(nb)?,
            anchor::MIN_HITS,
        ) {
            writeln!(out, "{a}\t{b}")?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: impl Fn(&[u8], &mut Vec<u8>) -> Result<()>, input: &str) -> String {
        let mut out = Vec::new();
        f(input.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn buckets_give_pairs_stars_and_meetings() {
        let params = Params {
            max_bucket: 3,
            ..Params::default()
        };
        let lsh = |i: &[u8], o: &mut Vec<u8>| lsh(&params, i, o);
        assert_eq!(run(lsh, "5 2 9\n"), "2\t5\n2\t9\n5\t9\n");
        assert_eq!(run(lsh, "4 3 2 1\n7\n"), "1\t2\n1\t3\n1\t4\n");
        let meet = |i: &[u8], o: &mut Vec<u8>| anchor_meetings(&params, i, o);
        assert_eq!(run(meet, "8:5 3:1\n4:2\n"), "3\t8\t1\t5\n");
        let hits = |i: &[u8], o: &mut Vec<u8>| anchor_hits(i, o);
        assert_eq!(
            run(hits, "1\t2\t2\t9\t9\n1\t3\t1\t9\t9\n1\t4\t1\t9\t1\n"),
            "1\t2\n1\t4\n"
        );
        let mut out = Vec::new();
        let err = super::lsh(&params, "1 x\n".as_bytes(), &mut out).unwrap_err();
        assert_eq!(format!("{err:#}"), "line 1: a record is 'x', not a number");
    }
}
