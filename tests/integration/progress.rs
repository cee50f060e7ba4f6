//! The progress line: on a terminal only, never with `-q`, never in pipes.

use std::process::Command;

use crate::common::*;

/// Run the binary on a pseudo-terminal (util-linux `script`), returning
/// what the terminal showed; `None` when `script` is not installed.
fn on_terminal(args: &str) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("reprint");
    let cmd = format!("{} {args}", bin.display());
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .output()
        .ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.jsonl");
    let input = fixture("news.jsonl");
    let args = format!("{} -o {}", input.display(), groups.display());
    let Some(shown) = on_terminal(&args) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    // The first stage is always drawn; on 30 records the later ones may
    // end before the next redraw.
    assert!(shown.contains("read and featurize"), "{shown:?}");
    // -q silences it on a terminal too.
    let quiet = on_terminal(&format!("-q {args}")).unwrap();
    assert!(!quiet.contains("read and featurize"), "{quiet:?}");
    // With stderr not a terminal, nothing at all.
    let out = run_ok(reprint().arg(&input).arg("-o").arg(&groups));
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}
