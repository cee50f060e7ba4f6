//! Boilerplate: lines that recur across records without being the story.
//!
//! Outlets wrap every article in the same header and footer (bylines,
//! "Read more", share widgets, newsletter pitches, reference lists). Left in,
//! they make two unrelated stories of one outlet look alike and hide a short
//! reprint inside a long wrapper. They are found from the corpus itself, not
//! from a list of phrases: a line is a *candidate* when it occurs in at least
//! `min_records` records. A syndicated paragraph recurs too, so a candidate
//! is boilerplate only when the records holding it do not otherwise look like
//! copies of one story:
//!
//! - **agreement**: take (up to 32 of) the records holding the line and
//!   find the lines held by at least half of them. For a story paragraph
//!   these are the story's paragraphs, most of each record's words; for a
//!   footer they are the footer, a small part of records that are otherwise
//!   different stories. Below `max_agreement` (median over the sample), the
//!   line is boilerplate.
//! - **one outlet**: when records carry an outlet (source, or the url's
//!   host), a line that recurs mostly within one outlet (distinct outlets at
//!   most half the records) is that outlet's wrapper: outlets do not print
//!   one story many times over. This catches long wrappers around short
//!   stories, where agreement alone cannot tell wrapper from story.
//!
//! Agreement depends only on the set of records sampled, so it is computed
//! once per distinct sample (all paragraphs of one story share it).

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use super::furniture::Furniture;

/// One line of a record: its hash, word count and shingling units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// xxh3 of the normalized line.
    pub hash: u64,
    /// Words in the line.
    pub words: u32,
    /// Shingling units in the line (words, or characters when shingling
    /// characters).
    pub units: u32,
}

/// How boilerplate is found.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoilerplateParams {
    /// A line must recur in at least this many records to be considered
    /// (0 turns detection off).
    pub min_records: usize,
    /// Median share of a sampled record's words in lines common to the
    /// sample, below which the line is boilerplate.
    pub max_agreement: f64,
    /// Boilerplate is learned from the first this many records (0: all of
    /// them); later records are featurized as they are read, so a large
    /// corpus never holds every record's words at once.
    pub sample: usize,
}

/// Records boilerplate is learned from by default: every outlet of a feed
/// shows its wrapper many times over in far fewer, and their words (about
/// 2.5 KB a record) stay a few hundred megabytes.
pub const DEFAULT_SAMPLE: usize = 100_000;

impl Default for BoilerplateParams {
    fn default() -> BoilerplateParams {
        BoilerplateParams {
            min_records: 5,
            max_agreement: 0.3,
            sample: DEFAULT_SAMPLE,
        }
    }
}

/// Records sampled per candidate line.
const SAMPLE: usize = 32;

/// The boilerplate of a corpus: its lines, as a sorted set of line
/// hashes, and each outlet's furniture (stock text no two pages print
/// alike, see [`super::furniture`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boilerplate {
    lines: Vec<u64>,
    furniture: Furniture,
}

/// What detection found, for `-v`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoilerplateStats {
    /// Records boilerplate was learned from.
    pub records: usize,
    /// Lines recurring in `min_records` or more records.
    pub candidates: usize,
    /// Of those, lines judged boilerplate.
    pub boilerplate: usize,
    /// Shingles of outlets' furniture, over all outlets.
    #[serde(default)]
    pub furniture: usize,
}

impl Boilerplate {
    /// No boilerplate at all.
    pub fn none() -> Boilerplate {
        Boilerplate::default()
    }

    /// A set made of these line hashes.
    pub fn from_hashes(mut lines: Vec<u64>) -> Boilerplate {
        lines.sort_unstable();
        lines.dedup();
        Boilerplate {
            lines,
            furniture: Furniture::none(),
        }
    }

    /// These lines with this furniture.
    pub fn with_furniture(self, furniture: Furniture) -> Boilerplate {
        Boilerplate { furniture, ..self }
    }

    /// Each outlet's furniture.
    pub fn furniture(&self) -> &Furniture {
        &self.furniture
    }

