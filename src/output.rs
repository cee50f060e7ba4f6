//! Output: groups as JSON Lines (one group per line) or one JSON array, or
//! a membership table (CSV, TSV, Parquet) with a pairs table beside it
//! ([`table`], [`parquet`]).
//!
//! The schema is documented in the README and named by [`SCHEMA`] on every
//! group. A group lists its members with their similarity to the canonical
//! member; the verified pairs (up to n(n-1)/2 a group, which made the
//! output larger than its input on wire corpora) only when asked for.
//! Numbers are rounded to four decimals and everything is ordered by input
//! position, so the same input gives byte-identical output on every run
//! and thread count.

mod parquet;
mod table;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::detect::Analysis;
use crate::detect::cluster::Group;
use crate::detect::corpus::Corpus;
use crate::detect::related::Related;
use crate::detect::spill::Loaded;
use crate::detect::stories::VersionLink;
use crate::detect::verify::Similarity;
use crate::detect::verify::VerifiedPair;
use crate::num::round4;
use crate::outputs::Output;
use crate::read::compression::Compression;
use table::{Rows, Table};

/// Output layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// One JSON array holding every group.
    Json,
    /// A membership table, one row per member, comma-separated.
    Csv,
    /// The same table, tab-separated (quoted where needed, as CSV).
    Tsv,
    /// The same table as Apache Parquet: typed columns, zstd pages.
    Parquet,
}

impl OutputFormat {
    /// Whether this is a table rather than JSON.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Parquet
        )
    }
}

/// The name and version of a written group, carried by every group as
/// `"schema"`. The version goes up when a field is removed or changes
/// meaning (version 2: `pairs` only with `--pairs`); a field may be added
/// without a new version.
pub const SCHEMA: &str = "reprint.group/2";

/// Refuse outputs `format` cannot be written to: Parquet, which is
/// binary, on a terminal (a pipe or a file takes it), and Parquet under a
/// compression suffix (`groups.parquet.gz`): its pages are compressed
/// already (zstd), and Parquet readers open only an uncompressed file, so
/// the suffix would make a file nothing reads.
pub fn check_destinations(format: OutputFormat, outputs: &[Output]) -> anyhow::Result<()> {
    check_destinations_on(format, outputs, io::stdout().is_terminal())
}

fn check_destinations_on(
    format: OutputFormat,
    outputs: &[Output],
    stdout_is_terminal: bool,
) -> anyhow::Result<()> {
    if format != OutputFormat::Parquet {
        return Ok(());
    }
    for o in outputs {
        match o.path {
            Some(p) if p.as_os_str() != "-" => {
                let compression = Compression::of_name(p);
                if compression != Compression::None {
                    anyhow::bail!(
                        "{} {}: Parquet compresses its own pages (zstd), and Parquet readers \
                         do not open a {}-compressed file; name it without the suffix \
                         (e.g. groups.parquet)",
                        o.flag,
                        p.display(),
                        compression.name()
                    );
                }
            }
            _ if stdout_is_terminal => anyhow::bail!(
                "--format-out parquet is binary and stdout is a terminal: name a file \
                 ({} groups.parquet), or pipe it to a program that reads Parquet",
                o.flag
            ),
            _ => {}
        }
    }
    Ok(())
}

/// What to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Layout.
    pub format: OutputFormat,
    /// Also write records in no group, as groups of one.
    pub singletons: bool,
    /// Write related edges (rewrites quoting a passage) with each group.
    pub related: bool,
    /// Write each group's verified pairs (a list on each JSON group, or
    /// the pairs table).
    pub pairs: bool,
}

/// A group as written.
#[derive(Debug, Clone, Serialize)]
pub struct GroupOut<'a> {
    /// [`SCHEMA`]: what this object is, and which version of it.
    pub schema: &'static str,
    /// Stable id, from the canonical member's id.
    pub group: String,
    /// Id of the canonical member.
    pub canonical: &'a str,
    /// Number of members.
    pub size: usize,
    /// The story this group is a version of: the id of the story's first
    /// group (this group's own id when it is linked to no other).
    pub story: String,
    /// Links to the other groups of the story: verified pairs between a
    /// member here and a member there (write-thru versions, mostly).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionOut<'a>>,
    /// Members, canonical first.
    pub members: Vec<MemberOut<'a>>,
    /// Verified pairs within the group (written only with `--pairs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<Vec<PairOut<'a>>>,
    /// Records quoting a passage of a member without being reprints
    /// (written only with `--related`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<RelatedOut<'a>>>,
}

