//! A story's own text and metadata as first published.
//!
//! Every record of a story (and every derivative or independent quoting it)
//! starts from this one `Base`, made once from the story's own stream.

use crate::noise::curl;
use crate::options::{FIRST_DAY, SPAN_DAYS};
use crate::plan::TextSrc;
use crate::record::Ctx;
use crate::rng::{Rng, TAG_MARKOV, TAG_STORY};
use crate::templates::STOPWORDS;
use crate::text::capitalize;
use crate::wild::notices::notice;

/// A story's own text and metadata as first published.
#[derive(Clone)]
pub struct Base {
    pub paras: Vec<String>,
    pub title: String,
    pub outlet: usize,
    pub day: i64,
}

/// Story `s`'s text, title, outlet and day, from its own stream.
pub fn base(ctx: &Ctx, s: u32) -> Base {
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
        TextSrc::Notice(t) => notice(ctx.seed, s, t),
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
pub fn headline(paras: &[String], rng: &mut Rng) -> Option<String> {
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
