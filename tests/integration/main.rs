//! Integration tests: the `reprint` binary driven as a user would.

mod common;
mod errors;
mod eval;
mod formats;
mod pipes;
mod quality;
mod seeds;
