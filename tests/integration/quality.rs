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
fn a_digest_is_a_container_related_to_both_stories() {
    // A digest page reprints story A and story C whole: by containment it
    // verifies as a reprint of each, but it collects them: it joins neither
    // group and each story is reported as related to it.
    let (a, c) = (words(11, 200), words(12, 200));
    let (_d, path) = write_jsonl(&[
        record("a", "X", "2024-04-01", &a),
        record("a-copy", "W", "2024-04-02", &a),
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
    assert!(members.contains(&ids(&["a", "a-copy"])), "{members:?}");
    assert!(
        !members
            .iter()
            .any(|g| g.len() > 1 && g.contains(&"digest".to_string())),
        "the digest is grouped: {members:?}"
    );
    for story in ["a", "c"] {
        let g = groups
            .iter()
            .find(|g| g["canonical"] == story)
            .unwrap_or_else(|| panic!("{story} is written: {text}"));
        assert_eq!(g["related"][0]["id"], "digest", "{story}: {g}");
    }
}

#[test]
fn an_original_with_two_later_pages_is_no_container() {
    // Pages 1 and 3 of a story, printed after it: excerpts, not briefs.
    let paras: Vec<String> = (0..6).map(|i| words(40 + i, 50)).collect();
    let (_d, path) = write_jsonl(&[
        record("orig", "X", "2024-04-01", &paras.join("\n")),
        record("page1", "Y", "2024-04-02", &paras[..2].join("\n")),
        record("page3", "Z", "2024-04-03", &paras[4..].join("\n")),
    ]);
    assert_eq!(
        groups_of(&path, &[]),
        vec![ids(&["orig", "page1", "page3"])]
    );
}

#[test]
fn a_page_scraped_twelve_times_is_one_group() {
    // One outlet's page fetched twelve times, plus other pages of the
    // outlet: every line of the page recurs in twelve records of one
    // outlet, which is not what makes a wrapper.
    let page = format!("{}\n{}\n{}", words(70, 12), words(71, 120), words(72, 90));
    let mut records: Vec<Value> = (0..12)
        .map(|i| {
            let mut r = record(&format!("fetch{i}"), "The Echo", "2024-05-01", &page);
            r["url"] = json!("https://echo.example.com/a");
            r
        })
        .collect();
    records.extend((0..3).map(|i| {
        record(
            &format!("other{i}"),
            "The Echo",
            "2024-05-02",
            &words(80 + i, 150),
        )
    }));
    let (_d, path) = write_jsonl(&records);
    let found = groups_of(&path, &[]);
    let fetches: Vec<String> = (0..12).map(|i| format!("fetch{i}")).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let mut group = found[0].clone();
    group.sort();
    let mut want = fetches.clone();
    want.sort();
    assert_eq!(group, want);
}

#[test]
fn short_template_notices_are_not_one_story() {
    // Two companies' dividend notices from one template: they share its
    // stock phrases (Jaccard over 0.5) on a handful of shingles.
    let notice = |company: &str, cents: &str| {
        format!(
            "{company} quarterly dividend {cents} cents vs {cents} cents prior payable april one record march fifteen"
        )
    };
    let (_d, path) = write_jsonl(&[
        record(
            "ormsby",
            "Wire",
            "2024-03-01",
            &notice("ormsby holdings inc", "ten"),
        ),
        record(
            "calder",
            "Wire",
            "2024-03-01",
            &notice("calder mills corp", "ten"),
        ),
    ]);
    assert!(groups_of(&path, &[]).is_empty());
}

#[test]
fn a_short_middle_excerpt_is_a_reprint() {
    // 15 words lifted from the middle of a 300-word story: 11 shingles,
    // all of them inside it.
    let story = words(90, 300);
    let excerpt: Vec<&str> = story.split(' ').skip(140).take(15).collect();
    let (_d, path) = write_jsonl(&[
        record("story", "X", "2024-03-01", &story),
        record("excerpt", "Y", "2024-03-02", &excerpt.join(" ")),
    ]);
    assert_eq!(groups_of(&path, &[]), vec![ids(&["excerpt", "story"])]);
}

#[test]
fn the_earliest_timestamp_is_canonical_not_the_longest_same_day_copy() {
    // The original at 09:00; a reprint at 15:00 the same day, padded with
    // a long wrapper of its own outlet (no other pages to learn it from).
    let story = words(95, 200);
    let padded = format!("{}\n{story}\n{}", words(96, 150), words(97, 150));
    let (_d, path) = write_jsonl(&[
        record("reprint", "Y", "2024-03-05T15:00:00Z", &padded),
        record("original", "X", "2024-03-05T09:00:00Z", &story),
    ]);
    let out = run_ok(reprint().arg(&path));
    let group: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(group["canonical"], "original");
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
fn a_rewrite_quoting_a_whole_brief_is_related_not_grouped() {
    // A two-paragraph brief, printed by its outlet and copied by another
    // the next day. Two days later a third outlet runs a story of its own
    // that quotes both paragraphs inside its text: the brief is all there
    // in it (containment 1), but at most a fifth of it is the brief's.
    // It was written after the brief around what it quotes: related, not
    // a reprint. (Before this rule it was grouped with the brief.)
    let brief = [words(60, 35), words(61, 30)];
    let own: Vec<String> = (0..8).map(|i| words(70 + i, 40)).collect();
    let rewrite = [&own[..2], &brief[..1], &own[2..4], &brief[1..], &own[4..]]
        .concat()
        .join("\n\n");
    // A full copy printed after a page of its story is still its copy: more
    // than half of it is inside the original.
    let story: Vec<String> = (0..6).map(|i| words(80 + i, 40)).collect();
    let (_d, path) = write_jsonl(&[
        record("brief", "X", "2024-05-01", &brief.join("\n\n")),
        record("brief-copy", "Y", "2024-05-02", &brief.join("\n\n")),
        record("rewrite", "Z", "2024-05-04", &rewrite),
        record("story", "X", "2024-06-01", &story.join("\n\n")),
        record("story-page", "Y", "2024-06-02", &story[..2].join("\n\n")),
        record(
            "story-copy",
            "W",
            "2024-06-03",
            &[story.join("\n\n"), words(90, 60)].join("\n\n"),
        ),
    ]);
    let out = run_ok(reprint().arg(&path).arg("--related"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        group_ids(text.as_bytes()),
        vec![
            ids(&["brief", "brief-copy"]),
            ids(&["story", "story-copy", "story-page"])
        ],
        "{text}"
    );
    let groups: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups[0]["related"][0]["id"], "rewrite", "{text}");
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

/// `text` as a scanner misreads it: about one letter in `every` replaced
/// by a look-alike, where `seed` says which.
fn scanned(text: &str, every: usize, seed: usize) -> String {
    let mut letters = 0;
    text.chars()
        .map(|c| {
            if !c.is_ascii_lowercase() {
                return c;
            }
            letters += 1;
            if !(letters * 7 + seed * 13).is_multiple_of(every) {
                return c;
            }
            match c {
                'l' => '1',
                'o' => '0',
                'e' => 'c',
                'h' => 'b',
                'n' => 'r',
                'm' => 'n',
                _ => 'i',
            }
        })
        .collect()
}

#[test]
fn scanned_corpus_is_shingled_by_characters() {
    // Every story of the fixture as a scanner read it, and each original
    // also clean beside three scanned copies: misread letters break most
    // word 5-grams, so only character shingles find the copies. Nobody
    // passes --shingle: the corpus is seen to be scanned.
    let text = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let mut records = Vec::new();
    let mut originals = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let r: Value = serde_json::from_str(line).unwrap();
        let id = r["id"].as_str().unwrap();
        let body = r["text"].as_str().unwrap();
        let copies = if id.ends_with("-orig") {
            records.push(record(id, "Clean Wire", "2024-03-01", body));
            originals.push(id.to_string());
            3
        } else {
            1
        };
        for k in 0..copies {
            let copy = format!("{id}-scan{k}");
            let outlet = format!("Scanned Outlet {k}");
            records.push(record(
                &copy,
                &outlet,
                "2024-03-02",
                &scanned(body, 40, i * 5 + k),
            ));
        }
    }
    let (_dir, path) = write_jsonl(&records);
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shingles: characters"), "{stderr}");
    let groups = group_ids(&out.stdout);
    let whole = |groups: &[Vec<String>], id: &str| {
        groups.iter().any(|g| {
            g.contains(&id.to_string()) && (0..3).all(|k| g.contains(&format!("{id}-scan{k}")))
        })
    };
    for id in &originals {
        assert!(
            whole(&groups, id),
            "{id} and its scanned copies: {groups:?}"
        );
    }
    // Words miss them: the choice is what finds them.
    let by_words = groups_of(&path, &["--shingle", "words"]);
    assert!(
        originals.iter().any(|id| !whole(&by_words, id)),
        "{by_words:?}"
    );
}

#[test]
fn clean_corpus_keeps_word_shingles() {
    let out = run_ok(reprint().arg(fixture("news.jsonl")).arg("-v"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shingles: words"), "{stderr}");
}

/// Made-up words as sentences of ten.
fn sentences(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    words
        .chunks(10)
        .map(|s| format!("{}.", s.join(" ")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One outlet's wrapper, as sentences a page repeats around every story.
const WRAPPER: [&str; 5] = [
    "Sign up for the Example Star newsletter, delivered every weekday morning.",
    "Share this article: Facebook | X | WhatsApp | Email",
    "Comments are moderated and may take up to a day to appear.",
    "Got a story? Call the newsdesk or message us through our secure tip line.",
    "Copyright 2024 The Example Star. All rights reserved.",
];

/// A corpus where one outlet's scraper joined every page's paragraphs with
/// `joiner`: six of its own stories, and a 30-word middle excerpt of a
/// story another outlet printed first, each inside the joined wrapper.
fn joined_outlet(joiner: &str) -> Vec<Value> {
    let story = sentences(&words(5, 300));
    let mut records = vec![record("original", "Wire", "2024-03-01", &story)];
    // Three whole sentences from the middle.
    let excerpt: Vec<&str> = story.split(' ').skip(140).take(30).collect();
    let page = |body: &str| {
        let mut parts: Vec<&str> = WRAPPER[..2].to_vec();
        parts.push(body);
        parts.extend(&WRAPPER[2..]);
        parts.join(joiner)
    };
    records.push(record(
        "excerpt",
        "The Example Star",
        "2024-03-02",
        &page(&excerpt.join(" ")),
    ));
    for k in 0..6u64 {
        records.push(record(
            &format!("star{k}"),
            "The Example Star",
            "2024-03-03",
            &page(&sentences(&words(300 + k, 120))),
        ));
    }
    records
}

#[test]
fn joined_paragraphs_still_show_their_wrapper() {
    // The wrapper (46 words) is longer than the excerpt (30): left in, the
    // excerpt's containment in the original is about 0.4. Lines are gone,
    // so the wrapper is found in the pieces between markers, runs of
    // spaces, or sentences of a line longer than a paragraph.
    for joiner in [" ### ", " | ", "     ", " "] {
        let (_d, path) = write_jsonl(&joined_outlet(joiner));
        let wrong = groups_of(&path, &["--boilerplate-min-records", "0"]);
        assert!(
            !wrong.contains(&ids(&["excerpt", "original"])),
            "the case must be hard ({joiner:?}): {wrong:?}"
        );
        assert_eq!(
            groups_of(&path, &[]),
            vec![ids(&["excerpt", "original"])],
            "joined with {joiner:?}"
        );
    }
}

#[test]
fn one_scanned_outlet_among_digital_ones_is_shingled_by_characters() {
    // The fixture's 30 digital records, plus a scanned newspaper that
    // reprinted its six original stories: the median record is clean, the
    // scanned outlet's is not, and its copies must still match.
    let text = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let mut records = Vec::new();
    let mut originals = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let r: Value = serde_json::from_str(line).unwrap();
        let id = r["id"].as_str().unwrap().to_string();
        if id.ends_with("-orig") {
            let copy = scanned(r["text"].as_str().unwrap(), 40, i);
            records.push(record(
                &format!("{id}-scan"),
                "The Scanned Gazette",
                "2024-05-01",
                &copy,
            ));
            originals.push(id);
        }
        records.push(r);
    }
    let (_dir, path) = write_jsonl(&records);
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("shingles: characters") && stderr.contains("1 of "),
        "{stderr}"
    );
    let groups = group_ids(&out.stdout);
    let paired = |groups: &[Vec<String>], id: &String| {
        groups
            .iter()
            .any(|g| g.contains(id) && g.contains(&format!("{id}-scan")))
    };
    for id in &originals {
        assert!(paired(&groups, id), "{id}: {groups:?}");
    }
    let by_words = groups_of(&path, &["--shingle", "words"]);
    assert!(
        originals.iter().any(|id| !paired(&by_words, id)),
        "{by_words:?}"
    );
}

#[test]
fn write_thru_versions_are_one_story() {
    // Four versions of a fire story through the day: each keeps most of
    // the one before, the first and last share little. They verify in
    // pairs along the chain, not all against one centre, so they make two
    // groups; the groups carry one story id and the link that joins them.
    let out = run_ok(reprint().arg(fixture("wild/write-thru.jsonl")));
    let text = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups.len(), 2, "{text}");
    assert_eq!(groups[0]["story"], groups[1]["story"], "{text}");
    assert_eq!(groups[0]["story"], groups[0]["group"], "{text}");
    let link = &groups[1]["versions"][0];
    assert_eq!(link["group"], groups[0]["group"], "{text}");
    assert!(link["containment"].as_f64().unwrap() >= 0.6, "{text}");
    // Read as stories, the four versions are one.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groups.jsonl");
    std::fs::write(&path, &text).unwrap();
    let truth = fixture("wild/write-thru.truth.jsonl");
    let f1 = |extra: &[&str]| {
        let out = run_ok(
            reprint()
                .args(["eval", "--json", "--truth"])
                .arg(&truth)
                .arg(&path)
                .args(extra),
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["f1"].as_f64().unwrap()
    };
    assert!(f1(&[]) < 0.9);
    assert_eq!(f1(&["--stories"]), 1.0);
}

#[test]
fn a_lede_under_its_pages_own_header_and_footer_is_a_reprint() {
    // The story: five paragraphs of 30 words. Another outlet prints its
    // first paragraph between lines no other page of it has (a page
    // number, a credit naming this story's reporters, this page's
    // address, a teaser): 30 words of story, 25 of wrapper, so the lede's
    // containment, wrapper and all, is about 0.5.
    let story: Vec<String> = (0..5).map(|i| words(100 + i, 30)).collect();
    let lede = format!(
        "Page 11\nAdvertisement\n{}\nReporting by Kaia Ulmer; editing by Vesna Hart.\n\
         Continue reading at https://example.org/business/2024/ledes-8565d\n\
         Next: Harbour board delays its vote on the pier",
        story[0]
    );
    // A rewrite quoting that paragraph inside prose of its own is not a
    // reprint: its own prose is in its span.
    let rewrite = format!("{}\n{}\n{}", words(300, 30), story[0], words(301, 30));
    let records = vec![
        record("story", "Wire", "2024-03-01", &story.join("\n")),
        record("lede", "Gazette", "2024-03-02", &lede),
        record("rewrite", "Courier", "2024-03-02", &rewrite),
    ];
    let (_dir, path) = write_jsonl(&records);
    assert_eq!(groups_of(&path, &[]), vec![ids(&["lede", "story"])]);
}

#[test]
fn a_snippet_and_a_wrapped_lede_under_longer_page_furniture_are_reprints() {
    // The story: five paragraphs of 30 words.
    let story: Vec<String> = (0..5).map(|i| words(100 + i, 30)).collect();
    // An aggregator page quoting 22 words from the middle of its third
    // paragraph between a byline, counts and links to other stories (24
    // words of furniture).
    let middle: Vec<&str> = story[2].split(" ").skip(4).take(22).collect();
    let snippet = format!(
        "By Ann Lee · 2024-03-02\n\n\"{} ...\"\n\n190 comments\n\nShares: 190 · Reactions: 87\n\n\
         Related: {} | {}",
        middle.join(" "),
        words(500, 6),
        words(501, 6)
    );
    // A page printing the lede wrapped to a column, its lines of 10 words
    // (none of them prose on its own), between blank lines and longer
    // furniture of its own (45 words).
    let lede: Vec<&str> = story[0].split(' ').collect();
    let wrapped = format!(
        "{}\n\nBy Kaia Ulmer, Trade reporter\n\n{}\n{}\n{}\n\nShare this article\n\n{}\n\n{}",
        words(600, 8),
        lede[..10].join(" "),
        lede[10..20].join(" "),
        lede[20..].join(" "),
        words(601, 15),
        words(602, 15)
    );
    let records = vec![
        record("story", "Wire", "2024-03-01", &story.join("\n")),
        record("snippet", "Aggregator", "2024-03-02", &snippet),
        record("wrapped", "Gazette", "2024-03-02", &wrapped),
    ];
    let (_dir, path) = write_jsonl(&records);
    assert_eq!(
        groups_of(&path, &[]),
        vec![ids(&["snippet", "story", "wrapped"])]
    );
}

#[test]
fn a_pages_tail_sharing_stray_words_with_the_story_is_left_out() {
    // The story: five paragraphs of 30 words. A page prints its second
    // paragraph, then lines of its own (a credit, "continue reading", a
    // newsletter pitch: 38 words) and a list of other headlines that
    // happens to hold five words of the story's fourth paragraph: one
    // shingle of its twelve. That stray shingle must not stretch the
    // page's span over its own lines (containment 26 of 80 shingles, not
    // a reprint); the page holds only the story's text (26 of 26).
    let story: Vec<String> = (0..5).map(|i| words(100 + i, 30)).collect();
    let fourth: Vec<&str> = story[3].split(' ').collect();
    let page = format!(
        "Page 4\n{}\n{}\n{}\n{}\nMore in Business: {} | {}",
        story[1],
        words(700, 12),
        words(701, 14),
        words(702, 12),
        fourth[10..15].join(" "),
        words(703, 11)
    );
    // A rewrite quoting the same paragraph between prose of its own, and
    // ending on the same stray words, is still not a reprint: prose
    // always counts.
    let rewrite = format!(
        "{}\n{}\n{}\nMore in Business: {} | {}",
        words(300, 30),
        story[1],
        words(301, 30),
        fourth[10..15].join(" "),
        words(704, 11)
    );
    let records = vec![
        record("story", "Wire", "2024-03-01", &story.join("\n")),
        record("page", "Gazette", "2024-03-02", &page),
        record("rewrite", "Courier", "2024-03-02", &rewrite),
    ];
    let (_dir, path) = write_jsonl(&records);
    assert_eq!(groups_of(&path, &[]), vec![ids(&["page", "story"])]);
}

#[test]
fn a_lede_on_a_page_wrapped_to_a_column_is_a_reprint() {
    // The story: five paragraphs of 30 words. A page wrapped to a column
    // (every paragraph broken into lines of six to ten words, blank lines
    // between paragraphs, as a scanned page or a re-wrapped copy is)
    // prints the lede between a header and two footers of its own, 44
    // words against the lede's 30. Its paragraphs are told by the blank
    // lines, so the page's own ones are left out as on any page.
    let story: Vec<String> = (0..5).map(|i| words(100 + i, 30)).collect();
    let lede: Vec<&str> = story[0].split(' ').collect();
    let wrapped = format!(
        "{}\n{}\n\n{}\n{}\n{}\n\n{}\n{}\n\n{}\n{}",
        words(600, 6),
        words(601, 6),
        lede[..10].join(" "),
        lede[10..20].join(" "),
        lede[20..].join(" "),
        words(602, 8),
        words(603, 8),
        words(604, 8),
        words(605, 8)
    );
    let records = vec![
        record("story", "Wire", "2024-03-01", &story.join("\n")),
        record("wrapped", "Gazette", "2024-03-02", &wrapped),
    ];
    let (_dir, path) = write_jsonl(&records);
    assert_eq!(groups_of(&path, &[]), vec![ids(&["story", "wrapped"])]);
}

/// A scanned paper's own stock text under every page: its corrections
/// notice and subscription pitch, two paragraphs as long as a story's.
const SCANNED_FOOTER: [&str; 2] = [
    "Spotted an error in this report? The Scanned Gazette corrects its mistakes \
     promptly and in print. Write to the readers' editor at the address on page two, \
     or leave a message on the corrections line any weekday between nine and five. \
     Letters for publication should be short, signed and include a daytime number; \
     we cannot return manuscripts or photographs sent to the office.",
    "Subscribe to the Scanned Gazette and have every edition delivered to your door \
     before breakfast, with the weekend magazine, the television guide and the monthly \
     gardening supplement at no extra cost. Ask about our rates for students and \
     pensioners. The Gazette has served the valley and the coast since eighteen \
     ninety-one and is a member of the regional press council.",
];

/// `text`'s paragraphs (one a line) filled to lines of at most `width`
/// characters, a blank line between paragraphs, as a scanned column is.
fn column(text: &str, width: usize) -> String {
    text.lines()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut lines: Vec<String> = vec![String::new()];
            for w in p.split_whitespace() {
                let last = lines.last_mut().unwrap();
                if !last.is_empty() && last.len() + 1 + w.len() > width {
                    lines.push(w.to_string());
                } else {
                    if !last.is_empty() {
                        last.push(' ');
                    }
                    last.push_str(w);
                }
            }
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_scanned_papers_footer_misread_on_every_page_does_not_hide_its_copies() {
    // The fixture's 30 digital records, and a scanned paper that reprinted
    // six of their single stories on six days and, on a seventh, one middle
    // paragraph of the flood story: every page ends in the paper's own
    // two-paragraph footer, misread differently and wrapped to a different
    // column on each page, so no line of it is the same line twice. Left
    // in, the footer (about 120 words) holds the excerpt's containment
    // (48 words of story) near 0.3. It is the paper's furniture: its
    // shingles recur on its pages on seven days, and nowhere else; what
    // the scanner misread of it goes with the paragraphs it misread.
    let text = std::fs::read_to_string(fixture("news.jsonl")).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let body = |id: &str| -> String {
        let r = records.iter().find(|r| r["id"] == id).unwrap();
        r["text"].as_str().unwrap().to_string()
    };
    let page = |story: &str, k: usize| {
        let whole = format!("{story}\n{}", SCANNED_FOOTER.join("\n"));
        scanned(&column(&whole, 50 + 4 * k), 40, k)
    };
    let singles = [
        "harbour-library",
        "coastline-fishing",
        "coastline-observatory",
        "midland-bakery",
        "midland-museum",
        "ledger-marathon",
    ];
    let mut all = records.clone();
    for (k, id) in singles.iter().enumerate() {
        let date = format!("2024-12-0{}", k + 1);
        all.push(record(
            &format!("{id}-scan"),
            "The Scanned Gazette",
            &date,
            &page(&body(id), k),
        ));
    }
    let flood = body("flood-orig");
    let middle = flood
        .lines()
        .filter(|p| p.split_whitespace().count() >= 35)
        .nth(2)
        .unwrap();
    all.push(record(
        "flood-scan-excerpt",
        "The Scanned Gazette",
        "2024-12-09",
        &page(middle, 6),
    ));
    let (_dir, path) = write_jsonl(&all);
    let holds = |groups: &[Vec<String>], a: &str, b: &str| {
        groups
            .iter()
            .any(|g| g.contains(&a.to_string()) && g.contains(&b.to_string()))
    };
    let bare = groups_of(&path, &["--boilerplate-min-records", "0"]);
    assert!(
        !holds(&bare, "flood-orig", "flood-scan-excerpt"),
        "the case must be hard: {bare:?}"
    );
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shingles: characters"), "{stderr}");
    let groups = group_ids(&out.stdout);
    assert!(
        holds(&groups, "flood-orig", "flood-scan-excerpt"),
        "{groups:?}"
    );
    for id in singles {
        assert!(
            holds(&groups, id, &format!("{id}-scan")),
            "{id}: {groups:?}"
        );
    }
    // The footer is the paper's alone: its pages are no story of one
    // another's.
    let scans: Vec<&Vec<String>> = groups
        .iter()
        .filter(|g| g.iter().filter(|id| id.ends_with("-scan")).count() > 1)
        .collect();
    assert!(scans.is_empty(), "{scans:?}");
}
