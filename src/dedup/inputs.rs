//! Inputs made readable twice, and their one output format.
//!
//! `dedup` reads its input once through the pipeline and once raw. A regular
//! file can simply be opened again (its size and modification time are
//! checked so a file changed in between is an error, not a wrong output);
//! stdin and pipes are spooled to a temporary file first. The pipeline then
//! sees the spooled copy's path, so messages and position ids are renamed
//! back to the name the user gave (`-` for stdin).
//!
//! Every input must resolve to one format, which is written back: JSON Lines
//! and CSV cannot be mixed in one output.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use encoding_rs_io::DecodeReaderBytesBuilder;
use tempfile::TempDir;

use crate::detect::corpus::Corpus;
use crate::read::decode::BUFFER_SIZE;
use crate::read::{FileStamp, Format, Input, ReadOptions, format_from_extension, open_file};
use crate::record::Origin;

/// One input as the user named it and as it is read.
#[derive(Debug)]
pub struct Source {
    /// The name the user gave (`-` for stdin).
    pub name: String,
    /// The path both reads open: the input itself, or its spooled copy.
    pub read_path: PathBuf,
    /// `read_path` as the pipeline names it in origins.
    pub read_name: String,
    spooled: bool,
    stamp: Option<FileStamp>,
}

impl Source {
    /// Was this input copied to a temporary file?
    pub fn is_spooled(&self) -> bool {
        self.spooled
    }

    /// Fail if a regular file changed since it was first looked at.
    pub fn check_unchanged(&self) -> Result<()> {
        match &self.stamp {
            Some(stamp) => stamp.check(&self.read_path, &self.name, "dedup"),
            None => Ok(()),
        }
    }
}

/// The inputs of one run, ready to be read twice.
#[derive(Debug)]
pub struct Prepared {
    /// Inputs in order.
    pub sources: Vec<Source>,
    /// The format they all have.
    pub format: Format,
    _spool: Option<TempDir>,
}

impl Prepared {
    /// Spool what cannot be read twice and resolve the one format.
    pub fn new(inputs: &[Input], read: &ReadOptions, max_spool: u64) -> Result<Prepared> {
        let stdin = [Input::Stdin];
        let inputs = if inputs.is_empty() {
            &stdin[..]
        } else {
            inputs
        };
        let mut spool: Option<TempDir> = None;
        let mut sources = Vec::with_capacity(inputs.len());
        let mut formats: Vec<Format> = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let name = input.name();
            let source = match input {
                Input::Path(path) if is_rereadable(path) => Source {
                    stamp: FileStamp::of(path),
                    read_name: name.clone(),
                    read_path: path.clone(),
                    name,
                    spooled: false,
                },
                _ => {
                    let dir = match &mut spool {
                        Some(d) => d,
                        None => {
                            let dir = tempfile::Builder::new()
                                .prefix(".reprint-dedup-")
                                .tempdir()
                                .context("creating a temporary folder to hold stdin")?;
                            // A spool is as big as its input: an interrupted
                            // run must not leave it behind.
                            crate::sink::remove_on_signal(dir.path());
                            spool.insert(dir)
                        }
                    };
                    // Keep the file name (so `.gz` is still looked through);
                    // the number keeps two inputs of one name apart.
                    let base = match input {
                        Input::Path(p) => p
                            .file_name()
                            .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned()),
                        Input::Stdin => "stdin".to_string(),
                    };
                    let read_path = dir.path().join(format!("{i}-{base}"));
                    spool_to(input, &read_path, max_spool)?;
                    Source {
                        read_name: read_path.display().to_string(),
                        read_path,
                        name,
                        spooled: true,
                        stamp: None,
                    }
                }
            };
            formats.push(resolve_format(&source, input, read)?);
            sources.push(source);
        }
        let format = formats[0];
        if let Some(k) = formats.iter().position(|f| !writes_back(*f)) {
            bail!(
                "dedup writes its input back in the input's format, and cannot yet write {} \
                 ({}); convert it to JSON Lines first (`jq -c '.[]'` for an array, \
                 `duckdb -c \"COPY (FROM 'x.parquet') TO 'x.jsonl'\"` for Parquet)",
                sources[k].name,
                format_name(formats[k])
            );
        }
        if let Some(k) = formats.iter().position(|f| *f != format) {
            bail!(
                "dedup writes one format, but {} is {} and {} is {}",
                sources[0].name,
                format_name(format),
                sources[k].name,
                format_name(formats[k])
            );
        }
        Ok(Prepared {
            sources,
            format,
            _spool: spool,
        })
    }

    /// What the pipeline reads.
    pub fn inputs(&self) -> Vec<Input> {
        self.sources
            .iter()
            .map(|s| Input::Path(s.read_path.clone()))
            .collect()
    }

    /// `text` with every spooled path replaced by the name the user gave.
    pub fn rename(&self, text: &str) -> String {
        let mut text = text.to_string();
        for s in self.sources.iter().filter(|s| s.spooled) {
            text = text.replace(&s.read_name, &s.name);
        }
        text
    }

    /// An error whose message names spooled paths, renamed.
    pub fn rename_error(&self, err: anyhow::Error) -> anyhow::Error {
        // A closed stdout must stay an io::Error for main to end quietly.
        let broken_pipe = err.chain().any(|e| {
            e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        });
        if !broken_pipe && self.sources.iter().any(|s| s.spooled) {
            anyhow!("{}", self.rename(&format!("{err:#}")))
        } else {
            err
        }
    }

    /// Give records of spooled inputs that have no id field the id they
    /// would have had (`-:LINE`). Origins keep the spooled name: the second
    /// read matches records by it.
    pub fn rename_records(&self, corpus: &mut Corpus) {
        for s in self.sources.iter().filter(|s| s.spooled) {
            for meta in corpus
                .metas
                .iter_mut()
                .filter(|m| m.origin.file == s.read_name)
            {
                if meta.id == meta.origin.to_string() {
                    meta.id = Origin::new(s.name.clone(), meta.origin.line).to_string();
                }
            }
        }
    }
}

