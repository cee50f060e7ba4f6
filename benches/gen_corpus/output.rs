//! Output: the three files, written in plan order from parallel chunks.
//!
//! Records are rendered in parallel into byte buffers and the buffers are
//! written in order, so the files do not depend on the number of threads.
//! Story texts are made once per block of records and dropped after their
//! last use, which keeps memory bounded at a million records.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::base::{Base, base};
use crate::options::Profile;
use crate::plan::RecPlan;
use crate::record::{Bases, Ctx, Rendered, needs, record};
use crate::rng::FastMap;
use crate::text::word_count;
use crate::wild::dress::{DressStats, Dresser};

/// A line of `corpus.jsonl`.
#[derive(Serialize)]
struct JsonRec<'a> {
    id: &'a str,
    source: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    url: &'a str,
    text: &'a str,
}

/// A line of `truth.jsonl`.
#[derive(Serialize)]
struct TruthRec<'a> {
    id: &'a str,
    story: String,
    kind: &'a str,
    event: String,
}

#[derive(Default)]
/// Counts for the summary, added up over chunks.
pub struct Tally {
    pub by_kind: [usize; 5],
    pub copy_kinds: [usize; 6],
    pub overlays: [usize; 3],
    pub words: usize,
    pub missing_dates: usize,
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        for i in 0..5 {
            self.by_kind[i] += o.by_kind[i];
        }
        for i in 0..6 {
            self.copy_kinds[i] += o.copy_kinds[i];
        }
        for i in 0..3 {
            self.overlays[i] += o.overlays[i];
        }
        self.words += o.words;
        self.missing_dates += o.missing_dates;
    }
}

/// The truth kinds, in `Tally::by_kind` order.
pub const KINDS: [&str; 5] = [
    "original",
    "reprint",
    "partial",
    "derivative",
    "independent",
];

/// The three files' bytes for a run of records.
struct Chunk {
    jsonl: Vec<u8>,
    csv: Vec<u8>,
    truth: Vec<u8>,
    tally: Tally,
}

/// Render `plans` into a chunk of the three files.
fn render_chunk(ctx: &Ctx, bases: &Bases, plans: &[RecPlan]) -> Result<Chunk> {
    let recs: Vec<Rendered> = plans.iter().map(|&p| record(ctx, bases, p)).collect();
    serialize(&recs)
}

/// The three files' lines of `recs`.
fn serialize(recs: &[Rendered]) -> Result<Chunk> {
    let mut jsonl = Vec::with_capacity(recs.len() * 4096);
    let mut truth = Vec::with_capacity(recs.len() * 64);
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(recs.len() * 4096));
    let mut tally = Tally::default();
    for r in recs {
        serde_json::to_writer(
            &mut jsonl,
            &JsonRec {
                id: &r.id,
                source: &r.source,
                date: r.date.as_deref(),
                title: &r.title,
                url: &r.url,
                text: &r.text,
            },
        )?;
        jsonl.push(b'\n');
        csv.write_record([
            r.id.as_str(),
            &r.source,
            r.date.as_deref().unwrap_or(""),
            &r.title,
            &r.url,
            &r.text,
        ])?;
        serde_json::to_writer(
            &mut truth,
            &TruthRec {
                id: &r.id,
                story: format!("s{}", r.story),
                kind: r.kind,
                event: format!("e{}", r.event),
            },
        )?;
        truth.push(b'\n');
        tally.by_kind[KINDS.iter().position(|&k| k == r.kind).unwrap()] += 1;
        tally.copy_kinds[r.copy_kind] += 1;
        for i in 0..3 {
            tally.overlays[i] += r.overlays[i] as usize;
        }
        tally.words += word_count(&r.text);
        tally.missing_dates += r.date.is_none() as usize;
    }
    let csv = csv.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
    Ok(Chunk {
        jsonl,
        csv,
        truth,
        tally,
    })
}

/// A writer that counts the bytes written.
struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Counted<W> {
    fn put(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.bytes += b.len() as u64;
        self.inner.write_all(b)
    }
}

fn create(dir: &Path, name: &str) -> Result<Counted<BufWriter<File>>> {
    let path = dir.join(name);
    let f = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok(Counted {
        inner: BufWriter::with_capacity(1 << 20, f),
        bytes: 0,
    })
}

/// What `write_corpus` did: the tally of records and the bytes written.
pub struct Written {
    pub tally: Tally,
    pub peak_bases: usize,
    pub bytes: [u64; 3],
    pub dress: Option<DressStats>,
}

/// Write the records of `plans`, in that order, into `out_dir`.
pub fn write_corpus(ctx: &Ctx, plans: &[RecPlan], out_dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let mut jsonl = create(out_dir, "corpus.jsonl")?;
    let mut csvw = create(out_dir, "corpus.csv")?;
    let mut truth = create(out_dir, "truth.jsonl")?;
    csvw.put(b"id,source,date,title,url,text\n")?;
    let mut tally = Tally::default();
    // How many records still need each story's text.
    let mut uses = vec![0u32; ctx.stories.len()];
    let mut need = Vec::new();
    for &p in plans {
        need.clear();
        needs(ctx, p, &mut need);
        for &s in &need {
            uses[s as usize] += 1;
        }
    }
    let mut bases: Bases = FastMap::default();
    let mut peak_bases = 0;
    // The wild profile's pass over each block, in file order.
    let mut dresser = (ctx.profile == Profile::Wild).then(|| Dresser::new(ctx, plans));
    for block in plans.chunks(8192) {
        make_bases(ctx, block, &mut bases);
        peak_bases = peak_bases.max(bases.len());
        let chunks: Vec<Result<Chunk>> = match &mut dresser {
            None => block
                .par_chunks(128)
                .map(|c| render_chunk(ctx, &bases, c))
                .collect(),
            Some(d) => {
                let mut recs: Vec<Rendered> =
                    block.par_iter().map(|&p| record(ctx, &bases, p)).collect();
                d.block(ctx, &bases, block, &mut recs);
                recs.par_chunks(128).map(serialize).collect()
            }
        };
        for &p in block {
            need.clear();
            needs(ctx, p, &mut need);
            for &s in &need {
                uses[s as usize] -= 1;
                if uses[s as usize] == 0 {
                    bases.remove(&s);
                }
            }
        }
        for c in chunks {
            let c = c?;
            jsonl.put(&c.jsonl)?;
            csvw.put(&c.csv)?;
            truth.put(&c.truth)?;
            tally.add(&c.tally);
        }
    }
    for w in [&mut jsonl, &mut csvw, &mut truth] {
        w.inner.flush()?;
    }
    Ok(Written {
        tally,
        peak_bases,
        bytes: [jsonl.bytes, csvw.bytes, truth.bytes],
        dress: dresser.map(|d| d.stats),
    })
}

/// Make the texts this block needs that are not made yet, in parallel.
fn make_bases(ctx: &Ctx, block: &[RecPlan], bases: &mut Bases) {
    let mut missing = Vec::new();
    for &p in block {
        needs(ctx, p, &mut missing);
    }
    missing.sort_unstable();
    missing.dedup();
    missing.retain(|s| !bases.contains_key(s));
    let made: Vec<(u32, Base)> = missing.par_iter().map(|&s| (s, base(ctx, s))).collect();
    bases.extend(made);
}
