//! What the banner says about allergies: the active ones (high criticality first), or a dated
//! "no known allergies", or "not recorded". An empty list never reads as "none".

use std::cmp::Reverse;

use chrono::{DateTime, Utc};

use crate::clinical::allergy::{Allergy, AllergyAssertion, AllergyCategory, Criticality, Severity};
use crate::clinical::record::{Versioned, current};

#[derive(Clone, Debug, PartialEq)]
pub struct AllergyStatus {
    /// Active, unrefuted allergies, the most dangerous first.
    pub active: Vec<Versioned<Allergy>>,
    /// An assertion still standing: NKA with no allergy since; NKDA with no drug allergy since.
    pub assertion: Option<(AllergyAssertion, DateTime<Utc>)>,
    /// Allergies recorded but inactive, resolved or refuted.
    pub inactive: usize,
}

impl AllergyStatus {
    /// Nothing recorded at all: the banner must say so.
    pub fn is_not_recorded(&self) -> bool {
        self.active.is_empty() && self.assertion.is_none() && self.inactive == 0
    }

    pub fn has_high_criticality(&self) -> bool {
        self.active
            .iter()
            .any(|a| a.content.criticality == Criticality::High)
    }
}

fn danger(allergy: &Allergy) -> (bool, bool) {
    (
        allergy.criticality == Criticality::High,
        allergy.severity == Some(Severity::Severe),
    )
}

/// The status from every version of the patient's allergies and assertions.
pub fn allergy_status(
    allergies: &[Versioned<Allergy>],
    assertions: &[Versioned<AllergyAssertion>],
) -> AllergyStatus {
    let mut active: Vec<Versioned<Allergy>> = current(allergies)
        .filter(|a| a.content.is_in_force())
        .cloned()
        .collect();
    active.sort_by_key(|a| {
        (
            Reverse(danger(&a.content)),
            a.content.substance.name().to_lowercase(),
        )
    });
    let inactive = current(allergies)
        .filter(|a| !a.content.is_in_force())
        .count();
    let latest = |kind: AllergyAssertion| {
        current(assertions)
            .filter(|a| a.content == kind)
            .map(|a| a.recorded.at)
            .max()
    };
    // A real allergy recorded after an assertion supersedes it: any allergy ends NKA, a drug
    // allergy ends NKDA.
    let allergy_since = |at: DateTime<Utc>, drugs_only: bool| {
        current(allergies).any(|a| {
            a.recorded.at > at && (!drugs_only || a.content.category == AllergyCategory::Medication)
        })
    };
    let no_known = latest(AllergyAssertion::NoKnownAllergies)
        .filter(|at| active.is_empty() && !allergy_since(*at, false));
    let no_known_drug = latest(AllergyAssertion::NoKnownDrugAllergies).filter(|at| {
        !allergy_since(*at, true)
            && active
                .iter()
                .all(|a| a.content.category != AllergyCategory::Medication)
    });
    let assertion = match (no_known, no_known_drug) {
        (Some(a), Some(b)) if b > a => Some((AllergyAssertion::NoKnownDrugAllergies, b)),
        (Some(a), _) => Some((AllergyAssertion::NoKnownAllergies, a)),
        (None, Some(b)) => Some((AllergyAssertion::NoKnownDrugAllergies, b)),
        (None, None) => None,
    };
    AllergyStatus {
        active,
        assertion,
        inactive,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::Duration;

    use super::*;
    use crate::clinical::allergy::{AllergyStatusCode, AllergySubstance, Reaction, Verification};
    use crate::clinical::ids::{PatientId, RecordId, StaffId};
    use crate::clinical::record::{Recorded, Standing};

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T15:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    }

    fn version<T>(content: T, minutes: i64) -> Versioned<T> {
        Versioned {
            id: RecordId::new(),
            patient_id: PatientId::new(),
            visit_id: None,
            content,
            recorded: Recorded {
                at: at(minutes),
                by: StaffId::new(),
                by_name: "Ana Lopez, CMA".into(),
            },
            replaces: None,
            standing: Standing::Current,
        }
    }

    fn allergy(name: &str, category: AllergyCategory, criticality: Criticality) -> Allergy {
        Allergy {
            substance: AllergySubstance::FreeText(name.into()),
            category,
            reactions: BTreeSet::from([Reaction::Rash]),
            severity: None,
            criticality,
            status: AllergyStatusCode::Active,
            verification: Verification::Unconfirmed,
            onset: None,
            note: None,
        }
    }

    #[test]
    fn nothing_recorded_is_not_none() {
        let status = allergy_status(&[], &[]);
        assert!(status.is_not_recorded());
        assert!(status.assertion.is_none());
    }

    #[test]
    fn nka_stands_until_an_allergy_is_recorded() {
        let nka = [version(AllergyAssertion::NoKnownAllergies, 0)];
        assert_eq!(
            allergy_status(&[], &nka).assertion.map(|(a, _)| a),
            Some(AllergyAssertion::NoKnownAllergies)
        );
        let later = [version(
            allergy("Peanut", AllergyCategory::Food, Criticality::High),
            5,
        )];
        let status = allergy_status(&later, &nka);
        assert!(status.assertion.is_none(), "superseded");
        assert_eq!(status.active.len(), 1);
    }

    #[test]
    fn nkda_survives_a_food_allergy_but_not_a_drug_allergy() {
        let nkda = [version(AllergyAssertion::NoKnownDrugAllergies, 0)];
        let food = [version(
            allergy("Peanut", AllergyCategory::Food, Criticality::Low),
            5,
        )];
        assert_eq!(
            allergy_status(&food, &nkda).assertion.map(|(a, _)| a),
            Some(AllergyAssertion::NoKnownDrugAllergies)
        );
        let drug = [version(
            allergy("Penicillin", AllergyCategory::Medication, Criticality::High),
            5,
        )];
        assert!(allergy_status(&drug, &nkda).assertion.is_none());
    }

    #[test]
    fn high_criticality_first() {
        let list = [
            version(
                allergy(
                    "Adhesive tape",
                    AllergyCategory::Environment,
                    Criticality::Low,
                ),
                0,
            ),
            version(
                allergy("Penicillin", AllergyCategory::Medication, Criticality::High),
                1,
            ),
        ];
        let status = allergy_status(&list, &[]);
        assert_eq!(status.active[0].content.substance.name(), "Penicillin");
        assert!(status.has_high_criticality());
    }
}
