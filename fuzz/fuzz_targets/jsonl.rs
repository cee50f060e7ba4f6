//! JSON Lines reader: any bytes, never a panic, a hang or an oversized record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::read::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, data)) = data.split_first() else {
        return;
    };
    common::read_all(data, Format::Jsonl, flags & 1 == 1, "---");
});
