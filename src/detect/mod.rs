//! Detection: from a featurized corpus to groups of reprints and related
//! edges.
//!
//! Each step is a stage function with plain data in and out, so it can be
//! tested, timed and run on its own (over shards, in a distributed run):
//!
//! | stage | in | out |
//! | --- | --- | --- |
//! | [`candidates::comparable`] | features | which records can be compared |
//! | [`candidates::by_lsh`], [`candidates::by_anchors`] | signatures, anchors | candidate pairs |
//! | [`verify::verify`] | candidate pairs, shingle sets, blocking | reprint and near pairs |
//! | [`groups::cluster`] (with [`containers::find`]) | reprint pairs, ranks | groups, containers, the pairs inside groups |
//! | [`related::related`] | near and reprint pairs, groups | related edges |
//! | [`stories::link`] | reprint pairs, groups, containers | stories: groups that are versions of one story |
//!
//! Candidates come from two indexes, because syndication makes two kinds of
//! copy: MinHash/LSH banding finds whole reprints (high Jaccard), the anchor
//! index finds excerpts (high containment, low Jaccard). Their union is
//! checked exactly; pairs the user blocked (`--window`,
//! `--cross-outlet-only`) are dropped first. Reprint pairs are clustered
//! around canonical members; pairs that share a passage without being
//! reprints (a rewrite quoting a paragraph) become related edges.

pub mod anchor;
pub mod blocking;
pub mod boilerplate;
pub mod candidates;
pub mod cluster;
pub mod containers;
pub mod corpus;
pub mod edges;
pub mod features;
pub mod furniture;
pub mod groups;
pub mod hash;
pub mod lines;
pub mod lsh;
pub mod minhash;
pub mod noise;
pub mod normalize;
pub mod params;
pub mod related;
pub mod shingle;
pub mod spill;
pub mod stories;
pub mod verify;

use crate::detect::corpus::Corpus;
use crate::messages::Messages;
use crate::progress::Stage;

use blocking::Blocking;
use cluster::{Group, Membership};
use params::Params;
use related::Related;
use stories::Stories;
use verify::{Thresholds, Verified, VerifiedPair};

/// What the run found.
#[derive(Debug)]
pub struct Analysis {
    /// Candidate pairs from LSH.
    pub lsh_candidates: usize,
    /// Candidate pairs from the anchor index.
    pub anchor_candidates: usize,
    /// Distinct candidate pairs checked.
    pub candidates: usize,
    /// Reprint pairs inside groups, sorted by `(a, b)`.
    pub pairs: Vec<VerifiedPair>,
    /// Groups, ordered by their canonical member's input position.
    pub groups: Vec<Group>,
    /// Which group each record is in.
    pub membership: Membership,
    /// Related edges, one per derivative and source group, sorted.
    pub related: Vec<Related>,
    /// Which groups are versions of one story, and the links between them.
    pub stories: Stories,
}

/// Find, verify and cluster the reprints of `corpus`.
///
/// The records' MinHash signatures are freed once LSH has used them:
/// nothing after it needs them, and at a million records they are half a
/// gigabyte of the peak. Everything else of the corpus is left as it was.
pub fn analyze(corpus: &mut Corpus, params: &Params, messages: &Messages) -> Analysis {
    let skip = candidates::comparable(&corpus.features, messages);
    let lsh_pairs = candidates::by_lsh(
        &mut corpus.features,
        &mut corpus.band_keys,
        &skip,
        params,
        messages,
    );
    let anchor_pairs = candidates::by_anchors(&corpus.features, &skip, params, messages);
    let (lsh, anchors) = (lsh_pairs.len(), anchor_pairs.len());
    let candidates = candidates::union(lsh_pairs, anchor_pairs);
    let counts = Counts {
        lsh,
        anchors,
        distinct: candidates.len(),
    };

    let corpus: &Corpus = corpus;
    let blocking = Blocking::new(corpus, params);
    let verified = verify::verify(corpus.sets(), &candidates, &blocking, params, messages);
    drop(candidates);
    conclude(corpus, params, &verified, counts, messages)
}

/// How many candidate pairs each index proposed, for the notes and the
/// [`Analysis`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pairs from LSH.
    pub lsh: usize,
    /// Pairs from the anchor index.
    pub anchors: usize,
    /// Distinct pairs of both.
    pub distinct: usize,
}

/// From verified pairs to the analysis: groups, related edges, stories.
/// What [`analyze`] does after verification, and what a distributed run
/// (`reprint stage cluster`) does with the pairs its shards verified.
pub fn conclude(
    corpus: &Corpus,
    params: &Params,
    verified: &Verified,
    counts: Counts,
    messages: &Messages,
) -> Analysis {
    let Counts {
        lsh: lsh_candidates,
        anchors: anchor_candidates,
        distinct,
    } = counts;
    messages.note(format_args!(
        "candidates: {lsh_candidates} from lsh, {anchor_candidates} from anchors, {distinct} distinct; {} verified as reprints",
        verified.reprints.len()
    ));
    let blocking = Blocking::new(corpus, params);
    let thresholds = Thresholds::from(params);
    let stage = Stage::start(messages, "cluster", "", None);
    let ranks = corpus.ranks();
    let clusters = groups::cluster(
        &ranks,
        corpus.sets(),
        &verified.reprints,
        &blocking,
        thresholds,
        messages,
    );
    let related = related::related(&ranks, &clusters, verified, params.related_min_shared);
    let stories = stories::link(
        &clusters.groups,
        &clusters.membership,
        &clusters.container,
        &verified.reprints,
    );
    drop(stage);
    Analysis {
        lsh_candidates,
        anchor_candidates,
        candidates: distinct,
        pairs: clusters.pairs,
        groups: clusters.groups,
        membership: clusters.membership,
        related,
        stories,
    }
}