    /// Is this line boilerplate?
    pub fn contains(&self, hash: u64) -> bool {
        !self.lines.is_empty() && self.lines.binary_search(&hash).is_ok()
    }

    /// The boilerplate lines' hashes, sorted (what [`Boilerplate::from_hashes`]
    /// takes back).
    pub fn hashes(&self) -> &[u64] {
        &self.lines
    }

    /// Number of distinct boilerplate lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// No boilerplate lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Find the boilerplate of a corpus: `lines[i]` are record `i`'s lines
    /// in order, `outlets[i]` its outlet (any stable number), if known.
    pub fn detect(
        lines: &[&[Line]],
        outlets: &[Option<u32>],
        params: BoilerplateParams,
    ) -> (Boilerplate, BoilerplateStats) {
        let mut stats = BoilerplateStats::default();
        if params.min_records < 2 {
            return (Boilerplate::none(), stats);
        }
        // Postings (line, record), one per record holding the line, sorted:
        // one allocation instead of a map of vectors.
        let mut postings: Vec<(u64, u32)> = Vec::new();
        // A page scraped twelve times is one page: its lines recur in
        // twelve records of one outlet without being that outlet's wrapper.
        let mut pages: HashSet<u64> = HashSet::new();
        for (doc, record) in lines.iter().enumerate() {
            if !pages.insert(page_hash(record)) {
                continue;
            }
            let start = postings.len();
            postings.extend(
                record
                    .iter()
                    .filter(|l| l.words > 0)
                    .map(|l| (l.hash, doc as u32)),
            );
            postings[start..].sort_unstable();
            let mut kept = start;
            for i in start..postings.len() {
                if i == start || postings[i].0 != postings[kept - 1].0 {
                    postings[kept] = postings[i];
                    kept += 1;
                }
            }
            postings.truncate(kept);
        }
        postings.sort_unstable();

        let mut verdicts: HashMap<u64, f64> = HashMap::new();
        let mut found = Vec::new();
        for run in postings.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < params.min_records {
                continue;
            }
            stats.candidates += 1;
            let sample: Vec<u32> = run.iter().take(SAMPLE).map(|&(_, d)| d).collect();
            let one_outlet = mostly_one_outlet(&sample, outlets);
            let boiler = one_outlet || {
                let key = sample_key(&sample);
                let agreement = *verdicts
                    .entry(key)
                    .or_insert_with(|| agreement(&sample, lines));
                agreement < params.max_agreement
            };
            if boiler {
                found.push(run[0].0);
            }
        }
        stats.boilerplate = found.len();
        (
            Boilerplate {
                lines: found,
                furniture: Furniture::none(),
            },
            stats,
        )
    }
}

