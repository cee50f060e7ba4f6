//! Outlets: the name a record's outlet is shown by, and the tally over the
//! groups of which outlets originate stories and which reprint whom.
//!
//! Outlets are told apart as detection tells them apart (the source, case
//! folded, else the url's host: [`crate::detect::corpus::Meta::outlet`]) and shown
//! by the name first seen, so "AP" and "ap" are one outlet.

use std::collections::HashMap;

use super::model::{Basis, Edge, GroupSpread, OutletCount, OutletSummary};
use crate::detect::corpus::{Corpus, url_host};

/// A record's outlet for display: the source as given (its host when it is
/// a URL), else the url's host.
pub fn outlet_name(corpus: &Corpus, i: usize) -> Option<String> {
    let meta = &corpus.metas[i];
    match meta.source.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() && url_host(s).is_none() => Some(s.to_string()),
        _ => meta.outlet(),
    }
}

/// Origins, reprints and reprint edges counted per outlet.
pub(super) struct OutletTally<'a> {
    corpus: &'a Corpus,
    /// Outlets keyed as detection tells them apart (case folded), shown as
    /// first seen.
    names: HashMap<String, String>,
    as_origin: HashMap<String, usize>,
    as_reprint: HashMap<String, usize>,
    /// Reprints of an outlet's own stories (left out of the edges).
    own: HashMap<String, usize>,
    edges: HashMap<(String, String), usize>,
}

impl<'a> OutletTally<'a> {
    pub(super) fn new(corpus: &'a Corpus) -> OutletTally<'a> {
        OutletTally {
            corpus,
            names: HashMap::new(),
            as_origin: HashMap::new(),
            as_reprint: HashMap::new(),
            own: HashMap::new(),
            edges: HashMap::new(),
        }
    }

    /// The shown name of record `i`'s outlet.
    fn name_of(&mut self, i: usize) -> Option<String> {
        let key = self.corpus.metas[i].outlet()?;
        let shown = outlet_name(self.corpus, i)?;
        Some(self.names.entry(key).or_insert(shown).clone())
    }

    /// Count a group: its origin's outlet, each reprint's, and an edge from
    /// the origin's outlet to each other outlet reprinting it (not in an
    /// undated group, whose origin is only detection's choice).
    pub(super) fn add(&mut self, g: &GroupSpread) {
        let origin_outlet = self.name_of(g.members[0].index);
        if let Some(o) = &origin_outlet {
            *self.as_origin.entry(o.clone()).or_default() += 1;
        }
        for m in &g.members[1..] {
            let Some(target) = self.name_of(m.index) else {
                continue;
            };
            *self.as_reprint.entry(target.clone()).or_default() += 1;
            if g.origin.basis != Basis::Undated
                && let Some(source) = &origin_outlet
            {
                if *source == target {
                    *self.own.entry(target).or_default() += 1;
                } else {
                    *self.edges.entry((source.clone(), target)).or_default() += 1;
                }
            }
        }
    }

    /// The outlets, most reprints (then origins) first, and the edges, most
    /// reprints first.
    pub(super) fn finish(self) -> (Vec<OutletSummary>, Vec<Edge>) {
        let edges = sorted_edges(self.edges);
        let mut outlets: Vec<OutletSummary> = self
            .names
            .values()
            .map(|name| OutletSummary {
                outlet: name.clone(),
                origins: self.as_origin.get(name).copied().unwrap_or(0),
                reprints: self.as_reprint.get(name).copied().unwrap_or(0),
                from: sources_of(name, &edges),
                from_itself: self.own.get(name).copied().unwrap_or(0),
            })
            .collect();
        outlets.sort_by(|x, y| {
            y.reprints
                .cmp(&x.reprints)
                .then(y.origins.cmp(&x.origins))
                .then_with(|| x.outlet.cmp(&y.outlet))
        });
        (outlets, edges)
    }
}

/// The edges, most reprints first, then by name.
fn sorted_edges(edges: HashMap<(String, String), usize>) -> Vec<Edge> {
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
    edges
}

/// Whom `name` reprinted from, most first.
fn sources_of(name: &str, edges: &[Edge]) -> Vec<OutletCount> {
    let mut from: Vec<OutletCount> = edges
        .iter()
        .filter(|e| e.target == *name)
        .map(|e| OutletCount {
            outlet: e.source.clone(),
            count: e.count,
        })
        .collect();
    from.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.outlet.cmp(&y.outlet)));
    from
}
