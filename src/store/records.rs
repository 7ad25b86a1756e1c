//! The general record table: versioned allergies, history entries, medications,
//! reconciliations and reviews, each a domain type stored as JSON. Adding, correcting (a new
//! version naming the one it replaces) and entering in error work the same for every kind.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::record::{ChartRecord, RecordKind, Recorded, Retraction, Standing, Versioned};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{get_optional_time, get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

/// One write of a record, its content already turned into JSON, so writes of several kinds can
/// go in one transaction.
#[derive(Clone, Debug)]
pub struct RecordWrite {
    kind: RecordKind,
    patient: PatientId,
    visit: Option<VisitId>,
    replaces: Option<RecordId>,
    json: String,
}

impl RecordWrite {
    pub fn add<T: ChartRecord>(
        patient: PatientId,
        visit: Option<VisitId>,
        content: &T,
    ) -> StoreResult<Self> {
        Ok(Self {
            kind: T::KIND,
            patient,
            visit,
            replaces: None,
            json: to_json(content)?,
        })
    }

    pub fn correct<T: ChartRecord>(
        patient: PatientId,
        visit: Option<VisitId>,
        replaces: RecordId,
        content: &T,
    ) -> StoreResult<Self> {
        Ok(Self {
            kind: T::KIND,
            patient,
            visit,
            replaces: Some(replaces),
            json: to_json(content)?,
        })
    }
}

fn to_json<T: ChartRecord>(content: &T) -> StoreResult<String> {
    serde_json::to_string(content)
        .map_err(|e| StoreError::Refused(format!("the record cannot be written: {e}")))
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    write: &RecordWrite,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<RecordId> {
    let id = RecordId::new();
    tx.prepare_cached(
        "INSERT INTO chart_records (id, patient_id, visit_id, kind, content, recorded_at, recorded_by, replaces)
         VALUES (:id, :patient, :visit, :kind, :content, :at, :by, :replaces)",
    )?
    .execute(named_params! {
        ":id": id,
        ":patient": write.patient,
        ":visit": write.visit,
        ":kind": write.kind.code(),
        ":content": write.json,
        ":at": time_text(at),
        ":by": by,
        ":replaces": write.replaces,
    })
    .map_err(|e| match StoreError::from(e) {
        StoreError::Refused(text) if text.contains("UNIQUE") || text.contains("entered in error") => {
            StoreError::AlreadySuperseded
        }
        other => other,
    })?;
    let action = if write.replaces.is_some() {
        AuditAction::RecordCorrected
    } else {
        AuditAction::RecordAdded
    };
    append(
        tx,
        at,
        &Audit {
            by,
            action,
            patient: Some(write.patient),
            record: Some(id.to_string()),
            detail: Some(write.kind.code()),
        },
    )?;
    Ok(id)
}

/// Records a retraction of any clinical record, in the transaction of the caller.
pub(crate) fn retract(
    tx: &Transaction<'_>,
    table: &'static str,
    record: &str,
    patient: PatientId,
    retraction: &Retraction,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO entered_in_error (id, record_table, record_id, patient_id, reason, recorded_at, recorded_by)
         VALUES (:id, :table, :record, :patient, :reason, :at, :by)",
    )?
    .execute(named_params! {
        ":id": RecordId::new(), ":table": table, ":record": record, ":patient": patient,
        ":reason": retraction.reason, ":at": time_text(at), ":by": by,
    })?;
    append(
        tx,
        at,
        &Audit {
            by,
            action: AuditAction::EnteredInError,
            patient: Some(patient),
            record: Some(record.to_owned()),
            detail: Some(table),
        },
    )
}

const SELECT_RECORDS: &str = "SELECT c.id, c.patient_id, c.visit_id, c.content, c.recorded_at, c.recorded_by, c.replaces,
        st.name AS recorder, st.credentials AS recorder_credentials,
        r.recorded_at AS replaced_at, rs.name AS replaced_by, rs.credentials AS replaced_by_credentials,
        e.reason AS error_reason, e.recorded_at AS error_at, es.name AS error_by, es.credentials AS error_by_credentials
    FROM chart_records c
    JOIN staff st ON st.id = c.recorded_by
    LEFT JOIN chart_records r ON r.replaces = c.id
    LEFT JOIN staff rs ON rs.id = r.recorded_by
    LEFT JOIN entered_in_error e ON e.record_id = c.id
    LEFT JOIN staff es ON es.id = e.recorded_by";

pub(crate) fn signature(name: Option<String>, credentials: Option<String>) -> String {
    match (name, credentials) {
        (Some(name), Some(credentials)) => format!("{name}, {credentials}"),
        (Some(name), None) => name,
        _ => String::new(),
    }
}

/// Where a version stands, from the joined replacement and retraction columns.
pub(crate) fn standing_from_row(row: &Row<'_>) -> rusqlite::Result<Standing> {
    Ok(if let Some(at) = get_optional_time(row, "error_at")? {
        Standing::EnteredInError {
            reason: row.get("error_reason")?,
            at,
            by_name: signature(row.get("error_by")?, row.get("error_by_credentials")?),
        }
    } else if let Some(at) = get_optional_time(row, "replaced_at")? {
        Standing::Replaced {
            at,
            by_name: signature(row.get("replaced_by")?, row.get("replaced_by_credentials")?),
        }
    } else {
        Standing::Current
    })
}

