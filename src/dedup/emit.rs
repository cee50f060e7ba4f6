//! Writing the kept records, and the removed ones with the id they reprint.
//!
//! Kept chunks are copied byte for byte. Removed chunks go to `--removed`
//! with the kept record's id added in the format's own way (a JSON field, a
//! CSV column, a text header line). Chunks from several inputs are joined so
//! that the output still parses: a line ending is added where an input ended
//! without one, and a text record is never run on into the next input's
//! first record.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;

use super::inputs::Source;
use super::raw::{Chunk, Kind};
use crate::corpus::Corpus;
use crate::read::Format;
use crate::read::cut::{chomp, header_line, is_blank_text};

/// What becomes of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Written to the output.
    Keep,
    /// Left out as a reprint of record `kept`.
    Removed {
        /// Corpus index of the member kept in its place.
        kept: usize,
    },
}

/// Name of the field, column or header line that names the kept record.
pub const REPRINT_OF: &str = "reprint_of";

/// One output and what the next write must know of the last.
struct Out<'w> {
    wtr: &'w mut dyn Write,
    /// Last byte written, to add a line ending where an input lacked one.
    last: Option<u8>,
    /// Text: the last record written has no separator after it yet.
    open: bool,
}

impl<'w> Out<'w> {
    fn new(wtr: &'w mut dyn Write) -> Out<'w> {
        Out {
            wtr,
            last: None,
            open: false,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(&b) = bytes.last() {
            self.wtr.write_all(bytes).context("writing the output")?;
            self.last = Some(b);
        }
        Ok(())
    }

    fn end_line(&mut self) -> Result<()> {
        if self.last.is_some_and(|b| b != b'\n') {
            self.write(b"\n")?;
        }
        Ok(())
    }

    /// Write one chunk on a line of its own. For text (`separator` given),
    /// a record comes after a separator if the record before has none.
    fn unit(
        &mut self,
        bytes: &[u8],
        record: bool,
        closed: bool,
        separator: Option<&str>,
    ) -> Result<()> {
        self.end_line()?;
        let Some(separator) = separator else {
            return self.write(bytes);
        };
        if self.open && record {
            self.write(separator.as_bytes())?;
            self.write(b"\n")?;
            self.open = false;
        }
        self.write(bytes)?;
        if closed {
            self.open = false;
        } else if record {
            self.open = true;
        }
        Ok(())
    }
}

/// Writes the chunks of every input to the output and `--removed`.
pub struct Emitter<'w> {
    format: Format,
    /// Text input: the separator line.
    separator: Option<String>,
    out: Out<'w>,
    removed: Option<Out<'w>>,
    /// CSV/TSV: the first input's name and header, which all must share.
    header: Option<(String, ByteRecord)>,
    /// The input being copied.
    input: String,
    /// Folder input: records skipped as bad written so far.
    skipped_at: usize,
}

impl<'w> Emitter<'w> {
    /// An emitter for inputs of `format`.
    pub fn new(
        format: Format,
        separator: &str,
        out: &'w mut dyn Write,
        removed: Option<&'w mut dyn Write>,
    ) -> Emitter<'w> {
        Emitter {
            format,
            separator: (format == Format::Text).then(|| separator.to_string()),
            out: Out::new(out),
            removed: removed.map(Out::new),
            header: None,
            input: String::new(),
            skipped_at: 0,
        }
    }

    /// The next chunks come from the input the user called `name`.
    pub fn start_input(&mut self, name: &str) {
        self.input = name.to_string();
    }

    fn delimiter(&self) -> u8 {
        if self.format == Format::Tsv {
            b'\t'
        } else {
            b','
        }
    }

