//! Shell behaviour: a closed pipe ends quietly; output files are replaced
//! only on success.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::common::*;

/// Many small distinct records, enough output to overflow a pipe buffer.
fn many_records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"text\":\"record number {i} tells story {} of many {} words\"}}\n",
                i * 7919 % 100_003,
                i * 104_729 % 99_991
            )
        })
        .collect()
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .arg("--singletons")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = many_records(20_000);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    // Read one line's worth, then close the pipe like `head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "status {:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "nothing on stderr: {stderr}");
}

#[test]
fn failed_run_leaves_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("groups.jsonl");
    std::fs::write(&out_path, "previous\n").unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":1,\"text\":\"x\"}\nnot json\n").unwrap();
    run_err(reprint().arg(&bad).arg("-o").arg(&out_path));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "previous\n");
    // No temporary file is left behind either.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2);
}

#[test]
fn unwritable_output_fails_before_reading() {
    let err = run_err(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["-o", "/nonexistent-dir/groups.jsonl"]),
    );
    assert!(
        err.contains("cannot write output /nonexistent-dir/groups.jsonl"),
        "{err}"
    );
}
