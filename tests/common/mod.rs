//! Helpers shared by the integration tests: a chart on a real temporary file with a fixed
//! clock, a clinic, a staff member, a patient and a visit.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

pub mod ui;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rooming::clinical::account::{Account, NewAccount, Password, Role, Username};
use rooming::clinical::patient::{Demographics, NewPatient, Patient, Sex};
use rooming::clinical::staff::{NewClinic, Staff};
use rooming::clinical::time::Clock;
use rooming::clinical::visit::{NewVisit, Visit};
use rooming::store::{OpenError, OpenOptions, RecoveryKey, Store};
use tempfile::TempDir;

/// The test administrator's username and password (synthetic, like everything here).
pub const USERNAME: &str = "alopez";
pub const PASSWORD: &str = "ferry blue window garden";

pub fn clinic() -> NewClinic {
    NewClinic {
        name: "Valley Family Medicine".into(),
        address: "12 Main St, Springfield".into(),
    }
}

pub fn administrator() -> NewAccount {
    NewAccount {
        name: "Ana Lopez".into(),
        credentials: "CMA".into(),
        username: Username::parse(USERNAME).unwrap(),
        role: Role::Administrator,
        provider: false,
        password: Password::new(PASSWORD),
    }
}

/// Opens a test chart again, as its administrator.
pub fn reopen(path: &std::path::Path) -> Store {
    reopen_with(path, options()).unwrap()
}

pub fn reopen_with(path: &std::path::Path, options: OpenOptions) -> Result<Store, OpenError> {
    Store::unlock(
        path,
        &Username::parse(USERNAME).unwrap(),
        &Password::new(PASSWORD),
        options,
    )
    .map(|(store, _)| store)
}

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T15:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn options() -> OpenOptions {
    OpenOptions {
        busy_timeout: Duration::from_millis(50),
        clock: Clock::Fixed(now()),
        ..OpenOptions::default()
    }
}

/// An encrypted chart in a fresh temporary folder, with its clinic and its administrator.
pub struct Chart {
    pub dir: TempDir,
    pub store: Store,
    pub staff: Staff,
    pub account: Account,
    pub recovery: RecoveryKey,
}

impl Chart {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (store, recovery) = Store::create(
            &dir.path().join("chart.rooming"),
            &clinic(),
            &administrator(),
            options(),
        )
        .unwrap();
        let account = store.accounts().unwrap().remove(0);
        Self {
            dir,
            store,
            staff: account.staff.clone(),
            account,
            recovery,
        }
    }

    /// A chart with Jane Smith, born 1980-03-02, registered.
    pub fn new_with_patient() -> Self {
        let mut chart = Self::new();
        chart.patient("Smith", "Jane", (1980, 3, 2));
        chart
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("chart.rooming")
    }

    pub fn patient(&mut self, family: &str, given: &str, birth: (i32, u32, u32)) -> Patient {
        let new = NewPatient {
            mrn: None,
            demographics: Demographics {
                family_name: family.into(),
                given_names: given.into(),
                preferred_name: None,
                birth_date: NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2).unwrap(),
                sex: Sex::Female,
            },
        };
        self.store.register_patient(&new, self.staff.id).unwrap()
    }

    pub fn visit(&mut self, patient: &Patient) -> Visit {
        self.store
            .start_visit(
                patient.id,
                &NewVisit {
                    reason: "Annual physical".into(),
                    room: Some("3".into()),
                },
                self.staff.id,
            )
            .unwrap()
    }
}

/// A plain (unencrypted) chart, as versions before encryption wrote them, with its clinic and
/// administrator: for the upgrade and conversion tests.
pub fn plain_chart(path: &std::path::Path) -> (Store, Staff) {
    {
        // What the first release wrote; opening it runs every later migration.
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_update(None, "application_id", rooming::store::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(include_str!(
            "../../src/store/migrations/001_foundation.sql"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let mut store = Store::open(path, rooming::store::ChartKey::Plain, options()).unwrap();
    let (_, account) = store.set_up(&clinic(), &administrator()).unwrap();
    (store, account.staff)
}

/// Makes an open plain chart look as schema 5 left it (before accounts and the chain), so the
/// next opening runs the later migrations on it again.
pub fn back_to_schema_5(conn: &rusqlite::Connection) {
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_seal'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for trigger in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{trigger}\";"))
            .unwrap();
    }
    conn.execute_batch(
        "DROP TABLE sealed_rows; DROP TABLE chain; DROP TABLE unsealed_rows;
         DROP TRIGGER specimen_log_collected; DROP TRIGGER specimen_log_status_changed;
         DROP TRIGGER specimen_log_retracted; DROP VIEW specimen_current_status;
         DROP VIEW specimen_sent_at;
         DROP TABLE specimen_log_index; DROP INDEX chart_records_specimen_status;
         DROP TRIGGER staff_no_update; DROP TRIGGER staff_no_delete;
         DROP TABLE usernames; DROP TABLE staff_access; DROP TABLE clinic_settings;
         DROP TABLE staff_versions; DROP INDEX audit_log_at;
         PRAGMA user_version = 5;",
    )
    .unwrap();
}
