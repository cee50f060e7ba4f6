//! A run's outputs as one set: checked against each other and against what
//! the run reads before anything is opened, then committed together.
//!
//! Two outputs that are one file lose one of them (`dedup t.csv -o t.csv
//! --removed t.csv` kept only the last write), and an output that is an
//! input or the index replaces what the user gave (`index query x.idx day
//! -o x.idx` turned the index into JSON). So every path a run writes is
//! compared with every other and with every input, by what it is rather
//! than how it is spelt: the same device and inode once it exists (which
//! also sees through symlinks, `./` and `/dev/stdout`), else the canonical
//! folder and the name. The one overlap allowed is `dedup -o INPUT`, which
//! rewrites its input in place by design (it reads it fully before the
//! output is moved over it).
//!
//! Commit: each [`Sink`] writes to a temporary file; [`commit`] flushes
//! and syncs all of them first, and only when every one succeeded moves
//! them into place. A failure (a full disk, a closed stdout) leaves every
//! output as it was.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::read::Input;
use crate::sink::Sink;

/// A path the run writes, with the flag that named it (for messages).
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    /// The flag, e.g. `-o` or `--removed`.
    pub flag: &'static str,
    /// The path; `None` or `-` is stdout.
    pub path: Option<&'a Path>,
}

/// What a run reads and must not overwrite.
#[derive(Debug, Clone, Copy, Default)]
pub struct Protected<'a> {
    /// The inputs, none meaning stdin (which counts as whatever file it is
    /// redirected from).
    pub inputs: &'a [Input],
    /// The index file, for `index` subcommands.
    pub index: Option<&'a Path>,
    /// An output flag allowed to name an input (dedup's in-place `-o`).
    pub in_place: Option<&'static str>,
}

/// Refuse outputs that are the same file as each other, as an input or as
/// the index. Stdout is a file too here: `--removed /dev/stdout` while the
/// output goes to stdout is two outputs in one.
pub fn check(outputs: &[Output], protected: Protected) -> Result<()> {
    // No inputs named: stdin is read.
    let stdin = [Input::Stdin];
    let inputs = match protected.inputs {
        [] => &stdin[..],
        named => named,
    };
    let named: Vec<(&Output, Identity)> = outputs
        .iter()
        .filter_map(|o| Identity::of_output(o.path).map(|id| (o, id)))
        .collect();
    for (k, (a, ida)) in named.iter().enumerate() {
        for (b, idb) in &named[k + 1..] {
            if ida == idb {
                bail!(
                    "{} and {} are the same file ({}): each output needs its own",
                    a.flag,
                    b.flag,
                    shown(a.path)
                );
            }
        }
        if let Some(index) = protected.index
            && Identity::of_path(index).as_ref() == Some(ida)
        {
            bail!(
                "{} {} is the index: writing it would replace the index",
                a.flag,
                shown(a.path)
            );
        }
        if protected.in_place == Some(a.flag) {
            continue;
        }
        for input in inputs {
            if Identity::of_input(input).as_ref() == Some(ida) {
                bail!(
                    "{} {} is also an input ({}): writing it would replace the input",
                    a.flag,
                    shown(a.path),
                    input.name()
                );
            }
        }
    }
    Ok(())
}

/// Move every sink's output into place, all or none: each is flushed and
/// synced first (files before stdout, so a failing stdout, such as
/// `> /dev/full`, stops the renames too), and the files are renamed only
/// once every one of them is ready.
pub fn commit(sinks: Vec<Sink>) -> Result<()> {
    let (mut files, stdouts): (Vec<Sink>, Vec<Sink>) =
        sinks.into_iter().partition(|s| !s.is_stdout());
    files.extend(stdouts);
    let mut ready = Vec::with_capacity(files.len());
    for sink in files {
        ready.push(sink.prepare()?);
    }
    for prepared in ready {
        prepared.commit()?;
    }
    Ok(())
}

