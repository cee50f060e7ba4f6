//! The checks of every fuzz target, as plain functions of the fuzzer's
//! input: each target calls one, and `tests/integration/hostile.rs`
//! includes this file to replay the inputs kept under
//! `tests/regressions/<target>/` through exactly the same checks.
//!
//! The first byte of an input chooses options, the rest is the data.

#![allow(dead_code)]

use std::io::{self, BufReader, Cursor, Read};
use std::sync::Arc;

use reprint::Params;
use reprint::detect::boilerplate::Boilerplate;
use reprint::detect::features::{Featurizer, Scratch};
use reprint::detect::normalize::normalize;
use reprint::detect::shingle::ShingleKind;
use reprint::detect::verify::only_identical_below;
use reprint::read::decode::{
    Line, LossyStats, LossyUtf8, Utf8Check, bytes_to_string, chomp, read_line_bounded, text_stream,
};
use reprint::read::{Format, ReadError, ReadOptions, Records, TsvEscapes};

/// A target's checks of one input.
pub type Check = fn(&[u8]);

/// The targets, by name, as `cargo fuzz list` gives them.
pub const TARGETS: [(&str, Check); 7] = [
    ("jsonl", jsonl),
    ("sniff", sniff),
    ("delimited", delimited),
    ("text", text),
    ("decode", decode),
    ("normalize_shingle", normalize_shingle),
    ("index_damage", index_damage),
];

/// The limit the readers run under: small, so the fuzzer reaches it.
pub const LIMIT: usize = 512;

/// Read `data` as `format` and check what every reader promises: it ends,
/// no record is larger than the limit, every record has an id and a
/// position, and errors name the input.
pub fn read_all(data: &[u8], format: Format, flags: u8, separator: &str) {
    read_with(
        data,
        flags,
        ReadOptions {
            format,
            separator: separator.to_string(),
            ..ReadOptions::default()
        },
    );
}

