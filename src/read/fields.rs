//! Which input field fills which part of a [`Record`].
//!
//! Dumps name their fields every which way (`body`, `content`, `article`...),
//! so each role has a list of common names tried in order; a flag such as
//! `--text-field` replaces the list with one dotted path into nested objects.

use serde_json::{Map, Value};

/// One role of a record (`text`, `id`...) and the field names that may fill it.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The role, as named in messages.
    pub role: &'static str,
    /// Dotted paths tried in order; the first present, non-null one wins.
    pub candidates: Vec<String>,
}

impl FieldSpec {
    fn new(role: &'static str, given: Option<&str>, defaults: &[&str]) -> FieldSpec {
        let candidates = match given {
            Some(path) => vec![path.to_string()],
            None => defaults.iter().map(|s| s.to_string()).collect(),
        };
        FieldSpec { role, candidates }
    }

    /// The names tried, for messages: `text, content, body`.
    pub fn tried(&self) -> String {
        self.candidates.join(", ")
    }
}

/// The field names for every role, with the defaults filled in.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record id.
    pub id: FieldSpec,
    /// Article body.
    pub text: FieldSpec,
    /// Headline.
    pub title: FieldSpec,
    /// Outlet.
    pub source: FieldSpec,
    /// Publication date.
    pub date: FieldSpec,
    /// Address.
    pub url: FieldSpec,
}

/// Field names the user gave on the command line (`None`: try the defaults).
#[derive(Debug, Clone, Default)]
pub struct FieldNames {
    /// `--id-field`.
    pub id: Option<String>,
    /// `--text-field`.
    pub text: Option<String>,
    /// `--title-field`.
    pub title: Option<String>,
    /// `--source-field`.
    pub source: Option<String>,
    /// `--date-field`.
    pub date: Option<String>,
    /// `--url-field`.
    pub url: Option<String>,
}

/// The names a text field is looked for under by default (also how a
/// one-column CSV header is recognised on stdin).
pub const TEXT_FIELDS: &[&str] = &["text", "content", "body", "article"];

impl Fields {
    /// Resolve the user's names against the defaults.
    ///
    /// (The text field's defaults are [`TEXT_FIELDS`].)
    pub fn new(names: &FieldNames) -> Fields {
        Fields {
            id: FieldSpec::new("id", names.id.as_deref(), &["id", "uuid", "url"]),
            text: FieldSpec::new("text", names.text.as_deref(), TEXT_FIELDS),
            title: FieldSpec::new("title", names.title.as_deref(), &["title", "headline"]),
            source: FieldSpec::new(
                "source",
                names.source.as_deref(),
                &["source", "outlet", "publication", "domain"],
            ),
            date: FieldSpec::new(
                "date",
                names.date.as_deref(),
                &["date", "published", "published_at"],
            ),
            url: FieldSpec::new("url", names.url.as_deref(), &["url", "link"]),
        }
    }
}

impl Default for Fields {
    fn default() -> Fields {
        Fields::new(&FieldNames::default())
    }
}

/// Look up a dotted path (`meta.source.name`) in a JSON object.
fn lookup<'a>(obj: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    // A key that itself holds dots wins over the nested reading.
    if let Some(v) = obj.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut cur = obj.get(parts.next()?)?;
    for part in parts {
        cur = match cur {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The value of the first candidate present and not null, with its name.
pub fn pick<'a>(obj: &'a Map<String, Value>, spec: &'a FieldSpec) -> Option<(&'a str, &'a Value)> {
    spec.candidates
        .iter()
        .find_map(|name| match lookup(obj, name) {
            None | Some(Value::Null) => None,
            Some(v) => Some((name.as_str(), v)),
        })
}

/// The first of `spec`'s names present with the value `null`, if any:
/// the reason a required field was not found, worth saying.
pub fn null_field<'a>(obj: &Map<String, Value>, spec: &'a FieldSpec) -> Option<&'a str> {
    spec.candidates
        .iter()
        .find(|name| matches!(lookup(obj, name), Some(Value::Null)))
        .map(String::as_str)
}

/// A scalar field as a string; arrays and objects are refused with a reason.
pub fn scalar_string(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) => Err(format!("field '{name}' is an array, expected a string")),
        Value::Object(_) => Err(format!("field '{name}' is an object, expected a string")),
    }
}

/// Which column of a CSV header fills each role (`None`: no such column).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Column of the id.
    pub id: Option<usize>,
    /// Column of the text.
    pub text: Option<usize>,
    /// Column of the title.
    pub title: Option<usize>,
    /// Column of the source.
    pub source: Option<usize>,
    /// Column of the date.
    pub date: Option<usize>,
    /// Column of the url.
    pub url: Option<usize>,
}

impl Columns {
    /// Match a header row against the field names (case-insensitive, first
    /// candidate present wins).
    pub fn from_header(fields: &Fields, header: &[String]) -> Columns {
        let find = |spec: &FieldSpec| {
            spec.candidates.iter().find_map(|name| {
                header
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(name))
            })
        };
        Columns {
            id: find(&fields.id),
            text: find(&fields.text),
            title: find(&fields.title),
            source: find(&fields.source),
            date: find(&fields.date),
            url: find(&fields.url),
        }
    }
}
