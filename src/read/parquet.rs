//! Parquet, the format Hugging Face datasets, CC-News exports, Spark and
//! DuckDB hand around: one record per row, its columns picked by the field
//! rules of JSON Lines (a row is an object, nested columns are nested
//! objects, so `--text-field meta.body` reaches into a struct column).
//!
//! Only the columns some role could be filled from are decoded (a dump's
//! `html` or `embedding` column is never read), and the file is read one
//! row group at a time, so memory holds one row group's records, not the
//! file. A row is named by its 1-based number (`news.parquet:12` is row
//! 12), which is also its id when it has no id column.
//!
//! Parquet keeps its index at the end of the file, so it is read from a
//! file, never from stdin. The crate's own value-to-JSON conversion is not
//! used: it panics on timestamps out of chrono's range, and input must
//! never panic the reader.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::{Field, Row};
use parquet::schema::types::Type;
use serde_json::{Map, Number, Value};

use super::fields::{FieldSpec, Fields};
use super::jsonl::object_to_record;
use super::reader::{FormatReader, ReadError, too_big};
use crate::record::{Origin, Record, RecordError};

/// The four bytes a Parquet file starts (and ends) with.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Streams records from a Parquet file, one row group at a time.
pub struct ParquetReader {
    file: SerializedFileReader<File>,
    name: String,
    fields: Arc<Fields>,
    /// The columns read: those a role may be filled from.
    projection: Type,
    limit: usize,
    next_group: usize,
    /// The records of the row group being read.
    rows: std::vec::IntoIter<Result<Record, ReadError>>,
    /// Rows read so far.
    row: u64,
    done: bool,
}

impl ParquetReader {
    /// Open `path` (named `name` in messages), refusing a file with no
    /// column the text could come from.
    pub fn open(
        path: &Path,
        name: String,
        fields: Arc<Fields>,
        limit: usize,
    ) -> anyhow::Result<ParquetReader> {
        let handle = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let file = SerializedFileReader::new(handle)
            .with_context(|| format!("reading {name} as Parquet"))?;
        let schema = file.metadata().file_metadata().schema();
        let columns: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
        if !columns.iter().any(|c| may_fill(c, &fields.text)) {
            bail!(
                "{name}: no text column (tried {}); columns: {}",
                fields.text.tried(),
                columns.join(", ")
            );
        }
        let roles = [
            &fields.id,
            &fields.text,
            &fields.title,
            &fields.source,
            &fields.date,
            &fields.url,
        ];
        let wanted = schema
            .get_fields()
            .iter()
            .filter(|f| roles.iter().any(|spec| may_fill(f.name(), spec)))
            .cloned()
            .collect();
        let projection = Type::group_type_builder(schema.name())
            .with_fields(wanted)
            .build()
            .with_context(|| format!("reading {name} as Parquet"))?;
        Ok(ParquetReader {
            file,
            name,
            fields,
            projection,
            limit,
            next_group: 0,
            rows: Vec::new().into_iter(),
            row: 0,
            done: false,
        })
    }

    /// Decode the next row group's rows into records.
    fn read_group(&mut self) -> anyhow::Result<Vec<Result<Record, ReadError>>> {
        let i = self.next_group;
        self.next_group += 1;
        let context = || format!("reading {} as Parquet (row group {i})", self.name);
        let group = self.file.get_row_group(i).with_context(context)?;
        let rows = RowIter::from_row_group(Some(self.projection.clone()), &*group)
            .with_context(context)?;
        let mut out = Vec::with_capacity(group.metadata().num_rows().max(0) as usize);
        for row in rows {
            let row = row.with_context(context)?;
            self.row += 1;
            let origin = Origin::new(self.name.clone(), self.row);
            out.push(record_of(&row, origin, &self.fields, self.limit).map_err(ReadError::Bad));
        }
        Ok(out)
    }
}

impl FormatReader for ParquetReader {
    /// `None`: a Parquet file has rows, not lines.
    fn lines_read(&self) -> Option<u64> {
        None
    }
}

impl Iterator for ParquetReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.rows.next() {
                return Some(item);
            }
            if self.done || self.next_group >= self.file.num_row_groups() {
                return None;
            }
            match self.read_group() {
                Ok(rows) => self.rows = rows.into_iter(),
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::Fatal(e)));
                }
            }
        }
    }
}

