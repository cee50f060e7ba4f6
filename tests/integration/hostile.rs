//! Hostile input and hard stops: a 200 MB line, one story copied 10,000
//! times, 50,000 tiny records, byte-order marks and UTF-16, repeated ids,
//! outputs written in place, and signals mid-run. Also replays every
//! input the fuzzers ever crashed on (`tests/regressions/<target>/`).
//!
//! Sizes are real, limits generous: these tests show that nothing is
//! quadratic or unbounded (by counting candidate pairs and measuring
//! memory), not how fast a debug build is. Each prints its time for the
//! record (`cargo test --release hostile -- --nocapture`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::*;

/// A made-up wire story of 80 words (the count of copies is what matters).
fn story() -> String {
    let words = [
        "council",
        "harbour",
        "ferry",
        "budget",
        "engineers",
        "pilings",
        "tuesday",
        "vote",
        "residents",
        "mayor",
        "repairs",
        "closed",
        "bridge",
        "funding",
        "report",
        "storm",
    ];
    (0..80)
        .map(|i| words[(i * 7 + i / 5) % words.len()].to_string() + &format!("{}", i % 13))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, data).unwrap();
    path
}

/// The distinct candidate pairs a `-v` run reports
/// (`reprint: candidates: 21 from lsh, 31 from anchors, 31 distinct; ...`).
fn candidate_pairs(stderr: &[u8]) -> u64 {
    let stderr = String::from_utf8_lossy(stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("reprint: candidates: "))
        .unwrap_or_else(|| panic!("no candidates note in {stderr}"));
    let before = line
        .split(" distinct")
        .next()
        .and_then(|l| l.rsplit(' ').next());
    before
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of distinct candidates in {line}"))
}

#[test]
fn giant_group_of_ten_thousand_copies() {
    let dir = tempfile::tempdir().unwrap();
    let story = story();
    let n = 10_000u64;
    let mut input = String::new();
    for i in 0..n {
        input.push_str(&format!(
            "{{\"id\":\"copy{i}\",\"source\":\"Outlet {i}\",\"text\":\"Reprinted by outlet number {i}.\\n{story}\"}}\n"
        ));
    }
    let path = write_file(dir.path(), "giant.jsonl", input.as_bytes());
    let started = Instant::now();
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let pairs = candidate_pairs(&out.stderr);
    eprintln!(
        "giant group: {n} copies in {:.1}s, {pairs} candidate pairs",
        started.elapsed().as_secs_f64()
    );
    let groups = group_ids(&out.stdout);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].len(), n as usize);
    // All pairs would be 50 million; stars over big buckets keep it linear.
    assert!(pairs < 10 * n, "{pairs} candidate pairs: quadratic");
}

#[test]
fn fifty_thousand_tiny_records() {
    let dir = tempfile::tempdir().unwrap();
    let n = 50_000u64;
    let mut input = String::with_capacity(n as usize * 48);
    for i in 0..n {
        // A stock phrase of five words held by 50 records, and one to three
        // words of its own, before or after it: every record is a candidate
        // of dozens of others (a shared shingle, a shared anchor), and none
        // is a reprint (Jaccard at most 1/3, containment at most 1/2).
        let phrase = i % 1000;
        let phrase: Vec<String> = (0..5).map(|k| format!("s{}", phrase * 5 + k)).collect();
        let own: Vec<String> = (0..1 + i % 3).map(|k| format!("u{i}x{k}")).collect();
        let words = if i % 2 == 1 {
            [phrase, own].concat()
        } else {
            [own, phrase].concat()
        };
        input.push_str(&format!(
            "{{\"id\":\"t{i}\",\"text\":\"{}\"}}\n",
            words.join(" ")
        ));
    }
    let path = write_file(dir.path(), "tiny.jsonl", input.as_bytes());
    let started = Instant::now();
    let out = run_ok(reprint().arg(&path).arg("-v"));
    let pairs = candidate_pairs(&out.stderr);
    eprintln!(
        "tiny records: {n} in {:.1}s, {pairs} candidate pairs",
        started.elapsed().as_secs_f64()
    );
    assert!(out.stdout.is_empty(), "no groups");
    // About 266,000 (50 records to a phrase); all pairs would be 1.25
    // billion.
    assert!(
        pairs > n,
        "{pairs} candidate pairs: the records were not compared"
    );
    assert!(pairs < 20 * n, "{pairs} candidate pairs: quadratic");
}

