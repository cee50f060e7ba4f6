//! The whole `spread` job, as the binary runs it: open the outputs, detect,
//! read the grouped texts a second time, measure, write.
//!
//! Like [`crate::run`] and [`crate::dedup::run`] it lives in the library so
//! the binary only parses arguments; a program can run the same job with
//! a [`SpreadConfig`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};

use super::build::{SpreadOptions, build};
use super::model::Spread;
use super::texts::{Rereader, Texts, wanted};
use super::write_data::{write_edges_csv, write_jsonl};
use super::write_text::write_text;
use crate::align::Aligner;
use crate::job::Job;
use crate::{Sink, outputs};

/// Everything one run of `spread` needs, already validated.
#[derive(Debug, Clone, Default)]
pub struct SpreadConfig {
    /// Inputs (read twice), reading and detection.
    pub job: Job,
    /// Write JSON Lines (with every verified pair's passages) instead of
    /// text.
    pub json: bool,
    /// Where the text or JSON goes (`None` or `-`: stdout).
    pub output_path: Option<PathBuf>,
    /// Where the outlet edge list goes as CSV, if anywhere (a file).
    pub edges_path: Option<PathBuf>,
    /// Where the HTML report goes, if anywhere (a file).
    pub html_path: Option<PathBuf>,
}

impl crate::FoundReprints for SpreadSummary {
    fn found_reprints(&self) -> bool {
        self.groups > 0
    }
}

/// What a spread run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpreadSummary {
    /// Records read and compared.
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Groups found.
    pub groups: usize,
    /// Records that are in a group.
    pub grouped_records: usize,
    /// Related edges into groups.
    pub related: usize,
}

/// Run `spread`: detect, measure every group, write the outputs.
pub fn run(config: &SpreadConfig) -> Result<SpreadSummary> {
    let main = &config.job;
    let mut outputs = Outputs::open(config)?;
    let rereader = Rereader::prepare(&main.inputs)?;
    let (spread, texts) = measure(main, &rereader, config.json)?;
    outputs.write(&spread, &texts, config.json)?;
    outputs.finish()?;
    let s = &spread.summary;
    main.messages.summary(
        format_args!(
            "{} records read, {} skipped as bad; {} groups holding {} records",
            s.records, s.skipped, s.groups, s.grouped_records
        ),
        s.skipped > 0,
    );
    Ok(SpreadSummary {
        records: s.records,
        skipped: s.skipped,
        groups: s.groups,
        grouped_records: s.grouped_records,
        related: s.related,
    })
}

/// Detect, read the grouped texts again, measure; a note says how long
/// each took.
fn measure(main: &Job, rereader: &Rereader, json: bool) -> Result<(Spread, Texts)> {
    let messages = &main.messages;
    let started = Instant::now();
    let (corpus, analysis) = main.load_and_analyze()?;
    let detected = started.elapsed();

    let started = Instant::now();
    rereader.rewind()?;
    let wanted = wanted(&corpus, &analysis);
    let texts = Texts::reread(&main.inputs, &main.read, &corpus, &wanted)?;
    rereader.check_unchanged()?;
    let reread = started.elapsed();

    let started = Instant::now();
    let options = SpreadOptions {
        aligner: Aligner::new(main.params().ngram),
        pair_passages: json,
    };
    let spread = build(&corpus, &analysis, &texts, &options, messages);
    // Origins chosen from parked sets that could not be read back are wrong.
    corpus.check_sets()?;
    let aligned = started.elapsed();
    messages.note(format_args!(
        "spread: detection {:.3} s; second read of {} texts ({:.1} MB) {:.3} s; \
         alignment and summary {:.3} s",
        detected.as_secs_f64(),
        texts.count(),
        texts.bytes() as f64 / 1e6,
        reread.as_secs_f64(),
        aligned.as_secs_f64()
    ));
    Ok((spread, texts))
}

/// The outputs of a run; each is moved into place only once all are
/// written.
struct Outputs {
    out: Sink,
    edges: Option<Sink>,
    html: Option<Sink>,
}

