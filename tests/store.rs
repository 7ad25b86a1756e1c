//! The chart store against a real temporary SQLite file: records are never changed or deleted,
//! corrections and entered-in-error chains, the audit log, search, and the refusal of files
//! that are not Rooming charts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::float_cmp,
    clippy::match_wildcard_for_single_variants
)]

mod common;

use chrono::NaiveDate;
use common::{Chart, now, options};
use rooming::clinical::checklist::{Section, SectionState};
use rooming::clinical::patient::{Demographics, NewPatient, PatientQuery, Sex};
use rooming::clinical::record::{Retraction, Standing};
use rooming::clinical::units::EnteredUnit;
use rooming::clinical::visit::VisitStatus;
use rooming::clinical::vitals::{
    Entered, Interpretation, Measured, NewVitals, Observation, ObservationResult, Vital,
    VitalsContext,
};
use rooming::store::{AuditAction, OpenError, Store, StoreError};

fn measured(vital: Vital, value: f64, text: &str) -> Observation {
    Observation {
        vital,
        result: ObservationResult::Value(Measured {
            canonical: value,
            entered: Some(Entered {
                text: text.into(),
                unit: EnteredUnit::Canonical,
            }),
            interpretation: Some(Interpretation::Normal),
            confirmed: false,
        }),
    }
}

fn vitals(systolic: f64) -> NewVitals {
    NewVitals {
        taken_at: now(),
        context: VitalsContext::default(),
        observations: vec![
            measured(Vital::Systolic, systolic, "120"),
            measured(Vital::Diastolic, 80.0, "80"),
        ],
    }
}

#[test]
fn a_new_file_gets_the_whole_schema_and_is_ours() {
    let chart = Chart::new();
    let version: i64 = chart
        .store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(
        usize::try_from(version).unwrap(),
        rooming::store::latest_version()
    );
    let journal: String = chart
        .store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let sync: i64 = chart
        .store
        .connection()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
    let fk: i64 = chart
        .store
        .connection()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    drop(chart.store);
    // Reopens cleanly: the mark in the header is found without SQLite.
    common::reopen(&chart.dir.path().join("chart.rooming"));
}

#[test]
fn triggers_refuse_update_and_delete_of_clinical_rows() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let set = chart
        .store
        .record_vitals(patient.id, visit.id, &vitals(120.0), chart.staff.id)
        .unwrap();
    let conn = chart.store.connection();
    for sql in [
        "UPDATE vital_observations SET value = 999",
        "DELETE FROM vital_observations",
        "UPDATE vital_sets SET taken_at = 'x'",
        "DELETE FROM vital_sets",
        "UPDATE patient_versions SET family_name = 'X'",
        "DELETE FROM patient_versions",
        "UPDATE patients SET mrn = 'X'",
        "DELETE FROM patients",
        "UPDATE visits SET reason = 'X'",
        "DELETE FROM visit_status_changes",
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "UPDATE clinic_versions SET name = 'x'",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("rooming:"), "{sql}: {err}");
    }
    let retraction = Retraction::new("wrong patient").unwrap();
    chart
        .store
        .vitals_entered_in_error(set.id, &retraction, chart.staff.id)
        .unwrap();
    let conn = chart.store.connection();
    assert!(conn.execute("DELETE FROM entered_in_error", []).is_err());
    assert_eq!(
        chart
            .store
            .vitals_set(set.id)
            .unwrap()
            .value(Vital::Systolic),
        Some(120.0)
    );
}

