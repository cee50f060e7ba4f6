//! The second read: every input read again, raw, and its records copied
//! to the output or to `--removed` as the plan says.

use std::io::Write;

use anyhow::{Context, Result, bail};

use super::config::DedupConfig;
use super::emit::{self, Emitter};
use super::inputs::{self, Prepared};
use super::plan::Fate;
use super::raw;
use crate::detect::corpus::Corpus;
use crate::read::backslash;
use crate::read::{Format, TsvEscapes};
use crate::record::Origin;

/// Copy every input through `out`, minus its reprints, which go to
/// `removed`; every corpus record must be met on the way.
pub fn copy_inputs<'w>(
    prepared: &Prepared,
    config: &DedupConfig,
    corpus: &Corpus,
    fates: &[Fate],
    out: &'w mut dyn Write,
    removed: Option<&'w mut dyn Write>,
) -> Result<()> {
    let read = &config.job.read;
    let delimiter = read.delimiter.unwrap_or(match prepared.format {
        Format::Tsv => b'\t',
        _ => b',',
    });
    let names = super::reprint_of::names(&corpus.metas, read.dedupe_ids, |o| {
        prepared.rename(&o.to_string())
    });
    let mut emitter = Emitter::new(prepared.format, &read.separator, delimiter, out, removed)
        .names(names)
        .print0(config.print0);
    let mut cursor = 0usize;
    for source in &prepared.sources {
        emitter.start_input(&source.name);
        if prepared.format == Format::Dir {
            emit::folder(&mut emitter, source, corpus, fates, &mut cursor)?;
        } else {
            copy_source(
                &mut emitter,
                source,
                prepared,
                config,
                corpus,
                fates,
                &mut cursor,
            )?;
        }
        source.check_unchanged()?;
    }
    if cursor != corpus.len() {
        bail!(
            "the second read of the input found {cursor} of its {} records; \
             did it change while being read?",
            corpus.len()
        );
    }
    Ok(())
}

/// Copy one file's records, raw, deciding each by its fate.
fn copy_source(
    emitter: &mut Emitter,
    source: &inputs::Source,
    prepared: &Prepared,
    config: &DedupConfig,
    corpus: &Corpus,
    fates: &[Fate],
    cursor: &mut usize,
) -> Result<()> {
    let mut rdr = inputs::open_raw(&source.read_path)?;
    let delimiter = emitter.delimiter();
    let escapes = match prepared.format {
        Format::Tsv => {
            let escapes = backslash::resolve(&mut rdr, delimiter, config.job.read.tsv_escapes)
                .with_context(|| format!("reading {}", source.name))?;
            emitter.tsv_escapes(escapes)?;
            escapes
        }
        _ => TsvEscapes::Quoted,
    };
    // Cut by the line ending the readers cut by.
    let eol = crate::read::line_end(&mut rdr)?;
    emitter.line_end(eol);
    let mut on_chunk = |chunk: raw::Chunk| -> Result<()> {
        let fate = match chunk.line {
            Some(line) if matches_origin(corpus, *cursor, &source.read_name, line) => {
                *cursor += 1;
                fates[*cursor - 1]
            }
            _ => Fate::Keep,
        };
        emitter.chunk(&chunk, fate, corpus)
    };
    match prepared.format {
        Format::Jsonl => raw::jsonl(&mut rdr, eol, &mut on_chunk),
        Format::Tsv if escapes == TsvEscapes::Backslash => {
            raw::backslash_tsv(&mut rdr, delimiter, eol, &mut on_chunk)
        }
        Format::Csv | Format::Tsv => raw::delimited(rdr, delimiter, eol, &mut on_chunk),
        Format::Text => raw::text(&mut rdr, &config.job.read.separator, eol, &mut on_chunk),
        Format::Dir | Format::Auto | Format::Json | Format::Parquet => {
            unreachable!("resolved, or refused, by Prepared::new")
        }
    }
    .map_err(|e| prepared.rename_error(e))?;
    // The next record, if any, must come from another input.
    if corpus
        .metas
        .get(*cursor)
        .is_some_and(|m| m.origin.file == source.read_name)
    {
        bail!(
            "{}: the second read did not find record '{}'; did the input change while being read?",
            source.name,
            corpus.metas[*cursor].id
        );
    }
    Ok(())
}

/// Is corpus record `cursor` the one the reader found at `line` of `name`?
/// Both reads go through the same records in the same order, so a raw
/// record either is the next corpus record or was skipped as bad.
fn matches_origin(corpus: &Corpus, cursor: usize, name: &str, line: u64) -> bool {
    corpus
        .metas
        .get(cursor)
        .is_some_and(|m| m.origin == Origin::new(name, line))
}
