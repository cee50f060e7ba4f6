//! Syndication spread: how far each story travelled, who printed it when,
//! how much of it, and what they changed.
//!
//! Built on a finished run ([`Corpus`](crate::detect::corpus::Corpus) +
//! [`Analysis`](crate::detect::Analysis)) and the original
//! texts of the records in groups ([`Texts`], read in a second pass). Per
//! group:
//!
//! - the **origin**: the earliest dated member. When several share the
//!   earliest time (dates are often whole days) the origin is the one whose
//!   text the others carry most completely (reprints add headers and
//!   footers, the original does not), and the tie is reported; with no
//!   dates at all it is detection's canonical member;
//! - for every member: its lag after the origin, how much of the origin it
//!   printed (aligned passages, `src/align/`, and which paragraphs), and
//!   whether it changed the headline;
//! - passages of every verified pair and of every related edge (a record
//!   quoting a member without being a reprint).
//!
//! And over the corpus: group sizes, the outlets that reprint most and whom
//! from, the outlet-to-outlet edge list, the lag distribution.
//!
//! Dates are parsed by `DateFormats::parse` (`date.rs`, the one date
//! parser); a date that does not parse is reported once per record, with
//! why, and treated as missing.
//!
//! The files follow the job: `run.rs` (the whole job, as the binary runs
//! it), `texts.rs` (the second read), `build.rs` with `origin.rs` and
//! `dates.rs` (measuring each group), `summary.rs` with `outlets.rs` and
//! `lag.rs` (the corpus figures), `model.rs` (what all of it produces),
//! and the writers `write_text.rs` and `write_data.rs` (the HTML report
//! is `report/`), which put counts and paragraphs in words alike
//! (`wording.rs`).

mod build;
mod dates;
// The report imports the model, the lag wording and the texts from their
// own files rather than through this module, which runs the report
// (`run.rs`): file by file, nothing leads back to where it started.
pub(crate) mod lag;
pub(crate) mod model;
mod origin;
mod outlets;
pub(crate) mod report;
mod run;
mod summary;
pub mod texts;
pub(crate) mod wording;
mod write_data;
mod write_text;

pub use build::{SpreadOptions, build};
pub use lag::human_lag;
pub use model::{
    Basis, BasisCounts, DateCounts, Edge, GroupSpread, LagBucket, LagSummary, MemberSpread,
    OriginOut, OutletCount, OutletSummary, PairSpread, PassageOut, RelatedSpread, SizeCount,
    Spread, Summary,
};
pub use outlets::outlet_name;
pub use run::{SpreadConfig, SpreadSummary, run};
pub use texts::{Rereader, Texts, wanted};
pub use write_data::{write_edges_csv, write_jsonl};
pub use write_text::write_text;

#[cfg(test)]
pub(crate) mod tests;
