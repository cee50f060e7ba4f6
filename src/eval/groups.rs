//! The groups file: reprint's own output, read back as lists of member
//! ids.
//!
//! Only `members[].id` is read. Groups are numbered by the line they start
//! on, so that scoring can point at the line of a group that names an
//! unknown or repeated id, in JSON Lines and in a pretty-printed array.

use anyhow::{Result, bail};
use serde_json::{Map, Value};

use super::input::{Location, json_error, parse_object, read_text, type_name};

/// Read reprint's groups (JSON Lines, or one JSON array) as lists of member
/// ids.
///
/// Entry `i` is the group that starts on line `i + 1`, so that [`super::score()`] can
/// name lines in its messages: lines that start no group (blank lines, the
/// brackets of an array) give empty entries, which [`super::score()`] ignores. In a
/// JSON array with several groups on one line that cannot hold, and entries
/// simply follow the array's order.
pub fn read_groups(path: &std::path::Path) -> Result<Vec<Vec<String>>> {
    read_groups_as(path, Reading::Groups)
}

/// What a predicted cluster is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reading {
    /// Each group.
    #[default]
    Groups,
    /// The groups that share a `story` id (write-thru versions linked),
    /// as one: the story's members are the entry of its first group.
    Stories,
}

/// Read the groups file as `reading` says (see [`read_groups`]).
pub fn read_groups_as(path: &std::path::Path, reading: Reading) -> Result<Vec<Vec<String>>> {
    let name = path.display().to_string();
    let text = read_text(path, &name)?;
    parse_groups_as(&name, &text, reading)
}

/// Parse groups file contents as [`read_groups`] does; `name` is used in
/// messages.
pub fn parse_groups(name: &str, text: &str) -> Result<Vec<Vec<String>>> {
    parse_groups_as(name, text, Reading::Groups)
}

/// Parse groups file contents as [`read_groups_as`] does.
pub fn parse_groups_as(name: &str, text: &str, reading: Reading) -> Result<Vec<Vec<String>>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut groups = Vec::new();
    let mut stories: Vec<Option<String>> = Vec::new();
    let story =
        |obj: &Map<String, Value>| obj.get("story").and_then(Value::as_str).map(String::from);
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
                stories.push(None);
            }
            groups.push(members(&obj, at)?);
            stories.push(story(&obj));
        }
    } else {
        for (n, line) in text.lines().enumerate() {
            let at = Location { name, line: n + 1 };
            if line.trim().is_empty() {
                groups.push(Vec::new());
                stories.push(None);
                continue;
            }
            let obj = parse_object(line, at)?;
            groups.push(members(&obj, at)?);
            stories.push(story(&obj));
        }
    }
    if reading == Reading::Stories {
        merge_stories(&mut groups, &stories);
    }
    Ok(groups)
}

/// Move the members of every group into the first group of its story.
fn merge_stories(groups: &mut [Vec<String>], stories: &[Option<String>]) {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, story) in stories.iter().enumerate() {
        let Some(story) = story else { continue };
        match first.get(story.as_str()) {
            None => {
                first.insert(story, i);
            }
            Some(&f) => {
                let moved = std::mem::take(&mut groups[i]);
                groups[f].extend(moved);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_lines_skip_nested_values_and_strings() {
        let text = "[\n{\"a\": [1,\n2]},\n\"x,\\\"]\" , {\n}\n,3]";
        assert_eq!(element_lines(text), [2, 4, 4, 6]);
        assert_eq!(element_lines("[]"), Vec::<usize>::new());
        assert_eq!(element_lines("[ {} ]"), [1]);
    }

    #[test]
    fn groups_of_one_story_are_one_cluster_when_read_as_stories() {
        let text = "{\"story\":\"s\",\"members\":[{\"id\":\"v0\"},{\"id\":\"v1\"}]}\n\
                    {\"story\":\"t\",\"members\":[{\"id\":\"x\"},{\"id\":\"y\"}]}\n\
                    {\"story\":\"s\",\"members\":[{\"id\":\"v2\"},{\"id\":\"v3\"}]}\n";
        let groups = parse_groups("g", text).unwrap();
        assert_eq!(groups.len(), 3);
        let stories = parse_groups_as("g", text, Reading::Stories).unwrap();
        assert_eq!(stories[0], ["v0", "v1", "v2", "v3"]);
        assert_eq!(stories[1], ["x", "y"]);
        assert!(stories[2].is_empty());
    }

    #[test]
    fn members_need_id_strings() {
        let at = Location { name: "g", line: 1 };
        let obj = |s: &str| parse_object(s, at).unwrap();
        assert_eq!(
            members(&obj("{\"members\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), at).unwrap(),
            ["a", "b"]
        );
        let err = members(&obj("{\"members\":{}}"), at).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g:1: field \"members\" must be an array, found an object"
        );
        let err = members(&obj("{\"members\":[3]}"), at).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g:1: member 1 must be an object with an \"id\", found a number"
        );
    }
}
