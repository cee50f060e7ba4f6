//! Locality-sensitive hashing: candidate pairs from shared signature bands.
//!
//! A signature of `bands × rows` slots is cut into `bands` bands; two records
//! become candidates when all `rows` slots of any one band agree, which
//! happens with probability `1 - (1 - J^rows)^bands` for Jaccard `J`. The
//! banding is chosen from the Jaccard threshold so that the false positive
//! and false negative areas under that S-curve are smallest, as datasketch
//! does. Buckets are formed by sorting `(band key, record)` pairs rather than
//! a map of vectors: one allocation, cache-friendly, deterministic.

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// How a signature is cut into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Banding {
    /// Number of bands.
    pub bands: usize,
    /// Slots per band.
    pub rows: usize,
}

impl Banding {
    /// The banding of at most `num_perm` slots that best separates pairs
    /// above `threshold` from those below (equal weight on false positives
    /// and false negatives).
    pub fn for_threshold(threshold: f64, num_perm: usize) -> Banding {
        let mut best = Banding { bands: 1, rows: 1 };
        let mut best_err = f64::INFINITY;
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let fp = integrate(|s| collision(s, bands, rows), 0.0, threshold);
                let fn_ = integrate(|s| 1.0 - collision(s, bands, rows), threshold, 1.0);
                let err = 0.5 * fp + 0.5 * fn_;
                if err < best_err {
                    best_err = err;
                    best = Banding { bands, rows };
                }
            }
        }
        best
    }

    /// Probability that a pair of Jaccard `s` shares at least one band.
    pub fn probability(&self, s: f64) -> f64 {
        collision(s, self.bands, self.rows)
    }
}

fn collision(s: f64, bands: usize, rows: usize) -> f64 {
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const STEPS: usize = 200;
    let h = (b - a) / STEPS as f64;
    (0..STEPS).map(|i| f(a + (i as f64 + 0.5) * h)).sum::<f64>() * h
}

/// A candidate pair of record indexes, smaller first.
pub type Pair = (u32, u32);

/// The key of band `band` of a signature: a 64-bit hash of its slots.
pub fn band_key(sig: &[u32], banding: Banding, band: usize) -> u64 {
    let slots = &sig[band * banding.rows..(band + 1) * banding.rows];
    // Bands are short: hash them from the stack (one call per band and
    // record, so no allocation here).
    let mut buf = [0u8; 4 * 64];
    let key = |bytes: &[u8]| xxh3_64_with_seed(bytes, band as u64);
    if slots.len() <= 64 {
        for (i, v) in slots.iter().enumerate() {
            buf[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
        }
        // Seeding by band keeps equal slot values in different bands apart.
        key(&buf[..slots.len() * 4])
    } else {
        let bytes: Vec<u8> = slots.iter().flat_map(|v| v.to_le_bytes()).collect();
        key(&bytes)
    }
}

/// Candidate pairs: records sharing a band key.
///
/// `skip[i]` marks records that take no part (no shingles). A bucket larger
/// than `max_bucket` is linked as a star around its first record instead of
/// all its pairs, so 10,000 copies of one story cost 10,000 pairs, not 50
/// million; the copies still end up connected.
pub fn candidates<S: AsRef<[u32]> + Sync>(
    sigs: &[S],
    skip: &[bool],
    banding: Banding,
    max_bucket: usize,
) -> Vec<Pair> {
    candidates_by_key(
        |i, band| band_key(sigs[i].as_ref(), banding, band),
        skip,
        banding,
        max_bucket,
    )
}

/// [`candidates`] of records whose band keys `key(record, band)` gives
/// (kept from signatures no longer held), for the records `skip` lists.
pub fn candidates_by_key(
    key: impl Fn(usize, usize) -> u64 + Sync,
    skip: &[bool],
    banding: Banding,
    max_bucket: usize,
) -> Vec<Pair> {
    // Bands are independent: one at a time per core. A reprint pair
    // shares most bands, so each band's pairs are merged into what the
    // bands before found as they come: collected whole and sorted once,
    // they were most of the run's peak memory at a million records.
    (0..banding.bands)
        .into_par_iter()
        .map(|band| {
            let mut keys: Vec<(u64, u32)> = (0..skip.len())
                .filter(|&i| !skip[i])
                .map(|i| (key(i, band), i as u32))
                .collect();
            keys.sort_unstable();
            let mut pairs = Vec::new();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
                emit_bucket(
                    bucket.iter().map(|&(_, doc)| doc),
                    bucket.len(),
                    max_bucket,
                    &mut pairs,
                );
            }
            pairs.sort_unstable();
            pairs.dedup();
            pairs
        })
        .reduce(Vec::new, merge_sorted)
}

