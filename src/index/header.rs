//! redb's file header, checked before redb is given the file.
//!
//! redb trusts the header it reads: a file cut short fails an `assert!`
//! inside `Database::open` (`storage.raw_file_len()? >= header.layout()
//! .len()`), and a few other header fields it reads unchecked (the region
//! geometry, the commit slot of a cleanly closed file) can make it panic
//! or read garbage. A truncated copy is the commonest damage an index meets
//! (a full disk, a cut transfer), so every command reads the header first
//! and refuses such a file with what it found, leaving redb only files
//! whose header is whole.
//!
//! The layout read here is redb's file format 2 and 3, as written in redb
//! 2.6's `tree_store/page_store/header.rs` and `layout.rs` (the super-header
//! is one page: magic, god byte, page size, region geometry, then two
//! 128-byte commit slots each ending in an XXH3-128 checksum). A redb
//! upgrade that changed it would fail this file's unit tests, which check
//! headers redb has just written.

use xxhash_rust::xxh3::xxh3_128;

/// redb's magic number (inspired by PNG's).
const MAGIC: [u8; 9] = *b"redb\x1a\x0a\xa9\x0d\x0a";
/// The page size of every index: redb's default, never changed here.
const PAGE_SIZE: u64 = 4096;
/// The super-header: 64 bytes, then two commit slots of 128.
const HEADER_SIZE: usize = 64 + 2 * SLOT_SIZE;
const SLOT_SIZE: usize = 128;
/// God byte flags.
const PRIMARY_BIT: u8 = 1;
const RECOVERY_REQUIRED: u8 = 2;

/// What the start of a file says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// An empty file: a first `index add` stopped before redb wrote
    /// anything (or a file made empty some other way).
    Empty,
    /// Not a redb file at all.
    Foreign,
    /// A redb file whose header is whole and agrees with the file's length.
    Whole,
    /// A redb file that cannot be right: what is wrong.
    Damaged(String),
}

/// Check `head`, the first bytes of a file of `len` bytes.
pub fn check(head: &[u8], len: u64) -> Header {
    if len == 0 {
        return Header::Empty;
    }
    let magic_differs = MAGIC.iter().zip(head).filter(|(a, b)| a != b).count();
    // A byte or two changed in a redb magic number is damage; a file
    // starting some other way (or too short to tell) was never an index.
    let tolerated = if head.len() < MAGIC.len() { 0 } else { 2 };
    if magic_differs > tolerated {
        return Header::Foreign;
    }
    if magic_differs > 0 {
        return Header::Damaged("its first bytes are not redb's magic number".into());
    }
    if head.len() < HEADER_SIZE || len < PAGE_SIZE {
        return Header::Damaged(format!(
            "the file is {len} bytes, shorter than its header (cut short?)"
        ));
    }
    match geometry(head, len) {
        Err(what) => Header::Damaged(what),
        Ok(()) => match commit_slot(head) {
            Err(what) => Header::Damaged(what),
            Ok(()) => Header::Whole,
        },
    }
}

fn u32_at(head: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(
        head[at..at + 4].try_into().expect("4 bytes"),
    ))
}

/// The page size and region geometry are sane, and the file is as long as
/// the header says (or longer by whole regions or pages, as a killed
/// commit that grew the file leaves it: redb recovers those).
fn geometry(head: &[u8], len: u64) -> Result<(), String> {
    let page_size = u32_at(head, 12);
    if page_size != PAGE_SIZE {
        return Err(format!("its header gives a page size of {page_size}"));
    }
    let header_pages = u32_at(head, 16);
    let max_pages = u32_at(head, 20);
    let full_regions = u32_at(head, 24);
    let trailing_pages = u32_at(head, 28);
    // redb's regions hold up to 2^20 pages; their headers are a few pages.
    if !(1..=1 << 20).contains(&max_pages) || !(1..=1 << 16).contains(&header_pages) {
        return Err(format!(
            "its header gives regions of {max_pages} pages with {header_pages} header pages"
        ));
    }
    if full_regions == 0 && trailing_pages == 0 || trailing_pages >= max_pages {
        return Err(format!(
            "its header gives {full_regions} full regions and a last region of \
             {trailing_pages} pages"
        ));
    }
    let region = (header_pages + max_pages) * PAGE_SIZE;
    let trailing = match trailing_pages {
        0 => 0,
        n => (header_pages + n) * PAGE_SIZE,
    };
    let expected = PAGE_SIZE + full_regions * region + trailing;
    if len < expected {
        return Err(format!(
            "the file is {len} bytes, its header says {expected} (cut short?)"
        ));
    }
    // Longer: redb works the regions out from the length, which must then
    // come out whole.
    let mut rest = len - PAGE_SIZE;
    rest %= region;
    let whole = rest == 0
        || rest >= (header_pages + 1) * PAGE_SIZE
            && (rest - header_pages * PAGE_SIZE).is_multiple_of(PAGE_SIZE);
    if !whole {
        return Err(format!(
            "the file is {len} bytes, its header says {expected}, and the rest is not whole pages"
        ));
    }
    Ok(())
}

/// The commit slot redb will read is intact. redb checks the slots' own
/// checksums only when it recovers a file not closed cleanly; a cleanly
/// closed file's primary slot (the roots of every table) is used as found.
fn commit_slot(head: &[u8]) -> Result<(), String> {
    let god = head[9];
    if god & RECOVERY_REQUIRED != 0 {
        // redb picks a valid slot itself (an `add` was killed).
        return Ok(());
    }
    let primary = usize::from(god & PRIMARY_BIT);
    let slot = &head[64 + primary * SLOT_SIZE..64 + (primary + 1) * SLOT_SIZE];
    let (body, sum) = slot.split_at(SLOT_SIZE - 16);
    let stored = u128::from_le_bytes(sum.try_into().expect("16 bytes"));
    if xxh3_128(body) != stored {
        return Err(format!(
            "its last commit record (slot {primary} of its header) fails its checksum"
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "header/tests.rs"]
mod tests;
