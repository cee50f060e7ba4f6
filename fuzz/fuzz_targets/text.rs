//! Plain text reader: separators, header lines, form feeds, long lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::read::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, data)) = data.split_first() else {
        return;
    };
    let separator = ["---", "=", "\u{2014}", "Id:"][(flags >> 1) as usize % 4];
    // Auto sniffs the format as for stdin, reaching every reader from here.
    let format = if flags & 8 == 0 {
        Format::Text
    } else {
        Format::Auto
    };
    common::read_all(data, format, flags & 1 == 1, separator);
});
