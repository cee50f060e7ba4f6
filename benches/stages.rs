//! Criterion micro-benchmarks of reprint's hot stages.
//!
//! ```sh
//! cargo bench --bench stages                 # everything, criterion's default timing
//! cargo bench --bench stages -- --quick      # a fast, rougher pass
//! cargo bench --bench stages -- minhash      # one group (a filter on the names)
//! BENCH_RECORDS=50000 cargo bench --bench stages -- candidates
//! ```
//!
//! Inputs are made here, at start-up, and never stored: articles are walks of
//! an order-1 word chain learnt from `fixtures/news.jsonl` (so they carry its
//! curly quotes, dashes, names and numbers), cut into paragraphs; the corpus
//! for the candidate stages is `BENCH_RECORDS` (20,000) records of stories of
//! about 600 words with copies: full reprints with a header, a footer, a
//! dropped paragraph and a few changed words, and partial copies of 20-50%
//! of a story. Everything is seeded: the same inputs on every run.
//!
//! Groups: `normalize`, `featurize` (tokens, then features with no
//! boilerplate, of one article; then whole records of a 500-record batch,
//! as generated and folded to ASCII, beside the speed of light on the
//! same input: only parsing its JSON Lines, only splitting into words and
//! hashing them), `minhash` (one-permutation vs classic on one record's
//! shingle set), `verify` (exact similarity of a pair), `candidates` (LSH
//! banding and anchors over the whole corpus). The start-up also prints,
//! once, how well each MinHash scheme estimates Jaccard on the corpus's
//! candidate pairs.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::OnceLock;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

use reprint::Params;
use reprint::detect::anchor;
use reprint::detect::boilerplate::Boilerplate;
use reprint::detect::features::Featurizer;
use reprint::detect::features::{Features, Scratch};
use reprint::detect::lsh::{self, Banding};
use reprint::detect::minhash::{MinHasher, Scheme, estimate_jaccard};
use reprint::detect::normalize::normalize_into;
use reprint::detect::shingle::Shingler;
use reprint::detect::verify::Similarity;

/// splitmix64: small, seeded, good enough to draw test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A paragraph break in a token sequence.
const PARA: u32 = u32::MAX;

/// An order-1 chain over the whitespace-separated tokens of the fixture.
///
/// The fixture is small (about 9,500 words), and a plain walk would copy
/// its runs verbatim, so unrelated stories would share far more 5-grams than
/// unrelated news does. Two things break that up: the walk jumps to a random
/// word one step in ten, and each occurrence of an uncommon word (fewer than
/// `COMMON` in the fixture) is one of `VARIANTS` spellings of it, the fixture
/// word with a suffix, much as real stories differ in names, places and
/// numbers while sharing function words.
struct Chain {
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    /// `variant[w]`: the first token id of word `w`'s variants (itself when
    /// it has none).
    variant: Vec<u32>,
    count: Vec<u32>,
}

const COMMON: u32 = 25;
const VARIANTS: usize = 12;
const SUFFIXES: [&str; VARIANTS - 1] = [
    "er", "ton", "ley", "ist", "ard", "ine", "wick", "ence", "ham", "ock", "ia",
];

