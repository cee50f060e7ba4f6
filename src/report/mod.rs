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

pub mod svg;

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::align::ParagraphCoverage;
use crate::spread::{Basis, GroupSpread, Spread, Texts, human_lag};
use svg::Bar;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Outlets shown in the top-outlets chart.
const TOP_OUTLETS: usize = 12;

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside a `<script>` element: `<`, `>`, `&` and the
/// JavaScript line separators as `\u` escapes (they can only occur inside
/// strings, where the escape means the same character).
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("report data serializes");
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A member as the timeline shows it.
#[derive(Serialize)]
struct MemberView<'a> {
    id: &'a str,
    outlet: Option<&'a str>,
    date: Option<&'a str>,
    /// Seconds since the epoch, for the timeline position.
    t: Option<i64>,
    lag: Option<String>,
    title: Option<&'a str>,
    /// `origin`, `reprint` or `related`.
    kind: &'static str,
    /// Share of the origin (or quoted member) printed.
    cov: f64,
    /// Share of this record that is the origin's text.
    from: f64,
    changed: Option<bool>,
    /// `"1-3 of 8"` when paragraphs were left out.
    para: Option<String>,
    /// One character per paragraph of the origin: `1` printed, `0` not
    /// (a string is a third the size of an array in a large report).
    flags: String,
    /// For related records: the member quoted (index into members).
    of: usize,
}

/// A group as the timeline shows it.
#[derive(Serialize)]
struct GroupView<'a> {
    id: &'a str,
    title: Option<&'a str>,
    size: usize,
    outlets: usize,
    first: Option<&'a str>,
    last: Option<&'a str>,
    span: Option<String>,
    basis: Basis,
    tied: Vec<&'a str>,
    members: Vec<MemberView<'a>>,
}

/// Texts and passages of one group, parsed on demand.
#[derive(Serialize)]
struct GroupTexts<'a> {
    /// One text per member (then per related record), in timeline order;
    /// the origin's whole, the others as pieces ([`Origin::compact`]).
    texts: Vec<Vec<Piece<'a>>>,
    /// Per entry: passages as `[a_start, a_end, b_start, b_end]` in UTF-16
    /// units (JavaScript string offsets), `a` in the quoted text.
    marks: Vec<Vec<[usize; 4]>>,
}

/// Write the report.
pub fn write_html(wtr: &mut dyn Write, spread: &Spread, texts: &Texts) -> io::Result<()> {
    let s = &spread.summary;
    let groups: Vec<GroupView> = spread.groups.iter().map(group_view).collect();
    write!(
        wtr,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"reprint {}\">\n\
         <title>Syndication spread: {} groups</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        s.groups
    )?;
    writeln!(
        wtr,
        "<header class=\"top\"><h1>Syndication spread</h1><p>{} records read, {} in {} of reprints; {} quote{} them.</p></header>",
        s.records,
        s.grouped_records,
        plural(s.groups, "group"),
        plural(s.related, "related record"),
        if s.related == 1 { "s" } else { "" }
    )?;
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
    wtr.write_all(b"</section>\n<section class=\"charts\">\n")?;
    for (caption, chart) in charts(spread) {
        writeln!(
            wtr,
            "<figure><figcaption>{}</figcaption>{chart}</figure>",
            esc(caption)
        )?;
    }
    wtr.write_all(b"</section>\n")?;
    if s.dates.unparseable + s.dates.missing > 0 {
        writeln!(
            wtr,
            "<p class=\"note\">Of the records in groups, {} no date and {} a date that could not be read; they have no lag and are placed after the dated ones.</p>",
            plural_verb(s.dates.missing, "has", "have"),
            s.dates.unparseable
        )?;
    }
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
    writeln!(wtr, "<script>\n{JS}</script>\n</body>\n</html>")?;
    wtr.flush()
}

