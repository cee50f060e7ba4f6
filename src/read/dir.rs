//! A folder of articles: every file below it is one record, id = its path
//! relative to the folder, visited in sorted order so runs are repeatable.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use globset::GlobMatcher;

use super::decode::{LossyStats, bytes_to_string};
use super::options::ReadOptions;
use super::reader::{ReadError, invalid_utf8, too_big, warn_lossy};
use crate::messages::Messages;
use crate::record::{Origin, Record, RecordError};

/// Streams one record per file of a folder.
pub struct DirReader {
    root: PathBuf,
    files: std::vec::IntoIter<PathBuf>,
    limit: usize,
    lossy: bool,
    messages: Messages,
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
            files: files.into_iter(),
            limit: options.max_record_bytes,
            lossy: options.lossy,
            messages,
        })
    }

    /// A file's bytes, or why not: never more than the limit is read.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let file = fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > self.limit as u64 {
            return Err(too_big("file", size, self.limit));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(self.limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read file: {e}"))?;
        if bytes.len() > self.limit {
            // It grew since we looked.
            return Err(too_big("file", bytes.len() as u64, self.limit));
        }
        Ok(bytes)
    }
}

impl super::reader::FormatReader for DirReader {
    fn lines_read(&self) -> Option<u64> {
        None
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

impl Iterator for DirReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rel = self.files.next()?;
        let id = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let path = self.root.join(&rel);
        let origin = Origin::new(path.display().to_string(), 0);
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
        Some(Ok(Record {
            id,
            text,
            origin,
            ..Record::default()
        }))
    }
}
