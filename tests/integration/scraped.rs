//! Dumps as real scrapers and exporters write them (`fixtures/scrapers/`,
//! made from `fixtures/news.jsonl` by `make.py` there): trafilatura,
//! news-please and Common Crawl field names, semicolon CSV, PostgreSQL
//! `COPY` TSV, dates with zone abbreviations and epochs, folders laid out by
//! outlet. Each gives the fixture's groups.

use std::collections::HashMap;
use std::io::Cursor;

use serde_json::Value;

use crate::common::*;

fn scraped(name: &str) -> std::path::PathBuf {
    fixture("scrapers").join(name)
}

/// The fixture's ids by url: dumps without an id field are named by it.
fn id_of_url() -> HashMap<String, String> {
    std::fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["url"].as_str().unwrap().to_string(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Groups whose members are named by url, named by the fixture's ids.
fn groups_by_url(stdout: &[u8]) -> Vec<Vec<String>> {
    let ids = id_of_url();
    let mut groups: Vec<Vec<String>> = group_ids(stdout)
        .into_iter()
        .map(|g| {
            let mut g: Vec<String> = g.iter().map(|u| ids[u].clone()).collect();
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
}

/// Each group as (canonical, sorted members): what dates decide.
fn canonical_groups(stdout: &[u8]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let g: Value = serde_json::from_str(l).unwrap();
            let mut members: Vec<String> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect();
            members.sort();
            (g["canonical"].as_str().unwrap().to_string(), members)
        })
        .collect();
    groups.sort();
    groups
}

/// `spread --json` group lines.
fn spread_groups(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "group")
        .collect()
}

#[test]
fn trafilatura_source_urls_name_their_host_as_the_outlet() {
    let out = run_ok(reprint().arg(scraped("trafilatura.jsonl")));
    assert_eq!(group_ids(&out.stdout), expected_groups());
    // `source` is each page's URL: the outlet is its host, so the flood
    // story has four outlets and its reprinters are named by host.
    let out = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(scraped("trafilatura.jsonl")),
    );
    let groups = spread_groups(&out.stdout);
    let flood = groups
        .iter()
        .find(|g| g["canonical"] == "flood-orig")
        .unwrap();
    assert_eq!(
        flood["outlets"],
        serde_json::json!([
            "tesselvalleycourier.example.org",
            "harbourgazette.example.org",
            "midlandeveningpost.example.org",
            "riversideledger.example.org"
        ])
    );
    // The same origins and ties as with outlet names: pages as outlets
    // made every origin a tie of its own.
    let named = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    );
    let basis = |groups: &[Value]| -> Vec<(String, String)> {
        let mut b: Vec<(String, String)> = groups
            .iter()
            .map(|g| {
                (
                    g["origin"]["id"].as_str().unwrap().to_string(),
                    g["origin"]["basis"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        b.sort();
        b
    };
    assert_eq!(basis(&groups), basis(&spread_groups(&named.stdout)));
    let text = run_ok(reprint().arg("spread").arg(scraped("trafilatura.jsonl")));
    let text = String::from_utf8(text.stdout).unwrap();
    let outlets: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "top reprinting outlets:")
        // The heading and the table's header row.
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(outlets.len(), 4, "{text}");
    assert!(
        outlets[0].starts_with("  coastlinewire.example.org ")
            && outlets.iter().all(|l| !l.contains("https://")),
        "{text}"
    );
}

#[test]
fn news_please_fields_are_found_by_default() {
    // `maintext`, `source_domain`, `date_publish`; no id, so the url.
    let out = run_ok(reprint().arg(scraped("newsplease.jsonl")));
    assert_eq!(groups_by_url(&out.stdout), expected_groups());
    let first: Value = serde_json::from_str(
        std::str::from_utf8(&out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        first["members"][0]["source"],
        "tesselvalleycourier.example.org"
    );
    assert_eq!(first["members"][0]["date"], "2024-03-11 00:00:00");
}

#[test]
fn common_crawl_extracts_with_epoch_milliseconds() {
    let out = run_ok(reprint().arg(scraped("commoncrawl.jsonl")));
    assert_eq!(groups_by_url(&out.stdout), expected_groups());
    // `published_at` in epoch milliseconds is a date: a day's lag is
    // 86,400 seconds.
    let out = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(scraped("commoncrawl.jsonl")),
    );
    let ids = id_of_url();
    let flood = spread_groups(&out.stdout)
        .into_iter()
        .find(|g| ids[g["canonical"].as_str().unwrap()] == "flood-orig")
        .expect("the flood group");
    let lags: Vec<(String, Value)> = flood["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                ids[m["id"].as_str().unwrap()].clone(),
                m["lag_seconds"].clone(),
            )
        })
        .collect();
    assert_eq!(
        lags,
        [
            ("flood-orig".to_string(), Value::from(0)),
            ("flood-harbour-reprint".to_string(), Value::from(86_400)),
            ("flood-midland-reprint".to_string(), Value::from(86_400)),
            ("flood-ledger-truncated".to_string(), Value::from(172_800)),
        ]
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("unparseable"), "{stderr}");
}

