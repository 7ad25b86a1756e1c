//! A patient's identity and demographics, the form that registers one, and the query that
//! finds one by name, date of birth or MRN.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::age::Age;
use crate::clinical::ids::{PatientId, PatientVersionId, StaffId};
use crate::clinical::text::{name_keys, required};
use crate::clinical::time::parse_date;

/// Administrative sex, as FHIR's `AdministrativeGender`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    pub const ALL: [Self; 4] = [Self::Female, Self::Male, Self::Other, Self::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Self::Female => "female",
            Self::Male => "male",
            Self::Other => "other",
            Self::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Female => "Female",
            Self::Male => "Male",
            Self::Other => "Other",
            Self::Unknown => "Unknown",
        }
    }
}

/// A medical record number: letters, digits and hyphens, as the clinic issues them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Mrn(String);

impl Mrn {
    const MAX_LEN: usize = 20;

    pub fn parse(text: &str) -> Result<Self, PatientError> {
        let text = text.trim();
        if text.is_empty()
            || text.len() > Self::MAX_LEN
            || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(PatientError::BadMrn);
        }
        Ok(Self(text.to_ascii_uppercase()))
    }

    /// The MRN the clinic assigns from its running number.
    pub fn assigned(number: i64) -> Self {
        Self(format!("{number:07}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Mrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a version of a patient's record says about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Demographics {
    pub family_name: String,
    pub given_names: String,
    pub preferred_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

impl Demographics {
    /// "Smith, John “Jack”": family name first, as on wristbands and lists.
    pub fn full_name(&self) -> String {
        match &self.preferred_name {
            Some(preferred) => format!("{}, {} “{preferred}”", self.family_name, self.given_names),
            None => format!("{}, {}", self.family_name, self.given_names),
        }
    }

    /// Every key the patient can be found by name with.
    pub fn name_keys(&self) -> Vec<String> {
        let mut keys = name_keys(&self.family_name);
        keys.extend(name_keys(&self.given_names));
        if let Some(preferred) = &self.preferred_name {
            keys.extend(name_keys(preferred));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn age_on(&self, day: NaiveDate) -> Option<Age> {
        Age::on(self.birth_date, day)
    }
}

/// A patient as the chart currently knows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient {
    pub id: PatientId,
    pub version: PatientVersionId,
    pub mrn: Mrn,
    pub demographics: Demographics,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: StaffId,
}

/// What the registration form holds, exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientDraft {
    /// Blank: the clinic assigns the next number.
    pub mrn: String,
    pub family_name: String,
    pub given_names: String,
    pub preferred_name: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
}

/// The fields of the registration form, so each message lands beside its own field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PatientField {
    Mrn,
    FamilyName,
    GivenNames,
    BirthDate,
    Sex,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatientError {
    #[error("MRN: letters, digits and hyphens only, up to 20; leave blank to assign one")]
    BadMrn,
    #[error("type the family name")]
    FamilyNameMissing,
    #[error("type the given name(s)")]
    GivenNamesMissing,
    #[error("type the date of birth, e.g. 1980-03-02 or 03/02/1980")]
    BirthDateMissing,
    #[error("“{0}” is not a date: type e.g. 1980-03-02 or 03/02/1980")]
    BirthDateUnreadable(String),
    #[error("the date of birth is after today")]
    BirthDateInFuture,
    #[error("the date of birth is more than 130 years ago")]
    BirthDateTooOld,
    #[error("choose the sex (Unknown if not known)")]
    SexMissing,
}

/// A registration that passed its checks; the MRN is `None` when one is to be assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPatient {
    pub mrn: Option<Mrn>,
    pub demographics: Demographics,
}

const OLDEST_AGE_YEARS: i32 = 130;

impl PatientDraft {
    pub fn from_patient(patient: &Patient) -> Self {
        let d = &patient.demographics;
        Self {
            mrn: patient.mrn.to_string(),
            family_name: d.family_name.clone(),
            given_names: d.given_names.clone(),
            preferred_name: d.preferred_name.clone().unwrap_or_default(),
            birth_date: d.birth_date.format("%Y-%m-%d").to_string(),
            sex: Some(d.sex),
        }
    }

    /// Checks every field at once, so every message can be shown together.
    pub fn check(
        &self,
        today: NaiveDate,
    ) -> Result<NewPatient, BTreeMap<PatientField, PatientError>> {
        let mut errors = BTreeMap::new();
        let mrn = if self.mrn.trim().is_empty() {
            None
        } else {
            Mrn::parse(&self.mrn)
                .map_err(|e| errors.insert(PatientField::Mrn, e))
                .ok()
        };
        let family_name = required(&self.family_name);
        if family_name.is_none() {
            errors.insert(PatientField::FamilyName, PatientError::FamilyNameMissing);
        }
        let given_names = required(&self.given_names);
        if given_names.is_none() {
            errors.insert(PatientField::GivenNames, PatientError::GivenNamesMissing);
        }
        let birth_date = self
            .check_birth_date(today)
            .map_err(|e| errors.insert(PatientField::BirthDate, e))
            .ok();
        if self.sex.is_none() {
            errors.insert(PatientField::Sex, PatientError::SexMissing);
        }
        match (family_name, given_names, birth_date, self.sex) {
            (Some(family_name), Some(given_names), Some(birth_date), Some(sex))
                if errors.is_empty() =>
            {
                Ok(NewPatient {
                    mrn,
                    demographics: Demographics {
                        family_name,
                        given_names,
                        preferred_name: required(&self.preferred_name),
                        birth_date,
                        sex,
                    },
                })
            }
            _ => Err(errors),
        }
    }

    fn check_birth_date(&self, today: NaiveDate) -> Result<NaiveDate, PatientError> {
        let text = self.birth_date.trim();
        if text.is_empty() {
            return Err(PatientError::BirthDateMissing);
        }
        let date =
            parse_date(text).ok_or_else(|| PatientError::BirthDateUnreadable(text.to_owned()))?;
        if date > today {
            return Err(PatientError::BirthDateInFuture);
        }
        if Age::on(date, today).is_some_and(|age| age.years() > OLDEST_AGE_YEARS.unsigned_abs()) {
            return Err(PatientError::BirthDateTooOld);
        }
        Ok(date)
    }
}

/// What a search box query asks for. Each word narrows the result: a date is a date of birth,
/// a word with digits is the start of an MRN, any other word is the start of a name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatientQuery {
    pub name_prefixes: Vec<String>,
    pub birth_date: Option<NaiveDate>,
    pub mrn_prefix: Option<String>,
}

impl PatientQuery {
    pub fn parse(text: &str) -> Self {
        let mut query = Self::default();
        for word in text.split_whitespace() {
            if let Some(date) = parse_date(word) {
                query.birth_date = Some(date);
            } else if word.chars().any(|c| c.is_ascii_digit()) {
                query.mrn_prefix = Some(word.to_ascii_uppercase());
            } else {
                query.name_prefixes.extend(name_keys(word));
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.name_prefixes.is_empty() && self.birth_date.is_none() && self.mrn_prefix.is_none()
    }
}

/// A search result: enough to tell two patients apart (name and date of birth) plus the MRN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientSummary {
    pub id: PatientId,
    pub mrn: Mrn,
    pub demographics: Demographics,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn draft() -> PatientDraft {
        PatientDraft {
            mrn: String::new(),
            family_name: " Smith ".into(),
            given_names: "John".into(),
            preferred_name: "Jack".into(),
            birth_date: "03/02/1980".into(),
            sex: Some(Sex::Male),
        }
    }

    #[test]
    fn a_complete_draft_passes() {
        let new = draft().check(today()).unwrap();
        assert_eq!(new.mrn, None);
        assert_eq!(new.demographics.family_name, "Smith");
        assert_eq!(
            new.demographics.birth_date,
            NaiveDate::from_ymd_opt(1980, 3, 2).unwrap()
        );
        assert_eq!(new.demographics.full_name(), "Smith, John “Jack”");
    }

    #[test]
    fn every_error_at_once() {
        let errors = PatientDraft {
            mrn: "12 34".into(),
            ..PatientDraft::default()
        }
        .check(today())
        .unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [
                PatientField::Mrn,
                PatientField::FamilyName,
                PatientField::GivenNames,
                PatientField::BirthDate,
                PatientField::Sex
            ]
        );
    }

    #[test]
    fn birth_dates_outside_life_are_refused() {
        let check = |text: &str| {
            PatientDraft {
                birth_date: text.into(),
                ..draft()
            }
            .check(today())
            .unwrap_err()
        };
        assert_eq!(
            check("2026-11-27")[&PatientField::BirthDate],
            PatientError::BirthDateInFuture
        );
        assert_eq!(
            check("1890-01-01")[&PatientField::BirthDate],
            PatientError::BirthDateTooOld
        );
        assert!(matches!(
            check("yesterday")[&PatientField::BirthDate],
            PatientError::BirthDateUnreadable(_)
        ));
        assert!(
            PatientDraft {
                birth_date: "2026-11-26".into(),
                ..draft()
            }
            .check(today())
            .is_ok()
        );
    }

    #[test]
    fn queries_split_into_names_dates_and_mrns() {
        let q = PatientQuery::parse("smi jo");
        assert_eq!(q.name_prefixes, ["smi", "jo"]);
        let q = PatientQuery::parse("03/02/1980");
        assert_eq!(q.birth_date, NaiveDate::from_ymd_opt(1980, 3, 2));
        let q = PatientQuery::parse("smith 1980-03-02 00012");
        assert_eq!(
            (
                q.name_prefixes.len(),
                q.birth_date.is_some(),
                q.mrn_prefix.as_deref()
            ),
            (1, true, Some("00012"))
        );
        assert!(PatientQuery::parse("  ").is_empty());
    }

    #[test]
    fn mrns() {
        assert_eq!(Mrn::parse(" ab-12 ").unwrap().as_str(), "AB-12");
        assert!(Mrn::parse("a b").is_err());
        assert_eq!(Mrn::assigned(42).as_str(), "0000042");
    }
}

/// Patients found by a search, and whether more matched than were returned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub patients: Vec<PatientSummary>,
    pub more: bool,
}
