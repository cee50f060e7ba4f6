//! The input formats, and how `--format auto` picks one: by the file's
//! extension (`.gz` looked through), else by sniffing its first bytes.
//!
//! `dedup` resolves its inputs' format with these same functions, so that
//! it writes back the format the readers read.

use std::io::{BufRead, Read};
use std::path::Path;

use anyhow::Context;

use super::cut::LineEnd;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pick by extension, or by sniffing the first bytes.
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated with a header row.
    Csv,
    /// Tab-separated with a header row.
    Tsv,
    /// Plain text, records split by a separator line.
    Text,
    /// A folder, one article per file.
    Dir,
}

/// The format an extension names (`.gz` looked through), if it names one.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "jsonl" | "ndjson" | "jsonlines" | "jl" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// Guess the format from the first bytes: `{` starts JSON Lines, a first
/// line with tabs is TSV, a short first line with commas is a CSV header
/// (so is a lone text column's name), anything else is plain text. A JSON
/// array is refused rather than read as one text record: sniffing must
/// never turn structured input into one record silently.
pub(crate) fn sniff(rdr: &mut Box<dyn BufRead + Send>, name: &str) -> anyhow::Result<Format> {
    let head = read_head(rdr).with_context(|| format!("reading {name}"))?;
    if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        anyhow::bail!(
            "{name} starts with '[', a JSON array: reprint reads JSON Lines, one object a line \
             (convert with `jq -c '.[]'`), or give --format text to read it as text"
        );
    }
    Ok(sniff_bytes(&head))
}

/// How `rdr`'s lines end, by its first line ending ([`LineEnd::of`]); the
/// bytes looked at are put back.
pub(crate) fn line_end(rdr: &mut Box<dyn BufRead + Send>) -> std::io::Result<LineEnd> {
    Ok(LineEnd::of(&read_head(rdr)?))
}

/// Bytes sniffing looks at: the first line (up to [`HEAD`] bytes), taken
/// from `rdr` and put back in front of it. A decoding reader's first
/// buffer can be a handful of bytes (three, while it looks for a
/// byte-order mark), too few to see a header's commas.
fn read_head(rdr: &mut Box<dyn BufRead + Send>) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    while head.len() < HEAD && !head.contains(&b'\n') {
        let buf = rdr.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let take = buf.len().min(HEAD - head.len());
        head.extend_from_slice(&buf[..take]);
        rdr.consume(take);
    }
    let rest = std::mem::replace(rdr, Box::new(std::io::empty()));
    *rdr = Box::new(std::io::Cursor::new(head.clone()).chain(rest));
    Ok(head)
}

/// Bytes read ahead to sniff the format.
const HEAD: usize = 8192;

/// `sniff` on bytes already read (the first few KB of an input).
pub fn sniff_bytes(head: &[u8]) -> Format {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.first() == Some(&b'{') {
        return Format::Jsonl;
    }
    // Old Mac exports end lines with a lone `\r`.
    let first_line = head
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    let lone_column = std::str::from_utf8(first_line)
        .is_ok_and(|l| super::fields::TEXT_FIELDS.contains(&l.trim().to_lowercase().as_str()));
    if lone_column {
        return Format::Csv;
    }
    if first_line.contains(&b'\t') {
        Format::Tsv
    } else if first_line.contains(&b',') && first_line.len() < 1024 && !first_line.ends_with(b".") {
        Format::Csv
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format() {
        assert_eq!(sniff_bytes(b"  {\"id\": 1}\n"), Format::Jsonl);
        assert_eq!(sniff_bytes(b"id\ttext\n1\thello\n"), Format::Tsv);
        assert_eq!(sniff_bytes(b"id,text\n1,hello\n"), Format::Csv);
        // A one-column CSV: its header is a text column's name.
        assert_eq!(sniff_bytes(b"text\nhello there\n"), Format::Csv);
        assert_eq!(sniff_bytes(b"Text\r\nhello\r\n"), Format::Csv);
        assert_eq!(sniff_bytes(b"id,text\r1,hello\r"), Format::Csv);
        assert_eq!(
            sniff_bytes(b"Title: x\n\nA story, told.\n---\n"),
            Format::Text
        );
    }

    #[test]
    fn extension_looks_through_gz() {
        assert_eq!(
            format_from_extension(Path::new("a/b.jsonl.gz")),
            Some(Format::Jsonl)
        );
        assert_eq!(format_from_extension(Path::new("b.TSV")), Some(Format::Tsv));
        assert_eq!(format_from_extension(Path::new("noext")), None);
    }
}
