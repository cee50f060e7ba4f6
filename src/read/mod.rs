//! Readers: article dumps in, [`Record`]s out, one at a time.
//!
//! Every reader streams (a file is never slurped to be parsed), yields a
//! [`ReadError::Bad`] for a record it cannot use and goes on, and stops only
//! on a [`ReadError::Fatal`] error (an unreadable file, a CSV with no text
//! column). Whether a bad record stops the run is the caller's choice.
//!
//! Input is hostile: no record past [`ReadOptions::max_record_bytes`] is ever
//! held in memory (the readers stop keeping it at the limit and skip to its
//! end), invalid UTF-8 is a bad record naming its byte offset unless
//! [`ReadOptions::lossy`], and repeated ids are left for the corpus to refuse
//! unless [`ReadOptions::dedupe_ids`] renames them here. The fuzz targets in
//! `fuzz/` drive every reader with arbitrary bytes.

pub(crate) mod cut;
pub mod decode;
mod delimited;
mod dir;
mod fields;
mod jsonl;
mod text;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use globset::GlobMatcher;
use xxhash_rust::xxh3::xxh3_128;

pub use fields::{FieldNames, Fields};

use crate::messages::Messages;
use crate::record::{Origin, Record, RecordError};
use decode::{LossyStats, TextStream};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pick by extension, or by sniffing the first bytes.
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated with a header row.
    Csv,
    /// Tab-separated with a header row.
    Tsv,
    /// Plain text, records split by a separator line.
    Text,
    /// A folder, one article per file.
    Dir,
}

/// An input: a path or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file or folder.
    Path(PathBuf),
}

impl Input {
    /// `-` is stdin, anything else a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages and generated ids.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// The default of `--max-record-bytes`: 10 MiB, far more than any article
/// and far less than the memory of a machine.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 10 << 20;

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Input format (the same for every input).
    pub format: Format,
    /// Which fields fill which role.
    pub fields: Fields,
    /// The separator line of plain text input.
    pub separator: String,
    /// Which files of a folder to read.
    pub glob: Option<GlobMatcher>,
    /// A record larger than this many bytes (as it stands in the input) is
    /// a bad record; it is skipped without being held in memory.
    pub max_record_bytes: usize,
    /// Replace invalid UTF-8 with U+FFFD (counted, with a warning) instead
    /// of refusing the record.
    pub lossy: bool,
    /// Make repeated ids unique with a `#2`, `#3`... suffix (each renaming
    /// warned of) instead of refusing them.
    pub dedupe_ids: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            fields: Fields::default(),
            separator: "---".to_string(),
            glob: None,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            lossy: false,
            dedupe_ids: false,
        }
    }
}

/// What can go wrong while reading.
#[derive(Debug)]
pub enum ReadError {
    /// One record is unusable; the rest of the input can still be read.
    Bad(RecordError),
    /// The input cannot be read any further.
    Fatal(anyhow::Error),
}

/// The message of a record over `--max-record-bytes`.
fn too_big(what: &str, size: u64, limit: usize) -> String {
    format!("{what} of {size} bytes is larger than --max-record-bytes ({limit})")
}

type RecordIter = Box<dyn Iterator<Item = Result<Record, ReadError>> + Send>;

/// Something to read records from.
enum Source {
    Input(Input),
    Reader {
        name: String,
        rdr: Box<dyn Read + Send>,
    },
}

/// The input being read.
struct Current {
    name: String,
    iter: RecordIter,
    yielded: bool,
    lossy: Option<Arc<LossyStats>>,
}

/// All records of all inputs, in input order.
///
/// Each input that ends without a record gives one bad record ("empty input:
/// no records"); an input that fails is left after its fatal error and the
/// next one is read, so the iterator always ends.
pub struct Records {
    sources: std::vec::IntoIter<Source>,
    options: ReadOptions,
    fields: Arc<Fields>,
    messages: Messages,
    current: Option<Current>,
    ids: Option<UniqueIds>,
}

impl Records {
    /// Records of `inputs` (stdin when empty), read with `options`.
    pub fn new(inputs: Vec<Input>, options: ReadOptions) -> Records {
        let inputs = if inputs.is_empty() {
            vec![Input::Stdin]
        } else {
            inputs
        };
        Records::of(inputs.into_iter().map(Source::Input).collect(), options)
    }

    /// Records of one byte stream called `name` in messages (`--format
    /// auto` sniffs it as it would stdin).
    pub fn from_reader(
        name: impl Into<String>,
        rdr: impl Read + Send + 'static,
        options: ReadOptions,
    ) -> Records {
        let source = Source::Reader {
            name: name.into(),
            rdr: Box::new(rdr),
        };
        Records::of(vec![source], options)
    }

    fn of(sources: Vec<Source>, options: ReadOptions) -> Records {
        Records {
            sources: sources.into_iter(),
            fields: Arc::new(options.fields.clone()),
            ids: options.dedupe_ids.then(UniqueIds::default),
            options,
            messages: Messages::default(),
            current: None,
        }
    }

