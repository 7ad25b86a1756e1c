//! Accounts and the encrypted chart, against real temporary files: nothing readable in the
//! file, a wrong key or key file refused clearly and harmlessly, slots sealed again on a
//! password change and removed on deactivation, the plain chart of an earlier version
//! converted without losing a row, and the plain export an auditor can read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{Chart, PASSWORD, USERNAME, options, reopen_with};
use rooming::clinical::account::{AccountChange, NewAccount, Password, Role, Username};
use rooming::clinical::audit::{AuditAction, AuditFilter};
use rooming::store::convert::{FirstAdministrator, encrypt_plain_chart, export_plain};
use rooming::store::{
    AccountError, ChartKey, ChartState, KeyError, OpenError, RecoveryKey, Store, examine,
};

fn username(text: &str) -> Username {
    Username::parse(text).unwrap()
}

fn medical_assistant() -> NewAccount {
    NewAccount {
        name: "Jo Kim".into(),
        credentials: "RMA".into(),
        username: username("jkim"),
        role: Role::ClinicalStaff,
        provider: false,
        password: Password::new("temporary harbor lantern"),
    }
}

/// Every file in the chart's folder, as bytes (the chart, its WAL, the key file…).
fn folder_bytes(chart: &Chart) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(chart.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn no_file_beside_the_chart_holds_a_patient_name_or_a_password() {
    let mut chart = Chart::new();
    chart.patient("Quixotewhistle", "Zebediah", (1980, 3, 2));
    // Written, but the WAL not yet folded into the file: both are checked.
    let files = folder_bytes(&chart);
    assert!(files.iter().any(|(p, _)| p.ends_with("-wal")), "{files:?}");
    for (path, bytes) in &files {
        assert!(!contains(bytes, "Quixotewhistle"), "{path} shows the name");
        assert!(!contains(bytes, "Zebediah"), "{path} shows the name");
        assert!(!contains(bytes, PASSWORD), "{path} shows the password");
        assert!(
            !contains(bytes, "SQLite format 3"),
            "{path} is plain SQLite"
        );
    }
    #[cfg(unix)]
    for entry in std::fs::read_dir(chart.dir.path()).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o600,
            "{} is the owner's only",
            entry.path().display()
        );
    }
}

