//! The tables as Apache Parquet (`--format-out parquet`), for pandas,
//! DuckDB, Spark and polars: the columns of [`Table`] typed (strings as
//! UTF-8, counts INT64, similarities DOUBLE, `indexed` BOOLEAN; a missing
//! value is null, not an empty string), the table's schema name and
//! version in the file's key-value metadata under [`SCHEMA_KEY`], pages
//! compressed with zstd.
//!
//! Written with the parquet crate's column writers rather than its arrow
//! writer: the reader (`read/parquet.rs`) uses the crate without arrow, and
//! arrow's seven crates would be built for tables of five column types.
//!
//! Parquet's index is a footer written last, so the file is readable only
//! once whole; it goes through the same sink as every output (a temporary
//! file renamed when the run succeeds). The crate's writer wants a `Send`
//! destination, which a locked stdout is not, so it writes into a buffer
//! that is moved to the output after each row group: memory holds one row
//! group of rows, not the table.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rayon::prelude::*;

use super::GroupOut;
use super::table::{Cell, Column, Kind, Table};

/// The key-value metadata key that holds the table's schema
/// ([`Table::schema`], e.g. `reprint.members/1`).
pub(super) const SCHEMA_KEY: &str = "reprint.schema";

/// Rows per row group: large enough for readers to scan well (pyarrow
/// and DuckDB read a row group per thread), small enough to hold in memory
/// (a row of the membership table is a few hundred bytes).
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Groups made at once, in parallel, before their rows are appended in
/// order (as the text tables do).
const BLOCK: usize = 8192;

/// Write the `len` groups `group` makes as `table` in Parquet to `wtr`.
pub(super) fn write<'a: 'b, 'b, F>(
    wtr: &mut dyn Write,
    table: Table,
    len: usize,
    group: F,
) -> io::Result<()>
where
    F: Fn(usize) -> Cow<'b, GroupOut<'a>> + Sync,
{
    let columns = table.columns();
    let mut file = SerializedFileWriter::new(
        Vec::new(),
        Arc::new(schema(&columns).map_err(error)?),
        Arc::new(properties(table)),
    )
    .map_err(error)?;
    let mut values: Vec<Values> = columns.iter().map(|c| Values::new(c.kind)).collect();
    let mut rows = 0;
    let mut start = 0;
    while start < len {
        let end = (start + BLOCK).min(len);
        let groups: Vec<Cow<GroupOut>> = (start..end).into_par_iter().map(&group).collect();
        for g in &groups {
            table.rows(g, |cells| {
                for (v, cell) in values.iter_mut().zip(cells) {
                    v.push(cell)?;
                }
                rows += 1;
                Ok(())
            })?;
            if rows >= ROW_GROUP_ROWS {
                write_row_group(&mut file, &mut values)?;
                rows = 0;
                // Moving the bytes out is not writing past the crate's
                // writer: it counts the offsets the footer records itself.
                file.flush()?;
                wtr.write_all(file.inner_mut())?;
                file.inner_mut().clear();
            }
        }
        start = end;
    }
    if rows > 0 {
        write_row_group(&mut file, &mut values)?;
    }
    let rest = file.into_inner().map_err(error)?;
    wtr.write_all(&rest)?;
    wtr.flush()
}

/// The file's schema: one column per table column, required unless it
/// can be null.
fn schema(columns: &[Column]) -> Result<Type, ParquetError> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Text | Kind::MaybeText => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Count => (Physical::INT64, None),
                Kind::Share => (Physical::DOUBLE, None),
                Kind::MaybeFlag => (Physical::BOOLEAN, None),
            };
            let repetition = match c.kind {
                Kind::MaybeText | Kind::MaybeFlag => Repetition::OPTIONAL,
                Kind::Text | Kind::Count | Kind::Share => Repetition::REQUIRED,
            };
            Type::primitive_type_builder(c.name, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
}

/// zstd pages (what DuckDB and Spark write by default too; every current
/// reader has it) and the schema in the metadata.
fn properties(table: Table) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_key_value_metadata(Some(vec![KeyValue::new(
            SCHEMA_KEY.to_string(),
            table.schema().to_string(),
        )]))
        .build()
}

/// A row group's values of one column, with the definition levels (1 a
/// value, 0 a null) of a column that can be null.
enum Values {
    Text(Vec<ByteArray>),
    MaybeText(Vec<ByteArray>, Vec<i16>),
    Count(Vec<i64>),
    Share(Vec<f64>),
    MaybeFlag(Vec<bool>, Vec<i16>),
}

impl Values {
    fn new(kind: Kind) -> Values {
        match kind {
            Kind::Text => Values::Text(Vec::new()),
            Kind::MaybeText => Values::MaybeText(Vec::new(), Vec::new()),
            Kind::Count => Values::Count(Vec::new()),
            Kind::Share => Values::Share(Vec::new()),
            Kind::MaybeFlag => Values::MaybeFlag(Vec::new(), Vec::new()),
        }
    }

