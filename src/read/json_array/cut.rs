//! Where a JSON value ends: a small scanner that cuts one value (an
//! object, an array, a string, a scalar) out of a stream without parsing
//! it, so an array of any size is read one element at a time and an
//! element past the record limit is skipped without being held (under
//! `--skip-bad`), or not read further.
//!
//! It tracks only what it must to find the end: nesting depth, whether it
//! is inside a string, and whether the last byte was a backslash. Whether
//! the bytes it cut are valid JSON is for serde_json to say afterwards; a
//! value that is balanced but malformed is one bad record, and the scan
//! goes on after it.

use std::io::{self, BufRead};

use crate::read::decode::Past;

/// A position in the stream: 1-based line and column, and the offset in
/// the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in bytes.
    pub column: u64,
    /// File offset.
    pub offset: u64,
}

/// How a cut ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// A whole value of `len` bytes; in the buffer unless `len` is past
    /// the limit.
    Value {
        /// The value's length in bytes.
        len: u64,
    },
    /// The input ended inside the value (an object or string not closed).
    Truncated,
    /// The next byte cannot start a JSON value.
    NotAValue(u8),
    /// The value grew past the limit and was not read further
    /// ([`Past::Stop`]).
    OverLimit,
}

/// A byte stream with the position of its next byte.
pub struct Scanner {
    rdr: Box<dyn BufRead + Send>,
    pos: Pos,
}

/// What the scan of a value does with the next byte.
enum Step {
    /// Part of the value; go on.
    Go,
    /// The last byte of the value.
    EndAfter,
    /// Not part of the value, which ended before it.
    EndBefore,
}

impl Scanner {
    /// Scan `rdr`, whose first byte is at file offset `base`.
    pub fn new(rdr: Box<dyn BufRead + Send>, base: u64) -> Scanner {
        Scanner {
            rdr,
            pos: Pos {
                line: 1,
                column: 1,
                offset: base,
            },
        }
    }

    /// Where the next byte is.
    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// Skip whitespace; the next byte after it, not consumed (`None` at
    /// the end of input).
    pub fn skip_whitespace(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buf = self.rdr.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(None);
            };
            let n = buf
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(buf.len());
            if n == 0 {
                return Ok(Some(b));
            }
            advance(&mut self.pos, &buf[..n]);
            self.rdr.consume(n);
        }
    }

    /// Consume one byte (a `[`, `,` or `]` the caller has seen).
    pub fn bump(&mut self) -> io::Result<()> {
        let buf = self.rdr.fill_buf()?;
        if let Some(&b) = buf.first() {
            advance(&mut self.pos, &[b]);
            self.rdr.consume(1);
        }
        Ok(())
    }

    /// Cut the value that starts at the next byte into `buf` (cleared
    /// first), keeping at most `limit` bytes of it; a value past the limit
    /// is read on to its end, unkept, or not read further, as `past` says.
    pub fn cut_value(&mut self, buf: &mut Vec<u8>, limit: usize, past: Past) -> io::Result<Cut> {
        buf.clear();
        let Some(first) = self.skip_whitespace()? else {
            return Ok(Cut::Truncated);
        };
        let mut depth = 0u32;
        let mut in_string = false;
        let mut escaped = false;
        let scalar = match first {
            b'{' | b'[' | b'"' => false,
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => true,
            other => return Ok(Cut::NotAValue(other)),
        };
        let mut step = |b: u8| -> Step {
            if scalar {
                return if b.is_ascii_whitespace() || matches!(b, b',' | b']' | b'}') {
                    Step::EndBefore
                } else {
                    Step::Go
                };
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        return Step::EndAfter;
                    }
                }
                return Step::Go;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Step::EndAfter;
                    }
                }
                _ => {}
            }
            Step::Go
        };
        let mut len = 0u64;
        loop {
            let chunk = self.rdr.fill_buf()?;
            if chunk.is_empty() {
                return Ok(if scalar {
                    Cut::Value { len }
                } else {
                    Cut::Truncated
                });
            }
            let mut end = None;
            for (i, &b) in chunk.iter().enumerate() {
                match step(b) {
                    Step::Go => {}
                    Step::EndAfter => {
                        end = Some(i + 1);
                        break;
                    }
                    Step::EndBefore => {
                        end = Some(i);
                        break;
                    }
                }
            }
            let take = end.unwrap_or(chunk.len());
            let part = &chunk[..take];
            let within = len <= limit as u64;
            if len + (take as u64) <= limit as u64 {
                buf.extend_from_slice(part);
            } else if within {
                match past {
                    Past::Stop => return Ok(Cut::OverLimit),
                    Past::Skip(say) => say(),
                }
            }
            len += take as u64;
            advance(&mut self.pos, part);
            self.rdr.consume(take);
            if end.is_some() {
                return Ok(Cut::Value { len });
            }
        }
    }
}

