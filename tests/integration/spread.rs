//! `reprint spread`: origins, lags, coverage, paragraphs and passages on
//! the fixture; dates; the outlet edge list; stdin read twice.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::*;

/// The fixture's records by id.
fn fixture_records() -> HashMap<String, Value> {
    std::fs::read_to_string(fixture("news.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// `reprint spread --json` lines: the groups by origin id, and the summary.
fn spread_json(stdout: &[u8]) -> (HashMap<String, Value>, Value) {
    let text = std::str::from_utf8(stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, groups) = lines.split_last().expect("a summary line");
    assert_eq!(summary["type"], "summary");
    let groups = groups
        .iter()
        .map(|g| {
            assert_eq!(g["type"], "group");
            (g["origin"]["id"].as_str().unwrap().to_string(), g.clone())
        })
        .collect();
    (groups, summary.clone())
}

fn member<'a>(group: &'a Value, id: &str) -> &'a Value {
    group["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {group}"))
}

/// The normalized words of `s`, as detection sees them.
fn words(s: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    reprint::detect::normalize::normalize(s)
        .unicode_words()
        .map(str::to_string)
        .collect()
}

#[test]
fn origins_lags_and_paragraphs_on_the_fixture() {
    let out = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    );
    let (groups, summary) = spread_json(&out.stdout);
    assert_eq!(groups.len(), 6);

    // Dates tied on the day: the original, not the reprint with a footer.
    for story in ["transit", "recall", "takeover", "wildfire"] {
        let g = &groups[&format!("{story}-orig")];
        assert_eq!(g["origin"]["basis"], "tied", "{story}");
        assert_eq!(
            g["origin"]["tied_with"][0],
            format!("{story}-coastline-reprint")
        );
    }
    let flood = &groups["flood-orig"];
    assert_eq!(flood["origin"]["basis"], "earliest");
    assert_eq!(flood["members"][0]["id"], "flood-orig");
    assert_eq!(flood["first_date"], "2024-03-11");
    assert_eq!(flood["last_date"], "2024-03-13");
    assert_eq!(flood["span_seconds"], 2 * 86_400);
    assert_eq!(
        flood["outlets"],
        serde_json::json!([
            "Tessel Valley Courier",
            "The Harbour Gazette",
            "Midland Evening Post",
            "Riverside Ledger"
        ])
    );

    // The truncated copy printed the first 3 of the origin's 8 paragraphs.
    let trunc = member(flood, "flood-ledger-truncated");
    assert_eq!(trunc["lag_seconds"], 2 * 86_400);
    assert_eq!(trunc["paragraphs"]["count"], 8);
    assert_eq!(trunc["paragraphs"]["printed"], serde_json::json!([[1, 3]]));
    assert_eq!(trunc["paragraphs"]["absent"], serde_json::json!([[4, 8]]));
    assert!(trunc["coverage"].as_f64().unwrap() < 0.5);
    assert_eq!(trunc["title_changed"], true);
    // The middle-page excerpt: paragraphs 4-6.
    let excerpt = member(&groups["recall-orig"], "recall-midland-excerpt");
    assert_eq!(
        excerpt["paragraphs"]["printed"],
        serde_json::json!([[4, 6]])
    );
    // A copy with changed words and quotes still prints all of it.
    let harbour = member(&groups["recall-orig"], "recall-harbour-reprint");
    assert_eq!(harbour["coverage"], 1.0);
    assert_eq!(harbour["title_changed"], false);
    // No date: no lag, placed last.
    let transit = &groups["transit-orig"];
    let undated = transit["members"].as_array().unwrap().last().unwrap();
    assert_eq!(undated["id"], "transit-harbour-reprint");
    assert!(undated["lag_seconds"].is_null());

    // The analysis quoting one paragraph is a related record with passages.
    let related = &groups["takeover-orig"]["related"][0];
    assert_eq!(related["id"], "takeover-midland-analysis");
    assert_eq!(related["paragraphs"]["count"], 8);
    assert_eq!(
        related["paragraphs"]["printed"].as_array().unwrap().len(),
        1
    );
    assert!(!related["passages"].as_array().unwrap().is_empty());

    assert_eq!(
        summary["group_sizes"],
        serde_json::json!([{"size": 3, "groups": 3}, {"size": 4, "groups": 3}])
    );
    assert_eq!(summary["origins"]["tied"], 4);
    assert_eq!(summary["lag"]["reprints"], 15);
    assert_eq!(summary["lag"]["dated"], 14);
    let hist: u64 = summary["lag"]["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(hist, 14);
    assert_eq!(summary["dates"]["missing"], 1);

    // Who reprints most, and whom from.
    let outlets = summary["outlets"].as_array().unwrap();
    let reprints: Vec<u64> = outlets
        .iter()
        .map(|o| o["reprints"].as_u64().unwrap())
        .collect();
    assert_eq!(reprints[..5], [4, 4, 4, 3, 0]);
    assert_eq!(reprints.iter().sum::<u64>(), 15);
    let wire = outlets
        .iter()
        .find(|o| o["outlet"] == "Coastline Wire")
        .unwrap();
    assert_eq!(wire["origins"], 0);
    assert_eq!(
        wire["from"],
        serde_json::json!([
            {"outlet": "Ashworth Business Journal", "count": 1},
            {"outlet": "Calder Ridge Observer", "count": 1},
            {"outlet": "Dunmere Chronicle", "count": 1},
            {"outlet": "Northfield Sporting Record", "count": 1}
        ])
    );
    let courier = outlets
        .iter()
        .find(|o| o["outlet"] == "Tessel Valley Courier")
        .unwrap();
    assert_eq!(
        (courier["origins"].as_u64(), courier["reprints"].as_u64()),
        (Some(1), Some(0))
    );
    // The edge list: one edge per dated reprint from another outlet.
    let edges = summary["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 15);
    assert!(
        edges
            .iter()
            .all(|e| e["count"] == 1 && e["source"] != e["target"])
    );
}

/// `text[span]` with `span` in characters, as the JSON gives it.
fn char_slice<'t>(text: &'t str, span: &Value) -> &'t str {
    let s = span.as_array().unwrap();
    let (from, to) = (
        s[0].as_u64().unwrap() as usize,
        s[1].as_u64().unwrap() as usize,
    );
    assert!(from < to, "{span}");
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    assert!(to <= text.chars().count(), "{span} past the end");
    &text[byte(from)..byte(to)]
}

