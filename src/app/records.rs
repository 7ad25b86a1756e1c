//! Applying the intents of the allergy, history and medication screens: each save becomes a
//! record version in the store, then the patient's records are read back for every view.

use crate::app::{RoomingApp, Screen};
use crate::clinical::allergy::{Allergy, AllergyAssertion};
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::history::{Condition, FamilyMember, Procedure, SocialHistory};
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::Medication;
use crate::clinical::medication::reconciliation::{Reconciliation, ReconciliationPlan};
use crate::clinical::poc::PocResult;
use crate::clinical::record::{ChartRecord, RecordKind, Retraction};
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::specimen::{Specimen, StatusChange};
use crate::store::{RecordWrite, StoreError, StoreResult};
use crate::ui::intent::ChartEntry;

impl RoomingApp {
    /// The patient on screen, the open visit, and who is charting.
    pub(super) fn record_target(&self) -> StoreResult<(PatientId, Option<VisitId>, StaffId)> {
        let by = self
            .session
            .as_ref()
            .map(|s| s.staff.id)
            .ok_or(StoreError::NotFound("who is charting"))?;
        let Screen::Patient(screen) = &self.screen else {
            return Err(StoreError::NotFound("the patient"));
        };
        Ok((
            screen.patient.id,
            screen.open.as_ref().map(|o| o.visit.id),
            by,
        ))
    }

    /// Reads the patient's records again, for the views and the banner.
    pub(super) fn refresh_records(&mut self) -> StoreResult<()> {
        let Screen::Patient(screen) = &mut self.screen else {
            return Ok(());
        };
        let visit = screen.open.as_ref().map(|o| o.visit.id);
        screen.records = self.store.patient_records(screen.patient.id, visit)?;
        screen.lots = self.store.lots()?;
        screen.allergy_status = screen.records.allergy_status();
        if let Some(open) = &mut screen.open {
            open.checklist = self.store.checklist(open.visit.id)?;
        }
        Ok(())
    }

    pub(super) fn save_version<T: ChartRecord>(
        &mut self,
        content: &T,
        replaces: Option<RecordId>,
    ) -> StoreResult<()> {
        let (patient, visit, by) = self.record_target()?;
        match replaces {
            Some(old) => self.store.correct_record(old, visit, content, by).map(drop),
            None => self.store.add_record(patient, visit, content, by).map(drop),
        }
    }

    pub(super) fn save_entry(
        &mut self,
        entry: &ChartEntry,
        replaces: Option<RecordId>,
    ) -> StoreResult<()> {
        let (saved, what) = match entry {
            ChartEntry::Allergy(a) => (self.save_version::<Allergy>(a, replaces), "Allergy saved"),
            ChartEntry::Condition(c) => (
                self.save_version::<Condition>(c, replaces),
                "Condition saved",
            ),
            ChartEntry::Procedure(p) => (
                self.save_version::<Procedure>(p, replaces),
                "Procedure saved",
            ),
            ChartEntry::Family(f) => (
                self.save_version::<FamilyMember>(f, replaces),
                "Family history saved",
            ),
            ChartEntry::Social(s) => (
                self.save_version::<SocialHistory>(s, replaces),
                "Social history saved",
            ),
            ChartEntry::Medication(m) => (
                self.save_version::<Medication>(m, replaces),
                "Medication saved",
            ),
        };
        let Screen::Patient(screen) = &mut self.screen else {
            return saved;
        };
        match saved {
            Ok(()) => {
                match entry {
                    ChartEntry::Allergy(_) => screen.allergies.saved(),
                    ChartEntry::Medication(_) => screen.medications.medication_saved(),
                    ChartEntry::Condition(_)
                    | ChartEntry::Procedure(_)
                    | ChartEntry::Family(_)
                    | ChartEntry::Social(_) => {
                        screen.medical_history.saved();
                    }
                }
                self.refresh_records()?;
                self.say(what);
            }
            Err(e) => {
                let message = Some(e.to_string());
                match entry {
                    ChartEntry::Allergy(_) => screen.allergies.save_error = message,
                    ChartEntry::Medication(_) => screen.medications.save_error = message,
                    _ => screen.medical_history.save_error = message,
                }
            }
        }
        Ok(())
    }

    pub(super) fn assert_allergies(&mut self, assertion: AllergyAssertion) -> StoreResult<()> {
        self.save_version(&assertion, None)?;
        self.refresh_records()?;
        self.say(format!("Recorded: {}", assertion.label()));
        Ok(())
    }

