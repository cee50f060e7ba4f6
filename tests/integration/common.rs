//! Helpers shared by the integration tests: run the binary, read groups.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The built `reprint` binary, ready for arguments.
pub fn reprint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reprint"))
}

/// A path under the repository's `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The groups of JSON Lines output, each as the sorted list of member ids.
pub fn group_ids(stdout: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(stdout).expect("output is UTF-8");
    let mut groups: Vec<Vec<String>> = text
        .lines()
        .map(|line| {
            let g: Value = serde_json::from_str(line).expect("each line is JSON");
            let mut ids: Vec<String> = g["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| m["id"].as_str().expect("id").to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}

/// The groups listed in `fixtures/expected.json`, sorted.
pub fn expected_groups() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut groups: Vec<Vec<String>> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut ids: Vec<String> = g
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}

/// Run and require success; the output.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run reprint");
    assert!(
        out.status.success(),
        "reprint failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Run and require exit code 2; the stderr text.
pub fn run_err(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run reprint");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    stderr
}

/// `n` made-up words, the same for the same `seed` (xorshift over
/// syllables): text no other seed shares a phrase with.
pub fn made_up(seed: u64, n: usize) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let syllables = [
        "ka", "lo", "mi", "ren", "tas", "vo", "qui", "dre", "shu", "pel", "gor", "ni", "bax",
        "sel", "tu", "wen",
    ];
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 2 + (state >> 60) as usize % 2;
            (0..len)
                .map(|k| syllables[((state >> (6 * k)) % 16) as usize])
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A corpus shaped to show what `spread` says of hard cases, as JSON Lines
/// (11 records):
///
/// - story `s1` (five paragraphs of 60 words) first printed by an outlet
///   with a long name, reprinted whole by another (longer still) and
///   cut to its fifth paragraph by `Herald`;
/// - story `s2`, one long paragraph then four short ones, printed by
///   `Herald` and cut to its first paragraph by `Wire` (81% of the words,
///   one paragraph of five);
/// - story `t1`, printed twice by `Solo Gazette` alone;
/// - `r-analyst`, quoting a paragraph of `s1` and one of `t1` (one record,
///   two related edges);
/// - `d-digest`, a digest dated before `s1` appeared, carrying two briefs
///   (`b1`, `b2`, dated before it) and `s1`'s fourth paragraph: a
///   container, so related to `s1` though dated before every member.
pub fn spread_cases() -> String {
    let p: Vec<String> = (1..=5).map(|k| made_up(k, 60)).collect();
    let q: Vec<String> = std::iter::once(made_up(11, 200))
        .chain((12..=15).map(|k| made_up(k, 12)))
        .collect();
    let t: Vec<String> = (41..=43).map(|k| made_up(k, 60)).collect();
    let (b1, b2) = (made_up(31, 60), made_up(32, 60));
    // One headline per story, so no reprint is noted for a new one.
    let record = |id: &str, source: &str, date: &str, text: String| {
        let story = id.trim_end_matches(|c: char| c.is_ascii_lowercase());
        serde_json::json!({
            "id": id, "source": source, "date": date, "title": format!("Story {story}"),
            "text": text,
        })
        .to_string()
    };
    let s1 = p.join("\n\n");
    [
        record("b1", "Wire", "2024-02-25", b1.clone()),
        record("b2", "Herald", "2024-02-26", b2.clone()),
        record(
            "d-digest",
            "Morning Digest",
            "2024-03-01T12:00:00Z",
            [b1, b2, p[3].clone()].join("\n\n"),
        ),
        record(
            "s1a",
            "Tessel Valley Courier and Advertiser",
            "2024-03-02T08:00:00Z",
            s1.clone(),
        ),
        record(
            "s1b",
            "The Brackenford Evening Telegraph Online",
            "2024-03-03",
            format!("Share this story\n\n{s1}"),
        ),
        record("s1c", "Herald", "2024-03-04", p[4].clone()),
        record("s2a", "Herald", "2024-04-01", q.join("\n\n")),
        record("s2b", "Wire", "2024-04-02", q[0].clone()),
        record("t1a", "Solo Gazette", "2024-06-01", t.join("\n\n")),
        record("t1b", "Solo Gazette", "2024-06-02", t.join("\n\n")),
        record(
            "r-analyst",
            "Analyst Weekly",
            "2024-07-01",
            [
                made_up(21, 80),
                p[1].clone(),
                made_up(22, 80),
                t[1].clone(),
                made_up(23, 80),
            ]
            .join("\n\n"),
        ),
    ]
    .join("\n")
        + "\n"
}

/// A Parquet table read back with the parquet crate's own reader (not
/// reprint's): its column names, its rows as typed fields, and the
/// schema its key-value metadata names under `reprint.schema`.
pub struct ParquetTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<parquet::record::Field>>,
    pub schema: Option<String>,
}

pub fn parquet_table(path: &Path) -> ParquetTable {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let meta = file.metadata().file_metadata();
    let header = meta
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let schema = meta
        .key_value_metadata()
        .into_iter()
        .flatten()
        .find(|kv| kv.key == "reprint.schema")
        .and_then(|kv| kv.value.clone());
    let rows = file
        .get_row_iter(None)
        .unwrap()
        .map(|r| {
            r.unwrap()
                .get_column_iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .collect();
    ParquetTable {
        header,
        rows,
        schema,
    }
}

/// A Parquet field as the CSV table writes the same value: null empty,
/// numbers as Rust prints them.
pub fn parquet_text(field: &parquet::record::Field) -> String {
    use parquet::record::Field;
    match field {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::Long(n) => n.to_string(),
        Field::Double(x) => x.to_string(),
        Field::Bool(b) => b.to_string(),
        other => panic!("a table column of an unexpected type: {other:?}"),
    }
}
