//! `Read` for the decoding readers ([`super::LossyUtf8`], UTF-16), which
//! decode into a buffer of their own and hand it out through `BufRead`.

use std::io::{self, BufRead};

/// `Read::read` for a reader that decodes into its own buffer: copy out of
/// `fill_buf` and consume what was copied.
pub(super) fn read_through_buffer(rdr: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let n = {
        let src = rdr.fill_buf()?;
        let n = src.len().min(buf.len());
        buf[..n].copy_from_slice(&src[..n]);
        n
    };
    rdr.consume(n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    #[test]
    fn copies_what_the_buffer_holds_and_consumes_it() {
        let mut rdr = Cursor::new(b"abcdef".to_vec());
        let mut buf = [0u8; 4];
        assert_eq!(read_through_buffer(&mut rdr, &mut buf).unwrap(), 4);
        assert_eq!(&buf, b"abcd");
        assert_eq!(read_through_buffer(&mut rdr, &mut buf).unwrap(), 2);
        assert_eq!(&buf[..2], b"ef");
        assert_eq!(read_through_buffer(&mut rdr, &mut buf).unwrap(), 0);
    }
}
