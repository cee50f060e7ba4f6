//! The Parquet files stages hand each other, column by column.
//!
//! Written and read with the parquet crate's column API (the crate is built
//! without arrow, see Cargo.toml): a file is one schema of plain columns
//! (`int64`, UTF-8 strings, either optional) and lists of `int32`/`int64`
//! in the three-level form Spark reads. Unsigned values (shingle, anchor
//! and band hashes) are stored bit for bit in the signed type of their
//! width: Spark groups and joins on them, which equality alone decides.
//!
//! Every file carries its schema's name and version in the key-value
//! metadata ([`SCHEMA_KEY`]); a reader checks it, and the columns' names,
//! types and nesting, before decoding a value, so a file of another kind
//! or version is an error naming the file, never a panic of the typed
//! column readers.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use parquet::basic::Compression;
use parquet::column::reader::{ColumnReader, get_typed_column_reader};
use parquet::data_type::{ByteArray, ByteArrayType, DataType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::{SchemaDescriptor, Type};

/// The key-value metadata key naming a stage file's schema and version.
pub const SCHEMA_KEY: &str = "reprint.stage.schema";

/// A stage file's kind: its name, version and columns.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// `reprint.<name>/<version>`, written under [`SCHEMA_KEY`].
    pub schema: &'static str,
    /// The Parquet message type of its columns.
    pub message: &'static str,
}

impl Kind {
    fn parsed(&self) -> Arc<Type> {
        Arc::new(parse_message_type(self.message).expect("a stage schema parses"))
    }

    /// Index of column `name` (a top-level field) in this kind.
    pub fn column(&self, name: &str) -> usize {
        let descr = SchemaDescriptor::new(self.parsed());
        descr
            .columns()
            .iter()
            .position(|c| c.path().parts()[0] == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", self.schema))
    }
}

/// Writes one stage file: row groups of columns in schema order, then the
/// footer with the schema's name and any other metadata.
pub struct Writer {
    inner: SerializedFileWriter<File>,
}

impl Writer {
    /// A writer of `kind` into `file`, with `metadata` besides the schema.
    pub fn new(file: File, kind: Kind, metadata: &[(&str, String)]) -> Result<Writer> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(
                std::iter::once(KeyValue::new(SCHEMA_KEY.into(), kind.schema.to_string()))
                    .chain(
                        metadata
                            .iter()
                            .map(|(k, v)| KeyValue::new(k.to_string(), v.clone())),
                    )
                    .collect(),
            ))
            .build();
        Ok(Writer {
            inner: SerializedFileWriter::new(file, kind.parsed(), Arc::new(props))?,
        })
    }

    /// Write one row group: `fill` writes its columns in schema order.
    pub fn row_group(&mut self, fill: impl FnOnce(&mut Columns<'_>) -> Result<()>) -> Result<()> {
        let rg = self.inner.next_row_group()?;
        let mut columns = Columns { rg };
        fill(&mut columns)?;
        columns.rg.close()?;
        Ok(())
    }

    /// Write the footer.
    pub fn close(self) -> Result<()> {
        self.inner.close()?;
        Ok(())
    }
}

/// The columns of a row group being written, in schema order.
pub struct Columns<'a> {
    rg: SerializedRowGroupWriter<'a, File>,
}

impl Columns<'_> {
    fn put<T: DataType>(
        &mut self,
        values: &[T::T],
        def: Option<&[i16]>,
        rep: Option<&[i16]>,
    ) -> Result<()> {
        let mut col = self.rg.next_column()?.context("more columns than schema")?;
        col.typed::<T>().write_batch(values, def, rep)?;
        col.close()?;
        Ok(())
    }

    /// A required `int64` column.
    pub fn i64s(&mut self, values: &[i64]) -> Result<()> {
        self.put::<Int64Type>(values, None, None)
    }

    /// An optional `int64` column.
    pub fn opt_i64s(&mut self, values: &[Option<i64>]) -> Result<()> {
        let def: Vec<i16> = values.iter().map(|v| v.is_some() as i16).collect();
        let present: Vec<i64> = values.iter().flatten().copied().collect();
        self.put::<Int64Type>(&present, Some(&def), None)
    }

    /// A required UTF-8 column.
    pub fn strs<'s>(&mut self, values: impl Iterator<Item = &'s str>) -> Result<()> {
        let values: Vec<ByteArray> = values.map(ByteArray::from).collect();
        self.put::<ByteArrayType>(&values, None, None)
    }

    /// An optional UTF-8 column.
    pub fn opt_strs<'s>(&mut self, values: impl Iterator<Item = Option<&'s str>>) -> Result<()> {
        let mut def = Vec::new();
        let mut present = Vec::new();
        for v in values {
            def.push(v.is_some() as i16);
            present.extend(v.map(ByteArray::from));
        }
        self.put::<ByteArrayType>(&present, Some(&def), None)
    }

    /// A list of `int32` per row (unsigned values, bit for bit).
    pub fn u32_lists<'s>(&mut self, lists: impl Iterator<Item = &'s [u32]>) -> Result<()> {
        let (values, def, rep) = levels(lists, |v| v as i32);
        self.put::<Int32Type>(&values, Some(&def), Some(&rep))
    }

    /// A list of `int64` per row (unsigned values, bit for bit).
    pub fn u64_lists<'s>(&mut self, lists: impl Iterator<Item = &'s [u64]>) -> Result<()> {
        let (values, def, rep) = levels(lists, |v| v as i64);
        self.put::<Int64Type>(&values, Some(&def), Some(&rep))
    }
}

