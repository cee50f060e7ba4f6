//! `index check`: verify a whole index, and say what is wrong with it.
//!
//! A query reads only the pages and records its batch leads to, and checks
//! those (the header, the metadata's and each loaded record's checksum).
//! `check` reads everything, in three layers:
//!
//! 1. redb's own integrity check: every page of every table against the
//!    checksums redb keeps in the pages above it, up to the commit record;
//! 2. every record against its own checksum and the index's parameters;
//! 3. the tables derived from the records (ids, band keys, anchors, short
//!    records) rebuilt from them and compared with the stored ones.
//!
//! The comparison of layer 3 holds no table in memory: each side is summed
//! into a [`Fingerprint`] (entry count and a sum of entry hashes), so an
//! index of a million records checks in constant memory. A mismatch names
//! the table and both counts.

use std::path::Path;

use anyhow::{Result, anyhow};
use redb::{DatabaseError, ReadTransaction, ReadableTable, ReadableTableMetadata, StorageError};
use xxhash_rust::xxh3::xxh3_64;

use super::codec;
use super::damage::{damaged, explain};
use super::guard::guarded;
use super::open::{Open, open, read_stored};
use super::schema::{ANCHORS, BANDS, FEW_ANCHORS, IDS, RECORDS, Stored};
use crate::detect::anchor::MIN_HITS;
use crate::detect::lsh::band_key;

/// Problems listed in full; more are counted.
const MAX_LISTED: usize = 10;

/// What a healthy index holds, as `index check` found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Records checked.
    pub records: u64,
    /// (band key, record) entries, each matched to a record.
    pub band_entries: u64,
    /// (anchor, record) entries, each matched to a record.
    pub anchor_entries: u64,
}

/// Verify the index at `path`: its report when healthy, else the error
/// "index X is damaged: " and what was found.
pub fn check(path: &Path) -> Result<CheckReport> {
    guarded(path, || {
        let mut db = open(path, Open::Existing)?;
        let mut problems = Problems::default();
        match db.check_integrity() {
            Ok(true) => {}
            Ok(false) => problems.push(
                "pages of its last commit fail redb's checksums (redb fell back to the \
                 commit before it)"
                    .into(),
            ),
            // With two-phase commits redb cannot fall back: the last commit
            // is the index.
            Err(DatabaseError::Storage(StorageError::Corrupted(what))) => {
                return Err(damaged(
                    path,
                    format!("its pages fail redb's checksums ({what})"),
                ));
            }
            Err(e) => return Err(explain(path, anyhow!(e))),
        }
        let txn = db.begin_read()?;
        let stored = read_stored(&txn, path)?;
        let expected = from_records(&txn, &stored, &mut problems)?;
        let found = from_tables(&txn)?;
        for (table, want, have) in [
            ("id", expected.ids, found.ids),
            ("band", expected.bands, found.bands),
            ("anchor", expected.anchors, found.anchors),
            ("short-record", expected.few, found.few),
        ] {
            if want != have {
                problems.push(mismatch(table, want, have));
            }
        }
        if !problems.list.is_empty() {
            return Err(damaged(path, problems));
        }
        Ok(CheckReport {
            records: expected.records,
            band_entries: found.bands.count,
            anchor_entries: found.anchors.count,
        })
    })
}

fn mismatch(table: &str, want: Fingerprint, have: Fingerprint) -> String {
    if want.count == have.count {
        format!(
            "its {table} table holds {} entries as the records make, but not the same ones",
            have.count
        )
    } else {
        format!(
            "its {table} table holds {} entries, the records make {}",
            have.count, want.count
        )
    }
}

/// What is wrong, the first [`MAX_LISTED`] in full.
#[derive(Debug, Default)]
struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    fn push(&mut self, what: String) {
        if self.list.len() < MAX_LISTED {
            self.list.push(what);
        } else {
            self.more += 1;
        }
    }
}

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.list.join("; "))?;
        if self.more > 0 {
            write!(f, "; and {} more problems", self.more)?;
        }
        Ok(())
    }
}

/// A multiset of table entries in constant space: how many, and the
/// wrapping sum of their hashes. Two sides that differ in any entry differ
/// here but for a 2^-64 chance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fingerprint {
    count: u64,
    sum: u64,
}

impl Fingerprint {
    fn add(&mut self, parts: &[&[u8]]) {
        let bytes: Vec<u8> = parts.concat();
        self.count += 1;
        self.sum = self.sum.wrapping_add(xxh3_64(&bytes));
    }
}

/// The derived tables, as fingerprints.
#[derive(Debug, Default)]
struct Derived {
    records: u64,
    ids: Fingerprint,
    bands: Fingerprint,
    anchors: Fingerprint,
    few: Fingerprint,
}

/// Read every record, check it, and sum the entries it makes.
fn from_records(
    txn: &ReadTransaction,
    stored: &Stored,
    problems: &mut Problems,
) -> Result<Derived> {
    let mut d = Derived::default();
    let banding = stored.banding;
    for entry in txn.open_table(RECORDS)?.iter()? {
        let (n, bytes) = entry?;
        let n = n.value();
        if u64::from(n) != d.records {
            problems.push(format!(
                "record {n} follows record {}",
                d.records.wrapping_sub(1)
            ));
        }
        d.records = u64::from(n) + 1;
        let (meta, f) = match codec::decode(n, bytes.value()) {
            Ok(record) => record,
            Err(e) => {
                problems.push(format!("record {n} {e}"));
                continue;
            }
        };
        if f.signature.len() != stored.num_perm {
            let what = format!(
                "record {n} has {} signature slots, not {}",
                f.signature.len(),
                stored.num_perm
            );
            problems.push(what);
            continue;
        }
        let num = n.to_le_bytes();
        d.ids.add(&[meta.id.as_bytes(), &num]);
        if !f.shingles.is_empty() {
            let mut keys: Vec<u64> = (0..banding.bands)
                .map(|b| band_key(&f.signature, banding, b))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                d.bands.add(&[&key.to_le_bytes(), &num]);
            }
        }
        let mut anchors = f.anchors.clone();
        anchors.sort_unstable();
        anchors.dedup();
        for a in anchors {
            d.anchors.add(&[&a.to_le_bytes(), &num]);
        }
        if (1..=MIN_HITS).contains(&f.anchors.len()) {
            d.few.add(&[&num]);
        }
    }
    Ok(d)
}

/// Sum the entries of the derived tables as stored.
fn from_tables(txn: &ReadTransaction) -> Result<Derived> {
    let mut d = Derived::default();
    let ids = txn.open_table(IDS)?;
    for entry in ids.iter()? {
        let (id, n) = entry?;
        d.ids
            .add(&[id.value().as_bytes(), &n.value().to_le_bytes()]);
    }
    for entry in txn.open_table(BANDS)?.iter()? {
        let (key, n) = entry?.0.value();
        d.bands.add(&[&key.to_le_bytes(), &n.to_le_bytes()]);
    }
    for entry in txn.open_table(ANCHORS)?.iter()? {
        let (a, n) = entry?.0.value();
        d.anchors.add(&[&a.to_le_bytes(), &n.to_le_bytes()]);
    }
    for entry in txn.open_table(FEW_ANCHORS)?.iter()? {
        d.few.add(&[&entry?.0.value().to_le_bytes()]);
    }
    d.records = txn.open_table(RECORDS)?.len()?;
    Ok(d)
}