/// Check the passages between texts `a` and `b`: each is the same words
/// on both sides (ends included), holds the words it says, and they add
/// up to the shares given (`covered`: a's share, b's share).
fn check_passages(a: &str, b: &str, passages: &Value, covered: (f64, f64), what: &str) -> usize {
    let passages = passages.as_array().unwrap();
    let (mut words_a, mut words_b) = (0, 0);
    for p in passages {
        let (pa, pb) = (char_slice(a, &p["a"]), char_slice(b, &p["b"]));
        let (wa, wb) = (words(pa), words(pb));
        assert_eq!(wa.len(), p["a_words"].as_u64().unwrap() as usize, "{what}");
        assert_eq!(wb.len(), p["b_words"].as_u64().unwrap() as usize, "{what}");
        assert_eq!(wa.first(), wb.first(), "{what}: {pa} / {pb}");
        assert_eq!(wa.last(), wb.last(), "{what}: {pa} / {pb}");
        words_a += wa.len();
        words_b += wb.len();
    }
    let share = |n: usize, text: &str| {
        let total = words(text).len();
        (n as f64 / total as f64 * 10_000.0).round() / 10_000.0
    };
    assert_eq!(share(words_a, a), covered.0, "{what}: share of a");
    assert_eq!(share(words_b, b), covered.1, "{what}: share of b");
    passages.len()
}

