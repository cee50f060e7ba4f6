//! Writing the kept records, and the removed ones with the id they reprint.
//!
//! Kept chunks are copied byte for byte. Removed chunks go to `--removed`
//! with the kept record's id added in the format's own way (a JSON field, a
//! CSV column, a text header line: see `reprint_of.rs`). Chunks from
//! several inputs are joined so that the output still parses: a line ending
//! is added where an input ended without one, and a text record is never
//! run on into the next input's first record.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;

use super::inputs::Source;
use super::plan::Fate;
use super::raw::{Chunk, Kind};
use super::reprint_of::{
    REPRINT_OF, add_column, add_escaped_column, add_json_field, add_text_header,
};
use crate::detect::corpus::Corpus;
use crate::read::{Format, TsvEscapes};

/// One output and what the next write must know of the last.
struct Out<'w> {
    wtr: &'w mut dyn Write,
    /// Last byte written, to add a line ending where an input lacked one.
    last: Option<u8>,
    /// Text: the last record written has no separator after it yet.
    open: bool,
}

impl<'w> Out<'w> {
    fn new(wtr: &'w mut dyn Write) -> Out<'w> {
        Out {
            wtr,
            last: None,
            open: false,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(&b) = bytes.last() {
            self.wtr.write_all(bytes).context("writing the output")?;
            self.last = Some(b);
        }
        Ok(())
    }

    fn end_line(&mut self) -> Result<()> {
        if self.last.is_some_and(|b| b != b'\n') {
            self.write(b"\n")?;
        }
        Ok(())
    }

    /// Write one chunk on a line of its own. For text (`separator` given),
    /// a record comes after a separator if the record before has none.
    fn unit(
        &mut self,
        bytes: &[u8],
        record: bool,
        closed: bool,
        separator: Option<&str>,
    ) -> Result<()> {
        self.end_line()?;
        let Some(separator) = separator else {
            return self.write(bytes);
        };
        if self.open && record {
            self.write(separator.as_bytes())?;
            self.write(b"\n")?;
            self.open = false;
        }
        self.write(bytes)?;
        if closed {
            self.open = false;
        } else if record {
            self.open = true;
        }
        Ok(())
    }
}

/// How messages name a TSV convention.
fn escapes_name(escapes: TsvEscapes) -> &'static str {
    match escapes {
        TsvEscapes::Backslash => "a backslash-escaped",
        TsvEscapes::Quoted | TsvEscapes::Auto => "a quoted",
    }
}

/// Writes the chunks of every input to the output and `--removed`.
pub struct Emitter<'w> {
    format: Format,
    /// Text input: the separator line.
    separator: Option<String>,
    out: Out<'w>,
    removed: Option<Out<'w>>,
    /// CSV/TSV: the first input's name and header, which all must share.
    header: Option<(String, ByteRecord)>,
    /// The input being copied.
    input: String,
    /// Folder input: records skipped as bad written so far.
    skipped_at: usize,
    /// CSV/TSV: the field delimiter.
    delimiter: u8,
    /// TSV: the convention of the first input, which all must share.
    escapes: Option<(String, TsvEscapes)>,
}