/// Can column `name` fill a role whose candidates are `spec`? It can if it
/// is a candidate, or the first step of a dotted one.
fn may_fill(name: &str, spec: &FieldSpec) -> bool {
    spec.candidates.iter().any(|c| {
        c == name
            || c.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// A row as a record, by the rules of a JSON object.
fn record_of(
    row: &Row,
    origin: Origin,
    fields: &Fields,
    limit: usize,
) -> Result<Record, RecordError> {
    let obj = object_of(row);
    let size: usize = obj
        .values()
        .map(|v| match v {
            Value::String(s) => s.len(),
            _ => 0,
        })
        .sum();
    if size > limit {
        return Err(RecordError::new(origin, too_big("row", size as u64, limit)));
    }
    object_to_record(obj, origin, fields)
}

fn object_of(row: &Row) -> Map<String, Value> {
    row.get_column_iter()
        .map(|(name, field)| (name.clone(), json_of(field)))
        .collect()
}

/// A Parquet value as JSON: strings, numbers and booleans as themselves,
/// dates and timestamps as ISO 8601 text (numbers when out of range),
/// structs as objects, lists as arrays, maps as objects keyed by the key's
/// text.
fn json_of(field: &Field) -> Value {
    let number = |n: Option<Number>| n.map_or(Value::Null, Value::Number);
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Byte(n) => Value::from(*n),
        Field::Short(n) => Value::from(*n),
        Field::Int(n) => Value::from(*n),
        Field::Long(n) => Value::from(*n),
        Field::UByte(n) => Value::from(*n),
        Field::UShort(n) => Value::from(*n),
        Field::UInt(n) => Value::from(*n),
        Field::ULong(n) => Value::from(*n),
        Field::Float16(n) => number(Number::from_f64(n.to_f64())),
        Field::Float(n) => number(Number::from_f64(f64::from(*n))),
        Field::Double(n) => number(Number::from_f64(*n)),
        // The crate's decimal text asserts what a damaged schema may break.
        Field::Decimal(d) if d.scale() >= 0 && d.precision() >= d.scale() => {
            Value::String(Field::Decimal(d.clone()).to_string())
        }
        Field::Decimal(_) => Value::Null,
        Field::Str(s) => Value::String(s.clone()),
        Field::Bytes(b) => match std::str::from_utf8(b.data()) {
            Ok(s) => Value::String(s.to_string()),
            Err(_) => Value::String(String::from_utf8_lossy(b.data()).into_owned()),
        },
        Field::Date(days) => chrono::DateTime::from_timestamp(i64::from(*days) * 86_400, 0)
            .map_or(Value::from(*days), |d| {
                Value::String(d.format("%Y-%m-%d").to_string())
            }),
        Field::TimeMillis(t) => Value::from(*t),
        Field::TimeMicros(t) => Value::from(*t),
        Field::TimestampMillis(ms) => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or(Value::from(*ms), |d| Value::String(d.to_rfc3339())),
        Field::TimestampMicros(us) => chrono::DateTime::from_timestamp_micros(*us)
            .map_or(Value::from(*us), |d| Value::String(d.to_rfc3339())),
        Field::Group(row) => Value::Object(object_of(row)),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(json_of).collect()),
        Field::MapInternal(map) => Value::Object(
            map.entries()
                .iter()
                .map(|(k, v)| {
                    let key = match json_of(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, json_of(v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_that_may_fill_a_role_are_read() {
        let fields = Fields::default();
        assert!(may_fill("text", &fields.text));
        assert!(!may_fill("html", &fields.text));
        let nested = Fields::new(&super::super::FieldNames {
            text: Some("meta.body".into()),
            ..Default::default()
        });
        assert!(may_fill("meta", &nested.text));
        assert!(!may_fill("met", &nested.text));
    }

    #[test]
    fn values_become_json_without_panicking_out_of_range() {
        assert_eq!(json_of(&Field::Str("x".into())), Value::from("x"));
        assert_eq!(json_of(&Field::Date(19793)), Value::from("2024-03-11"));
        assert_eq!(
            json_of(&Field::TimestampMillis(1_710_115_200_000)),
            Value::from("2024-03-11T00:00:00+00:00")
        );
        // Past chrono's range: the number, not a panic.
        assert_eq!(
            json_of(&Field::TimestampMillis(i64::MAX)),
            Value::from(i64::MAX)
        );
        assert_eq!(json_of(&Field::Date(i32::MAX)), Value::from(i32::MAX));
        assert_eq!(json_of(&Field::Double(f64::NAN)), Value::Null);
    }
}
