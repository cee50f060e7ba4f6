//! JSON Lines: one JSON object per line, fields picked by [`Fields`].

use std::io::BufRead;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::cut::{chomp, is_blank_line};
use super::decode::{Line, read_line_within};
use super::fields::{self, Fields};
use super::reader::{FormatReader, ReadError, Start, invalid_utf8, too_big};
use super::surrogates;
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
    /// Stopped at a line past the limit.
    done: bool,
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
            done: false,
        }
    }

    fn parse_line(&self, start: u64) -> Result<Record, RecordError> {
        let origin = Origin::new(self.at.name.clone(), self.line);
        let bytes = chomp(&self.buf);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            RecordError::new(origin.clone(), invalid_utf8(start + e.valid_up_to() as u64))
        })?;
        let value = parse_value(text, &origin, &self.at, json_error)?;
        match value {
            Value::Object(obj) => object_to_record(obj, origin, &self.fields),
            other => Err(RecordError::new(
                origin,
                format!("expected a JSON object, found {}", kind_of(&other)),
            )),
        }
    }
}

/// `text` parsed as JSON; where serde_json refuses it for lone UTF-16
/// surrogate escapes (`"\ud800"`, half of a pair, no character), they are
/// named with their field, or under `--lossy` read as U+FFFD. Any other
/// error is worded by `describe`. The JSON array reader parses its
/// elements through this too.
pub(super) fn parse_value(
    text: &str,
    origin: &Origin,
    at: &Start,
    describe: impl Fn(&serde_json::Error) -> String,
) -> Result<Value, RecordError> {
    let err = match serde_json::from_str(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let bad = |msg: String| RecordError::new(origin.clone(), msg);
    let lone = surrogates::lone(text);
    let Some(first) = lone.first() else {
        return Err(bad(describe(&err)));
    };
    if !at.lossy {
        let field = first
            .field
            .as_deref()
            .map_or(String::new(), |f| format!("field '{f}': "));
        return Err(bad(format!(
            "{field}{} at column {} is a lone UTF-16 surrogate (half of a pair), not a \
             character; --lossy reads it as U+FFFD",
            &text[first.at..first.at + 6],
            first.at + 1
        )));
    }
    let repaired = surrogates::replace(text, &lone);
    let value = serde_json::from_str(&repaired).map_err(|e| bad(describe(&e)))?;
    at.messages.warn(format_args!(
        "{origin}: {} lone UTF-16 surrogate escape{} read as U+FFFD (--lossy)",
        lone.len(),
        if lone.len() == 1 { "" } else { "s" }
    ));
    Ok(value)
}

impl Iterator for JsonlReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let start = self.offset;
            let at = &self.at;
            let line_no = self.line + 1;
            let say = || at.warn_skipping(line_no);
            let line = read_line_within(
                &mut *self.rdr,
                &mut self.buf,
                at.limit,
                at.eol,
                at.past(&say),
            );
            let line = match line {
                Ok(line) => line,
                Err(e) => return Some(Err(self.at.io_error(e))),
            };
            match line {
                Line::Eof => return None,
                Line::Cut { raw } => {
                    self.line += 1;
                    self.offset += raw;
                    self.done = true;
                    return Some(Err(ReadError::Bad(self.at.cut_short("record", self.line))));
                }
                Line::TooLong { raw, len } => {
                    self.line += 1;
                    self.offset += raw;
                    return Some(Err(ReadError::Bad(RecordError::new(
                        Origin::new(self.at.name.clone(), self.line),
                        too_big("record", len, self.at.limit),
                    ))));
                }
                Line::Fits { raw } => {
                    self.line += 1;
                    self.offset += raw;
                }
            }
            if is_blank_line(&self.buf) {
                continue;
            }
            return Some(self.parse_line(start).map_err(ReadError::Bad));
        }
    }
}

impl FormatReader for JsonlReader {
    fn lines_read(&self) -> Option<u64> {
        Some(self.line)
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
