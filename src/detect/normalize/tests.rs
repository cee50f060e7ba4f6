//! Normalization's rules on examples, its fast paths against the general
//! rule, and the offset-keeping variant against plain normalization.

use super::*;

#[test]
fn quotes_dashes_entities_and_case() {
    assert_eq!(
        normalize("\u{201C}Don\u{2019}t\u{201D} &mdash; Caf&eacute; &amp; BAR"),
        "\"don't\" - café & bar"
    );
}

#[test]
fn nfkc_folds_compatibility_forms() {
    assert_eq!(normalize("ｆｕｌｌ ﬁle"), "full file");
}

#[test]
fn whitespace_folds_but_keeps_line_breaks() {
    assert_eq!(normalize("  a \t b\r\n c  "), "a b\nc");
    // Blank lines end a paragraph: one `\n\n` however many, a `\r\n` one
    // line end, a line of spaces blank.
    assert_eq!(normalize("  a \t b\r\n\r\n\n c  "), "a b\n\nc");
    assert_eq!(normalize("a\r\nb\n \t\nc\r\rd"), "a\nb\n\nc\nd");
    // A word hyphenated before a blank line is no split word.
    assert_eq!(normalize("east-\n\nwest"), "east-\n\nwest");
}

#[test]
fn a_run_of_spaces_is_a_line_break() {
    // Paragraphs a scraper joined with spaces; two after a full stop are
    // only typing habit.
    assert_eq!(
        normalize("He said.     The council"),
        "he said.\nthe council"
    );
    assert_eq!(normalize("He said.  The council"), "he said. the council");
    // No-break spaces are spaces after NFKC: `&nbsp;` runs space out
    // paragraphs on scraped pages too.
    assert_eq!(normalize("He said.\u{a0}\u{a0}\u{a0}The"), "he said.\nthe");
    assert_eq!(normalize("a\t\t\tb"), "a b");
}

#[test]
fn words_hyphenated_at_line_ends_are_joined() {
    assert_eq!(
        normalize("the recov-\nery was well-\n  under way"),
        "the recovery was wellunder way"
    );
    // A dash between words, or before a capital, is not a split word.
    assert_eq!(normalize("east -\nwest"), "east -\nwest");
    assert_eq!(normalize("New-\nYork"), "new-\nyork");
}

/// The general rule alone, for checking the fast paths against: every
/// character (entities decoded as normalization decodes them) through
/// [`Folder::char`].
fn normalize_reference(text: &str) -> String {
    let decoded = super::entities::decode(text, &mut ());
    let mut out = String::new();
    let mut nothing = ();
    let mut folder = Folder::new(&mut nothing);
    for c in decoded.nfkc() {
        folder.char(c, &mut out);
    }
    out
}

