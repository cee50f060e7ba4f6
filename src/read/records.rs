//! [`Records`]: every record of every input, in input order.
//!
//! This is where an input is opened and its reader chosen: a folder gets
//! the folder reader; a file or stdin is decoded ([`decode::text_stream`]),
//! its format resolved, and read by that format's reader. It also turns an
//! input with no record into one bad record, warns of what `--lossy`
//! replaced, and renames repeated ids under `--dedupe-ids`.

use std::io::Read;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::decode::{self, LossyStats, TextStream};
use super::fields::Fields;
use super::format::Format;
use super::format::{format_from_extension, line_end, refine_json, sniff};
use super::ids::UniqueIds;
use super::input::Input;
use super::input::open_raw;
use super::options::{ReadOptions, TsvEscapes};
use super::reader::{FormatReader, ReadError, Start, warn_lossy};
use super::{backslash, delimited, dir, json_array, jsonl, parquet, text};
use crate::messages::Messages;
use crate::record::{Origin, Record, RecordError};

type RecordIter = Box<dyn FormatReader>;

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
    /// Records and bad records it gave, for `-v`'s count beside its lines.
    records: u64,
    bad: u64,
    lossy: Option<Arc<LossyStats>>,
}

impl Current {
    fn new(name: String, iter: RecordIter, lossy: Option<Arc<LossyStats>>) -> Current {
        Current {
            name,
            iter,
            yielded: false,
            records: 0,
            bad: 0,
            lossy,
        }
    }

    /// `-v`: lines read beside records read, so a row swallowed by a stray
    /// quote, or a file read as one record, shows.
    fn note_lines(&self, messages: &Messages) {
        if let Some(lines) = self.iter.lines_read() {
            messages.note(format_args!(
                "{}: {lines} line{} read, {} record{} and {} bad",
                self.name,
                if lines == 1 { "" } else { "s" },
                self.records,
                if self.records == 1 { "" } else { "s" },
                self.bad
            ));
        }
    }
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
        let (name, raw, extension, path) = match source {
            Source::Reader { name, rdr } => (name, rdr, None, None),
            Source::Input(input) => {
                let name = match &input {
                    Input::Path(p) => self.options.name_of(p),
                    Input::Stdin => input.name(),
                };
                if let Input::Path(path) = &input
                    && path.is_dir()
                {
                    let rdr = dir::DirReader::new(path, &self.options, self.messages)?;
                    return Ok(Current::new(name, Box::new(rdr), None));
                }
                let extension = match &input {
                    Input::Path(p) => format_from_extension(p),
                    Input::Stdin => None,
                };
                let path = match &input {
                    Input::Path(p) => Some(p.clone()),
                    Input::Stdin => None,
                };
                (name, open_raw(&input)?, extension, path)
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
        let format = match (format, self.options.format) {
            // A `.json` file may hold JSON Lines, an array or one object.
            (Some(Format::Json), Format::Auto) => refine_json(&mut rdr, &name)?,
            (Some(f), _) => f,
            (None, _) => sniff(&mut rdr, &name, self.options.delimiter)?,
        };
        let fields = self.fields.clone();
        let limit = self.options.max_record_bytes;
        if format == Format::Parquet {
            let Some(path) = path else {
                bail!(
                    "{name} is Parquet, which cannot be read from a pipe (its index is at \
                     its end): give the file's path"
                );
            };
            let rdr = parquet::ParquetReader::open(&path, name.clone(), fields, limit)?;
            return Ok(Current::new(name, Box::new(rdr), None));
        }
        let eol = line_end(&mut rdr).with_context(|| format!("reading {name}"))?;
        let at = Start {
            name: name.clone(),
            base,
            limit: self.options.max_record_bytes,
            read_past: self.options.read_past_oversized,
            eol,
            lossy: self.options.lossy,
            messages: self.messages,
        };
        let iter: RecordIter = match format {
            Format::Jsonl => Box::new(jsonl::JsonlReader::new(rdr, at, fields)),
            Format::Json => Box::new(json_array::JsonReader::new(rdr, at, fields)),
            Format::Csv => Box::new(delimited::DelimitedReader::new(
                rdr,
                at,
                fields,
                self.options.delimiter.unwrap_or(b','),
                TsvEscapes::Quoted,
            )),
            Format::Tsv => {
                let delimiter = self.options.delimiter.unwrap_or(b'\t');
                let escapes = backslash::resolve(&mut rdr, delimiter, self.options.tsv_escapes)
                    .with_context(|| format!("reading {name}"))?;
                if self.options.tsv_escapes == TsvEscapes::Auto {
                    self.messages.note(format_args!(
                        "{name}: TSV read {} (--tsv-escapes auto)",
                        match escapes {
                            TsvEscapes::Backslash => {
                                "with backslash escapes, nothing quoted, as PostgreSQL COPY writes it"
                            }
                            _ => "with CSV's quoting",
                        }
                    ));
                }
                Box::new(delimited::DelimitedReader::new(
                    rdr, at, fields, delimiter, escapes,
                ))
            }
            Format::Text => Box::new(text::TextReader::new(
                rdr,
                at,
                self.options.separator.clone(),
            )),
            Format::Dir | Format::Auto | Format::Parquet => unreachable!("resolved above"),
        };
        Ok(Current::new(name, iter, lossy))
    }

    /// The next item of the inputs, before ids are made unique.
    fn next_item(&mut self) -> Option<Result<Record, ReadError>> {
        loop {
            if let Some(current) = &mut self.current {
                match current.iter.next() {
                    Some(item) => {
                        current.yielded = true;
                        match &item {
                            Ok(_) => current.records += 1,
                            Err(ReadError::Bad(_)) => current.bad += 1,
                            Err(ReadError::Fatal(_)) => current.note_lines(&self.messages),
                        }
                        if matches!(item, Err(ReadError::Fatal(_))) {
                            self.current = None;
                        }
                        return Some(item);
                    }
                    None => {
                        let done = self.current.take().expect("current input");
                        done.note_lines(&self.messages);
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

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

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
}