/// Wait for `child` to end, with its output and its peak resident memory
/// in KiB (its own rusage, from `wait4`; Linux counts it in KiB).
fn wait_with_peak_kib(mut child: std::process::Child) -> (std::process::Output, Option<u64>) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                r.read_to_end(&mut buf).unwrap();
            }
            buf
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    let out = std::process::Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    // Linux gives ru_maxrss in KiB.
    (out, Some(usage.ru_maxrss as u64))
}

#[test]
fn a_200_mb_line_is_skipped_in_bounded_memory() {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["--skip-bad", "--singletons"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let len: u64 = 200 << 20;
    stdin
        .write_all(b"{\"id\":\"before\",\"text\":\"a small story\"}\n{\"id\":\"huge\",\"text\":\"")
        .unwrap();
    let block = vec![b'x'; 1 << 20];
    for _ in 0..(len >> 20) {
        stdin.write_all(&block).unwrap();
    }
    stdin
        .write_all(b"\"}\n{\"id\":\"after\",\"text\":\"another small story\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    drop(stdin);
    // The peak of the whole run, taken when it ends (not sampled at a
    // moment that may come too early).
    let (out, peak) = wait_with_peak_kib(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line_len = len + "{\"id\":\"huge\",\"text\":\"\"}".len() as u64;
    assert!(
        stderr.contains(&format!(
            "skipped -:2: record of {line_len} bytes is larger than --max-record-bytes (10485760)"
        )),
        "{stderr}"
    );
    let ids: Vec<String> = group_ids(&out.stdout).concat();
    assert_eq!(ids, vec!["after".to_string(), "before".to_string()]);
    eprintln!(
        "200 MB line: skipped in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    if let Some(kib) = peak {
        eprintln!("200 MB line: peak RSS {} MiB", kib / 1024);
        assert!(kib < 100 << 10, "peak RSS {kib} KiB: the line was held");
    }
}

/// `text` as UTF-16 with a BOM, little- or big-endian.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn bom_and_utf16_inputs_give_the_same_groups() {
    let dir = tempfile::tempdir().unwrap();
    let expected = expected_groups();
    for name in ["news.jsonl", "news.csv"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let variants = [
            (
                "utf8-bom",
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            ),
            ("utf16le", utf16(&text, true)),
            ("utf16be", utf16(&text, false)),
        ];
        for (kind, data) in variants {
            let path = write_file(dir.path(), &format!("{kind}-{name}"), &data);
            let out = run_ok(reprint().arg(&path));
            assert_eq!(group_ids(&out.stdout), expected, "{kind} {name}");
            // Sniffed from stdin too.
            let out = run_ok(reprint().write_stdin(data));
            assert_eq!(group_ids(&out.stdout), expected, "{kind} {name} on stdin");
        }
    }
}

#[test]
fn dedupe_ids_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "dup.jsonl",
        b"{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"a\",\"text\":\"two\"}\n{\"id\":\"a\",\"text\":\"three\"}\n",
    );
    let out = run_ok(
        reprint()
            .arg(&path)
            .args(["--dedupe-ids", "--singletons", "-q"]),
    );
    assert_eq!(
        group_ids(&out.stdout).concat(),
        vec!["a", "a#2", "a#3"],
        "renamed, not merged"
    );
}

#[test]
fn lossy_reads_what_strict_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "mixed.csv",
        b"id,text\na,caf\xE9 cr\xE8me\nb,plain\n",
    );
    run_err(reprint().arg(&path));
    let out = run_ok(reprint().arg(&path).args(["--lossy", "--singletons"]));
    assert_eq!(group_ids(&out.stdout).concat(), vec!["a", "b"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.csv: 2 invalid UTF-8 sequences replaced with U+FFFD (--lossy), the first at byte offset 13"),
        "{stderr}"
    );
}

#[test]
fn output_to_a_device_writes_it_in_place() {
    // Renaming a temporary file over /dev/null would replace the device
    // with a regular file (as root).
    if !Path::new("/dev/null").exists() {
        return;
    }
    run_ok(
        reprint()
            .arg(fixture("news.jsonl"))
            .args(["-o", "/dev/null"]),
    );
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
}

