//! A small index, cut short and with bytes flipped, read by every index
//! reader: never a panic, always "is damaged" (or what the damage makes it
//! look like).
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::index_damage(data));
