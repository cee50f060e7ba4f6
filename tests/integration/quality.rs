//! The hard cases: boilerplate, excerpts, same-story neighbours, chaining,
//! and the blocking a user can ask for. Texts are made up here from a seeded
//! word generator, so each case says exactly what it holds.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::common::*;

/// `n` made-up words, different for every `seed`.
fn words(seed: u64, n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ner", "tas", "vo", "ri", "den", "pu", "sal", "gor", "fin", "el", "bra",
        "tu", "wen",
    ];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            let mut w = String::new();
            for _ in 0..2 + (x % 2) as usize {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                w.push_str(SYLLABLES[(x % 16) as usize]);
            }
            w
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn record(id: &str, source: &str, date: &str, text: &str) -> Value {
    json!({"id": id, "source": source, "date": date, "text": text})
}

fn write_jsonl(records: &[Value]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn groups_of(path: &PathBuf, flags: &[&str]) -> Vec<Vec<String>> {
    group_ids(&run_ok(reprint().arg(path).args(flags)).stdout)
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn outlet_boilerplate_does_not_make_stories_alike() {
    // Six unrelated short stories from one outlet, each wrapped in the same
    // 100-word footer: the footer alone gives containment 100/160 > 0.6.
    let footer = words(999, 100);
    let records: Vec<Value> = (0..6)
        .map(|i| {
            let text = format!("{}\n{footer}", words(i, 60));
            record(&format!("s{i}"), "The Daily Example", "2024-01-0{i}", &text)
        })
        .collect();
    let (_d, path) = write_jsonl(&records);
    // Without boilerplate detection they collapse into one group...
    let merged = groups_of(&path, &["--boilerplate-min-records", "0"]);
    assert_eq!(merged.len(), 1, "the test case must be hard: {merged:?}");
    // ...with it, the footer is recognised and nothing is grouped.
    assert!(groups_of(&path, &[]).is_empty());
}

#[test]
fn reprint_inside_long_wrappers_is_found() {
    // A 90-word story reprinted by five outlets (the original is not in the
    // corpus), each wrapping it in 150 words of its own boilerplate that also
    // wraps the outlet's other stories: two copies share 90 of 240 words.
    let story = words(1, 90);
    let mut records = Vec::new();
    for o in 0..5u64 {
        let header = words(100 + o, 60);
        let footer = words(200 + o, 90);
        let outlet = format!("Outlet {o}");
        records.push(record(
            &format!("copy{o}"),
            &outlet,
            "2024-02-02",
            &format!("{header}\n{story}\n{footer}"),
        ));
        for k in 0..5u64 {
            records.push(record(
                &format!("other{o}-{k}"),
                &outlet,
                "2024-02-03",
                &format!("{header}\n{}\n{footer}", words(1000 + o * 10 + k, 90)),
            ));
        }
    }
    let (_d, path) = write_jsonl(&records);
    let copies = ids(&["copy0", "copy1", "copy2", "copy3", "copy4"]);
    // Without boilerplate detection the wrappers win: each copy is grouped
    // with its outlet's unrelated stories, and never with the other copies.
    let wrong = groups_of(&path, &["--boilerplate-min-records", "0"]);
    assert!(
        wrong
            .iter()
            .all(|g| g.iter().filter(|id| id.starts_with("copy")).count() <= 1),
        "the test case must be hard: {wrong:?}"
    );
    assert_eq!(groups_of(&path, &[]), vec![copies]);
}

#[test]
fn middle_excerpt_is_a_reprint() {
    // A fifth of a 500-word article, from its middle, with other chrome.
    let paragraphs: Vec<String> = (0..10).map(|p| words(50 + p, 50)).collect();
    let article = paragraphs.join("\n\n");
    let excerpt = format!(
        "{}\n\n{}\n\n{}\n\n...continued",
        words(7, 20),
        paragraphs[4],
        paragraphs[5]
    );
    let (_d, path) = write_jsonl(&[
        record("article", "A", "2024-03-01", &article),
        record("page2", "B", "2024-03-02", &excerpt),
        record("other", "C", "2024-03-02", &words(77, 300)),
    ]);
    assert_eq!(groups_of(&path, &[]), vec![ids(&["article", "page2"])]);
}

#[test]
fn chain_through_a_digest_joins_one_story_only() {
    // A digest page reprints story A and story C whole: it is a verified
    // reprint of each, but A and C are not reprints of each other.
    let (a, c) = (words(11, 200), words(12, 200));
    let (_d, path) = write_jsonl(&[
        record("a", "X", "2024-04-01", &a),
        record("c", "Y", "2024-04-02", &c),
        record("digest", "Z", "2024-04-05", &format!("{a}\n{c}")),
    ]);
    let out = run_ok(reprint().arg(&path).arg("--related"));
    let text = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let members: Vec<Vec<String>> = group_ids(text.as_bytes());
    assert!(
        members.contains(&ids(&["a", "digest"])),
        "digest joins the earlier story: {members:?}"
    );
    assert!(
        !members
            .iter()
            .any(|g| g.contains(&"a".to_string()) && g.contains(&"c".to_string())),
        "no chain from a to c: {members:?}"
    );
    // The link left between groups is reported, not lost.
    let c_group = groups
        .iter()
        .find(|g| g["canonical"] == "c")
        .expect("c is written");
    assert_eq!(c_group["related"][0]["id"], "digest");
}

#[test]
fn window_and_cross_outlet_blocking() {
    let story = words(21, 150);
    let (_d, path) = write_jsonl(&[
        record("first", "Gazette", "2024-05-01", &story),
        record("same-outlet", "gazette", "2024-05-02", &story),
        record("month-later", "Courier", "2024-06-01", &story),
    ]);
    assert_eq!(
        groups_of(&path, &[]),
        vec![ids(&["first", "month-later", "same-outlet"])]
    );
    assert_eq!(
        groups_of(&path, &["--cross-outlet-only"]),
        vec![ids(&["first", "month-later"])]
    );
    assert_eq!(
        groups_of(&path, &["--window", "7"]),
        vec![ids(&["first", "same-outlet"])]
    );
    assert!(groups_of(&path, &["--window", "7", "--cross-outlet-only"]).is_empty());
}

#[test]
fn fixture_neighbours_and_derivative() {
    let out = run_ok(reprint().arg(fixture("news.jsonl")).arg("--related"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(group_ids(text.as_bytes()), expected_groups());
    let groups: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let related: Vec<(String, String)> = groups
        .iter()
        .flat_map(|g| g["related"].as_array().cloned().unwrap_or_default())
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The rewrite quoting one paragraph is related to its source; the two
    // independent stories sharing one quoted sentence are not related.
    assert_eq!(
        related,
        vec![(
            "takeover-midland-analysis".to_string(),
            "takeover-orig".to_string()
        )]
    );
}

#[test]
fn seeds_rewrite_is_related_not_grouped() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: {} is not here", seeds.display());
        return;
    }
    let out = run_ok(reprint().arg(&seeds).args(["--glob", "*.txt", "--related"]));
    let text = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups.len(), 1, "{text}");
    let g = &groups[0];
    assert_eq!(g["size"], 2);
    assert_eq!(g["canonical"], "000_39b08e51b80a9564.txt");
    let related = g["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{text}");
    assert_eq!(related[0]["id"], "004_40a498dea676fedb.txt");
    assert!(!text.contains("001_") && !text.contains("003_"), "{text}");
}
