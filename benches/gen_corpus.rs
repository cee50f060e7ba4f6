//! Synthetic syndication corpus generator for benchmarks.
//!
//! Writes `corpus.jsonl`, `corpus.csv` (columns `id,source,date,title,url,text`)
//! and `truth.jsonl` (`{"id","story","kind","event"}` per record) into
//! `--out-dir`. The same options and `--seed` give byte-identical files.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --records 20000 --seed 1 --out-dir target/corpus
//! cargo run --release --example gen_corpus -- --records 1000000 --words 600 --profile ocr
//! ```
//!
//! Original stories are built at run time from the Reuters-21578 JSON Lines
//! file in `../shared/corpora/` (never copied into the repository): bodies
//! that repeat an earlier one (identical after whitespace folding, or sharing
//! more than 30% of their word 5-gram shingles with a kept one) are dropped,
//! and consecutive kept bodies are joined until each original reaches its
//! target length. When that pool is used up, or the file is missing, text
//! comes from an order-2 word Markov chain (trained on the pool, or on
//! `fixtures/news.jsonl` when the Reuters file is missing). Every outlet's
//! boilerplate comes from the templates in this file.
//!
//! Record kinds (truth `kind`): `original`; its copies, `reprint` (full,
//! dropped or reordered paragraphs, new headline only) or `partial`
//! (truncated, or a middle page); `derivative` (its own text quoting one or
//! two paragraphs of a source, at most 25% of its body) and `independent`
//! (pairs of stories on the same event sharing entity names and one quoted
//! sentence). `story` is shared by an original and its copies; `event` by a
//! source story, its derivatives and its same-event independents.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

// ---------------------------------------------------------------------------
// Options

/// Generate a synthetic syndication corpus with ground truth.
#[derive(Debug, Parser)]
#[command(name = "gen_corpus")]
struct Args {
    /// Records to write.
    #[arg(long, default_value_t = 20_000)]
    records: usize,
    /// Seed: the same seed and options give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created if missing) [default: <crate>/target/corpus].
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Noise profile.
    #[arg(long, value_enum, default_value_t = Profile::Clean)]
    profile: Profile,
    /// OCR profile: share of characters misread.
    #[arg(long, default_value_t = 0.015)]
    ocr_rate: f64,
    /// Reuters-21578 JSON Lines [default: <crate>/../shared/corpora/reuters21578.jsonl].
    #[arg(long, value_name = "PATH")]
    originals: Option<PathBuf>,
    /// Target mean words per original (each drawn from 0.5x to 1.5x).
    #[arg(long, default_value_t = 450)]
    words: usize,
    /// Exponent of the reprint-count power law P(c) ~ (c+1)^-a, c in 0..=40.
    #[arg(long, default_value_t = 1.6)]
    zipf: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Profile {
    /// Clean digital text.
    Clean,
    /// OCR noise on every record: misread characters, split and joined
    /// words, hyphenated line ends.
    Ocr,
}

const MAX_COPIES: usize = 40;
const DERIVATIVE_SHARE: f64 = 0.03;
const INDEPENDENT_SHARE: f64 = 0.05;
const NEAR_DUP_SHARE: f64 = 0.30;
/// 2023-01-01 in days since 1970-01-01.
const FIRST_DAY: i64 = 19_358;
const SPAN_DAYS: usize = 730;

// ---------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through splitmix64.

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A fast hasher for the generator's own maps (keys are already hashes or
/// short strings; no untrusted input).
#[derive(Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix64(self.0 ^ xxh3_64(bytes));
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = mix64(self.0 ^ x);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

#[derive(Clone)]
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix64(x)
        };
        Rng([next(), next(), next(), next()])
    }

    /// A stream of its own for each tuple of numbers.
    fn of(parts: &[u64]) -> Rng {
        let mut h = 0x243f_6a88_85a3_08d3u64;
        for &p in parts {
            h = mix64(h ^ mix64(p.wrapping_add(0x9e37_79b9_7f4a_7c15)));
        }
        Rng::new(h)
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn pick_s(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// Index drawn with the given (cumulative) weights.
    fn cumulative(&mut self, cum: &[f64]) -> usize {
        let x = self.unit() * cum[cum.len() - 1];
        cum.partition_point(|&c| c <= x).min(cum.len() - 1)
    }
}

// Stream tags for `Rng::of`.
const TAG_PLAN: u64 = 1;
const TAG_STORY: u64 = 2;
const TAG_RECORD: u64 = 3;
const TAG_OUTLETS: u64 = 4;
const TAG_MARKOV: u64 = 5;
const TAG_SHUFFLE: u64 = 6;
const TAG_QUOTE: u64 = 7;
const TAG_ENTITY: u64 = 8;
const TAG_NUMBER: u64 = 9;

// ---------------------------------------------------------------------------
// Word lists and templates (all written for this generator).

const PLACES: &[&str] = &[
    "Ashcombe",
    "Brackwater",
    "Calderwick",
    "Dunmarrow",
    "Elmsworth",
    "Fallowmere",
    "Glenrith",
    "Harrowfield",
    "Inchcarrow",
    "Kestrelby",
    "Lowmarsh",
    "Marrowgate",
    "Northwold",
    "Ormsby",
    "Pellhaven",
    "Quarrington",
    "Redfernley",
    "Saltmere",
    "Thornwick",
    "Upperdale",
    "Varleigh",
    "Westerhaven",
    "Yarrowby",
    "Zennick",
    "Copperbay",
    "Highmoor",
    "Linfold",
    "Rookhampton",
];
const PAPERS: &[&str] = &[
    "Courier",
    "Gazette",
    "Ledger",
    "Herald",
    "Post",
    "Chronicle",
    "Times",
    "Observer",
    "Dispatch",
    "Sentinel",
    "Tribune",
    "Record",
    "Examiner",
    "Bulletin",
    "Mercury",
    "Star",
    "Echo",
    "Express",
    "Journal",
    "Review",
    "Advertiser",
    "Standard",
    "Argus",
    "Beacon",
    "Clarion",
    "Register",
    "Telegraph",
];
const SPECIAL_OUTLETS: &[&str] = &[
    "Meridian Press Agency",
    "Northline Wire",
    "Atlas News Service",
    "Daily Brief Network",
    "Newsfold",
    "The Morning Digest",
    "Capital Markets Daily",
    "Tradewinds Business Report",
];
const FIRST_NAMES: &[&str] = &[
    "Amara", "Bram", "Cleo", "Dorian", "Elsie", "Farid", "Greta", "Hollis", "Ines", "Jonah",
    "Kaia", "Lorcan", "Maren", "Nikhil", "Odette", "Piers", "Quinn", "Rosalind", "Soren", "Tamsin",
    "Ulric", "Vesna", "Wendell", "Ximena", "Yusuf", "Zelda", "Anselm", "Beatrix", "Cosmo",
    "Delphine",
];
const SURNAMES: &[&str] = &[
    "Ashdown",
    "Blackwood",
    "Carrow",
    "Dunleavy",
    "Everard",
    "Fairweather",
    "Gallimore",
    "Hartigan",
    "Ingleby",
    "Jessop",
    "Kilbride",
    "Lockhart",
    "Mabry",
    "Nettleton",
    "Oakhurst",
    "Pennock",
    "Quayle",
    "Rushworth",
    "Strand",
    "Tolliver",
    "Underhill",
    "Vickery",
    "Wainwright",
    "Yelland",
    "Zabini",
    "Merriman",
    "Holloway",
    "Castellan",
    "Brightwater",
    "Ormerod",
];
const SECTIONS: &[&str] = &[
    "news",
    "business",
    "world",
    "markets",
    "economy",
    "politics",
    "money",
    "local",
    "national",
    "companies",
];
const ROLES: &[&str] = &[
    "Staff reporter",
    "Business correspondent",
    "Markets editor",
    "Economics writer",
    "Senior reporter",
    "News desk",
    "Political correspondent",
    "Trade reporter",
];
const SHARE_WIDGETS: &[&str] = &[
    "Share on Facebook Twitter WhatsApp",
    "Share this article: Facebook | X | WhatsApp | Email | Copy link",
    "SHARE  Facebook  Twitter  LinkedIn  Email",
    "Share: Facebook · WhatsApp · Telegram · Reddit",
    "Tweet  Share  Pin  Email  Print",
];
const ORIG_LINES: &[&str] = &[
    "Originally published in {orig}.",
    "This article was originally published by {orig} and is republished with permission.",
    "First published in {orig} on {date}.",
    "Source: {orig}",
    "This story first appeared in {orig}. Republished under a content-sharing agreement.",
];
const AGENCY_LINES: &[&str] = &[
    "With inputs from agencies.",
    "(With inputs from agencies)",
    "Additional reporting by {author2}; editing by {author3}.",
    "Reporting by {author2}; writing by {author}; editing by {author3}.",
    "Compiled by {outlet} staff with wire reports.",
];
const COPYRIGHT_LINES: &[&str] = &[
    "© {year} {outlet}. All rights reserved.",
    "Copyright © {year} {outlet} Media Ltd. This material may not be published, broadcast, rewritten or redistributed.",
    "(c) {year} {outlet}",
    "All content © {outlet} {year}, unless otherwise stated.",
];
const COMMENT_LINES: &[&str] = &[
    "Comments ({n})",
    "Join the conversation: {n} comments",
    "Comments are closed for this article.",
    "Have your say — leave a comment below.",
    "{n} readers have commented on this story. Log in to join them.",
];
const READMORE_LINES: &[&str] = &[
    "Read more: {url}",
    "Read more at {domain}",
    "Read more stories like this at https://{domain}/{section}",
    "Continue reading at {url}",
];
const NEWSLETTER_NAMES: &[&str] = &[
    "Morning Briefing",
    "Evening Edition",
    "Daily Digest",
    "Business Brief",
    "Weekend Read",
    "First Thing",
    "Markets Close",
    "Week in Review",
];
const NEWSLETTER_WHEN: &[&str] = &[
    "every weekday at 7am",
    "each evening",
    "every Sunday morning",
    "before the markets open",
    "at lunchtime, Monday to Friday",
];
const NEWSLETTER_PITCH: &[&str] = &[
    "Sign up for the {news}, our free newsletter delivered {when}.",
    "Get the {news} from {outlet} in your inbox {when}. It's free, and you can unsubscribe at any time.",
    "Never miss a story: the {news} lands {when}. Sign up now.",
    "Like this story? Subscribe to the {news}, sent {when}, for more.",
];
const BLURB_SENTENCES: &[&str] = &[
    "{outlet} is an independent newsroom serving {place} and the surrounding district since {since}.",
    "Our reporters cover local government, courts, schools, business and sport, and we rely on readers to keep that work going.",
    "If you value what we do, please consider a subscription or a one-off contribution; it takes less than a minute and every penny goes back into reporting.",
    "We welcome comments that stay on topic and treat other readers with respect.",
    "Comments are moderated and may take up to {hours} hours to appear.",
    "Spotted a mistake? Write to our readers' editor at corrections@{domain} and we will look into it promptly.",
    "Our editorial standards, corrections policy and complaints procedure are published on our website.",
    "{outlet} is a member of the Independent Press Standards Council and abides by its code of practice.",
    "Advertising and sponsorship enquiries should be sent to our commercial team at ads@{domain}.",
    "Photographs on this page may be available to buy from our picture desk.",
    "Got a story? Call the newsdesk on 0{phone} or message us in confidence through our secure tip line.",
    "Delivered to your door every morning: ask about our print and digital bundle for new subscribers.",
    "Follow us on social media for breaking news alerts, weather warnings and travel updates from across the region.",
    "Notifications can be switched off at any time in your account settings.",
    "This website uses cookies to personalise content and to analyse our traffic; see our privacy notice for details.",
    "Readers who need help with their subscription can reach customer services seven days a week.",
    "Our archive of more than {since2} years of reporting is free to search for registered readers.",
];
const MORE_FROM: &[&str] = &[
    "More from {outlet}: {s1} | {s2} | {s3}",
    "Explore more: {s1} · {s2} · {s3} · Opinion",
    "Most read in {s1}",
];
const CONTINUED_FROM: &[&str] = &[
    "...continued from page {p}",
    "(Continued from page A{p})",
    "CONTINUED FROM PAGE {p}",
    "From Page {p}",
];
const CONTINUED_ON: &[&str] = &[
    "Continued on page {q}...",
    "See {word}, page {q}",
    "— continued on next page —",
    "Page {p} of {q}",
];
const TRUNC_TAILS: &[&str] = &[
    "Read the full story at {origdomain}",
    "This is an excerpt. The full article is available to subscribers.",
    "(Story continues)",
    "To read the rest of this article, visit {origdomain}.",
];
const LEAD_INS: &[&str] = &[
    "As {src} reported earlier:",
    "{src} quoted the following passage in its coverage:",
    "From the original report in {src}:",
    "In its account of the events, {src} wrote:",
];
const INDEPENDENT_LEADS: &[&str] = &[
    "{e1} was at the centre of attention again this week as developments involving {e2} continued to unfold.",
    "Questions about {e1} and {e2} dominated the discussion on {weekday}, people familiar with the matter said.",
    "Observers following {e1} said the situation around {e2} remained fluid heading into the weekend.",
    "The latest turn involving {e1} drew a quick response from {e2} on {weekday}.",
    "Attention turned to {e1} on {weekday} after a series of announcements connected to {e2}.",
    "Analysts tracking {e2} said the news about {e1} had been widely expected.",
];
const QUOTE_FRAMES: &[&str] = &[
    "{speaker}, a spokesperson for {org}, said: “{quote}”",
    "“{quote}” {speaker} told reporters.",
    "In a statement, {org} said: “{quote}”",
    "“{quote}” said {speaker}, speaking on behalf of {org}.",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "from", "this", "its", "was", "were", "are", "has",
    "have", "had", "but", "not", "said", "will", "would", "which", "their", "they", "been", "also",
    "than", "into", "about", "after", "over", "under", "per", "one", "two", "may",
];
const NOT_ENTITIES: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "In",
    "On",
    "At",
    "For",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "Its",
    "His",
    "Her",
    "Their",
    "There",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "If",
    "As",
    "By",
    "With",
    "When",
    "Reuter",
    "Reuters",
];
/// Copy-desk substitutions (both directions are used).
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "says"),
    ("mln", "million"),
    ("dlrs", "dollars"),
    ("pct", "percent"),
    ("bln", "billion"),
    ("company", "firm"),
    ("shares", "stock"),
    ("rose", "climbed"),
    ("fell", "dropped"),
    ("recalled", "withdrawn"),
    ("announced", "unveiled"),
    ("purchase", "acquisition"),
    ("talks", "negotiations"),
    ("expected", "forecast"),
    ("increase", "rise"),
    ("decline", "fall"),
    ("government", "administration"),
    ("officials", "authorities"),
];

