//! The tables: one row per member (the membership table, the main output
//! with `--format-out csv|tsv|parquet`) and one row per pair (the pairs
//! table, `--pairs-out`). Long tables, so they join back onto a data frame
//! by `id` and load into network tools as an edge list.
//!
//! A table's columns and a group's rows are made here once, as typed
//! [`Cell`]s, and written either as text ([`Rows`]) or as Parquet
//! ([`super::parquet`]), so the formats cannot drift apart.
//!
//! Text goes through the csv crate: CSV as RFC 4180, TSV the same with
//! tabs (a field holding a tab, a quote or a line break is double-quoted,
//! as reprint's own TSV reader and Python's `csv` with `delimiter="\t"`
//! read it). A JSON null is an empty field. The header row is the schema:
//! columns are only ever added, at the end.

use std::io;

use super::{GroupOut, OutputFormat};

/// What a column holds: its Parquet type, and how text writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A string, never missing.
    Text,
    /// A string, or null where the record has none (empty in text).
    MaybeText,
    /// A count (Parquet INT64).
    Count,
    /// A similarity (Parquet DOUBLE).
    Share,
    /// `true`, `false`, or null.
    MaybeFlag,
}

/// A column: its name (the header) and what it holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub(super) name: &'static str,
    pub(super) kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// One field of a row, of its column's [`Kind`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell<'a> {
    Text(&'a str),
    MaybeText(Option<&'a str>),
    Count(usize),
    Share(f64),
    MaybeFlag(Option<bool>),
}

/// Columns of the membership table, as the JSON members carry them, after
/// the group's own.
const MEMBER_COLUMNS: [Column; 12] = [
    col("group", Kind::Text),
    col("canonical", Kind::Text),
    col("size", Kind::Count),
    col("id", Kind::Text),
    col("source", Kind::MaybeText),
    col("date", Kind::MaybeText),
    col("title", Kind::MaybeText),
    col("url", Kind::MaybeText),
    col("words", Kind::Count),
    col("jaccard", Kind::Share),
    col("containment", Kind::Share),
    col("story", Kind::Text),
];

/// `index query`: members carry `indexed`, a last column.
const INDEXED_COLUMN: Column = col("indexed", Kind::MaybeFlag);

/// Columns of the pairs table. `kind` is `reprint` for a verified pair
/// and `related` for a record quoting a member (`a` the member quoted,
/// `b` the quoting record).
const PAIR_COLUMNS: [Column; 10] = [
    col("group", Kind::Text),
    col("kind", Kind::Text),
    col("a", Kind::Text),
    col("b", Kind::Text),
    col("jaccard", Kind::Share),
    col("containment", Kind::Share),
    col("a_in_b", Kind::Share),
    col("b_in_a", Kind::Share),
    col("shared", Kind::Count),
    col("excerpt", Kind::MaybeText),
];

/// Which table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    /// One row per member; `indexed` adds the `index query` column.
    Members { indexed: bool },
    /// One row per verified pair, then one per related record.
    Pairs,
}

impl Table {
    /// The columns, in order.
    pub(super) fn columns(self) -> Vec<Column> {
        match self {
            Table::Members { indexed } => {
                let mut columns = MEMBER_COLUMNS.to_vec();
                if indexed {
                    columns.push(INDEXED_COLUMN);
                }
                columns
            }
            Table::Pairs => PAIR_COLUMNS.to_vec(),
        }
    }

    /// The name and version of the table's schema, recorded in a Parquet
    /// file's metadata (a text table's header row says the same). The
    /// version goes up when a column is removed or changes meaning or
    /// type; a column may be added at the end without a new version.
    pub(super) fn schema(self) -> &'static str {
        match self {
            Table::Members { .. } => "reprint.members/1",
            Table::Pairs => "reprint.pairs/1",
        }
    }

    /// Hand each row of `group` to `row`, in order, one cell per column.
    pub(super) fn rows(
        self,
        group: &GroupOut,
        mut row: impl FnMut(&[Cell]) -> io::Result<()>,
    ) -> io::Result<()> {
        let name = Cell::Text(group.group.as_str());
        match self {
            Table::Members { indexed } => {
                for m in &group.members {
                    let cells = [
                        name,
                        Cell::Text(group.canonical),
                        Cell::Count(group.size),
                        Cell::Text(m.id),
                        Cell::MaybeText(m.source),
                        Cell::MaybeText(m.date),
                        Cell::MaybeText(m.title),
                        Cell::MaybeText(m.url),
                        Cell::Count(m.words),
                        Cell::Share(m.jaccard),
                        Cell::Share(m.containment),
                        Cell::Text(group.story.as_str()),
                        Cell::MaybeFlag(m.indexed),
                    ];
                    row(&cells[..if indexed { 13 } else { 12 }])?;
                }
            }
            Table::Pairs => {
                for p in group.pairs.iter().flatten() {
                    row(&[
                        name,
                        Cell::Text("reprint"),
                        Cell::Text(p.a),
                        Cell::Text(p.b),
                        Cell::Share(p.jaccard),
                        Cell::Share(p.containment),
                        Cell::Share(p.a_in_b),
                        Cell::Share(p.b_in_a),
                        Cell::Count(p.shared),
                        Cell::MaybeText(p.excerpt),
                    ])?;
                }
                for r in group.related.iter().flatten() {
                    row(&[
                        name,
                        Cell::Text("related"),
                        Cell::Text(r.source),
                        Cell::Text(r.id),
                        Cell::Share(r.jaccard),
                        Cell::Share(r.containment),
                        Cell::Share(r.source_share),
                        Cell::Share(r.derivative_share),
                        Cell::Count(r.shared),
                        Cell::MaybeText(None),
                    ])?;
                }
            }
        }
        Ok(())
    }
}

