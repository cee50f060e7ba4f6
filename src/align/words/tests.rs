//! The words of [`Words::of`] against the shingler's, their spans against
//! the original text, and the ASCII word rule against UAX #29.

use super::*;
use crate::detect::normalize::normalize;
use crate::detect::shingle::Shingler;

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
        let fast: Vec<(usize, &str)> =
            crate::detect::shingle::ascii_words_with_offsets(t).collect();
        let uax: Vec<(usize, &str)> = t.unicode_word_indices().collect();
        assert_eq!(fast, uax, "{t:?}");
    }
}

#[test]
fn an_entity_is_one_source_and_a_non_entity_is_text() {
    let text = "Caf&eacute;s &amp;co AT&T; &bogus; x&#x301;y";
    let w = Words::of(text);
    let got: Vec<&str> = w.spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(got, ["Caf&eacute;s", "co", "AT", "T", "bogus", "x&#x301;y"]);
}

#[test]
fn char_spans_count_characters_of_overlapping_spans() {
    let text = "\u{337b} caf\u{e9} x";
    // "㍻" is "平成" in NFKC, two words both spanning all of it.
    let w = Words::of(text);
    assert_eq!(w.spans, [0..3, 0..3, 4..9, 10..11]);
    assert_eq!(char_spans(text, &w.spans), [[0, 1], [0, 1], [2, 6], [7, 8]]);
    assert_eq!(w.char_range(&(1..3)), 0..6);
    assert_eq!(w.char_range(&(2..2)), 0..0);
}

#[test]
fn word_indices_are_positions_in_the_normalized_text() {
    let norm = "don't stop\nna\u{ef}ve 3.14 caf\u{e9}";
    let got = word_indices(norm);
    assert_eq!(
        got,
        [
            (0, "don't"),
            (6, "stop"),
            (11, "na\u{ef}ve"),
            (18, "3.14"),
            (23, "caf\u{e9}")
        ]
    );
}
