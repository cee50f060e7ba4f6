//! `reprint index add|query|stats|check`: the flow, refusals (other
//! parameters, another format version, a writer beside another process, ids
//! already indexed), a process killed or stopped in the middle of an `add`,
//! damaged indexes (cut short, bytes flipped: never a panic, always "is
//! damaged"), readers sharing an index, and a closed stdout.

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
    for key in ["schema", "group", "canonical", "size", "members"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert_eq!(first["schema"], reprint::SCHEMA);
    assert!(first.get("pairs").is_none(), "pairs only with --pairs");
    // As a table: the same members, each with its `indexed` column, and
    // the pairs table beside it.
    let table = dir.path().join("query.csv");
    let pairs = dir.path().join("query-pairs.csv");
    run_ok(
        reprint()
            .args(["index", "query", "--format-out", "csv"])
            .arg(&index)
            .arg(&day2)
            .arg("-o")
            .arg(&table)
            .arg("--pairs-out")
            .arg(&pairs),
    );
    let mut rows = csv::Reader::from_path(&table).unwrap();
    let header = rows.headers().unwrap().clone();
    assert_eq!(header.get(header.len() - 1), Some("indexed"));
    let mut table_groups: Vec<(Vec<String>, BTreeSet<String>)> = Vec::new();
    let mut by_group: std::collections::BTreeMap<String, (Vec<String>, BTreeSet<String>)> =
        Default::default();
    for row in rows.records() {
        let row = row.unwrap();
        let entry = by_group.entry(row[0].to_string()).or_default();
        entry.0.push(row[3].to_string());
        // After the member columns and the group's story: indexed.
        match &row[12] {
            "true" => {
                entry.1.insert(row[3].to_string());
            }
            "false" => {}
            other => panic!("indexed is {other:?}"),
        }
    }
    for (_, (mut ids, indexed)) in by_group {
        ids.sort();
        table_groups.push((ids, indexed));
    }
    table_groups.sort();
    assert_eq!(table_groups, groups);
    assert!(std::fs::read_to_string(&pairs).unwrap().lines().count() > groups.len());
    // As Parquet: the CSV's rows, `indexed` a boolean column.
    let parquet = dir.path().join("query.parquet");
    run_ok(
        reprint()
            .args(["index", "query", "--format-out", "parquet"])
            .arg(&index)
            .arg(&day2)
            .arg("-o")
            .arg(&parquet),
    );
    let got = parquet_table(&parquet);
    assert_eq!(got.header.last().map(String::as_str), Some("indexed"));
    let mut csv_rows = csv::Reader::from_path(&table).unwrap();
    let want: Vec<Vec<String>> = csv_rows
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let got_text: Vec<Vec<String>> = got
        .rows
        .iter()
        .map(|r| r.iter().map(parquet_text).collect())
        .collect();
    assert_eq!(got_text, want);
    assert!(
        got.rows
            .iter()
            .all(|r| matches!(r[12], parquet::record::Field::Bool(_)))
    );
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
        // A kill is not damage.
        run_ok(reprint().args(["index", "check"]).arg(&index));
    }
    // And it still takes writes.
    let more = dir.path().join("more.jsonl");
    std::fs::write(&more, synthetic_jsonl(5, 2)).unwrap();
    let before = stats(&index)["records"].as_u64().unwrap();
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&more));
    assert_eq!(stats(&index)["records"].as_u64().unwrap(), before + 5);
}

/// A small index of day one, and its bytes.
fn day1_index(dir: &Path) -> (PathBuf, PathBuf, Vec<u8>) {
    let (day1, day2) = two_days(dir);
    let index = dir.join("news.idx");
    run_ok(reprint().args(["index", "add"]).arg(&index).arg(&day1));
    let bytes = std::fs::read(&index).unwrap();
    (index, day2, bytes)
}

/// Every index subcommand on `index`: (name, exit code, stderr).
fn every_command(index: &Path, batch: &Path) -> Vec<(&'static str, Option<i32>, String)> {
    let runs: [(&str, Vec<&std::ffi::OsStr>); 4] = [
        ("stats", vec!["stats".as_ref(), index.as_os_str()]),
        ("check", vec!["check".as_ref(), index.as_os_str()]),
        (
            "query",
            vec!["query".as_ref(), index.as_os_str(), batch.as_os_str()],
        ),
        (
            "add",
            vec!["add".as_ref(), index.as_os_str(), batch.as_os_str()],
        ),
    ];
    runs.into_iter()
        .map(|(name, args)| {
            let out = reprint().arg("index").args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            (name, out.status.code(), stderr)
        })
        .collect()
}

