//! JSON Lines and JSON readers: any bytes, never a panic, a hang or an oversized record.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl(data));
