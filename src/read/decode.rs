//! Bytes to text: byte-order marks, UTF-16, UTF-8 errors with offsets, and
//! lines read without trusting their length.
//!
//! Scraped dumps arrive with a UTF-8 BOM from Windows tools or as UTF-16 from
//! spreadsheet exports; both are read as text. Anything else must be valid
//! UTF-8, and an error names the byte offset so the user can find it, unless
//! `--lossy` asks for invalid bytes to be replaced with U+FFFD (counted).
//!
//! A dump may also hold a 200 MB "article" on one line; [`read_line_bounded`]
//! stops buffering past the record limit and skips to the next newline, so
//! memory stays bounded whatever the input.

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{CoderResult, Decoder, Encoding};

/// [`read_line_bounded`] measures a line as `chomp` cuts it.
pub use super::cut::chomp;

/// Size of the read buffers: large reads keep the hot loop out of the kernel.
pub const BUFFER_SIZE: usize = 1 << 20;

/// A decoded input stream: UTF-8 bytes (valid or not), BOM dropped.
pub struct TextStream {
    /// The bytes, UTF-16 already turned into UTF-8.
    pub rdr: Box<dyn BufRead + Send>,
    /// Bytes dropped before the stream starts (a UTF-8 BOM), so that an
    /// offset into the stream plus `base` is an offset into the file.
    pub base: u64,
}

