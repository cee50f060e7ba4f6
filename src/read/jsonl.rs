//! JSON Lines: one JSON object per line, fields picked by [`Fields`].

use std::io::BufRead;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::cut::{chomp, is_blank_line};
use super::decode::{Line, read_line_bounded};
use super::fields::{self, Fields};
use super::reader::{ReadError, Start, invalid_utf8, too_big};
use crate::record::{Origin, Record, RecordError};

/// Streams records from a JSON Lines input, one line at a time.
pub struct JsonlReader {
    rdr: Box<dyn BufRead + Send>,
    at: Start,
    fields: Arc<Fields>,
    buf: Vec<u8>,
    line: u64,
    /// File offset of the next line.
    offset: u64,
}

impl JsonlReader {
    /// A reader over `rdr`, which starts as `at` says.
    pub fn new(rdr: Box<dyn BufRead + Send>, at: Start, fields: Arc<Fields>) -> JsonlReader {
        JsonlReader {
            rdr,
            offset: at.base,
            at,
            fields,
            buf: Vec::new(),
            line: 0,
        }
    }

    fn parse_line(&self, start: u64) -> Result<Record, RecordError> {
        let origin = Origin::new(self.at.name.clone(), self.line);
        let bytes = chomp(&self.buf);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            RecordError::new(origin.clone(), invalid_utf8(start + e.valid_up_to() as u64))
        })?;
        let value: Value = serde_json::from_str(text)
            .map_err(|e| RecordError::new(origin.clone(), json_error(&e)))?;
        match value {
            Value::Object(obj) => object_to_record(obj, origin, &self.fields),
            other => Err(RecordError::new(
                origin,
                format!("expected a JSON object, found {}", kind_of(&other)),
            )),
        }
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let start = self.offset;
            let line = match read_line_bounded(&mut *self.rdr, &mut self.buf, self.at.limit) {
                Ok(line) => line,
                Err(e) => return Some(Err(self.at.io_error(e))),
            };
            self.line += 1;
            match line {
                Line::Eof => return None,
                Line::TooLong { raw, len } => {
                    self.offset += raw;
                    return Some(Err(ReadError::Bad(RecordError::new(
                        Origin::new(self.at.name.clone(), self.line),
                        too_big("record", len, self.at.limit),
                    ))));
                }
                Line::Fits { raw } => self.offset += raw,
            }
            if is_blank_line(&self.buf) {
                continue;
            }
            return Some(self.parse_line(start).map_err(ReadError::Bad));
        }
    }
}

/// Build a record from a parsed JSON object.
pub fn object_to_record(
    obj: Map<String, Value>,
    origin: Origin,
    fields: &Fields,
) -> Result<Record, RecordError> {
    let bad = |msg: String| RecordError::new(origin.clone(), msg);
    let text = match fields::pick(&obj, &fields.text) {
        Some((name, v)) => fields::scalar_string(&fields.text, name, v).map_err(bad)?,
        None => {
            if let Some(name) = fields::null_field(&obj, &fields.text) {
                return Err(bad(format!(
                    "field '{name}' is null: no text to compare (tried {})",
                    fields.text.tried()
                )));
            }
            let present: Vec<&str> = obj.keys().map(String::as_str).collect();
            return Err(bad(format!(
                "no text field (tried {}); fields present: {}",
                fields.text.tried(),
                if present.is_empty() {
                    "none".to_string()
                } else {
                    present.join(", ")
                }
            )));
        }
    };
    let optional = |spec| -> Result<Option<String>, RecordError> {
        match fields::pick(&obj, spec) {
            Some((name, v)) => Ok(Some(fields::scalar_string(spec, name, v).map_err(bad)?))
                .map(|s| s.filter(|s| !s.trim().is_empty())),
            None => Ok(None),
        }
    };
    let id = optional(&fields.id)?.unwrap_or_else(|| origin.to_string());
    Ok(Record {
        id,
        title: optional(&fields.title)?,
        source: optional(&fields.source)?,
        date: optional(&fields.date)?,
        url: optional(&fields.url)?,
        text,
        origin,
    })
}

/// serde_json's message without its "line 1" (the line is ours to name).
fn json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    format!("malformed JSON at column {}: {}", e.column(), msg)
}

/// "a string", "an array": how messages name the kind of JSON value found
/// (the readers' and `eval`'s messages alike).
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