// ---------------------------------------------------------------------------
// Small text helpers.

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        let key = format!("{{{k}}}");
        if out.contains(&key) {
            out = out.replace(&key, v);
        }
    }
    out
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to",
    ];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else if w.len() <= 3 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
                w.to_string() // U.S., EC, UK
            } else {
                capitalize(&lower)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for w in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
    }
    if out.is_empty() {
        out.push_str("story");
    }
    out
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick_s(FIRST_NAMES), rng.pick_s(SURNAMES))
}

/// Lower-case `\w+` word hashes.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    for t in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if !t.is_empty() {
            out.push(xxh3_64(t.to_lowercase().as_bytes()));
        }
    }
}

/// Sorted, deduplicated hashed word 5-gram shingles.
fn shingle_set(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < 5 {
        vec![words.iter().fold(7u64, |h, &w| mix64(h ^ w))]
    } else {
        words
            .windows(5)
            .map(|w| w.iter().fold(7u64, |h, &x| mix64(h ^ x)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Days since 1970-01-01 to (year, month, day).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn iso_day(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// Typography, re-wrapping and OCR noise.

fn curl(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev = ' ';
    for c in text.chars() {
        let opening = prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '-');
        match c {
            '"' => out.push(if opening { '“' } else { '”' }),
            '\'' => out.push(if opening { '‘' } else { '’' }),
            _ => out.push(c),
        }
        prev = c;
    }
    out.replace(" -- ", " — ").replace("--", "—")
}

fn straighten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '—' => out.push_str("--"),
            _ => out.push(c),
        }
    }
    out
}

/// Flip the typography of a copy: quotes and dashes, and `&` entities.
fn retypeset(text: &str, rng: &mut Rng) -> String {
    let curly = text.contains(['“', '”', '’', '—']);
    let mut out = if curly { straighten(text) } else { curl(text) };
    if rng.chance(0.5) || !out.contains('&') {
        if out.contains("&amp;") {
            out = out.replace("&amp;", "&");
        } else if out.contains('&') {
            out = out.replace('&', "&amp;");
        }
    }
    out
}

/// Re-wrap every line at about `width` characters, splitting long words
/// with a hyphen at the line end when `hyphenate` allows.
fn wrap(text: &str, width: usize, hyphenate: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let mut len = 0usize;
        for word in line.split_whitespace() {
            let wlen = word.chars().count();
            if len == 0 {
                out.push_str(word);
                len = wlen;
                continue;
            }
            if len + 1 + wlen <= width {
                out.push(' ');
                out.push_str(word);
                len += 1 + wlen;
                continue;
            }
            let room = width.saturating_sub(len + 2); // a space and the hyphen
            let letters = word.chars().all(|c| c.is_alphabetic());
            if letters && wlen >= 7 && room >= 2 && rng.chance(hyphenate) {
                let cut = room.min(wlen - 3);
                let at = word.char_indices().nth(cut).map_or(word.len(), |(i, _)| i);
                out.push(' ');
                out.push_str(&word[..at]);
                out.push_str("-\n");
                out.push_str(&word[at..]);
                len = wlen - cut;
            } else {
                out.push('\n');
                out.push_str(word);
                len = wlen;
            }
        }
    }
    out
}

fn misread(c: char, rng: &mut Rng) -> Option<&'static str> {
    Some(match c {
        'e' => "c",
        'c' => "e",
        'l' => rng.pick_s(&["1", "I", "i"]),
        'i' => rng.pick_s(&["l", "1", "í"]),
        'I' => "l",
        '1' => "l",
        'o' => rng.pick_s(&["0", "a"]),
        'O' => "0",
        '0' => "O",
        'a' => "o",
        'n' => rng.pick_s(&["u", "ri"]),
        'u' => "n",
        'm' => "rn",
        'h' => "b",
        'b' => "h",
        't' => "f",
        'f' => "t",
        'S' => "5",
        '5' => "S",
        'B' => "8",
        '8' => "B",
        'g' => "q",
        'v' => "y",
        'y' => "v",
        'E' => "F",
        'r' => "n",
        'd' => "cl",
        'w' => "vv",
        ',' => ".",
        '.' => ",",
        _ => return None,
    })
}

