//! Messages to the user on stderr; stdout carries only output.
//!
//! `-q` silences warnings and notes, `-v` adds notes on what each stage did.
//! Errors that end the run are printed by the binary, not here. Each
//! message hides the progress line (the progress module draws it, this
//! module owns it) while it prints.

use std::io::Write;
use std::sync::Mutex;

use indicatif::ProgressBar;

/// The progress line on screen, if any: messages hide it while they print.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Run `f`, which writes to stderr, with the progress line out of its way.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().ok().and_then(|active| active.clone());
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// Make `bar` the progress line messages hide (`None`: there is none).
pub(crate) fn set_progress_line(bar: Option<ProgressBar>) {
    if let Ok(mut active) = ACTIVE.lock() {
        *active = bar;
    }
}

/// Where warnings and notes go, and how many of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Messages {
    /// No warnings or notes at all.
    pub quiet: bool,
    /// Notes on each stage (`-v`).
    pub verbose: bool,
    /// Show progress on stderr (the binary sets it when stderr is a
    /// terminal); `quiet` overrides it.
    pub progress: bool,
}

impl Messages {
    /// A warning: something the user should know even without `-v`.
    pub fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            suspend(|| {
                let _ = writeln!(std::io::stderr().lock(), "reprint: warning: {msg}");
            });
        }
    }

    /// A note shown with `-v`.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if self.verbose && !self.quiet {
            suspend(|| {
                let _ = writeln!(std::io::stderr().lock(), "reprint: {msg}");
            });
        }
    }

    /// A summary line: shown with `-v`, or when `always` (something was
    /// skipped and the user must hear of it).
    pub fn summary(&self, msg: impl std::fmt::Display, always: bool) {
        if (always || self.verbose) && !self.quiet {
            suspend(|| {
                let _ = writeln!(std::io::stderr().lock(), "reprint: {msg}");
            });
        }
    }
}
