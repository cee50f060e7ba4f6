//! The model a split decides once and every shard is featurized with:
//! the parameters the corpus chose (its shingle unit), the boilerplate
//! lines, and what the output's summary needs (records, bad records
//! skipped).

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::detect::boilerplate::{Boilerplate, BoilerplateStats};
use crate::detect::furniture::Furniture;
use crate::detect::params::Params;
use crate::record::{Origin, RecordError};

use super::columns::{Reader, Writer};
use super::{MODEL, Work};

/// What every stage after the split needs to agree on.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The parameters the inputs are featurized and compared with.
    pub params: Params,
    /// The boilerplate lines learned from the first records.
    pub boilerplate: Boilerplate,
    /// What boilerplate detection found.
    pub stats: BoilerplateStats,
    /// Usable records, numbered `0..records` in input order.
    pub records: usize,
    /// Records shards written.
    pub shards: usize,
    /// Bad records skipped (`--skip-bad`).
    pub skipped: Vec<RecordError>,
}

/// A skipped record as the metadata holds it.
#[derive(Serialize, Deserialize)]
struct Skipped {
    file: String,
    line: u64,
    message: String,
}

impl Model {
    /// Write the model into `work` (through a temporary file, so a model
    /// on disk is always whole).
    pub fn write(&self, work: &Work) -> Result<()> {
        let path = work.model();
        let tmp = tempfile::NamedTempFile::new_in(&work.dir)
            .with_context(|| format!("cannot write in {}", work.dir.display()))?;
        let skipped: Vec<Skipped> = self
            .skipped
            .iter()
            .map(|e| Skipped {
                file: e.origin.file.clone(),
                line: e.origin.line,
                message: e.message.clone(),
            })
            .collect();
        let metadata = [
            ("reprint.params", serde_json::to_string(&self.params)?),
            ("reprint.boilerplate", serde_json::to_string(&self.stats)?),
            ("reprint.records", self.records.to_string()),
            ("reprint.shards", self.shards.to_string()),
            ("reprint.skipped", serde_json::to_string(&skipped)?),
        ];
        let mut w = Writer::new(tmp.as_file().try_clone()?, MODEL, &metadata)?;
        let hashes: Vec<i64> = self
            .boilerplate
            .hashes()
            .iter()
            .map(|&h| h as i64)
            .collect();
        w.row_group(|c| c.i64s(&hashes))?;
        let furniture: Vec<i64> = self
            .boilerplate
            .furniture()
            .keys()
            .iter()
            .map(|&k| k as i64)
            .collect();
        w.row_group(|c| c.i64s(&furniture))?;
        w.close()?;
        tmp.persist(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }

    /// Read the model of `work`.
    pub fn read(work: &Work) -> Result<Model> {
        let path = work.model();
        let r = Reader::open(&path, MODEL)
            .with_context(|| "no model: run `reprint stage split` first".to_string())?;
        let json = |key: &str| -> Result<serde_json::Value> {
            serde_json::from_str(r.meta(key)?)
                .with_context(|| format!("{}: {key} is not JSON", r.name()))
        };
        let number = |key: &str| -> Result<usize> {
            r.meta(key)?
                .parse()
                .with_context(|| format!("{}: {key} is not a count", r.name()))
        };
        let params: Params = serde_json::from_value(json("reprint.params")?)
            .with_context(|| format!("{}: reprint.params", r.name()))?;
        let stats: BoilerplateStats = serde_json::from_value(json("reprint.boilerplate")?)
            .with_context(|| format!("{}: reprint.boilerplate", r.name()))?;
        let skipped: Vec<Skipped> = serde_json::from_value(json("reprint.skipped")?)
            .with_context(|| format!("{}: reprint.skipped", r.name()))?;
        if r.row_groups() != 2 {
            bail!(
                "{}: {} row groups, not the 2 of boilerplate lines and furniture",
                r.name(),
                r.row_groups()
            );
        }
        let keys = |g: usize| -> Result<Vec<u64>> {
            Ok(r.row_group(g)?
                .i64s(0)?
                .into_iter()
                .map(|h| h as u64)
                .collect())
        };
        let boilerplate =
            Boilerplate::from_hashes(keys(0)?).with_furniture(Furniture::from_keys(keys(1)?));
        Ok(Model {
            params,
            boilerplate,
            stats,
            records: number("reprint.records")?,
            shards: number("reprint.shards")?,
            skipped: skipped
                .into_iter()
                .map(|s| RecordError::new(Origin::new(s.file, s.line), s.message))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let work = Work::new(dir.path());
        let model = Model {
            params: Params {
                threshold: 0.1 + 0.2,
                window_days: Some(2.5),
                ..Params::default()
            },
            boilerplate: Boilerplate::from_hashes(vec![u64::MAX, 3, 1 << 63])
                .with_furniture(Furniture::from_keys(vec![7 << 32 | 5, u64::MAX])),
            stats: BoilerplateStats {
                records: 9,
                candidates: 4,
                boilerplate: 3,
                furniture: 2,
            },
            records: 9,
            shards: 2,
            skipped: vec![RecordError::new(Origin::new("a.jsonl", 3), "no text")],
        };
        model.write(&work).unwrap();
        assert_eq!(Model::read(&work).unwrap(), model);
    }
}