/// The union of two sorted, distinct lists of pairs, sorted and distinct.
fn merge_sorted(a: Vec<Pair>, b: Vec<Pair>) -> Vec<Pair> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// All pairs of a bucket of sorted record indexes, or a star for a big one.
pub fn emit_bucket(
    docs: impl Iterator<Item = u32> + Clone,
    len: usize,
    max_bucket: usize,
    pairs: &mut Vec<Pair>,
) {
    if len < 2 {
        return;
    }
    if len > max_bucket {
        let mut it = docs;
        let hub = it.next().expect("non-empty bucket");
        pairs.extend(it.map(|d| (hub, d)));
        return;
    }
    let docs: Vec<u32> = docs.collect();
    for (i, &a) in docs.iter().enumerate() {
        for &b in &docs[i + 1..] {
            pairs.push((a, b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::minhash::Signature;

    #[test]
    fn merged_pairs_are_the_sorted_union() {
        let a = vec![(0, 1), (0, 3), (2, 5)];
        let b = vec![(0, 2), (0, 3), (4, 5), (6, 7)];
        assert_eq!(
            merge_sorted(a.clone(), b.clone()),
            vec![(0, 1), (0, 2), (0, 3), (2, 5), (4, 5), (6, 7)]
        );
        assert_eq!(merge_sorted(a.clone(), Vec::new()), a);
        assert_eq!(merge_sorted(Vec::new(), b.clone()), b);
    }

    #[test]
    fn banding_for_usual_thresholds() {
        // The banding fits in num_perm and its S-curve rises through the
        // threshold: unlikely 0.2 below it, likely 0.2 above it.
        for t in [0.3, 0.5, 0.8] {
            let b = Banding::for_threshold(t, 128);
            assert!(b.bands * b.rows <= 128);
            let p_below = b.probability(t - 0.2);
            let p_above = b.probability((t + 0.2).min(1.0));
            assert!(p_below < 0.5 && p_above > 0.5, "{t}: {b:?}");
        }
    }

    #[test]
    fn shared_band_makes_candidates() {
        let banding = Banding { bands: 4, rows: 2 };
        let a: Signature = vec![1, 2, 3, 4, 5, 6, 7, 8];
        let mut b = a.clone();
        b[0] = 99; // band 0 differs, bands 1-3 agree
        let c: Signature = vec![9, 9, 9, 9, 9, 9, 9, 9];
        let pairs = candidates(&[a, b, c], &[false; 3], banding, 100);
        assert_eq!(pairs, vec![(0, 1)]);
    }

    #[test]
    fn big_bucket_becomes_star() {
        let sigs: Vec<Signature> = vec![vec![1, 1]; 5];
        let pairs = candidates(&sigs, &[false; 5], Banding { bands: 1, rows: 2 }, 3);
        assert_eq!(pairs, vec![(0, 1), (0, 2), (0, 3), (0, 4)]);
    }

    #[test]
    fn skipped_records_take_no_part() {
        let sigs: Vec<Signature> = vec![vec![1, 1]; 3];
        let pairs = candidates(
            &sigs,
            &[false, true, false],
            Banding { bands: 1, rows: 2 },
            9,
        );
        assert_eq!(pairs, vec![(0, 2)]);
    }
}
