//! How a command is given a chart's key without a form: a password (from `--password-file` or
//! `ROOMING_PASSWORD`, never an argument) for `--user`, or the recovery key (from a file or
//! `ROOMING_RECOVERY_KEY`).

use std::path::Path;

use zeroize::Zeroizing;

use crate::cli::Cli;
use crate::clinical::account::{Password, Username};
use crate::store::{DataKey, Keyring, RecoveryKey};

/// The password given to a script: the first line of `--password-file`, or
/// `ROOMING_PASSWORD`. Never an argument, which `ps` would show to every user.
pub fn given_password(cli: &Cli) -> Result<Option<Password>, String> {
    if let Some(file) = &cli.password_file {
        let text = Zeroizing::new(std::fs::read_to_string(file).map_err(|e| {
            format!(
                "the password file {} could not be read: {e}",
                file.display()
            )
        })?);
        let line = text.lines().next().unwrap_or_default();
        return Ok(Some(Password::new(line)));
    }
    Ok(std::env::var("ROOMING_PASSWORD")
        .ok()
        .map(Zeroizing::new)
        .filter(|p| !p.is_empty())
        .map(|p| Password::new(&p)))
}

/// Whom a script signs in as: `--user`, or the chart's first administrator (the first staff
/// slot of its key file).
pub fn given_user(path: &Path, cli: &Cli) -> Result<Username, String> {
    match &cli.user {
        Some(user) => Username::parse(user).map_err(|e| e.to_string()),
        None => Keyring::load(path)
            .map_err(|e| e.to_string())?
            .usernames()
            .first()
            .map(|u| (*u).clone())
            .ok_or_else(|| "the key file has no staff member: give --user".to_owned()),
    }
}

pub const NO_PASSWORD: &str = "no password given: set ROOMING_PASSWORD in the environment, or give --password-file PATH (never the password itself on the command line)";

/// The recovery key given to a command, if any: the file's text, or `ROOMING_RECOVERY_KEY`.
pub fn given_recovery_key(file: Option<&Path>) -> Result<Option<RecoveryKey>, String> {
    let text = match file {
        Some(file) => Some(Zeroizing::new(std::fs::read_to_string(file).map_err(
            |e| {
                format!(
                    "the recovery key file {} could not be read: {e}",
                    file.display()
                )
            },
        )?)),
        None => std::env::var("ROOMING_RECOVERY_KEY")
            .ok()
            .map(Zeroizing::new),
    };
    text.map(|t| RecoveryKey::parse(&t).map_err(|e| e.to_string()))
        .transpose()
}

/// The chart's data key, from the recovery key if given, else from `--user`'s password.
pub fn data_key(
    path: &Path,
    cli: &Cli,
    password: Option<&Password>,
    recovery: Option<&RecoveryKey>,
) -> Result<DataKey, String> {
    let keyring = Keyring::load(path).map_err(|e| e.to_string())?;
    match (recovery, password) {
        (Some(recovery), _) => keyring
            .unlock_with_recovery(recovery)
            .map_err(|e| e.to_string()),
        (None, Some(password)) => keyring
            .unlock(&given_user(path, cli)?, password)
            .map(|(_, key)| key)
            .map_err(|e| e.to_string()),
        (None, None) => Err(NO_PASSWORD.into()),
    }
}
