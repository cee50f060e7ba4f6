//! Installing and learning it: `--help` with examples and sane headings,
//! the man page and shell completions made from the clap definitions, and
//! what a bare `reprint` on a terminal says.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;

/// Every subcommand a user can type, as `reprint --help` lists them.
const SUBCOMMANDS: [&str; 6] = ["eval", "dedup", "index", "spread", "completions", "man"];

fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(run_ok(reprint().args(args)).stdout).unwrap()
}

/// The long options a `--help` text lists.
fn long_options(help: &str) -> Vec<String> {
    let mut opts: Vec<String> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2 && w.as_bytes()[2].is_ascii_lowercase())
        .map(str::to_string)
        .collect();
    opts.sort();
    opts.dedup();
    opts
}

/// The lines under `heading:` in a help text, up to the next heading (a
/// line that is not indented).
fn section<'a>(help: &'a str, heading: &str) -> &'a str {
    let start = help
        .find(&format!("\n{heading}:\n"))
        .unwrap_or_else(|| panic!("no '{heading}:' in\n{help}"));
    let rest = &help[start + heading.len() + 3..];
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| rest[i..].starts_with(|c: char| !c.is_whitespace()))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn every_help_has_examples() {
    let mut commands: Vec<Vec<&str>> = vec![vec![]];
    commands.extend(SUBCOMMANDS.iter().map(|s| vec![*s]));
    for sub in ["add", "query", "stats", "check"] {
        commands.push(vec!["index", sub]);
    }
    for cmd in commands {
        for flag in ["-h", "--help"] {
            let mut args = cmd.clone();
            args.push(flag);
            let help = stdout_of(&args);
            let examples = section(&help, "Examples");
            assert!(examples.contains("  reprint "), "{args:?}:\n{help}");
        }
    }
}

#[test]
fn global_flags_have_their_own_heading() {
    for args in [&["eval", "--help"][..], &["index", "--help"], &["--help"]] {
        let help = stdout_of(args);
        let global = section(&help, "Global options");
        for flag in ["--threads", "-q, --quiet", "-v, --verbose"] {
            assert!(global.contains(flag), "{args:?}: {flag} in\n{help}");
        }
        if args[0] != "--help" {
            assert!(!help.contains("Detection:"), "{args:?}:\n{help}");
        }
    }
    // A command's own options are not filed under the last group's
    // heading either.
    for args in [&["--help"][..], &["spread", "--help"], &["dedup", "--help"]] {
        let help = stdout_of(args);
        let own = section(&help, "Options");
        assert!(own.contains("--output"), "{args:?}:\n{help}");
        assert!(own.contains("--fail-on-reprints"), "{args:?}:\n{help}");
        assert!(
            !section(&help, "Detection").contains("--output"),
            "{args:?}"
        );
    }
}

#[test]
fn spread_takes_fail_on_reprints_like_the_others() {
    let out = reprint()
        .args(["spread", "--fail-on-reprints", "-q"])
        .arg(fixture("news.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!out.stdout.is_empty());
}

#[test]
fn completions_parse_and_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completes {sub}");
        }
        assert!(script.contains("fail-on-reprints"), "{shell}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("reprint.{shell}"));
        std::fs::write(&file, &script).unwrap();
        // Each shell that is installed parses its script without running it.
        let check: &[&str] = match shell {
            "bash" => &["bash", "-n"],
            "zsh" => &["zsh", "-n"],
            "fish" => &["fish", "--no-execute"],
            _ => continue,
        };
        match Command::new(check[0]).args(&check[1..]).arg(&file).output() {
            Ok(out) => assert!(out.status.success(), "{shell}: {out:?}"),
            Err(_) if shell != "bash" => eprintln!("skipped: {shell} is not installed"),
            Err(e) => panic!("bash: {e}"),
        }
    }
    let bad = run_err(reprint().args(["completions", "tcsh"]));
    assert!(bad.contains("possible values"), "{bad}");
}

#[test]
fn the_man_page_renders_and_lists_every_subcommand_and_option() {
    let roff = stdout_of(&["man"]);
    assert!(roff.contains("\n.TH reprint 1 "), "{}", &roff[..200]);
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXAMPLES"] {
        assert!(roff.contains(&format!("\n.SH {section}\n")), "{section}");
    }
    // Rendered as man would, with warnings on and hyphenation off so
    // option names stay whole; without groff, the roff itself.
    let text = match Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-rHY=0", "-rLL=200n", "-P-cbou"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(mut groff) => {
            groff
                .stdin
                .take()
                .unwrap()
                .write_all(roff.as_bytes())
                .unwrap();
            let out = groff.wait_with_output().unwrap();
            assert!(out.status.success(), "{out:?}");
            let warnings = String::from_utf8_lossy(&out.stderr);
            assert!(warnings.is_empty(), "groff warns: {warnings}");
            String::from_utf8(out.stdout)
                .unwrap()
                .replace('\u{2010}', "-")
        }
        Err(_) => {
            eprintln!("skipped rendering: groff is not installed");
            roff.replace("\\-", "-")
        }
    };
    for sub in SUBCOMMANDS {
        assert!(
            text.contains(&format!("REPRINT {}", sub.to_uppercase())),
            "section for {sub}"
        );
    }
    for sub in ["add", "query", "stats", "check"] {
        assert!(text.contains(&format!("REPRINT INDEX {}", sub.to_uppercase())));
    }
    let mut helps = vec![stdout_of(&["--help"])];
    for sub in ["eval", "dedup", "spread", "completions", "man"] {
        helps.push(stdout_of(&[sub, "--help"]));
    }
    for sub in ["add", "query", "stats", "check"] {
        helps.push(stdout_of(&["index", sub, "--help"]));
    }
    for opt in helps.iter().flat_map(|h| long_options(h)) {
        assert!(text.contains(&opt), "the man page lacks {opt}");
    }
    assert!(text.contains("reprint man | man -l -"), "examples kept");
}

