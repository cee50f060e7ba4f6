//! Syndication spread: how far each story travelled, who printed it when,
//! how much of it, and what they changed.
//!
//! Built on a finished run ([`Corpus`] + [`Analysis`]) and the original
//! texts of the records in groups ([`Texts`], read in a second pass). Per
//! group:
//!
//! - the **origin**: the earliest dated member. When several share the
//!   earliest time (dates are often whole days) the origin is the one whose
//!   text the others carry most completely (reprints add headers and
//!   footers, the original does not), and the tie is reported; with no
//!   dates at all it is detection's canonical member;
//! - for every member: its lag after the origin, how much of the origin it
//!   printed ([`crate::align`] passages, and which paragraphs), and
//!   whether it changed the headline;
//! - passages of every verified pair and of every related edge (a record
//!   quoting a member without being a reprint).
//!
//! And over the corpus: group sizes, the outlets that reprint most and whom
//! from, the outlet-to-outlet edge list, the lag distribution.
//!
//! Dates are parsed by [`crate::date::parse_timestamp`]; a date that does
//! not parse is reported once per record and treated as missing.

pub mod texts;

use std::collections::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::align::{Aligner, Alignment, ParagraphCoverage, Words, paragraph_words};
use crate::cluster::{Rank, canonical_order};
use crate::corpus::Corpus;
use crate::messages::Messages;
use crate::normalize::normalize;
use crate::output::group_id;
use crate::pipeline::Analysis;
use crate::verify::Similarity;

pub use texts::{Rereader, Texts};

/// Warnings about unparseable dates shown before the rest are only counted.
const MAX_DATE_WARNINGS: usize = 20;

/// Members compared with each tied candidate when breaking an origin tie.
const TIE_SAMPLE: usize = 50;

/// The spread of every group, and the corpus summary.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    /// Corpus-wide figures.
    pub summary: Summary,
    /// One entry per group, in the order of the main output.
    pub groups: Vec<GroupSpread>,
}

/// How the origin of a group was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The only member with the earliest date.
    Earliest,
    /// Several members share the earliest date; see `tied_with`.
    Tied,
    /// No member has a usable date: detection's canonical member.
    Undated,
}

/// The origin of a group.
#[derive(Debug, Clone, Serialize)]
pub struct OriginOut {
    /// Id of the origin.
    pub id: String,
    /// How it was chosen.
    pub basis: Basis,
    /// Other members dated the same as the origin.
    pub tied_with: Vec<String>,
}

/// Passage spans: character offsets `[start, end)` (Unicode scalar values,
/// as Python's `str` indexes) into each record's original text (the text
/// field's value as read), and the words on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageOut {
    /// Span in the first record (for members: the origin).
    pub a: [usize; 2],
    /// Span in the second record (for members: the member).
    pub b: [usize; 2],
    /// Words of the first record in the passage.
    pub a_words: usize,
    /// Words of the second record in the passage.
    pub b_words: usize,
}

/// One member of a group, measured against the origin.
#[derive(Debug, Clone, Serialize)]
pub struct MemberSpread {
    /// Record id.
    pub id: String,
    /// Outlet as given.
    pub source: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Seconds after the origin (null when either is undated).
    pub lag_seconds: Option<i64>,
    /// Words of the original text.
    pub words: usize,
    /// Share of the origin's words this member printed (1 for the origin).
    pub coverage: f64,
    /// Share of this member's words that are the origin's text.
    pub from_origin: f64,
    /// Whether the headline differs from the origin's (after
    /// normalization); null when either has none.
    pub title_changed: Option<bool>,
    /// Which of the origin's paragraphs this member printed (null for the
    /// origin).
    pub paragraphs: Option<ParagraphCoverage>,
    /// Passages shared with the origin (`a`: origin, `b`: this member).
    pub passages: Vec<PassageOut>,
    /// Index of the record in the corpus.
    #[serde(skip)]
    pub index: usize,
    /// The date as seconds since the epoch.
    #[serde(skip)]
    pub timestamp: Option<i64>,
}

/// Passages of one verified pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairSpread {
    /// Id of the record that comes first in the input.
    pub a: String,
    /// Id of the other.
    pub b: String,
    /// Share of `a`'s words in a passage.
    pub a_covered: f64,
    /// Share of `b`'s words in a passage.
    pub b_covered: f64,
    /// The passages.
    pub passages: Vec<PassageOut>,
}

