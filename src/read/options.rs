//! How to read the inputs: the options every reader is given.

use std::path::{Path, PathBuf};

use globset::GlobMatcher;

use super::fields::Fields;
use super::format::Format;
use crate::date::DateFormats;

/// The default of `--max-record-bytes`: 10 MiB, far more than any article
/// and far less than the memory of a machine.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 10 << 20;

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Input format (the same for every input).
    pub format: Format,
    /// Which fields fill which role.
    pub fields: Fields,
    /// The separator line of plain text input.
    pub separator: String,
    /// Which files of a folder to read.
    pub glob: Option<GlobMatcher>,
    /// A record larger than this many bytes (as it stands in the input) is
    /// a bad record; it is skipped without being held in memory.
    pub max_record_bytes: usize,
    /// Read past a record over the limit to its end and go on (under
    /// `--skip-bad`, set by [`Job::skip_bad`](crate::Job::skip_bad)); else
    /// the input stops there: the run stops at the bad record anyway, and
    /// an endless one (`/dev/zero`) would never end.
    pub read_past_oversized: bool,
    /// Replace invalid UTF-8 with U+FFFD (counted, with a warning) instead
    /// of refusing the record.
    pub lossy: bool,
    /// Make repeated ids unique with a `#2`, `#3`... suffix (each renaming
    /// warned of) instead of refusing them.
    pub dedupe_ids: bool,
    /// The field delimiter of CSV and TSV (`None`: `,` for CSV, tab for
    /// TSV).
    pub delimiter: Option<u8>,
    /// How TSV fields escape tabs and line breaks.
    pub tsv_escapes: TsvEscapes,
    /// Folder input: the outlet is the first folder under the one given
    /// (`news/coastline-wire/a.txt`: `coastline-wire`).
    pub outlet_from_dir: bool,
    /// How dates are read (`--date-format`, then the known forms).
    pub dates: DateFormats,
    /// Inputs read under another name: records of the first path (or of a
    /// file under it, for a folder) name the second as their origin, in
    /// messages and in ids made from origins. `stage split --origin-name`:
    /// the Spark driver's local copies of `s3a://`, `hdfs://`, `file://`
    /// inputs keep the URI the user gave.
    pub names: Vec<(PathBuf, String)>,
}

/// The two conventions TSV files are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TsvEscapes {
    /// Decide per file from its first bytes (`backslash::resolve`).
    #[default]
    Auto,
    /// CSV's: a field holding a tab, a line break or a quote is quoted,
    /// quotes doubled (pandas, Python's csv, spreadsheets).
    Quoted,
    /// PostgreSQL `COPY`'s text format, MySQL's `INTO OUTFILE` and `mysql
    /// -B`: nothing is quoted, `\t`, `\n`, `\r` and `\\` stand for a tab, a
    /// line break, a carriage return and a backslash, `\N` alone is null.
    Backslash,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            fields: Fields::default(),
            separator: "---".to_string(),
            glob: None,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            read_past_oversized: false,
            lossy: false,
            dedupe_ids: false,
            delimiter: None,
            tsv_escapes: TsvEscapes::Auto,
            outlet_from_dir: false,
            dates: DateFormats::default(),
            names: Vec::new(),
        }
    }
}

impl ReadOptions {
    /// The name records read from `path` give as their origin: the name
    /// `names` gives it, else the path as given.
    pub fn name_of(&self, path: &Path) -> String {
        self.names
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| path.display().to_string(), |(_, n)| n.clone())
    }
}
