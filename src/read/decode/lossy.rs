//! `--lossy`: invalid UTF-8 replaced by U+FFFD as it is read, and counted
//! so that one warning can say how many and where the first was.

use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::read_through::read_through_buffer;

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

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Cursor};

    use super::*;

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
}