#[test]
fn passages_are_character_spans_of_the_original_texts() {
    let records = fixture_records();
    let text = |id: &Value| records[id.as_str().unwrap()]["text"].as_str().unwrap();
    let out = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    );
    let (groups, _) = spread_json(&out.stdout);
    // The verified pairs of the main output, as {a, b} id pairs.
    let main = run_ok(reprint().arg(fixture("news.jsonl")).arg("--pairs"));
    let mut verified: Vec<(String, String)> = Vec::new();
    for line in String::from_utf8(main.stdout).unwrap().lines() {
        let g: Value = serde_json::from_str(line).unwrap();
        for p in g["pairs"].as_array().unwrap() {
            verified.push((
                p["a"].as_str().unwrap().into(),
                p["b"].as_str().unwrap().into(),
            ));
        }
    }
    let (mut members, mut pairs, mut related) = (0, 0, 0);
    let mut spread_pairs: Vec<(String, String)> = Vec::new();
    for g in groups.values() {
        let origin = text(&g["origin"]["id"]);
        for m in g["members"].as_array().unwrap().iter().skip(1) {
            let covered = (
                m["coverage"].as_f64().unwrap(),
                m["from_origin"].as_f64().unwrap(),
            );
            let what = format!("member {}", m["id"]);
            check_passages(origin, text(&m["id"]), &m["passages"], covered, &what);
            members += 1;
        }
        // Every verified pair of the group has its passages.
        for p in g["pairs"].as_array().unwrap() {
            let covered = (
                p["a_covered"].as_f64().unwrap(),
                p["b_covered"].as_f64().unwrap(),
            );
            let what = format!("pair {} {}", p["a"], p["b"]);
            assert!(
                check_passages(text(&p["a"]), text(&p["b"]), &p["passages"], covered, &what) > 0
            );
            spread_pairs.push((
                p["a"].as_str().unwrap().into(),
                p["b"].as_str().unwrap().into(),
            ));
            pairs += 1;
        }
        // And every related record.
        for r in g["related"].as_array().unwrap() {
            let covered = (
                r["source_covered"].as_f64().unwrap(),
                r["derivative_covered"].as_f64().unwrap(),
            );
            let what = format!("related {}", r["id"]);
            assert!(
                check_passages(
                    text(&r["source"]),
                    text(&r["id"]),
                    &r["passages"],
                    covered,
                    &what
                ) > 0
            );
            related += 1;
        }
    }
    assert_eq!((members, related), (15, 1));
    verified.sort();
    spread_pairs.sort();
    assert_eq!(spread_pairs, verified, "the main output's pairs, each once");
    assert!(pairs >= 15);

    // Offsets count characters: the flood origin has curly quotes and
    // dashes before its later passages, and they still slice exactly.
    let origin = records["flood-orig"]["text"].as_str().unwrap();
    assert!(!origin.is_ascii());
    let flood = &groups["flood-orig"];
    let p = &member(flood, "flood-midland-reprint")["passages"][0];
    let midland = records["flood-midland-reprint"]["text"].as_str().unwrap();
    assert_eq!(
        words(char_slice(origin, &p["a"])),
        words(char_slice(midland, &p["b"]))
    );
}

/// `text` with every run of spaces as one, to find words across aligned
/// columns.
fn squeezed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

#[test]
fn text_report_names_origin_paragraphs_and_headlines() {
    let out = run_ok(reprint().arg("spread").arg(fixture("news.jsonl")));
    let text = squeezed(&String::from_utf8(out.stdout).unwrap());
    for needle in [
        "6 groups holding 21 of 30 records; 1 record quotes them (1 related edge)",
        "origin flood-orig Tessel Valley Courier 2024-03-11",
        "+2 d flood-ledger-truncated",
        "paragraphs 1-3 of its 8",
        "paragraphs 4-6 of its 8",
        "headline \"Eastern suburbs finally win their long fight for a rail link\"",
        "(earliest date tied with transit-coastline-reprint)",
        "undated transit-harbour-reprint",
        "related takeover-midland-analysis Midland Evening Post 2024-06-17 quotes 16% of takeover-orig (paragraph 6 of its 8)",
        "top reprinting outlets:",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

/// The text output of `reprint spread` on [`spread_cases`].
fn cases_text() -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cases.jsonl");
    std::fs::write(&input, spread_cases()).unwrap();
    String::from_utf8(run_ok(reprint().args(["spread", "-q"]).arg(&input)).stdout).unwrap()
}

/// The lines of the group whose heading quotes `title`.
fn group_lines<'t>(text: &'t str, title: &str) -> Vec<&'t str> {
    text.split("\n\n")
        .find(|g| g.contains(&format!("\n  \"{title}\"\n")))
        .unwrap_or_else(|| panic!("no group {title} in\n{text}"))
        .lines()
        .skip(2)
        .collect()
}

#[test]
fn text_counts_related_records_and_edges_apart() {
    let text = cases_text();
    // r-analyst quotes two groups: one record, two edges; d-digest a
    // third edge.
    assert_eq!(
        text.lines().next().unwrap(),
        "3 groups holding 7 of 11 records; 2 records quote them (3 related edges)"
    );
}

#[test]
fn text_says_a_record_dated_before_the_group_shares_rather_than_quotes() {
    let text = cases_text();
    let rows = group_lines(&text, "Story s1");
    let digest = rows.iter().find(|r| r.contains("d-digest")).unwrap();
    assert_eq!(
        squeezed(digest),
        " earlier d-digest Morning Digest 2024-03-01T12:00:00Z dated before the group; \
         shares 20% of s1a (paragraph 4 of its 5)"
    );
    let analyst = rows.iter().find(|r| r.contains("r-analyst")).unwrap();
    assert!(
        squeezed(analyst).ends_with(" 2024-07-01 quotes 20% of s1a (paragraph 2 of its 5)"),
        "{analyst}"
    );
}

