//! The unit every stage works on: one scraped article.
//!
//! Readers turn input rows into [`Record`]s; everything after the reader only
//! needs the text and a little metadata, so the record is plain data that can
//! be sent between threads or stored.

use std::fmt;

/// One article read from the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// Unique id: the id field, or the record's position (`file:line`) when it has none.
    pub id: String,
    /// The article body as given (never modified; normalization works on a copy).
    pub text: String,
    /// Headline; kept for output, not compared (outlets re-headline reprints).
    pub title: Option<String>,
    /// Outlet, publication or domain.
    pub source: Option<String>,
    /// Publication date as given in the input.
    pub date: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
    /// Where the record came from, for messages.
    pub origin: Origin,
}

/// Where a record (or an error) came from: a file name and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// File name as the user gave it, `-` for stdin.
    pub file: String,
    /// 1-based line where the record starts (0 when lines make no sense, e.g. a whole file).
    pub line: u64,
}

impl Origin {
    /// An origin at `line` of `file`.
    pub fn new(file: impl Into<String>, line: u64) -> Origin {
        Origin {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// A problem with one record: the input goes on, the record is unusable.
///
/// Readers yield these instead of stopping so that `--skip-bad` can count
/// them and go on, and so that without it the first one is reported with its
/// position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Where the bad record is.
    pub origin: Origin,
    /// What is wrong with it, lower case, no trailing period.
    pub message: String,
}

impl RecordError {
    /// A record error at `origin`.
    pub fn new(origin: Origin, message: impl Into<String>) -> RecordError {
        RecordError {
            origin,
            message: message.into(),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for RecordError {}
