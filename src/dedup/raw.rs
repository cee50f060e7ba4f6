//! The second, raw read: each record's original bytes, with the position
//! the reader gave it.
//!
//! These walk the same decoded stream as the readers in [`crate::read`]
//! and cut it at the same places (by the rules of [`crate::read::cut`],
//! which the readers use too), but keep bytes instead of parsing fields.
//! A chunk carries the line the reader names the record by (its origin),
//! which is how it is matched to the record the pipeline grouped; chunks
//! that are not records (blank lines, a text file's framing separator)
//! carry none and are copied through.

use std::io::{self, BufRead, Read};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;
use csv_core::ReadRecordResult;

use crate::read::backslash;
use crate::read::cut::{LineEnd, blank_lead, chomp, is_blank_line, is_blank_text, is_separator};

/// What a chunk is.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// A CSV or TSV header row.
    Header(&'a ByteRecord),
    /// A record, or bytes between records.
    Record,
}

/// A run of input bytes that is kept or dropped as a whole.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    /// Header or record.
    pub kind: Kind<'a>,
    /// The line the reader places the record at; `None` for bytes that hold
    /// no record.
    pub line: Option<u64>,
    /// The bytes, line ending included.
    pub bytes: &'a [u8],
    /// Text input: the chunk ends with a separator line.
    pub closed: bool,
}

type OnChunk<'f> = dyn FnMut(Chunk) -> Result<()> + 'f;

/// JSON Lines: every line is a chunk; blank lines hold no record.
pub fn jsonl(rdr: &mut dyn BufRead, eol: LineEnd, on_chunk: &mut OnChunk) -> Result<()> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        if rdr.read_until(eol.byte(), &mut buf).context("reading")? == 0 {
            return Ok(());
        }
        line += 1;
        let blank = is_blank_line(&buf);
        on_chunk(Chunk {
            kind: Kind::Record,
            line: (!blank).then_some(line),
            bytes: &buf,
            closed: false,
        })?;
    }
}

/// Plain text: a record's lines plus the separator line after it (if any)
/// make one chunk, so dropping a record drops its separator too.
pub fn text(
    rdr: &mut dyn BufRead,
    separator: &str,
    eol: LineEnd,
    on_chunk: &mut OnChunk,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut unit = Vec::new();
    let mut line = 0u64;
    let mut first: Option<u64> = None;
    loop {
        buf.clear();
        if rdr.read_until(eol.byte(), &mut buf).context("reading")? == 0 {
            if !unit.is_empty() {
                on_chunk(Chunk {
                    kind: Kind::Record,
                    line: first,
                    bytes: &unit,
                    closed: false,
                })?;
            }
            return Ok(());
        }
        line += 1;
        unit.extend_from_slice(&buf);
        let text = std::str::from_utf8(chomp(&buf)).ok();
        if text.is_some_and(|t| is_separator(t, separator)) {
            on_chunk(Chunk {
                kind: Kind::Record,
                line: first,
                bytes: &unit,
                closed: true,
            })?;
            unit.clear();
            first = None;
        } else if first.is_none() && !text.is_some_and(is_blank_text) {
            // The reader names a record by its first line that is not blank.
            first = Some(line);
        }
    }
}

/// CSV or TSV: the header chunk, then one chunk per record (blank lines
/// before a record belong to it). The csv crate parses exactly as the
/// reader does; the bytes it consumed are kept by a [`Tee`] and cut at the
/// positions it reports.
pub fn delimited(
    rdr: Box<dyn BufRead + Send>,
    delimiter: u8,
    eol: LineEnd,
    on_chunk: &mut OnChunk,
) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(Tee::new(rdr));
    let header = csv.byte_headers().context("reading the header")?.clone();
    if header.is_empty() {
        return Ok(());
    }
    let mut row = ByteRecord::new();
    // The chunk whose end is not known yet starts at `start`; `header`
    // until the first record is read.
    let mut start = 0u64;
    let mut header_chunk = true;
    // Lines ended before `start`.
    let mut lines_before = 0u64;
    loop {
        let next = match csv.read_byte_record(&mut row) {
            Ok(true) => row.position().map(|p| p.byte()),
            Ok(false) => None,
            Err(e) => match (e.kind(), e.position()) {
                (csv::ErrorKind::Io(_), _) | (_, None) => {
                    return Err(anyhow::Error::new(e).context("reading"));
                }
                // A bad record (wrong field count): written through as is.
                (_, Some(pos)) => Some(pos.byte()),
            },
        };
        let tee = csv.get_mut();
        let end = match next {
            Some(pos) => tee.record_start(pos),
            None => tee.end(),
        };
        if end < start {
            bail!("internal error: CSV positions went backwards");
        }
        let bytes = tee.slice(start, end);
        on_chunk(Chunk {
            kind: if header_chunk {
                Kind::Header(&header)
            } else {
                Kind::Record
            },
            line: (!header_chunk).then(|| lines_before + 1 + leading_lines(bytes, eol)),
            bytes,
            closed: false,
        })?;
        lines_before += eol.count(bytes);
        if next.is_none() {
            return Ok(());
        }
        tee.forget_before(end.saturating_sub(1));
        start = end;
        header_chunk = false;
    }
}

