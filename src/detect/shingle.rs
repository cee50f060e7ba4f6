//! Shingling: a record's normalized text as a set of hashed n-grams.
//!
//! Two kinds of unit:
//! - words (the default): Unicode word segments (UAX #29, via
//!   unicode-segmentation) that hold a letter or digit, so punctuation and
//!   spacing differences between printings vanish;
//! - characters: the letters and digits alone, spaces and punctuation
//!   dropped, for scanned text where OCR misreads a character in one word
//!   in ten and splits or joins words: a misread character spoils `n`
//!   character shingles rather than `n` word shingles.
//!
//! Each unit is hashed once; an n-gram's hash is xxh3 over its units'
//! hashes, so no n-gram string is ever built.

use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

pub use super::hash::fold;
use super::hash::mix64;

/// The longest n-gram a shingler takes.
pub const MAX_NGRAM: usize = 32;

/// A record's shingles: hashes, sorted ascending, without repeats.
pub type ShingleSet = Vec<u32>;

/// What an n-gram is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ShingleKind {
    /// Words.
    #[default]
    Words,
    /// Letters and digits, everything else dropped.
    Chars,
}

/// Turns normalized text into shingle sets.
#[derive(Debug, Clone, Copy)]
pub struct Shingler {
    ngram: usize,
    kind: ShingleKind,
}

impl Shingler {
    /// A shingler of word `ngram`-grams (1 ≤ `ngram` ≤ [`MAX_NGRAM`]).
    pub fn new(ngram: usize) -> Shingler {
        Shingler::with_kind(ngram, ShingleKind::Words)
    }

    /// A shingler of `ngram`-grams of the given unit.
    pub fn with_kind(ngram: usize, kind: ShingleKind) -> Shingler {
        assert!(
            (1..=MAX_NGRAM).contains(&ngram),
            "ngram must be 1 to {MAX_NGRAM}"
        );
        Shingler { ngram, kind }
    }

    /// The n-gram size.
    pub fn ngram(&self) -> usize {
        self.ngram
    }

    /// The word hashes of `text`, in order, into `out` (cleared first).
    pub fn words_into(&self, text: &str, out: &mut Vec<u32>) {
        out.clear();
        self.push_units(text, out);
    }

    /// Append the unit hashes of `text` to `out`; returns its word count.
    pub fn push_units(&self, text: &str, out: &mut Vec<u32>) -> usize {
        match self.kind {
            ShingleKind::Words => {
                let before = out.len();
                let hash = |w: &[u8]| fold(xxh3_64(w));
                if text.is_ascii() {
                    out.extend(AsciiWords::new(text).map(hash));
                } else {
                    out.extend(text.unicode_words().map(|w| hash(w.as_bytes())));
                }
                out.len() - before
            }
            ShingleKind::Chars => {
                out.extend(
                    text.chars()
                        .filter(|c| c.is_alphanumeric())
                        .map(|c| fold(mix64(c as u64))),
                );
                if text.is_ascii() {
                    AsciiWords::new(text).count()
                } else {
                    text.unicode_words().count()
                }
            }
        }
    }

    /// The n-gram hashes of a word sequence in text order, into `out`
    /// (cleared first). A text shorter than one n-gram gives one shingle of
    /// all its words, so short records still compare.
    pub fn sequence_into(&self, words: &[u32], out: &mut Vec<u32>) {
        out.clear();
        if words.is_empty() {
            return;
        }
        let n = self.ngram.min(words.len());
        let mut buf = [0u8; 4 * MAX_NGRAM];
        out.extend(words.windows(n).map(|window| {
            for (i, w) in window.iter().enumerate() {
                buf[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
            }
            fold(xxh3_64(&buf[..n * 4]))
        }));
    }

    /// The n-gram hashes of a word sequence as a set, into `out`.
    pub fn ngrams_into(&self, words: &[u32], out: &mut ShingleSet) {
        self.sequence_into(words, out);
        out.sort_unstable();
        out.dedup();
    }

    /// Words and shingles of `text` in one call.
    pub fn shingle(&self, text: &str) -> ShingleSet {
        let mut words = Vec::new();
        let mut out = Vec::new();
        self.words_into(text, &mut words);
        self.ngrams_into(&words, &mut out);
        out
    }
}

/// The words `unicode_words` gives for ASCII text, found without making a
/// segment of every space and punctuation mark: word segmentation was the
/// biggest single cost of featurizing (a seventh of all instructions).
///
/// For ASCII, UAX #29 as unicode-segmentation applies it joins letters,
/// digits and `_`, and keeps `'` `.` `:` between two letters and `'` `.`
/// `,` `;` between two digits inside the word ("don't", "e.g", "3.14",
/// "1,000"); everything else breaks, and segments without a letter or
/// digit are not words. A property test checks this against
/// `unicode_words`.
struct AsciiWords<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// The words of ASCII `text` by the same rule as [`Shingler`] uses, each
/// with its byte offset in `text` (for alignment, which must see exactly the
/// words detection sees).
pub(crate) fn ascii_words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let base = text.as_ptr() as usize;
    AsciiWords::new(text).map(move |w| {
        let at = w.as_ptr() as usize - base;
        (at, &text[at..at + w.len()])
    })
}

