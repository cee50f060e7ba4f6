//! Scoring reprint's groups against a hand-labelled truth file.
//!
//! This backs `reprint eval --truth TRUTH GROUPS`: a researcher labels a
//! sample of their own corpus, runs reprint on it, and checks how well the
//! chosen thresholds recover the labels.
//!
//! # Inputs
//!
//! The truth file is JSON Lines, one object per record:
//! `{"id": str, "story": str, "kind": KIND, "event": str}` where `event` is
//! optional and KIND is one of `original`, `reprint`, `partial`,
//! `derivative`, `independent`. Records with the same `story` are copies of
//! one story (an original, its full reprints, its partial excerpts) and
//! should be grouped. A derivative (a rewrite quoting the story) and an
//! independent story (another outlet's own report) have their own story
//! slug; records that share an `event` but not a `story` are same-event
//! neighbours and should not be grouped. Other keys are ignored.
//!
//! The groups file is reprint's own output, JSON Lines or one JSON array;
//! only each group's `members[].id` is read. Truth records that are in no
//! group count as groups of one.
//!
//! # Metrics
//!
//! All are counted over pairs of truth records. A *true pair* has both
//! records in one story; a *predicted pair* has both in one group; a
//! *correct pair* is both.
//!
//! - precision = correct / predicted pairs, recall = correct / true pairs
//!   (each 1.0 when its denominator is 0), F1 = their harmonic mean.
//! - adjusted Rand index (Hubert & Arabie 1985) of the groups against the
//!   stories, over every truth record: `(I - E) / (M - E)` with `I` the
//!   correct pairs, `E = predicted * true / (n choose 2)` and
//!   `M = (predicted + true) / 2`. It is 1 for a perfect grouping and about
//!   0 for a random one; it is 1.0 when `M = E`, which happens only when both
//!   partitions are all singletons or both a single group.
//! - reprint recall and partial recall: among true pairs with at least one
//!   record of that kind, the share predicted together.
//! - derivative false-merge rate: among pairs of a derivative and a record of
//!   another story with the same event, the share predicted together.
//!   Independent false-merge rate: the same for pairs with at least one
//!   independent record (same event, different stories).
//!
//! A rate over zero pairs is `None` (`null` in JSON), and so are the
//! false-merge rates when no truth record has an `event`.
//!
//! Pairs are never listed one by one: every count is a sum of
//! `n choose 2` over the cells of a contingency table (group x story, and so
//! on), so scoring is linear in the number of records.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hash;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::{Map, Value};

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

/// A rate over a set of record pairs, with the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// `together / pairs`; `None` when there are no pairs.
    pub rate: Option<f64>,
    /// Pairs of the set that are in one predicted group.
    pub together: u64,
    /// Pairs in the set.
    pub pairs: u64,
}

impl Rate {
    fn new(together: u64, pairs: u64) -> Rate {
        let rate = (pairs > 0).then(|| together as f64 / pairs as f64);
        Rate {
            rate,
            together,
            pairs,
        }
    }
}

/// How well a grouping matches the truth. See the module docs for the
/// definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Truth records (the groups file may not name records outside it).
    pub records: usize,
    /// Predicted groups with two or more members.
    pub groups: usize,
    /// Pairs of records in the same story.
    pub true_pairs: u64,
    /// Pairs of records in the same predicted group.
    pub predicted_pairs: u64,
    /// Pairs that are both true and predicted.
    pub correct_pairs: u64,
    /// `correct_pairs / predicted_pairs` (1.0 when nothing is predicted).
    pub precision: f64,
    /// `correct_pairs / true_pairs` (1.0 when there are no true pairs).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Adjusted Rand index of the groups against the stories.
    pub ari: f64,
    /// Recall over true pairs involving a full reprint.
    pub reprint_recall: Rate,
    /// Recall over true pairs involving a partial excerpt.
    pub partial_recall: Rate,
    /// Whether any truth record has an `event` (without events the
    /// false-merge rates cannot be measured).
    pub events_labelled: bool,
    /// Share of (derivative, same event, other story) pairs grouped.
    pub derivative_false_merges: Rate,
    /// Share of (independent, same event, other story) pairs grouped.
    pub independent_false_merges: Rate,
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