/// A record quoting a member of the group without being a reprint.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedSpread {
    /// Id of the quoting record.
    pub id: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date as given.
    pub date: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Id of the member quoted.
    pub source: String,
    /// Share of the source's words quoted.
    pub source_covered: f64,
    /// Share of the quoting record's words that are quoted.
    pub derivative_covered: f64,
    /// Which of the source's paragraphs are quoted.
    pub paragraphs: ParagraphCoverage,
    /// Passages (`a`: source, `b`: quoting record).
    pub passages: Vec<PassageOut>,
    /// Index of the quoting record in the corpus.
    #[serde(skip)]
    pub index: usize,
}

/// The spread of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSpread {
    /// The group id of the main output.
    pub group: String,
    /// Detection's canonical member (the main output's `canonical`).
    pub canonical: String,
    /// Members.
    pub size: usize,
    /// The origin.
    pub origin: OriginOut,
    /// Distinct outlets, in member order.
    pub outlets: Vec<String>,
    /// Earliest date, as given.
    pub first_date: Option<String>,
    /// Latest date, as given.
    pub last_date: Option<String>,
    /// Seconds from the first to the last date.
    pub span_seconds: Option<i64>,
    /// Members: the origin, then by date (undated last), then input order.
    pub members: Vec<MemberSpread>,
    /// Passages of every verified pair of the group (empty unless asked
    /// for: [`SpreadOptions::pair_passages`]).
    pub pairs: Vec<PairSpread>,
    /// Records quoting a member.
    pub related: Vec<RelatedSpread>,
}

/// Groups of one size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeCount {
    /// Members per group.
    pub size: usize,
    /// Groups of that size.
    pub groups: usize,
}

/// How many origins were chosen each way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BasisCounts {
    /// By a unique earliest date.
    pub earliest: usize,
    /// Among members tied on the earliest date.
    pub tied: usize,
    /// In groups with no usable date.
    pub undated: usize,
}

/// Dates of the records in groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DateCounts {
    /// Records with a date that parses.
    pub parsed: usize,
    /// Records with no date.
    pub missing: usize,
    /// Records with a date that does not parse (treated as missing).
    pub unparseable: usize,
}

/// One bar of the lag histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagBucket {
    /// Label, e.g. `1-6 h`.
    pub label: &'static str,
    /// Lower bound in seconds (inclusive).
    pub from_seconds: i64,
    /// Upper bound in seconds (exclusive; null: no bound).
    pub to_seconds: Option<i64>,
    /// Reprints with a lag in the bucket.
    pub count: usize,
}

/// How long after the origin reprints appeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagSummary {
    /// Reprints (members other than the origin).
    pub reprints: usize,
    /// Reprints with a lag (both dated).
    pub dated: usize,
    /// Median lag in seconds.
    pub median_seconds: Option<i64>,
    /// 90th percentile lag in seconds.
    pub p90_seconds: Option<i64>,
    /// Longest lag in seconds.
    pub max_seconds: Option<i64>,
    /// Histogram of lags.
    pub histogram: Vec<LagBucket>,
}

/// An outlet and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// Outlet.
    pub outlet: String,
    /// Count.
    pub count: usize,
}

/// What an outlet printed of the stories in groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletSummary {
    /// Outlet.
    pub outlet: String,
    /// Groups it is the origin of.
    pub origins: usize,
    /// Reprints it printed.
    pub reprints: usize,
    /// Whom it reprinted from, most first.
    pub from: Vec<OutletCount>,
}

/// An edge of the outlet network: `target` reprinted `source` `count` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The origin's outlet.
    pub source: String,
    /// The reprinting outlet.
    pub target: String,
    /// Reprints.
    pub count: usize,
}

/// Corpus-wide figures.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Groups.
    pub groups: usize,
    /// Records in groups.
    pub grouped_records: usize,
    /// Related edges into groups.
    pub related: usize,
    /// Group size distribution, smallest first.
    pub group_sizes: Vec<SizeCount>,
    /// How origins were chosen.
    pub origins: BasisCounts,
    /// Dates of grouped records.
    pub dates: DateCounts,
    /// Lags of reprints after their origin.
    pub lag: LagSummary,
    /// Outlets by reprints printed (then origins), most first.
    pub outlets: Vec<OutletSummary>,
    /// Outlet-to-outlet edges, most reprints first.
    pub edges: Vec<Edge>,
}

