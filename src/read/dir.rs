//! A folder of articles: every file below it is one record, id = its path
//! relative to the folder, visited in sorted order so runs are repeatable.
//! Scrapers often lay a folder out as `outlet/article.txt`; with
//! `--outlet-from-dir` the first folder under the one given is the outlet.
//!
//! Files of records are read by the field rules instead of as text: a
//! `.json` file (news-please writes one per article) is its object, or its
//! array's elements; a `.jsonl` file is its lines; a `.parquet` file its
//! rows. A `.json` file's one object with no id field takes the file's
//! relative path as its id, as a text file does.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use globset::GlobMatcher;

use super::compression::decompress;
use super::decode::{self, LossyStats, TextStream, bytes_to_string};
use super::fields::Fields;
use super::format::{Format, format_from_extension, refine_json};
use super::json_array::JsonReader;
use super::jsonl::JsonlReader;
use super::options::ReadOptions;
use super::parquet::ParquetReader;
use super::reader::{FormatReader, ReadError, Start, invalid_utf8, too_big, warn_lossy};
use crate::messages::Messages;
use crate::record::{Origin, Record, RecordError};

/// Streams one record per file of a folder (a records file's records).
pub struct DirReader {
    root: PathBuf,
    /// The folder's name in origins (`ReadOptions::name_of`): its files
    /// are named by it and their path under it.
    root_name: String,
    files: std::vec::IntoIter<PathBuf>,
    limit: usize,
    /// `--skip-bad`: a record past the limit in a records file is read on
    /// to its end (see [`Start::read_past`]).
    read_past: bool,
    lossy: bool,
    outlet_from_dir: bool,
    /// Files read with no folder to name their outlet (`--outlet-from-dir`).
    no_outlet: usize,
    messages: Messages,
    fields: Arc<Fields>,
    /// The records file (JSON, Parquet) being read, record by record.
    current: Option<RecordsFile>,
}

/// A file of the folder that holds records (JSON, Parquet), being read.
struct RecordsFile {
    iter: Box<dyn Iterator<Item = Result<Record, ReadError>> + Send>,
    origin: Origin,
    yielded: bool,
    lossy: Option<Arc<LossyStats>>,
}

impl DirReader {
    /// List the files under `root` (hidden ones left out, `--glob` applied
    /// to the relative path).
    pub fn new(
        root: &Path,
        options: &ReadOptions,
        messages: Messages,
    ) -> anyhow::Result<DirReader> {
        let mut files = Vec::new();
        walk(root, root, options.glob.as_ref(), &mut files)?;
        files.sort();
        Ok(DirReader {
            root: root.to_path_buf(),
            root_name: options.name_of(root),
            files: files.into_iter(),
            limit: options.max_record_bytes,
            read_past: options.read_past_oversized,
            lossy: options.lossy,
            outlet_from_dir: options.outlet_from_dir,
            no_outlet: 0,
            messages,
            fields: Arc::new(options.fields.clone()),
            current: None,
        })
    }

    /// Open a records file of the folder: `.jsonl` by lines, `.json` as
    /// JSON Lines, an array or an object, by its first bytes, `.parquet` by
    /// rows.
    fn open_records(
        &self,
        path: &Path,
        rel_id: String,
        format: Format,
    ) -> anyhow::Result<RecordsFile> {
        let name = self.name_of(path, &rel_id);
        if format == Format::Parquet {
            let rdr = ParquetReader::open(path, name.clone(), self.fields.clone(), self.limit)?;
            return Ok(RecordsFile {
                iter: Box::new(rdr),
                origin: Origin::new(name, 0),
                yielded: false,
                lossy: None,
            });
        }
        let raw = super::input::open_file(path)?;
        let lossy = self.lossy.then(Arc::default);
        let TextStream { mut rdr, base } =
            decode::text_stream(raw, lossy.clone()).with_context(|| format!("reading {name}"))?;
        let format = match format {
            Format::Json => refine_json(&mut rdr, &name)?,
            f => f,
        };
        let eol = super::format::line_end(&mut rdr).with_context(|| format!("reading {name}"))?;
        let at = Start {
            name: name.clone(),
            base,
            limit: self.limit,
            read_past: self.read_past,
            eol,
            lossy: self.lossy,
            messages: self.messages,
        };
        let fields = self.fields.clone();
        let iter: Box<dyn Iterator<Item = Result<Record, ReadError>> + Send> = match format {
            Format::Json => Box::new(JsonReader::new(rdr, at, fields).whole_file_id(rel_id)),
            _ => Box::new(JsonlReader::new(rdr, at, fields)),
        };
        Ok(RecordsFile {
            iter,
            origin: Origin::new(name, 0),
            yielded: false,
            lossy,
        })
    }