/// [`read_all`] with any options. The record limit is [`LIMIT`]; from
/// `flags`, bit 0 is `--lossy` and bit 4 `--skip-bad`'s reading past a
/// record over the limit, for every reader.
pub fn read_with(data: &[u8], flags: u8, options: ReadOptions) {
    let lossy = flags & 1 == 1;
    let options = ReadOptions {
        max_record_bytes: LIMIT,
        read_past_oversized: flags & 16 != 0,
        lossy,
        ..options
    };
    let records = Records::from_reader("fuzz", Cursor::new(data.to_vec()), options);
    // Every item consumes at least one byte, plus the "empty input" item.
    let bound = data.len() + 2;
    let mut n = 0;
    for item in records {
        n += 1;
        assert!(n <= bound, "more items than bytes: the reader loops");
        match item {
            Ok(rec) => {
                assert!(!rec.id.is_empty(), "empty id");
                assert!(rec.text.len() <= LIMIT, "record over the limit kept");
                assert_eq!(rec.origin.file, "fuzz");
            }
            Err(ReadError::Bad(e)) => {
                assert_eq!(e.origin.file, "fuzz");
                assert!(!e.message.is_empty());
                if lossy {
                    assert!(!e.message.contains("invalid UTF-8"), "{e}");
                }
            }
            Err(ReadError::Fatal(e)) => {
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

/// JSON Lines reader: flag bit 0 is `--lossy`; bit 1 reads the bytes as
/// `--format json` instead (an array or objects one after another, cut by
/// the JSON scanner); bit 4, for every reader, reads past a record over
/// the limit.
pub fn jsonl(input: &[u8]) {
    let Some((&flags, data)) = input.split_first() else {
        return;
    };
    let format = if flags & 2 == 0 {
        Format::Jsonl
    } else {
        Format::Json
    };
    read_all(data, format, flags, "---");
}

/// CSV and TSV reader: bit 0 `--lossy`, bit 1 TSV, bits 2-3 the TSV
/// convention (auto, quoted, backslash, auto), bit 4 reading past a record
/// over the limit, bit 5 `--delimiter ';'`.
pub fn delimited(input: &[u8]) {
    let Some((&flags, data)) = input.split_first() else {
        return;
    };
    let format = if flags & 2 == 0 {
        Format::Csv
    } else {
        Format::Tsv
    };
    let tsv_escapes = match (flags >> 2) & 3 {
        1 => TsvEscapes::Quoted,
        2 => TsvEscapes::Backslash,
        _ => TsvEscapes::Auto,
    };
    read_with(
        data,
        flags,
        ReadOptions {
            format,
            tsv_escapes,
            delimiter: (flags & 32 != 0).then_some(b';'),
            ..ReadOptions::default()
        },
    );
}

/// Plain text reader: bit 0 `--lossy`, bits 1-2 the separator, bit 3
/// `--format auto` (sniffed as for stdin, reaching every reader).
pub fn text(input: &[u8]) {
    let Some((&flags, data)) = input.split_first() else {
        return;
    };
    let separator = ["---", "=", "\u{2014}", "Id:"][(flags >> 1) as usize % 4];
    let format = if flags & 8 == 0 {
        Format::Text
    } else {
        Format::Auto
    };
    read_all(data, format, flags, separator);
}

/// Stdin as `--format auto` reads it: sniffed, then read by the reader
/// sniffing chose, in any line ending. Bit 0 `--lossy`, bit 4 reads past
/// a record over the limit; the rest is the input. Besides what every
/// reader promises ([`read_all`]): what opens with `[` goes to the JSON
/// reader, which reads its elements or refuses it, and is never read as
/// one text record.
pub fn sniff(input: &[u8]) {
    let Some((&flags, data)) = input.split_first() else {
        return;
    };
    read_all(data, Format::Auto, flags, "---");
    let start = data.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_some_and(|i| data[i] == b'[') {
        assert_eq!(reprint::read::sniff_bytes(data), Format::Json);
        let options = ReadOptions {
            max_record_bytes: LIMIT,
            lossy: flags & 1 == 1,
            read_past_oversized: flags & 16 != 0,
            ..ReadOptions::default()
        };
        let whole = String::from_utf8_lossy(data);
        for rec in Records::from_reader("fuzz", Cursor::new(data.to_vec()), options).flatten() {
            assert_ne!(
                rec.text.trim(),
                whole.trim(),
                "a JSON array read as one text record"
            );
        }
    }
}

/// A reader that hands out at most `step` bytes per read.
struct Trickle(Cursor<Vec<u8>>, usize);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.1);
        self.0.read(&mut buf[..n])
    }
}

/// The bytes-to-text layer, against references: BOM and UTF-16 handling,
/// `--lossy` repair however the reads fall (must equal
/// `String::from_utf8_lossy`), the streaming UTF-8 check (must agree with
/// `std::str::from_utf8`), and bounded line reading. The first byte is the
/// read size, 1 to 16.
pub fn decode(input: &[u8]) {
    let Some((&step, data)) = input.split_first() else {
        return;
    };
    let step = step as usize % 16 + 1;

    // Lossy repair equals the reference, with one count per U+FFFD added.
    let stats = Arc::new(LossyStats::default());
    let rdr = BufReader::with_capacity(step, Trickle(Cursor::new(data.to_vec()), step));
    let mut out = String::new();
    LossyUtf8::new(rdr, 0, stats.clone())
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, String::from_utf8_lossy(data));
    let invalid = data
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    assert_eq!(stats.replaced(), invalid as u64);
    assert_eq!(stats.first_at().is_some(), invalid > 0);

    // The streaming check agrees with from_utf8, wherever the cut falls.
    let cut = step.min(data.len());
    let mut check = Utf8Check::default();
    check.feed(&data[..cut], 0);
    check.feed(&data[cut..], cut as u64);
    let expected = std::str::from_utf8(data)
        .err()
        .map(|e| e.valid_up_to() as u64);
    assert_eq!(check.finish(), expected);

    // BOMs are dropped, UTF-16 decoded, other bytes passed through.
    let mut stream = text_stream(Cursor::new(data.to_vec()), None).unwrap();
    let mut decoded = Vec::new();
    stream.rdr.read_to_end(&mut decoded).unwrap();
    match encoding_rs::Encoding::for_bom(data) {
        None => assert_eq!(decoded, data),
        Some((enc, len)) if enc == encoding_rs::UTF_8 => {
            assert_eq!(&decoded, &data[len..]);
            assert_eq!(stream.base, len as u64);
        }
        Some(_) => assert!(std::str::from_utf8(&decoded).is_ok()),
    }
    let whole = bytes_to_string(data.to_vec(), None);
    if encoding_rs::Encoding::for_bom(data).is_none() {
        assert_eq!(whole.is_ok(), std::str::from_utf8(data).is_ok());
    }

    // Bounded lines: every byte accounted for, each line on the right side
    // of the limit, and the kept lines are the input's.
    let limit = step * 3;
    let mut rdr = BufReader::with_capacity(step, Trickle(Cursor::new(data.to_vec()), step));
    let mut buf = Vec::new();
    let (mut total, mut rebuilt) = (0u64, Vec::new());
    loop {
        match read_line_bounded(&mut rdr, &mut buf, limit).unwrap() {
            Line::Eof => break,
            Line::Fits { raw } => {
                assert_eq!(raw as usize, buf.len());
                assert!(chomp(&buf).len() <= limit);
                rebuilt.extend_from_slice(&buf);
                total += raw;
            }
            Line::Cut { .. } => panic!("read_line_bounded skips long lines, never cuts them"),
            Line::TooLong { raw, len } => {
                assert!(len as usize > limit && len <= raw && raw - len <= 2);
                let line = &data[total as usize..(total + raw) as usize];
                assert_eq!(chomp(line).len() as u64, len);
                rebuilt.extend_from_slice(line);
                total += raw;
            }
        }
    }
    assert_eq!(total as usize, data.len());
    assert_eq!(rebuilt, data);
}

