//! Normalize, shingle, sign and winnow any text: no panic, and the shapes
//! later stages rely on (sorted unique shingles, anchors among them, a full
//! signature, line units adding up).
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::Params;
use reprint::boilerplate::Boilerplate;
use reprint::features::{Featurizer, Scratch};
use reprint::normalize::normalize;
use reprint::shingle::ShingleKind;

fuzz_target!(|input: &[u8]| {
    let Some((&knob, data)) = input.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(data);

    let norm = normalize(&text);
    assert!(!norm.contains('\0'));
    assert_eq!(norm.trim(), norm, "no space at either end");
    assert!(
        !norm
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace()),
        "spaces folded: {norm:?}"
    );

    let params = Params {
        ngram: (knob as usize % 8) + 1,
        shingle: if knob & 0x80 == 0 {
            ShingleKind::Words
        } else {
            ShingleKind::Chars
        },
        anchor_window: (knob as usize >> 3) % 16 + 1,
        ..Params::default()
    };
    let featurizer = Featurizer::new(&params);
    let mut scratch = Scratch::default();
    let tokens = featurizer.tokens(&text, &mut scratch);
    let units: usize = tokens.lines.iter().map(|l| l.units as usize).sum();
    assert_eq!(units, tokens.units.len());
    let f = featurizer.features(&tokens, &Boilerplate::none(), &mut scratch);
    assert!(f.shingles.windows(2).all(|w| w[0] < w[1]));
    assert!(f.anchors.windows(2).all(|w| w[0] < w[1]));
    assert!(
        f.anchors
            .iter()
            .all(|a| f.shingles.binary_search(a).is_ok())
    );
    assert_eq!(f.signature.len(), params.num_perm);
    let most = tokens.units.len().saturating_sub(params.ngram).max(0) + 1;
    assert!(f.shingles.len() <= most);
    assert_eq!(f.shingles.is_empty(), tokens.units.is_empty());
});
