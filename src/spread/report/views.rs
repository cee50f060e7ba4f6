//! The groups as the report's timelines show them: light views of each
//! group and member (ids, dates, coverage; no texts), all written in one
//! JSON element that the script renders a page at a time.

use serde::Serialize;

use crate::align::ParagraphCoverage;
use crate::spread::lag::human_lag;
use crate::spread::model::{Basis, GroupSpread};
use crate::spread::wording::paragraphs;

/// A member as the timeline shows it.
#[derive(Serialize)]
pub(super) struct MemberView<'a> {
    id: &'a str,
    outlet: Option<&'a str>,
    date: Option<&'a str>,
    /// Seconds since the epoch, for the timeline position.
    t: Option<i64>,
    lag: Option<String>,
    title: Option<&'a str>,
    /// `origin`, `reprint` or `related`.
    kind: &'static str,
    /// Share of the origin (or quoted member) printed.
    cov: f64,
    /// Share of this record that is the origin's text.
    from: f64,
    changed: Option<bool>,
    /// `"paragraphs 1-3 of its 8"` when paragraphs were left out.
    para: Option<String>,
    /// One character per paragraph of the origin: `1` printed, `0` not
    /// (a string is a third the size of an array in a large report).
    flags: String,
    /// For related records: the member quoted (index into members).
    of: usize,
    /// For related records: dated before every member, so said to share
    /// the passage rather than to quote it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    early: bool,
    /// For related records: words per paragraph of the quoted member
    /// (members' bars use the group's `pw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pw: Option<&'a [usize]>,
}

/// A group as the timeline shows it.
#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    id: &'a str,
    title: Option<&'a str>,
    size: usize,
    outlets: usize,
    first: Option<&'a str>,
    last: Option<&'a str>,
    span: Option<String>,
    basis: Basis,
    tied: Vec<&'a str>,
    /// Words per paragraph of the origin: the coverage bar's segments are
    /// as wide as their paragraphs are long.
    pw: &'a [usize],
    members: Vec<MemberView<'a>>,
}

pub(super) fn group_view(g: &GroupSpread) -> GroupView<'_> {
    let mut members: Vec<MemberView> = g
        .members
        .iter()
        .enumerate()
        .map(|(k, m)| MemberView {
            id: &m.id,
            outlet: m.source.as_deref(),
            date: m.date.as_deref(),
            t: m.timestamp,
            lag: m.lag_seconds.map(human_lag),
            title: m.title.as_deref(),
            kind: if k == 0 { "origin" } else { "reprint" },
            cov: m.coverage,
            from: m.from_origin,
            changed: m.title_changed,
            para: m
                .paragraphs
                .as_ref()
                .filter(|p| !p.absent.is_empty())
                .map(paragraphs),
            flags: m.paragraphs.as_ref().map(flags).unwrap_or_default(),
            of: 0,
            early: false,
            pw: None,
        })
        .collect();
    for r in &g.related {
        let of = g.members.iter().position(|m| m.id == r.source).unwrap_or(0);
        members.push(MemberView {
            id: &r.id,
            outlet: r.outlet.as_deref(),
            date: r.date.as_deref(),
            t: r.timestamp,
            lag: None,
            title: r.title.as_deref(),
            kind: "related",
            cov: r.source_covered,
            from: r.derivative_covered,
            changed: None,
            para: Some(paragraphs(&r.paragraphs)),
            flags: flags(&r.paragraphs),
            of,
            early: r.predates_group,
            pw: Some(&r.source_paragraph_words),
        });
    }
    GroupView {
        id: &g.group,
        title: g.members[0].title.as_deref(),
        size: g.size,
        outlets: g.outlets.len(),
        first: g.first_date.as_deref(),
        last: g.last_date.as_deref(),
        span: g.span_seconds.map(human_lag),
        basis: g.origin.basis,
        tied: g.origin.tied_with.iter().map(String::as_str).collect(),
        pw: &g.origin_paragraph_words,
        members,
    }
}

/// `"11100000"`: which paragraphs were printed.
fn flags(p: &ParagraphCoverage) -> String {
    (1..=p.count)
        .map(|i| if p.is_printed(i) { '1' } else { '0' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::{reprinted, spread_of};

    #[test]
    fn flags_mark_each_paragraph_printed_or_not() {
        let p = ParagraphCoverage {
            count: 6,
            printed: vec![[1, 3], [5, 5]],
            absent: vec![[4, 4], [6, 6]],
        };
        assert_eq!(flags(&p), "111010");
    }

    #[test]
    fn the_view_holds_what_the_timeline_script_reads() {
        let corpus = reprinted(
            &[
                ("date", "2024-03-01"),
                ("source", "Wire"),
                ("title", "Pier"),
            ],
            &[("date", "2024-03-01T00:45:00Z"), ("title", "Pier")],
        );
        let (spread, _) = spread_of(&corpus);
        let view = serde_json::to_value(group_view(&spread.groups[0])).unwrap();
        assert_eq!(view["id"], spread.groups[0].group.as_str());
        assert_eq!(view["title"], "Pier");
        assert_eq!(
            (view["size"].as_u64(), view["outlets"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(view["span"], "+45 min");
        assert_eq!(view["basis"], "earliest");
        let members = view["members"].as_array().unwrap();
        assert_eq!(members[0]["kind"], "origin");
        assert_eq!(members[0]["lag"], "+0");
        assert_eq!(members[1]["kind"], "reprint");
        assert_eq!(members[1]["outlet"], serde_json::Value::Null);
        assert_eq!(members[1]["changed"], false);
        // Every paragraph printed: no `para` note, one flag.
        assert_eq!(members[1]["para"], serde_json::Value::Null);
        assert_eq!(members[1]["flags"], "1");
        assert_eq!(members[1]["cov"], 1.0);
    }
}
