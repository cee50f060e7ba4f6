//! The eval module end to end: truth and groups parsed, scored, rendered,
//! on small hand-made cases and on the fixtures.

use std::path::Path;

use serde_json::Value;

use super::*;

/// A truth file from `(id, story, kind, event)` rows.
fn truth(rows: &[(&str, &str, &str, Option<&str>)]) -> Truth {
    let text: String = rows
        .iter()
        .map(|(id, story, kind, event)| {
            let mut v = serde_json::json!({"id": id, "story": story, "kind": kind});
            if let Some(e) = event {
                v["event"] = (*e).into();
            }
            format!("{v}\n")
        })
        .collect();
    parse_truth("truth.jsonl", &text).unwrap()
}

fn groups(gs: &[&[&str]]) -> Vec<Vec<String>> {
    gs.iter()
        .map(|g| g.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Two stories with a derivative and an independent neighbour.
fn sample() -> Truth {
    truth(&[
        ("a1", "a", "original", Some("fire")),
        ("a2", "a", "reprint", Some("fire")),
        ("a3", "a", "partial", Some("fire")),
        ("a-rewrite", "a-rewrite", "derivative", Some("fire")),
        ("a-own", "a-own", "independent", Some("fire")),
        ("b1", "b", "original", Some("vote")),
        ("b2", "b", "reprint", Some("vote")),
        ("c1", "c", "original", Some("c")),
    ])
}

#[test]
fn perfect_grouping() {
    let s = score(
        &sample(),
        &groups(&[&["a1", "a2", "a3"], &["b1", "b2"]]),
        "g",
    )
    .unwrap();
    assert_eq!(
        (s.true_pairs, s.predicted_pairs, s.correct_pairs),
        (4, 4, 4)
    );
    assert_eq!((s.precision, s.recall, s.f1, s.ari), (1.0, 1.0, 1.0, 1.0));
    assert_eq!(s.groups, 2);
    assert_eq!(s.records, 8);
    assert_eq!(s.reprint_recall, Rate::new(3, 3));
    assert_eq!(s.partial_recall, Rate::new(2, 2));
    // a-rewrite against a1, a2, a3 and a-own.
    assert_eq!(s.derivative_false_merges, Rate::new(0, 4));
    // a-own against a1, a2, a3 and a-rewrite.
    assert_eq!(s.independent_false_merges, Rate::new(0, 4));
    // Singletons written as groups of one change nothing.
    let with_singles = groups(&[
        &["a1", "a2", "a3"],
        &["a-rewrite"],
        &["a-own"],
        &["b1", "b2"],
        &["c1"],
    ]);
    assert_eq!(score(&sample(), &with_singles, "g").unwrap(), s);
}

#[test]
fn derivative_merged_into_its_source() {
    let g = groups(&[&["a1", "a2", "a3", "a-rewrite"], &["b1", "b2"]]);
    let s = score(&sample(), &g, "g").unwrap();
    assert_eq!(s.derivative_false_merges, Rate::new(3, 4));
    assert_eq!(s.independent_false_merges, Rate::new(0, 4));
    assert_eq!((s.predicted_pairs, s.correct_pairs), (7, 4));
    assert_eq!(s.recall, 1.0);
    assert!(s.precision < 1.0 && s.ari < 1.0);
}

#[test]
fn missed_partial() {
    let g = groups(&[&["a1", "a2"], &["b1", "b2"]]);
    let s = score(&sample(), &g, "g").unwrap();
    assert_eq!(s.partial_recall, Rate::new(0, 2));
    assert_eq!(s.reprint_recall, Rate::new(2, 3));
    assert_eq!((s.precision, s.recall), (1.0, 0.5));
}

#[test]
fn ari_matches_a_known_value() {
    // adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7.
    let t = truth(&[
        ("w", "x", "original", None),
        ("x", "x", "reprint", None),
        ("y", "y", "original", None),
        ("z", "y", "reprint", None),
    ]);
    let s = score(&t, &groups(&[&["w", "x"]]), "g").unwrap();
    assert!((s.ari - 4.0 / 7.0).abs() < 1e-12);
    // Nothing grouped, nothing to group: all agree.
    let t = truth(&[("w", "x", "original", None), ("y", "y", "original", None)]);
    let s = score(&t, &[], "g").unwrap();
    assert_eq!((s.precision, s.recall, s.ari), (1.0, 1.0, 1.0));
}

#[test]
fn no_events_means_no_false_merge_rates() {
    let t = truth(&[
        ("a1", "a", "original", None),
        ("d", "d", "derivative", None),
    ]);
    let s = score(&t, &groups(&[&["a1", "d"]]), "g").unwrap();
    assert!(!s.events_labelled);
    assert_eq!(s.derivative_false_merges, Rate::new(0, 0));
    assert_eq!(s.derivative_false_merges.rate, None);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["derivative_false_merges"]["rate"], Value::Null);
    assert!(render_table(&s).contains("no event labels in the truth file"));
}

#[test]
fn unknown_id_is_named_with_its_line() {
    let g = parse_groups(
        "groups.jsonl",
        "{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]}\n\n{\"members\":[{\"id\":\"x\"}]}\n",
    )
    .unwrap();
    let err = score(&sample(), &g, "groups.jsonl").unwrap_err();
    assert_eq!(
        err.to_string(),
        "groups.jsonl:3: id 'x' is not in the truth file"
    );
}

#[test]
fn repeated_ids_in_groups() {
    let err = score(&sample(), &groups(&[&["a1", "a1"]]), "g.jsonl").unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.jsonl:1: id 'a1' appears twice in this group"
    );
    let err = score(&sample(), &groups(&[&["a1", "a2"], &["a2"]]), "g.jsonl").unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.jsonl:2: id 'a2' is also in the group on line 1"
    );
}

