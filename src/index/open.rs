//! Opening the index file, and the errors every command gives about it.
//!
//! Every command opens the index here, so a missing file, a folder, a file
//! that is not an index, a damaged or incomplete index, and an index
//! another process holds are each told the same way whichever command met
//! them. Before redb sees a file its header is checked ([`header`]); a
//! reader hands redb the file read-only under a shared lock
//! ([`ReadOnlyFile`]), a writer (`index add`) through redb's own backend,
//! which locks it exclusively.
//!
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use redb::backends::FileBackend;
use redb::{Database, DatabaseError, StorageBackend, StorageError, TableError};

use super::damage::{damaged, explain, incomplete};
use super::header::{self, Header};
use super::read_only::ReadOnlyFile;
use super::schema::{META, Stored};

/// Whether opening may make a new index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// Make the file if it is missing, and lock it for writing (to add to
    /// it).
    OrCreate,
    /// The index must exist; read it only, sharing it with other readers.
    Existing,
}

/// redb's page cache when an index is only read. The default, 1 GiB, is
/// for writers; a query's lookups mostly re-read the B-trees' inner pages,
/// and the operating system caches the file anyway. Querying 10,000
/// records against 1,000,000 took as long with 256 MiB as with 1 GiB and
/// peaked 0.7 GB lower; with 64 MiB, loading candidates took twice as long.
const READ_CACHE: usize = 256 << 20;

/// Open the index file, with errors a user can act on.
pub fn open(path: &Path, mode: Open) -> Result<Database> {
    let name = path.display();
    if mode == Open::Existing && !path.exists() {
        bail!("no index at {name}: make one with `reprint index add {name} FILE...`");
    }
    if path.is_dir() {
        bail!("index {name} is a folder, not an index file");
    }
    let cannot = |e: std::io::Error| anyhow!(e).context(format!("cannot open index {name}"));
    let db = match mode {
        Open::OrCreate => {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(cannot)?;
            let backend = FileBackend::new(file).map_err(|e| refused(path, mode, e))?;
            checked(path, mode, backend, redb::Builder::new())?
        }
        Open::Existing => {
            let backend = ReadOnlyFile::open(path).map_err(|e| refused(path, mode, e))?;
            let mut builder = redb::Builder::new();
            builder.set_cache_size(READ_CACHE);
            checked(path, mode, backend, builder)?
        }
    };
    Ok(db)
}

/// Check the header `backend` holds (locked by now, so no writer is half
/// way through it) and hand it to redb.
fn checked(
    path: &Path,
    mode: Open,
    backend: impl StorageBackend,
    builder: redb::Builder,
) -> Result<Database> {
    let name = path.display();
    let len = backend.len().map_err(|e| anyhow!(e))?;
    let head = backend
        .read(0, len.min(4096) as usize)
        .map_err(|e| anyhow!(e).context(format!("cannot read index {name}")))?;
    match header::check(&head, len) {
        Header::Whole => {}
        // A new index, or one a first `add` left before redb wrote to it.
        Header::Empty if mode == Open::OrCreate => {}
        Header::Empty => return Err(incomplete(path)),
        Header::Foreign => bail!("{name} is not a reprint index (nor any redb file)"),
        Header::Damaged(what) => return Err(damaged(path, what)),
    }
    builder
        .create_with_backend(backend)
        .map_err(|e| refused(path, mode, e))
}

/// What refusing to open means to a user.
fn refused(path: &Path, mode: Open, e: DatabaseError) -> anyhow::Error {
    let name = path.display();
    match e {
        DatabaseError::DatabaseAlreadyOpen => {
            let holder = match mode {
                Open::OrCreate => "an `index add`, or a query, stats or check reading it",
                Open::Existing => "an `index add`",
            };
            anyhow!(
                "index {name} is in use by another reprint process ({holder} still running); \
                 try again when it has finished"
            )
        }
        DatabaseError::Storage(StorageError::Io(io))
            if !matches!(io.kind(), ErrorKind::InvalidData | ErrorKind::UnexpectedEof) =>
        {
            anyhow!(io).context(format!("cannot open index {name}"))
        }
        other => explain(path, anyhow!(other)),
    }
}

/// The stored parameters of an index a command reads; an index nothing
/// was ever added to is [`incomplete`].
pub fn read_stored(txn: &redb::ReadTransaction, path: &Path) -> Result<Stored> {
    let stored = match txn.open_table(META) {
        Ok(meta) => Stored::read(&meta, path)?,
        Err(TableError::TableDoesNotExist(_)) => None,
        Err(e) => return Err(e.into()),
    };
    match stored {
        Some(stored) => Ok(stored),
        // A first `add` commits all its tables at once, or none.
        None if txn.list_tables()?.next().is_none() => Err(incomplete(path)),
        None => Err(damaged(
            path,
            "its tables are there but its metadata is not",
        )),
    }
}
