//! The main job's arguments: read dumps, write groups.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use reprint::detect::minhash::Scheme;
use reprint::detect::shingle::ShingleKind;
use reprint::{
    Config, DateFormats, FieldNames, Fields, Format, Input, Job, Messages, OutputFormat,
    ReadOptions, TsvEscapes,
};

/// Arguments of the main job (`reprint [OPTIONS] [INPUT]...`).
#[derive(Debug, Args)]
pub struct FindArgs {
    /// Input files or folders; `-` or none reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Write the groups to FILE instead of stdout (replaced only when the
    /// run succeeds).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output layout: JSON Lines (one group per line), one JSON array, or
    /// a membership table (one row per member) as CSV, TSV or Parquet
    /// (typed columns, zstd pages; a file or a pipe, not a terminal).
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    pub format_out: OutFormat,

    /// JSON: also list each group's verified pairs (up to n(n-1)/2 a
    /// group; without it each member carries its similarity to the
    /// canonical member).
    #[arg(long)]
    pub pairs: bool,

    /// CSV, TSV, Parquet: write the pairs table (one row per verified pair,
    /// and per related record with --related) to FILE, in the same format.
    #[arg(long, value_name = "FILE")]
    pub pairs_out: Option<PathBuf>,

    /// Also write records that are in no group, as groups of one.
    #[arg(long)]
    pub singletons: bool,

    /// Also report related records: rewrites that quote a passage of a
    /// group's member without being reprints (a `related` list on the
    /// source's group, or rows of the --pairs-out table; a source in no
    /// group is written as a group of one).
    #[arg(long)]
    pub related: bool,

    /// Skip bad records (malformed lines, missing text, duplicate ids...)
    /// with a warning and a count, instead of stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,

    /// Exit with status 1 when any group of reprints is found (0 when none,
    /// 2 on an error), for CI jobs; the output is written as usual.
    #[arg(long)]
    pub fail_on_reprints: bool,

    // Last, so the options above are listed under "Options:" and not
    // under the last flattened group's heading.
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// How to read the input.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Input format; `auto` goes by extension (a compression suffix looked
    /// through; `.json` by its first bytes too) and, for stdin or an unknown
    /// extension, by the first bytes.
    #[arg(long, value_enum, default_value_t = InFormat::Auto)]
    pub format: InFormat,

    /// Field holding the id (dotted path into nested objects) [default:
    /// id, uuid, url; else the record's position file:line].
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<String>,

    /// Field holding the article body [default: text, content, body,
    /// article, maintext].
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,

    /// Field holding the headline [default: title, headline].
    #[arg(long, value_name = "FIELD")]
    pub title_field: Option<String>,

    /// Field holding the outlet (a URL names its host) [default: source,
    /// outlet, publication, domain, source_domain, sitename, hostname].
    #[arg(long, value_name = "FIELD")]
    pub source_field: Option<String>,

    /// Field holding the publication date [default: date, published,
    /// published_at, date_publish].
    #[arg(long, value_name = "FIELD")]
    pub date_field: Option<String>,

    /// Field holding the address [default: url, link].
    #[arg(long, value_name = "FIELD")]
    pub url_field: Option<String>,

    /// Plain text: the line that separates records (a form feed line
    /// always does too).
    #[arg(long, value_name = "LINE", default_value = "---")]
    pub separator: String,

    /// Folder input: read only files whose path relative to the folder
    /// matches this glob (e.g. `*.txt`).
    #[arg(long, value_name = "GLOB")]
    pub glob: Option<String>,

    /// A record larger than this (bytes as it stands in the input; K, M, G
    /// suffixes are powers of 1024) is a bad record: an error, or skipped
    /// with --skip-bad. It is never held in memory whole.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_record_bytes: usize,

    /// Replace invalid UTF-8 with U+FFFD (with a warning counting the
    /// replacements) instead of refusing the record.
    #[arg(long)]
    pub lossy: bool,

    /// Make a repeated id unique by adding `#2`, `#3`... (with a warning for
    /// each) instead of refusing it.
    #[arg(long)]
    pub dedupe_ids: bool,

    /// CSV and TSV: the field delimiter, one ASCII character (`;` for
    /// European spreadsheet exports; `tab`) [default: `,` for CSV, tab for
    /// TSV].
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// TSV: `quoted` (fields with tabs or line breaks in double quotes, as
    /// CSV), `backslash` (`\t`, `\n`, `\\` escapes, as PostgreSQL COPY
    /// and MySQL write), or `auto`: by the file's first rows.
    #[arg(long, value_enum, value_name = "HOW", default_value_t = TsvEscapesArg::Auto)]
    pub tsv_escapes: TsvEscapesArg,