/// The lag buckets: bounds in seconds.
const LAG_BUCKETS: &[(&str, i64, Option<i64>)] = &[
    ("same time", 0, Some(1)),
    ("< 1 h", 1, Some(3_600)),
    ("1-6 h", 3_600, Some(6 * 3_600)),
    ("6-24 h", 6 * 3_600, Some(86_400)),
    ("1-2 d", 86_400, Some(2 * 86_400)),
    ("2-7 d", 2 * 86_400, Some(7 * 86_400)),
    ("1-4 wk", 7 * 86_400, Some(30 * 86_400)),
    ("30+ d", 30 * 86_400, None),
];

/// Which records spread needs the text of: group members, and the records
/// quoting them.
pub fn wanted(corpus: &Corpus, analysis: &Analysis) -> Vec<bool> {
    let mut wanted = vec![false; corpus.len()];
    for g in &analysis.groups {
        for &m in &g.members {
            wanted[m] = true;
        }
    }
    for r in &analysis.related {
        if wanted[r.source as usize] {
            wanted[r.derivative as usize] = true;
        }
    }
    wanted
}

/// What to compute.
#[derive(Debug, Clone, Copy)]
pub struct SpreadOptions {
    /// Aligns passages.
    pub aligner: Aligner,
    /// Also align every verified pair of each group, not only each member
    /// with the origin (groups hold up to n(n-1)/2 pairs; only the JSON
    /// output shows them).
    pub pair_passages: bool,
}

/// Measure the spread of every group.
pub fn build(
    corpus: &Corpus,
    analysis: &Analysis,
    texts: &Texts,
    options: &SpreadOptions,
    messages: &Messages,
) -> Spread {
    let n = corpus.len();
    let mut group_of = vec![usize::MAX; n];
    for (g, group) in analysis.groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m] = g;
        }
    }
    let mut pairs_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); analysis.groups.len()];
    for p in analysis.pairs.iter().filter(|_| options.pair_passages) {
        let (a, b) = (p.a as usize, p.b as usize);
        if group_of[a] != usize::MAX && group_of[a] == group_of[b] {
            pairs_of[group_of[a]].push((a, b));
        }
    }
    let mut related_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); analysis.groups.len()];
    for r in &analysis.related {
        let (s, d) = (r.source as usize, r.derivative as usize);
        if group_of[s] != usize::MAX {
            related_of[group_of[s]].push((s, d));
        }
    }
    let ranks = corpus.ranks();
    let dates = check_dates(corpus, &group_of, &related_of, messages);

    let groups: Vec<GroupSpread> = analysis
        .groups
        .par_iter()
        .enumerate()
        .map(|(g, group)| {
            let ctx = GroupContext {
                corpus,
                texts,
                options,
                ranks: &ranks,
            };
            ctx.spread(
                group.canonical,
                &group.members,
                &pairs_of[g],
                &related_of[g],
            )
        })
        .collect();
    let summary = summarize(corpus, &groups, dates);
    Spread { summary, groups }
}

/// Warn once per grouped record whose date does not parse; count dates.
fn check_dates(
    corpus: &Corpus,
    group_of: &[usize],
    related_of: &[Vec<(usize, usize)>],
    messages: &Messages,
) -> DateCounts {
    let mut counts = DateCounts::default();
    let mut in_scope: Vec<bool> = group_of.iter().map(|&g| g != usize::MAX).collect();
    for &(_, d) in related_of.iter().flatten() {
        in_scope[d] = true;
    }
    for (i, meta) in corpus.metas.iter().enumerate() {
        if !in_scope[i] {
            continue;
        }
        match (meta.date.as_deref().map(str::trim), meta.timestamp) {
            (_, Some(_)) => counts.parsed += 1,
            (None | Some(""), None) => counts.missing += 1,
            (Some(date), None) => {
                counts.unparseable += 1;
                if counts.unparseable <= MAX_DATE_WARNINGS {
                    messages.warn(format_args!(
                        "{}: record '{}': unparseable date '{}', treated as missing",
                        meta.origin, meta.id, date
                    ));
                }
            }
        }
    }
    if counts.unparseable > MAX_DATE_WARNINGS {
        messages.warn(format_args!(
            "{} more records with an unparseable date, treated as missing",
            counts.unparseable - MAX_DATE_WARNINGS
        ));
    }
    counts
}

