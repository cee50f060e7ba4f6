//! Paragraph coverage: which paragraphs of one record another printed.
//!
//! A spread report says "printed paragraphs 5-11 of 14" rather than a word
//! share, because editors cut reprints by paragraphs. Paragraphs are cut
//! from the original text (its blank lines, or its lines), and a paragraph
//! counts as printed when passages cover at least half its words.

use std::ops::Range;

use serde::Serialize;

use super::words::Words;

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
    use crate::align::Aligner;

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
    fn paragraph_words_skip_paragraphs_without_words() {
        let t = "one two\n\n-- --\n\nthree";
        let w = Words::of(t);
        assert_eq!(paragraph_words(t, &w), [0..2, 2..3]);
    }

    #[test]
    fn coverage_from_flags_and_its_descriptions() {
        let cov = ParagraphCoverage::from_flags(&[true, true, false, true]);
        assert_eq!(cov.printed, [[1, 2], [4, 4]]);
        assert_eq!(cov.absent, [[3, 3]]);
        assert_eq!(cov.describe(), "1-2, 4 of 4");
        assert_eq!(
            ParagraphCoverage::from_flags(&[true; 3]).describe(),
            "all 3"
        );
        assert_eq!(
            ParagraphCoverage::from_flags(&[false; 2]).describe(),
            "none of 2"
        );
        // Half a paragraph's words is enough.
        let cov = ParagraphCoverage::of_paragraphs(&[0..2, 2..5], &[true, false, true]);
        assert_eq!(cov.printed, [[1, 1]]);
        assert_eq!(ranges_text(&[[1, 3], [5, 5]]), "1-3, 5");
        assert_eq!(ranges_text(&[]), "");
    }
}