/// Character noise: misread, dropped and doubled characters, words split
/// by a stray space and joined by a lost one.
fn ocr_noise(text: &str, rate: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if !rng.chance(rate * 0.5) {
                out.push(' ');
            }
        } else if c.is_whitespace() || !rng.chance(rate) {
            out.push(c);
        } else {
            match rng.below(10) {
                0..=5 => {
                    if c == 'r' && chars.peek() == Some(&'n') {
                        chars.next();
                        out.push('m');
                    } else if let Some(s) = misread(c, rng) {
                        out.push_str(s);
                    } else if c.is_ascii_lowercase() {
                        out.push((b'a' + rng.below(26) as u8) as char);
                    } else {
                        out.push(c);
                    }
                }
                6 | 7 => {} // dropped
                8 => {
                    out.push(c);
                    out.push(c);
                }
                _ => {
                    if prev.is_alphabetic() && c.is_alphabetic() {
                        out.push(' ');
                    }
                    out.push(c);
                }
            }
        }
        prev = c;
    }
    out
}

// ---------------------------------------------------------------------------
// Original text: the Reuters pool and the Markov chain.

struct Body {
    title: String,
    paras: Vec<String>,
    words: usize,
}

#[derive(Default)]
struct PoolStats {
    lines: usize,
    with_text: usize,
    identical: usize,
    near_duplicate: usize,
    too_short: usize,
    kept: usize,
    words: usize,
}

#[derive(Deserialize)]
struct ReutersLine {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Paragraphs of a wire body: a blank line or an indented line starts one;
/// hard line breaks inside a paragraph are folded; the trailing "Reuter"
/// signature is dropped.
fn wire_paragraphs(text: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let indented = line.starts_with([' ', '\t']);
        let t = line.trim();
        if (t.is_empty() || indented) && !cur.is_empty() {
            paras.push(std::mem::take(&mut cur));
        }
        for w in t.split_whitespace() {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    // Signature at the very end: "Reuter", "REUTER", "REUTER...", "&#3;".
    while let Some(last) = paras.last_mut() {
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
        let word_start = last.rfind(' ').map_or(0, |i| i + 1);
        let word = &last[word_start..];
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.eq_ignore_ascii_case("reuter") || word == "&#3;" {
            last.truncate(word_start);
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
            if last.is_empty() {
                paras.pop();
            }
        } else {
            break;
        }
    }
    paras
}

fn load_reuters(path: &Path) -> Result<(Vec<Body>, PoolStats)> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut stats = PoolStats::default();
    let mut seen_bodies: FastMap<u64, ()> = FastMap::default();
    let mut first_doc: FastMap<u64, u32> = FastMap::default();
    let mut bodies = Vec::new();
    let mut words = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        stats.lines += 1;
        let rec: ReutersLine = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: bad JSON", path.display(), n + 1))?;
        let Some(text) = rec.text.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        stats.with_text += 1;
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if seen_bodies.insert(xxh3_64(folded.as_bytes()), ()).is_some() {
            stats.identical += 1;
            continue;
        }
        let paras = wire_paragraphs(&text);
        let nwords: usize = paras.iter().map(|p| word_count(p)).sum();
        if nwords < 20 {
            stats.too_short += 1;
            continue;
        }
        words.clear();
        for p in &paras {
            word_hashes(p, &mut words);
        }
        let shingles = shingle_set(&words);
        let hits = shingles
            .iter()
            .filter(|s| first_doc.contains_key(s))
            .count();
        if hits as f64 > NEAR_DUP_SHARE * shingles.len() as f64 {
            stats.near_duplicate += 1;
            continue;
        }
        let id = bodies.len() as u32;
        for s in shingles {
            first_doc.entry(s).or_insert(id);
        }
        stats.words += nwords;
        bodies.push(Body {
            title: title_case(rec.title.as_deref().unwrap_or("").trim()),
            paras,
            words: nwords,
        });
    }
    stats.kept = bodies.len();
    Ok((bodies, stats))
}

/// Paragraphs of our own fixture records (the fallback training text).
fn load_fixture_paragraphs(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut paras = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: ReutersLine = serde_json::from_str(line)?;
        for p in rec.text.unwrap_or_default().split("\n\n") {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if !p.is_empty() {
                paras.push(p);
            }
        }
    }
    Ok(paras)
}

/// Order-2 word Markov chain over paragraphs, with a chance per word of
/// backing off to order 1 (more novel text from a small training set).
///
/// Every transition stores the range of the transitions out of the context
/// it leads to, so generating a word is one array access (no hashing).
struct Markov {
    /// Vocabulary, concatenated; word `i` is `text[offsets[i]..offsets[i + 1]]`.
    text: String,
    offsets: Vec<u32>,
    /// Order-2 transitions grouped by context.
    edges: Vec<Edge>,
    /// Transitions out of (start, start).
    start: (u32, u32),
    /// Order-1 transitions grouped by the previous word, and their ranges.
    uni: Vec<Edge>,
    uni_range: Vec<(u32, u32)>,
    backoff: f64,
}

#[derive(Clone, Copy)]
struct Edge {
    word: u32,
    /// Transitions out of the context (previous word, `word`).
    next: u32,
    len: u32,
}

const END: u32 = 0;
const START: u32 = 1;

fn pair(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

impl Markov {
    fn train<'a>(paras: impl Iterator<Item = &'a str>, backoff: f64) -> Markov {
        let mut vocab: Vec<&str> = vec!["", ""];
        let mut ids: FastMap<&str, u32> = FastMap::default();
        let mut tri: Vec<(u64, u32)> = Vec::new();
        let mut bi: Vec<u64> = Vec::new();
        for p in paras {
            let (mut a, mut b) = (START, START);
            let words = p.split_whitespace().map(|w| {
                *ids.entry(w).or_insert_with(|| {
                    vocab.push(w);
                    vocab.len() as u32 - 1
                })
            });
            for w in words.chain(std::iter::once(END)) {
                tri.push((pair(a, b), w));
                if b != START {
                    bi.push(pair(b, w));
                }
                a = b;
                b = w;
            }
        }
        tri.sort_unstable();
        bi.sort_unstable();
        let mut ranges: FastMap<u64, (u32, u32)> = FastMap::default();
        for (i, &(k, _)) in tri.iter().enumerate() {
            ranges.entry(k).or_insert((i as u32, 0)).1 += 1;
        }
        let edge = |b: u32, w: u32| {
            let (next, len) = if w == END {
                (0, 0)
            } else {
                ranges[&pair(b, w)]
            };
            Edge { word: w, next, len }
        };
        let edges = tri.iter().map(|&(k, w)| edge(k as u32, w)).collect();
        let uni: Vec<Edge> = bi
            .iter()
            .map(|&k| edge((k >> 32) as u32, k as u32))
            .collect();
        let mut uni_range = vec![(0u32, 0u32); vocab.len()];
        for (i, &k) in bi.iter().enumerate() {
            let r = &mut uni_range[(k >> 32) as usize];
            if r.1 == 0 {
                r.0 = i as u32;
            }
            r.1 += 1;
        }
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(vocab.len() + 1);
        for w in &vocab {
            offsets.push(text.len() as u32);
            text.push_str(w);
        }
        offsets.push(text.len() as u32);
        Markov {
            start: ranges.get(&pair(START, START)).copied().unwrap_or((0, 0)),
            text,
            offsets,
            edges,
            uni,
            uni_range,
            backoff,
        }
    }

    fn word(&self, w: u32) -> &str {
        &self.text[self.offsets[w as usize] as usize..self.offsets[w as usize + 1] as usize]
    }

    /// Paragraphs of about `target_words` words in all.
    fn paragraphs(&self, target_words: usize, rng: &mut Rng) -> Vec<String> {
        let mut paras = Vec::new();
        if self.start.1 == 0 {
            return paras;
        }
        let mut total = 0;
        let mut tries = 0;
        while total < target_words && tries < 10_000 {
            tries += 1;
            let (mut next, mut len) = self.start;
            let mut prev = START;
            let mut p = String::new();
            let mut n = 0;
            loop {
                let e = if prev != START && rng.chance(self.backoff) {
                    let (s, l) = self.uni_range[prev as usize];
                    self.uni[(s + rng.below(l as usize) as u32) as usize]
                } else {
                    self.edges[(next + rng.below(len as usize) as u32) as usize]
                };
                // Close long paragraphs at a sentence end.
                if e.word == END || (n >= 120 && p.ends_with('.')) || n >= 200 {
                    break;
                }
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(self.word(e.word));
                n += 1;
                prev = e.word;
                (next, len) = (e.next, e.len);
            }
            if n >= 5 {
                total += n;
                paras.push(p);
            }
        }
        paras
    }
}

// ---------------------------------------------------------------------------
// Outlets.

