//! Tamper evidence, tried as someone with the key and sqlite3 would: with every trigger dropped,
//! a row of each clinical table and of the audit log is edited, back-dated, deleted, and forged;
//! the verifier finds every one, by table and row. A chain cut short whole is found by the head
//! kept outside the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use common::Chart;
use rooming::clinical::allergy::Allergy;
use rooming::clinical::record::Retraction;
use rooming::store::{BreakKind, Store};
use rusqlite::types::Value;

/// Every table whose rows are sealed, and the column that names a row.
const SEALED: &[(&str, &str)] = &[
    ("audit_log", "seq"),
    ("chart_records", "id"),
    ("clinic_versions", "id"),
    ("entered_in_error", "id"),
    ("lot_movements", "id"),
    ("lots", "id"),
    ("patient_versions", "id"),
    ("patients", "id"),
    ("specimen_ids", "code"),
    ("staff", "id"),
    ("staff_versions", "id"),
    ("usernames", "username"),
    ("visit_status_changes", "id"),
    ("visits", "id"),
    ("vital_observations", "set_id"),
    ("vital_sets", "id"),
];

/// A chart with rows in every sealed table: the demo's patients, and one record entered in
/// error. Returned closed, as a folder to copy.
fn full_chart() -> (tempfile::TempDir, PathBuf) {
    let mut chart = Chart::new();
    let reference = rooming::clinical::reference::Reference::built_in().unwrap();
    rooming::demo::fill(
        &mut chart.store,
        &reference,
        6,
        3,
        Some(&rooming::clinical::account::Password::new(common::PASSWORD)),
    )
    .unwrap();
    let (record, patient): (String, String) = chart
        .store
        .connection()
        .query_row(
            "SELECT id, patient_id FROM chart_records WHERE kind = 'allergy' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let _ = patient;
    chart
        .store
        .record_entered_in_error::<Allergy>(
            record.parse().unwrap(),
            &Retraction::new("charted on the wrong patient").unwrap(),
            chart.staff.id,
        )
        .unwrap();
    let report = chart.store.verify(None).unwrap();
    assert!(report.is_intact(), "{:?}", report.breaks);
    for (table, _) in SEALED {
        let n: i64 = chart
            .store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "{table} has rows to tamper with");
    }
    let path = chart.path();
    let dir = chart.dir;
    drop(chart.store);
    (dir, path)
}

/// A copy of the chart folder to spoil.
fn copy_of(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("chart.rooming");
    for suffix in ["", ".keys", ".health"] {
        let mut a = from.as_os_str().to_owned();
        a.push(suffix);
        let mut b = to.as_os_str().to_owned();
        b.push(suffix);
        if Path::new(&a).exists() {
            std::fs::copy(&a, &b).unwrap();
        }
    }
    (dir, to)
}

fn drop_triggers(conn: &rusqlite::Connection) {
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\";"))
            .unwrap();
    }
}

fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The key of the row of `table` to spoil, as text.
fn some_key(conn: &rusqlite::Connection, table: &str, key: &str) -> String {
    conn.query_row(
        &format!("SELECT CAST(\"{key}\" AS TEXT) FROM \"{table}\" ORDER BY \"{key}\" DESC LIMIT 1"),
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[derive(Clone, Copy, Debug)]
enum Tamper {
    Edit,
    BackDate,
    Delete,
    Forge,
}

const TIME_COLUMNS: &[&str] = &[
    "at",
    "recorded_at",
    "created_at",
    "changed_at",
    "taken_at",
    "started_at",
    "received_at",
    "given_at",
    "issued_at",
];

/// Spoils one row of `table` (or adds one) on `conn`; returns the key of the row spoiled, or
/// `None` when the table has nothing of the kind (no time column to back-date).
fn tamper(conn: &rusqlite::Connection, table: &str, key: &str, how: Tamper) -> Option<String> {
    let target = some_key(conn, table, key);
    let cols = columns(conn, table);
    let where_key = format!("CAST(\"{key}\" AS TEXT) = ?1");
    match how {
        Tamper::Edit => {
            // The first column that takes a changed value (CHECK constraints stay in force).
            // Not the row's name (its key, or the vital of an observation): that would be a
            // deletion and a forgery, found as those.
            for col in cols.iter().filter(|c| {
                c.as_str() != key && !(table == "vital_observations" && c.as_str() == "vital")
            }) {
                let changed = conn.execute(
                    &format!(
                        "UPDATE \"{table}\" SET \"{col}\" = CASE typeof(\"{col}\")
                            WHEN 'text' THEN \"{col}\" || 'x'
                            WHEN 'integer' THEN \"{col}\" + 1
                            WHEN 'real' THEN \"{col}\" + 0.5
                            ELSE 'x' END
                         WHERE {where_key}"
                    ),
                    [&target],
                );
                if changed.is_ok_and(|n| n >= 1) {
                    return Some(target);
                }
            }
            panic!("no column of {table} could be edited");
        }
        Tamper::BackDate => {
            let col = TIME_COLUMNS.iter().find(|t| cols.iter().any(|c| c == *t))?;
            let n = conn
                .execute(
                    &format!(
                        "UPDATE \"{table}\" SET \"{col}\" = '2001-01-01T00:00:00.000000Z' WHERE {where_key}"
                    ),
                    [&target],
                )
                .unwrap();
            assert!(n >= 1);
            Some(target)
        }
        Tamper::Delete => {
            let n = conn
                .execute(
                    &format!("DELETE FROM \"{table}\" WHERE {where_key}"),
                    [&target],
                )
                .unwrap();
            assert!(n >= 1);
            Some(target)
        }
        Tamper::Forge => {
            // A copy of the row under a new key, every unique column made unique again.
            let row: Vec<Value> = conn
                .query_row(
                    &format!(
                        "SELECT {} FROM \"{table}\" WHERE {where_key}",
                        cols.iter()
                            .map(|c| format!("\"{c}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    [&target],
                    |r| (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect(),
                )
                .unwrap();
            let forged_key = if key == "seq" {
                Value::Integer(
                    conn.query_row("SELECT max(seq) + 1 FROM audit_log", [], |r| r.get(0))
                        .unwrap(),
                )
            } else {
                Value::Text(format!("forged-{target}"))
            };
            let values: Vec<Value> = cols
                .iter()
                .zip(row)
                .map(|(col, value)| match (col.as_str(), value) {
                    (c, _) if c == key => forged_key.clone(),
                    ("number" | "replaces", _) => Value::Null,
                    ("mrn" | "record_id" | "staff_id" | "lot_number", Value::Text(t))
                        if table != "audit_log" =>
                    {
                        Value::Text(format!("{t}-forged"))
                    }
                    (_, v) => v,
                })
                .collect();
            let marks = vec!["?"; cols.len()].join(", ");
            conn.execute(
                &format!("INSERT INTO \"{table}\" VALUES ({marks})"),
                rusqlite::params_from_iter(values),
            )
            .unwrap_or_else(|e| panic!("forging a row of {table}: {e}"));
            Some(match forged_key {
                Value::Integer(i) => i.to_string(),
                Value::Text(t) => t,
                _ => unreachable!(),
            })
        }
    }
}

#[test]
fn every_edit_back_date_deletion_and_forgery_in_every_sealed_table_is_found() {
    let (_keep, chart) = full_chart();
    let mut tried = 0;
    for (table, key) in SEALED {
        for how in [
            Tamper::Edit,
            Tamper::BackDate,
            Tamper::Delete,
            Tamper::Forge,
        ] {
            let (_dir, path) = copy_of(&chart);
            let store = common::reopen(&path);
            let conn = store.second_connection().unwrap();
            drop_triggers(&conn);
            let Some(row) = tamper(&conn, table, key, how) else {
                continue;
            };
            tried += 1;
            let report = store.verify(None).unwrap();
            let expected = match how {
                Tamper::Edit | Tamper::BackDate => BreakKind::RowChanged,
                Tamper::Delete => BreakKind::RowDeleted,
                Tamper::Forge => BreakKind::RowUnsealed,
            };
            let found = report
                .breaks
                .iter()
                .any(|b| b.kind == expected && b.table == *table && b.row.starts_with(&row));
            assert!(
                found,
                "{how:?} of {table} row {row} not found; found: {:?}",
                report.breaks
            );
            let first = report.first_break().unwrap().to_string();
            assert!(!first.is_empty());
        }
    }
    assert!(tried >= 16 * 3 + 10, "{tried} tampers tried");
}

#[test]
fn a_forged_chain_link_and_a_cut_off_tail_are_found() {
    let (_keep, chart) = full_chart();
    // A chain link's content changed.
    let (_dir, path) = copy_of(&chart);
    let store = common::reopen(&path);
    let conn = store.second_connection().unwrap();
    drop_triggers(&conn);
    conn.execute(
        "UPDATE chain SET at = '2001-01-01T00:00:00.000000Z' WHERE seq = 2",
        [],
    )
    .unwrap();
    let report = store.verify(None).unwrap();
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.kind == BreakKind::ChainAltered && b.row == "2"),
        "{:?}",
        report.breaks
    );

    // The last transaction removed whole (its rows, its seals, its link): the chain alone still
    // holds together, but the head kept outside the file is missing from it.
    let (_dir, path) = copy_of(&chart);
    let store = common::reopen(&path);
    let kept = store.chain_head().unwrap().unwrap();
    let conn = store.second_connection().unwrap();
    drop_triggers(&conn);
    let seq = kept.seq;
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT tbl, key1, key2 FROM sealed_rows WHERE chain_seq = ?1")
        .unwrap()
        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (table, key1, _) in &rows {
        let key = SEALED.iter().find(|(t, _)| t == table).unwrap().1;
        conn.execute(
            &format!("DELETE FROM \"{table}\" WHERE CAST(\"{key}\" AS TEXT) = ?1"),
            [key1],
        )
        .unwrap();
    }
    conn.execute("DELETE FROM sealed_rows WHERE chain_seq = ?1", [seq])
        .unwrap();
    conn.execute("DELETE FROM chain WHERE seq = ?1", [seq])
        .unwrap();
    assert!(
        store.verify(None).unwrap().is_intact(),
        "undetectable from inside"
    );
    let report = store.verify(Some(&kept)).unwrap();
    assert_eq!(
        report.first_break().map(|b| b.kind),
        Some(BreakKind::HeadMissing)
    );
}

#[test]
fn rows_written_outside_rooming_with_the_triggers_on_are_never_sealed_by_it() {
    let (_keep, chart) = full_chart();
    let (_dir, path) = copy_of(&chart);
    {
        let store = common::reopen(&path);
        let conn = store.second_connection().unwrap();
        // The triggers note the row; Rooming is not running to seal it.
        conn.execute(
            "INSERT INTO audit_log (at, action) VALUES ('2026-11-01T00:00:00.000000Z', 'chart_opened')",
            [],
        )
        .unwrap();
    }
    // Rooming opens it later and writes: the foreign row stays unsealed and is reported.
    let mut chart_again = common::reopen(&path);
    chart_again
        .audit_access(
            rooming::clinical::audit::AuditAction::SignedIn,
            None,
            None,
            None,
        )
        .unwrap();
    let report = chart_again.verify(None).unwrap();
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.kind == BreakKind::RowUnsealed && b.table == "audit_log"),
        "{:?}",
        report.breaks
    );
    let _: Option<&Store> = None;
}

#[test]
fn the_background_walk_finds_a_change_and_the_administrator_is_told() {
    use common::ui::{everything_said, has_text, sign_in};
    let (_keep, chart) = full_chart();
    let (_dir, path) = copy_of(&chart);
    {
        let store = common::reopen(&path);
        let conn = store.second_connection().unwrap();
        conn.execute_batch(
            "DROP TRIGGER visits_no_update; UPDATE visits SET reason = 'Nothing to see';",
        )
        .unwrap();
    }
    let background = rooming::store::OpenOptions {
        integrity: rooming::store::IntegrityCheck::InBackground,
        ..common::options()
    };
    let mut h = common::ui::harness_with(&path, background);
    sign_in(&mut h);
    // The walk runs on its own thread: given up to 30 s on a loaded machine.
    for _ in 0..1500 {
        if has_text(&h, "changed outside Rooming") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    assert!(
        has_text(&h, "changed outside Rooming"),
        "{}",
        everything_said(&h)
    );
    assert!(has_text(&h, "visits"), "names the table");
}

#[test]
fn the_walk_from_the_last_head_checks_what_was_sealed_since() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let from = chart.store.chain_head().unwrap().unwrap();
    let later = chart.patient("Jones", "Ann", (1990, 1, 1));
    let conn = chart.store.second_connection().unwrap();
    assert!(
        rooming::store::verify_since(&conn, &from)
            .unwrap()
            .is_intact()
    );
    conn.execute_batch(&format!(
        "DROP TRIGGER patient_versions_no_update;
         UPDATE patient_versions SET given_names = 'Anne' WHERE patient_id = '{}';",
        later.id
    ))
    .unwrap();
    let report = rooming::store::verify_since(&conn, &from).unwrap();
    assert_eq!(
        report.first_break().map(|b| (b.kind, b.table.as_str())),
        Some((BreakKind::RowChanged, "patient_versions"))
    );
}