/// Read reprint's groups (JSON Lines, or one JSON array) as lists of member
/// ids.
///
/// Entry `i` is the group that starts on line `i + 1`, so that [`score`] can
/// name lines in its messages: lines that start no group (blank lines, the
/// brackets of an array) give empty entries, which [`score`] ignores. In a
/// JSON array with several groups on one line that cannot hold, and entries
/// simply follow the array's order.
pub fn read_groups(path: &Path) -> Result<Vec<Vec<String>>> {
    let name = path.display().to_string();
    let text = read_text(path, &name)?;
    parse_groups(&name, &text)
}

/// Parse groups file contents as [`read_groups`] does; `name` is used in
/// messages.
pub fn parse_groups(name: &str, text: &str) -> Result<Vec<Vec<String>>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut groups = Vec::new();
    if text.trim_start().starts_with('[') {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let at = Location {
                name,
                line: e.line(),
            };
            json_error(at, &e)
        })?;
        let Value::Array(items) = value else {
            unreachable!("a JSON text starting with '[' is an array");
        };
        for (item, line) in items.into_iter().zip(element_lines(text)) {
            let at = Location { name, line };
            let Value::Object(obj) = item else {
                bail!("{at}: expected a group object, found {}", type_name(&item));
            };
            while groups.len() + 1 < line {
                groups.push(Vec::new());
            }
            groups.push(members(&obj, at)?);
        }
    } else {
        for (n, line) in text.lines().enumerate() {
            let at = Location { name, line: n + 1 };
            if line.trim().is_empty() {
                groups.push(Vec::new());
                continue;
            }
            groups.push(members(&parse_object(line, at)?, at)?);
        }
    }
    Ok(groups)
}

/// Score `groups` (as from [`read_groups`]) against `truth`.
///
/// Fails when a group names an id that is not in the truth file, or names an
/// id twice, or when two groups share an id; `groups_name` and the entry's
/// position (its line, see [`read_groups`]) locate the problem.
pub fn score(truth: &Truth, groups: &[Vec<String>], groups_name: &str) -> Result<Scores> {
    let n = truth.records.len();
    // Predicted group of every truth record; records in no group get a
    // group of their own, numbered after the real ones.
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut real_groups = 0;
    for (g, members) in groups.iter().enumerate() {
        let at = Location {
            name: groups_name,
            line: g + 1,
        };
        for id in members {
            let Some(r) = truth.position(id) else {
                bail!("{at}: id '{id}' is not in the truth file");
            };
            match group_of[r] {
                Some(h) if h == g => bail!("{at}: id '{id}' appears twice in this group"),
                Some(h) => bail!("{at}: id '{id}' is also in the group on line {}", h + 1),
                None => group_of[r] = Some(g),
            }
        }
        if members.len() >= 2 {
            real_groups += 1;
        }
    }
    let group: Vec<usize> = (0..n)
        .map(|r| group_of[r].unwrap_or(groups.len() + r))
        .collect();

    // Small integer ids for stories and events.
    let story = intern(truth.records.iter().map(|r| Some(r.story.as_str())));
    let event = intern(truth.records.iter().map(|r| r.event.as_deref()));
    let kinds: Vec<Kind> = truth.records.iter().map(|r| r.kind).collect();
    let cells = |key: &dyn Fn(usize) -> Option<(usize, usize, usize)>| tally(&kinds, key);

    // Contingency tables. A cell's `pairs_with(kind)` counts the pairs inside
    // it that involve at least one record of that kind.
    let by_story = cells(&|r| Some((story[r]?, 0, 0)));
    let by_group = cells(&|r| Some((group[r], 0, 0)));
    let by_group_story = cells(&|r| Some((group[r], story[r]?, 0)));
    let true_pairs = sum(&by_story, |c| c.pairs());
    let predicted_pairs = sum(&by_group, |c| c.pairs());
    let correct_pairs = sum(&by_group_story, |c| c.pairs());

    let precision = ratio_or_one(correct_pairs, predicted_pairs);
    let recall = ratio_or_one(correct_pairs, true_pairs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };

    let all_pairs = choose2(n as u64) as f64;
    let expected = predicted_pairs as f64 * true_pairs as f64 / all_pairs.max(1.0);
    let max = (predicted_pairs + true_pairs) as f64 / 2.0;
    let ari = if max - expected == 0.0 {
        1.0
    } else {
        (correct_pairs as f64 - expected) / (max - expected)
    };

    let kind_recall = |k: Kind| {
        Rate::new(
            sum(&by_group_story, |c| c.pairs_with(k)),
            sum(&by_story, |c| c.pairs_with(k)),
        )
    };

    // Same-event, different-story pairs: the pairs within an event minus
    // those within an (event, story) cell; likewise for the ones grouped.
    let by_event = cells(&|r| Some((event[r]?, 0, 0)));
    let by_event_story = cells(&|r| Some((event[r]?, story[r]?, 0)));
    let by_event_group = cells(&|r| Some((event[r]?, group[r], 0)));
    let by_event_group_story = cells(&|r| Some((event[r]?, group[r], story[r]?)));
    let false_merges = |k: Kind| {
        Rate::new(
            sum(&by_event_group, |c| c.pairs_with(k))
                - sum(&by_event_group_story, |c| c.pairs_with(k)),
            sum(&by_event, |c| c.pairs_with(k)) - sum(&by_event_story, |c| c.pairs_with(k)),
        )
    };

    Ok(Scores {
        records: n,
        groups: real_groups,
        true_pairs,
        predicted_pairs,
        correct_pairs,
        precision,
        recall,
        f1,
        ari,
        reprint_recall: kind_recall(Kind::Reprint),
        partial_recall: kind_recall(Kind::Partial),
        events_labelled: event.iter().any(Option::is_some),
        derivative_false_merges: false_merges(Kind::Derivative),
        independent_false_merges: false_merges(Kind::Independent),
    })
}