impl Chain {
    fn from_fixture() -> Chain {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/news.jsonl");
        let text = std::fs::read_to_string(path).expect("read fixtures/news.jsonl");
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut next: Vec<Vec<u32>> = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let rec: serde_json::Value = serde_json::from_str(line).expect("fixture JSON");
            let body = rec["text"].as_str().expect("fixture text");
            let mut prev: Option<u32> = None;
            for w in body.split_whitespace() {
                let id = *index.entry(w.to_string()).or_insert_with(|| {
                    words.push(w.to_string());
                    next.push(Vec::new());
                    (words.len() - 1) as u32
                });
                if let Some(p) = prev {
                    next[p as usize].push(id);
                }
                prev = Some(id);
            }
        }
        let mut count = vec![0u32; words.len()];
        for follow in &next {
            for &w in follow {
                count[w as usize] += 1;
            }
        }
        let base = words.len();
        let mut variant = Vec::with_capacity(base);
        for w in 0..base {
            if count[w] >= COMMON {
                variant.push(w as u32);
                continue;
            }
            variant.push(words.len() as u32);
            // Letters keep their trailing punctuation after the suffix.
            let word = words[w].clone();
            let cut = word.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
            words.push(word.clone());
            for suffix in SUFFIXES {
                words.push(format!("{}{suffix}{}", &word[..cut], &word[cut..]));
            }
        }
        Chain {
            words,
            next,
            variant,
            count,
        }
    }

    /// The token written for fixture word `w`.
    fn spell(&self, w: u32, rng: &mut Rng) -> u32 {
        if self.count[w as usize] >= COMMON {
            w
        } else {
            self.variant[w as usize] + rng.below(VARIANTS) as u32
        }
    }

    /// A story of `n` words (tokens), paragraphs of 2-5 sentences.
    fn story(&self, n: usize, rng: &mut Rng) -> Vec<u32> {
        let mut out = Vec::with_capacity(n + n / 40);
        let base = self.next.len();
        let mut w = rng.below(base) as u32;
        let (mut words, mut sentences) = (0, 0);
        let mut para_len = 2 + rng.below(4);
        while words < n {
            out.push(self.spell(w, rng));
            words += 1;
            if self.words[w as usize].ends_with(['.', '?', '!', '”', '"']) {
                sentences += 1;
                if sentences == para_len {
                    out.push(PARA);
                    sentences = 0;
                    para_len = 2 + rng.below(4);
                }
            }
            let follow = &self.next[w as usize];
            w = if follow.is_empty() || rng.chance(0.1) {
                rng.below(base) as u32
            } else {
                follow[rng.below(follow.len())]
            };
        }
        out
    }

    fn render(&self, tokens: &[u32]) -> String {
        let mut s = String::with_capacity(tokens.len() * 7);
        for &t in tokens {
            if t == PARA {
                s.push_str("\n\n");
            } else {
                if !s.is_empty() && !s.ends_with('\n') {
                    s.push(' ');
                }
                s.push_str(&self.words[t as usize]);
            }
        }
        s
    }
}

