//! TSV in the backslash-escaped convention: PostgreSQL `COPY`'s text
//! format, MySQL's `SELECT ... INTO OUTFILE` and `mysql -B`, and the many
//! exporters that copy them.
//!
//! Nothing is quoted (a `"` is a character like any other). A row ends at a
//! line break; a field ends at the delimiter. Inside a field `\t`, `\n`,
//! `\r`, `\b`, `\f`, `\v` stand for their control characters, `\\` for a
//! backslash, `\` and one to three octal digits or `x` and one or two hex
//! digits for that byte, and a backslash before any other character (MySQL
//! writes one before a literal tab or line break) for that character. A
//! field that is `\N` alone is null, read as empty.
//!
//! [`Rows`] is driven as `csv_core::Reader` is (same results, same
//! buffers), so the delimited reader keeps its limits, line counting and
//! UTF-8 checks whichever convention it reads; [`detect`] decides between
//! the two conventions from a file's first bytes.

use std::io::{self, BufRead, Read};

use csv_core::ReadRecordResult;

use super::options::TsvEscapes;

/// Bytes of a TSV looked at to tell its convention (`--tsv-escapes auto`).
const SAMPLE: usize = 64 << 10;

/// The convention a TSV read from `rdr` is in: `escapes` unless `Auto`,
/// which looks at the first [`SAMPLE`] bytes ([`detect`]) and puts them
/// back in front of `rdr`. Opening a TSV to read it and `dedup`'s raw
/// second read both ask this, so they cut the file alike.
pub(crate) fn resolve(
    rdr: &mut Box<dyn BufRead + Send>,
    delimiter: u8,
    escapes: TsvEscapes,
) -> io::Result<TsvEscapes> {
    if escapes != TsvEscapes::Auto {
        return Ok(escapes);
    }
    let mut head = Vec::new();
    let mut at_end = false;
    while head.len() < SAMPLE {
        let buf = rdr.fill_buf()?;
        if buf.is_empty() {
            at_end = true;
            break;
        }
        let take = buf.len().min(SAMPLE - head.len());
        head.extend_from_slice(&buf[..take]);
        rdr.consume(take);
    }
    let found = if detect(&head, delimiter, at_end) {
        TsvEscapes::Backslash
    } else {
        TsvEscapes::Quoted
    };
    let rest = std::mem::replace(rdr, Box::new(io::empty()));
    *rdr = Box::new(io::Cursor::new(head).chain(rest));
    Ok(found)
}

/// What an escape being read has so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Escape {
    #[default]
    None,
    /// A backslash, nothing after it yet.
    Started,
    /// `\` and octal digits: the value so far and the digits read.
    Octal(u32, u8),
    /// `\x` and hex digits.
    Hex(u32, u8),
}

/// Splits backslash-escaped input into rows and fields, undoing escapes.
#[derive(Debug, Default)]
pub struct Rows {
    delimiter: u8,
    /// Inside a row (past its first byte).
    in_row: bool,
    escape: Escape,
    /// Bytes written for the row so far (field ends count from its start).
    row_out: usize,
    /// Input bytes of the current field, and whether it opened with `\N`
    /// (null, if nothing follows).
    field_raw: usize,
    null_start: bool,
}

impl Rows {
    /// Rows of fields split on `delimiter`.
    pub fn new(delimiter: u8) -> Rows {
        Rows {
            delimiter,
            ..Rows::default()
        }
    }

    /// Read from `input` into `out` (field bytes) and `ends` (where each
    /// field ends, counted from the row's first byte): as
    /// `csv_core::Reader::read_record`, an empty `input` meaning the end.
    pub fn read_record(
        &mut self,
        input: &[u8],
        out: &mut [u8],
        ends: &mut [usize],
    ) -> (ReadRecordResult, usize, usize, usize) {
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        if input.is_empty() {
            if !self.in_row {
                return (ReadRecordResult::End, 0, 0, 0);
            }
            if out.len() < 2 {
                return (ReadRecordResult::OutputFull, 0, 0, 0);
            }
            if ends.is_empty() {
                return (ReadRecordResult::OutputEndsFull, 0, 0, 0);
            }
            self.end_escape(out, &mut nout);
            self.end_field(ends, &mut nend);
            self.end_row();
            return (ReadRecordResult::Record, 0, nout, nend);
        }
        while nin < input.len() {
            let b = input[nin];
            if !self.in_row {
                // Blank lines before a row are skipped, as csv-core does.
                if b == b'\n' || b == b'\r' {
                    nin += 1;
                    continue;
                }
                self.in_row = true;
            }
            // At most two bytes are written per byte read (an escape's
            // value and the byte after it).
            if out.len() - nout < 2 {
                return (ReadRecordResult::OutputFull, nin, nout, nend);
            }
            let ends_field = self.escape != Escape::Started && self.is_end(b);
            if ends_field && nend == ends.len() {
                return (ReadRecordResult::OutputEndsFull, nin, nout, nend);
            }
            nin += 1;
            if self.byte(b, out, &mut nout) {
                continue;
            }
            self.end_field(ends, &mut nend);
            if b != self.delimiter {
                self.end_row();
                return (ReadRecordResult::Record, nin, nout, nend);
            }
        }
        (ReadRecordResult::InputEmpty, nin, nout, nend)
    }

