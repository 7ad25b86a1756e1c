//! Everything charted about a patient outside vitals, as the screens need it, with the questions
//! the screens and checks ask of it (allergy status, pregnancy, what this visit reviewed).

use crate::clinical::allergy::{Allergy, AllergyAssertion, AllergyStatus, allergy_status};
use crate::clinical::growth::birth::BirthHistory;
use crate::clinical::history::Condition;
use crate::clinical::history::social::{Pregnancy, SocialHistory};
use crate::clinical::ids::VisitId;
use crate::clinical::injection::observations::{ChartFacts, ObservationMap, Observed};
use crate::clinical::injection::safety::PregnancyTest;
use crate::clinical::medication::Medication;
use crate::clinical::poc::{PocCatalog, PocResult};
use crate::clinical::record::{ChartRecord, RecordSet, Recorded, Versioned, current};
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::specimen::status::SpecimenState;
use crate::clinical::specimen::{Specimen, SpecimenId, StatusChange};

/// Every version of every kind of record a patient has (so histories can show corrections),
/// read for the visit being charted, if any: reviews and checklist marks are that visit's.
#[derive(Clone, Debug, Default)]
pub struct PatientRecords {
    pub visit: Option<VisitId>,
    pub all: RecordSet,
}

impl PatientRecords {
    /// Every version of kind `T`, oldest first.
    pub fn of<T: ChartRecord>(&self) -> &[Versioned<T>] {
        self.all.of::<T>()
    }

    /// The current records of kind `T` made in the visit being charted.
    pub fn in_visit<T: ChartRecord>(&self) -> impl Iterator<Item = &Versioned<T>> {
        let visit = self.visit;
        current(self.of::<T>()).filter(move |r| visit.is_some() && r.visit_id == visit)
    }

    pub fn allergy_status(&self) -> AllergyStatus {
        allergy_status(self.of::<Allergy>(), self.of::<AllergyAssertion>())
    }

    /// Who reviewed a section in this visit, and when (the latest review).
    pub fn reviewed(&self, section: ReviewSection) -> Option<&Recorded> {
        self.in_visit::<Review>()
            .filter(|r| r.content.section == section)
            .map(|r| &r.recorded)
            .max_by_key(|r| r.at)
    }

    /// The current social history, if one was ever recorded.
    pub fn social_history(&self) -> Option<&Versioned<SocialHistory>> {
        current(self.of::<SocialHistory>()).max_by_key(|s| s.recorded.at)
    }

    /// What the chart says about pregnancy, for the injection checks.
    pub fn pregnancy(&self) -> Option<(Pregnancy, &Recorded)> {
        let social = self.social_history()?;
        Some((social.content.pregnancy?, &social.recorded))
    }

    /// Where one of the patient's specimens stands.
    pub fn specimen_standing(&self, specimen: &Specimen) -> SpecimenState {
        SpecimenState::of(
            specimen.collection.collected_at,
            current(self.of::<StatusChange>())
                .filter(|c| c.content.specimen == specimen.id)
                .map(|c| &c.content),
        )
    }

    /// The current version of a specimen by its ID.
    pub fn specimen(&self, id: SpecimenId) -> Option<&Versioned<Specimen>> {
        current(self.of::<Specimen>()).find(|s| s.content.id == id)
    }

    /// The latest urine pregnancy test of this visit, for the injection checks.
    pub fn pregnancy_test(&self, visit: VisitId, catalog: &PocCatalog) -> Option<PregnancyTest> {
        current(self.of::<PocResult>())
            .filter(|r| r.visit_id == Some(visit))
            .filter_map(|r| {
                r.content.pregnancy(catalog).map(|positive| PregnancyTest {
                    positive,
                    at: r.content.tested_at,
                })
            })
            // A positive earlier in the visit is never hidden by a later negative: it stands
            // until it is marked entered in error, with its reason.
            .max_by_key(|t| (t.positive, t.at))
    }

    /// What the chart says in CDSi's terms, for the vaccine checks and the due list: the
    /// visit's own pregnancy test counts when there is a visit.
    pub fn vaccine_observations(&self, map: &ObservationMap, poc: &PocCatalog) -> Vec<Observed> {
        map.observe(&ChartFacts {
            conditions: self.of::<Condition>(),
            medications: self.of::<Medication>(),
            allergies: self.of::<Allergy>(),
            pregnancy: self.pregnancy().map(|(p, _)| p),
            pregnancy_test: self.visit.and_then(|v| self.pregnancy_test(v, poc)),
        })
    }

    /// The current birth history, if one was recorded (the latest).
    pub fn birth_history(&self) -> Option<&Versioned<BirthHistory>> {
        current(self.of::<BirthHistory>()).max_by_key(|b| b.recorded.at)
    }
}
