//! Outlets: names, domains, staff and each one's fixed boilerplate.
//!
//! An outlet keeps the same header style, footer parts and wording on every
//! page, as a real site's template does; that is what a boilerplate learner
//! can find. Outlets are the same in every corpus, whatever the seed.

use crate::rng::Rng;
use crate::templates::*;
use crate::text::{capitalize, civil, fill, iso_day, person, slug, word_count};

/// A site's fixed template: everything on a page that is not the story.
pub struct Outlet {
    pub name: String,
    pub domain: String,
    pub sections: [&'static str; 3],
    pub staff: Vec<String>,
    pub header_style: u8,
    pub extra_header: u8,
    pub date_style: u8,
    pub curly: bool,
    pub footer: Vec<Foot>,
    pub share: &'static str,
    pub orig_line: &'static str,
    pub readmore: &'static str,
    pub agencies: &'static str,
    pub copyright: &'static str,
    pub comments: &'static str,
    pub more_from: &'static str,
    pub newsletter: String,
    pub references: String,
    pub blurb: Option<String>,
}

/// A part of an outlet's footer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Foot {
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

/// The corpus's `count` outlets: the wire services first, then papers
/// named from the place and paper lists.
pub fn make_outlets(count: usize) -> Vec<Outlet> {
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

/// One outlet: its own draws, in a fixed order, from the outlets' stream.
fn make_outlet(rng: &mut Rng, name: String, wire: bool) -> Outlet {
    let core = name.trim_start_matches("The ");
    let tld = rng.pick_s(&["com", "org", "net"]);
    let domain = format!("{}.example.{tld}", slug(core).replace('-', ""));
    let mut secs = SECTIONS.to_vec();
    rng.shuffle(&mut secs);
    let staff = (0..rng.range(3, 8)).map(|_| person(rng)).collect();
    let place = rng.pick_s(PLACES);
    let newsletter = fill(
        rng.pick_s(NEWSLETTER_PITCH),
        &[
            (
                "news",
                &format!("{} {}", core, rng.pick_s(NEWSLETTER_NAMES)),
            ),
            ("when", rng.pick_s(NEWSLETTER_WHEN)),
            ("outlet", name.as_str()),
        ],
    );
    let references = references(core, rng);
    let blurb = if !wire && rng.chance(0.3) {
        Some(blurb(&name, &domain, place, rng))
    } else {
        None
    };
    let footer = footer_parts(wire, blurb.is_some(), rng);
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

/// A numbered list of an outlet's sources, the same under every story.
fn references(core: &str, rng: &mut Rng) -> String {
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
}

/// An 80-150-word "about us" footer: long boilerplate that a detector
/// counting shared words would take for shared text.
fn blurb(name: &str, domain: &str, place: &str, rng: &mut Rng) -> String {
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
                ("outlet", name),
                ("domain", domain),
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
    text
}

/// Footer parts, in this outlet's fixed order.
fn footer_parts(wire: bool, blurb: bool, rng: &mut Rng) -> Vec<Foot> {
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
    if blurb {
        let at = rng.range(0, footer.len());
        footer.insert(at, Foot::Blurb);
    }
    footer
}

impl Outlet {
    /// Byline and header lines in this outlet's style.
    pub fn header(&self, author: &str, rng: &mut Rng) -> Vec<String> {
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

    /// This outlet's footer parts, filled in for one page.
    pub fn footer(&self, info: &FootInfo, rng: &mut Rng) -> Vec<String> {
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

    /// The `date` field as this outlet writes it.
    pub fn date(&self, day: i64, rng: &mut Rng) -> String {
        let d = iso_day(day);
        let (h, m, s) = (rng.range(5, 22), rng.below(60), rng.below(60));
        match self.date_style {
            1 => format!("{d}T{h:02}:{m:02}:{s:02}Z"),
            2 => format!("{d} {h:02}:{m:02}"),
            _ => d,
        }
    }

    /// A page url: section, date path when known, slug and a number.
    pub fn url(&self, section: &str, day: Option<i64>, title: &str, n: u64) -> String {
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

/// What a footer says about the page it is on.
pub struct FootInfo<'a> {
    pub orig: Option<&'a str>,
    pub url: &'a str,
    pub day: Option<i64>,
    pub author: &'a str,
}
