use super::*;

/// A small redb file, as bytes, closed cleanly.
fn redb_file() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.redb");
    let db = redb::Database::create(&path).unwrap();
    let table: redb::TableDefinition<u32, &str> = redb::TableDefinition::new("t");
    let txn = db.begin_write().unwrap();
    txn.open_table(table).unwrap().insert(1, "one").unwrap();
    txn.commit().unwrap();
    drop(db);
    std::fs::read(&path).unwrap()
}

fn at(bytes: &[u8], len: usize) -> Header {
    check(&bytes[..len.min(4096)], len as u64)
}

fn is_damaged(h: &Header, says: &str) -> bool {
    matches!(h, Header::Damaged(what) if what.contains(says))
}

#[test]
fn a_file_redb_wrote_is_whole() {
    let bytes = redb_file();
    assert_eq!(at(&bytes, bytes.len()), Header::Whole);
}

#[test]
fn every_cut_is_found() {
    let bytes = redb_file();
    assert_eq!(at(&bytes, 0), Header::Empty);
    for len in [
        1,
        5,
        9,
        100,
        320,
        4096,
        4097,
        8192,
        bytes.len() - 4096,
        bytes.len() - 1,
    ] {
        let h = at(&bytes, len);
        assert!(is_damaged(&h, "cut short"), "{len}: {h:?}");
    }
}

#[test]
fn longer_by_whole_pages_is_left_to_redb() {
    let mut bytes = redb_file();
    bytes.extend_from_slice(&[0; 4096]);
    assert_eq!(at(&bytes, bytes.len()), Header::Whole);
    bytes.extend_from_slice(&[0; 100]);
    assert!(is_damaged(&at(&bytes, bytes.len()), "not whole pages"));
}

#[test]
fn foreign_files_and_changed_magic() {
    let text = b"{\"id\": \"a\", \"text\": \"not an index\"}\n".repeat(200);
    assert_eq!(at(&text, text.len()), Header::Foreign);
    assert_eq!(at(b"x", 1), Header::Foreign);
    let mut bytes = redb_file();
    bytes[2] ^= 1;
    assert!(is_damaged(&at(&bytes, bytes.len()), "magic"));
}

#[test]
fn header_fields_and_commit_slot_are_checked() {
    let bytes = redb_file();
    let damaged_at = |offset: usize, says: &str| {
        let mut b = bytes.clone();
        b[offset] ^= 0x04;
        let h = at(&b, b.len());
        assert!(is_damaged(&h, says), "byte {offset}: {h:?}");
    };
    damaged_at(13, "page size");
    damaged_at(24, "header says");
    // Each byte of the primary commit slot.
    let primary = 64 + usize::from(bytes[9] & PRIMARY_BIT) * SLOT_SIZE;
    for offset in [primary, primary + 8, primary + 100, primary + SLOT_SIZE - 1] {
        damaged_at(offset, "checksum");
    }
}
