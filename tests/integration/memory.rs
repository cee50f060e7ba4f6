//! Shingle sets parked on disk (`--set-memory`): the same output as when
//! every set is held, and a clear error where the temporary file cannot be
//! made.

use crate::common::{fixture, reprint, run_ok};

/// Every command that reads sets back (grouping, the output's
/// similarities, pairs, related records, spread's origins) gives the same
/// bytes with every set parked as with all held.
#[test]
fn parked_sets_give_the_same_output_as_held_ones() {
    let runs: [&[&str]; 3] = [&["--related", "--pairs"], &["spread", "--json"], &["dedup"]];
    for flags in runs {
        let held = run_ok(reprint().args(flags).arg(fixture("news.jsonl")));
        let parked = run_ok(
            reprint()
                .args(flags)
                .args(["--set-memory", "0"])
                .arg(fixture("news.jsonl")),
        );
        assert!(!held.stdout.is_empty(), "{flags:?} wrote something");
        assert_eq!(
            String::from_utf8_lossy(&parked.stdout),
            String::from_utf8_lossy(&held.stdout),
            "{flags:?}"
        );
    }
}

#[test]
fn a_temporary_folder_that_cannot_be_written_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let out_path = dir.path().join("groups.jsonl");
    let out = reprint()
        .env("TMPDIR", &missing)
        .args(["--set-memory", "0", "-o"])
        .arg(&out_path)
        .arg(fixture("news.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("temporary file for shingle sets")
            && stderr.contains(&*missing.to_string_lossy())
            && stderr.contains("TMPDIR"),
        "{stderr}"
    );
    assert!(!out_path.exists(), "no output is written");
    // With the sets held, the same folder is not needed.
    run_ok(reprint().env("TMPDIR", &missing).arg(fixture("news.jsonl")));
}
