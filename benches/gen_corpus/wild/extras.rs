//! Records the wild profile adds to a story: repeated scrapes, copies of
//! its lede, and very short excerpts.
//!
//! A scraper that fetches one page several times stores the same bytes
//! under new ids; many outlets run only a story's lede (sometimes
//! copy-edited); and a 15-25-word excerpt is all some pages keep. All stay
//! in the story in the truth: a scrape is a `reprint`, the others `partial`.

use crate::base::{Base, headline};
use crate::edits::copy_edit;
use crate::noise::retypeset;
use crate::plan::{Extra, RecPlan};
use crate::record::{Bases, Ctx, Dress, Rendered, finish, pick_other_outlet, record};
use crate::rng::Rng;
use crate::wild::TAG_WILD_EXTRA;

/// Render an extra record of `plan.story`.
pub fn render(ctx: &Ctx, bases: &Bases, plan: RecPlan) -> Rendered {
    let s = plan.story;
    let b = &bases[&s];
    let code = match plan.extra {
        Extra::None | Extra::Scrape(_) => 0,
        Extra::Lede => 1,
        Extra::Excerpt => 2,
    };
    let mut rng = Rng::of(&[ctx.seed, TAG_WILD_EXTRA, s as u64, plan.k as u64, code]);
    match plan.extra {
        Extra::Scrape(j) => {
            // The same page as the plain record; `dress` makes the bytes
            // equal, wrappers and all.
            let mut r = record(
                ctx,
                bases,
                RecPlan {
                    extra: Extra::None,
                    ..plan
                },
            );
            r.id = format!("{}-f{j}", r.id);
            r.kind = "reprint";
            r
        }
        Extra::Lede => lede(ctx, s, plan.k, b, &mut rng),
        _ => excerpt(ctx, s, plan.k, b, &mut rng),
    }
}

/// The lede alone, the lede and the next paragraph, or a copy-edited lede.
fn lede(ctx: &Ctx, s: u32, j: u16, b: &Base, rng: &mut Rng) -> Rendered {
    let mut paras: Vec<String> = b.paras.iter().take(rng.range(1, 2)).cloned().collect();
    if rng.chance(0.5) {
        copy_edit(&mut paras, rng);
    }
    let title = if rng.chance(0.4) {
        headline(&b.paras, rng).unwrap_or_else(|| b.title.clone())
    } else {
        b.title.clone()
    };
    short_copy(ctx, s, format!("s{s}-l{j}"), title, paras, b, rng)
}

/// One contiguous run of 15-25 words from anywhere in the story.
fn excerpt(ctx: &Ctx, s: u32, j: u16, b: &Base, rng: &mut Rng) -> Rendered {
    let words: Vec<&str> = b.paras.iter().flat_map(|p| p.split_whitespace()).collect();
    let len = rng.range(15, 25).min(words.len());
    let start = rng.below(words.len() - len + 1);
    let text = format!("\"{} ...\"", words[start..start + len].join(" "));
    let title = b.title.clone();
    short_copy(ctx, s, format!("s{s}-x{j}"), title, vec![text], b, rng)
}

fn short_copy(
    ctx: &Ctx,
    s: u32,
    id: String,
    title: String,
    paras: Vec<String>,
    b: &Base,
    rng: &mut Rng,
) -> Rendered {
    let outlet = pick_other_outlet(ctx, b.outlet, rng);
    let dress = Dress {
        outlet,
        // A day or more after the story, so never before its original.
        day: Some(b.day + rng.range(1, 3) as i64),
        title: title.clone(),
        orig: Some(ctx.outlets[b.outlet].name.as_str()),
        boilerplate: rng.chance(0.7),
        n: rng.next_u64(),
    };
    let (mut text, date, url, source) = finish(ctx, dress, paras, rng);
    if rng.chance(0.3) {
        text = retypeset(&text, rng);
    }
    Rendered {
        id,
        source,
        date,
        title,
        url,
        text,
        kind: "partial",
        story: s,
        event: s,
        copy_kind: 0,
        overlays: [false; 3],
    }
}