/// Move `pos` past `bytes`.
fn advance(pos: &mut Pos, bytes: &[u8]) {
    pos.offset += bytes.len() as u64;
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            pos.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            pos.column = (bytes.len() - last) as u64;
        }
        None => pos.column += bytes.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn cuts(input: &str, limit: usize) -> Vec<(Cut, String, u64)> {
        let mut s = Scanner::new(Box::new(Cursor::new(input.as_bytes().to_vec())), 0);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while s.skip_whitespace().unwrap().is_some() {
            let line = s.pos().line;
            let cut = s.cut_value(&mut buf, limit, Past::Skip(&|| {})).unwrap();
            out.push((cut, String::from_utf8(buf.clone()).unwrap(), line));
            if !matches!(cut, Cut::Value { .. }) {
                break;
            }
            // Past a separator, as the reader does.
            if matches!(s.skip_whitespace().unwrap(), Some(b',' | b']')) {
                s.bump().unwrap();
            }
        }
        out
    }

    #[test]
    fn values_end_where_their_brackets_balance_outside_strings() {
        let input = "{\"a\": \"}\\\"{\", \"b\": [1, {\"c\": 2}]}\n  \"s\\\\\" , -1.5e3,true]\n{}";
        let got = cuts(input, 1000);
        let texts: Vec<&str> = got.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "{\"a\": \"}\\\"{\", \"b\": [1, {\"c\": 2}]}",
                "\"s\\\\\"",
                "-1.5e3",
                "true",
                "{}"
            ]
        );
        let lines: Vec<u64> = got.iter().map(|g| g.2).collect();
        assert_eq!(lines, [1, 2, 2, 2, 3]);
    }

    #[test]
    fn a_value_past_the_limit_is_measured_not_kept() {
        let got = cuts("{\"text\": \"0123456789\"} {}", 10);
        assert_eq!(got[0].0, Cut::Value { len: 22 });
        assert_eq!(got[0].1, "");
        assert_eq!(got[1].1, "{}");
    }

    #[test]
    fn an_unclosed_value_is_truncated_and_junk_is_named() {
        assert_eq!(cuts("{\"a\": [1, 2", 100)[0].0, Cut::Truncated);
        assert_eq!(cuts("\"open", 100)[0].0, Cut::Truncated);
        assert_eq!(cuts("Reuters", 100)[0].0, Cut::NotAValue(b'R'));
    }

    #[test]
    fn a_value_past_the_limit_stops_the_scan_without_skip() {
        let input = "{\"text\": \"a long value\"} {\"b\": 1}";
        let mut s = Scanner::new(Box::new(Cursor::new(input.as_bytes().to_vec())), 0);
        let mut buf = Vec::new();
        assert_eq!(
            s.cut_value(&mut buf, 10, Past::Stop).unwrap(),
            Cut::OverLimit
        );
        let said = std::cell::Cell::new(0);
        let say = || said.set(said.get() + 1);
        let mut s = Scanner::new(Box::new(Cursor::new(input.as_bytes().to_vec())), 0);
        assert_eq!(
            s.cut_value(&mut buf, 10, Past::Skip(&say)).unwrap(),
            Cut::Value { len: 24 }
        );
        assert_eq!(said.get(), 1, "the skip is said once");
    }

    #[test]
    fn positions_count_lines_columns_and_offsets() {
        let mut s = Scanner::new(Box::new(Cursor::new(b"\n  [ {}".to_vec())), 3);
        assert_eq!(s.skip_whitespace().unwrap(), Some(b'['));
        assert_eq!(
            s.pos(),
            Pos {
                line: 2,
                column: 3,
                offset: 6
            }
        );
        s.bump().unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            s.cut_value(&mut buf, 10, Past::Skip(&|| {})).unwrap(),
            Cut::Value { len: 2 }
        );
        assert_eq!(s.pos().column, 7);
    }
}