/// Rows of one text table being written into memory (a block of groups,
/// made in parallel with the others and written in order).
pub(super) struct Rows {
    wtr: csv::Writer<Vec<u8>>,
    table: Table,
    /// A number being written as text (kept to reuse its allocation).
    number: String,
}

impl Rows {
    /// An empty block of rows of `table` in `format` (CSV or TSV).
    pub(super) fn new(format: OutputFormat, table: Table) -> Rows {
        let delimiter = match format {
            OutputFormat::Tsv => b'\t',
            _ => b',',
        };
        let wtr = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_writer(Vec::new());
        Rows {
            wtr,
            table,
            number: String::new(),
        }
    }

    /// The header row.
    pub(super) fn header(&mut self) -> io::Result<()> {
        let names = self.table.columns().into_iter().map(|c| c.name);
        self.wtr.write_record(names).map_err(io::Error::from)
    }

    /// The rows of `group` (members canonical first, or pairs then
    /// related records), a field at a time so that no cell is copied.
    pub(super) fn group(&mut self, group: &GroupOut) -> io::Result<()> {
        let Rows { wtr, table, number } = self;
        table.rows(group, |cells| {
            for cell in cells {
                wtr.write_field(text_of(cell, number))?;
            }
            // An empty record ends the one the fields were written into.
            wtr.write_record(None::<&[u8]>).map_err(io::Error::from)
        })
    }

    /// The bytes written.
    pub(super) fn into_bytes(self) -> io::Result<Vec<u8>> {
        self.wtr
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// A cell as text: a null empty, numbers as Rust prints them (`1` for
/// 1.0), formatted into `number`.
fn text_of<'a>(cell: &Cell<'a>, number: &'a mut String) -> &'a str {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    number.clear();
    match *cell {
        Cell::Text(s) => s,
        Cell::MaybeText(s) => s.unwrap_or(""),
        Cell::Count(n) => {
            let _ = write!(number, "{n}");
            number
        }
        Cell::Share(x) => {
            let _ = write!(number, "{x}");
            number
        }
        Cell::MaybeFlag(Some(b)) => {
            if b {
                "true"
            } else {
                "false"
            }
        }
        Cell::MaybeFlag(None) => "",
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::{MemberOut, PairOut, SCHEMA};
    use super::*;

    /// A group of two whose fields hold a comma, a tab, quotes and nulls.
    pub(in crate::output) fn group() -> GroupOut<'static> {
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
        let mut rows = Rows::new(OutputFormat::Csv, Table::Members { indexed: false });
        rows.header().unwrap();
        rows.group(&group()).unwrap();
        assert_eq!(
            String::from_utf8(rows.into_bytes().unwrap()).unwrap(),
            "group,canonical,size,id,source,date,title,url,words,jaccard,containment,story\n\
             00000000000000ab,a,2,a,\"Wire, Inc.\",,\"Pier\t\"\"closed\"\"\",,12,1,1,00000000000000ab\n\
             00000000000000ab,a,2,b,\"Wire, Inc.\",,\"Pier\t\"\"closed\"\"\",,12,0.25,1,00000000000000ab\n"
        );
        let mut rows = Rows::new(OutputFormat::Tsv, Table::Members { indexed: true });
        rows.group(&group()).unwrap();
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
        let mut rows = Rows::new(OutputFormat::Csv, Table::Pairs);
        rows.header().unwrap();
        rows.group(&group()).unwrap();
        assert_eq!(
            String::from_utf8(rows.into_bytes().unwrap()).unwrap(),
            "group,kind,a,b,jaccard,containment,a_in_b,b_in_a,shared,excerpt\n\
             00000000000000ab,reprint,a,b,0.25,1,0.25,1,3,b\n"
        );
    }
}
