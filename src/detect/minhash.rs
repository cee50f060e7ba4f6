//! MinHash signatures: a fixed-size sketch of a shingle set whose slots
//! agree between two sets with probability equal to their Jaccard similarity
//! (Broder 1997; Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*,
//! ch. 3).
//!
//! Two ways to compute one, both seeded and deterministic:
//! - [`Scheme::OnePermutation`] (the default): one hash per shingle picks a
//!   slot and a value, each slot keeps its minimum, and empty slots borrow a
//!   filled one by optimal densification (Shrivastava, ICML 2017). O(1) per
//!   shingle instead of O(num_perm).
//! - [`Scheme::Classic`]: `num_perm` independent hash functions, each slot the
//!   minimum of its function over the set. O(num_perm) per shingle; kept as
//!   the reference the fast scheme is tested against.

use super::hash::mix64;
use super::shingle::ShingleSet;

/// A MinHash signature, `num_perm` slots.
pub type Signature = Vec<u32>;

/// How signatures are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scheme {
    /// One-permutation hashing with optimal densification.
    OnePermutation,
    /// `num_perm` independent hash functions.
    Classic,
}

/// Computes signatures with fixed parameters.
#[derive(Debug, Clone)]
pub struct MinHasher {
    num_perm: usize,
    scheme: Scheme,
    seed: u64,
    /// Per-slot multipliers (odd) and offsets for the classic scheme.
    coeffs: Vec<(u64, u64)>,
}

impl MinHasher {
    /// A hasher of `num_perm` slots (≥ 1) with the given scheme and seed.
    pub fn new(num_perm: usize, scheme: Scheme, seed: u64) -> MinHasher {
        assert!(num_perm >= 1, "num_perm must be at least 1");
        let mut state = seed;
        let coeffs = (0..num_perm)
            .map(|_| {
                state = mix64(state);
                let a = state | 1;
                state = mix64(state);
                (a, state)
            })
            .collect();
        MinHasher {
            num_perm,
            scheme,
            seed,
            coeffs,
        }
    }

    /// Slots per signature.
    pub fn num_perm(&self) -> usize {
        self.num_perm
    }

    /// The signature of a shingle set. An empty set gets all slots at
    /// `u32::MAX`.
    pub fn sign(&self, set: &ShingleSet) -> Signature {
        let mut sig = vec![u32::MAX; self.num_perm];
        self.sign_into(set, &mut sig);
        sig
    }

    /// The signature of `set` into `sig` (resized to `num_perm`).
    pub fn sign_into(&self, set: &[u32], sig: &mut Signature) {
        sig.clear();
        sig.resize(self.num_perm, u32::MAX);
        if set.is_empty() {
            return;
        }
        match self.scheme {
            Scheme::Classic => self.sign_classic(set, sig),
            Scheme::OnePermutation => self.sign_oph(set, sig),
        }
    }

    fn sign_classic(&self, set: &[u32], sig: &mut [u32]) {
        for &x in set {
            let x = mix64(u64::from(x) ^ self.seed);
            for (slot, &(a, b)) in sig.iter_mut().zip(&self.coeffs) {
                // Multiply-add, high half: a 2-universal family over u64.
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                if h < *slot {
                    *slot = h;
                }
            }
        }
    }

    fn sign_oph(&self, set: &[u32], sig: &mut [u32]) {
        let k = self.num_perm as u64;
        let mut filled = vec![false; self.num_perm];
        for &x in set {
            let h = mix64(u64::from(x) ^ self.seed);
            // High 32 bits choose the slot (multiply-shift avoids a modulo),
            // low 32 bits are the value.
            let slot = (((h >> 32) * k) >> 32) as usize;
            let v = h as u32;
            if !filled[slot] || v < sig[slot] {
                sig[slot] = v;
                filled[slot] = true;
            }
        }
        // Optimal densification: an empty slot copies the slot picked by a
        // hash of (slot, attempt), retried until a filled one is hit. Two
        // sets with the same filled slots pick the same donors, which keeps
        // the collision probability equal to Jaccard.
        if filled.iter().all(|&f| f) {
            return;
        }
        let snapshot: Vec<u32> = sig.to_vec();
        for i in 0..self.num_perm {
            if filled[i] {
                continue;
            }
            let mut attempt = 0u64;
            loop {
                let h = mix64(self.seed ^ mix64(((i as u64) << 32) | attempt));
                let donor = (((h >> 32) * k) >> 32) as usize;
                if filled[donor] {
                    sig[i] = snapshot[donor];
                    break;
                }
                attempt += 1;
            }
        }
    }
}

/// The share of slots two signatures agree on: an estimate of Jaccard.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> ShingleSet {
        let mut v: Vec<u32> = range.map(|i| mix64(i * 7919) as u32).collect();
        v.sort_unstable();
        v
    }

    fn exact(a: &[u32], b: &[u32]) -> f64 {
        let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        inter as f64 / (a.len() + b.len() - inter) as f64
    }

    #[test]
    fn identical_sets_identical_signatures() {
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let h = MinHasher::new(128, scheme, 1);
            assert_eq!(h.sign(&set(0..500)), h.sign(&set(0..500)));
        }
    }

    #[test]
    fn both_schemes_estimate_jaccard() {
        // Pairs with Jaccard 1/3, 0.6 and 0.82 (overlapping ranges); the
        // estimate of each scheme must be within sampling error of exact.
        let pairs = [
            (0..1000, 500..1500),
            (0..1000, 250..1250),
            (0..1000, 100..1100),
        ];
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let h = MinHasher::new(256, scheme, 42);
            for (ra, rb) in pairs.clone() {
                let (a, b) = (set(ra), set(rb));
                let est = estimate_jaccard(&h.sign(&a), &h.sign(&b));
                let truth = exact(&a, &b);
                assert!(
                    (est - truth).abs() < 0.1,
                    "{scheme:?}: estimate {est} vs exact {truth}"
                );
            }
        }
    }

    #[test]
    fn densification_fills_every_slot_of_a_small_set() {
        let h = MinHasher::new(128, Scheme::OnePermutation, 3);
        let sig = h.sign(&set(0..5));
        assert!(sig.iter().all(|&v| v != u32::MAX || sig.contains(&v)));
        // Every slot value comes from one of the five shingles.
        let mut distinct = sig.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() <= 5);
    }

    #[test]
    fn seed_changes_signature() {
        let a = MinHasher::new(64, Scheme::OnePermutation, 1).sign(&set(0..100));
        let b = MinHasher::new(64, Scheme::OnePermutation, 2).sign(&set(0..100));
        assert_ne!(a, b);
    }
}