    /// A delimiter or a line break: the end of a field, unless escaped.
    fn is_end(&self, b: u8) -> bool {
        b == self.delimiter || b == b'\n' || b == b'\r'
    }

    fn emit(&mut self, out: &mut [u8], nout: &mut usize, byte: u8) {
        out[*nout] = byte;
        *nout += 1;
        self.row_out += 1;
    }

    /// Take in one byte of a row; `false` when it ends the field (a
    /// delimiter or line break not escaped).
    fn byte(&mut self, b: u8, out: &mut [u8], nout: &mut usize) -> bool {
        if self.null_start && !(self.escape == Escape::None && self.is_end(b)) {
            // `\N` and more is not null: the N was a character.
            self.null_start = false;
            self.emit(out, nout, b'N');
        }
        self.field_raw += 1;
        match self.escape {
            Escape::None if b == b'\\' => self.escape = Escape::Started,
            Escape::None if self.is_end(b) => return false,
            Escape::None => self.emit(out, nout, b),
            Escape::Started => {
                self.escape = Escape::None;
                let byte = match b {
                    b'n' => b'\n',
                    b't' => b'\t',
                    b'r' => b'\r',
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'v' => 0x0b,
                    b'0'..=b'7' => {
                        self.escape = Escape::Octal(u32::from(b - b'0'), 1);
                        return true;
                    }
                    b'x' => {
                        self.escape = Escape::Hex(0, 0);
                        return true;
                    }
                    b'N' if self.field_raw == 2 => {
                        self.null_start = true;
                        return true;
                    }
                    _ => b,
                };
                self.emit(out, nout, byte);
            }
            Escape::Octal(value, digits) => match b {
                b'0'..=b'7' if digits < 3 => {
                    let value = value * 8 + u32::from(b - b'0');
                    if digits == 2 {
                        self.escape = Escape::None;
                        self.emit(out, nout, value as u8);
                    } else {
                        self.escape = Escape::Octal(value, digits + 1);
                    }
                }
                _ => {
                    self.escape = Escape::None;
                    self.emit(out, nout, value as u8);
                    return self.byte_again(b, out, nout);
                }
            },
            Escape::Hex(value, digits) => match (b as char).to_digit(16) {
                Some(d) if digits < 2 => {
                    let value = value * 16 + d;
                    if digits == 1 {
                        self.escape = Escape::None;
                        self.emit(out, nout, value as u8);
                    } else {
                        self.escape = Escape::Hex(value, 1);
                    }
                }
                _ => {
                    self.escape = Escape::None;
                    // `\x` with no digit is an x.
                    let byte = if digits == 0 { b'x' } else { value as u8 };
                    self.emit(out, nout, byte);
                    return self.byte_again(b, out, nout);
                }
            },
        }
        true
    }

    /// The byte that ended a numeric escape, taken in on its own.
    fn byte_again(&mut self, b: u8, out: &mut [u8], nout: &mut usize) -> bool {
        self.field_raw -= 1;
        self.byte(b, out, nout)
    }

    /// The input ended inside an escape: what it stood for so far (a lone
    /// backslash is itself).
    fn end_escape(&mut self, out: &mut [u8], nout: &mut usize) {
        let byte = match std::mem::take(&mut self.escape) {
            Escape::None => return,
            Escape::Started => b'\\',
            Escape::Octal(value, _) => value as u8,
            Escape::Hex(_, 0) => b'x',
            Escape::Hex(value, _) => value as u8,
        };
        self.emit(out, nout, byte);
    }

    fn end_field(&mut self, ends: &mut [usize], nend: &mut usize) {
        ends[*nend] = self.row_out;
        *nend += 1;
        self.field_raw = 0;
        self.null_start = false;
    }

    fn end_row(&mut self) {
        self.in_row = false;
        self.row_out = 0;
    }
}

