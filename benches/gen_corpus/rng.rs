//! Random numbers: xoshiro256** seeded through splitmix64, and a hasher.
//!
//! The generator's own, not a crate's, so that a seed gives the same corpus
//! whatever version of a dependency is built. Every story and record draws
//! from a stream of its own (`Rng::of` with a tag and numbers), which is
//! why the output does not depend on the order records are made in or on
//! the number of threads.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// splitmix64's finaliser: a good 64-bit mix of one word.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A fast hasher for the generator's own maps (keys are already hashes or
/// short strings; no untrusted input).
#[derive(Default)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix64(self.0 ^ xxh3_64(bytes));
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = mix64(self.0 ^ x);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

/// A `HashMap` with `FastHasher`.
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// xoshiro256**: small, fast, and the same on every platform.
#[derive(Clone)]
pub struct Rng([u64; 4]);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix64(x)
        };
        Rng([next(), next(), next(), next()])
    }

    /// A stream of its own for each tuple of numbers.
    pub fn of(parts: &[u64]) -> Rng {
        let mut h = 0x243f_6a88_85a3_08d3u64;
        for &p in parts {
            h = mix64(h ^ mix64(p.wrapping_add(0x9e37_79b9_7f4a_7c15)));
        }
        Rng::new(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn pick_s(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// Index drawn with the given (cumulative) weights.
    pub fn cumulative(&mut self, cum: &[f64]) -> usize {
        let x = self.unit() * cum[cum.len() - 1];
        cum.partition_point(|&c| c <= x).min(cum.len() - 1)
    }
}

// Stream tags for `Rng::of`.
pub const TAG_PLAN: u64 = 1;
pub const TAG_STORY: u64 = 2;
pub const TAG_RECORD: u64 = 3;
pub const TAG_OUTLETS: u64 = 4;
pub const TAG_MARKOV: u64 = 5;
pub const TAG_SHUFFLE: u64 = 6;
pub const TAG_QUOTE: u64 = 7;
pub const TAG_ENTITY: u64 = 8;
pub const TAG_NUMBER: u64 = 9;