#[test]
fn a_nested_text_is_read_by_the_dotted_path_the_hint_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.jsonl");
    let text = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let nested: String = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let line = serde_json::json!({
                "id": v["id"],
                "article": {"title": v["title"], "maintext": v["text"]},
                "meta": {"site": {"name": v["source"]}},
            });
            format!("{line}\n")
        })
        .collect();
    std::fs::write(&path, nested).unwrap();
    let err = run_err(reprint().arg(&path));
    assert!(
        err.contains(
            "nested.jsonl:1: field 'article' is an object, expected a string; \
             did you mean --text-field article.maintext?"
        ),
        "{err}"
    );
    let out = run_ok(reprint().arg(&path).args([
        "--text-field",
        "article.maintext",
        "--source-field",
        "meta.site.name",
    ]));
    assert_eq!(group_ids(&out.stdout), expected_groups());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"source\":\"Coastline Wire\""));
}

#[test]
fn semicolon_csv_reads_with_its_delimiter_as_the_jsonl_does() {
    let jsonl = run_ok(reprint().arg(fixture("news.jsonl"))).stdout;
    let path = scraped("news.semicolon.csv");
    let err = run_err(reprint().arg(&path));
    assert!(err.contains("give --delimiter ';'"), "{err}");
    let out = run_ok(reprint().arg(&path).args(["--delimiter", ";"]));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(jsonl.clone()).unwrap()
    );
    // On stdin, the delimiter in the first line says it is delimited.
    let out = run_ok(
        reprint()
            .args(["--delimiter", ";"])
            .write_stdin(std::fs::read(&path).unwrap()),
    );
    assert_eq!(out.stdout, jsonl);
}

#[test]
fn a_date_format_reads_what_the_known_forms_do_not() {
    // Dates as a German spreadsheet shows them: 11.03.2024.
    let path = scraped("news.dmy.csv");
    let jsonl = canonical_groups(&run_ok(reprint().arg(fixture("news.jsonl"))).stdout);
    let out = run_ok(
        reprint()
            .arg(&path)
            .args(["--delimiter", ";", "--date-format", "%d.%m.%Y"]),
    );
    assert_eq!(canonical_groups(&out.stdout), jsonl);
    // The lags are the JSONL's, to the second.
    let lags = |stdout: &[u8]| -> Vec<Value> {
        let mut lags: Vec<Value> = spread_groups(stdout)
            .iter()
            .flat_map(|g| g["members"].as_array().unwrap().clone())
            .map(|m| serde_json::json!([m["id"], m["lag_seconds"]]))
            .collect();
        lags.sort_by_key(|v| v.to_string());
        lags
    };
    let named = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    );
    let dmy = run_ok(reprint().args(["spread", "--json"]).arg(&path).args([
        "--delimiter",
        ";",
        "--date-format",
        "%d.%m.%Y",
    ]));
    assert_eq!(lags(&dmy.stdout), lags(&named.stdout));
    assert!(lags(&dmy.stdout).iter().any(|l| l[1] == 86_400));
    // Without it the dates are missing, with a warning saying so.
    let out = run_ok(
        reprint()
            .arg("spread")
            .arg(&path)
            .args(["--delimiter", ";"]),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "unparseable date '11.03.2024' (not a known form; --date-format can give its form), treated as missing"
        ),
        "{stderr}"
    );
}

