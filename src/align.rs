//! Passage alignment: which stretches of two records' original texts are the
//! same text, as character spans a researcher can highlight.
//!
//! Verification says *how much* two records share (shingle sets); this says
//! *where*. Both texts are cut into words exactly as detection sees them
//! (the same normalization and UAX #29 words, see [`crate::normalize`] and
//! [`crate::shingle`]), but each word keeps its byte span in the original
//! text. Then, in the manner of text-reuse aligners (passim, TextPAIR):
//!
//! 1. the word n-grams both records hold are paired up: each of the
//!    second record's n-grams is looked up among the first's (indexed once
//!    when it is aligned with many: [`Words::index`]); an n-gram the first
//!    holds more than [`MAX_REPEAT`] times is common text and seeds nothing;
//! 2. matching n-grams on one diagonal (same offset between the records)
//!    chain into maximal runs;
//! 3. runs are taken longest first, each trimmed to the words no longer run
//!    has claimed on either side, so every word is aligned at most once;
//! 4. runs in the same order on both sides with at most `max_gap` words
//!    between them are merged (a changed word, a dropped clause), and
//!    passages shorter than `min_words` are dropped as stock phrases.
//!
//! It runs only on pairs already found to be reprints (or related), in
//! time about linear in the two texts.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use crate::normalize::normalize;
use crate::shingle::{MAX_NGRAM, Shingler, fold};

/// An n-gram the first record holds more often than this seeds no run.
pub const MAX_REPEAT: usize = 32;

/// The words of one original text: byte spans and hashes of the normalized
/// words, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// Byte range of each word in the original text.
    pub spans: Vec<Range<usize>>,
    /// The same in characters (Unicode scalar values), as `[start, end)`;
    /// empty when the text is ASCII, where the two agree.
    chars: Vec<[u32; 2]>,
    /// xxh3 of each normalized word, as [`Shingler::words_into`] hashes it.
    pub hashes: Vec<u32>,
    /// Its `gram_n`-gram hashes in text order (from [`Aligner::words`]).
    grams: Vec<u32>,
    /// The same as `(hash, position)`, sorted (from [`Words::index`]).
    sorted: Vec<(u32, u32)>,
    /// Where each hash's run starts in `sorted`, and its length.
    lookup: HashMap<u32, (u32, u32), BuildHasherDefault<Passthrough>>,
    gram_n: usize,
}

impl Words {
    /// Cut `text` into words, remembering where each came from.
    pub fn of(text: &str) -> Words {
        // The normalized text, built one source unit (a grapheme, or an
        // HTML entity) at a time, remembering the original bytes of each.
        let mut b = Builder::default();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'&'
                && let Some(len) = entity_len(&text[i..])
            {
                let decoded = html_escape::decode_html_entities(&text[i..i + len]);
                if decoded.chars().all(char::is_whitespace) {
                    b.space(false);
                } else {
                    let lower = decoded.chars().next().is_some_and(char::is_lowercase);
                    b.text(&normalize(&decoded), i..i + len, false, lower);
                }
                i += len;
                continue;
            }
            // An ASCII byte followed by another is a grapheme of its own
            // (`\r\n` is one, but as two spaces it folds the same), mapped
            // byte for byte; most text takes this path.
            let c = bytes[i];
            if c.is_ascii() && bytes.get(i + 1).is_none_or(u8::is_ascii) {
                if c.is_ascii_whitespace() {
                    b.space(matches!(c, b'\n' | b'\r' | 0x0c));
                } else {
                    b.ascii(c, i);
                }
                i += 1;
                continue;
            }
            let g = text[i..].graphemes(true).next().unwrap_or(&text[i..]);
            if g.chars().all(char::is_whitespace) {
                b.space(
                    g.chars().any(|c| {
                        matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\x0b' | '\x0c')
                    }),
                );
            } else {
                let lower = g.chars().next().is_some_and(char::is_lowercase);
                b.text(&normalize(g), i..i + g.len(), false, lower);
            }
            i += g.len();
        }
        let mut words = b.words();
        if !text.is_ascii() {
            words.chars = char_spans(text, &words.spans);
        }
        words
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// No words at all.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Byte range in the original text of words `words`.
    pub fn byte_range(&self, words: &Range<usize>) -> Range<usize> {
        if words.is_empty() {
            return 0..0;
        }
        self.spans[words.start].start..self.spans[words.end - 1].end
    }

