//! Where each byte of a normalized text came from in the original.
//!
//! Alignment reports passages as spans of the record's original text, but
//! finds them among the words of its normalized text; it needs, for each
//! normalized byte, the original bytes it stands for. Rather than redo
//! normalization with positions (a second copy of every rule, drifting
//! apart), normalization itself is generic over a [`Track`] that its stages
//! tell what they do: entity decoding which entities it replaced, the
//! character stage which decoded bytes it is reading and how many bytes it
//! wrote. [`Offsets`] records; `()` ignores it all and, inlined, costs the
//! hot path (featurizing) nothing.

use std::ops::Range;

/// Told by normalization's stages where what they write comes from.
pub(super) trait Track {
    /// Whether anything is recorded. When not, NFKC runs over the whole
    /// text at once; when so, over pieces whose sources are known (see
    /// [`super::nfkc_pieces`]), with the same result.
    const ON: bool;
    /// Entity decoding wrote bytes `decoded` of the decoded text for the
    /// entity at bytes `original` of the original. Called in text order,
    /// before any [`Track::source`].
    fn entity(&mut self, decoded: Range<usize>, original: Range<usize>);
    /// What is written next comes from bytes `decoded` of the decoded text
    /// (called in text order).
    fn source(&mut self, decoded: Range<usize>);
    /// `bytes` bytes were written.
    fn wrote(&mut self, bytes: usize);
    /// The last byte written was taken back.
    fn unwrote(&mut self);
}

/// Records nothing: plain normalization.
impl Track for () {
    const ON: bool = false;
    #[inline(always)]
    fn entity(&mut self, _: Range<usize>, _: Range<usize>) {}
    #[inline(always)]
    fn source(&mut self, _: Range<usize>) {}
    #[inline(always)]
    fn wrote(&mut self, _: usize) {}
    #[inline(always)]
    fn unwrote(&mut self) {}
}

/// For each byte of a normalized text, the bytes of the original text it
/// came from (from [`super::normalize_with_offsets`]).
///
/// A byte's source is the smallest piece of the original normalization
/// maps as a whole: one character, one HTML entity, or a letter with the
/// combining marks NFKC composes it with. Sources are in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offsets {
    /// `[start, end)` in the original of each normalized byte.
    spans: Vec<[u32; 2]>,
    /// The entities decoded, in order, as `(decoded, original)` byte
    /// ranges.
    entities: Vec<(Range<usize>, Range<usize>)>,
    /// How many of `entities` end before the current source, and how many
    /// bytes longer they are in the original than decoded.
    passed: usize,
    shift: isize,
    /// Source of the bytes being written.
    current: [u32; 2],
}

impl Offsets {
    /// Number of normalized bytes.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// No bytes at all.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The original bytes normalized byte `at` came from.
    pub fn of_byte(&self, at: usize) -> Range<usize> {
        let [start, end] = self.spans[at];
        start as usize..end as usize
    }

    /// The original bytes normalized bytes `range` (not empty) came from:
    /// from its first byte's source to its last byte's.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        self.of_byte(range.start).start..self.of_byte(range.end - 1).end
    }

    /// Forget everything, keeping the allocations, before normalizing a
    /// text of `len` bytes.
    pub(super) fn clear(&mut self, len: usize) {
        self.spans.clear();
        self.spans.reserve(len);
        self.entities.clear();
        self.passed = 0;
        self.shift = 0;
        self.current = [0, 0];
    }

    /// The original position of decoded position `at`, outside entities,
    /// with `shift` the length difference of the entities before it.
    fn outside(at: usize, shift: isize) -> u32 {
        (at as isize + shift) as u32
    }
}

impl Track for Offsets {
    const ON: bool = true;

    fn entity(&mut self, decoded: Range<usize>, original: Range<usize>) {
        self.entities.push((decoded, original));
    }

    #[inline]
    fn source(&mut self, decoded: Range<usize>) {
        if self.entities.is_empty() {
            self.current = [decoded.start as u32, decoded.end as u32];
            return;
        }
        let growth = |(d, o): &(Range<usize>, Range<usize>)| o.len() as isize - d.len() as isize;
        while let Some(e) = self.entities.get(self.passed)
            && e.0.end <= decoded.start
        {
            self.shift += growth(e);
            self.passed += 1;
        }
        let ahead = &self.entities[self.passed..];
        if ahead.first().is_none_or(|(d, _)| decoded.end <= d.start) {
            // Between entities (most text): shifted by those before.
            self.current = [
                Offsets::outside(decoded.start, self.shift),
                Offsets::outside(decoded.end, self.shift),
            ];
            return;
        }
        // A source starting inside an entity starts where the entity does;
        // one ending inside an entity ends where it does.
        let start = match ahead.first() {
            Some((d, o)) if d.start <= decoded.start => o.start as u32,
            _ => Offsets::outside(decoded.start, self.shift),
        };
        let mut shift = self.shift;
        let mut end = None;
        for e in ahead.iter().take_while(|(d, _)| d.start < decoded.end) {
            if e.0.end >= decoded.end {
                end = Some(e.1.end as u32);
                break;
            }
            shift += growth(e);
        }
        let end = end.unwrap_or_else(|| Offsets::outside(decoded.end, shift));
        self.current = [start, end];
    }

    #[inline]
    fn wrote(&mut self, bytes: usize) {
        for _ in 0..bytes {
            self.spans.push(self.current);
        }
    }

    #[inline]
    fn unwrote(&mut self) {
        self.spans.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_outside_entities_shift_by_the_entities_before() {
        // "a&amp;b&#x2014;c" decoded as "a&b\u{2014}c".
        let mut o = Offsets::default();
        o.entity(1..2, 1..6);
        o.entity(3..6, 7..15);
        let mut at = |d: Range<usize>| {
            o.source(d);
            o.current
        };
        assert_eq!(at(0..1), [0, 1]);
        assert_eq!(at(1..2), [1, 6]);
        assert_eq!(at(2..3), [6, 7]);
        assert_eq!(at(3..6), [7, 15]);
        assert_eq!(at(6..7), [15, 16]);
    }

    #[test]
    fn a_source_across_an_entity_takes_all_of_it() {
        // "e&#x301;x" decoded as "e\u{301}x": the letter and its mark are
        // one source.
        let mut o = Offsets::default();
        o.entity(1..3, 1..8);
        o.source(0..3);
        assert_eq!(o.current, [0, 8]);
        o.source(3..4);
        assert_eq!(o.current, [8, 9]);
        // And from inside one entity to past another.
        let mut o = Offsets::default();
        o.entity(0..1, 0..5);
        o.entity(2..3, 6..11);
        o.source(0..4);
        assert_eq!(o.current, [0, 12]);
    }

    #[test]
    fn written_bytes_take_the_current_source_and_can_be_taken_back() {
        let mut o = Offsets::default();
        o.source(2..5);
        o.wrote(2);
        o.source(5..6);
        o.wrote(1);
        o.unwrote();
        o.wrote(1);
        assert_eq!(o.len(), 3);
        assert_eq!(o.of_byte(1), 2..5);
        assert_eq!(o.original(0..3), 2..6);
        o.clear(10);
        assert!(o.is_empty());
    }
}