    fn push(&mut self, cell: &Cell) -> io::Result<()> {
        match (self, *cell) {
            (Values::Text(v), Cell::Text(s)) => v.push(s.into()),
            (Values::MaybeText(v, defs), Cell::MaybeText(s)) => {
                defs.push(i16::from(s.is_some()));
                v.extend(s.map(ByteArray::from));
            }
            (Values::Count(v), Cell::Count(n)) => v.push(
                i64::try_from(n).map_err(|_| io::Error::other(format!("count {n} too large")))?,
            ),
            (Values::Share(v), Cell::Share(x)) => v.push(x),
            (Values::MaybeFlag(v, defs), Cell::MaybeFlag(b)) => {
                defs.push(i16::from(b.is_some()));
                v.extend(b);
            }
            (_, cell) => {
                return Err(io::Error::other(format!(
                    "a table cell {cell:?} of another type than its column"
                )));
            }
        }
        Ok(())
    }

    fn clear(&mut self) {
        match self {
            Values::Text(v) => v.clear(),
            Values::MaybeText(v, defs) => {
                v.clear();
                defs.clear();
            }
            Values::Count(v) => v.clear(),
            Values::Share(v) => v.clear(),
            Values::MaybeFlag(v, defs) => {
                v.clear();
                defs.clear();
            }
        }
    }
}

/// Write the values gathered as one row group, and empty them.
fn write_row_group(
    file: &mut SerializedFileWriter<Vec<u8>>,
    values: &mut [Values],
) -> io::Result<()> {
    let mut group = file.next_row_group().map_err(error)?;
    for v in values.iter_mut() {
        let mut column = group.next_column().map_err(error)?.ok_or_else(|| {
            io::Error::other("the Parquet schema has fewer columns than the table")
        })?;
        match v {
            Values::Text(x) => column.typed::<ByteArrayType>().write_batch(x, None, None),
            Values::MaybeText(x, defs) => {
                column
                    .typed::<ByteArrayType>()
                    .write_batch(x, Some(defs), None)
            }
            Values::Count(x) => column.typed::<Int64Type>().write_batch(x, None, None),
            Values::Share(x) => column.typed::<DoubleType>().write_batch(x, None, None),
            Values::MaybeFlag(x, defs) => {
                column.typed::<BoolType>().write_batch(x, Some(defs), None)
            }
        }
        .map_err(error)?;
        column.close().map_err(error)?;
        v.clear();
    }
    group.close().map_err(error)?;
    Ok(())
}

/// The crate's errors here are its own (the destination is a buffer), so
/// they say what was being done.
fn error(e: ParquetError) -> io::Error {
    io::Error::other(format!("encoding Parquet: {e}"))
}

#[cfg(test)]
mod tests {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use super::super::table::tests::group;
    use super::*;

    fn written(table: Table, groups: usize) -> std::fs::File {
        let mut out = tempfile::tempfile().unwrap();
        write(&mut out, table, groups, |_| Cow::Owned(group())).unwrap();
        out
    }

    #[test]
    fn columns_are_typed_nulls_are_null_and_the_schema_is_named() {
        let file = SerializedFileReader::new(written(Table::Members { indexed: true }, 1)).unwrap();
        let meta = file.metadata().file_metadata();
        let kv = meta.key_value_metadata().unwrap();
        assert_eq!(kv[0].key, SCHEMA_KEY);
        assert_eq!(kv[0].value.as_deref(), Some("reprint.members/1"));
        let rows: Vec<_> = file
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 2);
        let fields: Vec<(&String, &Field)> = rows[1].get_column_iter().collect();
        let get = |name: &str| fields.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        assert_eq!(get("id"), Field::Str("b".into()));
        assert_eq!(get("title"), Field::Str("Pier\t\"closed\"".into()));
        assert_eq!(get("date"), Field::Null);
        assert_eq!(get("size"), Field::Long(2));
        assert_eq!(get("jaccard"), Field::Double(0.25));
        assert_eq!(get("indexed"), Field::Null);
    }

    #[test]
    fn an_empty_table_is_a_readable_file_with_its_columns() {
        let file = SerializedFileReader::new(written(Table::Pairs, 0)).unwrap();
        let meta = file.metadata();
        assert_eq!(meta.num_row_groups(), 0);
        let names: Vec<&str> = meta
            .file_metadata()
            .schema()
            .get_fields()
            .iter()
            .map(|f| f.name())
            .collect();
        assert_eq!(names[..3], ["group", "kind", "a"]);
        assert_eq!(names.len(), 10);
    }

    #[test]
    fn large_tables_are_cut_into_row_groups() {
        // Two rows a group: just over one row group's worth of rows.
        let groups = ROW_GROUP_ROWS / 2 + 1;
        let file =
            SerializedFileReader::new(written(Table::Members { indexed: false }, groups)).unwrap();
        let meta = file.metadata();
        assert_eq!(meta.num_row_groups(), 2);
        assert_eq!(meta.file_metadata().num_rows(), 2 * groups as i64);
    }
}
