//! Lines read without trusting their length: a 200 MB line is never
//! held. Without `--skip-bad` reading stops as soon as the limit is passed
//! (the run stops at the bad record anyway, and `/dev/zero` has no end to
//! skip to); with it the line is skipped to its end and reported with its
//! length.

use std::io::{self, BufRead, Read};

use crate::read::cut::{LineEnd, chomp};

/// What to do with a line once it is past the limit.
#[derive(Clone, Copy)]
pub enum Past<'a> {
    /// Stop there: [`Line::Cut`].
    Stop,
    /// Read on to its end, without keeping it, after calling the function
    /// (which says so: the end may be far).
    Skip(&'a dyn Fn()),
}

/// What [`read_line_bounded`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// No more input.
    Eof,
    /// A line, now in the buffer; `raw` bytes were consumed (with the line
    /// ending).
    Fits {
        /// Bytes consumed.
        raw: u64,
    },
    /// A line longer than the limit, skipped; the buffer holds garbage.
    TooLong {
        /// Bytes consumed.
        raw: u64,
        /// The line's length without its line ending.
        len: u64,
    },
    /// A line longer than the limit, not read further ([`Past::Stop`]).
    Cut {
        /// Bytes consumed.
        raw: u64,
    },
}

/// Read one line (through `\n`) into `buf`, holding at most about `limit`
/// bytes: a longer line is skipped to its end without being kept, and
/// reported with its length.
pub fn read_line_bounded(
    rdr: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    read_line_within(rdr, buf, limit, LineEnd::Lf, Past::Skip(&|| {}))
}

/// Read one line (through the byte `eol` names) into `buf`, holding at
/// most about `limit` bytes; a longer line is cut or skipped as `past`
/// says.
pub fn read_line_within(
    rdr: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
    eol: LineEnd,
    past: Past,
) -> io::Result<Line> {
    let eol = eol.byte();
    buf.clear();
    // Room for the limit and a CRLF, so a line of exactly `limit` fits.
    let cap = limit as u64 + 2;
    let n = Read::take(&mut *rdr, cap).read_until(eol, buf)? as u64;
    if n == 0 {
        return Ok(Line::Eof);
    }
    let len = chomp(buf).len() as u64;
    if buf.ends_with(&[eol]) || n < cap {
        return Ok(if len > limit as u64 {
            Line::TooLong { raw: n, len }
        } else {
            Line::Fits { raw: n }
        });
    }
    let Past::Skip(say) = past else {
        buf.clear();
        return Ok(Line::Cut { raw: n });
    };
    say();
    // Past the limit: skip to the line end in small steps, remembering the
    // last two bytes to know the line ending.
    let mut raw = n;
    let mut tail = [buf[buf.len() - 2], buf[buf.len() - 1]];
    loop {
        buf.clear();
        let k = Read::take(&mut *rdr, 1 << 16).read_until(eol, buf)?;
        raw += k as u64;
        match buf.len() {
            0 => break,
            1 => tail = [tail[1], buf[0]],
            _ => tail = [buf[buf.len() - 2], buf[buf.len() - 1]],
        }
        if buf.ends_with(&[eol]) {
            break;
        }
    }
    buf.clear();
    // As `chomp` counts it: a lone `\r` can only be last at the end of the
    // input, and is taken as a cut-short CRLF (found by the decode target:
    // a long line ending in `\r` was one byte longer than a short one).
    let ending = match tail {
        [b'\r', b'\n'] => 2,
        [_, b'\n'] | [_, b'\r'] => 1,
        _ => 0,
    };
    Ok(Line::TooLong {
        raw,
        len: raw - ending,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Cursor};

    use super::*;

    /// `len` bytes of `x`, then a newline, then `rest`, made up as read.
    struct Endless {
        left: u64,
        rest: Cursor<Vec<u8>>,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.left == 0 {
                return self.rest.read(buf);
            }
            let n = (buf.len() as u64).min(self.left) as usize;
            buf[..n].fill(b'x');
            self.left -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_huge_line_is_skipped_without_being_kept() {
        let len = 200u64 << 20;
        let mut rdr = BufReader::with_capacity(
            // As large as the readers' buffers.
            1 << 20,
            Endless {
                left: len,
                rest: Cursor::new(b"\r\nnext\n".to_vec()),
            },
        );
        let mut buf = Vec::new();
        let limit = 1000;
        assert_eq!(
            read_line_bounded(&mut rdr, &mut buf, limit).unwrap(),
            Line::TooLong { raw: len + 2, len }
        );
        assert!(buf.capacity() < 1 << 17, "kept {} bytes", buf.capacity());
        assert_eq!(
            read_line_bounded(&mut rdr, &mut buf, limit).unwrap(),
            Line::Fits { raw: 5 }
        );
        assert_eq!(buf, b"next\n");
        assert_eq!(
            read_line_bounded(&mut rdr, &mut buf, limit).unwrap(),
            Line::Eof
        );
    }

    #[test]
    fn line_limits_are_exact() {
        let read = |input: &[u8], limit| {
            let mut rdr = Cursor::new(input.to_vec());
            let mut buf = Vec::new();
            read_line_bounded(&mut rdr, &mut buf, limit).unwrap()
        };
        assert_eq!(read(b"abcd\r\n", 4), Line::Fits { raw: 6 });
        assert_eq!(read(b"abcd", 4), Line::Fits { raw: 4 });
        assert_eq!(read(b"abcde\n", 4), Line::TooLong { raw: 6, len: 5 });
        assert_eq!(read(b"abcde", 4), Line::TooLong { raw: 5, len: 5 });
        assert_eq!(read(b"abcdefgh\r\n", 4), Line::TooLong { raw: 10, len: 8 });
        assert_eq!(read(b"abcdefgh", 4), Line::TooLong { raw: 8, len: 8 });
        // A final `\r` is a line ending, on either side of the limit.
        assert_eq!(read(b"abcd\r", 4), Line::Fits { raw: 5 });
        assert_eq!(read(b"abcde\r", 4), Line::TooLong { raw: 6, len: 5 });
        assert_eq!(read(b"abcdefgh\r", 4), Line::TooLong { raw: 9, len: 8 });
        assert_eq!(read(b"", 4), Line::Eof);
    }

    #[test]
    fn without_skipping_reading_stops_at_the_limit() {
        // An endless line: the test ending at all is the check.
        let mut rdr = BufReader::new(io::repeat(b'x'));
        let mut buf = Vec::new();
        let got = read_line_within(&mut rdr, &mut buf, 1000, LineEnd::Lf, Past::Stop).unwrap();
        assert_eq!(got, Line::Cut { raw: 1002 });
        let said = std::cell::Cell::new(0);
        let mut rdr = Cursor::new(b"abcdefgh\nnext\n".to_vec());
        let say = || said.set(said.get() + 1);
        let got = read_line_within(&mut rdr, &mut buf, 4, LineEnd::Lf, Past::Skip(&say));
        assert_eq!(got.unwrap(), Line::TooLong { raw: 9, len: 8 });
        assert_eq!(said.get(), 1, "a skip says it is reading on");
    }

    #[test]
    fn cr_line_ends() {
        let mut rdr = Cursor::new(b"ab\rcd\r".to_vec());
        let mut buf = Vec::new();
        let mut next = || read_line_within(&mut rdr, &mut buf, 4, LineEnd::Cr, Past::Stop).unwrap();
        assert_eq!(next(), Line::Fits { raw: 3 });
        assert_eq!(next(), Line::Fits { raw: 3 });
        assert_eq!(next(), Line::Eof);
    }
}