/// A truncated index made every index subcommand panic inside redb (exit
/// 101); now each says it is damaged, and what was found.
#[test]
fn a_truncated_index_is_damaged_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let (index, day2, bytes) = day1_index(dir.path());
    for len in [bytes.len() / 3, bytes.len() - 4096, 100] {
        std::fs::write(&index, &bytes[..len]).unwrap();
        for (name, code, stderr) in every_command(&index, &day2) {
            assert_eq!(code, Some(2), "{name} at {len}: {stderr}");
            assert!(!stderr.contains("panicked"), "{name} at {len}: {stderr}");
            assert!(
                stderr.contains(&format!("index {} is damaged: ", index.display())),
                "{name} at {len}: {stderr}"
            );
        }
    }
    std::fs::write(&index, &bytes[..bytes.len() / 3]).unwrap();
    let err = run_err(reprint().args(["index", "stats"]).arg(&index));
    assert!(err.contains("its header says"), "{err}");
}

/// The first place `needle` is stored in `bytes`.
fn find(bytes: &[u8], needle: &[u8]) -> usize {
    bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("stored")
}

/// A flipped byte in a record changed a query's similarities silently, and
/// `stats`, `add` and `check`-less workflows never noticed. Now the record's
/// checksum fails wherever it is read, and `index check` finds it.
#[test]
fn flipped_bytes_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let (index, day2, bytes) = day1_index(dir.path());
    let out = run_ok(reprint().args(["index", "check"]).arg(&index));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("is healthy: 12 records"),
        "{out:?}"
    );
    // A record's source (records carry their metadata).
    let title = "Tessel Valley Courier";
    let mut flipped = bytes.clone();
    flipped[find(&bytes, title.as_bytes())] ^= 0x20;
    std::fs::write(&index, &flipped).unwrap();
    let err = run_err(reprint().args(["index", "query"]).arg(&index).arg(&day2));
    assert!(
        err.contains("is damaged: record ") && err.contains(" fails its checksum"),
        "{err}"
    );
    // `check` finds it too (redb's page checksums see it first).
    let err = run_err(reprint().args(["index", "check"]).arg(&index));
    assert!(
        err.contains("is damaged: its pages fail redb's checksums"),
        "{err}"
    );
    // The metadata: every command refuses it (`check` at redb's pages).
    let mut flipped = bytes.clone();
    flipped[find(&bytes, b"reprint-index")] ^= 0x01;
    std::fs::write(&index, &flipped).unwrap();
    for (name, code, stderr) in every_command(&index, &day2) {
        assert_eq!(code, Some(2), "{name}: {stderr}");
        let says = match name {
            "check" => "is damaged: its pages fail redb's checksums",
            _ => "is damaged: its metadata fails its checksum",
        };
        assert!(stderr.contains(says), "{name}: {stderr}");
    }
}

/// Hundreds of damaged copies, through the fuzz target's own check (no
/// panic; an error says damaged), and some through the binary.
#[test]
fn damaged_copies_never_panic() {
    // The fuzz target's own check, as `hostile.rs` includes it too (its
    // module is private there).
    #[allow(clippy::duplicate_mod)]
    #[path = "../../fuzz/fuzz_targets/checks.rs"]
    mod checks;
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for k in 0..300u64 {
        // Alternate: a cut, flips anywhere, flips in pages redb used.
        let mode = [1u8, 0, 2, 3][(k % 4) as usize];
        let mut input = vec![mode];
        for _ in 0..1 + next() % 3 {
            input.extend_from_slice(&(next() as u32).to_le_bytes());
            input.push(1 << (next() % 8));
        }
        checks::index_damage(&input);
    }
    let dir = tempfile::tempdir().unwrap();
    let (index, day2, bytes) = day1_index(dir.path());
    let used: Vec<usize> = (0..bytes.len() / 4096)
        .filter(|p| bytes[p * 4096..(p + 1) * 4096].iter().any(|&b| b != 0))
        .collect();
    for k in 0..12 {
        let mut damaged = bytes.clone();
        let page = used[(next() as usize) % used.len()];
        damaged[page * 4096 + (next() as usize) % 4096] ^= 0x08;
        if k % 3 == 0 {
            damaged.truncate((next() as usize) % bytes.len());
        }
        std::fs::write(&index, &damaged).unwrap();
        for (name, code, stderr) in every_command(&index, &day2) {
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            assert!(
                code == Some(0) || code == Some(2),
                "{name}: {code:?} {stderr}"
            );
            if code == Some(2) {
                assert!(stderr.contains("is damaged"), "{name}: {stderr}");
            }
        }
    }
}

