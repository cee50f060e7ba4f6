//! The original texts of the records spread needs, read in a second pass.
//!
//! The corpus keeps no text once a record is featurized (a dump can be far
//! larger than memory), but passages are spans of the original text. So
//! the input is read a second time and only the texts of records in groups
//! or related edges are kept. A file can simply be opened again; standard
//! input cannot, so [`Rereader::prepare`] saves it first (a regular file on
//! stdin is just rewound) and puts the copy in place of descriptor 0: both
//! passes then read "stdin", and generated ids and messages name it `-` as
//! in the main command.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::detect::Analysis;
use crate::detect::corpus::Corpus;
use crate::read::{FileStamp, Input, ReadError, ReadOptions, Records};

/// Which records spread needs the text of: group members, and the records
/// quoting them.
pub fn wanted(corpus: &Corpus, analysis: &Analysis) -> Vec<bool> {
    let mut wanted = vec![false; corpus.len()];
    for g in &analysis.groups {
        for &m in &g.members {
            wanted[m] = true;
        }
    }
    for r in &analysis.related {
        if wanted[r.source as usize] {
            wanted[r.derivative as usize] = true;
        }
    }
    wanted
}

/// Original texts by record index; only the wanted ones are held.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    texts: Vec<Option<String>>,
}

impl Texts {
    /// Texts from `(record index, text)` pairs over `n` records.
    pub fn from_pairs(n: usize, pairs: impl IntoIterator<Item = (usize, String)>) -> Texts {
        let mut texts = vec![None; n];
        for (i, t) in pairs {
            texts[i] = Some(t);
        }
        Texts { texts }
    }

    /// Record `i`'s text (empty when it was not read).
    pub fn get(&self, i: usize) -> &str {
        self.texts.get(i).and_then(|t| t.as_deref()).unwrap_or("")
    }

    /// Bytes of text held.
    pub fn bytes(&self) -> usize {
        self.texts.iter().flatten().map(String::len).sum()
    }

    /// Texts held.
    pub fn count(&self) -> usize {
        self.texts.iter().flatten().count()
    }

    /// Read the texts of the records flagged in `wanted` (one flag per
    /// corpus record) by reading the inputs again. Bad records were reported
    /// by the first pass and are passed over silently.
    pub fn reread(
        inputs: &[Input],
        options: &ReadOptions,
        corpus: &Corpus,
        wanted: &[bool],
    ) -> Result<Texts> {
        let mut index: HashMap<&str, usize> = corpus
            .metas
            .iter()
            .enumerate()
            .filter(|&(i, _)| wanted[i])
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        let mut texts = vec![None; corpus.len()];
        for item in Records::new(inputs.to_vec(), options.clone()) {
            if index.is_empty() {
                break;
            }
            match item {
                Ok(rec) => {
                    // The first record with an id is the one the corpus
                    // kept (later duplicates were skipped).
                    if let Some(i) = index.remove(rec.id.as_str()) {
                        texts[i] = Some(rec.text);
                    }
                }
                Err(ReadError::Bad(_)) => {}
                Err(ReadError::Fatal(e)) => {
                    return Err(e.context("reading the input again for passages"));
                }
            }
        }
        if let Some((id, _)) = index.iter().min_by_key(|(_, i)| **i) {
            bail!(
                "record '{id}' was not found when reading the input again for passages \
                 (did the input change during the run?)"
            );
        }
        Ok(Texts { texts })
    }
}

/// Makes the inputs readable twice; see the module documentation.
#[derive(Debug)]
pub struct Rereader {
    /// Descriptor 0 as a seekable file, and where the input starts in it.
    #[cfg(unix)]
    stdin: Option<(std::fs::File, u64)>,
    /// The input files as first seen, to tell whether they changed before
    /// the second read was over.
    stamps: Vec<(std::path::PathBuf, String, FileStamp)>,
}

