//! Helpers shared by the integration tests: run the binary, read groups.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The built `reprint` binary, ready for arguments.
pub fn reprint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reprint"))
}

/// A path under the repository's `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The groups of JSON Lines output, each as the sorted list of member ids.
pub fn group_ids(stdout: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(stdout).expect("output is UTF-8");
    let mut groups: Vec<Vec<String>> = text
        .lines()
        .map(|line| {
            let g: Value = serde_json::from_str(line).expect("each line is JSON");
            let mut ids: Vec<String> = g["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| m["id"].as_str().expect("id").to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}

/// The groups listed in `fixtures/expected.json`, sorted.
pub fn expected_groups() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut groups: Vec<Vec<String>> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut ids: Vec<String> = g
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}

/// Run and require success; the output.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run reprint");
    assert!(
        out.status.success(),
        "reprint failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Run and require exit code 2; the stderr text.
pub fn run_err(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run reprint");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    stderr
}
