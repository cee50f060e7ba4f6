//! The main output's shapes (issue 14, "Outputs"): compact JSON groups
//! carrying a schema, `--pairs` for the pairs, and the membership and
//! pairs tables (`--format-out csv|tsv|parquet`, `--pairs-out`), read back
//! with the csv and parquet crates (and Python's csv and pyarrow, where
//! installed) as a data tool would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use parquet::record::Field;

use serde_json::Value;

use crate::common::*;

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A table's rows as maps from column to field, with its header.
fn table(path: &Path, delimiter: u8) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// A JSON value as the table writes it: null empty, numbers as Rust
/// prints them (`1` for 1.0).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().unwrap().to_string(),
        other => other.to_string(),
    }
}

#[test]
fn groups_are_compact_by_default_and_carry_their_schema() {
    let compact = json_lines(&run_ok(reprint().arg(fixture("news.jsonl"))).stdout);
    let full = json_lines(&run_ok(reprint().arg(fixture("news.jsonl")).arg("--pairs")).stdout);
    assert_eq!(compact.len(), expected_groups().len());
    assert_eq!(compact.len(), full.len());
    for (c, f) in compact.iter().zip(&full) {
        assert_eq!(c["schema"], "reprint.group/2");
        assert!(c.get("pairs").is_none(), "{c}");
        // Members carry their similarity to the canonical member either way.
        assert_eq!(c["members"], f["members"]);
        assert_eq!(c["members"][0]["id"], c["canonical"]);
        for m in c["members"].as_array().unwrap() {
            assert!(m["jaccard"].as_f64().is_some() && m["containment"].as_f64().is_some());
        }
        // --pairs adds the verified pairs, every one inside the group.
        let ids: BTreeSet<&str> = f["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        let pairs = f["pairs"].as_array().unwrap();
        assert!(pairs.len() >= ids.len() - 1, "{f}");
        for p in pairs {
            assert!(
                ids.contains(p["a"].as_str().unwrap()) && ids.contains(p["b"].as_str().unwrap())
            );
        }
    }
    // One JSON array: the same groups.
    let array: Value = serde_json::from_slice(
        &run_ok(
            reprint()
                .arg(fixture("news.jsonl"))
                .args(["--format-out", "json"]),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(array.as_array().unwrap(), &compact);
}

#[test]
fn eval_scores_the_same_with_or_without_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let mut scores = Vec::new();
    for (name, extra) in [("compact.jsonl", None), ("pairs.jsonl", Some("--pairs"))] {
        let groups = dir.path().join(name);
        let mut cmd = reprint();
        cmd.arg(fixture("news.jsonl")).arg("-o").arg(&groups);
        cmd.args(extra);
        run_ok(&mut cmd);
        let out = run_ok(
            reprint()
                .args(["eval", "--json", "--truth"])
                .arg(fixture("truth.jsonl"))
                .arg(&groups),
        );
        scores.push(serde_json::from_slice::<Value>(&out.stdout).unwrap());
    }
    assert_eq!(scores[0]["f1"], 1.0, "{}", scores[0]);
    assert_eq!(scores[0], scores[1]);
}

#[test]
fn the_membership_table_holds_every_member_once_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_lines(&run_ok(reprint().arg(fixture("news.jsonl")).arg("--singletons")).stdout);
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let path = dir.path().join(format!("groups.{format}"));
        run_ok(
            reprint()
                .arg(fixture("news.jsonl"))
                .args(["--singletons", "--format-out", format, "-o"])
                .arg(&path),
        );
        let (header, rows) = table(&path, delimiter);
        assert_eq!(
            header,
            [
                "group",
                "canonical",
                "size",
                "id",
                "source",
                "date",
                "title",
                "url",
                "words",
                "jaccard",
                "containment",
                "story"
            ]
        );
        // With --singletons every record of the input is a row, once.
        let records = std::fs::read_to_string(fixture("news.jsonl"))
            .unwrap()
            .lines()
            .count();
        assert_eq!(rows.len(), records);
        let ids: BTreeSet<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
        assert_eq!(ids.len(), records, "each member once");
        // Row for row, the JSON members: same group, canonical and fields.
        let mut k = 0;
        for g in &json {
            for m in g["members"].as_array().unwrap() {
                let row = &rows[k];
                k += 1;
                assert_eq!(row["group"], g["group"].as_str().unwrap());
                assert_eq!(row["canonical"], g["canonical"].as_str().unwrap());
                assert_eq!(
                    row["size"].parse::<u64>().unwrap(),
                    g["size"].as_u64().unwrap()
                );
                for col in ["id", "source", "date", "title", "url"] {
                    assert_eq!(row[col], cell(&m[col]), "{col}");
                }
                assert_eq!(
                    row["words"].parse::<u64>().unwrap(),
                    m["words"].as_u64().unwrap()
                );
                for col in ["jaccard", "containment"] {
                    let x: f64 = row[col].parse().unwrap();
                    assert_eq!(x, m[col].as_f64().unwrap(), "{col}");
                }
            }
        }
        assert_eq!(k, rows.len());
        // The canonical member is a member of its own group, with
        // similarity 1 to itself; a singleton is its own canonical.
        for row in &rows {
            let canonical = rows
                .iter()
                .find(|r| r["id"] == row["canonical"])
                .expect("canonical is a row");
            assert_eq!(canonical["group"], row["group"]);
            assert_eq!(canonical["jaccard"], "1");
            if row["size"] == "1" {
                assert_eq!(row["canonical"], row["id"]);
            }
        }
    }
}

