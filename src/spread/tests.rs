//! Tests of the whole build on a small corpus, and a helper the other
//! tests (here and in [`crate::spread::report`]) use to get a spread to look at.

use std::path::Path;

use super::build::{SpreadOptions, build};
use super::model::{Basis, OutletCount, OutletSummary, SizeCount, Spread};
use super::texts::{Texts, wanted};
use crate::align::Aligner;
use crate::detect::Analysis;
use crate::detect::corpus::Corpus;
use crate::messages::Messages;
use crate::{Input, Job};

/// The story every test corpus reprints: long enough to be detected.
pub(crate) const STORY: &str = "The harbour board voted on Tuesday to close the old ferry pier \
    after engineers found the pilings had rotted through in three places, and said repairs \
    would cost more than building a new pier further along the quay.";

/// A JSON Lines record: `fields` are `"key":"value"` pairs (none empty).
pub(crate) fn record(id: &str, fields: &[(&str, &str)], text: &str) -> String {
    let mut line = format!("{{\"id\":\"{id}\"");
    for (k, v) in fields {
        line.push_str(&format!(",\"{k}\":\"{v}\""));
    }
    format!("{line},\"text\":\"{text}\"}}\n")
}

/// Two records: `o` printing [`STORY`] with `origin`'s fields, and `r`
/// reprinting it under a header with `reprint`'s.
pub(crate) fn reprinted(origin: &[(&str, &str)], reprint: &[(&str, &str)]) -> String {
    record("o", origin, STORY) + &record("r", reprint, &format!("Share. {STORY}"))
}

/// `jsonl` (one record a line) written to a file in `dir` and detected,
/// with `min_shared` 5 as the tests' short texts need.
fn detect(dir: &Path, jsonl: &str) -> (Job, Corpus, Analysis) {
    let path = dir.join("news.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let params = crate::Params {
        min_shared: 5,
        ..crate::Params::default()
    };
    let config = Job::new(vec![Input::Path(path)], Default::default(), params).unwrap();
    let (corpus, analysis) = config.load_and_analyze().unwrap();
    (config, corpus, analysis)
}

/// Detect, reread and build on `jsonl`, with pair passages.
pub(crate) fn spread_of(jsonl: &str) -> (Spread, Texts) {
    let dir = tempfile::tempdir().unwrap();
    let (config, corpus, analysis) = detect(dir.path(), jsonl);
    let wanted = wanted(&corpus, &analysis);
    let texts = Texts::reread(&config.inputs, &config.read, &corpus, &wanted).unwrap();
    let options = SpreadOptions {
        aligner: Aligner::new(config.params().ngram),
        pair_passages: true,
    };
    let quiet = Messages {
        quiet: true,
        ..Messages::default()
    };
    let spread = build(&corpus, &analysis, &texts, &options, &quiet);
    (spread, texts)
}