    /// Character range (counting Unicode scalar values, as Python's `str`
    /// indexes) in the original text of words `words`.
    pub fn char_range(&self, words: &Range<usize>) -> Range<usize> {
        if words.is_empty() {
            return 0..0;
        }
        if self.chars.is_empty() {
            return self.byte_range(words);
        }
        self.chars[words.start][0] as usize..self.chars[words.end - 1][1] as usize
    }

    /// Sort the n-grams, for a record that will be the first side of
    /// several alignments (done once instead of once per alignment).
    pub fn index(&mut self) {
        if self.sorted.is_empty() && !self.grams.is_empty() {
            self.sorted = sorted_grams(&self.grams);
            self.lookup.reserve(self.sorted.len());
            let mut k = 0;
            while k < self.sorted.len() {
                let h = self.sorted[k].0;
                let run = self.sorted[k..].partition_point(|x| x.0 == h);
                self.lookup.insert(h, (k as u32, run as u32));
                k += run;
            }
        }
    }
}

/// Hashes n-gram hashes (already uniform) by passing them through.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }

    fn write_u32(&mut self, x: u32) {
        // Spread over the high bits too, which hashbrown reads.
        self.0 = u64::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A run of normalized text and where it came from: byte for byte from
/// `start` (`identity`), or as a whole from `start..start + len`.
#[derive(Debug, Clone, Copy)]
struct Unit {
    norm: usize,
    start: usize,
    len: usize,
    identity: bool,
}

/// The normalized text of [`Words::of`] under construction.
#[derive(Default)]
struct Builder {
    norm: String,
    /// Sources of the non-space parts of `norm`, in order.
    units: Vec<Unit>,
    /// Where the current run of spaces is in `norm` (one space stands for
    /// the run), and whether it holds a line break.
    spaces: Option<(usize, bool)>,
}

impl Builder {
    /// Normalized text `s` of the original bytes `range`; `lower`: the
    /// original starts with a lower-case letter.
    fn text(&mut self, s: &str, range: Range<usize>, identity: bool, lower: bool) {
        if s.is_empty() {
            return;
        }
        // As normalization does: "recov-\nery" is one word again.
        if let Some((at, true)) = self.spaces
            && lower
        {
            let mut tail = self.norm[..at].chars().rev();
            if tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic) {
                let cut = at - 1;
                self.norm.truncate(cut);
                while let Some(u) = self.units.last_mut() {
                    if u.norm >= cut {
                        self.units.pop();
                    } else {
                        if u.identity {
                            u.len = u.len.min(cut - u.norm);
                        }
                        break;
                    }
                }
            }
        }
        self.spaces = None;
        let at = self.norm.len();
        self.norm.push_str(s);
        if identity
            && let Some(last) = self.units.last_mut()
            && last.identity
            && last.norm + last.len == at
            && last.start + last.len == range.start
        {
            last.len += range.len();
            return;
        }
        self.units.push(Unit {
            norm: at,
            start: range.start,
            len: range.len(),
            identity,
        });
    }

    /// A visible ASCII byte at `at`: lower-cased, mapped byte for byte.
    fn ascii(&mut self, c: u8, at: usize) {
        if self.spaces.is_some() {
            let folded = if c == b'`' {
                '\''
            } else {
                c.to_ascii_lowercase() as char
            };
            self.text(
                folded.encode_utf8(&mut [0; 4]),
                at..at + 1,
                true,
                c.is_ascii_lowercase(),
            );
            return;
        }
        // Inside a run of text: extend the last unit when it is this run.
        self.norm.push(if c == b'`' {
            '\''
        } else {
            c.to_ascii_lowercase() as char
        });
        if let Some(last) = self.units.last_mut()
            && last.identity
            && last.start + last.len == at
            && last.norm + last.len + 1 == self.norm.len()
        {
            last.len += 1;
            return;
        }
        self.units.push(Unit {
            norm: self.norm.len() - 1,
            start: at,
            len: 1,
            identity: true,
        });
    }

    fn space(&mut self, line_break: bool) {
        match &mut self.spaces {
            Some((_, brk)) => *brk |= line_break,
            None => {
                self.spaces = Some((self.norm.len(), line_break));
                self.norm.push(' ');
            }
        }
    }

    /// The words of the normalized text, mapped back to original bytes.
    fn words(self) -> Words {
        let mut words = Words::default();
        let units = &self.units;
        let unit_at = |from: usize, k: usize| {
            let mut u = from;
            while u + 1 < units.len() && units[u + 1].norm <= k {
                u += 1;
            }
            u
        };
        let mut u = 0;
        for (at, w) in word_indices(&self.norm) {
            let last = at + w.len() - 1;
            u = unit_at(u, at);
            let first = &units[u];
            let start = if first.identity {
                first.start + (at - first.norm)
            } else {
                first.start
            };
            u = unit_at(u, last);
            let end_unit = &units[u];
            let end = if end_unit.identity {
                end_unit.start + (last - end_unit.norm) + 1
            } else {
                end_unit.start + end_unit.len
            };
            words.spans.push(start..end);
            words.hashes.push(fold(xxh3_64(w.as_bytes())));
        }
        words
    }
}