struct GroupContext<'a> {
    corpus: &'a Corpus,
    texts: &'a Texts,
    options: &'a SpreadOptions,
    ranks: &'a [Rank],
}

impl GroupContext<'_> {
    fn spread(
        &self,
        canonical: usize,
        members: &[usize],
        pairs: &[(usize, usize)],
        related: &[(usize, usize)],
    ) -> GroupSpread {
        let metas = &self.corpus.metas;
        let (origin, basis, tied) = self.choose_origin(canonical, members);
        // The first side of several alignments is indexed once: the
        // origin, quoted members, and with pair passages every member.
        let first_side = |i: usize| {
            i == origin || self.options.pair_passages || related.iter().any(|&(s, _)| s == i)
        };
        let words: HashMap<usize, Words> = members
            .par_iter()
            .copied()
            .chain(related.par_iter().map(|&(_, d)| d))
            .map(|i| {
                let mut w = self.options.aligner.words(self.texts.get(i));
                if first_side(i) {
                    w.index();
                }
                (i, w)
            })
            .collect();
        let origin_words = &words[&origin];

        // Members: origin first, then by date, undated last, then input order.
        let mut order: Vec<usize> = members.to_vec();
        order.sort_by_key(|&m| {
            (
                m != origin,
                metas[m].timestamp.is_none(),
                metas[m].timestamp,
                m,
            )
        });
        let origin_ts = metas[origin].timestamp;
        let origin_title = metas[origin].title.as_deref().map(normalize);
        let alignments: Vec<Alignment> = order
            .par_iter()
            .map(|&m| {
                if m == origin {
                    let w = origin_words.len();
                    Alignment {
                        a_words: w,
                        b_words: w,
                        a_covered: w,
                        b_covered: w,
                        ..Alignment::default()
                    }
                } else {
                    self.options.aligner.align(origin_words, &words[&m])
                }
            })
            .collect();
        let origin_paragraphs = paragraph_words(self.texts.get(origin), origin_words);
        let members_out: Vec<MemberSpread> = order
            .iter()
            .zip(&alignments)
            .map(|(&m, al)| {
                let meta = &metas[m];
                let is_origin = m == origin;
                MemberSpread {
                    id: meta.id.clone(),
                    source: meta.source.clone(),
                    date: meta.date.clone(),
                    title: meta.title.clone(),
                    url: meta.url.clone(),
                    lag_seconds: origin_ts.zip(meta.timestamp).map(|(o, t)| t - o),
                    words: words[&m].len(),
                    coverage: round4(if is_origin { 1.0 } else { al.a_share() }),
                    from_origin: round4(if is_origin { 1.0 } else { al.b_share() }),
                    title_changed: match (&origin_title, meta.title.as_deref()) {
                        (Some(o), Some(t)) if !is_origin => Some(*o != normalize(t)),
                        _ => None,
                    },
                    paragraphs: (!is_origin).then(|| {
                        ParagraphCoverage::of_paragraphs(&origin_paragraphs, &al.covered(true))
                    }),
                    passages: passages_out(al, origin_words, &words[&m]),
                    index: m,
                    timestamp: meta.timestamp,
                }
            })
            .collect();

        let position: HashMap<usize, usize> =
            order.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        let pairs_out: Vec<PairSpread> = pairs
            .par_iter()
            .map(|&(a, b)| {
                let al = if a == origin {
                    alignments[position[&b]].clone()
                } else if b == origin {
                    alignments[position[&a]].swapped()
                } else {
                    self.options.aligner.align(&words[&a], &words[&b])
                };
                PairSpread {
                    a: metas[a].id.clone(),
                    b: metas[b].id.clone(),
                    a_covered: round4(al.a_share()),
                    b_covered: round4(al.b_share()),
                    passages: passages_out(&al, &words[&a], &words[&b]),
                }
            })
            .collect();

        let related_out: Vec<RelatedSpread> = related
            .par_iter()
            .map(|&(s, d)| {
                let al = self.options.aligner.align(&words[&s], &words[&d]);
                RelatedSpread {
                    id: metas[d].id.clone(),
                    outlet: metas[d].source.clone(),
                    date: metas[d].date.clone(),
                    title: metas[d].title.clone(),
                    source: metas[s].id.clone(),
                    source_covered: round4(al.a_share()),
                    derivative_covered: round4(al.b_share()),
                    paragraphs: ParagraphCoverage::of(
                        self.texts.get(s),
                        &words[&s],
                        &al.covered(true),
                    ),
                    passages: passages_out(&al, &words[&s], &words[&d]),
                    index: d,
                }
            })
            .collect();

        let mut outlets: Vec<String> = Vec::new();
        for m in &members_out {
            if let Some(o) = outlet_name(self.corpus, m.index)
                && !outlets.contains(&o)
            {
                outlets.push(o);
            }
        }
        let dated = || members_out.iter().filter(|m| m.timestamp.is_some());
        let first = dated().min_by_key(|m| m.timestamp);
        let last = dated().max_by_key(|m| m.timestamp);
        GroupSpread {
            group: group_id(&metas[canonical].id),
            canonical: metas[canonical].id.clone(),
            size: members.len(),
            origin: OriginOut {
                id: metas[origin].id.clone(),
                basis,
                tied_with: tied.iter().map(|&t| metas[t].id.clone()).collect(),
            },
            outlets,
            first_date: first.and_then(|m| m.date.clone()),
            last_date: last.and_then(|m| m.date.clone()),
            span_seconds: first
                .zip(last)
                .and_then(|(f, l)| Some(l.timestamp? - f.timestamp?)),
            members: members_out,
            pairs: pairs_out,
            related: related_out,
        }
    }

    /// The earliest dated member; ties go to the member whose shingles the
    /// other members hold most of (the text they all copied), then to
    /// detection's canonical order.
    fn choose_origin(&self, canonical: usize, members: &[usize]) -> (usize, Basis, Vec<usize>) {
        let metas = &self.corpus.metas;
        let Some(first) = members.iter().filter_map(|&m| metas[m].timestamp).min() else {
            return (canonical, Basis::Undated, Vec::new());
        };
        let tied: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&m| metas[m].timestamp == Some(first))
            .collect();
        if tied.len() == 1 {
            return (tied[0], Basis::Earliest, Vec::new());
        }
        let features = &self.corpus.features;
        let carried = |t: usize| -> f64 {
            let others = members.iter().filter(|&&m| m != t).take(TIE_SAMPLE);
            let (sum, count) = others.fold((0.0, 0usize), |(s, c), &m| {
                let sim = Similarity::of(&features[t].shingles, &features[m].shingles);
                (s + sim.a_in_b(), c + 1)
            });
            if count == 0 { 0.0 } else { sum / count as f64 }
        };
        let scores: Vec<(usize, f64)> = tied.iter().map(|&t| (t, carried(t))).collect();
        let origin = scores
            .iter()
            .max_by(|x, y| {
                x.1.total_cmp(&y.1)
                    .then_with(|| canonical_order(self.ranks, y.0, x.0))
            })
            .map(|x| x.0)
            .unwrap_or(canonical);
        let others = tied.into_iter().filter(|&t| t != origin).collect();
        (origin, Basis::Tied, others)
    }
}

