//! The wild profile's last pass: each outlet's furniture on each page.
//!
//! Runs over every block of rendered records in file order, on one thread,
//! because some furniture has state that runs across pages: a campaign
//! line lasts 2-4 pages of one outlet, teasers name stories printed just
//! before, and every fetch of a repeated scrape must be the same bytes as
//! the first. Everything else is drawn from the page's own stream.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::noise::{ocr_noise, wrap};
use crate::plan::{Extra, RecPlan, StoryKind};
use crate::record::{Bases, Ctx, Rendered};
use crate::rng::Rng;
use crate::templates::{BLURB_SENTENCES, NEWSLETTER_NAMES, NEWSLETTER_WHEN, PLACES, WEEKDAYS};
use crate::text::{capitalize, civil, fill, iso_day, word_count};
use crate::wild::outlets::WildOutlet;
use crate::wild::templates::*;
use crate::wild::{TAG_WILD_CAMPAIGN, TAG_WILD_DRESS, TAG_WILD_SAMEDAY};

/// A campaign line's run over an outlet's pages.
#[derive(Default, Clone)]
struct Window {
    left: u8,
    number: u64,
    line: Option<String>,
}

/// What the pass has put on, for the summary.
#[derive(Default)]
pub struct DressStats {
    pub campaign: usize,
    pub numbered: usize,
    pub teasers: usize,
    pub captions: usize,
    pub long_wrappers: usize,
    pub same_day: usize,
    pub joined: usize,
    pub scanned: usize,
    pub refetched: usize,
}

/// The page fields a repeated fetch copies.
struct Page {
    source: String,
    date: Option<String>,
    title: String,
    url: String,
    text: String,
}

/// The state of the pass across blocks.
pub struct Dresser {
    by_name: HashMap<String, usize>,
    windows: Vec<Window>,
    recent: VecDeque<(u32, String)>,
    scraped: HashSet<(u32, u16)>,
    pages: HashMap<(u32, u16), Page>,
    pub stats: DressStats,
}

impl Dresser {
    /// A pass over a corpus of these plans.
    pub fn new(ctx: &Ctx, plans: &[RecPlan]) -> Dresser {
        Dresser {
            by_name: ctx
                .outlets
                .iter()
                .enumerate()
                .map(|(i, o)| (o.name.clone(), i))
                .collect(),
            windows: vec![Window::default(); ctx.outlets.len()],
            recent: VecDeque::new(),
            scraped: plans
                .iter()
                .filter(|p| matches!(p.extra, Extra::Scrape(_)))
                .map(|p| (p.story, p.k))
                .collect(),
            pages: HashMap::new(),
            stats: DressStats::default(),
        }
    }

    /// Dress a block of records, in file order.
    pub fn block(&mut self, ctx: &Ctx, bases: &Bases, plans: &[RecPlan], recs: &mut [Rendered]) {
        for (p, r) in plans.iter().zip(recs.iter_mut()) {
            self.page(ctx, bases, *p, r);
        }
    }

    fn page(&mut self, ctx: &Ctx, bases: &Bases, p: RecPlan, r: &mut Rendered) {
        let key = (p.story, p.k);
        let fetched =
            matches!(p.extra, Extra::None | Extra::Scrape(_)) && self.scraped.contains(&key);
        if fetched && let Some(page) = self.pages.get(&key) {
            r.source.clone_from(&page.source);
            r.date.clone_from(&page.date);
            r.title.clone_from(&page.title);
            r.url.clone_from(&page.url);
            r.text.clone_from(&page.text);
            self.stats.refetched += 1;
            return;
        }
        let o = self.by_name[&r.source];
        let w = &ctx.wild[o];
        let code = match p.extra {
            Extra::None | Extra::Scrape(_) => 0,
            Extra::Lede => 1,
            Extra::Excerpt => 2,
        };
        let mut rng = Rng::of(&[ctx.seed, TAG_WILD_DRESS, p.story as u64, p.k as u64, code]);
        let mut parts: Vec<String> = r.text.split("\n\n").map(String::from).collect();
        let body_words = word_count(&r.text);
        let same_day = self.same_day(ctx, bases, p, r);
        self.numbered(ctx, o, w, r, &mut parts, &mut rng);
        self.campaign(ctx, o, &mut parts);
        self.teasers(ctx, o, w, p.story, &mut parts, &mut rng);
        let container = matches!(
            ctx.stories[p.story as usize].kind,
            StoryKind::Container { .. }
        );
        if !container && w.embeds > 0.0 && parts.len() >= 3 && rng.chance(w.embeds) {
            for _ in 0..rng.range(1, 2) {
                let at = rng.range(1, parts.len() - 1);
                parts.insert(at, rng.pick(&w.captions).clone());
                self.stats.captions += 1;
            }
        }
        let short_copy = matches!(r.kind, "partial" | "reprint") && body_words < 200;
        if same_day || (short_copy && rng.chance(0.35)) {
            let want = if same_day {
                body_words.max(120)
            } else {
                body_words.max(40)
            };
            pad(ctx, o, &mut parts, want, &mut rng);
            self.stats.long_wrappers += !same_day as usize;
        }
        r.text = self.lay_out(w, parts, ctx.ocr_rate, &mut rng);
        self.recent.push_back((p.story, r.title.clone()));
        if self.recent.len() > 64 {
            self.recent.pop_front();
        }
        if fetched {
            let page = Page {
                source: r.source.clone(),
                date: r.date.clone(),
                title: r.title.clone(),
                url: r.url.clone(),
                text: r.text.clone(),
            };
            self.pages.insert(key, page);
        }
    }