fn paragraphs(tokens: &[u32]) -> Vec<&[u32]> {
    tokens
        .split(|&t| t == PARA)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A full reprint: the outlet's header and footer, one paragraph dropped
/// (when there are more than three), about 2% of words changed.
fn reprint(chain: &Chain, story: &[u32], outlet: usize, rng: &mut Rng) -> String {
    let paras = paragraphs(story);
    let drop = if paras.len() > 3 {
        Some(rng.below(paras.len()))
    } else {
        None
    };
    let mut body: Vec<u32> = Vec::with_capacity(story.len());
    for (i, p) in paras.iter().enumerate() {
        if Some(i) == drop {
            continue;
        }
        for &t in *p {
            body.push(if rng.chance(0.02) {
                rng.below(chain.words.len()) as u32
            } else {
                t
            });
        }
        body.push(PARA);
    }
    format!(
        "By staff &amp; wire reports | The Outlet {outlet} Gazette\n\n{}\nShare this: Facebook · X · Email\n\
         © 2024 The Outlet {outlet} Gazette. Subscribe to our newsletter for the day’s top stories.",
        chain.render(&body)
    )
}

/// A partial copy: 20-50% of the story's paragraphs, from the start or a
/// middle page.
fn partial(chain: &Chain, story: &[u32], outlet: usize, rng: &mut Rng) -> String {
    let paras = paragraphs(story);
    let take = (paras.len() * (20 + rng.below(31)) / 100).max(1);
    let start = if rng.chance(0.5) {
        0
    } else {
        rng.below(paras.len() - take + 1)
    };
    let mut body: Vec<u32> = Vec::new();
    for p in &paras[start..start + take] {
        body.extend_from_slice(p);
        body.push(PARA);
    }
    format!(
        "Continued from page {} — Outlet {outlet} Daily\n\n{}",
        1 + rng.below(4),
        chain.render(&body)
    )
}

/// Texts of a syndication corpus of `n` records: stories of 300-900 words
/// (mean 600) each followed by its copies, P(c copies) ~ (c+1)^-1.6 for c
/// in 0..=40, three in ten of them partial.
fn corpus_texts(chain: &Chain, n: usize, rng: &mut Rng) -> Vec<String> {
    let weights: Vec<f64> = (0..=40).map(|c| (c as f64 + 1.0).powf(-1.6)).collect();
    let total: f64 = weights.iter().sum();
    let mut texts = Vec::with_capacity(n);
    while texts.len() < n {
        let story = chain.story(300 + rng.below(601), rng);
        texts.push(chain.render(&story));
        let mut u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let mut copies = 0;
        while copies < 40 && u > weights[copies] {
            u -= weights[copies];
            copies += 1;
        }
        for _ in 0..copies {
            if texts.len() == n {
                break;
            }
            let outlet = rng.below(500);
            texts.push(if rng.chance(0.3) {
                partial(chain, &story, outlet, rng)
            } else {
                reprint(chain, &story, outlet, rng)
            });
        }
    }
    texts
}

struct Inputs {
    featurizer: Featurizer,
    /// A 600-word article and a reprint and an excerpt of it.
    article: String,
    article_reprint: String,
    article_partial: String,
    /// An unrelated article of about the same length.
    other: String,
    fixture: Vec<String>,
    /// Records of a syndication corpus, for featurizing in bulk.
    batch: Batch,
}

/// [`BATCH_RECORDS`] records of a syndication corpus: as generated (curly
/// quotes, dashes, a middle dot and a copyright sign here and there), the
/// same folded to ASCII, and the ASCII ones as JSON Lines.
struct Batch {
    news: Vec<String>,
    ascii: Vec<String>,
    jsonl: String,
}

const BATCH_RECORDS: usize = 500;

impl Batch {
    fn new(chain: &Chain, rng: &mut Rng) -> Batch {
        let news = corpus_texts(chain, BATCH_RECORDS, rng);
        let ascii: Vec<String> = news.iter().map(|t| to_ascii(t)).collect();
        let mut jsonl = String::new();
        for (i, text) in ascii.iter().enumerate() {
            let line = serde_json::json!({ "id": format!("r{i}"), "text": text });
            jsonl.push_str(&line.to_string());
            jsonl.push('\n');
        }
        Batch { news, ascii, jsonl }
    }
}

/// `text` with its quotes and dashes in ASCII and any other character
/// that is not ASCII a space: plain ASCII news text.
fn to_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c,
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            _ => ' ',
        })
        .collect()
}

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let chain = Chain::from_fixture();
        let mut rng = Rng(2024);
        let story = chain.story(600, &mut rng);
        let article = chain.render(&story);
        let article_reprint = reprint(&chain, &story, 7, &mut rng);
        let article_partial = partial(&chain, &story, 8, &mut rng);
        let other = chain.render(&chain.story(600, &mut rng));
        let batch = Batch::new(&chain, &mut rng);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/news.jsonl");
        let fixture = std::fs::read_to_string(path)
            .expect("read fixtures/news.jsonl")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("fixture JSON");
                v["text"].as_str().expect("fixture text").to_string()
            })
            .collect();
        Inputs {
            featurizer: Featurizer::new(&Params::default()),
            article,
            article_reprint,
            article_partial,
            other,
            fixture,
            batch,
        }
    })
}

fn features_of(f: &Featurizer, text: &str) -> Features {
    let mut scratch = Scratch::default();
    let tokens = f.tokens(text, &mut scratch);
    f.features(&tokens, &Boilerplate::none(), None, &mut scratch)
}

