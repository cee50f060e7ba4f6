//! Furniture: an outlet's stock text that no two of its pages print alike.
//!
//! Boilerplate lines ([`super::boilerplate`]) are found by their identity:
//! the same line on many pages. A scanned newspaper misreads its masthead,
//! its corrections notice and its subscription pitch differently on every
//! page and wraps them at a different column, and a page that lost its line
//! breaks runs its footer into the story, so no two copies of such a line
//! are the same line. What stays the same is most of their shingles. So,
//! beside lines, an outlet's *furniture* is the shingles that:
//!
//! - recur on its pages on at least [`MIN_DAYS`] different days: a story
//!   recurs at one outlet within a day or so (its versions through the
//!   day, the same page scraped again), its wrapper every day it prints;
//! - and are at least [`OVER_CORPUS`] times as common on its pages as on
//!   the corpus's: common letter runs ("illio" of million and billion) and
//!   phrases every outlet prints are no one outlet's.
//!
//! They are learned from the shingle sets of each outlet's first
//! [`PAGES`] records (lines of boilerplate already left out), the
//! corpus's frequency from all of those, and left out of that outlet's records'
//! sets before they are signed and compared, as boilerplate lines are. A
//! record never loses all its shingles this way (see
//! [`super::features::Featurizer::features`]).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::hash::HashKeyed;

/// Days a shingle must recur on at one outlet.
pub const MIN_DAYS: usize = 3;

/// How many times as common on one outlet's pages as on the corpus's a
/// shingle must be.
pub const OVER_CORPUS: f64 = 5.0;

/// Pages of one outlet furniture is learned from: its first this many
/// (its furniture is on most of them; this bounds the time and memory of
/// learning, a shingle set held per page).
pub const PAGES: usize = 256;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The furniture of every outlet, as sorted keys `outlet << 32 | shingle`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Furniture {
    keys: Vec<u64>,
}

impl Furniture {
    /// No furniture.
    pub fn none() -> Furniture {
        Furniture::default()
    }

    /// Furniture made of these keys (`outlet << 32 | shingle`).
    pub fn from_keys(mut keys: Vec<u64>) -> Furniture {
        keys.sort_unstable();
        keys.dedup();
        Furniture { keys }
    }

    /// The keys, sorted (what [`Furniture::from_keys`] takes back).
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Shingles of furniture, over all outlets.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// No furniture at all.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// `outlet`'s furniture: keys whose low half is the shingle, sorted by
    /// shingle.
    pub fn of_outlet(&self, outlet: u32) -> &[u64] {
        let lo = (outlet as u64) << 32;
        let start = self.keys.partition_point(|&k| k < lo);
        let end = self.keys.partition_point(|&k| k >> 32 <= outlet as u64);
        &self.keys[start..end]
    }

    /// Learn furniture from records: `sets[i]` is record `i`'s shingle set
    /// (sorted), `outlets[i]` its outlet, `times[i]` its timestamp
    /// (seconds) if dated. An undated record counts as a day of its own.
    pub fn learn(sets: &[&[u32]], outlets: &[Option<u32>], times: &[Option<i64>]) -> Furniture {
        let mut by_outlet: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, o) in outlets.iter().enumerate().take(sets.len()) {
            if let Some(o) = o {
                by_outlet.entry(*o).or_default().push(i);
            }
        }
        let mut outlets: Vec<(u32, Vec<usize>)> = by_outlet
            .into_iter()
            .filter(|(_, records)| records.len() >= MIN_DAYS)
            .collect();
        outlets.sort_unstable_by_key(|&(o, _)| o);
        // Per outlet, the shingles on MIN_DAYS days or more, and on how many.
        let recurring: Vec<Recurring> = outlets
            .par_iter()
            .map(|(o, records)| {
                // A page scraped again is one page, dated or not.
                let mut pages: HashSet<u64> = HashSet::new();
                let mut dated: Vec<(u32, usize)> = Vec::new();
                for &i in records {
                    if pages.insert(set_hash(sets[i])) {
                        let day = match times.get(i).copied().flatten() {
                            Some(t) => t.div_euclid(DAY) as u32 & 0x7FFF_FFFF,
                            None => 0x8000_0000 | i as u32,
                        };
                        dated.push((day, i));
                    }
                }
                // Pages in day order, so a shingle's days are counted as
                // they change: (last day seen, days).
                dated.sort_unstable();
                let mut days: HashKeyed<u32, (u32, u32)> = HashKeyed::default();
                for &(day, i) in &dated {
                    for &s in sets[i] {
                        let seen = days.entry(s).or_insert((day, 0));
                        if seen.1 == 0 || seen.0 != day {
                            *seen = (day, seen.1 + 1);
                        }
                    }
                }
                let mut found: Vec<(u32, u32)> = days
                    .into_iter()
                    .filter(|&(_, (_, n))| n as usize >= MIN_DAYS)
                    .map(|(s, (_, n))| (s, n))
                    .collect();
                found.sort_unstable();
                Recurring {
                    outlet: *o,
                    pages: dated.len(),
                    found,
                }
            })
            .collect();
        // How many records of the corpus hold each of those shingles.
        let mut corpus: HashKeyed<u32, u32> = recurring
            .iter()
            .flat_map(|r| r.found.iter().map(|&(s, _)| (s, 0)))
            .collect();
        if corpus.is_empty() {
            return Furniture::none();
        }
        for set in sets {
            for s in set.iter() {
                if let Some(n) = corpus.get_mut(s) {
                    *n += 1;
                }
            }
        }
        let total = sets.len() as f64;
        let mut keys = Vec::new();
        for Recurring {
            outlet: o,
            pages,
            found,
        } in recurring
        {
            for (s, days) in found {
                let here = days as f64 / pages as f64;
                let everywhere = corpus[&s] as f64 / total;
                if here >= OVER_CORPUS * everywhere {
                    keys.push((o as u64) << 32 | s as u64);
                }
            }
        }
        Furniture::from_keys(keys)
    }
}