/// A first `add` stopped by Ctrl-C leaves a redb file with no tables (or,
/// stopped sooner, an empty file). `stats` printed it as a healthy index
/// of nothing and `query` went on without it; now both say it is
/// incomplete, and `add` makes it as new.
#[test]
fn an_index_never_finished_is_incomplete_and_add_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (day1, day2) = two_days(dir.path());
    let empty_redb = dir.path().join("stopped.idx");
    drop(redb::Database::create(&empty_redb).unwrap());
    let empty_file = dir.path().join("empty.idx");
    std::fs::write(&empty_file, b"").unwrap();
    for index in [&empty_redb, &empty_file] {
        for args in [&["stats"][..], &["check"][..]] {
            let err = run_err(reprint().arg("index").args(args).arg(index));
            assert!(
                err.contains("is incomplete: its first `index add` stopped"),
                "{err}"
            );
        }
        let err = run_err(reprint().args(["index", "query"]).arg(index).arg(&day2));
        assert!(err.contains("is incomplete"), "{err}");
        run_ok(reprint().args(["index", "add"]).arg(index).arg(&day1));
        assert_eq!(stats(index)["records"], lines_of(&day1));
        run_ok(reprint().args(["index", "check"]).arg(index));
    }
}

/// SIGINT during the first `add`, for real: whatever it leaves, the next
/// `add` makes the index and readers never mistake it for a healthy one.
#[cfg(unix)]
#[test]
fn ctrl_c_during_the_first_add() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jsonl");
    std::fs::write(&big, synthetic_jsonl(3000, 3)).unwrap();
    let index = dir.path().join("first.idx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["index", "add", "-v"])
        .arg(&index)
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("index: writing") {
        line.clear();
    }
    // SAFETY: signalling a child this test started and has not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    if index.exists() && !status.success() {
        let out = reprint()
            .args(["index", "stats"])
            .arg(&index)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("is incomplete"), "{err}");
    }
    let small = dir.path().join("small.jsonl");
    std::fs::write(&small, synthetic_jsonl(5, 4)).unwrap();
    run_ok(
        reprint()
            .args(["index", "add", "--skip-bad"])
            .arg(&index)
            .arg(&small),
    );
    run_ok(reprint().args(["index", "check"]).arg(&index));
}

/// `index stats | head -1` exited 2 with "Broken pipe": serde_json hid the
/// I/O error. Every index command ends quietly with 0 on a closed stdout.
#[test]
fn a_closed_stdout_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (index, day2, _) = day1_index(dir.path());
    for args in [
        vec!["stats".as_ref(), index.as_os_str()],
        vec!["check".as_ref(), index.as_os_str()],
        vec!["query".as_ref(), index.as_os_str(), day2.as_os_str()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
            .arg("index")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader has had enough
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// Wait until process `pid` holds its shared lock on `path`, by the event
/// (`/proc/locks`), not by time, so a loaded machine cannot break it.
fn wait_until_locked(pid: u32, path: &std::path::Path) {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(path).unwrap().ino();
    let held = || {
        std::fs::read_to_string("/proc/locks")
            .unwrap()
            .lines()
            .any(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                // "1: FLOCK  ADVISORY  READ  1234 08:01:5678 0 EOF"
                f.len() > 5
                    && f[1] == "FLOCK"
                    && f[4] == pid.to_string()
                    && f[5].rsplit(':').next() == Some(inode.to_string().as_str())
            })
    };
    let started = std::time::Instant::now();
    while !held() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the query never locked the index"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Readers took redb's exclusive lock and opened the file for writing: a
/// read-only index could not be queried, and two queries could not run at
/// once. Now readers share the file and never write it; `add` still has it
/// to itself.
#[test]
fn readers_share_an_index_and_never_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let (index, day2, bytes) = day1_index(dir.path());
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    // A query holding the index open while it waits for its batch on stdin.
    let mut first = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["index", "query"])
        .arg(&index)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_locked(first.id(), &index);
    let second = run_ok(reprint().args(["index", "query"]).arg(&index).arg(&day2));
    assert_eq!(query_groups(&second.stdout).len(), expected_groups().len());
    run_ok(reprint().args(["index", "stats"]).arg(&index));
    run_ok(reprint().args(["index", "check"]).arg(&index));
    let err = run_err(reprint().args(["index", "add"]).arg(&index).arg(&day2));
    assert!(
        err.contains("is in use by another reprint process"),
        "{err}"
    );
    {
        use std::io::Write;
        let mut stdin = first.stdin.take().unwrap();
        stdin.write_all(&std::fs::read(&day2).unwrap()).unwrap();
    }
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(query_groups(&out.stdout), query_groups(&second.stdout));
    assert_eq!(
        std::fs::read(&index).unwrap(),
        bytes,
        "a reader changed the index"
    );
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        modified
    );

    // Read-only for its owner (root reads and writes it regardless).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o444)).unwrap();
        if unsafe { libc::geteuid() } != 0 {
            run_ok(reprint().args(["index", "query"]).arg(&index).arg(&day2));
            run_ok(reprint().args(["index", "stats"]).arg(&index));
            run_ok(reprint().args(["index", "check"]).arg(&index));
        }
    }
}
