//! CSV and TSV reader: stray quotes, ragged rows, giant fields, bad UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::read::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, data)) = data.split_first() else {
        return;
    };
    let format = if flags & 2 == 0 {
        Format::Csv
    } else {
        Format::Tsv
    };
    common::read_all(data, format, flags & 1 == 1, "---");
});