/// A link to another group of the same story, as written.
#[derive(Debug, Clone, Serialize)]
pub struct VersionOut<'a> {
    /// The other group's id.
    pub group: String,
    /// The member of this group.
    pub id: &'a str,
    /// The member of the other group it was verified with.
    pub other: &'a str,
    /// Their Jaccard similarity.
    pub jaccard: f64,
    /// Their containment.
    pub containment: f64,
}

/// A related edge as written: a record quoting a member of the group.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedOut<'a> {
    /// Id of the record that quotes the group.
    pub id: &'a str,
    /// Id of the member it quotes.
    pub source: &'a str,
    /// Shingles in common.
    pub shared: usize,
    /// Share of the source's shingles found in the quoting record.
    pub source_share: f64,
    /// Share of the quoting record's shingles that come from the source.
    pub derivative_share: f64,
    /// Jaccard of the two, for the pairs table's column (the JSON's
    /// related schema has the shares, which say more).
    #[serde(skip)]
    pub jaccard: f64,
    /// Containment of the two, for the pairs table's column.
    #[serde(skip)]
    pub containment: f64,
}

/// A member as written, measured against the canonical member.
#[derive(Debug, Clone, Serialize)]
pub struct MemberOut<'a> {
    /// Record id.
    pub id: &'a str,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Date as given.
    pub date: Option<&'a str>,
    /// Headline.
    pub title: Option<&'a str>,
    /// Address.
    pub url: Option<&'a str>,
    /// Words in the normalized text.
    pub words: usize,
    /// Jaccard with the canonical member.
    pub jaccard: f64,
    /// Containment with the canonical member (shared / smaller set).
    pub containment: f64,
    /// Whether the record was already in the index (`index query` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<bool>,
}

/// A verified pair as written.
#[derive(Debug, Clone, Serialize)]
pub struct PairOut<'a> {
    /// Id of the record that comes first in the input.
    pub a: &'a str,
    /// Id of the other record.
    pub b: &'a str,
    /// Jaccard similarity.
    pub jaccard: f64,
    /// Shared shingles over the smaller set.
    pub containment: f64,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// Shingles in common.
    pub shared: usize,
    /// The side that is an excerpt of the other, if one is.
    pub excerpt: Option<&'a str>,
}

/// The stable group id of a canonical member id: 16 hex digits.
pub fn group_id(canonical: &str) -> String {
    format!("{:016x}", xxh3_64(canonical.as_bytes()))
}

/// A pair is an excerpt relation when one side prints a part of the other
/// ([`Similarity::a_is_part`]): `Some(true)` when `a` is the excerpt.
fn excerpt_side(sim: &Similarity) -> Option<bool> {
    if sim.a_is_part() {
        Some(true)
    } else if sim.swapped().a_is_part() {
        Some(false)
    } else {
        None
    }
}

/// What is written, in output order: each group, and with the options,
/// singletons and the sources in no group that are quoted by something.
/// Groups are made one at a time ([`Layout::group`]), so a big run can
/// write them in parallel blocks without holding them all.
pub struct Layout<'a> {
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    options: OutputOptions,
    items: Vec<Item>,
    pairs_of: Vec<Vec<&'a VerifiedPair>>,
    related_of_group: Vec<Vec<&'a Related>>,
    related_of_record: Vec<Vec<&'a Related>>,
    links_of: Vec<Vec<&'a VersionLink>>,
}

/// One written group: a group of the analysis, or a record alone.
#[derive(Debug, Clone, Copy)]
enum Item {
    Group(usize),
    Single(usize),
}

