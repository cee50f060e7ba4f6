//! `reprint index add|query|stats`: the flow, refusals (other parameters,
//! another format version, a second process, ids already indexed) and a
//! process killed in the middle of an `add`.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::*;

/// The fixture split in two days: the originals (and the unrelated
/// stories) first, every other record the day after.
fn two_days(dir: &Path) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let (mut day1, mut day2) = (String::new(), String::new());
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        // Originals (`flood-orig`) and unrelated stories have two-part ids.
        let first = id.split('-').count() == 2;
        let day = if first { &mut day1 } else { &mut day2 };
        day.push_str(line);
        day.push('\n');
    }
    let (a, b) = (dir.join("day1.jsonl"), dir.join("day2.jsonl"));
    std::fs::write(&a, day1).unwrap();
    std::fs::write(&b, day2).unwrap();
    (a, b)
}

fn stats(index: &Path) -> Value {
    let out = run_ok(reprint().args(["index", "stats"]).arg(index));
    serde_json::from_slice(&out.stdout).expect("stats is JSON")
}

fn lines_of(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

/// Groups as (sorted members, ids of the indexed members).
fn query_groups(stdout: &[u8]) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let mut groups: Vec<(Vec<String>, BTreeSet<String>)> = std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let g: Value = serde_json::from_str(l).unwrap();
            let members = g["members"].as_array().unwrap();
            let mut ids: Vec<String> = members
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            let indexed = members
                .iter()
                .filter(|m| m["indexed"].as_bool().unwrap())
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect();
            (ids, indexed)
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn add_query_stats_flow() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let index = dir.path().join("news.idx");

    let out = run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    let n1 = lines_of(&day1);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("added {n1} records")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = stats(&index);
    assert_eq!(s["records"], n1);
    assert_eq!(s["format_version"], reprint::index::schema::FORMAT_VERSION);
    assert_eq!(s["parameters"]["shingle"], "words");
    assert_eq!(s["parameters"]["ngram"], 5);
    assert_eq!(s["parameters"]["num_perm"], 128);
    assert_eq!(s["parameters"]["minhash"], "oph");
    assert_eq!(s["parameters"]["bands"], 25);

    // Day two against day one: every group of the fixture, each holding its
    // indexed original and its new reprints.
    let out = run_ok(reprint().args(["index", "query"]).arg(&index).arg(&day2));
    let groups = query_groups(&out.stdout);
    let members: Vec<Vec<String>> = groups.iter().map(|g| g.0.clone()).collect();
    assert_eq!(members, expected_groups());
    for (ids, indexed) in &groups {
        let originals: BTreeSet<String> = ids
            .iter()
            .filter(|id| id.ends_with("-orig"))
            .cloned()
            .collect();
        assert_eq!(indexed, &originals, "{ids:?}");
    }
    // Same layout as the main output.
    let first: Value = serde_json::from_str(
        std::str::from_utf8(&out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    for key in ["group", "canonical", "size", "members", "pairs"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    // The query did not add anything.
    assert_eq!(stats(&index)["records"], n1);
    // --fail-on-reprints: 1 when groups are found.
    let out = reprint()
        .args(["index", "query", "--fail-on-reprints"])
        .arg(&index)
        .arg(&day2)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // Day two added: both days are in the index.
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day2));
    assert_eq!(stats(&index)["records"], 30);

    // A batch with nothing like the index: no groups, exit 0 with the flag.
    let fresh = dir.path().join("fresh.jsonl");
    std::fs::write(
        &fresh,
        "{\"id\":\"n1\",\"text\":\"The allotment society elected a new treasurer after a long and friendly meeting in the church hall on Wednesday evening.\"}\n",
    )
    .unwrap();
    let out = reprint()
        .args(["index", "query", "--fail-on-reprints"])
        .arg(&index)
        .arg(&fresh)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn query_reads_stdin_and_writes_json_array() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let index = dir.path().join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    let out = run_ok(
        reprint()
            .args(["index", "query", "--format-out", "json"])
            .arg(&index)
            .write_stdin(std::fs::read(&day2).unwrap()),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), expected_groups().len());
}

