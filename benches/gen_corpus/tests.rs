//! Unit tests of the generator's parts, and one small corpus end to end.
//!
//! Run with `cargo test --example gen_corpus`. The byte-identity of real
//! corpora across changes is checked by comparing sha256 sums of generated
//! files (see benches/README.md); these tests pin the units' contracts.

use std::path::PathBuf;

use clap::Parser;

use crate::base::headline;
use crate::edits::{drop_or_reorder, middle_run, truncation};
use crate::event::{entities, pick_sentence};
use crate::markov::Markov;
use crate::noise::{curl, ocr_noise, straighten, wrap};
use crate::options::Args;
use crate::outlets::make_outlets;
use crate::output::write_corpus;
use crate::plan::{StoryKind, TextSrc, copy_count_weights, plan_stories};
use crate::pool::{Body, load_fixture_paragraphs, wire_paragraphs};
use crate::record::Ctx;
use crate::rng::Rng;
use crate::text::{civil, fill, iso_day, shingle_set, slug, title_case, word_count, word_hashes};

fn paras(n: usize, words: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            (0..words)
                .map(|w| format!("w{i}x{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn fixture_markov() -> Markov {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let p = load_fixture_paragraphs(&root.join("fixtures/news.jsonl")).unwrap();
    Markov::train(p.iter().map(String::as_str), 0.35)
}

#[test]
fn rng_streams_are_seeded_and_bounded() {
    let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
    assert!(
        a.windows(2).all(|w| w[0] == w[1]),
        "same seed, same first draw"
    );
    let mut r = Rng::of(&[1, 2]);
    let mut s = Rng::of(&[1, 3]);
    assert_ne!(r.next_u64(), s.next_u64());
    for _ in 0..1000 {
        assert!(r.below(7) < 7);
        let x = r.range(3, 5);
        assert!((3..=5).contains(&x));
        let u = r.unit();
        assert!((0.0..1.0).contains(&u));
    }
    assert_eq!(r.range(4, 4), 4);
    assert_eq!(r.range(5, 2), 5);
    // A zero weight is never drawn.
    let cum = [1.0, 1.0, 3.0];
    assert!((0..1000).all(|_| r.cumulative(&cum) != 1));
    let mut xs: Vec<u32> = (0..50).collect();
    r.shuffle(&mut xs);
    xs.sort();
    assert_eq!(xs, (0..50).collect::<Vec<_>>());
}

#[test]
fn text_helpers() {
    assert_eq!(
        fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
        "x and y, x"
    );
    assert_eq!(fill("{missing}", &[("a", "x")]), "{missing}");
    // Words of up to three capitals (EC, UK, U.S) stay as they are.
    assert_eq!(title_case("PROFIT AT THE EC BANK"), "Profit at the EC Bank");
    assert_eq!(slug("Profit up, 10 pct!"), "profit-up-10-pct");
    assert_eq!(slug("--"), "story");
    assert_eq!(word_count("  a b\n c "), 3);
    assert_eq!(iso_day(19_358), "2023-01-01");
    assert_eq!(civil(19_358 + 59), (2023, 3, 1));
    assert_eq!(iso_day(19_358 + 365 + 59), "2024-02-29");
    let mut w = Vec::new();
    word_hashes("The cat, the CAT sat on the mat", &mut w);
    assert_eq!(w.len(), 8);
    assert_eq!(w[0], w[2]); // lower-cased
    let s = shingle_set(&w);
    assert!(s.windows(2).all(|p| p[0] < p[1]));
    assert_eq!(s.len(), 4);
    assert_eq!(shingle_set(&w[..2]).len(), 1);
}

#[test]
fn typography_and_wrapping() {
    let t = "He said \"no -- never\" and 'left'.";
    let c = curl(t);
    assert_eq!(c, "He said “no — never” and ‘left’.");
    assert_eq!(straighten(&c), "He said \"no -- never\" and 'left'.");
    let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
    let mut rng = Rng::new(1);
    let w = wrap(text, 20, 0.0, &mut rng);
    assert!(w.lines().all(|l| l.chars().count() <= 20));
    assert_eq!(w.split_whitespace().collect::<Vec<_>>().join(" "), text);
    // Hyphenated line ends join back to the words.
    let w = wrap("the extraordinarily", 14, 1.0, &mut rng);
    assert!(w.contains("-\n"));
    assert_eq!(w.replace("-\n", ""), "the extraordinarily");
    assert_eq!(ocr_noise(text, 0.0, &mut rng), text);
    assert_ne!(ocr_noise(text, 0.4, &mut rng), text);
}

#[test]
fn wire_paragraphs_fold_lines_and_drop_the_signature() {
    let body = "First line\nstill first.\n    Second paragraph here.\n\nThird one.\n Reuter\n&#3;";
    assert_eq!(
        wire_paragraphs(body),
        [
            "First line still first.",
            "Second paragraph here.",
            "Third one."
        ]
    );
}

#[test]
fn markov_makes_paragraphs_of_its_vocabulary() {
    let m = Markov::train(
        [
            "the cat sat on the mat today",
            "the dog sat on the rug today",
        ]
        .into_iter(),
        0.2,
    );
    let mut rng = Rng::new(3);
    let p = m.paragraphs(60, &mut rng);
    assert!(!p.is_empty());
    let vocab = "the cat sat on mat today dog rug";
    for w in p.iter().flat_map(|p| p.split_whitespace()) {
        assert!(vocab.split(' ').any(|v| v == w), "{w}");
    }
    let empty = Markov::train(std::iter::empty(), 0.1);
    assert!(empty.paragraphs(50, &mut rng).is_empty());
}

#[test]
fn plan_fills_the_record_count_exactly() {
    let weights = copy_count_weights(1.6);
    assert_eq!(weights.len(), 41);
    assert!(weights.windows(2).all(|w| w[0] < w[1]));
    for records in [1, 7, 500, 3001] {
        let args = Args::parse_from(["gen_corpus", "--records", &records.to_string()]);
        let (stories, stats) = plan_stories(&args, &[]);
        let total: usize = stories
            .iter()
            .map(|s| match s.kind {
                StoryKind::Original { copies } => 1 + copies as usize,
                _ => 1,
            })
            .sum();
        assert_eq!(total, records);
        assert_eq!(stats.pool_texts, 0);
        assert_eq!(stats.markov_texts, stories.len());
        for s in &stories {
            match s.kind {
                StoryKind::Derivative { src } => {
                    assert!(matches!(
                        stories[src as usize].kind,
                        StoryKind::Original { .. }
                    ))
                }
                StoryKind::Independent { src, partner, .. } => {
                    assert!(matches!(
                        stories[src as usize].kind,
                        StoryKind::Original { .. }
                    ));
                    assert!(matches!(
                        stories[partner as usize].kind,
                        StoryKind::Independent { .. }
                    ));
                }
                StoryKind::Original { .. } => {}
                StoryKind::WriteThru { .. } | StoryKind::Container { .. } => {
                    panic!("only the wild profile plans these")
                }
            }
        }
    }
}

#[test]
fn plan_gives_pool_text_to_originals_first() {
    let pool: Vec<Body> = (0..3)
        .map(|i| Body {
            title: format!("Title {i}"),
            paras: paras(1, 450),
            words: 450,
        })
        .collect();
    let args = Args::parse_from(["gen_corpus", "--records", "40"]);
    let (stories, stats) = plan_stories(&args, &pool);
    assert!(stats.pool_texts >= 1 && stats.pool_texts <= 3);
    for s in &stories {
        if let TextSrc::Pool(a, b) = s.text {
            assert!(a < b && b <= 3);
            assert!(matches!(s.kind, StoryKind::Original { .. }));
        }
    }
}

#[test]
fn excerpts_stay_inside_the_story() {
    let mut rng = Rng::new(5);
    let p = paras(10, 40);
    for _ in 0..200 {
        if let Some((a, e)) = middle_run(&p, &mut rng) {
            // Neither the first nor the last paragraph.
            assert!(a >= 1 && a < e && e < p.len());
            let w: usize = p[a..e].iter().map(|x| word_count(x)).sum();
            assert!((80..=200).contains(&w));
        }
        if let Some(k) = truncation(&p, &mut rng) {
            assert!(k >= 1 && k < p.len());
        }
        let mut q = p.clone();
        if drop_or_reorder(&mut q, &mut rng) {
            assert_eq!(q[0], p[0], "the lede stays first");
            assert!(q.len() >= p.len() - 2);
        }
    }
    assert_eq!(middle_run(&p[..2], &mut rng), None);
    assert_eq!(truncation(&p[..1], &mut rng), None);
}

#[test]
fn names_and_sentences_of_an_event() {
    let p = vec![
        "Shares of Harrow Mills rose after Greta Lockhart spoke. Then Harrow Mills fell.".into(),
        "Analysts at Harrow Mills and Greta Lockhart agreed with it, people said on Monday in a long and careful statement made to the press today.".into(),
    ];
    let e = entities(&p);
    assert_eq!(e[0], "Harrow Mills");
    assert!(e.contains(&"Greta Lockhart".to_string()));
    assert!(!e.iter().any(|n| n == "Monday"));
    let mut rng = Rng::new(2);
    let (pi, s) = pick_sentence(&p, &mut rng).unwrap();
    assert_eq!(pi, 1);
    assert!((15..=30).contains(&word_count(&s)));
    let mut rng = Rng::new(9);
    let h = headline(&p, &mut rng).unwrap();
    assert!((3..=8).contains(&word_count(&h)));
}

#[test]
fn outlets_are_fixed_and_distinct() {
    let a = make_outlets(60);
    let b = make_outlets(60);
    assert_eq!(a.len(), 60);
    let mut names: Vec<&str> = a.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names[0], "Meridian Press Agency");
    assert!(a.iter().zip(&b).all(|(x, y)| x.domain == y.domain));
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 60);
    assert!(a.iter().all(|o| (3..=8).contains(&o.staff.len())));
}

