//! The Spark job (`spark/reprint_spark.py`) in local mode writes the bytes
//! `reprint --related` writes, with 1, 4 and 16 partitions, on the
//! fixture and on a generated corpus, and from inputs given as `file://`
//! URIs and globs; and the stage commands' errors, `--origin-name`.
//!
//! Without `spark-submit` (pip install pyspark; Java 17 or later), or the
//! generator's binary (`cargo build --example gen_corpus`), the Spark test
//! prints a note and passes, except under CI (`CI` set), where `.ci/run`
//! installs and builds them and their absence is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Records of the generated corpus. A run's time here is mostly Spark's own
/// (starting stages and Python workers), so a smaller corpus saves little;
/// 20,000 records took 8.5 minutes for one run with 4 partitions in a debug
/// build on two loaded cores, too long for three (see spark/README.md).
const GENERATED: usize = 1000;

/// `spark-submit`, or `None` (with a note) when it is missing outside CI.
fn spark_submit() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("spark-submit"))
            .find(|p| p.is_file())
    });
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    match found {
        Some(path) if java => return Some(path),
        _ => {}
    }
    let what = if java { "spark-submit" } else { "java" };
    if std::env::var_os("CI").is_some() {
        panic!(
            "{what} is missing; CI must install Java and PySpark (see .ci/run: \
             apt-get install default-jre-headless; pip install pyspark)"
        );
    }
    eprintln!(
        "note: skipping the Spark test: {what} not found \
         (apt-get install default-jre-headless; pip install pyspark)"
    );
    None
}

/// `gen_corpus`, built beside the binary by `cargo build --example
/// gen_corpus` (`.ci/run` builds it first: `cargo test` builds the example
/// only as the test harness of its unit tests), or `None` (with a note)
/// when it is missing, or older than its sources, outside CI.
fn gen_corpus() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_BIN_EXE_reprint"));
    let path = bin.parent().unwrap().join("examples").join("gen_corpus");
    // `cargo test` never rebuilds this example: one older than the code
    // it is built from may not know the options the test gives it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = newest(&root.join("src")).max(newest(&root.join("benches/gen_corpus")));
    let state = match std::fs::metadata(&path).and_then(|m| m.modified()) {
        Err(_) => "missing",
        Ok(built) if sources.is_some_and(|s| s > built) => "older than its sources",
        Ok(_) => return Some(path),
    };
    let why = format!(
        "{} is {state} (cargo build --locked --example gen_corpus builds it)",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{why}; .ci/run builds it before the tests");
    }
    eprintln!("note: skipping the Spark test: {why}");
    None
}

/// The latest modification time of a file below `dir`.
fn newest(dir: &Path) -> Option<std::time::SystemTime> {
    let mut latest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        latest = latest.max(time);
    }
    latest
}