fn passages_out(al: &Alignment, a: &Words, b: &Words) -> Vec<PassageOut> {
    al.passages
        .iter()
        .map(|p| {
            let (ra, rb) = (a.char_range(&p.a), b.char_range(&p.b));
            PassageOut {
                a: [ra.start, ra.end],
                b: [rb.start, rb.end],
                a_words: p.a.len(),
                b_words: p.b.len(),
            }
        })
        .collect()
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A record's outlet for display: the source as given, else the url's host.
pub fn outlet_name(corpus: &Corpus, i: usize) -> Option<String> {
    let meta = &corpus.metas[i];
    match meta.source.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => Some(s.to_string()),
        _ => meta.outlet(),
    }
}

fn summarize(corpus: &Corpus, groups: &[GroupSpread], dates: DateCounts) -> Summary {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    let mut origins = BasisCounts::default();
    let mut lags: Vec<i64> = Vec::new();
    let mut reprints = 0;
    // Outlets keyed as detection tells them apart (case folded), shown as
    // first seen.
    let mut names: HashMap<String, String> = HashMap::new();
    let mut name_of = |i: usize| -> Option<String> {
        let key = corpus.metas[i].outlet()?;
        let shown = outlet_name(corpus, i)?;
        Some(names.entry(key).or_insert(shown).clone())
    };
    let mut as_origin: HashMap<String, usize> = HashMap::new();
    let mut as_reprint: HashMap<String, usize> = HashMap::new();
    let mut edges: HashMap<(String, String), usize> = HashMap::new();
    for g in groups {
        *sizes.entry(g.size).or_default() += 1;
        match g.origin.basis {
            Basis::Earliest => origins.earliest += 1,
            Basis::Tied => origins.tied += 1,
            Basis::Undated => origins.undated += 1,
        }
        let origin_outlet = name_of(g.members[0].index);
        if let Some(o) = &origin_outlet {
            *as_origin.entry(o.clone()).or_default() += 1;
        }
        for m in &g.members[1..] {
            reprints += 1;
            lags.extend(m.lag_seconds);
            let Some(target) = name_of(m.index) else {
                continue;
            };
            *as_reprint.entry(target.clone()).or_default() += 1;
            if g.origin.basis != Basis::Undated
                && let Some(source) = &origin_outlet
                && *source != target
            {
                *edges.entry((source.clone(), target)).or_default() += 1;
            }
        }
    }

    let mut group_sizes: Vec<SizeCount> = sizes
        .into_iter()
        .map(|(size, groups)| SizeCount { size, groups })
        .collect();
    group_sizes.sort_by_key(|s| s.size);

    let mut edges: Vec<Edge> = edges
        .into_iter()
        .map(|((source, target), count)| Edge {
            source,
            target,
            count,
        })
        .collect();
    edges.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then_with(|| x.source.cmp(&y.source))
            .then_with(|| x.target.cmp(&y.target))
    });

    let mut outlets: Vec<OutletSummary> = names
        .values()
        .map(|name| {
            let mut from: Vec<OutletCount> = edges
                .iter()
                .filter(|e| e.target == *name)
                .map(|e| OutletCount {
                    outlet: e.source.clone(),
                    count: e.count,
                })
                .collect();
            from.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.outlet.cmp(&y.outlet)));
            OutletSummary {
                outlet: name.clone(),
                origins: as_origin.get(name).copied().unwrap_or(0),
                reprints: as_reprint.get(name).copied().unwrap_or(0),
                from,
            }
        })
        .collect();
    outlets.sort_by(|x, y| {
        y.reprints
            .cmp(&x.reprints)
            .then(y.origins.cmp(&x.origins))
            .then_with(|| x.outlet.cmp(&y.outlet))
    });

    lags.sort_unstable();
    let quantile = |q: f64| -> Option<i64> {
        if lags.is_empty() {
            return None;
        }
        let k = ((lags.len() - 1) as f64 * q).round() as usize;
        Some(lags[k])
    };
    let histogram = LAG_BUCKETS
        .iter()
        .map(|&(label, from, to)| LagBucket {
            label,
            from_seconds: from,
            to_seconds: to,
            count: lags
                .iter()
                .filter(|&&l| l >= from && to.is_none_or(|t| l < t))
                .count(),
        })
        .collect();
    let lag = LagSummary {
        reprints,
        dated: lags.len(),
        median_seconds: quantile(0.5),
        p90_seconds: quantile(0.9),
        max_seconds: lags.last().copied(),
        histogram,
    };

    Summary {
        records: corpus.len(),
        skipped: corpus.skipped.len(),
        groups: groups.len(),
        grouped_records: groups.iter().map(|g| g.size).sum(),
        related: groups.iter().map(|g| g.related.len()).sum(),
        group_sizes,
        origins,
        dates,
        lag,
        outlets,
        edges,
    }
}

