//! The index file as a reader hands it to redb: opened read-only, under a
//! shared lock, with whatever redb writes kept in memory.
//!
//! redb 2.6 opens every database for writing: it sets a "recovery
//! required" flag in the file's header when it opens and clears it when it
//! closes, and its file backend takes an exclusive lock. Opened that way, a
//! read-only index cannot be queried (Permission denied) and two queries
//! cannot run at once. redb 3 has a `ReadOnlyDatabase`, but it reads only
//! redb's v3 file format (an index made by this redb is v2, so every
//! existing index would have to be made again, and one made by an older
//! reprint could no longer be told by its format version) and it is a new
//! major version to depend on. So a reader gives redb this backend instead:
//!
//! - the file is opened read-only and locked shared (`flock(LOCK_SH)`):
//!   readers share it, and an `index add`'s exclusive lock (redb's own)
//!   and a reader's exclude each other, so a reader never sees an `add`
//!   half-written and an `add` never changes a file being read;
//! - what redb writes (its header flag, its allocator state at close, an
//!   in-memory repair after a killed `add`) goes to a private overlay of
//!   whole blocks: redb reads back what it wrote, and the file is never
//!   changed. The overlay holds a few pages, not the index.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::RwLock;

use redb::{DatabaseError, StorageBackend};

/// Overlay granularity: redb's page size, so a page write is one block.
const BLOCK: u64 = 4096;

/// A read-only file under a shared lock, with an in-memory overlay for
/// redb's writes.
#[derive(Debug)]
pub struct ReadOnlyFile {
    file: File,
    state: RwLock<Overlay>,
}

/// What redb has written, and the length it has set.
#[derive(Debug)]
struct Overlay {
    /// The length redb sees.
    len: u64,
    /// Bytes of the file below this are the file's; above it (after redb
    /// shrank the storage and grew it again), zeros unless written.
    file_visible: u64,
    /// Written blocks, by block number.
    blocks: BTreeMap<u64, Box<[u8]>>,
}

impl ReadOnlyFile {
    /// Open `path` to read and take a shared lock on it; another process
    /// holding the exclusive lock (an `index add`) is
    /// [`DatabaseError::DatabaseAlreadyOpen`].
    pub fn open(path: &Path) -> Result<ReadOnlyFile, DatabaseError> {
        let file = File::open(path)?;
        lock_shared(&file)?;
        let len = file.metadata()?.len();
        Ok(ReadOnlyFile {
            file,
            state: RwLock::new(Overlay {
                len,
                file_visible: len,
                blocks: BTreeMap::new(),
            }),
        })
    }

    /// Bytes `at..at + out.len()` as the file holds them (zeros past what
    /// is visible of it).
    fn read_file(&self, state: &Overlay, at: u64, out: &mut [u8]) -> io::Result<()> {
        let end = at + out.len() as u64;
        let from_file = end.min(state.file_visible).saturating_sub(at) as usize;
        if from_file > 0 {
            read_exact_at(&self.file, &mut out[..from_file], at)?;
        }
        out[from_file..].fill(0);
        Ok(())
    }
}

impl StorageBackend for ReadOnlyFile {
    fn len(&self) -> io::Result<u64> {
        Ok(self.state.read().unwrap_or_else(|e| e.into_inner()).len)
    }

    fn read(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        let end = offset
            .checked_add(len as u64)
            .filter(|&end| end <= state.len)
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("read of {len} bytes at {offset} past the end of the file"),
                )
            })?;
        let mut out = vec![0; len];
        self.read_file(&state, offset, &mut out)?;
        for (&block, bytes) in state.blocks.range(offset / BLOCK..end.div_ceil(BLOCK)) {
            let start = block * BLOCK;
            let (lo, hi) = (start.max(offset), (start + BLOCK).min(end));
            out[(lo - offset) as usize..(hi - offset) as usize]
                .copy_from_slice(&bytes[(lo - start) as usize..(hi - start) as usize]);
        }
        Ok(out)
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        if len < state.len {
            state.file_visible = state.file_visible.min(len);
            state.blocks.retain(|&block, _| block * BLOCK < len);
            if let Some(bytes) = state.blocks.get_mut(&(len / BLOCK)) {
                bytes[(len % BLOCK) as usize..].fill(0);
            }
        }
        state.len = len;
        Ok(())
    }

    fn sync_data(&self, _eventual: bool) -> io::Result<()> {
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        let mut guard = self.state.write().unwrap_or_else(|e| e.into_inner());
        let state = &mut *guard;
        let end = offset + data.len() as u64;
        for block in offset / BLOCK..end.div_ceil(BLOCK) {
            let start = block * BLOCK;
            if !state.blocks.contains_key(&block) {
                let mut bytes = vec![0; BLOCK as usize].into_boxed_slice();
                self.read_file(state, start, &mut bytes)?;
                state.blocks.insert(block, bytes);
            }
            let bytes = state.blocks.get_mut(&block).expect("inserted above");
            let (lo, hi) = (start.max(offset), (start + BLOCK).min(end));
            bytes[(lo - start) as usize..(hi - start) as usize]
                .copy_from_slice(&data[(lo - offset) as usize..(hi - offset) as usize]);
        }
        state.len = state.len.max(end);
        Ok(())
    }
}

#[cfg(unix)]
fn lock_shared(file: &File) -> Result<(), DatabaseError> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this `File` owns; the lock goes with
    // the descriptor when the file is closed.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) } == 0 {
        return Ok(());
    }
    match io::Error::last_os_error() {
        e if e.kind() == io::ErrorKind::WouldBlock => Err(DatabaseError::DatabaseAlreadyOpen),
        e => Err(e.into()),
    }
}

/// Without `flock`, readers do not lock: an `index add` running at the
/// same time is not refused.
#[cfg(not(unix))]
fn lock_shared(_file: &File) -> Result<(), DatabaseError> {
    Ok(())
}

#[cfg(unix)]
fn read_exact_at(file: &File, out: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, out, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut out: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !out.is_empty() {
        match file.seek_read(out, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                out = &mut out[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "read_only/tests.rs"]
mod tests;
