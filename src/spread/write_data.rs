//! The spread for programs: JSON Lines (every group, then the summary) and
//! the outlet edge list as CSV, ready for a network tool.

use std::io::{self, Write};

use serde::Serialize;

use super::model::Spread;

/// Write the spread as JSON Lines: one `{"type":"group",...}` line per
/// group, then one `{"type":"summary",...}` line.
pub fn write_jsonl(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    #[derive(Serialize)]
    struct Tagged<'a, T: Serialize> {
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(flatten)]
        body: &'a T,
    }
    for g in &spread.groups {
        serde_json::to_writer(
            &mut *wtr,
            &Tagged {
                kind: "group",
                body: g,
            },
        )?;
        wtr.write_all(b"\n")?;
    }
    serde_json::to_writer(
        &mut *wtr,
        &Tagged {
            kind: "summary",
            body: &spread.summary,
        },
    )?;
    wtr.write_all(b"\n")?;
    wtr.flush()
}

/// Write the outlet edge list as CSV: `source,target,count`.
pub fn write_edges_csv(wtr: &mut dyn Write, spread: &Spread) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(wtr);
    csv.write_record(["source", "target", "count"])?;
    for e in &spread.summary.edges {
        csv.write_record([e.source.as_str(), e.target.as_str(), &e.count.to_string()])?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::{reprinted, spread_of};

    fn dated_spread() -> Spread {
        let corpus = reprinted(
            &[("date", "2024-03-01"), ("source", "Wire")],
            &[("date", "2024-03-02"), ("source", "Herald, Daily")],
        );
        spread_of(&corpus).0
    }

    #[test]
    fn json_lines_are_the_groups_then_the_summary() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &dated_spread()).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["type"], "group");
        assert_eq!(lines[0]["origin"]["id"], "o");
        assert_eq!(lines[0]["pairs"].as_array().unwrap().len(), 1);
        // Fields only the report uses are not written.
        assert!(lines[0]["members"][0].get("index").is_none());
        assert_eq!(lines[1]["type"], "summary");
        assert_eq!(lines[1]["groups"], 1);
    }

    #[test]
    fn the_edge_list_is_csv_with_a_header() {
        let mut out = Vec::new();
        write_edges_csv(&mut out, &dated_spread()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "source,target,count\nWire,\"Herald, Daily\",1\n"
        );
    }
}
