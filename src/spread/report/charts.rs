//! The report's three summary charts (group sizes, top reprinting
//! outlets, reprint lag), as bars drawn by [`super::svg`].

use super::svg::{self, Bar};
use crate::spread::model::{Spread, Summary};
use crate::spread::wording::plural;

/// Outlets shown in the top-outlets chart.
const TOP_OUTLETS: usize = 12;

/// Sizes in buckets, up to the largest group: from, to (inclusive), label.
const SIZES: &[(usize, usize, &str)] = &[
    (2, 2, "2"),
    (3, 3, "3"),
    (4, 4, "4"),
    (5, 5, "5"),
    (6, 10, "6-10"),
    (11, 20, "11-20"),
    (21, 50, "21-50"),
    (51, 100, "51-100"),
    (101, usize::MAX, "100+"),
];

/// The three summary charts.
pub(super) fn charts(spread: &Spread) -> Vec<(&'static str, String)> {
    let s = &spread.summary;
    vec![
        (
            "Group sizes (records per group)",
            svg::columns("chart-sizes", "Group sizes", &size_bars(s)),
        ),
        (
            "Top reprinting outlets",
            svg::rows(
                "chart-outlets",
                "Top reprinting outlets",
                &outlet_bars(s),
                ["reprints", "origins"],
            ),
        ),
        (
            "Lag of reprints after the origin",
            svg::columns("chart-lags", "Reprint lag", &lag_bars(s)),
        ),
    ]
}

/// Groups per size bucket; the small buckets always show, the large ones
/// only up to the largest group.
fn size_bars(s: &Summary) -> Vec<Bar> {
    let largest = s.group_sizes.last().map_or(2, |c| c.size);
    SIZES
        .iter()
        .filter(|(lo, _, _)| *lo <= largest.max(5))
        .map(|&(lo, hi, label)| {
            let value = s
                .group_sizes
                .iter()
                .filter(|c| (lo..=hi).contains(&c.size))
                .map(|c| c.groups)
                .sum();
            Bar {
                label: label.to_string(),
                value,
                tip: format!("{value} groups of {label} records"),
            }
        })
        .collect()
}

/// The outlets that reprint most: reprints, and origins as the bar's
/// light part.
fn outlet_bars(s: &Summary) -> Vec<(Bar, usize)> {
    s.outlets
        .iter()
        .filter(|o| o.reprints > 0)
        .take(TOP_OUTLETS)
        .map(|o| {
            (
                Bar {
                    label: o.outlet.clone(),
                    value: o.reprints,
                    tip: format!(
                        "{}: {}, {}; reprinted from {}",
                        o.outlet,
                        plural(o.reprints, "reprint"),
                        plural(o.origins, "origin"),
                        o.sources().join(", ")
                    ),
                },
                o.origins,
            )
        })
        .collect()
}

/// Reprints per lag bucket.
fn lag_bars(s: &Summary) -> Vec<Bar> {
    s.lag
        .histogram
        .iter()
        .map(|b| Bar {
            label: b.label.to_string(),
            value: b.count,
            tip: format!("{} reprints appeared {} after the origin", b.count, b.label),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::model::SizeCount;
    use crate::spread::tests::{reprinted, spread_of};

    fn summary() -> Summary {
        let corpus = reprinted(
            &[("date", "2024-03-01"), ("source", "Wire")],
            &[("date", "2024-03-03"), ("url", "https://herald.example/x")],
        );
        spread_of(&corpus).0.summary
    }

    #[test]
    fn sizes_show_the_small_buckets_and_up_to_the_largest_group() {
        let mut s = summary();
        let labels =
            |s: &Summary| -> Vec<String> { size_bars(s).into_iter().map(|b| b.label).collect() };
        assert_eq!(labels(&s), ["2", "3", "4", "5"]);
        assert_eq!(size_bars(&s)[0].value, 1);
        s.group_sizes = vec![
            SizeCount { size: 2, groups: 3 },
            SizeCount { size: 7, groups: 1 },
            SizeCount {
                size: 12,
                groups: 2,
            },
        ];
        assert_eq!(labels(&s), ["2", "3", "4", "5", "6-10", "11-20"]);
        let values: Vec<usize> = size_bars(&s).iter().map(|b| b.value).collect();
        assert_eq!(values, [3, 0, 0, 0, 1, 2]);
        assert_eq!(size_bars(&s)[5].tip, "2 groups of 11-20 records");
    }

    #[test]
    fn outlet_bars_name_whom_an_outlet_reprinted() {
        let mut s = summary();
        let bars = outlet_bars(&s);
        assert_eq!(bars.len(), 1, "only outlets that reprint");
        let (bar, origins) = &bars[0];
        assert_eq!(
            (bar.label.as_str(), bar.value, *origins),
            ("herald.example", 1, 0)
        );
        assert_eq!(
            bar.tip,
            "herald.example: 1 reprint, 0 origins; reprinted from Wire (1)"
        );
        s.outlets[0].from.clear();
        assert!(
            outlet_bars(&s)[0]
                .0
                .tip
                .ends_with("reprinted from an unknown or undated origin (1)")
        );
    }

    #[test]
    fn lag_bars_follow_the_histogram() {
        let s = summary();
        let bars = lag_bars(&s);
        assert_eq!(bars.len(), s.lag.histogram.len());
        let hit: Vec<&str> = bars
            .iter()
            .filter(|b| b.value > 0)
            .map(|b| b.label.as_str())
            .collect();
        assert_eq!(hit, ["2-7 d"]);
        assert_eq!(
            charts(&Spread {
                summary: s,
                groups: Vec::new()
            })
            .len(),
            3
        );
    }
}
