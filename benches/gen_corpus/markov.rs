//! An order-2 word Markov chain: text once the Reuters pool is used up.
//!
//! Large corpora need more original text than the pool holds, and the
//! repository may not ship the pool at all; the chain makes new paragraphs
//! that read like the training text but share few 5-grams with it or with
//! each other, so they are new stories to the detector.

use crate::rng::{FastMap, Rng};

/// Order-2 word Markov chain over paragraphs, with a chance per word of
/// backing off to order 1 (more novel text from a small training set).
///
/// Every transition stores the range of the transitions out of the context
/// it leads to, so generating a word is one array access (no hashing).
pub struct Markov {
    /// Vocabulary, concatenated; word `i` is `text[offsets[i]..offsets[i + 1]]`.
    text: String,
    offsets: Vec<u32>,
    /// Order-2 transitions grouped by context.
    edges: Vec<Edge>,
    /// Transitions out of (start, start).
    start: (u32, u32),
    /// Order-1 transitions grouped by the previous word, and their ranges.
    uni: Vec<Edge>,
    uni_range: Vec<(u32, u32)>,
    backoff: f64,
}

#[derive(Clone, Copy)]
struct Edge {
    word: u32,
    /// Transitions out of the context (previous word, `word`).
    next: u32,
    len: u32,
}

const END: u32 = 0;
const START: u32 = 1;

fn pair(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

impl Markov {
    /// A chain over `paras` with the given chance of backing off to order 1.
    pub fn train<'a>(paras: impl Iterator<Item = &'a str>, backoff: f64) -> Markov {
        let mut vocab: Vec<&str> = vec!["", ""];
        let mut ids: FastMap<&str, u32> = FastMap::default();
        let mut tri: Vec<(u64, u32)> = Vec::new();
        let mut bi: Vec<u64> = Vec::new();
        for p in paras {
            let (mut a, mut b) = (START, START);
            let words = p.split_whitespace().map(|w| {
                *ids.entry(w).or_insert_with(|| {
                    vocab.push(w);
                    vocab.len() as u32 - 1
                })
            });
            for w in words.chain(std::iter::once(END)) {
                tri.push((pair(a, b), w));
                if b != START {
                    bi.push(pair(b, w));
                }
                a = b;
                b = w;
            }
        }
        tri.sort_unstable();
        bi.sort_unstable();
        let mut ranges: FastMap<u64, (u32, u32)> = FastMap::default();
        for (i, &(k, _)) in tri.iter().enumerate() {
            ranges.entry(k).or_insert((i as u32, 0)).1 += 1;
        }
        let edge = |b: u32, w: u32| {
            let (next, len) = if w == END {
                (0, 0)
            } else {
                ranges[&pair(b, w)]
            };
            Edge { word: w, next, len }
        };
        let edges = tri.iter().map(|&(k, w)| edge(k as u32, w)).collect();
        let uni: Vec<Edge> = bi
            .iter()
            .map(|&k| edge((k >> 32) as u32, k as u32))
            .collect();
        let mut uni_range = vec![(0u32, 0u32); vocab.len()];
        for (i, &k) in bi.iter().enumerate() {
            let r = &mut uni_range[(k >> 32) as usize];
            if r.1 == 0 {
                r.0 = i as u32;
            }
            r.1 += 1;
        }
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(vocab.len() + 1);
        for w in &vocab {
            offsets.push(text.len() as u32);
            text.push_str(w);
        }
        offsets.push(text.len() as u32);
        Markov {
            start: ranges.get(&pair(START, START)).copied().unwrap_or((0, 0)),
            text,
            offsets,
            edges,
            uni,
            uni_range,
            backoff,
        }
    }

    fn word(&self, w: u32) -> &str {
        &self.text[self.offsets[w as usize] as usize..self.offsets[w as usize + 1] as usize]
    }

    /// Paragraphs of about `target_words` words in all.
    pub fn paragraphs(&self, target_words: usize, rng: &mut Rng) -> Vec<String> {
        let mut paras = Vec::new();
        if self.start.1 == 0 {
            return paras;
        }
        let mut total = 0;
        let mut tries = 0;
        while total < target_words && tries < 10_000 {
            tries += 1;
            let (mut next, mut len) = self.start;
            let mut prev = START;
            let mut p = String::new();
            let mut n = 0;
            loop {
                let e = if prev != START && rng.chance(self.backoff) {
                    let (s, l) = self.uni_range[prev as usize];
                    self.uni[(s + rng.below(l as usize) as u32) as usize]
                } else {
                    self.edges[(next + rng.below(len as usize) as u32) as usize]
                };
                // Close long paragraphs at a sentence end.
                if e.word == END || (n >= 120 && p.ends_with('.')) || n >= 200 {
                    break;
                }
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(self.word(e.word));
                n += 1;
                prev = e.word;
                (next, len) = (e.next, e.len);
            }
            if n >= 5 {
                total += n;
                paras.push(p);
            }
        }
        paras
    }
}