/// Backslash-escaped TSV (PostgreSQL `COPY`, MySQL): cut where the
/// reader's splitter, [`backslash::Rows`], ends each row (blank lines
/// before a row belong to it, a CRLF's `\n` to the row it ends); the
/// header chunk carries its fields, escapes undone.
pub fn backslash_tsv(
    rdr: &mut dyn BufRead,
    delimiter: u8,
    eol: LineEnd,
    on_chunk: &mut OnChunk,
) -> Result<()> {
    let mut rows = backslash::Rows::new(delimiter);
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut outlen, mut endlen) = (0, 0);
    let mut unit = Vec::new();
    let mut header: Option<ByteRecord> = None;
    let mut lines_before = 0u64;
    loop {
        let input = rdr.fill_buf().context("reading")?;
        let (res, nin, nout, nend) =
            rows.read_record(input, &mut out[outlen..], &mut ends[endlen..]);
        unit.extend_from_slice(&input[..nin]);
        rdr.consume(nin);
        outlen += nout;
        endlen += nend;
        match res {
            ReadRecordResult::InputEmpty => {}
            // Only the header's fields are kept; a row's are overwritten.
            ReadRecordResult::OutputFull if header.is_some() => outlen = 0,
            ReadRecordResult::OutputEndsFull if header.is_some() => endlen = 0,
            ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record => {
                if unit.ends_with(b"\r")
                    && rdr.fill_buf().context("reading")?.first() == Some(&b'\n')
                {
                    unit.push(b'\n');
                    rdr.consume(1);
                }
                let kind_header = header.is_none();
                if kind_header {
                    let mut fields = ByteRecord::new();
                    let mut start = 0;
                    for &end in &ends[..endlen] {
                        fields.push_field(&out[start..end]);
                        start = end;
                    }
                    header = Some(fields);
                }
                on_chunk(Chunk {
                    kind: match (&header, kind_header) {
                        (Some(fields), true) => Kind::Header(fields),
                        _ => Kind::Record,
                    },
                    line: (!kind_header).then(|| lines_before + 1 + leading_lines(&unit, eol)),
                    bytes: &unit,
                    closed: false,
                })?;
                lines_before += eol.count(&unit);
                unit.clear();
                outlen = 0;
                endlen = 0;
            }
            ReadRecordResult::End => {
                if !unit.is_empty() {
                    // Blank lines after the last row.
                    on_chunk(Chunk {
                        kind: Kind::Record,
                        line: None,
                        bytes: &unit,
                        closed: false,
                    })?;
                }
                return Ok(());
            }
        }
    }
}

/// Blank lines before a row's first byte: the reader names a row by the
/// line where its content starts.
fn leading_lines(bytes: &[u8], eol: LineEnd) -> u64 {
    eol.count(&bytes[..blank_lead(bytes)])
}

/// A reader that keeps what it has read, from a movable mark on, so byte
/// ranges reported by the csv crate can be copied out.
struct Tee {
    inner: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    base: u64,
}

impl Tee {
    fn new(inner: Box<dyn BufRead + Send>) -> Tee {
        Tee {
            inner,
            buf: Vec::new(),
            base: 0,
        }
    }

    /// Offset just past everything read so far.
    fn end(&self) -> u64 {
        self.base + self.buf.len() as u64
    }

    fn byte(&self, at: u64) -> Option<u8> {
        at.checked_sub(self.base)
            .and_then(|i| self.buf.get(i as usize).copied())
    }

