//! CSV and TSV with a header row (quoted fields with embedded newlines,
//! CRLF, doubled quotes), parsed by `csv-core`.
//!
//! The `csv` crate's reader keeps a whole record in memory before it can be
//! looked at, so a stray quote that turns the rest of a 2 GB file into one
//! field would be read into memory whole. Driving `csv-core` directly lets
//! the reader stop keeping a record's fields once it passes the limit and
//! still find where it ends; it also sees the raw bytes, so an invalid UTF-8
//! byte is named by its offset in the file.
//!
//! TSV comes in two conventions: CSV's quoting, and backslash escapes with
//! no quoting at all (PostgreSQL `COPY`, MySQL): `backslash.rs` splits the
//! latter, driven the same way, and tells the two apart.

use std::io::{self, BufRead};
use std::sync::Arc;

use csv_core::ReadRecordResult;

use super::backslash;
use super::cut::{LineEnd, blank_lead};
use super::decode::Utf8Check;
use super::fields::{Columns, Fields};
use super::options::TsvEscapes;
use super::reader::{FormatReader, ReadError, Start, invalid_utf8, too_big};
use crate::record::{Origin, Record, RecordError};

/// The most columns a header may have.
const MAX_COLUMNS: usize = 1 << 16;

/// What splits the rows: CSV's quoting rules, or backslash escapes.
enum Splitter {
    /// (Boxed: csv-core's state machine is 440 bytes.)
    Quoted(Box<csv_core::Reader>),
    Backslash(backslash::Rows),
}

impl Splitter {
    fn new(delimiter: u8, escapes: TsvEscapes) -> Splitter {
        match escapes {
            TsvEscapes::Backslash => Splitter::Backslash(backslash::Rows::new(delimiter)),
            TsvEscapes::Quoted | TsvEscapes::Auto => Splitter::Quoted(Box::new(
                csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            )),
        }
    }

    fn read_record(
        &mut self,
        input: &[u8],
        out: &mut [u8],
        ends: &mut [usize],
    ) -> (ReadRecordResult, usize, usize, usize) {
        match self {
            Splitter::Quoted(core) => core.read_record(input, out, ends),
            Splitter::Backslash(rows) => rows.read_record(input, out, ends),
        }
    }
}

/// Streams records from a CSV or TSV input.
pub struct DelimitedReader {
    rdr: Box<dyn BufRead + Send>,
    splitter: Splitter,
    at: Start,
    fields: Arc<Fields>,
    header: Vec<String>,
    columns: Columns,
    /// Field bytes of the current row, and where each field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// File offset of the next byte.
    offset: u64,
    /// Line of the next byte.
    line: u64,
    delimiter: u8,
    started: bool,
    done: bool,
    /// The last byte read ended a line (or nothing was read): lines read
    /// are the line endings, plus an unended last line.
    at_line_start: bool,
}

/// Where a row was and what is wrong with it, if anything; its fields are in
/// the reader's `out` and `ends`.
struct Row {
    line: u64,
    size: u64,
    fields: usize,
    too_big: bool,
    /// Past the limit and not read further: the input ends here.
    cut: bool,
    bad_utf8: Option<u64>,
    /// Lines of an unclosed quoted field that ran to the end of the input.
    unclosed: Option<u64>,
    /// Lines of a row with text after a closing quote.
    after_quote: Option<u64>,
}

/// Where a row's bytes leave the parser, quote-wise: the part of csv-core's
/// state machine that tells whether the input ended inside a quoted field.
/// csv-core accepts that silently, and one stray quote then swallows every
/// record after it into one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Quoting {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: closing, or the first of a pair.
    QuoteInQuoted,
    /// Text after a field's closing quote (`"a" b`, or a quote opened in
    /// one row and closed in the next, mid-field): csv-core joins it to the
    /// field, swallowing the rows in between. Kept to the row's end.
    AfterClosingQuote,
}

