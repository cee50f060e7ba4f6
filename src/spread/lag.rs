//! How long after the origin reprints appeared: the histogram's buckets,
//! the lag summary over the corpus, and a lag written for people.

use super::model::{LagBucket, LagSummary};

/// The lag buckets: bounds in seconds.
const LAG_BUCKETS: &[(&str, i64, Option<i64>)] = &[
    ("same time", 0, Some(1)),
    ("< 1 h", 1, Some(3_600)),
    ("1-6 h", 3_600, Some(6 * 3_600)),
    ("6-24 h", 6 * 3_600, Some(86_400)),
    ("1-2 d", 86_400, Some(2 * 86_400)),
    ("2-7 d", 2 * 86_400, Some(7 * 86_400)),
    ("1-4 wk", 7 * 86_400, Some(30 * 86_400)),
    ("30+ d", 30 * 86_400, None),
];

/// The lag summary of `reprints` reprints, `lags` the lags of those dated.
pub(super) fn summarize_lags(mut lags: Vec<i64>, reprints: usize) -> LagSummary {
    lags.sort_unstable();
    let quantile = |q: f64| -> Option<i64> {
        if lags.is_empty() {
            return None;
        }
        let k = ((lags.len() - 1) as f64 * q).round() as usize;
        Some(lags[k])
    };
    let histogram = LAG_BUCKETS
        .iter()
        .map(|&(label, from, to)| LagBucket {
            label,
            from_seconds: from,
            to_seconds: to,
            count: lags
                .iter()
                .filter(|&&l| l >= from && to.is_none_or(|t| l < t))
                .count(),
        })
        .collect();
    LagSummary {
        reprints,
        dated: lags.len(),
        median_seconds: quantile(0.5),
        p90_seconds: quantile(0.9),
        max_seconds: lags.last().copied(),
        histogram,
    }
}

/// A lag in a few characters: `+0`, `+45 min`, `+3 h`, `+1 d 4 h`, `+12 d`.
pub fn human_lag(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "+" };
    let s = seconds.unsigned_abs();
    if s == 0 {
        "+0".to_string()
    } else if s < 3_600 {
        format!("{sign}{} min", s.div_ceil(60))
    } else if s < 86_400 {
        format!("{sign}{} h", s / 3_600)
    } else if s < 7 * 86_400 && s % 86_400 >= 3_600 {
        format!("{sign}{} d {} h", s / 86_400, s % 86_400 / 3_600)
    } else {
        format!("{sign}{} d", s / 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lags_read_naturally() {
        assert_eq!(human_lag(0), "+0");
        assert_eq!(human_lag(59), "+1 min");
        assert_eq!(human_lag(3 * 3_600 + 5), "+3 h");
        assert_eq!(human_lag(86_400), "+1 d");
        assert_eq!(human_lag(86_400 + 4 * 3_600), "+1 d 4 h");
        assert_eq!(human_lag(12 * 86_400 + 4 * 3_600), "+12 d");
    }

    #[test]
    fn lag_buckets_cover_every_lag_once() {
        for lag in [0, 1, 3_599, 3_600, 86_399, 86_400, 6 * 86_400, 40 * 86_400] {
            let hits = LAG_BUCKETS
                .iter()
                .filter(|(_, from, to)| lag >= *from && to.is_none_or(|t| lag < t))
                .count();
            assert_eq!(hits, 1, "lag {lag}");
        }
    }

    #[test]
    fn lag_summary_takes_nearest_rank_quantiles_and_fills_buckets() {
        let lags = vec![86_400, 0, 7_200, 60, 40 * 86_400];
        let s = summarize_lags(lags, 7);
        assert_eq!((s.reprints, s.dated), (7, 5));
        // Sorted: 0, 60, 7200, 86400, 40 d; the median is the third, the
        // 90th percentile rounds (4 * 0.9 = 3.6) to the fifth.
        assert_eq!(s.median_seconds, Some(7_200));
        assert_eq!(s.p90_seconds, Some(40 * 86_400));
        assert_eq!(s.max_seconds, Some(40 * 86_400));
        let counts: Vec<usize> = s.histogram.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 1, 1, 0, 1, 0, 0, 1]);
        assert_eq!(s.histogram.len(), LAG_BUCKETS.len());
    }

    #[test]
    fn no_dated_reprints_have_no_quantiles() {
        let s = summarize_lags(Vec::new(), 3);
        assert_eq!((s.reprints, s.dated), (3, 0));
        assert_eq!(
            (s.median_seconds, s.p90_seconds, s.max_seconds),
            (None, None, None)
        );
        assert!(s.histogram.iter().all(|b| b.count == 0));
    }
}
