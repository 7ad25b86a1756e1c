//! Medications the patient takes (FHIR MedicationStatement): the record, its form, the rule
//! that one medication is not on the list twice, and reconciliation for a visit
//! (`reconciliation`).

pub mod catalog;
pub mod reconciliation;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::partial_date::{PartialDate, PartialDateError};
use crate::clinical::record::{Versioned, current};
use crate::clinical::text::{name_keys, required};
use crate::clinical::time::{parse_date, parse_local_date_time};

pub use catalog::{CatalogMedication, MedicationCatalog};

coded_enum!(
    Route {
        Oral => "oral", "Oral";
        Sublingual => "sublingual", "Sublingual";
        Topical => "topical", "Topical";
        Transdermal => "transdermal", "Transdermal";
        Inhaled => "inhaled", "Inhaled";
        Nasal => "nasal", "Nasal";
        Ophthalmic => "ophthalmic", "Eye drops";
        Otic => "otic", "Ear drops";
        Subcutaneous => "subcutaneous", "Subcutaneous";
        Intramuscular => "intramuscular", "Intramuscular";
        Intravenous => "intravenous", "Intravenous";
        Rectal => "rectal", "Rectal";
        Vaginal => "vaginal", "Vaginal";
    }
);

coded_enum!(
    Schedule {
        Scheduled => "scheduled", "Scheduled";
        AsNeeded => "prn", "As needed (PRN)";
    }
);

coded_enum!(
    /// Where the MA learned of the medication.
    MedicationSource {
        Patient => "patient", "Patient";
        PharmacyList => "pharmacy", "Pharmacy list";
        OutsideRecord => "outside_record", "Outside record";
    }
);

coded_enum!(
    MedicationStatus {
        Active => "active", "Active";
        OnHold => "on_hold", "On hold";
        NotTaking => "not_taking", "Not taking";
        Stopped => "stopped", "Stopped";
    }
);