/// Start `cmd` with a record on a stdin that stays open, wait until
/// `ready()` (the file the run makes exists), send `signal`, and return how
/// the run ended.
fn interrupt_when(
    cmd: &mut Command,
    signal: &str,
    ready: impl Fn() -> bool,
) -> std::process::ExitStatus {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":\"a\",\"text\":\"a story still coming\"}\n")
        .unwrap();
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the run made nothing to wait for"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    drop(stdin);
    status
}

/// Interrupt a run whose output goes to `out` once its temporary file
/// exists.
fn interrupt(signal: &str, out: &Path) -> std::process::ExitStatus {
    let dir = out.parent().unwrap();
    let has_temp = || {
        std::fs::read_dir(dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reprint"));
    cmd.arg("-o").arg(out);
    interrupt_when(&mut cmd, signal, has_temp)
}

#[test]
fn interrupted_run_leaves_previous_output_and_no_temp_file() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("TERM", 15), ("INT", 2), ("HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let out = write_file(dir.path(), "groups.jsonl", b"previous\n");
        let status = interrupt(signal, &out);
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, vec!["groups.jsonl"], "{signal}");
    }
}

/// The fuzz targets' checks (`fuzz/fuzz_targets/checks.rs`).
#[path = "../../fuzz/fuzz_targets/checks.rs"]
mod checks;

#[test]
fn fuzz_crashes_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut replayed = 0;
    for target in std::fs::read_dir(&root).unwrap() {
        let target = target.unwrap();
        if !target.file_type().unwrap().is_dir() {
            continue;
        }
        let name = target.file_name().to_string_lossy().into_owned();
        let (_, check) = checks::TARGETS
            .iter()
            .find(|(t, _)| *t == name)
            .unwrap_or_else(|| panic!("no fuzz target named {name}"));
        for input in std::fs::read_dir(target.path()).unwrap() {
            let input = input.unwrap().path();
            let data = std::fs::read(&input).unwrap();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{} panics again", input.display());
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no regression inputs under {}",
        root.display()
    );
}

#[test]
fn interrupted_dedup_of_stdin_leaves_no_spool() {
    use std::os::unix::process::ExitStatusExt;
    let tmp = tempfile::tempdir().unwrap();
    // The spool of stdin, once it holds something (stdin stays open).
    let spool = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".reprint-dedup-")
            })
            .map(|e| e.path())
            .filter(|dir| std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()))
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reprint"));
    cmd.arg("dedup").env("TMPDIR", tmp.path());
    let status = interrupt_when(&mut cmd, "INT", || spool().is_some());
    assert_eq!(status.signal(), Some(2), "{status:?}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "spool left behind: {left:?}");
}

/// `yes 'some words' | reprint --max-record-bytes 1K` read its endless
/// stdin as one text record to the end, which never came. Without
/// `--skip-bad` reading stops as soon as the limit is passed: the stream
/// below never ends, so the run ending at all is the check.
#[test]
fn an_endless_record_on_stdin_ends_the_run_at_the_limit() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["--max-record-bytes", "1K"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Writes until reprint closes its end.
    let writer = std::thread::spawn(move || while stdin.write_all(b"some words\n").is_ok() {});
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "reprint: error: -:1: record larger than --max-record-bytes (1024): not read further (--skip-bad skips it and reads on)\n"
    );
}

/// With `--skip-bad` the skip reads on to the record's end, and says so
/// while it does: the warning comes before the stream ends.
#[test]
fn skipping_a_long_record_says_it_reads_on() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args([
            "--max-record-bytes",
            "1K",
            "--skip-bad",
            "--format",
            "jsonl",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Past the 8 KiB read ahead to see how lines end, and past the limit.
    stdin.write_all(&vec![b'x'; 20_000]).unwrap();
    // The line is still open: the warning must be on stderr already.
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    assert_eq!(
        line,
        "reprint: warning: -:1: record larger than --max-record-bytes (1024): reading on to its end to skip it (--skip-bad)\n"
    );
    stdin
        .write_all(b"\n{\"id\":\"a\",\"text\":\"a story after it\"}\n")
        .unwrap();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(
        rest.contains("skipped -:1: record of 20000 bytes"),
        "{rest}"
    );
}