/// Normalize, shingle, sign and winnow any text: no panic, and the shapes
/// later stages rely on (sorted unique shingles, anchors among them, a full
/// signature, line units adding up). The first byte picks the n-gram size
/// (1 to 8), words or characters, and the anchor window.
pub fn normalize_shingle(input: &[u8]) {
    let Some((&knob, data)) = input.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(data);

    let norm = normalize(&text);
    assert!(!norm.contains('\0'));
    assert_eq!(norm.trim(), norm, "no space at either end");
    assert!(
        !norm
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace()),
        "spaces folded: {norm:?}"
    );

    let params = Params {
        ngram: (knob as usize % 8) + 1,
        shingle: if knob & 0x80 == 0 {
            ShingleKind::Words
        } else {
            ShingleKind::Chars
        },
        anchor_window: (knob as usize >> 3) % 16 + 1,
        ..Params::default()
    };
    let featurizer = Featurizer::new(&params);
    let mut scratch = Scratch::default();
    let tokens = featurizer.tokens(&text, &mut scratch);
    let units: usize = tokens.lines.iter().map(|l| l.units as usize).sum();
    assert_eq!(units, tokens.units.len());
    let f = featurizer.features(&tokens, &Boilerplate::none(), None, &mut scratch);
    assert!(f.shingles.windows(2).all(|w| w[0] < w[1]));
    assert!(f.anchors.windows(2).all(|w| w[0] < w[1]));
    assert!(
        f.anchors
            .iter()
            .all(|a| f.shingles.binary_search(a).is_ok())
    );
    // A full signature, except for sets too small to pair but by their
    // exact set, which get none.
    let signed = f.shingles.len() >= only_identical_below(&params);
    assert_eq!(f.signature.len(), if signed { params.num_perm } else { 0 });
    let most = tokens.units.len().saturating_sub(params.ngram) + 1;
    assert!(f.shingles.len() <= most);
    assert_eq!(f.shingles.is_empty(), tokens.units.is_empty());
}