/// Run `reprint` bare on a pseudo-terminal (util-linux `script`), wait for
/// `first` to appear on it, then type `typed`; what the terminal showed and
/// the exit code. `None` when `script` is not installed.
fn bare_on_terminal(first: &str, typed: &[u8]) -> Option<(String, Option<i32>)> {
    let bin = assert_cmd::cargo::cargo_bin("reprint");
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &bin.display().to_string(), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut shown = Vec::new();
    while !String::from_utf8_lossy(&shown).contains(first) {
        // The deadline only turns a hang into a failure; the test moves on
        // as soon as the text is there.
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(chunk) => shown.extend(chunk),
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "'{first}' never showed; the terminal showed {:?}",
                    String::from_utf8_lossy(&shown)
                );
            }
        }
    }
    child.stdin.take().unwrap().write_all(typed).unwrap();
    shown.extend(rx.iter().flatten());
    let status = child.wait().unwrap();
    Some((String::from_utf8_lossy(&shown).into_owned(), status.code()))
}

#[test]
fn bare_reprint_on_a_terminal_says_it_reads_stdin() {
    let record = b"{\"id\":\"a\",\"text\":\"one record typed in\"}\n\x04";
    let Some((shown, code)) = bare_on_terminal("reading stdin", record) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(
        shown.contains("reprint: reading stdin (Ctrl-D to end; reprint --help for usage)"),
        "{shown:?}"
    );
    // No progress line over what is typed.
    assert!(!shown.contains("records"), "{shown:?}");
    assert!(!shown.contains("read and featurize"), "{shown:?}");
    assert_eq!(code, Some(0), "{shown:?}");
    // Not when stdin is a file or a pipe, nor with -q.
    let out = run_ok(
        reprint()
            .arg("-")
            .pipe_stdin(fixture("news.jsonl"))
            .unwrap(),
    );
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_readme_install_commands_run() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let install = readme
        .split("\n## ")
        .find(|s| s.starts_with("Install\n"))
        .expect("README has an Install section");
    assert!(install.contains("cargo install --locked --path ."));
    let mut ran = 0;
    for line in install.lines().filter(|l| l.starts_with("reprint ")) {
        let command = line.split(['|', '>', '#']).next().unwrap();
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = run_ok(reprint().args(&args));
        assert!(!out.stdout.is_empty(), "{line}");
        ran += 1;
    }
    assert!(ran >= 5, "{install}");
}

/// The README's one-minute tour runs as shown: each line of its first `sh`
/// block, in bash with `pipefail` (so a failing `reprint` in a pipe fails
/// the line), in a fresh folder where `fixtures/` is the bundled one and
/// `reprint` is this build. Its outputs are there afterwards, and the
/// dedup step left nothing to find.
#[test]
fn the_readme_tour_runs_as_shown() {
    for tool in ["bash", "gzip", "zcat"] {
        if Command::new(tool).arg("--version").output().is_err() {
            eprintln!("skipped: {tool} is not installed");
            return;
        }
    }
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let tour = readme
        .split("\n## ")
        .find(|s| s.starts_with("A one-minute tour\n"))
        .expect("README has a one-minute tour");
    let block = tour
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the tour has an sh block");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(fixture(""), dir.path().join("fixtures")).unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_reprint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    let mut first_groups = None;
    for line in block
        .lines()
        .filter(|l| l.starts_with("reprint ") || l.contains("| reprint"))
    {
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        first_groups.get_or_insert_with(|| group_ids(&out.stdout).len());
        ran += 1;
    }
    assert!(ran >= 4, "{block}");
    // What the tour says they give: 6 groups, and 15 of the 30 records kept.
    assert_eq!(first_groups, Some(6), "{tour}");
    assert!(tour.contains("The first prints 6 groups holding 21 of the 30 records"));
    let mut kept = String::new();
    flate2::read::MultiGzDecoder::new(
        std::fs::File::open(dir.path().join("unique.jsonl.gz")).unwrap(),
    )
    .read_to_string(&mut kept)
    .unwrap();
    assert_eq!(kept.lines().count(), 15);
    assert!(tour.contains("15 of the 30 records"));
    for made in ["members.csv", "unique.jsonl.gz", "report.html"] {
        let len = std::fs::metadata(dir.path().join(made)).map_or(0, |m| m.len());
        assert!(len > 0, "{made} is made by the tour");
    }
}
