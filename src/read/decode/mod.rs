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
//!
//! The parts: [`text_stream`] and [`bytes_to_string`] here (a BOM dropped,
//! UTF-16 decoded by `utf16.rs`), `lossy.rs` (`--lossy`'s repairing
//! stream), `utf8_check.rs` (the offset of a record's first invalid byte)
//! and `line.rs` ([`read_line_bounded`]).

mod line;
mod lossy;
mod read_through;
mod utf16;
mod utf8_check;

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;

use encoding_rs::Encoding;

/// [`read_line_bounded`] measures a line as `chomp` cuts it.
pub use super::cut::chomp;
pub use line::{Line, Past, read_line_bounded, read_line_within};
pub use lossy::{LossyStats, LossyUtf8};
pub use utf8_check::Utf8Check;
use utf16::Utf16;

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

/// Read into `head` until it is full or the input ends (a short read is
/// not the end); the bytes read.
pub(crate) fn read_up_to(raw: &mut impl Read, head: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match raw.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Wrap a byte stream so that a BOM is dropped and UTF-16 (with a BOM) comes
/// out as UTF-8; other bytes pass through untouched for the readers to check,
/// or, with `lossy`, with invalid UTF-8 replaced by U+FFFD and counted there.
pub fn text_stream<R: Read + Send + 'static>(
    mut raw: R,
    lossy: Option<Arc<LossyStats>>,
) -> io::Result<TextStream> {
    let mut head = [0u8; 3];
    let n = read_up_to(&mut raw, &mut head)?;
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
}
