//! Stories: the groups that are versions of one story.
//!
//! Wire stories are rewritten through the day (write-thrus): each version
//! keeps most of the one before and adds to it, so the first and the last
//! may share only a quarter of their text. Clustering around a canonical
//! member rightly keeps versions that do not verify against it apart, but a
//! researcher counting how far a story travelled counts them as one. So the
//! groups are linked into stories, under control:
//!
//! - a link is a verified reprint pair whose two records ended in
//!   different groups: real shared text, never a chain of near misses;
//! - never through a container (a live file or digest holds several
//!   stories' briefs: linking through it would join unrelated stories);
//! - never between groups the user's blocking keeps apart (verification
//!   already dropped such pairs);
//! - only between records that share at least [`MIN_JACCARD`] of their
//!   words (Jaccard): a version keeps most of the one before and adds a
//!   few paragraphs, so two versions are whole texts sharing most of
//!   themselves. An excerpt of one version inside another story's page, a
//!   page five times longer than what it holds (a container nobody
//!   flagged, a page of its own quoting a brief) share far less of their
//!   union, and linked stories through them: on generated wild corpora
//!   most links under a third were between different stories;
//! - only when the linking pairs come from enough of both groups' members
//!   (`carried_by_members`): every copy of one version holds most of the
//!   next, while one page of a larger group that also printed another
//!   story links the two stories by its pairs alone (on generated wild
//!   corpora such pages joined a dozen stories into one).
//!
//! A story is a connected set of linked groups; a group linked to none is
//! a story of its own. Both readings stay available: groups as before, and
//! a story id with the links that made it.

use super::cluster::{Group, Membership};
use super::verify::{Similarity, VerifiedPair};

/// Least Jaccard of two records that link versions (which also keeps the
/// shorter at least a third of the longer's length).
pub const MIN_JACCARD: f64 = 1.0 / 3.0;

/// A link between two groups of one story: the verified pair that makes
/// it, the first in input order for each pair of groups.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VersionLink {
    /// The two groups (indexes into the groups), `groups.0 < groups.1`.
    pub groups: (usize, usize),
    /// A member of the first group.
    pub a: usize,
    /// A member of the second group.
    pub b: usize,
    /// Their similarity (`a` first).
    pub sim: Similarity,
}

/// Stories of the groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stories {
    /// For each group, the group that names its story: the story's group
    /// with the lowest index (groups are in canonical input order).
    pub story_of: Vec<usize>,
    /// The links, sorted by their groups.
    pub links: Vec<VersionLink>,
}

