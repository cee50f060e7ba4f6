//! The truth file: hand labels of which records are copies of one story.
//!
//! Each line is `{"id", "story", "kind"[, "event"]}` (see the module docs of
//! [`super`]); ids must be unique, and every problem is reported with its
//! line.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Result, bail};
use serde::Serialize;
use serde_json::{Map, Value};

use super::input::{Location, parse_object, read_text, type_name};

/// What a truth record is, relative to its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The first publication of a story.
    Original,
    /// A full reprint of the story, possibly with outlet boilerplate.
    Reprint,
    /// An excerpt of the story (some of its paragraphs).
    Partial,
    /// A different story that quotes or rewrites part of another one.
    Derivative,
    /// Another outlet's own story on the same event.
    Independent,
}

impl Kind {
    /// Every kind, in the order used in messages.
    pub const ALL: [Kind; 5] = [
        Kind::Original,
        Kind::Reprint,
        Kind::Partial,
        Kind::Derivative,
        Kind::Independent,
    ];

    /// The name used in truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Reprint => "reprint",
            Kind::Partial => "partial",
            Kind::Derivative => "derivative",
            Kind::Independent => "independent",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One labelled record of a truth file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthRecord {
    /// Record id, as in the corpus and in reprint's output.
    pub id: String,
    /// Story slug: records with the same story should be grouped.
    pub story: String,
    /// What the record is within its story.
    pub kind: Kind,
    /// News event, if labelled: same event but different story means the
    /// records must not be grouped.
    pub event: Option<String>,
}

/// A checked truth file: records with unique ids.
#[derive(Debug, Clone)]
pub struct Truth {
    name: String,
    records: Vec<TruthRecord>,
    index: HashMap<String, usize>,
}

impl Truth {
    /// The name used in messages (the path as given).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The records, in file order.
    pub fn records(&self) -> &[TruthRecord] {
        &self.records
    }

    /// Position of the record with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// Read and check a truth file (JSON Lines; blank lines are skipped).
pub fn read_truth(path: &Path) -> Result<Truth> {
    let name = path.display().to_string();
    let text = read_text(path, &name)?;
    parse_truth(&name, &text)
}

/// Check truth file contents; `name` is used in messages.
pub fn parse_truth(name: &str, text: &str) -> Result<Truth> {
    let mut records = Vec::new();
    let mut index = HashMap::new();
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let at = Location { name, line: n + 1 };
        if line.trim().is_empty() {
            continue;
        }
        let obj = parse_object(line, at)?;
        let id = string_field(&obj, "id", at)?;
        let story = string_field(&obj, "story", at)?;
        let kind_name = string_field(&obj, "kind", at)?;
        let Some(kind) = Kind::parse(&kind_name) else {
            let allowed: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            bail!(
                "{at}: unknown kind '{kind_name}' (allowed: {})",
                allowed.join(", ")
            );
        };
        let event = match obj.get("event") {
            None | Some(Value::Null) => None,
            Some(_) => Some(string_field(&obj, "event", at)?),
        };
        if let Some(first) = lines.insert(id.clone(), at.line) {
            bail!("{at}: id '{id}' is already on line {first}");
        }
        index.insert(id.clone(), records.len());
        records.push(TruthRecord {
            id,
            story,
            kind,
            event,
        });
    }
    if records.is_empty() {
        bail!("{name}: no records in the truth file");
    }
    Ok(Truth {
        name: name.to_string(),
        records,
        index,
    })
}

/// A required, non-empty string field.
fn string_field(obj: &Map<String, Value>, key: &str, at: Location) -> Result<String> {
    match obj.get(key) {
        None => bail!("{at}: missing field \"{key}\""),
        Some(Value::String(s)) if s.is_empty() => bail!("{at}: field \"{key}\" is empty"),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => bail!(
            "{at}: field \"{key}\" must be a string, found {}",
            type_name(other)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_their_names() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("Original"), None);
    }

    #[test]
    fn records_are_found_by_id_and_events_may_be_null() {
        let text = "{\"id\":\"a\",\"story\":\"s\",\"kind\":\"original\",\"event\":null}\n\n\
                    {\"id\":\"b\",\"story\":\"s\",\"kind\":\"reprint\",\"event\":\"e\",\"x\":1}\n";
        let t = parse_truth("t", text).unwrap();
        assert_eq!(t.name(), "t");
        assert_eq!(t.position("b"), Some(1));
        assert_eq!(t.position("c"), None);
        assert_eq!(t.records()[0].event, None);
        assert_eq!(t.records()[1].event.as_deref(), Some("e"));
        let err =
            parse_truth("t", "{\"id\":\"a\",\"story\":\"\",\"kind\":\"original\"}").unwrap_err();
        assert_eq!(err.to_string(), "t:1: field \"story\" is empty");
        let err = parse_truth("t", "{\"id\":1,\"story\":\"s\",\"kind\":\"original\"}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t:1: field \"id\" must be a string, found a number"
        );
    }
}
