//! Blocking: the pairs the user ruled out before any similarity is looked
//! at (`--cross-outlet-only`, `--window`).
//!
//! It is asked of every candidate pair and of every pair the clustering
//! checks directly, so no stage can join what the user kept apart.

use crate::detect::corpus::Corpus;

use super::params::Params;

/// Which pairs may be compared at all.
#[derive(Debug, Clone)]
pub struct Blocking<'a> {
    outlets: &'a [Option<u32>],
    /// Each record's time, kept only when a window is asked for.
    timestamps: Vec<Option<i64>>,
    window_secs: Option<i64>,
    cross_outlet_only: bool,
}

impl<'a> Blocking<'a> {
    /// The blocking `params` ask for, over `corpus`'s outlets and dates.
    pub fn new(corpus: &'a Corpus, params: &Params) -> Blocking<'a> {
        Blocking::over(
            &corpus.outlets,
            || corpus.metas.iter().map(|m| m.timestamp).collect(),
            params,
        )
    }

    /// The blocking `params` ask for, over records' outlets and their
    /// timestamps (asked for only when a window is): what a shard of
    /// pairs carries instead of a whole corpus.
    pub fn over(
        outlets: &'a [Option<u32>],
        timestamps: impl FnOnce() -> Vec<Option<i64>>,
        params: &Params,
    ) -> Blocking<'a> {
        Blocking {
            outlets,
            timestamps: match params.window_days {
                Some(_) => timestamps(),
                None => Vec::new(),
            },
            window_secs: params.window_days.map(|d| (d * 86_400.0).round() as i64),
            cross_outlet_only: params.cross_outlet_only,
        }
    }

    /// Does it allow every pair (nothing was asked for)?
    pub fn is_open(&self) -> bool {
        !self.cross_outlet_only && self.window_secs.is_none()
    }

    /// May records `a` and `b` be reprints of each other?
    pub fn allows(&self, a: usize, b: usize) -> bool {
        if self.cross_outlet_only {
            let (oa, ob) = (self.outlets[a], self.outlets[b]);
            if oa.is_some() && oa == ob {
                return false;
            }
        }
        if let Some(window) = self.window_secs
            && let (Some(ta), Some(tb)) = (self.timestamps[a], self.timestamps[b])
            && (ta - tb).abs() > window
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocking<'a>(
        outlets: &'a [Option<u32>],
        timestamps: &[Option<i64>],
        window_days: Option<i64>,
        cross_outlet_only: bool,
    ) -> Blocking<'a> {
        Blocking {
            outlets,
            timestamps: timestamps.to_vec(),
            window_secs: window_days.map(|d| d * 86_400),
            cross_outlet_only,
        }
    }

    #[test]
    fn same_outlet_blocked_only_when_asked_and_known() {
        let outlets = [Some(0), Some(0), None, None];
        let times = [None; 4];
        assert!(blocking(&outlets, &times, None, false).allows(0, 1));
        let b = blocking(&outlets, &times, None, true);
        assert!(!b.allows(0, 1));
        // Two records of no known outlet are not the same outlet.
        assert!(b.allows(2, 3));
    }

    #[test]
    fn window_blocks_dated_pairs_only() {
        let outlets = [None; 3];
        let times = [Some(0), Some(3 * 86_400), None];
        let b = blocking(&outlets, &times, Some(2), false);
        assert!(!b.allows(0, 1));
        assert!(b.allows(0, 2));
        assert!(blocking(&outlets, &times, Some(3), false).allows(0, 1));
    }
}
