//! The spread output's data model: what `reprint spread` reports, per group
//! and over the corpus.
//!
//! These types are the JSON Lines output (field names and order are the
//! format, so they serialize as declared); the text writer and the HTML
//! report read the same values, so all three outputs always agree.

use serde::Serialize;

use crate::align::ParagraphCoverage;

/// The spread of every group, and the corpus summary.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    /// Corpus-wide figures.
    pub summary: Summary,
    /// One entry per group, in the order of the main output.
    pub groups: Vec<GroupSpread>,
}

/// How the origin of a group was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The only member with the earliest date.
    Earliest,
    /// Several members share the earliest date; see `tied_with`.
    Tied,
    /// No member has a usable date: detection's canonical member.
    Undated,
}

/// The origin of a group.
#[derive(Debug, Clone, Serialize)]
pub struct OriginOut {
    /// Id of the origin.
    pub id: String,
    /// How it was chosen.
    pub basis: Basis,
    /// Other members dated the same as the origin.
    pub tied_with: Vec<String>,
}

/// Passage spans: character offsets `[start, end)` (Unicode scalar values,
/// as Python's `str` indexes) into each record's original text (the text
/// field's value as read), and the words on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageOut {
    /// Span in the first record (for members: the origin).
    pub a: [usize; 2],
    /// Span in the second record (for members: the member).
    pub b: [usize; 2],
    /// Words of the first record in the passage.
    pub a_words: usize,
    /// Words of the second record in the passage.
    pub b_words: usize,
}

/// One member of a group, measured against the origin.
#[derive(Debug, Clone, Serialize)]
pub struct MemberSpread {
    /// Record id.
    pub id: String,
    /// Outlet as given.
    pub source: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Seconds after the origin (null when either is undated).
    pub lag_seconds: Option<i64>,
    /// Words of the original text.
    pub words: usize,
    /// Share of the origin's words this member printed (1 for the origin).
    pub coverage: f64,
    /// Share of this member's words that are the origin's text.
    pub from_origin: f64,
    /// Whether the headline differs from the origin's (after
    /// normalization); null when either has none.
    pub title_changed: Option<bool>,
    /// Which of the origin's paragraphs this member printed (null for the
    /// origin).
    pub paragraphs: Option<ParagraphCoverage>,
    /// Passages shared with the origin (`a`: origin, `b`: this member).
    pub passages: Vec<PassageOut>,
    /// Index of the record in the corpus.
    #[serde(skip)]
    pub index: usize,
    /// The date as seconds since the epoch.
    #[serde(skip)]
    pub timestamp: Option<i64>,
}

/// Passages of one verified pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairSpread {
    /// Id of the record that comes first in the input.
    pub a: String,
    /// Id of the other.
    pub b: String,
    /// Share of `a`'s words in a passage.
    pub a_covered: f64,
    /// Share of `b`'s words in a passage.
    pub b_covered: f64,
    /// The passages.
    pub passages: Vec<PassageOut>,
}

/// A record quoting a member of the group without being a reprint.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedSpread {
    /// Id of the quoting record.
    pub id: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date as given.
    pub date: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Id of the member quoted.
    pub source: String,
    /// Share of the source's words quoted.
    pub source_covered: f64,
    /// Share of the quoting record's words that are quoted.
    pub derivative_covered: f64,
    /// Which of the source's paragraphs are quoted.
    pub paragraphs: ParagraphCoverage,
    /// Passages (`a`: source, `b`: quoting record).
    pub passages: Vec<PassageOut>,
    /// Dated before every member of the group: the group's story quotes
    /// it, not it the story.
    pub predates_group: bool,
    /// Index of the quoting record in the corpus.
    #[serde(skip)]
    pub index: usize,
    /// Its date as seconds since the epoch.
    #[serde(skip)]
    pub timestamp: Option<i64>,
    /// Words in each paragraph of the source (`paragraphs` counts them),
    /// for the report's coverage bar.
    #[serde(skip)]
    pub source_paragraph_words: Vec<usize>,
}

/// The spread of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSpread {
    /// The group id of the main output.
    pub group: String,
    /// Detection's canonical member (the main output's `canonical`).
    pub canonical: String,
    /// Members.
    pub size: usize,
    /// The origin.
    pub origin: OriginOut,
    /// Distinct outlets, in member order.
    pub outlets: Vec<String>,
    /// Earliest date, as given.
    pub first_date: Option<String>,
    /// Latest date, as given.
    pub last_date: Option<String>,
    /// Seconds from the first to the last date.
    pub span_seconds: Option<i64>,
    /// Members: the origin, then by date (undated last), then input order.
    pub members: Vec<MemberSpread>,
    /// Passages of every verified pair of the group (empty unless asked
    /// for: [`super::SpreadOptions::pair_passages`]).
    pub pairs: Vec<PairSpread>,
    /// Records quoting a member.
    pub related: Vec<RelatedSpread>,
    /// Words in each paragraph of the origin (members' `paragraphs` count
    /// them), for the report's coverage bar.
    #[serde(skip)]
    pub origin_paragraph_words: Vec<usize>,
}

