//! What both input readers share: where in a file a problem is, how a
//! JSON error is told, and the name of a JSON value's type.
//!
//! Truth and groups files are both JSON read line by line, and every
//! message names the file and line (`truth.jsonl:3: ...`) so a researcher
//! can fix their labels without hunting.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

/// A place in an input file, shown as `name:line`.
#[derive(Clone, Copy)]
pub(super) struct Location<'a> {
    pub(super) name: &'a str,
    pub(super) line: usize,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, self.line)
    }
}

/// The whole file, as text; decompressed if it is compressed (reprint
/// writes `-o groups.jsonl.zst` compressed, so eval must read it back).
pub(super) fn read_text(path: &Path, name: &str) -> Result<String> {
    let mut text = String::new();
    crate::read::open_file(path)
        .and_then(|mut r| Ok(std::io::Read::read_to_string(&mut r, &mut text)?))
        .with_context(|| format!("cannot read {name}"))?;
    Ok(text)
}

/// A serde_json error as `name:line: malformed JSON at column C: what`.
pub(super) fn json_error(at: Location, e: &serde_json::Error) -> anyhow::Error {
    let msg = e.to_string();
    // serde_json appends its own " at line L column C"; we say it our way.
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = msg.strip_suffix(&suffix).unwrap_or(&msg);
    anyhow::anyhow!("{at}: malformed JSON at column {}: {what}", e.column())
}

/// One line as a JSON object.
pub(super) fn parse_object(line: &str, at: Location) -> Result<Map<String, Value>> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    match serde_json::from_str(line) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(other) => bail!("{at}: expected a JSON object, found {}", type_name(&other)),
        Err(e) => Err(json_error(at, &e)),
    }
}

pub(super) use crate::read::jsonl::kind_of as type_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_located_and_named() {
        let at = Location {
            name: "t.jsonl",
            line: 4,
        };
        assert_eq!(at.to_string(), "t.jsonl:4");
        let err = parse_object("[1]", at).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.jsonl:4: expected a JSON object, found an array"
        );
        let err = parse_object("{\"a\":", at).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.jsonl:4: malformed JSON at column 5: ")
        );
        assert!(parse_object("\u{feff}{}", at).unwrap().is_empty());
        assert_eq!(type_name(&Value::Null), "null");
        let missing = read_text(Path::new("/nonexistent/truth.jsonl"), "truth.jsonl");
        assert_eq!(missing.unwrap_err().to_string(), "cannot read truth.jsonl");
    }
}