/// A regular file or a folder can be opened again; stdin, pipes and
/// devices (`/dev/stdin`, `<(...)`) cannot.
fn is_rereadable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir())
}

/// Copy `input` to `to`, at most `max` bytes: an endless stdin (`yes`,
/// `/dev/zero`) must not fill the disk.
fn spool_to(input: &Input, to: &Path, max: u64) -> Result<()> {
    let name = input.name();
    let mut file =
        File::create(to).with_context(|| format!("creating a temporary copy of {name}"))?;
    let copied = match input {
        Input::Stdin => io::copy(&mut io::stdin().lock().take(max + 1), &mut file),
        Input::Path(p) => io::copy(
            &mut File::open(p)
                .with_context(|| format!("cannot open {}", p.display()))?
                .take(max + 1),
            &mut file,
        ),
    };
    let copied = copied.with_context(|| format!("copying {name} to a temporary file"))?;
    if copied > max {
        bail!(
            "{name}: more than --max-input-bytes ({max}) to copy: dedup reads its input twice, \
             so stdin and pipes are copied to a temporary file first (give a file, or a larger \
             --max-input-bytes)"
        );
    }
    Ok(())
}

/// The format a source is read in: the one given, else the folder, the
/// extension, or the first bytes, as the main command decides.
fn resolve_format(source: &Source, input: &Input, read: &ReadOptions) -> Result<Format> {
    if read.format != Format::Auto {
        return Ok(read.format);
    }
    if source.read_path.is_dir() {
        return Ok(Format::Dir);
    }
    let mut rdr = open_raw(&source.read_path)?;
    match input {
        Input::Path(p) => match format_from_extension(p) {
            Some(Format::Json) => crate::read::refine_json(&mut rdr, &source.name),
            Some(f) => Ok(f),
            None => crate::read::sniff(&mut rdr, &source.name, read.delimiter),
        },
        Input::Stdin => crate::read::sniff(&mut rdr, &source.name, read.delimiter),
    }
}

/// Can dedup write records of this format back as they were read?
fn writes_back(format: Format) -> bool {
    !matches!(format, Format::Json | Format::Parquet)
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Auto => "auto",
        Format::Jsonl => "JSON Lines",
        Format::Json => "JSON (an array or pretty-printed objects)",
        Format::Csv => "CSV",
        Format::Tsv => "TSV",
        Format::Text => "text",
        Format::Dir => "a folder",
        Format::Parquet => "Parquet",
    }
}

/// Open a file as the readers do: `.gz` looked through, a byte-order mark
/// dropped, UTF-16 decoded to UTF-8, other bytes passed through untouched.
pub fn open_raw(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let raw = open_file(path)?;
    let decoded = DecodeReaderBytesBuilder::new()
        .bom_sniffing(true)
        .strip_bom(true)
        .utf8_passthru(true)
        .build(raw);
    Ok(Box::new(BufReader::with_capacity(BUFFER_SIZE, decoded)))
}
