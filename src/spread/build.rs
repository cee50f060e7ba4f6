//! Building the spread: every group measured against its origin.
//!
//! [`build`] finds, per group, the verified pairs (when asked for) and the
//! related edges that belong to it, then measures the groups in parallel:
//! the origin is chosen ([`super::origin`]), each member's text is split
//! into words once and aligned with the origin's, and the results become
//! the output model ([`super::model`]). The corpus summary is computed last
//! from the finished groups ([`super::summary`]).

use std::collections::HashMap;

use rayon::prelude::*;

use super::dates::check_dates;
use super::model::{Basis, Spread};
use super::model::{GroupSpread, MemberSpread, OriginOut, PairSpread, PassageOut, RelatedSpread};
use super::origin::choose_origin;
use super::outlets::outlet_name;
use super::summary::summarize;
use super::texts::Texts;
use crate::align::{Aligner, Alignment, ParagraphCoverage, Words, paragraph_words};
use crate::detect::Analysis;
use crate::detect::cluster::Rank;
use crate::detect::corpus::Corpus;
use crate::detect::normalize::normalize;
use crate::messages::Messages;
use crate::num::round4;
use crate::output::group_id;

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

/// What measuring any group needs.
struct GroupContext<'a> {
    corpus: &'a Corpus,
    texts: &'a Texts,
    options: &'a SpreadOptions,
    ranks: &'a [Rank],
}

/// One group while it is measured: its origin, its members in timeline
/// order with their alignment to the origin, and every text's words.
struct Measured {
    origin: usize,
    basis: Basis,
    tied: Vec<usize>,
    order: Vec<usize>,
    alignments: Vec<Alignment>,
    words: HashMap<usize, Words>,
}