#[test]
fn corrections_chain_and_entered_in_error_keeps_history() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let by = chart.staff.id;
    let first = chart
        .store
        .record_vitals(patient.id, visit.id, &vitals(210.0), by)
        .unwrap();
    let second = chart
        .store
        .correct_vitals(first.id, &vitals(120.0), by)
        .unwrap();
    assert_eq!(second.replaces, Some(first.id));
    // The first version can no longer be corrected or retracted: only the current one can.
    assert!(matches!(
        chart.store.correct_vitals(first.id, &vitals(121.0), by),
        Err(StoreError::AlreadySuperseded)
    ));
    let retraction = Retraction::new("wrong patient").unwrap();
    assert!(matches!(
        chart
            .store
            .vitals_entered_in_error(first.id, &retraction, by),
        Err(StoreError::AlreadySuperseded)
    ));
    let third = chart
        .store
        .correct_vitals(second.id, &vitals(122.0), by)
        .unwrap();
    chart
        .store
        .vitals_entered_in_error(third.id, &retraction, by)
        .unwrap();
    assert!(matches!(
        chart.store.correct_vitals(third.id, &vitals(123.0), by),
        Err(StoreError::AlreadySuperseded)
    ));

    let history = chart.store.vitals_history(patient.id).unwrap();
    assert_eq!(history.len(), 3);
    let standing: Vec<_> = history
        .iter()
        .map(|s| (s.value(Vital::Systolic).unwrap(), s.standing.clone()))
        .collect();
    assert!(matches!(standing[0], (210.0, Standing::Replaced { .. })));
    assert!(matches!(standing[1], (120.0, Standing::Replaced { .. })));
    assert!(
        matches!(&standing[2], (122.0, Standing::EnteredInError { reason, by_name, .. }) if reason == "wrong patient" && by_name == "Ana Lopez, CMA")
    );
    // Nothing current is left, so the checklist shows vitals to do again.
    let checklist = chart.store.checklist(visit.id).unwrap();
    assert_eq!(checklist.items[0].section, Section::Vitals);
    assert_eq!(checklist.items[0].state, SectionState::ToDo);
    assert!(Retraction::new("  ").is_err());
}

#[test]
fn every_write_and_chart_opening_is_audited() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let by = chart.staff.id;
    chart.store.open_chart(patient.id, by).unwrap();
    chart
        .store
        .set_visit_status(visit.id, VisitStatus::Rooming, by)
        .unwrap();
    let set = chart
        .store
        .record_vitals(patient.id, visit.id, &vitals(120.0), by)
        .unwrap();
    let fixed = chart
        .store
        .correct_vitals(set.id, &vitals(118.0), by)
        .unwrap();
    chart
        .store
        .vitals_entered_in_error(fixed.id, &Retraction::new("duplicate").unwrap(), by)
        .unwrap();
    let actions: Vec<AuditAction> = chart
        .store
        .audit_trail(patient.id)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        [
            AuditAction::PatientRegistered,
            AuditAction::VisitStarted,
            AuditAction::VisitStatusChanged,
            AuditAction::ChartOpened,
            AuditAction::VisitStatusChanged,
            AuditAction::VitalsRecorded,
            AuditAction::VitalsCorrected,
            AuditAction::EnteredInError,
        ]
    );
    let trail = chart.store.audit_trail(patient.id).unwrap();
    assert!(
        trail
            .iter()
            .all(|a| a.staff_id == Some(by) && a.at == now())
    );
    assert_eq!(
        chart.store.audit_count(AuditAction::ClinicSetUp).unwrap(),
        1
    );
}

#[test]
fn a_failed_save_writes_nothing() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let before = chart.store.audit_trail(patient.id).unwrap().len();
    // Another connection holds the write lock: the save fails as busy, and nothing lands.
    let other = chart.store.second_connection().unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = chart
        .store
        .record_vitals(patient.id, visit.id, &vitals(120.0), chart.staff.id)
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    assert!(chart.store.vitals_history(patient.id).unwrap().is_empty());
    assert_eq!(chart.store.audit_trail(patient.id).unwrap().len(), before);
    // The retry succeeds.
    chart
        .store
        .record_vitals(patient.id, visit.id, &vitals(120.0), chart.staff.id)
        .unwrap();
}

#[test]
fn observations_keep_codes_units_and_what_was_typed() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    let mut new = vitals(120.0);
    new.observations.push(Observation {
        vital: Vital::Weight,
        result: ObservationResult::Value(Measured {
            canonical: 69.853_225_18,
            entered: Some(Entered {
                text: "154 lb".into(),
                unit: EnteredUnit::Pound,
            }),
            interpretation: None,
            confirmed: true,
        }),
    });
    new.observations.push(Observation {
        vital: Vital::Temperature,
        result: ObservationResult::NotObtained {
            reason: rooming::clinical::vitals::vital::AbsentReason::Refused,
            note: None,
        },
    });
    let set = chart
        .store
        .record_vitals(patient.id, visit.id, &new, chart.staff.id)
        .unwrap();
    let (loinc, ucum, value, text, unit, confirmed): (String, String, f64, String, String, bool) = chart
        .store
        .connection()
        .query_row(
            "SELECT loinc, ucum, value, entered_text, entered_unit, confirmed FROM vital_observations WHERE set_id = ?1 AND vital = 'weight'",
            [set.id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (
            loinc.as_str(),
            ucum.as_str(),
            text.as_str(),
            unit.as_str(),
            confirmed
        ),
        ("29463-7", "kg", "154 lb", "[lb_av]", true)
    );
    assert!((value - 69.853_225_18).abs() < 1e-12, "full precision");
    let back = chart.store.vitals_set(set.id).unwrap();
    assert_eq!(back.observations.len(), 4);
    assert!(matches!(
        back.observation(Vital::Temperature).unwrap().result,
        ObservationResult::NotObtained { .. }
    ));
}