    /// Write one chunk as its record's fate says.
    pub fn chunk(&mut self, chunk: &Chunk, fate: Fate, corpus: &Corpus) -> Result<()> {
        if let Kind::Header(fields) = chunk.kind {
            return self.header(chunk.bytes, fields);
        }
        let record = chunk.line.is_some();
        match fate {
            Fate::Keep => {
                self.out
                    .unit(chunk.bytes, record, chunk.closed, self.separator.as_deref())
            }
            Fate::Removed { kept } => {
                let id = &corpus.metas[kept].id;
                let bytes = match self.format {
                    Format::Jsonl => add_json_field(chunk.bytes, id)?,
                    Format::Csv | Format::Tsv => add_column(chunk.bytes, id, self.delimiter()),
                    _ => add_text_header(chunk.bytes, id, chunk.closed),
                };
                match &mut self.removed {
                    Some(out) => out.unit(&bytes, record, chunk.closed, self.separator.as_deref()),
                    None => Ok(()),
                }
            }
        }
    }

    /// A CSV header: written once; every later input must have the same.
    fn header(&mut self, bytes: &[u8], fields: &ByteRecord) -> Result<()> {
        if let Some((first, header)) = &self.header {
            if header != fields {
                bail!(
                    "{}: its header differs from {first}'s; dedup writes one table, so every input needs the same columns",
                    self.input
                );
            }
            return Ok(());
        }
        self.header = Some((self.input.clone(), fields.clone()));
        self.out.unit(bytes, false, false, None)?;
        let delimiter = self.delimiter();
        if let Some(out) = &mut self.removed {
            out.unit(
                &add_column(bytes, REPRINT_OF, delimiter),
                false,
                false,
                None,
            )?;
        }
        Ok(())
    }
}

/// A JSON object line with `"reprint_of":"<id>"` added as its last field.
fn add_json_field(line: &[u8], id: &str) -> Result<Vec<u8>> {
    let body = chomp(line);
    let ending = &line[body.len()..];
    let close = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .filter(|&i| body[i] == b'}')
        .context("a removed record is not a JSON object line")?;
    let empty = body[..close]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .is_some_and(|i| body[i] == b'{');
    let mut out = Vec::with_capacity(line.len() + id.len() + 20);
    out.extend_from_slice(&body[..close]);
    if !empty {
        out.push(b',');
    }
    out.extend_from_slice(format!("\"{REPRINT_OF}\":").as_bytes());
    out.extend_from_slice(serde_json::to_string(id)?.as_bytes());
    out.extend_from_slice(&body[close..]);
    out.extend_from_slice(ending);
    Ok(out)
}

/// A CSV/TSV record with the kept id added as a last column.
fn add_column(record: &[u8], id: &str, delimiter: u8) -> Vec<u8> {
    add_raw_column(record, &quote_field(id, delimiter), delimiter)
}

/// `record` (line ending kept at the end) with `field` appended.
fn add_raw_column(record: &[u8], field: &str, delimiter: u8) -> Vec<u8> {
    let body = chomp(record);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    let ending = &record[body.len()..];
    let mut out = Vec::with_capacity(record.len() + field.len() + 2);
    out.extend_from_slice(body);
    out.push(delimiter);
    out.extend_from_slice(field.as_bytes());
    out.extend_from_slice(if ending.is_empty() { b"\n" } else { ending });
    out
}

/// A field quoted as CSV needs it.
fn quote_field(field: &str, delimiter: u8) -> String {
    let needs = field
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A text record with a `Reprint-Of: <id>` line after its header lines.
fn add_text_header(unit: &[u8], id: &str, closed: bool) -> Vec<u8> {
    let lines: Vec<&[u8]> = unit.split_inclusive(|&b| b == b'\n').collect();
    // The separator line closing the unit is no header.
    let body_lines = lines.len() - usize::from(closed);
    let text = |l: &[u8]| String::from_utf8_lossy(chomp(l)).into_owned();
    let mut at = 0;
    while at < body_lines && is_blank_text(&text(lines[at])) {
        at += 1;
    }
    // The header lines the text reader reads come first.
    while at < body_lines && header_line(&text(lines[at])).is_some() {
        at += 1;
    }
    let eol: &[u8] = match at.checked_sub(1).map(|i| lines[i]) {
        Some(l) if l.ends_with(b"\r\n") => b"\r\n",
        _ => b"\n",
    };
    let mut out = Vec::with_capacity(unit.len() + id.len() + 16);
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.extend_from_slice(format!("Reprint-Of: {id}").as_bytes());
            out.extend_from_slice(eol);
        }
        if i + 1 == at && !line.ends_with(b"\n") {
            out.extend_from_slice(line);
            out.extend_from_slice(eol);
            continue;
        }
        out.extend_from_slice(line);
    }
    if at == lines.len() {
        out.extend_from_slice(format!("Reprint-Of: {id}").as_bytes());
        out.extend_from_slice(eol);
    }
    out
}