    /// Where warnings go (invalid UTF-8 replaced, ids renamed).
    pub fn messages(mut self, messages: Messages) -> Records {
        self.messages = messages;
        self
    }

    fn open(&self, source: Source) -> anyhow::Result<Current> {
        let (name, raw, extension) = match source {
            Source::Reader { name, rdr } => (name, rdr, None),
            Source::Input(input) => {
                let name = input.name();
                if let Input::Path(path) = &input
                    && path.is_dir()
                {
                    let rdr = dir::DirReader::new(path, &self.options, self.messages)?;
                    return Ok(Current {
                        name,
                        iter: Box::new(rdr),
                        yielded: false,
                        lossy: None,
                    });
                }
                let extension = match &input {
                    Input::Path(p) => format_from_extension(p),
                    Input::Stdin => None,
                };
                (name, open_raw(&input)?, extension)
            }
        };
        let format = match self.options.format {
            Format::Dir => bail!("{name}: --format dir needs a folder"),
            Format::Auto => extension,
            f => Some(f),
        };
        let lossy = self.options.lossy.then(Arc::default);
        let stream =
            decode::text_stream(raw, lossy.clone()).with_context(|| format!("reading {name}"))?;
        let TextStream { mut rdr, base } = stream;
        let format = match format {
            Some(f) => f,
            None => sniff(&mut rdr, &name)?,
        };
        let fields = self.fields.clone();
        let limit = self.options.max_record_bytes;
        let at = Start {
            name: name.clone(),
            base,
            limit,
        };
        let iter: RecordIter = match format {
            Format::Jsonl => Box::new(jsonl::JsonlReader::new(rdr, at, fields)),
            Format::Csv => Box::new(delimited::DelimitedReader::new(rdr, at, fields, b',')),
            Format::Tsv => Box::new(delimited::DelimitedReader::new(rdr, at, fields, b'\t')),
            Format::Text => Box::new(text::TextReader::new(
                rdr,
                at,
                self.options.separator.clone(),
            )),
            Format::Dir | Format::Auto => unreachable!("resolved above"),
        };
        Ok(Current {
            name,
            iter,
            yielded: false,
            lossy,
        })
    }

    /// The next item of the inputs, before ids are made unique.
    fn next_item(&mut self) -> Option<Result<Record, ReadError>> {
        loop {
            if let Some(current) = &mut self.current {
                match current.iter.next() {
                    Some(item) => {
                        current.yielded = true;
                        if matches!(item, Err(ReadError::Fatal(_))) {
                            self.current = None;
                        }
                        return Some(item);
                    }
                    None => {
                        let done = self.current.take().expect("current input");
                        if let Some(stats) = &done.lossy {
                            warn_lossy(&self.messages, &done.name, stats);
                        }
                        if !done.yielded {
                            return Some(Err(ReadError::Bad(RecordError::new(
                                Origin::new(done.name, 0),
                                "empty input: no records",
                            ))));
                        }
                    }
                }
            }
            let source = self.sources.next()?;
            match self.open(source) {
                Ok(current) => self.current = Some(current),
                Err(e) => return Some(Err(ReadError::Fatal(e))),
            }
        }
    }
}

/// Warn that `--lossy` replaced bytes of `name`.
fn warn_lossy(messages: &Messages, name: &str, stats: &LossyStats) {
    if let Some(at) = stats.first_at() {
        let n = stats.replaced();
        messages.warn(format_args!(
            "{name}: {n} invalid UTF-8 sequence{} replaced with U+FFFD (--lossy), the first at byte offset {at}",
            if n == 1 { "" } else { "s" }
        ));
    }
}

