//! Every input format gives the fixture's expected groups.

use crate::common::*;

#[test]
fn jsonl_gives_expected_groups() {
    let out = run_ok(reprint().arg(fixture("news.jsonl")));
    assert_eq!(group_ids(&out.stdout), expected_groups());
}

#[test]
fn every_format_gives_the_same_output() {
    let jsonl = run_ok(reprint().arg(fixture("news.jsonl"))).stdout;
    for name in ["news.csv", "news.tsv", "news.txt"] {
        let out = run_ok(reprint().arg(fixture(name)));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&jsonl),
            "{name} differs from news.jsonl"
        );
    }
}

#[test]
fn folder_gives_expected_groups_by_file_name() {
    let out = run_ok(reprint().arg(fixture("news")));
    // Folder ids are relative paths: `outlet/id.txt`.
    let mut groups: Vec<Vec<String>> = group_ids(&out.stdout)
        .into_iter()
        .map(|g| {
            let mut ids: Vec<String> = g
                .iter()
                .map(|p| {
                    let name = p.rsplit('/').next().unwrap();
                    name.trim_end_matches(".txt").to_string()
                })
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    assert_eq!(groups, expected_groups());
}

#[test]
fn stdin_is_sniffed_for_each_format() {
    let expected = expected_groups();
    for name in ["news.jsonl", "news.csv", "news.tsv"] {
        let input = std::fs::read(fixture(name)).unwrap();
        let out = run_ok(reprint().write_stdin(input));
        assert_eq!(group_ids(&out.stdout), expected, "stdin {name}");
    }
    // `-` names stdin too; text needs --format text (its first line is
    // a header that could be anything).
    let input = std::fs::read(fixture("news.txt")).unwrap();
    let out = run_ok(reprint().args(["--format", "text", "-"]).write_stdin(input));
    assert_eq!(group_ids(&out.stdout), expected);
}

#[test]
fn gzip_input_is_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(&std::fs::read(fixture("news.jsonl")).unwrap())
        .unwrap();
    gz.finish().unwrap();
    let out = run_ok(reprint().arg(&path));
    assert_eq!(group_ids(&out.stdout), expected_groups());
}

#[test]
fn output_schema_names_canonical_and_pairs() {
    let out = run_ok(reprint().arg(fixture("news.jsonl")).arg("--pairs"));
    let text = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let recall = groups
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["id"] == "recall-orig")
        })
        .expect("recall group");
    assert_eq!(recall["size"], 4);
    assert_eq!(recall["group"].as_str().unwrap().len(), 16);
    assert_eq!(recall["members"][0]["id"], recall["canonical"]);
    assert_eq!(recall["members"][0]["jaccard"], 1.0);
    // Dated records come first: the undated transit reprint is never canonical.
    assert!(
        groups
            .iter()
            .all(|g| g["canonical"] != "transit-harbour-reprint")
    );
    let excerpt_pair = recall["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"] == "recall-orig" && p["b"] == "recall-midland-excerpt")
        .expect("the excerpt is verified against its original");
    assert_eq!(excerpt_pair["excerpt"], "recall-midland-excerpt");
    assert!(excerpt_pair["jaccard"].as_f64().unwrap() < 0.5);
    assert!(excerpt_pair["containment"].as_f64().unwrap() > 0.6);
    // With boilerplate left out, a full reprint is no longer than its
    // original, so the earlier-seen original is canonical.
    assert_eq!(recall["canonical"], "recall-orig");
    // The group id follows the canonical member, not input order: the flood
    // original is the earliest dated of its group, whatever the order.
    let flood = groups
        .iter()
        .find(|g| g["canonical"] == "flood-orig")
        .expect("flood group");
    let reversed: String = std::fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .rev()
        .map(|l| format!("{l}\n"))
        .collect();
    let out = run_ok(reprint().write_stdin(reversed));
    let again = String::from_utf8(out.stdout).unwrap();
    assert!(again.contains(flood["group"].as_str().unwrap()));
}

