//! Medical history: past conditions, surgeries, family history (this file) and social history
//! (`social`). Each entry is a versioned chart record made from a form that is checked field
//! by field.

pub mod social;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clinical::catalog::NamedCatalog;
use crate::clinical::coded::coded_enum;
use crate::clinical::partial_date::{PartialDate, PartialDateError};
use crate::clinical::text::required;

pub use social::{SocialHistory, SocialHistoryDraft};

pub const CONDITIONS: &str = include_str!("../../../assets/conditions.toml");
pub const PROCEDURES: &str = include_str!("../../../assets/procedures.toml");

coded_enum!(
    ConditionStatus {
        Active => "active", "Active";
        Resolved => "resolved", "Resolved";
    }
);

coded_enum!(
    /// Who in the family (FHIR `FamilyMemberHistory` relationship, in words).
    Relative {
        Mother => "mother", "Mother";
        Father => "father", "Father";
        Sister => "sister", "Sister";
        Brother => "brother", "Brother";
        Daughter => "daughter", "Daughter";
        Son => "son", "Son";
        MaternalGrandmother => "maternal_grandmother", "Maternal grandmother";
        MaternalGrandfather => "maternal_grandfather", "Maternal grandfather";
        PaternalGrandmother => "paternal_grandmother", "Paternal grandmother";
        PaternalGrandfather => "paternal_grandfather", "Paternal grandfather";
        Aunt => "aunt", "Aunt";
        Uncle => "uncle", "Uncle";
        Cousin => "cousin", "Cousin";
    }
);

coded_enum!(
    YesNoUnknown {
        Yes => "yes", "Yes";
        No => "no", "No";
        Unknown => "unknown", "Unknown";
    }
);

/// A name from a catalog (with its code) or typed freely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub name: String,
    /// ICD-10-CM for conditions, CPT for procedures, when the name came from the catalog.
    pub code: Option<String>,
}

impl Named {
    /// The catalog's name and code when the text is a catalog name, else the text as typed.
    fn from_text(text: &str, catalog: &NamedCatalog) -> Option<Self> {
        let text = required(text)?;
        Some(match catalog.by_name(&text) {
            Some(entry) => Self {
                name: entry.name.clone(),
                code: entry.code.clone(),
            },
            None => Self {
                name: text,
                code: None,
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub condition: Named,
    pub onset: Option<PartialDate>,
    pub status: ConditionStatus,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub procedure: Named,
    pub date: Option<PartialDate>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub relative: Relative,
    pub condition: Named,
    pub age_at_onset: Option<u8>,
    pub deceased: YesNoUnknown,
    pub note: Option<String>,
}

/// Which field of a history form a message belongs beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HistoryField {
    Name,
    Date,
    Status,
    Relative,
    AgeAtOnset,
    Deceased,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("type the {0}")]
    NameMissing(&'static str),
    #[error("{0}")]
    Date(#[from] PartialDateError),
    #[error("choose active or resolved")]
    StatusMissing,
    #[error("choose the relative")]
    RelativeMissing,
    #[error("age at onset: a whole number of years, 0-120")]
    AgeAtOnset,
    #[error("choose yes, no or unknown")]
    DeceasedMissing,
}

type Checked<T> = Result<T, BTreeMap<HistoryField, HistoryError>>;

fn partial_date(
    text: &str,
    today: NaiveDate,
    errors: &mut BTreeMap<HistoryField, HistoryError>,
) -> Option<PartialDate> {
    let text = required(text)?;
    PartialDate::parse(&text, today)
        .map_err(|e| errors.insert(HistoryField::Date, e.into()))
        .ok()
}

fn note(text: &str) -> Option<String> {
    required(text)
}

/// The past-medical-history form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConditionDraft {
    pub name: String,
    pub onset: String,
    pub status: Option<ConditionStatus>,
    pub note: String,
}

impl ConditionDraft {
    pub fn from_condition(c: &Condition) -> Self {
        Self {
            name: c.condition.name.clone(),
            onset: c.onset.map(|d| d.to_string()).unwrap_or_default(),
            status: Some(c.status),
            note: c.note.clone().unwrap_or_default(),
        }
    }

    pub fn check(&self, catalog: &NamedCatalog, today: NaiveDate) -> Checked<Condition> {
        let mut errors = BTreeMap::new();
        let condition = Named::from_text(&self.name, catalog);
        if condition.is_none() {
            errors.insert(HistoryField::Name, HistoryError::NameMissing("condition"));
        }
        let onset = partial_date(&self.onset, today, &mut errors);
        if self.status.is_none() {
            errors.insert(HistoryField::Status, HistoryError::StatusMissing);
        }
        match (condition, self.status) {
            (Some(condition), Some(status)) if errors.is_empty() => Ok(Condition {
                condition,
                onset,
                status,
                note: note(&self.note),
            }),
            _ => Err(errors),
        }
    }
}

/// The surgical-history form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcedureDraft {
    pub name: String,
    pub date: String,
    pub note: String,
}

impl ProcedureDraft {
    pub fn from_procedure(p: &Procedure) -> Self {
        Self {
            name: p.procedure.name.clone(),
            date: p.date.map(|d| d.to_string()).unwrap_or_default(),
            note: p.note.clone().unwrap_or_default(),
        }
    }

    pub fn check(&self, catalog: &NamedCatalog, today: NaiveDate) -> Checked<Procedure> {
        let mut errors = BTreeMap::new();
        let procedure = Named::from_text(&self.name, catalog);
        if procedure.is_none() {
            errors.insert(HistoryField::Name, HistoryError::NameMissing("procedure"));
        }
        let date = partial_date(&self.date, today, &mut errors);
        match procedure {
            Some(procedure) if errors.is_empty() => Ok(Procedure {
                procedure,
                date,
                note: note(&self.note),
            }),
            _ => Err(errors),
        }
    }
}

/// The family-history form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyDraft {
    pub relative: Option<Relative>,
    pub condition: String,
    pub age_at_onset: String,
    pub deceased: Option<YesNoUnknown>,
    pub note: String,
}

const OLDEST_ONSET: u8 = 120;

impl FamilyDraft {
    pub fn from_member(m: &FamilyMember) -> Self {
        Self {
            relative: Some(m.relative),
            condition: m.condition.name.clone(),
            age_at_onset: m.age_at_onset.map(|a| a.to_string()).unwrap_or_default(),
            deceased: Some(m.deceased),
            note: m.note.clone().unwrap_or_default(),
        }
    }

