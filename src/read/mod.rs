//! Readers: article dumps in, [`Record`](crate::Record)s out, one at a time.
//!
//! Every reader streams (a file is never slurped to be parsed), yields a
//! [`ReadError::Bad`] for a record it cannot use and goes on, and stops only
//! on a [`ReadError::Fatal`] error (an unreadable file, a CSV with no text
//! column). Whether a bad record stops the run is the caller's choice.
//!
//! Input is hostile: no record past [`ReadOptions::max_record_bytes`] is ever
//! held in memory (the readers stop keeping it at the limit and skip to its
//! end), invalid UTF-8 is a bad record naming its byte offset unless
//! [`ReadOptions::lossy`], and repeated ids are left for the corpus to refuse
//! unless [`ReadOptions::dedupe_ids`] renames them here. The fuzz targets in
//! `fuzz/` drive every reader with arbitrary bytes.
//!
//! The parts:
//!
//! - [`Records`] (`records.rs`): all inputs in order, each opened and given
//!   its reader; `ids.rs` renames repeated ids for it;
//! - [`Input`] (`input.rs`), [`ReadOptions`] (`options.rs`) and [`Format`]
//!   (`format.rs`, with how `auto` picks one): what to read, and how;
//! - `reader.rs`: what every format reader shares ([`Start`],
//!   [`ReadError`]);
//! - the format readers: `jsonl.rs`, `json_array/` (a JSON array or
//!   pretty-printed objects, cut one value at a time by `json_array/cut.rs`),
//!   `delimited.rs` (CSV, TSV; with `backslash.rs`, TSV's backslash-escaped
//!   convention), `text.rs`, `parquet.rs` (by row group, only the columns a
//!   role may use), `dir.rs` (a folder), with `fields.rs` (which field fills
//!   which role) and `surrogates.rs` (JSON's lone `\ud800` escapes, named
//!   or, under `--lossy`, read as U+FFFD);
//! - `cut.rs`: where records begin and end, the rules `dedup`'s raw second
//!   read cuts by too;
//! - `compression.rs`: gzip, zstd, xz and bzip2, known by their first
//!   bytes on input, by the name on output;
//! - [`decode`]: bytes to text (BOMs, UTF-16, `--lossy`, bounded lines).

pub(crate) mod backslash;
pub(crate) mod compression;
pub(crate) mod cut;
pub mod decode;
mod delimited;
mod dir;
mod fields;
mod format;
mod ids;
mod input;
mod json_array;
pub(crate) mod jsonl;
mod options;
mod parquet;
mod reader;
mod records;
mod surrogates;
mod text;

pub use fields::{FieldNames, Fields};
pub use format::{Format, format_from_extension, sniff_bytes};
pub(crate) use format::{line_end, refine_json, sniff};
pub use input::Input;
pub(crate) use input::{FileStamp, open_file};
pub use options::{DEFAULT_MAX_RECORD_BYTES, ReadOptions, TsvEscapes};
pub use reader::{ReadError, Start};
pub use records::Records;