#[test]
fn text_names_one_paragraph_as_one() {
    let text = cases_text();
    let rows = group_lines(&text, "Story s1");
    assert!(
        rows[2].ends_with("prints 20% of the origin; paragraph 5 of its 5"),
        "{rows:?}"
    );
    let rows = group_lines(&text, "Story s2");
    assert!(
        rows[1].ends_with("prints 81% of the origin; paragraph 1 of its 5"),
        "{rows:?}"
    );
    assert!(!text.contains("paragraphs 5 of"), "{text}");
}

#[test]
fn text_says_an_outlet_reprinted_itself() {
    let text = cases_text();
    let solo = text
        .lines()
        .find(|l| l.starts_with("  Solo Gazette "))
        .unwrap();
    assert_eq!(squeezed(solo), " Solo Gazette 1 1 itself (1)");
    assert!(!text.contains("from none"));
}

#[test]
fn text_counts_one_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("solo.jsonl");
    let cases = spread_cases();
    let solo: Vec<&str> = cases
        .lines()
        .filter(|l| l.contains("Solo Gazette"))
        .collect();
    std::fs::write(&input, solo.join("\n")).unwrap();
    let out = run_ok(reprint().args(["spread", "-q"]).arg(&input));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "1 group holding 2 of 2 records; no other record quotes them"
    );
    assert!(lines[2].ends_with(", 0 undated groups"), "{text}");
    assert!(
        lines[4].starts_with("reprint lag: 1 of 1 reprint dated;"),
        "{text}"
    );
    let heading = lines
        .iter()
        .find(|l| l.starts_with("group ") && !l.starts_with("group sizes"))
        .unwrap();
    assert!(
        heading.ends_with(": 2 records, 1 outlet, 2024-06-01 to 2024-06-02"),
        "{heading}"
    );
    assert!(!text.contains("1 groups") && !text.contains("1 outlets"));
}

/// Where each cell of a table row starts and ends, in characters (cells
/// are two or more spaces apart; none holds two spaces in a row).
fn cells(line: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == ' ' {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && !(chars[k] == ' ' && chars.get(k + 1).is_none_or(|&c| c == ' ')) {
            k += 1;
        }
        out.push((start, k));
    }
    out
}

/// Whether every row's cell `k` starts (or ends) at one column.
fn aligned(rows: &[&str], k: usize, at_end: bool) -> bool {
    let at: Vec<usize> = rows
        .iter()
        .map(|r| {
            let c = cells(r)[k];
            if at_end { c.1 } else { c.0 }
        })
        .collect();
    at.windows(2).all(|w| w[0] == w[1])
}

#[test]
fn text_columns_line_up_with_long_outlet_names() {
    let text = cases_text();
    // The timeline: lags end at one column; ids, outlets and dates start
    // at one column each.
    let rows = group_lines(&text, "Story s1");
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(aligned(&rows, 0, true), "{rows:#?}");
    for k in [1, 2, 3] {
        assert!(aligned(&rows, k, false), "cell {k}: {rows:#?}");
    }
    // The outlets table: numbers right-aligned under their headings, the
    // sources in one column.
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "top reprinting outlets:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 5, "{table:?}");
    assert!(
        aligned(&table, 0, false) && aligned(&table, 3, false),
        "{table:#?}"
    );
    assert!(
        aligned(&table, 1, true) && aligned(&table, 2, true),
        "{table:#?}"
    );
}

#[test]
fn edges_csv_is_the_outlet_network() {
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges.csv");
    run_ok(
        reprint()
            .args(["spread", "-q", "--edges"])
            .arg(&edges)
            .arg(fixture("news.jsonl")),
    );
    let csv = std::fs::read_to_string(&edges).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("source,target,count"));
    let rows: Vec<&str> = lines.collect();
    // 15 reprints, each from its origin's outlet to another outlet.
    assert_eq!(rows.len(), 15);
    assert!(rows.contains(&"Tessel Valley Courier,The Harbour Gazette,1"));
    assert!(rows.contains(&"Dunmere Chronicle,Coastline Wire,1"));
}

