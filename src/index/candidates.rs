//! Which indexed records a batch record may be a reprint of: those sharing
//! an LSH band key with it, and those sharing anchors by the main command's
//! rules, so a query proposes the pairs the main command would have.
//!
//! The anchor rules matter more here than anywhere: stock phrases are held
//! by hundreds of records of a big index, and proposing every holder of
//! every anchor made a 10,000-record batch against 200,000 indexed records
//! load and verify 2.9 million pairs. So, as in [`crate::detect::anchor`]:
//! - an indexed record must share [`MIN_HITS`] anchors with the batch
//!   record, unless either of them has no more anchors than that;
//! - an anchor held by more than [`STAR`] indexed records counts for its
//!   first holder only (the copy indexed first; the others are found
//!   through their rarer anchors or their band keys);
//! - an anchor held by more than `max_postings` records is common text and
//!   counts for none.

use std::collections::HashSet;

use anyhow::Result;
use rayon::prelude::*;
use redb::{ReadTransaction, ReadableTable};

use super::schema::{ANCHORS, BANDS, FEW_ANCHORS, Stored};
use crate::detect::anchor::{MIN_HITS, STAR};
use crate::detect::features::Features;
use crate::detect::lsh::band_key;
use crate::detect::params::Params;

/// (indexed record, batch record) candidate pairs, sorted and without
/// repeats. Indexed records in `exclude` (copies of batch records) are
/// never proposed.
pub fn pairs(
    txn: &ReadTransaction,
    stored: &Stored,
    batch: &[Features],
    params: &Params,
    exclude: &HashSet<u32>,
) -> Result<Vec<(u32, u32)>> {
    let bands = txn.open_table(BANDS)?;
    let anchors = txn.open_table(ANCHORS)?;
    let few: HashSet<u32> = txn
        .open_table(FEW_ANCHORS)?
        .iter()?
        .map(|entry| entry.map(|(n, _)| n.value()))
        .collect::<Result<_, _>>()?;
    let banding = stored.banding;
    let max_postings = params.max_postings;
    let live: Vec<(u32, &Features)> = batch
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.shingles.is_empty())
        .map(|(i, f)| (i as u32, f))
        .collect();

    // A big bucket is one story printed many times: its first records are
    // enough to join the group.
    let keys_of = |f: &Features| -> Vec<u64> {
        (0..banding.bands)
            .map(|b| band_key(&f.signature, banding, b))
            .collect()
    };
    let band_keys: Vec<Vec<u64>> = live.par_iter().map(|(_, f)| keys_of(f)).collect();
    let buckets = Postings::look_up(band_keys.iter().flatten().copied(), |key| {
        bands
            .range((key, 0)..=(key, u32::MAX))?
            .take(params.max_bucket)
            .map(|entry| Ok(entry?.0.value().1))
            .collect()
    })?;
    // One more than `max_postings`, to tell an anchor held too widely.
    let holders = Postings::look_up(
        live.iter().flat_map(|(_, f)| f.anchors.iter().copied()),
        |a| {
            anchors
                .range((a, 0)..=(a, u32::MAX))?
                .take(max_postings + 1)
                .map(|entry| Ok(entry?.0.value().1))
                .collect()
        },
    )?;
    let proposal = Proposal {
        buckets: &buckets,
        holders: &holders,
        few: &few,
        max_postings,
    };
    let per_record: Vec<Vec<(u32, u32)>> = live
        .par_iter()
        .zip(&band_keys)
        .map_init(Vec::new, |met: &mut Vec<u32>, (&(i, f), keys)| {
            proposal.for_record(i, f, keys, met)
        })
        .collect();
    let mut pairs: Vec<(u32, u32)> = per_record.into_iter().flatten().collect();
    pairs.retain(|(n, _)| !exclude.contains(n));
    pairs.par_sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// What the batch's keys were found to be held by, and the rules that
/// turn holders into proposals.
struct Proposal<'a> {
    buckets: &'a Postings<u64>,
    holders: &'a Postings<u32>,
    few: &'a HashSet<u32>,
    max_postings: usize,
}

