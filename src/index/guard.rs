//! The last resort: a panic inside redb, while it reads a damaged index,
//! becomes "index X is damaged" instead of a crash.
//!
//! What can be checked before redb reads a file is checked ([`super::header`]:
//! a file cut short, a broken header or commit record), and what reprint
//! stores carries its own checksums ([`super::codec`], [`super::schema`]).
//! But redb 2.6 trusts the pages of a cleanly closed file as it reads them:
//! it checks their checksums only when it repairs a file or is asked to
//! (`index check`), and some of its page and allocator decoding indexes
//! slices by offsets read from the page, so a flipped byte there can make
//! it panic. Without redb verifying every page it reads, only catching the
//! panic can keep that from crashing the program, so each command runs its
//! index work under [`guarded`]:
//!
//! - only panics raised in redb's own source are caught: a panic in
//!   reprint's code is a bug, and goes on as a panic with its message;
//! - the panic hook stays quiet for the caught ones (no "thread panicked"
//!   text on stderr): the message and place go into the damage report;
//! - the command's `Database` lives inside the guarded work, so it is
//!   dropped while unwinding, when redb skips its own shutdown writes.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;

use super::damage::{damaged, explain};

/// Guarded sections running now (any thread).
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// The last redb panic caught while a section was running.
static CAUGHT: Mutex<Option<String>> = Mutex::new(None);

/// Run `work` on index `path`: errors are explained ([`explain`]), and a
/// panic inside redb is reported as damage.
pub fn guarded<T>(path: &Path, work: impl FnOnce() -> Result<T>) -> Result<T> {
    install_hook();
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    match result {
        Ok(result) => result.map_err(|e| explain(path, e)),
        Err(payload) => match take_caught() {
            Some(what) => Err(damaged(path, format!("redb failed reading it ({what})"))),
            None => panic::resume_unwind(payload),
        },
    }
}

fn take_caught() -> Option<String> {
    CAUGHT.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// Whether a panic raised at `file` (a source path) is redb's.
fn in_redb(file: &str) -> bool {
    file.split(['/', '\\'])
        .any(|part| part == "redb" || part.starts_with("redb-"))
}

fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info.location();
            let redb = location.is_some_and(|l| in_redb(l.file()));
            if ACTIVE.load(Ordering::SeqCst) == 0 || !redb {
                return previous(info);
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            let place = location.map_or(String::new(), |l| {
                let file = l.file().rsplit(['/', '\\']).next().unwrap_or("");
                format!(" at {file}:{}", l.line())
            });
            *CAUGHT.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{message}{place}"));
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_redb_source_paths() {
        assert!(in_redb(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/redb-2.6.4/src/db.rs"
        ));
        assert!(!in_redb("src/index/guard.rs"));
        assert!(!in_redb("/home/redbird/src/x.rs"));
    }

    #[test]
    fn passes_results_and_errors_through() {
        let path = Path::new("x.idx");
        assert_eq!(guarded(path, || Ok(5)).unwrap(), 5);
        let err = guarded(path, || -> Result<()> { anyhow::bail!("no") }).unwrap_err();
        assert!(err.to_string().contains("no"), "{err}");
    }

    /// redb handed a file cut short (as [`super::super::header`] would
    /// refuse it) panics inside; the guard makes it damage.
    #[test]
    fn a_panic_inside_redb_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.idx");
        drop(redb::Database::create(&path).unwrap());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let err = guarded(&path, || {
            redb::Database::open(&path)?;
            Ok(())
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("is damaged: redb failed reading it ("),
            "{err}"
        );
        assert!(err.contains("page_manager.rs"), "{err}");
    }

    #[test]
    fn a_panic_outside_redb_stays_a_panic() {
        let outcome = panic::catch_unwind(|| {
            guarded(Path::new("x.idx"), || -> Result<()> {
                panic!("a bug in reprint")
            })
        });
        assert!(outcome.is_err());
    }
}
