//! How counts and paragraph ranges are put in words, the same in the text
//! output and the report: "1 group", "2 groups"; "paragraph 5 of its 5",
//! not "paragraphs 5 of 5".

use crate::align::ParagraphCoverage;

/// `1 group`, `2 groups`, `0 groups`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `1 has`, `2 have`.
pub(crate) fn plural_verb(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many records quote the groups, and along how many edges (a record
/// quoting three groups is one record and three edges): "no other record
/// quotes them", "217 records quote them (799 related edges)".
pub(crate) fn quoting(records: usize, edges: usize) -> String {
    match records {
        0 => "no other record quotes them".to_string(),
        n => format!(
            "{} them ({})",
            plural_verb(n, "record quotes", "records quote"),
            plural(edges, "related edge")
        ),
    }
}

/// Which of a text's paragraphs another printed, said of that text ("its"):
/// `paragraph 5 of its 5`, `paragraphs 1-3 and 6 of its 8`, `all 3 of its
/// paragraphs`, `none of its 8 paragraphs`.
pub(crate) fn paragraphs(p: &ParagraphCoverage) -> String {
    if p.absent.is_empty() {
        return match p.count {
            1 => "its one paragraph".to_string(),
            n => format!("all {n} of its paragraphs"),
        };
    }
    if p.printed.is_empty() {
        return format!("none of its {}", plural(p.count, "paragraph"));
    }
    let ranges: Vec<String> = p
        .printed
        .iter()
        .map(|r| {
            if r[0] == r[1] {
                r[0].to_string()
            } else {
                format!("{}-{}", r[0], r[1])
            }
        })
        .collect();
    let one = p.printed.len() == 1 && p.printed[0][0] == p.printed[0][1];
    let list = match ranges.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => ranges.join(""),
    };
    format!(
        "paragraph{} {list} of its {}",
        if one { "" } else { "s" },
        p.count
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cov(flags: &[bool]) -> String {
        paragraphs(&ParagraphCoverage::from_flags(flags))
    }

    #[test]
    fn one_paragraph_is_named_as_one() {
        assert_eq!(
            cov(&[false, false, false, false, true]),
            "paragraph 5 of its 5"
        );
        assert_eq!(cov(&[true, true, true, false]), "paragraphs 1-3 of its 4");
        assert_eq!(
            cov(&[true, true, false, true, false, true]),
            "paragraphs 1-2, 4 and 6 of its 6"
        );
        assert_eq!(cov(&[true; 3]), "all 3 of its paragraphs");
        assert_eq!(cov(&[true]), "its one paragraph");
        assert_eq!(cov(&[false; 2]), "none of its 2 paragraphs");
        assert_eq!(cov(&[false]), "none of its 1 paragraph");
    }

    #[test]
    fn quoting_counts_records_and_edges_apart() {
        assert_eq!(quoting(0, 0), "no other record quotes them");
        assert_eq!(quoting(1, 2), "1 record quotes them (2 related edges)");
        assert_eq!(
            quoting(217, 799),
            "217 records quote them (799 related edges)"
        );
        assert_eq!(quoting(1, 1), "1 record quotes them (1 related edge)");
    }

    #[test]
    fn counts_are_worded_in_the_singular_for_one() {
        assert_eq!(plural(1, "group"), "1 group");
        assert_eq!(plural(0, "group"), "0 groups");
        assert_eq!(plural(3, "related record"), "3 related records");
        assert_eq!(plural_verb(1, "has", "have"), "1 has");
        assert_eq!(plural_verb(2, "has", "have"), "2 have");
    }
}
