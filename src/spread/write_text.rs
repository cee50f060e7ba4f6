//! The spread for people to read: the corpus summary, then each group as
//! a timeline (origin first, each reprint with its lag, what it printed of
//! the origin and whether it changed the headline, then the records quoting
//! the group).

use std::io::{self, Write};

use super::lag::human_lag;
use super::model::{Basis, GroupSpread, MemberSpread, RelatedSpread, Spread, Summary};
use super::wording::{paragraphs, plural, quoting};

/// A column is as wide as its longest cell up to this; a longer cell
/// (an outlet named at length) pushes only its own row out of line.
const MAX_COLUMN: usize = 40;

/// Write the spread for people to read: a summary, then each group as a
/// timeline.
pub fn write_text(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    write_summary(wtr, &spread.summary)?;
    for g in &spread.groups {
        writeln!(wtr)?;
        write_group(wtr, g)?;
    }
    wtr.flush()
}

/// The corpus summary: counts, lags, then the outlets that reprint most.
fn write_summary(wtr: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let quoting = quoting(s.related_records, s.related);
    writeln!(
        wtr,
        "{} holding {} of {}; {quoting}",
        plural(s.groups, "group"),
        s.grouped_records,
        plural(s.records, "record"),
    )?;
    let sizes: Vec<String> = s
        .group_sizes
        .iter()
        .map(|c| format!("{} of size {}", c.groups, c.size))
        .collect();
    writeln!(wtr, "group sizes: {}", or_none(&sizes.join(", ")))?;
    writeln!(
        wtr,
        "origins: {} by earliest date, {} tied on the earliest date, {}",
        s.origins.earliest,
        s.origins.tied,
        plural(s.origins.undated, "undated group")
    )?;
    writeln!(
        wtr,
        "dates of grouped records: {} parsed, {} missing, {} unparseable",
        s.dates.parsed, s.dates.missing, s.dates.unparseable
    )?;
    let lag = |x: Option<i64>| x.map_or_else(|| "-".to_string(), human_lag);
    writeln!(
        wtr,
        "reprint lag: {} of {} dated; median {}, 90% within {}, longest {}",
        s.lag.dated,
        plural(s.lag.reprints, "reprint"),
        lag(s.lag.median_seconds),
        lag(s.lag.p90_seconds),
        lag(s.lag.max_seconds)
    )?;
    let hist: Vec<String> = s
        .lag
        .histogram
        .iter()
        .map(|b| format!("{} {}", b.label, b.count))
        .collect();
    writeln!(wtr, "  {}", hist.join(" | "))?;
    write_top_outlets(wtr, s)
}

/// The ten outlets that reprint most, and whom from, as a table.
fn write_top_outlets(wtr: &mut dyn Write, s: &Summary) -> io::Result<()> {
    writeln!(wtr, "top reprinting outlets:")?;
    let top: Vec<_> = s
        .outlets
        .iter()
        .filter(|o| o.reprints > 0)
        .take(10)
        .collect();
    if top.is_empty() {
        return writeln!(wtr, "  none (no outlet is known)");
    }
    let mut rows = vec![[
        "outlet".to_string(),
        "reprints".to_string(),
        "origins".to_string(),
        "reprinted from".to_string(),
    ]];
    for o in top {
        rows.push([
            o.outlet.clone(),
            o.reprints.to_string(),
            o.origins.to_string(),
            o.sources().join(", "),
        ]);
    }
    write_table(wtr, &rows, &[Align::Left, Align::Right, Align::Right])
}