/// Values and levels of a required list of required elements: an empty
/// list is one level 0 (no value), an element is defined at level 1, and
/// each row's first level repeats at 0.
fn levels<'s, U: Copy + 's, V>(
    lists: impl Iterator<Item = &'s [U]>,
    cast: impl Fn(U) -> V,
) -> (Vec<V>, Vec<i16>, Vec<i16>) {
    let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
    for list in lists {
        if list.is_empty() {
            def.push(0);
            rep.push(0);
            continue;
        }
        for (i, &v) in list.iter().enumerate() {
            values.push(cast(v));
            def.push(1);
            rep.push((i > 0) as i16);
        }
    }
    (values, def, rep)
}

/// A stage file opened for reading, its kind checked.
pub struct Reader {
    file: SerializedFileReader<File>,
    name: String,
    metadata: Vec<(String, String)>,
}

impl Reader {
    /// Open `path` as a file of `kind`: the schema's name and version, and
    /// every column, must be what this version writes.
    pub fn open(path: &Path, kind: Kind) -> Result<Reader> {
        let name = path.display().to_string();
        let handle = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let file = SerializedFileReader::new(handle)
            .with_context(|| format!("reading {name} as Parquet"))?;
        let meta = file.metadata().file_metadata();
        let metadata: Vec<(String, String)> = meta
            .key_value_metadata()
            .into_iter()
            .flatten()
            .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
            .collect();
        let found = metadata
            .iter()
            .find(|(k, _)| k == SCHEMA_KEY)
            .map(|(_, v)| v.as_str());
        if found != Some(kind.schema) {
            bail!(
                "{name}: not a {} file (its {SCHEMA_KEY} is {}): stage files must come from \
                 this version of reprint's `stage` commands",
                kind.schema,
                found.map_or("missing".to_string(), |f| format!("'{f}'"))
            );
        }
        let expected = SchemaDescriptor::new(kind.parsed());
        let got = meta.schema_descr();
        let same = expected.num_columns() == got.num_columns()
            && expected.columns().iter().zip(got.columns()).all(|(e, g)| {
                e.path() == g.path()
                    && e.physical_type() == g.physical_type()
                    && e.max_def_level() == g.max_def_level()
                    && e.max_rep_level() == g.max_rep_level()
            });
        if !same {
            bail!(
                "{name}: says it is {} but its columns are not that schema's",
                kind.schema
            );
        }
        Ok(Reader {
            file,
            name,
            metadata,
        })
    }

    /// The file's name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of metadata `key`.
    pub fn meta(&self, key: &str) -> Result<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .with_context(|| format!("{}: no {key} in its metadata", self.name))
    }

    /// Number of row groups.
    pub fn row_groups(&self) -> usize {
        self.file.metadata().num_row_groups()
    }

    /// Row group `i`, to read columns of.
    pub fn row_group(&self, i: usize) -> Result<Group<'_>> {
        Ok(Group {
            rg: self
                .file
                .get_row_group(i)
                .with_context(|| format!("{}: row group {i}", self.name))?,
            name: &self.name,
        })
    }
}

/// One row group of a stage file being read.
pub struct Group<'a> {
    rg: Box<dyn RowGroupReader + 'a>,
    name: &'a str,
}

/// Values and levels of one column chunk.
struct Chunk<V> {
    values: Vec<V>,
    def: Vec<i16>,
    rep: Vec<i16>,
}

