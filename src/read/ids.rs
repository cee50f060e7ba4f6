//! `--dedupe-ids`: repeated ids made unique with a `#2`, `#3`... suffix.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use xxhash_rust::xxh3::xxh3_128;

use crate::record::Record;

/// Ids seen so far, by 128-bit hash (a collision is as likely as a cosmic
/// ray), with the last suffix given to each.
#[derive(Debug, Default)]
pub(super) struct UniqueIds {
    seen: HashMap<u128, u32>,
    /// Ids renamed so far.
    pub(super) renamed: u64,
}

impl UniqueIds {
    /// Rename `rec` if its id was seen, to the first of `id#2`, `id#3`...
    /// not seen either; the old id when renamed.
    pub(super) fn make_unique(&mut self, rec: &mut Record) -> Option<String> {
        let key = xxh3_128(rec.id.as_bytes());
        let last = match self.seen.entry(key) {
            Entry::Vacant(e) => {
                e.insert(1);
                return None;
            }
            Entry::Occupied(e) => *e.get(),
        };
        let mut n = last;
        let unique = loop {
            n += 1;
            let candidate = format!("{}#{n}", rec.id);
            let k = xxh3_128(candidate.as_bytes());
            if let Entry::Vacant(e) = self.seen.entry(k) {
                e.insert(1);
                break candidate;
            }
        };
        self.seen.insert(key, n);
        self.renamed += 1;
        Some(std::mem::replace(&mut rec.id, unique))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(ids: &mut UniqueIds, id: &str) -> (String, Option<String>) {
        let mut rec = Record {
            id: id.to_string(),
            ..Record::default()
        };
        let old = ids.make_unique(&mut rec);
        (rec.id, old)
    }

    #[test]
    fn repeats_get_the_next_free_suffix() {
        let mut ids = UniqueIds::default();
        assert_eq!(renamed(&mut ids, "a"), ("a".into(), None));
        assert_eq!(renamed(&mut ids, "a#3"), ("a#3".into(), None));
        assert_eq!(renamed(&mut ids, "a"), ("a#2".into(), Some("a".into())));
        // `a#3` is taken: the next is `a#4`.
        assert_eq!(renamed(&mut ids, "a"), ("a#4".into(), Some("a".into())));
        assert_eq!(renamed(&mut ids, "b"), ("b".into(), None));
        assert_eq!(ids.renamed, 2);
    }
}
