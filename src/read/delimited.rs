//! CSV and TSV with a header row, parsed by the `csv` crate (quoted fields
//! with embedded newlines, CRLF, doubled quotes).

use std::io::BufRead;
use std::sync::Arc;

use csv::{ByteRecord, ErrorKind};

use super::ReadError;
use super::fields::{Columns, Fields};
use crate::record::{Origin, Record, RecordError};

/// Streams records from a CSV or TSV input.
pub struct DelimitedReader {
    rdr: csv::Reader<Box<dyn BufRead + Send>>,
    name: String,
    header: Vec<String>,
    columns: Columns,
    row: ByteRecord,
    started: bool,
    fields: Arc<Fields>,
}

impl DelimitedReader {
    /// A reader splitting fields on `delimiter` (`b','` or `b'\t'`).
    pub fn new(
        rdr: Box<dyn BufRead + Send>,
        name: String,
        fields: Arc<Fields>,
        delimiter: u8,
    ) -> DelimitedReader {
        let rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(rdr);
        DelimitedReader {
            rdr,
            name,
            header: Vec::new(),
            columns: Columns::default(),
            row: ByteRecord::new(),
            started: false,
            fields,
        }
    }

    /// Read the header and find the columns; `Ok(false)` for an empty input.
    fn start(&mut self) -> Result<bool, ReadError> {
        let header = match self.rdr.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(self.error(e)),
        };
        if header.is_empty() {
            return Ok(false);
        }
        self.header = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        self.columns = Columns::from_header(&self.fields, &self.header);
        if self.columns.text.is_none() {
            return Err(ReadError::Fatal(anyhow::anyhow!(
                "{}:1: no text column (tried {}); columns: {}",
                self.name,
                self.fields.text.tried(),
                self.header.join(", ")
            )));
        }
        Ok(true)
    }

    fn error(&self, e: csv::Error) -> ReadError {
        let line = e.position().map_or(0, |p| p.line());
        let origin = Origin::new(self.name.clone(), line);
        match e.kind() {
            ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => ReadError::Bad(RecordError::new(
                origin,
                format!("expected {expected_len} fields as in the header, found {len}"),
            )),
            ErrorKind::Io(_) => {
                ReadError::Fatal(anyhow::Error::new(e).context(format!("reading {}", self.name)))
            }
            _ => ReadError::Bad(RecordError::new(origin, e.to_string())),
        }
    }

    fn to_record(&self) -> Result<Record, RecordError> {
        let line = self.row.position().map_or(0, |p| p.line());
        let origin = Origin::new(self.name.clone(), line);
        let get = |col: Option<usize>| -> Result<Option<String>, RecordError> {
            let Some(i) = col else { return Ok(None) };
            let bytes = self.row.get(i).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(Some(s.to_string())),
                Err(e) => Err(RecordError::new(
                    origin.clone(),
                    format!(
                        "invalid UTF-8 in column '{}' at byte {} of the field (record starts at byte offset {})",
                        self.header[i],
                        e.valid_up_to(),
                        self.row.position().map_or(0, |p| p.byte())
                    ),
                )),
            }
        };
        let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let text = get(self.columns.text)?.unwrap_or_default();
        let id = nonempty(get(self.columns.id)?).unwrap_or_else(|| origin.to_string());
        Ok(Record {
            id,
            text,
            title: nonempty(get(self.columns.title)?),
            source: nonempty(get(self.columns.source)?),
            date: nonempty(get(self.columns.date)?),
            url: nonempty(get(self.columns.url)?),
            origin,
        })
    }
}

impl Iterator for DelimitedReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            self.started = true;
            match self.start() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        let mut row = std::mem::take(&mut self.row);
        let got = self.rdr.read_byte_record(&mut row);
        self.row = row;
        match got {
            Ok(false) => None,
            Ok(true) => Some(self.to_record().map_err(ReadError::Bad)),
            Err(e) => Some(Err(self.error(e))),
        }
    }
}
