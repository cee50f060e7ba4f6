//! The index file's tables, its format version and the parameters it was
//! made with.
//!
//! Stored features are only comparable with features computed the same
//! way, so the parameters they depend on (shingle unit and size, signature size,
//! MinHash scheme and seed, anchor window) are written once, when the index
//! is made, and every later `add` or `query` must use the same values. The
//! LSH banding is stored too: band keys are looked up as they were written,
//! whatever `--threshold` a query verifies with.
//!
//! The metadata carries a checksum of itself (`checksum`: XXH3-64 of every
//! other key and value, in key order), and each record one of its own
//! (`codec.rs`); the lookup tables are derived from the records, and
//! `index check` rebuilds them to compare ([`super::check`]).

use std::path::Path;

use anyhow::{Result, bail};
use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};
use xxhash_rust::xxh3::xxh3_64;

use super::damage::damaged;

use crate::detect::lsh::Banding;
use crate::detect::minhash::Scheme;
use crate::detect::params::Params;
use crate::detect::shingle::ShingleKind;

/// Version of the layout below; an index of another version is refused.
/// 4: checksums of the metadata and of each record. 5: anchors of
/// character shingles are winnowed over runs of several shingles
/// ([`crate::detect::anchor::runs_into`]), so a version 4 index's anchors
/// would not meet a new batch's.
pub const FORMAT_VERSION: u32 = 5;

/// The value of the `format` key: tells an index from another redb file.
pub const MAGIC: &str = "reprint-index";

/// Key-value metadata: the format and the parameters.
pub const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
/// Record number to encoded record (metadata and features).
pub const RECORDS: TableDefinition<u32, &[u8]> = TableDefinition::new("records");
/// Record id to record number.
pub const IDS: TableDefinition<&str, u32> = TableDefinition::new("ids");
/// (LSH band key, record number) for every band of every record: the
/// records holding a key are one range scan. A plain table of composite
/// keys costs a third of the space of redb's multimap tables.
pub const BANDS: TableDefinition<(u64, u32), ()> = TableDefinition::new("bands");
/// (anchor, record number) for every anchor of every record.
pub const ANCHORS: TableDefinition<(u32, u32), ()> = TableDefinition::new("anchors");
/// Records with at most [`crate::detect::anchor::MIN_HITS`] anchors: one shared
/// anchor makes them a candidate, as in the main command. A query holds
/// the set in memory, so it can tell a short record from a weak match
/// without loading it.
pub const FEW_ANCHORS: TableDefinition<u32, ()> = TableDefinition::new("few_anchors");

/// The parameters an index was made with.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// Layout version.
    pub format_version: u32,
    /// Version of reprint that made the index.
    pub created_by: String,
    /// What shingles are made of.
    pub shingle: ShingleKind,
    /// Units per shingle.
    pub ngram: usize,
    /// MinHash signature slots.
    pub num_perm: usize,
    /// MinHash scheme.
    pub scheme: Scheme,
    /// Hash seed.
    pub seed: u64,
    /// Winnowing window of the anchors.
    pub anchor_window: usize,
    /// The banding of the stored band keys.
    pub banding: Banding,
    /// The Jaccard threshold the banding was chosen for.
    pub threshold: f64,
}

/// The `meta` key of the metadata's checksum.
const CHECKSUM_KEY: &str = "checksum";

/// The checksum of metadata `entries` (every key but the checksum's), as
/// 16 hex digits. Taken in key order, as the table gives them back.
fn meta_checksum<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut entries: Vec<(&str, &str)> = entries.collect();
    entries.sort_unstable();
    let mut bytes = Vec::new();
    for (k, v) in entries {
        for s in [k, v] {
            bytes.extend_from_slice(&(s.len() as u32).to_le_bytes());
            bytes.extend_from_slice(s.as_bytes());
        }
    }
    format!("{:016x}", xxh3_64(&bytes))
}