#[test]
fn spark_job_writes_what_reprint_writes_for_any_partitions() {
    let Some(submit) = spark_submit() else { return };
    let Some(gen_corpus) = gen_corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated");
    let made = Command::new(gen_corpus)
        .args([
            "--records",
            &GENERATED.to_string(),
            "--seed",
            "7",
            "--profile",
            "wild",
            "--out-dir",
        ])
        .arg(&generated)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // The fixture, and records too short for a signature after it: copies
    // paired by their exact shingle set, and one that differs by a word.
    let mut news = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    for i in 0..6 {
        let text = if i < 5 {
            "Road closed today."
        } else {
            "Road closed tonight."
        };
        news += &format!("{{\"id\":\"short-{i}\",\"text\":\"{text}\"}}\n");
    }
    let short = dir.path().join("news-and-short.jsonl");
    std::fs::write(&short, news).unwrap();
    let inputs = [short, generated.join("corpus.jsonl")];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut runs = String::new();
    let mut expected = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let single = run_ok(reprint().arg(input).arg("--related")).stdout;
        assert!(
            group_ids(&single).len() >= 5,
            "{}: too few groups to show anything",
            input.display()
        );
        let kept = dir.path().join(format!("kept-{i}.jsonl"));
        run_ok(reprint().arg("dedup").arg(input).arg("-o").arg(&kept));
        let kept = std::fs::read(&kept).unwrap();
        assert!(
            kept.len() < std::fs::metadata(input).unwrap().len() as usize,
            "{}: dedup removed nothing",
            input.display()
        );
        for parts in [1, 4, 16] {
            let out = dir.path().join(format!("out-{i}-{parts}.jsonl"));
            let work = dir.path().join(format!("work-{i}-{parts}"));
            let bin = env!("CARGO_BIN_EXE_reprint");
            runs += &format!(
                "{}\t--related\t-o\t{}\t--partitions\t{parts}\t--reprint\t{bin}\t--work\t{}\n",
                input.display(),
                out.display(),
                work.display()
            );
            expected.push((out, single.clone(), parts, input.clone()));
            // dedup through Spark, from the same run's verified pairs
            // (the detection flags are the same: none).
            let out = dir.path().join(format!("dedup-{i}-{parts}.jsonl"));
            runs += &format!(
                "dedup\t{}\t-o\t{}\t--reprint\t{bin}\t--work\t{}\t--reuse-work\n",
                input.display(),
                out.display(),
                work.display()
            );
            expected.push((out, kept.clone(), parts, input.clone()));
        }
    }
    // Inputs as Hadoop filesystem URIs, read through Spark's FileSystem on
    // the driver. A `file://` URI: reprint's bytes on the same file.
    let bin = env!("CARGO_BIN_EXE_reprint");
    let out = dir.path().join("out-uri.jsonl");
    runs += &format!(
        "file://{}\t--related\t-o\t{}\t--partitions\t4\t--reprint\t{bin}\n",
        inputs[0].display(),
        out.display()
    );
    let single = run_ok(reprint().arg(&inputs[0]).arg("--related")).stdout;
    expected.push((out, single, 4, inputs[0].clone()));
    // Records with neither id nor url: their ids are made from their
    // origin, which must be the URI given, not the driver's copy. Expected:
    // reprint's output with each id `PATH:LINE` named `URI:LINE`, and the
    // group and story ids (16 hex digits of xxh3 of the canonical member's
    // id) of the renamed ids.
    let noid = dir.path().join("noid.jsonl");
    let mut text = String::new();
    for line in std::fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
    {
        let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
        let fields = record.as_object_mut().unwrap();
        fields.remove("id");
        fields.remove("url");
        text += &format!("{record}\n");
    }
    std::fs::write(&noid, text).unwrap();
    let uri = format!("file://{}", noid.display());
    let single = String::from_utf8(run_ok(reprint().arg(&noid).arg("--related")).stdout).unwrap();
    let group_id = |id: &str| format!("{:016x}", xxhash_rust::xxh3::xxh3_64(id.as_bytes()));
    let path_id = format!("{}:", noid.display());
    let mut renamed = single.replace(&format!("\"{path_id}"), &format!("\"{uri}:"));
    for line in single.lines() {
        let group: serde_json::Value = serde_json::from_str(line).unwrap();
        let canonical = group["canonical"].as_str().unwrap();
        assert_eq!(group["group"].as_str(), Some(group_id(canonical).as_str()));
        assert!(
            canonical.starts_with(&path_id),
            "an id not made from the origin: {line}"
        );
        let new = canonical.replacen(&path_id, &format!("{uri}:"), 1);
        renamed = renamed.replace(
            &format!("\"{}\"", group_id(canonical)),
            &format!("\"{}\"", group_id(&new)),
        );
    }
    let out = dir.path().join("out-noid.jsonl");
    runs += &format!(
        "{uri}\t--related\t-o\t{}\t--partitions\t4\t--reprint\t{bin}\n",
        out.display()
    );
    expected.push((out, renamed.into_bytes(), 4, noid));
    // A glob in a URI: the generated corpus cut into two files, read in
    // their order as `reprint` reads the two files.
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let corpus = std::fs::read_to_string(&inputs[1]).unwrap();
    let lines: Vec<&str> = corpus.lines().collect();
    let half = lines.len() / 2;
    let cut = [&lines[..half], &lines[half..]];
    for (k, part) in cut.iter().enumerate() {
        std::fs::write(
            parts.join(format!("part-{k}.jsonl")),
            part.join("\n") + "\n",
        )
        .unwrap();
    }
    let single = run_ok(
        reprint()
            .arg(parts.join("part-0.jsonl"))
            .arg(parts.join("part-1.jsonl"))
            .arg("--related"),
    )
    .stdout;
    let out = dir.path().join("out-glob.jsonl");
    runs += &format!(
        "file://{}/part-*.jsonl\t--related\t-o\t{}\t--partitions\t4\t--reprint\t{bin}\n",
        parts.display(),
        out.display()
    );
    expected.push((out, single, 4, parts.clone()));
    // A glob that matches nothing is an error naming it, and writes nothing.
    let nothing = format!("file://{}/none-*.jsonl", parts.display());
    let no_out = dir.path().join("out-nothing.jsonl");
    runs += &format!(
        "fails\t{nothing}\t-o\t{}\t--reprint\t{bin}\n",
        no_out.display()
    );
    let list = dir.path().join("runs.tsv");
    std::fs::write(&list, runs).unwrap();
    let done = Command::new(submit)
        .args([
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            "--py-files",
        ])
        .arg(root.join("spark/reprint_spark.py"))
        .arg(root.join("tests/integration/spark_runs.py"))
        .arg(&list)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "spark-submit failed ({:?}): {}",
        done.status,
        String::from_utf8_lossy(&done.stderr)
    );
    // spark-submit writes the Python driver's stderr to its stdout.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        said.contains(&format!("error: input {nothing} matches no file")),
        "{said}"
    );
    assert!(!no_out.exists());
    for (out, single, parts, input) in expected {
        let got = std::fs::read(&out).unwrap();
        assert!(
            got == single,
            "{}: {} with {parts} partitions differs from reprint's ({} vs {} bytes)",
            input.display(),
            out.display(),
            got.len(),
            single.len()
        );
    }
}