fn small_corpus(dir: &std::path::Path, records: usize) -> Vec<String> {
    let args = Args::parse_from(["gen_corpus", "--records", &records.to_string()]);
    let (stories, _) = plan_stories(&args, &[]);
    let plans = crate::record_plans(&stories, &args);
    let ctx = Ctx {
        seed: args.seed,
        profile: args.profile,
        ocr_rate: args.ocr_rate,
        pool: Vec::new(),
        markov: fixture_markov(),
        outlets: make_outlets(60),
        stories,
        wild: Vec::new(),
    };
    let w = write_corpus(&ctx, &plans, dir).unwrap();
    assert_eq!(w.tally.by_kind.iter().sum::<usize>(), records);
    ["corpus.jsonl", "corpus.csv", "truth.jsonl"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect()
}

#[test]
fn a_small_corpus_is_reproducible_and_labelled() {
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = small_corpus(d1.path(), 300);
    let b = small_corpus(d2.path(), 300);
    assert_eq!(a, b);
    assert_eq!(a[0].lines().count(), 300);
    assert!(a[1].starts_with("id,source,date,title,url,text\n"));
    let mut ids = Vec::new();
    for (line, truth) in a[0].lines().zip(a[2].lines()) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let t: serde_json::Value = serde_json::from_str(truth).unwrap();
        assert_eq!(r["id"], t["id"]);
        let kind = t["kind"].as_str().unwrap();
        assert!(crate::output::KINDS.contains(&kind));
        // A copy's story is its original's; an original is its own event.
        if kind == "original" {
            assert_eq!(
                t["story"].as_str().unwrap()[1..],
                t["event"].as_str().unwrap()[1..]
            );
        }
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 300);
}
