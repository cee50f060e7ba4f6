//! Exit status, one rule for every subcommand (as documented under "CI use"
//! in the README): 0 when the run succeeded, 1 when `--fail-on-reprints`
//! was given and reprints were found, 2 on any error.

use std::process::ExitCode;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The run succeeded (and found no reprints, or was not asked to fail).
    Success,
    /// The run succeeded, found reprints, and `--fail-on-reprints` asked
    /// for a failing status.
    ReprintsFound,
    /// The run failed: bad input, a bad flag, an unwritable output.
    Error,
}

/// A run's result that can say whether it found reprints.
pub trait FoundReprints {
    /// Did the run find any reprint?
    fn found_reprints(&self) -> bool;
}

impl ExitStatus {
    /// The status of a run that succeeded with `outcome`.
    pub fn of(outcome: &impl FoundReprints, fail_on_reprints: bool) -> ExitStatus {
        if fail_on_reprints && outcome.found_reprints() {
            ExitStatus::ReprintsFound
        } else {
            ExitStatus::Success
        }
    }

    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::ReprintsFound => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Found(bool);

    impl FoundReprints for Found {
        fn found_reprints(&self) -> bool {
            self.0
        }
    }

    #[test]
    fn fails_only_when_asked_and_found() {
        assert_eq!(
            ExitStatus::of(&Found(true), true),
            ExitStatus::ReprintsFound
        );
        assert_eq!(ExitStatus::of(&Found(true), false), ExitStatus::Success);
        assert_eq!(ExitStatus::of(&Found(false), true), ExitStatus::Success);
        assert_eq!(ExitStatus::Error.code(), 2);
    }
}