#[test]
fn texts_are_reread_and_every_pair_gets_passages() {
    let dir = tempfile::tempdir().unwrap();
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and said \
        repairs would cost more than building a new pier further along the quay.";
    let (config, corpus, analysis) = detect(
        dir.path(),
        &format!(
            "{{\"id\":\"a\",\"date\":\"2024-01-02\",\"text\":\"{story}\"}}\n\
             {{\"id\":\"b\",\"date\":\"2024-01-01\",\"text\":\"Share this \u{2014} {story}\"}}\n\
             {{\"id\":\"c\",\"text\":\"Nothing to do with it at all.\"}}\n"
        ),
    );
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
fn a_tie_on_the_earliest_date_goes_to_the_text_the_others_carry() {
    let day = [("date", "2024-03-01")];
    let corpus = [
        record("header", &day, &format!("Share this story. {STORY}")),
        record("plain", &day, STORY),
        record(
            "later",
            &[("date", "2024-03-02")],
            &format!("{STORY} Comments are closed."),
        ),
    ]
    .concat();
    let (spread, _) = spread_of(&corpus);
    let g = &spread.groups[0];
    assert_eq!(g.origin.id, "plain");
    assert_eq!(g.origin.basis, Basis::Tied);
    assert_eq!(g.origin.tied_with, ["header"]);
    // Then by date: the tied member (lag 0) before the later one.
    let order: Vec<&str> = g.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(order, ["plain", "header", "later"]);
    assert_eq!(g.members[2].lag_seconds, Some(86_400));
    assert_eq!(spread.summary.origins.tied, 1);
}

#[test]
fn an_undated_group_keeps_the_canonical_member_and_draws_no_edge() {
    let corpus = reprinted(&[("source", "Wire")], &[("source", "Herald")]);
    let (spread, _) = spread_of(&corpus);
    let g = &spread.groups[0];
    assert_eq!(g.origin.basis, Basis::Undated);
    assert_eq!(g.origin.id, g.canonical);
    assert!(g.origin.tied_with.is_empty());
    assert_eq!((g.first_date.as_deref(), g.span_seconds), (None, None));
    assert!(spread.summary.edges.is_empty());
    assert_eq!(spread.summary.lag.dated, 0);
    assert_eq!(spread.summary.origins.undated, 1);
}

#[test]
fn dates_are_counted_and_unparseable_ones_treated_as_missing() {
    let corpus = reprinted(&[("date", "2024-03-01")], &[("date", "sometime soon")])
        + &record("c", &[], &format!("{STORY} The end."))
        + &record("d", &[("date", "2024-03-05")], "Nothing to do with it.");
    let (spread, _) = spread_of(&corpus);
    // `d` is in no group, so it is not counted.
    let d = &spread.summary.dates;
    assert_eq!((d.parsed, d.missing, d.unparseable), (1, 1, 1));
    let g = &spread.groups[0];
    assert_eq!(g.origin.id, "o");
    assert_eq!(g.origin.basis, Basis::Earliest);
    // Undated members come after the dated, then in input order.
    let lags: Vec<_> = g
        .members
        .iter()
        .map(|m| (m.id.as_str(), m.lag_seconds))
        .collect();
    assert_eq!(lags, [("o", Some(0)), ("r", None), ("c", None)]);
}

#[test]
fn outlets_are_told_apart_case_folded_and_shown_as_first_seen() {
    let corpus = [
        record(
            "o",
            &[("date", "2024-03-01"), ("source", "Wire Service")],
            STORY,
        ),
        record(
            "r1",
            &[("date", "2024-03-02"), ("source", "Herald")],
            &format!("Share. {STORY}"),
        ),
        record(
            "r2",
            &[("date", "2024-03-03"), ("source", "HERALD")],
            &format!("{STORY} The end."),
        ),
        record(
            "r3",
            &[
                ("date", "2024-03-04"),
                ("url", "https://www.gazette.example/a"),
            ],
            &format!("Read on. {STORY}"),
        ),
    ]
    .concat();
    let (spread, _) = spread_of(&corpus);
    let g = &spread.groups[0];
    // The group lists names as given; the summary folds case.
    assert_eq!(
        g.outlets,
        ["Wire Service", "Herald", "HERALD", "gazette.example"]
    );
    let s = &spread.summary;
    let edges: Vec<(&str, &str, usize)> = s
        .edges
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str(), e.count))
        .collect();
    assert_eq!(
        edges,
        [
            ("Wire Service", "Herald", 2),
            ("Wire Service", "gazette.example", 1)
        ]
    );
    let outlets: Vec<(&str, usize, usize)> = s
        .outlets
        .iter()
        .map(|o| (o.outlet.as_str(), o.reprints, o.origins))
        .collect();
    assert_eq!(
        outlets,
        [
            ("Herald", 2, 0),
            ("gazette.example", 1, 0),
            ("Wire Service", 0, 1)
        ]
    );
    assert_eq!(s.outlets[0].sources(), ["Wire Service (2)"]);
    assert_eq!(s.group_sizes, [SizeCount { size: 4, groups: 1 }]);
    assert_eq!((s.lag.reprints, s.lag.dated), (3, 3));
}

#[test]
fn sources_name_the_first_five_then_the_rest_itself_and_the_unknown() {
    let mut o = OutletSummary {
        outlet: "Herald".to_string(),
        origins: 0,
        reprints: 21,
        from: (1..=6)
            .map(|k| OutletCount {
                outlet: format!("s{k}"),
                count: 7 - k,
            })
            .collect(),
        from_itself: 0,
    };
    assert_eq!(
        o.sources(),
        [
            "s1 (6)",
            "s2 (5)",
            "s3 (4)",
            "s4 (3)",
            "s5 (2)",
            "1 other outlet (1)"
        ]
    );
    o.from.truncate(1);
    o.reprints = 10;
    o.from_itself = 3;
    assert_eq!(
        o.sources(),
        ["s1 (6)", "itself (3)", "an unknown or undated origin (1)"]
    );
    o.from.clear();
    o.reprints = 3;
    assert_eq!(o.sources(), ["itself (3)"]);
}