/// The identity of a whole record: its lines in order.
fn page_hash(record: &[Line]) -> u64 {
    let bytes: Vec<u8> = record.iter().flat_map(|l| l.hash.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

fn sample_key(sample: &[u32]) -> u64 {
    let bytes: Vec<u8> = sample.iter().flat_map(|d| d.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// Do the sampled records come mostly from one outlet?
fn mostly_one_outlet(sample: &[u32], outlets: &[Option<u32>]) -> bool {
    let mut known: Vec<u32> = sample
        .iter()
        .filter_map(|&d| outlets.get(d as usize).copied().flatten())
        .collect();
    if known.len() < 2 {
        return false;
    }
    let total = known.len();
    known.sort_unstable();
    known.dedup();
    known.len() * 2 <= total
}

/// Median over the sample of the share of a record's words that sit in
/// lines held by at least half of the sample.
fn agreement(sample: &[u32], lines: &[&[Line]]) -> f64 {
    let mut held: HashMap<u64, usize> = HashMap::new();
    for &d in sample {
        let mut seen: Vec<u64> = lines[d as usize].iter().map(|l| l.hash).collect();
        seen.sort_unstable();
        seen.dedup();
        for h in seen {
            *held.entry(h).or_default() += 1;
        }
    }
    let half = sample.len().div_ceil(2);
    let mut shares: Vec<f64> = sample
        .iter()
        .map(|&d| {
            let record = lines[d as usize];
            let total: u32 = record.iter().map(|l| l.words).sum();
            let common: u32 = record
                .iter()
                .filter(|l| held.get(&l.hash).copied().unwrap_or(0) >= half)
                .map(|l| l.words)
                .sum();
            if total == 0 {
                0.0
            } else {
                common as f64 / total as f64
            }
        })
        .collect();
    shares.sort_by(f64::total_cmp);
    shares[shares.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(hash: u64, words: u32) -> Line {
        Line {
            hash,
            words,
            units: words,
        }
    }

    /// Records of one outlet: its header (1) and footer (2) around a
    /// different story each (100 + i).
    fn outlet_records(n: u64) -> Vec<Vec<Line>> {
        (0..n)
            .map(|i| {
                vec![
                    line(1, 8),
                    line(100 + i, 150),
                    line(200 + i, 120),
                    line(2, 30),
                ]
            })
            .collect()
    }

    #[test]
    fn outlet_wrapper_is_boilerplate_by_agreement() {
        let records = outlet_records(6);
        let lines: Vec<&[Line]> = records.iter().map(Vec::as_slice).collect();
        let (bp, stats) = Boilerplate::detect(&lines, &[None; 6], BoilerplateParams::default());
        assert!(bp.contains(1) && bp.contains(2));
        assert_eq!(stats.boilerplate, 2);
        assert!(!bp.contains(100));
    }

    #[test]
    fn syndicated_story_is_not_boilerplate() {
        // One story (paragraphs 10, 11, 12) in six outlets, each with its own
        // wrapper lines (500 + i, 600 + i).
        let records: Vec<Vec<Line>> = (0..6)
            .map(|i| {
                vec![
                    line(500 + i, 10),
                    line(10, 80),
                    line(11, 90),
                    line(12, 70),
                    line(600 + i, 25),
                ]
            })
            .collect();
        let lines: Vec<&[Line]> = records.iter().map(Vec::as_slice).collect();
        let outlets: Vec<Option<u32>> = (0..6).map(Some).collect();
        let (bp, stats) = Boilerplate::detect(&lines, &outlets, BoilerplateParams::default());
        assert!(bp.is_empty(), "{bp:?}");
        assert_eq!(stats.candidates, 3);
    }

    #[test]
    fn long_wrapper_of_one_outlet_is_caught_by_outlet() {
        // The wrapper is longer than the stories: agreement alone would keep
        // it, but all its records are from one outlet.
        let records: Vec<Vec<Line>> = (0..6)
            .map(|i| vec![line(1, 150), line(100 + i, 60)])
            .collect();
        let lines: Vec<&[Line]> = records.iter().map(Vec::as_slice).collect();
        let (kept, _) = Boilerplate::detect(&lines, &[None; 6], BoilerplateParams::default());
        assert!(!kept.contains(1));
        let (bp, _) = Boilerplate::detect(&lines, &[Some(7); 6], BoilerplateParams::default());
        assert!(bp.contains(1));
    }

    #[test]
    fn a_page_scraped_many_times_is_one_page() {
        // Twelve identical fetches of one outlet's page: not its wrapper.
        let page = vec![line(1, 8), line(2, 150), line(3, 120)];
        let records: Vec<Vec<Line>> = vec![page; 12];
        let lines: Vec<&[Line]> = records.iter().map(Vec::as_slice).collect();
        let (bp, stats) = Boilerplate::detect(&lines, &[Some(3); 12], BoilerplateParams::default());
        assert!(bp.is_empty(), "{bp:?}");
        assert_eq!(stats.candidates, 0);
    }

    #[test]
    fn rare_lines_are_never_candidates() {
        let records = outlet_records(4);
        let lines: Vec<&[Line]> = records.iter().map(Vec::as_slice).collect();
        let (bp, stats) = Boilerplate::detect(&lines, &[None; 4], BoilerplateParams::default());
        assert!(bp.is_empty());
        assert_eq!(stats.candidates, 0);
    }
}
