//! `rooming backup` and `rooming restore`: a verified backup now, and a backup put back in the
//! chart's place once it verifies, the chart that was there kept aside.

use std::path::Path;

use crate::cli::Cli;
use crate::clinical::account::{Password, Role};
use crate::commands::credentials::{NO_PASSWORD, data_key, given_recovery_key, given_user};
use crate::store::{OpenOptions, Store};

pub fn backup(
    path: &Path,
    cli: &Cli,
    password: Option<&Password>,
    to: Option<&Path>,
    recovery_file: Option<&Path>,
) -> Result<String, String> {
    let recovery = given_recovery_key(recovery_file)?;
    let mut store = match (&recovery, password) {
        (Some(key), _) => Store::open_with_recovery(path, key, OpenOptions::default())
            .map_err(|e| e.to_string())?,
        (None, Some(password)) => {
            let (store, account) = Store::unlock(
                path,
                &given_user(path, cli)?,
                password,
                OpenOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            if account.role != Role::Administrator {
                return Err("only an administrator backs up the chart from here".into());
            }
            store
        }
        (None, None) => return Err(NO_PASSWORD.into()),
    };
    let folder = match to {
        Some(folder) => folder.to_owned(),
        None => store
            .settings()
            .map_err(|e| e.to_string())?
            .backup_folder
            .map(Into::into)
            .ok_or("the clinic has no backup folder: set one in Settings, or give --to FOLDER")?,
    };
    let record = store.back_up_now(&folder).map_err(|e| e.to_string())?;
    match (record.file, record.error) {
        (Some(file), _) => Ok(format!(
            "Backed up to {} and verified (it opens, its integrity check passes, its chain verifies). Its key file is beside it; the chain's head is added to {}.",
            file.display(),
            folder.join("chain-heads.txt").display()
        )),
        (None, Some(e)) => Err(format!("the backup failed: {e}")),
        (None, None) => Err("the backup failed".into()),
    }
}

pub fn restore(
    path: &Path,
    cli: &Cli,
    password: Option<&Password>,
    backup: &Path,
    recovery_file: Option<&Path>,
) -> Result<String, String> {
    let recovery = given_recovery_key(recovery_file)?;
    // The backup's own key file opens it: a password it knew, or the recovery key.
    let key = data_key(backup, cli, password, recovery.as_ref())?;
    let aside = crate::store::backup::restore(path, backup, &key, chrono::Utc::now())?;
    let restored = format!(
        "Restored {} into {} after verifying it.",
        backup.display(),
        path.display()
    );
    Ok(match aside {
        Some(aside) => format!(
            "{restored} The chart that was there is kept as {} (with its key file): delete it only once the restored chart is known good.",
            aside.display()
        ),
        None => restored,
    })
}