/// The number of records, once their numbering and their ids agree:
/// records are numbered from 0 without gaps, and each has one id. Cheap
/// (redb keeps each table's length), so every command checks it before it
/// relies on either table.
pub fn check_counts(
    records: &impl ReadableTable<u32, &'static [u8]>,
    ids: &impl ReadableTableMetadata,
    path: &Path,
) -> Result<u64> {
    let held = records.len()?;
    let next = match records.last()? {
        Some((n, _)) => u64::from(n.value()) + 1,
        None => 0,
    };
    if next != held {
        let what = format!("it holds {held} records, numbered as if {next}");
        return Err(damaged(path, what));
    }
    let ids = ids.len()?;
    if ids != held {
        return Err(damaged(
            path,
            format!("it holds {held} records but {ids} ids"),
        ));
    }
    Ok(held)
}

/// The entries of `meta` (`None`: empty), after its checksum if it has
/// one; and whether it had.
#[allow(clippy::type_complexity)]
fn read_checked(
    table: &impl ReadableTable<&'static str, &'static str>,
    path: &Path,
) -> Result<Option<(Vec<(String, String)>, bool)>> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut sum = None;
    for entry in table.iter()? {
        let (k, v) = entry?;
        let (k, v) = (k.value().to_string(), v.value().to_string());
        match k.as_str() {
            CHECKSUM_KEY => sum = Some(v),
            _ => entries.push((k, v)),
        }
    }
    if entries.is_empty() && sum.is_none() {
        return Ok(None);
    }
    let pairs = entries.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if sum.as_ref().is_some_and(|sum| *sum != meta_checksum(pairs)) {
        return Err(damaged(path, "its metadata fails its checksum"));
    }
    Ok(Some((entries, sum.is_some())))
}

/// The name `--shingle` gives a unit.
pub fn shingle_name(kind: ShingleKind) -> &'static str {
    match kind {
        ShingleKind::Words => "words",
        ShingleKind::Chars => "chars",
    }
}

/// The name `--minhash` gives a scheme.
pub fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::OnePermutation => "oph",
        Scheme::Classic => "classic",
    }
}

impl Stored {
    /// What an index made now with `params` stores.
    pub fn for_params(params: &Params) -> Stored {
        Stored {
            format_version: FORMAT_VERSION,
            created_by: format!("reprint {}", env!("CARGO_PKG_VERSION")),
            shingle: params.shingle,
            ngram: params.ngram,
            num_perm: params.num_perm,
            scheme: params.scheme,
            seed: params.seed,
            anchor_window: params.anchor_window,
            banding: Banding::for_threshold(params.threshold, params.num_perm),
            threshold: params.threshold,
        }
    }

    /// The pairs written to the `meta` table.
    fn entries(&self) -> Vec<(&'static str, String)> {
        vec![
            ("format", MAGIC.to_string()),
            ("format_version", self.format_version.to_string()),
            ("created_by", self.created_by.clone()),
            ("shingle", shingle_name(self.shingle).to_string()),
            ("ngram", self.ngram.to_string()),
            ("num_perm", self.num_perm.to_string()),
            ("minhash", scheme_name(self.scheme).to_string()),
            ("seed", self.seed.to_string()),
            ("anchor_window", self.anchor_window.to_string()),
            ("bands", self.banding.bands.to_string()),
            ("rows", self.banding.rows.to_string()),
            ("threshold", self.threshold.to_string()),
        ]
    }

    /// Write into a new index's `meta` table, with its checksum.
    pub fn write(&self, table: &mut redb::Table<&str, &str>) -> Result<()> {
        let entries = self.entries();
        for (key, value) in &entries {
            table.insert(key, value.as_str())?;
        }
        let sum = meta_checksum(entries.iter().map(|(k, v)| (*k, v.as_str())));
        table.insert(CHECKSUM_KEY, sum.as_str())?;
        Ok(())
    }

