//! CSV and TSV reader: stray quotes, ragged rows, giant fields, bad UTF-8.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::delimited(data));