fn bench_normalize(c: &mut Criterion) {
    let inp = inputs();
    let mut g = c.benchmark_group("normalize");
    let mut out = String::new();
    g.throughput(Throughput::Bytes(inp.article.len() as u64));
    g.bench_function("article_600w", |b| {
        b.iter(|| {
            normalize_into(black_box(&inp.article), &mut out);
            black_box(out.len())
        })
    });
    // As most real news: ASCII but for curly quotes and dashes, which
    // takes it off the ASCII path.
    let curly = inp
        .article
        .replace(" '", " \u{2018}")
        .replace('\'', "\u{2019}")
        .replace(". ", ".\u{201D} \u{201C}")
        .replace(" - ", " \u{2014} ");
    g.throughput(Throughput::Bytes(curly.len() as u64));
    g.bench_function("article_600w_curly", |b| {
        b.iter(|| {
            normalize_into(black_box(&curly), &mut out);
            black_box(out.len())
        })
    });
    let bytes: usize = inp.fixture.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("fixture_30_records", |b| {
        b.iter(|| {
            for t in &inp.fixture {
                normalize_into(black_box(t), &mut out);
                black_box(out.len());
            }
        })
    });
    g.finish();
}

fn bench_featurize(c: &mut Criterion) {
    let inp = inputs();
    let f = &inp.featurizer;
    let mut g = c.benchmark_group("featurize");
    g.throughput(Throughput::Bytes(inp.article.len() as u64));
    let mut scratch = Scratch::default();
    g.bench_function("tokens_600w", |b| {
        b.iter(|| f.tokens(black_box(&inp.article), &mut scratch))
    });
    let tokens = f.tokens(&inp.article, &mut scratch);
    let none = Boilerplate::none();
    g.bench_function("features_600w", |b| {
        b.iter(|| f.features(black_box(&tokens), &none, None, &mut scratch))
    });

    // A whole record's featurizing (tokens, then features) over a batch of
    // records, beside its speed of light on the same text: only reading
    // and parsing the JSON Lines it came in, and only splitting it into
    // words and hashing them. Each figure's bytes are those it reads (the
    // JSON Lines for parsing, the texts for the rest; they differ by the
    // escapes and the other fields, about 2%).
    let batch = &inp.batch;
    for (name, texts) in [("ascii", &batch.ascii), ("news", &batch.news)] {
        g.throughput(Throughput::Bytes(
            texts.iter().map(|t| t.len() as u64).sum(),
        ));
        g.bench_function(format!("records_{name}"), |b| {
            b.iter(|| {
                for t in texts {
                    let tokens = f.tokens(black_box(t), &mut scratch);
                    black_box(f.features(&tokens, &none, None, &mut scratch));
                }
            })
        });
    }
    g.throughput(Throughput::Bytes(batch.jsonl.len() as u64));
    g.bench_function("records_ascii_parse_only", |b| {
        b.iter(|| {
            for line in black_box(&batch.jsonl).lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("bench JSON");
                black_box(v["text"].as_str().map(str::len));
            }
        })
    });
    let words = Shingler::new(Params::default().ngram);
    let mut units = Vec::new();
    g.throughput(Throughput::Bytes(
        batch.ascii.iter().map(|t| t.len() as u64).sum(),
    ));
    g.bench_function("records_ascii_tokenize_only", |b| {
        b.iter(|| {
            for t in &batch.ascii {
                words.words_into(black_box(t), &mut units);
                black_box(units.len());
            }
        })
    });
    g.finish();
}

fn bench_minhash(c: &mut Criterion) {
    let inp = inputs();
    let set = features_of(&inp.featurizer, &inp.article).shingles;
    let seed = Params::default().seed;
    let mut g = c.benchmark_group("minhash");
    g.throughput(Throughput::Elements(set.len() as u64));
    for (name, scheme) in [
        ("one_permutation", Scheme::OnePermutation),
        ("classic", Scheme::Classic),
    ] {
        let hasher = MinHasher::new(128, scheme, seed);
        let mut sig = Vec::new();
        g.bench_with_input(BenchmarkId::new(name, set.len()), &set, |b, set| {
            b.iter(|| {
                hasher.sign_into(black_box(set), &mut sig);
                black_box(sig[0])
            })
        });
    }
    g.finish();
}

fn bench_verify(c: &mut Criterion) {
    let inp = inputs();
    let f = &inp.featurizer;
    let a = features_of(f, &inp.article).shingles;
    let mut g = c.benchmark_group("verify");
    for (name, text) in [
        ("reprint", &inp.article_reprint),
        ("partial", &inp.article_partial),
        ("unrelated", &inp.other),
    ] {
        let b_set = features_of(f, text).shingles;
        g.throughput(Throughput::Elements((a.len() + b_set.len()) as u64));
        let id = BenchmarkId::new(name, format!("{}x{}", a.len(), b_set.len()));
        g.bench_function(id, |b| {
            b.iter(|| Similarity::of(black_box(&a), black_box(&b_set)))
        });
    }
    g.finish();
}

