//! The spread for people to read: the corpus summary, then each group as
//! a timeline (origin first, each reprint with its lag, what it printed of
//! the origin and whether it changed the headline, then the records quoting
//! the group).

use std::io::{self, Write};

use super::lag::human_lag;
use super::model::{Basis, GroupSpread, MemberSpread, Spread, Summary};

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
    writeln!(
        wtr,
        "{} groups holding {} of {} records; {} related records quote them",
        s.groups, s.grouped_records, s.records, s.related
    )?;
    let sizes: Vec<String> = s
        .group_sizes
        .iter()
        .map(|c| format!("{} of size {}", c.groups, c.size))
        .collect();
    writeln!(wtr, "group sizes: {}", or_none(&sizes.join(", ")))?;
    writeln!(
        wtr,
        "origins: {} by earliest date, {} tied on the earliest date, {} undated groups",
        s.origins.earliest, s.origins.tied, s.origins.undated
    )?;
    writeln!(
        wtr,
        "dates of grouped records: {} parsed, {} missing, {} unparseable",
        s.dates.parsed, s.dates.missing, s.dates.unparseable
    )?;
    let lag = |x: Option<i64>| x.map_or_else(|| "-".to_string(), human_lag);
    writeln!(
        wtr,
        "reprint lag: {} of {} reprints dated; median {}, 90% within {}, longest {}",
        s.lag.dated,
        s.lag.reprints,
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

/// The ten outlets that reprint most, and whom from.
fn write_top_outlets(wtr: &mut dyn Write, s: &Summary) -> io::Result<()> {
    writeln!(wtr, "top reprinting outlets:")?;
    if s.outlets.iter().all(|o| o.reprints == 0) {
        writeln!(wtr, "  none (no outlet is known)")?;
    }
    for o in s.outlets.iter().filter(|o| o.reprints > 0).take(10) {
        let from = o.top_sources();
        writeln!(
            wtr,
            "  {:<28} {:>4} reprints, {:>3} origins; from {}",
            o.outlet,
            o.reprints,
            o.origins,
            or_none(&from.join(", "))
        )?;
    }
    Ok(())
}

/// One group's timeline: a heading, the origin, each reprint, then the
/// records quoting the group.
fn write_group(wtr: &mut dyn Write, g: &GroupSpread) -> io::Result<()> {
    let origin = &g.members[0];
    let when = match (&g.first_date, &g.last_date) {
        (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
        (Some(f), _) => f.clone(),
        _ => "undated".to_string(),
    };
    writeln!(
        wtr,
        "group {}: {} records, {} outlets, {}",
        g.group,
        g.size,
        g.outlets.len(),
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
            " (earliest date tied with {})",
            g.origin.tied_with.join(", ")
        ),
        Basis::Undated => " (no member is dated: detection's canonical member)".to_string(),
    };
    writeln!(
        wtr,
        "  origin  {}  {}  {}{}",
        origin.id,
        origin.source.as_deref().unwrap_or("-"),
        origin.date.as_deref().unwrap_or("undated"),
        basis
    )?;
    for m in &g.members[1..] {
        write_reprint(wtr, m)?;
    }
    for r in &g.related {
        writeln!(
            wtr,
            "  {:>8}  {}  {}  quotes {:.0}% of {} (paragraphs {})",
            "related",
            r.id,
            r.outlet.as_deref().unwrap_or("-"),
            100.0 * r.source_covered,
            r.source,
            r.paragraphs.describe()
        )?;
    }
    Ok(())
}

/// A reprint's line: lag, id, outlet, date, how much of the origin it
/// printed, and what it left out or changed.
fn write_reprint(wtr: &mut dyn Write, m: &MemberSpread) -> io::Result<()> {
    let mut notes = Vec::new();
    if let Some(p) = &m.paragraphs
        && !p.absent.is_empty()
    {
        notes.push(format!("paragraphs {}", p.describe()));
    }
    if m.title_changed == Some(true) {
        notes.push(format!(
            "headline \"{}\"",
            m.title.as_deref().unwrap_or_default()
        ));
    }
    writeln!(
        wtr,
        "  {:>8}  {}  {}  {}  prints {:.0}% of the origin{}{}",
        m.lag_seconds
            .map_or_else(|| "undated".to_string(), human_lag),
        m.id,
        m.source.as_deref().unwrap_or("-"),
        m.date.as_deref().unwrap_or("-"),
        100.0 * m.coverage,
        if notes.is_empty() { "" } else { "; " },
        notes.join("; ")
    )
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
            "1 groups holding 2 of 2 records; 0 related records quote them"
        );
        assert_eq!(lines[1], "group sizes: 1 of size 2");
        assert!(text.contains("\n  Herald"), "{text}");
        assert!(text.contains("from Wire (1)"), "{text}");
        let group = text.split("\n\n").nth(1).unwrap();
        assert!(group.starts_with(&format!(
            "group {}: 2 records, 2 outlets,",
            spread.groups[0].group
        )));
        assert!(
            group.contains("\n  \"Pier to close\"\n  origin  o  Wire  2024-03-01\n"),
            "{group}"
        );
        assert!(group.contains("     +5 h  r  Herald"), "{group}");
        assert!(group.contains("headline \"Ferry pier shut\""), "{group}");
    }

    #[test]
    fn empty_lists_read_none() {
        assert_eq!(or_none(""), "none");
        assert_eq!(or_none("a (1)"), "a (1)");
    }
}
