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
use rooming::clinical::patient::{Demographics, NewPatient, Patient, Sex};
use rooming::clinical::staff::{NewClinic, NewStaff, Staff};
use rooming::clinical::time::Clock;
use rooming::clinical::visit::{NewVisit, Visit};
use rooming::store::{OpenOptions, Store};
use tempfile::TempDir;

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

/// A chart in a fresh temporary folder, with its clinic and one staff member.
pub struct Chart {
    pub dir: TempDir,
    pub store: Store,
    pub staff: Staff,
}

impl Chart {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("chart.rooming"), options()).unwrap();
        let (_, staff) = store
            .set_up(
                &NewClinic {
                    name: "Valley Family Medicine".into(),
                    address: "12 Main St, Springfield".into(),
                },
                &NewStaff {
                    name: "Ana Lopez".into(),
                    credentials: "CMA".into(),
                },
            )
            .unwrap();
        Self { dir, store, staff }
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