/// When the patient last took it: a time, or only a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LastTaken {
    At(DateTime<Utc>),
    On(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Medication {
    pub name: String,
    /// The name is the catalog's generic name.
    pub from_catalog: bool,
    pub strength: Option<String>,
    pub dose: Option<String>,
    pub route: Option<Route>,
    pub frequency: Option<String>,
    pub schedule: Schedule,
    pub start: Option<PartialDate>,
    pub last_taken: Option<LastTaken>,
    pub prescriber: Option<String>,
    pub source: MedicationSource,
    pub status: MedicationStatus,
    pub stop_reason: Option<String>,
}

impl Medication {
    /// "Lisinopril 10 mg, 1 tablet oral once daily".
    pub fn sig(&self) -> String {
        let mut parts = vec![self.name.clone()];
        parts.extend(self.strength.clone());
        let mut how: Vec<String> = Vec::new();
        how.extend(self.dose.clone());
        how.extend(self.route.map(|r| r.label().to_lowercase()));
        how.extend(self.frequency.clone());
        if self.schedule == Schedule::AsNeeded {
            how.push("as needed".into());
        }
        if how.is_empty() {
            parts.join(" ")
        } else {
            format!("{}, {}", parts.join(" "), how.join(" "))
        }
    }

    /// Still on the list (anything but stopped).
    pub fn is_listed(&self) -> bool {
        self.status != MedicationStatus::Stopped
    }
}

/// The medication on the current list with the same drug name, if any (another version of the
/// same record does not count).
pub fn already_listed<'a>(
    name: &str,
    list: &'a [Versioned<Medication>],
    except: Option<crate::clinical::ids::RecordId>,
) -> Option<&'a Versioned<Medication>> {
    let key = name_keys(name);
    current(list).find(|m| {
        m.content.is_listed() && Some(m.id) != except && name_keys(&m.content.name) == key
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MedicationDraft {
    pub name: String,
    pub strength: String,
    pub dose: String,
    pub route: Option<Route>,
    pub frequency: String,
    pub schedule: Option<Schedule>,
    pub start: String,
    pub last_taken: String,
    pub prescriber: String,
    pub source: Option<MedicationSource>,
}

impl Default for MedicationDraft {
    fn default() -> Self {
        Self {
            name: String::new(),
            strength: String::new(),
            dose: String::new(),
            route: None,
            frequency: String::new(),
            schedule: Some(Schedule::Scheduled),
            start: String::new(),
            last_taken: String::new(),
            prescriber: String::new(),
            source: Some(MedicationSource::Patient),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MedicationField {
    Name,
    Schedule,
    Start,
    LastTaken,
    Source,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MedicationError {
    #[error("type the medication's name")]
    NameMissing,
    #[error("{0} is already on the list ({1}): update that one instead")]
    AlreadyListed(String, String),
    #[error("choose scheduled or as needed")]
    ScheduleMissing,
    #[error("{0}")]
    Start(#[from] PartialDateError),
    #[error("“{0}” is not a time: type e.g. 08:00, 2026-11-25 or 2026-11-25 21:00")]
    LastTaken(String),
    #[error("last taken is in the future")]
    LastTakenFuture,
    #[error("choose where this came from")]
    SourceMissing,
}

impl MedicationDraft {
    /// Picks a catalog medication: its generic name and route, and its strength when it has one.
    pub fn pick(&mut self, medication: &CatalogMedication) {
        self.name.clone_from(&medication.name);
        self.route = Some(medication.route);
        if let [only] = medication.strengths.as_slice() {
            self.strength.clone_from(only);
        }
    }

    pub fn from_medication(m: &Medication) -> Self {
        Self {
            name: m.name.clone(),
            strength: m.strength.clone().unwrap_or_default(),
            dose: m.dose.clone().unwrap_or_default(),
            route: m.route,
            frequency: m.frequency.clone().unwrap_or_default(),
            schedule: Some(m.schedule),
            start: m.start.map(|s| s.to_string()).unwrap_or_default(),
            last_taken: match m.last_taken {
                Some(LastTaken::At(at)) => crate::clinical::time::format_local_date_time(at),
                Some(LastTaken::On(day)) => day.format("%Y-%m-%d").to_string(),
                None => String::new(),
            },
            prescriber: m.prescriber.clone().unwrap_or_default(),
            source: Some(m.source),
        }
    }

    /// Checks the form against the list it joins; `editing` is the record being corrected.
    pub fn check(
        &self,
        catalog: &MedicationCatalog,
        list: &[Versioned<Medication>],
        editing: Option<crate::clinical::ids::RecordId>,
        now: DateTime<FixedOffset>,
    ) -> Result<Medication, BTreeMap<MedicationField, MedicationError>> {
        let mut errors = BTreeMap::new();
        let typed = required(&self.name);
        let from_catalog = typed.as_deref().and_then(|n| catalog.by_name(n));
        let name = from_catalog.map(|m| m.name.clone()).or(typed);
        match &name {
            None => {
                errors.insert(MedicationField::Name, MedicationError::NameMissing);
            }
            Some(name) => {
                if let Some(listed) = already_listed(name, list, editing) {
                    errors.insert(
                        MedicationField::Name,
                        MedicationError::AlreadyListed(name.clone(), listed.content.sig()),
                    );
                }
            }
        }
        if self.schedule.is_none() {
            errors.insert(MedicationField::Schedule, MedicationError::ScheduleMissing);
        }
        if self.source.is_none() {
            errors.insert(MedicationField::Source, MedicationError::SourceMissing);
        }
        let start = required(&self.start).and_then(|text| {
            PartialDate::parse(&text, now.date_naive())
                .map_err(|e| errors.insert(MedicationField::Start, e.into()))
                .ok()
        });
        let last_taken = required(&self.last_taken).and_then(|text| {
            let taken = parse_local_date_time(&text, now)
                .map(LastTaken::At)
                .or_else(|| parse_date(&text).map(LastTaken::On));
            match taken {
                Some(LastTaken::At(at)) if at > now.with_timezone(&Utc) => {
                    errors.insert(MedicationField::LastTaken, MedicationError::LastTakenFuture);
                    None
                }
                Some(LastTaken::On(day)) if day > now.date_naive() => {
                    errors.insert(MedicationField::LastTaken, MedicationError::LastTakenFuture);
                    None
                }
                None => {
                    errors.insert(MedicationField::LastTaken, MedicationError::LastTaken(text));
                    None
                }
                taken => taken,
            }
        });
        match (name, self.schedule, self.source) {
            (Some(name), Some(schedule), Some(source)) if errors.is_empty() => Ok(Medication {
                name,
                from_catalog: from_catalog.is_some(),
                strength: required(&self.strength),
                dose: required(&self.dose),
                route: self.route,
                frequency: required(&self.frequency),
                schedule,
                start,
                last_taken,
                prescriber: required(&self.prescriber),
                source,
                status: MedicationStatus::Active,
                stop_reason: None,
            }),
            _ => Err(errors),
        }
    }
}