    /// Folder input: take each file's outlet from the first folder under
    /// the one given (`news/coastline-wire/a.txt`: `coastline-wire`).
    #[arg(long)]
    pub outlet_from_dir: bool,

    /// Read dates by this chrono strftime format (e.g. `%d.%m.%Y %H:%M`)
    /// first, then by the known forms.
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
}

/// `--tsv-escapes`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TsvEscapesArg {
    /// By the first rows of each file.
    Auto,
    /// Double-quoted fields, as in CSV.
    #[value(alias = "none")]
    Quoted,
    /// Backslash escapes, nothing quoted.
    Backslash,
}

/// A delimiter: one ASCII character that can separate fields (`tab` and
/// `\t` name a tab).
fn parse_delimiter(arg: &str) -> Result<u8, String> {
    let c = match arg {
        "tab" | "\\t" => b'\t',
        _ if arg.len() == 1 && arg.is_ascii() => arg.as_bytes()[0],
        _ => {
            return Err(format!(
                "'{arg}' is not one ASCII character (e.g. ';', '|', tab)"
            ));
        }
    };
    if matches!(c, b'"' | b'\n' | b'\r') || c.is_ascii_alphanumeric() {
        return Err(format!(
            "'{arg}' cannot separate fields (it is a quote, a line break, a letter or a digit)"
        ));
    }
    Ok(c)
}

/// A size in bytes: `1000`, `64K`, `10M`, `1G` (powers of 1024).
pub(super) fn parse_size(arg: &str) -> Result<usize, String> {
    let arg = arg.trim();
    let (digits, shift) = match arg.char_indices().last() {
        Some((i, 'k' | 'K')) => (&arg[..i], 10),
        Some((i, 'm' | 'M')) => (&arg[..i], 20),
        Some((i, 'g' | 'G')) => (&arg[..i], 30),
        _ => (arg, 0),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{arg}' is not a size (e.g. 1000, 64K, 10M)"))?;
    let bytes = n
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{arg}' is too large"))?;
    if bytes == 0 {
        return Err("must be at least 1 byte".to_string());
    }
    Ok(bytes)
}

/// What counts as a reprint and how candidates are found.
#[derive(Debug, Args)]
#[command(next_help_heading = "Detection")]
pub struct DetectArgs {
    /// Jaccard similarity at or above which two records are reprints; also
    /// sets the LSH banding.
    #[arg(long, value_name = "J", default_value_t = 0.5)]
    pub threshold: f64,

    /// Containment (shared shingles over the smaller record's) at or above
    /// which two records are reprints: finds excerpts and truncations.
    #[arg(long, value_name = "C", default_value_t = 0.6)]
    pub containment: f64,

    /// Shingles two records must share for containment to count [default:
    /// 20 for words, 100 for chars].
    #[arg(long, value_name = "N")]
    pub min_shared: Option<usize>,

    /// What shingles are made of: words, or letters and digits alone (for
    /// OCR'd text, where misread characters and split words break words);
    /// `auto` takes characters when the first 2,048 records read like
    /// scanned text (`-v` says which and why). An index keeps the unit it
    /// was made with (words unless made with `chars`).
    #[arg(long, value_enum, default_value_t = ShingleUnit::Auto)]
    pub shingle: ShingleUnit,

    /// Units (words or characters) per shingle [default: 5 for words, 6
    /// for chars].
    #[arg(long, value_name = "N")]
    pub ngram: Option<usize>,

    /// MinHash signature size.
    #[arg(long, value_name = "N", default_value_t = 128)]
    pub num_perm: usize,

    /// MinHash scheme: one-permutation hashing with densification (fast) or
    /// classic num_perm hash functions.
    #[arg(long, value_enum, default_value_t = MinhashScheme::Oph)]
    pub minhash: MinhashScheme,

    /// Seed of the hash functions.
    #[arg(long, value_name = "N", default_value_t = 0x5EED_2024)]
    pub seed: u64,

    /// Anchor index window: two records sharing a run of this many shingles
    /// are always compared [default: 16 for words, 64 for chars].
    #[arg(long, value_name = "N")]
    pub anchor_window: Option<usize>,

    /// Anchors held by more records than this are treated as common text
    /// and not used to find candidates.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_postings: usize,

    /// Only records dated within DAYS of each other can be reprints of each
    /// other (records without a date are not blocked).
    #[arg(long, value_name = "DAYS")]
    pub window: Option<f64>,

    /// Two records of the same outlet (source, else url host) are never
    /// grouped: only syndication between outlets.
    #[arg(long)]
    pub cross_outlet_only: bool,

    /// Shingles a non-reprint pair must share to be reported as related
    /// (a quoted paragraph, not a quoted sentence) [default: 40 for words,
    /// 600 for chars].
    #[arg(long, value_name = "N")]
    pub related_min_shared: Option<usize>,

    /// A line recurring in at least N records is checked for boilerplate
    /// (0: keep every line).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub boilerplate_min_records: usize,

    /// A recurring line is boilerplate when the records holding it share
    /// less than this share of their words (they are different stories).
    #[arg(long, value_name = "SHARE", default_value_t = 0.3)]
    pub boilerplate_agreement: f64,

    /// Learn boilerplate from the first N records (0: from all of them,
    /// which holds every record's words in memory until all are read).
    #[arg(long, value_name = "N", default_value_t = reprint::detect::boilerplate::DEFAULT_SAMPLE)]
    pub boilerplate_sample: usize,

    /// Memory for the records' shingle sets, in MiB: past it, later
    /// records' sets go to a temporary file in TMPDIR and are read back
    /// when compared (`index` holds them all).
    #[arg(long, value_name = "MIB", default_value_t = reprint::detect::spill::DEFAULT_MIB)]
    pub set_memory: u64,
}

/// Input formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InFormat {
    /// By extension or content.
    Auto,
    /// JSON Lines.
    Jsonl,
    /// A JSON array of objects, or objects one after another (pretty-printed).
    Json,
    /// CSV with a header row.
    Csv,
    /// TSV with a header row.
    Tsv,
    /// Plain text with a separator line.
    Text,
    /// A folder, one article per file.
    Dir,
    /// Apache Parquet, one record per row.
    Parquet,
}