proptest::proptest! {
    #[test]
    fn ascii_path_matches_the_general_rule(
        text in proptest::collection::vec(
            proptest::sample::select(b"aZ-`' \t\n\r\x0b\x0c\0.x9Q&;".to_vec()),
            0..60,
        )
    ) {
        let text = String::from_utf8(text).unwrap();
        proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
    }

    #[test]
    fn mixed_text_matches_the_general_rule(
        text in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', 'Z', '-', '`', '\'', ' ', '\t', '\n', '\r', '\0', '9', '&', ';',
                'é', 'É', 'ß', 'İ', 'Σ', '\u{2019}', '\u{201C}', '\u{2014}', '\u{00AD}',
                '\u{200B}', '\u{00A0}', '\u{2028}', '\u{3000}', 'ﬁ', 'ｆ', 'Ａ', 'e',
                '\u{0301}',
            ]),
            0..60,
        )
    ) {
        let text: String = text.into_iter().collect();
        proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
    }
}

#[test]
fn fast_paths_agree_with_the_general_rule_on_a_story() {
    let story =
        "The Harbour-\nBoard met on `Tuesday'.\r\n\r\n  It voted 5-2 to re-\nopen\tthe pier.\x0c";
    assert_eq!(normalize(story), normalize_reference(story));
    let curly = "The Caf\u{00E9}-\nbar\u{2019}s \u{201C}re-\nopening\u{201D} \u{2014} \u{00C9}T\u{00C9}\u{00A0}ﬁnal";
    assert_eq!(normalize(curly), normalize_reference(curly));
}

#[test]
fn invisible_characters_are_dropped() {
    assert_eq!(normalize("co\u{00AD}op\u{200B}eration"), "cooperation");
}

/// Normalize with offsets, and check what every text must satisfy: the same
/// text as plain normalization, one source per byte, each a non-empty
/// range of the original between character boundaries, in text order.
fn check_offsets(text: &str) -> Result<(String, Offsets), proptest::test_runner::TestCaseError> {
    let (mut out, mut offsets) = (String::new(), Offsets::default());
    normalize_with_offsets(text, &mut out, &mut offsets);
    proptest::prop_assert_eq!(&out, &normalize(text));
    proptest::prop_assert_eq!(offsets.len(), out.len());
    let mut last = 0..0;
    for k in 0..offsets.len() {
        let src = offsets.of_byte(k);
        proptest::prop_assert!(src.start < src.end && src.end <= text.len(), "{src:?}");
        proptest::prop_assert!(text.is_char_boundary(src.start) && text.is_char_boundary(src.end));
        proptest::prop_assert!(
            src.start >= last.start && src.end >= last.end,
            "{src:?} after {last:?}"
        );
        last = src;
    }
    Ok((out, offsets))
}

/// Texts of `len` pieces drawn from `pieces`.
fn texts(
    pieces: Vec<&'static str>,
    len: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(pieces), 0..len).prop_map(|p| p.concat())
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #[test]
    fn offsets_on_ascii_text(
        text in texts(vec!["a", "Z", "-", "`", "'", " ", "\t", "\n", "\r", "\x0b", "\0", "9", ".", "x"], 60)
    ) {
        check_offsets(&text)?;
    }

    #[test]
    fn offsets_on_curly_quoted_text(
        text in texts(vec![
            "a", "B", " ", "\n", "-", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}",
            "\u{2014}", "\u{2013}", "\u{00AB}", "\u{00BB}", "\u{00A0}", "\u{00AD}",
        ], 60)
    ) {
        check_offsets(&text)?;
    }

    #[test]
    fn offsets_on_entity_laden_text(
        text in texts(vec![
            "a", "Q", " ", "\n", "-", ";", "&", "#", "x", "&amp;", "&AMP;", "&lt;", "&nbsp;",
            "&eacute;", "&Eacute;", "&#8217;", "&#x2014;", "&#x301;", "&#10;", "&#0;",
            "&nGt;", "&fjlig;", "&bogus;", "&#xZZ;", "&shy;",
        ], 40)
    ) {
        check_offsets(&text)?;
    }

    #[test]
    fn offsets_on_mixed_alphabet_text(
        text in texts(vec![
            "a", "Z", "-", " ", "\n", "\u{e9}", "\u{c9}", "\u{df}", "\u{130}", "\u{3a3}",
            "\u{3c3}", "e", "\u{301}", "\u{323}", "\u{308}", "\u{fb01}", "\u{ff46}",
            "\u{ff21}", "\u{bd}", "\u{3000}", "\u{2028}", "\u{200B}", "\u{6771}",
            "\u{1100}", "\u{1161}", "\u{11a8}", "\u{ac00}", "\u{3131}", "\u{314f}",
            "\u{ff76}", "\u{ff9e}", "\u{0915}", "\u{094d}", "\u{0937}", "\u{1f600}",
            "\u{0344}", "\u{0f73}", "\u{2126}", "&#x301;", "&amp;",
        ], 40)
    ) {
        check_offsets(&text)?;
    }
}

#[test]
fn an_entity_formed_across_decoded_text_is_normalized_alike_with_offsets() {
    check_offsets("&amp;a&fjlig;;").unwrap();
}

#[test]
fn offsets_point_at_what_each_byte_stands_for() {
    let text = "Caf&eacute; \u{201C}DON\u{2019}T\u{201D} \u{fb01}le e\u{301}te re-\n  covery";
    let (out, offsets) = check_offsets(text).unwrap();
    assert_eq!(out, "caf\u{e9} \"don't\" file \u{e9}te recovery");
    let of = |word: &str| {
        let at = out.find(word).unwrap();
        &text[offsets.original(at..at + word.len())]
    };
    assert_eq!(of("caf\u{e9}"), "Caf&eacute;");
    assert_eq!(of("don't"), "DON\u{2019}T");
    assert_eq!(of("file"), "\u{fb01}le");
    assert_eq!(of("\u{e9}te"), "e\u{301}te");
    assert_eq!(of("recovery"), "re-\n  covery");
    assert_eq!(
        &text[offsets.of_byte(out.find('\u{e9}').unwrap())],
        "&eacute;"
    );
}

#[test]
fn nfkc_pieces_keep_marks_with_their_letters() {
    let text = "e\u{301}\u{fb01}\u{1100}\u{1161}x\u{ff76}\u{ff9e}";
    let pieces: Vec<&str> = nfkc_pieces(text).map(|r| &text[r]).collect();
    assert_eq!(
        pieces,
        [
            "e\u{301}",
            "\u{fb01}",
            "\u{1100}\u{1161}",
            "x",
            "\u{ff76}\u{ff9e}"
        ]
    );
    assert_eq!(nfkc_pieces("").count(), 0);
}