/// Byte spans of `text` as character spans. Spans are in text order by
/// start, but may overlap or repeat (one source unit, such as `½`, can give
/// two words), so every offset is looked up on its own, in sorted order.
fn char_spans(text: &str, spans: &[Range<usize>]) -> Vec<[u32; 2]> {
    let mut ends: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(k, r)| [(r.start, 2 * k), (r.end, 2 * k + 1)])
        .collect();
    ends.sort_unstable();
    let mut out = vec![[0u32; 2]; spans.len()];
    let (mut byte, mut chars) = (0, 0);
    for (at, slot) in ends {
        chars += text[byte..at].chars().count();
        byte = at;
        out[slot / 2][slot % 2] = chars as u32;
    }
    out
}

/// The words of normalized text as
/// [`UnicodeSegmentation::unicode_word_indices`] finds them. UAX #29
/// through its tables is the slowest part of [`Words::of`]; but no word
/// spans a space, and most space-separated pieces are ASCII, where the rules
/// fit in a few lines (checked against unicode-segmentation in the tests).
fn word_indices(norm: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(norm.len() / 5);
    let mut at = 0;
    for piece in norm.split(' ') {
        if piece.is_ascii() {
            out.extend(ascii_word_indices(piece).map(|(i, w)| (at + i, w)));
        } else {
            out.extend(piece.unicode_word_indices().map(|(i, w)| (at + i, w)));
        }
        at += piece.len() + 1;
    }
    out
}

/// The words of ASCII text as [`UnicodeSegmentation::unicode_word_indices`]
/// finds them: runs of letters, digits and `_`, joined across one `:`, `.`
/// or `'` between letters (UAX #29 rules WB6-7) and one `,`, `;`, `.` or
/// `'` between digits (WB11-12), holding a letter or digit.
fn ascii_word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let s = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while i < s.len() && !word(s[i]) {
                i += 1;
            }
            if i == s.len() {
                return None;
            }
            let start = i;
            loop {
                while i < s.len() && word(s[i]) {
                    i += 1;
                }
                if i + 1 < s.len() && word(s[i + 1]) {
                    let (before, mid, after) = (s[i - 1], s[i], s[i + 1]);
                    let letters = before.is_ascii_alphabetic()
                        && after.is_ascii_alphabetic()
                        && matches!(mid, b':' | b'.' | b'\'');
                    let digits = before.is_ascii_digit()
                        && after.is_ascii_digit()
                        && matches!(mid, b',' | b';' | b'.' | b'\'');
                    if letters || digits {
                        i += 1;
                        continue;
                    }
                }
                break;
            }
            if s[start..i].iter().any(u8::is_ascii_alphanumeric) {
                return Some((start, &text[start..i]));
            }
        }
    })
}

/// Length of the HTML entity at the start of `s` (`&amp;`, `&#8217;`,
/// `&#x2014;`), if one is there.
fn entity_len(s: &str) -> Option<usize> {
    let body = s.as_bytes().get(1..)?;
    let end = body.iter().take(33).position(|&b| b == b';')?;
    let name = &body[..end];
    let ok = match name {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        [first, rest @ ..] => {
            first.is_ascii_alphabetic() && rest.iter().all(u8::is_ascii_alphanumeric)
        }
        [] => false,
    };
    ok.then_some(end + 2)
}