/// The scores as an aligned table for people: one metric per line, with the
/// pair counts behind it.
pub fn render_table(s: &Scores) -> String {
    let fixed = |x: f64| format!("{x:.4}");
    let rate = |r: &Rate, what: &str, none: &str| match r.rate {
        Some(x) => (fixed(x), format!("{} of {} {what}", r.together, r.pairs)),
        None => ("n/a".to_string(), none.to_string()),
    };
    let no_pairs = |what: &str| format!("no {what}");
    let no_events = "no event labels in the truth file".to_string();
    let false_merge_none = |what: &str| {
        if s.events_labelled {
            no_pairs(what)
        } else {
            no_events.clone()
        }
    };
    let deriv = "same-event pairs with a derivative";
    let indep = "same-event pairs with an independent story";
    let rows: Vec<(&str, (String, String))> = vec![
        ("records", (s.records.to_string(), String::new())),
        (
            "groups",
            (s.groups.to_string(), "with two or more members".into()),
        ),
        (
            "true pairs",
            (s.true_pairs.to_string(), "pairs in the same story".into()),
        ),
        (
            "predicted pairs",
            (
                s.predicted_pairs.to_string(),
                "pairs in the same group".into(),
            ),
        ),
        (
            "precision",
            (
                fixed(s.precision),
                format!(
                    "{} of {} predicted pairs are true",
                    s.correct_pairs, s.predicted_pairs
                ),
            ),
        ),
        (
            "recall",
            (
                fixed(s.recall),
                format!("{} of {} true pairs found", s.correct_pairs, s.true_pairs),
            ),
        ),
        ("F1", (fixed(s.f1), String::new())),
        ("adjusted Rand index", (fixed(s.ari), String::new())),
        (
            "reprint recall",
            rate(
                &s.reprint_recall,
                "true pairs with a reprint found",
                &no_pairs("true pairs with a reprint"),
            ),
        ),
        (
            "partial recall",
            rate(
                &s.partial_recall,
                "true pairs with a partial found",
                &no_pairs("true pairs with a partial"),
            ),
        ),
        (
            "derivative false merges",
            rate(
                &s.derivative_false_merges,
                &format!("{deriv} grouped"),
                &false_merge_none(deriv),
            ),
        ),
        (
            "independent false merges",
            rate(
                &s.independent_false_merges,
                &format!("{indep} grouped"),
                &false_merge_none(indep),
            ),
        ),
    ];
    let label_width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, (v, _))| v.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, (value, note)) in &rows {
        let line = format!("{label:<label_width$}  {value:>value_width$}  {note}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// A place in an input file, shown as `name:line`.
#[derive(Clone, Copy)]
struct Location<'a> {
    name: &'a str,
    line: usize,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, self.line)
    }
}

fn read_text(path: &Path, name: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))
}

/// A serde_json error as `name:line: malformed JSON at column C: what`.
fn json_error(at: Location, e: &serde_json::Error) -> anyhow::Error {
    let msg = e.to_string();
    // serde_json appends its own " at line L column C"; we say it our way.
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = msg.strip_suffix(&suffix).unwrap_or(&msg);
    anyhow::anyhow!("{at}: malformed JSON at column {}: {what}", e.column())
}

