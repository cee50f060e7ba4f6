//! `reprint dedup`: the input back in its own format, minus its reprints;
//! kept records byte for byte; `--removed`; `--keep`; pipes; exit codes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::common::*;

/// The ids of every record of `path`, as reprint reads them.
fn ids_of(path: &Path, extra: &[&str]) -> Vec<String> {
    let out = run_ok(reprint().arg(path).arg("--singletons").args(extra));
    let mut ids: Vec<String> = group_ids(&out.stdout).into_iter().flatten().collect();
    ids.sort();
    ids
}

/// The fixture's groups as `member -> group members`.
fn group_of() -> BTreeMap<String, BTreeSet<String>> {
    let mut map = BTreeMap::new();
    for group in expected_groups() {
        let set: BTreeSet<String> = group.iter().cloned().collect();
        for id in group {
            map.insert(id, set.clone());
        }
    }
    map
}

/// Lines with their endings.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// `part`'s lines are `whole`'s lines with some left out, in order and
/// byte for byte (line endings included).
fn assert_lines_subsequence(part: &[u8], whole: &[u8], what: &str) {
    let whole = lines(whole);
    let mut at = 0;
    for (n, line) in lines(part).iter().enumerate() {
        match whole[at..].iter().position(|l| l == line) {
            Some(i) => at += i + 1,
            None => panic!(
                "{what}: output line {} is not an input line (in order): {:?}",
                n + 1,
                String::from_utf8_lossy(line)
            ),
        }
    }
}

/// Run dedup on a fixture: (kept bytes, removed bytes).
fn dedup_fixture(name: &str, extra: &[&str]) -> (tempfile::TempDir, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join(format!("removed-{name}"));
    let out = run_ok(
        reprint()
            .arg("dedup")
            .arg(fixture(name))
            .arg("--removed")
            .arg(&removed)
            .args(extra),
    );
    let removed = std::fs::read(&removed).unwrap();
    (dir, out.stdout, removed)
}

#[test]
fn each_format_round_trips_with_kept_records_byte_identical() {
    let groups = group_of();
    let all: Vec<String> = ids_of(&fixture("news.jsonl"), &[]);
    for name in ["news.jsonl", "news.csv", "news.tsv", "news.txt"] {
        let (dir, kept, _) = dedup_fixture(name, &[]);
        let input = std::fs::read(fixture(name)).unwrap();
        assert_lines_subsequence(&kept, &input, name);
        let kept_path = dir.path().join(name);
        std::fs::write(&kept_path, &kept).unwrap();
        // One member of each group is left, and every record in no group.
        let kept_ids = ids_of(&kept_path, &[]);
        let expected: Vec<String> = all
            .iter()
            .filter(|id| {
                groups
                    .get(*id)
                    .is_none_or(|g| canonical_of(g) == id.as_str())
            })
            .cloned()
            .collect();
        assert_eq!(kept_ids, expected, "{name}");
        // Running reprint on the output finds nothing left to remove.
        let again = reprint()
            .arg(&kept_path)
            .arg("--fail-on-reprints")
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(0), "{name}");
        assert!(again.stdout.is_empty(), "{name}");
    }
}

/// The member the fixture calls the original of a group.
fn canonical_of(group: &BTreeSet<String>) -> &str {
    group
        .iter()
        .find(|id| id.ends_with("-orig"))
        .expect("every fixture group has an original")
}