    /// Read from `meta`: `None` for a new, empty index. `path` names the
    /// index in messages. A checksum that fails is damage before anything
    /// else is believed; an index of another format version is refused as
    /// such (one older than 4 has no checksum, and a later format must keep
    /// this one or leave the key out).
    pub fn read(
        table: &impl ReadableTable<&'static str, &'static str>,
        path: &Path,
    ) -> Result<Option<Stored>> {
        let name = path.display();
        let Some((entries, has_sum)) = read_checked(table, path)? else {
            return Ok(None);
        };
        let get = |key: &str| -> Option<String> {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        match get("format") {
            Some(m) if m == MAGIC => {}
            _ => bail!("{name} is not a reprint index"),
        }
        let need = |key: &str| -> Result<String> {
            get(key).ok_or_else(|| damaged(path, format!("no '{key}' in its metadata")))
        };
        let num = |key: &str| -> Result<u64> {
            let v = need(key)?;
            v.parse()
                .map_err(|_| damaged(path, format!("'{key}' is '{v}'")))
        };
        let format_version = num("format_version")? as u32;
        let created_by = get("created_by").unwrap_or_else(|| "an unknown version".into());
        if format_version != FORMAT_VERSION {
            bail!(
                "index {name} has format version {format_version} (made by {created_by}), \
                 this reprint reads version {FORMAT_VERSION}: make a new index with this version"
            );
        }
        if !has_sum {
            return Err(damaged(path, "its metadata has no checksum"));
        }
        let scheme = match need("minhash")?.as_str() {
            "oph" => Scheme::OnePermutation,
            "classic" => Scheme::Classic,
            other => return Err(damaged(path, format!("unknown minhash scheme '{other}'"))),
        };
        let shingle = match get("shingle").as_deref() {
            None | Some("words") => ShingleKind::Words,
            Some("chars") => ShingleKind::Chars,
            Some(other) => return Err(damaged(path, format!("unknown shingle unit '{other}'"))),
        };
        let threshold = need("threshold")?;
        let banding = Banding {
            bands: num("bands")? as usize,
            rows: num("rows")? as usize,
        };
        let num_perm = num("num_perm")? as usize;
        // Band keys are read from signatures of `num_perm` slots.
        if banding.bands == 0 || banding.bands.saturating_mul(banding.rows) > num_perm {
            return Err(damaged(
                path,
                format!(
                    "{} bands of {} rows do not fit {num_perm} signature slots",
                    banding.bands, banding.rows
                ),
            ));
        }
        Ok(Some(Stored {
            format_version,
            created_by,
            shingle,
            ngram: num("ngram")? as usize,
            num_perm,
            scheme,
            seed: num("seed")?,
            anchor_window: num("anchor_window")? as usize,
            banding,
            threshold: threshold
                .parse()
                .map_err(|_| damaged(path, format!("threshold '{threshold}'")))?,
        }))
    }

    /// Refuse `params` unless they make the features this index holds.
    pub fn check(&self, params: &Params, path: &Path) -> Result<()> {
        let mut differ: Vec<String> = Vec::new();
        let mut cmp = |flag: &str, index: String, run: String| {
            if index != run {
                differ.push(format!("{flag} {index} (this run: {run})"));
            }
        };
        cmp(
            "--shingle",
            shingle_name(self.shingle).into(),
            shingle_name(params.shingle).into(),
        );
        cmp("--ngram", self.ngram.to_string(), params.ngram.to_string());
        cmp(
            "--num-perm",
            self.num_perm.to_string(),
            params.num_perm.to_string(),
        );
        cmp(
            "--minhash",
            scheme_name(self.scheme).into(),
            scheme_name(params.scheme).into(),
        );
        cmp("--seed", self.seed.to_string(), params.seed.to_string());
        cmp(
            "--anchor-window",
            self.anchor_window.to_string(),
            params.anchor_window.to_string(),
        );
        if !differ.is_empty() {
            bail!(
                "index {} was made with {}; give the index's values, or make a new index",
                path.display(),
                differ.join(", ")
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_names_both_values() {
        let stored = Stored::for_params(&Params::default());
        let mut params = Params::default();
        assert!(stored.check(&params, Path::new("x.idx")).is_ok());
        params.ngram = 4;
        params.scheme = Scheme::Classic;
        let err = stored.check(&params, Path::new("x.idx")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "index x.idx was made with --ngram 5 (this run: 4), --minhash oph (this run: classic); \
             give the index's values, or make a new index"
        );
        // Verification thresholds may differ: they are not stored features.
        let params = Params {
            threshold: 0.8,
            containment: 0.9,
            ..Params::default()
        };
        assert!(stored.check(&params, Path::new("x.idx")).is_ok());
    }
}
