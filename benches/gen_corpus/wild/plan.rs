//! The wild profile's plan: the clean profile's kinds of story for most
//! records, plus write-thrus, notices, briefs, containers and the extra
//! records of some stories, adding up to `--records` exactly.

use crate::options::{Args, DERIVATIVE_SHARE, INDEPENDENT_SHARE};
use crate::plan::{
    Extra, PlanStats, RecPlan, Story, StoryKind, TextSrc, assign_pool_text, copy_counts,
    number_stories, story_kinds,
};
use crate::pool::Body;
use crate::rng::{FastMap, Rng, TAG_SHUFFLE};
use crate::wild::TAG_WILD_PLAN;
use crate::wild::containers::{AGGREGATOR, DIGEST, GALLERY, LIVE};
use crate::wild::templates::NOTICES;

/// Shares of the records given to each added mechanism.
const WRITETHRU_SHARE: f64 = 0.03;
const NOTICE_SHARE: f64 = 0.015;
const CONTAINER_SHARE: f64 = 0.015;
const SCRAPE_SHARE: f64 = 0.025;
const LEDE_SHARE: f64 = 0.015;
const EXCERPT_SHARE: f64 = 0.015;

/// What the wild plan added, for the summary.
#[derive(Default)]
pub struct WildPlanStats {
    pub writethrus: usize,
    pub notices: usize,
    pub briefs: usize,
    pub containers: [usize; 4],
    pub scrapes: usize,
    pub ledes: usize,
    pub excerpts: usize,
}

/// The stories and the record plans (in file order) of a wild corpus.
pub fn plan(args: &Args, pool: &[Body]) -> (Vec<Story>, PlanStats, Vec<RecPlan>, WildPlanStats) {
    let n = args.records;
    let mut rng = Rng::of(&[args.seed, TAG_WILD_PLAN]);
    let share = |x: f64| (n as f64 * x).round() as usize;
    let mut added = [
        WRITETHRU_SHARE,
        NOTICE_SHARE,
        CONTAINER_SHARE,
        SCRAPE_SHARE,
        LEDE_SHARE,
        EXCERPT_SHARE,
    ]
    .map(share);
    if added.iter().sum::<usize>() * 2 > n {
        added = [0; 6];
    }
    let [n_wt, n_notice, n_cont, n_scrape, n_lede, n_excerpt] = added;
    let core = n - added.iter().sum::<usize>();
    let mut n_indep = 2 * ((core as f64 * INDEPENDENT_SHARE / 2.0).round() as usize);
    let mut n_deriv = (core as f64 * DERIVATIVE_SHARE).round() as usize;
    if n_indep + n_deriv >= core {
        (n_indep, n_deriv) = (0, 0);
    }
    let copies = copy_counts(core - n_indep - n_deriv, args.zipf, &mut rng);
    let originals = copies.len();
    let mut kinds = story_kinds(&copies, n_deriv, n_indep, &mut rng);
    let mut stats = WildPlanStats::default();
    add_writethrus(&mut kinds, n_wt, &mut rng, &mut stats);
    let notices = add_notices(&mut kinds, n_notice, &mut rng, &mut stats);
    let briefs = add_containers(&mut kinds, originals, n_cont, &mut rng, &mut stats);
    let (mut stories, number) = number_stories(&kinds, args, &mut rng);
    for (i, t) in notices {
        stories[number[i] as usize].text = TextSrc::Notice(t);
    }
    for i in briefs {
        stories[number[i] as usize].text = TextSrc::Markov(rng.range(50, 130) as u32);
    }
    for st in stories.iter_mut() {
        if matches!(st.kind, StoryKind::Container { .. }) {
            st.text = TextSrc::Markov(0);
        }
    }
    assign_pool_text(&mut stories, pool);
    let mut plans = story_plans(&stories);
    let targets: Vec<u32> = (0..originals).map(|i| number[i]).collect();
    add_extras(
        &mut plans,
        &stories,
        &targets,
        [n_scrape, n_lede, n_excerpt],
        &mut rng,
        &mut stats,
    );
    Rng::of(&[args.seed, TAG_SHUFFLE]).shuffle(&mut plans);
    let plan_stats = PlanStats::of(&stories);
    (stories, plan_stats, plans, stats)
}

/// Write-thru stories of 3-5 versions and 0-4 copies, `records` in all.
fn add_writethrus(
    kinds: &mut Vec<StoryKind>,
    records: usize,
    rng: &mut Rng,
    st: &mut WildPlanStats,
) {
    let mut left = records;
    while left > 0 {
        let versions = rng.range(3, 5).min(left);
        let copies = rng.range(0, 4).min(left - versions);
        kinds.push(StoryKind::WriteThru {
            versions: versions as u8,
            copies: copies as u16,
        });
        left -= versions + copies;
        st.writethrus += 1;
    }
}