    pub fn check(&self, catalog: &NamedCatalog) -> Checked<FamilyMember> {
        let mut errors = BTreeMap::new();
        if self.relative.is_none() {
            errors.insert(HistoryField::Relative, HistoryError::RelativeMissing);
        }
        let condition = Named::from_text(&self.condition, catalog);
        if condition.is_none() {
            errors.insert(HistoryField::Name, HistoryError::NameMissing("condition"));
        }
        let age_at_onset = match required(&self.age_at_onset) {
            Some(text) => match text.parse::<u8>() {
                Ok(age) if age <= OLDEST_ONSET => Some(age),
                _ => {
                    errors.insert(HistoryField::AgeAtOnset, HistoryError::AgeAtOnset);
                    None
                }
            },
            None => None,
        };
        if self.deceased.is_none() {
            errors.insert(HistoryField::Deceased, HistoryError::DeceasedMissing);
        }
        match (self.relative, condition, self.deceased) {
            (Some(relative), Some(condition), Some(deceased)) if errors.is_empty() => {
                Ok(FamilyMember {
                    relative,
                    condition,
                    age_at_onset,
                    deceased,
                    note: note(&self.note),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn conditions() -> NamedCatalog {
        NamedCatalog::parse("conditions", CONDITIONS).unwrap()
    }

    #[test]
    fn a_catalog_condition_keeps_its_code() {
        let draft = ConditionDraft {
            name: "hypertension".into(),
            onset: "2015".into(),
            status: Some(ConditionStatus::Active),
            note: String::new(),
        };
        let condition = draft.check(&conditions(), today()).unwrap();
        assert_eq!(condition.condition.name, "Hypertension");
        assert_eq!(condition.condition.code.as_deref(), Some("I10"));
        assert_eq!(condition.onset, Some(PartialDate::Year(2015)));
        let free = ConditionDraft {
            name: "Bell's palsy".into(),
            ..draft
        };
        assert_eq!(
            free.check(&conditions(), today()).unwrap().condition.code,
            None
        );
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors = ConditionDraft::default()
            .check(&conditions(), today())
            .unwrap_err();
        assert!(
            errors.contains_key(&HistoryField::Name) && errors.contains_key(&HistoryField::Status)
        );
        let errors = FamilyDraft {
            age_at_onset: "300".into(),
            ..FamilyDraft::default()
        }
        .check(&conditions())
        .unwrap_err();
        assert_eq!(errors.len(), 4);
        let procedures = NamedCatalog::parse("procedures", PROCEDURES).unwrap();
        let errors = ProcedureDraft {
            name: "Appendectomy".into(),
            date: "2030".into(),
            note: String::new(),
        }
        .check(&procedures, today())
        .unwrap_err();
        assert!(matches!(
            errors[&HistoryField::Date],
            HistoryError::Date(PartialDateError::InFuture(_))
        ));
    }
}