#[test]
fn postgres_copy_tsv_reads_as_the_jsonl_does() {
    let jsonl = run_ok(reprint().arg(fixture("news.jsonl"))).stdout;
    let path = scraped("news.copy.tsv");
    for args in [&[][..], &["--tsv-escapes", "backslash"][..]] {
        let out = run_ok(reprint().arg(&path).args(args));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(jsonl.clone()).unwrap(),
            "{args:?}"
        );
    }
    // `-v` says which convention auto picked.
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "news.copy.tsv: TSV read with backslash escapes, nothing quoted, as PostgreSQL COPY writes it (--tsv-escapes auto)"
        ),
        "{stderr}"
    );
    // Stdin: sniffed as TSV, its convention detected.
    let out = run_ok(reprint().write_stdin(std::fs::read(&path).unwrap()));
    assert_eq!(out.stdout, jsonl);
    // Read as quoted, `\n` stays two characters and paragraphs are lost.
    let out = run_ok(reprint().arg(&path).args(["--tsv-escapes", "quoted"]));
    assert_ne!(out.stdout, jsonl);
    // The quoted fixture stays quoted under auto.
    let out = run_ok(reprint().arg(fixture("news.tsv")));
    assert_eq!(out.stdout, jsonl);
}

#[test]
fn backslash_escapes_are_undone_and_quotes_kept() {
    use reprint::{Format, ReadOptions, Records};
    // As `COPY ... TO STDOUT (FORMAT text, HEADER)` writes: quotes are
    // plain characters, NULL is \N; MySQL's backslash before a raw line
    // break too.
    let tsv = b"id\ttitle\ttext\n\
        a\t\\N\t\"Go,\" she said.\\nC:\\\\temp\\there\n\
        b\t\"T\"\tline one\\\nline two\\x21\\041\n";
    let options = ReadOptions {
        format: Format::Tsv,
        ..ReadOptions::default()
    };
    let recs: Vec<_> = Records::from_reader("copy.tsv", Cursor::new(tsv.to_vec()), options)
        .map(|r| r.map_err(|e| format!("{e:?}")).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].title, None);
    assert_eq!(recs[0].text, "\"Go,\" she said.\nC:\\temp\there");
    assert_eq!(recs[1].title.as_deref(), Some("\"T\""));
    assert_eq!(recs[1].text, "line one\nline two!!");
    // Lines are counted in the file, an escaped line break too.
    assert_eq!(
        (recs[0].origin.line, recs[1].origin.line),
        (2, 3),
        "{recs:?}"
    );
}

