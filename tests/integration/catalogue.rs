//! The catalogue of bad inputs: each one tried through the binary, with the
//! exact message and exit code expected. The README's "Errors" section lists
//! the same cases, and a test checks that the two agree: a change of wording
//! is a change to both.
//!
//! Every case runs in a fresh folder with relative file names, so messages
//! are the same on every machine.

use std::path::Path;

/// What a case reads.
enum Given {
    /// One file.
    File(&'static str, Vec<u8>),
    /// A folder of files.
    Folder(&'static str, Vec<(&'static str, Vec<u8>)>),
    /// Nothing: the arguments say it all.
    Nothing,
    /// Files the arguments name (none is given as an input).
    Files(Vec<(&'static str, Vec<u8>)>),
    /// One file, and a read-only folder `ro` beside it. Run as root (who
    /// may write anywhere), the case runs as the user `nobody`.
    ReadOnly(&'static str, Vec<u8>),
}

struct Case {
    name: &'static str,
    given: Given,
    args: &'static [&'static str],
    code: i32,
    stderr: &'static str,
}

const GOOD: &str = r#"{"id":"a","text":"the quick brown fox jumps over the lazy dog"}"#;

fn jsonl(lines: &[&str]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect()
}

fn bytes(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

fn cases() -> Vec<Case> {
    use Given::*;
    let deep = format!(
        "{{\"id\":\"a\",\"text\":{}1{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let big = format!(r#"{{"id":"big","text":"{}"}}"#, "x".repeat(2000));
    let mut cut_zstd = zstd::stream::encode_all(&jsonl(&[GOOD; 50])[..], 3).unwrap();
    cut_zstd.truncate(cut_zstd.len() / 2);
    let mut truncated_gz = gzip(&jsonl(&[GOOD; 50]));
    truncated_gz.truncate(truncated_gz.len() / 2);
    vec![
        // JSON Lines.
        Case {
            name: "malformed JSON line",
            given: File("bad.jsonl", jsonl(&[GOOD, r#"{"id": "b", "text": "#])),
            args: &[],
            code: 2,
            stderr: "reprint: error: bad.jsonl:2: malformed JSON at column 20: EOF while parsing a value\n",
        },
        Case {
            name: "truncated download: last line cut mid-string",
            given: File(
                "cut.jsonl",
                bytes(&[GOOD.as_bytes(), b"\n{\"id\":\"b\",\"text\":\"half a sto"]),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: cut.jsonl:2: malformed JSON at column 28: EOF while parsing a string\n",
        },
        Case {
            name: "a JSON line that is an array",
            given: File("arr.jsonl", jsonl(&[GOOD, "[1, 2]"])),
            args: &[],
            code: 2,
            stderr: "reprint: error: arr.jsonl:2: expected a JSON object, found an array\n",
        },
        Case {
            name: "a JSON line that is a string",
            given: File("str.jsonl", jsonl(&[r#""just text""#])),
            args: &[],
            code: 2,
            stderr: "reprint: error: str.jsonl:1: expected a JSON object, found a string\n",
        },
        Case {
            name: "a raw NUL byte inside a JSON string",
            given: File("nul.jsonl", b"{\"id\":\"a\",\"text\":\"a\0b\"}\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: nul.jsonl:1: malformed JSON at column 20: control character (\\u0000-\\u001F) found while parsing a string\n",
        },
        Case {
            name: "binary garbage named .jsonl",
            given: File("image.jsonl", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: image.jsonl:1: invalid UTF-8 at byte offset 0\n",
        },
        Case {
            name: "no text field",
            given: File(
                "notext.jsonl",
                jsonl(&[r#"{"id":"b","headline":"x","story":"y"}"#]),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: notext.jsonl:1: no text field (tried text, content, body, article, maintext); fields present: id, headline, story\n",
        },
        Case {
            name: "text field holding an object",
            given: File(
                "obj.jsonl",
                jsonl(&[r#"{"id":"b","text":{"html":"<p>x</p>"}}"#]),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: obj.jsonl:1: field 'text' is an object, expected a string; its keys are html; name the one to read with --text-field text.KEY\n",
        },
        Case {
            name: "text nested in an object under a usual name",
            given: File(
                "nested.jsonl",
                jsonl(&[r#"{"id":"b","article":{"title":"T","maintext":"x"}}"#]),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: nested.jsonl:1: field 'article' is an object, expected a string; did you mean --text-field article.maintext?\n",
        },
        Case {
            name: "nesting 200 deep",
            given: File("deep.jsonl", jsonl(&[&deep])),
            args: &[],
            code: 2,
            stderr: "reprint: error: deep.jsonl:1: malformed JSON at column 144: recursion limit exceeded\n",
        },
        Case {
            name: "Latin-1 bytes in a UTF-8 file",
            given: File(
                "latin1.jsonl",
                bytes(&[GOOD.as_bytes(), b"\n{\"id\":\"b\",\"text\":\"caf\xE9\"}\n"]),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: latin1.jsonl:2: invalid UTF-8 at byte offset 85\n",
        },
        Case {
            name: "invalid UTF-8 after a BOM: the offset counts the BOM",
            given: File(
                "bom.jsonl",
                b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"caf\xE9\"}\n".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: bom.jsonl:1: invalid UTF-8 at byte offset 24\n",
        },
        Case {
            name: "--lossy replaces invalid UTF-8 and counts",
            given: File(
                "latin1.jsonl",
                bytes(&[GOOD.as_bytes(), b"\n{\"id\":\"b\",\"text\":\"caf\xE9\"}\n"]),
            ),
            args: &["--lossy"],
            code: 0,
            stderr: "reprint: warning: latin1.jsonl: 1 invalid UTF-8 sequence replaced with U+FFFD (--lossy), the first at byte offset 85\n",
        },
        Case {
            name: "UTF-16 without a BOM is not sniffed",
            given: File("u16.jsonl", utf16le(GOOD)),
            args: &[],
            code: 2,
            stderr: "reprint: error: u16.jsonl:1: malformed JSON at column 2: key must be a string\n",
        },
        Case {
            name: "a record over --max-record-bytes",
            given: File("big.jsonl", jsonl(&[GOOD, &big])),
            args: &["--max-record-bytes", "1K"],
            code: 2,
            stderr: "reprint: error: big.jsonl:2: record larger than --max-record-bytes (1024): not read further (--skip-bad skips it and reads on)\n",
        },
        Case {
            name: "a record over --max-record-bytes, skipped",
            given: File("big.jsonl", jsonl(&[GOOD, &big])),
            args: &["--max-record-bytes", "1K", "--skip-bad"],
            code: 0,
            stderr: "reprint: warning: big.jsonl:2: record larger than --max-record-bytes (1024): reading on to its end to skip it (--skip-bad)\n\
                     reprint: warning: skipped big.jsonl:2: record of 2022 bytes is larger than --max-record-bytes (1024)\n\
                     reprint: 1 records read, 1 skipped as bad; 0 groups holding 0 records\n",
        },
        Case {
            name: "an endless record (/dev/zero)",
            given: Nothing,
            args: &["/dev/zero"],
            code: 2,
            stderr: "reprint: error: /dev/zero:1: record larger than --max-record-bytes (10485760): not read further (--skip-bad skips it and reads on)\n",
        },
        Case {
            name: "index add of an endless record",
            given: Nothing,
            args: &["index", "add", "x.idx", "/dev/zero"],
            code: 2,
            stderr: "reprint: error: /dev/zero:1: record larger than --max-record-bytes (10485760): not read further (--skip-bad skips it and reads on)\n",
        },
        Case {
            name: "dedup of a stream over --max-input-bytes",
            given: Nothing,
            args: &["dedup", "--max-input-bytes", "1K", "/dev/zero"],
            code: 2,
            stderr: "reprint: error: /dev/zero: more than --max-input-bytes (1024) to copy: dedup reads its input twice, so stdin and pipes are copied to a temporary file first (give a file, or a larger --max-input-bytes)\n",
        },
        Case {
            name: "a lone UTF-16 surrogate escape",
            given: File("half.jsonl", jsonl(&[r#"{"id":"a","text":"caf\ud800 au lait"}"#])),
            args: &[],
            code: 2,
            stderr: "reprint: error: half.jsonl:1: field 'text': \\ud800 at column 22 is a lone UTF-16 surrogate (half of a pair), not a character; --lossy reads it as U+FFFD\n",
        },
        Case {
            name: "a lone UTF-16 surrogate escape, --lossy",
            given: File("half.jsonl", jsonl(&[r#"{"id":"a","text":"caf\ud800 au lait"}"#])),
            args: &["--lossy"],
            code: 0,
            stderr: "reprint: warning: half.jsonl:1: 1 lone UTF-16 surrogate escape read as U+FFFD (--lossy)\n",
        },
        // dedup's outputs.
        Case {
            name: "dedup --removed: a removed record has reprint_of already",
            given: Files(vec![(
                "in.jsonl",
                jsonl(&[GOOD, r#"{"id":"b","text":"the quick brown fox jumps over the lazy dog","reprint_of":"x"}"#]),
            )]),
            args: &["dedup", "in.jsonl", "--removed", "rem.jsonl", "-o", "out.jsonl"],
            code: 2,
            stderr: "reprint: error: in.jsonl:2: the removed record already has a 'reprint_of' field, the one --removed adds (rename or drop it first)\n",
        },
        Case {
            name: "dedup --removed: a CSV header has reprint_of already",
            given: Files(vec![(
                "in.csv",
                b"id,text,reprint_of\na,the quick brown fox jumps over the lazy dog,\nb,the quick brown fox jumps over the lazy dog,\n".to_vec(),
            )]),
            args: &["dedup", "in.csv", "--removed", "rem.csv", "-o", "out.csv"],
            code: 2,
            stderr: "reprint: error: in.csv: the header already has a 'reprint_of' column, the one --removed adds (rename or drop it first)\n",
        },
        Case {
            name: "dedup of a folder: a file name with a newline",
            given: Files(vec![
                ("news/a.txt", b"the quick brown fox jumps over the lazy dog".to_vec()),
                ("news/b\nc.txt", b"a story of its own, told once".to_vec()),
            ]),
            args: &["dedup", "news"],
            code: 2,
            stderr: "reprint: error: \"news/b\\nc.txt\": a file name with a newline cannot be listed one a line: give -0 (--print0) to end each path with NUL\n",
        },
        Case {
            name: "dedup -0 of a file",
            given: Files(vec![("in.jsonl", jsonl(&[GOOD]))]),
            args: &["dedup", "-0", "in.jsonl"],
            code: 2,
            stderr: "reprint: error: -0 (--print0) ends the paths dedup lists for a folder input; this input is no folder\n",
        },
        Case {
            name: "empty file",
            given: File("empty.jsonl", Vec::new()),
            args: &[],
            code: 2,
            stderr: "reprint: error: empty.jsonl: empty input: no records\n",
        },
        Case {
            name: "blank lines only",
            given: File("empty.jsonl", b"\n  \r\n\t\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: empty.jsonl: empty input: no records\n",
        },
        Case {
            name: "a BOM and nothing else",
            given: File("empty.jsonl", b"\xEF\xBB\xBF".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: empty.jsonl: empty input: no records\n",
        },
        Case {
            name: "duplicate ids",
            given: File("dup.jsonl", jsonl(&[GOOD, GOOD])),
            args: &[],
            code: 2,
            stderr: "reprint: error: dup.jsonl:2: duplicate id 'a' (first seen at dup.jsonl:1; --dedupe-ids renames repeats)\n",
        },
        Case {
            name: "duplicate ids, skipped",
            given: File("dup.jsonl", jsonl(&[GOOD, GOOD])),
            args: &["--skip-bad"],
            code: 0,
            stderr: "reprint: warning: skipped dup.jsonl:2: duplicate id 'a' (first seen at dup.jsonl:1; --dedupe-ids renames repeats)\n\
                     reprint: 1 records read, 1 skipped as bad; 0 groups holding 0 records\n",
        },
        Case {
            name: "duplicate ids made unique",
            given: File(
                "dup.jsonl",
                jsonl(&[GOOD, GOOD, r#"{"id":"a#2","text":"another story"}"#]),
            ),
            args: &["--dedupe-ids"],
            code: 0,
            stderr: "reprint: warning: dup.jsonl:2: duplicate id 'a' renamed 'a#2'\n\
                     reprint: warning: dup.jsonl:3: duplicate id 'a#2' renamed 'a#2#2'\n\
                     reprint: warning: 2 duplicate ids made unique with a #N suffix (--dedupe-ids)\n",
        },
        Case {
            name: "corrupt gzip",
            given: File("corrupt.jsonl.gz", b"\x1f\x8bnot really gzip".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: reading corrupt.jsonl.gz: invalid gzip header\n",
        },
        Case {
            name: "truncated gzip",
            given: File("cut.jsonl.gz", truncated_gz),
            args: &[],
            code: 2,
            stderr: "reprint: error: reading cut.jsonl.gz: gzip: incomplete deflate stream\n",
        },
        Case {
            name: "zstd cut short, named .jsonl",
            given: File("cut.jsonl", cut_zstd),
            args: &[],
            code: 2,
            stderr: "reprint: error: reading cut.jsonl: zstd: incomplete frame\n",
        },
        // JSON arrays and pretty-printed JSON.
        Case {
            name: "JSON array element with no text",
            given: File(
                "api.json",
                b"[\n  {\"text\": \"a story\"},\n  {\"headline\": \"h\"}\n]\n".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: api.json:3: element [1]: no text field (tried text, content, body, article, maintext); fields present: headline\n",
        },
        Case {
            name: "JSON array cut short",
            given: File(
                "cut.json",
                b"[{\"text\": \"a story\"},\n {\"text\": \"ano".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: cut.json:2: element [1] is cut off: the input ends inside it\n",
        },
        Case {
            name: "JSON array missing a comma",
            given: File(
                "comma.json",
                b"[{\"text\": \"a\"} {\"text\": \"b\"}]".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: comma.json:1: expected ',' or ']' after element [0], found '{'\n",
        },
        // CSV and TSV.
        Case {
            name: "CSV row with a missing field",
            given: File(
                "bad.csv",
                b"id,title,text\na,T,some words here\nb,only two\n".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: bad.csv:3: expected 3 fields as in the header, found 2\n",
        },
        Case {
            name: "CSV stray quote swallowing the rest of the file",
            given: File(
                "stray.csv",
                b"id,text\na,\"unclosed field\nb,more text\nc,even more\n".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: stray.csv:2: quoted field not closed: it runs to the end of the input, 4 lines (a stray quote?)\n",
        },
        Case {
            name: "CSV without a text column",
            given: File("cols.csv", b"id,title\na,T\n".to_vec()),
            args: &["--skip-bad"],
            code: 2,
            stderr: "reprint: error: cols.csv:1: no text column (tried text, content, body, article, maintext); columns: id, title\n",
        },
        Case {
            name: "CSV header only",
            given: File("header.csv", b"id,text\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: header.csv: empty input: no records\n",
        },
        Case {
            name: "CSV with invalid UTF-8 in a quoted field",
            given: File("latin1.csv", b"id,text\na,\"caf\xE9 au lait\"\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: latin1.csv:2: invalid UTF-8 at byte offset 14\n",
        },
        Case {
            name: "CSV record over --max-record-bytes",
            given: File(
                "big.csv",
                format!("id,text\na,\"{}\"\nb,ok\n", "y".repeat(3000)).into_bytes(),
            ),
            args: &["--max-record-bytes", "1K"],
            code: 2,
            stderr: "reprint: error: big.csv:2: record larger than --max-record-bytes (1024): not read further (--skip-bad skips it and reads on)\n",
        },
        Case {
            name: "semicolon CSV read with the comma",
            given: File("semi.csv", b"id;title;text\r\na;T;x\r\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: semi.csv:1: no text column (tried text, content, body, article, maintext); columns: id;title;text (one column whose name holds ';': is ';' the delimiter? give --delimiter ';')\n",
        },
        Case {
            name: "--delimiter of two characters",
            given: Nothing,
            args: &["--delimiter", ";;"],
            code: 2,
            stderr: "error: invalid value ';;' for '--delimiter <CHAR>': ';;' is not one ASCII character (e.g. ';', '|', tab)\n\nFor more information, try '--help'.\n",
        },
        Case {
            name: "--delimiter that is a quote",
            given: Nothing,
            args: &["--delimiter", "\""],
            code: 2,
            stderr: "error: invalid value '\"' for '--delimiter <CHAR>': '\"' cannot separate fields (it is a quote, a line break, a letter or a digit)\n\nFor more information, try '--help'.\n",
        },
        Case {
            name: "backslash-escaped TSV read as quoted",
            given: File(
                "copy.tsv",
                b"id\ttext\na\t\"Go,\" she said.\\nThen more.\n".to_vec(),
            ),
            args: &["--tsv-escapes", "quoted"],
            code: 2,
            stderr: "reprint: error: copy.tsv:2: text after a closing quote: a quoted field must end at a delimiter or a line end (a stray quote?); a backslash-escaped TSV (PostgreSQL COPY, MySQL) quotes nothing: give --tsv-escapes backslash\n",
        },
        Case {
            name: "backslash-escaped TSV with an escape that is not UTF-8",
            given: File("latin1.tsv", b"id\ttext\na\tcaf\\xe9\n".to_vec()),
            args: &["--tsv-escapes", "backslash"],
            code: 2,
            stderr: "reprint: error: latin1.tsv:2: column 'text' is not UTF-8 once its escapes are undone (byte 3 of the field)\n",
        },
        Case {
            name: "--date-format chrono cannot read",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["--date-format", "%Q"],
            code: 2,
            stderr: "reprint: error: --date-format '%Q' is not a strftime format chrono reads (e.g. '%d.%m.%Y %H:%M')\n",
        },
        Case {
            name: "TSV row with an extra field",
            given: File("bad.tsv", b"id\ttext\na\tone\textra\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: bad.tsv:2: expected 2 fields as in the header, found 3\n",
        },
        Case {
            name: "CSV row of 5,000 empty fields",
            given: File(
                "commas.csv",
                format!("id,text\na,{}\n", ",".repeat(4999)).into_bytes(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: commas.csv:2: expected 2 fields as in the header, found 5001\n",
        },
        // Plain text.
        Case {
            name: "text: a record of 2,000 blank lines",
            given: File(
                "blank.txt",
                format!("Id: a\n\nstart{}end\n", "\n".repeat(2000)).into_bytes(),
            ),
            args: &["--max-record-bytes", "1K"],
            code: 2,
            stderr: "reprint: error: blank.txt:1: record larger than --max-record-bytes (1024): not read further (--skip-bad skips it and reads on)\n",
        },
        Case {
            name: "text: empty record between separators",
            given: File(
                "two.txt",
                b"Id: a\n\nsome words\n---\n\n---\nId: b\n\nmore\n".to_vec(),
            ),
            args: &[],
            code: 2,
            stderr: "reprint: error: two.txt:5: empty record between two separators\n",
        },
        Case {
            name: "text: invalid UTF-8",
            given: File("latin1.txt", b"Id: a\n\ncaf\xE9\n".to_vec()),
            args: &[],
            code: 2,
            stderr: "reprint: error: latin1.txt:3: invalid UTF-8 at byte offset 10\n",
        },
        Case {
            name: "text: record over --max-record-bytes",
            given: File(
                "big.txt",
                format!(
                    "Id: a\n\n{}---\nId: b\n\nsmall\n",
                    "word ".repeat(300) + "\n"
                )
                .into_bytes(),
            ),
            args: &["--max-record-bytes", "1K"],
            code: 2,
            stderr: "reprint: error: big.txt:1: record larger than --max-record-bytes (1024): not read further (--skip-bad skips it and reads on)\n",
        },
        // Folders.
        Case {
            name: "folder: a file over --max-record-bytes",
            given: Folder(
                "news",
                vec![("a.txt", b"a story".to_vec()), ("b.txt", vec![b'z'; 2000])],
            ),
            args: &["--max-record-bytes", "1K"],
            code: 2,
            stderr: "reprint: error: news/b.txt: file of 2000 bytes is larger than --max-record-bytes (1024)\n",
        },
        Case {
            name: "folder: a file that is not UTF-8",
            given: Folder("news", vec![("a.txt", b"caf\xE9".to_vec())]),
            args: &[],
            code: 2,
            stderr: "reprint: error: news/a.txt: invalid UTF-8 at byte offset 3\n",
        },
        Case {
            name: "folder: an empty file",
            given: Folder("news", vec![("a.txt", b" \n".to_vec())]),
            args: &[],
            code: 2,
            stderr: "reprint: error: news/a.txt: empty file\n",
        },
        // Flags, inputs and outputs.
        Case {
            name: "missing input file",
            given: Nothing,
            args: &["no/such/file.jsonl"],
            code: 2,
            stderr: "reprint: error: cannot open no/such/file.jsonl: No such file or directory (os error 2)\n",
        },
        Case {
            name: "--pairs with a table format and no --pairs-out",
            given: Nothing,
            args: &["--format-out", "csv", "--pairs"],
            code: 2,
            stderr: "reprint: error: --pairs with --format-out csv: the membership table has one row per member, and pairs and related records are rows of the pairs table; name its file with --pairs-out FILE\n",
        },
        Case {
            name: "--pairs-out with JSON output",
            given: Nothing,
            args: &["--pairs-out", "pairs.csv"],
            code: 2,
            stderr: "reprint: error: --pairs-out writes the pairs table of --format-out csv, tsv or parquet; with --format-out jsonl, --pairs lists the pairs in each group\n",
        },
        Case {
            name: "Parquet under a compression suffix",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["--format-out", "parquet", "-o", "groups.parquet.gz"],
            code: 2,
            stderr: "reprint: error: -o groups.parquet.gz: Parquet compresses its own pages (zstd), and Parquet readers do not open a gzip-compressed file; name it without the suffix (e.g. groups.parquet)\n",
        },
        Case {
            name: "--max-record-bytes that is not a size",
            given: Nothing,
            args: &["--max-record-bytes", "ten"],
            code: 2,
            stderr: "error: invalid value 'ten' for '--max-record-bytes <SIZE>': 'ten' is not a size (e.g. 1000, 64K, 10M)\n\n\
                     For more information, try '--help'.\n",
        },
        Case {
            name: "--max-record-bytes 0",
            given: Nothing,
            args: &["--max-record-bytes", "0"],
            code: 2,
            stderr: "error: invalid value '0' for '--max-record-bytes <SIZE>': must be at least 1 byte\n\n\
                     For more information, try '--help'.\n",
        },
        Case {
            name: "output is a folder",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["-o", "."],
            code: 2,
            stderr: "reprint: error: cannot write output .: it is a folder\n",
        },
        Case {
            name: "output under a file",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["-o", "in.jsonl/out.jsonl"],
            code: 2,
            stderr: "reprint: error: cannot write output in.jsonl/out.jsonl: Not a directory (os error 20)\n",
        },
        Case {
            name: "output in a folder that does not exist",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["-o", "no/such/out.jsonl"],
            code: 2,
            stderr: "reprint: error: cannot write output no/such/out.jsonl: No such file or directory (os error 2)\n",
        },
        Case {
            name: "output on a full disk",
            given: File("in.jsonl", jsonl(&[GOOD])),
            args: &["-o", "/dev/full", "--singletons"],
            code: 2,
            stderr: "reprint: error: writing /dev/full: No space left on device (os error 28)\n",
        },
        Case {
            name: "output in a read-only folder",
            given: ReadOnly("in.jsonl", jsonl(&[GOOD])),
            args: &["-o", "ro/groups.jsonl"],
            code: 2,
            stderr: "reprint: error: cannot write output ro/groups.jsonl: Permission denied (os error 13)\n",
        },
    ]
}

/// Run one case in `dir`; a description of what differs, if anything.
fn check(case: &Case, dir: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mut std_cmd = std::process::Command::new(env!("CARGO_BIN_EXE_reprint"));
    let mut as_nobody = false;
    match &case.given {
        Given::File(name, data) => {
            std::fs::write(dir.join(name), data).unwrap();
            std_cmd.arg(name);
        }
        Given::Folder(name, files) => {
            std::fs::create_dir(dir.join(name)).unwrap();
            for (file, data) in files {
                std::fs::write(dir.join(name).join(file), data).unwrap();
            }
            std_cmd.arg(name);
        }
        Given::Nothing => {}
        Given::Files(files) => {
            for (file, data) in files {
                let path = dir.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, data).unwrap();
            }
        }
        Given::ReadOnly(name, data) => {
            std::fs::write(dir.join(name), data).unwrap();
            std_cmd.arg(name);
            let ro = dir.join("ro");
            std::fs::create_dir(&ro).unwrap();
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
            if std::fs::write(ro.join("probe"), b"").is_ok() {
                // Root: run as `nobody`, who can read the case's folder
                // and the input but not write in `ro`.
                std::fs::remove_file(ro.join("probe")).unwrap();
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
                as_nobody = true;
            }
        }
    }
    if as_nobody {
        // `nobody` may not be able to reach the binary where the checkout
        // sits (a `mktemp -d` folder, root's home): run a copy in the
        // case's folder, which it can.
        let copy = dir.join("reprint");
        std::fs::copy(env!("CARGO_BIN_EXE_reprint"), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        let args: Vec<std::ffi::OsString> = std_cmd.get_args().map(Into::into).collect();
        std_cmd = std::process::Command::new(&copy);
        std_cmd.args(args).uid(65534).gid(65534);
    }
    std_cmd.current_dir(dir).args(case.args);
    if case.args.contains(&"/dev/full") && !Path::new("/dev/full").exists() {
        return None;
    }
    let out = std_cmd.output().expect("run reprint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    (code != Some(case.code) || stderr != case.stderr).then(|| {
        format!(
            "{}: expected exit {} and\n{}got exit {:?} and\n{}",
            case.name, case.code, case.stderr, code, stderr
        )
    })
}

#[test]
fn every_bad_input_gets_its_message_and_exit_code() {
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|case| check(case, tempfile::tempdir().unwrap().path()))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = cases().iter().map(|c| c.name).collect();
    names.sort();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
}

/// A row of the README's table of bad inputs: the messages it quotes (each
/// a line of stderr after `reprint: `, or its start when it ends in `...`)
/// and the exit code.
#[derive(Debug)]
struct Row {
    input: String,
    messages: Vec<String>,
    code: i32,
}

/// The rows of the table in the README's "Errors" section.
fn readme_rows() -> Vec<Row> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("\n## Errors\n")
        .nth(1)
        .expect("README has an Errors section");
    let section = section.split("\n## ").next().unwrap();
    let table = section
        .split("| input | message | exit |\n")
        .nth(1)
        .expect("the Errors section has a table of inputs");
    table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 3, "README row {line}");
            let messages = cells[1]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|m| m.trim_end_matches("...").trim_end().to_string())
                .collect::<Vec<_>>();
            assert!(!messages.is_empty(), "README row quotes no message: {line}");
            Row {
                input: cells[0].to_string(),
                messages,
                code: cells[2].trim().parse().expect("exit code"),
            }
        })
        .collect()
}

/// Whether `row` describes what `case` gives: every message it quotes
/// begins a line of the case's stderr, and the exit codes agree.
fn row_matches(row: &Row, case: &Case) -> bool {
    row.code == case.code
        && row.messages.iter().all(|m| {
            case.stderr.lines().any(|l| {
                l.strip_prefix("reprint: ")
                    .unwrap_or(l)
                    .starts_with(m.as_str())
            })
        })
}

#[test]
fn readme_lists_the_same_cases() {
    let rows = readme_rows();
    let cases = cases();
    let unlisted: Vec<&str> = cases
        .iter()
        .filter(|c| !rows.iter().any(|r| row_matches(r, c)))
        .map(|c| c.name)
        .collect();
    let untested: Vec<&str> = rows
        .iter()
        .filter(|r| !cases.iter().any(|c| row_matches(r, c)))
        .map(|r| r.input.as_str())
        .collect();
    assert!(
        unlisted.is_empty() && untested.is_empty(),
        "cases not in the README's Errors table: {unlisted:?}\n\
         README rows no case gives: {untested:?}"
    );
}
