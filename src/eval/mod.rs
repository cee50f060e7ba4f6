//! Scoring reprint's groups against a hand-labelled truth file.
//!
//! This backs `reprint eval --truth TRUTH GROUPS`: a researcher labels a
//! sample of their own corpus, runs reprint on it, and checks how well the
//! chosen thresholds recover the labels.
//!
//! # Inputs
//!
//! The truth file is JSON Lines, one object per record:
//! `{"id": str, "story": str, "kind": KIND, "event": str}` where `event` is
//! optional and KIND is one of `original`, `reprint`, `partial`,
//! `derivative`, `independent`. Records with the same `story` are copies of
//! one story (an original, its full reprints, its partial excerpts) and
//! should be grouped. A derivative (a rewrite quoting the story) and an
//! independent story (another outlet's own report) have their own story
//! slug; records that share an `event` but not a `story` are same-event
//! neighbours and should not be grouped. Other keys are ignored.
//!
//! The groups file is reprint's own output, JSON Lines or one JSON array;
//! only each group's `members[].id` is read. Truth records that are in no
//! group count as groups of one.
//!
//! # Metrics
//!
//! All are counted over pairs of truth records. A *true pair* has both
//! records in one story; a *predicted pair* has both in one group; a
//! *correct pair* is both.
//!
//! - precision = correct / predicted pairs, recall = correct / true pairs
//!   (each 1.0 when its denominator is 0), F1 = their harmonic mean.
//! - adjusted Rand index (Hubert & Arabie 1985) of the groups against the
//!   stories, over every truth record: `(I - E) / (M - E)` with `I` the
//!   correct pairs, `E = predicted * true / (n choose 2)` and
//!   `M = (predicted + true) / 2`. It is 1 for a perfect grouping and about
//!   0 for a random one; it is 1.0 when `M = E`, which happens only when both
//!   partitions are all singletons or both a single group.
//! - reprint recall and partial recall: among true pairs with at least one
//!   record of that kind, the share predicted together.
//! - derivative false-merge rate: among pairs of a derivative and a record of
//!   another story with the same event, the share predicted together.
//!   Independent false-merge rate: the same for pairs with at least one
//!   independent record (same event, different stories).
//!
//! A rate over zero pairs is `None` (`null` in JSON), and so are the
//! false-merge rates when no truth record has an `event`.
//!
//! Pairs are never listed one by one: every count is a sum of
//! `n choose 2` over the cells of a contingency table (group x story, and so
//! on), so scoring is linear in the number of records.

mod groups;
mod input;
mod score;
mod table;
mod truth;

pub use groups::{Reading, parse_groups, parse_groups_as, read_groups, read_groups_as};
pub use score::{Rate, Scores, score};
pub use table::render_table;
pub use truth::{Kind, Truth, TruthRecord, parse_truth, read_truth};

#[cfg(test)]
mod tests;