/// Wrap a byte stream so that a BOM is dropped and UTF-16 (with a BOM) comes
/// out as UTF-8; other bytes pass through untouched for the readers to check,
/// or, with `lossy`, with invalid UTF-8 replaced by U+FFFD and counted there.
pub fn text_stream<R: Read + Send + 'static>(
    mut raw: R,
    lossy: Option<Arc<LossyStats>>,
) -> io::Result<TextStream> {
    let mut head = [0u8; 3];
    let mut n = 0;
    while n < head.len() {
        match raw.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let head = head[..n].to_vec();
    let bom = Encoding::for_bom(&head);
    let (rdr, base): (Box<dyn BufRead + Send>, u64) = match bom {
        Some((enc, len)) if enc == encoding_rs::UTF_8 => (
            Box::new(BufReader::with_capacity(
                BUFFER_SIZE,
                Cursor::new(head[len..].to_vec()).chain(raw),
            )),
            len as u64,
        ),
        Some((enc, len)) => {
            let rest = Cursor::new(head[len..].to_vec()).chain(raw);
            (Box::new(Utf16::new(rest, enc)), 0)
        }
        None => (
            Box::new(BufReader::with_capacity(
                BUFFER_SIZE,
                Cursor::new(head).chain(raw),
            )),
            0,
        ),
    };
    let rdr = match lossy {
        Some(stats) => Box::new(LossyUtf8::new(rdr, base, stats)) as Box<dyn BufRead + Send>,
        None => rdr,
    };
    Ok(TextStream { rdr, base })
}

/// UTF-16 (its BOM already read) decoded to UTF-8 as it is read.
///
/// encoding_rs_io's reader cuts the final U+FFFD short when the input ends
/// in the middle of a code unit (a truncated download), leaving invalid
/// UTF-8 behind (found by the `decode` fuzz target); this drives
/// encoding_rs's decoder directly.
struct Utf16<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    inner_done: bool,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Utf16<R> {
        Utf16 {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 1 << 16],
            start: 0,
            end: 0,
            inner_done: false,
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

/// `Read::read` for a reader that decodes into its own buffer: copy out of
/// `fill_buf` and consume what was copied.
fn read_through_buffer(rdr: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let n = {
        let src = rdr.fill_buf()?;
        let n = src.len().min(buf.len());
        buf[..n].copy_from_slice(&src[..n]);
        n
    };
    rdr.consume(n);
    Ok(n)
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

impl<R: Read> BufRead for Utf16<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() && !self.done {
            if self.start == self.end && !self.inner_done {
                self.start = 0;
                self.end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.inner_done = self.end == 0;
            }
            let pending = &self.input[self.start..self.end];
            let room = self
                .decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(pending.len() * 3 + 16);
            self.out.clear();
            self.out.resize(room.max(16), 0);
            self.pos = 0;
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(pending, &mut self.out, self.inner_done);
            self.start += read;
            self.out.truncate(written);
            if self.inner_done && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

/// What `--lossy` replaced in one input.
#[derive(Debug)]
pub struct LossyStats {
    replaced: AtomicU64,
    first_at: AtomicU64,
}

impl Default for LossyStats {
    fn default() -> LossyStats {
        LossyStats {
            replaced: AtomicU64::new(0),
            first_at: AtomicU64::new(u64::MAX),
        }
    }
}

impl LossyStats {
    /// Count one replacement at byte offset `at`.
    pub fn add(&self, at: u64) {
        self.replaced.fetch_add(1, Ordering::Relaxed);
        self.first_at.fetch_min(at, Ordering::Relaxed);
    }

    /// Invalid sequences replaced so far.
    pub fn replaced(&self) -> u64 {
        self.replaced.load(Ordering::Relaxed)
    }

    /// Byte offset of the first one, if any.
    pub fn first_at(&self) -> Option<u64> {
        match self.first_at.load(Ordering::Relaxed) {
            u64::MAX => None,
            at => Some(at),
        }
    }
}

/// A stream with every invalid UTF-8 sequence replaced by U+FFFD, exactly as
/// [`String::from_utf8_lossy`] would replace them in the whole input however
/// the reads fall.
pub struct LossyUtf8<R> {
    inner: R,
    out: Vec<u8>,
    pos: usize,
    /// The start of a character cut by the end of the last read.
    carry: Vec<u8>,
    /// Offset (in the file) of the next byte `inner` gives.
    offset: u64,
    eof: bool,
    stats: Arc<LossyStats>,
}

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

impl<R: BufRead> LossyUtf8<R> {
    /// Wrap `inner`, whose first byte is at offset `base` of the file.
    pub fn new(inner: R, base: u64, stats: Arc<LossyStats>) -> LossyUtf8<R> {
        LossyUtf8 {
            inner,
            out: Vec::new(),
            pos: 0,
            carry: Vec::new(),
            offset: base,
            eof: false,
            stats,
        }
    }

    /// Append `data` (which starts at file offset `at`) to `out`, repaired;
    /// a character cut at the end is kept back in `carry`.
    fn repair(&mut self, data: &[u8], at: u64) {
        let mut pos = 0usize;
        let mut chunks = data.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            self.out.extend_from_slice(chunk.valid().as_bytes());
            pos += chunk.valid().len();
            let bad = chunk.invalid();
            if bad.is_empty() {
                continue;
            }
            let cut = chunks.peek().is_none()
                && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
            if cut {
                self.carry.extend_from_slice(bad);
            } else {
                self.out.extend_from_slice(REPLACEMENT);
                self.stats.add(at + pos as u64);
            }
            pos += bad.len();
        }
    }
}

impl<R: BufRead> Read for LossyUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

impl<R: BufRead> BufRead for LossyUtf8<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() && !self.eof {
            self.out.clear();
            self.pos = 0;
            let chunk = self.inner.fill_buf()?;
            let n = chunk.len();
            if n == 0 {
                self.eof = true;
                if !self.carry.is_empty() {
                    // A character cut by the end of the input.
                    self.out.extend_from_slice(REPLACEMENT);
                    self.stats.add(self.offset - self.carry.len() as u64);
                    self.carry.clear();
                }
                break;
            }
            let at = self.offset - self.carry.len() as u64;
            if self.carry.is_empty() {
                let chunk = chunk.to_vec();
                self.repair(&chunk, at);
            } else {
                let mut data = std::mem::take(&mut self.carry);
                data.extend_from_slice(chunk);
                self.repair(&data, at);
            }
            self.inner.consume(n);
            self.offset += n as u64;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

/// Checks that a record's bytes, fed in pieces, are UTF-8, and finds the
/// file offset of the first byte that is not.
#[derive(Debug, Default)]
pub struct Utf8Check {
    carry: Vec<u8>,
    carry_at: u64,
    bad: Option<u64>,
}

impl Utf8Check {
    /// Feed the next bytes of the record, which start at file offset `at`.
    pub fn feed(&mut self, mut bytes: &[u8], mut at: u64) {
        if self.bad.is_some() {
            return;
        }
        while !self.carry.is_empty() {
            let Some((&b, rest)) = bytes.split_first() else {
                return;
            };
            self.carry.push(b);
            bytes = rest;
            at += 1;
            match std::str::from_utf8(&self.carry) {
                Ok(_) => self.carry.clear(),
                Err(e) if e.error_len().is_some() => {
                    self.bad = Some(self.carry_at);
                    return;
                }
                Err(_) => {}
            }
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            let at = at + e.valid_up_to() as u64;
            if e.error_len().is_some() {
                self.bad = Some(at);
            } else {
                self.carry.extend_from_slice(&bytes[e.valid_up_to()..]);
                self.carry_at = at;
            }
        }
    }

    /// The offset of the first invalid byte of everything fed (a character
    /// cut short by the end counts), and start over.
    pub fn finish(&mut self) -> Option<u64> {
        let bad = self
            .bad
            .take()
            .or((!self.carry.is_empty()).then_some(self.carry_at));
        self.carry.clear();
        bad
    }
}

/// A whole file's bytes as a string: BOM dropped, UTF-16 decoded, invalid
/// UTF-8 replaced when `lossy` (the count and the first offset in `stats`),
/// else the offset of the first invalid byte.
pub fn bytes_to_string(bytes: Vec<u8>, lossy: Option<&LossyStats>) -> Result<String, u64> {
    let (start, bytes) = match Encoding::for_bom(&bytes) {
        Some((enc, len)) if enc == encoding_rs::UTF_8 => (len, bytes),
        Some((enc, _)) => return Ok(enc.decode(&bytes).0.into_owned()),
        None => (0, bytes),
    };
    let body = &bytes[start..];
    match (std::str::from_utf8(body), lossy) {
        (Ok(s), _) => Ok(s.to_string()),
        (Err(e), None) => Err((start + e.valid_up_to()) as u64),
        (Err(_), Some(stats)) => {
            let mut pos = start;
            for chunk in body.utf8_chunks() {
                pos += chunk.valid().len();
                if !chunk.invalid().is_empty() {
                    stats.add(pos as u64);
                    pos += chunk.invalid().len();
                }
            }
            Ok(String::from_utf8_lossy(body).into_owned())
        }
    }
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
}

/// Read one line (through `\n`) into `buf`, holding at most about `limit`
/// bytes: a longer line is skipped to its end without being kept, and
/// reported with its length.
pub fn read_line_bounded(
    rdr: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    buf.clear();
    // Room for the limit and a CRLF, so a line of exactly `limit` fits.
    let cap = limit as u64 + 2;
    let n = Read::take(&mut *rdr, cap).read_until(b'\n', buf)? as u64;
    if n == 0 {
        return Ok(Line::Eof);
    }
    let len = chomp(buf).len() as u64;
    if buf.ends_with(b"\n") || n < cap {
        return Ok(if len > limit as u64 {
            Line::TooLong { raw: n, len }
        } else {
            Line::Fits { raw: n }
        });
    }
    // Past the limit: skip to the newline in small steps, remembering the
    // last two bytes to know the line ending.
    let mut raw = n;
    let mut tail = [buf[buf.len() - 2], buf[buf.len() - 1]];
    loop {
        buf.clear();
        let k = Read::take(&mut *rdr, 1 << 16).read_until(b'\n', buf)?;
        raw += k as u64;
        match buf.len() {
            0 => break,
            1 => tail = [tail[1], buf[0]],
            _ => tail = [buf[buf.len() - 2], buf[buf.len() - 1]],
        }
        if buf.ends_with(b"\n") {
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
    use super::*;

    fn decode(bytes: &[u8]) -> (String, u64) {
        let mut s = text_stream(Cursor::new(bytes.to_vec()), None).unwrap();
        let mut out = String::new();
        s.rdr.read_to_string(&mut out).unwrap();
        (out, s.base)
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(
            bytes_to_string(b"\xEF\xBB\xBFhi".to_vec(), None).unwrap(),
            "hi"
        );
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), ("hi".to_string(), 3));
        assert_eq!(decode(b"hi"), ("hi".to_string(), 0));
        assert_eq!(decode(b""), (String::new(), 0));
    }

    #[test]
    fn utf16_le_is_decoded() {
        let bytes = vec![0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(bytes_to_string(bytes.clone(), None).unwrap(), "hi");
        assert_eq!(decode(&bytes).0, "hi");
    }

    #[test]
    fn utf16_cut_mid_code_unit_ends_in_one_replacement() {
        // Found by the decode fuzz target: a UTF-16 file cut after an odd
        // byte decoded to invalid UTF-8.
        let bytes = [0xFF, 0xFE, 0x68, 0x00, 0x85, 0x69, 0x00, 0x0A, 0x00];
        assert_eq!(decode(&bytes).0, "h\u{6985}\u{0A00}\u{FFFD}");
    }

    #[test]
    fn stream_decodes_utf16_be() {
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'o', 0, b'k']).0, "ok");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        assert_eq!(bytes_to_string(b"abc\xFFdef".to_vec(), None), Err(3));
        assert_eq!(
            bytes_to_string(b"\xEF\xBB\xBFabc\xFFdef".to_vec(), None),
            Err(6)
        );
    }

    #[test]
    fn lossy_file_counts_replacements() {
        let stats = LossyStats::default();
        let s = bytes_to_string(b"a\xFFb\xC3".to_vec(), Some(&stats)).unwrap();
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}");
        assert_eq!((stats.replaced(), stats.first_at()), (2, Some(1)));
    }

    /// A reader that hands out at most `step` bytes per read.
    struct Trickle(Cursor<Vec<u8>>, usize);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.1);
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn lossy_stream_matches_from_utf8_lossy_however_reads_fall() {
        let cases: &[&[u8]] = &[
            b"plain ascii",
            "caf\u{e9} \u{2014} \u{1F600}".as_bytes(),
            b"a\xFFb\xC3\xA9c\xE2\x82",
            b"\xE2\x82\xAC\xF0\x9F\x98\x80\xED\xA0\x80\xC0\xAF\xF5",
            b"\xF0\x9F\x98",
            b"",
        ];
        for case in cases {
            let expected = String::from_utf8_lossy(case);
            // No case holds a U+FFFD of its own.
            let expected_count = expected.matches('\u{FFFD}').count() as u64;
            for step in 1..6 {
                let stats = Arc::new(LossyStats::default());
                let rdr = BufReader::with_capacity(step, Trickle(Cursor::new(case.to_vec()), step));
                let mut out = String::new();
                LossyUtf8::new(rdr, 0, stats.clone())
                    .read_to_string(&mut out)
                    .unwrap();
                assert_eq!(out, expected, "{case:?} in steps of {step}");
                assert_eq!(stats.replaced(), expected_count, "{case:?}");
            }
        }
    }

    #[test]
    fn utf8_check_across_pieces() {
        let bytes = "ab\u{e9}\u{1F600}".as_bytes();
        for cut in 0..=bytes.len() {
            let mut check = Utf8Check::default();
            check.feed(&bytes[..cut], 10);
            check.feed(&bytes[cut..], 10 + cut as u64);
            assert_eq!(check.finish(), None, "cut at {cut}");
        }
        let bad = b"ab\xF0\x9F\x98x";
        for cut in 0..=bad.len() {
            let mut check = Utf8Check::default();
            check.feed(&bad[..cut], 10);
            check.feed(&bad[cut..], 10 + cut as u64);
            assert_eq!(check.finish(), Some(12), "cut at {cut}");
        }
        let mut check = Utf8Check::default();
        check.feed(b"ok\xC3", 0);
        assert_eq!(check.finish(), Some(2), "cut short by the end");
        assert_eq!(check.finish(), None, "finish starts over");
    }

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
            BUFFER_SIZE,
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
}