#[test]
fn tsv_quotes_fields_holding_tabs_and_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and the \
        ferry will call at the new jetty from Monday until repairs are done.";
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{{\"id\":\"a\\tone\",\"title\":\"Pier \\\"closed\\\"\\nfor now\",\"text\":\"{story}\"}}\n\
             {{\"id\":\"b\",\"title\":\"Pier, closed\",\"text\":\"{story}\"}}\n"
        ),
    )
    .unwrap();
    let path = dir.path().join("out.tsv");
    run_ok(
        reprint()
            .arg(&input)
            .args(["--min-shared", "5", "--format-out", "tsv", "-o"])
            .arg(&path),
    );
    let (_, rows) = table(&path, b'\t');
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a\tone");
    assert_eq!(rows[0]["title"], "Pier \"closed\"\nfor now");
    assert_eq!(rows[1]["title"], "Pier, closed");
    assert_eq!(rows[1]["canonical"], "a\tone");
}

#[test]
fn the_pairs_table_holds_the_json_pairs_and_related_records() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_lines(
        &run_ok(
            reprint()
                .arg(fixture("news.jsonl"))
                .args(["--pairs", "--related"]),
        )
        .stdout,
    );
    let members = dir.path().join("m.csv");
    let pairs = dir.path().join("p.csv");
    run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--related", "--format-out", "csv", "-o"])
            .arg(&members)
            .arg("--pairs-out")
            .arg(&pairs),
    );
    let (header, rows) = table(&pairs, b',');
    assert_eq!(
        header,
        [
            "group",
            "kind",
            "a",
            "b",
            "jaccard",
            "containment",
            "a_in_b",
            "b_in_a",
            "shared",
            "excerpt"
        ]
    );
    let mut want = Vec::new();
    for g in &json {
        for p in g["pairs"].as_array().unwrap() {
            want.push(vec![
                cell(&g["group"]),
                "reprint".to_string(),
                cell(&p["a"]),
                cell(&p["b"]),
                cell(&p["jaccard"]),
                cell(&p["containment"]),
                cell(&p["a_in_b"]),
                cell(&p["b_in_a"]),
                cell(&p["shared"]),
                cell(&p["excerpt"]),
            ]);
        }
        for r in g["related"].as_array().unwrap() {
            // The member quoted is `a`, the quoting record `b`.
            want.push(vec![
                cell(&g["group"]),
                "related".to_string(),
                cell(&r["source"]),
                cell(&r["id"]),
            ]);
        }
    }
    assert_eq!(rows.len(), want.len());
    let related = rows.iter().filter(|r| r["kind"] == "related").count();
    assert!(related >= 1, "the fixture's derivative quotes its source");
    for (row, want) in rows.iter().zip(&want) {
        let got: Vec<&String> = header.iter().map(|c| &row[c]).collect();
        for (g, w) in got.iter().zip(want) {
            assert_eq!(*g, w, "{row:?}");
        }
        for col in ["jaccard", "containment", "a_in_b", "b_in_a"] {
            let x: f64 = row[col].parse().unwrap();
            assert!((0.0..=1.0).contains(&x), "{col} {x}");
        }
        row["shared"].parse::<u64>().unwrap();
    }
    // The related sources in no group are rows of the membership table,
    // as groups of one (as in the JSON).
    let (_, member_rows) = table(&members, b',');
    let json_members: usize = json
        .iter()
        .map(|g| g["members"].as_array().unwrap().len())
        .sum();
    assert_eq!(member_rows.len(), json_members);
}

