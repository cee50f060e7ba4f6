//! Synthetic syndication corpus generator for benchmarks.
//!
//! Writes `corpus.jsonl`, `corpus.csv` (columns `id,source,date,title,url,text`)
//! and `truth.jsonl` (`{"id","story","kind","event"}` per record) into
//! `--out-dir`. The same options and `--seed` give byte-identical files.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --records 20000 --seed 1 --out-dir target/corpus
//! cargo run --release --example gen_corpus -- --records 1000000 --words 600 --profile ocr
//! ```
//!
//! Original stories are built at run time from the Reuters-21578 JSON Lines
//! file in `../shared/corpora/` (never copied into the repository): bodies
//! that repeat an earlier one (identical after whitespace folding, or sharing
//! more than 30% of their word 5-gram shingles with a kept one) are dropped,
//! and consecutive kept bodies are joined until each original reaches its
//! target length. When that pool is used up, or the file is missing, text
//! comes from an order-2 word Markov chain (trained on the pool, or on
//! `fixtures/news.jsonl` when the Reuters file is missing). Every outlet's
//! boilerplate comes from the templates in this file.
//!
//! Record kinds (truth `kind`): `original`; its copies, `reprint` (full,
//! dropped or reordered paragraphs, new headline only) or `partial`
//! (truncated, or a middle page); `derivative` (its own text quoting one or
//! two paragraphs of a source, at most 25% of its body) and `independent`
//! (pairs of stories on the same event sharing entity names and one quoted
//! sentence). `story` is shared by an original and its copies; `event` by a
//! source story, its derivatives and its same-event independents.
//!
//! `--profile wild` adds the hard cases of real news pages (write-thrus,
//! containers, notices, repeated scrapes, short excerpts, and per-outlet
//! wrapper lines, captions, lost line breaks and scans); see `wild`.
//!
//! The code is laid out in the order a corpus is made: `options`, the
//! random streams (`rng`), the word lists (`templates`) and text helpers
//! (`text`, `noise`); original text (`pool`, `markov`); `outlets`; the
//! `plan` of stories; then each record (`record`, from a story's `base`
//! through `edits` into `copies`, or through `event` into `derived`); and
//! `output`. `wild` holds what only the wild profile makes.

mod base;
mod copies;
mod derived;
mod edits;
mod event;
mod markov;
mod noise;
mod options;
mod outlets;
mod output;
mod plan;
mod pool;
mod record;
mod rng;
mod templates;
mod text;
mod wild;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Parser;

use crate::markov::Markov;
use crate::options::{Args, NEAR_DUP_SHARE, Profile};
use crate::outlets::make_outlets;
use crate::output::{KINDS, Written, write_corpus};
use crate::plan::{Extra, PlanStats, RecPlan, Story, StoryKind, plan_stories};
use crate::pool::{Body, load_fixture_paragraphs, load_reuters};
use crate::record::{COPY_KINDS, Ctx};
use crate::rng::{Rng, TAG_SHUFFLE};
use crate::templates::SPECIAL_OUTLETS;

fn main() -> Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    check(&args)?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let originals = args
        .originals
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpora/reuters21578.jsonl"));
    let out_dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));

    let (pool, markov) = load_originals(&originals, &root)?;
    let (stories, plan_stats, plans, wild_stats) = if args.profile == Profile::Wild {
        let (stories, stats, plans, wild) = wild::plan::plan(&args, &pool);
        (stories, stats, plans, Some(wild))
    } else {
        let (stories, stats) = plan_stories(&args, &pool);
        let plans = record_plans(&stories, &args);
        (stories, stats, plans, None)
    };
    if plan_stats.markov_texts > 0 && !pool.is_empty() {
        eprintln!(
            "gen_corpus: note: the Reuters pool covered {} story texts; the other {} are Markov text trained on it",
            plan_stats.pool_texts, plan_stats.markov_texts
        );
    }
    let outlets = make_outlets(60);
    let wild = if args.profile == Profile::Wild {
        wild::outlets::wild_outlets(&outlets, SPECIAL_OUTLETS.len())
    } else {
        Vec::new()
    };
    let ctx = Ctx {
        seed: args.seed,
        profile: args.profile,
        ocr_rate: args.ocr_rate,
        pool,
        markov,
        outlets,
        stories,
        wild,
    };
    let written = write_corpus(&ctx, &plans, &out_dir)?;
    let secs = t0.elapsed().as_secs_f64();
    let mut msg = summary(&args, &ctx, &plan_stats, &written, &out_dir, secs);
    if let (Some(p), Some(d)) = (&wild_stats, &written.dress) {
        msg.push_str(&wild::summary(p, d));
    }
    eprintln!("{msg}");
    Ok(())
}

