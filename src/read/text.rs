//! Plain text: articles separated by a line holding only the separator
//! (`---` unless `--separator` says otherwise) or a form feed.
//!
//! A record may open with `Key: value` header lines (`Title:`, `Source:`,
//! `Date:`, `Id:`, `Url:` and their common synonyms); they are optional, and
//! the body starts at the first line that is not one.

use std::io::BufRead;

use super::ReadError;
use super::decode::{chomp, read_line};
use crate::record::{Origin, Record, RecordError};

/// Streams records from separator-delimited plain text.
pub struct TextReader {
    rdr: Box<dyn BufRead + Send>,
    name: String,
    separator: String,
    buf: Vec<u8>,
    line: u64,
    offset: u64,
    done: bool,
    /// Records yielded so far, to tell a leading empty chunk from a bad one.
    seen_any: bool,
}

/// One record's lines as read, before header parsing.
struct Chunk {
    first_line: u64,
    lines: Vec<String>,
    last: bool,
}

impl TextReader {
    /// A reader over `rdr` splitting on lines equal to `separator`.
    pub fn new(rdr: Box<dyn BufRead + Send>, name: String, separator: String) -> TextReader {
        TextReader {
            rdr,
            name,
            separator,
            buf: Vec::new(),
            line: 0,
            offset: 0,
            done: false,
            seen_any: false,
        }
    }

    fn is_separator(&self, line: &str) -> bool {
        line.trim() == self.separator || (!line.is_empty() && line.chars().all(|c| c == '\x0c'))
    }

    /// Read lines up to the next separator or the end of input.
    fn read_chunk(&mut self) -> Result<Chunk, ReadError> {
        let mut lines = Vec::new();
        let first_line = self.line + 1;
        loop {
            let start = self.offset;
            let n = read_line(&mut *self.rdr, &mut self.buf).map_err(|e| {
                ReadError::Fatal(anyhow::Error::new(e).context(format!("reading {}", self.name)))
            })?;
            if n == 0 {
                return Ok(Chunk {
                    first_line,
                    lines,
                    last: true,
                });
            }
            self.line += 1;
            self.offset += n as u64;
            let line = std::str::from_utf8(chomp(&self.buf)).map_err(|e| {
                ReadError::Bad(RecordError::new(
                    Origin::new(self.name.clone(), self.line),
                    format!(
                        "invalid UTF-8 at byte offset {}",
                        start + e.valid_up_to() as u64
                    ),
                ))
            })?;
            if self.is_separator(line) {
                return Ok(Chunk {
                    first_line,
                    lines,
                    last: false,
                });
            }
            lines.push(line.to_string());
        }
    }
}

impl Iterator for TextReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let chunk = match self.read_chunk() {
                Ok(chunk) => chunk,
                Err(ReadError::Bad(e)) => {
                    // Skip the rest of the bad record so the next one starts clean.
                    loop {
                        match self.read_chunk() {
                            Ok(c) => {
                                self.done = c.last;
                                break;
                            }
                            Err(ReadError::Bad(_)) => continue,
                            Err(fatal) => return Some(Err(fatal)),
                        }
                    }
                    self.seen_any = true;
                    return Some(Err(ReadError::Bad(e)));
                }
                Err(fatal) => return Some(Err(fatal)),
            };
            self.done = chunk.last;
            let blank = chunk.lines.iter().all(|l| l.trim().is_empty());
            if blank {
                // A separator at the very start or end of the file frames the
                // records rather than holding an empty one.
                if !self.seen_any || chunk.last {
                    continue;
                }
                self.seen_any = true;
                return Some(Err(ReadError::Bad(RecordError::new(
                    Origin::new(self.name.clone(), chunk.first_line),
                    "empty record between two separators",
                ))));
            }
            self.seen_any = true;
            return Some(Ok(chunk_to_record(chunk, &self.name)));
        }
    }
}

/// Split a chunk into header fields and body.
fn chunk_to_record(chunk: Chunk, name: &str) -> Record {
    let mut lines = chunk.lines.into_iter().peekable();
    let mut first_line = chunk.first_line;
    // Blank lines before the headers belong to the separator.
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
        first_line += 1;
    }
    let origin = Origin::new(name, first_line);
    let mut rec = Record {
        origin: origin.clone(),
        ..Record::default()
    };
    let mut id = None;
    while let Some((key, value)) = lines.peek().and_then(|l| header_line(l)) {
        let slot = match key.as_str() {
            "id" => &mut id,
            "title" | "headline" => &mut rec.title,
            "source" | "outlet" | "publication" | "domain" => &mut rec.source,
            "date" | "published" => &mut rec.date,
            "url" | "link" => &mut rec.url,
            _ => unreachable!("header_line only returns known keys"),
        };
        *slot = Some(value);
        lines.next();
    }
    let body: Vec<String> = lines.collect();
    rec.text = body.join("\n").trim().to_string();
    rec.id = id.unwrap_or_else(|| origin.to_string());
    rec
}

/// `Title: Something` as `("title", "Something")`, for known keys only.
fn header_line(line: &str) -> Option<(String, String)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    const KNOWN: &[&str] = &[
        "id",
        "title",
        "headline",
        "source",
        "outlet",
        "publication",
        "domain",
        "date",
        "published",
        "url",
        "link",
    ];
    if !KNOWN.contains(&key.as_str()) || value.trim().is_empty() {
        return None;
    }
    Some((key, value.trim().to_string()))
}
