// Shared by the reader targets (each target includes it with `#[path]`).

use std::io::Cursor;

use reprint::read::{Format, ReadError, ReadOptions, Records};

/// The limit the readers run under: small, so the fuzzer reaches it.
pub const LIMIT: usize = 512;

/// Read `data` as `format` and check what every reader promises: it ends,
/// no record is larger than the limit, every record has an id and a
/// position, and errors name the input.
pub fn read_all(data: &[u8], format: Format, lossy: bool, separator: &str) {
    let options = ReadOptions {
        format,
        max_record_bytes: LIMIT,
        lossy,
        separator: separator.to_string(),
        ..ReadOptions::default()
    };
    let records = Records::from_reader("fuzz", Cursor::new(data.to_vec()), options);
    // Every item consumes at least one byte, plus the "empty input" item.
    let bound = data.len() + 2;
    let mut n = 0;
    for item in records {
        n += 1;
        assert!(n <= bound, "more items than bytes: the reader loops");
        match item {
            Ok(rec) => {
                assert!(!rec.id.is_empty(), "empty id");
                assert!(rec.text.len() <= LIMIT, "record over the limit kept");
                assert_eq!(rec.origin.file, "fuzz");
            }
            Err(ReadError::Bad(e)) => {
                assert_eq!(e.origin.file, "fuzz");
                assert!(!e.message.is_empty());
                if lossy {
                    assert!(!e.message.contains("invalid UTF-8"), "{e}");
                }
            }
            Err(ReadError::Fatal(e)) => {
                assert!(!e.to_string().is_empty());
            }
        }
    }
}
