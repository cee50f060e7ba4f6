//! A story's own records: its original and its copies at other outlets.
//!
//! A copy is a full reprint, a truncation, a middle page, a copy with
//! dropped or reordered paragraphs, or the text under a new headline only;
//! copy edits, typography and re-wrapping may come on top. All keep the
//! story's id in the truth.

use crate::base::{Base, headline};
use crate::edits::{copy_edit, drop_or_reorder, middle_run, truncation};
use crate::noise::{retypeset, wrap};
use crate::options::Profile;
use crate::record::{Ctx, Dress, Rendered, finish, maybe_missing, ocr_pass};
use crate::rng::{Rng, TAG_OUTLETS};
use crate::templates::{CONTINUED_FROM, CONTINUED_ON, TRUNC_TAILS};
use crate::text::fill;

/// A story's first publication, at its own outlet.
pub fn original(ctx: &Ctx, s: u32, b: &Base, rng: &mut Rng) -> Rendered {
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

/// Copy `k` of story `s`, at an outlet of its own.
pub fn copy(ctx: &Ctx, s: u32, k: u16, b: &Base, rng: &mut Rng) -> Rendered {
    // Copies of one story go to distinct outlets.
    let mut outlets: Vec<usize> = (0..ctx.outlets.len()).filter(|&o| o != b.outlet).collect();
    Rng::of(&[ctx.seed, TAG_OUTLETS, s as u64]).shuffle(&mut outlets);
    let outlet = outlets[(k as usize - 1) % outlets.len()];
    let t = treat(ctx, b, rng);
    let (copy_kind, mut paras) = (t.copy_kind, t.paras);
    let mut overlays = [false; 3];
    if copy_kind != 5 && rng.chance(0.3) {
        copy_edit(&mut paras, rng);
        overlays[0] = true;
    }
    if let Some((from, on)) = t.chrome {
        paras.insert(0, from);
        paras.push(on);
    }
    if let Some(tail) = t.tail {
        paras.push(tail);
    }
    let title = if t.new_title {
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
        boilerplate: t.boilerplate,
        n: rng.next_u64(),
    };
    let (mut text, date, url, source) = finish(ctx, dress, paras, rng);
    if copy_kind != 5 && rng.chance(0.3) {
        text = retypeset(&text, rng);
        overlays[1] = true;
    }
    if copy_kind != 5 && ctx.profile != Profile::Ocr && rng.chance(0.15) {
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
        kind: t.kind,
        story: s,
        event: s,
        copy_kind,
        overlays,
    }
}

/// A copy's treatment before the overlays: which part of the story it
/// carries, and what it wears around it.
struct Treated {
    paras: Vec<String>,
    kind: &'static str,
    /// An index into `COPY_KINDS`.
    copy_kind: usize,
    boilerplate: bool,
    new_title: bool,
    /// A middle page's "continued from" and "continued on" lines.
    chrome: Option<(String, String)>,
    /// A truncation's "read the full story" line.
    tail: Option<String>,
}

/// Draw a copy's treatment; a middle page or truncation the story is too
/// short for falls back to the next simpler treatment.
fn treat(ctx: &Ctx, b: &Base, rng: &mut Rng) -> Treated {
    let mut t = Treated {
        paras: b.paras.clone(),
        kind: "reprint",
        copy_kind: 0,
        boilerplate: true,
        new_title: rng.chance(0.5),
        chrome: None,
        tail: None,
    };
    t.copy_kind = match rng.below(100) {
        0..50 => 1,
        50..65 => 2,
        65..80 => 3,
        80..90 => 4,
        _ => 5,
    };
    if t.copy_kind == 3 {
        match middle_run(&t.paras, rng) {
            Some((a, e)) => {
                t.paras = t.paras[a..e].to_vec();
                t.kind = "partial";
                t.chrome = Some(continued_chrome(&b.title, rng));
                t.boilerplate = rng.chance(0.5);
            }
            None => t.copy_kind = 2,
        }
    }
    if t.copy_kind == 2 {
        match truncation(&t.paras, rng) {
            Some(k) => {
                t.paras.truncate(k);
                t.kind = "partial";
                if rng.chance(0.5) {
                    let od = &ctx.outlets[b.outlet].domain;
                    t.tail = Some(fill(rng.pick_s(TRUNC_TAILS), &[("origdomain", od)]));
                }
            }
            None => t.copy_kind = 1,
        }
    }
    if t.copy_kind == 4 && !drop_or_reorder(&mut t.paras, rng) {
        t.copy_kind = 1;
    }
    if t.copy_kind == 5 {
        t.new_title = true;
        t.boilerplate = false;
    }
    t
}

/// The "continued from page 3" and "continued on page 5" lines of a
/// middle page.
fn continued_chrome(title: &str, rng: &mut Rng) -> (String, String) {
    let p = rng.range(1, 6);
    let vars = [
        ("p", p.to_string()),
        ("q", (p + rng.range(1, 9)).to_string()),
        (
            "word",
            title
                .split_whitespace()
                .next()
                .unwrap_or("Story")
                .to_uppercase(),
        ),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    (
        fill(rng.pick_s(CONTINUED_FROM), &vars),
        fill(rng.pick_s(CONTINUED_ON), &vars),
    )
}
