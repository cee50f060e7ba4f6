//! What every format reader shares: where it starts, and how it fails.
//!
//! A reader fails in one of two ways: a bad record, after which it goes on,
//! or a fatal error, after which it stops. The messages the readers share
//! (and the warning of what `--lossy` replaced) are made here so that every
//! format words them alike.

use std::io;

use super::cut::LineEnd;
use super::decode::{LossyStats, Past};
use crate::messages::Messages;
use crate::record::{Origin, Record, RecordError};

/// What can go wrong while reading.
#[derive(Debug)]
pub enum ReadError {
    /// One record is unusable; the rest of the input can still be read.
    Bad(RecordError),
    /// The input cannot be read any further.
    Fatal(anyhow::Error),
}

/// A format's reader: its records, and how many lines it has read (for
/// `-v`, where lines and records that disagree show a swallowed row).
pub trait FormatReader: Iterator<Item = Result<Record, ReadError>> + Send {
    /// Lines read so far; `None` where lines mean nothing (a folder).
    fn lines_read(&self) -> Option<u64>;
}

/// Where a reader starts: its name, the file offset of its first byte, how
/// its lines end, the record limit and what to do past it.
#[derive(Debug, Clone)]
pub struct Start {
    /// The input's name in messages.
    pub name: String,
    /// File offset of the stream's first byte (3 after a UTF-8 BOM).
    pub base: u64,
    /// `--max-record-bytes`.
    pub limit: usize,
    /// Read past a record over the limit to its end and go on
    /// ([`ReadOptions::read_past_oversized`](super::ReadOptions)), saying
    /// so on `messages`; else the reader stops there.
    pub read_past: bool,
    /// How the input's lines end.
    pub eol: LineEnd,
    /// `--lossy`: what cannot be text is read as U+FFFD (the decoder does
    /// it for bytes; the JSON reader for lone surrogate escapes).
    pub lossy: bool,
    /// Where the warning of a long skip goes.
    pub messages: Messages,
}

impl Start {
    /// A start at offset 0 of `name`, lines ending in `\n`, stopping at a
    /// record over `limit`, warnings dropped (for tests and fuzzing).
    pub fn new(name: impl Into<String>, limit: usize) -> Start {
        Start {
            name: name.into(),
            base: 0,
            limit,
            read_past: false,
            eol: LineEnd::Lf,
            lossy: false,
            messages: Messages::default(),
        }
    }

    /// What a line reader does past the limit, with `say` as the warning
    /// that it reads on.
    pub(super) fn past<'a>(&self, say: &'a dyn Fn()) -> Past<'a> {
        if self.read_past {
            Past::Skip(say)
        } else {
            Past::Stop
        }
    }

    /// Warn that the record at `line` is past the limit and being skipped
    /// to its end: an endless one would otherwise look like a hang.
    pub(super) fn warn_skipping(&self, line: u64) {
        self.messages.warn(format_args!(
            "{}: record larger than --max-record-bytes ({}): reading on to its end to skip it (--skip-bad)",
            Origin::new(self.name.clone(), line),
            self.limit
        ));
    }

    /// The bad record of a record past the limit that was not read further.
    pub(super) fn cut_short(&self, what: &str, line: u64) -> RecordError {
        RecordError::new(
            Origin::new(self.name.clone(), line),
            format!(
                "{what} larger than --max-record-bytes ({}): not read further \
                 (--skip-bad skips it and reads on)",
                self.limit
            ),
        )
    }

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
        let at = Start::new("in.jsonl", 10);
        let ReadError::Fatal(e) = at.io_error(io::Error::other("gone")) else {
            panic!("an I/O error is fatal");
        };
        assert_eq!(format!("{e:#}"), "reading in.jsonl: gone");
    }
}