#[test]
fn a_wrong_key_file_is_refused_with_a_clear_message_and_changes_nothing() {
    let chart = Chart::new();
    let path = chart.path();
    let other = Chart::new();
    let other_keys = other.path().with_extension("rooming.keys");
    drop(chart.store);
    drop(other.store);
    let before = std::fs::read(&path).unwrap();
    // The other chart's key file, with the same username and password: its slot opens, but
    // its key is not this chart's.
    std::fs::copy(&other_keys, path.with_extension("rooming.keys")).unwrap();
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(matches!(err, OpenError::WrongKey { .. }), "{err}");
    assert!(err.to_string().contains("key file"), "{err}");
    assert!(err.to_string().contains("Nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    std::fs::remove_file(path.with_extension("rooming.keys")).unwrap();
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(
        matches!(err, OpenError::Keys(KeyError::Missing { .. })),
        "{err}"
    );
    std::fs::write(path.with_extension("rooming.keys"), "{ not a key file").unwrap();
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(
        matches!(err, OpenError::Keys(KeyError::Damaged { .. })),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "untouched throughout"
    );
}

#[test]
fn the_recovery_key_opens_the_chart_and_a_wrong_one_changes_nothing() {
    let chart = Chart::new();
    let path = chart.path();
    let printed = chart.recovery.formatted().to_string();
    drop(chart.store);
    let typed = printed.to_lowercase().replace('-', " ");
    let store =
        Store::open_with_recovery(&path, &RecoveryKey::parse(&typed).unwrap(), options()).unwrap();
    drop(store);
    // One character changed: the check characters see it.
    let mut wrong = printed.clone().into_bytes();
    wrong[0] = if wrong[0] == b'7' { b'8' } else { b'7' };
    let err = RecoveryKey::parse(std::str::from_utf8(&wrong).unwrap()).unwrap_err();
    assert!(matches!(err, KeyError::WrongRecoveryKey));
    assert!(err.to_string().contains("printed sheet"), "{err}");
    // Another chart's key: well formed, but it opens nothing here.
    let other = Chart::new();
    let err = Store::open_with_recovery(&path, &other.recovery, options())
        .err()
        .unwrap();
    assert!(
        matches!(err, OpenError::Keys(KeyError::WrongRecoveryKey)),
        "{err}"
    );
}

#[test]
fn a_password_change_seals_the_slot_again_and_the_old_password_opens_nothing() {
    let mut chart = Chart::new();
    let path = chart.path();
    let keys = path.with_extension("rooming.keys");
    let before = std::fs::read(&keys).unwrap();
    let new = Password::new("orchard violet compass tide");
    chart
        .store
        .change_own_password(chart.staff.id, &new)
        .unwrap();
    assert_ne!(
        std::fs::read(&keys).unwrap(),
        before,
        "the slot is sealed again"
    );
    assert!(matches!(
        chart
            .store
            .authenticate(&username(USERNAME), &Password::new(PASSWORD)),
        Err(AccountError::WrongCredentials)
    ));
    drop(chart.store);
    let err = reopen_with(&path, options()).err().unwrap();
    assert!(
        matches!(err, OpenError::Account(AccountError::WrongCredentials)),
        "{err}"
    );
    let (store, account) = Store::unlock(&path, &username(USERNAME), &new, options()).unwrap();
    assert_eq!(account.staff.name, "Ana Lopez");
    assert_eq!(store.audit_count(AuditAction::PasswordChanged).unwrap(), 1);
    drop(store);
    Store::open_with_recovery(&path, &chart.recovery, options()).unwrap();
}

#[test]
fn an_added_account_must_change_its_password_and_a_deactivated_one_opens_nothing() {
    let mut chart = Chart::new();
    let path = chart.path();
    let admin = chart.staff.id;
    let ma = chart
        .store
        .add_account(&medical_assistant(), admin)
        .unwrap();
    assert!(ma.must_change_password);
    let err = chart
        .store
        .add_account(&medical_assistant(), admin)
        .unwrap_err();
    assert!(err.to_string().contains("username"), "{err}");
    let found = chart
        .store
        .authenticate(
            &username("jkim"),
            &Password::new("temporary harbor lantern"),
        )
        .unwrap();
    assert_eq!(found.staff.id, ma.staff.id);
    // Re-authentication checks a password and changes nothing.
    let audit_rows = chart
        .store
        .audit_lines(&AuditFilter::default(), 1000)
        .unwrap()
        .len();
    chart
        .store
        .authenticate(&username(USERNAME), &Password::new(PASSWORD))
        .unwrap();
    assert_eq!(
        chart
            .store
            .audit_lines(&AuditFilter::default(), 1000)
            .unwrap()
            .len(),
        audit_rows
    );
    let changed = chart
        .store
        .change_account(
            ma.staff.id,
            &AccountChange {
                name: "Jo Kim-Park".into(),
                credentials: "RMA".into(),
                role: Role::ClinicalStaff,
                provider: false,
            },
            admin,
        )
        .unwrap();
    assert_eq!(changed.staff.name, "Jo Kim-Park");
    let err = chart.store.deactivate_account(admin, admin).unwrap_err();
    assert!(matches!(err, AccountError::LastAdministrator), "{err}");
    chart.store.deactivate_account(ma.staff.id, admin).unwrap();
    assert!(matches!(
        chart.store.authenticate(
            &username("jkim"),
            &Password::new("temporary harbor lantern")
        ),
        Err(AccountError::WrongCredentials)
    ));
    let kept = chart.store.account(ma.staff.id).unwrap();
    assert!(!kept.active, "deactivated, never deleted");
    drop(chart.store);
    let err = Store::unlock(
        &path,
        &username("jkim"),
        &Password::new("temporary harbor lantern"),
        options(),
    )
    .err()
    .unwrap();
    assert!(matches!(
        err,
        OpenError::Account(AccountError::WrongCredentials)
    ));
}

#[test]
fn a_plain_chart_is_encrypted_in_place_with_every_row_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.rooming");
    let (mut store, staff) = common::plain_chart(&path);
    for i in 0..40 {
        let patient = store
            .register_patient(
                &rooming::clinical::patient::NewPatient {
                    mrn: None,
                    demographics: rooming::clinical::patient::Demographics {
                        family_name: format!("Plainfamily{i}"),
                        given_names: "Given".into(),
                        preferred_name: None,
                        birth_date: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
                        sex: rooming::clinical::patient::Sex::Female,
                    },
                },
                staff.id,
            )
            .unwrap();
        store
            .start_visit(
                patient.id,
                &rooming::clinical::visit::NewVisit {
                    reason: "Check".into(),
                    room: None,
                },
                staff.id,
            )
            .unwrap();
    }
    common::back_to_schema_5(store.connection());
    let count = |store: &Store, table: &str| -> i64 {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    let tables = [
        "patients",
        "patient_versions",
        "visits",
        "staff",
        "clinic_versions",
    ];
    let before: Vec<i64> = tables.iter().map(|t| count(&store, t)).collect();
    drop(store);
    assert_eq!(examine(&path).unwrap(), ChartState::Plain);
    // An interrupted earlier try left a half copy and a key file: neither is in the way.
    std::fs::write(dir.path().join("old.rooming.encrypting"), b"half a copy").unwrap();
    std::fs::write(
        dir.path().join("old.rooming.keys"),
        b"{ a key file never used",
    )
    .unwrap();
    assert_eq!(
        examine(&path).unwrap(),
        ChartState::Plain,
        "the plain chart still rules"
    );
    let admin = NewAccount {
        name: "Ana Lopez".into(),
        credentials: "CMA".into(),
        username: username("alopez"),
        role: Role::Administrator,
        provider: false,
        password: Password::new(PASSWORD),
    };
    let (store, account, _recovery) = encrypt_plain_chart(
        &path,
        &FirstAdministrator::Existing(staff.id),
        &admin,
        options(),
    )
    .unwrap();
    assert_eq!(
        account.staff.id, staff.id,
        "the same person, now with an account"
    );
    assert_eq!(account.role, Role::Administrator);
    let after: Vec<i64> = tables.iter().map(|t| count(&store, t)).collect();
    assert_eq!(before, after, "every row kept");
    assert_eq!(store.audit_count(AuditAction::ChartEncrypted).unwrap(), 1);
    drop(store);
    assert_eq!(examine(&path).unwrap(), ChartState::Encrypted);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!contains(&bytes, "Plainfamily"));
    assert!(!dir.path().join("old.rooming.encrypting").exists());
    assert!(
        !dir.path().join("old.rooming-wal").exists() || {
            let wal = std::fs::read(dir.path().join("old.rooming-wal")).unwrap();
            !contains(&wal, "Plainfamily")
        }
    );
    let (store, _) = Store::unlock(
        &path,
        &username("alopez"),
        &Password::new(PASSWORD),
        options(),
    )
    .unwrap();
    assert_eq!(count(&store, "patients"), 40);
}

#[test]
fn an_administrator_exports_a_plain_copy_any_sqlite_tool_reads() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let out = chart.dir.path().join("for-the-auditor.sqlite");
    export_plain(&mut chart.store, &out, Some(chart.staff.id)).unwrap();
    let plain = rusqlite::Connection::open(&out).unwrap();
    let family: String = plain
        .query_row("SELECT family_name FROM patient_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(family, "Smith");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_eq!(
        chart
            .store
            .audit_count(AuditAction::PlainCopyExported)
            .unwrap(),
        1
    );
    let err = export_plain(&mut chart.store, &out, Some(chart.staff.id)).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    // The chart is still SQLite to a tool that has the key.
    let again = Store::open(&out, ChartKey::Plain, options()).unwrap();
    assert_eq!(again.accounts().unwrap().len(), 1);
}

