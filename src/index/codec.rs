//! One indexed record as bytes: what a query needs to verify a candidate
//! and write it in a group, without the text.
//!
//! Layout (little-endian): `checksum u64`, then `words u32`, `boilerplate_words u32`,
//! `timestamp i64` (`i64::MIN`: none), the strings `id`, `title`, `source`,
//! `date`, `url`, `origin file` (each `u32` length then UTF-8, `u32::MAX`
//! for none), `origin line u64`, then the shingle set (`u32` count, `u32`
//! each), the signature (`u32` count, `u32` each) and the anchors (`u32`
//! count, `u32` each). Shingles dominate: about 4 bytes per word.
//!
//! The checksum is XXH3-64 of the rest, seeded with the record's number:
//! a changed byte, a record cut short, and a record found under another
//! number (a damaged key) all fail it, so a query never compares a batch
//! with features that are not the ones stored. It costs 8 bytes a record.

use anyhow::{Result, bail};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::detect::corpus::Meta;
use crate::detect::features::Features;
use crate::record::Origin;

const NONE: u32 = u32::MAX;

/// Bytes of the checksum before the record.
const CHECKSUM: usize = 8;

/// Append the encoding of record number `n` to `out`.
pub fn encode(n: u32, meta: &Meta, features: &Features, out: &mut Vec<u8>) {
    out.reserve(72 + (features.shingles.len() + features.signature.len()) * 4);
    let start = out.len();
    out.extend_from_slice(&[0; CHECKSUM]);
    put_u32(out, features.words as u32);
    put_u32(out, features.boilerplate_words as u32);
    out.extend_from_slice(&meta.timestamp.unwrap_or(i64::MIN).to_le_bytes());
    put_str(out, Some(&meta.id));
    for s in [&meta.title, &meta.source, &meta.date, &meta.url] {
        put_str(out, s.as_deref());
    }
    put_str(out, Some(&meta.origin.file));
    out.extend_from_slice(&meta.origin.line.to_le_bytes());
    put_u32(out, features.shingles.len() as u32);
    for s in &features.shingles {
        out.extend_from_slice(&s.to_le_bytes());
    }
    put_u32(out, features.signature.len() as u32);
    for s in &features.signature {
        out.extend_from_slice(&s.to_le_bytes());
    }
    put_u32(out, features.anchors.len() as u32);
    for a in &features.anchors {
        out.extend_from_slice(&a.to_le_bytes());
    }
    let sum = xxh3_64_with_seed(&out[start + CHECKSUM..], u64::from(n));
    out[start..start + CHECKSUM].copy_from_slice(&sum.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            put_u32(out, s.len() as u32);
            out.extend_from_slice(s.as_bytes());
        }
        None => put_u32(out, NONE),
    }
}

/// Decode record number `n`, written by [`encode`]. Errors say what is
/// wrong with the record, to follow "record N".
pub fn decode(n: u32, bytes: &[u8]) -> Result<(Meta, Features)> {
    let Some((sum, bytes)) = bytes.split_first_chunk::<CHECKSUM>() else {
        bail!("is cut short ({} bytes)", bytes.len());
    };
    if u64::from_le_bytes(*sum) != xxh3_64_with_seed(bytes, u64::from(n)) {
        bail!("fails its checksum");
    }
    let mut r = Cursor { bytes, at: 0 };
    let words = r.u32()? as usize;
    let boilerplate_words = r.u32()? as usize;
    let timestamp = match i64::from_le_bytes(r.array()?) {
        i64::MIN => None,
        t => Some(t),
    };
    let id = r.string()?.unwrap_or_default();
    let title = r.string()?;
    let source = r.string()?;
    let date = r.string()?;
    let url = r.string()?;
    let file = r.string()?.unwrap_or_default();
    let line = u64::from_le_bytes(r.array()?);
    let n = r.u32()? as usize;
    let shingles = (0..n)
        .map(|_| r.array().map(u32::from_le_bytes))
        .collect::<Result<Vec<u32>>>()?;
    let n = r.u32()? as usize;
    let signature = (0..n)
        .map(|_| r.array().map(u32::from_le_bytes))
        .collect::<Result<Vec<u32>>>()?;
    let n = r.u32()? as usize;
    let anchors = (0..n)
        .map(|_| r.array().map(u32::from_le_bytes))
        .collect::<Result<Vec<u32>>>()?;
    if r.at != bytes.len() {
        bail!("has {} bytes left over", bytes.len() - r.at);
    }
    let meta = Meta {
        id,
        title,
        source,
        date,
        url,
        origin: Origin::new(file, line),
        timestamp,
    };
    let features = Features {
        words,
        boilerplate_words,
        shingles,
        signature,
        anchors,
        // Not stored: an indexed record's containment is measured on all
        // of it (the edges are a refinement of find's; see ARCHITECTURE).
        edges: None,
        parked: None,
    };
    Ok((meta, features))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        match self.bytes.get(self.at..self.at + n) {
            Some(s) => {
                self.at += n;
                Ok(s)
            }
            None => bail!("is cut short at byte {}", self.at + CHECKSUM),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn string(&mut self) -> Result<Option<String>> {
        match self.u32()? {
            NONE => Ok(None),
            n => match String::from_utf8(self.take(n as usize)?.to_vec()) {
                Ok(s) => Ok(Some(s)),
                Err(_) => bail!("holds invalid UTF-8 at byte {}", self.at + CHECKSUM),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let meta = Meta {
            id: "a-1".into(),
            title: Some("Ferry pier closes".into()),
            source: None,
            date: Some("2024-09-23".into()),
            url: None,
            origin: Origin::new("day1.jsonl", 7),
            timestamp: Some(1_727_049_600),
        };
        let features = Features {
            words: 120,
            boilerplate_words: 9,
            shingles: vec![1, 5, u32::MAX],
            signature: vec![3, 2, 1],
            anchors: vec![5],
            edges: None,
            parked: None,
        };
        let mut bytes = Vec::new();
        encode(7, &meta, &features, &mut bytes);
        assert_eq!(decode(7, &bytes).unwrap(), (meta, features));
        let err = |bytes: &[u8], n| decode(n, bytes).unwrap_err().to_string();
        assert_eq!(err(&bytes[..bytes.len() - 1], 7), "fails its checksum");
        assert_eq!(err(&bytes[..3], 7), "is cut short (3 bytes)");
        // The same bytes under another number: a damaged key.
        assert_eq!(err(&bytes, 8), "fails its checksum");
        for at in [0, 9, 40, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assert_eq!(err(&flipped, 7), "fails its checksum", "byte {at}");
        }
    }

    /// Bytes that pass the checksum but not the layout (a writer's bug,
    /// not damage) are refused, not read past.
    #[test]
    fn layout_errors_after_a_good_checksum() {
        let with_sum = |body: &[u8]| {
            let mut out = xxh3_64_with_seed(body, 0).to_le_bytes().to_vec();
            out.extend_from_slice(body);
            out
        };
        let err = |body: &[u8]| decode(0, &with_sum(body)).unwrap_err().to_string();
        assert_eq!(err(&[1, 0, 0, 0]), "is cut short at byte 12");
        let mut body = vec![0u8; 16];
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(&[0xff, 0xfe]);
        assert_eq!(err(&body), "holds invalid UTF-8 at byte 30");
    }
}
