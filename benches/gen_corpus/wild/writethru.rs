//! Write-thrus: one wire story rewritten through the day.
//!
//! An agency files a short first version and then 2-4 more, each putting
//! new paragraphs on top of the last and rewriting its old lede; the first
//! and last versions share only about a quarter of the last one's text.
//! Every version, and every outlet's reprint of any version, is one story
//! in the truth, which is what makes them hard: a chain of near matches.

use crate::base::{Base, headline};
use crate::copies::copy;
use crate::edits::copy_edit;
use crate::record::{Ctx, Dress, Rendered, finish};
use crate::rng::Rng;
use crate::text::{fill, iso_day, person};
use crate::wild::TAG_WILD_WRITETHRU;
use crate::wild::templates::UPDATE_NOTES;

/// The paragraphs and title of each of `versions` versions of story `s`.
pub fn versions(ctx: &Ctx, s: u32, versions: u8, b: &Base) -> Vec<(Vec<String>, String)> {
    let mut rng = Rng::of(&[ctx.seed, TAG_WILD_WRITETHRU, s as u64]);
    let full = &b.paras;
    let n = full.len();
    let v = versions.max(1) as usize;
    // Version 0 is the last 30% of the final text; each later one starts
    // further up.
    let first = n - (n * 3 / 10).max(1).min(n);
    let cut = |i: usize| first * (v - 1 - i) / (v - 1).max(1);
    let mut out: Vec<(Vec<String>, String)> = Vec::with_capacity(v);
    let mut prev: Vec<String> = full[cut(0)..].to_vec();
    out.push((prev.clone(), b.title.clone()));
    for i in 1..v {
        let mut next: Vec<String> = full[cut(i)..cut(i - 1)].to_vec();
        let mut old = prev.clone();
        // The old lede is rewritten.
        let lede = old.len().min(1);
        copy_edit(&mut old[..lede], &mut rng);
        next.extend(old);
        let title = if rng.chance(0.5) {
            format!("UPDATE {i}-{}", b.title)
        } else {
            headline(&next, &mut rng).unwrap_or_else(|| b.title.clone())
        };
        prev = next.clone();
        out.push((next, title));
    }
    out
}

/// Record `k` of a write-thru story: version `k` at the agency for
/// `k < versions`, else a copy of one version at another outlet.
pub fn render(ctx: &Ctx, s: u32, k: u16, versions_n: u8, b: &Base, rng: &mut Rng) -> Rendered {
    let vs = versions(ctx, s, versions_n, b);
    if (k as usize) < vs.len() {
        return version(ctx, s, k as usize, &vs[k as usize], b, rng);
    }
    let (paras, title) = &vs[rng.below(vs.len())];
    let vb = Base {
        paras: paras.clone(),
        title: title.clone(),
        outlet: b.outlet,
        day: b.day,
    };
    copy(ctx, s, k - versions_n as u16 + 1, &vb, rng)
}

fn version(
    ctx: &Ctx,
    s: u32,
    i: usize,
    (paras, title): &(Vec<String>, String),
    b: &Base,
    rng: &mut Rng,
) -> Rendered {
    let mut body = paras.clone();
    if i > 0 {
        let who = person(rng);
        body.insert(0, fill(rng.pick_s(UPDATE_NOTES), &[("person", &who)]));
    }
    let dress = Dress {
        outlet: b.outlet,
        day: Some(b.day),
        title: title.clone(),
        orig: None,
        boilerplate: rng.chance(0.5),
        n: rng.next_u64(),
    };
    let (text, _, url, source) = finish(ctx, dress, body, rng);
    // Versions go out through the day, two hours or so apart.
    let (h, m) = (6 + 2 * i + rng.below(2), rng.below(60));
    let date = format!("{}T{h:02}:{m:02}:00Z", iso_day(b.day));
    Rendered {
        id: format!("s{s}-v{i}"),
        source,
        date: Some(date),
        title: title.clone(),
        url,
        text,
        kind: if i == 0 { "original" } else { "reprint" },
        story: s,
        event: s,
        copy_kind: 0,
        overlays: [false; 3],
    }
}
