//! Shingle sets parked on disk: what keeps a million records in a laptop's
//! memory.
//!
//! A record's shingle set and edges are most of what the run holds of it
//! (600 words: about 2.4 KB of set and 1.2 KB of edges, against a few
//! hundred bytes of everything else), and only verification, clustering
//! and the output's similarities read them, one pair at a time. So past a
//! budget (`--set-memory`) each record's set and edges are written to an
//! unnamed temporary file as its batch is featurized and read back when a
//! pair needs them. Candidates are found from signatures and anchors,
//! which stay in memory. The file is made in `TMPDIR` (or `/tmp`) and is
//! gone when the process ends, however it ends: it has no name.
//!
//! Reads are `pread`s, not a memory map: pages read through a map count in
//! the process's resident memory, the page cache a read goes through does
//! not. A read that fails (the disk went away) is kept and reported once
//! the stage is over ([`Spill::check`]); until then the record reads as
//! empty.

use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::{Context, Result};

use super::edges::Edges;
use super::features::{Features, Set};

/// The default budget of `--set-memory`, in MiB: what the shingle sets and
/// edges of the records read first may hold before later records' go to
/// disk. A 2 GiB machine runs a million 600-word records with it.
pub const DEFAULT_MIB: u64 = 512;

/// Where a parked record's set and edges are in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parked {
    /// Byte offset of the set.
    at: u64,
    /// Shingles in the set.
    len: u32,
    /// Whether edges follow the set: a prose byte (255 for none, then a
    /// flag) and each shingle's span.
    edges: bool,
}

impl Parked {
    /// Shingles in the parked set.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the parked set is empty (never: empty sets are not parked).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn bytes(&self) -> usize {
        let edges = if self.edges { 2 + 2 * self.len() } else { 0 };
        4 * self.len() + edges
    }
}

/// The temporary file parked sets are in, and the budget before parking.
#[derive(Debug)]
pub struct Spill {
    /// Bytes of sets and edges held in memory before records are parked.
    budget: u64,
    /// Bytes held in memory so far.
    held: u64,
    /// The file, made when the first record is parked.
    file: Option<File>,
    /// Where the file is made (for messages).
    dir: PathBuf,
    /// Bytes written.
    len: u64,
    /// Records parked.
    parked: usize,
    /// The first read that failed.
    failed: OnceLock<String>,
    /// A batch's bytes before they are written.
    buffer: Vec<u8>,
}

impl Spill {
    /// A spill holding up to `budget` bytes of sets and edges in memory.
    pub fn new(budget: u64) -> Spill {
        Spill {
            budget,
            held: 0,
            file: None,
            dir: std::env::temp_dir(),
            len: 0,
            parked: 0,
            failed: OnceLock::new(),
            buffer: Vec::new(),
        }
    }

    /// Records parked so far, and the bytes they take on disk.
    pub fn parked(&self) -> (usize, u64) {
        (self.parked, self.len)
    }

    /// Keep each record's set and edges in memory while the budget lasts,
    /// park it past that. Records without a signature stay: they are too
    /// short to pair but by their exact set, which candidate generation
    /// reads, and hold a few shingles.
    pub fn park(&mut self, features: &mut [Features]) -> Result<()> {
        self.buffer.clear();
        let start = self.len;
        for f in features.iter_mut() {
            if f.signature.is_empty() || f.shingles.is_empty() || f.parked.is_some() {
                continue;
            }
            let bytes = held_bytes(f);
            if self.held + bytes <= self.budget {
                self.held += bytes;
                continue;
            }
            let at = start + self.buffer.len() as u64;
            for s in &f.shingles {
                self.buffer.extend_from_slice(&s.to_le_bytes());
            }
            if let Some(e) = &f.edges {
                let (spans, prose) = e.parts();
                self.buffer
                    .extend_from_slice(&[prose.unwrap_or(0), u8::from(prose.is_some())]);
                for s in spans {
                    self.buffer.extend_from_slice(&s.to_le_bytes());
                }
            }
            f.parked = Some(Parked {
                at,
                len: f.shingles.len() as u32,
                edges: f.edges.is_some(),
            });
            f.shingles = Vec::new();
            f.edges = None;
            self.parked += 1;
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        if self.file.is_none() {
            let file = tempfile::tempfile_in(&self.dir).with_context(|| {
                format!(
                    "cannot make a temporary file for shingle sets in {} \
                     (TMPDIR names the folder; --set-memory holds more in memory)",
                    self.dir.display()
                )
            })?;
            self.file = Some(file);
        }
        let file = self.file.as_mut().expect("made above");
        file.write_all(&self.buffer).with_context(|| {
            format!(
                "cannot write shingle sets to a temporary file in {} \
                 (TMPDIR names the folder; --set-memory holds more in memory)",
                self.dir.display()
            )
        })?;
        self.len += self.buffer.len() as u64;
        if self.buffer.capacity() > 1 << 24 {
            self.buffer = Vec::new();
        }
        Ok(())
    }

    /// Read a parked record's set and edges into `buf`.
    fn load<'b>(&self, parked: Parked, buf: &'b mut Loaded) -> Set<'b> {
        if buf.record == Some(parked.at) {
            return Set {
                shingles: &buf.shingles,
                edges: buf.edges.as_ref(),
            };
        }
        buf.record = Some(parked.at);
        buf.bytes.resize(parked.bytes(), 0);
        let read = match &self.file {
            Some(file) => file.read_exact_at(&mut buf.bytes, parked.at),
            None => Err(io::Error::other("no file")),
        };
        buf.shingles.clear();
        buf.edges = None;
        if let Err(e) = read {
            buf.record = None;
            let _ = self.failed.set(format!(
                "cannot read shingle sets back from their temporary file in {}: {e}",
                self.dir.display()
            ));
            return Set {
                shingles: &buf.shingles,
                edges: None,
            };
        }
        let (set, edges) = buf.bytes.split_at(4 * parked.len());
        buf.shingles.extend(
            set.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
        if parked.edges {
            let prose = (edges[1] == 1).then_some(edges[0]);
            let spans = edges[2..]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            buf.edges = Some(Edges::from_parts(spans, prose));
        }
        Set {
            shingles: &buf.shingles,
            edges: buf.edges.as_ref(),
        }
    }