impl Iterator for Records {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.next_item();
        let Some(ids) = &mut self.ids else {
            return item;
        };
        match item {
            Some(Ok(mut rec)) => {
                if let Some(old) = ids.make_unique(&mut rec) {
                    self.messages.warn(format_args!(
                        "{}: duplicate id '{old}' renamed '{}'",
                        rec.origin, rec.id
                    ));
                }
                Some(Ok(rec))
            }
            None => {
                let n = std::mem::take(&mut ids.renamed);
                if n > 0 {
                    self.messages.warn(format_args!(
                        "{n} duplicate id{} made unique with a #N suffix (--dedupe-ids)",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                None
            }
            other => other,
        }
    }
}

/// Where a reader starts: its name, the file offset of its first byte, and
/// the record limit.
#[derive(Debug, Clone)]
pub struct Start {
    /// The input's name in messages.
    pub name: String,
    /// File offset of the stream's first byte (3 after a UTF-8 BOM).
    pub base: u64,
    /// `--max-record-bytes`.
    pub limit: usize,
}

/// Ids seen so far, by 128-bit hash (a collision is as likely as a cosmic
/// ray), with the last suffix given to each.
#[derive(Debug, Default)]
struct UniqueIds {
    seen: HashMap<u128, u32>,
    renamed: u64,
}

impl UniqueIds {
    /// Rename `rec` if its id was seen, to the first of `id#2`, `id#3`...
    /// not seen either; the old id when renamed.
    fn make_unique(&mut self, rec: &mut Record) -> Option<String> {
        let key = xxh3_128(rec.id.as_bytes());
        let last = match self.seen.entry(key) {
            Entry::Vacant(e) => {
                e.insert(1);
                return None;
            }
            Entry::Occupied(e) => *e.get(),
        };
        let mut n = last;
        let unique = loop {
            n += 1;
            let candidate = format!("{}#{n}", rec.id);
            let k = xxh3_128(candidate.as_bytes());
            if let Entry::Vacant(e) = self.seen.entry(k) {
                e.insert(1);
                break candidate;
            }
        };
        self.seen.insert(key, n);
        self.renamed += 1;
        Some(std::mem::replace(&mut rec.id, unique))
    }
}

/// Open a file or stdin as bytes (gzip undone for `.gz` files).
fn open_raw(input: &Input) -> anyhow::Result<Box<dyn Read + Send>> {
    Ok(match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::Path(path) => {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            if path.extension().is_some_and(|e| e == "gz") {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            }
        }
    })
}

/// The format an extension names (`.gz` looked through), if it names one.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "jsonl" | "ndjson" | "jsonlines" | "jl" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// Guess the format from the first bytes: `{` starts JSON Lines, a first
/// line with tabs is TSV, a short first line with commas is a CSV header,
/// anything else is plain text.
fn sniff(rdr: &mut Box<dyn BufRead + Send>, name: &str) -> anyhow::Result<Format> {
    let head = rdr.fill_buf().with_context(|| format!("reading {name}"))?;
    Ok(sniff_bytes(head))
}

/// [`sniff`] on bytes already read (the first few KB of an input).
pub fn sniff_bytes(head: &[u8]) -> Format {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.first() == Some(&b'{') {
        return Format::Jsonl;
    }
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if first_line.contains(&b'\t') {
        Format::Tsv
    } else if first_line.contains(&b',') && first_line.len() < 1024 && !first_line.ends_with(b".") {
        Format::Csv
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format() {
        assert_eq!(sniff_bytes(b"  {\"id\": 1}\n"), Format::Jsonl);
        assert_eq!(sniff_bytes(b"id\ttext\n1\thello\n"), Format::Tsv);
        assert_eq!(sniff_bytes(b"id,text\n1,hello\n"), Format::Csv);
        assert_eq!(
            sniff_bytes(b"Title: x\n\nA story, told.\n---\n"),
            Format::Text
        );
    }

    fn ids_and_errors(input: &[u8], options: ReadOptions) -> Vec<String> {
        Records::from_reader("in", io::Cursor::new(input.to_vec()), options)
            .map(|item| match item {
                Ok(r) => r.id,
                Err(ReadError::Bad(e)) => format!("bad: {e}"),
                Err(ReadError::Fatal(e)) => format!("fatal: {e}"),
            })
            .collect()
    }

    #[test]
    fn dedupe_ids_renames_past_taken_suffixes() {
        let input = b"{\"id\":\"a#2\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"x\"}\n";
        let options = ReadOptions {
            dedupe_ids: true,
            ..ReadOptions::default()
        };
        assert_eq!(ids_and_errors(input, options), ["a#2", "a", "a#3", "a#4"]);
        // Without the option the ids pass through for the corpus to refuse.
        assert_eq!(
            ids_and_errors(input, ReadOptions::default()),
            ["a#2", "a", "a", "a"]
        );
    }

    #[test]
    fn lossy_repairs_instead_of_refusing() {
        let input = b"{\"id\":\"a\",\"text\":\"caf\xE9\"}\n";
        assert_eq!(
            ids_and_errors(input, ReadOptions::default()),
            ["bad: in:1: invalid UTF-8 at byte offset 21"]
        );
        let options = ReadOptions {
            lossy: true,
            ..ReadOptions::default()
        };
        let texts: Vec<String> =
            Records::from_reader("in", io::Cursor::new(input.to_vec()), options)
                .map(|r| r.unwrap().text)
                .collect();
        assert_eq!(texts, ["caf\u{FFFD}"]);
    }

    #[test]
    fn an_empty_stream_is_one_bad_record() {
        assert_eq!(
            ids_and_errors(b"", ReadOptions::default()),
            ["bad: in: empty input: no records"]
        );
    }

    #[test]
    fn extension_looks_through_gz() {
        assert_eq!(
            format_from_extension(Path::new("a/b.jsonl.gz")),
            Some(Format::Jsonl)
        );
        assert_eq!(format_from_extension(Path::new("b.TSV")), Some(Format::Tsv));
        assert_eq!(format_from_extension(Path::new("noext")), None);
    }
}
