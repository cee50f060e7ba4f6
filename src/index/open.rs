//! Opening the index file, with errors a user can act on.
//!
//! Every command opens the index here, so a missing file, a folder, a file
//! that is not an index and an index another process holds are each told
//! the same way whichever command met them.

use std::io::ErrorKind;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use redb::{Database, DatabaseError, StorageError, TableError};

use super::schema::{META, Stored};

/// Whether opening may make a new index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// Make the file if it is missing (to add to it).
    OrCreate,
    /// The index must exist (to read it).
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
    let mut builder = redb::Builder::new();
    if mode == Open::Existing {
        builder.set_cache_size(READ_CACHE);
    }
    let db = match mode {
        Open::OrCreate => builder.create(path),
        Open::Existing => builder.open(path),
    };
    db.map_err(|e| match e {
        DatabaseError::DatabaseAlreadyOpen => anyhow!(
            "index {name} is in use by another reprint process (an `index add` or \
             `index query` still running); try again when it has finished"
        ),
        DatabaseError::Storage(StorageError::Io(io)) if io.kind() != ErrorKind::InvalidData => {
            anyhow!(io).context(format!("cannot open index {name}"))
        }
        other => anyhow!("{name} is not a reprint index, or is damaged: {other}"),
    })
}

/// The stored parameters; `None` for an index nothing was ever added to
/// (a first `add` that failed or was killed leaves one).
pub fn read_stored(txn: &redb::ReadTransaction, path: &Path) -> Result<Option<Stored>> {
    match txn.open_table(META) {
        Ok(meta) => Stored::read(&meta, path),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(anyhow!(e).context(format!("reading index {}", path.display()))),
    }
}
