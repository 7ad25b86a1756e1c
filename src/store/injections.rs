//! Saving injections: the administration record, the dose it takes from its lot, and the audit
//! rows of any warning passed, all in one transaction, so a dose is never charted without its
//! lot count changing, nor counted without its record. Also the clinic-wide follow-up lists.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::injection::InjectionCatalog;
use crate::clinical::injection::administration::{Administration, Event};
use crate::clinical::injection::follow_up::{NextDose, next_doses, on_clinic_list};
use crate::clinical::injection::tst::TstReading;
use crate::clinical::patient::PatientSummary;
use crate::clinical::record::Versioned;
use crate::clinical::time::to_local;
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::time_text;
use crate::store::lots::{Movement, move_doses};
use crate::store::records::{RecordWrite, insert};
use crate::store::{Store, StoreError, StoreResult};

impl Store {
    /// Saves an administration (new, or a correction of `replaces`): a dose given here takes one
    /// from its lot, and a correction that moves the dose to another lot, or away from "given
    /// here", puts the old lot's dose back.
    pub fn save_administration(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        administration: &Administration,
        replaces: Option<RecordId>,
        by: StaffId,
    ) -> StoreResult<Versioned<Administration>> {
        let old = match replaces {
            Some(id) => {
                let old: Versioned<Administration> = self.record(id)?;
                if !old.standing.is_current() {
                    return Err(StoreError::AlreadySuperseded);
                }
                Some(old)
            }
            None => None,
        };
        if let Event::GivenHere(given) = &administration.event {
            let lot = self.lot(given.lot.lot_id)?;
            if lot.product_id != administration.product.id {
                return Err(StoreError::Refused(format!(
                    "lot {} is not a lot of {}",
                    lot.number, administration.product.name
                )));
            }
            if lot.is_expired_on(to_local(given.at).date_naive()) {
                return Err(StoreError::Refused(format!(
                    "lot {} expired {}",
                    lot.number, lot.expires
                )));
            }
        }
        let now = self.clock.now();
        let old_lot = old
            .as_ref()
            .and_then(|o| o.content.given_here().map(|g| g.lot.lot_id));
        let new_lot = administration.given_here().map(|g| g.lot.lot_id);
        let write = match &old {
            Some(old) => RecordWrite::correct(patient, visit, old.id, administration)?,
            None => RecordWrite::add(patient, visit, administration)?,
        };
        let id = self
            .write(|tx| {
                let id = insert(tx, &write, now, by)?;
                if old_lot != new_lot {
                    if let Some(lot) = old_lot {
                        move_doses(tx, lot, Movement::DoseReturned, Some(id), now, by)?;
                    }
                    if let Some(lot) = new_lot {
                        move_doses(tx, lot, Movement::DoseGiven, Some(id), now, by)?;
                    }
                }
                for o in &administration.overrides {
                    let detail = format!("{}: {} (reason: {})", o.check.code(), o.fact, o.reason);
                    append(
                        tx,
                        now,
                        &Audit {
                            by,
                            action: AuditAction::WarningOverridden,
                            patient: Some(patient),
                            record: Some(id.to_string()),
                            detail: Some(&detail),
                        },
                    )?;
                    // The co-signer's own row: the provider, not the MA, is who passed it.
                    if let Some(co) = &o.co_signed_by {
                        let detail = format!(
                            "{}: {} (co-signed at {})",
                            o.check.code(),
                            o.fact,
                            co.at.to_rfc3339()
                        );
                        append(
                            tx,
                            now,
                            &Audit {
                                by: co.staff,
                                action: AuditAction::CoSigned,
                                patient: Some(patient),
                                record: Some(id.to_string()),
                                detail: Some(&detail),
                            },
                        )?;
                    }
                }
                Ok(id)
            })
            .map_err(|e| match e {
                StoreError::Refused(text) if text.contains("no doses left") => {
                    StoreError::Refused("the lot has no doses left: choose another lot".into())
                }
                other => other,
            })?;
        self.record(id)
    }

