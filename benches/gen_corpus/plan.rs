//! The plan: which stories there are, their kinds, and where their text comes from.
//!
//! Planning is done once, up front and sequentially, so that every record
//! can then be made on its own (in any order, on any thread) from its
//! story's plan and its own random stream.

use crate::options::{Args, DERIVATIVE_SHARE, INDEPENDENT_SHARE, MAX_COPIES};
use crate::pool::Body;
use crate::rng::{Rng, TAG_NUMBER, TAG_PLAN};

/// Where a story's text comes from.
#[derive(Clone, Copy)]
pub enum TextSrc {
    /// Kept Reuters bodies `start..end`.
    Pool(u32, u32),
    /// Markov text of about this many words.
    Markov(u32),
    /// A wire notice made from template `NOTICES[i]` (wild profile).
    Notice(u8),
}

/// What a story is; `src` and `partner` are story numbers.
#[derive(Clone, Copy)]
pub enum StoryKind {
    Original {
        copies: u16,
    },
    Derivative {
        src: u32,
    },
    Independent {
        src: u32,
        partner: u32,
        first: bool,
    },
    /// Wild profile: `versions` write-thrus of one wire story, then `copies`
    /// reprints of them; one story in the truth.
    WriteThru {
        versions: u8,
        copies: u16,
    },
    /// Wild profile: a live file, digest, aggregator page or gallery
    /// (`wild::containers::Form`) carrying `items[..n]`.
    Container {
        form: u8,
        items: [u32; 5],
        n: u8,
    },
}

impl StoryKind {
    /// The same kind with its story numbers renumbered.
    fn renumber(self, number: &[u32]) -> StoryKind {
        let num = |s: u32| number[s as usize];
        match self {
            StoryKind::Original { copies } => StoryKind::Original { copies },
            StoryKind::Derivative { src } => StoryKind::Derivative { src: num(src) },
            StoryKind::Independent {
                src,
                partner,
                first,
            } => StoryKind::Independent {
                src: num(src),
                partner: num(partner),
                first,
            },
            StoryKind::WriteThru { .. } => self,
            StoryKind::Container { form, items, n } => StoryKind::Container {
                form,
                items: items.map(num),
                n,
            },
        }
    }
}

#[derive(Clone, Copy)]
pub struct Story {
    pub kind: StoryKind,
    pub text: TextSrc,
}

/// One record: copy `k` of a story (0 is the story's own record).
#[derive(Clone, Copy)]
pub struct RecPlan {
    pub story: u32,
    pub k: u16,
    pub extra: Extra,
}

/// Wild profile: records added to a story beside its original and copies.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    None,
    /// Fetch `j` (from 1) of the page of copy `k`: the same bytes again.
    Scrape(u8),
    /// Copy `k` of the story's lede: an excerpt or a copy-edited version.
    Lede,
    /// A 15-25-word contiguous excerpt, number `k`.
    Excerpt,
}

/// Cumulative weights of 0..=MAX_COPIES copies: P(c) ~ (c+1)^-alpha.
pub fn copy_count_weights(alpha: f64) -> Vec<f64> {
    let mut cum = Vec::with_capacity(MAX_COPIES + 1);
    let mut acc = 0.0;
    for c in 0..=MAX_COPIES {
        acc += ((c + 1) as f64).powf(-alpha);
        cum.push(acc);
    }
    cum
}

/// How many story texts come from each source.
pub struct PlanStats {
    pub pool_texts: usize,
    pub markov_texts: usize,
}

/// Every story of the corpus, numbered in a seeded order, with the source
/// of its text; the records of the plan add up to `args.records` exactly.
pub fn plan_stories(args: &Args, pool: &[Body]) -> (Vec<Story>, PlanStats) {
    let n = args.records;
    let mut rng = Rng::of(&[args.seed, TAG_PLAN]);
    let mut n_indep = 2 * ((n as f64 * INDEPENDENT_SHARE / 2.0).round() as usize);
    let mut n_deriv = (n as f64 * DERIVATIVE_SHARE).round() as usize;
    if n_indep + n_deriv >= n {
        n_indep = 0;
        n_deriv = 0;
    }
    let copies = copy_counts(n - n_indep - n_deriv, args.zipf, &mut rng);
    let kinds = story_kinds(&copies, n_deriv, n_indep, &mut rng);
    let (mut stories, _) = number_stories(&kinds, args, &mut rng);
    assign_pool_text(&mut stories, pool);
    let stats = PlanStats::of(&stories);
    (stories, stats)
}

impl PlanStats {
    pub fn of(stories: &[Story]) -> PlanStats {
        let mut stats = PlanStats {
            pool_texts: 0,
            markov_texts: 0,
        };
        // Containers carry other stories' text, none of their own.
        for st in stories
            .iter()
            .filter(|s| !matches!(s.kind, StoryKind::Container { .. }))
        {
            match st.text {
                TextSrc::Pool(..) => stats.pool_texts += 1,
                TextSrc::Markov(_) => stats.markov_texts += 1,
                TextSrc::Notice(_) => {}
            }
        }
        stats
    }
}

