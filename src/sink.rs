//! Where output goes: stdout, or a file replaced only when the run succeeds.
//!
//! A file output is written to a temporary file in the same folder and
//! renamed over the target at the end, so a failed or interrupted run leaves
//! the previous file intact. It is created before any work starts, so an
//! unwritable path fails in a second rather than after an hour of hashing.
//!
//! A temporary file is removed when the run fails (on drop), and also when
//! the process is stopped by SIGINT, SIGTERM or SIGHUP: a handler thread
//! removes it, then lets the signal end the process as it would have. Only
//! SIGKILL (and a power cut) can leave a `.reprint-*.tmp` file behind.
//!
//! An output that exists and is not a regular file (`/dev/null`, a FIFO, a
//! terminal) is written in place: renaming over it would replace a device
//! with a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

use crate::read::compression::{Compression, Encoder};

/// An open output. Write errors name it (`writing groups.jsonl: No space
/// left on device`), keeping their kind so a closed pipe is still seen as one.
pub struct Sink {
    out: Labelled<Out>,
}

enum Out {
    /// Standard output, locked and buffered.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A temporary file to be renamed to `path`, compressed when `path`
    /// ends in `.gz`, `.zst`, `.xz` or `.bz2`.
    /// (Boxed: some encoders keep their state inline.)
    File { tmp: Box<Temp>, path: PathBuf },
    /// A device or FIFO, written in place.
    Special(BufWriter<File>),
}

/// The temporary file of a file output, as written.
type Temp = Encoder<BufWriter<NamedTempFile>>;

/// An output flushed and synced, waiting to be moved into place.
pub struct Prepared {
    done: Option<(NamedTempFile, PathBuf, String)>,
}

impl Sink {
    /// Open `path` (`None` or `-`: stdout).
    pub fn open(path: Option<&Path>) -> Result<Sink> {
        let (out, label) = match path {
            Some(p) if p.as_os_str() != "-" => (Sink::file(p)?, format!("writing {}", p.display())),
            _ => (
                Out::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
                "writing to stdout".to_string(),
            ),
        };
        Ok(Sink {
            out: Labelled { inner: out, label },
        })
    }

    fn file(p: &Path) -> Result<Out> {
        let cannot = || format!("cannot write output {}", p.display());
        // `-o link` writes the file the link points to, as `>` would, and
        // leaves the link in place.
        let target = resolve_links(p).with_context(cannot)?;
        match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => bail!("{}: it is a folder", cannot()),
            Ok(meta) if !meta.is_file() => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .with_context(cannot)?;
                return Ok(Out::Special(BufWriter::with_capacity(1 << 16, file)));
            }
            _ => {}
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // The handler is in place before the file exists, and the file is
        // registered with it before a signal can be handled.
        install_signal_handler();
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = tempfile::Builder::new()
            .prefix(".reprint-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(without_temp_path)
            .with_context(cannot)?;
        pending.push(tmp.path().to_path_buf());
        drop(pending);
        let buffered = BufWriter::with_capacity(1 << 16, tmp);
        let compression = Compression::of_name(&target);
        Ok(Out::File {
            tmp: Box::new(Encoder::new(compression, buffered).with_context(cannot)?),
            path: target,
        })
    }

    /// The writer to write output into.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Is this standard output?
    pub fn is_stdout(&self) -> bool {
        matches!(self.out.inner, Out::Stdout(_))
    }

    /// Flush, and for a file move it into place.
    pub fn finish(self) -> Result<()> {
        self.prepare()?.commit()
    }

    /// Flush everything written and, for a file, sync it to disk and give
    /// it its permissions: all that can fail before the rename.
    pub fn prepare(self) -> Result<Prepared> {
        let Labelled { inner, label } = self.out;
        match inner {
            Out::Stdout(mut w) => w.flush().context(label)?,
            Out::Special(mut w) => w.flush().context(label)?,
            Out::File { tmp, path } => {
                let tmp = into_file(*tmp)
                    .map_err(without_temp_path)
                    .context(label.clone())?;
                tmp.as_file().sync_all().context(label.clone())?;
                set_permissions(tmp.path(), &path);
                return Ok(Prepared {
                    done: Some((tmp, path, label)),
                });
            }
        }
        Ok(Prepared { done: None })
    }
}

impl Prepared {
    /// Move a file output into place (nothing to do for other outputs).
    pub fn commit(self) -> Result<()> {
        let Some((tmp, path, label)) = self.done else {
            return Ok(());
        };
        // Held across the rename, so a signal handler sees either the
        // temporary file or none.
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        pending.retain(|p| p != tmp.path());
        tmp.persist(&path)
            .map_err(|e| without_temp_path(e.error))
            .context(label)?;
        Ok(())
    }
}

/// Finish the stream (a compressed format's trailer) and flush the buffer.
fn into_file(tmp: Temp) -> io::Result<NamedTempFile> {
    tmp.finish()?.into_inner().map_err(|e| e.into_error())
}

/// Follow `path` through symlinks to the file it names (which need not
/// exist yet); a path that is no link is itself.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Keep the permissions an existing output had; a new one gets what any
/// new file gets, 0666 less the umask, rather than the temporary file's
/// 0600.
fn set_permissions(tmp: &Path, path: &Path) {
    match fs::metadata(path) {
        Ok(meta) => {
            let _ = fs::set_permissions(tmp, meta.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = 0o666 & !umask();
                let _ = fs::set_permissions(tmp, fs::Permissions::from_mode(mode));
            }
        }
    }
}

/// The process's umask, read once. Setting it to read it back is the only
/// portable way; it is restored at once, and read before any output exists.
#[cfg(unix)]
fn umask() -> u32 {
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        // SAFETY: umask cannot fail; the old mask is put straight back.
        let old = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(old) };
        old as u32
    })
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write(buf),
            Out::File { tmp, .. } => tmp.write(buf),
            Out::Special(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File { tmp, .. } => tmp.flush(),
            Out::Special(w) => w.flush(),
        }
    }
}

/// A writer whose errors say what was being written.
struct Labelled<W> {
    inner: W,
    label: String,
}

impl<W: Write> Labelled<W> {
    fn label(&self, e: io::Error) -> io::Error {
        let e = without_temp_path(e);
        io::Error::new(e.kind(), format!("{}: {e}", self.label))
    }
}

impl<W: Write> Write for Labelled<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.label(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.label(e))
    }
}

/// tempfile's errors name the random temporary path; the user knows the
/// output path, and messages should not change from run to run.
fn without_temp_path(e: io::Error) -> io::Error {
    let message = e.to_string();
    match message.find(" at path \"") {
        Some(at) => io::Error::new(e.kind(), &message[..at]),
        None => e,
    }
}

/// Remove `path` (a temporary file or folder the run made, such as a spool
/// of stdin) if a signal stops the process. A path already gone by then
/// is passed over.
pub fn remove_on_signal(path: &Path) {
    install_signal_handler();
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(path.to_path_buf());
}

/// The temporary files to remove if a signal stops the process. A failed run
/// leaves a stale path here after its file removed itself; removing it again
/// does nothing.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Start the thread that removes the [`PENDING`] files on SIGINT, SIGTERM
/// or SIGHUP, once.
fn install_signal_handler() {
    #[cfg(unix)]
    {
        static HANDLER: std::sync::Once = std::sync::Once::new();
        HANDLER.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("reprint-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let pending =
                            std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
                        for path in pending {
                            if fs::remove_file(&path).is_err() {
                                let _ = fs::remove_dir_all(&path);
                            }
                        }
                        // End the process as the signal would have.
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
        });
    }
}
