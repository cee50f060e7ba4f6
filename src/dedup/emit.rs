//! Writing the kept records, and the removed ones with the id they reprint.
//!
//! Kept chunks are copied byte for byte. Removed chunks go to `--removed`
//! with the kept record's id added in the format's own way (a JSON field, a
//! CSV column, a text header line: see `reprint_of.rs`). Chunks from
//! several inputs are joined so that the output still parses: a line ending
//! is added where an input ended without one, and a text record is never
//! run on into the next input's first record.

use std::collections::HashMap;
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
use crate::read::cut::LineEnd;
use crate::read::{Format, TsvEscapes};

/// One output and what the next write must know of the last.
struct Out<'w> {
    wtr: &'w mut dyn Write,
    /// Last byte written, to add a line ending where an input lacked one.
    last: Option<u8>,
    /// Text: the last record written has no separator after it yet.
    open: bool,
    /// The line ending of lines it adds: the input's (`\r` for old Mac
    /// files), so the output reads as the input did.
    eol: &'static [u8],
}

impl<'w> Out<'w> {
    fn new(wtr: &'w mut dyn Write) -> Out<'w> {
        Out {
            wtr,
            last: None,
            open: false,
            eol: b"\n",
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
        if self.last.is_some_and(|b| b != b'\n' && b != b'\r') {
            self.write(self.eol)?;
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
            self.write(self.eol)?;
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
    /// How the input being copied ends its lines.
    eol: LineEnd,
    /// Kept records `reprint_of` names otherwise than by their id (see
    /// [`super::reprint_of::names`]).
    names: HashMap<usize, String>,
    /// Folder input: paths end with NUL (`-0`).
    print0: bool,
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
            eol: LineEnd::Lf,
            names: HashMap::new(),
            print0: false,
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

    /// Name these kept records so in `reprint_of`, not by their id.
    pub fn names(mut self, names: HashMap<usize, String>) -> Emitter<'w> {
        self.names = names;
        self
    }

    /// Folder input: end each path with NUL.
    pub fn print0(mut self, yes: bool) -> Emitter<'w> {
        self.print0 = yes;
        self
    }

    /// The next chunks come from the input the user called `name`.
    pub fn start_input(&mut self, name: &str) {
        self.input = name.to_string();
    }

    /// The input being copied ends its lines as `eol` says.
    pub fn line_end(&mut self, eol: LineEnd) {
        self.eol = eol;
        let bytes: &'static [u8] = match eol {
            LineEnd::Lf => b"\n",
            LineEnd::Cr => b"\r",
        };
        self.out.eol = bytes;
        if let Some(out) = &mut self.removed {
            out.eol = bytes;
        }
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
                if self.removed.is_none() {
                    return Ok(());
                }
                let id = self.names.get(&kept).unwrap_or(&corpus.metas[kept].id);
                let at = || match chunk.line {
                    Some(line) => format!("{}:{line}", self.input),
                    None => self.input.clone(),
                };
                let bytes = match self.format {
                    Format::Jsonl => add_json_field(chunk.bytes, id).with_context(at)?,
                    Format::Csv | Format::Tsv => self.add_column(chunk.bytes, id),
                    _ => add_text_header(chunk.bytes, id, chunk.closed, self.eol),
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
        let delimiter = self.delimiter();
        if self.removed.is_some()
            && fields
                .iter()
                .any(|f| f.trim_ascii() == REPRINT_OF.as_bytes())
        {
            // A second column of one name: which one is ours? Refused, as
            // a JSON record's own field is.
            bail!(
                "{}: the header already has a '{REPRINT_OF}' column, the one --removed adds \
                 (rename or drop it first)",
                self.input
            );
        }
        self.out.unit(bytes, false, false, None)?;
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
    let print0 = emitter.print0;
    for (_, path, fate) in files {
        match fate {
            Fate::Keep => {
                emitter.out.write(&listed(path, print0, false)?)?;
            }
            Fate::Removed { kept } => {
                if let Some(out) = &mut emitter.removed {
                    let mut entry = listed(path, print0, true)?;
                    entry.pop();
                    entry.push(if print0 { 0 } else { b'\t' });
                    entry.extend(listed(&corpus.metas[kept].origin.file, print0, true)?);
                    out.write(&entry)?;
                }
            }
        }
    }
    Ok(())
}

/// A path as a folder's list holds it: ended by a newline, or by NUL under
/// `-0`. Without `-0` a name with a newline (or, in `--removed`, where a
/// tab parts the two paths, a tab) would be read back as two: refused.
fn listed(path: &str, print0: bool, tabbed: bool) -> Result<Vec<u8>> {
    if !print0 && (path.contains('\n') || (tabbed && path.contains('\t'))) {
        bail!(
            "{path:?}: a file name with a {} cannot be listed one a line: give -0 (--print0) \
             to end each path with NUL",
            if path.contains('\n') {
                "newline"
            } else {
                "tab"
            }
        );
    }
    let mut out = path.as_bytes().to_vec();
    out.push(if print0 { 0 } else { b'\n' });
    Ok(out)
}
