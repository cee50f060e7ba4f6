//! Output: groups as JSON Lines (one group per line) or one JSON array.
//!
//! The schema is documented in the README. Numbers are rounded to four
//! decimals and everything is ordered by input position, so the same input
//! gives byte-identical output on every run and thread count.

use std::io::{self, Write};

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::cluster::Group;
use crate::corpus::Corpus;
use crate::pipeline::{Analysis, VerifiedPair};
use crate::verify::Similarity;

/// Output layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// One JSON array holding every group.
    Json,
}

/// What to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Layout.
    pub format: OutputFormat,
    /// Also write records in no group, as groups of one.
    pub singletons: bool,
}

/// A group as written.
#[derive(Debug, Serialize)]
pub struct GroupOut<'a> {
    /// Stable id, from the canonical member's id.
    pub group: String,
    /// Id of the canonical member.
    pub canonical: &'a str,
    /// Number of members.
    pub size: usize,
    /// Members, canonical first.
    pub members: Vec<MemberOut<'a>>,
    /// Verified pairs within the group.
    pub pairs: Vec<PairOut<'a>>,
}

/// A member as written, measured against the canonical member.
#[derive(Debug, Serialize)]
pub struct MemberOut<'a> {
    /// Record id.
    pub id: &'a str,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Date as given.
    pub date: Option<&'a str>,
    /// Headline.
    pub title: Option<&'a str>,
    /// Address.
    pub url: Option<&'a str>,
    /// Words in the normalized text.
    pub words: usize,
    /// Jaccard with the canonical member.
    pub jaccard: f64,
    /// Containment with the canonical member (shared / smaller set).
    pub containment: f64,
}

/// A verified pair as written.
#[derive(Debug, Serialize)]
pub struct PairOut<'a> {
    /// Id of the record that comes first in the input.
    pub a: &'a str,
    /// Id of the other record.
    pub b: &'a str,
    /// Jaccard similarity.
    pub jaccard: f64,
    /// Shared shingles over the smaller set.
    pub containment: f64,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// Shingles in common.
    pub shared: usize,
    /// The side that is an excerpt of the other, if one is.
    pub excerpt: Option<&'a str>,
}

/// The stable group id of a canonical member id: 16 hex digits.
pub fn group_id(canonical: &str) -> String {
    format!("{:016x}", xxh3_64(canonical.as_bytes()))
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A pair is an excerpt relation when one side is (nearly) all inside the
/// other and the other is not (nearly) all inside it.
fn excerpt_side(sim: &Similarity) -> Option<bool> {
    const WHOLE: f64 = 0.9;
    let (a_in_b, b_in_a) = (sim.a_in_b(), sim.b_in_a());
    if a_in_b >= WHOLE && b_in_a >= WHOLE {
        None
    } else if a_in_b >= b_in_a {
        Some(true)
    } else {
        Some(false)
    }
}

/// Build the written form of every group (and singletons when asked).
pub fn build<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    singletons: bool,
) -> Vec<GroupOut<'a>> {
    let n = corpus.len();
    let mut group_of = vec![usize::MAX; n];
    for (g, group) in analysis.groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m] = g;
        }
    }
    let mut pairs_of: Vec<Vec<&VerifiedPair>> = vec![Vec::new(); analysis.groups.len()];
    for p in &analysis.pairs {
        let g = group_of[p.a as usize];
        if g != usize::MAX {
            pairs_of[g].push(p);
        }
    }
    let mut out = Vec::new();
    let mut next_group = 0;
    for (i, &g) in group_of.iter().enumerate() {
        if next_group < analysis.groups.len() && analysis.groups[next_group].canonical == i {
            let group = &analysis.groups[next_group];
            out.push(group_out(corpus, group, &pairs_of[next_group]));
            next_group += 1;
        } else if singletons && g == usize::MAX {
            let single = Group {
                canonical: i,
                members: vec![i],
            };
            out.push(group_out(corpus, &single, &[]));
        }
    }
    out
}

fn group_out<'a>(corpus: &'a Corpus, group: &Group, pairs: &[&VerifiedPair]) -> GroupOut<'a> {
    let canon = &corpus.features[group.canonical].shingles;
    let id = |i: usize| corpus.metas[i].id.as_str();
    let members = group
        .members
        .iter()
        .map(|&m| {
            let meta = &corpus.metas[m];
            let sim = Similarity::of(canon, &corpus.features[m].shingles);
            MemberOut {
                id: &meta.id,
                source: meta.source.as_deref(),
                date: meta.date.as_deref(),
                title: meta.title.as_deref(),
                url: meta.url.as_deref(),
                words: corpus.features[m].words,
                jaccard: round4(sim.jaccard()),
                containment: round4(sim.containment()),
            }
        })
        .collect();
    let pairs = pairs
        .iter()
        .map(|p| PairOut {
            a: id(p.a as usize),
            b: id(p.b as usize),
            jaccard: round4(p.sim.jaccard()),
            containment: round4(p.sim.containment()),
            a_in_b: round4(p.sim.a_in_b()),
            b_in_a: round4(p.sim.b_in_a()),
            shared: p.sim.shared,
            excerpt: excerpt_side(&p.sim).map(|a| id(if a { p.a } else { p.b } as usize)),
        })
        .collect();
    GroupOut {
        group: group_id(id(group.canonical)),
        canonical: id(group.canonical),
        size: group.members.len(),
        members,
        pairs,
    }
}

/// Write groups in the chosen layout.
pub fn write_groups(
    wtr: &mut dyn Write,
    groups: &[GroupOut],
    format: OutputFormat,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            for g in groups {
                serde_json::to_writer(&mut *wtr, g)?;
                wtr.write_all(b"\n")?;
            }
        }
        OutputFormat::Json => {
            wtr.write_all(b"[")?;
            for (i, g) in groups.iter().enumerate() {
                wtr.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *wtr, g)?;
            }
            wtr.write_all(if groups.is_empty() { b"]\n" } else { b"\n]\n" })?;
        }
    }
    wtr.flush()
}
