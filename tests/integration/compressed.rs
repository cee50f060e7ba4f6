//! Compressed inputs known by their bytes (issue 14, "Compression by
//! content"): gzip, zstd, xz and bzip2 files, whatever their names, and on
//! stdin give the plain file's output; outputs named `.zst`, `.xz`, `.bz2`
//! are written in that compression, so dedup in place keeps it.

use std::fs;
use std::io::{Read, Write};

use crate::common::*;

/// Each compression, its file suffix, and its encoder.
const KINDS: [&str; 4] = ["gz", "zst", "xz", "bz2"];

fn compress(kind: &str, bytes: &[u8]) -> Vec<u8> {
    match kind {
        "gz" => {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            w.write_all(bytes).unwrap();
            w.finish().unwrap()
        }
        "zst" => zstd::stream::encode_all(bytes, 3).unwrap(),
        "xz" => {
            let mut w = liblzma::write::XzEncoder::new(Vec::new(), 6);
            w.write_all(bytes).unwrap();
            w.finish().unwrap()
        }
        "bz2" => {
            let mut w = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
            w.write_all(bytes).unwrap();
            w.finish().unwrap()
        }
        _ => unreachable!("{kind}"),
    }
}

fn decompress(kind: &str, bytes: &[u8]) -> Vec<u8> {
    let mut rdr: Box<dyn Read + '_> = match kind {
        "gz" => Box::new(flate2::read::MultiGzDecoder::new(bytes)),
        "zst" => Box::new(zstd::stream::read::Decoder::new(bytes).unwrap()),
        "xz" => Box::new(liblzma::read::XzDecoder::new_multi_decoder(bytes)),
        "bz2" => Box::new(bzip2::read::MultiBzDecoder::new(bytes)),
        _ => unreachable!("{kind}"),
    };
    let mut out = Vec::new();
    rdr.read_to_end(&mut out).unwrap();
    out
}

fn plain_output() -> Vec<u8> {
    run_ok(reprint().arg(fixture("news.jsonl"))).stdout
}

#[test]
fn compressed_files_give_the_plain_files_groups() {
    let dir = tempfile::tempdir().unwrap();
    let plain = fs::read(fixture("news.jsonl")).unwrap();
    let expected = plain_output();
    for kind in KINDS {
        // By its name, and under a plain name: the bytes decide.
        for name in [format!("news.jsonl.{kind}"), format!("news-{kind}.jsonl")] {
            let path = dir.path().join(&name);
            fs::write(&path, compress(kind, &plain)).unwrap();
            let out = run_ok(reprint().arg(&path));
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&expected),
                "{name}"
            );
        }
    }
}

#[test]
fn compressed_stdin_is_undone_then_sniffed() {
    let expected = plain_output();
    for kind in KINDS {
        for name in ["news.jsonl", "news.csv"] {
            let input = compress(kind, &fs::read(fixture(name)).unwrap());
            let out = run_ok(reprint().write_stdin(input));
            assert_eq!(
                group_ids(&out.stdout),
                group_ids(&expected),
                "{name} as {kind} on stdin"
            );
        }
    }
}

#[test]
fn a_folder_of_compressed_files_is_read_decompressed() {
    let dir = tempfile::tempdir().unwrap();
    let plain = tempfile::tempdir().unwrap();
    for (i, entry) in walk(&fixture("news")).iter().enumerate() {
        let rel = entry.strip_prefix(fixture("news")).unwrap();
        let bytes = fs::read(entry).unwrap();
        let kind = KINDS[i % KINDS.len()];
        // Named as the plain files are, so ids match the plain folder's.
        for (root, bytes) in [(dir.path(), compress(kind, &bytes)), (plain.path(), bytes)] {
            let to = root.join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::write(&to, bytes).unwrap();
        }
    }
    let out = run_ok(reprint().arg(dir.path()));
    let expected = run_ok(reprint().arg(plain.path()));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected.stdout)
    );
    assert!(!group_ids(&out.stdout).is_empty());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn outputs_are_written_in_the_compression_their_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let expected = plain_output();
    for kind in KINDS {
        let path = dir.path().join(format!("groups.jsonl.{kind}"));
        run_ok(reprint().arg(fixture("news.jsonl")).arg("-o").arg(&path));
        let bytes = fs::read(&path).unwrap();
        assert_eq!(decompress(kind, &bytes), expected, "{kind}");
    }
}

#[test]
fn dedup_in_place_keeps_the_inputs_compression() {
    let dir = tempfile::tempdir().unwrap();
    let plain = fs::read(fixture("news.jsonl")).unwrap();
    let kept = run_ok(reprint().arg("dedup").arg(fixture("news.jsonl")).arg("-q")).stdout;
    assert!(
        kept.len() < plain.len(),
        "the fixture has reprints to remove"
    );
    for kind in KINDS {
        let path = dir.path().join(format!("news.jsonl.{kind}"));
        fs::write(&path, compress(kind, &plain)).unwrap();
        run_ok(
            reprint()
                .arg("dedup")
                .arg(&path)
                .arg("-q")
                .arg("-o")
                .arg(&path),
        );
        let bytes = fs::read(&path).unwrap();
        assert_eq!(
            decompress(kind, &bytes),
            kept,
            "dedup over news.jsonl.{kind}"
        );
    }
}

#[test]
fn a_corrupt_stream_says_which_compression_it_was_read_as() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = compress("zst", &fs::read(fixture("news.jsonl")).unwrap());
    bytes.truncate(bytes.len() / 2);
    let path = dir.path().join("cut.jsonl");
    fs::write(&path, bytes).unwrap();
    let stderr = run_err(reprint().arg(&path));
    assert!(
        stderr.contains(&format!("reading {}: zstd: ", path.display())),
        "{stderr}"
    );
}

#[test]
fn eval_reads_groups_written_compressed() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.jsonl.zst");
    run_ok(reprint().arg(fixture("news.jsonl")).arg("-o").arg(&groups));
    let out = run_ok(
        reprint()
            .args(["eval", "--json", "--truth"])
            .arg(fixture("truth.jsonl"))
            .arg(&groups),
    );
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["f1"], 1.0, "{scores}");
}