    pub(super) fn review(&mut self, section: ReviewSection) -> StoreResult<()> {
        let (_, visit, _) = self.record_target()?;
        if visit.is_none() {
            return Err(StoreError::Refused(
                "a review belongs to a visit: start one first".into(),
            ));
        }
        self.save_version(&Review { section }, None)?;
        self.refresh_records()?;
        self.say(format!("{} reviewed with patient", section.label()));
        Ok(())
    }

    /// The reconciliation entries, the stopped versions and the attestation, in one transaction.
    pub(super) fn reconcile(&mut self, plan: &ReconciliationPlan) -> StoreResult<()> {
        let (patient, visit, by) = self.record_target()?;
        let Some(visit) = visit else {
            return Err(StoreError::Refused(
                "reconciliation belongs to a visit: start one first".into(),
            ));
        };
        let mut writes = Vec::new();
        for (replaces, stopped) in &plan.stops {
            writes.push(RecordWrite::correct(
                patient,
                Some(visit),
                *replaces,
                stopped,
            )?);
        }
        for entry in &plan.entries {
            writes.push(RecordWrite::add::<Reconciliation>(
                patient,
                Some(visit),
                entry,
            )?);
        }
        writes.push(RecordWrite::add(
            patient,
            Some(visit),
            &Review {
                section: ReviewSection::Medications,
            },
        )?);
        match self.store.write_records(&writes, by) {
            Ok(_) => {
                if let Screen::Patient(screen) = &mut self.screen {
                    screen.medications.reconciliation_saved();
                }
                self.refresh_records()?;
                self.say("Medication list reconciled and reviewed with patient");
            }
            Err(e) => {
                if let Screen::Patient(screen) = &mut self.screen {
                    screen.medications.save_error = Some(e.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn retract_record(
        &mut self,
        kind: RecordKind,
        id: RecordId,
        retraction: &Retraction,
    ) -> StoreResult<()> {
        let (_, _, by) = self.record_target()?;
        let store = &mut self.store;
        match kind {
            RecordKind::Allergy => store
                .record_entered_in_error::<Allergy>(id, retraction, by)
                .map(drop),
            RecordKind::AllergyAssertion => store
                .record_entered_in_error::<AllergyAssertion>(id, retraction, by)
                .map(drop),
            RecordKind::Condition => store
                .record_entered_in_error::<Condition>(id, retraction, by)
                .map(drop),
            RecordKind::Procedure => store
                .record_entered_in_error::<Procedure>(id, retraction, by)
                .map(drop),
            RecordKind::FamilyHistory => store
                .record_entered_in_error::<FamilyMember>(id, retraction, by)
                .map(drop),
            RecordKind::SocialHistory => store
                .record_entered_in_error::<SocialHistory>(id, retraction, by)
                .map(drop),
            RecordKind::Medication => store
                .record_entered_in_error::<Medication>(id, retraction, by)
                .map(drop),
            RecordKind::Reconciliation => store
                .record_entered_in_error::<Reconciliation>(id, retraction, by)
                .map(drop),
            RecordKind::Review => store
                .record_entered_in_error::<Review>(id, retraction, by)
                .map(drop),
            RecordKind::Administration => store
                .administration_entered_in_error(id, retraction, by)
                .map(drop),
            RecordKind::TstReading => store
                .record_entered_in_error::<TstReading>(id, retraction, by)
                .map(drop),
            RecordKind::ChecklistMark => store
                .record_entered_in_error::<ChecklistMark>(id, retraction, by)
                .map(drop),
            RecordKind::Specimen => store
                .record_entered_in_error::<Specimen>(id, retraction, by)
                .map(drop),
            RecordKind::SpecimenStatus => store
                .record_entered_in_error::<StatusChange>(id, retraction, by)
                .map(drop),
            RecordKind::PocResult => store
                .record_entered_in_error::<PocResult>(id, retraction, by)
                .map(drop),
        }?;
        if let Screen::Patient(screen) = &mut self.screen {
            screen.allergies.saved();
            screen.medical_history.saved();
            screen.medications.medication_saved();
            screen.injections.saved(self.clock.now());
            screen.specimens.saved();
        }
        self.refresh_records()?;
        self.say("Marked entered in error; it stays in the history");
        Ok(())
    }
}
