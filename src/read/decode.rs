//! Bytes to text: byte-order marks, UTF-16, and UTF-8 errors with offsets.
//!
//! Scraped dumps arrive with a UTF-8 BOM from Windows tools or as UTF-16 from
//! spreadsheet exports; both are read as text. Anything else must be valid
//! UTF-8, and an error names the byte offset so the user can find it.

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

/// Size of the read buffers: large reads keep the hot loop out of the kernel.
pub const BUFFER_SIZE: usize = 1 << 20;

/// Wrap a byte stream so that a BOM is dropped and UTF-16 (with a BOM) comes
/// out as UTF-8; other bytes pass through untouched for the readers to check.
pub fn text_stream<R: Read + Send + 'static>(rdr: R) -> Box<dyn BufRead + Send> {
    let decoded = DecodeReaderBytesBuilder::new()
        .bom_sniffing(true)
        .strip_bom(true)
        .utf8_passthru(true)
        .build(rdr);
    Box::new(BufReader::with_capacity(BUFFER_SIZE, decoded))
}

/// A whole file's bytes as a string: BOM dropped, UTF-16 decoded, or the
/// offset of the first invalid UTF-8 byte.
pub fn bytes_to_string(bytes: Vec<u8>) -> Result<String, usize> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding == encoding_rs::UTF_8 {
            return String::from_utf8(bytes[bom_len..].to_vec())
                .map_err(|e| bom_len + e.utf8_error().valid_up_to());
        }
        let (text, _, _) = encoding.decode(&bytes);
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())
}

/// Read one line (through `\n`) into `buf`, returning the bytes read.
pub fn read_line(rdr: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    buf.clear();
    rdr.read_until(b'\n', buf)
}

/// Strip the line ending (`\n` or `\r\n`) from a line.
pub fn chomp(mut line: &[u8]) -> &[u8] {
    if let Some(rest) = line.strip_suffix(b"\n") {
        line = rest;
    }
    if let Some(rest) = line.strip_suffix(b"\r") {
        line = rest;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(bytes_to_string(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
    }

    #[test]
    fn utf16_le_is_decoded() {
        let bytes = vec![0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(bytes_to_string(bytes).unwrap(), "hi");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        assert_eq!(bytes_to_string(b"abc\xFFdef".to_vec()), Err(3));
    }

    #[test]
    fn stream_decodes_utf16() {
        let bytes = vec![0xFE, 0xFF, 0, b'o', 0, b'k'];
        let mut out = String::new();
        text_stream(io::Cursor::new(bytes))
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "ok");
    }
}
