//! The incremental index: today's batch against everything seen before.
//!
//! A daily job should not re-read years of archive to find which of today's
//! stories are reprints. `index add` stores, per record, what a later query
//! needs to find and verify it (metadata, shingle set, MinHash signature,
//! anchors) plus the two candidate indexes as lookup tables: LSH band key →
//! records, anchor → records. `index query` featurizes a new batch, looks its
//! band keys and anchors up, loads only the indexed records that share one,
//! and runs the usual candidate, verification and grouping stages on those
//! plus the batch, so its groups mean exactly what the main command's do.
//!
//! The store is one [redb](https://www.redb.org) file: embedded, no server,
//! copy-on-write B-trees with checksummed commits. An `add` is one write
//! transaction, so a process killed part-way leaves the index as it was
//! before (redb's quick-repair mode keeps reopening after a crash fast), and
//! the file lock refuses an `add` while another process uses the file, with
//! a clear message instead of corrupting it; readers share it. Stored features only compare with features made the
//! same way, so an index refuses parameters or a format version other than
//! its own ([`schema`]).
//!
//! Boilerplate is found per batch (by the corpus stage), so an indexed
//! record's features are those of the batch it was added with.
//!
//! Nothing lost, nothing silently wrong: readers never write the file (and
//! share it), a file cut short or otherwise damaged is refused with what
//! was found, what reprint stores carries checksums checked when read, and
//! `index check` verifies everything.
//!
//! Files: [`config`] (what a command is given); `open` (opening the file),
//! with `header` (redb's header, checked before redb reads it),
//! `read_only` (the file as readers hand it to redb), `damage` (how damage
//! and an unfinished index are said) and `guard` (a panic inside redb as
//! damage, the last resort); [`schema`] (tables, format version,
//! parameters); `codec` (one record as bytes); the commands: `add`,
//! `query` with `candidates` (which indexed records a batch record may
//! reprint), `stats` and `check`.

mod add;
mod candidates;
mod check;
mod codec;
pub mod config;
mod damage;
mod guard;
mod header;
mod open;
mod query;
mod read_only;
pub mod schema;
mod stats;

pub use add::{AddSummary, add};
pub use check::{CheckReport, check};
pub use config::IndexConfig;
pub use query::{QuerySummary, query};
pub use stats::{Stats, StatsParams, stats};
