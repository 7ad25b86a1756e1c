//! Faults of the disk and the file: a full disk (by `max_page_count`) still lets a chart be
//! opened and read, keeps what was typed, says so, and clears when space returns; a read-only,
//! empty or truncated file is refused in words and left as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::ui::{app, everything_said, harness, has_text, press, room_patient, type_into};
use common::{Chart, options, reopen_with};
use egui::Key;
use egui_kittest::kittest::Queryable;
use rooming::clinical::audit::AuditAction;
use rooming::store::{OpenError, StoreError};

fn page_count(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap()
}

/// Lets the chart grow by no more pages than it has now: the next write that needs a page fails
/// as on a full disk.
fn fill_the_disk(conn: &rusqlite::Connection) {
    conn.pragma_update(None, "max_page_count", page_count(conn))
        .unwrap();
}

fn free_the_disk(conn: &rusqlite::Connection) {
    conn.pragma_update(None, "max_page_count", 1_073_741_823_i64)
        .unwrap();
}

#[test]
fn on_a_full_disk_a_chart_opens_and_reads_and_the_opening_is_audited_later() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let staff = chart.staff.id;
    // Enough rows that the next ones need new pages.
    for i in 0..50 {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    fill_the_disk(chart.store.connection());
    let mut opened = 0;
    let mut refused = false;
    for _ in 0..200 {
        // Reading never fails for want of space...
        let read = chart.store.open_chart(patient.id, staff).unwrap();
        assert_eq!(read.demographics.family_name, "Smith");
        opened += 1;
        // ...while a registration, which needs new pages, is refused in words.
        match chart.store.register_patient(
            &rooming::clinical::patient::NewPatient {
                mrn: None,
                demographics: read.demographics.clone(),
            },
            staff,
        ) {
            Err(StoreError::DiskFull) => {
                refused = true;
                break;
            }
            Err(other) => panic!("{other}"),
            Ok(_) => {}
        }
    }
    assert!(refused, "the disk filled");
    assert!(chart.store.disk_full());
    assert!(
        StoreError::DiskFull.to_string().contains("disk is full"),
        "said in words"
    );
    free_the_disk(chart.store.connection());
    chart.store.open_chart(patient.id, staff).unwrap();
    assert!(!chart.store.disk_full(), "cleared when a write succeeds");
    let opened_rows = chart
        .store
        .audit_trail(patient.id)
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::ChartOpened)
        .count();
    assert_eq!(
        opened_rows,
        opened + 1,
        "every opening, held while the disk was full"
    );
}

#[test]
fn a_full_disk_keeps_what_was_typed_says_so_and_clears_when_space_returns() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    for i in 0..50 {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    fill_the_disk(app(&h).store().connection());
    type_into(&mut h, "Systolic", "118");
    type_into(&mut h, "Diastolic", "76");
    // Saves until the disk refuses one (the first may still fit in a page).
    for _ in 0..30 {
        press(&mut h, Key::Enter);
        if app(&h).store().disk_full() {
            break;
        }
        type_into(&mut h, "Systolic", "118");
        type_into(&mut h, "Diastolic", "76");
    }
    assert!(app(&h).store().disk_full(), "{}", everything_said(&h));
    assert!(has_text(&h, "The disk is full"), "{}", everything_said(&h));
    assert_eq!(
        h.get_by_label("Systolic").value().as_deref(),
        Some("118"),
        "what was typed is still there"
    );
    free_the_disk(app(&h).store().connection());
    h.get_by_label("Diastolic").focus();
    h.run();
    press(&mut h, Key::Enter);
    assert!(!app(&h).store().disk_full());
    assert!(
        has_text(&h, "There is room on the disk again"),
        "{}",
        everything_said(&h)
    );
    assert!(!has_text(&h, "The disk is full"));
}

#[test]
fn a_truncated_chart_is_refused_and_left_as_it_was() {
    let mut chart = Chart::new();
    for i in 0..200 {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    let path = chart.path();
    drop(chart.store);
    let bytes = std::fs::read(&path).unwrap();
    let half = bytes.get(..bytes.len() / 2).unwrap().to_vec();
    std::fs::write(&path, &half).unwrap();
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(
        matches!(
            err,
            OpenError::Corrupt { .. } | OpenError::NotADatabase { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("not changed") || err.to_string().contains("has not changed"));
    assert_eq!(std::fs::read(&path).unwrap(), half);
}

#[test]
fn a_read_only_chart_is_refused_in_words() {
    use std::os::unix::fs::PermissionsExt;
    let chart = Chart::new();
    let path = chart.path();
    drop(chart.store);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::ReadOnlyFile { .. }), "{err}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
