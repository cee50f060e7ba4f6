//! What every format reader shares: where it starts, and how it fails.
//!
//! A reader fails in one of two ways: a bad record, after which it goes on,
//! or a fatal error, after which it stops. The messages the readers share
//! (and the warning of what `--lossy` replaced) are made here so that every
//! format words them alike.

use std::io;

use super::decode::LossyStats;
use crate::messages::Messages;
use crate::record::RecordError;

/// What can go wrong while reading.
#[derive(Debug)]
pub enum ReadError {
    /// One record is unusable; the rest of the input can still be read.
    Bad(RecordError),
    /// The input cannot be read any further.
    Fatal(anyhow::Error),
}

/// Where a reader starts: its name, the file offset of its first byte, and
/// the record limit.
#[derive(Debug, Clone)]
pub struct Start {
    /// The input's name in messages.
    pub name: String,
    /// File offset of the stream's first byte (3 after a UTF-8 BOM).
    pub base: u64,
    /// `--max-record-bytes`.
    pub limit: usize,
}

impl Start {
    /// The input cannot be read any further: `e`, naming the input.
    pub(super) fn io_error(&self, e: io::Error) -> ReadError {
        ReadError::Fatal(anyhow::Error::new(e).context(format!("reading {}", self.name)))
    }
}

/// The message of a record over `--max-record-bytes`.
pub(super) fn too_big(what: &str, size: u64, limit: usize) -> String {
    format!("{what} of {size} bytes is larger than --max-record-bytes ({limit})")
}

/// The message of a record that is not UTF-8, naming the file offset of its
/// first invalid byte.
pub(super) fn invalid_utf8(offset: u64) -> String {
    format!("invalid UTF-8 at byte offset {offset}")
}

/// Warn that `--lossy` replaced bytes of `name`.
pub(super) fn warn_lossy(messages: &Messages, name: &str, stats: &LossyStats) {
    if let Some(at) = stats.first_at() {
        let n = stats.replaced();
        messages.warn(format_args!(
            "{name}: {n} invalid UTF-8 sequence{} replaced with U+FFFD (--lossy), the first at byte offset {at}",
            if n == 1 { "" } else { "s" }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_input_and_the_limit() {
        assert_eq!(
            too_big("record", 12, 10),
            "record of 12 bytes is larger than --max-record-bytes (10)"
        );
        assert_eq!(invalid_utf8(7), "invalid UTF-8 at byte offset 7");
        let at = Start {
            name: "in.jsonl".into(),
            base: 0,
            limit: 10,
        };
        let ReadError::Fatal(e) = at.io_error(io::Error::other("gone")) else {
            panic!("an I/O error is fatal");
        };
        assert_eq!(format!("{e:#}"), "reading in.jsonl: gone");
    }
}