#[test]
fn malformed_lines() {
    let err = parse_groups("groups.jsonl", "{\"members\":[]}\n{\"members\": [\n").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("groups.jsonl:2: malformed JSON at column "),
        "{msg}"
    );
    assert!(!msg.contains("at line"), "{msg}");
    let err = parse_groups("groups.jsonl", "{\"size\":2}\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("groups.jsonl:1: missing field \"members\"")
    );
    let err = parse_groups("groups.jsonl", "{\"members\":[{\"words\":3}]}\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "groups.jsonl:1: member 1 has no \"id\" string"
    );

    let ok = "{\"id\":\"a\",\"story\":\"s\",\"kind\":\"original\"}\n";
    let err = parse_truth("truth.jsonl", &format!("{ok}{{\"id\":\"b\",")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("truth.jsonl:2: malformed JSON at column ")
    );
    let err = parse_truth("t", "{\"id\":\"a\",\"kind\":\"original\"}").unwrap_err();
    assert_eq!(err.to_string(), "t:1: missing field \"story\"");
    let err = parse_truth("t", "{\"id\":\"a\",\"story\":\"s\",\"kind\":\"copy\"}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "t:1: unknown kind 'copy' (allowed: original, reprint, partial, derivative, independent)"
    );
    let err = parse_truth("t", &format!("{ok}\n{ok}")).unwrap_err();
    assert_eq!(err.to_string(), "t:3: id 'a' is already on line 1");
    let err = parse_truth("t", "\n").unwrap_err();
    assert_eq!(err.to_string(), "t: no records in the truth file");
}

#[test]
fn json_array_entries_follow_lines() {
    let jsonl =
        "{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]}\n{\"members\":[{\"id\":\"b1\"}]}\n";
    let array =
        "[\n{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]},\n{\"members\":[{\"id\":\"b1\"}]}\n]\n";
    let from_lines = parse_groups("g", jsonl).unwrap();
    let from_array = parse_groups("g", array).unwrap();
    assert_eq!(from_lines.len(), 2);
    // The array's groups start on lines 2 and 3.
    assert_eq!(from_array[0], Vec::<String>::new());
    assert_eq!(from_array[1..], from_lines[..]);
    let pretty = serde_json::to_string_pretty(&serde_json::json!([
        {"members": [{"id": "a1"}, {"id": "a1"}]},
    ]))
    .unwrap();
    let g = parse_groups("g.json", &pretty).unwrap();
    let err = score(&sample(), &g, "g.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.json:2: id 'a1' appears twice in this group"
    );
    assert_eq!(parse_groups("g", "[]").unwrap(), Vec::<Vec<String>>::new());
    assert_eq!(parse_groups("g", "").unwrap(), Vec::<Vec<String>>::new());
}

#[test]
fn table_has_a_line_per_metric() {
    let g = groups(&[&["a1", "a2", "a3", "a-rewrite"], &["b1", "b2"]]);
    let table = render_table(&score(&sample(), &g, "g").unwrap());
    assert_eq!(table.lines().count(), 12);
    assert!(table.contains("derivative false merges   0.7500  3 of 4 same-event pairs"));
    assert!(table.contains("\nprecision                 0.5714  4 of 7 predicted pairs"));
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn fixtures_expected_groups_score_perfectly() {
    let truth = read_truth(&fixture("truth.jsonl")).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let groups: Vec<Vec<String>> = serde_json::from_value(expected["groups"].clone()).unwrap();
    let s = score(&truth, &groups, "expected.json").unwrap();
    assert_eq!(s.records, 30);
    assert_eq!(s.groups, 6);
    assert_eq!((s.f1, s.ari), (1.0, 1.0));
    assert!(s.events_labelled);
    assert!(truth.records().iter().all(|r| r.event.is_some()));
    // takeover-midland-analysis against the three takeover copies.
    assert_eq!(s.derivative_false_merges, Rate::new(0, 3));
    // Each wildfire report against the three copies, and each other.
    assert_eq!(s.independent_false_merges, Rate::new(0, 7));
}

#[test]
fn scores_the_pipeline_output_on_the_fixtures() {
    // End to end: reprint's own JSON Lines output must be readable and
    // name only truth ids. The scores depend on the whole pipeline and
    // are printed rather than asserted here.
    let truth = read_truth(&fixture("truth.jsonl")).unwrap();
    let inputs = vec![crate::Input::Path(fixture("news.jsonl"))];
    let job = crate::Job::new(inputs, Default::default(), Default::default())
        .unwrap()
        .messages(crate::Messages {
            quiet: true,
            ..Default::default()
        });
    let config = crate::Config {
        job,
        ..Default::default()
    };
    let mut out = Vec::new();
    crate::run_to_writer(&config, &mut out).unwrap();
    let groups = parse_groups("pipeline", &String::from_utf8(out).unwrap()).unwrap();
    let s = score(&truth, &groups, "pipeline").unwrap();
    assert_eq!(s.records, 30);
    println!("{}", render_table(&s));
}