impl Proposal<'_> {
    /// The (indexed, batch) pairs batch record `i` proposes: every holder
    /// of one of its band keys, and holders of its anchors by the anchor
    /// rules. `met` is scratch space.
    fn for_record(
        &self,
        i: u32,
        f: &Features,
        keys: &[u64],
        met: &mut Vec<u32>,
    ) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = keys
            .iter()
            .flat_map(|&key| self.buckets.of(key))
            .map(|&n| (n, i))
            .collect();
        met.clear();
        for &a in &f.anchors {
            let held = self.holders.of(a);
            match held.len() {
                n if n > self.max_postings => {}
                n if n > STAR => met.push(held[0]),
                _ => met.extend_from_slice(held),
            }
        }
        met.sort_unstable();
        let short = f.anchors.len() <= MIN_HITS;
        out.extend(
            met.chunk_by(|x, y| x == y)
                .filter(|run| run.len() >= MIN_HITS || short || self.few.contains(&run[0]))
                .map(|run| (run[0], i)),
        );
        out
    }
}

/// The indexed records holding each key a batch asked for.
///
/// Each distinct key is looked up once, and in key order: copies of one
/// story in a batch ask for the same keys, and neighbouring keys share the
/// B-tree pages a lookup reads.
struct Postings<K> {
    /// Distinct keys, sorted.
    keys: Vec<K>,
    /// `records[k]`: the records holding `keys[k]`, in record order.
    records: Vec<Vec<u32>>,
}

impl<K: Ord + Copy + Send + Sync> Postings<K> {
    fn look_up(
        keys: impl Iterator<Item = K>,
        scan: impl Fn(K) -> Result<Vec<u32>, redb::StorageError> + Sync,
    ) -> Result<Postings<K>> {
        let mut keys: Vec<K> = keys.collect();
        keys.par_sort_unstable();
        keys.dedup();
        let records = keys
            .par_chunks(1024)
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|&k| scan(k))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect();
        Ok(Postings { keys, records })
    }

    /// The records holding `key`, which must have been looked up.
    fn of(&self, key: K) -> &[u32] {
        self.keys
            .binary_search(&key)
            .map_or(&[], |k| &self.records[k])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::RECORDS;

    /// An index whose anchor table holds `postings` (anchor, record) and
    /// whose short records are `few`; no band keys.
    fn index(postings: &[(u32, u32)], few: &[u32]) -> (tempfile::TempDir, redb::Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = redb::Database::create(dir.path().join("t.idx")).unwrap();
        let txn = db.begin_write().unwrap();
        {
            txn.open_table(RECORDS).unwrap();
            txn.open_table(BANDS).unwrap();
            let mut anchors = txn.open_table(ANCHORS).unwrap();
            for &p in postings {
                anchors.insert(p, ()).unwrap();
            }
            let mut table = txn.open_table(FEW_ANCHORS).unwrap();
            for &n in few {
                table.insert(n, ()).unwrap();
            }
        }
        txn.commit().unwrap();
        (dir, db)
    }

    fn batch_record(anchors: &[u32]) -> Features {
        Features {
            shingles: vec![1],
            signature: vec![7; 128],
            anchors: anchors.to_vec(),
            ..Features::default()
        }
    }

    #[test]
    fn anchors_propose_as_the_main_command_pairs() {
        let params = Params {
            max_postings: 100,
            ..Params::default()
        };
        let mut postings = vec![(10, 0), (11, 0), (10, 1), (12, 2)];
        // Anchor 20 is held by more than STAR records: it counts for the
        // first one only, which also holds 21, as does 101.
        postings.extend((100..100 + STAR as u32 + 1).map(|n| (20, n)));
        postings.extend([(21, 100), (21, 101)]);
        // Anchor 30 is held by more than max_postings records: it counts
        // for none, so 200's one other shared anchor is not enough.
        postings.extend((200..200 + 101).map(|n| (30, n)));
        postings.push((31, 200));
        let (_dir, db) = index(&postings, &[2]);
        let txn = db.begin_read().unwrap();
        let stored = Stored::for_params(&params);
        let batch = vec![
            batch_record(&[10, 11, 12, 20, 21, 30, 31]),
            // Short: one shared anchor is enough.
            batch_record(&[10]),
        ];

        let found = pairs(&txn, &stored, &batch, &params, &HashSet::new()).unwrap();
        // 0 shares two anchors; 1 only one; 2 one, but it is short; 100
        // holds the star anchor first and 21; 101 only 21.
        assert_eq!(found, vec![(0, 0), (0, 1), (1, 1), (2, 0), (100, 0)]);

        let found = pairs(&txn, &stored, &batch, &params, &HashSet::from([0, 2])).unwrap();
        assert_eq!(found, vec![(1, 1), (100, 0)]);
    }
}
