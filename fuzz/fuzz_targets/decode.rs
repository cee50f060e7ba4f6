//! The bytes-to-text layer, against references: BOM and UTF-16 handling,
//! `--lossy` repair however the reads fall (must equal
//! `String::from_utf8_lossy`), the streaming UTF-8 check (must agree with
//! `std::str::from_utf8`), and bounded line reading.
#![no_main]

use std::io::{self, BufReader, Cursor, Read};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use reprint::read::decode::{
    Line, LossyStats, LossyUtf8, Utf8Check, bytes_to_string, chomp, read_line_bounded, text_stream,
};

/// A reader that hands out at most `step` bytes per read.
struct Trickle(Cursor<Vec<u8>>, usize);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.1);
        self.0.read(&mut buf[..n])
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&step, data)) = input.split_first() else {
        return;
    };
    let step = step as usize % 16 + 1;

    // Lossy repair equals the reference, with one count per U+FFFD added.
    let stats = Arc::new(LossyStats::default());
    let rdr = BufReader::with_capacity(step, Trickle(Cursor::new(data.to_vec()), step));
    let mut out = String::new();
    LossyUtf8::new(rdr, 0, stats.clone())
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, String::from_utf8_lossy(data));
    let invalid = data
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    assert_eq!(stats.replaced(), invalid as u64);
    assert_eq!(stats.first_at().is_some(), invalid > 0);

    // The streaming check agrees with from_utf8, wherever the cut falls.
    let cut = step.min(data.len());
    let mut check = Utf8Check::default();
    check.feed(&data[..cut], 0);
    check.feed(&data[cut..], cut as u64);
    let expected = std::str::from_utf8(data)
        .err()
        .map(|e| e.valid_up_to() as u64);
    assert_eq!(check.finish(), expected);

    // BOMs are dropped, UTF-16 decoded, other bytes passed through.
    let mut stream = text_stream(Cursor::new(data.to_vec()), None).unwrap();
    let mut decoded = Vec::new();
    stream.rdr.read_to_end(&mut decoded).unwrap();
    match encoding_rs::Encoding::for_bom(data) {
        None => assert_eq!(decoded, data),
        Some((enc, len)) if enc == encoding_rs::UTF_8 => {
            assert_eq!(&decoded, &data[len..]);
            assert_eq!(stream.base, len as u64);
        }
        Some(_) => assert!(std::str::from_utf8(&decoded).is_ok()),
    }
    let whole = bytes_to_string(data.to_vec(), None);
    if encoding_rs::Encoding::for_bom(data).is_none() {
        assert_eq!(whole.is_ok(), std::str::from_utf8(data).is_ok());
    }

    // Bounded lines: every byte accounted for, each line on the right side
    // of the limit, and the kept lines are the input's.
    let limit = step * 3;
    let mut rdr = BufReader::with_capacity(step, Trickle(Cursor::new(data.to_vec()), step));
    let mut buf = Vec::new();
    let (mut total, mut rebuilt) = (0u64, Vec::new());
    loop {
        match read_line_bounded(&mut rdr, &mut buf, limit).unwrap() {
            Line::Eof => break,
            Line::Fits { raw } => {
                assert_eq!(raw as usize, buf.len());
                assert!(chomp(&buf).len() <= limit);
                rebuilt.extend_from_slice(&buf);
                total += raw;
            }
            Line::TooLong { raw, len } => {
                assert!(len as usize > limit && len <= raw && raw - len <= 2);
                let line = &data[total as usize..(total + raw) as usize];
                assert_eq!(chomp(line).len() as u64, len);
                rebuilt.extend_from_slice(line);
                total += raw;
            }
        }
    }
    assert_eq!(total as usize, data.len());
    assert_eq!(rebuilt, data);
});
