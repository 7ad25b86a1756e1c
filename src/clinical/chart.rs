//! Everything charted about a patient outside vitals, as the screens need it: every version of
//! each kind of record (so histories can show corrections), and what this visit reviewed.

use crate::clinical::allergy::{Allergy, AllergyAssertion, AllergyStatus, allergy_status};
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::history::social::{Pregnancy, SocialHistory};
use crate::clinical::history::{Condition, FamilyMember, Procedure};
use crate::clinical::injection::Administration;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::Medication;
use crate::clinical::medication::reconciliation::Reconciliation;
use crate::clinical::record::{Recorded, Versioned, current};
use crate::clinical::review::{Review, ReviewSection};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatientRecords {
    pub allergies: Vec<Versioned<Allergy>>,
    pub assertions: Vec<Versioned<AllergyAssertion>>,
    pub conditions: Vec<Versioned<Condition>>,
    pub procedures: Vec<Versioned<Procedure>>,
    pub family: Vec<Versioned<FamilyMember>>,
    pub social: Vec<Versioned<SocialHistory>>,
    pub medications: Vec<Versioned<Medication>>,
    /// Reviews made in the open visit.
    pub reviews: Vec<Versioned<Review>>,
    /// Reconciliations made in the open visit.
    pub reconciliations: Vec<Versioned<Reconciliation>>,
    /// Injections given, transcribed or declined, and TST readings.
    pub administrations: Vec<Versioned<Administration>>,
    pub tst_readings: Vec<Versioned<TstReading>>,
    /// Sections marked done in the open visit.
    pub marks: Vec<Versioned<ChecklistMark>>,
}

impl PatientRecords {
    pub fn allergy_status(&self) -> AllergyStatus {
        allergy_status(&self.allergies, &self.assertions)
    }

    /// Who reviewed a section in this visit, and when (the latest review).
    pub fn reviewed(&self, section: ReviewSection) -> Option<&Recorded> {
        current(&self.reviews)
            .filter(|r| r.content.section == section)
            .map(|r| &r.recorded)
            .max_by_key(|r| r.at)
    }

    /// The current social history, if one was ever recorded.
    pub fn social_history(&self) -> Option<&Versioned<SocialHistory>> {
        current(&self.social).max_by_key(|s| s.recorded.at)
    }

    /// What the chart says about pregnancy, for the injection checks.
    pub fn pregnancy(&self) -> Option<(Pregnancy, &Recorded)> {
        let social = self.social_history()?;
        Some((social.content.pregnancy?, &social.recorded))
    }
}
