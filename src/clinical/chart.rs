//! Everything charted about a patient outside vitals, as the screens need it: every version of
//! each kind of record (so histories can show corrections), and what this visit reviewed.

use crate::clinical::allergy::{Allergy, AllergyAssertion, AllergyStatus, allergy_status};
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::history::social::{Pregnancy, SocialHistory};
use crate::clinical::history::{Condition, FamilyMember, Procedure};
use crate::clinical::ids::VisitId;
use crate::clinical::injection::Administration;
use crate::clinical::injection::safety::PregnancyTest;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::Medication;
use crate::clinical::medication::reconciliation::Reconciliation;
use crate::clinical::poc::{PocCatalog, PocResult};
use crate::clinical::record::{Recorded, Versioned, current};
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::specimen::status::Standing;
use crate::clinical::specimen::{Specimen, SpecimenId, StatusChange};

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
    pub specimens: Vec<Versioned<Specimen>>,
    pub specimen_statuses: Vec<Versioned<StatusChange>>,
    pub poc_results: Vec<Versioned<PocResult>>,
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

    /// Where one of the patient's specimens stands.
    pub fn specimen_standing(&self, specimen: &Specimen) -> Standing {
        Standing::of(
            specimen.collection.collected_at,
            current(&self.specimen_statuses)
                .filter(|c| c.content.specimen == specimen.id)
                .map(|c| &c.content),
        )
    }

    /// The current version of a specimen by its ID.
    pub fn specimen(&self, id: SpecimenId) -> Option<&Versioned<Specimen>> {
        current(&self.specimens).find(|s| s.content.id == id)
    }

    /// The latest urine pregnancy test of this visit, for the injection checks.
    pub fn pregnancy_test(&self, visit: VisitId, catalog: &PocCatalog) -> Option<PregnancyTest> {
        current(&self.poc_results)
            .filter(|r| r.visit_id == Some(visit))
            .filter_map(|r| {
                r.content.pregnancy(catalog).map(|positive| PregnancyTest {
                    positive,
                    at: r.content.tested_at,
                })
            })
            .max_by_key(|t| t.at)
    }
}