fn parse_object(line: &str, at: Location) -> Result<Map<String, Value>> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    match serde_json::from_str(line) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(other) => bail!("{at}: expected a JSON object, found {}", type_name(&other)),
        Err(e) => Err(json_error(at, &e)),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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

/// The member ids of one group object.
fn members(obj: &Map<String, Value>, at: Location) -> Result<Vec<String>> {
    let Some(list) = obj.get("members") else {
        bail!("{at}: missing field \"members\" (expected a group from reprint's output)");
    };
    let Value::Array(list) = list else {
        bail!(
            "{at}: field \"members\" must be an array, found {}",
            type_name(list)
        );
    };
    list.iter()
        .enumerate()
        .map(|(i, m)| match m {
            Value::Object(m) => match m.get("id") {
                Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
                _ => bail!("{at}: member {} has no \"id\" string", i + 1),
            },
            other => bail!(
                "{at}: member {} must be an object with an \"id\", found {}",
                i + 1,
                type_name(other)
            ),
        })
        .collect()
}

/// The line on which each element of a (valid) top-level JSON array starts.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if depth == 1 && expecting && c != ']' {
            lines.push(line);
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            ']' | '}' => depth -= 1,
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

/// Small integer ids for the distinct present values, in order of first
/// appearance.
fn intern<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Vec<Option<usize>> {
    let mut ids = HashMap::new();
    values
        .map(|v| {
            v.map(|v| {
                let next = ids.len();
                *ids.entry(v).or_insert(next)
            })
        })
        .collect()
}

/// One cell of a contingency table: how many records, and how many of each
/// kind.
#[derive(Default)]
struct Cell {
    n: u64,
    of_kind: [u64; Kind::ALL.len()],
}

impl Cell {
    /// Pairs inside the cell.
    fn pairs(&self) -> u64 {
        choose2(self.n)
    }

    /// Pairs inside the cell with at least one record of kind `k`: all pairs
    /// minus those among the other records.
    fn pairs_with(&self, k: Kind) -> u64 {
        choose2(self.n) - choose2(self.n - self.of_kind[k as usize])
    }
}

/// Cells of records by `key`; records whose key is `None` are left out.
fn tally<K: Hash + Eq>(kinds: &[Kind], key: &dyn Fn(usize) -> Option<K>) -> Vec<Cell> {
    let mut cells: HashMap<K, Cell> = HashMap::new();
    for (r, &kind) in kinds.iter().enumerate() {
        if let Some(k) = key(r) {
            let cell = cells.entry(k).or_default();
            cell.n += 1;
            cell.of_kind[kind as usize] += 1;
        }
    }
    cells.into_values().collect()
}

fn sum(cells: &[Cell], f: impl Fn(&Cell) -> u64) -> u64 {
    cells.iter().map(f).sum()
}

