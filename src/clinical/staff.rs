//! Who charts, and where: the clinic (its address goes on vaccine records) and the staff
//! members whose names and titles every record carries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clinical::ids::{ClinicId, StaffId};
use crate::clinical::text::required;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clinic {
    pub id: ClinicId,
    pub name: String,
    pub address: String,
}

/// A member of staff. Passwords arrive later; the store already has a place for their hash.
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

/// The first-start form: the clinic and the first staff member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupDraft {
    pub clinic_name: String,
    pub clinic_address: String,
    pub staff: StaffDraft,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDraft {
    pub name: String,
    pub credentials: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetupField {
    ClinicName,
    ClinicAddress,
    StaffName,
    StaffCredentials,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("type the clinic's name")]
    ClinicNameMissing,
    #[error("type the clinic's address: vaccine records must carry it")]
    ClinicAddressMissing,
    #[error("type your name")]
    StaffNameMissing,
    #[error("type your credentials or title, e.g. CMA")]
    StaffCredentialsMissing,
}

/// A checked staff profile, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub name: String,
    pub credentials: String,
}

/// A checked clinic, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewClinic {
    pub name: String,
    pub address: String,
}

impl StaffDraft {
    pub fn check(&self) -> Result<NewStaff, BTreeMap<SetupField, SetupError>> {
        let mut errors = BTreeMap::new();
        let name = required(&self.name);
        if name.is_none() {
            errors.insert(SetupField::StaffName, SetupError::StaffNameMissing);
        }
        let credentials = required(&self.credentials);
        if credentials.is_none() {
            errors.insert(
                SetupField::StaffCredentials,
                SetupError::StaffCredentialsMissing,
            );
        }
        match (name, credentials) {
            (Some(name), Some(credentials)) => Ok(NewStaff { name, credentials }),
            _ => Err(errors),
        }
    }
}

impl SetupDraft {
    pub fn check(&self) -> Result<(NewClinic, NewStaff), BTreeMap<SetupField, SetupError>> {
        let mut errors = BTreeMap::new();
        let name = required(&self.clinic_name);
        if name.is_none() {
            errors.insert(SetupField::ClinicName, SetupError::ClinicNameMissing);
        }
        let address = required(&self.clinic_address);
        if address.is_none() {
            errors.insert(SetupField::ClinicAddress, SetupError::ClinicAddressMissing);
        }
        let staff = self.staff.check().map_err(|e| errors.extend(e)).ok();
        match (name, address, staff) {
            (Some(name), Some(address), Some(staff)) => Ok((NewClinic { name, address }, staff)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_needs_every_field() {
        let errors = SetupDraft::default().check().unwrap_err();
        assert_eq!(errors.len(), 4);
        let draft = SetupDraft {
            clinic_name: "Valley Family Medicine".into(),
            clinic_address: "12 Main St, Springfield".into(),
            staff: StaffDraft {
                name: "Ana Lopez".into(),
                credentials: " CMA ".into(),
            },
        };
        let (clinic, staff) = draft.check().unwrap();
        assert_eq!(clinic.name, "Valley Family Medicine");
        assert_eq!(staff.credentials, "CMA");
    }
}
