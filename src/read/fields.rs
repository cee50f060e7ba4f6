//! Which input field fills which part of a [`Record`].
//!
//! Dumps name their fields every which way (`body`, `content`, `article`...),
//! so each role has a list of common names tried in order; a flag such as
//! `--text-field` replaces the list with one dotted path into nested objects.
//! The defaults include the names real scrapers write: news-please
//! (`maintext`, `date_publish`, `source_domain`), trafilatura (`text`,
//! `date`, `sitename`, `hostname`, and `source`, which holds the page's URL:
//! the outlet is then its host, see `Meta::outlet_of`) and Common Crawl
//! news extracts (`content`, `published_at`, `domain`).

use serde_json::{Map, Value};

/// One role of a record (`text`, `id`...) and the field names that may fill it.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The role, as named in messages.
    pub role: &'static str,
    /// Dotted paths tried in order; the first present, non-null one wins.
    pub candidates: Vec<String>,
    /// The names tried when no flag is given: inside an object found where
    /// a string was expected, the ones worth suggesting.
    defaults: &'static [&'static str],
}

impl FieldSpec {
    fn new(
        role: &'static str,
        given: Option<&str>,
        defaults: &'static [&'static str],
    ) -> FieldSpec {
        let candidates = match given {
            Some(path) => vec![path.to_string()],
            None => defaults.iter().map(|s| s.to_string()).collect(),
        };
        FieldSpec {
            role,
            candidates,
            defaults,
        }
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
pub const TEXT_FIELDS: &[&str] = &["text", "content", "body", "article", "maintext"];

/// Default names of the other roles.
const ID_FIELDS: &[&str] = &["id", "uuid", "url"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const SOURCE_FIELDS: &[&str] = &[
    "source",
    "outlet",
    "publication",
    "domain",
    "source_domain",
    "sitename",
    "hostname",
];
const DATE_FIELDS: &[&str] = &["date", "published", "published_at", "date_publish"];
const URL_FIELDS: &[&str] = &["url", "link"];

impl Fields {
    /// Resolve the user's names against the defaults.
    ///
    /// (The text field's defaults are [`TEXT_FIELDS`].)
    pub fn new(names: &FieldNames) -> Fields {
        Fields {
            id: FieldSpec::new("id", names.id.as_deref(), ID_FIELDS),
            text: FieldSpec::new("text", names.text.as_deref(), TEXT_FIELDS),
            title: FieldSpec::new("title", names.title.as_deref(), TITLE_FIELDS),
            source: FieldSpec::new("source", names.source.as_deref(), SOURCE_FIELDS),
            date: FieldSpec::new("date", names.date.as_deref(), DATE_FIELDS),
            url: FieldSpec::new("url", names.url.as_deref(), URL_FIELDS),
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

/// A scalar field `name` filling `spec`'s role as a string; arrays and
/// objects are refused with a reason, and an object with the flag that
/// would pick the string inside it.
pub fn scalar_string(spec: &FieldSpec, name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) => Err(format!("field '{name}' is an array, expected a string")),
        Value::Object(inner) => Err(format!(
            "field '{name}' is an object, expected a string; {}",
            object_hint(spec, name, inner)
        )),
    }
}

/// What to say of an object found where `spec`'s string was expected: the
/// flag naming the string inside it under one of the role's usual names
/// (`article` holding `{"maintext": ...}`: `--text-field article.maintext`),
/// else the object's keys.
fn object_hint(spec: &FieldSpec, name: &str, inner: &Map<String, Value>) -> String {
    let flag = format!("--{}-field", spec.role);
    let inside = spec
        .defaults
        .iter()
        .find(|key| matches!(inner.get(**key), Some(Value::String(_))));
    if let Some(key) = inside {
        return format!("did you mean {flag} {name}.{key}?");
    }
    const SHOWN: usize = 8;
    let mut keys: Vec<&str> = inner.keys().take(SHOWN).map(String::as_str).collect();
    if inner.len() > SHOWN {
        keys.push("...");
    }
    if keys.is_empty() {
        return "it is empty".to_string();
    }
    format!(
        "its keys are {}; name the one to read with {flag} {name}.KEY",
        keys.join(", ")
    )
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
