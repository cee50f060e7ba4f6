//! `reprint eval` on the fixture: the bundled truth scores the tool's own
//! output, as a researcher would check a threshold.

use crate::common::*;

#[test]
fn eval_scores_the_fixture_output() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.jsonl");
    run_ok(reprint().arg(fixture("news.jsonl")).arg("-o").arg(&groups));
    let out = run_ok(
        reprint()
            .args(["eval", "--json", "--truth"])
            .arg(fixture("truth.jsonl"))
            .arg(&groups),
    );
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["f1"], 1.0, "{scores}");
    assert_eq!(scores["derivative_false_merges"]["together"], 0);
    assert_eq!(scores["independent_false_merges"]["together"], 0);
    let table = run_ok(
        reprint()
            .args(["eval", "--truth"])
            .arg(fixture("truth.jsonl"))
            .arg(&groups),
    );
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("F1"), "{table}");
}

#[test]
fn eval_names_an_unknown_id() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("g.jsonl");
    std::fs::write(
        &groups,
        "{\"members\":[{\"id\":\"flood-orig\"},{\"id\":\"nope\"}]}\n",
    )
    .unwrap();
    let err = run_err(
        reprint()
            .args(["eval", "--truth"])
            .arg(fixture("truth.jsonl"))
            .arg(&groups),
    );
    assert!(
        err.contains("g.jsonl:1: id 'nope' is not in the truth file"),
        "{err}"
    );
}