struct Outlet {
    name: String,
    domain: String,
    sections: [&'static str; 3],
    staff: Vec<String>,
    header_style: u8,
    extra_header: u8,
    date_style: u8,
    curly: bool,
    footer: Vec<Foot>,
    share: &'static str,
    orig_line: &'static str,
    readmore: &'static str,
    agencies: &'static str,
    copyright: &'static str,
    comments: &'static str,
    more_from: &'static str,
    newsletter: String,
    references: String,
    blurb: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Foot {
    Orig,
    ReadMore,
    Share,
    Comments,
    Newsletter,
    References,
    Agencies,
    Copyright,
    MoreFrom,
    Blurb,
}

fn make_outlets(count: usize) -> Vec<Outlet> {
    // Fixed, whatever --seed: outlets are the same in every corpus.
    let mut rng = Rng::of(&[0x6f75_746c_6574, count as u64]);
    let mut names: Vec<String> = SPECIAL_OUTLETS.iter().map(|s| s.to_string()).collect();
    while names.len() < count {
        let base = format!("{} {}", rng.pick_s(PLACES), rng.pick_s(PAPERS));
        if names.iter().any(|n| n.trim_start_matches("The ") == base) {
            continue;
        }
        names.push(if rng.chance(0.35) {
            format!("The {base}")
        } else {
            base
        });
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| make_outlet(&mut rng, name, i < SPECIAL_OUTLETS.len()))
        .collect()
}

fn make_outlet(rng: &mut Rng, name: String, wire: bool) -> Outlet {
    let core = name.trim_start_matches("The ");
    let tld = rng.pick_s(&["com", "org", "net"]);
    let domain = format!("{}.example.{tld}", slug(core).replace('-', ""));
    let mut secs = SECTIONS.to_vec();
    rng.shuffle(&mut secs);
    let staff = (0..rng.range(3, 8)).map(|_| person(rng)).collect();
    let place = rng.pick_s(PLACES);
    let vars_outlet = [("outlet", name.as_str()), ("domain", domain.as_str())];
    let newsletter = fill(
        rng.pick_s(NEWSLETTER_PITCH),
        &[
            (
                "news",
                &format!("{} {}", core, rng.pick_s(NEWSLETTER_NAMES)),
            ),
            ("when", rng.pick_s(NEWSLETTER_WHEN)),
            vars_outlet[0],
        ],
    );
    let references = {
        let items = [
            format!("{} wire report", rng.pick_s(&SPECIAL_OUTLETS[..3])),
            "Company and official statements".to_string(),
            format!("{core} archive"),
            "Regulatory filings".to_string(),
            "Interviews by our reporters".to_string(),
        ];
        let n = rng.range(2, 4);
        let mut s = String::from(rng.pick_s(&["References:", "Sources:", "Further reading:"]));
        for (i, item) in items.iter().take(n).enumerate() {
            s.push_str(&format!("\n{}. {}", i + 1, item));
        }
        s
    };
    let blurb = if !wire && rng.chance(0.3) {
        let mut sentences: Vec<&str> = BLURB_SENTENCES.to_vec();
        rng.shuffle(&mut sentences);
        let target = rng.range(80, 150);
        let since = (1850 + rng.below(150)).to_string();
        let mut text = String::new();
        let phone = format!("{}", 1_000_000_000 + rng.below(900_000_000));
        let hours = rng.range(2, 48).to_string();
        let since2 = rng.range(20, 150).to_string();
        for s in sentences {
            let s = fill(
                s,
                &[
                    vars_outlet[0],
                    vars_outlet[1],
                    ("place", place),
                    ("since", &since),
                    ("since2", &since2),
                    ("phone", &phone),
                    ("hours", &hours),
                ],
            );
            if word_count(&text) + word_count(&s) > 150 {
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&s);
            if word_count(&text) >= target {
                break;
            }
        }
        Some(text)
    } else {
        None
    };
    // Footer parts, in this outlet's fixed order.
    let mut footer = Vec::new();
    let candidates: &[(Foot, f64)] = if wire {
        &[(Foot::Agencies, 0.5), (Foot::Copyright, 0.8)]
    } else {
        &[
            (Foot::Agencies, 0.3),
            (Foot::Orig, 0.7),
            (Foot::References, 0.2),
            (Foot::ReadMore, 0.4),
            (Foot::Share, 0.5),
            (Foot::Newsletter, 0.4),
            (Foot::MoreFrom, 0.3),
            (Foot::Comments, 0.4),
            (Foot::Copyright, 0.6),
        ]
    };
    for &(f, p) in candidates {
        if rng.chance(p) {
            footer.push(f);
        }
    }
    if blurb.is_some() {
        let at = rng.range(0, footer.len());
        footer.insert(at, Foot::Blurb);
    }
    Outlet {
        staff,
        sections: [secs[0], secs[1], secs[2]],
        header_style: if wire {
            rng.range(0, 1) as u8
        } else {
            rng.range(0, 5) as u8
        },
        extra_header: if rng.chance(0.4) {
            rng.range(1, 3) as u8
        } else {
            0
        },
        date_style: rng.range(0, 2) as u8,
        curly: rng.chance(0.45),
        footer,
        share: rng.pick_s(SHARE_WIDGETS),
        orig_line: rng.pick_s(ORIG_LINES),
        readmore: rng.pick_s(READMORE_LINES),
        agencies: rng.pick_s(AGENCY_LINES),
        copyright: rng.pick_s(COPYRIGHT_LINES),
        comments: rng.pick_s(COMMENT_LINES),
        more_from: rng.pick_s(MORE_FROM),
        newsletter,
        references,
        blurb,
        name,
        domain,
    }
}

impl Outlet {
    fn header(&self, author: &str, rng: &mut Rng) -> Vec<String> {
        let mut lines = Vec::new();
        match self.header_style {
            1 => lines.push(format!("By {author}")),
            2 => lines.push(format!("By {author} | {}", self.name)),
            3 => lines.push(format!("{author}, {}", rng.pick_s(ROLES))),
            4 => lines.push(format!("From {} staff and wire reports", self.name)),
            5 => lines.push(format!(
                "By {author}\n{} · {} min read",
                self.name,
                rng.range(2, 9)
            )),
            _ => {}
        }
        match self.extra_header {
            1 => lines.push("Listen to this article".to_string()),
            2 => lines.push("Advertisement".to_string()),
            3 => lines.push(format!("{} | {}", self.name, capitalize(self.sections[0]))),
            _ => {}
        }
        lines
    }

    fn footer(&self, info: &FootInfo, rng: &mut Rng) -> Vec<String> {
        let year = info
            .day
            .map_or("2024".to_string(), |d| civil(d).0.to_string());
        let date = info.day.map_or("an earlier date".to_string(), iso_day);
        let n = rng.range(0, 240).to_string();
        let (a2, a3) = (person(rng), person(rng));
        let vars = [
            ("outlet", self.name.as_str()),
            ("domain", self.domain.as_str()),
            ("orig", info.orig.unwrap_or("a partner publication")),
            ("url", info.url),
            ("section", self.sections[0]),
            ("year", &year),
            ("date", &date),
            ("n", &n),
            ("author", info.author),
            ("author2", &a2),
            ("author3", &a3),
            ("s1", &capitalize(self.sections[0])),
            ("s2", &capitalize(self.sections[1])),
            ("s3", &capitalize(self.sections[2])),
        ];
        let mut out = Vec::new();
        for &f in &self.footer {
            let line = match f {
                Foot::Orig if info.orig.is_some() => fill(self.orig_line, &vars),
                Foot::Orig => continue,
                Foot::ReadMore => fill(self.readmore, &vars),
                Foot::Share => self.share.to_string(),
                Foot::Comments => fill(self.comments, &vars),
                Foot::Newsletter => self.newsletter.clone(),
                Foot::References => self.references.clone(),
                Foot::Agencies => fill(self.agencies, &vars),
                Foot::Copyright => fill(self.copyright, &vars),
                Foot::MoreFrom => fill(self.more_from, &vars),
                Foot::Blurb => self.blurb.clone().unwrap_or_default(),
            };
            out.push(line);
        }
        out
    }

    fn date(&self, day: i64, rng: &mut Rng) -> String {
        let d = iso_day(day);
        let (h, m, s) = (rng.range(5, 22), rng.below(60), rng.below(60));
        match self.date_style {
            1 => format!("{d}T{h:02}:{m:02}:{s:02}Z"),
            2 => format!("{d} {h:02}:{m:02}"),
            _ => d,
        }
    }

    fn url(&self, section: &str, day: Option<i64>, title: &str, n: u64) -> String {
        match day {
            Some(day) => {
                let (y, m, d) = civil(day);
                format!(
                    "https://{}/{section}/{y:04}/{m:02}/{d:02}/{}-{:x}",
                    self.domain,
                    slug(title),
                    n & 0xfffff
                )
            }
            None => format!(
                "https://{}/{section}/{}-{:x}",
                self.domain,
                slug(title),
                n & 0xfffff
            ),
        }
    }
}

struct FootInfo<'a> {
    orig: Option<&'a str>,
    url: &'a str,
    day: Option<i64>,
    author: &'a str,
}

// ---------------------------------------------------------------------------
// The plan: stories and records.

#[derive(Clone, Copy)]
enum TextSrc {
    /// Kept Reuters bodies `start..end`.
    Pool(u32, u32),
    /// Markov text of about this many words.
    Markov(u32),
}

#[derive(Clone, Copy)]
enum StoryKind {
    Original { copies: u16 },
    Derivative { src: u32 },
    Independent { src: u32, partner: u32, first: bool },
}

#[derive(Clone, Copy)]
struct Story {
    kind: StoryKind,
    text: TextSrc,
}

#[derive(Clone, Copy)]
struct RecPlan {
    story: u32,
    k: u16,
}

struct Ctx {
    seed: u64,
    profile: Profile,
    ocr_rate: f64,
    pool: Vec<Body>,
    markov: Markov,
    outlets: Vec<Outlet>,
    stories: Vec<Story>,
}

fn copy_count_weights(alpha: f64) -> Vec<f64> {
    let mut cum = Vec::with_capacity(MAX_COPIES + 1);
    let mut acc = 0.0;
    for c in 0..=MAX_COPIES {
        acc += ((c + 1) as f64).powf(-alpha);
        cum.push(acc);
    }
    cum
}

struct PlanStats {
    pool_texts: usize,
    markov_texts: usize,
}

fn plan_stories(args: &Args, pool: &[Body]) -> (Vec<Story>, PlanStats) {
    let n = args.records;
    let mut rng = Rng::of(&[args.seed, TAG_PLAN]);
    let mut n_indep = 2 * ((n as f64 * INDEPENDENT_SHARE / 2.0).round() as usize);
    let mut n_deriv = (n as f64 * DERIVATIVE_SHARE).round() as usize;
    if n_indep + n_deriv >= n {
        n_indep = 0;
        n_deriv = 0;
    }
    let copy_records = n - n_indep - n_deriv;
    // Originals with power-law copy counts, filling `copy_records` exactly.
    let cum = copy_count_weights(args.zipf);
    let mut copies = Vec::new();
    let mut filled = 0;
    while filled < copy_records {
        let c = rng.cumulative(&cum).min(copy_records - filled - 1);
        copies.push(c as u16);
        filled += 1 + c;
    }
    let originals = copies.len();
    // Larger stories attract more derivatives and same-event coverage.
    let mut size_cum = Vec::with_capacity(originals);
    let mut acc = 0.0;
    for &c in &copies {
        acc += 1.0 + c as f64;
        size_cum.push(acc);
    }
    let mut kinds: Vec<StoryKind> = copies
        .iter()
        .map(|&c| StoryKind::Original { copies: c })
        .collect();
    for _ in 0..n_deriv {
        let src = rng.cumulative(&size_cum) as u32;
        kinds.push(StoryKind::Derivative { src });
    }
    for _ in 0..n_indep / 2 {
        let src = rng.cumulative(&size_cum) as u32;
        let a = kinds.len() as u32;
        kinds.push(StoryKind::Independent {
            src,
            partner: a + 1,
            first: true,
        });
        kinds.push(StoryKind::Independent {
            src,
            partner: a,
            first: false,
        });
    }
    // Number the stories in a random order.
    let mut order: Vec<u32> = (0..kinds.len() as u32).collect();
    let mut nrng = Rng::of(&[args.seed, TAG_NUMBER]);
    nrng.shuffle(&mut order);
    let mut number = vec![0u32; kinds.len()];
    for (num, &old) in order.iter().enumerate() {
        number[old as usize] = num as u32;
    }
    let mut stories = Vec::with_capacity(kinds.len());
    let mut stats = PlanStats {
        pool_texts: 0,
        markov_texts: 0,
    };
    for &old in &order {
        let kind = match kinds[old as usize] {
            StoryKind::Original { copies } => StoryKind::Original { copies },
            StoryKind::Derivative { src } => StoryKind::Derivative {
                src: number[src as usize],
            },
            StoryKind::Independent {
                src,
                partner,
                first,
            } => StoryKind::Independent {
                src: number[src as usize],
                partner: number[partner as usize],
                first,
            },
        };
        let target = ((args.words as f64) * (0.5 + rng.unit())).round().max(40.0) as u32;
        stories.push(Story {
            kind,
            text: TextSrc::Markov(target),
        });
    }
    // Reuters text goes to the originals first (what gets copied), then to
    // the filler of derivatives and independents; Markov text after that.
    let mut cursor = 0usize;
    let mut debt = 0i64;
    for originals_pass in [true, false] {
        for st in stories.iter_mut() {
            if matches!(st.kind, StoryKind::Original { .. }) != originals_pass {
                continue;
            }
            let TextSrc::Markov(target) = st.text else {
                continue;
            };
            // Carry the running shortfall (or excess) into the next target,
            // so the mean length stays on --words.
            let want = target as i64;
            let target = (want + debt).clamp(want / 2, want * 2) as usize;
            let start = cursor;
            let mut got = 0;
            // Whole bodies, stopping where the length is closest to the target.
            while cursor < pool.len() && got < target {
                let w = pool[cursor].words;
                if got * 2 >= target && got + w - target > target - got {
                    break;
                }
                got += w;
                cursor += 1;
            }
            if got * 2 >= target {
                st.text = TextSrc::Pool(start as u32, cursor as u32);
                debt += want - got as i64;
            }
        }
    }
    for st in &stories {
        match st.text {
            TextSrc::Pool(..) => stats.pool_texts += 1,
            TextSrc::Markov(_) => stats.markov_texts += 1,
        }
    }
    (stories, stats)
}

// ---------------------------------------------------------------------------
// Records.

/// A story's own text and metadata as first published.
#[derive(Clone)]
struct Base {
    paras: Vec<String>,
    title: String,
    outlet: usize,
    day: i64,
}

fn base(ctx: &Ctx, s: u32) -> Base {
    let story = ctx.stories[s as usize];
    let mut rng = Rng::of(&[ctx.seed, TAG_STORY, s as u64]);
    let outlet = rng.below(ctx.outlets.len());
    let day = FIRST_DAY + rng.below(SPAN_DAYS) as i64;
    let (mut paras, title) = match story.text {
        TextSrc::Pool(a, b) => {
            let bodies = &ctx.pool[a as usize..b as usize];
            let paras: Vec<String> = bodies
                .iter()
                .flat_map(|b| b.paras.iter().cloned())
                .collect();
            (paras, bodies[0].title.clone())
        }
        TextSrc::Markov(words) => {
            let mut mrng = Rng::of(&[ctx.seed, TAG_MARKOV, s as u64]);
            (
                ctx.markov.paragraphs(words as usize, &mut mrng),
                String::new(),
            )
        }
    };
    if ctx.outlets[outlet].curly {
        for p in &mut paras {
            *p = curl(p);
        }
    }
    let title = if title.split_whitespace().count() >= 2 {
        title
    } else {
        headline(&paras, &mut rng).unwrap_or_else(|| "News in brief".to_string())
    };
    Base {
        paras,
        title,
        outlet,
        day,
    }
}

/// A headline from the words of a story's opening paragraphs.
fn headline(paras: &[String], rng: &mut Rng) -> Option<String> {
    if paras.is_empty() {
        return None;
    }
    let p = &paras[rng.below(paras.len().min(3))];
    let content: Vec<&str> = p
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.len() >= 3
                && w.chars().all(|c| c.is_alphabetic())
                && !STOPWORDS.contains(&w.to_lowercase().as_str())
        })
        .collect();
    if content.len() < 3 {
        return None;
    }
    let len = rng.range(4, 8).min(content.len());
    let start = rng.below(content.len() - len + 1);
    let words = &content[start..start + len];
    let mut out = capitalize(&words[0].to_lowercase());
    for w in &words[1..] {
        out.push(' ');
        if w.chars().next().is_some_and(|c| c.is_uppercase())
            && !w.chars().all(|c| c.is_uppercase())
        {
            out.push_str(w);
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    Some(out)
}

/// A few copy-desk edits: synonyms, replaced and deleted words.
fn copy_edit(paras: &mut [String], rng: &mut Rng) {
    if paras.is_empty() {
        return;
    }
    for _ in 0..rng.range(2, 6) {
        let pi = rng.below(paras.len());
        let mut words: Vec<String> = paras[pi].split_whitespace().map(String::from).collect();
        if words.len() < 6 {
            continue;
        }
        // Prefer a word with a known substitute.
        let mut i = rng.below(words.len());
        for _ in 0..words.len() {
            let bare = words[i]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if SYNONYMS.iter().any(|&(a, b)| a == bare || b == bare) {
                break;
            }
            i = (i + 1) % words.len();
        }
        let w = words[i].clone();
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        let syn = SYNONYMS.iter().find_map(|&(a, b)| {
            if a == lower {
                Some(b)
            } else if b == lower {
                Some(a)
            } else {
                None
            }
        });
        match (syn, rng.below(4)) {
            (Some(s), _) if !bare.is_empty() => words[i] = w.replacen(bare, s, 1),
            (_, 0) => {
                words.remove(i);
            }
            _ => {
                let j = rng.below(words.len());
                let other = words[j]
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if !other.is_empty() && !bare.is_empty() {
                    words[i] = w.replacen(bare, &other, 1);
                } else {
                    words.remove(i);
                }
            }
        }
        paras[pi] = words.join(" ");
    }
}

/// A contiguous run of paragraphs from the middle: 20-50% of the words,
/// at least 80 words, neither the first nor the last paragraph.
fn middle_run(paras: &[String], rng: &mut Rng) -> Option<(usize, usize)> {
    let n = paras.len();
    if n < 3 {
        return None;
    }
    let w: Vec<usize> = paras.iter().map(|p| word_count(p)).collect();
    let total: usize = w.iter().sum();
    let want = ((0.2 + 0.3 * rng.unit()) * total as f64).max(80.0);
    let most = 0.5 * total as f64;
    if want > most {
        return None;
    }
    let mut starts: Vec<usize> = (1..n - 1).collect();
    rng.shuffle(&mut starts);
    for s in starts {
        let mut acc = 0;
        let mut e = s;
        while e < n - 1 && (acc as f64) < want {
            acc += w[e];
            e += 1;
        }
        if acc as f64 >= want.min(most) && acc as f64 <= most && acc >= 80 {
            return Some((s, e));
        }
    }
    None
}

/// First `k` paragraphs, 20-80% of the words.
fn truncation(paras: &[String], rng: &mut Rng) -> Option<usize> {
    let n = paras.len();
    if n < 2 {
        return None;
    }
    let total: usize = paras.iter().map(|p| word_count(p)).sum();
    let frac = 0.2 + 0.6 * rng.unit();
    let mut acc = 0;
    for (k, p) in paras.iter().enumerate() {
        acc += word_count(p);
        if acc as f64 >= frac * total as f64 {
            return (k + 1 < n && acc >= 40).then_some(k + 1);
        }
    }
    None
}

/// Drop one or two paragraphs (at most 20% of the words) or move some.
fn drop_or_reorder(paras: &mut Vec<String>, rng: &mut Rng) -> bool {
    let n = paras.len();
    if n < 4 {
        return false;
    }
    if rng.chance(0.5) {
        let total: usize = paras.iter().map(|p| word_count(p)).sum();
        let mut dropped = 0;
        for _ in 0..rng.range(1, 2) {
            let i = rng.range(1, paras.len() - 1);
            let w = word_count(&paras[i]);
            if (dropped + w) as f64 <= 0.2 * total as f64 {
                dropped += w;
                paras.remove(i);
            }
        }
        dropped > 0
    } else {
        for _ in 0..rng.range(1, 2) {
            let i = rng.range(1, n - 2);
            paras.swap(i, i + 1);
        }
        if rng.chance(0.3) {
            let p = paras.remove(rng.range(1, n - 1));
            let at = rng.range(1, paras.len());
            paras.insert(at, p);
        }
        true
    }
}

/// Proper names of a story: capitalised words not at a sentence start.
fn entities(paras: &[String]) -> Vec<String> {
    let mut count: HashMap<String, (usize, usize)> = HashMap::new();
    let mut pos = 0;
    for p in paras {
        let words: Vec<&str> = p.split_whitespace().collect();
        let mut i = 1;
        while i < words.len() {
            let prev = words[i - 1];
            let sentence_start = prev.ends_with(['.', '!', '?', ':', '"', '“', '”']);
            let is_cap = |w: &str| {
                let b = w.trim_matches(|c: char| !c.is_alphanumeric());
                b.len() >= 3
                    && b.chars().next().is_some_and(|c| c.is_uppercase())
                    && b.chars().skip(1).any(|c| c.is_lowercase())
                    && b.chars().all(|c| c.is_alphabetic())
                    && !NOT_ENTITIES.contains(&b)
            };
            if sentence_start || !is_cap(words[i]) {
                i += 1;
                continue;
            }
            let mut name = vec![words[i].trim_matches(|c: char| !c.is_alphanumeric())];
            let mut j = i + 1;
            while j < words.len()
                && name.len() < 3
                && is_cap(words[j])
                && !words[j - 1].ends_with([',', '.'])
            {
                name.push(words[j].trim_matches(|c: char| !c.is_alphanumeric()));
                j += 1;
            }
            let e = count.entry(name.join(" ")).or_insert((0, pos));
            e.0 += 1;
            pos += 1;
            i = j;
        }
    }
    let mut v: Vec<(String, (usize, usize))> = count.into_iter().collect();
    // Names of two or three words first (people, companies), then by count.
    let multi = |k: &str| k.contains(' ') as usize;
    v.sort_by(|a, b| {
        (multi(&b.0), b.1.0)
            .cmp(&(multi(&a.0), a.1.0))
            .then(a.1.1.cmp(&b.1.1))
    });
    v.into_iter().take(4).map(|(k, _)| k).collect()
}

/// A sentence of 15-30 words from a text: (paragraph, sentence).
fn pick_sentence(paras: &[String], rng: &mut Rng) -> Option<(usize, String)> {
    let mut found = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let mut start = 0;
        let bytes = p.as_bytes();
        for (i, _) in p.match_indices(". ") {
            let next_upper = bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase());
            if next_upper {
                found.push((pi, p[start..=i].to_string()));
                start = i + 2;
            }
        }
        found.push((pi, p[start..].to_string()));
    }
    found.retain(|(_, s)| (15..=30).contains(&word_count(s)) && !s.contains(['"', '“', '”']));
    if found.is_empty() {
        // Fall back to a verbatim run of a long paragraph.
        let (pi, p) = paras
            .iter()
            .enumerate()
            .max_by_key(|(_, p)| word_count(p))?;
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.len() < 15 {
            return None;
        }
        let len = rng.range(15, 30).min(words.len());
        return Some((pi, words[..len].join(" ")));
    }
    Some(rng.pick(&found).clone())
}

