//! Two identifiers before a dose or a specimen is charted: the MA asks the patient to say their
//! name and date of birth, confirms the name, and types the date of birth as the patient says
//! it. The app compares that date with the chart, so a tick alone never stands for the check.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clinical::time::parse_date;

/// What the MA did at the bedside. Never kept in a draft: after a restart the patient is asked
/// again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheck {
    pub name_confirmed: bool,
    /// The date of birth as the patient said it, typed by the MA.
    pub stated_birth_date: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("confirm the name the patient says")]
    NameNotConfirmed,
    #[error("type the date of birth the patient says, e.g. 03/02/1980")]
    BirthDateMissing,
    #[error(
        "the date of birth the patient gave is not the chart's: stop, and make sure this is the right patient"
    )]
    BirthDateMismatch,
}

impl IdentityCheck {
    /// The check as passed: what a correction carries over from the charted original.
    pub fn passed(birth_date: NaiveDate) -> Self {
        Self {
            name_confirmed: true,
            stated_birth_date: birth_date.format("%m/%d/%Y").to_string(),
        }
    }

    /// Both identifiers, the date of birth the same day as the chart's. A mismatch is named
    /// first: it is the one that may mean the wrong patient.
    pub fn check(&self, chart_birth_date: NaiveDate) -> Result<(), IdentityError> {
        match parse_date(&self.stated_birth_date) {
            Some(stated) if stated != chart_birth_date => Err(IdentityError::BirthDateMismatch),
            None => Err(IdentityError::BirthDateMissing),
            Some(_) if !self.name_confirmed => Err(IdentityError::NameNotConfirmed),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn birth() -> NaiveDate {
        NaiveDate::from_ymd_opt(1980, 3, 2).unwrap()
    }

    fn stated(name: bool, date: &str) -> Result<(), IdentityError> {
        IdentityCheck {
            name_confirmed: name,
            stated_birth_date: date.into(),
        }
        .check(birth())
    }

    #[test]
    fn the_stated_date_must_be_the_charts() {
        assert_eq!(stated(true, "03/02/1980"), Ok(()));
        assert_eq!(stated(true, "1980-03-02"), Ok(()));
        assert_eq!(
            stated(true, "02/03/1980"),
            Err(IdentityError::BirthDateMismatch)
        );
        assert_eq!(stated(true, ""), Err(IdentityError::BirthDateMissing));
        assert_eq!(
            stated(false, "03/02/1980"),
            Err(IdentityError::NameNotConfirmed)
        );
        assert_eq!(
            stated(false, "03/02/1981"),
            Err(IdentityError::BirthDateMismatch),
            "a wrong date is said first"
        );
        assert_eq!(IdentityCheck::passed(birth()).check(birth()), Ok(()));
    }
}
