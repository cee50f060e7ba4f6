//! Containers: pages that carry other stories without reprinting any.
//!
//! A live file ("The Latest") or a "News in Brief" digest strings together
//! 2-5 briefs, each a short story also printed on its own (or the head of a
//! longer one); an aggregator page lists snippets of several stories; a
//! gallery collects the captions that an outlet's stories embed. Each is a
//! story of its own, kind `derivative`, with the event of its first item:
//! grouping it with any one of its items is a false merge.

use crate::base::Base;
use crate::record::{Bases, Ctx, Dress, Rendered, finish};
use crate::rng::Rng;
use crate::templates::{PLACES, WEEKDAYS};
use crate::text::{capitalize, fill, slug, word_count};
use crate::wild::templates::*;

/// The kinds of container, as stored in `StoryKind::Container::form`.
pub const LIVE: u8 = 0;
pub const DIGEST: u8 = 1;
pub const AGGREGATOR: u8 = 2;
pub const GALLERY: u8 = 3;
pub const FORMS: [&str; 4] = ["live file", "digest", "aggregator", "gallery"];

/// Container story `s` carrying `items` (none for a gallery).
pub fn render(
    ctx: &Ctx,
    s: u32,
    own: &Base,
    form: u8,
    items: &[u32],
    bases: &Bases,
    rng: &mut Rng,
) -> Rendered {
    // The event of a container is its first item's own story.
    let event = items.first().copied().unwrap_or(s);
    let items: Vec<&Base> = items.iter().map(|i| &bases[i]).collect();
    let mut outlet = own.outlet;
    let section = capitalize(ctx.outlets[outlet].sections[0]);
    let weekday = rng.pick_s(WEEKDAYS);
    let topic = items.first().map_or("the day's news", |b| b.title.as_str());
    let vars = [
        ("topic", topic),
        ("weekday", weekday),
        ("section", &section),
    ];
    let (title, paras) = match form {
        LIVE => (
            fill(rng.pick_s(LIVE_TITLES), &vars),
            live(&items, &vars, rng),
        ),
        DIGEST => (
            fill(rng.pick_s(DIGEST_TITLES), &vars),
            digest(&items, &vars, rng),
        ),
        AGGREGATOR => (
            rng.pick_s(AGGREGATOR_TITLES).to_string(),
            aggregator(ctx, &items, rng),
        ),
        _ => {
            outlet = gallery_outlet(ctx, outlet);
            let place = rng.pick_s(PLACES);
            let vars = [("place", place), ("section", section.as_str())];
            (
                fill(rng.pick_s(GALLERY_TITLES), &vars),
                gallery(ctx, outlet, rng),
            )
        }
    };
    let day = items.first().map_or(own.day, |b| b.day);
    let dress = Dress {
        outlet,
        day: Some(day),
        title: title.clone(),
        orig: None,
        boilerplate: rng.chance(0.8),
        n: rng.next_u64(),
    };
    let (text, date, url, source) = finish(ctx, dress, paras, rng);
    Rendered {
        id: format!("s{s}-r0"),
        source,
        date,
        title,
        url,
        text,
        kind: "derivative",
        story: s,
        event,
        copy_kind: 0,
        overlays: [false; 3],
    }
}

/// A brief: all of a short story, or the first paragraph or two of a long one.
fn brief(b: &Base, rng: &mut Rng) -> Vec<String> {
    let words: usize = b.paras.iter().map(|p| word_count(p)).sum();
    if words <= 160 {
        b.paras.clone()
    } else {
        b.paras.iter().take(rng.range(1, 2)).cloned().collect()
    }
}

fn live(items: &[&Base], vars: &[(&str, &str)], rng: &mut Rng) -> Vec<String> {
    let mut out = vec![fill(rng.pick_s(LIVE_INTROS), vars)];
    let mut minutes = rng.range(6 * 60, 9 * 60);
    // Newest first, as live files run.
    let mut entries = Vec::new();
    for b in items {
        let (h, m) = (minutes / 60, minutes % 60);
        let stamp = format!(
            "{}:{m:02} {}",
            (h + 11) % 12 + 1,
            if h < 12 { "a.m." } else { "p.m." }
        );
        let mut entry = vec![stamp, b.title.to_uppercase()];
        entry.extend(brief(b, rng));
        entries.push(entry);
        minutes += rng.range(20, 150);
    }
    for e in entries.into_iter().rev() {
        out.extend(e);
    }
    out
}

fn digest(items: &[&Base], vars: &[(&str, &str)], rng: &mut Rng) -> Vec<String> {
    let mut out = vec![fill(rng.pick_s(DIGEST_INTROS), vars)];
    for b in items {
        out.push(b.title.clone());
        out.extend(brief(b, rng));
    }
    out
}

fn aggregator(ctx: &Ctx, items: &[&Base], rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    for b in items {
        let o = &ctx.outlets[b.outlet];
        let lede = b.paras.first().map_or("", String::as_str);
        let words: Vec<&str> = lede.split_whitespace().collect();
        let take = rng.range(25, 45).min(words.len());
        let url = format!("https://{}/{}", o.domain, slug(&b.title));
        let tail = fill(
            rng.pick_s(SNIPPET_TAILS),
            &[("domain", &o.domain), ("outlet", &o.name), ("url", &url)],
        );
        out.push(b.title.clone());
        out.push(format!("{} ...", words[..take].join(" ")));
        out.push(tail);
    }
    out
}

/// An outlet whose stories embed captions: this one, or the next that does.
fn gallery_outlet(ctx: &Ctx, o: usize) -> usize {
    let n = ctx.outlets.len();
    (0..n)
        .map(|i| (o + i) % n)
        .find(|&i| ctx.wild[i].embeds > 0.0)
        .unwrap_or(o)
}

fn gallery(ctx: &Ctx, outlet: usize, rng: &mut Rng) -> Vec<String> {
    let mut out = vec![rng.pick_s(GALLERY_INTROS).to_string()];
    for (i, c) in ctx.wild[outlet].captions.iter().enumerate() {
        out.push(format!("{}/{}", i + 1, ctx.wild[outlet].captions.len()));
        out.push(c.clone());
    }
    out
}