/// Link `groups` into stories by the verified `reprints` between them,
/// never through a `container` record.
pub fn link(
    groups: &[Group],
    membership: &Membership,
    container: &[bool],
    reprints: &[VerifiedPair],
) -> Stories {
    let mut links: Vec<VersionLink> = Vec::new();
    for p in reprints {
        let (a, b) = (p.a as usize, p.b as usize);
        if container.get(a).copied().unwrap_or(false) || container.get(b).copied().unwrap_or(false)
        {
            continue;
        }
        if p.sim.jaccard() < MIN_JACCARD {
            continue;
        }
        let (Some(ga), Some(gb)) = (membership.group(a), membership.group(b)) else {
            continue;
        };
        if ga == gb {
            continue;
        }
        let link = if ga < gb {
            VersionLink {
                groups: (ga, gb),
                a,
                b,
                sim: p.sim,
            }
        } else {
            VersionLink {
                groups: (gb, ga),
                a: b,
                b: a,
                sim: p.sim.swapped(),
            }
        };
        links.push(link);
    }
    // One link per pair of groups, the first pair in input order, when
    // the groups are linked by enough of their members.
    links.sort_by_key(|l| (l.groups, l.a.min(l.b), l.a.max(l.b)));
    let mut kept: Vec<VersionLink> = Vec::new();
    for run in links.chunk_by(|x, y| x.groups == y.groups) {
        let (g, h) = run[0].groups;
        if carried_by_members(run, groups[g].members.len(), groups[h].members.len()) {
            kept.push(run[0]);
        }
    }
    let links = kept;

    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for l in &links {
        let (ra, rb) = (root(&mut parent, l.groups.0), root(&mut parent, l.groups.1));
        // The lower index names the story, so a story's id is its first
        // group's, whatever order the links come in.
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
    let story_of = (0..groups.len()).map(|g| root(&mut parent, g)).collect();
    Stories { story_of, links }
}

/// Do the pairs between two groups (of `size_g` and `size_h` members)
/// come from enough of their members to be versions of one story: from
/// each group, distinct members at least half as many as the smaller
/// group has? Every reprint of one version holds most of the next, so
/// the pairs between two versions' groups come from many members of both
/// (between two groups of two, one pair is enough). Pairs that all come
/// from one record of a larger group are that record's own: a page that
/// also printed another story, which would chain the two stories' groups.
fn carried_by_members(pairs: &[VersionLink], size_g: usize, size_h: usize) -> bool {
    let distinct = |side: fn(&VersionLink) -> usize| {
        let mut records: Vec<usize> = pairs.iter().map(side).collect();
        records.sort_unstable();
        records.dedup();
        records.len()
    };
    let (from_g, from_h) = (distinct(|l| l.a), distinct(|l| l.b));
    2 * from_g.min(from_h) >= size_g.min(size_h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: u32, b: u32) -> VerifiedPair {
        VerifiedPair {
            a,
            b,
            sim: Similarity::new(40, 60, 90),
        }
    }

    fn group(members: &[usize]) -> Group {
        Group {
            canonical: members[0],
            members: members.to_vec(),
        }
    }

    #[test]
    fn versions_in_different_groups_are_one_story() {
        // Four versions: v0+v1 grouped, v2+v3 grouped, v1-v2 verified.
        // Record 4 is alone, record 5 with 6 a story of their own.
        let groups = vec![group(&[0, 1]), group(&[2, 3]), group(&[5, 6])];
        let membership = Membership::new(7, &groups);
        let reprints = vec![pair(0, 1), pair(1, 2), pair(2, 3), pair(5, 6)];
        let stories = link(&groups, &membership, &[false; 7], &reprints);
        assert_eq!(stories.story_of, vec![0, 0, 2]);
        assert_eq!(stories.links.len(), 1);
        let l = stories.links[0];
        assert_eq!((l.groups, l.a, l.b), ((0, 1), 1, 2));
    }

    #[test]
    fn pairs_from_one_record_of_a_larger_group_link_nothing() {
        // Two stories of four copies each; record 3 of the first also
        // printed the second (a page holding both), verifying against all
        // of its copies. Its pairs are its own, not the stories'.
        let groups = vec![group(&[0, 1, 2, 3]), group(&[4, 5, 6, 7])];
        let membership = Membership::new(8, &groups);
        let one_page: Vec<VerifiedPair> = (4..8).map(|b| pair(3, b)).collect();
        let stories = link(&groups, &membership, &[false; 8], &one_page);
        assert_eq!(stories.story_of, vec![0, 1]);
        assert!(stories.links.is_empty());
        // Versions: two copies of each version hold most of the other.
        let versions = vec![pair(2, 4), pair(2, 5), pair(3, 4), pair(3, 5)];
        let stories = link(&groups, &membership, &[false; 8], &versions);
        assert_eq!(stories.story_of, vec![0, 0]);
        assert_eq!((stories.links[0].a, stories.links[0].b), (2, 4));
    }

    #[test]
    fn a_brief_inside_a_page_five_times_its_length_links_nothing() {
        let groups = vec![group(&[0, 1]), group(&[2, 3])];
        let membership = Membership::new(4, &groups);
        let brief = VerifiedPair {
            a: 1,
            b: 2,
            sim: Similarity::new(40, 60, 300),
        };
        let stories = link(&groups, &membership, &[false; 4], &[brief]);
        assert_eq!(stories.story_of, vec![0, 1]);
    }

    #[test]
    fn an_excerpt_of_one_version_links_nothing() {
        // 1 holds all of a short 2 (40 of its 45 shingles), sharing a
        // seventh of their union: 2 printed a part, not a version.
        let groups = vec![group(&[0, 1]), group(&[2, 3])];
        let membership = Membership::new(4, &groups);
        let part = VerifiedPair {
            a: 1,
            b: 2,
            sim: Similarity::new(40, 270, 45),
        };
        let stories = link(&groups, &membership, &[false; 4], &[part]);
        assert_eq!(stories.story_of, vec![0, 1]);
        // Sharing a third of their union, they link.
        let version = VerifiedPair {
            sim: Similarity::new(60, 120, 120),
            ..part
        };
        let stories = link(&groups, &membership, &[false; 4], &[version]);
        assert_eq!(stories.story_of, vec![0, 0]);
    }

    #[test]
    fn a_container_links_nothing() {
        // Record 4 is a digest verified against a member of each group.
        let groups = vec![group(&[0, 1]), group(&[2, 3])];
        let membership = Membership::new(5, &groups);
        let reprints = vec![pair(0, 1), pair(0, 4), pair(2, 3), pair(2, 4)];
        let mut container = vec![false; 5];
        container[4] = true;
        let stories = link(&groups, &membership, &container, &reprints);
        assert_eq!(stories.story_of, vec![0, 1]);
        assert!(stories.links.is_empty());
        // Nor does a container that is a member: a live file grouped with
        // one story must not join another to it.
        let groups = vec![group(&[0, 4]), group(&[2, 3])];
        let membership = Membership::new(5, &groups);
        let stories = link(&groups, &membership, &container, &[pair(2, 4)]);
        assert_eq!(stories.story_of, vec![0, 1]);
    }

    #[test]
    fn a_story_is_named_by_its_first_group_whatever_the_link_order() {
        let groups = vec![group(&[0, 1]), group(&[2, 3]), group(&[4, 5])];
        let membership = Membership::new(6, &groups);
        let reprints = vec![pair(3, 4), pair(1, 5)];
        let stories = link(&groups, &membership, &[false; 6], &reprints);
        assert_eq!(stories.story_of, vec![0, 0, 0]);
        assert_eq!(stories.links.len(), 2);
    }
}
