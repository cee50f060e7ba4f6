use super::*;
use redb::TableDefinition;

const T: TableDefinition<u32, &str> = TableDefinition::new("t");

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn writes_stay_in_memory_and_read_back() {
    let content: Vec<u8> = (0..3 * BLOCK as usize).map(|i| i as u8).collect();
    let (_dir, path) = file_with(&content);
    let file = ReadOnlyFile::open(&path).unwrap();
    file.write(BLOCK - 2, b"abcd").unwrap();
    let got = file.read(BLOCK - 4, 8).unwrap();
    assert_eq!(&got[..2], &content[BLOCK as usize - 4..BLOCK as usize - 2]);
    assert_eq!(&got[2..6], b"abcd");
    assert_eq!(&got[6..], &content[BLOCK as usize + 2..BLOCK as usize + 4]);
    // Past the end: an error, not a panic; growing reads zeros.
    assert!(file.read(3 * BLOCK - 1, 2).is_err());
    file.set_len(4 * BLOCK).unwrap();
    assert_eq!(file.read(3 * BLOCK, 4).unwrap(), vec![0; 4]);
    // Shrunk and grown again: the file's bytes past the cut read as zeros.
    file.set_len(BLOCK).unwrap();
    file.set_len(2 * BLOCK).unwrap();
    assert_eq!(file.read(BLOCK, 4).unwrap(), vec![0; 4]);
    assert_eq!(std::fs::read(&path).unwrap(), content);
}

#[test]
fn readers_share_the_file_and_exclude_a_writer() {
    let (_dir, path) = file_with(b"");
    {
        let db = redb::Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(T).unwrap().insert(1, "one").unwrap();
        txn.commit().unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let open = || redb::Builder::new().create_with_backend(ReadOnlyFile::open(&path)?);
    let first = open().unwrap();
    let second = open().unwrap();
    for db in [&first, &second] {
        let txn = db.begin_read().unwrap();
        let table = txn.open_table(T).unwrap();
        assert_eq!(table.get(1).unwrap().unwrap().value(), "one");
    }
    assert!(matches!(
        redb::Database::create(&path),
        Err(DatabaseError::DatabaseAlreadyOpen)
    ));
    drop((first, second));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a reader changed the file"
    );
    let writer = redb::Database::create(&path).unwrap();
    assert!(matches!(open(), Err(DatabaseError::DatabaseAlreadyOpen)));
    drop(writer);
}
