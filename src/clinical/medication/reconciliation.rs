//! Medication reconciliation for a visit: for each medication on the list the MA records
//! whether the patient is taking it, not taking it, or taking it differently (and how); stops
//! the ones no longer taken (with a reason); then attests the list was reviewed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::ids::{RecordId, VisitId};
use crate::clinical::medication::{Medication, MedicationStatus};
use crate::clinical::record::{Versioned, current};
use crate::clinical::text::required;

coded_enum!(
    Outcome {
        Taking => "taking", "Taking";
        NotTaking => "not_taking", "Not taking";
        TakingDifferently => "taking_differently", "Taking differently";
    }
);

/// What the patient said about one medication at this visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// The version of the medication that was on the list.
    pub medication: RecordId,
    pub name: String,
    pub outcome: Outcome,
    /// How, when taking it differently.
    pub how: Option<String>,
    /// Stopped at this visit, and why.
    pub stopped: Option<String>,
}

/// One row of the reconciliation form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowDraft {
    pub outcome: Option<Outcome>,
    pub how: String,
    pub stop: bool,
    pub stop_reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReconciliationDraft {
    pub rows: BTreeMap<RecordId, RowDraft>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowField {
    Outcome,
    How,
    StopReason,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReconciliationError {
    #[error("choose taking, not taking, or taking differently")]
    OutcomeMissing,
    #[error("say how the patient takes it")]
    HowMissing,
    #[error("say why it was stopped")]
    StopReasonMissing,
}

/// What a reconciliation saves: an entry per medication, and a stopped version of each one
/// stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconciliationPlan {
    pub entries: Vec<Reconciliation>,
    pub stops: Vec<(RecordId, Medication)>,
}

impl RowDraft {
    /// Where a row of the form starts: what this visit already recorded for the medication
    /// (so a saved "not taking" shows as such), else "taking" for a medication added in this
    /// visit, else nothing chosen.
    pub fn starting(
        medication: &Versioned<Medication>,
        visit: Option<VisitId>,
        recorded: &[Versioned<Reconciliation>],
    ) -> Self {
        let saved = current(recorded)
            .filter(|r| visit.is_some() && r.visit_id == visit)
            .filter(|r| r.content.medication == medication.id && r.content.stopped.is_none())
            .max_by_key(|r| r.recorded.at);
        match saved {
            Some(r) => Self {
                outcome: Some(r.content.outcome),
                how: r.content.how.clone().unwrap_or_default(),
                ..Self::default()
            },
            None if visit.is_some() && medication.visit_id == visit => Self {
                outcome: Some(Outcome::Taking),
                ..Self::default()
            },
            None => Self::default(),
        }
    }
}

/// The medications to reconcile: the current ones still on the list.
pub fn to_reconcile(list: &[Versioned<Medication>]) -> Vec<&Versioned<Medication>> {
    current(list).filter(|m| m.content.is_listed()).collect()
}

impl ReconciliationDraft {
    /// Checks every row of `list`; a stopped medication needs a reason, not an outcome.
    pub fn check(
        &self,
        list: &[Versioned<Medication>],
    ) -> Result<ReconciliationPlan, BTreeMap<(RecordId, RowField), ReconciliationError>> {
        let mut errors = BTreeMap::new();
        let mut plan = ReconciliationPlan {
            entries: Vec::new(),
            stops: Vec::new(),
        };
        let empty = RowDraft::default();
        for medication in to_reconcile(list) {
            let row = self.rows.get(&medication.id).unwrap_or(&empty);
            let name = medication.content.name.clone();
            if row.stop {
                let Some(reason) = required(&row.stop_reason) else {
                    errors.insert(
                        (medication.id, RowField::StopReason),
                        ReconciliationError::StopReasonMissing,
                    );
                    continue;
                };
                let mut stopped = medication.content.clone();
                stopped.status = MedicationStatus::Stopped;
                stopped.stop_reason = Some(reason.clone());
                plan.stops.push((medication.id, stopped));
                plan.entries.push(Reconciliation {
                    medication: medication.id,
                    name,
                    outcome: Outcome::NotTaking,
                    how: None,
                    stopped: Some(reason),
                });
                continue;
            }
            let Some(outcome) = row.outcome else {
                errors.insert(
                    (medication.id, RowField::Outcome),
                    ReconciliationError::OutcomeMissing,
                );
                continue;
            };
            let how = required(&row.how);
            if outcome == Outcome::TakingDifferently && how.is_none() {
                errors.insert(
                    (medication.id, RowField::How),
                    ReconciliationError::HowMissing,
                );
                continue;
            }
            plan.entries.push(Reconciliation {
                medication: medication.id,
                name,
                outcome,
                how: how.filter(|_| outcome == Outcome::TakingDifferently),
                stopped: None,
            });
        }
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::ids::{PatientId, StaffId};
    use crate::clinical::medication::{
        MedicationDraft, MedicationSource, Schedule, already_listed,
    };
    use crate::clinical::record::{Recorded, Standing};

    fn medication(name: &str) -> Versioned<Medication> {
        Versioned {
            id: RecordId::new(),
            patient_id: PatientId::new(),
            visit_id: None,
            content: Medication {
                name: name.into(),
                from_catalog: true,
                strength: Some("10 mg".into()),
                dose: Some("1 tablet".into()),
                route: None,
                frequency: Some("once daily".into()),
                schedule: Schedule::Scheduled,
                start: None,
                last_taken: None,
                prescriber: None,
                source: MedicationSource::Patient,
                status: MedicationStatus::Active,
                stop_reason: None,
            },
            recorded: Recorded {
                at: chrono::Utc::now(),
                by: StaffId::new(),
                by_name: String::new(),
            },
            replaces: None,
            standing: Standing::Current,
        }
    }

    #[test]
    fn every_medication_needs_an_outcome_or_a_stop_with_reason() {
        let list = vec![
            medication("Lisinopril"),
            medication("Metformin"),
            medication("Atorvastatin"),
        ];
        let mut draft = ReconciliationDraft::default();
        draft.rows.insert(
            list[0].id,
            RowDraft {
                outcome: Some(Outcome::Taking),
                ..RowDraft::default()
            },
        );
        draft.rows.insert(
            list[1].id,
            RowDraft {
                outcome: Some(Outcome::TakingDifferently),
                ..RowDraft::default()
            },
        );
        draft.rows.insert(
            list[2].id,
            RowDraft {
                stop: true,
                ..RowDraft::default()
            },
        );
        let errors = draft.check(&list).unwrap_err();
        assert_eq!(
            errors.get(&(list[1].id, RowField::How)),
            Some(&ReconciliationError::HowMissing)
        );
        assert_eq!(
            errors.get(&(list[2].id, RowField::StopReason)),
            Some(&ReconciliationError::StopReasonMissing)
        );
        draft.rows.get_mut(&list[1].id).unwrap().how = "500 mg once daily, not twice".into();
        draft.rows.get_mut(&list[2].id).unwrap().stop_reason =
            "muscle aches; stopped by cardiologist".into();
        let plan = draft.check(&list).unwrap();
        assert_eq!(plan.entries.len(), 3);
        assert_eq!(plan.stops.len(), 1);
        assert_eq!(plan.stops[0].1.status, MedicationStatus::Stopped);
        assert_eq!(
            plan.entries[2].stopped.as_deref(),
            Some("muscle aches; stopped by cardiologist")
        );
    }

    #[test]
    fn stopped_medications_are_not_reconciled() {
        let mut stopped = medication("Prednisone");
        stopped.content.status = MedicationStatus::Stopped;
        let list = vec![stopped];
        assert!(to_reconcile(&list).is_empty());
        assert!(
            ReconciliationDraft::default()
                .check(&list)
                .unwrap()
                .entries
                .is_empty()
        );
    }

    #[test]
    fn a_medication_is_not_listed_twice() {
        let list = vec![medication("Lisinopril")];
        assert!(already_listed("lisinopril", &list, None).is_some());
        assert!(already_listed(" LISINOPRIL ", &list, None).is_some());
        assert!(
            already_listed("lisinopril", &list, Some(list[0].id)).is_none(),
            "a correction of itself"
        );
        assert!(already_listed("losartan", &list, None).is_none());
        let catalog = crate::clinical::medication::MedicationCatalog::built_in().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00-05:00").unwrap();
        // A brand name is the same drug as its generic.
        let draft = MedicationDraft {
            name: "Zestril".into(),
            ..MedicationDraft::default()
        };
        let errors = draft.check(&catalog, &list, None, now).unwrap_err();
        assert!(matches!(
            errors.get(&crate::clinical::medication::MedicationField::Name),
            Some(crate::clinical::medication::MedicationError::AlreadyListed(
                ..
            ))
        ));
    }
}