/// What a path is, once it exists: its device and inode; before, the
/// canonical folder it will be made in and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    Planned(PathBuf),
}

impl Identity {
    /// The identity of an output; stdout's is that of what fd 1 is. A
    /// pipe counts (`--removed /dev/stdout` into the pipe stdout feeds),
    /// and so does a terminal (two outputs would interleave on it); only
    /// `/dev/null` takes any number of writers and has none.
    fn of_output(path: Option<&Path>) -> Option<Identity> {
        let path = match path {
            Some(p) if p.as_os_str() != "-" => p,
            _ => Path::new("/dev/stdout"),
        };
        Identity::of_path(path).filter(|_| !is_null_device(path))
    }

    /// The identity of an input; stdin's is that of what fd 0 is, when it
    /// is a file (a pipe or a terminal is nothing an output could replace).
    fn of_input(input: &Input) -> Option<Identity> {
        match input {
            Input::Stdin => Identity::of_fd_path("/dev/stdin"),
            Input::Path(p) => Identity::of_path(p),
        }
    }

    fn of_path(path: &Path) -> Option<Identity> {
        match fs::metadata(path) {
            Ok(meta) => Identity::of_meta(&meta),
            Err(_) => {
                let name = path.file_name()?;
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let dir = fs::canonicalize(dir).ok()?;
                Some(Identity::Planned(dir.join(name)))
            }
        }
    }

    /// A standard stream, when it is a regular file.
    fn of_fd_path(path: &str) -> Option<Identity> {
        fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| Identity::of_meta(&m))
    }

    #[cfg(unix)]
    fn of_meta(meta: &fs::Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        Some(Identity::Inode(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn of_meta(_meta: &fs::Metadata) -> Option<Identity> {
        None
    }
}

/// `/dev/null`, however it is reached (`/dev/stdout` redirected to it).
fn is_null_device(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let rdev = |p: &Path| {
            fs::metadata(p)
                .ok()
                .filter(|m| m.file_type().is_char_device())
                .map(|m| m.rdev())
        };
        rdev(path).is_some_and(|r| rdev(Path::new("/dev/null")) == Some(r))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

fn shown(path: Option<&Path>) -> String {
    match path {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "stdout".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out<'a>(flag: &'static str, path: &'a Path) -> Output<'a> {
        Output {
            flag,
            path: Some(path),
        }
    }

    #[test]
    fn two_outputs_naming_one_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        // Not there yet: compared by canonical folder and name.
        let spelt_twice = dir.path().join(".").join("a.csv");
        let err = check(
            &[out("-o", &a), out("--removed", &spelt_twice)],
            Protected::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("-o and --removed are the same file"),
            "{err}"
        );
        // There, and through a symlink: compared by inode.
        fs::write(&a, "x").unwrap();
        let link = dir.path().join("link.csv");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&a, &link).unwrap();
            assert!(check(&[out("-o", &a), out("--html", &link)], Protected::default()).is_err());
        }
        let b = dir.path().join("b.csv");
        assert!(check(&[out("-o", &a), out("--removed", &b)], Protected::default()).is_ok());
    }

    #[test]
    fn an_output_over_an_input_or_the_index_is_refused_unless_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let index = dir.path().join("x.idx");
        fs::write(&input, "{}").unwrap();
        fs::write(&index, "").unwrap();
        let inputs = [Input::Path(input.clone())];
        let protected = Protected {
            inputs: &inputs,
            index: Some(&index),
            in_place: None,
        };
        let err = check(&[out("-o", &input)], protected).unwrap_err();
        assert!(err.to_string().contains("is also an input"), "{err}");
        let err = check(&[out("-o", &index)], protected).unwrap_err();
        assert!(err.to_string().contains("is the index"), "{err}");
        let in_place = Protected {
            in_place: Some("-o"),
            ..protected
        };
        assert!(check(&[out("-o", &input)], in_place).is_ok());
        assert!(check(&[out("--removed", &input)], in_place).is_err());
    }
}