/// Originals with power-law copy counts, filling `copy_records` exactly.
pub fn copy_counts(copy_records: usize, zipf: f64, rng: &mut Rng) -> Vec<u16> {
    let cum = copy_count_weights(zipf);
    let mut copies = Vec::new();
    let mut filled = 0;
    while filled < copy_records {
        let c = rng.cumulative(&cum).min(copy_records - filled - 1);
        copies.push(c as u16);
        filled += 1 + c;
    }
    copies
}

/// The originals, then the derivatives, then the pairs of independents,
/// their sources drawn by size: larger stories attract more derivatives
/// and same-event coverage.
pub fn story_kinds(
    copies: &[u16],
    n_deriv: usize,
    n_indep: usize,
    rng: &mut Rng,
) -> Vec<StoryKind> {
    let mut size_cum = Vec::with_capacity(copies.len());
    let mut acc = 0.0;
    for &c in copies {
        acc += 1.0 + c as f64;
        size_cum.push(acc);
    }
    let mut kinds: Vec<StoryKind> = copies
        .iter()
        .map(|&c| StoryKind::Original { copies: c })
        .collect();
    for _ in 0..n_deriv {
        let src = rng.cumulative(&size_cum) as u32;
        kinds.push(StoryKind::Derivative { src });
    }
    for _ in 0..n_indep / 2 {
        let src = rng.cumulative(&size_cum) as u32;
        let a = kinds.len() as u32;
        kinds.push(StoryKind::Independent {
            src,
            partner: a + 1,
            first: true,
        });
        kinds.push(StoryKind::Independent {
            src,
            partner: a,
            first: false,
        });
    }
    kinds
}

/// Number the stories in a random order (so story numbers say nothing of
/// kind), each with a Markov target length until the pool is assigned;
/// also the new number of each old one.
pub fn number_stories(kinds: &[StoryKind], args: &Args, rng: &mut Rng) -> (Vec<Story>, Vec<u32>) {
    let mut order: Vec<u32> = (0..kinds.len() as u32).collect();
    let mut nrng = Rng::of(&[args.seed, TAG_NUMBER]);
    nrng.shuffle(&mut order);
    let mut number = vec![0u32; kinds.len()];
    for (num, &old) in order.iter().enumerate() {
        number[old as usize] = num as u32;
    }
    let mut stories = Vec::with_capacity(kinds.len());
    for &old in &order {
        let kind = kinds[old as usize].renumber(&number);
        let target = ((args.words as f64) * (0.5 + rng.unit())).round().max(40.0) as u32;
        stories.push(Story {
            kind,
            text: TextSrc::Markov(target),
        });
    }
    (stories, number)
}

/// Reuters text goes to the originals first (what gets copied), then to
/// the filler of derivatives and independents; Markov text after that.
pub fn assign_pool_text(stories: &mut [Story], pool: &[Body]) {
    let mut cursor = 0usize;
    let mut debt = 0i64;
    for originals_pass in [true, false] {
        for st in stories.iter_mut() {
            // Stories that are copied (originals, write-thrus) first;
            // containers carry other stories' text and need none.
            let copied = matches!(
                st.kind,
                StoryKind::Original { .. } | StoryKind::WriteThru { .. }
            );
            if copied != originals_pass || matches!(st.kind, StoryKind::Container { .. }) {
                continue;
            }
            let TextSrc::Markov(target) = st.text else {
                continue;
            };
            // Carry the running shortfall (or excess) into the next target,
            // so the mean length stays on --words.
            let want = target as i64;
            let target = (want + debt).clamp(want / 2, want * 2) as usize;
            let start = cursor;
            let got = take_bodies(pool, &mut cursor, target);
            if got * 2 >= target {
                st.text = TextSrc::Pool(start as u32, cursor as u32);
                debt += want - got as i64;
            }
        }
    }
}

/// Whole bodies from `cursor` on, stopping where the length is closest to
/// the target; the words taken.
fn take_bodies(pool: &[Body], cursor: &mut usize, target: usize) -> usize {
    let mut got = 0;
    while *cursor < pool.len() && got < target {
        let w = pool[*cursor].words;
        // `wrapping_sub` is what release builds have always computed here:
        // once half the target is reached, a body that would still leave the
        // text short wraps to a huge "overshoot" and also stops it. Kept so
        // that corpora stay byte-identical (and debug builds do not panic).
        if got * 2 >= target && (got + w).wrapping_sub(target) > target - got {
            break;
        }
        got += w;
        *cursor += 1;
    }
    got
}