#[test]
fn output_flags_that_do_not_go_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.csv");
    for (args, says) in [
        (
            vec!["--format-out", "csv", "--pairs"],
            "--pairs with --format-out csv",
        ),
        (
            vec!["--format-out", "tsv", "--related"],
            "--related with --format-out tsv",
        ),
        (
            vec!["--pairs-out", "PAIRS"],
            "--pairs-out writes the pairs table",
        ),
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if *a == "PAIRS" {
                    p.display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let out = reprint()
            .arg(fixture("news.jsonl"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert!(!p.exists());
    }
    // The pairs table and the output are two files.
    let err = run_err(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--format-out", "csv", "-o"])
            .arg(&p)
            .arg("--pairs-out")
            .arg(&p),
    );
    assert!(
        err.contains("-o and --pairs-out are the same file"),
        "{err}"
    );
}

/// Python's `csv` module (what pandas users fall back on) reads both
/// tables as written: every row has the header's columns, and the ids
/// come back the same. Skipped, with a note, where there is no python3.
#[test]
fn python_csv_reads_both_tables() {
    let Ok(probe) = std::process::Command::new("python3")
        .args(["-c", "import csv"])
        .output()
    else {
        eprintln!("python3 not found: python_csv_reads_both_tables not run");
        return;
    };
    assert!(probe.status.success(), "python3 has no csv module");
    let dir = tempfile::tempdir().unwrap();
    for (format, delimiter) in [("csv", ","), ("tsv", "\t")] {
        let members = dir.path().join(format!("m.{format}"));
        let pairs = dir.path().join(format!("p.{format}"));
        run_ok(
            reprint()
                .arg(fixture("news.jsonl"))
                .args(["--singletons", "--related", "--format-out", format, "-o"])
                .arg(&members)
                .arg("--pairs-out")
                .arg(&pairs),
        );
        let script = "import csv, json, sys\n\
            out = []\n\
            for path in sys.argv[2:]:\n\
            \x20   with open(path, newline='', encoding='utf-8') as f:\n\
            \x20       rows = list(csv.reader(f, delimiter=sys.argv[1]))\n\
            \x20   assert all(len(r) == len(rows[0]) for r in rows), path\n\
            \x20   out.append([r[3] if rows[0][0] == 'group' and rows[0][1] == 'canonical' else r[2] + ' ' + r[3] for r in rows[1:]])\n\
            print(json.dumps(out))\n";
        let out = std::process::Command::new("python3")
            .args(["-c", script, delimiter])
            .arg(&members)
            .arg(&pairs)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
        let (_, m) = table(&members, delimiter.as_bytes()[0]);
        let (_, p) = table(&pairs, delimiter.as_bytes()[0]);
        let want_m: Vec<String> = m.iter().map(|r| r["id"].clone()).collect();
        let want_p: Vec<String> = p.iter().map(|r| format!("{} {}", r["a"], r["b"])).collect();
        assert_eq!(got, vec![want_m, want_p], "{format}");
    }
}

/// Write the membership and pairs tables of `input` in `format` into
/// `dir` as `m.FORMAT` and `p.FORMAT`, with `extra` arguments.
fn write_tables(dir: &Path, input: &Path, format: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let members = dir.join(format!("m.{format}"));
    let pairs = dir.join(format!("p.{format}"));
    run_ok(
        reprint()
            .arg(input)
            .args(["--related", "--format-out", format, "-o"])
            .arg(&members)
            .arg("--pairs-out")
            .arg(&pairs)
            .args(extra),
    );
    (members, pairs)
}

/// Whether a Parquet field is of the type its column is written as.
fn typed_as_its_column(column: &str, field: &Field) -> bool {
    match column {
        "size" | "words" | "shared" => matches!(field, Field::Long(_)),
        "jaccard" | "containment" | "a_in_b" | "b_in_a" => matches!(field, Field::Double(_)),
        "source" | "date" | "title" | "url" | "excerpt" => {
            matches!(field, Field::Str(_) | Field::Null)
        }
        "indexed" => matches!(field, Field::Bool(_) | Field::Null),
        _ => matches!(field, Field::Str(_)),
    }
}

#[test]
fn the_parquet_tables_hold_the_csv_rows_in_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("news.jsonl");
    let csv = write_tables(dir.path(), &input, "csv", &["--singletons"]);
    let parquet = write_tables(dir.path(), &input, "parquet", &["--singletons"]);
    for ((csv, parquet), schema) in [(csv.0, parquet.0), (csv.1, parquet.1)]
        .into_iter()
        .zip(["reprint.members/1", "reprint.pairs/1"])
    {
        let (header, want) = table(&csv, b',');
        let got = parquet_table(&parquet);
        assert_eq!(got.header, header);
        assert_eq!(got.schema.as_deref(), Some(schema));
        assert_eq!(got.rows.len(), want.len(), "{schema}");
        assert!(!want.is_empty());
        for (row, want) in got.rows.iter().zip(&want) {
            for (column, field) in header.iter().zip(row) {
                assert_eq!(parquet_text(field), want[column], "{schema} {column}");
                assert!(typed_as_its_column(column, field), "{column}: {field:?}");
            }
        }
        if schema == "reprint.pairs/1" {
            // A related record's excerpt is null, not an empty string.
            let related = got
                .rows
                .iter()
                .find(|r| r[1] == Field::Str("related".into()))
                .expect("the fixture's derivative quotes its source");
            assert_eq!(related[9], Field::Null);
        }
    }
}

#[test]
fn a_missing_field_is_null_in_parquet_and_empty_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and the \
        ferry will call at the new jetty from Monday until repairs are done.";
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{{\"id\":\"a\",\"source\":\"Wire\",\"date\":\"2024-05-01\",\"url\":\"https://wire.example/a\",\"text\":\"{story}\"}}\n\
             {{\"id\":\"b\",\"text\":\"{story}\"}}\n"
        ),
    )
    .unwrap();
    let extra = ["--min-shared", "5"];
    let (csv, _) = write_tables(dir.path(), &input, "csv", &extra);
    let (parquet, _) = write_tables(dir.path(), &input, "parquet", &extra);
    let (header, want) = table(&csv, b',');
    let got = parquet_table(&parquet);
    assert_eq!(got.rows.len(), 2);
    let b = &got.rows[1];
    for column in ["source", "date", "title", "url"] {
        let k = header.iter().position(|c| c == column).unwrap();
        assert_eq!(b[k], Field::Null, "{column}");
        assert_eq!(want[1][column], "", "{column}");
    }
    assert_eq!(got.rows[0][4], Field::Str("Wire".into()));
}

