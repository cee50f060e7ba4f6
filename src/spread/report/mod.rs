//! The spread report: one self-contained HTML file to look at.
//!
//! Everything is inline (no network, no CDN): the CSS, the summary charts
//! as SVG drawn in Rust ([`svg`]), a small script. The groups are not
//! HTML but data: one `<script type="application/json">` holding every
//! group's timeline (light: ids, dates, coverage), rendered by the script
//! 50 groups a page, and one such element per group holding its texts and
//! passages, parsed only when someone opens that group's comparison. A
//! report of thousands of groups opens as fast as one of ten.
//!
//! Input text is hostile. Text placed in the HTML (chart labels) is
//! escaped; JSON placed in a script element has `<`, `>` and `&` written
//! as `\u` escapes, so no string can close the element; the script only
//! ever sets `textContent`. `#group=ID&member=ID` in the address opens a
//! comparison, so it can be linked (and checked headless, without clicks).
//!
//! This file writes the page; `views.rs` makes the timelines' data,
//! `group_texts.rs` each group's texts and passages (with `compact.rs`
//! writing reprints as references to the origin), `charts.rs` the charts'
//! bars, `network.rs` the outlet network's picture and `escape.rs` the two
//! kinds of escaping.

mod charts;
mod compact;
mod escape;
mod group_texts;
mod network;
pub mod svg;
mod views;

use std::io::{self, Write};

use crate::spread::lag::human_lag;
use crate::spread::model::{Spread, Summary};
use crate::spread::texts::Texts;
use crate::spread::wording::{plural, plural_verb, quoting};
use charts::charts;
pub use escape::{esc, script_json};
use group_texts::group_texts;
use views::{GroupView, group_view};

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Write the report.
pub fn write_html(wtr: &mut dyn Write, spread: &Spread, texts: &Texts) -> io::Result<()> {
    let s = &spread.summary;
    write!(
        wtr,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"reprint {}\">\n\
         <title>Syndication spread: {} groups</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        s.groups
    )?;
    let quoting = quoting(s.related_records, s.related);
    writeln!(
        wtr,
        "<header class=\"top\"><h1>Syndication spread</h1><p>{} read, {} in {} of reprints; {quoting}.</p></header>",
        plural(s.records, "record"),
        s.grouped_records,
        plural(s.groups, "group"),
    )?;
    write_tiles(wtr, s)?;
    write_charts(wtr, spread)?;
    write_network(wtr, s)?;
    if s.dates.unparseable + s.dates.missing > 0 {
        writeln!(
            wtr,
            "<p class=\"note\">Of the records in groups, {} no date and {} a date that could not be read; they have no lag and are placed after the dated ones.</p>",
            plural_verb(s.dates.missing, "has", "have"),
            s.dates.unparseable
        )?;
    }
    write_groups(wtr, spread, texts)?;
    writeln!(wtr, "<script>\n{JS}</script>\n</body>\n</html>")?;
    wtr.flush()
}

/// The headline figures, one tile each.
fn write_tiles(wtr: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let lag = |x: Option<i64>| x.map_or_else(|| "–".to_string(), human_lag);
    let tiles = [
        ("groups", s.groups.to_string()),
        ("records in groups", s.grouped_records.to_string()),
        (
            "outlets",
            s.outlets
                .iter()
                .filter(|o| o.reprints + o.origins > 0)
                .count()
                .to_string(),
        ),
        ("median lag", lag(s.lag.median_seconds)),
        ("90% within", lag(s.lag.p90_seconds)),
        (
            "origins tied / undated",
            format!("{} / {}", s.origins.tied, s.origins.undated),
        ),
    ];
    wtr.write_all(b"<section class=\"tiles\">")?;
    for (label, value) in tiles {
        write!(
            wtr,
            "<div class=\"tile\"><b>{}</b><span>{}</span></div>",
            esc(&value),
            esc(label)
        )?;
    }
    wtr.write_all(b"</section>\n")
}

/// The summary charts, as inline SVG.
fn write_charts(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    wtr.write_all(b"<section class=\"charts\">\n")?;
    for (caption, chart) in charts(spread) {
        writeln!(
            wtr,
            "<figure><figcaption>{}</figcaption>{chart}</figure>",
            esc(caption)
        )?;
    }
    wtr.write_all(b"</section>\n")
}

/// Who reprints whom, as a picture of the edge list.
fn write_network(wtr: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let (svg, note) = network::network(s);
    writeln!(
        wtr,
        "<section class=\"network\"><figure><figcaption>Who reprints whom</figcaption>{svg}<p class=\"key\">An arrow from A to B: B reprinted stories A printed first; the thicker, the more. A circle's area is the outlet's stories in groups; dark: it was the origin of most of them. Hover for counts.{}{}</p></figure></section>",
        if note.is_empty() { "" } else { " " },
        esc(&note)
    )
}

/// The group list the script fills, the timelines' data, and each group's
/// texts in an element of its own.
fn write_groups(wtr: &mut dyn Write, spread: &Spread, texts: &Texts) -> io::Result<()> {
    let groups: Vec<GroupView> = spread.groups.iter().map(group_view).collect();
    writeln!(
        wtr,
        "<section id=\"list\"><div class=\"toolbar\"><input id=\"filter\" type=\"search\" placeholder=\"Filter by outlet, headline or id\" aria-label=\"Filter groups\"><span id=\"count\"></span><span class=\"pager\"><button id=\"prev\" type=\"button\">&lsaquo; Previous</button><span id=\"page\"></span><button id=\"next\" type=\"button\">Next &rsaquo;</button></span></div>\n<p class=\"hint\">Click a row to compare it with the origin side by side; shared passages are highlighted.</p>\n<div id=\"groups\"></div>\n<noscript><p>The timelines need JavaScript; the summary above does not.</p></noscript></section>"
    )?;
    writeln!(
        wtr,
        "<script type=\"application/json\" id=\"data\">{}</script>",
        script_json(&serde_json::json!({ "groups": groups }))
    )?;
    for (k, g) in spread.groups.iter().enumerate() {
        writeln!(
            wtr,
            "<script type=\"application/json\" id=\"t{k}\">{}</script>",
            script_json(&group_texts(g, texts))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::{reprinted, spread_of};

    #[test]
    fn the_page_holds_the_summary_and_one_text_element_per_group() {
        let corpus = reprinted(
            &[("date", "2024-03-01"), ("source", "<b>Wire</b>")],
            &[("source", "Herald")],
        );
        let (spread, texts) = spread_of(&corpus);
        let mut out = Vec::new();
        write_html(&mut out, &spread, &texts).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</script>\n</body>\n</html>\n"));
        assert!(html.contains(
            "<p>2 records read, 2 in 1 group of reprints; no other record quotes them.</p>"
        ));
        assert!(
            html.contains("<p class=\"note\">Of the records in groups, 1 has no date and 0 a date")
        );
        assert_eq!(html.matches("<figure>").count(), 4);
        assert!(html.contains("<svg id=\"chart-network\""));
        assert!(html.contains("id=\"t0\""));
        assert!(!html.contains("id=\"t1\""));
        assert!(
            !html.contains("<b>Wire</b>"),
            "outlet names are escaped or script data"
        );
    }
}