/// `1 group`, `2 groups`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `1 has`, `2 have`.
fn plural_verb(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn group_view(g: &GroupSpread) -> GroupView<'_> {
    let mut members: Vec<MemberView> = g
        .members
        .iter()
        .enumerate()
        .map(|(k, m)| MemberView {
            id: &m.id,
            outlet: m.source.as_deref(),
            date: m.date.as_deref(),
            t: m.timestamp,
            lag: m.lag_seconds.map(human_lag),
            title: m.title.as_deref(),
            kind: if k == 0 { "origin" } else { "reprint" },
            cov: m.coverage,
            from: m.from_origin,
            changed: m.title_changed,
            para: m
                .paragraphs
                .as_ref()
                .filter(|p| !p.absent.is_empty())
                .map(|p| p.describe()),
            flags: m.paragraphs.as_ref().map(flags).unwrap_or_default(),
            of: 0,
        })
        .collect();
    for r in &g.related {
        let of = g.members.iter().position(|m| m.id == r.source).unwrap_or(0);
        members.push(MemberView {
            id: &r.id,
            outlet: r.outlet.as_deref(),
            date: r.date.as_deref(),
            t: None,
            lag: None,
            title: r.title.as_deref(),
            kind: "related",
            cov: r.source_covered,
            from: r.derivative_covered,
            changed: None,
            para: Some(r.paragraphs.describe()),
            flags: flags(&r.paragraphs),
            of,
        });
    }
    GroupView {
        id: &g.group,
        title: g.members[0].title.as_deref(),
        size: g.size,
        outlets: g.outlets.len(),
        first: g.first_date.as_deref(),
        last: g.last_date.as_deref(),
        span: g.span_seconds.map(human_lag),
        basis: g.origin.basis,
        tied: g.origin.tied_with.iter().map(String::as_str).collect(),
        members,
    }
}

/// `"11100000"`: which paragraphs were printed.
fn flags(p: &ParagraphCoverage) -> String {
    (1..=p.count)
        .map(|i| if p.is_printed(i) { '1' } else { '0' })
        .collect()
}

fn group_texts<'a>(g: &GroupSpread, texts: &'a Texts) -> GroupTexts<'a> {
    let mut out = GroupTexts {
        texts: Vec::new(),
        marks: Vec::new(),
    };
    let origin = texts.get(g.members[0].index);
    let lines = Origin::of(origin);
    for (k, m) in g.members.iter().enumerate() {
        let b = texts.get(m.index);
        if k == 0 {
            out.texts.push(vec![Piece::Text(origin)]);
            out.marks.push(Vec::new());
        } else {
            out.texts.push(lines.compact(b));
            out.marks
                .push(marks(origin, b, m.passages.iter().map(|p| (p.a, p.b))));
        }
    }
    for r in &g.related {
        let source = g.members.iter().find(|m| m.id == r.source);
        let a = source.map_or("", |m| texts.get(m.index));
        let b = texts.get(r.index);
        out.texts.push(lines.compact(b));
        out.marks
            .push(marks(a, b, r.passages.iter().map(|p| (p.a, p.b))));
    }
    out
}

/// A piece of a text in the report: literal text, or `[start, end)` of
/// the origin's text in UTF-16 units.
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
enum Piece<'a> {
    Text(&'a str),
    Origin([usize; 2]),
}

/// Bytes looked up at once when finding the origin's text in another.
const KEY: usize = 16;

/// A stretch of the origin shorter than this is written out rather than
/// referred to (a reference costs about as much JSON).
const MIN_MATCH: usize = 24;

/// The origin's text, to write the other members' texts as references to
/// it: reprints repeat most of the origin verbatim, so a report holds each
/// story's text about once rather than once per outlet. Matching is on
/// bytes, not lines, so a copy re-wrapped or with straight quotes for
/// curly ones still refers to the origin between the changes.
struct Origin<'a> {
    text: &'a [u8],
    /// Each `KEY`-byte window starting on a character, to where it first
    /// occurs.
    at: HashMap<&'a [u8], u32>,
    /// UTF-16 offset of each byte offset (meaningful on characters).
    utf16: Vec<u32>,
}