impl<'a> Layout<'a> {
    /// Lay out the groups of `analysis`.
    pub fn new(corpus: &'a Corpus, analysis: &'a Analysis, options: OutputOptions) -> Layout<'a> {
        let n = corpus.len();
        let membership = &analysis.membership;
        let mut pairs_of: Vec<Vec<&VerifiedPair>> = vec![Vec::new(); analysis.groups.len()];
        // Only what is written is gathered: a group's pairs number up to
        // n(n-1)/2.
        for p in analysis.pairs.iter().filter(|_| options.pairs) {
            if let Some(g) = membership.group(p.a as usize) {
                pairs_of[g].push(p);
            }
        }
        // Related edges hang on the group of their source, or on the source
        // record itself when it is in no group.
        let mut related_of_group: Vec<Vec<&Related>> = vec![Vec::new(); analysis.groups.len()];
        let mut related_of_record: Vec<Vec<&Related>> = Vec::new();
        if options.related {
            related_of_record = vec![Vec::new(); n];
            for r in &analysis.related {
                match membership.group(r.source as usize) {
                    None => related_of_record[r.source as usize].push(r),
                    Some(g) => related_of_group[g].push(r),
                }
            }
        }
        let mut links_of: Vec<Vec<&VersionLink>> = vec![Vec::new(); analysis.groups.len()];
        for l in &analysis.stories.links {
            links_of[l.groups.0].push(l);
            links_of[l.groups.1].push(l);
        }
        let mut items = Vec::with_capacity(analysis.groups.len());
        let mut next_group = 0;
        for i in 0..n {
            if next_group < analysis.groups.len() && analysis.groups[next_group].canonical == i {
                items.push(Item::Group(next_group));
                next_group += 1;
            } else if membership.group(i).is_none()
                && (options.singletons || related_of_record.get(i).is_some_and(|r| !r.is_empty()))
            {
                items.push(Item::Single(i));
            }
        }
        Layout {
            corpus,
            analysis,
            options,
            items,
            pairs_of,
            related_of_group,
            related_of_record,
            links_of,
        }
    }

    /// Groups to write.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The `k`th group as written.
    pub fn group(&self, k: usize) -> GroupOut<'a> {
        let (mut written, related): (GroupOut<'a>, &[&Related]) = match self.items[k] {
            Item::Group(g) => {
                let mut written = group_out(
                    self.corpus,
                    &self.analysis.groups[g],
                    self.options.pairs.then_some(&self.pairs_of[g][..]),
                );
                self.put_story(g, &mut written);
                (written, &self.related_of_group[g])
            }
            Item::Single(i) => {
                let single = Group {
                    canonical: i,
                    members: vec![i],
                };
                (
                    group_out(self.corpus, &single, self.options.pairs.then_some(&[][..])),
                    self.related_of_record.get(i).map_or(&[], Vec::as_slice),
                )
            }
        };
        written.related = self.options.related.then(|| {
            related
                .iter()
                .map(|r| RelatedOut {
                    id: &self.corpus.metas[r.derivative as usize].id,
                    source: &self.corpus.metas[r.source as usize].id,
                    shared: r.sim.shared,
                    source_share: round4(r.sim.a_in_b()),
                    derivative_share: round4(r.sim.b_in_a()),
                    jaccard: round4(r.sim.jaccard()),
                    containment: round4(r.sim.containment()),
                })
                .collect()
        });
        written
    }

    /// The story of group `g` and its links to the story's other groups.
    fn put_story(&self, g: usize, written: &mut GroupOut<'a>) {
        let groups = &self.analysis.groups;
        let metas = &self.corpus.metas;
        let group_of = |g: usize| group_id(&metas[groups[g].canonical].id);
        written.story = group_of(self.analysis.stories.story_of[g]);
        written.versions = self.links_of[g]
            .iter()
            .map(|l| {
                let (here, there, other) = if l.groups.0 == g {
                    (l.a, l.b, l.groups.1)
                } else {
                    (l.b, l.a, l.groups.0)
                };
                VersionOut {
                    group: group_of(other),
                    id: &metas[here].id,
                    other: &metas[there].id,
                    jaccard: round4(l.sim.jaccard()),
                    containment: round4(l.sim.containment()),
                }
            })
            .collect();
    }

    /// Write every group to `wtr` in `format`: JSON groups, or the
    /// membership table.
    pub fn write(&self, wtr: &mut dyn Write, format: OutputFormat) -> io::Result<()> {
        let writer = Writer {
            format,
            table: Table::Members { indexed: false },
        };
        writer.write(wtr, self.len(), |k| Cow::Owned(self.group(k)))
    }

    /// Write the pairs table of every group to `wtr` in `format`, a table
    /// format (JSON carries the pairs in each group instead). The layout
    /// must have been made with `pairs` (and `related`, for related rows).
    pub fn write_pairs(&self, wtr: &mut dyn Write, format: OutputFormat) -> io::Result<()> {
        let writer = Writer::pairs_table(format)?;
        writer.write(wtr, self.len(), |k| Cow::Owned(self.group(k)))
    }
}