/// One aligned passage: the same text in both records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Words of the first record.
    pub a: Range<usize>,
    /// Words of the second record.
    pub b: Range<usize>,
}

/// The aligned passages of two records and how much of each they cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Passages, in the first record's order, not overlapping in it.
    pub passages: Vec<Passage>,
    /// Words of the first record.
    pub a_words: usize,
    /// Words of the second record.
    pub b_words: usize,
    /// Words of the first record inside a passage.
    pub a_covered: usize,
    /// Words of the second record inside a passage.
    pub b_covered: usize,
}

impl Alignment {
    /// Share of the first record's words inside a passage.
    pub fn a_share(&self) -> f64 {
        ratio(self.a_covered, self.a_words)
    }

    /// Share of the second record's words inside a passage.
    pub fn b_share(&self) -> f64 {
        ratio(self.b_covered, self.b_words)
    }

    /// The same alignment seen from the other record.
    pub fn swapped(&self) -> Alignment {
        let mut passages: Vec<Passage> = self
            .passages
            .iter()
            .map(|p| Passage {
                a: p.b.clone(),
                b: p.a.clone(),
            })
            .collect();
        passages.sort_by_key(|p| (p.a.start, p.b.start));
        Alignment {
            passages,
            a_words: self.b_words,
            b_words: self.a_words,
            a_covered: self.b_covered,
            b_covered: self.a_covered,
        }
    }