#[test]
fn stdin_is_read_twice_with_the_same_ids() {
    let input = std::fs::read(fixture("news.jsonl")).unwrap();
    let from_file = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    );
    let from_stdin = run_ok(reprint().args(["spread", "--json"]).write_stdin(input));
    assert_eq!(
        String::from_utf8_lossy(&from_stdin.stdout),
        String::from_utf8_lossy(&from_file.stdout)
    );

    // Records without ids are named by position in `-`, in both passes.
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and said \
        repairs would cost more than building a new pier further along the quay.";
    let input = format!(
        "{{\"text\":\"{story}\"}}\n{{\"text\":\"Share this. {story}\"}}\n{{\"text\":\"Something else entirely.\"}}\n"
    );
    let out = run_ok(
        reprint()
            .args(["spread", "--json", "--min-shared", "5"])
            .write_stdin(input),
    );
    let (groups, _) = spread_json(&out.stdout);
    let g = groups.values().next().expect("one group");
    let mut ids: Vec<&str> = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["-:1", "-:2"]);
    // Undated: the longer copy is the origin, the other prints the story.
    assert_eq!(g["origin"]["id"], "-:2");
    assert_eq!(g["members"][1]["from_origin"], 1.0);
}

#[test]
fn a_pipe_given_as_a_path_is_refused() {
    let input = std::fs::read(fixture("news.jsonl")).unwrap();
    let stderr = run_err(reprint().args(["spread", "/dev/stdin"]).write_stdin(input));
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn dates_in_common_forms_and_unparseable_ones() {
    let story = "Council workers began clearing the flooded underpass on Monday morning \
        after pumps failed overnight, leaving commuters to detour through the retail park \
        while engineers inspected the drainage culverts beneath the railway embankment.";
    let rec = |id: &str, date: &str| {
        format!(
            "{{\"id\":\"{id}\",\"source\":\"Outlet {id}\",\"date\":\"{date}\",\"title\":\"T\",\"text\":\"{story}\"}}\n"
        )
    };
    let input = [
        rec("a", "2024-03-28T10:00:00+01:00"),
        rec("b", "Thu, 28 Mar 2024 12:00:00 GMT"),
        rec("c", "2024-03-29"),
        rec("d", "next Tuesday"),
        rec("e", "20240328T150000Z"),
    ]
    .concat();
    let out = reprint()
        .args(["spread", "--json", "--min-shared", "5"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("-:4: record 'd': unparseable date 'next Tuesday' (not a known form; --date-format can give its form), treated as missing"),
        "{stderr}"
    );
    let (groups, summary) = spread_json(&out.stdout);
    let g = &groups["a"];
    assert_eq!(g["origin"]["basis"], "earliest");
    assert_eq!(member(g, "b")["lag_seconds"], 3 * 3_600);
    assert_eq!(member(g, "e")["lag_seconds"], 6 * 3_600);
    assert_eq!(member(g, "c")["lag_seconds"], 15 * 3_600);
    assert!(member(g, "d")["lag_seconds"].is_null());
    assert_eq!(summary["dates"]["unparseable"], 1);
    // Order: origin, then by date, the unparseable one last.
    let ids: Vec<&str> = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b", "e", "c", "d"]);
}

#[test]
fn undated_groups_say_so() {
    let story = "The lighthouse keeper's cottage on Gull Point will open to visitors next \
        spring after a two-year restoration funded by a bequest from a retired fisherman \
        who grew up within sight of the lamp.";
    let input = format!(
        "{{\"id\":\"x\",\"text\":\"{story}\"}}\n{{\"id\":\"y\",\"text\":\"{story} Read more on our site today.\"}}\n"
    );
    let out = run_ok(
        reprint()
            .args(["spread", "--json", "--min-shared", "5"])
            .write_stdin(input),
    );
    let (groups, summary) = spread_json(&out.stdout);
    let g = groups.values().next().unwrap();
    assert_eq!(g["origin"]["basis"], "undated");
    assert!(g["first_date"].is_null());
    assert_eq!(summary["origins"]["undated"], 1);
    // No direction without dates: no edges.
    assert_eq!(summary["edges"], serde_json::json!([]));
}

#[test]
fn every_format_gives_the_same_spread() {
    let jsonl = run_ok(
        reprint()
            .args(["spread", "--json"])
            .arg(fixture("news.jsonl")),
    )
    .stdout;
    for name in ["news.csv", "news.tsv"] {
        let out = run_ok(reprint().args(["spread", "--json"]).arg(fixture(name)));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&jsonl),
            "{name}"
        );
    }
}
