//! The tables: one row per member (the membership table, the main output
//! with `--format-out csv|tsv`) and one row per pair (the pairs table,
//! `--pairs-out`). Long tables, so they join back onto a data frame by
//! `id` and load into network tools as an edge list.
//!
//! Both go through the csv crate: CSV as RFC 4180, TSV the same with tabs
//! (a field holding a tab, a quote or a line break is double-quoted, as
//! reprint's own TSV reader and Python's `csv` with `delimiter="\t"`
//! read it). A JSON null is an empty field. The header row is the schema:
//! columns are only ever added, at the end.

use std::io;

use super::{GroupOut, OutputFormat};

/// Columns of the membership table, as the JSON members carry them, after
/// the group's own.
const MEMBER_COLUMNS: [&str; 12] = [
    "group",
    "canonical",
    "size",
    "id",
    "source",
    "date",
    "title",
    "url",
    "words",
    "jaccard",
    "containment",
    "story",
];

/// Columns of the pairs table. `kind` is `reprint` for a verified pair
/// and `related` for a record quoting a member (`a` the member quoted,
/// `b` the quoting record).
const PAIR_COLUMNS: [&str; 10] = [
    "group",
    "kind",
    "a",
    "b",
    "jaccard",
    "containment",
    "a_in_b",
    "b_in_a",
    "shared",
    "excerpt",
];

/// Rows of one table being written into memory (a block of groups, made
/// in parallel with the others and written in order).
pub(super) struct Rows {
    wtr: csv::Writer<Vec<u8>>,
    /// `index query`: members carry `indexed`, a last column.
    indexed: bool,
}

impl Rows {
    /// An empty block of rows in `format` (CSV or TSV).
    pub(super) fn new(format: OutputFormat, indexed: bool) -> Rows {
        let delimiter = match format {
            OutputFormat::Tsv => b'\t',
            _ => b',',
        };
        let wtr = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_writer(Vec::new());
        Rows { wtr, indexed }
    }

    /// The membership table's header row.
    pub(super) fn member_header(&mut self) -> io::Result<()> {
        let mut header = MEMBER_COLUMNS.to_vec();
        if self.indexed {
            header.push("indexed");
        }
        self.wtr.write_record(header).map_err(io::Error::from)
    }

    /// The pairs table's header row.
    pub(super) fn pair_header(&mut self) -> io::Result<()> {
        self.wtr.write_record(PAIR_COLUMNS).map_err(io::Error::from)
    }

    /// One row per member of `group`, canonical first.
    pub(super) fn members(&mut self, group: &GroupOut) -> io::Result<()> {
        let size = group.size.to_string();
        for m in &group.members {
            let words = m.words.to_string();
            let jaccard = m.jaccard.to_string();
            let containment = m.containment.to_string();
            let mut row = vec![
                group.group.as_str(),
                group.canonical,
                &size,
                m.id,
                m.source.unwrap_or(""),
                m.date.unwrap_or(""),
                m.title.unwrap_or(""),
                m.url.unwrap_or(""),
                &words,
                &jaccard,
                &containment,
                group.story.as_str(),
            ];
            if self.indexed {
                row.push(match m.indexed {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                });
            }
            self.wtr.write_record(row)?;
        }
        Ok(())
    }

    /// One row per verified pair of `group`, then one per related record.
    pub(super) fn pairs(&mut self, group: &GroupOut) -> io::Result<()> {
        for p in group.pairs.iter().flatten() {
            self.wtr.write_record([
                group.group.as_str(),
                "reprint",
                p.a,
                p.b,
                &p.jaccard.to_string(),
                &p.containment.to_string(),
                &p.a_in_b.to_string(),
                &p.b_in_a.to_string(),
                &p.shared.to_string(),
                p.excerpt.unwrap_or(""),
            ])?;
        }
        for r in group.related.iter().flatten() {
            self.wtr.write_record([
                group.group.as_str(),
                "related",
                r.source,
                r.id,
                &r.jaccard.to_string(),
                &r.containment.to_string(),
                &r.source_share.to_string(),
                &r.derivative_share.to_string(),
                &r.shared.to_string(),
                "",
            ])?;
        }
        Ok(())
    }

    /// The bytes written.
    pub(super) fn into_bytes(self) -> io::Result<Vec<u8>> {
        self.wtr
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MemberOut, PairOut, SCHEMA};
    use super::*;

    fn group() -> GroupOut<'static> {
        let member = |id, jaccard| MemberOut {
            id,
            source: Some("Wire, Inc."),
            date: None,
            title: Some("Pier\t\"closed\""),
            url: None,
            words: 12,
            jaccard,
            containment: 1.0,
            indexed: None,
        };
        GroupOut {
            schema: SCHEMA,
            group: "00000000000000ab".into(),
            canonical: "a",
            size: 2,
            story: "00000000000000ab".into(),
            versions: Vec::new(),
            members: vec![member("a", 1.0), member("b", 0.25)],
            pairs: Some(vec![PairOut {
                a: "a",
                b: "b",
                jaccard: 0.25,
                containment: 1.0,
                a_in_b: 0.25,
                b_in_a: 1.0,
                shared: 3,
                excerpt: Some("b"),
            }]),
            related: None,
        }
    }

    #[test]
    fn nulls_are_empty_and_fields_quoted_only_when_needed() {
        let mut rows = Rows::new(OutputFormat::Csv, false);
        rows.member_header().unwrap();
        rows.members(&group()).unwrap();
        assert_eq!(
            String::from_utf8(rows.into_bytes().unwrap()).unwrap(),
            "group,canonical,size,id,source,date,title,url,words,jaccard,containment,story\n\
             00000000000000ab,a,2,a,\"Wire, Inc.\",,\"Pier\t\"\"closed\"\"\",,12,1,1,00000000000000ab\n\
             00000000000000ab,a,2,b,\"Wire, Inc.\",,\"Pier\t\"\"closed\"\"\",,12,0.25,1,00000000000000ab\n"
        );
        let mut rows = Rows::new(OutputFormat::Tsv, true);
        rows.members(&group()).unwrap();
        let text = String::from_utf8(rows.into_bytes().unwrap()).unwrap();
        assert!(
            text.starts_with(
                "00000000000000ab\ta\t2\ta\tWire, Inc.\t\t\"Pier\t\"\"closed\"\"\"\t\t12\t1\t1\t00000000000000ab\t\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn pairs_rows_name_their_kind() {
        let mut rows = Rows::new(OutputFormat::Csv, false);
        rows.pair_header().unwrap();
        rows.pairs(&group()).unwrap();
        assert_eq!(
            String::from_utf8(rows.into_bytes().unwrap()).unwrap(),
            "group,kind,a,b,jaccard,containment,a_in_b,b_in_a,shared,excerpt\n\
             00000000000000ab,reprint,a,b,0.25,1,0.25,1,3,b\n"
        );
    }
}
