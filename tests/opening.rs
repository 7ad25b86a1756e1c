//! Opening a chart safely: one writer per file whatever the path, creation that leaves either no
//! chart or a whole one, and refusals that change nothing (the file and its WAL hash the same
//! before and after), each saying what is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{Chart, options, reopen_with};
use rooming::store::{ChartKey, ChartState, OpenError, Store, examine};
use sha2::{Digest, Sha256};

fn sha(path: &std::path::Path) -> Option<Vec<u8>> {
    std::fs::read(path)
        .ok()
        .map(|b| Sha256::digest(&b).to_vec())
}

fn wal(path: &std::path::Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// A chart whose last writes are still in its WAL, as a crash leaves it: the files copied while
/// the chart is open, so no checkpoint has folded the WAL in.
fn chart_with_wal(patients: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut chart = Chart::new();
    for i in 0..patients {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("chart.rooming");
    for suffix in ["", "-wal", ".keys"] {
        let mut from = chart.path().into_os_string();
        from.push(suffix);
        let mut to = copy.clone().into_os_string();
        to.push(suffix);
        std::fs::copy(&from, &to).unwrap();
    }
    assert!(std::fs::metadata(wal(&copy)).unwrap().len() > 0);
    (dir, copy)
}

#[test]
fn a_second_path_to_the_same_file_is_refused_while_it_is_open() {
    let chart = Chart::new();
    let symlink = chart.dir.path().join("linked.rooming");
    let hard = chart.dir.path().join("hard.rooming");
    std::os::unix::fs::symlink(chart.path(), &symlink).unwrap();
    std::fs::hard_link(chart.path(), &hard).unwrap();
    for other in [&symlink, &hard] {
        // With its key file beside it too, as a copy of the folder would have it.
        std::fs::copy(
            chart.path().with_extension("rooming.keys"),
            other.with_extension("rooming.keys"),
        )
        .unwrap();
        let err = reopen_with(other, options()).err().unwrap();
        assert!(
            matches!(err, OpenError::AlreadyOpen { .. }),
            "{}: {err}",
            other.display()
        );
    }
    drop(chart.store);
}

#[test]
fn a_creation_cut_short_leaves_no_chart_and_set_up_starts_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.rooming");
    // What a kill between the key file and the rename leaves: a half-built chart and its keys.
    std::fs::write(dir.path().join("chart.rooming.creating"), b"half").unwrap();
    std::fs::write(dir.path().join("chart.rooming.keys"), b"{}").unwrap();
    assert_eq!(examine(&path).unwrap(), ChartState::Missing);
    let (store, _) = Store::create(
        &path,
        &common::clinic(),
        &common::administrator(),
        options(),
    )
    .unwrap();
    assert!(!dir.path().join("chart.rooming.creating").exists());
    drop(store);
    assert_eq!(examine(&path).unwrap(), ChartState::Encrypted);
    common::reopen(&path);
    // An empty file (an older version's interrupted start) is named for what it is.
    let empty = dir.path().join("empty.rooming");
    std::fs::write(&empty, b"").unwrap();
    let err = examine(&empty).unwrap_err();
    assert!(matches!(err, OpenError::Empty { .. }), "{err}");
    assert!(err.to_string().contains("holds nothing"), "{err}");
}

/// A crash can leave the WAL without its index (`-shm`): the chart opens, with every write.
#[test]
fn a_chart_left_with_its_wal_and_no_index_opens_whole() {
    let (_dir, path) = chart_with_wal(20);
    let store = reopen_with(&path, options()).unwrap();
    assert_eq!(store.patient_count().unwrap(), 20);
}

#[test]
fn a_damaged_chart_with_a_wal_is_refused_and_neither_file_changes() {
    let (_dir, path) = chart_with_wal(200);
    let mut bytes = std::fs::read(&path).unwrap();
    // Several places past the first page, so live pages are hit whatever the layout.
    for part in 1..8 {
        let at = bytes.len() * part / 8;
        for b in bytes.iter_mut().skip(at).take(600) {
            *b = 0x5A;
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    let (before, before_wal) = (sha(&path), sha(&wal(&path)));
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("has not changed it"), "{err}");
    assert_eq!(sha(&path), before, "the chart");
    assert_eq!(
        sha(&wal(&path)),
        before_wal,
        "its WAL, neither folded in nor removed"
    );
}

#[test]
fn a_newer_chart_is_refused_and_unchanged() {
    let (_dir, path) = chart_with_wal(3);
    {
        let store = common::reopen(&path);
        store
            .connection()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        // Kept with its WAL, as a crash would leave it.
        let copy = path.with_extension("copy");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::copy(wal(&path), wal(&copy)).unwrap();
        drop(store);
        std::fs::rename(&copy, &path).unwrap();
        std::fs::rename(wal(&copy), wal(&path)).unwrap();
    }
    let (before, before_wal) = (sha(&path), sha(&wal(&path)));
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::TooNew { found: 99, .. }), "{err}");
    assert_eq!(sha(&path), before);
    assert_eq!(sha(&wal(&path)), before_wal);
}

#[test]
fn a_foreign_database_with_roomings_mark_is_refused_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    for (name, version) in [
        ("odd.rooming", 3),
        ("zero.rooming", 0),
        ("negative.rooming", -4),
    ] {
        let path = dir.path().join(name);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {}; PRAGMA user_version = {version};
                 CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');",
                rooming::store::APPLICATION_ID
            ))
            .unwrap();
        }
        let before = sha(&path);
        let err = Store::open(&path, ChartKey::Plain, options())
            .err()
            .unwrap();
        assert!(
            matches!(err, OpenError::Unrecognized { .. }),
            "{name}: {err}"
        );
        let words = err.to_string();
        assert!(words.contains("has not changed it"), "{words}");
        assert!(
            !words.contains("CREATE"),
            "no raw SQL in the message: {words}"
        );
        assert_eq!(sha(&path), before, "{name}");
    }
}