    /// Records a skin test reading; refused when the placement is not a current tuberculin
    /// placement of the patient, or already has a reading.
    pub fn record_tst_reading(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        reading: &TstReading,
        by: StaffId,
    ) -> StoreResult<Versioned<TstReading>> {
        let placement: Versioned<Administration> = self.record(reading.placement)?;
        if placement.patient_id != patient || !placement.standing.is_current() {
            return Err(StoreError::Refused(
                "the placement is not a current record of this patient".into(),
            ));
        }
        let readings: Vec<Versioned<TstReading>> = self.records(patient)?;
        if crate::clinical::record::current(&readings)
            .any(|r| r.content.placement == reading.placement)
        {
            return Err(StoreError::Refused(
                "this test already has a reading".into(),
            ));
        }
        self.add_record(patient, visit, reading, by)
    }

    /// Administrations of one product kind recorded since `since`, across patients, by patient.
    fn recent_administrations(
        &self,
        kind: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<(PatientId, Vec<Versioned<Administration>>)>> {
        let patients: Vec<PatientId> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT DISTINCT patient_id FROM chart_records
                 WHERE kind = 'administration' AND recorded_at >= ?1
                   AND json_extract(content, '$.product.kind') = ?2",
            )?;
            statement
                .query_map(rusqlite::params![time_text(since), kind], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        patients
            .into_iter()
            .map(|p| Ok((p, self.records::<Administration>(p)?)))
            .collect()
    }

    fn summary(&self, patient: PatientId) -> StoreResult<PatientSummary> {
        let p = self.patient(patient)?;
        Ok(PatientSummary {
            id: p.id,
            mrn: p.mrn,
            demographics: p.demographics,
        })
    }

    /// Scheduled drugs coming due, due, or late, across patients, soonest first.
    pub fn injections_due(
        &self,
        catalog: &InjectionCatalog,
        today: NaiveDate,
    ) -> StoreResult<Vec<(PatientSummary, NextDose)>> {
        let longest = catalog
            .products()
            .iter()
            .filter_map(|p| p.interval)
            .map(|i| i.late_after_days * 2)
            .max()
            .unwrap_or(0);
        let since = self.clock.now() - Duration::days(i64::from(longest) + 1);
        let mut due = Vec::new();
        for (patient, administrations) in self.recent_administrations("drug", since)? {
            let next: Vec<NextDose> = next_doses(&administrations, catalog)
                .into_iter()
                .filter(|n| on_clinic_list(n, today))
                .collect();
            if !next.is_empty() {
                let summary = self.summary(patient)?;
                due.extend(next.into_iter().map(|n| (summary.clone(), n)));
            }
        }
        due.sort_by_key(|(_, n)| n.due);
        Ok(due)
    }

    /// Skin tests placed in the last `days` days without a reading, with their patients.
    pub fn tst_awaiting_reading(
        &self,
        days: i64,
    ) -> StoreResult<Vec<(PatientSummary, Versioned<Administration>)>> {
        let since = self.clock.now() - Duration::days(days);
        let mut awaiting = Vec::new();
        for (patient, administrations) in self.recent_administrations("tuberculin", since)? {
            let readings: Vec<Versioned<TstReading>> = self.records(patient)?;
            let open: Vec<Versioned<Administration>> =
                crate::clinical::record::current(&administrations)
                    .filter(|a| {
                        a.content.product.kind
                            == crate::clinical::injection::ProductKind::Tuberculin
                    })
                    .filter(|a| a.content.given_here().is_some_and(|g| g.at >= since))
                    .filter(|a| {
                        !crate::clinical::record::current(&readings)
                            .any(|r| r.content.placement == a.id)
                    })
                    .cloned()
                    .collect();
            if !open.is_empty() {
                let summary = self.summary(patient)?;
                awaiting.extend(open.into_iter().map(|a| (summary.clone(), a)));
            }
        }
        awaiting.sort_by_key(|(_, a)| a.content.given_here().map(|g| g.at));
        Ok(awaiting)
    }
}
