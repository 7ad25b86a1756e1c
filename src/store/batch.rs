//! Many records in one transaction, for tools that fill a chart (the demo command). The same
//! inserts as the app's saves, with the audit rows, but with their times given.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, TransactionBehavior};

use crate::clinical::ids::{PatientId, StaffId, VisitId, VitalsId};
use crate::clinical::patient::{NewPatient, Patient};
use crate::clinical::visit::{NewVisit, Visit, VisitStatus};
use crate::clinical::vitals::NewVitals;
use crate::store::{Store, StoreResult, patients, records, visits, vitals};

pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    pub fn register_patient(
        &self,
        new: &NewPatient,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<Patient> {
        patients::register(&self.tx, new, at, by)
    }

    pub fn start_visit(
        &self,
        patient: PatientId,
        new: &NewVisit,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<Visit> {
        visits::start(&self.tx, patient, new, at, by)
    }

    pub fn set_visit_status(
        &self,
        visit: &Visit,
        status: VisitStatus,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<()> {
        visits::change_status(&self.tx, visit.id, visit.patient_id, status, at, by)
    }

    pub fn record_vitals(
        &self,
        patient: PatientId,
        visit: VisitId,
        new: &NewVitals,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<VitalsId> {
        vitals::insert(
            &self.tx,
            vitals::Target {
                patient,
                visit,
                replaces: None,
            },
            new,
            at,
            by,
        )
    }
}

impl Batch<'_> {
    /// A record of the general table (allergy, history, medication, review), made at `at`.
    pub fn add_record<T: crate::clinical::record::ChartRecord>(
        &self,
        patient: PatientId,
        visit: Option<VisitId>,
        content: &T,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<crate::clinical::ids::RecordId> {
        records::insert(
            &self.tx,
            &records::RecordWrite::add(patient, visit, content)?,
            at,
            by,
        )
    }
}

impl Batch<'_> {
    /// An administration made at `at`; a dose given here takes one from its lot.
    pub fn save_administration(
        &self,
        patient: PatientId,
        visit: Option<VisitId>,
        administration: &crate::clinical::injection::Administration,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<crate::clinical::ids::RecordId> {
        let id = self.add_record(patient, visit, administration, at, by)?;
        if let Some(given) = administration.given_here() {
            crate::store::lots::move_doses(
                &self.tx,
                given.lot.lot_id,
                crate::store::lots::Movement::DoseGiven,
                Some(id),
                at,
                by,
            )?;
        }
        Ok(id)
    }
}

impl Store {
    /// Runs `f` in one transaction; all of it is written, or none.
    pub fn batch<T>(&mut self, f: impl FnOnce(&Batch<'_>) -> StoreResult<T>) -> StoreResult<T> {
        self.ensure_sound()?;
        let batch = Batch {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        };
        let value = f(&batch)?;
        crate::store::chain::seal(&batch.tx, self.clock.now(), &self.foreign_rows)?;
        batch.tx.commit()?;
        Ok(value)
    }
}

impl Batch<'_> {
    /// A specimen collected at `at` under a newly issued ID.
    pub fn collect_specimen(
        &self,
        patient: PatientId,
        visit: Option<VisitId>,
        collection: &crate::clinical::specimen::Collection,
        at: DateTime<Utc>,
        by: StaffId,
    ) -> StoreResult<crate::clinical::specimen::SpecimenId> {
        let id = crate::store::specimens::issue_id(&self.tx, patient, at, by)?;
        let specimen = crate::clinical::specimen::Specimen {
            id,
            collection: collection.clone(),
        };
        self.add_record(patient, visit, &specimen, at, by)?;
        Ok(id)
    }
}