/// Build the written form of every group (see [`Layout`]).
pub fn build<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    options: OutputOptions,
) -> Vec<GroupOut<'a>> {
    let layout = Layout::new(corpus, analysis, options);
    (0..layout.len()).map(|k| layout.group(k)).collect()
}

/// The written form of `group`; its pairs listed when `pairs` is given.
fn group_out<'a>(
    corpus: &'a Corpus,
    group: &Group,
    pairs: Option<&[&VerifiedPair]>,
) -> GroupOut<'a> {
    let sets = corpus.sets();
    let mut room = (Loaded::default(), Loaded::default());
    let id = |i: usize| corpus.metas[i].id.as_str();
    let members = group
        .members
        .iter()
        .map(|&m| {
            let meta = &corpus.metas[m];
            let canon = sets.get(group.canonical, &mut room.0);
            let sim = Similarity::between(canon, sets.get(m, &mut room.1));
            MemberOut {
                id: &meta.id,
                source: meta.source.as_deref(),
                date: meta.date.as_deref(),
                title: meta.title.as_deref(),
                url: meta.url.as_deref(),
                words: corpus.features[m].words,
                jaccard: round4(sim.jaccard()),
                containment: round4(sim.containment()),
                indexed: None,
            }
        })
        .collect();
    let pairs = pairs.map(|pairs| {
        pairs
            .iter()
            .map(|p| PairOut {
                a: id(p.a as usize),
                b: id(p.b as usize),
                jaccard: round4(p.sim.jaccard()),
                containment: round4(p.sim.containment()),
                a_in_b: round4(p.sim.a_in_b()),
                b_in_a: round4(p.sim.b_in_a()),
                shared: p.sim.shared,
                excerpt: excerpt_side(&p.sim).map(|a| id(if a { p.a } else { p.b } as usize)),
            })
            .collect()
    });
    GroupOut {
        schema: SCHEMA,
        group: group_id(id(group.canonical)),
        canonical: id(group.canonical),
        size: group.members.len(),
        story: group_id(id(group.canonical)),
        versions: Vec::new(),
        members,
        pairs,
        related: None,
    }
}

/// Write groups made by [`build`] in `format` (JSON groups or the
/// membership table), each member with `indexed` (`index query`).
pub fn write_groups(
    wtr: &mut dyn Write,
    groups: &[GroupOut],
    format: OutputFormat,
) -> io::Result<()> {
    let writer = Writer {
        format,
        table: Table::Members { indexed: true },
    };
    writer.write(wtr, groups.len(), |k| Cow::Borrowed(&groups[k]))
}

/// Write the pairs table of groups made by [`build`].
pub fn write_pairs(
    wtr: &mut dyn Write,
    groups: &[GroupOut],
    format: OutputFormat,
) -> io::Result<()> {
    Writer::pairs_table(format)?.write(wtr, groups.len(), |k| Cow::Borrowed(&groups[k]))
}

/// How one output is written: which layout, and which table (with a
/// table format; JSON writes the groups whatever it says).
#[derive(Debug, Clone, Copy)]
struct Writer {
    format: OutputFormat,
    table: Table,
}

