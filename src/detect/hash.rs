//! The hash functions every stage agrees on.
//!
//! Shingles, signatures and anchors are compared across records (and, in
//! the index, across runs), so each is made by exactly one function here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// splitmix64: a fast, well-mixed 64-bit finalizer.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A 64-bit hash folded to the 32 bits units and shingles are kept as.
///
/// Half the memory of 64-bit hashes, which is most of a large run's
/// memory. Two records of 600 shingles share a shingle by accident with
/// odds of about 600 × 600 / 2^32 (1 in 12,000): far below anything the
/// thresholds (20 shingles shared) could notice.
#[inline]
pub fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Hashes keys that are hashes already (shingles, n-grams) by passing
/// them through: maps keyed by them need no hashing of their own.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }

    fn write_u32(&mut self, x: u32) {
        // Spread over the high bits too, which hashbrown reads.
        self.0 = u64::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by hashes, through [`Passthrough`].
pub type HashKeyed<K, V> = HashMap<K, V, BuildHasherDefault<Passthrough>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix64_is_splitmix64() {
        // The first output of splitmix64 seeded with 0 (Vigna's reference).
        assert_eq!(mix64(0), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn fold_keeps_both_halves() {
        assert_eq!(fold(0x0000_0001_0000_0000), 1);
        assert_eq!(fold(0xFFFF_FFFF_FFFF_FFFF), 0);
    }

    #[test]
    fn passthrough_spreads_u32_keys_into_the_high_bits() {
        let mut h = Passthrough::default();
        h.write_u32(1);
        assert_ne!(h.finish() >> 57, 0);
        h.write_u64(5);
        assert_eq!(h.finish(), 5);
    }
}