/// Output layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// One group per line.
    Jsonl,
    /// One JSON array.
    Json,
    /// One row per member, comma-separated, header first.
    Csv,
    /// One row per member, tab-separated, header first.
    Tsv,
    /// One row per member, Apache Parquet.
    Parquet,
}

/// Shingle units.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShingleUnit {
    /// Words, or characters for text that reads like OCR output.
    Auto,
    /// Words.
    Words,
    /// Letters and digits.
    Chars,
}

/// MinHash schemes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MinhashScheme {
    /// One-permutation hashing with optimal densification.
    Oph,
    /// num_perm independent hash functions.
    Classic,
}

impl InputArgs {
    /// The library's read options.
    pub fn read_options(self) -> Result<ReadOptions> {
        let glob = self
            .glob
            .as_deref()
            .map(|g| {
                globset::Glob::new(g)
                    .map(|g| g.compile_matcher())
                    .with_context(|| format!("bad --glob pattern '{g}'"))
            })
            .transpose()?;
        if self.separator.trim().is_empty() {
            anyhow::bail!("--separator must hold a visible character");
        }
        Ok(ReadOptions {
            format: match self.format {
                InFormat::Auto => Format::Auto,
                InFormat::Jsonl => Format::Jsonl,
                InFormat::Json => Format::Json,
                InFormat::Csv => Format::Csv,
                InFormat::Tsv => Format::Tsv,
                InFormat::Text => Format::Text,
                InFormat::Dir => Format::Dir,
                InFormat::Parquet => Format::Parquet,
            },
            fields: Fields::new(&FieldNames {
                id: self.id_field,
                text: self.text_field,
                title: self.title_field,
                source: self.source_field,
                date: self.date_field,
                url: self.url_field,
            }),
            separator: self.separator.trim().to_string(),
            glob,
            max_record_bytes: self.max_record_bytes,
            // Set with --skip-bad, by `Job::skip_bad`.
            read_past_oversized: false,
            lossy: self.lossy,
            dedupe_ids: self.dedupe_ids,
            delimiter: self.delimiter,
            tsv_escapes: match self.tsv_escapes {
                TsvEscapesArg::Auto => TsvEscapes::Auto,
                TsvEscapesArg::Quoted => TsvEscapes::Quoted,
                TsvEscapesArg::Backslash => TsvEscapes::Backslash,
            },
            outlet_from_dir: self.outlet_from_dir,
            dates: DateFormats::new(self.date_format.as_deref()).map_err(anyhow::Error::msg)?,
            // Set by `stage split --origin-name`.
            names: Vec::new(),
        })
    }
}

impl DetectArgs {
    /// The library's parameters (checked when a [`Job`] is made of them).
    pub fn params(&self) -> reprint::Params {
        self.params_for(match self.shingle {
            ShingleUnit::Auto | ShingleUnit::Words => ShingleKind::Words,
            ShingleUnit::Chars => ShingleKind::Chars,
        })
    }

