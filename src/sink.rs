//! Where output goes: stdout, or a file replaced only when the run succeeds.
//!
//! A file output is written to a temporary file in the same folder and
//! renamed over the target at the end, so a failed or interrupted run leaves
//! the previous file intact. It is created before any work starts, so an
//! unwritable path fails in a second rather than after an hour of hashing.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// An open output.
pub enum Sink {
    /// Standard output, locked and buffered.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A temporary file to be renamed to `path`.
    File {
        /// The temporary file, buffered.
        tmp: BufWriter<NamedTempFile>,
        /// The final path.
        path: PathBuf,
    },
}

impl Sink {
    /// Open `path` (`None` or `-`: stdout).
    pub fn open(path: Option<&Path>) -> Result<Sink> {
        match path {
            None => Ok(Sink::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Sink::stdout()),
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".reprint-")
                    .suffix(".tmp")
                    .tempfile_in(dir)
                    .with_context(|| format!("cannot write output {}", p.display()))?;
                Ok(Sink::File {
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                    path: p.to_path_buf(),
                })
            }
        }
    }

    fn stdout() -> Sink {
        Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
    }

    /// The writer to write output into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { tmp, .. } => tmp,
        }
    }

    /// Flush, and for a file move it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().context("writing to stdout"),
            Sink::File { tmp, path } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("writing {}", path.display()))?;
                tmp.as_file()
                    .sync_all()
                    .with_context(|| format!("writing {}", path.display()))?;
                // Keep the permissions an existing output had; a new one gets
                // the usual 0644 rather than the temporary file's 0600.
                match fs::metadata(&path) {
                    Ok(meta) => {
                        let _ = fs::set_permissions(tmp.path(), meta.permissions());
                    }
                    Err(_) => {
                        #[cfg(unix)]
                        {
                            use std::os::unix::fs::PermissionsExt;
                            let _ =
                                fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644));
                        }
                    }
                }
                tmp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("writing {}", path.display()))?;
                Ok(())
            }
        }
    }
}
