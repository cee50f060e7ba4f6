//! How to read the inputs: the options every reader is given.

use globset::GlobMatcher;

use super::fields::Fields;
use super::format::Format;

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
        }
    }
}
