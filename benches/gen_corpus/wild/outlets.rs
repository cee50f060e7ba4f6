//! Each outlet's wild-profile habits: what its pages carry besides the story.
//!
//! Like the outlets themselves these are fixed whatever the seed, and a
//! habit is the outlet's, not the page's: a site that drops line breaks
//! drops them on every page, a scanned paper is scanned throughout, and
//! the photo captions a site embeds come from its own small pool, so they
//! recur across its different stories.

use crate::outlets::Outlet;
use crate::rng::Rng;
use crate::templates::{FIRST_NAMES, PLACES, SURNAMES};
use crate::text::{fill, person, slug};
use crate::wild::templates::*;

/// An outlet's habits in the wild profile.
pub struct WildOutlet {
    /// Pages are OCR'd scans.
    pub scanned: bool,
    /// Paragraphs joined by this instead of blank lines.
    pub joiner: Option<&'static str>,
    /// Header (`true`) and footer lines that differ only in a number.
    pub numbered: Vec<(bool, &'static str)>,
    /// Chance that a window of 2-4 of its pages carries a campaign line.
    pub campaign: f64,
    /// Chances of a teaser of another story at the head, and of a list of
    /// other stories at the foot.
    pub teaser: f64,
    pub related: f64,
    /// Its photo captions and embedded posts, and the chance that a page
    /// embeds one or two.
    pub captions: Vec<String>,
    pub embeds: f64,
}

/// The habits of every outlet; wire services (the first `wires`) keep clean
/// copy: no scans, no lost line breaks, no captions.
pub fn wild_outlets(outlets: &[Outlet], wires: usize) -> Vec<WildOutlet> {
    outlets
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut rng = Rng::of(&[0x7769_6c64, i as u64]);
            habits(o, i < wires, &mut rng)
        })
        .collect()
}

fn habits(o: &Outlet, wire: bool, rng: &mut Rng) -> WildOutlet {
    let paper = !wire;
    let scanned = paper && rng.chance(0.15);
    let joiner = (paper && rng.chance(0.2)).then(|| rng.pick_s(JOINERS));
    let mut numbered = Vec::new();
    if rng.chance(0.6) {
        for _ in 0..rng.range(1, 3) {
            let line = if rng.chance(0.5) {
                (true, rng.pick_s(NUMBERED_HEAD))
            } else {
                (false, rng.pick_s(NUMBERED_TAIL))
            };
            if !numbered.contains(&line) {
                numbered.push(line);
            }
        }
    }
    let campaign = if rng.chance(0.5) {
        0.5 + 0.5 * rng.unit()
    } else {
        0.0
    };
    let (teaser, related) = if paper && rng.chance(0.45) {
        (0.2 + 0.5 * rng.unit(), 0.2 + 0.6 * rng.unit())
    } else {
        (0.0, 0.0)
    };
    let captions = (0..rng.range(3, 8)).map(|_| caption(o, rng)).collect();
    let embeds = if paper && rng.chance(0.4) {
        0.3 + 0.4 * rng.unit()
    } else {
        0.0
    };
    WildOutlet {
        scanned,
        joiner,
        numbered,
        campaign,
        teaser,
        related,
        captions,
        embeds,
    }
}

/// A photo caption or an embedded post of this outlet.
fn caption(o: &Outlet, rng: &mut Rng) -> String {
    let place = rng.pick_s(PLACES);
    let scene = fill(rng.pick_s(CAPTION_SCENES), &[("place", place)]);
    let who = person(rng);
    let handle = format!(
        "{}{}",
        rng.pick_s(FIRST_NAMES).to_lowercase(),
        slug(rng.pick_s(SURNAMES)).replace('-', "")
    );
    let (month, d, year) = (
        rng.pick_s(MONTHS),
        rng.range(1, 28).to_string(),
        rng.range(2023, 2024).to_string(),
    );
    let tag = format!("{place}{}", rng.pick_s(&["News", "Today", "Live", "Now"]));
    let template = if rng.chance(0.25) {
        rng.pick_s(POSTS)
    } else {
        rng.pick_s(CAPTION_FRAMES)
    };
    fill(
        template,
        &[
            ("scene", &scene),
            ("person", &who),
            ("outlet", &o.name),
            ("handle", &handle),
            ("place", place),
            ("tag", &tag),
            ("month", month),
            ("d", &d),
            ("year", &year),
        ],
    )
}