#[test]
fn jsonl_output_is_the_input_without_the_removed_lines() {
    let (_d, kept, removed) = dedup_fixture("news.jsonl", &[]);
    let input = std::fs::read(fixture("news.jsonl")).unwrap();
    let removed_ids: BTreeSet<String> = String::from_utf8(removed.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<u8> = lines(&input)
        .into_iter()
        .filter(|l| {
            let v: Value = serde_json::from_slice(l).unwrap();
            !removed_ids.contains(v["id"].as_str().unwrap())
        })
        .flatten()
        .copied()
        .collect();
    assert_eq!(
        String::from_utf8(kept).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

#[test]
fn removed_records_name_the_kept_one_in_each_format() {
    let groups = group_of();
    // JSON Lines: the original line plus a last `reprint_of` field.
    let (_d, _, removed) = dedup_fixture("news.jsonl", &[]);
    let input = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let text = String::from_utf8(removed).unwrap();
    assert_eq!(text.lines().count(), 15);
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let (id, of) = (v["id"].as_str().unwrap(), v["reprint_of"].as_str().unwrap());
        assert_eq!(canonical_of(&groups[id]), of, "{id}");
        assert_eq!(
            v.as_object().unwrap().keys().next_back().unwrap(),
            "reprint_of"
        );
        let original = line.replace(&format!(",\"reprint_of\":\"{of}\""), "");
        assert!(input.lines().any(|l| l == original), "{id}: {original}");
    }
    // CSV and TSV: the header plus a `reprint_of` column.
    for (name, delimiter) in [("news.csv", b','), ("news.tsv", b'\t')] {
        let (_d, _, removed) = dedup_fixture(name, &[]);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(removed.as_slice());
        let header = rdr.headers().unwrap().clone();
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            ["id", "source", "date", "title", "url", "text", "reprint_of"]
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 15, "{name}");
        for row in rows {
            assert_eq!(canonical_of(&groups[&row[0]]), &row[6], "{name}");
        }
    }
    // Text: a `Reprint-Of:` line after the header lines.
    let (_d, _, removed) = dedup_fixture("news.txt", &[]);
    let text = String::from_utf8(removed).unwrap();
    // Each removed record keeps the separator after it.
    let records: Vec<&str> = text
        .split("---\n")
        .filter(|r| !r.trim().is_empty())
        .collect();
    assert_eq!(records.len(), 15);
    for rec in records {
        let id = rec.lines().find_map(|l| l.strip_prefix("Id: ")).unwrap();
        let of = rec
            .lines()
            .find_map(|l| l.strip_prefix("Reprint-Of: "))
            .unwrap();
        assert_eq!(canonical_of(&groups[id]), of);
    }
}

#[test]
fn keep_chooses_the_member_kept() {
    let groups = group_of();
    let input_order = ids_in_input_order();
    let first = |g: &BTreeSet<String>| {
        input_order
            .iter()
            .find(|id| g.contains(*id))
            .unwrap()
            .clone()
    };
    let (_d, _, removed) = dedup_fixture("news.jsonl", &["--keep", "first"]);
    for line in String::from_utf8(removed).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        assert_eq!(v["reprint_of"].as_str().unwrap(), first(&groups[id]));
    }
    // --keep longest keeps the member with the most words.
    let words: BTreeMap<String, u64> = {
        let out = run_ok(reprint().arg(fixture("news.jsonl")).arg("--singletons"));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .flat_map(|l| {
                let g: Value = serde_json::from_str(l).unwrap();
                g["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| {
                        (
                            m["id"].as_str().unwrap().to_string(),
                            m["words"].as_u64().unwrap(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (_d, _, removed) = dedup_fixture("news.jsonl", &["--keep", "longest"]);
    for line in String::from_utf8(removed).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let kept = v["reprint_of"].as_str().unwrap();
        let longest = groups[id].iter().map(|m| words[m]).max().unwrap();
        assert_eq!(words[kept], longest, "{id} kept {kept}");
    }
}

fn ids_in_input_order() -> Vec<String> {
    std::fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn stdin_to_stdout_in_a_pipe() {
    for (name, extra) in [
        ("news.jsonl", &[][..]),
        ("news.csv", &[][..]),
        ("news.tsv", &[][..]),
        ("news.txt", &["--format", "text"][..]),
    ] {
        let from_file = run_ok(reprint().arg("dedup").arg(fixture(name)).args(extra)).stdout;
        let input = std::fs::read(fixture(name)).unwrap();
        let piped = run_ok(reprint().arg("dedup").args(extra).write_stdin(input)).stdout;
        assert_eq!(
            String::from_utf8(piped).unwrap(),
            String::from_utf8(from_file).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn stdin_records_without_ids_are_named_by_position() {
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and a new pier \
        will be built on the north side of the bay by the end of next summer at the latest";
    let input = format!(
        "{{\"text\":\"{story}\"}}\n{{\"text\":\"Other news entirely: the library opens late.\"}}\n{{\"text\":\"Share this. {story}\"}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join("removed.jsonl");
    let out = run_ok(
        reprint()
            .args(["dedup", "-", "--removed"])
            .arg(&removed)
            .write_stdin(input.clone()),
    );
    // Undated: the longer copy (line 3) is kept.
    let kept = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = input.lines().collect();
    assert_eq!(kept, format!("{}\n{}\n", lines[1], lines[2]));
    let removed = std::fs::read_to_string(&removed).unwrap();
    assert_eq!(
        removed,
        format!(
            "{},\"reprint_of\":\"-:3\"}}\n",
            lines[0].trim_end_matches('}')
        )
    );
}

#[test]
fn folder_input_lists_kept_paths() {
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join("removed.tsv");
    let root = fixture("news");
    let out = run_ok(
        reprint()
            .arg("dedup")
            .arg(&root)
            .arg("--removed")
            .arg(&removed),
    );
    let kept: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(kept.len(), 15);
    assert!(kept.iter().all(|p| Path::new(p).is_file()), "{kept:?}");
    let mut sorted = kept.clone();
    sorted.sort();
    assert_eq!(kept, sorted, "in the order the folder is read");
    let name = |p: &str| {
        Path::new(p)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let groups = group_of();
    let removed = std::fs::read_to_string(&removed).unwrap();
    assert_eq!(removed.lines().count(), 15);
    for line in removed.lines() {
        let (path, of) = line.split_once('\t').unwrap();
        assert!(Path::new(path).is_file() && Path::new(of).is_file());
        // Undated files: the longest member is kept.
        assert!(groups[&name(path)].contains(&name(of)), "{line}");
        assert!(kept.iter().any(|k| k == of) && !kept.iter().any(|k| k == path));
    }
}

#[test]
fn several_inputs_make_one_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let lines: Vec<&str> = input.lines().collect();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    // The first part ends without a line ending: the output must not glue
    // its last line to the next input's first.
    std::fs::write(&a, lines[..12].join("\n")).unwrap();
    std::fs::write(&b, lines[12..].join("\n") + "\n").unwrap();
    let whole = run_ok(reprint().arg("dedup").arg(fixture("news.jsonl"))).stdout;
    let parts = run_ok(reprint().arg("dedup").arg(&a).arg(&b)).stdout;
    assert_eq!(
        String::from_utf8(parts).unwrap(),
        String::from_utf8(whole).unwrap()
    );

    // Text: a record at the end of one file does not run on into the next.
    let text = std::fs::read_to_string(fixture("news.txt")).unwrap();
    let records: Vec<&str> = text.trim_end().split("\n---\n").collect();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, records[..10].join("\n---\n")).unwrap();
    std::fs::write(&b, records[10..].join("\n---\n")).unwrap();
    let out = run_ok(reprint().arg("dedup").arg(&a).arg(&b)).stdout;
    let kept = dir.path().join("kept.txt");
    std::fs::write(&kept, out).unwrap();
    let kept_ids = ids_of(&kept, &[]);
    let whole = dir.path().join("whole.txt");
    std::fs::write(
        &whole,
        run_ok(reprint().arg("dedup").arg(fixture("news.txt"))).stdout,
    )
    .unwrap();
    assert_eq!(kept_ids, ids_of(&whole, &[]));
    assert_eq!(kept_ids.len(), 15);
}

#[test]
fn inputs_must_share_format_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let err = run_err(
        reprint()
            .arg("dedup")
            .arg(fixture("news.jsonl"))
            .arg(fixture("news.csv")),
    );
    assert!(err.contains("dedup writes one format"), "{err}");
    assert!(
        err.contains("is JSON Lines") && err.contains("is CSV"),
        "{err}"
    );
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "id,text\nz,some words of another story\n").unwrap();
    let err = run_err(reprint().arg("dedup").arg(fixture("news.csv")).arg(&other));
    assert!(err.contains("its header differs"), "{err}");
}

#[test]
fn output_may_replace_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    std::fs::copy(fixture("news.jsonl"), &path).unwrap();
    let expected = run_ok(reprint().arg("dedup").arg(&path)).stdout;
    run_ok(reprint().arg("dedup").arg(&path).arg("-o").arg(&path));
    assert_eq!(std::fs::read(&path).unwrap(), expected);
}

#[test]
fn bad_records_are_written_through_with_skip_bad() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.jsonl");
    let mut input = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    input.push_str("not json at all\n");
    std::fs::write(&path, &input).unwrap();
    let err = run_err(reprint().arg("dedup").arg(&path));
    assert!(err.contains("mixed.jsonl:31: malformed JSON"), "{err}");
    let out = reprint()
        .arg("dedup")
        .arg(&path)
        .arg("--skip-bad")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let kept = String::from_utf8(out.stdout).unwrap();
    assert!(kept.ends_with("not json at all\n"), "{kept}");
    assert_eq!(kept.lines().count(), 16);
}

#[test]
fn exit_codes_for_ci() {
    // Main command: 1 when a group is found, 0 when none, 2 on errors.
    let found = reprint()
        .arg(fixture("news.jsonl"))
        .arg("--fail-on-reprints")
        .output()
        .unwrap();
    assert_eq!(found.status.code(), Some(1));
    assert_eq!(
        group_ids(&found.stdout),
        expected_groups(),
        "output still written"
    );
    let (_d, kept, _) = dedup_fixture("news.jsonl", &[]);
    let clean = reprint()
        .arg("--fail-on-reprints")
        .write_stdin(kept.clone())
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    let err = run_err(reprint().arg("--fail-on-reprints").arg("no/such.jsonl"));
    assert!(err.contains("cannot open no/such.jsonl"), "{err}");
    // Without the flag, finding groups is success.
    run_ok(reprint().arg(fixture("news.jsonl")));

    // dedup: 1 when it removed something (the output is written all the same).
    let out = reprint()
        .args(["dedup", "--fail-on-reprints"])
        .arg(fixture("news.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, kept);
    let out = reprint()
        .args(["dedup", "--fail-on-reprints"])
        .write_stdin(kept.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, kept);
    run_err(reprint().args(["dedup", "--fail-on-reprints", "no/such.jsonl"]));
}

#[test]
fn removed_and_output_cannot_both_be_stdout() {
    let err = run_err(
        reprint()
            .arg("dedup")
            .arg(fixture("news.jsonl"))
            .args(["--removed", "-"]),
    );
    assert!(err.contains("cannot both be stdout"), "{err}");
}

/// A corpus where a line is boilerplate in the whole input but not in the
/// deduplicated output (found by `props::dedup_output_has_no_groups_with_boilerplate`):
/// dedup checks its kept records alone and removes what they still group.
#[test]
fn output_holds_no_group_when_boilerplate_is_found_anew() {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/dedup-leaves-groups.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join("removed.jsonl");
    let kept = run_ok(
        reprint()
            .arg("dedup")
            .arg(&corpus)
            .arg("--removed")
            .arg(&removed),
    )
    .stdout;
    let again = run_ok(reprint().arg("-q").write_stdin(kept.clone())).stdout;
    assert!(again.is_empty(), "{}", String::from_utf8_lossy(&again));
    // Every removed record names a record that was kept.
    let kept_ids: BTreeSet<String> = kept
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice::<Value>(l).unwrap()["id"].to_string())
        .collect();
    let removed = std::fs::read(&removed).unwrap();
    let mut n = 0;
    for line in removed.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: Value = serde_json::from_slice(line).unwrap();
        assert!(kept_ids.contains(&v["reprint_of"].to_string()), "{v}");
        n += 1;
    }
    assert!(n >= 4, "{n} removed");
}

/// Under `--dedupe-ids` a kept record's renamed id (`x#2`) appears
/// nowhere in the input: `reprint_of` names it by its position instead,
/// `FILE:LINE`, which does. Ids not renamed are named as they are.
#[test]
fn reprint_of_names_a_record_that_exists_under_dedupe_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let story = "the quick brown fox jumps over the lazy dog and runs far away from here";
    std::fs::write(
        &input,
        format!(
            "{{\"id\":\"x\",\"text\":\"{story}\"}}\n{{\"id\":\"x\",\"text\":\"{story} today\"}}\n"
        ),
    )
    .unwrap();
    let removed = dir.path().join("removed.jsonl");
    let run = |keep: &str| {
        run_ok(
            reprint()
                .args(["dedup", "--dedupe-ids", "--keep", keep])
                .arg(&input)
                .arg("--removed")
                .arg(&removed),
        );
        let line = std::fs::read_to_string(&removed).unwrap();
        let v: Value = serde_json::from_str(line.trim()).unwrap();
        v["reprint_of"].as_str().unwrap().to_string()
    };
    // The second, longer record is `x#2` to the pipeline.
    assert_eq!(run("longest"), format!("{}:2", input.display()));
    assert_eq!(run("first"), "x");
}

/// `--removed /dev/stdout` with stdout on a terminal passed the check (a
/// device had no identity) and interleaved kept and removed records.
#[test]
fn removed_to_the_terminal_stdout_is_refused() {
    let input = fixture("news.jsonl");
    let bin = assert_cmd::cargo::cargo_bin("reprint");
    let cmd = format!(
        "{} dedup {} --removed /dev/stdout",
        bin.display(),
        input.display()
    );
    // util-linux `script` runs it on a pseudo-terminal.
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
        shown.contains("-o and --removed are the same file (stdout): each output needs its own"),
        "{shown}"
    );
    // /dev/null takes any number of writers.
    run_ok(
        reprint()
            .arg("dedup")
            .arg(&input)
            .args(["-o", "/dev/null", "--removed", "/dev/null"]),
    );
}

/// Folder dedup listed raw paths one a line, so a name with a newline
/// broke the list (and without `-0` is now refused); `-0` ends each path
/// with NUL, as `find -print0` does.
#[test]
fn folder_paths_end_with_nul_under_print0() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    let story = "the quick brown fox jumps over the lazy dog and runs far away from here";
    std::fs::write(news.join("a.txt"), story).unwrap();
    std::fs::write(news.join("b\nc.txt"), format!("{story} today")).unwrap();
    std::fs::write(news.join("d.txt"), "a story of its own, told only once").unwrap();
    let removed = dir.path().join("removed");
    let out = run_ok(
        reprint()
            .current_dir(dir.path())
            .args(["dedup", "-0", "--keep", "first", "news", "--removed"])
            .arg(&removed),
    );
    assert_eq!(out.stdout, b"news/a.txt\0news/d.txt\0");
    assert_eq!(
        std::fs::read(&removed).unwrap(),
        b"news/b\nc.txt\0news/a.txt\0"
    );
}

/// A text file with `\r` line endings is cut at each `\r` by the second,
/// raw read too: dedup keeps the right records, byte for byte, and the
/// lines it adds end with `\r`.
#[test]
fn cr_only_text_is_deduped_in_its_own_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("news.txt")).unwrap();
    let cr: Vec<u8> = bytes
        .iter()
        .map(|&b| if b == b'\n' { b'\r' } else { b })
        .collect();
    let input = dir.path().join("news.txt");
    std::fs::write(&input, &cr).unwrap();
    let removed = dir.path().join("removed.txt");
    let out = run_ok(
        reprint()
            .arg("dedup")
            .arg(&input)
            .arg("--removed")
            .arg(&removed),
    );
    assert!(!out.stdout.contains(&b'\n'), "a \\n was added");
    let removed = std::fs::read(&removed).unwrap();
    assert!(!removed.contains(&b'\n'), "a \\n was added");
    assert!(removed.windows(12).any(|w| w == b"Reprint-Of: "));
    // The same records kept as from the \n file.
    let lf = run_ok(reprint().arg("dedup").arg(fixture("news.txt"))).stdout;
    let back: Vec<u8> = out
        .stdout
        .iter()
        .map(|&b| if b == b'\r' { b'\n' } else { b })
        .collect();
    assert_eq!(
        String::from_utf8(back).unwrap(),
        String::from_utf8(lf).unwrap()
    );
}