/// A folder input: one line per file, the kept ones to the output and the
/// removed ones (with the kept file's path) to `--removed`, in the order the
/// folder was read. Files skipped as bad are listed as kept.
pub fn folder(
    emitter: &mut Emitter,
    source: &Source,
    corpus: &Corpus,
    fates: &[Fate],
    cursor: &mut usize,
) -> Result<()> {
    let root = source.read_path.as_path();
    let under = |file: &str| {
        let p = Path::new(file);
        (p != root && p.starts_with(root)).then(|| p.strip_prefix(root).unwrap_or(p).to_path_buf())
    };
    let mut files: Vec<(PathBuf, &str, Fate)> = Vec::new();
    while let Some(meta) = corpus.metas.get(*cursor) {
        let Some(rel) = under(&meta.origin.file) else {
            break;
        };
        files.push((rel, &meta.origin.file, fates[*cursor]));
        *cursor += 1;
    }
    while let Some(bad) = corpus.skipped.get(emitter.skipped_at) {
        let Some(rel) = under(&bad.origin.file) else {
            break;
        };
        files.push((rel, &bad.origin.file, Fate::Keep));
        emitter.skipped_at += 1;
    }
    // The folder reader visits files sorted by relative path.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path, fate) in files {
        match fate {
            Fate::Keep => {
                emitter.out.write(path.as_bytes())?;
                emitter.out.write(b"\n")?;
            }
            Fate::Removed { kept } => {
                if let Some(out) = &mut emitter.removed {
                    let line = format!("{path}\t{}\n", corpus.metas[kept].origin.file);
                    out.write(line.as_bytes())?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: Vec<u8>) -> String {
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn json_field_goes_last_and_keeps_the_line_ending() {
        let got = add_json_field(b"{\"id\": \"b\", \"text\": \"x\"} \r\n", "a\"1").unwrap();
        assert_eq!(
            s(got),
            "{\"id\": \"b\", \"text\": \"x\",\"reprint_of\":\"a\\\"1\"} \r\n"
        );
        assert_eq!(
            s(add_json_field(b"{ }", "a").unwrap()),
            "{ \"reprint_of\":\"a\"}"
        );
    }

    #[test]
    fn csv_column_is_quoted_when_needed() {
        assert_eq!(
            s(add_column(b"b,\"x\r\ny\"\r\n", "a", b',')),
            "b,\"x\r\ny\",a\r\n"
        );
        assert_eq!(s(add_column(b"b,x", "a,1", b',')), "b,x,\"a,1\"\n");
        assert_eq!(s(add_column(b"b\tx\n", "a,1", b'\t')), "b\tx\ta,1\n");
    }

    #[test]
    fn text_header_goes_after_the_headers() {
        let unit = b"\nId: b\nTitle: T\n\nBody line.\n---\n";
        assert_eq!(
            s(add_text_header(unit, "a", true)),
            "\nId: b\nTitle: T\nReprint-Of: a\n\nBody line.\n---\n"
        );
        assert_eq!(
            s(add_text_header(b"Just a body.", "a", false)),
            "Reprint-Of: a\nJust a body."
        );
    }
}