/// A lag in a few characters: `+0`, `+45 min`, `+3 h`, `+1 d 4 h`, `+12 d`.
pub fn human_lag(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "+" };
    let s = seconds.unsigned_abs();
    if s == 0 {
        "+0".to_string()
    } else if s < 3_600 {
        format!("{sign}{} min", s.div_ceil(60))
    } else if s < 86_400 {
        format!("{sign}{} h", s / 3_600)
    } else if s < 7 * 86_400 && s % 86_400 >= 3_600 {
        format!("{sign}{} d {} h", s / 86_400, s % 86_400 / 3_600)
    } else {
        format!("{sign}{} d", s / 86_400)
    }
}

/// Write the spread as JSON Lines: one `{"type":"group",...}` line per
/// group, then one `{"type":"summary",...}` line.
pub fn write_jsonl(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    #[derive(Serialize)]
    struct Tagged<'a, T: Serialize> {
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(flatten)]
        body: &'a T,
    }
    for g in &spread.groups {
        serde_json::to_writer(
            &mut *wtr,
            &Tagged {
                kind: "group",
                body: g,
            },
        )?;
        wtr.write_all(b"\n")?;
    }
    serde_json::to_writer(
        &mut *wtr,
        &Tagged {
            kind: "summary",
            body: &spread.summary,
        },
    )?;
    wtr.write_all(b"\n")?;
    wtr.flush()
}