impl<'w> Emitter<'w> {
    /// An emitter for inputs of `format`.
    pub fn new(
        format: Format,
        separator: &str,
        delimiter: u8,
        out: &'w mut dyn Write,
        removed: Option<&'w mut dyn Write>,
    ) -> Emitter<'w> {
        Emitter {
            format,
            separator: (format == Format::Text).then(|| separator.to_string()),
            out: Out::new(out),
            removed: removed.map(Out::new),
            header: None,
            input: String::new(),
            skipped_at: 0,
            delimiter,
            escapes: None,
        }
    }

    /// The next TSV input is in `escapes`' convention: the one of the
    /// first, or the table would mix two.
    pub fn tsv_escapes(&mut self, escapes: TsvEscapes) -> Result<()> {
        match &self.escapes {
            None => self.escapes = Some((self.input.clone(), escapes)),
            Some((first, e)) if *e != escapes => bail!(
                "{}: {} TSV, but {first} is {} TSV; dedup writes one table, so every input needs one convention (--tsv-escapes)",
                self.input,
                escapes_name(escapes),
                escapes_name(*e)
            ),
            Some(_) => {}
        }
        Ok(())
    }

    /// The next chunks come from the input the user called `name`.
    pub fn start_input(&mut self, name: &str) {
        self.input = name.to_string();
    }

    /// The field delimiter of CSV and TSV.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// A removed CSV/TSV row with the kept id as a last column, quoted or
    /// escaped as its input's convention says.
    fn add_column(&self, bytes: &[u8], id: &str) -> Vec<u8> {
        match &self.escapes {
            Some((_, TsvEscapes::Backslash)) => add_escaped_column(bytes, id, self.delimiter),
            _ => add_column(bytes, id, self.delimiter),
        }
    }

    /// Write one chunk as its record's fate says.
    pub fn chunk(&mut self, chunk: &Chunk, fate: Fate, corpus: &Corpus) -> Result<()> {
        if let Kind::Header(fields) = chunk.kind {
            return self.header(chunk.bytes, fields);
        }
        let record = chunk.line.is_some();
        match fate {
            Fate::Keep => {
                self.out
                    .unit(chunk.bytes, record, chunk.closed, self.separator.as_deref())
            }
            Fate::Removed { kept } => {
                let id = &corpus.metas[kept].id;
                let bytes = match self.format {
                    Format::Jsonl => add_json_field(chunk.bytes, id)?,
                    Format::Csv | Format::Tsv => self.add_column(chunk.bytes, id),
                    _ => add_text_header(chunk.bytes, id, chunk.closed),
                };
                match &mut self.removed {
                    Some(out) => out.unit(&bytes, record, chunk.closed, self.separator.as_deref()),
                    None => Ok(()),
                }
            }
        }
    }

    /// A CSV header: written once; every later input must have the same.
    fn header(&mut self, bytes: &[u8], fields: &ByteRecord) -> Result<()> {
        if let Some((first, header)) = &self.header {
            if header != fields {
                bail!(
                    "{}: its header differs from {first}'s; dedup writes one table, so every input needs the same columns",
                    self.input
                );
            }
            return Ok(());
        }
        self.header = Some((self.input.clone(), fields.clone()));
        self.out.unit(bytes, false, false, None)?;
        let delimiter = self.delimiter();
        if let Some(out) = &mut self.removed {
            out.unit(
                &add_column(bytes, REPRINT_OF, delimiter),
                false,
                false,
                None,
            )?;
        }
        Ok(())
    }
}

/// A folder input: one line per file, the kept ones to the output and the
/// removed ones (with the kept file's path) to `--removed`, in the order the
/// folder was read. Files skipped as bad are listed as kept.
pub fn folder(
    emitter: &mut Emitter,
    source: &Source,
    corpus: &Corpus,
    fates: &[Fate],
    cursor: &mut usize,
) -> Result<()> {
    let root = source.read_path.as_path();
    let under = |file: &str| {
        let p = Path::new(file);
        (p != root && p.starts_with(root)).then(|| p.strip_prefix(root).unwrap_or(p).to_path_buf())
    };
    let mut files: Vec<(PathBuf, &str, Fate)> = Vec::new();
    while let Some(meta) = corpus.metas.get(*cursor) {
        let Some(rel) = under(&meta.origin.file) else {
            break;
        };
        if files.last().is_some_and(|f| f.1 == meta.origin.file) {
            bail!(
                "{}: dedup of a folder writes the paths of the files it keeps, but {} holds \
                 several records; give dedup the file itself",
                source.name,
                meta.origin.file
            );
        }
        files.push((rel, &meta.origin.file, fates[*cursor]));
        *cursor += 1;
    }
    while let Some(bad) = corpus.skipped.get(emitter.skipped_at) {
        let Some(rel) = under(&bad.origin.file) else {
            break;
        };
        files.push((rel, &bad.origin.file, Fate::Keep));
        emitter.skipped_at += 1;
    }
    // The folder reader visits files sorted by relative path.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path, fate) in files {
        match fate {
            Fate::Keep => {
                emitter.out.write(path.as_bytes())?;
                emitter.out.write(b"\n")?;
            }
            Fate::Removed { kept } => {
                if let Some(out) = &mut emitter.removed {
                    let line = format!("{path}\t{}\n", corpus.metas[kept].origin.file);
                    out.write(line.as_bytes())?;
                }
            }
        }
    }
    Ok(())
}