#[test]
fn json_array_and_singletons() {
    let out =
        run_ok(
            reprint()
                .arg(fixture("news.jsonl"))
                .args(["--format-out", "json", "--singletons"]),
        );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = v.as_array().unwrap();
    let total: u64 = groups.iter().map(|g| g["size"].as_u64().unwrap()).sum();
    assert_eq!(total, 30, "every record appears exactly once");
    assert_eq!(groups.iter().filter(|g| g["size"] == 1).count(), 9);
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groups.jsonl");
    let out = run_ok(reprint().arg(fixture("news.jsonl")).arg("-o").arg(&path));
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&path).unwrap();
    assert_eq!(group_ids(&written), expected_groups());
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let one = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--threads", "1"]),
    )
    .stdout;
    let two = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--threads", "2"]),
    )
    .stdout;
    let env = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .env("RAYON_NUM_THREADS", "3"),
    )
    .stdout;
    assert_eq!(one, two);
    assert_eq!(one, env);
    let again = run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["--threads", "1"]),
    )
    .stdout;
    assert_eq!(one, again);
}

/// Old Mac exports end lines with a lone `\r`: a text file was one record,
/// a CSV's rows were all on line 1 (their position ids collided). The
/// fixtures with every line ending made a `\r` give the same groups.
#[test]
fn cr_only_line_endings_are_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let expected = run_ok(reprint().arg(fixture("news.jsonl")).arg("--related")).stdout;
    for name in ["news.txt", "news.csv", "news.tsv", "news.jsonl"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let cr: Vec<u8> = bytes
            .iter()
            .map(|&b| if b == b'\n' { b'\r' } else { b })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, cr).unwrap();
        let out = run_ok(reprint().arg(&path).arg("--related"));
        assert_eq!(
            group_ids(&out.stdout),
            group_ids(&expected),
            "{name} with CR line endings"
        );
    }
    // Position ids count `\r` lines: no two rows on one line.
    let csv = dir.path().join("pos.csv");
    std::fs::write(&csv, "title,text\rA,one story\rB,another story\r").unwrap();
    let out = run_ok(reprint().arg(&csv).arg("--singletons"));
    let ids: Vec<String> = group_ids(&out.stdout).concat();
    let name = csv.display();
    assert_eq!(ids, [format!("{name}:2"), format!("{name}:3")]);
}

/// `-v` reports each input's lines beside its records, so a row swallowed
/// into another (or a file read as one record) shows.
#[test]
fn verbose_reports_lines_beside_records() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "id,text\na,\"two\nlines\"\nb,one line\n").unwrap();
    let out = run_ok(reprint().arg("-v").arg(&csv));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let note = format!(
        "reprint: {}: 4 lines read, 2 records and 0 bad\n",
        csv.display()
    );
    assert!(stderr.contains(&note), "{stderr}");
    let text = dir.path().join("in.txt");
    std::fs::write(&text, "Id: a\n\nfirst\n---\nId: b\n\nsecond").unwrap();
    let out = run_ok(reprint().arg("-v").arg(&text));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let note = format!(
        "reprint: {}: 7 lines read, 2 records and 0 bad\n",
        text.display()
    );
    assert!(stderr.contains(&note), "{stderr}");
}

/// Integer ids past 64 bits became floats (`1.2345678901234568e+29`) and
/// two of them collided as duplicates; a JSON number id is kept as the
/// text it was written as (an exponent gets its sign: `2e3` is `2e+3`).
#[test]
fn number_ids_are_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.jsonl");
    let text = "the quick brown fox jumps over the lazy dog once again today";
    let ids = [
        "123456789012345678901234567890",
        "123456789012345678901234567891",
        "1.50",
        "-0.0",
    ];
    let lines: String = ids
        .iter()
        .map(|id| format!("{{\"id\":{id},\"text\":\"{text}\"}}\n"))
        .collect();
    std::fs::write(&path, lines).unwrap();
    let out = run_ok(reprint().arg(&path));
    let mut got: Vec<String> = group_ids(&out.stdout).concat();
    got.sort();
    let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
}
