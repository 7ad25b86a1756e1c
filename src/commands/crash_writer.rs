//! The writer the crash test kills: it opens the chart as a staff member and registers patients
//! one transaction at a time, printing each MRN only after its commit returned, so the test
//! knows what must survive a SIGKILL at any moment.

use std::io::Write;
use std::path::Path;

use crate::cli::Cli;
use crate::clinical::account::Password;
use crate::clinical::patient::{Demographics, NewPatient, Sex};
use crate::clinical::visit::NewVisit;
use crate::commands::credentials::{NO_PASSWORD, given_user};
use crate::store::{OpenOptions, Store};

pub fn write(
    path: &Path,
    cli: &Cli,
    password: Option<&Password>,
    saves: usize,
) -> Result<String, String> {
    let password = password.ok_or(NO_PASSWORD)?;
    let (mut store, account) = Store::unlock(
        path,
        &given_user(path, cli)?,
        password,
        OpenOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let by = account.staff.id;
    let mut out = std::io::stdout().lock();
    for i in 0..saves {
        let patient = store
            .register_patient(
                &NewPatient {
                    mrn: None,
                    demographics: Demographics {
                        family_name: format!("Crashtest{i}"),
                        given_names: "Synthetic".into(),
                        preferred_name: None,
                        birth_date: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
                        sex: Sex::Unknown,
                    },
                },
                by,
            )
            .map_err(|e| e.to_string())?;
        store
            .start_visit(
                patient.id,
                &NewVisit {
                    reason: "Crash test".into(),
                    room: None,
                },
                by,
            )
            .map_err(|e| e.to_string())?;
        let _ = writeln!(out, "committed {}", patient.mrn);
        let _ = out.flush();
    }
    Ok(format!("{saves} patients written"))
}
