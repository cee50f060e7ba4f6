//! The pipeline as stages over files and lines, for a distributed run
//! (`reprint stage ...`, driven by `spark/reprint_spark.py`).
//!
//! Each stage calls the functions the single-process run calls, so both
//! give the same groups:
//!
//! | stage | reads | writes | library |
//! | --- | --- | --- | --- |
//! | [`split::split`] | the inputs | `model.parquet`, `records/part-K.parquet` | [`crate::Job::split`]: sequence, duplicate ids, outlets, the shingle unit, boilerplate |
//! | [`featurize::featurize`] | the model, one records shard | `features/part-K.parquet` | [`crate::detect::features::Featurizer`], [`crate::detect::lsh::band_key`] |
//! | [`pairs`] | buckets of band keys or anchors, one a line | pairs, meetings | [`crate::detect::lsh::emit_bucket`], [`crate::detect::anchor::bucket_meetings`], [`crate::detect::anchor::keeps`] |
//! | [`verify::verify`] | pairs with both shingle sets, one a line | verified pairs | [`crate::detect::verify::verify`] |
//! | [`cluster::cluster`] | the model, every features shard, the verified pairs | the main output | [`crate::detect::conclude`], [`crate::run_with`] |
//!
//! Global facts (each record's place in the input, the parameters the
//! corpus chose, the boilerplate, outlet numbers) are decided once by
//! `split` and travel in the model and the shards; the shuffles between
//! stages (postings by band key and anchor, meetings by pair, pairs to the
//! shingle sets they need) are the engine's. Line formats and the Parquet
//! schemas are in `spark/README.md`.

pub mod cluster;
pub mod columns;
pub mod dedup;
pub mod featurize;
pub mod model;
pub mod pairs;
pub mod split;
pub mod verify;

use std::path::{Path, PathBuf};

use columns::Kind;

/// A records shard: each record's place, metadata and text.
pub const RECORDS: Kind = Kind {
    schema: "reprint.records/1",
    message: "message records {
        required int64 seq;
        required binary id (UTF8);
        optional binary title (UTF8);
        optional binary source (UTF8);
        optional binary date (UTF8);
        optional binary url (UTF8);
        required binary origin_file (UTF8);
        required int64 origin_line;
        optional int64 timestamp;
        optional int64 outlet;
        required binary text (UTF8);
    }",
};

/// A features shard: each record's place and metadata, and what the
/// candidate, verify and cluster stages need of it.
pub const FEATURES: Kind = Kind {
    schema: "reprint.features/3",
    message: "message features {
        required int64 seq;
        required binary id (UTF8);
        optional binary title (UTF8);
        optional binary source (UTF8);
        optional binary date (UTF8);
        optional binary url (UTF8);
        required binary origin_file (UTF8);
        required int64 origin_line;
        optional int64 timestamp;
        optional int64 outlet;
        required int64 words;
        required int64 boilerplate_words;
        required group shingles (LIST) { repeated group list { required int32 element; } }
        required group anchors (LIST) { repeated group list { required int32 element; } }
        required group bands (LIST) { repeated group list { required int64 element; } }
        optional int64 exact;
        required group edges (LIST) { repeated group list { required int32 element; } }
    }",
};

/// The model: two row groups of keys, one a row: the boilerplate lines'
/// hashes, then the outlets' furniture (`outlet << 32 | shingle`, see
/// `detect::furniture`); parameters and counts in the metadata.
pub const MODEL: Kind = Kind {
    schema: "reprint.model/2",
    message: "message model { required int64 boilerplate; }",
};

/// Where a run's files live under its work folder.
#[derive(Debug, Clone)]
pub struct Work {
    /// The folder.
    pub dir: PathBuf,
}

impl Work {
    /// The work folder `dir`.
    pub fn new(dir: &Path) -> Work {
        Work {
            dir: dir.to_path_buf(),
        }
    }

    /// The model file.
    pub fn model(&self) -> PathBuf {
        self.dir.join("model.parquet")
    }

    /// Records shard `k`.
    pub fn records(&self, k: usize) -> PathBuf {
        self.dir
            .join("records")
            .join(format!("part-{k:05}.parquet"))
    }

    /// Features shard `k`.
    pub fn features(&self, k: usize) -> PathBuf {
        self.dir
            .join("features")
            .join(format!("part-{k:05}.parquet"))
    }

    /// The folder of verified pairs (text files, as the engine writes them).
    pub fn verified(&self) -> PathBuf {
        self.dir.join("verified")
    }
}
