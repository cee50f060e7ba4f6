//! A removed record marked with the id of the one kept in its place, in its
//! format's own way: a `reprint_of` JSON field, a `reprint_of` CSV/TSV
//! column, or a `Reprint-Of:` line after a text record's header lines.
//!
//! The rest of the record's bytes are left as they were, line endings too,
//! so that `--removed` parses as the input did.

use anyhow::{Context, Result};

use crate::read::cut::{LineEnd, chomp, header_line, is_blank_text};

/// Name of the field, column or header line that names the kept record.
pub const REPRINT_OF: &str = "reprint_of";

/// A JSON object line with `"reprint_of":"<id>"` added as its last field.
/// A line that has a `reprint_of` field already is refused: a second key
/// of one name is read as either by different tools.
pub fn add_json_field(line: &[u8], id: &str) -> Result<Vec<u8>> {
    let body = chomp(line);
    let has_one = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
        .is_ok_and(|obj| obj.contains_key(REPRINT_OF));
    if has_one {
        anyhow::bail!(
            "the removed record already has a '{REPRINT_OF}' field, the one --removed adds \
             (rename or drop it first)"
        );
    }
    let ending = &line[body.len()..];
    let close = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .filter(|&i| body[i] == b'}')
        .context("a removed record is not a JSON object line")?;
    let empty = body[..close]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .is_some_and(|i| body[i] == b'{');
    let mut out = Vec::with_capacity(line.len() + id.len() + 20);
    out.extend_from_slice(&body[..close]);
    if !empty {
        out.push(b',');
    }
    out.extend_from_slice(format!("\"{REPRINT_OF}\":").as_bytes());
    out.extend_from_slice(serde_json::to_string(id)?.as_bytes());
    out.extend_from_slice(&body[close..]);
    out.extend_from_slice(ending);
    Ok(out)
}

/// The names `reprint_of` gives kept records other than their id: under
/// `--dedupe-ids` an id made unique (`ID#N`, where `ID` is another
/// record's id) appears nowhere in the input, so such a record is named
/// by its position, `FILE:LINE` (`position` gives it, with the name the
/// user gave the file).
pub fn names(
    metas: &[crate::detect::corpus::Meta],
    dedupe_ids: bool,
    position: impl Fn(&crate::record::Origin) -> String,
) -> std::collections::HashMap<usize, String> {
    if !dedupe_ids {
        return Default::default();
    }
    let ids: std::collections::HashSet<&str> = metas.iter().map(|m| m.id.as_str()).collect();
    metas
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.id.rsplit_once('#').is_some_and(|(stem, n)| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && ids.contains(stem)
            })
        })
        .map(|(i, m)| (i, position(&m.origin)))
        .collect()
}

/// A CSV/TSV record with the kept id added as a last column.
pub fn add_column(record: &[u8], id: &str, delimiter: u8) -> Vec<u8> {
    add_raw_column(record, &quote_field(id, delimiter), delimiter)
}

/// A backslash-escaped TSV row (PostgreSQL `COPY`, MySQL) with the kept id
/// added as a last column, escaped as that convention writes it.
pub fn add_escaped_column(record: &[u8], id: &str, delimiter: u8) -> Vec<u8> {
    let mut field = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            '\\' => field.push_str("\\\\"),
            '\t' => field.push_str("\\t"),
            '\n' => field.push_str("\\n"),
            '\r' => field.push_str("\\r"),
            c if c.is_ascii() && c as u8 == delimiter => {
                field.push('\\');
                field.push(c);
            }
            c => field.push(c),
        }
    }
    add_raw_column(record, &field, delimiter)
}

/// `record` (line ending kept at the end) with `field` appended.
fn add_raw_column(record: &[u8], field: &str, delimiter: u8) -> Vec<u8> {
    let body = chomp(record);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    let ending = &record[body.len()..];
    let mut out = Vec::with_capacity(record.len() + field.len() + 2);
    out.extend_from_slice(body);
    out.push(delimiter);
    out.extend_from_slice(field.as_bytes());
    out.extend_from_slice(if ending.is_empty() { b"\n" } else { ending });
    out
}

/// A field quoted as CSV needs it.
fn quote_field(field: &str, delimiter: u8) -> String {
    let needs = field
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A text record with a `Reprint-Of: <id>` line after its header lines.
pub fn add_text_header(unit: &[u8], id: &str, closed: bool, eol: LineEnd) -> Vec<u8> {
    let end = eol.byte();
    let lines: Vec<&[u8]> = unit.split_inclusive(|&b| b == end).collect();
    // The separator line closing the unit is no header.
    let body_lines = lines.len() - usize::from(closed);
    let text = |l: &[u8]| String::from_utf8_lossy(chomp(l)).into_owned();
    let mut at = 0;
    while at < body_lines && is_blank_text(&text(lines[at])) {
        at += 1;
    }
    // The header lines the text reader reads come first.
    while at < body_lines && header_line(&text(lines[at])).is_some() {
        at += 1;
    }
    let eol: &[u8] = match at.checked_sub(1).map(|i| lines[i]) {
        _ if eol == LineEnd::Cr => b"\r",
        Some(l) if l.ends_with(b"\r\n") => b"\r\n",
        _ => b"\n",
    };
    let mut out = Vec::with_capacity(unit.len() + id.len() + 16);
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.extend_from_slice(format!("Reprint-Of: {id}").as_bytes());
            out.extend_from_slice(eol);
        }
        if i + 1 == at && !line.ends_with(&[end]) {
            out.extend_from_slice(line);
            out.extend_from_slice(eol);
            continue;
        }
        out.extend_from_slice(line);
    }
    if at == lines.len() {
        out.extend_from_slice(format!("Reprint-Of: {id}").as_bytes());
        out.extend_from_slice(eol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: Vec<u8>) -> String {
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn json_field_goes_last_and_keeps_the_line_ending() {
        let got = add_json_field(b"{\"id\": \"b\", \"text\": \"x\"} \r\n", "a\"1").unwrap();
        assert_eq!(
            s(got),
            "{\"id\": \"b\", \"text\": \"x\",\"reprint_of\":\"a\\\"1\"} \r\n"
        );
        assert_eq!(
            s(add_json_field(b"{ }", "a").unwrap()),
            "{ \"reprint_of\":\"a\"}"
        );
    }

    #[test]
    fn csv_column_is_quoted_when_needed() {
        assert_eq!(
            s(add_column(b"b,\"x\r\ny\"\r\n", "a", b',')),
            "b,\"x\r\ny\",a\r\n"
        );
        assert_eq!(s(add_column(b"b,x", "a,1", b',')), "b,x,\"a,1\"\n");
        assert_eq!(s(add_column(b"b\tx\n", "a,1", b'\t')), "b\tx\ta,1\n");
        // Backslash-escaped TSV: escaped, never quoted.
        assert_eq!(
            s(add_escaped_column(b"b\t\"x\"\n", "a\"\t\\1", b'\t')),
            "b\t\"x\"\ta\"\\t\\\\1\n"
        );
    }

    #[test]
    fn text_header_goes_after_the_headers() {
        let unit = b"\nId: b\nTitle: T\n\nBody line.\n---\n";
        assert_eq!(
            s(add_text_header(unit, "a", true, LineEnd::Lf)),
            "\nId: b\nTitle: T\nReprint-Of: a\n\nBody line.\n---\n"
        );
        assert_eq!(
            s(add_text_header(b"Just a body.", "a", false, LineEnd::Lf)),
            "Reprint-Of: a\nJust a body."
        );
    }
}
