//! The recheck: the kept records grouped again, alone, as a run of
//! `reprint` on dedup's output would group them.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::config::DedupConfig;
use super::inputs::Prepared;
use super::load::find_job;
use super::plan::{Fate, keeper};
use crate::detect::analyze;
use crate::detect::corpus::Corpus;
use crate::read::Records;

/// Most rounds of [`recheck_kept`]; each removes at least one record, and
/// in practice one round finds nothing.
const RECHECK_ROUNDS: usize = 8;

/// Group the kept records again, alone, until they hold no group.
///
/// Boilerplate is learned from the records at hand, so the output (fewer
/// records) can see a line as ordinary text that the whole input saw as
/// boilerplate, and two records that had next to nothing left to compare
/// become alike. `reprint` run on dedup's output must find no group, so
/// the output is checked as that run would check it, and what it groups
/// is removed too.
pub fn recheck_kept(
    prepared: &Prepared,
    config: &DedupConfig,
    corpus: &Corpus,
    fates: &mut [Fate],
) -> Result<()> {
    let index: HashMap<&str, usize> = corpus
        .metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    for _ in 0..RECHECK_ROUNDS {
        // Nothing removed: the kept records are the input, already checked.
        if fates.iter().all(|f| *f == Fate::Keep) {
            return Ok(());
        }
        let kept: HashSet<&str> = corpus
            .metas
            .iter()
            .zip(fates.iter())
            .filter(|(_, f)| **f == Fate::Keep)
            .map(|(m, _)| m.id.as_str())
            .collect();
        let find = find_job(config, prepared.inputs(), prepared.format, true);
        let records = Records::new(find.inputs.clone(), find.read.clone())
            .messages(find.messages)
            .filter(|item| match item {
                Ok(rec) => kept.contains(rec.id.as_str()),
                Err(_) => false,
            });
        let mut again = find.featurize(records, true)?;
        let analysis = analyze(&mut again, find.params(), &find.messages);
        again.check_sets()?;
        if analysis.groups.is_empty() {
            return Ok(());
        }
        let ranks = again.ranks();
        for group in &analysis.groups {
            let kept = index[again.metas[keeper(group, &ranks, config.keep)].id.as_str()];
            for &m in &group.members {
                let m = index[again.metas[m].id.as_str()];
                if m != kept {
                    fates[m] = Fate::Removed { kept };
                }
            }
        }
        follow_chains(fates);
    }
    Ok(())
}

/// A record removed earlier for one removed now names the one kept.
fn follow_chains(fates: &mut [Fate]) {
    for i in 0..fates.len() {
        while let Fate::Removed { kept } = fates[i] {
            match fates[kept] {
                Fate::Removed { kept: next } if next != kept => {
                    fates[i] = Fate::Removed { kept: next }
                }
                _ => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_records_name_the_end_of_their_chain() {
        // 1 was removed for 0; now 0 is removed for 3, and 2 for 1.
        let mut fates = vec![
            Fate::Removed { kept: 3 },
            Fate::Removed { kept: 0 },
            Fate::Removed { kept: 1 },
            Fate::Keep,
            Fate::Keep,
        ];
        follow_chains(&mut fates);
        let kept = Fate::Removed { kept: 3 };
        assert_eq!(fates, [kept, kept, kept, Fate::Keep, Fate::Keep]);
    }
}