/// Groups of one size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeCount {
    /// Members per group.
    pub size: usize,
    /// Groups of that size.
    pub groups: usize,
}

/// How many origins were chosen each way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BasisCounts {
    /// By a unique earliest date.
    pub earliest: usize,
    /// Among members tied on the earliest date.
    pub tied: usize,
    /// In groups with no usable date.
    pub undated: usize,
}

/// Dates of the records in groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DateCounts {
    /// Records with a date that parses.
    pub parsed: usize,
    /// Records with no date.
    pub missing: usize,
    /// Records with a date that does not parse (treated as missing).
    pub unparseable: usize,
}

/// One bar of the lag histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagBucket {
    /// Label, e.g. `1-6 h`.
    pub label: &'static str,
    /// Lower bound in seconds (inclusive).
    pub from_seconds: i64,
    /// Upper bound in seconds (exclusive; null: no bound).
    pub to_seconds: Option<i64>,
    /// Reprints with a lag in the bucket.
    pub count: usize,
}

/// How long after the origin reprints appeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagSummary {
    /// Reprints (members other than the origin).
    pub reprints: usize,
    /// Reprints with a lag (both dated).
    pub dated: usize,
    /// Median lag in seconds.
    pub median_seconds: Option<i64>,
    /// 90th percentile lag in seconds.
    pub p90_seconds: Option<i64>,
    /// Longest lag in seconds.
    pub max_seconds: Option<i64>,
    /// Histogram of lags.
    pub histogram: Vec<LagBucket>,
}

/// An outlet and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// Outlet.
    pub outlet: String,
    /// Count.
    pub count: usize,
}

/// What an outlet printed of the stories in groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletSummary {
    /// Outlet.
    pub outlet: String,
    /// Groups it is the origin of.
    pub origins: usize,
    /// Reprints it printed.
    pub reprints: usize,
    /// Whom it reprinted from, most first (other outlets only).
    pub from: Vec<OutletCount>,
    /// Reprints of stories it first printed itself.
    pub from_itself: usize,
}

/// An edge of the outlet network: `target` reprinted `source` `count` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The origin's outlet.
    pub source: String,
    /// The reprinting outlet.
    pub target: String,
    /// Reprints.
    pub count: usize,
}

/// Corpus-wide figures.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Groups.
    pub groups: usize,
    /// Records in groups.
    pub grouped_records: usize,
    /// Related edges into groups (a record quoting several groups is one
    /// edge into each).
    pub related: usize,
    /// Distinct records those edges come from.
    pub related_records: usize,
    /// Group size distribution, smallest first.
    pub group_sizes: Vec<SizeCount>,
    /// How origins were chosen.
    pub origins: BasisCounts,
    /// Dates of grouped records.
    pub dates: DateCounts,
    /// Lags of reprints after their origin.
    pub lag: LagSummary,
    /// Outlets by reprints printed (then origins), most first.
    pub outlets: Vec<OutletSummary>,
    /// Outlet-to-outlet edges, most reprints first.
    pub edges: Vec<Edge>,
}

/// How many of an outlet's sources the text output and the report name.
const TOP_SOURCES: usize = 5;

impl OutletSummary {
    /// Where this outlet's reprints came from, as `name (count)`, for the
    /// text output and the report's chart: the outlets it reprinted most,
    /// the rest of them in one count, itself, and the reprints whose
    /// origin's outlet is not known (no outlet, or an undated group). The
    /// counts add up to `reprints`.
    pub fn sources(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .from
            .iter()
            .take(TOP_SOURCES)
            .map(|f| format!("{} ({})", f.outlet, f.count))
            .collect();
        let rest = &self.from[self.from.len().min(TOP_SOURCES)..];
        if !rest.is_empty() {
            let n: usize = rest.iter().map(|f| f.count).sum();
            out.push(format!(
                "{} other outlet{} ({n})",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ));
        }
        if self.from_itself > 0 {
            out.push(format!("itself ({})", self.from_itself));
        }
        let named: usize = self.from.iter().map(|f| f.count).sum::<usize>() + self.from_itself;
        if let Some(unknown) = self.reprints.checked_sub(named).filter(|&n| n > 0) {
            out.push(format!("an unknown or undated origin ({unknown})"));
        }
        out
    }
}