/// Reject options that would make an empty or degenerate corpus.
fn check(args: &Args) -> Result<()> {
    if args.records == 0 {
        bail!("--records must be at least 1");
    }
    if args.words < 50 {
        bail!("--words must be at least 50");
    }
    if !(0.0..0.5).contains(&args.ocr_rate) {
        bail!("--ocr-rate must be in [0, 0.5)");
    }
    Ok(())
}

/// The Reuters pool and a chain trained on it; or, when the file is
/// missing, no pool and a chain trained on the fixtures.
fn load_originals(originals: &Path, root: &Path) -> Result<(Vec<Body>, Markov)> {
    if originals.is_file() {
        let (pool, st) = load_reuters(originals)?;
        eprintln!(
            "gen_corpus: originals from {} ({} lines, {} with a body; dropped {} identical, {} near-duplicate (>{:.0}% shared 5-gram shingles), {} under 20 words; kept {} bodies, {} words)",
            originals.display(),
            st.lines,
            st.with_text,
            st.identical,
            st.near_duplicate,
            NEAR_DUP_SHARE * 100.0,
            st.too_short,
            st.kept,
            st.words
        );
        let markov = Markov::train(
            pool.iter().flat_map(|b| b.paras.iter().map(String::as_str)),
            0.1,
        );
        Ok((pool, markov))
    } else {
        let fixtures = root.join("fixtures/news.jsonl");
        eprintln!(
            "gen_corpus: note: {} not found; originals are generated by an order-2 word Markov chain trained on {}",
            originals.display(),
            fixtures.display()
        );
        let paras = load_fixture_paragraphs(&fixtures)?;
        let markov = Markov::train(paras.iter().map(String::as_str), 0.35);
        Ok((Vec::new(), markov))
    }
}

/// One plan per record (a story and its copy number), in a seeded order.
fn record_plans(stories: &[Story], args: &Args) -> Vec<RecPlan> {
    let mut plans: Vec<RecPlan> = Vec::with_capacity(args.records);
    for (s, st) in stories.iter().enumerate() {
        let copies = match st.kind {
            StoryKind::Original { copies } => copies,
            _ => 0,
        };
        for k in 0..=copies {
            plans.push(RecPlan {
                story: s as u32,
                k,
                extra: Extra::None,
            });
        }
    }
    Rng::of(&[args.seed, TAG_SHUFFLE]).shuffle(&mut plans);
    plans
}

/// The stderr summary: what was made, in what shares, and where.
fn summary(
    args: &Args,
    ctx: &Ctx,
    plan_stats: &PlanStats,
    written: &Written,
    out_dir: &Path,
    secs: f64,
) -> String {
    let tally = &written.tally;
    let n: usize = tally.by_kind.iter().sum();
    let mut msg = format!(
        "gen_corpus: {n} records ({:?} profile{}, seed {}) in {:.1}s; {} stories ({} originals, {} with copies)\n",
        args.profile,
        if args.profile == Profile::Ocr {
            format!(", ocr rate {}", args.ocr_rate)
        } else {
            String::new()
        },
        args.seed,
        secs,
        ctx.stories.len(),
        tally.by_kind[0],
        ctx.stories
            .iter()
            .filter(|s| matches!(s.kind, StoryKind::Original { copies } if copies > 0))
            .count(),
    );
    msg.push_str("  records by kind:");
    for (k, c) in KINDS.iter().zip(tally.by_kind) {
        msg.push_str(&format!(" {k} {c} ({:.1}%),", 100.0 * c as f64 / n as f64));
    }
    msg.pop();
    msg.push_str("\n  copies by treatment:");
    for (k, c) in COPY_KINDS.iter().zip(tally.copy_kinds).skip(1) {
        msg.push_str(&format!(" {k} {c},"));
    }
    msg.pop();
    msg.push_str(&format!(
        "\n  overlays on copies: copy edits {}, quotes/dashes/entities {}, re-wrapped {}; dates missing {}\n",
        tally.overlays[0], tally.overlays[1], tally.overlays[2], tally.missing_dates
    ));
    msg.push_str(&format!(
        "  words per record: {:.1} mean; story texts from Reuters pool {}, Markov {} (at most {} held at once)\n",
        tally.words as f64 / n as f64,
        plan_stats.pool_texts,
        plan_stats.markov_texts,
        written.peak_bases
    ));
    let [jb, cb, tb] = written.bytes;
    msg.push_str(&format!(
        "  wrote {}: corpus.jsonl {jb} bytes, corpus.csv {cb} bytes, truth.jsonl {tb} bytes",
        out_dir.display(),
    ));
    msg
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod wild_tests;