/// Does the start of a TSV `head` (its first bytes; `at_end` when that is
/// the whole input) read as backslash-escaped? Yes when it holds an escape
/// (`\t`, `\n`, `\r`, `\\`, `\N`, or a backslash before a line break) and,
/// read that way, every whole row has as many fields as the header. A
/// quoted TSV with a line break in a field fails the second test; one with
/// neither escapes nor such fields reads the same either way, quotes aside.
fn detect(head: &[u8], delimiter: u8, at_end: bool) -> bool {
    let escaped = head
        .windows(2)
        .any(|w| w[0] == b'\\' && matches!(w[1], b't' | b'n' | b'r' | b'\\' | b'N' | b'\n'));
    if !escaped {
        return false;
    }
    let mut rows = Rows::new(delimiter);
    let mut out = vec![0u8; head.len() * 2 + 2];
    let mut ends = vec![0usize; head.len() + 1];
    let mut input = head;
    let mut header = None;
    loop {
        let (res, nin, _, nend) = rows.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        match res {
            ReadRecordResult::Record => match header {
                None => header = Some(nend),
                Some(n) if n != nend => return false,
                Some(_) => {}
            },
            // The last row, cut where the sample ends, is not judged.
            ReadRecordResult::InputEmpty if !at_end => return header.is_some(),
            ReadRecordResult::InputEmpty => input = &[],
            ReadRecordResult::End => return header.is_some(),
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                unreachable!("buffers sized for the whole sample")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of `input`, its fields as strings, fed in pieces of
    /// `piece` bytes with small buffers, as a reader meets them.
    fn rows(input: &[u8], piece: usize) -> Vec<Vec<String>> {
        let mut rows = Rows::new(b'\t');
        let mut got = Vec::new();
        let mut out = vec![0u8; 4];
        let mut ends = vec![0usize; 1];
        let (mut outlen, mut endlen) = (0, 0);
        let mut at = 0;
        loop {
            let end = (at + piece).min(input.len());
            let (res, nin, nout, nend) =
                rows.read_record(&input[at..end], &mut out[outlen..], &mut ends[endlen..]);
            at += nin;
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let mut start = 0;
                    let fields = ends[..endlen]
                        .iter()
                        .map(|&e| {
                            let f = String::from_utf8_lossy(&out[start..e]).into_owned();
                            start = e;
                            f
                        })
                        .collect();
                    got.push(fields);
                    outlen = 0;
                    endlen = 0;
                }
                ReadRecordResult::End => return got,
            }
        }
    }

    #[test]
    fn escapes_are_undone_in_any_piece_size() {
        let input =
            b"id\ttext\r\na\tone\\ntwo\\tcol \\\\ back\n\nb\t\"quoted\" \\101\\x42\\x\\q\nc\t\\N\n";
        for piece in [1, 2, 3, 7, 100] {
            assert_eq!(
                rows(input, piece),
                vec![
                    vec!["id".to_string(), "text".into()],
                    vec!["a".into(), "one\ntwo\tcol \\ back".into()],
                    vec!["b".into(), "\"quoted\" ABxq".into()],
                    vec!["c".into(), String::new()],
                ],
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn a_backslash_before_a_line_break_keeps_it_in_the_field() {
        // MySQL's INTO OUTFILE writes a line break in a field this way.
        let got = rows(b"id\ttext\na\tline one\\\nline two\\\ttab\nb\t\\Nx", 5);
        assert_eq!(got[1], ["a", "line one\nline two\ttab"]);
        // `\N` followed by more is not null; the end of input ends a row.
        assert_eq!(got[2], ["b", "Nx"]);
        assert_eq!(rows(b"a\\", 1), [["a\\"]]);
    }

    #[test]
    fn detection_wants_escapes_and_rows_of_the_header_s_width() {
        let copy = b"id\ttext\na\tone\\ntwo\nb\tthree\nc\tpartial row, cut";
        assert!(detect(copy, b'\t', false));
        // No escape: the conventions read the same; quoted it is.
        assert!(!detect(b"id\ttext\na\tone\n", b'\t', true));
        // A quoted field with a line break: rows of the wrong width.
        let quoted = b"id\ttext\na\t\"C:\\new\nline\"\nb\tx\n";
        assert!(!detect(quoted, b'\t', true));
    }

    proptest::proptest! {
        #[test]
        fn pieces_and_buffers_do_not_change_the_rows(
            input in proptest::collection::vec(
                proptest::sample::select(b"\\\\tnNrx017Aa\"\t\r\n;".to_vec()),
                0..60,
            ),
            piece in 1usize..9,
        ) {
            // Every row and field, whatever the pieces: the same as whole.
            let whole = rows(&input, input.len().max(1));
            proptest::prop_assert_eq!(rows(&input, piece), whole.clone());
            // No field is longer than its input; no row is empty.
            proptest::prop_assert!(whole.iter().all(|r| !r.is_empty()));
            let out: usize = whole.iter().flatten().map(String::len).sum();
            proptest::prop_assert!(out <= input.len() * 3);
        }
    }
}
