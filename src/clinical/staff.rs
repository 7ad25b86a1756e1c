//! Who charts, and where: the clinic (its address goes on vaccine records), its settings, the
//! staff members whose names and titles every record carries, and the first-start form.

use std::collections::BTreeMap;

use crate::clinical::account::{
    AccountDraft, AccountError, AccountField, CommonPasswords, NewAccount, Password, PasswordError,
    Role,
};
use crate::clinical::ids::{ClinicId, StaffId};
use crate::clinical::text::required;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clinic {
    pub id: ClinicId,
    pub name: String,
    pub address: String,
}

/// A member of staff as a record names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    /// Credentials or title, e.g. CMA, RMA, LPN.
    pub credentials: String,
}

impl Staff {
    /// "Ana Lopez, CMA": how a record names who made it.
    pub fn signature(&self) -> String {
        format!("{}, {}", self.name, self.credentials)
    }
}

/// What the clinic sets for every workstation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClinicSettings {
    /// The screen locks after this long without a key or a click.
    pub idle_lock_minutes: u32,
    /// A PIN resumes one's own locked session for this long after a full sign-in.
    pub pin_hours: u32,
    /// Where backups go: another disk or a network share, never the chart's own folder.
    pub backup_folder: Option<String>,
}

impl Default for ClinicSettings {
    /// Five minutes idle, as HIPAA guidance for an exam-room workstation usually reads; a
    /// PIN for half a clinic day.
    fn default() -> Self {
        Self {
            idle_lock_minutes: 5,
            pin_hours: 4,
            backup_folder: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SettingsField {
    IdleLock,
    PinHours,
    BackupFolder,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("type whole minutes from 1 to 60")]
    IdleLock,
    #[error("type whole hours from 0 (no PIN) to 12")]
    PinHours,
    #[error("type the whole path of the folder, from the top (e.g. /media/backup/rooming)")]
    BackupFolder,
}

/// The settings form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsDraft {
    pub idle_lock_minutes: String,
    pub pin_hours: String,
    pub backup_folder: String,
}

impl SettingsDraft {
    pub fn from_settings(s: &ClinicSettings) -> Self {
        Self {
            idle_lock_minutes: s.idle_lock_minutes.to_string(),
            pin_hours: s.pin_hours.to_string(),
            backup_folder: s.backup_folder.clone().unwrap_or_default(),
        }
    }

    pub fn check(&self) -> Result<ClinicSettings, BTreeMap<SettingsField, SettingsError>> {
        let mut errors = BTreeMap::new();
        let idle = self
            .idle_lock_minutes
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=60).contains(m));
        if idle.is_none() {
            errors.insert(SettingsField::IdleLock, SettingsError::IdleLock);
        }
        let pin = self
            .pin_hours
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|h| *h <= 12);
        if pin.is_none() {
            errors.insert(SettingsField::PinHours, SettingsError::PinHours);
        }
        let folder = self.backup_folder.trim();
        let backup_folder = (!folder.is_empty()).then(|| folder.to_owned());
        if backup_folder
            .as_deref()
            .is_some_and(|f| !std::path::Path::new(f).is_absolute())
        {
            errors.insert(SettingsField::BackupFolder, SettingsError::BackupFolder);
        }
        match (idle, pin) {
            (Some(idle_lock_minutes), Some(pin_hours)) if errors.is_empty() => Ok(ClinicSettings {
                idle_lock_minutes,
                pin_hours,
                backup_folder,
            }),
            _ => Err(errors),
        }
    }
}

/// The first-start form: the clinic, then its first administrator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetupDraft {
    pub clinic_name: String,
    pub clinic_address: String,
    pub name: String,
    pub credentials: String,
    pub username: String,
    pub provider: bool,
    pub password: String,
    pub confirm: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetupField {
    ClinicName,
    ClinicAddress,
    Account(AccountField),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("type the clinic's name")]
    ClinicNameMissing,
    #[error("type the clinic's address: vaccine records must carry it")]
    ClinicAddressMissing,
    #[error(transparent)]
    Account(#[from] AccountError),
}

/// A checked clinic, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewClinic {
    pub name: String,
    pub address: String,
}

impl SetupDraft {
    pub fn check(
        &self,
        common: &CommonPasswords,
    ) -> Result<(NewClinic, NewAccount), BTreeMap<SetupField, SetupError>> {
        let mut errors = BTreeMap::new();
        let name = required(&self.clinic_name);
        if name.is_none() {
            errors.insert(SetupField::ClinicName, SetupError::ClinicNameMissing);
        }
        let address = required(&self.clinic_address);
        if address.is_none() {
            errors.insert(SetupField::ClinicAddress, SetupError::ClinicAddressMissing);
        }
        let account = AccountDraft {
            name: self.name.clone(),
            credentials: self.credentials.clone(),
            username: self.username.clone(),
            role: Some(Role::Administrator),
            provider: self.provider,
            password: self.password.clone(),
        }
        .check(&self.clinic_name, common)
        .map_err(|e| {
            errors.extend(
                e.into_iter()
                    .map(|(f, e)| (SetupField::Account(f), SetupError::Account(e))),
            );
        })
        .ok();
        if !errors.contains_key(&SetupField::Account(AccountField::Password))
            && Password::new(&self.confirm) != Password::new(&self.password)
        {
            errors.insert(
                SetupField::Account(AccountField::Confirm),
                SetupError::Account(AccountError::Password(PasswordError::Mismatch)),
            );
        }
        match (name, address, account) {
            (Some(name), Some(address), Some(account)) if errors.is_empty() => {
                Ok((NewClinic { name, address }, account))
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_needs_the_clinic_and_a_sound_administrator() {
        let common = CommonPasswords::parse("password\n");
        let errors = SetupDraft::default().check(&common).unwrap_err();
        assert!(errors.contains_key(&SetupField::ClinicName));
        assert!(errors.contains_key(&SetupField::Account(AccountField::Password)));
        let draft = SetupDraft {
            clinic_name: "Valley Family Medicine".into(),
            clinic_address: "12 Main St, Springfield".into(),
            name: "Ana Lopez".into(),
            credentials: " CMA ".into(),
            username: "alopez".into(),
            provider: false,
            password: "ferry blue window garden".into(),
            confirm: "ferry blue window garden".into(),
        };
        let (clinic, admin) = draft.check(&common).unwrap();
        assert_eq!(clinic.name, "Valley Family Medicine");
        assert_eq!(admin.credentials, "CMA");
        assert_eq!(admin.role, Role::Administrator);
        let mismatch = SetupDraft {
            confirm: "ferry blue window gardens".into(),
            ..draft
        };
        assert!(
            mismatch
                .check(&common)
                .unwrap_err()
                .contains_key(&SetupField::Account(AccountField::Confirm))
        );
    }

    #[test]
    fn settings_are_whole_minutes_and_hours() {
        let draft = SettingsDraft {
            idle_lock_minutes: "5".into(),
            pin_hours: "0".into(),
            backup_folder: " /media/backup ".into(),
        };
        assert_eq!(
            draft.check().unwrap(),
            ClinicSettings {
                idle_lock_minutes: 5,
                pin_hours: 0,
                backup_folder: Some("/media/backup".into()),
            }
        );
        let bad = SettingsDraft {
            idle_lock_minutes: "0".into(),
            pin_hours: "24".into(),
            backup_folder: "backups".into(),
        };
        assert_eq!(bad.check().unwrap_err().len(), 3);
    }
}
