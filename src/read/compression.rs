//! Compressed inputs and outputs: gzip, zstd, xz and bzip2.
//!
//! An input is known to be compressed by its first bytes, not its name:
//! `zcat`'d dumps arrive on stdin, downloads lose their extension, and a
//! `.json` file may well be gzip. Each format's magic number is distinctive
//! enough that no text, JSON or CSV file starts with it. An output is
//! compressed by its name (`-o kept.jsonl.zst`), since there are no bytes
//! yet to go by: that is how `dedup` writes back the compression its input
//! came in.
//!
//! The decoders read concatenated streams (`cat a.gz b.gz`, `pzstd`,
//! `pbzip2` and `pixz` all write several) as one, as the command-line tools
//! do.

use std::io::{self, Read, Write};
use std::path::Path;

/// A compression format, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
    /// xz (`.xz`).
    Xz,
    /// bzip2 (`.bz2`).
    Bzip2,
}

/// Bytes [`Compression::of_magic`] needs to tell every format apart.
pub const MAGIC_LEN: usize = 10;

impl Compression {
    /// The compression that `head`, an input's first bytes (up to
    /// [`MAGIC_LEN`]), starts with.
    pub fn of_magic(head: &[u8]) -> Compression {
        // gzip's third byte (the method) is always 8, but a header corrupt
        // past its magic is still gzip, to be reported as such.
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else if is_bzip2(head) {
            Compression::Bzip2
        } else {
            Compression::None
        }
    }

    /// The compression a file name ends in (`groups.jsonl.zst`), any case.
    pub fn of_name(path: &Path) -> Compression {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("gz" | "gzip") => Compression::Gzip,
            Some("zst" | "zstd") => Compression::Zstd,
            Some("xz") => Compression::Xz,
            Some("bz2") => Compression::Bzip2,
            _ => Compression::None,
        }
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Xz => "xz",
            Compression::Bzip2 => "bzip2",
        }
    }
}

/// `BZh`, a block size `1`-`9`, then the magic of a block or of the end of
/// the stream: three letters alone could open a text file.
fn is_bzip2(head: &[u8]) -> bool {
    const BLOCK: [u8; 6] = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
    const END: [u8; 6] = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];
    head.len() >= MAGIC_LEN
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && (head[4..10] == BLOCK || head[4..10] == END)
}

/// A file name without its compression suffix (`a.jsonl.zst` → `a.jsonl`),
/// so the format can be read from what is left.
pub fn strip_suffix(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if Compression::of_name(Path::new(name)) != Compression::None => stem,
        _ => name,
    }
}

/// `raw`, decompressed if its first bytes say it is compressed (and which
/// compression that was).
pub fn decompress(
    mut raw: Box<dyn Read + Send>,
) -> io::Result<(Box<dyn Read + Send>, Compression)> {
    let mut head = [0u8; MAGIC_LEN];
    let n = super::decode::read_up_to(&mut raw, &mut head)?;
    let compression = Compression::of_magic(&head[..n]);
    let whole = io::Cursor::new(head[..n].to_vec()).chain(raw);
    let rdr: Box<dyn Read + Send> = match compression {
        Compression::None => Box::new(whole),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(whole)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(whole)?),
        Compression::Xz => Box::new(liblzma::read::XzDecoder::new_multi_decoder(whole)),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(whole)),
    };
    Ok(match compression {
        Compression::None => (rdr, compression),
        c => (
            Box::new(Named {
                inner: rdr,
                what: c,
            }),
            c,
        ),
    })
}

/// A decoder whose errors say which decoder failed: "incomplete frame"
/// alone does not tell the user the input was taken for zstd.
struct Named {
    inner: Box<dyn Read + Send>,
    what: Compression,
}

impl Read for Named {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let name = self.what.name();
            if e.to_string().to_ascii_lowercase().contains(name) {
                e
            } else {
                io::Error::new(e.kind(), format!("{name}: {e}"))
            }
        })
    }
}

