//! Plain text: articles separated by a line holding only the separator
//! (`---` unless `--separator` says otherwise) or a form feed.
//!
//! A record may open with `Key: value` header lines (`Title:`, `Source:`,
//! `Date:`, `Id:`, `Url:` and their common synonyms); they are optional, and
//! the body starts at the first line that is not one.

use std::io::BufRead;

use super::cut::{self, HeaderField, chomp, header_line, is_blank_text};
use super::decode::{Line, read_line_within};
use super::reader::{FormatReader, ReadError, Start, invalid_utf8, too_big};
use crate::record::{Origin, Record, RecordError};

/// Streams records from separator-delimited plain text.
pub struct TextReader {
    rdr: Box<dyn BufRead + Send>,
    at: Start,
    separator: String,
    buf: Vec<u8>,
    line: u64,
    /// File offset of the next line.
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
    /// Bytes of its lines joined by single newlines.
    size: u64,
    /// Lines read into it (kept or not).
    lines_read: u64,
    /// Past the limit: lines are no longer kept.
    too_big: bool,
    /// Past the limit and not read further (the input ends here).
    cut: bool,
    /// The first line that is not UTF-8, and the offset of its first bad byte.
    bad_utf8: Option<(u64, u64)>,
}

impl TextReader {
    /// A reader over `rdr` splitting on lines equal to `separator`.
    pub fn new(rdr: Box<dyn BufRead + Send>, at: Start, separator: String) -> TextReader {
        TextReader {
            rdr,
            offset: at.base,
            at,
            separator,
            buf: Vec::new(),
            line: 0,
            done: false,
            seen_any: false,
        }
    }

    fn is_separator(&self, line: &str) -> bool {
        cut::is_separator(line, &self.separator)
    }

    /// Read lines up to the next separator or the end of input; past the
    /// record limit the lines are counted, not kept.
    fn read_chunk(&mut self) -> Result<Chunk, ReadError> {
        let mut chunk = Chunk {
            first_line: self.line + 1,
            lines: Vec::new(),
            last: false,
            size: 0,
            lines_read: 0,
            too_big: false,
            cut: false,
            bad_utf8: None,
        };
        // The skip is announced once, by the line reader when one line
        // passes the limit, or here when the lines add up past it.
        let warned = std::cell::Cell::new(false);
        let first = chunk.first_line;
        let warn = || {
            if !warned.replace(true) {
                self.at.warn_skipping(first);
            }
        };
        loop {
            let start = self.offset;
            let at = &self.at;
            let past = at.past(&warn);
            let read = read_line_within(&mut *self.rdr, &mut self.buf, at.limit, at.eol, past)
                .map_err(|e| self.at.io_error(e))?;
            let (raw, len) = match read {
                Line::Eof => {
                    chunk.last = true;
                    return Ok(chunk);
                }
                Line::Cut { raw } => {
                    self.line += 1;
                    self.offset += raw;
                    chunk.cut = true;
                    chunk.last = true;
                    return Ok(chunk);
                }
                Line::TooLong { raw, len } => (raw, len),
                Line::Fits { raw } => (raw, chomp(&self.buf).len() as u64),
            };
            self.line += 1;
            self.offset += raw;
            let text = match read {
                Line::Fits { .. } => Some(std::str::from_utf8(chomp(&self.buf))),
                _ => None,
            };
            if let Some(Ok(line)) = text
                && self.is_separator(line)
            {
                return Ok(chunk);
            }
            // The record's text is its lines joined by newlines: blank
            // lines count too, so a million of them cannot pile up.
            chunk.size += len + u64::from(chunk.lines_read > 0);
            chunk.lines_read += 1;
            if chunk.size > self.at.limit as u64 && !chunk.too_big {
                if !self.at.read_past {
                    // Lines past the limit are not read: a record of
                    // endless short lines (`yes`) must end too.
                    chunk.cut = true;
                    chunk.last = true;
                    return Ok(chunk);
                }
                warn();
                chunk.too_big = true;
                chunk.lines = Vec::new();
            }
            match text {
                Some(Ok(line)) if !chunk.too_big && chunk.bad_utf8.is_none() => {
                    chunk.lines.push(line.to_string());
                }
                Some(Err(e)) if chunk.bad_utf8.is_none() => {
                    chunk.bad_utf8 = Some((self.line, start + e.valid_up_to() as u64));
                    chunk.lines = Vec::new();
                }
                _ => {}
            }
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
                Err(fatal) => {
                    self.done = true;
                    return Some(Err(fatal));
                }
            };
            self.done = chunk.last;
            let bad = |line: u64, message: String| {
                Some(Err(ReadError::Bad(RecordError::new(
                    Origin::new(self.at.name.clone(), line),
                    message,
                ))))
            };
            if chunk.cut {
                self.seen_any = true;
                return Some(Err(ReadError::Bad(
                    self.at.cut_short("record", chunk.first_line),
                )));
            }
            if chunk.too_big {
                self.seen_any = true;
                return bad(
                    chunk.first_line,
                    too_big("record", chunk.size, self.at.limit),
                );
            }
            if let Some((line, offset)) = chunk.bad_utf8 {
                self.seen_any = true;
                return bad(line, invalid_utf8(offset));
            }
            let blank = chunk.lines.iter().all(|l| is_blank_text(l));
            if blank {
                // A separator at the very start or end of the file frames the
                // records rather than holding an empty one.
                if !self.seen_any || chunk.last {
                    continue;
                }
                self.seen_any = true;
                return bad(
                    chunk.first_line,
                    "empty record between two separators".to_string(),
                );
            }
            self.seen_any = true;
            return Some(Ok(chunk_to_record(chunk, &self.at.name)));
        }
    }
}

impl FormatReader for TextReader {
    fn lines_read(&self) -> Option<u64> {
        Some(self.line)
    }
}

/// Split a chunk into header fields and body.
fn chunk_to_record(chunk: Chunk, name: &str) -> Record {
    let mut lines = chunk.lines.into_iter().peekable();
    let mut first_line = chunk.first_line;
    // Blank lines before the headers belong to the separator.
    while lines.peek().is_some_and(|l| is_blank_text(l)) {
        lines.next();
        first_line += 1;
    }
    let origin = Origin::new(name, first_line);
    let mut rec = Record {
        origin: origin.clone(),
        ..Record::default()
    };
    let mut id = None;
    while let Some((field, value)) = lines.peek().and_then(|l| header_line(l)) {
        let slot = match field {
            HeaderField::Id => &mut id,
            HeaderField::Title => &mut rec.title,
            HeaderField::Source => &mut rec.source,
            HeaderField::Date => &mut rec.date,
            HeaderField::Url => &mut rec.url,
        };
        *slot = Some(value);
        lines.next();
    }
    let body: Vec<String> = lines.collect();
    rec.text = body.join("\n").trim().to_string();
    rec.id = id.unwrap_or_else(|| origin.to_string());
    rec
}
