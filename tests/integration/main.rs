//! Integration tests: the `reprint` binary driven as a user would.

/// The catalogue of error cases: each bad input or flag, its message and
/// exit code (and the README's Errors section agreeing with it).
mod catalogue;
/// Shared helpers: running the binary, fixtures, group ids.
mod common;
/// Compressed inputs known by their bytes (gzip, zstd, xz, bzip2) on files,
/// folders and stdin; outputs compressed as their names say.
mod compressed;
/// `reprint dedup`: kept and removed records per format, in place, stdin.
mod dedup;
/// Error messages and exit codes of bad inputs, fields and flags.
mod errors;
/// `reprint eval`: scores against labelled truth.
mod eval;
/// Every input format gives the same groups; field names, dates, encodings.
mod formats;
/// Hostile inputs and hard stops: huge lines, huge groups, signals, fuzz
/// regressions.
mod hostile;
/// `reprint index add|query|stats`: the incremental index.
mod index;
/// Help with examples and headings, the man page, shell completions, a
/// bare `reprint` on a terminal.
mod install;
/// JSON that is not JSON Lines: arrays (file, stdin), pretty objects,
/// news-please folders, folders of `.jsonl` files.
mod json_inputs;
/// Shingle sets parked on disk (`--set-memory`): the same output, clear
/// errors.
mod memory;
/// Outputs never destroy data: same-file outputs, outputs over inputs or
/// the index, all-or-nothing commits, umask, symlinks, gzip.
mod outputs;
/// Parquet files written by pyarrow: the same groups, by row group.
mod parquet;
/// Shell pipelines: stdin, closed pipes, failed runs keeping old output.
mod pipes;
/// The progress line on a pseudo-terminal.
mod progress;
/// Property tests: groups independent of order, threads and formats.
mod props;
/// Matching quality on hand-made hard cases (excerpts, same-event stories).
mod quality;
/// The HTML report, rendered and clicked in headless chromium.
mod report;
/// Dumps as scrapers and exporters write them: trafilatura, news-please and
/// Common Crawl fields, semicolon CSV, PostgreSQL COPY TSV, dates with zones
/// and epochs, folders by outlet.
mod scraped;
/// The real seed articles in `../shared/seeds`.
mod seeds;
/// The Spark job (spark/reprint_spark.py) in local mode: the same bytes as
/// `reprint --related` for 1, 4 and 16 partitions; the stage commands' errors.
mod spark;
/// `reprint spread`: origins, outlets, lags, coverage, passages.
mod spread;
/// The output's shapes: compact groups with a schema, `--pairs`, the
/// membership and pairs tables as CSV, TSV and Parquet.
mod tables;
