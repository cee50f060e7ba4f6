//! BOMs, UTF-16, `--lossy` repair, the UTF-8 check and bounded lines.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode(data));