    /// Where the record the csv crate says starts at `pos` really starts:
    /// after a CRLF it stops between `\r` and `\n`, and the `\n` belongs to
    /// the line before.
    fn record_start(&self, pos: u64) -> u64 {
        if pos > 0 && self.byte(pos) == Some(b'\n') && self.byte(pos - 1) == Some(b'\r') {
            pos + 1
        } else {
            pos
        }
    }

    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let from = (from.saturating_sub(self.base) as usize).min(self.buf.len());
        let to = (to.saturating_sub(self.base) as usize).clamp(from, self.buf.len());
        &self.buf[from..to]
    }

    /// Drop kept bytes before `offset`.
    fn forget_before(&mut self, offset: u64) {
        if offset > self.base {
            let n = ((offset - self.base) as usize).min(self.buf.len());
            self.buf.drain(..n);
            self.base += n as u64;
        }
    }
}

impl Read for Tee {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(
        f: impl FnOnce(&mut OnChunk) -> Result<()>,
    ) -> Vec<(Option<u64>, String, bool, bool)> {
        let mut out = Vec::new();
        f(&mut |c: Chunk| {
            out.push((
                c.line,
                String::from_utf8(c.bytes.to_vec()).unwrap(),
                matches!(c.kind, Kind::Header(_)),
                c.closed,
            ));
            Ok(())
        })
        .unwrap();
        out
    }

    fn reader(s: &str) -> Box<dyn BufRead + Send> {
        Box::new(io::Cursor::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn csv_chunks_keep_crlf_quotes_and_blank_lines() {
        let input = "id,text\r\na,\"x\r\ny\"\r\n\r\nb,z\r\nc,w";
        let got = chunks(|f| delimited(reader(input), b',', LineEnd::Lf, f));
        let bytes: Vec<&str> = got.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(
            bytes,
            ["id,text\r\n", "a,\"x\r\ny\"\r\n", "\r\nb,z\r\n", "c,w"]
        );
        assert!(got[0].2 && !got[1].2);
        assert_eq!(
            got.iter().map(|c| c.0).collect::<Vec<_>>(),
            [None, Some(2), Some(5), Some(6)]
        );
        assert_eq!(bytes.concat(), input);
    }

    #[test]
    fn csv_bad_row_is_a_chunk_too() {
        let input = "id,text\na,x\nb\nc,z\n";
        let got = chunks(|f| delimited(reader(input), b',', LineEnd::Lf, f));
        let bytes: Vec<&str> = got.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(bytes, ["id,text\n", "a,x\n", "b\n", "c,z\n"]);
    }

    #[test]
    fn csv_chunks_cross_buffer_boundaries() {
        // Records longer than the csv crate's 8 KiB buffer.
        let long = "w ".repeat(10_000);
        let input = format!("id,text\r\n1,{long}\r\n2,\"{long}\"\r\n3,x\r\n");
        let got = chunks(|f| delimited(reader(&input), b',', LineEnd::Lf, f));
        assert_eq!(got.len(), 4);
        assert_eq!(got.iter().map(|c| c.1.as_str()).collect::<String>(), input);
        assert!(got[2].1.starts_with("2,\"") && got[2].1.ends_with("\"\r\n"));
    }

    #[test]
    fn text_units_carry_their_separator() {
        let input = "---\n\nId: a\n\nbody a\n---\nbody b\r\n---\n\n";
        let got = chunks(|f| text(&mut io::Cursor::new(input), "---", LineEnd::Lf, f));
        assert_eq!(
            got,
            vec![
                (None, "---\n".into(), false, true),
                (Some(3), "\nId: a\n\nbody a\n---\n".into(), false, true),
                (Some(7), "body b\r\n---\n".into(), false, true),
                (None, "\n".into(), false, false),
            ]
        );
    }

    #[test]
    fn cr_only_text_is_cut_at_each_cr() {
        let input = "Id: a\rbody a\r---\rbody b\r";
        let got = chunks(|f| text(&mut io::Cursor::new(input), "---", LineEnd::Cr, f));
        assert_eq!(
            got,
            vec![
                (Some(1), "Id: a\rbody a\r---\r".into(), false, true),
                (Some(4), "body b\r".into(), false, false),
            ]
        );
    }

    #[test]
    fn jsonl_lines_and_blank_lines() {
        let input = "{\"a\":1}\r\n\n{\"b\":2}";
        let got = chunks(|f| jsonl(&mut io::Cursor::new(input), LineEnd::Lf, f));
        assert_eq!(
            got.iter().map(|c| c.0).collect::<Vec<_>>(),
            [Some(1), None, Some(3)]
        );
        assert_eq!(got[2].1, "{\"b\":2}");
    }
}