/// The corpus for the candidate stages, featurized once.
struct Corpus {
    features: Vec<Features>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let n: usize = std::env::var("BENCH_RECORDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        let start = std::time::Instant::now();
        let chain = Chain::from_fixture();
        let texts = corpus_texts(&chain, n, &mut Rng(1));
        let f = &inputs().featurizer;
        let features: Vec<Features> = texts
            .par_iter()
            .map_init(Scratch::default, |scratch, t| {
                let tokens = f.tokens(t, scratch);
                f.features(&tokens, &Boilerplate::none(), None, scratch)
            })
            .collect();
        let words: usize = features.iter().map(|x| x.words).sum();
        eprintln!(
            "candidates corpus: {n} records, {:.0} words on average, made in {:.1}s",
            words as f64 / n as f64,
            start.elapsed().as_secs_f64()
        );
        Corpus { features }
    })
}

/// How far each scheme's estimate is from the exact Jaccard over (at most
/// 5,000 of) the LSH candidate pairs: printed once, not timed.
fn report_accuracy(features: &[Features], pairs: &[lsh::Pair]) {
    let seed = Params::default().seed;
    let step = (pairs.len() / 5_000).max(1);
    let sample: Vec<lsh::Pair> = pairs.iter().copied().step_by(step).collect();
    for (name, scheme) in [
        ("one_permutation", Scheme::OnePermutation),
        ("classic", Scheme::Classic),
    ] {
        let hasher = MinHasher::new(128, scheme, seed);
        let (mut sum, mut worst) = (0.0f64, 0.0f64);
        for &(a, b) in &sample {
            let (a, b) = (
                &features[a as usize].shingles,
                &features[b as usize].shingles,
            );
            let exact = Similarity::of(a, b).jaccard();
            let est = estimate_jaccard(&hasher.sign(a), &hasher.sign(b));
            sum += (est - exact).abs();
            worst = worst.max((est - exact).abs());
        }
        eprintln!(
            "minhash {name}: mean |estimate - Jaccard| {:.4}, worst {:.4}, over {} candidate pairs",
            sum / sample.len().max(1) as f64,
            worst,
            sample.len()
        );
    }
}

fn bench_candidates(c: &mut Criterion) {
    let corpus = corpus();
    let params = Params::default();
    let n = corpus.features.len();
    let skip: Vec<bool> = corpus
        .features
        .iter()
        .map(|f| f.shingles.is_empty())
        .collect();
    let sigs: Vec<&[u32]> = corpus
        .features
        .iter()
        .map(|f| f.signature.as_slice())
        .collect();
    let anchors: Vec<&[_]> = corpus
        .features
        .iter()
        .map(|f| f.anchors.as_slice())
        .collect();
    let banding = Banding::for_threshold(params.threshold, params.num_perm);
    let lsh_pairs = lsh::candidates(&sigs, &skip, banding, params.max_bucket);
    let (anchor_pairs, _) = anchor::candidates(&anchors, &skip, params.max_postings, 2);
    eprintln!(
        "{n} records: {} LSH candidate pairs ({} x {} banding), {} anchor candidate pairs",
        lsh_pairs.len(),
        banding.bands,
        banding.rows,
        anchor_pairs.len()
    );
    report_accuracy(&corpus.features, &lsh_pairs);

    let mut g = c.benchmark_group("candidates");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("lsh", n), |b| {
        b.iter(|| lsh::candidates(black_box(&sigs), &skip, banding, params.max_bucket))
    });
    g.bench_function(BenchmarkId::new("anchor", n), |b| {
        b.iter(|| anchor::candidates(black_box(&anchors), &skip, params.max_postings, 2))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_normalize,
    bench_featurize,
    bench_minhash,
    bench_verify,
    bench_candidates
);
criterion_main!(benches);