impl<'a> AsciiWords<'a> {
    fn new(text: &'a str) -> AsciiWords<'a> {
        debug_assert!(text.is_ascii());
        AsciiWords {
            bytes: text.as_bytes(),
            at: 0,
        }
    }
}

/// What each ASCII byte is to a word: a letter, a digit, `_`, or none
/// (0). One load in place of the comparisons, on every byte of every record.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'_' {
            UNDERSCORE
        } else {
            0
        };
        b += 1;
    }
    class
};

/// A letter, digit or `_`: what words are made of.
#[inline]
fn word_byte(b: u8) -> bool {
    CLASS[b as usize] != 0
}

/// Whether `b`, between `prev` and `next`, stays inside a word.
#[inline]
fn infix(b: u8, prev: u8, next: u8) -> bool {
    match b {
        b'.' | b'\'' => {
            (prev.is_ascii_digit() && next.is_ascii_digit())
                || (prev.is_ascii_alphabetic() && next.is_ascii_alphabetic())
        }
        b',' | b';' => prev.is_ascii_digit() && next.is_ascii_digit(),
        b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        _ => false,
    }
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let bytes = self.bytes;
        loop {
            while self.at < bytes.len() && !word_byte(bytes[self.at]) {
                self.at += 1;
            }
            if self.at == bytes.len() {
                return None;
            }
            let start = self.at;
            let mut alnum = false;
            let mut i = start;
            while i < bytes.len() {
                let b = bytes[i];
                let class = CLASS[b as usize];
                if class != 0 {
                    alnum |= class != UNDERSCORE;
                    i += 1;
                } else if i + 1 < bytes.len() && infix(b, bytes[i - 1], bytes[i + 1]) {
                    i += 1;
                } else {
                    break;
                }
            }
            self.at = i;
            if alnum {
                return Some(&bytes[start..i]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_words_are_unicode_words(
            text in proptest::collection::vec(
                proptest::sample::select(b"aZ9_.,;:'\"- \t\r\n!/x0".to_vec()),
                0..40,
            )
        ) {
            let text = String::from_utf8(text).unwrap();
            let ours: Vec<&[u8]> = AsciiWords::new(&text).collect();
            let theirs: Vec<&[u8]> = text.unicode_words().map(str::as_bytes).collect();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn ascii_words_keep_inner_punctuation() {
        let text = "Don't say e.g. 3.14, 1,000; a:b _x_ __ 'quoted' U.S.-led 9:30 x_1";
        let ours: Vec<&str> = AsciiWords::new(text)
            .map(|w| std::str::from_utf8(w).unwrap())
            .collect();
        assert_eq!(ours, text.unicode_words().collect::<Vec<_>>());
        assert_eq!(
            ours,
            [
                "Don't", "say", "e.g", "3.14", "1,000", "a:b", "_x_", "quoted", "U.S", "led", "9",
                "30", "x_1"
            ]
        );
    }

    #[test]
    fn punctuation_does_not_change_shingles() {
        let s = Shingler::new(3);
        assert_eq!(
            s.shingle("the cat, sat -- on the mat."),
            s.shingle("the cat sat on the mat")
        );
    }

    #[test]
    fn counts_distinct_ngrams() {
        let s = Shingler::new(2);
        // a b, b a, a b (repeat) -> 2 distinct
        assert_eq!(s.shingle("a b a b").len(), 2);
        assert_eq!(s.shingle("one two three four").len(), 3);
    }

    #[test]
    fn short_text_gives_one_shingle() {
        let s = Shingler::new(5);
        assert_eq!(s.shingle("just two").len(), 1);
        assert!(s.shingle("  ...  ").is_empty());
    }

    #[test]
    fn char_shingles_survive_split_and_joined_words() {
        let s = Shingler::with_kind(6, ShingleKind::Chars);
        assert_eq!(
            s.shingle("the harbour board"),
            s.shingle("theharbour bo-ard")
        );
        let mut units = Vec::new();
        assert_eq!(s.push_units("two words", &mut units), 2);
        assert_eq!(units.len(), 8);
    }

    #[test]
    fn output_is_sorted_and_unique() {
        let s = Shingler::new(1);
        let set = s.shingle("z y x y z w");
        assert!(set.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(set.len(), 4);
    }
}