impl<'a> Origin<'a> {
    fn of(origin: &'a str) -> Origin<'a> {
        let text = origin.as_bytes();
        let mut at = HashMap::with_capacity(text.len());
        let mut utf16 = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for (i, c) in origin.char_indices() {
            if i + KEY <= text.len() {
                at.entry(&text[i..i + KEY]).or_insert(i as u32);
            }
            utf16.resize(i, units);
            utf16.push(units);
            units += c.len_utf16() as u32;
        }
        utf16.resize(text.len() + 1, units);
        Origin { text, at, utf16 }
    }

    /// `text` as pieces: stretches of at least `MIN_MATCH` bytes found in
    /// the origin as references, the rest as text.
    fn compact<'t>(&self, text: &'t str) -> Vec<Piece<'t>> {
        let b = text.as_bytes();
        let o = self.text;
        let mut out: Vec<Piece<'t>> = Vec::new();
        let (mut literal, mut p) = (0, 0);
        while p + KEY <= b.len() {
            let found = if text.is_char_boundary(p) {
                self.at.get(&b[p..p + KEY])
            } else {
                None
            };
            let Some(&q) = found else {
                p += 1;
                continue;
            };
            let q = q as usize;
            let mut len = KEY;
            while p + len < b.len() && q + len < o.len() && b[p + len] == o[q + len] {
                len += 1;
            }
            // Equal bytes from a character start end on a character in
            // both texts or in neither.
            while !text.is_char_boundary(p + len) {
                len -= 1;
            }
            if len < MIN_MATCH {
                p += 1;
                continue;
            }
            if literal < p {
                out.push(Piece::Text(&text[literal..p]));
            }
            let (start, end) = (self.utf16[q] as usize, self.utf16[q + len] as usize);
            match out.last_mut() {
                Some(Piece::Origin(r)) if r[1] == start => r[1] = end,
                _ => out.push(Piece::Origin([start, end])),
            }
            p += len;
            literal = p;
        }
        if literal < b.len() {
            out.push(Piece::Text(&text[literal..]));
        }
        out
    }
}

/// Character spans (as [`crate::spread::PassageOut`] holds them) to UTF-16
/// offsets, as `[a_start, a_end, b_start, b_end]`.
fn marks(
    a: &str,
    b: &str,
    spans: impl Iterator<Item = ([usize; 2], [usize; 2])>,
) -> Vec<[usize; 4]> {
    let spans: Vec<_> = spans.collect();
    let oa = utf16_offsets(a, spans.iter().flat_map(|(x, _)| *x));
    let ob = utf16_offsets(b, spans.iter().flat_map(|(_, y)| *y));
    (0..spans.len())
        .map(|k| [oa[2 * k], oa[2 * k + 1], ob[2 * k], ob[2 * k + 1]])
        .collect()
}

/// The UTF-16 offset of each character offset (in the order given) of
/// `text`.
fn utf16_offsets(text: &str, chars: impl Iterator<Item = usize>) -> Vec<usize> {
    let chars: Vec<usize> = chars.collect();
    if text.is_ascii() {
        return chars;
    }
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by_key(|&k| chars[k]);
    let mut out = vec![0; chars.len()];
    let (mut seen, mut units) = (0, 0);
    let mut iter = text.chars();
    for k in order {
        while seen < chars[k] {
            let Some(c) = iter.next() else { break };
            units += c.len_utf16();
            seen += 1;
        }
        out[k] = units;
    }
    out
}