#[test]
fn search_by_name_parts_dob_and_mrn() {
    let mut chart = Chart::new();
    let john = chart.patient("Smith", "John", (1980, 3, 2));
    chart.patient("Smithers", "Joanna", (1975, 1, 9));
    chart.patient("Jones", "Smitty", (1980, 3, 2));
    chart.patient("Brown", "Alice", (2001, 7, 4));
    let search = |store: &Store, text: &str| -> Vec<String> {
        store
            .search_patients(&PatientQuery::parse(text), 50)
            .unwrap()
            .patients
            .into_iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.demographics.family_name, p.demographics.given_names
                )
            })
            .collect()
    };
    assert_eq!(
        search(&chart.store, "smi jo"),
        ["Jones Smitty", "Smith John", "Smithers Joanna"]
    );
    assert_eq!(search(&chart.store, "smith john"), ["Smith John"]);
    assert_eq!(
        search(&chart.store, "03/02/1980"),
        ["Jones Smitty", "Smith John"]
    );
    assert_eq!(search(&chart.store, "smith 1980-03-02"), ["Smith John"]);
    assert_eq!(search(&chart.store, john.mrn.as_str()), ["Smith John"]);
    assert!(search(&chart.store, "zzz").is_empty());
    let limited = chart
        .store
        .search_patients(&PatientQuery::parse("s"), 1)
        .unwrap();
    assert_eq!((limited.patients.len(), limited.more), (1, true));
}

