//! HTML entity decoding, the first stage of normalization, telling its
//! [`Track`] where each decoded entity was.
//!
//! `html_escape` does the decoding proper (which names exist, which numbers
//! are characters); this only finds where entities can be, so that their
//! positions are known. Its decoder takes an entity to be an `&`, then
//! anything but `&` up to the first `;`: such a candidate is decoded on its
//! own, and where that changes it, it was an entity. Text encoded twice
//! (`&amp;quot;`) is decoded until it stops changing. On text scrapers
//! make, the result is what decoding the whole text until it stops
//! changing makes of it (a property test checks it); the one difference
//! is by design: an entity that only forms across a decoded one and the
//! text after it (`&amp;a&fjlig;;` is `&af;` here, html_escape reading
//! `&fjlig;` as `f`, and is not decoded again to U+2061) is left as it
//! is. Plain normalization goes through the same
//! scan, with nothing to tell, so that it and alignment's offset-keeping
//! normalization agree on every text.

use std::borrow::Cow;

use super::offsets::Track;

/// `text` with its HTML entities decoded; `track` is told of each one.
pub(super) fn decode<'a, T: Track>(text: &'a str, track: &mut T) -> Cow<'a, str> {
    let Some(first) = text.find('&') else {
        return Cow::Borrowed(text);
    };
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
            html_escape::decode_html_entities_to_string(&text[at..=end], &mut out);
            let end = decode_encoded_amp(text, end, from, &mut out);
            if out[from..] != text[at..=end] {
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

/// An entity decoded to a lone `&` (`&amp;`, `&#38;`) that the text goes
/// on from as another entity (`&amp;quot;`: text encoded twice over, as
/// scrapers of scrapers make it) is decoded with it, until the text stops
/// changing. `out[from..]` is
/// what the entity ending at `end` decoded to; returns where the last one
/// joined ends.
fn decode_encoded_amp(text: &str, mut end: usize, from: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    while &out[from..] == "&" {
        let rest = &bytes[end + 1..];
        let Some(len) = rest.iter().position(|&b| b == b';' || b == b'&') else {
            break;
        };
        if rest[len] != b';' {
            break;
        }
        let close = end + 1 + len;
        let joined = format!("&{}", &text[end + 1..=close]);
        let decoded = html_escape::decode_html_entities(&joined);
        if decoded == joined {
            break;
        }
        out.truncate(from);
        out.push_str(&decoded);
        end = close;
    }
    end
}

/// HTML entities decoded until the text stops changing: `&amp;quot;` is a
/// quote, not the five characters `&quot;`. Each round that changes the text
/// shortens it, so this ends. The reference [`decode`] is checked against.
#[cfg(test)]
pub(super) fn decode_fully(text: &str) -> Cow<'_, str> {
    let mut decoded = html_escape::decode_html_entities(text);
    while decoded.contains('&') {
        let again = html_escape::decode_html_entities(&decoded).into_owned();
        if again == decoded {
            break;
        }
        decoded = Cow::Owned(again);
    }
    decoded
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
        assert_eq!(decoded, decode_fully(text));
        let originals: Vec<&str> = found.0.iter().map(|(_, o)| &text[o.clone()]).collect();
        assert_eq!(originals, ["&amp;", "&#x2014;", "&#8217;"]);
        for (d, o) in &found.0 {
            assert_eq!(decoded[d.clone()], decode_fully(&text[o.clone()]));
        }
    }

    #[test]
    fn text_encoded_twice_is_decoded_twice() {
        let mut found = Entities::default();
        let text = "said &amp;quot;no&amp;quot; &amp;amp; left &amp;x; &amp;";
        let decoded = decode(text, &mut found);
        assert_eq!(decoded, "said \"no\" & left &x; &");
        assert_eq!(decode_fully(text), decoded);
        // The first entity is located as the whole twice-encoded span.
        assert_eq!(found.0[0], (5..6, 5..15));
        assert_eq!(decode("a &amp;amp;lt;b", &mut Entities::default()), "a <b");
    }

    #[test]
    fn an_entity_formed_across_a_decoded_one_is_left() {
        // `&amp;` + `a` + `&fjlig;` (html_escape reads it as `f`) + `;`
        // spell `&af;`, which the whole text decoded again reads as U+2061.
        let text = "&amp;a&fjlig;;";
        assert_eq!(decode(text, &mut Entities::default()), "&af;");
        assert_eq!(decode(text, &mut ()), "&af;");
        assert_eq!(decode_fully(text), "\u{2061}");
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
                decode_fully(&text)
            );
        }
    }
}
