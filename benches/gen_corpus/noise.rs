//! Typography, re-wrapping and OCR noise.
//!
//! What a copy goes through on its way to another outlet's page without
//! anyone meaning to change it: curly quotes straightened or curled,
//! `&amp;` entities, lines re-wrapped at a column (with hyphenated line
//! ends), and for scanned pages misread, dropped, doubled characters and
//! words split or joined.

use crate::rng::Rng;

/// Straight quotes and double hyphens to curly quotes and dashes.
pub fn curl(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev = ' ';
    for c in text.chars() {
        let opening = prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '-');
        match c {
            '"' => out.push(if opening { '“' } else { '”' }),
            '\'' => out.push(if opening { '‘' } else { '’' }),
            _ => out.push(c),
        }
        prev = c;
    }
    out.replace(" -- ", " — ").replace("--", "—")
}

/// Curly quotes and dashes back to straight quotes and double hyphens.
pub fn straighten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '—' => out.push_str("--"),
            _ => out.push(c),
        }
    }
    out
}

/// Flip the typography of a copy: quotes and dashes, and `&` entities.
pub fn retypeset(text: &str, rng: &mut Rng) -> String {
    let curly = text.contains(['“', '”', '’', '—']);
    let mut out = if curly { straighten(text) } else { curl(text) };
    if rng.chance(0.5) || !out.contains('&') {
        if out.contains("&amp;") {
            out = out.replace("&amp;", "&");
        } else if out.contains('&') {
            out = out.replace('&', "&amp;");
        }
    }
    out
}

/// Re-wrap every line at about `width` characters, splitting long words
/// with a hyphen at the line end when `hyphenate` allows.
pub fn wrap(text: &str, width: usize, hyphenate: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let mut len = 0usize;
        for word in line.split_whitespace() {
            let wlen = word.chars().count();
            if len == 0 {
                out.push_str(word);
                len = wlen;
                continue;
            }
            if len + 1 + wlen <= width {
                out.push(' ');
                out.push_str(word);
                len += 1 + wlen;
                continue;
            }
            let room = width.saturating_sub(len + 2); // a space and the hyphen
            let letters = word.chars().all(|c| c.is_alphabetic());
            if letters && wlen >= 7 && room >= 2 && rng.chance(hyphenate) {
                let cut = room.min(wlen - 3);
                let at = word.char_indices().nth(cut).map_or(word.len(), |(i, _)| i);
                out.push(' ');
                out.push_str(&word[..at]);
                out.push_str("-\n");
                out.push_str(&word[at..]);
                len = wlen - cut;
            } else {
                out.push('\n');
                out.push_str(word);
                len = wlen;
            }
        }
    }
    out
}

/// What a scanner takes a character for, if it has a look-alike.
pub fn misread(c: char, rng: &mut Rng) -> Option<&'static str> {
    Some(match c {
        'e' => "c",
        'c' => "e",
        'l' => rng.pick_s(&["1", "I", "i"]),
        'i' => rng.pick_s(&["l", "1", "í"]),
        'I' => "l",
        '1' => "l",
        'o' => rng.pick_s(&["0", "a"]),
        'O' => "0",
        '0' => "O",
        'a' => "o",
        'n' => rng.pick_s(&["u", "ri"]),
        'u' => "n",
        'm' => "rn",
        'h' => "b",
        'b' => "h",
        't' => "f",
        'f' => "t",
        'S' => "5",
        '5' => "S",
        'B' => "8",
        '8' => "B",
        'g' => "q",
        'v' => "y",
        'y' => "v",
        'E' => "F",
        'r' => "n",
        'd' => "cl",
        'w' => "vv",
        ',' => ".",
        '.' => ",",
        _ => return None,
    })
}

/// Character noise: misread, dropped and doubled characters, words split
/// by a stray space and joined by a lost one.
pub fn ocr_noise(text: &str, rate: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if !rng.chance(rate * 0.5) {
                out.push(' ');
            }
        } else if c.is_whitespace() || !rng.chance(rate) {
            out.push(c);
        } else {
            match rng.below(10) {
                0..=5 => {
                    if c == 'r' && chars.peek() == Some(&'n') {
                        chars.next();
                        out.push('m');
                    } else if let Some(s) = misread(c, rng) {
                        out.push_str(s);
                    } else if c.is_ascii_lowercase() {
                        out.push((b'a' + rng.below(26) as u8) as char);
                    } else {
                        out.push(c);
                    }
                }
                6 | 7 => {} // dropped
                8 => {
                    out.push(c);
                    out.push(c);
                }
                _ => {
                    if prev.is_alphabetic() && c.is_alphabetic() {
                        out.push(' ');
                    }
                    out.push(c);
                }
            }
        }
        prev = c;
    }
    out
}
