//! HTML entity decoding, the first stage of normalization, telling its
//! [`Track`] where each decoded entity was.
//!
//! `html_escape` does the decoding proper (which names exist, which numbers
//! are characters); this only finds where entities can be, so that their
//! positions are known. Its decoder takes an entity to be an `&`, then
//! anything but `&` up to the first `;`: such a candidate is decoded on its
//! own, and where that changes it, it was an entity. The result is what
//! `html_escape::decode_html_entities` makes of the whole text (a property
//! test checks it), which is what plain normalization, having nothing to
//! tell, calls instead.

use std::borrow::Cow;

use super::offsets::Track;

/// `text` with its HTML entities decoded; `track` is told of each one.
pub(super) fn decode<'a, T: Track>(text: &'a str, track: &mut T) -> Cow<'a, str> {
    let Some(first) = text.find('&') else {
        return Cow::Borrowed(text);
    };
    if !T::ON {
        // Nothing to tell: the whole text at once is faster.
        return html_escape::decode_html_entities(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut amp = Some(first);
    // A candidate runs from an `&` to the first `;`; an `&` before that
    // starts another candidate, and with neither there is no entity left.
    while let Some(at) = amp
        && let Some(len) = bytes[at + 1..].iter().position(|&b| b == b';' || b == b'&')
    {
        let end = at + 1 + len;
        let next = if bytes[end] == b';' {
            out.push_str(&text[copied..at]);
            let from = out.len();
            let candidate = &text[at..=end];
            html_escape::decode_html_entities_to_string(candidate, &mut out);
            if out[from..] != *candidate {
                track.entity(from..out.len(), at..end + 1);
            }
            copied = end + 1;
            end + 1
        } else {
            end
        };
        amp = text[next..].find('&').map(|k| next + k);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the entities decoded, as `(decoded, original)` ranges.
    #[derive(Default)]
    struct Entities(Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>);

    impl Track for Entities {
        const ON: bool = true;
        fn entity(&mut self, decoded: std::ops::Range<usize>, original: std::ops::Range<usize>) {
            self.0.push((decoded, original));
        }
        fn source(&mut self, _: std::ops::Range<usize>) {}
        fn wrote(&mut self, _: usize) {}
        fn unwrote(&mut self) {}
    }

    #[test]
    fn entities_are_decoded_and_located() {
        let text = "AT&T; &amp;&#x2014; &bogus; &#8217;tis & co;";
        let mut found = Entities::default();
        let decoded = decode(text, &mut found);
        assert_eq!(decoded, "AT&T; &\u{2014} &bogus; \u{2019}tis & co;");
        assert_eq!(decoded, html_escape::decode_html_entities(text));
        let originals: Vec<&str> = found.0.iter().map(|(_, o)| &text[o.clone()]).collect();
        assert_eq!(originals, ["&amp;", "&#x2014;", "&#8217;"]);
        for (d, o) in &found.0 {
            assert_eq!(
                decoded[d.clone()],
                html_escape::decode_html_entities(&text[o.clone()])
            );
        }
    }

    #[test]
    fn text_without_ampersands_is_borrowed() {
        let mut found = Entities::default();
        assert!(matches!(
            decode("plain; text", &mut found),
            Cow::Borrowed(_)
        ));
        assert_eq!(decode("a &&amp; b &", &mut found), "a && b &");
        assert_eq!(decode("&#;&#x;&;&", &mut found), "&#;&#x;&;&");
        assert_eq!(found.0, [(3..4, 3..8)]);
    }

    proptest::proptest! {
        #[test]
        fn decoding_matches_html_escape(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "&", ";", "#", "x", "X", "amp", "lt", "nGt", "eacute", "2014", "41",
                    "0", "a", " ", "\u{e9}", "&amp;", "&#x301;", "&#8217;", "&nbsp;",
                ]),
                0..24,
            )
        ) {
            let text: String = text.concat();
            proptest::prop_assert_eq!(
                decode(&text, &mut Entities::default()),
                html_escape::decode_html_entities(&text)
            );
        }
    }
}