impl Writer {
    fn pairs_table(format: OutputFormat) -> io::Result<Writer> {
        if !format.is_table() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a pairs table is written as CSV, TSV or Parquet; JSON groups carry their pairs",
            ));
        }
        Ok(Writer {
            format,
            table: Table::Pairs,
        })
    }

    /// Write the `len` groups `group` makes. Blocks of groups are made and
    /// serialized in parallel, then written in order: at a million records
    /// the output is a gigabyte, and formatting it on one core was a tenth
    /// of the run.
    fn write<'a: 'b, 'b, F>(self, wtr: &mut dyn Write, len: usize, group: F) -> io::Result<()>
    where
        F: Fn(usize) -> Cow<'b, GroupOut<'a>> + Sync,
    {
        if self.format == OutputFormat::Parquet {
            return parquet::write(wtr, self.table, len, group);
        }
        if self.format.is_table() {
            let mut header = Rows::new(self.format, self.table);
            header.header()?;
            wtr.write_all(&header.into_bytes()?)?;
        }
        const BLOCK: usize = 8192;
        let mut start = 0;
        while start < len {
            let end = (start + BLOCK).min(len);
            let bufs: Vec<Vec<u8>> = (start..end)
                .into_par_iter()
                .chunks(64)
                .map(|ks| self.block(&ks, &group))
                .collect::<io::Result<_>>()?;
            for buf in &bufs {
                wtr.write_all(buf)?;
            }
            start = end;
        }
        end_groups(wtr, len, self.format)
    }

    /// Groups `ks` as written.
    fn block<'a: 'b, 'b, F>(self, ks: &[usize], group: &F) -> io::Result<Vec<u8>>
    where
        F: Fn(usize) -> Cow<'b, GroupOut<'a>>,
    {
        if !self.format.is_table() {
            let mut buf = Vec::new();
            for &k in ks {
                put_group(&mut buf, k, &*group(k), self.format)?;
            }
            return Ok(buf);
        }
        let mut rows = Rows::new(self.format, self.table);
        for &k in ks {
            rows.group(&group(k))?;
        }
        rows.into_bytes()
    }
}

/// Write group `k` of the output, with what goes before it in `format`.
fn put_group<W: Write, G: Serialize>(
    mut wtr: W,
    k: usize,
    group: &G,
    format: OutputFormat,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut wtr, group)?;
            wtr.write_all(b"\n")
        }
        OutputFormat::Json => {
            wtr.write_all(match k {
                0 => b"[\n",
                _ => b",\n",
            })?;
            serde_json::to_writer(&mut wtr, group).map_err(io::Error::from)
        }
        // Tables are written by rows (`Writer::block`, `parquet::write`).
        OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Parquet => Ok(()),
    }
}

/// Finish an output of `count` groups.
fn end_groups(wtr: &mut dyn Write, count: usize, format: OutputFormat) -> io::Result<()> {
    if format == OutputFormat::Json {
        wtr.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
    }
    wtr.flush()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn out<'a>(flag: &'static str, path: Option<&'a str>) -> Output<'a> {
        Output {
            flag,
            path: path.map(Path::new),
        }
    }

    #[test]
    fn parquet_goes_to_files_and_pipes_uncompressed() {
        let parquet = OutputFormat::Parquet;
        let file = [out("-o", Some("g.parquet")), out("--pairs-out", Some("p"))];
        assert!(check_destinations_on(parquet, &file, true).is_ok());
        assert!(check_destinations_on(parquet, &[out("-o", None)], false).is_ok());
        let err = check_destinations_on(parquet, &[out("-o", Some("-"))], true).unwrap_err();
        assert!(err.to_string().contains("stdout is a terminal"), "{err}");
        let zst = [
            out("-o", Some("g.parquet")),
            out("--pairs-out", Some("p.ZST")),
        ];
        let err = check_destinations_on(parquet, &zst, false).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--pairs-out p.ZST: Parquet compresses its own pages"),
            "{err}"
        );
        // Text is compressed by its name and shown on a terminal.
        let gz = [out("-o", Some("g.csv.gz")), out("--pairs-out", None)];
        assert!(check_destinations_on(OutputFormat::Csv, &gz, true).is_ok());
    }
}
