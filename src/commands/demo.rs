//! `rooming demo`: fills a chart (made for it, or an existing one) with synthetic patients.

use std::path::Path;
use std::time::Instant;

use crate::cli::Cli;
use crate::clinical::account::Password;
use crate::clinical::reference::Reference;
use crate::commands::credentials::{NO_PASSWORD, given_user};
use crate::store::{ChartState, OpenOptions, Store, examine};

pub fn demo(
    path: &Path,
    reference: &Reference,
    cli: &Cli,
    password: Option<Password>,
    patients: usize,
    seed: u64,
    append: bool,
) -> Result<String, String> {
    let password = password.ok_or(NO_PASSWORD)?;
    let mut store = match examine(path).map_err(|e| e.to_string())? {
        ChartState::Missing => {
            let (clinic, admin) =
                crate::demo::clinic_and_administrator(reference, password.clone())
                    .map_err(|e| format!("the demo administrator's password is refused: {e}"))?;
            Store::create(path, &clinic, &admin, OpenOptions::default())
                .map_err(|e| e.to_string())?
                .0
        }
        ChartState::Encrypted => {
            let user = given_user(path, cli)?;
            Store::unlock(path, &user, &password, OpenOptions::default())
                .map_err(|e| e.to_string())?
                .0
        }
        ChartState::Plain => {
            return Err(format!(
                "{} is a chart of an earlier version, not yet encrypted: open it in the window once to encrypt it",
                path.display()
            ));
        }
    };
    let held = store.patient_count().map_err(|e| e.to_string())?;
    if held > 0 && !append {
        return Err(format!(
            "{} already holds {held} patients: demo patients are added to it only with --append (never to a real clinic's chart)",
            path.display()
        ));
    }
    let started = Instant::now();
    let summary = crate::demo::fill(&mut store, reference, patients, seed, Some(&password))
        .map_err(|e| format!("demo data not written: {e}"))?;
    Ok(format!(
        "Added {} demo patients, {} visits and {} sets of vitals to {} in {:.1} s",
        summary.patients,
        summary.visits,
        summary.vital_sets,
        path.display(),
        started.elapsed().as_secs_f64()
    ))
}
