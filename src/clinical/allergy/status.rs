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
        self.active.iter().any(|a| a.content.criticality == Criticality::High)
    }
}

fn danger(allergy: &Allergy) -> (bool, bool) {
    (allergy.criticality == Criticality::High, allergy.severity == Some(Severity::Severe))
}

/// The status from every version of the patient's allergies and assertions.
pub fn allergy_status(allergies: &[Versioned<Allergy>], assertions: &[Versioned<AllergyAssertion>]) -> AllergyStatus {
    let mut active: Vec<Versioned<Allergy>> = current(allergies).filter(|a| a.content.is_in_force()).cloned().collect();
    active.sort_by_key(|a| (Reverse(danger(&a.content)), a.content.substance.name().to_lowercase()));
    let inactive = current(allergies).filter(|a| !a.content.is_in_force()).count();
    let latest = |kind: AllergyAssertion| {
        current(assertions).filter(|a| a.content == kind).map(|a| a.recorded.at).max()
    };
    // A real allergy recorded after an assertion supersedes it: any allergy ends NKA, a drug
    // allergy ends NKDA.
    let allergy_since = |at: DateTime<Utc>, drugs_only: bool| {
        current(allergies).any(|a| a.recorded.at > at && (!drugs_only || a.content.category == AllergyCategory::Medication))
    };
    let nka = latest(AllergyAssertion::NoKnownAllergies).filter(|at| active.is_empty() && !allergy_since(*at, false));
    let nkda = latest(AllergyAssertion::NoKnownDrugAllergies).filter(|at| {
        !allergy_since(*at, true) && active.iter().all(|a| a.content.category != AllergyCategory::Medication)
    });
    let assertion = match (nka, nkda) {
        (Some(a), Some(b)) if b > a => Some((AllergyAssertion::NoKnownDrugAllergies, b)),
        (Some(a), _) => Some((AllergyAssertion::NoKnownAllergies, a)),
        (None, Some(b)) => Some((AllergyAssertion::NoKnownDrugAllergies, b)),
        (None, None) => None,
    };
    AllergyStatus { active, assertion, inactive }
}