impl Rereader {
    /// Check that every input can be read twice, saving stdin to a
    /// temporary file when it is a pipe or terminal. Call before the first
    /// pass reads anything.
    pub fn prepare(inputs: &[Input]) -> Result<Rereader> {
        let mut uses_stdin = inputs.is_empty();
        let mut stamps = Vec::new();
        for input in inputs {
            match input {
                Input::Stdin => uses_stdin = true,
                Input::Path(p) => {
                    check_rereadable(p)?;
                    if let Some(stamp) = FileStamp::of(p) {
                        stamps.push((p.clone(), input.name(), stamp));
                    }
                }
            }
        }
        #[cfg(unix)]
        {
            let stdin = if uses_stdin {
                Some(unix::seekable_stdin()?)
            } else {
                None
            };
            Ok(Rereader { stdin, stamps })
        }
        #[cfg(not(unix))]
        {
            if uses_stdin {
                bail!("stdin cannot be read twice on this system; give the input as a file");
            }
            Ok(Rereader { stamps })
        }
    }

    /// Fail if an input file changed since the run began: the second read
    /// would pair the first read's groups with other texts (same-length
    /// rewrites gave coverage 0.0 everywhere). Call after the second read.
    pub fn check_unchanged(&self) -> Result<()> {
        for (path, name, stamp) in &self.stamps {
            stamp.check(path, name, "spread")?;
        }
        Ok(())
    }

    /// Go back to the start of stdin for the second pass.
    pub fn rewind(&self) -> Result<()> {
        #[cfg(unix)]
        if let Some((file, start)) = &self.stdin {
            use std::io::{Seek, SeekFrom};
            let mut file = file;
            file.seek(SeekFrom::Start(*start))
                .context("rewinding stdin for the second pass")?;
        }
        Ok(())
    }
}

fn check_rereadable(path: &Path) -> Result<()> {
    // A missing file is left for the reader to report as usual.
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if !meta.is_file() && !meta.is_dir() {
        bail!(
            "{}: not a regular file (a pipe?); spread reads its input twice, so save it \
             to a file, or pipe it to stdin",
            path.display()
        );
    }
    Ok(())
}

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::io::{self, Seek, SeekFrom};
    use std::os::fd::{AsRawFd, BorrowedFd};

    use anyhow::{Context, Result, bail};

    /// Descriptor 0 as a seekable file and the offset the input starts at:
    /// stdin itself when it is a regular file, else a temporary copy of it
    /// put in its place.
    pub fn seekable_stdin() -> Result<(File, u64)> {
        // SAFETY: descriptor 0 stays open for the life of the process; the
        // clone is a new descriptor sharing its file position.
        let fd0 = unsafe { BorrowedFd::borrow_raw(0) };
        let mut own = File::from(fd0.try_clone_to_owned().context("reading stdin")?);
        if own.metadata().is_ok_and(|m| m.is_file())
            && let Ok(start) = own.stream_position()
        {
            return Ok((own, start));
        }
        let mut spool = tempfile::tempfile().context("saving stdin to a temporary file")?;
        io::copy(&mut io::stdin().lock(), &mut spool)
            .context("saving stdin to a temporary file")?;
        spool.seek(SeekFrom::Start(0)).context("saving stdin")?;
        // SAFETY: dup2 on two open descriptors; 0 now refers to the spool
        // (the Rust stdin buffer was drained to end of file above).
        if unsafe { libc::dup2(spool.as_raw_fd(), 0) } < 0 {
            bail!("cannot replace stdin: {}", io::Error::last_os_error());
        }
        own = spool;
        Ok((own, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_rewritten_between_the_reads_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, "{\"id\":\"a\",\"text\":\"one\"}\n").unwrap();
        let rereader = Rereader::prepare(&[Input::Path(path.clone())]).unwrap();
        rereader.check_unchanged().unwrap();
        // The same length, another text, a later time: as a rewrite leaves it.
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        std::io::Write::write_all(&mut &file, b"{\"id\":\"a\",\"text\":\"two\"}\n").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        file.set_modified(later).unwrap();
        let err = rereader.check_unchanged().unwrap_err();
        assert!(
            err.to_string()
                .ends_with("in.jsonl changed while it was being read; run spread again"),
            "{err}"
        );
    }
}
