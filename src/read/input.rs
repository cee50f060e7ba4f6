//! An input as the user named it (a path, or `-` for stdin), and its bytes.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::compression::decompress;

/// An input: a path or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file or folder.
    Path(PathBuf),
}

impl Input {
    /// `-` is stdin, anything else a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages and generated ids.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// Open a file or stdin as bytes, decompressed if its first bytes say it
/// is compressed.
pub(super) fn open_raw(input: &Input) -> anyhow::Result<Box<dyn Read + Send>> {
    Ok(match input {
        Input::Stdin => decompress(Box::new(io::stdin())).context("reading -")?.0,
        Input::Path(path) => open_file(path)?,
    })
}

/// What says a file is still the one read before: its length and time of
/// last change. A job that reads its input twice (dedup, spread) compares
/// them, so a file rewritten in between, even to the same length, is an
/// error instead of a wrong result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of a regular file (`None` for anything else).
    pub(crate) fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }

    /// Fail, naming the input `name` and the job, if `path` changed.
    pub(crate) fn check(&self, path: &Path, name: &str, job: &str) -> anyhow::Result<()> {
        if FileStamp::of(path) != Some(*self) {
            anyhow::bail!("{name} changed while it was being read; run {job} again");
        }
        Ok(())
    }
}

/// Open a file as bytes, decompressed if its first bytes say it is
/// compressed (whatever its name): as the readers open it, for `dedup`'s
/// second read too.
pub(crate) fn open_file(path: &Path) -> anyhow::Result<Box<dyn Read + Send>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let (rdr, _) =
        decompress(Box::new(file)).with_context(|| format!("reading {}", path.display()))?;
    Ok(rdr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_is_stdin() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(Input::from_arg("a.csv"), Input::Path("a.csv".into()));
        assert_eq!(Input::Stdin.name(), "-");
        assert_eq!(Input::from_arg("d/a.csv").name(), "d/a.csv");
    }

    #[test]
    fn compressed_files_are_known_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, b"plain").unwrap();
        // Named as if plain: the bytes say gzip.
        let zipped = dir.path().join("b.txt");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"zipped").unwrap();
        std::fs::write(&zipped, gz.finish().unwrap()).unwrap();
        let read = |p: &Path| {
            let mut s = String::new();
            open_file(p).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        assert_eq!(read(&plain), "plain");
        assert_eq!(read(&zipped), "zipped");
        let missing = open_file(&dir.path().join("none")).err().unwrap();
        assert!(missing.to_string().starts_with("cannot open "), "{missing}");
    }
}