    /// The first read that failed, as an error.
    pub fn check(&self) -> Result<()> {
        match self.failed.get() {
            Some(e) => Err(anyhow::anyhow!("{e}")),
            None => Ok(()),
        }
    }
}

/// What a record's set and edges take in memory.
fn held_bytes(f: &Features) -> u64 {
    let edges = f.edges.as_ref().map_or(0, |e| 2 * e.parts().0.len() + 64);
    (4 * f.shingles.len() + edges) as u64
}

/// A reader's room for one parked record read back.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The parked record read into it last (read again only for another).
    record: Option<u64>,
    bytes: Vec<u8>,
    shingles: Vec<u32>,
    edges: Option<Edges>,
}

/// The records' sets and edges, held or parked: what verification,
/// clustering and the output's similarities read.
#[derive(Debug, Clone, Copy)]
pub struct Sets<'a> {
    features: &'a [Features],
    spill: Option<&'a Spill>,
}

impl<'a> Sets<'a> {
    /// Sets all held in memory (none parked).
    pub fn held(features: &'a [Features]) -> Sets<'a> {
        Sets {
            features,
            spill: None,
        }
    }

    /// Sets held in `features` or parked in `spill`.
    pub fn new(features: &'a [Features], spill: Option<&'a Spill>) -> Sets<'a> {
        Sets { features, spill }
    }

    /// The records' features (what else they hold: words, anchors).
    pub fn features(&self) -> &'a [Features] {
        self.features
    }

    /// Record `i`'s set and edges, read back into `buf` if parked.
    pub fn get<'b>(&self, i: usize, buf: &'b mut Loaded) -> Set<'b>
    where
        'a: 'b,
    {
        let f = &self.features[i];
        match (f.parked, self.spill) {
            (Some(parked), Some(spill)) => spill.load(parked, buf),
            _ => f.set(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::boilerplate::Boilerplate;
    use crate::detect::features::{Featurizer, Scratch};
    use crate::detect::params::Params;

    fn featurize(texts: &[&str]) -> Vec<Features> {
        let f = Featurizer::new(&Params::default());
        let mut scratch = Scratch::default();
        texts
            .iter()
            .map(|t| {
                let tokens = f.tokens(t, &mut scratch);
                f.features(&tokens, &Boilerplate::none(), None, &mut scratch)
            })
            .collect()
    }

    const STORY: &str = "Page 4\n\nThe harbour board voted on Tuesday to close the north pier for repairs that engineers say will take most of the coming winter and cost more than the board had set aside.\n\nFishing crews will moor at the south quay until the work is done, the board said in a statement read out at the end of the meeting.\n\nShare this";
    const PLAIN: &str = "The library will open on Sundays from next month after the town council found money for two more librarians in its spring budget review.";
    const SHORT: &str = "kalo mi";

    #[test]
    fn parked_sets_read_back_as_they_were() {
        let held = featurize(&[STORY, PLAIN, SHORT, STORY]);
        assert!(held[0].edges.is_some(), "the story has edge lines");
        assert!(held[1].edges.is_none());
        let mut parked = held.clone();
        let mut spill = Spill::new(0);
        spill.park(&mut parked[..2]).unwrap();
        spill.park(&mut parked[2..]).unwrap();
        // The two-word record has no signature: it stays.
        assert_eq!(spill.parked().0, 3);
        assert!(parked[2].parked.is_none());
        let sets = Sets::new(&parked, Some(&spill));
        let (mut buf, mut other) = (Loaded::default(), Loaded::default());
        for (i, f) in held.iter().enumerate() {
            assert_eq!(parked[i].set_len(), f.shingles.len());
            let set = sets.get(i, &mut buf);
            assert_eq!(set.shingles, f.shingles.as_slice());
            assert_eq!(set.edges, f.edges.as_ref());
            // Two records read back at once, each into its own room.
            let a = sets.get(0, &mut other);
            assert_eq!(a.shingles, held[0].shingles.as_slice());
        }
        spill.check().unwrap();
    }

    #[test]
    fn records_are_held_while_the_budget_lasts() {
        let mut features = featurize(&[PLAIN, PLAIN, PLAIN]);
        let one = held_bytes(&features[0]);
        let mut spill = Spill::new(2 * one);
        spill.park(&mut features).unwrap();
        assert_eq!(spill.parked().0, 1);
        assert!(features[0].parked.is_none() && features[1].parked.is_none());
        assert!(features[2].parked.is_some() && features[2].shingles.is_empty());
        assert_eq!(spill.parked().1, 4 * features[2].set_len() as u64);
    }

    #[test]
    fn nothing_is_written_when_all_is_held() {
        let mut features = featurize(&[STORY, PLAIN]);
        let mut spill = Spill::new(u64::MAX);
        spill.park(&mut features).unwrap();
        assert_eq!(spill.parked(), (0, 0));
        assert!(spill.file.is_none());
    }
}