fn versioned_from_row<T: ChartRecord>(row: &Row<'_>) -> rusqlite::Result<Versioned<T>> {
    let json: String = row.get("content")?;
    let content = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("a {} record this version cannot read: {e}", T::KIND.code()).into(),
        )
    })?;
    Ok(Versioned {
        id: row.get("id")?,
        patient_id: row.get("patient_id")?,
        visit_id: row.get("visit_id")?,
        content,
        recorded: Recorded {
            at: get_time(row, "recorded_at")?,
            by: row.get("recorded_by")?,
            by_name: signature(row.get("recorder")?, row.get("recorder_credentials")?),
        },
        replaces: row.get("replaces")?,
        standing: standing_from_row(row)?,
    })
}

impl Store {
    /// Everything charted about a patient outside vitals, and what `visit` reviewed.
    pub fn patient_records(
        &self,
        patient: PatientId,
        visit: Option<VisitId>,
    ) -> StoreResult<PatientRecords> {
        let (reviews, reconciliations, marks) = match visit {
            Some(visit) => (
                self.visit_records(visit)?,
                self.visit_records(visit)?,
                self.visit_records(visit)?,
            ),
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        Ok(PatientRecords {
            allergies: self.records(patient)?,
            assertions: self.records(patient)?,
            conditions: self.records(patient)?,
            procedures: self.records(patient)?,
            family: self.records(patient)?,
            social: self.records(patient)?,
            medications: self.records(patient)?,
            reviews,
            reconciliations,
            administrations: self.records(patient)?,
            tst_readings: self.records(patient)?,
            marks,
            specimens: self.records(patient)?,
            specimen_statuses: self.records(patient)?,
            poc_results: self.records(patient)?,
        })
    }

    /// Every version of a patient's records of kind `T`, oldest first.
    pub fn records<T: ChartRecord>(&self, patient: PatientId) -> StoreResult<Vec<Versioned<T>>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_RECORDS} WHERE c.patient_id = ?1 AND c.kind = ?2 ORDER BY c.recorded_at, c.id"
        ))?;
        let rows = statement.query_map(
            rusqlite::params![patient, T::KIND.code()],
            versioned_from_row::<T>,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every version of the records of kind `T` made in one visit, oldest first.
    pub fn visit_records<T: ChartRecord>(&self, visit: VisitId) -> StoreResult<Vec<Versioned<T>>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_RECORDS} WHERE c.visit_id = ?1 AND c.kind = ?2 ORDER BY c.recorded_at, c.id"
        ))?;
        let rows = statement.query_map(
            rusqlite::params![visit, T::KIND.code()],
            versioned_from_row::<T>,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn record<T: ChartRecord>(&self, id: RecordId) -> StoreResult<Versioned<T>> {
        self.conn
            .prepare_cached(&format!("{SELECT_RECORDS} WHERE c.id = ?1 AND c.kind = ?2"))?
            .query_row(
                rusqlite::params![id, T::KIND.code()],
                versioned_from_row::<T>,
            )
            .optional()?
            .ok_or(StoreError::NotFound("the record"))
    }

    /// Writes several records in one transaction, all or none; returns their ids in order.
    pub fn write_records(
        &mut self,
        writes: &[RecordWrite],
        by: StaffId,
    ) -> StoreResult<Vec<RecordId>> {
        let now = self.clock.now();
        self.write(|tx| writes.iter().map(|w| insert(tx, w, now, by)).collect())
    }

    pub fn add_record<T: ChartRecord>(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        content: &T,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        let ids = self.write_records(&[RecordWrite::add(patient, visit, content)?], by)?;
        self.record(
            ids.first()
                .copied()
                .ok_or(StoreError::NotFound("the record"))?,
        )
    }

    /// A new version of the record `replaces`, refused when it is no longer current.
    pub fn correct_record<T: ChartRecord>(
        &mut self,
        replaces: RecordId,
        visit: Option<VisitId>,
        content: &T,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        let old: Versioned<T> = self.record(replaces)?;
        if !old.standing.is_current() {
            return Err(StoreError::AlreadySuperseded);
        }
        let ids = self.write_records(
            &[RecordWrite::correct(
                old.patient_id,
                visit,
                replaces,
                content,
            )?],
            by,
        )?;
        self.record(
            ids.first()
                .copied()
                .ok_or(StoreError::NotFound("the record"))?,
        )
    }

    /// Retracts the current version of a record, with the reason; it stays in the history.
    pub fn record_entered_in_error<T: ChartRecord>(
        &mut self,
        id: RecordId,
        retraction: &Retraction,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        let record: Versioned<T> = self.record(id)?;
        if !record.standing.is_current() {
            return Err(StoreError::AlreadySuperseded);
        }
        let now = self.clock.now();
        self.write(|tx| {
            retract(
                tx,
                "chart_records",
                &id.to_string(),
                record.patient_id,
                retraction,
                now,
                by,
            )
        })?;
        self.record(id)
    }
}