#[test]
fn names_in_any_latin_script_are_found_by_plain_letters() {
    let mut chart = Chart::new();
    chart.patient("Nguyễn", "Thị Lan", (1990, 1, 1));
    chart.patient("Đặng", "Minh", (1985, 5, 5));
    chart.patient("Yılmaz", "Ștefan", (1970, 7, 7));
    let found = |text: &str| {
        chart
            .store
            .search_patients(&PatientQuery::parse(text), 50)
            .unwrap()
            .patients
            .into_iter()
            .map(|p| p.demographics.family_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(found("nguyen"), ["Nguyễn"]);
    assert_eq!(found("nguyen thi"), ["Nguyễn"]);
    assert_eq!(found("dang minh"), ["Đặng"]);
    assert_eq!(found("yilmaz stefan"), ["Yılmaz"]);
    assert_eq!(
        found("Nguyễn"),
        ["Nguyễn"],
        "typing the diacritics works too"
    );
}

#[test]
fn an_older_chart_has_its_names_keyed_again_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.rooming");
    let (mut store, staff) = common::plain_chart(&path);
    let patient = store
        .register_patient(
            &NewPatient {
                mrn: None,
                demographics: Demographics {
                    family_name: "Trần".into(),
                    given_names: "Văn".into(),
                    preferred_name: None,
                    birth_date: NaiveDate::from_ymd_opt(1960, 2, 2).unwrap(),
                    sex: Sex::Male,
                },
            },
            staff.id,
        )
        .unwrap();
    // What schema 4 wrote for this name: the unknown letters split it.
    let conn = store.connection();
    let number: i64 = conn
        .query_row(
            "SELECT number FROM patients WHERE id = ?1",
            [patient.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM patient_name_index WHERE rowid = ?1", [number])
        .unwrap();
    conn.execute(
        "INSERT INTO patient_name_index (rowid, keys) VALUES (?1, 'tr n v n')",
        [number],
    )
    .unwrap();
    common::back_to_schema_5(conn);
    conn.pragma_update(None, "user_version", 4).unwrap();
    drop(store);
    let store = Store::open(&path, rooming::store::ChartKey::Plain, options()).unwrap();
    let found = store
        .search_patients(&PatientQuery::parse("tran van"), 50)
        .unwrap();
    assert_eq!(found.patients.len(), 1);
    drop(dir);
}

#[test]
fn demographic_corrections_are_versions_and_move_the_search() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let mut demographics = patient.demographics.clone();
    demographics.family_name = "Jones".into();
    demographics.sex = Sex::Female;
    let corrected = chart
        .store
        .correct_patient(&patient, &demographics, chart.staff.id)
        .unwrap();
    assert_eq!(
        chart
            .store
            .patient(patient.id)
            .unwrap()
            .demographics
            .family_name,
        "Jones"
    );
    assert_eq!(chart.store.patient_versions(patient.id).unwrap().len(), 2);
    assert!(
        chart
            .store
            .search_patients(&PatientQuery::parse("smith"), 10)
            .unwrap()
            .patients
            .is_empty()
    );
    assert_eq!(
        chart
            .store
            .search_patients(&PatientQuery::parse("jones"), 10)
            .unwrap()
            .patients
            .len(),
        1
    );
    // Correcting the old version again is refused: someone already did.
    assert!(matches!(
        chart
            .store
            .correct_patient(&patient, &demographics, chart.staff.id),
        Err(StoreError::AlreadySuperseded)
    ));
    assert_eq!(corrected.mrn, patient.mrn);
}

#[test]
fn mrns_are_assigned_in_turn_and_typed_ones_are_unique() {
    let mut chart = Chart::new();
    let a = chart.patient("A", "A", (1990, 1, 1));
    let b = chart.patient("B", "B", (1990, 1, 1));
    assert_eq!((a.mrn.as_str(), b.mrn.as_str()), ("0000001", "0000002"));
    let mut new = rooming::clinical::patient::NewPatient {
        mrn: Some(b.mrn.clone()),
        demographics: b.demographics.clone(),
    };
    assert!(matches!(
        chart.store.register_patient(&new, chart.staff.id),
        Err(StoreError::MrnTaken(_))
    ));
    new.mrn = Some(rooming::clinical::patient::Mrn::parse("0000003").unwrap());
    chart.store.register_patient(&new, chart.staff.id).unwrap();
    // The next assigned number skips the typed one.
    assert_eq!(
        chart.patient("C", "C", (1990, 1, 1)).mrn.as_str(),
        "0000004"
    );
}

#[test]
fn todays_list_and_visit_status() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let visit = chart.visit(&patient);
    assert_eq!(visit.status, VisitStatus::Waiting);
    let ready = chart
        .store
        .set_visit_status(visit.id, VisitStatus::ReadyForProvider, chart.staff.id)
        .unwrap();
    assert_eq!(ready.status, VisitStatus::ReadyForProvider);
    let day = now().date_naive();
    let (from, until) = (
        day.and_hms_opt(0, 0, 0).unwrap().and_utc(),
        day.and_hms_opt(23, 59, 59).unwrap().and_utc(),
    );
    let list = chart.store.visits_between(from, until).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].visit.status, VisitStatus::ReadyForProvider);
    assert_eq!(
        list[0].patient.demographics.birth_date,
        NaiveDate::from_ymd_opt(1980, 3, 2).unwrap()
    );
}

