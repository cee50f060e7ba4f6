//! The command line, and the fixed shape of every corpus.
//!
//! The constants here are not options on purpose: they are what makes a
//! corpus of one profile comparable with another of a different size or
//! seed (the shares of derivatives and independents, the longest copy
//! count, the dates spanned).

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Generate a synthetic syndication corpus with ground truth.
#[derive(Debug, Parser)]
#[command(name = "gen_corpus")]
pub struct Args {
    /// Records to write.
    #[arg(long, default_value_t = 20_000)]
    pub records: usize,
    /// Seed: the same seed and options give byte-identical output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder (created if missing) [default: <crate>/target/corpus].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Noise profile.
    #[arg(long, value_enum, default_value_t = Profile::Clean)]
    pub profile: Profile,
    /// OCR profile: share of characters misread.
    #[arg(long, default_value_t = 0.015)]
    pub ocr_rate: f64,
    /// Reuters-21578 JSON Lines [default: <crate>/../shared/corpora/reuters21578.jsonl].
    #[arg(long, value_name = "PATH")]
    pub originals: Option<PathBuf>,
    /// Target mean words per original (each drawn from 0.5x to 1.5x).
    #[arg(long, default_value_t = 450)]
    pub words: usize,
    /// Exponent of the reprint-count power law P(c) ~ (c+1)^-a, c in 0..=40.
    #[arg(long, default_value_t = 1.6)]
    pub zipf: f64,
}

/// How the text looks: what every record goes through after it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// Clean digital text.
    Clean,
    /// OCR noise on every record: misread characters, split and joined
    /// words, hyphenated line ends.
    Ocr,
    /// What real news pages have: short-lived and numbered wrapper lines,
    /// teasers, lost line breaks, captions, repeated scrapes, live files and
    /// digests, write-thrus, short excerpts, templated notices, scanned
    /// outlets (see benches/README.md).
    Wild,
}

/// Most copies one story has.
pub const MAX_COPIES: usize = 40;
/// Shares of the records that are derivatives and independents.
pub const DERIVATIVE_SHARE: f64 = 0.03;
pub const INDEPENDENT_SHARE: f64 = 0.05;
/// A Reuters body sharing more than this share of its shingles with a kept
/// one is dropped from the pool.
pub const NEAR_DUP_SHARE: f64 = 0.30;
/// 2023-01-01 in days since 1970-01-01.
pub const FIRST_DAY: i64 = 19_358;
/// Days over which originals are spread.
pub const SPAN_DAYS: usize = 730;
