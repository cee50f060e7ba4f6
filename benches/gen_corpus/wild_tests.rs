//! Unit tests of the wild profile, and a small wild corpus end to end.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Parser;

use crate::markov::Markov;
use crate::options::Args;
use crate::outlets::make_outlets;
use crate::output::write_corpus;
use crate::plan::{Extra, StoryKind};
use crate::pool::load_fixture_paragraphs;
use crate::record::Ctx;
use crate::templates::SPECIAL_OUTLETS;
use crate::text::word_count;
use crate::wild::notices::notice;
use crate::wild::outlets::wild_outlets;
use crate::wild::plan::plan;

fn wild_args(records: usize) -> Args {
    let n = records.to_string();
    Args::parse_from(["gen_corpus", "--records", &n, "--profile", "wild"])
}

#[test]
fn the_wild_plan_fills_the_record_count_with_every_mechanism() {
    for records in [1, 50, 4000] {
        let (stories, _, plans, st) = plan(&wild_args(records), &[]);
        assert_eq!(plans.len(), records);
        // Every story's own records are planned once each.
        let own = plans.iter().filter(|p| p.extra == Extra::None).count();
        let expected: usize = stories
            .iter()
            .map(|s| match s.kind {
                StoryKind::Original { copies } => 1 + copies as usize,
                StoryKind::WriteThru { versions, copies } => (versions as u16 + copies) as usize,
                _ => 1,
            })
            .sum();
        assert_eq!(own, expected);
        if records == 4000 {
            assert!(st.writethrus > 10 && st.notices > 10 && st.scrapes > 5);
            assert!(st.containers.iter().all(|&c| c > 0));
            assert!(st.ledes > 5 && st.excerpts > 5);
        }
    }
}

#[test]
fn notices_share_a_template_but_not_a_company() {
    let (a, ta) = notice(1, 10, 0);
    let (b, tb) = notice(1, 11, 0);
    assert!(a[0].contains("Qtly div") && b[0].contains("Qtly div"));
    assert_ne!(a, b);
    assert!(ta.ends_with("sets quarterly dividend") && tb.ends_with("sets quarterly dividend"));
    assert_eq!(notice(1, 10, 0), (a, ta));
}

#[test]
fn wires_keep_clean_copy() {
    let outlets = make_outlets(60);
    let wild = wild_outlets(&outlets, SPECIAL_OUTLETS.len());
    assert_eq!(wild.len(), 60);
    for w in &wild[..SPECIAL_OUTLETS.len()] {
        assert!(!w.scanned && w.joiner.is_none() && w.embeds == 0.0);
    }
    assert!(wild.iter().any(|w| w.scanned));
    assert!(wild.iter().any(|w| w.joiner.is_some()));
    assert!(wild.iter().all(|w| (3..=8).contains(&w.captions.len())));
}

fn wild_corpus(dir: &std::path::Path, records: usize) -> [String; 3] {
    let args = wild_args(records);
    let (stories, _, plans, _) = plan(&args, &[]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paras = load_fixture_paragraphs(&root.join("fixtures/news.jsonl")).unwrap();
    let outlets = make_outlets(60);
    let ctx = Ctx {
        seed: args.seed,
        profile: args.profile,
        ocr_rate: args.ocr_rate,
        pool: Vec::new(),
        markov: Markov::train(paras.iter().map(String::as_str), 0.35),
        wild: wild_outlets(&outlets, SPECIAL_OUTLETS.len()),
        outlets,
        stories,
    };
    write_corpus(&ctx, &plans, dir).unwrap();
    ["corpus.jsonl", "corpus.csv", "truth.jsonl"]
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
}

#[test]
fn a_wild_corpus_is_reproducible_and_its_truth_holds() {
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = wild_corpus(d1.path(), 2500);
    assert_eq!(a, wild_corpus(d2.path(), 2500));
    let recs: Vec<serde_json::Value> = a[0]
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let truth: Vec<serde_json::Value> = a[2]
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2500);
    let by_id: HashMap<&str, &serde_json::Value> = recs
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    assert_eq!(by_id.len(), 2500, "ids are unique");
    let (mut fetches, mut containers, mut excerpts) = (0, 0, 0);
    for (r, t) in recs.iter().zip(&truth) {
        let id = r["id"].as_str().unwrap();
        assert_eq!(t["id"], r["id"]);
        if let Some((page, _)) = id.rsplit_once("-f") {
            // A repeated scrape is the same page, byte for byte.
            let first = by_id[page];
            for f in ["source", "date", "title", "url", "text"] {
                assert_eq!(r[f], first[f], "{id} {f}");
            }
            assert_eq!(t["kind"], "reprint");
            fetches += 1;
        }
        if id.contains("-x") {
            assert_eq!(t["kind"], "partial");
            excerpts += 1;
        }
        if t["kind"] == "derivative" && t["story"] != t["event"] {
            containers += t["event"].as_str().unwrap().starts_with('e') as usize;
        }
    }
    assert!(fetches > 10 && excerpts > 10 && containers > 10);
    // Some pages lost their line breaks, some were scanned.
    assert!(
        recs.iter()
            .any(|r| r["text"].as_str().unwrap().contains(" ### "))
    );
    let long_lines = recs
        .iter()
        .filter(|r| {
            !r["text"].as_str().unwrap().contains('\n')
                && word_count(r["text"].as_str().unwrap()) > 100
        })
        .count();
    assert!(long_lines > 10);
}

#[test]
fn same_day_timestamps_in_three_styles() {
    use crate::wild::dress::timestamp;
    // 2024-03-05 was a Tuesday.
    let day = 19_787;
    let at = 14 * 3600 + 20 * 60;
    assert_eq!(timestamp(day, at, 0), "2024-03-05T14:20:00Z");
    assert_eq!(timestamp(day, at, 1), "Tue, 05 Mar 2024 14:20:00 +0000");
    assert_eq!(timestamp(day, at, 2), "2024-03-05 14:20");
}