    /// For each word of the first (`first`) or second record, whether a
    /// passage covers it.
    pub fn covered(&self, first: bool) -> Vec<bool> {
        let len = if first { self.a_words } else { self.b_words };
        let mut mask = vec![false; len];
        for p in &self.passages {
            let r = if first { &p.a } else { &p.b };
            mask[r.clone()].fill(true);
        }
        mask
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Aligns pairs of texts with fixed settings.
#[derive(Debug, Clone, Copy)]
pub struct Aligner {
    ngram: usize,
    max_gap: usize,
    min_words: usize,
}

impl Default for Aligner {
    fn default() -> Aligner {
        Aligner::new(5)
    }
}

impl Aligner {
    /// An aligner seeding on word `ngram`-grams (as detection shingles),
    /// merging across gaps of up to 8 words and keeping passages of at
    /// least twice `ngram` words.
    pub fn new(ngram: usize) -> Aligner {
        let ngram = ngram.clamp(1, MAX_NGRAM);
        Aligner {
            ngram,
            max_gap: 8,
            min_words: 2 * ngram,
        }
    }

    /// Merge runs at most `words` apart on both sides.
    pub fn max_gap(mut self, words: usize) -> Aligner {
        self.max_gap = words;
        self
    }

    /// Drop passages shorter than `words` on either side.
    pub fn min_words(mut self, words: usize) -> Aligner {
        self.min_words = words;
        self
    }

    /// Align two original texts.
    pub fn align_texts(&self, a: &str, b: &str) -> Alignment {
        self.align(&self.words(a), &self.words(b))
    }

    /// The words of `text` with their n-grams hashed for this aligner:
    /// use this for a record aligned with several others.
    pub fn words(&self, text: &str) -> Words {
        let mut words = Words::of(text);
        if words.len() >= self.ngram {
            Shingler::new(self.ngram).sequence_into(&words.hashes, &mut words.grams);
            words.gram_n = self.ngram;
        }
        words
    }

    /// Align two records' words.
    pub fn align(&self, a: &Words, b: &Words) -> Alignment {
        let mut out = Alignment {
            a_words: a.len(),
            b_words: b.len(),
            ..Alignment::default()
        };
        let n = self.ngram.min(a.len()).min(b.len());
        if n == 0 {
            return out;
        }
        let runs = runs(a, b, n);
        let taken = take_longest(runs, a.len(), b.len(), n);
        out.passages = self.merge(taken);
        out.a_covered = out.covered(true).iter().filter(|&&c| c).count();
        out.b_covered = out.covered(false).iter().filter(|&&c| c).count();
        out
    }

    /// Merge runs (sorted by their start in `a`) that follow each other on
    /// both sides across a small gap; drop the short ones left.
    fn merge(&self, runs: Vec<Passage>) -> Vec<Passage> {
        let mut merged: Vec<Passage> = Vec::with_capacity(runs.len());
        for run in runs {
            if let Some(last) = merged.last_mut()
                && run.a.start >= last.a.end
                && run.a.start - last.a.end <= self.max_gap
                && run.b.start >= last.b.end
                && run.b.start - last.b.end <= self.max_gap
            {
                last.a.end = run.a.end;
                last.b.end = run.b.end;
                continue;
            }
            merged.push(run);
        }
        merged.retain(|p| p.a.len().min(p.b.len()) >= self.min_words);
        merged
    }
}

/// Maximal diagonal runs of matching n-grams, as word ranges (`a` start,
/// `b` start, length in words).
fn runs(a: &Words, b: &Words, n: usize) -> Vec<(usize, usize, usize)> {
    // Each of `b`'s n-grams looked up among `a`'s (in a table built once
    // when `a` is aligned with many, else by binary search): every (i, j)
    // where gram i of `a` equals gram j of `b`, as (diagonal, i).
    let gb = grams(b, n);
    let mut matches: Vec<(i64, u32)> = Vec::new();
    let mut push = |positions: &[(u32, u32)], j: usize| {
        if positions.len() <= MAX_REPEAT {
            for &(_, i) in positions {
                matches.push((i as i64 - j as i64, i));
            }
        }
    };
    if a.gram_n == n && !a.sorted.is_empty() {
        for (j, h) in gb.iter().enumerate() {
            if let Some(&(from, len)) = a.lookup.get(h) {
                push(&a.sorted[from as usize..(from + len) as usize], j);
            }
        }
    } else {
        let ka = sorted_grams(&grams(a, n));
        for (j, &h) in gb.iter().enumerate() {
            let from = ka.partition_point(|x| x.0 < h);
            let to = from + ka[from..].partition_point(|x| x.0 == h);
            push(&ka[from..to], j);
        }
    }
    // On one diagonal, consecutive grams form a run.
    matches.sort_unstable();
    let mut out = Vec::new();
    let mut k = 0;
    while k < matches.len() {
        let (diag, start) = matches[k];
        let mut end = start;
        k += 1;
        while k < matches.len() && matches[k] == (diag, end + 1) {
            end += 1;
            k += 1;
        }
        let (sa, sb) = (start as usize, (start as i64 - diag) as usize);
        out.push((sa, sb, (end - start) as usize + n));
    }
    out
}

/// The `n`-gram hashes of `words` in order: the cached ones when they are
/// for `n`.
fn grams(words: &Words, n: usize) -> Cow<'_, [u32]> {
    if words.gram_n == n {
        Cow::Borrowed(&words.grams)
    } else {
        let mut grams = Vec::new();
        Shingler::new(n).sequence_into(&words.hashes, &mut grams);
        Cow::Owned(grams)
    }
}

/// N-gram hashes as `(hash, position)`, sorted.
fn sorted_grams(grams: &[u32]) -> Vec<(u32, u32)> {
    let mut keyed: Vec<(u32, u32)> = grams
        .iter()
        .enumerate()
        .map(|(i, &h)| (h, i as u32))
        .collect();
    keyed.sort_unstable();
    keyed
}

/// Take runs longest first, each trimmed to words neither side has given
/// to a longer run; pieces shorter than one n-gram are dropped. Sorted by
/// their start in `a`.
fn take_longest(
    mut runs: Vec<(usize, usize, usize)>,
    a_len: usize,
    b_len: usize,
    n: usize,
) -> Vec<Passage> {
    runs.sort_unstable_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut taken_a = vec![false; a_len];
    let mut taken_b = vec![false; b_len];
    let mut out = Vec::new();
    for (sa, sb, len) in runs {
        let mut k = 0;
        while k < len {
            if taken_a[sa + k] || taken_b[sb + k] {
                k += 1;
                continue;
            }
            let from = k;
            while k < len && !taken_a[sa + k] && !taken_b[sb + k] {
                k += 1;
            }
            if k - from >= n {
                taken_a[sa + from..sa + k].fill(true);
                taken_b[sb + from..sb + k].fill(true);
                out.push(Passage {
                    a: sa + from..sa + k,
                    b: sb + from..sb + k,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.a.start, p.b.start));
    out
}

/// The paragraphs of a text as byte ranges: blocks separated by blank
/// lines; a text with no blank line but several lines has one paragraph
/// per line. Blocks with no visible character are left out.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        lines.push(start..i + 1);
        start = i + 1;
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let has_blank = lines.iter().any(blank);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for line in lines {
        if blank(&line) {
            out.extend(open.take());
            continue;
        }
        let line = line.start..line.start + text[line.clone()].trim_end().len();
        open = match open {
            Some(p) if has_blank => Some(p.start..line.end),
            Some(p) => {
                out.push(p);
                Some(line)
            }
            None => Some(line),
        };
    }
    out.extend(open);
    out
}

/// The paragraphs of `text` ([`paragraphs`]) holding words, as ranges of
/// `words` (the text's words).
pub fn paragraph_words(text: &str, words: &Words) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut w = 0;
    for para in paragraphs(text) {
        while w < words.len() && words.spans[w].start < para.start {
            w += 1;
        }
        let first = w;
        while w < words.len() && words.spans[w].start < para.end {
            w += 1;
        }
        if w > first {
            out.push(first..w);
        }
    }
    out
}

/// Which paragraphs of one record another printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParagraphCoverage {
    /// Paragraphs holding words.
    pub count: usize,
    /// Paragraphs printed (at least half their words in a passage), as
    /// 1-based inclusive ranges.
    pub printed: Vec<[usize; 2]>,
    /// The others, likewise.
    pub absent: Vec<[usize; 2]>,
}

impl ParagraphCoverage {
    /// Measure `text` (whose words are `words`) against the words a
    /// passage covers (`covered`, one flag per word).
    pub fn of(text: &str, words: &Words, covered: &[bool]) -> ParagraphCoverage {
        ParagraphCoverage::of_paragraphs(&paragraph_words(text, words), covered)
    }

