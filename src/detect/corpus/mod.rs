//! The corpus: every usable record's metadata and features, in input
//! order, as the detection stages take them.
//!
//! How records get here (streaming, batches, duplicate ids, boilerplate
//! learned from a sample) is the job of `ingest.rs`.

mod ingest;

pub use ingest::Forward;

use crate::date::DateFormats;
use crate::detect::boilerplate::{Boilerplate, BoilerplateStats};
use crate::detect::cluster::Rank;
use crate::detect::features::Features;
use crate::detect::spill::{Sets, Spill};
use crate::record::{Origin, RecordError};

/// What the output needs of a record besides its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Record id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Where the record was read.
    pub origin: Origin,
    /// The date as seconds since the epoch, when it parses.
    pub timestamp: Option<i64>,
}

impl Meta {
    /// The outlet, for telling outlets apart: the source folded to lower
    /// case (its host, when it is a URL), else the host of the url; a host
    /// without `www.`.
    pub fn outlet(&self) -> Option<String> {
        Meta::outlet_of(self.source.as_deref(), self.url.as_deref())
    }

    /// The outlet named by a source or, failing that, a url.
    ///
    /// A source that is a URL (trafilatura's `source` is the page's
    /// address) names its host: taken as a name, every page would be an
    /// outlet of its own.
    pub(crate) fn outlet_of(source: Option<&str>, url: Option<&str>) -> Option<String> {
        if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
            return Some(url_host(s).unwrap_or_else(|| s.to_lowercase()));
        }
        // A url without a scheme (`example.org/a`) names its host too.
        let url = url?.trim();
        url_host(url).or_else(|| url_host(&format!("//{url}")))
    }
}

/// The host of `s` if it is a URL (`http://`, `https://` or `//`), lower
/// case, without `www.`; `None` for anything else.
pub(crate) fn url_host(s: &str) -> Option<String> {
    let (scheme, rest) = s.split_once("//")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "" | "http:" | "https:") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    // `user@host:port`: the host alone.
    let host = authority.rsplit('@').next()?;
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// All usable records, in input order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Metadata, one per record.
    pub metas: Vec<Meta>,
    /// Features, one per record.
    pub features: Vec<Features>,
    /// Outlet of each record as a small number (same outlet, same number).
    pub outlets: Vec<Option<u32>>,
    /// Bad records skipped under `skip_bad`.
    pub skipped: Vec<RecordError>,
    /// What boilerplate detection found.
    pub boilerplate: BoilerplateStats,
    /// The boilerplate lines learned (what a shard is featurized with).
    pub learned: Boilerplate,
    /// How the records' dates were read into timestamps (asked again for
    /// why one was not).
    pub dates: DateFormats,
    /// Where the sets of records parked on disk are (`--set-memory`).
    pub spill: Option<Spill>,
    /// The LSH band keys of every record's signature, a record's bands in
    /// a row, where they were kept instead of signatures (a corpus that
    /// parks sets; see [`crate::detect::features::Featurizer::band_keys`]).
    pub band_keys: Option<Vec<u64>>,
}

impl Corpus {
    /// The records' shingle sets and edges, held or parked.
    pub fn sets(&self) -> Sets<'_> {
        Sets::new(&self.features, self.spill.as_ref())
    }

    /// An error if a parked set could not be read back (what was measured
    /// from it is wrong).
    pub fn check_sets(&self) -> anyhow::Result<()> {
        self.spill.as_ref().map_or(Ok(()), Spill::check)
    }

    /// Number of usable records.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// No usable records at all.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// What the canonical choice needs of each record.
    pub fn ranks(&self) -> Vec<Rank> {
        self.metas
            .iter()
            .zip(&self.features)
            .map(|(m, f)| Rank {
                timestamp: m.timestamp,
                words: f.words,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_from_source_or_url_host() {
        let mut m = Meta {
            id: "a".into(),
            title: None,
            source: Some(" The Gazette ".into()),
            date: None,
            url: Some("https://www.example.org/x".into()),
            origin: Origin::default(),
            timestamp: None,
        };
        assert_eq!(m.outlet().as_deref(), Some("the gazette"));
        m.source = None;
        assert_eq!(m.outlet().as_deref(), Some("example.org"));
        m.url = None;
        assert_eq!(m.outlet(), None);
        // A source that is a page's URL names its host, not the page.
        m.source = Some("https://WWW.Example.org:443/news/2024/a-story?x=1".into());
        assert_eq!(m.outlet().as_deref(), Some("example.org"));
        m.source = Some("//news.example.org".into());
        assert_eq!(m.outlet().as_deref(), Some("news.example.org"));
        // Not URLs: names, other schemes.
        assert_eq!(url_host("Reuters"), None);
        assert_eq!(url_host("ftp://example.org/a"), None);
        assert_eq!(url_host("AP // wire"), None);
    }
}