struct Rendered {
    id: String,
    source: String,
    date: Option<String>,
    title: String,
    url: String,
    text: String,
    kind: &'static str,
    story: u32,
    event: u32,
    copy_kind: usize,
    overlays: [bool; 3],
}

const COPY_KINDS: [&str; 6] = [
    "-",
    "full reprint",
    "truncation",
    "middle page",
    "dropped/reordered",
    "new headline only",
];

fn pick_other_outlet(ctx: &Ctx, not: usize, rng: &mut Rng) -> usize {
    let o = rng.below(ctx.outlets.len() - 1);
    if o >= not { o + 1 } else { o }
}

/// Story texts in use, each made once and dropped after its last record.
type Bases = FastMap<u32, Base>;

/// The stories whose text a record is made from.
fn needs(ctx: &Ctx, plan: RecPlan, out: &mut Vec<u32>) {
    let s = plan.story;
    out.push(s);
    match ctx.stories[s as usize].kind {
        StoryKind::Original { .. } => {}
        StoryKind::Derivative { src } => out.push(src),
        StoryKind::Independent {
            src,
            partner,
            first,
        } => {
            out.push(src);
            if !first {
                out.push(partner);
            }
        }
    }
}

fn record(ctx: &Ctx, bases: &Bases, plan: RecPlan) -> Rendered {
    let s = plan.story;
    let mut rng = Rng::of(&[ctx.seed, TAG_RECORD, s as u64, plan.k as u64]);
    let b = |s: u32| &bases[&s];
    match ctx.stories[s as usize].kind {
        StoryKind::Original { .. } if plan.k == 0 => original(ctx, s, b(s), &mut rng),
        StoryKind::Original { .. } => copy(ctx, s, plan.k, b(s), &mut rng),
        StoryKind::Derivative { src } => derivative(ctx, s, b(s), src, b(src), &mut rng),
        StoryKind::Independent {
            src,
            partner,
            first,
        } => {
            let a = if first { b(s) } else { b(partner) };
            independent(ctx, s, b(s), src, b(src), partner, a, first, &mut rng)
        }
    }
}