#[test]
fn drafts_survive_reopening() {
    let mut chart = Chart::new();
    chart
        .store
        .save_draft("vitals:test", chart.staff.id, None, "{\"systolic\":\"12\"}")
        .unwrap();
    chart
        .store
        .save_draft(
            "vitals:test",
            chart.staff.id,
            None,
            "{\"systolic\":\"128\"}",
        )
        .unwrap();
    let path = chart.path();
    drop(chart.store);
    let mut store = common::reopen(&path);
    assert_eq!(
        store.draft("vitals:test").unwrap().unwrap().content,
        "{\"systolic\":\"128\"}"
    );
    store.discard_draft("vitals:test").unwrap();
    assert!(store.draft("vitals:test").unwrap().is_none());
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "Dear diary, today I wrote a file that is not a database at all. ".repeat(4),
    )
    .unwrap();
    let before = file_bytes(&path);
    let err = rooming::store::examine(&path).err().unwrap();
    assert!(matches!(err, OpenError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("not changed"), "{err}");
    let err = Store::open(&path, rooming::store::ChartKey::Plain, options())
        .err()
        .unwrap();
    assert!(err.to_string().contains("not changed"), "{err}");
    assert_eq!(file_bytes(&path), before);
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = file_bytes(&path);
    let err = rooming::store::examine(&path).err().unwrap();
    assert!(matches!(err, OpenError::NotRooming { .. }), "{err}");
    let err = Store::open(&path, rooming::store::ChartKey::Plain, options())
        .err()
        .unwrap();
    assert!(matches!(err, OpenError::NotRooming { .. }), "{err}");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn a_corrupt_chart_is_refused_untouched() {
    let mut chart = Chart::new();
    for i in 0..200 {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    let path = chart.path();
    drop(chart.store);
    let mut bytes = file_bytes(&path);
    // Scribble over the middle of the file, past the header page.
    let middle = bytes.len() / 2;
    for b in bytes.iter_mut().skip(middle).take(3000) {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = common::reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    assert_eq!(file_bytes(&path), bytes);
}

#[test]
fn a_corrupt_chart_checked_in_the_background_takes_no_writes() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    for i in 0..200 {
        chart.patient(&format!("Family{i}"), "Given", (1980, 1, 1));
    }
    let path = chart.path();
    drop(chart.store);
    let mut bytes = file_bytes(&path);
    // Past the schema, which is read on opening: only the full check can see this.
    let middle = bytes.len() * 4 / 5;
    for b in bytes.iter_mut().skip(middle).take(3000) {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    // As after a crash: the chart was never marked closed, so the whole file is checked.
    std::fs::write(
        path.with_extension("rooming.health"),
        r#"{"open_since":"2026-11-26T15:00:00Z","last_check":null}"#,
    )
    .unwrap();
    let options = rooming::store::OpenOptions {
        integrity: rooming::store::IntegrityCheck::InBackground,
        ..options()
    };
    let mut store = common::reopen_with(&path, options).unwrap();
    assert!(matches!(
        store.wait_for_integrity(),
        rooming::store::IntegrityStatus::Damaged(_)
    ));
    let err = store.open_chart(patient.id, chart.staff.id).unwrap_err();
    assert!(matches!(err, StoreError::Damaged(_)), "{err:?}");
    let err = store
        .save_draft("vitals:x", chart.staff.id, None, "{}")
        .unwrap_err();
    assert!(matches!(err, StoreError::Damaged(_)), "{err:?}");
    drop(store);
    assert_eq!(file_bytes(&path), bytes, "untouched");
}

#[test]
fn the_whole_file_is_checked_after_an_unclean_close_and_not_at_every_start() {
    let chart = Chart::new();
    let path = chart.path();
    drop(chart.store);
    let background = rooming::store::OpenOptions {
        integrity: rooming::store::IntegrityCheck::InBackground,
        ..options()
    };
    let mut store = common::reopen_with(&path, background).unwrap();
    assert_eq!(
        store.integrity(),
        rooming::store::IntegrityStatus::Sound,
        "closed cleanly and checked today: no check at this start"
    );
    // A crash: the store is never dropped, so the chart stays marked open.
    std::mem::forget(store);
    let health = std::fs::read_to_string(path.with_extension("rooming.health")).unwrap();
    assert!(health.contains("open_since\":\""), "{health}");
}

#[test]
fn a_sound_chart_checked_in_the_background_takes_writes() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let path = chart.path();
    drop(chart.store);
    let options = rooming::store::OpenOptions {
        integrity: rooming::store::IntegrityCheck::InBackground,
        ..options()
    };
    let mut store = common::reopen_with(&path, options).unwrap();
    store.open_chart(patient.id, chart.staff.id).unwrap();
    assert_eq!(store.integrity(), rooming::store::IntegrityStatus::Sound);
}

#[test]
fn a_chart_open_in_another_copy_is_refused() {
    let chart = Chart::new();
    let err = common::reopen_with(&chart.path(), options()).err().unwrap();
    assert!(matches!(err, OpenError::AlreadyOpen { .. }), "{err}");
}

#[test]
fn a_chart_from_a_newer_version_is_refused() {
    let chart = Chart::new();
    let path = chart.path();
    chart
        .store
        .connection()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    drop(chart.store);
    let err = common::reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::TooNew { found: 99, .. }), "{err}");
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::create(
        &dir.path().join("nowhere/chart.rooming"),
        &common::clinic(),
        &common::administrator(),
        options(),
    )
    .err()
    .unwrap();
    assert!(matches!(err, OpenError::FolderMissing { .. }), "{err}");
}
