//! Wire notices: one template, different companies and numbers.
//!
//! "Qtly div 10 cts vs 10 cts prior, pay April 1, record March 15" is the
//! same 15 words at every company that pays a dividend; two such notices
//! share most of their shingles and are still different stories. Each
//! notice is a story of its own (with a reprint or two) and the truth never
//! groups two of them.

use crate::rng::Rng;
use crate::templates::{PLACES, SURNAMES};
use crate::text::fill;
use crate::wild::TAG_WILD_NOTICE;
use crate::wild::templates::{CO_ENDINGS, MONTHS, NOTICES};

/// Story `s`'s notice from template `NOTICES[t]`: its paragraphs and title.
pub fn notice(seed: u64, s: u32, t: u8) -> (Vec<String>, String) {
    let mut rng = Rng::of(&[seed, TAG_WILD_NOTICE, s as u64]);
    let (title, body) = NOTICES[t as usize % NOTICES.len()];
    let root = if rng.chance(0.5) {
        rng.pick_s(SURNAMES)
    } else {
        rng.pick_s(PLACES)
    };
    let co = format!("{root} {}", rng.pick_s(CO_ENDINGS));
    let b = rng.range(2, 60);
    // Most payouts are unchanged, as in the real notices.
    let a = if rng.chance(0.6) { b } else { rng.range(2, 60) };
    let m = rng.range(1, 400);
    let m2 = rng.range(1, 400);
    let r = m * rng.range(5, 12);
    let month = rng.below(12);
    let vars = [
        ("co", co.clone()),
        ("a", a.to_string()),
        ("b", b.to_string()),
        ("m", format!("{}.{}", m, rng.below(10))),
        ("m2", format!("{}.{}", m2, rng.below(10))),
        ("r", r.to_string()),
        ("r2", (r * rng.range(80, 120) / 100).to_string()),
        ("x", rng.range(2, 4).to_string()),
        ("month", MONTHS[(month + 1) % 12].to_string()),
        ("d", rng.range(1, 28).to_string()),
        ("month2", MONTHS[month].to_string()),
        ("d2", rng.range(1, 28).to_string()),
        ("place", rng.pick_s(PLACES).to_string()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    (vec![fill(body, &vars)], fill(title, &vars))
}