    /// The parameters with shingles of `kind`, the unit's defaults where no
    /// flag says otherwise.
    fn params_for(&self, kind: ShingleKind) -> reprint::Params {
        let defaults = reprint::Params::for_kind(kind);
        reprint::Params {
            ngram: self.ngram.unwrap_or(defaults.ngram),
            num_perm: self.num_perm,
            scheme: match self.minhash {
                MinhashScheme::Oph => Scheme::OnePermutation,
                MinhashScheme::Classic => Scheme::Classic,
            },
            seed: self.seed,
            threshold: self.threshold,
            containment: self.containment,
            min_shared: self.min_shared.unwrap_or(defaults.min_shared),
            anchor_window: self.anchor_window.unwrap_or(defaults.anchor_window),
            max_postings: self.max_postings,
            window_days: self.window,
            cross_outlet_only: self.cross_outlet_only,
            related_min_shared: self
                .related_min_shared
                .unwrap_or(defaults.related_min_shared),
            boilerplate: reprint::detect::boilerplate::BoilerplateParams {
                min_records: self.boilerplate_min_records,
                max_agreement: self.boilerplate_agreement,
                sample: self.boilerplate_sample,
            },
            ..defaults
        }
    }
}

impl FindArgs {
    /// Check the arguments and build the library's configuration.
    pub fn config(self, messages: Messages) -> Result<Config> {
        self.check_outputs()?;
        Ok(Config {
            job: job(
                &self.inputs,
                self.input,
                &self.detect,
                self.skip_bad,
                messages,
            )?,
            output: reprint::OutputOptions {
                format: match self.format_out {
                    OutFormat::Jsonl => OutputFormat::Jsonl,
                    OutFormat::Json => OutputFormat::Json,
                    OutFormat::Csv => OutputFormat::Csv,
                    OutFormat::Tsv => OutputFormat::Tsv,
                    OutFormat::Parquet => OutputFormat::Parquet,
                },
                singletons: self.singletons,
                related: self.related,
                pairs: self.pairs || self.pairs_out.is_some(),
            },
            output_path: self.output,
            pairs_path: self.pairs_out,
        })
    }

    /// Refuse output flags that do not go together: a table has one row
    /// per member, so pairs and related edges (rows of another shape) go
    /// to the pairs table, which only a table format writes.
    fn check_outputs(&self) -> Result<()> {
        let name = match self.format_out {
            OutFormat::Jsonl => "jsonl",
            OutFormat::Json => "json",
            OutFormat::Csv => "csv",
            OutFormat::Tsv => "tsv",
            OutFormat::Parquet => "parquet",
        };
        let table = matches!(
            self.format_out,
            OutFormat::Csv | OutFormat::Tsv | OutFormat::Parquet
        );
        if !table && self.pairs_out.is_some() {
            anyhow::bail!(
                "--pairs-out writes the pairs table of --format-out csv, tsv or parquet; \
                 with --format-out {name}, --pairs lists the pairs in each group"
            );
        }
        if table && self.pairs_out.is_none() {
            for (flag, wanted) in [("--pairs", self.pairs), ("--related", self.related)] {
                if wanted {
                    anyhow::bail!(
                        "{flag} with --format-out {name}: the membership table has one row per \
                         member, and pairs and related records are rows of the pairs table; \
                         name its file with --pairs-out FILE"
                    );
                }
            }
        }
        Ok(())
    }
}

/// The job every subcommand starts from: its inputs, read and detected as
/// the flags say.
pub fn job(
    inputs: &[String],
    read: InputArgs,
    detect: &DetectArgs,
    skip_bad: bool,
    messages: Messages,
) -> Result<Job> {
    let reads_stdin = inputs.is_empty() || inputs.iter().any(|s| s == "-");
    let inputs = inputs.iter().map(|s| Input::from_arg(s)).collect();
    let mut job = Job::new(inputs, read.read_options()?, detect.params())?;
    if matches!(detect.shingle, ShingleUnit::Auto) {
        job = job.auto_unit(detect.params_for(ShingleKind::Chars))?;
    }
    let job = job
        .skip_bad(skip_bad)
        .set_memory(Some(detect.set_memory.saturating_mul(1 << 20)));
    Ok(job.messages(waiting_for_a_terminal(reads_stdin, messages)))
}

/// Someone who runs `reprint` bare on a terminal sees a prompt-less wait:
/// say that stdin is being read and how to end it, and draw no progress
/// line over what they type (it would sit at "0 records").
fn waiting_for_a_terminal(reads_stdin: bool, mut messages: Messages) -> Messages {
    if reads_stdin && std::io::stdin().is_terminal() {
        messages.summary(
            "reading stdin (Ctrl-D to end; reprint --help for usage)",
            true,
        );
        messages.progress = false;
    }
    messages
}
