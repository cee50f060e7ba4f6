//! Making one record: what it needs, which kind it is, and its dress.
//!
//! `record` dispatches on the story's kind; the kinds themselves are in
//! `copies` and `derived`. `finish` puts on what every kind of record
//! wears alike (the outlet's header and footer, the date and url), and
//! `ocr_pass` the scanned look of the OCR profile.

use crate::base::Base;
use crate::copies::{copy, original};
use crate::derived::{derivative, independent};
use crate::markov::Markov;
use crate::noise::{ocr_noise, wrap};
use crate::options::Profile;
use crate::outlets::{FootInfo, Outlet};
use crate::plan::{Extra, RecPlan, Story, StoryKind};
use crate::pool::Body;
use crate::rng::{FastMap, Rng, TAG_RECORD};
use crate::wild::outlets::WildOutlet;
use crate::wild::{containers, extras, writethru};

/// Everything a record is made from, shared read-only by every thread.
pub struct Ctx {
    pub seed: u64,
    pub profile: Profile,
    pub ocr_rate: f64,
    pub pool: Vec<Body>,
    pub markov: Markov,
    pub outlets: Vec<Outlet>,
    pub stories: Vec<Story>,
    /// The outlets' habits in the wild profile (empty in the others).
    pub wild: Vec<WildOutlet>,
}

/// One record as written, with its truth and what the summary counts.
pub struct Rendered {
    pub id: String,
    pub source: String,
    pub date: Option<String>,
    pub title: String,
    pub url: String,
    pub text: String,
    pub kind: &'static str,
    pub story: u32,
    pub event: u32,
    /// An index into `COPY_KINDS` (0 for records that are not copies).
    pub copy_kind: usize,
    /// Copy edits, retypesetting, re-wrapping.
    pub overlays: [bool; 3],
}

/// The treatments of a copy, for the summary.
pub const COPY_KINDS: [&str; 6] = [
    "-",
    "full reprint",
    "truncation",
    "middle page",
    "dropped/reordered",
    "new headline only",
];

/// Any outlet but `not`, uniformly.
pub fn pick_other_outlet(ctx: &Ctx, not: usize, rng: &mut Rng) -> usize {
    let o = rng.below(ctx.outlets.len() - 1);
    if o >= not { o + 1 } else { o }
}

/// Story texts in use, each made once and dropped after its last record.
pub type Bases = FastMap<u32, Base>;

/// The stories whose text a record is made from.
pub fn needs(ctx: &Ctx, plan: RecPlan, out: &mut Vec<u32>) {
    let s = plan.story;
    out.push(s);
    match ctx.stories[s as usize].kind {
        StoryKind::Original { .. } => {}
        StoryKind::Derivative { src } => out.push(src),
        StoryKind::Independent {
            src,
            partner,
            first,
        } => {
            out.push(src);
            if !first {
                out.push(partner);
            }
        }
        StoryKind::WriteThru { .. } => {}
        StoryKind::Container { items, n, .. } => out.extend_from_slice(&items[..n as usize]),
    }
}

/// Render one record from its plan and the story texts it needs.
pub fn record(ctx: &Ctx, bases: &Bases, plan: RecPlan) -> Rendered {
    let s = plan.story;
    if plan.extra != Extra::None {
        return extras::render(ctx, bases, plan);
    }
    let mut rng = Rng::of(&[ctx.seed, TAG_RECORD, s as u64, plan.k as u64]);
    let b = |s: u32| &bases[&s];
    match ctx.stories[s as usize].kind {
        StoryKind::Original { .. } if plan.k == 0 => original(ctx, s, b(s), &mut rng),
        StoryKind::Original { .. } => copy(ctx, s, plan.k, b(s), &mut rng),
        StoryKind::Derivative { src } => derivative(ctx, s, b(s), src, b(src), &mut rng),
        StoryKind::Independent {
            src,
            partner,
            first,
        } => {
            let a = if first { b(s) } else { b(partner) };
            independent(ctx, s, b(s), src, b(src), partner, a, first, &mut rng)
        }
        StoryKind::WriteThru { versions, .. } => {
            writethru::render(ctx, s, plan.k, versions, b(s), &mut rng)
        }
        StoryKind::Container { form, items, n } => {
            let items = &items[..n as usize];
            containers::render(ctx, s, b(s), form, items, bases, &mut rng)
        }
    }
}

/// Everything but the body, shared by every kind of record.
pub struct Dress<'a> {
    pub outlet: usize,
    pub day: Option<i64>,
    pub title: String,
    pub orig: Option<&'a str>,
    pub boilerplate: bool,
    pub n: u64,
}

/// Header, body, footer; the date and url; the OCR profile's noise.
pub fn finish(
    ctx: &Ctx,
    dress: Dress,
    body: Vec<String>,
    rng: &mut Rng,
) -> (String, Option<String>, String, String) {
    let o = &ctx.outlets[dress.outlet];
    let section = rng.pick_s(&o.sections);
    let url = o.url(section, dress.day, &dress.title, dress.n);
    let author = o.staff[rng.below(o.staff.len())].clone();
    let mut parts = Vec::with_capacity(body.len() + 8);
    if dress.boilerplate {
        parts.extend(o.header(&author, rng));
    }
    parts.extend(body);
    if dress.boilerplate {
        let info = FootInfo {
            orig: dress.orig,
            url: &url,
            day: dress.day,
            author: &author,
        };
        parts.extend(o.footer(&info, rng));
    }
    let text = parts.join("\n\n");
    let date = dress.day.map(|d| o.date(d, rng));
    (text, date, url, o.name.clone())
}

/// The OCR profile's look: re-wrapped at a column, then character noise.
pub fn ocr_pass(ctx: &Ctx, text: String, rng: &mut Rng) -> String {
    if ctx.profile != Profile::Ocr {
        return text;
    }
    let width = rng.range(55, 80);
    let wrapped = wrap(&text, width, 0.8, rng);
    ocr_noise(&wrapped, ctx.ocr_rate, rng)
}

/// Five records in a hundred have no date, as scraped pages often do not.
pub fn maybe_missing(day: i64, rng: &mut Rng) -> Option<i64> {
    (!rng.chance(0.05)).then_some(day)
}
