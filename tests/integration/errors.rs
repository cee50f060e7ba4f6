//! Bad input: a clear message naming file, line and problem; exit 2; no
//! panic. `--skip-bad` counts and reports instead.

use std::path::PathBuf;

use crate::common::*;

/// A temporary file holding `bytes`, kept alive by the returned dir.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

const GOOD: &str = r#"{"id":"a","text":"the quick brown fox jumps over the lazy dog"}"#;

#[test]
fn malformed_json_line() {
    let (_d, path) = temp_file(
        "bad.jsonl",
        format!("{GOOD}\n{{\"id\": \"b\", \"text\": \n").as_bytes(),
    );
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains("bad.jsonl:2: malformed JSON at column"),
        "{err}"
    );
}

#[test]
fn json_line_that_is_an_array() {
    let (_d, path) = temp_file("arr.jsonl", format!("{GOOD}\n[1, 2]\n").as_bytes());
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains("arr.jsonl:2: expected a JSON object, found an array"),
        "{err}"
    );
}

#[test]
fn missing_text_field_lists_the_fields_present() {
    let (_d, path) = temp_file(
        "notext.jsonl",
        format!("{GOOD}\n{{\"id\":\"b\",\"headline\":\"x\",\"story\":\"y\"}}\n").as_bytes(),
    );
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains(
            "notext.jsonl:2: no text field (tried text, content, body, article, maintext); fields present: id, headline, story"
        ),
        "{err}"
    );
    // Naming the field fixes it.
    run_ok(
        reprint()
            .arg(&path)
            .args(["--text-field", "story", "--skip-bad"]),
    );
}

#[test]
fn nested_field_paths() {
    let (_d, path) = temp_file(
        "nested.jsonl",
        br#"{"meta":{"uid":"x1","outlet":{"name":"Gazette"}},"body":{"text":"one two three four five six"}}
"#,
    );
    let out = run_ok(reprint().arg(&path).args([
        "--id-field",
        "meta.uid",
        "--text-field",
        "body.text",
        "--source-field",
        "meta.outlet.name",
        "--singletons",
    ]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#""id":"x1","source":"Gazette""#), "{text}");
}

#[test]
fn csv_row_with_wrong_field_count() {
    let (_d, path) = temp_file(
        "bad.csv",
        b"id,title,text\na,T,some words here\nb,only two\n",
    );
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains("bad.csv:3: expected 3 fields as in the header, found 2"),
        "{err}"
    );
}

#[test]
fn csv_without_text_column() {
    let (_d, path) = temp_file("cols.csv", b"id,title\na,T\n");
    let err = run_err(reprint().arg(&path).arg("--skip-bad"));
    assert!(
        err.contains(
            "cols.csv:1: no text column (tried text, content, body, article, maintext); columns: id, title"
        ),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let mut bytes = format!("{GOOD}\n").into_bytes();
    let line2 = b"{\"id\":\"b\",\"text\":\"caf\xE9\"}\n";
    bytes.extend_from_slice(line2);
    let (_d, path) = temp_file("latin1.jsonl", &bytes);
    let err = run_err(reprint().arg(&path));
    let offset = GOOD.len() + 1 + line2.iter().position(|&b| b == 0xE9).unwrap();
    assert!(
        err.contains(&format!(
            "latin1.jsonl:2: invalid UTF-8 at byte offset {offset}"
        )),
        "{err}"
    );
}

#[test]
fn empty_file() {
    let (_d, path) = temp_file("empty.jsonl", b"");
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains("empty.jsonl: empty input: no records"),
        "{err}"
    );
}

#[test]
fn missing_file() {
    let err = run_err(reprint().arg("no/such/file.jsonl"));
    assert!(err.contains("cannot open no/such/file.jsonl"), "{err}");
}

#[test]
fn duplicate_ids_are_refused() {
    let (_d, path) = temp_file("dup.jsonl", format!("{GOOD}\n{GOOD}\n").as_bytes());
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains("dup.jsonl:2: duplicate id 'a' (first seen at "),
        "{err}"
    );
}