    /// The same, with the text's paragraphs already cut into word ranges
    /// ([`paragraph_words`]), for a text measured against many others.
    pub fn of_paragraphs(paragraphs: &[Range<usize>], covered: &[bool]) -> ParagraphCoverage {
        let flags: Vec<bool> = paragraphs
            .iter()
            .map(|p| {
                let hit = covered
                    .get(p.clone())
                    .map_or(0, |c| c.iter().filter(|&&c| c).count());
                2 * hit >= p.len()
            })
            .collect();
        ParagraphCoverage::from_flags(&flags)
    }

    /// From one printed flag per paragraph.
    pub fn from_flags(flags: &[bool]) -> ParagraphCoverage {
        let mut out = ParagraphCoverage {
            count: flags.len(),
            ..ParagraphCoverage::default()
        };
        let mut k = 0;
        while k < flags.len() {
            let from = k;
            while k < flags.len() && flags[k] == flags[from] {
                k += 1;
            }
            let range = [from + 1, k];
            if flags[from] {
                out.printed.push(range);
            } else {
                out.absent.push(range);
            }
        }
        out
    }

    /// Whether paragraph `p` (1-based) was printed.
    pub fn is_printed(&self, p: usize) -> bool {
        self.printed.iter().any(|r| (r[0]..=r[1]).contains(&p))
    }

