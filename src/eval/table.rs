//! The scores as a table for people, the default output of `reprint eval`.

use std::fmt::Write as _;

use super::score::{Rate, Scores};

/// One line of the table: the metric, its value, and a note (the counts
/// behind it, or why there is no value).
type Row = (&'static str, (String, String));

/// The scores as an aligned table for people: one metric per line, with the
/// pair counts behind it.
pub fn render_table(s: &Scores) -> String {
    let mut rows = count_rows(s);
    rows.extend(rate_rows(s));
    layout(&rows)
}

/// A value to four places.
fn fixed(x: f64) -> String {
    format!("{x:.4}")
}

/// The counts, and the metrics over all pairs.
fn count_rows(s: &Scores) -> Vec<Row> {
    vec![
        ("records", (s.records.to_string(), String::new())),
        (
            "groups",
            (s.groups.to_string(), "with two or more members".into()),
        ),
        (
            "true pairs",
            (s.true_pairs.to_string(), "pairs in the same story".into()),
        ),
        (
            "predicted pairs",
            (
                s.predicted_pairs.to_string(),
                "pairs in the same group".into(),
            ),
        ),
        (
            "precision",
            (
                fixed(s.precision),
                format!(
                    "{} of {} predicted pairs are true",
                    s.correct_pairs, s.predicted_pairs
                ),
            ),
        ),
        (
            "recall",
            (
                fixed(s.recall),
                format!("{} of {} true pairs found", s.correct_pairs, s.true_pairs),
            ),
        ),
        ("F1", (fixed(s.f1), String::new())),
        ("adjusted Rand index", (fixed(s.ari), String::new())),
    ]
}

/// The rates over some kinds of pairs, each `n/a` with a reason when there
/// are no such pairs.
fn rate_rows(s: &Scores) -> Vec<Row> {
    let rate = |r: &Rate, what: &str, none: &str| match r.rate {
        Some(x) => (fixed(x), format!("{} of {} {what}", r.together, r.pairs)),
        None => ("n/a".to_string(), none.to_string()),
    };
    let no_pairs = |what: &str| format!("no {what}");
    let no_events = "no event labels in the truth file".to_string();
    let false_merge_none = |what: &str| {
        if s.events_labelled {
            no_pairs(what)
        } else {
            no_events.clone()
        }
    };
    let deriv = "same-event pairs with a derivative";
    let indep = "same-event pairs with an independent story";
    vec![
        (
            "reprint recall",
            rate(
                &s.reprint_recall,
                "true pairs with a reprint found",
                &no_pairs("true pairs with a reprint"),
            ),
        ),
        (
            "partial recall",
            rate(
                &s.partial_recall,
                "true pairs with a partial found",
                &no_pairs("true pairs with a partial"),
            ),
        ),
        (
            "derivative false merges",
            rate(
                &s.derivative_false_merges,
                &format!("{deriv} grouped"),
                &false_merge_none(deriv),
            ),
        ),
        (
            "independent false merges",
            rate(
                &s.independent_false_merges,
                &format!("{indep} grouped"),
                &false_merge_none(indep),
            ),
        ),
    ]
}

/// Rows as lines: labels left-aligned, values right-aligned, each in a
/// column as wide as its widest entry; no trailing spaces.
fn layout(rows: &[Row]) -> String {
    let label_width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, (v, _))| v.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, (value, note)) in rows {
        let line = format!("{label:<label_width$}  {value:>value_width$}  {note}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_aligns_columns_and_trims_lines() {
        let rows: Vec<Row> = vec![
            ("a", ("1".into(), "note".into())),
            ("longer", ("0.5000".into(), String::new())),
        ];
        assert_eq!(layout(&rows), "a            1  note\nlonger  0.5000\n");
        assert_eq!(layout(&[]), "");
    }
}