/// Everything but the body, shared by every kind of record.
struct Dress<'a> {
    outlet: usize,
    day: Option<i64>,
    title: String,
    orig: Option<&'a str>,
    boilerplate: bool,
    n: u64,
}

/// Header, body, footer; the date and url; the OCR profile's noise.
fn finish(
    ctx: &Ctx,
    dress: Dress,
    body: Vec<String>,
    rng: &mut Rng,
) -> (String, Option<String>, String, String) {
    let o = &ctx.outlets[dress.outlet];
    let section = rng.pick_s(&o.sections);
    let url = o.url(section, dress.day, &dress.title, dress.n);
    let author = o.staff[rng.below(o.staff.len())].clone();
    let mut parts = Vec::with_capacity(body.len() + 8);
    if dress.boilerplate {
        parts.extend(o.header(&author, rng));
    }
    parts.extend(body);
    if dress.boilerplate {
        let info = FootInfo {
            orig: dress.orig,
            url: &url,
            day: dress.day,
            author: &author,
        };
        parts.extend(o.footer(&info, rng));
    }
    let text = parts.join("\n\n");
    let date = dress.day.map(|d| o.date(d, rng));
    (text, date, url, o.name.clone())
}

fn ocr_pass(ctx: &Ctx, text: String, rng: &mut Rng) -> String {
    if ctx.profile != Profile::Ocr {
        return text;
    }
    let width = rng.range(55, 80);
    let wrapped = wrap(&text, width, 0.8, rng);
    ocr_noise(&wrapped, ctx.ocr_rate, rng)
}

fn maybe_missing(day: i64, rng: &mut Rng) -> Option<i64> {
    (!rng.chance(0.05)).then_some(day)
}

fn original(ctx: &Ctx, s: u32, b: &Base, rng: &mut Rng) -> Rendered {
    let b = b.clone();
    let dress = Dress {
        outlet: b.outlet,
        day: maybe_missing(b.day, rng),
        title: b.title.clone(),
        orig: None,
        boilerplate: rng.chance(0.6),
        n: rng.next_u64(),
    };
    let (text, date, url, source) = finish(ctx, dress, b.paras, rng);
    let text = ocr_pass(ctx, text, rng);
    Rendered {
        id: format!("s{s}-r0"),
        source,
        date,
        title: b.title,
        url,
        text,
        kind: "original",
        story: s,
        event: s,
        copy_kind: 0,
        overlays: [false; 3],
    }
}