/// Write the outlet edge list as CSV: `source,target,count`.
pub fn write_edges_csv(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(wtr);
    csv.write_record(["source", "target", "count"])?;
    for e in &spread.summary.edges {
        csv.write_record([e.source.as_str(), e.target.as_str(), &e.count.to_string()])?;
    }
    csv.flush()
}

/// Write the spread for people to read: a summary, then each group as a
/// timeline.
pub fn write_text(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    let s = &spread.summary;
    writeln!(
        wtr,
        "{} groups holding {} of {} records; {} related records quote them",
        s.groups, s.grouped_records, s.records, s.related
    )?;
    let sizes: Vec<String> = s
        .group_sizes
        .iter()
        .map(|c| format!("{} of size {}", c.groups, c.size))
        .collect();
    writeln!(wtr, "group sizes: {}", or_none(&sizes.join(", ")))?;
    writeln!(
        wtr,
        "origins: {} by earliest date, {} tied on the earliest date, {} undated groups",
        s.origins.earliest, s.origins.tied, s.origins.undated
    )?;
    writeln!(
        wtr,
        "dates of grouped records: {} parsed, {} missing, {} unparseable",
        s.dates.parsed, s.dates.missing, s.dates.unparseable
    )?;
    let lag = |x: Option<i64>| x.map_or_else(|| "-".to_string(), human_lag);
    writeln!(
        wtr,
        "reprint lag: {} of {} reprints dated; median {}, 90% within {}, longest {}",
        s.lag.dated,
        s.lag.reprints,
        lag(s.lag.median_seconds),
        lag(s.lag.p90_seconds),
        lag(s.lag.max_seconds)
    )?;
    let hist: Vec<String> = s
        .lag
        .histogram
        .iter()
        .map(|b| format!("{} {}", b.label, b.count))
        .collect();
    writeln!(wtr, "  {}", hist.join(" | "))?;
    writeln!(wtr, "top reprinting outlets:")?;
    if s.outlets.iter().all(|o| o.reprints == 0) {
        writeln!(wtr, "  none (no outlet is known)")?;
    }
    for o in s.outlets.iter().filter(|o| o.reprints > 0).take(10) {
        let from: Vec<String> = o
            .from
            .iter()
            .take(5)
            .map(|f| format!("{} ({})", f.outlet, f.count))
            .collect();
        writeln!(
            wtr,
            "  {:<28} {:>4} reprints, {:>3} origins; from {}",
            o.outlet,
            o.reprints,
            o.origins,
            or_none(&from.join(", "))
        )?;
    }

    for g in &spread.groups {
        writeln!(wtr)?;
        let origin = &g.members[0];
        let when = match (&g.first_date, &g.last_date) {
            (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
            (Some(f), _) => f.clone(),
            _ => "undated".to_string(),
        };
        writeln!(
            wtr,
            "group {}: {} records, {} outlets, {}",
            g.group,
            g.size,
            g.outlets.len(),
            when
        )?;
        writeln!(
            wtr,
            "  \"{}\"",
            origin.title.as_deref().unwrap_or("(no title)")
        )?;
        let basis = match g.origin.basis {
            Basis::Earliest => String::new(),
            Basis::Tied => format!(
                " (earliest date tied with {})",
                g.origin.tied_with.join(", ")
            ),
            Basis::Undated => " (no member is dated: detection's canonical member)".to_string(),
        };
        writeln!(
            wtr,
            "  origin  {}  {}  {}{}",
            origin.id,
            origin.source.as_deref().unwrap_or("-"),
            origin.date.as_deref().unwrap_or("undated"),
            basis
        )?;
        for m in &g.members[1..] {
            let mut notes = Vec::new();
            if let Some(p) = &m.paragraphs
                && !p.absent.is_empty()
            {
                notes.push(format!("paragraphs {}", p.describe()));
            }
            if m.title_changed == Some(true) {
                notes.push(format!(
                    "headline \"{}\"",
                    m.title.as_deref().unwrap_or_default()
                ));
            }
            writeln!(
                wtr,
                "  {:>8}  {}  {}  {}  prints {:.0}% of the origin{}{}",
                m.lag_seconds
                    .map_or_else(|| "undated".to_string(), human_lag),
                m.id,
                m.source.as_deref().unwrap_or("-"),
                m.date.as_deref().unwrap_or("-"),
                100.0 * m.coverage,
                if notes.is_empty() { "" } else { "; " },
                notes.join("; ")
            )?;
        }
        for r in &g.related {
            writeln!(
                wtr,
                "  {:>8}  {}  {}  quotes {:.0}% of {} (paragraphs {})",
                "related",
                r.id,
                r.outlet.as_deref().unwrap_or("-"),
                100.0 * r.source_covered,
                r.source,
                r.paragraphs.describe()
            )?;
        }
    }
    wtr.flush()
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Input;

    #[test]
    fn texts_are_reread_and_every_pair_gets_passages() {
        let dir = tempfile::tempdir().unwrap();
        let story = "The harbour board voted on Tuesday to close the old ferry pier after \
            engineers found the pilings had rotted through in three places, and said \
            repairs would cost more than building a new pier further along the quay.";
        let path = dir.path().join("news.jsonl");
        std::fs::write(
            &path,
            format!(
                "{{\"id\":\"a\",\"date\":\"2024-01-02\",\"text\":\"{story}\"}}\n\
                 {{\"id\":\"b\",\"date\":\"2024-01-01\",\"text\":\"Share this \u{2014} {story}\"}}\n\
                 {{\"id\":\"c\",\"text\":\"Nothing to do with it at all.\"}}\n"
            ),
        )
        .unwrap();
        let params = crate::Params {
            min_shared: 5,
            ..crate::Params::default()
        };
        let config = crate::Job::new(vec![Input::Path(path)], Default::default(), params).unwrap();
        let (corpus, analysis) = config.load_and_analyze().unwrap();
        let wanted = wanted(&corpus, &analysis);
        assert_eq!(wanted, [true, true, false]);
        let texts = Texts::reread(&config.inputs, &config.read, &corpus, &wanted).unwrap();
        assert_eq!(texts.count(), 2);
        assert!(texts.get(1).starts_with("Share this \u{2014}"));
        assert_eq!(texts.get(2), "");

        let options = SpreadOptions {
            aligner: Aligner::new(config.params().ngram),
            pair_passages: true,
        };
        let spread = build(&corpus, &analysis, &texts, &options, &Messages::default());
        let g = &spread.groups[0];
        // The earlier date wins over input order and length.
        assert_eq!(g.origin.id, "b");
        assert_eq!(g.members[1].lag_seconds, Some(86_400));
        // The one verified pair, `a` first in the input: all of `a` is in
        // `b`, after b's header, counted in characters (the dash is one).
        assert_eq!(analysis.pairs.len(), 1);
        assert_eq!(g.pairs.len(), 1);
        let pair = &g.pairs[0];
        assert_eq!((pair.a.as_str(), pair.b.as_str()), ("a", "b"));
        assert_eq!(pair.a_covered, 1.0);
        assert!(pair.b_covered < 1.0);
        assert_eq!(pair.passages.len(), 1);
        let p = &pair.passages[0];
        assert_eq!(p.b[0], "Share this \u{2014} ".chars().count());
        assert_eq!(p.a, [0, story.chars().count() - 1], "up to the final stop");
        // The member's passages are the same pair seen from the origin.
        assert_eq!(g.members[1].passages[0].a, p.b);
        assert_eq!(g.members[1].passages[0].b, p.a);
    }

    #[test]
    fn lags_read_naturally() {
        assert_eq!(human_lag(0), "+0");
        assert_eq!(human_lag(59), "+1 min");
        assert_eq!(human_lag(3 * 3_600 + 5), "+3 h");
        assert_eq!(human_lag(86_400), "+1 d");
        assert_eq!(human_lag(86_400 + 4 * 3_600), "+1 d 4 h");
        assert_eq!(human_lag(12 * 86_400 + 4 * 3_600), "+12 d");
    }

    #[test]
    fn lag_buckets_cover_every_lag_once() {
        for lag in [0, 1, 3_599, 3_600, 86_399, 86_400, 6 * 86_400, 40 * 86_400] {
            let hits = LAG_BUCKETS
                .iter()
                .filter(|(_, from, to)| lag >= *from && to.is_none_or(|t| lag < t))
                .count();
            assert_eq!(hits, 1, "lag {lag}");
        }
    }
}