impl GroupContext<'_> {
    fn spread(
        &self,
        canonical: usize,
        members: &[usize],
        pairs: &[(usize, usize)],
        related: &[(usize, usize)],
    ) -> GroupSpread {
        let (origin, basis, tied) = choose_origin(self.corpus, self.ranks, canonical, members);
        let words = self.words(origin, members, related);
        let order = self.timeline_order(origin, members);
        let alignments = self.align_with_origin(origin, &order, &words);
        let group = Measured {
            origin,
            basis,
            tied,
            order,
            alignments,
            words,
        };
        let members_out = self.members_out(&group);
        let origin_paragraph_words = paragraph_words(self.texts.get(origin), &group.words[&origin])
            .iter()
            .map(|p| p.len())
            .collect();
        let pairs_out = self.pairs_out(&group, pairs);
        let related_out = self.related_out(&group, related);
        GroupSpread {
            origin_paragraph_words,
            ..self.group_out(canonical, &group, members_out, pairs_out, related_out)
        }
    }

    /// The words of every member and quoting record, split once.
    fn words(
        &self,
        origin: usize,
        members: &[usize],
        related: &[(usize, usize)],
    ) -> HashMap<usize, Words> {
        // The first side of several alignments is indexed once: the
        // origin, quoted members, and with pair passages every member.
        let first_side = |i: usize| {
            i == origin || self.options.pair_passages || related.iter().any(|&(s, _)| s == i)
        };
        members
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
            .collect()
    }

    /// Members: origin first, then by date, undated last, then input order.
    fn timeline_order(&self, origin: usize, members: &[usize]) -> Vec<usize> {
        let metas = &self.corpus.metas;
        let mut order: Vec<usize> = members.to_vec();
        order.sort_by_key(|&m| {
            (
                m != origin,
                metas[m].timestamp.is_none(),
                metas[m].timestamp,
                m,
            )
        });
        order
    }

    /// Each member (in `order`) aligned with the origin; the origin covers
    /// itself whole.
    fn align_with_origin(
        &self,
        origin: usize,
        order: &[usize],
        words: &HashMap<usize, Words>,
    ) -> Vec<Alignment> {
        let origin_words = &words[&origin];
        order
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
            .collect()
    }

    fn members_out(&self, group: &Measured) -> Vec<MemberSpread> {
        let metas = &self.corpus.metas;
        let origin = group.origin;
        let origin_words = &group.words[&origin];
        let origin_ts = metas[origin].timestamp;
        let origin_title = metas[origin].title.as_deref().map(normalize);
        let origin_paragraphs = paragraph_words(self.texts.get(origin), origin_words);
        group
            .order
            .iter()
            .zip(&group.alignments)
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
                    words: group.words[&m].len(),
                    coverage: round4(if is_origin { 1.0 } else { al.a_share() }),
                    from_origin: round4(if is_origin { 1.0 } else { al.b_share() }),
                    title_changed: match (&origin_title, meta.title.as_deref()) {
                        (Some(o), Some(t)) if !is_origin => Some(*o != normalize(t)),
                        _ => None,
                    },
                    paragraphs: (!is_origin).then(|| {
                        ParagraphCoverage::of_paragraphs(&origin_paragraphs, &al.covered(true))
                    }),
                    passages: passages_out(al, origin_words, &group.words[&m]),
                    index: m,
                    timestamp: meta.timestamp,
                }
            })
            .collect()
    }

    /// Passages of each verified pair; a pair with the origin reuses the
    /// member's alignment.
    fn pairs_out(&self, group: &Measured, pairs: &[(usize, usize)]) -> Vec<PairSpread> {
        let metas = &self.corpus.metas;
        let (origin, words, alignments) = (group.origin, &group.words, &group.alignments);
        let position: HashMap<usize, usize> = group
            .order
            .iter()
            .enumerate()
            .map(|(k, &m)| (m, k))
            .collect();
        pairs
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
            .collect()
    }

    fn related_out(&self, group: &Measured, related: &[(usize, usize)]) -> Vec<RelatedSpread> {
        let metas = &self.corpus.metas;
        let words = &group.words;
        let first = group.order.iter().filter_map(|&m| metas[m].timestamp).min();
        related
            .par_iter()
            .map(|&(s, d)| {
                let al = self.options.aligner.align(&words[&s], &words[&d]);
                let paragraphs = paragraph_words(self.texts.get(s), &words[&s]);
                RelatedSpread {
                    id: metas[d].id.clone(),
                    outlet: metas[d].source.clone(),
                    date: metas[d].date.clone(),
                    title: metas[d].title.clone(),
                    source: metas[s].id.clone(),
                    source_covered: round4(al.a_share()),
                    derivative_covered: round4(al.b_share()),
                    paragraphs: ParagraphCoverage::of_paragraphs(&paragraphs, &al.covered(true)),
                    passages: passages_out(&al, &words[&s], &words[&d]),
                    predates_group: first
                        .zip(metas[d].timestamp)
                        .is_some_and(|(first, t)| t < first),
                    index: d,
                    timestamp: metas[d].timestamp,
                    source_paragraph_words: paragraphs.iter().map(|p| p.len()).collect(),
                }
            })
            .collect()
    }

    /// The group's entry: its origin, outlets and dates around the parts.
    fn group_out(
        &self,
        canonical: usize,
        group: &Measured,
        members: Vec<MemberSpread>,
        pairs: Vec<PairSpread>,
        related: Vec<RelatedSpread>,
    ) -> GroupSpread {
        let metas = &self.corpus.metas;
        let mut outlets: Vec<String> = Vec::new();
        for m in &members {
            if let Some(o) = outlet_name(self.corpus, m.index)
                && !outlets.contains(&o)
            {
                outlets.push(o);
            }
        }
        let dated = || members.iter().filter(|m| m.timestamp.is_some());
        let first = dated().min_by_key(|m| m.timestamp);
        let last = dated().max_by_key(|m| m.timestamp);
        GroupSpread {
            group: group_id(&metas[canonical].id),
            canonical: metas[canonical].id.clone(),
            size: members.len(),
            origin: OriginOut {
                id: metas[group.origin].id.clone(),
                basis: group.basis,
                tied_with: group.tied.iter().map(|&t| metas[t].id.clone()).collect(),
            },
            outlets,
            first_date: first.and_then(|m| m.date.clone()),
            last_date: last.and_then(|m| m.date.clone()),
            span_seconds: first
                .zip(last)
                .and_then(|(f, l)| Some(l.timestamp? - f.timestamp?)),
            pairs,
            related,
            members,
            origin_paragraph_words: Vec::new(),
        }
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