impl Quoting {
    fn feed(mut self, bytes: &[u8], delimiter: u8) -> Quoting {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            self = match self {
                Quoting::Quoted => match bytes[i..].iter().position(|&c| c == b'"') {
                    Some(at) => {
                        i += at;
                        Quoting::QuoteInQuoted
                    }
                    None => return Quoting::Quoted,
                },
                Quoting::AfterClosingQuote => return Quoting::AfterClosingQuote,
                Quoting::FieldStart if b == b'"' => Quoting::Quoted,
                Quoting::QuoteInQuoted if b == b'"' => Quoting::Quoted,
                _ if b == delimiter || b == b'\n' || b == b'\r' => Quoting::FieldStart,
                Quoting::QuoteInQuoted => Quoting::AfterClosingQuote,
                _ => Quoting::Unquoted,
            };
            i += 1;
        }
        self
    }
}

/// What the pieces of one row's input carry over, one to the next.
#[derive(Debug, Default)]
struct Scan {
    check: Utf8Check,
    quoting: Quoting,
    /// Past the blank lines before the row (skipped: the row starts after
    /// them).
    in_row: bool,
    /// Bytes of `out` and entries of `ends` filled so far.
    outlen: usize,
    endlen: usize,
}

impl Scan {
    /// Take in the next piece of `row`'s input, `consumed`, which starts at
    /// file offset `offset`; the bytes of line ending it ends with.
    fn feed(
        &mut self,
        row: &mut Row,
        consumed: &[u8],
        offset: u64,
        eol: LineEnd,
        delimiter: u8,
    ) -> u64 {
        let mut content = consumed;
        if !self.in_row {
            let lead = blank_lead(consumed);
            row.line += eol.count(&consumed[..lead]);
            self.in_row = lead < consumed.len();
            content = &consumed[lead..];
        }
        let content_at = offset + (consumed.len() - content.len()) as u64;
        self.check.feed(content, content_at);
        self.quoting = self.quoting.feed(content, delimiter);
        row.size += content.len() as u64;
        line_ending(content)
    }
}

