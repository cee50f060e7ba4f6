//! Damage, and an index never finished: how every command says them.
//!
//! Damage is one error class, [`Damaged`]: "index X is damaged: what was
//! found". Each layer that can notice it reports it so: the header check
//! before redb opens a file, the checksums of what reprint stores, the
//! cross-checks between tables, and redb's own corruption errors, which
//! [`explain`] turns into it. So a command says the same whichever layer
//! noticed, and a script can tell damage from a bad flag or a bad record.

use std::fmt;
use std::io::ErrorKind;
use std::path::Path;

use anyhow::anyhow;
use redb::{CommitError, DatabaseError, StorageError, TableError, TransactionError};

/// An index that is not what was stored in it: what was found.
#[derive(Debug)]
pub struct Damaged {
    index: String,
    what: String,
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "index {} is damaged: {}", self.index, self.what)
    }
}

impl std::error::Error for Damaged {}

/// The error for damage to index `path`.
pub fn damaged(path: &Path, what: impl fmt::Display) -> anyhow::Error {
    anyhow!(Damaged {
        index: path.display().to_string(),
        what: what.to_string(),
    })
}

/// The error for reading an index nothing was ever added to: a first
/// `index add` that was stopped (Ctrl-C, a kill) before it committed.
pub fn incomplete(path: &Path) -> anyhow::Error {
    let name = path.display();
    anyhow!(
        "index {name} is incomplete: its first `index add` stopped before it finished, \
         so it holds nothing; `reprint index add {name} FILE...` fills it"
    )
}

/// Say what an error met while using index `path` means: redb's corruption
/// errors and short reads are damage; other redb errors name the index.
pub fn explain(path: &Path, err: anyhow::Error) -> anyhow::Error {
    if err.downcast_ref::<Damaged>().is_some() {
        return err;
    }
    let Some(storage) = err.chain().find_map(storage_error) else {
        return match err.chain().find_map(|e| e.downcast_ref::<TableError>()) {
            // The tables are not of the types reprint writes.
            Some(
                e @ (TableError::TableTypeMismatch { .. }
                | TableError::TableIsMultimap(_)
                | TableError::TableIsNotMultimap(_)
                | TableError::TypeDefinitionChanged { .. }),
            ) => damaged(path, e),
            _ => err,
        };
    };
    match storage {
        StorageError::Corrupted(what) => damaged(path, what),
        StorageError::Io(io) if matches!(io.kind(), ErrorKind::UnexpectedEof) => {
            damaged(path, format!("a page lies past the end of the file ({io})"))
        }
        StorageError::Io(io) if matches!(io.kind(), ErrorKind::InvalidData) => damaged(path, io),
        _ => err.context(format!("using index {}", path.display())),
    }
}

/// The redb storage error inside `e`, whichever redb error carries it.
fn storage_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a StorageError> {
    if let Some(s) = e.downcast_ref::<StorageError>() {
        return Some(s);
    }
    if let Some(TableError::Storage(s)) = e.downcast_ref::<TableError>() {
        return Some(s);
    }
    if let Some(TransactionError::Storage(s)) = e.downcast_ref::<TransactionError>() {
        return Some(s);
    }
    if let Some(CommitError::Storage(s)) = e.downcast_ref::<CommitError>() {
        return Some(s);
    }
    match e.downcast_ref::<DatabaseError>() {
        Some(DatabaseError::Storage(s)) => Some(s),
        _ => None,
    }
}
