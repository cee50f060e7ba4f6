//! Lone UTF-16 surrogate escapes in a JSON line: `"\ud800"` is half of a
//! pair and no character, so serde_json refuses the line with "unexpected
//! end of hex escape". These find them (with the field they are in) so the
//! message can say what is wrong, and `--lossy` can read them as U+FFFD.

/// A lone surrogate escape: where its `\` is, and the key of the field
/// whose string holds it (the innermost, for nested objects).
#[derive(Debug, PartialEq, Eq)]
pub struct Lone {
    pub at: usize,
    pub field: Option<String>,
}

/// The lone surrogate escapes of `line`, in order.
pub fn lone(line: &str) -> Vec<Lone> {
    let b = line.as_bytes();
    let mut found = Vec::new();
    let mut last_key: Option<String> = None;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        // A string from `start` (past the quote) to its closing quote.
        let start = i + 1;
        let mut j = start;
        let mut here = Vec::new();
        while j < b.len() && b[j] != b'"' {
            if b[j] != b'\\' {
                j += 1;
                continue;
            }
            match (b.get(j + 1), hex4(b, j + 2)) {
                (Some(b'u'), Some(unit)) if (0xD800..0xDC00).contains(&unit) => {
                    let low = (b.get(j + 6) == Some(&b'\\') && b.get(j + 7) == Some(&b'u'))
                        .then(|| hex4(b, j + 8))
                        .flatten()
                        .filter(|u| (0xDC00..0xE000).contains(u));
                    if low.is_some() {
                        j += 12;
                    } else {
                        here.push(j);
                        j += 6;
                    }
                }
                (Some(b'u'), Some(unit)) if (0xDC00..0xE000).contains(&unit) => {
                    here.push(j);
                    j += 6;
                }
                _ => j += 2,
            }
        }
        let end = j.min(b.len());
        let next = b[(end + 1).min(b.len())..]
            .iter()
            .find(|c| !c.is_ascii_whitespace());
        let is_key = next == Some(&b':');
        let field = if is_key { None } else { last_key.clone() };
        found.extend(here.into_iter().map(|at| Lone {
            at,
            field: field.clone(),
        }));
        if is_key {
            last_key = Some(line[start..end].to_string());
        }
        i = end + 1;
    }
    found
}

/// The four hex digits at `at`, as a number.
fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(text, 16).ok()
}

/// `line` with each lone escape replaced by `\ufffd`.
pub fn replace(line: &str, lone: &[Lone]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut from = 0;
    for l in lone {
        out.push_str(&line[from..l.at]);
        out.push_str("\\ufffd");
        from = l.at + 6;
    }
    out.push_str(&line[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lone_halves_with_their_field() {
        let line = r#"{"id":"a","text":"x \ud800 y \ud83d\ude00 \udc00","n":{"t":"\ud801"}}"#;
        let got = lone(line);
        let fields: Vec<Option<&str>> = got.iter().map(|l| l.field.as_deref()).collect();
        assert_eq!(fields, [Some("text"), Some("text"), Some("t")]);
        assert_eq!(&line[got[0].at..got[0].at + 6], r"\ud800");
        let fixed = replace(line, &got);
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["text"], "x \u{FFFD} y \u{1F600} \u{FFFD}");
        // An escaped backslash before `u` is no escape.
        assert!(lone(r#"{"text":"\\ud800"}"#).is_empty());
    }
}