#[test]
fn ids_already_indexed_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, _) = two_days(dir.path());
    let index = dir.path().join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    let n1 = lines_of(&day1);
    // Adding the same records again is refused, naming the first...
    let err = run_err(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    assert!(
        err.contains("day1.jsonl:1: id 'flood-orig' is already in the index (added from "),
        "{err}"
    );
    assert!(err.contains(&format!("(and {} more)", n1 - 1)), "{err}");
    assert_eq!(stats(&index)["records"], n1);
    // ...and skipped with --skip-bad.
    let out = run_ok(
        reprint()
            .args(["index", "add", "--skip-bad"])
            .arg(&index)
            .arg(fixture("news.jsonl")),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("added {} records", 30 - n1)),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{n1} already indexed")),
        "{stderr}"
    );
    assert_eq!(stats(&index)["records"], 30);
    // A query of records already indexed says so and does not pair a
    // record with its own indexed copy.
    let out = run_ok(reprint().args(["index", "query"]).arg(&index).arg(&day1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in the index"), "{stderr}");
    for (ids, _) in query_groups(&out.stdout) {
        let distinct: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "{ids:?}");
    }
}

#[test]
fn other_parameters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let index = dir.path().join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    for (flag, value, stored) in [
        ("--ngram", "4", "5"),
        ("--num-perm", "64", "128"),
        ("--minhash", "classic", "oph"),
        ("--seed", "7", "1592598564"),
        ("--shingle", "chars", "words"),
    ] {
        for cmd in ["add", "query"] {
            let err = run_err(
                reprint()
                    .args(["index", cmd])
                    .arg(&index)
                    .arg(&day2)
                    .args([flag, value]),
            );
            // (`--shingle chars` also changes the defaults of --ngram and
            // --anchor-window, which are named too.)
            assert!(
                err.contains(&format!("{flag} {stored} (this run: {value})"))
                    && err.contains("give the index's values, or make a new index"),
                "{cmd} {flag}: {err}"
            );
        }
    }
    // Verification thresholds are free to differ.
    run_ok(
        reprint()
            .args([
                "index",
                "query",
                "--threshold",
                "0.8",
                "--containment",
                "0.9",
            ])
            .arg(&index)
            .arg(&day2),
    );
    assert_eq!(stats(&index)["records"], lines_of(&day1));
}

#[test]
fn another_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let index = dir.path().join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    {
        let db = redb::Database::create(&index).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<&str, &str> = redb::TableDefinition::new("meta");
            let mut table = txn.open_table(meta).unwrap();
            table.insert("format_version", "99").unwrap();
            // As an index older than format 4, which has no checksum.
            table.remove("checksum").unwrap();
        }
        txn.commit().unwrap();
    }
    for args in [&["query"][..], &["add"][..]] {
        let err = run_err(reprint().arg("index").args(args).arg(&index).arg(&day2));
        assert!(
            err.contains("has format version 99 (made by reprint ")
                && err.contains(&format!(
                    "this reprint reads version {}",
                    reprint::index::schema::FORMAT_VERSION
                )),
            "{err}"
        );
    }
    let err = run_err(reprint().args(["index", "stats"]).arg(&index));
    assert!(err.contains("has format version 99"), "{err}");
}