impl Outputs {
    /// Every output is checked against the others and the inputs, then
    /// opened before the work starts, so a bad path fails at once.
    fn open(config: &SpreadConfig) -> Result<Outputs> {
        let named = [
            outputs::Output {
                flag: "-o",
                path: config.output_path.as_deref(),
            },
            outputs::Output {
                flag: "--edges",
                path: config.edges_path.as_deref(),
            },
            outputs::Output {
                flag: "--html",
                path: config.html_path.as_deref(),
            },
        ];
        let named: Vec<outputs::Output> = named
            .into_iter()
            .filter(|o| o.flag == "-o" || o.path.is_some())
            .collect();
        let protected = outputs::Protected {
            inputs: &config.job.inputs,
            ..outputs::Protected::default()
        };
        if config
            .edges_path
            .as_deref()
            .is_some_and(|p| p.as_os_str() == "-")
            || config
                .html_path
                .as_deref()
                .is_some_and(|p| p.as_os_str() == "-")
        {
            bail!("--edges and --html need a file name, not '-'");
        }
        outputs::check(&named, protected)?;
        Ok(Outputs {
            out: Sink::open(config.output_path.as_deref())?,
            edges: config.edges_path.as_deref().map(open_file).transpose()?,
            html: config.html_path.as_deref().map(open_file).transpose()?,
        })
    }

    fn write(&mut self, spread: &Spread, texts: &Texts, json: bool) -> Result<()> {
        if json {
            write_jsonl(self.out.writer(), spread)?;
        } else {
            write_text(self.out.writer(), spread)?;
        }
        if let Some(sink) = self.edges.as_mut() {
            write_edges_csv(sink.writer(), spread)?;
        }
        if let Some(sink) = self.html.as_mut() {
            crate::spread::report::write_html(sink.writer(), spread, texts)?;
        }
        Ok(())
    }

    /// Commit every output together: all or none is replaced.
    fn finish(self) -> Result<()> {
        let sinks = std::iter::once(self.out)
            .chain(self.edges)
            .chain(self.html)
            .collect();
        outputs::commit(sinks)
    }
}

/// A file output; `-` is refused (stdout carries the text or JSON).
fn open_file(path: &Path) -> Result<Sink> {
    if path.as_os_str() == "-" {
        bail!("--edges and --html need a file name, not '-'");
    }
    Sink::open(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::tests::reprinted;

    fn config_for(dir: &Path) -> SpreadConfig {
        let input = dir.join("news.jsonl");
        let corpus = reprinted(
            &[("date", "2024-03-01"), ("source", "Wire")],
            &[("date", "2024-03-02"), ("source", "Herald")],
        );
        std::fs::write(&input, corpus).unwrap();
        let params = crate::Params {
            min_shared: 5,
            ..crate::Params::default()
        };
        let job = Job::new(vec![crate::Input::Path(input)], Default::default(), params)
            .unwrap()
            .messages(crate::Messages {
                quiet: true,
                ..crate::Messages::default()
            });
        SpreadConfig {
            job,
            json: true,
            output_path: Some(dir.join("spread.jsonl")),
            edges_path: Some(dir.join("edges.csv")),
            html_path: Some(dir.join("report.html")),
        }
    }

    #[test]
    fn a_run_writes_every_output_and_says_what_it_found() {
        let dir = tempfile::tempdir().unwrap();
        let config = config_for(dir.path());
        let summary = run(&config).unwrap();
        assert_eq!(
            summary,
            SpreadSummary {
                records: 2,
                skipped: 0,
                groups: 1,
                grouped_records: 2,
                related: 0,
            }
        );
        let jsonl = std::fs::read_to_string(dir.path().join("spread.jsonl")).unwrap();
        assert_eq!(jsonl.lines().count(), 2);
        assert!(
            jsonl.contains("\"pairs\":[{"),
            "json asks for pair passages"
        );
        let edges = std::fs::read_to_string(dir.path().join("edges.csv")).unwrap();
        assert_eq!(edges, "source,target,count\nWire,Herald,1\n");
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
    }

    #[test]
    fn side_outputs_need_a_file_and_nothing_is_written_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = config_for(dir.path());
        config.html_path = Some(PathBuf::from("-"));
        let err = run(&config).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--edges and --html need a file name, not '-'"
        );
        // Nothing is written when an output is refused.
        assert!(!dir.path().join("spread.jsonl").exists());
        assert!(!dir.path().join("edges.csv").exists());
    }
}
