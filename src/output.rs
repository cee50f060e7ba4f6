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
use crate::pipeline::{Analysis, Related, VerifiedPair, WHOLE};
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
    /// Write related edges (rewrites quoting a passage) with each group.
    pub related: bool,
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
    /// Records quoting a passage of a member without being reprints
    /// (written only with `--related`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<RelatedOut<'a>>>,
}

/// A related edge as written: a record quoting a member of the group.
#[derive(Debug, Serialize)]
pub struct RelatedOut<'a> {
    /// Id of the record that quotes the group.
    pub id: &'a str,
    /// Id of the member it quotes.
    pub source: &'a str,
    /// Shingles in common.
    pub shared: usize,
    /// Share of the source's shingles found in the quoting record.
    pub source_share: f64,
    /// Share of the quoting record's shingles that come from the source.
    pub derivative_share: f64,
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
    /// Whether the record was already in the index (`index query` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<bool>,
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
/// other and the other is not: `Some(true)` when `a` is the excerpt.
fn excerpt_side(sim: &Similarity) -> Option<bool> {
    let (a_in_b, b_in_a) = (sim.a_in_b(), sim.b_in_a());
    match (a_in_b >= WHOLE, b_in_a >= WHOLE) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Build the written form of every group; singletons when asked, and with
/// `related`, sources that are in no group but are quoted by something.
pub fn build<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    options: OutputOptions,
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
    // Related edges hang on the group of their source, or on the source
    // record itself when it is in no group.
    let mut related_of_group: Vec<Vec<&Related>> = vec![Vec::new(); analysis.groups.len()];
    let mut related_of_record: Vec<Vec<&Related>> = vec![Vec::new(); n];
    if options.related {
        for r in &analysis.related {
            match group_of[r.source as usize] {
                usize::MAX => related_of_record[r.source as usize].push(r),
                g => related_of_group[g].push(r),
            }
        }
    }
    let related_out = |list: &[&Related]| {
        options.related.then(|| {
            list.iter()
                .map(|r| RelatedOut {
                    id: &corpus.metas[r.derivative as usize].id,
                    source: &corpus.metas[r.source as usize].id,
                    shared: r.sim.shared,
                    source_share: round4(r.sim.a_in_b()),
                    derivative_share: round4(r.sim.b_in_a()),
                })
                .collect()
        })
    };
    let mut out = Vec::new();
    let mut next_group = 0;
    for (i, &g) in group_of.iter().enumerate() {
        if next_group < analysis.groups.len() && analysis.groups[next_group].canonical == i {
            let group = &analysis.groups[next_group];
            let mut written = group_out(corpus, group, &pairs_of[next_group]);
            written.related = related_out(&related_of_group[next_group]);
            out.push(written);
            next_group += 1;
        } else if g == usize::MAX && (options.singletons || !related_of_record[i].is_empty()) {
            let single = Group {
                canonical: i,
                members: vec![i],
            };
            let mut written = group_out(corpus, &single, &[]);
            written.related = related_out(&related_of_record[i]);
            out.push(written);
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
                indexed: None,
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
        related: None,
    }
}

/// Write groups in the chosen layout.
pub fn write_groups<G: Serialize>(
    wtr: &mut dyn Write,
    groups: &[G],
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
