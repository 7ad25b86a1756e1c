//! `rooming export-plain`: a plain SQLite copy for a migration or an auditor, by an
//! administrator or with the recovery key; 0600 and audited.

use std::path::Path;

use crate::cli::Cli;
use crate::clinical::account::{Password, Role};
use crate::commands::credentials::{NO_PASSWORD, given_recovery_key, given_user};
use crate::store::{OpenOptions, Store};

pub fn export_plain(
    path: &Path,
    cli: &Cli,
    password: Option<Password>,
    out: &Path,
    recovery_file: Option<&Path>,
) -> Result<String, String> {
    let recovery = given_recovery_key(recovery_file)?;
    let (mut store, by) = match (recovery, password) {
        (Some(key), _) => {
            let store = Store::open_with_recovery(path, &key, OpenOptions::default())
                .map_err(|e| e.to_string())?;
            (store, None)
        }
        (None, Some(password)) => {
            let user = given_user(path, cli)?;
            let (store, account) = Store::unlock(path, &user, &password, OpenOptions::default())
                .map_err(|e| e.to_string())?;
            if account.role != Role::Administrator {
                return Err("only an administrator may export a plain copy".into());
            }
            (store, Some(account.staff.id))
        }
        (None, None) => return Err(NO_PASSWORD.into()),
    };
    crate::store::convert::export_plain(&mut store, out, by).map_err(|e| e.to_string())?;
    Ok(format!(
        "Wrote a plain copy of {} to {} (readable by you only). Keep it as safe as the chart, and delete it when done.",
        path.display(),
        out.display()
    ))
}
