//! UTF-16 input (spreadsheet exports) decoded to UTF-8 as it is read.

use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding};

use super::read_through::read_through_buffer;

/// UTF-16 (its BOM already read) decoded to UTF-8 as it is read.
///
/// encoding_rs_io's reader cuts the final U+FFFD short when the input ends
/// in the middle of a code unit (a truncated download), leaving invalid
/// UTF-8 behind (found by the `decode` fuzz target); this drives
/// encoding_rs's decoder directly.
pub(super) struct Utf16<R> {
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
    pub(super) fn new(inner: R, encoding: &'static Encoding) -> Utf16<R> {
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