#[test]
fn dedup_cuts_backslash_tsv_rows_as_the_reader_does() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.tsv");
    let removed = dir.path().join("removed.tsv");
    // A reprint whose text opens with a quote, as news often does: a
    // quoted-convention reader would take it for a quoted field.
    let input = dir.path().join("copy.tsv");
    let quoted_lead = std::fs::read_to_string(scraped("news.copy.tsv"))
        .unwrap()
        .replacen(
            "\tBy Staff Reporter | The Harbour Gazette",
            "\t\"Floods,\" they said.\\nBy Staff Reporter | The Harbour Gazette",
            1,
        );
    assert!(quoted_lead.contains("\t\"Floods,\" they said."));
    std::fs::write(&input, quoted_lead).unwrap();
    run_ok(
        reprint()
            .arg("dedup")
            .arg(&input)
            .arg("-o")
            .arg(&kept)
            .arg("--removed")
            .arg(&removed),
    );
    let original = std::fs::read_to_string(&input).unwrap();
    let kept_text = std::fs::read_to_string(&kept).unwrap();
    let removed_text = std::fs::read_to_string(&removed).unwrap();
    // Every kept row is an input row as it was; none is a reprint left.
    assert!(kept_text.lines().all(|l| original.lines().any(|o| o == l)));
    let again = run_ok(reprint().arg(&kept));
    assert!(again.stdout.is_empty());
    // 30 records, 9 in no group, 6 groups of 21: 15 removed.
    assert_eq!(kept_text.lines().count(), 1 + 15);
    assert_eq!(removed_text.lines().count(), 1 + 15);
    assert!(removed_text.starts_with("id\tsource\tdate\ttitle\turl\ttext\treprint_of\n"));
    assert!(removed_text.contains("\tflood-orig\n"));
    let quoted = removed_text
        .lines()
        .find(|l| l.starts_with("flood-harbour-reprint\t"))
        .unwrap();
    assert!(
        quoted.contains("\t\"Floods,\" they said.\\nBy Staff") && quoted.ends_with("\tflood-orig"),
        "{quoted}"
    );
    // The removed rows read back, escapes and all, as the same table.
    let out = run_ok(
        reprint()
            .arg(&removed)
            .args(["--singletons", "--format-out", "json"]),
    );
    let groups: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read: u64 = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["size"].as_u64().unwrap())
        .sum();
    assert_eq!(read, 15);
}

#[test]
fn dates_with_zones_12_hour_times_and_epochs_set_the_lags() {
    let out = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(scraped("dates.jsonl")),
    );
    let groups = spread_groups(&out.stdout);
    assert_eq!(groups.len(), 1);
    let lags: Vec<(String, Value)> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["lag_seconds"].clone(),
            )
        })
        .collect();
    // 06:30 EDT is 10:30 UTC; 4:45 PM CET 15:45 UTC; 1710180000 18:00 UTC.
    assert_eq!(
        lags,
        [
            ("flood-orig".to_string(), Value::from(0)),
            (
                "flood-harbour-reprint".to_string(),
                Value::from(5 * 3600 + 15 * 60)
            ),
            (
                "flood-midland-reprint".to_string(),
                Value::from(7 * 3600 + 30 * 60)
            ),
            ("flood-ledger-truncated".to_string(), Value::Null),
        ]
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "dates.jsonl:4: record 'flood-ledger-truncated': unparseable date \
             'Fri, 12 Mar 2024 09:00:00 +0000' (it says Fri but 12 Mar 2024 was a Tuesday), \
             treated as missing"
        ),
        "{stderr}"
    );
}

#[test]
fn outlet_from_dir_takes_the_first_folder() {
    let out = run_ok(reprint().arg(fixture("news")).arg("--outlet-from-dir"));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        let g: Value = serde_json::from_str(line).unwrap();
        for m in g["members"].as_array().unwrap() {
            let id = m["id"].as_str().unwrap();
            assert_eq!(m["source"], id.split('/').next().unwrap(), "{id}");
        }
    }
    // Without the option a folder's files have no outlet.
    let out = run_ok(reprint().arg(fixture("news")));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\"source\":null")
    );
    // A file directly in the folder has none either: warned of, once.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("wire")).unwrap();
    let story = "A story long enough to read, about a river and a town and a bridge.\n";
    std::fs::write(dir.path().join("wire/a.txt"), story).unwrap();
    std::fs::write(dir.path().join("loose.txt"), story).unwrap();
    let out = run_ok(reprint().arg(dir.path()).arg("--outlet-from-dir"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "1 file directly in the folder, so no folder names its outlet (--outlet-from-dir)"
        ),
        "{stderr}"
    );
}