#[test]
fn bad_flag_values() {
    let err = run_err(reprint().args(["--threshold", "1.5", "x.jsonl"]));
    assert!(
        err.contains("--threshold (1.5) must be above 0 and at most 1"),
        "{err}"
    );
    let err = run_err(reprint().args(["--ngram", "0", "x.jsonl"]));
    assert!(err.contains("--ngram (0)"), "{err}");
}

#[test]
fn skip_bad_counts_and_goes_on() {
    let mut input = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    input.push_str("not json\n[1]\n{\"id\":\"zz\"}\n");
    let (_d, path) = temp_file("mixed.jsonl", input.as_bytes());
    let out = reprint().arg(&path).arg("--skip-bad").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.jsonl:31: malformed JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("mixed.jsonl:33: no text field"), "{stderr}");
    assert!(
        stderr.contains("30 records read, 3 skipped as bad"),
        "{stderr}"
    );
    assert_eq!(group_ids(&out.stdout), expected_groups());
    // -q silences the warnings, not the output.
    let quiet = reprint()
        .arg(&path)
        .args(["--skip-bad", "-q"])
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
    assert_eq!(quiet.stdout, out.stdout);
}

#[test]
fn every_record_bad_under_skip_bad_is_an_error_like_an_empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n{also not\n").unwrap();
    let err = run_err(reprint().arg(&bad).arg("--skip-bad"));
    assert!(
        err.contains("no usable record: all 2 record(s) read were bad"),
        "{err}"
    );
}

#[test]
fn options_before_the_subcommand_are_explained() {
    let err = run_err(reprint().args(["-q", "index", "add", "x.idx"]));
    assert!(err.contains("put options after the subcommand"), "{err}");
}

#[test]
fn absurd_thread_counts_are_capped_with_a_warning() {
    let out = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--threads", "100000"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("more than 8 per core; using"), "{stderr}");
    assert_eq!(group_ids(&out.stdout), expected_groups());
}

#[test]
fn a_quote_closed_in_the_next_row_is_a_bad_record_not_a_lost_one() {
    // 5 rows; row 3 opens a quote that row 4 closes with text after it, so
    // a CSV parser reads rows 3 and 4 as one record.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "id,text\na,one story\nb,\"two\nc,three\" more\nd,four\ne,five\n",
    )
    .unwrap();
    let err = run_err(reprint().arg(&csv));
    assert!(
        err.contains("t.csv:3: text after a closing quote")
            && err.contains("2 lines read as one row"),
        "{err}"
    );
    // --skip-bad counts it and goes on with the rest.
    let out = run_ok(reprint().arg(&csv).args(["--skip-bad", "-v"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 records read, 1 skipped as bad"),
        "{stderr}"
    );
}

#[test]
fn a_null_text_field_is_named_as_null() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.jsonl");
    std::fs::write(&path, "{\"id\":\"a\",\"text\":null}\n").unwrap();
    let err = run_err(reprint().arg(&path));
    assert!(err.contains("n.jsonl:1: field 'text' is null"), "{err}");
}

#[test]
fn stdin_sniffing_never_turns_structure_into_one_record() {
    // A JSON array is read as one (tests/integration/json_inputs.rs); text
    // that only opens like one is refused with a hint, not read as one text.
    let err = run_err(reprint().write_stdin("[Reuters] The harbour board voted on Tuesday.\n"));
    assert!(
        err.contains("-:1: element [0] starts with 'R', which no JSON value does (if this is not JSON, give --format text"),
        "{err}"
    );
    // A one-column CSV is read as CSV: three records, not one.
    let story = "the harbour board voted on tuesday to close the old ferry pier after engineers found the pilings had rotted through";
    let csv = format!(
        "text\n\"{story}\"\n\"Share this. {story}\"\n\"something else entirely, about a bakery and its bread\"\n"
    );
    let out = run_ok(reprint().args(["-v", "--min-shared", "5"]).write_stdin(csv));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 records read"), "{stderr}");
    assert_eq!(group_ids(&out.stdout).len(), 1);
}