#[test]
fn parquet_goes_to_a_pipe_as_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.parquet");
    run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--format-out", "parquet", "-o"])
            .arg(&file),
    );
    // assert_cmd's stdout is a pipe: allowed, and the same bytes.
    let piped = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--format-out", "parquet"]),
    )
    .stdout;
    assert!(piped.starts_with(b"PAR1") && piped.ends_with(b"PAR1"));
    assert_eq!(piped, std::fs::read(&file).unwrap());
}

#[test]
fn parquet_is_refused_where_nothing_could_read_it() {
    let dir = tempfile::tempdir().unwrap();
    // A compression suffix: Parquet's pages are compressed already.
    for (flag, name, says) in [
        ("-o", "m.parquet.gz", "-o "),
        ("--pairs-out", "p.parquet.zst", "--pairs-out "),
    ] {
        let path = dir.path().join(name);
        let mut cmd = reprint();
        cmd.arg(fixture("news.jsonl"))
            .args(["--format-out", "parquet", flag])
            .arg(&path);
        if flag == "--pairs-out" {
            cmd.arg("-o").arg(dir.path().join("m.parquet"));
        }
        let err = run_err(&mut cmd);
        assert!(
            err.contains(says) && err.contains("Parquet compresses its own pages"),
            "{err}"
        );
        assert!(!path.exists());
        assert!(!dir.path().join("m.parquet").exists());
    }
    // A bad input: no file, not half a one.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":\"a\",\"text\":\"x\"}\n{not json\n").unwrap();
    let out = dir.path().join("m.parquet");
    let err = run_err(
        reprint()
            .arg(&bad)
            .args(["--format-out", "parquet", "-o"])
            .arg(&out),
    );
    assert!(err.contains("bad.jsonl:2"), "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Binary on a terminal is refused (util-linux `script` gives the run a
/// pseudo-terminal); skipped, with a note, where `script` is missing.
#[test]
fn parquet_on_a_terminal_is_refused() {
    let bin = env!("CARGO_BIN_EXE_reprint");
    let input = fixture("news.jsonl");
    let cmd = format!("'{bin}' '{}' --format-out parquet", input.display());
    let Ok(out) = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .output()
    else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("--format-out parquet is binary and stdout is a terminal"),
        "{shown}"
    );
    assert!(!shown.contains("PAR1"), "{shown}");
}

/// pyarrow (what pandas, polars and Hugging Face datasets read Parquet
/// with) reads both tables: arrow types string, int64, double, nulls
/// where the CSV is empty, the schema in the metadata. Skipped, with a
/// note, where pyarrow is not installed; the parquet crate's check above
/// always runs.
#[test]
fn pyarrow_reads_both_parquet_tables() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import pyarrow.parquet"])
        .output();
    if !probe.is_ok_and(|p| p.status.success()) {
        eprintln!("skipped: python3 with pyarrow is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("news.jsonl");
    let csv = write_tables(dir.path(), &input, "csv", &["--singletons"]);
    let parquet = write_tables(dir.path(), &input, "parquet", &["--singletons"]);
    let script = "import json, sys\n\
        import pyarrow.parquet as pq\n\
        out = []\n\
        for path in sys.argv[1:]:\n\
        \x20   t = pq.read_table(path)\n\
        \x20   out.append({'types': {f.name: str(f.type) for f in t.schema},\n\
        \x20               'schema': t.schema.metadata[b'reprint.schema'].decode(),\n\
        \x20               'rows': t.to_pylist()})\n\
        print(json.dumps(out))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&parquet.0)
        .arg(&parquet.1)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tables: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    for (got, (csv, schema)) in tables
        .iter()
        .zip([(&csv.0, "reprint.members/1"), (&csv.1, "reprint.pairs/1")])
    {
        assert_eq!(got["schema"], schema);
        for (column, ty) in got["types"].as_object().unwrap() {
            let want = match column.as_str() {
                "size" | "words" | "shared" => "int64",
                "jaccard" | "containment" | "a_in_b" | "b_in_a" => "double",
                _ => "string",
            };
            assert_eq!(ty, want, "{column}");
        }
        let (header, want) = table(csv, b',');
        let rows = got["rows"].as_array().unwrap();
        assert_eq!(rows.len(), want.len(), "{schema}");
        for (row, want) in rows.iter().zip(&want) {
            for column in &header {
                assert_eq!(cell(&row[column]), want[column], "{schema} {column}");
            }
        }
    }
}
