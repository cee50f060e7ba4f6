//! Stories built on another: derivatives and same-event independents.
//!
//! These are the near misses a detector must not merge: a derivative quotes
//! one or two of a source's paragraphs inside its own text, and a pair of
//! independents shares the event's names and one quoted sentence. Each is a
//! story of its own; the truth's `event` ties it to the source.

use crate::base::{Base, headline};
use crate::event::{entities, pick_sentence};
use crate::record::{Ctx, Dress, Rendered, finish, maybe_missing, ocr_pass, pick_other_outlet};
use crate::rng::{Rng, TAG_ENTITY, TAG_QUOTE};
use crate::templates::{INDEPENDENT_LEADS, LEAD_INS, QUOTE_FRAMES, SURNAMES, WEEKDAYS};
use crate::text::{fill, person, word_count};

/// A story of its own quoting one or two paragraphs of `source` (at most a
/// quarter of its words), under a lead-in naming the source outlet.
pub fn derivative(
    ctx: &Ctx,
    s: u32,
    own: &Base,
    src: u32,
    source: &Base,
    rng: &mut Rng,
) -> Rendered {
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
pub fn independent(
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
    let names = event_names(ctx, src, source);
    let mut paras = own.paras.clone();
    let weekday = rng.pick_s(WEEKDAYS);
    let lead = fill(
        rng.pick_s(INDEPENDENT_LEADS),
        &[("e1", &names[0]), ("e2", &names[1]), ("weekday", weekday)],
    );
    if let Some((pi, sentence)) = quote {
        quote_in(&mut paras, pi, &sentence, &names, first, rng);
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

/// Names of the event (from the source story), padded with invented ones
/// to at least three; the same for every story of the event.
fn event_names(ctx: &Ctx, src: u32, source: &Base) -> Vec<String> {
    let mut names = entities(&source.paras);
    let mut erng = Rng::of(&[ctx.seed, TAG_ENTITY, src as u64]);
    while names.len() < 3 {
        names.push(if names.len() == 2 {
            format!("{} Holdings", erng.pick_s(SURNAMES))
        } else {
            person(&mut erng)
        });
    }
    names
}

/// Put the shared sentence into `paras` as a quotation: the pair's first
/// story quotes it where it stood in its own paragraph `pi`, the second
/// anywhere after the lead.
fn quote_in(
    paras: &mut Vec<String>,
    pi: usize,
    sentence: &str,
    names: &[String],
    first: bool,
    rng: &mut Rng,
) {
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
                .replacen(sentence, "", 1)
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
