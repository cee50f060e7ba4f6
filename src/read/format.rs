//! The input formats, and how `--format auto` picks one: by the file's
//! extension (a compression suffix looked through), else by sniffing its first bytes.
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
    /// A JSON array of objects, or objects one after another
    /// (pretty-printed); `.json` files and sniffed input that is not JSON
    /// Lines.
    Json,
    /// Comma-separated with a header row.
    Csv,
    /// Tab-separated with a header row.
    Tsv,
    /// Plain text, records split by a separator line.
    Text,
    /// A folder, one article per file.
    Dir,
    /// Apache Parquet, one record per row (a file, never stdin).
    Parquet,
}

/// The format an extension names (a compression suffix such as `.gz` or
/// `.zst` looked through), if it names one.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = super::compression::strip_suffix(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "jsonl" | "ndjson" | "jsonlines" | "jl" => Some(Format::Jsonl),
        // JSON Lines, an array or a pretty object: `refine_json` looks.
        "json" => Some(Format::Json),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "txt" | "text" => Some(Format::Text),
        "parquet" | "pq" => Some(Format::Parquet),
        _ => None,
    }
}

/// Guess the format from the first bytes: `PAR1` starts Parquet, `[` a JSON array, `{` JSON
/// Lines (or, when the first line is not a whole object, pretty-printed
/// JSON), a first line with tabs is TSV, a short first line with commas is
/// a CSV header (so is a lone text column's name), anything else is plain
/// text.
///
/// With `--delimiter`, a first line holding it is a header of that
/// delimiter (a tab: TSV; anything else: CSV).
pub(crate) fn sniff(
    rdr: &mut Box<dyn BufRead + Send>,
    name: &str,
    delimiter: Option<u8>,
) -> anyhow::Result<Format> {
    let head = read_head(rdr).with_context(|| format!("reading {name}"))?;
    let format = sniff_bytes(&head);
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    Ok(match delimiter {
        Some(d)
            if matches!(format, Format::Csv | Format::Tsv | Format::Text)
                && first_line.contains(&d) =>
        {
            if d == b'\t' {
                Format::Tsv
            } else {
                Format::Csv
            }
        }
        _ => format,
    })
}

/// A `.json` file's format, by its first bytes: [`Format::Jsonl`] when it
/// opens with a whole object on its first line (many JSON Lines dumps are
/// named `.json`, and JSON Lines is read line by line, each bad line one
/// bad record), else [`Format::Json`].
pub(crate) fn refine_json(rdr: &mut Box<dyn BufRead + Send>, name: &str) -> anyhow::Result<Format> {
    let head = read_head(rdr).with_context(|| format!("reading {name}"))?;
    Ok(match sniff_bytes(&head) {
        Format::Jsonl => Format::Jsonl,
        _ => Format::Json,
    })
}

/// Whether JSON that starts `head` (at its `{`) is JSON Lines: its first
/// line, when the head holds all of it, ends its object. A pretty-printed
/// object's first line is `{` alone, or opens the object and ends with a
/// comma.
fn is_json_lines(head: &[u8]) -> bool {
    match head.iter().position(|&b| b == b'\n') {
        Some(end) => head[..end].trim_ascii_end().ends_with(b"}"),
        // A first line longer than the head: only JSON Lines has those.
        None => true,
    }
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
    if head.starts_with(super::parquet::MAGIC) {
        return Format::Parquet;
    }
    let head = &head[start..];
    match head.first() {
        Some(b'{') if is_json_lines(head) => return Format::Jsonl,
        Some(b'{' | b'[') => return Format::Json,
        _ => {}
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
        assert_eq!(sniff_bytes(b"{\"id\": 1}"), Format::Jsonl);
        assert_eq!(sniff_bytes(b"{\"id\": 1} \r\n{}"), Format::Jsonl);
        // A JSON array, and a pretty-printed object.
        assert_eq!(sniff_bytes(b" [{\"id\": 1}]"), Format::Json);
        assert_eq!(sniff_bytes(b"{\n  \"id\": 1\n}\n"), Format::Json);
        assert_eq!(
            sniff_bytes(b"{ \"id\": 1,\n  \"text\": \"x\"\n}"),
            Format::Json
        );
        assert_eq!(sniff_bytes(b"id\ttext\n1\thello\n"), Format::Tsv);
        assert_eq!(sniff_bytes(b"PAR1\x15\x04"), Format::Parquet);
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
        assert_eq!(
            format_from_extension(Path::new("b.csv.zst")),
            Some(Format::Csv)
        );
        assert_eq!(format_from_extension(Path::new("b.TSV")), Some(Format::Tsv));
        assert_eq!(format_from_extension(Path::new("noext")), None);
    }
}
