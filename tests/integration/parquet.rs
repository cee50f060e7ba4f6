//! Parquet input (issue 14, "Parquet"): files written by pyarrow
//! (`fixtures/make_parquet.py`) give the JSON Lines file's groups, read by
//! row group with the same field rules; what cannot be read says why.

use std::collections::HashMap;
use std::fs;

use serde_json::Value;

use crate::common::*;

#[test]
fn a_parquet_file_gives_the_json_lines_output() {
    let jsonl = run_ok(reprint().arg(fixture("news.jsonl"))).stdout;
    let out = run_ok(reprint().arg(fixture("news.parquet")));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&jsonl)
    );
    // By its bytes too, under a name that says nothing.
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("export");
    fs::copy(fixture("news.parquet"), &bare).unwrap();
    assert_eq!(run_ok(reprint().arg(&bare)).stdout, jsonl);
    // And in a folder, beside nothing else.
    let folder = dir.path().join("shards");
    fs::create_dir(&folder).unwrap();
    fs::copy(fixture("news.parquet"), folder.join("part-0.parquet")).unwrap();
    assert_eq!(
        group_ids(&run_ok(reprint().arg(&folder)).stdout),
        expected_groups()
    );
}

#[test]
fn a_cc_news_shaped_file_is_read_by_the_field_rules() {
    // No id column: the url is the id; `domain` is the outlet, the date a
    // timestamp column, the html column never needed.
    let out = run_ok(reprint().arg(fixture("news-ccnews.parquet")).arg("-v"));
    let id_of: HashMap<String, String> = fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["url"].as_str().unwrap().into(),
                v["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut groups: Vec<Vec<String>> = group_ids(&out.stdout)
        .into_iter()
        .map(|g| {
            let mut ids: Vec<String> = g.iter().map(|u| id_of[u].clone()).collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    assert_eq!(groups, expected_groups());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"2024-03-11T00:00:00+00:00\""),
        "timestamps as text: {text}"
    );
    assert!(
        text.contains("Tessel Valley Courier"),
        "domain is the source: {text}"
    );
}

#[test]
fn what_cannot_be_read_says_why() {
    // No text column: the columns there are, as for CSV.
    let err = run_err(
        reprint()
            .arg(fixture("news.parquet"))
            .args(["--text-field", "maintext"]),
    );
    assert!(
        err.contains("news.parquet: no text column (tried maintext); columns: id, source, date, title, url, text"),
        "{err}"
    );
    // Not from a pipe: the index is at the end.
    let err = run_err(reprint().write_stdin(fs::read(fixture("news.parquet")).unwrap()));
    assert!(
        err.contains("- is Parquet, which cannot be read from a pipe"),
        "{err}"
    );
    // Cut short: named as Parquet.
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.parquet");
    let bytes = fs::read(fixture("news.parquet")).unwrap();
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = run_err(reprint().arg(&cut));
    assert!(err.contains("cut.parquet as Parquet"), "{err}");
    // dedup cannot write it back yet, and says so before any work.
    let err = run_err(reprint().arg("dedup").arg(fixture("news.parquet")));
    assert!(
        err.contains("cannot yet write") && err.contains("(Parquet)"),
        "{err}"
    );
}