/// One group's timeline: a heading, the origin, each reprint, then the
/// records quoting the group, in aligned columns (lag, id, outlet, date,
/// what it printed).
fn write_group(wtr: &mut dyn Write, g: &GroupSpread) -> io::Result<()> {
    let origin = &g.members[0];
    let when = match (&g.first_date, &g.last_date) {
        (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
        (Some(f), _) => f.clone(),
        _ => "undated".to_string(),
    };
    writeln!(
        wtr,
        "group {}: {}, {}, {}",
        g.group,
        plural(g.size, "record"),
        plural(g.outlets.len(), "outlet"),
        when
    )?;
    writeln!(
        wtr,
        "  \"{}\"",
        origin.title.as_deref().unwrap_or("(no title)")
    )?;
    let basis = match g.origin.basis {
        Basis::Earliest => String::new(),
        Basis::Tied => format!(
            "(earliest date tied with {})",
            g.origin.tied_with.join(", ")
        ),
        Basis::Undated => "(no member is dated: detection's canonical member)".to_string(),
    };
    let mut rows = vec![[
        "origin".to_string(),
        origin.id.clone(),
        origin.source.clone().unwrap_or_else(|| "-".to_string()),
        origin.date.clone().unwrap_or_else(|| "undated".to_string()),
        basis,
    ]];
    rows.extend(g.members[1..].iter().map(reprint_row));
    rows.extend(g.related.iter().map(related_row));
    write_table(
        wtr,
        &rows,
        &[Align::Right, Align::Left, Align::Left, Align::Left],
    )
}

/// A reprint's row: lag, id, outlet, date, how much of the origin it
/// printed, and what it left out or changed.
fn reprint_row(m: &MemberSpread) -> [String; 5] {
    let mut notes = vec![format!("prints {:.0}% of the origin", 100.0 * m.coverage)];
    if let Some(p) = &m.paragraphs
        && !p.absent.is_empty()
    {
        notes.push(paragraphs(p));
    }
    if m.title_changed == Some(true) {
        notes.push(format!(
            "headline \"{}\"",
            m.title.as_deref().unwrap_or_default()
        ));
    }
    [
        m.lag_seconds
            .map_or_else(|| "undated".to_string(), human_lag),
        m.id.clone(),
        m.source.clone().unwrap_or_else(|| "-".to_string()),
        m.date.clone().unwrap_or_else(|| "-".to_string()),
        notes.join("; "),
    ]
}

/// A related record's row. One dated before every member cannot have
/// quoted the story: it is said to share the passage, not to quote it.
fn related_row(r: &RelatedSpread) -> [String; 5] {
    let (label, verb) = if r.predates_group {
        ("earlier", "dated before the group; shares")
    } else {
        ("related", "quotes")
    };
    [
        label.to_string(),
        r.id.clone(),
        r.outlet.clone().unwrap_or_else(|| "-".to_string()),
        r.date.clone().unwrap_or_else(|| "-".to_string()),
        format!(
            "{verb} {:.0}% of {} ({})",
            100.0 * r.source_covered,
            r.source,
            paragraphs(&r.paragraphs)
        ),
    ]
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// Rows as columns two spaces apart, each as wide as its widest cell (up
/// to [`MAX_COLUMN`]), indented by two; the last column is not padded.
fn write_table<const N: usize>(
    wtr: &mut dyn Write,
    rows: &[[String; N]],
    align: &[Align],
) -> io::Result<()> {
    let widths: Vec<usize> = (0..N - 1)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .filter(|&w| w <= MAX_COLUMN)
                .max()
                .unwrap_or(MAX_COLUMN)
        })
        .collect();
    for row in rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            line.push(' ');
            if c + 1 == N {
                line.push_str(cell);
                break;
            }
            let w = widths[c];
            match align[c] {
                Align::Left => line.push_str(&format!("{cell:<w$}")),
                Align::Right => line.push_str(&format!("{cell:>w$}")),
            }
            line.push(' ');
        }
        writeln!(wtr, "{}", line.trim_end())?;
    }
    Ok(())
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::{reprinted, spread_of};

    #[test]
    fn the_text_is_the_summary_then_a_timeline_per_group() {
        let corpus = reprinted(
            &[
                ("date", "2024-03-01"),
                ("source", "Wire"),
                ("title", "Pier to close"),
            ],
            &[
                ("date", "2024-03-01T05:00:00Z"),
                ("source", "Herald"),
                ("title", "Ferry pier shut"),
            ],
        );
        let (spread, _) = spread_of(&corpus);
        let mut out = Vec::new();
        write_text(&mut out, &spread).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "1 group holding 2 of 2 records; no other record quotes them"
        );
        assert_eq!(lines[1], "group sizes: 1 of size 2");
        assert!(
            text.contains("\n  outlet  reprints  origins  reprinted from\n  Herald         1        0  Wire (1)\n"),
            "{text}"
        );
        let group = text.split("\n\n").nth(1).unwrap();
        assert!(group.starts_with(&format!(
            "group {}: 2 records, 2 outlets,",
            spread.groups[0].group
        )));
        assert!(
            group.contains("\n  \"Pier to close\"\n  origin  o  Wire    2024-03-01\n"),
            "{group}"
        );
        assert!(
            group.contains("\n    +5 h  r  Herald  2024-03-01T05"),
            "{group}"
        );
        assert!(group.contains("headline \"Ferry pier shut\""), "{group}");
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_cell() {
        let row = |a: &str, b: &str, c: &str| [a.to_string(), b.to_string(), c.to_string()];
        let mut out = Vec::new();
        let rows = [
            row("x", "A very long outlet name indeed", "end"),
            row("+12 d", "B", "end"),
        ];
        write_table(&mut out, &rows, &[Align::Right, Align::Left]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "      x  A very long outlet name indeed  end\n  +12 d  B                               end\n"
        );
        // A cell past MAX_COLUMN pushes only its own row out.
        let long = "L".repeat(MAX_COLUMN + 5);
        let rows = [
            row("a", &long, "end"),
            row("b", "short", "end"),
            row("c", "mid-size", "end"),
        ];
        let mut out = Vec::new();
        write_table(&mut out, &rows, &[Align::Left, Align::Left]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "  b  short     end");
        assert_eq!(lines[2], "  c  mid-size  end");
        assert!(lines[0].ends_with(&format!("{long}  end")));
    }

    #[test]
    fn empty_lists_read_none() {
        assert_eq!(or_none(""), "none");
        assert_eq!(or_none("a (1)"), "a (1)");
    }
}
