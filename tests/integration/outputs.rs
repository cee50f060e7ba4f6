//! Outputs never destroy data (issue 17, "Data loss"): two outputs naming
//! one file, an output over an input or the index, a failed run that
//! replaced some outputs, files ignoring the umask, `-o` on a symlink,
//! `.gz` outputs written plain.

use std::fs;
use std::path::Path;

use crate::common::*;

fn copy_fixture(dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(name);
    fs::copy(fixture(name), &to).unwrap();
    to
}

/// Run `cmd` with stdout on a full disk (`/dev/full`): every write fails.
#[cfg(target_os = "linux")]
fn into_full_stdout(cmd: &mut std::process::Command) -> std::process::Output {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    cmd.stdout(full).output().unwrap()
}

#[test]
fn main_output_over_its_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_fixture(dir.path(), "news.jsonl");
    let before = fs::read(&input).unwrap();
    let err = run_err(reprint().arg(&input).arg("-o").arg(&input));
    assert!(err.contains("is also an input"), "{err}");
    // Spelt another way, and through stdin redirected from it.
    let other = dir.path().join(".").join("news.jsonl");
    run_err(reprint().arg(&input).arg("-o").arg(&other));
    // (assert_cmd pipes a file's bytes; the child must get the file itself.)
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
        .stdin(fs::File::open(&input).unwrap())
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is also an input (-)"), "{err}");
    assert_eq!(fs::read(&input).unwrap(), before);
}

#[test]
fn index_query_output_over_the_index_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("archive.idx");
    run_ok(
        reprint()
            .args(["index", "add", "-q"])
            .arg(&index)
            .arg(fixture("news.jsonl")),
    );
    let before = fs::read(&index).unwrap();
    let err = run_err(
        reprint()
            .args(["index", "query"])
            .arg(&index)
            .arg(fixture("news.csv"))
            .arg("-o")
            .arg(&index),
    );
    assert!(err.contains("is the index"), "{err}");
    assert_eq!(fs::read(&index).unwrap(), before);
    // The index is not an input of `add` either.
    let err = run_err(reprint().args(["index", "add"]).arg(&index).arg(&index));
    assert!(err.contains("is also an input"), "{err}");
}

#[cfg(unix)]
#[test]
fn new_outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("groups.jsonl");
    // The umask is inherited by the child from the shell that runs it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" \"$1\" -q -o \"$2\"")
        .arg(env!("CARGO_BIN_EXE_reprint"))
        .arg(fixture("news.jsonl"))
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_writes_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.jsonl");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .arg("-q")
            .arg("-o")
            .arg(&link),
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(group_ids(written.as_bytes()), expected_groups());
}

#[test]
fn gz_output_is_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("groups.jsonl.gz");
    run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .arg("-q")
            .arg("-o")
            .arg(&out),
    );
    let bytes = fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "not gzip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    assert_eq!(group_ids(text.as_bytes()), expected_groups());
}

#[test]
fn spread_outputs_naming_one_file_or_the_input_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_fixture(dir.path(), "news.jsonl");
    let e = dir.path().join("e");
    let err = run_err(
        reprint()
            .arg("spread")
            .arg(&input)
            .arg("--edges")
            .arg(&e)
            .arg("-o")
            .arg(&e)
            .arg("--html")
            .arg(&e),
    );
    assert!(err.contains("-o and --edges are the same file"), "{err}");
    assert!(!e.exists());
    let before = fs::read(&input).unwrap();
    let err = run_err(
        reprint()
            .arg("spread")
            .arg(&input)
            .arg("--html")
            .arg(&input),
    );
    assert!(err.contains("--html"), "{err}");
    assert!(err.contains("is also an input"), "{err}");
    assert_eq!(fs::read(&input).unwrap(), before);
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_spread_replaces_none_of_its_outputs() {
    // stdout is /dev/full: the text cannot be written, so the edges and the
    // report, which could, must not be moved into place either.
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges.csv");
    let html = dir.path().join("report.html");
    fs::write(&edges, "old edges").unwrap();
    let out = into_full_stdout(
        std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
            .arg("spread")
            .arg(fixture("news.jsonl"))
            .arg("--edges")
            .arg(&edges)
            .arg("--html")
            .arg(&html),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&edges).unwrap(), "old edges");
    assert!(!html.exists());
}

#[test]
fn dedup_output_and_removed_naming_one_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_fixture(dir.path(), "news.csv");
    let before = fs::read(&input).unwrap();
    let err = run_err(
        reprint()
            .arg("dedup")
            .arg(&input)
            .arg("-o")
            .arg(&input)
            .arg("--removed")
            .arg(&input),
    );
    assert!(err.contains("-o and --removed are the same file"), "{err}");
    let err = run_err(
        reprint()
            .arg("dedup")
            .arg(&input)
            .arg("--removed")
            .arg(&input),
    );
    assert!(err.contains("--removed"), "{err}");
    assert!(err.contains("is also an input"), "{err}");
    assert_eq!(fs::read(&input).unwrap(), before);
    // --removed into the very pipe stdout goes to would interleave them.
    let err = run_err(
        reprint()
            .arg("dedup")
            .arg(&input)
            .args(["--removed", "/dev/stdout"]),
    );
    assert!(err.contains("same file"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_dedup_leaves_the_removed_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join("rem.jsonl");
    fs::write(&removed, "old removed\n").unwrap();
    let out = into_full_stdout(
        std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
            .arg("dedup")
            .arg(fixture("news.jsonl"))
            .arg("--removed")
            .arg(&removed),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&removed).unwrap(), "old removed\n");
}

#[test]
fn dedup_in_place_over_gzip_writes_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &fs::read(fixture("news.jsonl")).unwrap()).unwrap();
    fs::write(&input, gz.finish().unwrap()).unwrap();
    run_ok(
        reprint()
            .arg("dedup")
            .arg(&input)
            .arg("-q")
            .arg("-o")
            .arg(&input),
    );
    let bytes = fs::read(&input).unwrap();
    assert_eq!(
        &bytes[..2],
        &[0x1f, 0x8b],
        "dedup wrote plain text under a .gz name"
    );
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    // The same records as dedup keeps of the plain file.
    let plain = run_ok(reprint().arg("dedup").arg(fixture("news.jsonl")).arg("-q"));
    assert_eq!(text.as_bytes(), &plain.stdout[..]);
}

/// A write error on a real file (here a file over `ulimit -f`) names the
/// user's path, not the random temporary one, and leaves nothing behind.
/// SIGXFSZ killed the run before (leaving its temporary file); it is
/// ignored now, so the write fails as an error.
#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_is_a_write_error_naming_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_fixture(dir.path(), "news.jsonl");
    let bin = env!("CARGO_BIN_EXE_reprint");
    for args in [
        "news.jsonl --singletons -o out.jsonl",
        "dedup news.jsonl -o out.jsonl",
        "spread news.jsonl --html out.html -o /dev/null",
    ] {
        // 1 block of 512 bytes: the fixture's output is larger.
        let out = std::process::Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!("ulimit -f 1 && exec {bin} {args}"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        let named = args
            .split_whitespace()
            .find(|a| a.starts_with("out."))
            .unwrap();
        assert_eq!(
            stderr,
            format!("reprint: error: writing {named}: File too large (os error 27)\n"),
            "{args}"
        );
        let left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "news.jsonl")
            .collect();
        assert!(left.is_empty(), "{args}: left behind {left:?}");
    }
    assert_eq!(
        fs::read(&input).unwrap(),
        fs::read(fixture("news.jsonl")).unwrap()
    );
}
