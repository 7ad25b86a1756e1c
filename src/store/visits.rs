//! Visits and their status changes, and today's list across patients.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::ids::{PatientId, StaffId, VisitId};
use crate::clinical::patient::PatientSummary;
use crate::clinical::visit::{NewVisit, Visit, VisitListEntry, VisitStatus};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{get_code, get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

const SELECT_VISIT: &str = "SELECT v.id, v.patient_id, v.started_at, v.reason, v.room, v.recorded_by,
        s.status, s.changed_at
    FROM visits v
    JOIN visit_status_changes s ON s.id = (
        SELECT id FROM visit_status_changes WHERE visit_id = v.id ORDER BY changed_at DESC, id DESC LIMIT 1)";

fn visit_from_row(row: &Row<'_>) -> rusqlite::Result<Visit> {
    Ok(Visit {
        id: row.get("id")?,
        patient_id: row.get("patient_id")?,
        started_at: get_time(row, "started_at")?,
        reason: row.get("reason")?,
        room: row.get("room")?,
        status: get_code(row, "status", VisitStatus::from_code)?,
        status_changed_at: get_time(row, "changed_at")?,
        started_by: row.get("recorded_by")?,
    })
}

pub(crate) fn start(
    tx: &Transaction<'_>,
    patient: PatientId,
    new: &NewVisit,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<Visit> {
    let id = VisitId::new();
    tx.prepare_cached(
        "INSERT INTO visits (id, patient_id, started_at, reason, room, recorded_by)
         VALUES (:id, :patient, :at, :reason, :room, :by)",
    )?
    .execute(named_params! {
        ":id": id, ":patient": patient, ":at": time_text(at), ":reason": new.reason, ":room": new.room, ":by": by,
    })?;
    append(
        tx,
        at,
        &Audit {
            by,
            action: AuditAction::VisitStarted,
            patient: Some(patient),
            record: Some(id.to_string()),
            detail: None,
        },
    )?;
    change_status(tx, id, patient, VisitStatus::Waiting, at, by)?;
    Ok(Visit {
        id,
        patient_id: patient,
        started_at: at,
        reason: new.reason.clone(),
        room: new.room.clone(),
        status: VisitStatus::Waiting,
        status_changed_at: at,
        started_by: by,
    })
}

pub(crate) fn change_status(
    tx: &Transaction<'_>,
    visit: VisitId,
    patient: PatientId,
    status: VisitStatus,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO visit_status_changes (id, visit_id, status, changed_at, changed_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![VisitId::new().to_string(), visit, status.code(), time_text(at), by])?;
    append(
        tx,
        at,
        &Audit {
            by,
            action: AuditAction::VisitStatusChanged,
            patient: Some(patient),
            record: Some(visit.to_string()),
            detail: Some(status.code()),
        },
    )
}

impl Store {
    /// Starts a visit for a patient; it begins as waiting.
    pub fn start_visit(
        &mut self,
        patient: PatientId,
        new: &NewVisit,
        by: StaffId,
    ) -> StoreResult<Visit> {
        let now = self.clock.now();
        self.write(|tx| start(tx, patient, new, now, by))
    }

    pub fn set_visit_status(
        &mut self,
        visit: VisitId,
        status: VisitStatus,
        by: StaffId,
    ) -> StoreResult<Visit> {
        let current = self.visit(visit)?;
        if current.status == status {
            return Ok(current);
        }
        let now = self.clock.now();
        self.write(|tx| change_status(tx, visit, current.patient_id, status, now, by))?;
        self.visit(visit)
    }

    pub fn visit(&self, id: VisitId) -> StoreResult<Visit> {
        self.conn
            .prepare_cached(&format!("{SELECT_VISIT} WHERE v.id = ?1"))?
            .query_row([id], visit_from_row)
            .optional()?
            .ok_or(StoreError::NotFound("the visit"))
    }

    /// A patient's visits, newest first.
    pub fn patient_visits(&self, patient: PatientId) -> StoreResult<Vec<Visit>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_VISIT} WHERE v.patient_id = ?1 ORDER BY v.started_at DESC"
        ))?;
        let rows = statement.query_map([patient], visit_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The visits started in `[from, until)`, in the order they started: today's list.
    pub fn visits_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<VisitListEntry>> {
        let visits: Vec<Visit> = {
            let mut statement = self.conn.prepare_cached(&format!(
                "{SELECT_VISIT} WHERE v.started_at >= ?1 AND v.started_at < ?2 ORDER BY v.started_at"
            ))?;
            statement
                .query_map([time_text(from), time_text(until)], visit_from_row)?
                .collect::<Result<_, _>>()?
        };
        visits
            .into_iter()
            .map(|visit| {
                let patient = self.patient(visit.patient_id)?;
                let checklist = self.checklist(visit.id)?;
                Ok(VisitListEntry {
                    patient: PatientSummary {
                        id: patient.id,
                        mrn: patient.mrn,
                        demographics: patient.demographics,
                    },
                    checklist,
                    visit,
                })
            })
            .collect()
    }
}