#[test]
fn the_audit_viewer_filters_by_action_and_exports_csv() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    chart
        .store
        .audit_access(AuditAction::SignInFailed, None, Some("nobody"), None)
        .unwrap();
    let failed = chart
        .store
        .audit_lines(
            &AuditFilter {
                action: Some(AuditAction::SignInFailed),
                ..AuditFilter::default()
            },
            100,
        )
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].detail.as_deref(), Some("nobody"));
    let about_jane = chart
        .store
        .audit_lines(
            &AuditFilter {
                patient: patient.mrn.as_str().to_owned(),
                ..AuditFilter::default()
            },
            100,
        )
        .unwrap();
    assert!(!about_jane.is_empty());
    assert!(
        about_jane
            .iter()
            .all(|l| l.patient.as_deref().is_some_and(|p| p.contains("Smith")))
    );
    assert!(about_jane.iter().all(|l| l.staff == "Ana Lopez, CMA"));
    let out = chart.dir.path().join("audit.csv");
    let rows = chart
        .store
        .export_audit(&AuditFilter::default(), &out, chart.staff.id)
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), rows + 1, "a header and every row");
    assert!(text.starts_with("seq,at,staff,action,patient,detail"));
    assert_eq!(
        chart.store.audit_count(AuditAction::AuditExported).unwrap(),
        1
    );
}

#[test]
fn a_sign_in_event_during_the_background_check_is_held_and_then_written() {
    let chart = Chart::new();
    let path = chart.path();
    let staff = chart.staff.id;
    drop(chart.store);
    let mut store = reopen_with(
        &path,
        rooming::store::OpenOptions {
            integrity: rooming::store::IntegrityCheck::InBackground,
            ..options()
        },
    )
    .unwrap();
    store
        .audit_access(AuditAction::SignedIn, Some(staff), None, None)
        .unwrap();
    store.write_held_access().unwrap();
    assert_eq!(store.audit_count(AuditAction::SignedIn).unwrap(), 1);
    store
        .audit_access(AuditAction::Locked, Some(staff), Some("idle"), None)
        .unwrap();
    assert_eq!(
        store.audit_count(AuditAction::Locked).unwrap(),
        1,
        "the check is done: at once"
    );
}