#[test]
fn missing_or_foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.idx");
    let err = run_err(
        reprint()
            .args(["index", "query"])
            .arg(&missing)
            .arg(fixture("news.jsonl")),
    );
    assert!(err.contains("no index at"), "{err}");
    assert!(!missing.exists());
    // A file that is not an index is neither used nor changed.
    let not_index = dir.path().join("news.jsonl");
    std::fs::copy(fixture("news.jsonl"), &not_index).unwrap();
    for cmd in [&["index", "add"][..], &["index", "query"][..]] {
        let err = run_err(
            reprint()
                .args(cmd)
                .arg(&not_index)
                .arg(fixture("news.jsonl")),
        );
        assert!(err.contains("is not a reprint index"), "{err}");
    }
    assert_eq!(
        std::fs::read(&not_index).unwrap(),
        std::fs::read(fixture("news.jsonl")).unwrap()
    );
    // A first add that fails leaves no index behind.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n").unwrap();
    let fresh = dir.path().join("fresh.idx");
    run_err(reprint().args(["index", "add"]).arg(&fresh).arg(&bad));
    assert!(!fresh.exists());
}

#[test]
fn a_second_process_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let index = dir.path().join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    // Another process holds the index open (as a running `add` does).
    let holder = redb::Database::create(&index).unwrap();
    for args in [&["add"][..], &["query"][..]] {
        let err = run_err(reprint().arg("index").args(args).arg(&index).arg(&day2));
        assert!(
            err.contains("is in use by another reprint process"),
            "{err}"
        );
    }
    drop(holder);
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day2));
    assert_eq!(stats(&index)["records"], 30);
}

/// `n` distinct synthetic records of about 150 words, seeded.
fn synthetic_jsonl(n: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let syllables = [
        "ka", "ro", "mi", "tel", "san", "dor", "ve", "lin", "quo", "pra", "us", "en", "tha", "gor",
        "bi", "nel",
    ];
    let mut out = String::new();
    for i in 0..n {
        let words: Vec<String> = (0..150)
            .map(|_| {
                let len = 1 + next() % 3;
                (0..len)
                    .map(|_| syllables[next() % syllables.len()])
                    .collect()
            })
            .collect();
        out.push_str(&format!(
            "{{\"id\":\"gen-{seed}-{i}\",\"text\":\"{}\"}}\n",
            words.join(" ")
        ));
    }
    out
}

/// Kill `reprint index add` while it writes, for real (SIGKILL): the index
/// must open afterwards and hold the records of before, or of after; never
/// anything in between, never a damaged file.
#[test]
fn add_killed_while_writing_leaves_index_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("news.idx");
    run_ok(
        reprint()
            .args(["index", "add"])
            .arg(&index)
            .arg(fixture("news.jsonl")),
    );
    let big = dir.path().join("big.jsonl");
    let n = 3000;
    std::fs::write(&big, synthetic_jsonl(n, 1)).unwrap();

    for delay_ms in [50u64, 400] {
        let before = stats(&index)["records"].as_u64().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
            .args(["index", "add", "-v", "--skip-bad"])
            .arg(&index)
            .arg(&big)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until it says it is writing.
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "add ended early");
            if line.contains("index: writing") {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        // Meanwhile a second writer is refused.
        let second = reprint()
            .args(["index", "add"])
            .arg(&index)
            .arg(fixture("news.jsonl"))
            .output()
            .unwrap();
        let second_err = String::from_utf8_lossy(&second.stderr);
        let still_running = child.try_wait().unwrap().is_none();
        if still_running {
            assert_eq!(second.status.code(), Some(2), "{second_err}");
            assert!(
                second_err.contains("is in use by another reprint process"),
                "{second_err}"
            );
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        eprintln!("delay {delay_ms} ms: killed while running: {still_running} ({status:?})");

        // The index opens, and holds the records of before or of after.
        let after = stats(&index)["records"].as_u64().unwrap();
        assert!(
            after == before || after == before + n as u64,
            "before {before}, after {after}"
        );
        let out = run_ok(
            reprint()
                .args(["index", "query"])
                .arg(&index)
                .arg(fixture("news.jsonl")),
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("already in the index"));
    }
    // And it still takes writes.
    let more = dir.path().join("more.jsonl");
    std::fs::write(&more, synthetic_jsonl(5, 2)).unwrap();
    let before = stats(&index)["records"].as_u64().unwrap();
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&more));
    assert_eq!(stats(&index)["records"].as_u64().unwrap(), before + 5);
}