    /// The next item of the records file being read, if one is.
    fn next_in_file(&mut self) -> Option<Result<Record, ReadError>> {
        loop {
            let file = self.current.as_mut()?;
            if let Some(item) = file.iter.next() {
                file.yielded = true;
                return Some(item);
            }
            let done = self.current.take()?;
            if let Some(stats) = &done.lossy {
                warn_lossy(&self.messages, &done.origin.file, stats);
            }
            if !done.yielded {
                return Some(Err(ReadError::Bad(RecordError::new(
                    done.origin,
                    "no records in this file",
                ))));
            }
        }
    }

    /// A file's bytes, or why not: never more than the limit is read.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let file = fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > self.limit as u64 {
            return Err(too_big("file", size, self.limit));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // A compressed file is read decompressed, the limit applying to
        // what it holds.
        let (file, _) = decompress(Box::new(file)).map_err(|e| format!("cannot read file: {e}"))?;
        file.take(self.limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read file: {e}"))?;
        if bytes.len() > self.limit {
            // It grew since we looked, or decompressed past the limit.
            return Err(too_big("file", bytes.len() as u64, self.limit));
        }
        Ok(bytes)
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    glob: Option<&GlobMatcher>,
    out: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("reading folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading folder {}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follow links to files but not to folders, so a link loop cannot
        // make the walk endless.
        let kind = entry
            .file_type()
            .with_context(|| format!("reading {}", path.display()))?;
        let is_dir = kind.is_dir();
        if is_dir {
            walk(root, &path, glob, out)?;
            continue;
        }
        // A FIFO or device would block or never end: regular files only
        // (links followed).
        if !path.is_file() {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        if glob.is_none_or(|g| g.is_match(rel)) {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// The outlet a file's place names: the first folder of its path relative
/// to the folder given (none for a file directly in it).
fn outlet_dir(rel: &Path) -> Option<String> {
    let mut parts = rel.components();
    let first = parts.next()?;
    parts.next()?;
    Some(first.as_os_str().to_string_lossy().into_owned())
}

impl DirReader {
    /// The origin of the file at `path`, `rel` (`/`-separated) under the
    /// folder: its path, or under a folder read by another name, that
    /// name and `rel`.
    fn name_of(&self, path: &Path, rel: &str) -> String {
        if self.root_name == self.root.display().to_string() {
            path.display().to_string()
        } else {
            format!("{}/{rel}", self.root_name.trim_end_matches('/'))
        }
    }
}

impl FormatReader for DirReader {
    /// `None`: a folder's records are files, not lines.
    fn lines_read(&self) -> Option<u64> {
        None
    }
}

impl Iterator for DirReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.next_in_file() {
            return Some(item);
        }
        let Some(rel) = self.files.next() else {
            let n = std::mem::take(&mut self.no_outlet);
            if n > 0 {
                self.messages.warn(format_args!(
                    "{}: {n} file{} directly in the folder, so no folder names {} outlet (--outlet-from-dir)",
                    self.root_name,
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "its" } else { "their" },
                ));
            }
            return None;
        };
        let id = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let path = self.root.join(&rel);
        let origin = Origin::new(self.name_of(&path, &id), 0);
        if let Some(format @ (Format::Json | Format::Jsonl | Format::Parquet)) =
            format_from_extension(&rel)
        {
            return match self.open_records(&path, id, format) {
                Ok(file) => {
                    self.current = Some(file);
                    self.next()
                }
                Err(e) => Some(Err(ReadError::Bad(RecordError::new(
                    origin,
                    format!("cannot read file: {e:#}"),
                )))),
            };
        }
        let bytes = match self.read(&path) {
            Ok(b) => b,
            Err(message) => return Some(Err(ReadError::Bad(RecordError::new(origin, message)))),
        };
        let stats = self.lossy.then(LossyStats::default);
        let text = match bytes_to_string(bytes, stats.as_ref()) {
            Ok(t) => t,
            Err(at) => {
                return Some(Err(ReadError::Bad(RecordError::new(
                    origin,
                    invalid_utf8(at),
                ))));
            }
        };
        if let Some(stats) = &stats {
            warn_lossy(&self.messages, &origin.file, stats);
        }
        if text.trim().is_empty() {
            return Some(Err(ReadError::Bad(RecordError::new(origin, "empty file"))));
        }
        let source = self.outlet_from_dir.then(|| outlet_dir(&rel)).flatten();
        if self.outlet_from_dir && source.is_none() {
            self.no_outlet += 1;
        }
        Some(Ok(Record {
            source,
            id,
            text,
            origin,
            ..Record::default()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlet_is_the_first_folder() {
        assert_eq!(
            outlet_dir(Path::new("coastline-wire/2024/a.txt")).as_deref(),
            Some("coastline-wire")
        );
        assert_eq!(outlet_dir(Path::new("a.txt")), None);
    }
}