    /// `"5-11 of 14"`, `"1-3, 6 of 8"`, `"none of 8"`, `"all 8"`.
    pub fn describe(&self) -> String {
        if self.absent.is_empty() {
            return format!("all {}", self.count);
        }
        if self.printed.is_empty() {
            return format!("none of {}", self.count);
        }
        format!("{} of {}", ranges_text(&self.printed), self.count)
    }
}

/// `[[1,3],[5,5]]` as `"1-3, 5"`.
pub fn ranges_text(ranges: &[[usize; 2]]) -> String {
    ranges
        .iter()
        .map(|r| {
            if r[0] == r[1] {
                r[0].to_string()
            } else {
                format!("{}-{}", r[0], r[1])
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The harbour board voted on Tuesday to close the old ferry pier \
        after engineers found the pilings had rotted through in three places. \
        Repairs would cost more than a new pier, the board's chair said.";

    fn spans<'t>(text: &'t str, w: &Words, r: &Range<usize>) -> &'t str {
        &text[w.byte_range(r)]
    }

    #[test]
    fn words_match_the_shingler_and_keep_original_spans() {
        let text = "Caf&eacute; \u{201C}DON\u{2019}T\u{201D} &amp; ﬁle — e\u{301}te re-\n  covery";
        let w = Words::of(text);
        let mut expected = Vec::new();
        Shingler::new(1).words_into(&normalize(text), &mut expected);
        assert_eq!(w.hashes, expected);
        let got: Vec<&str> = w.spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            got,
            [
                "Caf&eacute;",
                "DON\u{2019}T",
                "ﬁle",
                "e\u{301}te",
                "re-\n  covery"
            ]
        );
    }

    #[test]
    fn char_ranges_count_characters_not_bytes() {
        let samples = [
            "plain ascii text, no surprises here",
            "\u{201C}Caf\u{e9}\u{201D} \u{2014} na\u{ef}ve \u{1F600} emoji, \u{6771}\u{4EAC} and e\u{301}te",
            "Caf&eacute; \u{bd} ﬁle re-\n  covery &#8217;tis",
        ];
        for text in samples {
            let w = Words::of(text);
            let chars: Vec<char> = text.chars().collect();
            for k in 0..w.len() {
                for r in [k..k + 1, 0..k + 1, k..w.len()] {
                    let c = w.char_range(&r);
                    let by_chars: String = chars[c].iter().collect();
                    assert_eq!(by_chars, &text[w.byte_range(&r)], "{r:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn words_agree_with_normalization_on_awkward_text() {
        let samples = [
            "a&nbsp;b &amp; c&",
            "CRLF\r\nline two\r\n\r\nthird",
            "re-\nwrapped and New-\nYork and well-  \n  under and x -\ny",
            "co\u{00AD}op\u{200B}eration \u{200B} gap",
            "caf\u{e9} cafe\u{301} \u{1F600} emoji \u{6771}\u{4EAC} kanji",
            "\u{2018}quoted\u{2019} \u{2014} dash\u{2010}ed `tick` 4.3 1,000 e.g.",
            "&#8217;tis &#x2014; &bogus; &",
            "\u{FF26}\u{FF55}\u{FF4C}\u{FF4C} width \u{FB01}le",
        ];
        let shingler = Shingler::new(1);
        for text in samples {
            let w = Words::of(text);
            let mut expected = Vec::new();
            shingler.words_into(&normalize(text), &mut expected);
            assert_eq!(w.hashes, expected, "{text:?}");
            for (span, hash) in w.spans.iter().zip(&w.hashes) {
                // Each span, normalized alone, is the word it stands for.
                let mut alone = Vec::new();
                shingler.words_into(&normalize(&text[span.clone()]), &mut alone);
                assert_eq!(alone, [*hash], "{:?} in {text:?}", &text[span.clone()]);
            }
        }
    }

    #[test]
    fn ascii_words_follow_uax29() {
        let mut samples: Vec<String> = [
            "don't stop: e.g. 4.3 1,000,000 3;4 a:b a.b.c 1.2.3 x'y 9'9 a1.b 1a,2",
            "_lead trail_ __ _ a_b 1_2 a._b 'quoted' \"dq\" end. end, a-b a--b",
            "a..b 1,,2 a:1 1:a .5 5. 'a '1 a' co-op U.S.A. 3.14's",
        ]
        .map(String::from)
        .to_vec();
        // And seeded random strings over the characters that matter.
        let alphabet = b"ab19_:.',;\" -\n";
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let len = (x % 24) as usize;
            let mut t = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(alphabet[(x % alphabet.len() as u64) as usize] as char);
            }
            samples.push(t);
        }
        for t in &samples {
            let fast: Vec<(usize, &str)> = ascii_word_indices(t).collect();
            let uax: Vec<(usize, &str)> = t.unicode_word_indices().collect();
            assert_eq!(fast, uax, "{t:?}");
        }
    }

    #[test]
    fn identical_texts_align_whole() {
        let al = Aligner::default().align_texts(STORY, STORY);
        assert_eq!(al.passages.len(), 1);
        assert_eq!(al.a_covered, al.a_words);
        assert_eq!(al.a_share(), 1.0);
        assert_eq!(al.b_share(), 1.0);
    }

    #[test]
    fn boilerplate_and_a_changed_word_leave_one_passage_with_spans() {
        let b = format!(
            "SHARE THIS STORY on every platform you like today.\n\n{}\n\nSubscribe now.",
            STORY.replace("rotted", "decayed")
        );
        let (wa, wb) = (Words::of(STORY), Words::of(&b));
        let al = Aligner::default().align(&wa, &wb);
        assert_eq!(al.passages.len(), 1, "{al:?}");
        let p = &al.passages[0];
        assert!(spans(STORY, &wa, &p.a).starts_with("The harbour board"));
        assert!(spans(&b, &wb, &p.b).starts_with("The harbour board"));
        assert!(spans(&b, &wb, &p.b).ends_with("chair said"));
        assert_eq!(al.a_share(), 1.0);
        assert!(al.b_share() < 0.8);
    }

    #[test]
    fn reordered_paragraphs_are_separate_passages() {
        let p1 = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima.";
        let p2 = "Mike november oscar papa quebec romeo sierra tango uniform victor whiskey.";
        let a = format!("{p1}\n\n{p2}");
        let b = format!("{p2}\n\n{p1}");
        let al = Aligner::default().align_texts(&a, &b);
        assert_eq!(al.passages.len(), 2);
        assert_eq!(al.a_covered, al.a_words);
        assert_eq!(al.swapped().swapped(), al);
    }

    #[test]
    fn a_shared_stock_phrase_is_not_a_passage() {
        let a = "Officials said in a statement on Monday that the bridge would reopen.";
        let b = "The mayor said in a statement on Monday that taxes would fall sharply.";
        let al = Aligner::default().align_texts(a, b);
        assert!(al.passages.is_empty(), "{al:?}");
        assert!(
            !Aligner::default()
                .min_words(5)
                .align_texts(a, b)
                .passages
                .is_empty()
        );
    }

    #[test]
    fn repeated_text_does_not_blow_up_and_aligns_once() {
        let a = "spam ".repeat(5000);
        let al = Aligner::default().align_texts(&a, &a);
        assert!(al.a_covered <= al.a_words);
        let b = format!("{a} {STORY}");
        let al = Aligner::default().align_texts(STORY, &b);
        assert_eq!(al.a_share(), 1.0);
    }

    #[test]
    fn paragraphs_split_on_blank_lines_else_lines() {
        let t = "One.\nstill one\n\n  \nTwo\r\n\r\nThree";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["One.\nstill one", "Two", "Three"]);
        let t = "a\nb\n\nc";
        assert_eq!(paragraphs(t).len(), 2);
        let t = "a\nb\nc\n";
        assert_eq!(paragraphs(t).len(), 3);
    }

    #[test]
    fn paragraph_coverage_names_the_printed_ones() {
        let paras: Vec<String> = (0..8)
            .map(|i| format!("Paragraph {i} words one two three four five six seven eight nine."))
            .collect();
        let origin = paras.join("\n\n");
        let excerpt = paras[3..6].join("\n\n");
        let wo = Words::of(&origin);
        let al = Aligner::default().align(&wo, &Words::of(&excerpt));
        let cov = ParagraphCoverage::of(&origin, &wo, &al.covered(true));
        assert_eq!(cov.count, 8);
        assert_eq!(cov.printed, vec![[4, 6]]);
        assert_eq!(cov.absent, vec![[1, 3], [7, 8]]);
        assert_eq!(cov.describe(), "4-6 of 8");
        assert!(cov.is_printed(5) && !cov.is_printed(7));
    }

    #[test]
    fn entities_are_one_unit() {
        assert_eq!(entity_len("&amp; x"), Some(5));
        assert_eq!(entity_len("&#x2014;"), Some(8));
        assert_eq!(entity_len("&#8217;"), Some(7));
        assert_eq!(entity_len("& co;"), None);
        assert_eq!(entity_len("&;"), None);
    }
}