fn copy(ctx: &Ctx, s: u32, k: u16, b: &Base, rng: &mut Rng) -> Rendered {
    // Copies of one story go to distinct outlets.
    let mut outlets: Vec<usize> = (0..ctx.outlets.len()).filter(|&o| o != b.outlet).collect();
    Rng::of(&[ctx.seed, TAG_OUTLETS, s as u64]).shuffle(&mut outlets);
    let outlet = outlets[(k as usize - 1) % outlets.len()];
    let mut paras = b.paras.clone();
    let mut kind = "reprint";
    let mut boilerplate = true;
    let mut new_title = rng.chance(0.5);
    let mut chrome: Option<(String, String)> = None;
    let mut tail: Option<String> = None;
    let mut copy_kind = match rng.below(100) {
        0..50 => 1,
        50..65 => 2,
        65..80 => 3,
        80..90 => 4,
        _ => 5,
    };
    if copy_kind == 3 {
        match middle_run(&paras, rng) {
            Some((a, e)) => {
                paras = paras[a..e].to_vec();
                kind = "partial";
                let p = rng.range(1, 6);
                let vars = [
                    ("p", p.to_string()),
                    ("q", (p + rng.range(1, 9)).to_string()),
                    (
                        "word",
                        b.title
                            .split_whitespace()
                            .next()
                            .unwrap_or("Story")
                            .to_uppercase(),
                    ),
                ];
                let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                chrome = Some((
                    fill(rng.pick_s(CONTINUED_FROM), &vars),
                    fill(rng.pick_s(CONTINUED_ON), &vars),
                ));
                boilerplate = rng.chance(0.5);
            }
            None => copy_kind = 2,
        }
    }
    if copy_kind == 2 {
        match truncation(&paras, rng) {
            Some(k) => {
                paras.truncate(k);
                kind = "partial";
                if rng.chance(0.5) {
                    let od = &ctx.outlets[b.outlet].domain;
                    tail = Some(fill(rng.pick_s(TRUNC_TAILS), &[("origdomain", od)]));
                }
            }
            None => copy_kind = 1,
        }
    }
    if copy_kind == 4 && !drop_or_reorder(&mut paras, rng) {
        copy_kind = 1;
    }
    if copy_kind == 5 {
        new_title = true;
        boilerplate = false;
    }
    let mut overlays = [false; 3];
    if copy_kind != 5 && rng.chance(0.3) {
        copy_edit(&mut paras, rng);
        overlays[0] = true;
    }
    if let Some((from, on)) = chrome {
        paras.insert(0, from);
        paras.push(on);
    }
    if let Some(t) = tail {
        paras.push(t);
    }
    let title = if new_title {
        headline(&b.paras, rng).unwrap_or_else(|| b.title.clone())
    } else {
        b.title.clone()
    };
    let day = b.day + rng.range(0, 10) as i64;
    let orig_name = ctx.outlets[b.outlet].name.as_str();
    let dress = Dress {
        outlet,
        day: maybe_missing(day, rng),
        title: title.clone(),
        orig: Some(orig_name),
        boilerplate,
        n: rng.next_u64(),
    };
    let (mut text, date, url, source) = finish(ctx, dress, paras, rng);
    if copy_kind != 5 && rng.chance(0.3) {
        text = retypeset(&text, rng);
        overlays[1] = true;
    }
    if copy_kind != 5 && ctx.profile == Profile::Clean && rng.chance(0.15) {
        let width = rng.range(64, 76);
        text = wrap(&text, width, 0.7, rng);
        overlays[2] = true;
    }
    let text = ocr_pass(ctx, text, rng);
    Rendered {
        id: format!("s{s}-r{k}"),
        source,
        date,
        title,
        url,
        text,
        kind,
        story: s,
        event: s,
        copy_kind,
        overlays,
    }
}

fn derivative(ctx: &Ctx, s: u32, own: &Base, src: u32, source: &Base, rng: &mut Rng) -> Rendered {
    let mut paras = own.paras.clone();
    let filler: usize = paras.iter().map(|p| word_count(p)).sum();
    let budget = filler / 3; // quoted <= 25% of filler + quoted
    let mut cands: Vec<usize> = (0..source.paras.len())
        .filter(|&i| word_count(&source.paras[i]) >= 12)
        .collect();
    rng.shuffle(&mut cands);
    let mut quoted: Vec<String> = Vec::new();
    let mut used = 0;
    let want = rng.range(1, 2);
    for i in cands {
        let w = word_count(&source.paras[i]);
        if used + w <= budget {
            quoted.push(source.paras[i].clone());
            used += w;
            if quoted.len() == want {
                break;
            }
        }
    }
    if quoted.is_empty() {
        // Every paragraph is too long: quote a verbatim run of one.
        let p = &source.paras[rng.below(source.paras.len())];
        let words: Vec<&str> = p.split_whitespace().collect();
        let take = budget.clamp(1, words.len());
        quoted.push(words[..take].join(" "));
    }
    let src_outlet = ctx.outlets[source.outlet].name.as_str();
    for q in quoted {
        let at = rng.range(1, paras.len().max(1));
        paras.insert(at, q);
        if rng.chance(0.6) {
            paras.insert(at, fill(rng.pick_s(LEAD_INS), &[("src", src_outlet)]));
        }
    }
    let outlet = if own.outlet == source.outlet {
        pick_other_outlet(ctx, source.outlet, rng)
    } else {
        own.outlet
    };
    let title = headline(&own.paras, rng).unwrap_or_else(|| own.title.clone());
    let dress = Dress {
        outlet,
        day: maybe_missing(source.day + rng.range(0, 10) as i64, rng),
        title: title.clone(),
        orig: None,
        boilerplate: rng.chance(0.7),
        n: rng.next_u64(),
    };
    let (text, date, url, source_name) = finish(ctx, dress, paras, rng);
    let text = ocr_pass(ctx, text, rng);
    Rendered {
        id: format!("s{s}-r0"),
        source: source_name,
        date,
        title,
        url,
        text,
        kind: "derivative",
        story: s,
        event: src,
        copy_kind: 0,
        overlays: [false; 3],
    }
}

/// One of a pair of same-event stories; `a` is the text of the pair's
/// first story, whose sentence both quote.
#[allow(clippy::too_many_arguments)]
fn independent(
    ctx: &Ctx,
    s: u32,
    own: &Base,
    src: u32,
    source: &Base,
    partner: u32,
    a: &Base,
    first: bool,
    rng: &mut Rng,
) -> Rendered {
    let a_story = if first { s } else { partner };
    let a_paras = &a.paras;
    let quote = pick_sentence(
        a_paras,
        &mut Rng::of(&[ctx.seed, TAG_QUOTE, a_story as u64]),
    );
    // Names of the event, padded with invented ones.
    let mut names = entities(&source.paras);
    let mut erng = Rng::of(&[ctx.seed, TAG_ENTITY, src as u64]);
    while names.len() < 3 {
        names.push(if names.len() == 2 {
            format!("{} Holdings", erng.pick_s(SURNAMES))
        } else {
            person(&mut erng)
        });
    }
    let mut paras = own.paras.clone();
    let weekday = rng.pick_s(WEEKDAYS);
    let lead = fill(
        rng.pick_s(INDEPENDENT_LEADS),
        &[("e1", &names[0]), ("e2", &names[1]), ("weekday", weekday)],
    );
    if let Some((pi, sentence)) = quote {
        let clean = sentence.trim().trim_end_matches(['.', ',']).to_string();
        let speaker = if first { person(rng) } else { names[0].clone() };
        let frame = fill(
            rng.pick_s(QUOTE_FRAMES),
            &[
                ("speaker", &speaker),
                ("org", &names[2]),
                ("quote", &format!("{clean}.")),
            ],
        );
        let at = if first {
            // Take the sentence out of its paragraph and quote it there.
            if let Some(p) = paras.get_mut(pi) {
                *p = p
                    .replacen(&sentence, "", 1)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            pi + 1
        } else {
            rng.range(1, paras.len().max(1))
        };
        paras.insert(at.min(paras.len()), frame);
        paras.retain(|p| !p.is_empty());
    }
    paras.insert(0, lead);
    if names.len() > 3 && rng.chance(0.5) {
        let closing = format!(
            "{} and {} did not immediately respond to requests for comment.",
            names[2], names[3]
        );
        paras.push(closing);
    }
    let title = headline(&paras, rng).unwrap_or_else(|| own.title.clone());
    let mut outlet = own.outlet;
    if outlet == source.outlet {
        outlet = pick_other_outlet(ctx, source.outlet, rng);
    }
    let dress = Dress {
        outlet,
        day: maybe_missing(source.day + rng.range(0, 5) as i64, rng),
        title: title.clone(),
        orig: None,
        boilerplate: rng.chance(0.6),
        n: rng.next_u64(),
    };
    let (text, date, url, source_name) = finish(ctx, dress, paras, rng);
    let text = ocr_pass(ctx, text, rng);
    Rendered {
        id: format!("s{s}-r0"),
        source: source_name,
        date,
        title,
        url,
        text,
        kind: "independent",
        story: s,
        event: src,
        copy_kind: 0,
        overlays: [false; 3],
    }
}

// ---------------------------------------------------------------------------
// Output.

#[derive(Serialize)]
struct JsonRec<'a> {
    id: &'a str,
    source: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    url: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct TruthRec<'a> {
    id: &'a str,
    story: String,
    kind: &'a str,
    event: String,
}