impl DelimitedReader {
    /// A reader splitting fields on `delimiter` (`b','`, `b'\t'`, `b';'`),
    /// escaped as `escapes` says (CSV: `Quoted`; `Auto` is resolved before,
    /// by `backslash::resolve`, and read as `Quoted`).
    pub fn new(
        rdr: Box<dyn BufRead + Send>,
        at: Start,
        fields: Arc<Fields>,
        delimiter: u8,
        escapes: TsvEscapes,
    ) -> DelimitedReader {
        DelimitedReader {
            rdr,
            splitter: Splitter::new(delimiter, escapes),
            offset: at.base,
            at,
            fields,
            header: Vec::new(),
            columns: Columns::default(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            line: 1,
            delimiter,
            started: false,
            done: false,
            at_line_start: true,
        }
    }

    /// Parse the next row; `None` at the end of input.
    fn read_row(&mut self) -> io::Result<Option<Row>> {
        let mut row = Row {
            line: self.line,
            size: 0,
            fields: 0,
            too_big: false,
            cut: false,
            bad_utf8: None,
            unclosed: None,
            after_quote: None,
        };
        let mut scan = Scan::default();
        // Ends are kept for the header's fields (and one more, to tell a
        // long row); before the header is known, for a generous number.
        let max_fields = match self.header.len() {
            0 => MAX_COLUMNS,
            n => n + 1,
        };
        loop {
            let input = self.rdr.fill_buf()?;
            let (res, nin, nout, nend) = self.splitter.read_record(
                input,
                &mut self.out[scan.outlen..],
                &mut self.ends[scan.endlen..],
            );
            let consumed = &input[..nin];
            let ending = scan.feed(&mut row, consumed, self.offset, self.at.eol, self.delimiter);
            self.line += self.at.eol.count(consumed);
            if let Some(&last) = consumed.last() {
                self.at_line_start = last == b'\n' || last == b'\r';
            }
            self.rdr.consume(nin);
            self.offset += nin as u64;
            scan.outlen += nout;
            scan.endlen += nend;
            row.fields += nend;
            self.keep_within_limits(&mut row, &mut scan, max_fields);
            if row.cut {
                return Ok(Some(row));
            }
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if !row.too_big {
                        let len = self.out.len();
                        self.out.resize(len * 2, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if !row.too_big && row.fields <= max_fields {
                        let len = self.ends.len();
                        self.ends.resize(len * 2, 0);
                    }
                }
                ReadRecordResult::Record => {
                    // The line ending is not part of the row's size.
                    row.size -= ending;
                    row.bad_utf8 = scan.check.finish();
                    // `self.line` is past the row's line ending, if it has one.
                    let lines = self.line - row.line + u64::from(ending == 0);
                    // Backslash-escaped TSV quotes nothing.
                    match (&self.splitter, scan.quoting) {
                        (Splitter::Backslash(_), _) => {}
                        (_, Quoting::Quoted) => row.unclosed = Some(lines),
                        (_, Quoting::AfterClosingQuote) => row.after_quote = Some(lines),
                        _ => {}
                    }
                    return Ok(Some(row));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Stop keeping what a row holds past the limits: the field ends of a
    /// row with more fields than the header, everything of a row past the
    /// record limit.
    fn keep_within_limits(&mut self, row: &mut Row, scan: &mut Scan, max_fields: usize) {
        if row.fields > max_fields {
            // A row of 10 MB of commas would need 80 MB of field ends:
            // count them, keep none.
            scan.endlen = 0;
        }
        if row.size > self.at.limit as u64 && !row.too_big {
            if !self.at.read_past {
                // Not read further: a stray quote can make the rest of an
                // endless stream one row.
                row.cut = true;
                return;
            }
            // Past the limit: keep parsing to find the row's end, but
            // drop its fields as they come.
            self.at.warn_skipping(row.line);
            row.too_big = true;
            self.out = vec![0; 4096];
            self.ends = vec![0; 64];
        }
        if row.too_big {
            scan.outlen = 0;
            scan.endlen = 0;
        }
    }

    /// Field `i` of the current row.
    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.out[start..self.ends[i]]
    }

    /// Read the header and find the columns; `Ok(false)` for an empty input.
    fn start(&mut self) -> Result<bool, ReadError> {
        let row = match self.read_row() {
            Ok(Some(row)) => row,
            Ok(None) => return Ok(false),
            Err(e) => return Err(self.at.io_error(e)),
        };
        let at = Origin::new(self.at.name.clone(), row.line);
        if row.cut {
            return Err(ReadError::Fatal(
                self.at.cut_short("header", row.line).into(),
            ));
        }
        let fatal = move |message: String| ReadError::Fatal(anyhow::anyhow!("{at}: {message}"));
        if row.too_big {
            return Err(fatal(too_big("header", row.size, self.at.limit)));
        }
        if let Some(at) = row.bad_utf8 {
            return Err(fatal(invalid_utf8(at)));
        }
        if row.fields > MAX_COLUMNS {
            return Err(fatal(format!(
                "header of {} columns: more than {MAX_COLUMNS}",
                row.fields
            )));
        }
        if row.unclosed.is_some() {
            return Err(fatal(
                "quoted field not closed in the header: it runs to the end of the input".into(),
            ));
        }
        if row.after_quote.is_some() {
            return Err(fatal(
                "text after a closing quote in the header (a stray quote?)".into(),
            ));
        }
        self.header = (0..row.fields)
            .map(|i| String::from_utf8_lossy(self.field(i)).into_owned())
            .collect();
        self.columns = Columns::from_header(&self.fields, &self.header);
        if self.columns.text.is_none() {
            return Err(fatal(format!(
                "no text column (tried {}); columns: {}{}",
                self.fields.text.tried(),
                self.header.join(", "),
                self.delimiter_hint()
            )));
        }
        Ok(true)
    }

    /// A header read as one column that another common delimiter would
    /// split (`id;title;text`, a European spreadsheet's CSV): the flag to
    /// give.
    fn delimiter_hint(&self) -> String {
        let [only] = self.header.as_slice() else {
            return String::new();
        };
        [b';', b'\t', b'|', b',']
            .into_iter()
            .filter(|&d| d != self.delimiter)
            .find(|&d| only.as_bytes().contains(&d))
            .map(|d| {
                let shown = if d == b'\t' { "tab".to_string() } else { format!("'{}'", d as char) };
                format!(
                    " (one column whose name holds {shown}: is {shown} the delimiter? give --delimiter {shown})"
                )
            })
            .unwrap_or_default()
    }

    /// After a quoting error in a TSV: the convention that has no quotes.
    fn quoting_hint(&self) -> &'static str {
        if self.delimiter == b'\t' {
            "; a backslash-escaped TSV (PostgreSQL COPY, MySQL) quotes nothing: give --tsv-escapes backslash"
        } else {
            ""
        }
    }

    fn to_record(&self, row: &Row) -> Result<Record, RecordError> {
        let origin = Origin::new(self.at.name.clone(), row.line);
        let bad = |message: String| Err(RecordError::new(origin.clone(), message));
        if row.cut {
            return Err(self.at.cut_short("record", row.line));
        }
        if row.too_big {
            return bad(too_big("record", row.size, self.at.limit));
        }
        if let Some(at) = row.bad_utf8 {
            return bad(invalid_utf8(at));
        }
        if let Some(lines) = row.unclosed {
            return bad(format!(
                "quoted field not closed: it runs to the end of the input, {lines} line{} (a stray quote?){}",
                if lines == 1 { "" } else { "s" },
                self.quoting_hint()
            ));
        }
        if let Some(lines) = row.after_quote {
            let joined = match lines {
                1 => String::new(),
                n => format!("{n} lines read as one row; "),
            };
            return bad(format!(
                "text after a closing quote: a quoted field must end at a delimiter or a line end ({joined}a stray quote?){}",
                self.quoting_hint()
            ));
        }
        if row.fields != self.header.len() {
            return bad(format!(
                "expected {} fields as in the header, found {}",
                self.header.len(),
                row.fields
            ));
        }
        let get = |col: Option<usize>| -> Result<Option<String>, RecordError> {
            // The raw bytes were checked as UTF-8 above; an escape (`\xE9`)
            // can still make a byte that is not.
            col.map(|i| match std::str::from_utf8(self.field(i)) {
                Ok(s) => Ok(s.to_string()),
                Err(e) => Err(RecordError::new(
                    origin.clone(),
                    format!(
                        "column '{}' is not UTF-8 once its escapes are undone (byte {} of the field)",
                        self.header[i],
                        e.valid_up_to()
                    ),
                )),
            })
            .transpose()
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

impl FormatReader for DelimitedReader {
    fn lines_read(&self) -> Option<u64> {
        Some(self.line - 1 + u64::from(!self.at_line_start))
    }
}

/// Bytes of line ending at the end of a row's last piece of input.
fn line_ending(content: &[u8]) -> u64 {
    if content.ends_with(b"\r\n") {
        2
    } else if content.ends_with(b"\n") || content.ends_with(b"\r") {
        1
    } else {
        0
    }
}

impl Iterator for DelimitedReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            match self.start() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        match self.read_row() {
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(row)) => {
                self.done = row.cut;
                Some(self.to_record(&row).map_err(ReadError::Bad))
            }
            Err(e) => {
                self.done = true;
                Some(Err(self.at.io_error(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    fn read(input: &[u8], limit: usize) -> Vec<Result<(String, String), String>> {
        let at = Start {
            read_past: true,
            ..Start::new("t.csv", limit)
        };
        let rdr = Box::new(Cursor::new(input.to_vec()));
        DelimitedReader::new(
            rdr,
            at,
            Arc::new(Fields::default()),
            b',',
            TsvEscapes::Quoted,
        )
        .map(|item| match item {
            Ok(r) => Ok((r.id, r.text)),
            Err(ReadError::Bad(e)) => Err(e.to_string()),
            Err(ReadError::Fatal(e)) => Err(format!("fatal: {e}")),
        })
        .collect()
    }

    #[test]
    fn scan_skips_the_blank_lead_and_checks_what_follows() {
        let mut row = Row {
            line: 3,
            size: 0,
            fields: 0,
            too_big: false,
            cut: false,
            bad_utf8: None,
            unclosed: None,
            after_quote: None,
        };
        let mut scan = Scan::default();
        assert_eq!(scan.feed(&mut row, b"\r\n\n", 100, LineEnd::Lf, b','), 0);
        assert!(!scan.in_row);
        assert_eq!(scan.feed(&mut row, b"a,\"x\xFF", 103, LineEnd::Lf, b','), 0);
        assert_eq!(scan.feed(&mut row, b"\"\r\n", 108, LineEnd::Lf, b','), 2);
        // Named by the line its content starts on, sized without the lead.
        assert_eq!((row.line, row.size), (5, 8));
        assert_eq!(scan.check.finish(), Some(107));
        assert_eq!(scan.quoting, Quoting::FieldStart);
    }

    #[test]
    fn quoted_fields_keep_newlines_quotes_and_commas() {
        let got = read(
            b"id,text\r\na,\"one, \"\"two\"\"\r\nthree\"\r\n\r\nb,plain\"quote",
            100,
        );
        assert_eq!(
            got,
            vec![
                Ok(("a".into(), "one, \"two\"\r\nthree".into())),
                Ok(("b".into(), "plain\"quote".into())),
            ]
        );
    }

    #[test]
    fn a_quote_left_open_is_reported_not_swallowed() {
        let got = read(b"id,text\na,\"open\nb,x\nc,y", 100);
        assert_eq!(
            got,
            vec![Err(
                "t.csv:2: quoted field not closed: it runs to the end of the input, 3 lines (a stray quote?)"
                    .into()
            )]
        );
        // Closed on the last line, without a final newline: fine.
        let got = read(b"id,text\na,\"two\nlines\"", 100);
        assert_eq!(got, vec![Ok(("a".into(), "two\nlines".into()))]);
    }

    #[test]
    fn a_quote_closed_mid_field_is_a_bad_row_not_a_swallowed_one() {
        // Row 3 opens a quote that row 4 closes mid-field: csv-core reads
        // rows 3 and 4 as one. That row is bad, named by its first line.
        let got = read(
            b"id,text\na,one\nb,\"two\nc,three\" more\nd,four\ne,five",
            100,
        );
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[1],
            Err("t.csv:3: text after a closing quote: a quoted field must end at a delimiter or a line end (2 lines read as one row; a stray quote?)".into())
        );
        assert_eq!(got[3], Ok(("e".into(), "five".into())));
        // A closing quote right before the delimiter or the line end is fine.
        let got = read(b"id,text\na,\"x\"\nb,\"y\"\r\n", 100);
        assert_eq!(
            got,
            vec![Ok(("a".into(), "x".into())), Ok(("b".into(), "y".into()))]
        );
    }

    #[test]
    fn rows_past_the_limit_are_skipped_and_the_next_one_read() {
        let big = format!("id,text\na,\"{}\"\nb,after\n", "z\n".repeat(100));
        let got = read(big.as_bytes(), 50);
        assert_eq!(
            got,
            vec![
                Err("t.csv:2: record of 204 bytes is larger than --max-record-bytes (50)".into()),
                Ok(("b".into(), "after".into())),
            ]
        );
    }

    #[test]
    fn without_skipping_a_row_past_the_limit_ends_the_input() {
        // A stray quote over an endless stream: the test ending is the check.
        let head = io::Cursor::new(b"id,text\na,\"".to_vec());
        let rdr = Box::new(io::BufReader::new(head.chain(io::repeat(b'z'))));
        let mut reader = DelimitedReader::new(
            rdr,
            Start::new("t.csv", 50),
            Arc::default(),
            b',',
            TsvEscapes::Quoted,
        );
        let err = match reader.next() {
            Some(Err(ReadError::Bad(e))) => e.to_string(),
            _ => panic!("a bad record"),
        };
        assert_eq!(
            err,
            "t.csv:2: record larger than --max-record-bytes (50): not read further (--skip-bad skips it and reads on)"
        );
        assert!(reader.next().is_none());
    }

    #[test]
    fn cr_only_rows_are_lines() {
        let at = Start {
            eol: LineEnd::Cr,
            ..Start::new("t.csv", 100)
        };
        let rdr = Box::new(Cursor::new(b"id,text\ra,x\r\rb,y\r".to_vec()));
        let mut reader = DelimitedReader::new(rdr, at, Arc::default(), b',', TsvEscapes::Quoted);
        let lines: Vec<String> = reader
            .by_ref()
            .map(|r| r.unwrap().origin.to_string())
            .collect();
        assert_eq!(lines, ["t.csv:2", "t.csv:4"]);
        assert_eq!(reader.lines_read(), Some(4));
    }

    #[test]
    fn lines_are_counted_past_blank_lines() {
        let got = read(b"id,text\n\n\nb,x,extra\n", 100);
        assert_eq!(
            got,
            vec![Err(
                "t.csv:4: expected 2 fields as in the header, found 3".into()
            )]
        );
    }
}