impl Group<'_> {
    /// Rows in this group.
    pub fn rows(&self) -> usize {
        self.rg.metadata().num_rows() as usize
    }

    fn read<T: DataType>(&self, i: usize) -> Result<Chunk<T::T>> {
        let reader: ColumnReader = self.rg.get_column_reader(i)?;
        // The file's schema was checked on open, so the type is right.
        let mut typed = get_typed_column_reader::<T>(reader);
        let mut chunk = Chunk {
            values: Vec::new(),
            def: Vec::new(),
            rep: Vec::new(),
        };
        let rows = self.rows();
        let mut read = 0;
        while read < rows {
            let (records, _, _) = typed
                .read_records(
                    rows - read,
                    Some(&mut chunk.def),
                    Some(&mut chunk.rep),
                    &mut chunk.values,
                )
                .with_context(|| format!("{}: column {i}", self.name))?;
            if records == 0 {
                bail!("{}: column {i} ends before its {rows} rows", self.name);
            }
            read += records;
        }
        Ok(chunk)
    }

    /// Column `i`, required `int64`.
    pub fn i64s(&self, i: usize) -> Result<Vec<i64>> {
        Ok(self.read::<Int64Type>(i)?.values)
    }

    /// Column `i`, optional `int64`.
    pub fn opt_i64s(&self, i: usize) -> Result<Vec<Option<i64>>> {
        let chunk = self.read::<Int64Type>(i)?;
        Ok(optional(chunk.values, &chunk.def))
    }

    /// Column `i`, required UTF-8.
    pub fn strs(&self, i: usize) -> Result<Vec<String>> {
        let chunk = self.read::<ByteArrayType>(i)?;
        chunk.values.iter().map(|v| self.utf8(i, v)).collect()
    }

    /// Column `i`, optional UTF-8.
    pub fn opt_strs(&self, i: usize) -> Result<Vec<Option<String>>> {
        let chunk = self.read::<ByteArrayType>(i)?;
        let values: Vec<String> = chunk
            .values
            .iter()
            .map(|v| self.utf8(i, v))
            .collect::<Result<_>>()?;
        Ok(optional(values, &chunk.def))
    }

    fn utf8(&self, i: usize, v: &ByteArray) -> Result<String> {
        v.as_utf8()
            .map(str::to_string)
            .with_context(|| format!("{}: column {i} holds a value that is not UTF-8", self.name))
    }

    /// Column `i`, a list of `int32` per row, as the unsigned values.
    pub fn u32_lists(&self, i: usize) -> Result<Vec<Vec<u32>>> {
        let chunk = self.read::<Int32Type>(i)?;
        Ok(lists(chunk, |v| v as u32))
    }

    /// Column `i`, a list of `int64` per row, as the unsigned values.
    pub fn u64_lists(&self, i: usize) -> Result<Vec<Vec<u64>>> {
        let chunk = self.read::<Int64Type>(i)?;
        Ok(lists(chunk, |v| v as u64))
    }
}

/// An optional column's values in rows: defined rows take the next value.
fn optional<V>(values: Vec<V>, def: &[i16]) -> Vec<Option<V>> {
    let mut values = values.into_iter();
    def.iter()
        .map(|&d| if d == 1 { values.next() } else { None })
        .collect()
}

/// A list column's rows: level 0 repetition starts a row, definition 1 is
/// an element.
fn lists<V: Copy, U>(chunk: Chunk<V>, cast: impl Fn(V) -> U) -> Vec<Vec<U>> {
    let mut rows: Vec<Vec<U>> = Vec::new();
    let mut values = chunk.values.into_iter();
    for (&d, &r) in chunk.def.iter().zip(&chunk.rep) {
        if r == 0 {
            rows.push(Vec::new());
        }
        if d == 1
            && let (Some(row), Some(v)) = (rows.last_mut(), values.next())
        {
            row.push(cast(v));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Kind = Kind {
        schema: "reprint.test/1",
        message: "message test {
            required int64 n;
            optional binary s (UTF8);
            required group l (LIST) { repeated group list { required int32 element; } }
        }",
    };

    #[test]
    fn columns_round_trip_and_the_kind_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let mut w = Writer::new(File::create(&path).unwrap(), TEST, &[("k", "v".into())]).unwrap();
        let lists: Vec<Vec<u32>> = vec![vec![], vec![1, u32::MAX], vec![7]];
        w.row_group(|c| {
            c.i64s(&[1, 2, 3])?;
            c.opt_strs([Some("a"), None, Some("ç")].into_iter())?;
            c.u32_lists(lists.iter().map(Vec::as_slice))
        })
        .unwrap();
        w.close().unwrap();
        let r = Reader::open(&path, TEST).unwrap();
        assert_eq!(r.meta("k").unwrap(), "v");
        let g = r.row_group(0).unwrap();
        assert_eq!(g.i64s(0).unwrap(), vec![1, 2, 3]);
        assert_eq!(
            g.opt_strs(1).unwrap(),
            vec![Some("a".into()), None, Some("ç".into())]
        );
        assert_eq!(g.u32_lists(2).unwrap(), lists);

        let other = Kind {
            schema: "reprint.test/2",
            ..TEST
        };
        let err = Reader::open(&path, other).err().unwrap().to_string();
        assert!(err.contains("not a reprint.test/2 file") && err.contains("'reprint.test/1'"));
        let reshaped = Kind {
            message: "message test { required int64 n; }",
            ..TEST
        };
        let err = Reader::open(&path, reshaped).err().unwrap().to_string();
        assert!(err.contains("columns are not"), "{err}");
    }
}