    /// Lost line breaks, then the scanner: the outlet's habits.
    fn lay_out(
        &mut self,
        w: &WildOutlet,
        parts: Vec<String>,
        ocr_rate: f64,
        rng: &mut Rng,
    ) -> String {
        let mut text = match w.joiner {
            Some(j) => {
                self.stats.joined += 1;
                parts
                    .iter()
                    .map(|p| p.replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join(j)
            }
            None => parts.join("\n\n"),
        };
        if w.scanned {
            let width = rng.range(55, 80);
            text = ocr_noise(&wrap(&text, width, 0.8, rng), ocr_rate, rng);
            self.stats.scanned += 1;
        }
        text
    }

    /// Stories chosen for same-day syndication: the original and its copies
    /// all dated the day the story broke, with full timestamps, the
    /// original earliest; the copies padded with boilerplate.
    fn same_day(&mut self, ctx: &Ctx, bases: &Bases, p: RecPlan, r: &mut Rendered) -> bool {
        let s = p.story;
        let copies = match ctx.stories[s as usize].kind {
            StoryKind::Original { copies } => copies,
            _ => 0,
        };
        let mut srng = Rng::of(&[ctx.seed, TAG_WILD_SAMEDAY, s as u64]);
        if copies == 0 || p.extra != Extra::None || !srng.chance(0.08) {
            return false;
        }
        let day = bases[&s].day;
        let first = srng.range(5 * 3600, 11 * 3600);
        let mut rng = Rng::of(&[ctx.seed, TAG_WILD_SAMEDAY, s as u64, p.k as u64]);
        let at = if p.k == 0 {
            first
        } else {
            first + rng.range(10 * 60, 10 * 3600)
        };
        r.date = Some(timestamp(day, at as u64, rng.below(3)));
        self.stats.same_day += 1;
        p.k > 0
    }

    /// Header and footer lines that differ only in a number.
    fn numbered(
        &mut self,
        ctx: &Ctx,
        o: usize,
        w: &WildOutlet,
        r: &Rendered,
        parts: &mut Vec<String>,
        rng: &mut Rng,
    ) {
        if w.numbered.is_empty() {
            return;
        }
        let out = &ctx.outlets[o];
        let date = r
            .date
            .as_deref()
            .map_or("2024-01-01", |d| &d[..10.min(d.len())])
            .to_string();
        let p = rng.range(1, 12);
        let vars = [
            ("section", capitalize(out.sections[0])),
            ("n", rng.range(0, 300).to_string()),
            ("m", rng.range(0, 90).to_string()),
            ("mins", rng.range(2, 15).to_string()),
            ("p", p.to_string()),
            ("q", (p + rng.range(1, 5)).to_string()),
            (
                "views",
                format!("{},{:03}", rng.range(1, 90), rng.below(1000)),
            ),
            (
                "time",
                format!("{:02}:{:02}", rng.range(5, 23), rng.below(60)),
            ),
            ("date", date),
            ("weekday", rng.pick_s(WEEKDAYS).to_string()),
            ("d", rng.range(1, 28).to_string()),
            ("month", rng.pick_s(MONTHS).to_string()),
            ("year", rng.range(2023, 2024).to_string()),
            ("author", out.staff[rng.below(out.staff.len())].clone()),
        ];
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for &(head, t) in &w.numbered {
            let line = fill(t, &vars);
            if head {
                parts.insert(0, line);
            } else {
                parts.push(line);
            }
            self.stats.numbered += 1;
        }
    }

    /// A campaign line on 2-4 consecutive pages of one outlet.
    fn campaign(&mut self, ctx: &Ctx, o: usize, parts: &mut Vec<String>) {
        let win = &mut self.windows[o];
        if win.left == 0 {
            win.number += 1;
            let mut rng = Rng::of(&[ctx.seed, TAG_WILD_CAMPAIGN, o as u64, win.number]);
            win.left = rng.range(2, 4) as u8;
            win.line = rng
                .chance(ctx.wild[o].campaign)
                .then(|| campaign_line(ctx, o, &mut rng));
        }
        win.left -= 1;
        if let Some(line) = &win.line {
            parts.push(line.clone());
            self.stats.campaign += 1;
        }
    }

    /// A teaser of a story printed just before, and a list of three.
    fn teasers(
        &mut self,
        ctx: &Ctx,
        o: usize,
        w: &WildOutlet,
        s: u32,
        parts: &mut Vec<String>,
        rng: &mut Rng,
    ) {
        let others: Vec<&str> = self
            .recent
            .iter()
            .filter(|(t, _)| *t != s)
            .map(|(_, t)| t.as_str())
            .collect();
        if others.len() < 3 {
            return;
        }
        let section = capitalize(ctx.outlets[o].sections[1]);
        if rng.chance(w.teaser) {
            let t1 = *rng.pick(&others);
            parts.insert(0, fill(rng.pick_s(TEASERS), &[("t1", t1)]));
            self.stats.teasers += 1;
        }
        if rng.chance(w.related) {
            let vars = [
                ("t1", *rng.pick(&others)),
                ("t2", *rng.pick(&others)),
                ("t3", *rng.pick(&others)),
                ("section", &section),
            ];
            parts.push(fill(rng.pick_s(RELATED), &vars));
            self.stats.teasers += 1;
        }
    }
}

/// A campaign line of outlet `o`, filled in for one window.
fn campaign_line(ctx: &Ctx, o: usize, rng: &mut Rng) -> String {
    let out = &ctx.outlets[o];
    let core = out.name.trim_start_matches("The ");
    let vars = [
        ("outlet", out.name.clone()),
        ("domain", out.domain.clone()),
        ("month", rng.pick_s(MONTHS).to_string()),
        ("d", rng.range(1, 28).to_string()),
        ("year", rng.range(2023, 2024).to_string()),
        ("n", rng.range(2, 99).to_string()),
        ("news", format!("{core} {}", rng.pick_s(NEWSLETTER_NAMES))),
        ("when", rng.pick_s(NEWSLETTER_WHEN).to_string()),
        (
            "code",
            format!(
                "{}{}",
                core.chars().next().unwrap_or('X'),
                rng.range(100, 999)
            ),
        ),
        ("place", rng.pick_s(PLACES).to_string()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(rng.pick_s(CAMPAIGN_LINES), &vars)
}

/// Boilerplate of about `want` words, split between the head and the foot.
fn pad(ctx: &Ctx, o: usize, parts: &mut Vec<String>, want: usize, rng: &mut Rng) {
    let out = &ctx.outlets[o];
    let since = rng.range(1850, 1990).to_string();
    let vars = [
        ("outlet", out.name.as_str()),
        ("domain", out.domain.as_str()),
        ("place", rng.pick_s(PLACES)),
        ("since", since.as_str()),
        ("since2", "40"),
        ("phone", "1632960123"),
        ("hours", "24"),
    ];
    let (mut head, mut foot) = (Vec::new(), Vec::new());
    let mut got = 0;
    while got < want {
        let line = fill(rng.pick_s(BLURB_SENTENCES), &vars);
        got += word_count(&line);
        if rng.chance(0.3) {
            head.push(line)
        } else {
            foot.push(line)
        }
    }
    parts.splice(0..0, head);
    parts.extend(foot);
}

/// Seconds `at` into `day` as ISO 8601, RFC 2822 or a plain date and time.
pub fn timestamp(day: i64, at: u64, style: usize) -> String {
    let (h, m, s) = (at / 3600 % 24, at / 60 % 60, at % 60);
    match style {
        0 => format!("{}T{h:02}:{m:02}:{s:02}Z", iso_day(day)),
        1 => {
            let (y, mo, d) = civil(day);
            let wd = DAY_ABBR[day.rem_euclid(7) as usize];
            format!(
                "{wd}, {d:02} {} {y} {h:02}:{m:02}:{s:02} +0000",
                MONTH_ABBR[mo as usize - 1]
            )
        }
        _ => format!("{} {h:02}:{m:02}", iso_day(day)),
    }
}
