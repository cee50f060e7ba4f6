//! JSON that is not JSON Lines (issue 14, "JSON that is not JSON Lines"):
//! an array (pretty, as `jq -s .` writes it, and on one line, as APIs
//! send it), in a file and on stdin; pretty-printed objects one after
//! another; a news-please folder (one pretty `.json` per article); a folder
//! of `.jsonl` files. The fixture in each of these forms gives the groups
//! it gives as JSON Lines.

use std::collections::HashMap;
use std::fs;

use serde_json::{Value, json};

use crate::common::*;

/// The fixture's records, as parsed objects.
fn records() -> Vec<Value> {
    fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn jsonl_output() -> String {
    let out = run_ok(reprint().arg(fixture("news.jsonl")));
    String::from_utf8(out.stdout).unwrap()
}

fn same_output(out: &[u8], what: &str) {
    assert_eq!(String::from_utf8_lossy(out), jsonl_output(), "{what}");
}

#[test]
fn a_json_array_file_gives_the_json_lines_groups() {
    let dir = tempfile::tempdir().unwrap();
    let array = Value::Array(records());
    let pretty = dir.path().join("news.json");
    fs::write(
        &pretty,
        serde_json::to_string_pretty(&array).unwrap() + "\n",
    )
    .unwrap();
    // All on one line, as `jq -cs .` and many APIs write it.
    let compact = dir.path().join("news-compact.json");
    fs::write(&compact, serde_json::to_string(&array).unwrap()).unwrap();
    for path in [&pretty, &compact] {
        let out = run_ok(reprint().arg(path));
        same_output(&out.stdout, &path.display().to_string());
    }
    // No record is held whole: elements are cut one at a time, so a limit
    // far below the array's size but above each article's is no problem.
    let size = fs::metadata(&pretty).unwrap().len();
    let out = run_ok(reprint().arg(&pretty).args(["--max-record-bytes", "8000"]));
    assert!(size > 8 * 8000, "the array is {size} bytes");
    same_output(&out.stdout, "with a small --max-record-bytes");
}

#[test]
fn a_json_array_on_stdin_is_sniffed_and_read() {
    let array = Value::Array(records());
    for text in [
        serde_json::to_string_pretty(&array).unwrap(),
        serde_json::to_string(&array).unwrap(),
    ] {
        let out = run_ok(reprint().write_stdin(text.clone()));
        same_output(&out.stdout, "stdin");
        let out = run_ok(reprint().args(["--format", "json", "-"]).write_stdin(text));
        same_output(&out.stdout, "stdin, --format json");
    }
}

#[test]
fn pretty_printed_objects_one_after_another_are_records() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = records()
        .iter()
        .map(|r| serde_json::to_string_pretty(r).unwrap() + "\n")
        .collect();
    let path = dir.path().join("news.json");
    fs::write(&path, &text).unwrap();
    same_output(&run_ok(reprint().arg(&path)).stdout, "a file");
    same_output(&run_ok(reprint().write_stdin(text)).stdout, "stdin");
}

#[test]
fn a_json_file_holding_json_lines_is_still_read_and_deduped_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    fs::copy(fixture("news.jsonl"), &path).unwrap();
    same_output(
        &run_ok(reprint().arg(&path)).stdout,
        "JSON Lines named .json",
    );
    let kept = run_ok(reprint().arg("dedup").arg(&path).arg("-q")).stdout;
    let plain = run_ok(reprint().arg("dedup").arg(fixture("news.jsonl")).arg("-q")).stdout;
    assert_eq!(kept, plain);
}

/// A news-please file's object: its field names, and the fields it
/// carries besides the ones read.
fn news_please(r: &Value) -> Value {
    let url = r["url"].as_str().unwrap();
    json!({
        "authors": ["Staff Reporter"],
        "date_download": "2024-03-20 08:00:00",
        "date_modify": null,
        "date_publish": r["date"],
        "description": null,
        "filename": format!("{}.json", url.replace([':', '/'], "%")),
        "image_url": null,
        "language": "en",
        "localpath": null,
        "maintext": r["text"],
        "source_domain": r["source"],
        "title": r["title"],
        "title_page": null,
        "title_rss": null,
        "url": url,
    })
}