/// One outlet's shingles on [`MIN_DAYS`] days or more.
struct Recurring {
    outlet: u32,
    /// Its pages learned from (a page scraped again counted once).
    pages: usize,
    /// `(shingle, days)`, sorted.
    found: Vec<(u32, u32)>,
}

/// The identity of a shingle set.
fn set_hash(set: &[u32]) -> u64 {
    let bytes: Vec<u8> = set.iter().flat_map(|s| s.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// The records furniture is learned from, of those with these outlets:
/// the first [`PAGES`] of each outlet.
pub fn pages(outlets: &[Option<u32>]) -> Vec<usize> {
    let mut taken: HashMap<u32, usize> = HashMap::new();
    let mut chosen = Vec::new();
    for (i, o) in outlets.iter().enumerate() {
        if let Some(o) = o {
            let n = taken.entry(*o).or_default();
            if *n < PAGES {
                *n += 1;
                chosen.push(i);
            }
        }
    }
    chosen
}

/// A record's shingle `sequence` (in text order, the `k`th starting at
/// its `k`th unit) without furniture, into `out`: without the shingles
/// `held` (its outlet's furniture it holds, sorted) and without the
/// paragraphs (`(words, units)` each, in order) at least half furniture.
/// What is left of such a paragraph is what a scanner misread of it, or a
/// number that changed: the paragraph is furniture, not story.
pub fn bare(blocks: &[(u32, u32)], sequence: &[u32], held: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let is_furniture = |s: &u32| held.binary_search(s).is_ok();
    let mut at = 0usize;
    for &(_, units) in blocks {
        let end = (at + units as usize).min(sequence.len());
        let span = &sequence[at.min(end)..end];
        let furniture = span.iter().filter(|s| is_furniture(s)).count();
        if 2 * furniture < span.len() {
            out.extend(span.iter().filter(|s| !is_furniture(s)));
        }
        at += units as usize;
    }
}

/// The shingles of `shingles` (sorted) that are in `furniture` (one
/// outlet's keys, sorted by shingle), into `found`, sorted.
pub fn held(shingles: &[u32], furniture: &[u64], found: &mut Vec<u32>) {
    found.clear();
    let mut f = furniture.iter().map(|&k| k as u32).peekable();
    for &s in shingles {
        while f.next_if(|&x| x < s).is_some() {}
        if f.peek() == Some(&s) {
            found.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(furniture: &[u64], shingle: u32) -> bool {
        furniture.iter().any(|&k| k as u32 == shingle)
    }

    fn day(d: i64) -> Option<i64> {
        Some(d * DAY + 3600)
    }

    /// Twelve outlets of four records each, on days 0..4, every record its
    /// own story (shingles unique to it) and, at outlet 0, a wrapper.
    /// Shingle sets, outlets and timestamps of a corpus's records.
    type Pages = (Vec<Vec<u32>>, Vec<Option<u32>>, Vec<Option<i64>>);

    fn corpus(wrapper: &[u32]) -> Pages {
        let mut sets = Vec::new();
        let mut outlets = Vec::new();
        let mut times = Vec::new();
        for o in 0..12u32 {
            for d in 0..4 {
                let base = 1000 + (o * 10 + d) * 100;
                let mut set: Vec<u32> = (base..base + 50).collect();
                // A letter run every record holds.
                set.push(7);
                if o == 0 {
                    set.extend_from_slice(wrapper);
                }
                set.sort_unstable();
                sets.push(set);
                outlets.push(Some(o));
                times.push(day(d as i64));
            }
        }
        (sets, outlets, times)
    }

    fn learn(c: &Pages) -> Furniture {
        let sets: Vec<&[u32]> = c.0.iter().map(|s| s.as_slice()).collect();
        Furniture::learn(&sets, &c.1, &c.2)
    }

    #[test]
    fn an_outlets_wrapper_on_many_days_is_its_furniture() {
        let f = learn(&corpus(&[50, 51, 52]));
        assert_eq!(f.of_outlet(0).len(), 3);
        assert!(has(f.of_outlet(0), 51));
        // Not another outlet's, and not the run every record holds.
        assert!(f.of_outlet(1).is_empty());
        assert!(!has(f.of_outlet(0), 7));
    }

    #[test]
    fn a_wrapper_misread_on_each_page_keeps_the_shingles_it_did_not_lose() {
        // Each page of outlet 0 misreads a different part of its footer:
        // the shingles the scanner left alone recur on three days or four.
        let mut c = corpus(&[]);
        for (d, lost) in [(0, 60), (1, 61), (2, 62), (3, 63)] {
            let set = &mut c.0[d];
            set.extend((60..64).filter(|&s| s != lost));
            set.sort_unstable();
        }
        let f = learn(&c);
        assert_eq!(f.of_outlet(0).len(), 4);
    }

    #[test]
    fn a_story_printed_in_versions_through_one_day_is_no_furniture() {
        // Outlet 0 prints one story three times on day 9 (versions, or
        // the page scraped again): one day, however many records.
        let mut c = corpus(&[]);
        for _ in 0..3 {
            c.0.push((900..950).collect());
            c.1.push(Some(0));
            c.2.push(day(9));
        }
        assert!(learn(&c).is_empty());
        // Undated, the same page scraped three times is still one page.
        for t in c.2.iter_mut().rev().take(3) {
            *t = None;
        }
        assert!(learn(&c).is_empty());
        // But three undated versions that differ count as three days: a
        // record without a date says nothing of when it was printed.
        let n = c.0.len();
        for (k, set) in c.0[n - 3..].iter_mut().enumerate() {
            set.push(2000 + k as u32);
        }
        assert_eq!(learn(&c).of_outlet(0).len(), 50);
    }

    #[test]
    fn the_furniture_a_set_holds_is_found_by_one_walk() {
        let f = Furniture::from_keys(vec![1 << 32 | 5, 1 << 32 | 9, 1 << 32 | 30, 2 << 32 | 6]);
        let mut found = Vec::new();
        held(&[1, 5, 6, 9, 12], f.of_outlet(1), &mut found);
        assert_eq!(found, vec![5, 9]);
        held(&[1, 5, 6, 9, 12], f.of_outlet(2), &mut found);
        assert_eq!(found, vec![6]);
        held(&[1, 5, 6, 9, 12], f.of_outlet(3), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn a_paragraph_mostly_furniture_goes_whole() {
        // Three paragraphs of four units: story, furniture with one
        // misread (shingle 99), story holding one furniture shingle.
        let sequence = [1, 2, 3, 4, 50, 51, 99, 52, 5, 6, 50, 7];
        let blocks = [(4, 4), (4, 4), (4, 4)];
        let mut out = Vec::new();
        bare(&blocks, &sequence, &[50, 51, 52], &mut out);
        assert_eq!(out, vec![1, 2, 3, 4, 5, 6, 7]);
        // The shingles past the last unit that starts one are not there.
        bare(&blocks, &sequence[..10], &[50, 51, 52], &mut out);
        assert_eq!(out, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn an_outlets_first_pages_are_learned_from() {
        // Outlet 1 has half PAGES records, outlet 2 three times PAGES.
        let outlets: Vec<Option<u32>> = (0..4 * PAGES)
            .map(|i| match i % 8 {
                0 => None,
                1 => Some(1),
                _ => Some(2),
            })
            .collect();
        let chosen = pages(&outlets);
        assert_eq!(
            chosen.iter().filter(|&&i| outlets[i] == Some(1)).count(),
            PAGES / 2
        );
        assert_eq!(
            chosen.iter().filter(|&&i| outlets[i] == Some(2)).count(),
            PAGES
        );
        assert!(chosen.iter().all(|&i| outlets[i].is_some()));
        assert!(chosen.is_sorted());
    }
}