/// Notices with 0-2 copies each, `records` in all; (kind index, template).
fn add_notices(
    kinds: &mut Vec<StoryKind>,
    records: usize,
    rng: &mut Rng,
    st: &mut WildPlanStats,
) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    let mut left = records;
    while left > 0 {
        let copies = rng.range(0, 2).min(left - 1);
        out.push((kinds.len(), rng.below(NOTICES.len()) as u8));
        kinds.push(StoryKind::Original {
            copies: copies as u16,
        });
        left -= 1 + copies;
        st.notices += 1;
    }
    out
}

/// `count` containers of 2-5 items (galleries: none) drawn from the first
/// `originals` kinds; most items are briefs, the short originals returned.
fn add_containers(
    kinds: &mut Vec<StoryKind>,
    originals: usize,
    count: usize,
    rng: &mut Rng,
    st: &mut WildPlanStats,
) -> Vec<usize> {
    if originals == 0 {
        return Vec::new();
    }
    let mut briefs: Vec<usize> = (0..originals).collect();
    rng.shuffle(&mut briefs);
    briefs.truncate((count * 2).clamp(1, originals.div_ceil(10)));
    for _ in 0..count {
        let form = match rng.below(100) {
            0..30 => LIVE,
            30..60 => DIGEST,
            60..85 => AGGREGATOR,
            _ => GALLERY,
        };
        let n = if form == GALLERY { 0 } else { rng.range(2, 5) };
        let mut items = [0u32; 5];
        for it in items.iter_mut().take(n) {
            *it = if rng.chance(0.7) {
                *rng.pick(&briefs) as u32
            } else {
                rng.below(originals) as u32
            };
        }
        kinds.push(StoryKind::Container {
            form,
            items,
            n: n as u8,
        });
        st.containers[form as usize] += 1;
    }
    st.briefs = briefs.len();
    briefs
}

/// Every story's own records, in story order.
pub fn story_plans(stories: &[Story]) -> Vec<RecPlan> {
    let mut plans = Vec::new();
    for (s, st) in stories.iter().enumerate() {
        let records = match st.kind {
            StoryKind::Original { copies } => 1 + copies as usize,
            StoryKind::WriteThru { versions, copies } => versions as usize + copies as usize,
            _ => 1,
        };
        for k in 0..records {
            plans.push(RecPlan {
                story: s as u32,
                k: k as u16,
                extra: Extra::None,
            });
        }
    }
    plans
}

/// Repeated fetches of some pages (1-11 more each), lede copies (2-4 per
/// story) and short excerpts (1-2 per story) of originals, counts as given.
fn add_extras(
    plans: &mut Vec<RecPlan>,
    stories: &[Story],
    originals: &[u32],
    [scrapes, ledes, excerpts]: [usize; 3],
    rng: &mut Rng,
    st: &mut WildPlanStats,
) {
    let pages: Vec<RecPlan> = plans
        .iter()
        .filter(|p| matches!(stories[p.story as usize].kind, StoryKind::Original { .. }))
        .copied()
        .collect();
    let usable: Vec<u32> = originals
        .iter()
        .copied()
        .filter(|&s| !matches!(stories[s as usize].text, TextSrc::Notice(_)))
        .collect();
    if pages.is_empty() || usable.is_empty() {
        return;
    }
    // Numbers already given, so that a page or story drawn twice gets new ids.
    let mut fetches: FastMap<(u32, u16), u8> = FastMap::default();
    let mut left = scrapes;
    while left > 0 {
        let page = *rng.pick(&pages);
        let done = fetches.entry((page.story, page.k)).or_insert(0);
        for _ in 0..rng.range(1, 11).min(left) {
            *done += 1;
            plans.push(RecPlan {
                extra: Extra::Scrape(*done),
                ..page
            });
            left -= 1;
        }
        st.scrapes += 1;
    }
    let mut given: FastMap<(u32, bool), u16> = FastMap::default();
    for (count, extra, most) in [(ledes, Extra::Lede, 4), (excerpts, Extra::Excerpt, 2)] {
        let mut left = count;
        while left > 0 {
            let story = *rng.pick(&usable);
            let done = given.entry((story, extra == Extra::Lede)).or_insert(0);
            for _ in 0..rng.range(most / 2, most).min(left) {
                plans.push(RecPlan {
                    story,
                    k: *done,
                    extra,
                });
                *done += 1;
                left -= 1;
            }
            if extra == Extra::Lede {
                st.ledes += 1;
            } else {
                st.excerpts += 1;
            }
        }
    }
}
