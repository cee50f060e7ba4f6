//! The dates of the records spread looks at: counted, and an unparseable
//! one reported once per record (then only counted, so a corpus with a bad
//! date field does not bury the output in warnings) and treated as missing.

use super::model::DateCounts;
use crate::detect::corpus::Corpus;
use crate::messages::Messages;

/// Warnings about unparseable dates shown before the rest are only counted.
const MAX_DATE_WARNINGS: usize = 20;

/// Warn once per grouped record whose date does not parse; count dates.
pub(super) fn check_dates(
    corpus: &Corpus,
    group_of: &[usize],
    related_of: &[Vec<(usize, usize)>],
    messages: &Messages,
) -> DateCounts {
    let mut counts = DateCounts::default();
    let mut in_scope: Vec<bool> = group_of.iter().map(|&g| g != usize::MAX).collect();
    for &(_, d) in related_of.iter().flatten() {
        in_scope[d] = true;
    }
    for (i, meta) in corpus.metas.iter().enumerate() {
        if !in_scope[i] {
            continue;
        }
        match (meta.date.as_deref().map(str::trim), meta.timestamp) {
            (_, Some(_)) => counts.parsed += 1,
            (None | Some(""), None) => counts.missing += 1,
            (Some(date), None) => {
                counts.unparseable += 1;
                if counts.unparseable <= MAX_DATE_WARNINGS {
                    let why = corpus.dates.parse(date).err().unwrap_or_default();
                    messages.warn(format_args!(
                        "{}: record '{}': unparseable date '{}' ({why}), treated as missing",
                        meta.origin, meta.id, date
                    ));
                }
            }
        }
    }
    if counts.unparseable > MAX_DATE_WARNINGS {
        messages.warn(format_args!(
            "{} more records with an unparseable date, treated as missing",
            counts.unparseable - MAX_DATE_WARNINGS
        ));
    }
    counts
}