/// The three summary charts.
fn charts(spread: &Spread) -> Vec<(&'static str, String)> {
    let s = &spread.summary;
    // Sizes in buckets, up to the largest group.
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
    let largest = s.group_sizes.last().map_or(2, |c| c.size);
    let sizes: Vec<Bar> = SIZES
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
        .collect();
    let outlets: Vec<(Bar, usize)> = s
        .outlets
        .iter()
        .filter(|o| o.reprints > 0)
        .take(TOP_OUTLETS)
        .map(|o| {
            let from: Vec<String> = o
                .from
                .iter()
                .take(5)
                .map(|f| format!("{} ({})", f.outlet, f.count))
                .collect();
            (
                Bar {
                    label: o.outlet.clone(),
                    value: o.reprints,
                    tip: format!(
                        "{}: {} reprints, {} origins; reprints from {}",
                        o.outlet,
                        o.reprints,
                        o.origins,
                        if from.is_empty() {
                            "unknown outlets".to_string()
                        } else {
                            from.join(", ")
                        }
                    ),
                },
                o.origins,
            )
        })
        .collect();
    let lags: Vec<Bar> = s
        .lag
        .histogram
        .iter()
        .map(|b| Bar {
            label: b.label.to_string(),
            value: b.count,
            tip: format!("{} reprints appeared {} after the origin", b.count, b.label),
        })
        .collect();
    vec![
        (
            "Group sizes (records per group)",
            svg::columns("chart-sizes", "Group sizes", &sizes),
        ),
        (
            "Top reprinting outlets",
            svg::rows(
                "chart-outlets",
                "Top reprinting outlets",
                &outlets,
                ["reprints", "origins"],
            ),
        ),
        (
            "Lag of reprints after the origin",
            svg::columns("chart-lags", "Reprint lag", &lags),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_element() {
        let hostile = "</script><img src=x onerror=alert(1)> & \u{2028}";
        let json = script_json(&serde_json::json!({ "t": hostile }));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], hostile);
    }

    /// `pieces` rebuilt as the script does, from UTF-16 offsets.
    fn rebuild(origin: &str, pieces: &[Piece]) -> String {
        let utf16: Vec<u16> = origin.encode_utf16().collect();
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Origin([s, e]) => String::from_utf16(&utf16[*s..*e]).unwrap(),
            })
            .collect()
    }

    #[test]
    fn texts_refer_to_the_origin_text_they_repeat() {
        let line = "A line long enough to be worth referring to, \u{e9}t\u{e9} \u{1F600}.\n";
        let origin = format!("Head\n{line}\n{line}tail");
        let o = Origin::of(&origin);
        let copy = format!("Share this\n{line}\n{line}Footer\n");
        let pieces = o.compact(&copy);
        let units = line.encode_utf16().count();
        assert_eq!(
            pieces,
            [
                // The line break before the line is the origin's too.
                Piece::Text("Share this"),
                Piece::Origin([4, 5 + 1 + 2 * units]),
                Piece::Text("Footer\n"),
            ]
        );
        assert_eq!(rebuild(&origin, &pieces), copy);
    }

    #[test]
    fn edited_copies_still_refer_to_the_origin_between_edits() {
        let origin = "\u{201C}The harbour board voted on Tuesday to close the old ferry \
            pier,\u{201D} the chair said \u{2014} after engineers found the pilings \
            had rotted through in three places.\n\nRepairs would cost more than a new \
            pier, she said, and the work would take until the spring.";
        let o = Origin::of(origin);
        // Straight quotes, a re-wrapped line, a changed word, a new header.
        let copy = origin
            .replace(['\u{201C}', '\u{201D}'], "\"")
            .replace("the old ferry pier", "the old ferry\npier")
            .replace("rotted", "decayed");
        let copy = format!("SHARE \u{1F600} THIS\n{copy}");
        let pieces = o.compact(&copy);
        assert_eq!(rebuild(origin, &pieces), copy);
        let literal: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Origin(_) => 0,
            })
            .sum();
        assert!(
            literal < copy.len() / 4,
            "{literal} of {}: {pieces:?}",
            copy.len()
        );
        // Text with nothing in common, and texts shorter than a key.
        for other in [
            "Nothing in common here at all, not one bit of it.",
            "",
            "x\u{e9}",
        ] {
            assert_eq!(
                o.compact(other),
                [Piece::Text(other)]
                    .into_iter()
                    .filter(|_| !other.is_empty())
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn html_escape_covers_attributes() {
        assert_eq!(
            esc(r#"<a href="x">'&'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let t = "a\u{1F600}b\u{e9}c";
        // characters: a=0, emoji=1, b=2, é=3, c=4; UTF-16: the emoji is two
        assert_eq!(
            utf16_offsets(t, [4, 0, 2, 3, 5].into_iter()),
            [5, 0, 3, 4, 6]
        );
        assert_eq!(utf16_offsets("abc", [3, 1].into_iter()), [3, 1]);
    }
}