/// The ids in groups, mapped from news-please's (the url) back to the
/// fixture's.
fn by_fixture_id(groups: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let id_of: HashMap<String, String> = records()
        .iter()
        .map(|r| {
            (
                r["url"].as_str().unwrap().to_string(),
                r["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut groups: Vec<Vec<String>> = groups
        .into_iter()
        .map(|g| {
            let mut ids: Vec<String> = g.iter().map(|u| id_of[u].clone()).collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn a_news_please_folder_gives_the_json_lines_groups() {
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in records().iter().enumerate() {
        // news-please's layout: a folder per site, a file per article.
        let site = dir
            .path()
            .join(r["source"].as_str().unwrap().replace(' ', "-"));
        fs::create_dir_all(&site).unwrap();
        let text = serde_json::to_string_pretty(&news_please(r)).unwrap();
        fs::write(site.join(format!("article-{i}.json")), text).unwrap();
    }
    let out = run_ok(reprint().arg(dir.path()).args([
        "--text-field",
        "maintext",
        "--source-field",
        "source_domain",
        "--date-field",
        "date_publish",
    ]));
    let groups = by_fixture_id(group_ids(&out.stdout));
    assert_eq!(groups, expected_groups());
    // Read as JSON, not as text: the keys are in no member's text.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("date_download"), "{text}");
}

#[test]
fn a_folder_of_json_lines_files_reads_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    for (k, part) in lines.chunks(11).enumerate() {
        fs::write(
            dir.path().join(format!("part-{k}.jsonl")),
            part.join("\n") + "\n",
        )
        .unwrap();
    }
    let out = run_ok(reprint().arg(dir.path()));
    assert_eq!(group_ids(&out.stdout), expected_groups());
    // dedup of a folder writes its kept files' paths; files of many
    // records cannot be kept or dropped as one.
    let err = run_err(reprint().arg("dedup").arg(dir.path()));
    assert!(err.contains("holds several records"), "{err}");
}

#[test]
fn a_file_without_an_id_field_is_named_by_its_path_or_element() {
    let dir = tempfile::tempdir().unwrap();
    let story = "the harbour board voted on tuesday to close the old ferry pier after engineers found the pilings had rotted through";
    fs::create_dir_all(dir.path().join("site")).unwrap();
    for name in ["a", "b"] {
        let obj = json!({"maintext": format!("{story}. Reported by {name}.")});
        fs::write(
            dir.path().join("site").join(format!("{name}.json")),
            serde_json::to_string_pretty(&obj).unwrap(),
        )
        .unwrap();
    }
    let args = ["--text-field", "maintext", "--min-shared", "5"];
    let out = run_ok(reprint().arg(dir.path()).args(args));
    assert_eq!(group_ids(&out.stdout), [["site/a.json", "site/b.json"]]);
    // An array's elements: by their index, as `jq '.[1]'` finds them.
    let array = dir.path().join("two.json");
    let items = json!([{"maintext": story}, {"maintext": format!("Share this. {story}")}]);
    fs::write(&array, items.to_string()).unwrap();
    let out = run_ok(reprint().arg(&array).args(args));
    let name = array.display().to_string();
    assert_eq!(
        group_ids(&out.stdout),
        [[format!("{name}[0]"), format!("{name}[1]")]]
    );
}

#[test]
fn bad_json_says_where_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    fs::write(&path, "[\n  {\"text\": \"one\"},\n  {\"text\": \"tw").unwrap();
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains(&format!("{}:3: element [1] is cut off", path.display())),
        "{err}"
    );
    // A bad element is a bad record: named, and counted under --skip-bad.
    let path = dir.path().join("bad.json");
    let good = serde_json::to_string(&records()).unwrap();
    fs::write(&path, good.replacen('[', "[{\"title\": \"no text\"},", 1)).unwrap();
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains(&format!("{}:1: element [0]: no text field", path.display())),
        "{err}"
    );
    let out = run_ok(reprint().arg(&path).args(["--skip-bad", "-v"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("30 records read, 1 skipped as bad"),
        "{stderr}"
    );
    assert_eq!(group_ids(&out.stdout), expected_groups());
}

#[test]
fn dedup_refuses_json_it_cannot_write_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    fs::write(&path, serde_json::to_string_pretty(&records()).unwrap()).unwrap();
    let err = run_err(reprint().arg("dedup").arg(&path));
    assert!(err.contains("cannot yet write"), "{err}");
    assert!(err.contains("jq -c '.[]'"), "{err}");
}
