//! Integration tests: the `reprint` binary driven as a user would.

mod catalogue;
mod common;
mod dedup;
mod errors;
mod eval;
mod formats;
mod hostile;
mod index;
mod outputs;
mod pipes;
mod progress;
mod props;
mod quality;
mod report;
mod seeds;
mod spread;
