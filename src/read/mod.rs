//! Readers: article dumps in, [`Record`]s out, one at a time.
//!
//! Every reader streams (a file is never slurped to be parsed), yields a
//! [`ReadError::Bad`] for a record it cannot use and goes on, and stops only
//! on a [`ReadError::Fatal`] error (an unreadable file, a CSV with no text
//! column). Whether a bad record stops the run is the caller's choice.

mod decode;
mod delimited;
mod dir;
mod fields;
mod jsonl;
mod text;

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use globset::GlobMatcher;

pub use fields::{FieldNames, Fields};

use crate::record::{Origin, Record, RecordError};

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
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            fields: Fields::default(),
            separator: "---".to_string(),
            glob: None,
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

type RecordIter = Box<dyn Iterator<Item = Result<Record, ReadError>> + Send>;

/// All records of all inputs, in input order.
pub struct Records {
    inputs: std::vec::IntoIter<Input>,
    options: ReadOptions,
    fields: Arc<Fields>,
    current: Option<(String, RecordIter)>,
    current_yielded: bool,
}

impl Records {
    /// Records of `inputs` (stdin when empty), read with `options`.
    pub fn new(inputs: Vec<Input>, options: ReadOptions) -> Records {
        let inputs = if inputs.is_empty() {
            vec![Input::Stdin]
        } else {
            inputs
        };
        Records {
            inputs: inputs.into_iter(),
            fields: Arc::new(options.fields.clone()),
            options,
            current: None,
            current_yielded: false,
        }
    }

    fn open(&self, input: &Input) -> anyhow::Result<RecordIter> {
        let name = input.name();
        let is_dir = matches!(input, Input::Path(p) if p.is_dir());
        let format = match self.options.format {
            Format::Dir if !is_dir => bail!("{name}: --format dir needs a folder"),
            _ if is_dir => {
                let Input::Path(path) = input else {
                    unreachable!()
                };
                return Ok(Box::new(dir::DirReader::new(
                    path,
                    self.options.glob.as_ref(),
                )?));
            }
            Format::Auto => None,
            f => Some(f),
        };
        let mut rdr = open_stream(input)?;
        let format = match format {
            Some(f) => f,
            None => match input {
                Input::Path(p) => format_from_extension(p),
                Input::Stdin => None,
            }
            .map_or_else(|| sniff(&mut rdr, &name), Ok)?,
        };
        let fields = self.fields.clone();
        Ok(match format {
            Format::Jsonl => Box::new(jsonl::JsonlReader::new(rdr, name, fields)),
            Format::Csv => Box::new(delimited::DelimitedReader::new(rdr, name, fields, b',')),
            Format::Tsv => Box::new(delimited::DelimitedReader::new(rdr, name, fields, b'\t')),
            Format::Text => Box::new(text::TextReader::new(
                rdr,
                name,
                self.options.separator.clone(),
            )),
            Format::Dir | Format::Auto => unreachable!("resolved above"),
        })
    }
}

impl Iterator for Records {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((name, iter)) = &mut self.current {
                match iter.next() {
                    Some(item) => {
                        self.current_yielded = true;
                        return Some(item);
                    }
                    None => {
                        let name = std::mem::take(name);
                        let empty = !self.current_yielded;
                        self.current = None;
                        if empty {
                            return Some(Err(ReadError::Bad(RecordError::new(
                                Origin::new(name, 0),
                                "empty input: no records",
                            ))));
                        }
                    }
                }
            }
            let input = self.inputs.next()?;
            match self.open(&input) {
                Ok(iter) => {
                    self.current = Some((input.name(), iter));
                    self.current_yielded = false;
                }
                Err(e) => return Some(Err(ReadError::Fatal(e))),
            }
        }
    }
}

/// Open a file or stdin as decoded text (gzip undone for `.gz` files).
fn open_stream(input: &Input) -> anyhow::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match input {
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
    };
    Ok(decode::text_stream(raw))
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

fn sniff_bytes(head: &[u8]) -> Format {
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