/// Stories of the small index [`index_damage`] damages: two copies of
/// one, and one other, so its tables all hold entries.
const INDEX_RECORDS: &str = concat!(
    "{\"id\":\"a\",\"title\":\"Pier\",\"text\":\"The ferry pier on the north shore will close for ",
    "repairs from Monday, the harbour board said, after divers found cracked piles under the ",
    "landing stage and rust in the gangway that carries foot passengers to the boats.\"}\n",
    "{\"id\":\"b\",\"text\":\"The ferry pier on the north shore will close for repairs from Monday, ",
    "the harbour board said, after divers found cracked piles under the landing stage and rust ",
    "in the gangway that carries foot passengers.\"}\n",
    "{\"id\":\"c\",\"text\":\"Allotment holders elected a new treasurer on Wednesday evening after ",
    "a long and friendly meeting in the church hall about water butts and shed rents.\"}\n",
);

/// This process's folder for the index files, one per copy of this file
/// (the tests include it twice, and run them at once).
fn index_dir() -> std::path::PathBuf {
    static MARK: u8 = 0;
    let name = format!("reprint-fuzz-index-{}-{:p}", std::process::id(), &MARK);
    std::env::temp_dir().join(name)
}

/// A small index, made once per process, as bytes.
fn small_index() -> &'static [u8] {
    static INDEX: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = index_dir();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("records.jsonl");
        std::fs::write(&input, INDEX_RECORDS).unwrap();
        let config = reprint::index::IndexConfig {
            index: dir.join("base.idx"),
            job: reprint::Job::new(
                vec![reprint::Input::Path(input)],
                ReadOptions::default(),
                Params::default(),
            )
            .unwrap()
            .messages(reprint::Messages {
                quiet: true,
                ..reprint::Messages::default()
            }),
            ..Default::default()
        };
        reprint::index::add(&config).unwrap();
        std::fs::read(&config.index).unwrap()
    })
}

/// Damage the small index as `input` says, then read it as every reader
/// does (`stats`, `check`): never a panic, and an error says what the file
/// is ("is damaged", or for damage that makes it look like something else,
/// "is incomplete", "is not a reprint index", "format version").
///
/// The first byte chooses: bit 0, cut the file at the length the next four
/// bytes give (modulo its length); the rest is edits of five bytes each, an
/// offset (`u32`, modulo the length, into the pages redb used if bit 1 is
/// set) and a byte to XOR there.
pub fn index_damage(input: &[u8]) {
    let Some((&mode, mut rest)) = input.split_first() else {
        return;
    };
    let mut bytes = small_index().to_vec();
    let used: Vec<usize> = (0..bytes.len() / 4096)
        .filter(|p| bytes[p * 4096..(p + 1) * 4096].iter().any(|&b| b != 0))
        .collect();
    let mut cut = None;
    if mode & 1 != 0 && rest.len() >= 4 {
        let at = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
        cut = Some(at % (bytes.len() + 1));
        rest = &rest[4..];
    }
    for edit in rest.chunks_exact(5) {
        let at = u32::from_le_bytes(edit[..4].try_into().unwrap()) as usize;
        let at = if mode & 2 != 0 {
            used[(at / 4096) % used.len()] * 4096 + at % 4096
        } else {
            at % bytes.len()
        };
        bytes[at] ^= edit[4];
    }
    if let Some(cut) = cut {
        bytes.truncate(cut);
    }
    let path = index_dir().join("damaged.idx");
    std::fs::write(&path, &bytes).unwrap();
    for result in [
        reprint::index::stats(&path).map(drop),
        reprint::index::check(&path).map(drop),
    ] {
        if let Err(e) = result {
            let message = format!("{e:#}");
            assert!(
                [
                    "is damaged",
                    "is incomplete",
                    "is not a reprint index",
                    "format version"
                ]
                .iter()
                .any(|says| message.contains(says)),
                "{message}"
            );
        }
    }
}