#[derive(Default)]
struct Tally {
    by_kind: [usize; 5],
    copy_kinds: [usize; 6],
    overlays: [usize; 3],
    words: usize,
    missing_dates: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        for i in 0..5 {
            self.by_kind[i] += o.by_kind[i];
        }
        for i in 0..6 {
            self.copy_kinds[i] += o.copy_kinds[i];
        }
        for i in 0..3 {
            self.overlays[i] += o.overlays[i];
        }
        self.words += o.words;
        self.missing_dates += o.missing_dates;
    }
}

const KINDS: [&str; 5] = [
    "original",
    "reprint",
    "partial",
    "derivative",
    "independent",
];

struct Chunk {
    jsonl: Vec<u8>,
    csv: Vec<u8>,
    truth: Vec<u8>,
    tally: Tally,
}

fn render_chunk(ctx: &Ctx, bases: &Bases, plans: &[RecPlan]) -> Result<Chunk> {
    let mut jsonl = Vec::with_capacity(plans.len() * 4096);
    let mut truth = Vec::with_capacity(plans.len() * 64);
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(plans.len() * 4096));
    let mut tally = Tally::default();
    for &p in plans {
        let r = record(ctx, bases, p);
        serde_json::to_writer(
            &mut jsonl,
            &JsonRec {
                id: &r.id,
                source: &r.source,
                date: r.date.as_deref(),
                title: &r.title,
                url: &r.url,
                text: &r.text,
            },
        )?;
        jsonl.push(b'\n');
        csv.write_record([
            r.id.as_str(),
            &r.source,
            r.date.as_deref().unwrap_or(""),
            &r.title,
            &r.url,
            &r.text,
        ])?;
        serde_json::to_writer(
            &mut truth,
            &TruthRec {
                id: &r.id,
                story: format!("s{}", r.story),
                kind: r.kind,
                event: format!("e{}", r.event),
            },
        )?;
        truth.push(b'\n');
        tally.by_kind[KINDS.iter().position(|&k| k == r.kind).unwrap()] += 1;
        tally.copy_kinds[r.copy_kind] += 1;
        for i in 0..3 {
            tally.overlays[i] += r.overlays[i] as usize;
        }
        tally.words += word_count(&r.text);
        tally.missing_dates += r.date.is_none() as usize;
    }
    let csv = csv.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
    Ok(Chunk {
        jsonl,
        csv,
        truth,
        tally,
    })
}

struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Counted<W> {
    fn put(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.bytes += b.len() as u64;
        self.inner.write_all(b)
    }
}

fn create(dir: &Path, name: &str) -> Result<Counted<BufWriter<File>>> {
    let path = dir.join(name);
    let f = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok(Counted {
        inner: BufWriter::with_capacity(1 << 20, f),
        bytes: 0,
    })
}

fn main() -> Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    if args.records == 0 {
        bail!("--records must be at least 1");
    }
    if args.words < 50 {
        bail!("--words must be at least 50");
    }
    if !(0.0..0.5).contains(&args.ocr_rate) {
        bail!("--ocr-rate must be in [0, 0.5)");
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let originals = args
        .originals
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpora/reuters21578.jsonl"));
    let out_dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));

    let (pool, markov) = if originals.is_file() {
        let (pool, st) = load_reuters(&originals)?;
        eprintln!(
            "gen_corpus: originals from {} ({} lines, {} with a body; dropped {} identical, {} near-duplicate (>{:.0}% shared 5-gram shingles), {} under 20 words; kept {} bodies, {} words)",
            originals.display(),
            st.lines,
            st.with_text,
            st.identical,
            st.near_duplicate,
            NEAR_DUP_SHARE * 100.0,
            st.too_short,
            st.kept,
            st.words
        );
        let markov = Markov::train(
            pool.iter().flat_map(|b| b.paras.iter().map(String::as_str)),
            0.1,
        );
        (pool, markov)
    } else {
        let fixtures = root.join("fixtures/news.jsonl");
        eprintln!(
            "gen_corpus: note: {} not found; originals are generated by an order-2 word Markov chain trained on {}",
            originals.display(),
            fixtures.display()
        );
        let paras = load_fixture_paragraphs(&fixtures)?;
        let markov = Markov::train(paras.iter().map(String::as_str), 0.35);
        (Vec::new(), markov)
    };

    let (stories, plan_stats) = plan_stories(&args, &pool);
    if plan_stats.markov_texts > 0 && !pool.is_empty() {
        eprintln!(
            "gen_corpus: note: the Reuters pool covered {} story texts; the other {} are Markov text trained on it",
            plan_stats.pool_texts, plan_stats.markov_texts
        );
    }
    let mut plans: Vec<RecPlan> = Vec::with_capacity(args.records);
    for (s, st) in stories.iter().enumerate() {
        let copies = match st.kind {
            StoryKind::Original { copies } => copies,
            _ => 0,
        };
        for k in 0..=copies {
            plans.push(RecPlan { story: s as u32, k });
        }
    }
    Rng::of(&[args.seed, TAG_SHUFFLE]).shuffle(&mut plans);
    let n_stories = stories.len();
    let ctx = Ctx {
        seed: args.seed,
        profile: args.profile,
        ocr_rate: args.ocr_rate,
        pool,
        markov,
        outlets: make_outlets(60),
        stories,
    };

    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let mut jsonl = create(&out_dir, "corpus.jsonl")?;
    let mut csvw = create(&out_dir, "corpus.csv")?;
    let mut truth = create(&out_dir, "truth.jsonl")?;
    csvw.put(b"id,source,date,title,url,text\n")?;
    let mut tally = Tally::default();
    // How many records still need each story's text.
    let mut uses = vec![0u32; n_stories];
    let mut need = Vec::new();
    for &p in &plans {
        need.clear();
        needs(&ctx, p, &mut need);
        for &s in &need {
            uses[s as usize] += 1;
        }
    }
    let mut bases: Bases = FastMap::default();
    let mut peak_bases = 0;
    for block in plans.chunks(8192) {
        // Make the texts this block needs that are not made yet, in parallel.
        let mut missing = Vec::new();
        for &p in block {
            needs(&ctx, p, &mut missing);
        }
        missing.sort_unstable();
        missing.dedup();
        missing.retain(|s| !bases.contains_key(s));
        let made: Vec<(u32, Base)> = missing.par_iter().map(|&s| (s, base(&ctx, s))).collect();
        bases.extend(made);
        peak_bases = peak_bases.max(bases.len());
        let chunks: Vec<Result<Chunk>> = block
            .par_chunks(128)
            .map(|c| render_chunk(&ctx, &bases, c))
            .collect();
        for &p in block {
            need.clear();
            needs(&ctx, p, &mut need);
            for &s in &need {
                uses[s as usize] -= 1;
                if uses[s as usize] == 0 {
                    bases.remove(&s);
                }
            }
        }
        for c in chunks {
            let c = c?;
            jsonl.put(&c.jsonl)?;
            csvw.put(&c.csv)?;
            truth.put(&c.truth)?;
            tally.add(&c.tally);
        }
    }
    for w in [&mut jsonl, &mut csvw, &mut truth] {
        w.inner.flush()?;
    }

    let n = plans.len();
    let mut msg = format!(
        "gen_corpus: {n} records ({:?} profile{}, seed {}) in {:.1}s; {} stories ({} originals, {} with copies)\n",
        args.profile,
        if args.profile == Profile::Ocr {
            format!(", ocr rate {}", args.ocr_rate)
        } else {
            String::new()
        },
        args.seed,
        t0.elapsed().as_secs_f64(),
        n_stories,
        tally.by_kind[0],
        ctx.stories
            .iter()
            .filter(|s| matches!(s.kind, StoryKind::Original { copies } if copies > 0))
            .count(),
    );
    msg.push_str("  records by kind:");
    for (k, c) in KINDS.iter().zip(tally.by_kind) {
        msg.push_str(&format!(" {k} {c} ({:.1}%),", 100.0 * c as f64 / n as f64));
    }
    msg.pop();
    msg.push_str("\n  copies by treatment:");
    for (k, c) in COPY_KINDS.iter().zip(tally.copy_kinds).skip(1) {
        msg.push_str(&format!(" {k} {c},"));
    }
    msg.pop();
    msg.push_str(&format!(
        "\n  overlays on copies: copy edits {}, quotes/dashes/entities {}, re-wrapped {}; dates missing {}\n",
        tally.overlays[0], tally.overlays[1], tally.overlays[2], tally.missing_dates
    ));
    msg.push_str(&format!(
        "  words per record: {:.1} mean; story texts from Reuters pool {}, Markov {} (at most {} held at once)\n",
        tally.words as f64 / n as f64,
        plan_stats.pool_texts,
        plan_stats.markov_texts,
        peak_bases
    ));
    msg.push_str(&format!(
        "  wrote {}: corpus.jsonl {} bytes, corpus.csv {} bytes, truth.jsonl {} bytes",
        out_dir.display(),
        jsonl.bytes,
        csvw.bytes,
        truth.bytes
    ));
    eprintln!("{msg}");
    Ok(())
}