#[test]
fn stages_refuse_a_missing_run_and_files_of_another_kind() {
    let dir = tempfile::tempdir().unwrap();
    let err = run_err(
        reprint()
            .args(["stage", "featurize", "--work"])
            .arg(dir.path())
            .arg("0"),
    );
    assert!(
        err.contains("no model: run `reprint stage split` first"),
        "{err}"
    );

    let work = dir.path().join("run");
    run_ok(
        reprint()
            .args(["stage", "split", "--shards", "2", "--work"])
            .arg(&work)
            .arg(fixture("news.jsonl")),
    );
    // A split over a run already there would mix two runs' shards.
    let err = run_err(
        reprint()
            .args(["stage", "split", "--work"])
            .arg(&work)
            .arg(fixture("news.jsonl")),
    );
    assert!(err.contains("already holds a run"), "{err}");
    let err = run_err(
        reprint()
            .args(["stage", "featurize", "--work"])
            .arg(&work)
            .arg("2"),
    );
    assert!(
        err.contains("no shard 2: the split wrote 2 (0 to 1)"),
        "{err}"
    );
    // A records shard where the model should be: named, with its schema.
    std::fs::copy(
        work.join("records/part-00000.parquet"),
        work.join("model.parquet"),
    )
    .unwrap();
    let err = run_err(
        reprint()
            .args(["stage", "featurize", "--work"])
            .arg(&work)
            .arg("0"),
    );
    assert!(
        err.contains("model.parquet: not a reprint.model/2 file (its reprint.stage.schema is 'reprint.records/1')"),
        "{err}"
    );
    // Cluster before any shard was featurized.
    let work2 = dir.path().join("run2");
    run_ok(
        reprint()
            .args(["stage", "split", "--work"])
            .arg(&work2)
            .arg(fixture("news.jsonl")),
    );
    let err = run_err(reprint().args(["stage", "cluster", "--work"]).arg(&work2));
    assert!(err.contains("shard 0 was not featurized"), "{err}");
    // A bad line on a pipe names its line.
    let out = reprint()
        .args(["stage", "pairs", "lsh", "--work"])
        .arg(&work2)
        .write_stdin("1 2\n3 x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: a record is 'x', not a number"),
        "{err}"
    );
}

#[test]
fn split_names_a_copy_by_the_origin_name_given() {
    // What the Spark driver does with an `s3a://` input: reads a local copy
    // of it, named by the URI in origins, ids made from origins and errors.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("0-dump.jsonl");
    std::fs::write(
        &copy,
        "{\"text\":\"A record with no id of its own.\"}\n\
         {\"id\":\"b\",\"text\":\"A record with one.\"}\n\
         {\"id\":\"c\",\"text\":\n",
    )
    .unwrap();
    let uri = "s3a://bucket/dump.jsonl";
    let split = |work: &str| {
        let mut cmd = reprint();
        cmd.args(["stage", "split", "--work"])
            .arg(dir.path().join(work))
            .arg(&copy)
            .arg("--origin-name")
            .arg(&copy)
            .arg(uri);
        cmd
    };
    let err = run_err(&mut split("run1"));
    assert!(err.contains("s3a://bucket/dump.jsonl:3"), "{err}");
    assert!(!err.contains("0-dump.jsonl"), "{err}");
    run_ok(split("run2").arg("--skip-bad"));
    let records = parquet_table(&dir.path().join("run2/records/part-00000.parquet"));
    assert_eq!(records.header[1], "id");
    assert_eq!(records.header[6], "origin_file");
    let column =
        |k: usize| -> Vec<String> { records.rows.iter().map(|r| parquet_text(&r[k])).collect() };
    assert_eq!(column(1), ["s3a://bucket/dump.jsonl:1", "b"]);
    assert_eq!(column(6), [uri, uri]);

    // A folder: its files are the name and their path under it.
    let folder = dir.path().join("1-dump");
    std::fs::create_dir_all(folder.join("wire")).unwrap();
    std::fs::write(folder.join("wire/a.jsonl"), "{\"text\":\"In a folder.\"}\n").unwrap();
    run_ok(
        reprint()
            .args(["stage", "split", "--work"])
            .arg(dir.path().join("run3"))
            .arg(&folder)
            .arg("--origin-name")
            .arg(&folder)
            .arg("hdfs://nn/dump/"),
    );
    let records = parquet_table(&dir.path().join("run3/records/part-00000.parquet"));
    assert_eq!(
        parquet_text(&records.rows[0][1]),
        "hdfs://nn/dump/wire/a.jsonl:1"
    );
    assert_eq!(
        parquet_text(&records.rows[0][6]),
        "hdfs://nn/dump/wire/a.jsonl"
    );

    // A name for a path that is not an input is refused.
    let err = run_err(
        reprint()
            .args(["stage", "split", "--work"])
            .arg(dir.path().join("run4"))
            .arg(&copy)
            .args(["--origin-name", "elsewhere.jsonl", uri]),
    );
    assert!(
        err.contains("--origin-name elsewhere.jsonl: not one of the inputs"),
        "{err}"
    );
}
