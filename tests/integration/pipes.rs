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

/// Start `reprint ARGS` reading `input` on stdin, read 64 bytes of its
/// output, close the pipe as `head -c 64` does, and return how it ended.
fn close_early(args: &[&str], input: String) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn closed_pipe_ends_quietly() {
    // Each writes far more than a pipe holds, so it meets the closed pipe.
    for args in [&["--singletons"][..], &["dedup"], &["spread", "--json"]] {
        let out = close_early(args, many_records(20_000));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{args:?}: status {:?}: {stderr}",
            out.status
        );
        assert!(stderr.is_empty(), "{args:?}: nothing on stderr: {stderr}");
    }
}

#[test]
fn full_stdout_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .arg(fixture("news.jsonl"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "reprint: error: writing to stdout: No space left on device (os error 28)\n"
    );
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