/// A writer that compresses what it is given, as [`Compression`] says.
pub enum Encoder<W: Write> {
    /// Written as is.
    Plain(W),
    /// gzip.
    Gzip(flate2::write::GzEncoder<W>),
    /// Zstandard.
    Zstd(zstd::stream::write::Encoder<'static, W>),
    /// xz.
    Xz(liblzma::write::XzEncoder<W>),
    /// bzip2.
    Bzip2(bzip2::write::BzEncoder<W>),
}

impl<W: Write> Encoder<W> {
    /// Compress into `w` at each format's default level (the level its
    /// command-line tool uses).
    pub fn new(compression: Compression, w: W) -> io::Result<Encoder<W>> {
        Ok(match compression {
            Compression::None => Encoder::Plain(w),
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                w,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(w, 0)?),
            Compression::Xz => Encoder::Xz(liblzma::write::XzEncoder::new(w, 6)),
            Compression::Bzip2 => Encoder::Bzip2(bzip2::write::BzEncoder::new(
                w,
                bzip2::Compression::default(),
            )),
        })
    }

    /// End the stream (its trailer written) and give back the writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
            Encoder::Xz(e) => e.finish(),
            Encoder::Bzip2(e) => e.finish(),
        }
    }

    fn inner(&mut self) -> &mut dyn Write {
        match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip(e) => e,
            Encoder::Zstd(e) => e,
            Encoder::Xz(e) => e,
            Encoder::Bzip2(e) => e,
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress(c: Compression, bytes: &[u8]) -> Vec<u8> {
        let mut w = Encoder::new(c, Vec::new()).unwrap();
        w.write_all(bytes).unwrap();
        w.finish().unwrap()
    }

    fn read_back(bytes: Vec<u8>) -> (String, Compression) {
        let (mut rdr, c) = decompress(Box::new(io::Cursor::new(bytes))).unwrap();
        let mut s = String::new();
        rdr.read_to_string(&mut s).unwrap();
        (s, c)
    }

    const ALL: [Compression; 5] = [
        Compression::None,
        Compression::Gzip,
        Compression::Zstd,
        Compression::Xz,
        Compression::Bzip2,
    ];

    #[test]
    fn each_format_is_known_by_its_bytes_and_undone() {
        for c in ALL {
            assert_eq!(
                read_back(compress(c, b"{\"text\":\"x\"}\n")),
                ("{\"text\":\"x\"}\n".into(), c)
            );
            // An empty stream compressed is still known.
            assert_eq!(read_back(compress(c, b"")), (String::new(), c));
        }
    }

    #[test]
    fn concatenated_streams_are_one_input() {
        for c in ALL {
            let mut both = compress(c, b"a\n");
            both.extend(compress(c, b"b\n"));
            assert_eq!(read_back(both).0, "a\nb\n", "{c:?}");
        }
    }

    #[test]
    fn text_that_looks_like_a_magic_number_is_text() {
        for text in ["BZh9 is not bzip2", "BZh", "", "\u{1f}"] {
            assert_eq!(
                read_back(text.as_bytes().to_vec()),
                (text.into(), Compression::None)
            );
        }
    }

    #[test]
    fn a_corrupt_stream_names_its_compression() {
        let mut bytes = compress(Compression::Zstd, b"some text to compress\n");
        let n = bytes.len();
        bytes.truncate(n - 3);
        let (mut rdr, _) = decompress(Box::new(io::Cursor::new(bytes))).unwrap();
        let err = rdr.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().starts_with("zstd: "), "{err}");
    }

    #[test]
    fn names_end_in_their_compression() {
        assert_eq!(
            Compression::of_name(Path::new("a/b.jsonl.ZST")),
            Compression::Zstd
        );
        assert_eq!(Compression::of_name(Path::new("b.bz2")), Compression::Bzip2);
        assert_eq!(
            Compression::of_name(Path::new("b.jsonl")),
            Compression::None
        );
        assert_eq!(strip_suffix("a.jsonl.xz"), "a.jsonl");
        assert_eq!(strip_suffix("a.jsonl"), "a.jsonl");
        assert_eq!(strip_suffix("xz"), "xz");
    }
}