fn choose2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn ratio_or_one(num: u64, den: u64) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A truth file from `(id, story, kind, event)` rows.
    fn truth(rows: &[(&str, &str, &str, Option<&str>)]) -> Truth {
        let text: String = rows
            .iter()
            .map(|(id, story, kind, event)| {
                let mut v = serde_json::json!({"id": id, "story": story, "kind": kind});
                if let Some(e) = event {
                    v["event"] = (*e).into();
                }
                format!("{v}\n")
            })
            .collect();
        parse_truth("truth.jsonl", &text).unwrap()
    }

    fn groups(gs: &[&[&str]]) -> Vec<Vec<String>> {
        gs.iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    /// Two stories with a derivative and an independent neighbour.
    fn sample() -> Truth {
        truth(&[
            ("a1", "a", "original", Some("fire")),
            ("a2", "a", "reprint", Some("fire")),
            ("a3", "a", "partial", Some("fire")),
            ("a-rewrite", "a-rewrite", "derivative", Some("fire")),
            ("a-own", "a-own", "independent", Some("fire")),
            ("b1", "b", "original", Some("vote")),
            ("b2", "b", "reprint", Some("vote")),
            ("c1", "c", "original", Some("c")),
        ])
    }

    #[test]
    fn perfect_grouping() {
        let s = score(
            &sample(),
            &groups(&[&["a1", "a2", "a3"], &["b1", "b2"]]),
            "g",
        )
        .unwrap();
        assert_eq!(
            (s.true_pairs, s.predicted_pairs, s.correct_pairs),
            (4, 4, 4)
        );
        assert_eq!((s.precision, s.recall, s.f1, s.ari), (1.0, 1.0, 1.0, 1.0));
        assert_eq!(s.groups, 2);
        assert_eq!(s.records, 8);
        assert_eq!(s.reprint_recall, Rate::new(3, 3));
        assert_eq!(s.partial_recall, Rate::new(2, 2));
        // a-rewrite against a1, a2, a3 and a-own.
        assert_eq!(s.derivative_false_merges, Rate::new(0, 4));
        // a-own against a1, a2, a3 and a-rewrite.
        assert_eq!(s.independent_false_merges, Rate::new(0, 4));
        // Singletons written as groups of one change nothing.
        let with_singles = groups(&[
            &["a1", "a2", "a3"],
            &["a-rewrite"],
            &["a-own"],
            &["b1", "b2"],
            &["c1"],
        ]);
        assert_eq!(score(&sample(), &with_singles, "g").unwrap(), s);
    }

    #[test]
    fn derivative_merged_into_its_source() {
        let g = groups(&[&["a1", "a2", "a3", "a-rewrite"], &["b1", "b2"]]);
        let s = score(&sample(), &g, "g").unwrap();
        assert_eq!(s.derivative_false_merges, Rate::new(3, 4));
        assert_eq!(s.independent_false_merges, Rate::new(0, 4));
        assert_eq!((s.predicted_pairs, s.correct_pairs), (7, 4));
        assert_eq!(s.recall, 1.0);
        assert!(s.precision < 1.0 && s.ari < 1.0);
    }

    #[test]
    fn missed_partial() {
        let g = groups(&[&["a1", "a2"], &["b1", "b2"]]);
        let s = score(&sample(), &g, "g").unwrap();
        assert_eq!(s.partial_recall, Rate::new(0, 2));
        assert_eq!(s.reprint_recall, Rate::new(2, 3));
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
    }

    #[test]
    fn ari_matches_a_known_value() {
        // adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7.
        let t = truth(&[
            ("w", "x", "original", None),
            ("x", "x", "reprint", None),
            ("y", "y", "original", None),
            ("z", "y", "reprint", None),
        ]);
        let s = score(&t, &groups(&[&["w", "x"]]), "g").unwrap();
        assert!((s.ari - 4.0 / 7.0).abs() < 1e-12);
        // Nothing grouped, nothing to group: all agree.
        let t = truth(&[("w", "x", "original", None), ("y", "y", "original", None)]);
        let s = score(&t, &[], "g").unwrap();
        assert_eq!((s.precision, s.recall, s.ari), (1.0, 1.0, 1.0));
    }

    #[test]
    fn no_events_means_no_false_merge_rates() {
        let t = truth(&[
            ("a1", "a", "original", None),
            ("d", "d", "derivative", None),
        ]);
        let s = score(&t, &groups(&[&["a1", "d"]]), "g").unwrap();
        assert!(!s.events_labelled);
        assert_eq!(s.derivative_false_merges, Rate::new(0, 0));
        assert_eq!(s.derivative_false_merges.rate, None);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["derivative_false_merges"]["rate"], Value::Null);
        assert!(render_table(&s).contains("no event labels in the truth file"));
    }

    #[test]
    fn unknown_id_is_named_with_its_line() {
        let g = parse_groups(
            "groups.jsonl",
            "{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]}\n\n{\"members\":[{\"id\":\"x\"}]}\n",
        )
        .unwrap();
        let err = score(&sample(), &g, "groups.jsonl").unwrap_err();
        assert_eq!(
            err.to_string(),
            "groups.jsonl:3: id 'x' is not in the truth file"
        );
    }

    #[test]
    fn repeated_ids_in_groups() {
        let err = score(&sample(), &groups(&[&["a1", "a1"]]), "g.jsonl").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.jsonl:1: id 'a1' appears twice in this group"
        );
        let err = score(&sample(), &groups(&[&["a1", "a2"], &["a2"]]), "g.jsonl").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.jsonl:2: id 'a2' is also in the group on line 1"
        );
    }

    #[test]
    fn malformed_lines() {
        let err = parse_groups("groups.jsonl", "{\"members\":[]}\n{\"members\": [\n").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("groups.jsonl:2: malformed JSON at column "),
            "{msg}"
        );
        assert!(!msg.contains("at line"), "{msg}");
        let err = parse_groups("groups.jsonl", "{\"size\":2}\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("groups.jsonl:1: missing field \"members\"")
        );
        let err = parse_groups("groups.jsonl", "{\"members\":[{\"words\":3}]}\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "groups.jsonl:1: member 1 has no \"id\" string"
        );

        let ok = "{\"id\":\"a\",\"story\":\"s\",\"kind\":\"original\"}\n";
        let err = parse_truth("truth.jsonl", &format!("{ok}{{\"id\":\"b\",")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("truth.jsonl:2: malformed JSON at column ")
        );
        let err = parse_truth("t", "{\"id\":\"a\",\"kind\":\"original\"}").unwrap_err();
        assert_eq!(err.to_string(), "t:1: missing field \"story\"");
        let err = parse_truth("t", "{\"id\":\"a\",\"story\":\"s\",\"kind\":\"copy\"}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t:1: unknown kind 'copy' (allowed: original, reprint, partial, derivative, independent)"
        );
        let err = parse_truth("t", &format!("{ok}\n{ok}")).unwrap_err();
        assert_eq!(err.to_string(), "t:3: id 'a' is already on line 1");
        let err = parse_truth("t", "\n").unwrap_err();
        assert_eq!(err.to_string(), "t: no records in the truth file");
    }

    #[test]
    fn json_array_entries_follow_lines() {
        let jsonl =
            "{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]}\n{\"members\":[{\"id\":\"b1\"}]}\n";
        let array = "[\n{\"members\":[{\"id\":\"a1\"},{\"id\":\"a2\"}]},\n{\"members\":[{\"id\":\"b1\"}]}\n]\n";
        let from_lines = parse_groups("g", jsonl).unwrap();
        let from_array = parse_groups("g", array).unwrap();
        assert_eq!(from_lines.len(), 2);
        // The array's groups start on lines 2 and 3.
        assert_eq!(from_array[0], Vec::<String>::new());
        assert_eq!(from_array[1..], from_lines[..]);
        let pretty = serde_json::to_string_pretty(&serde_json::json!([
            {"members": [{"id": "a1"}, {"id": "a1"}]},
        ]))
        .unwrap();
        let g = parse_groups("g.json", &pretty).unwrap();
        let err = score(&sample(), &g, "g.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.json:2: id 'a1' appears twice in this group"
        );
        assert_eq!(parse_groups("g", "[]").unwrap(), Vec::<Vec<String>>::new());
        assert_eq!(parse_groups("g", "").unwrap(), Vec::<Vec<String>>::new());
    }

    #[test]
    fn table_has_a_line_per_metric() {
        let g = groups(&[&["a1", "a2", "a3", "a-rewrite"], &["b1", "b2"]]);
        let table = render_table(&score(&sample(), &g, "g").unwrap());
        assert_eq!(table.lines().count(), 12);
        assert!(table.contains("derivative false merges   0.7500  3 of 4 same-event pairs"));
        assert!(table.contains("\nprecision                 0.5714  4 of 7 predicted pairs"));
    }

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name)
    }

    #[test]
    fn fixtures_expected_groups_score_perfectly() {
        let truth = read_truth(&fixture("truth.jsonl")).unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap())
                .unwrap();
        let groups: Vec<Vec<String>> = serde_json::from_value(expected["groups"].clone()).unwrap();
        let s = score(&truth, &groups, "expected.json").unwrap();
        assert_eq!(s.records, 30);
        assert_eq!(s.groups, 6);
        assert_eq!((s.f1, s.ari), (1.0, 1.0));
        assert!(s.events_labelled);
        assert!(truth.records().iter().all(|r| r.event.is_some()));
        // takeover-midland-analysis against the three takeover copies.
        assert_eq!(s.derivative_false_merges, Rate::new(0, 3));
        // Each wildfire report against the three copies, and each other.
        assert_eq!(s.independent_false_merges, Rate::new(0, 7));
    }

    #[test]
    fn scores_the_pipeline_output_on_the_fixtures() {
        // End to end: reprint's own JSON Lines output must be readable and
        // name only truth ids. The scores depend on the whole pipeline and
        // are printed rather than asserted here.
        let truth = read_truth(&fixture("truth.jsonl")).unwrap();
        let inputs = vec![crate::Input::Path(fixture("news.jsonl"))];
        let job = crate::Job::new(inputs, Default::default(), Default::default())
            .unwrap()
            .messages(crate::Messages {
                quiet: true,
                ..Default::default()
            });
        let config = crate::Config {
            job,
            ..Default::default()
        };
        let mut out = Vec::new();
        crate::run_to_writer(&config, &mut out).unwrap();
        let groups = parse_groups("pipeline", &String::from_utf8(out).unwrap()).unwrap();
        let s = score(&truth, &groups, "pipeline").unwrap();
        assert_eq!(s.records, 30);
        println!("{}", render_table(&s));
    }
}
