//! The general record table `chart_records`: every kind of record outside vitals (allergies,
//! history, medications, reviews, injections, skin test readings, checklist marks, specimens
//! and their status changes, point-of-care results), each version a JSON document of its domain
//! type. Adding, correcting (a new version naming the one it replaces) and entering in error
//! work the same for every kind; a record that needs a visit is refused without one.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::record::{
    ChartRecord, RecordContent, RecordKind, RecordSet, Recorded, Retraction, Standing, Versioned,
};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{get_optional_time, get_time, signature_at, time_text};
use crate::store::lots::{Movement, move_doses};
use crate::store::{Store, StoreError, StoreResult};

/// One write of a record, its content already JSON, so writes of several kinds can go in one
/// transaction.
#[derive(Clone, Debug)]
pub struct RecordWrite {
    content: RecordContent,
    patient: PatientId,
    visit: Option<VisitId>,
    replaces: Option<RecordId>,
}

impl RecordWrite {
    pub fn new(
        patient: PatientId,
        visit: Option<VisitId>,
        replaces: Option<RecordId>,
        content: RecordContent,
    ) -> Self {
        Self {
            content,
            patient,
            visit,
            replaces,
        }
    }

    pub fn add<T: ChartRecord>(
        patient: PatientId,
        visit: Option<VisitId>,
        content: &T,
    ) -> StoreResult<Self> {
        Ok(Self::new(patient, visit, None, to_content(content)?))
    }

    pub fn correct<T: ChartRecord>(
        patient: PatientId,
        visit: Option<VisitId>,
        replaces: RecordId,
        content: &T,
    ) -> StoreResult<Self> {
        Ok(Self::new(
            patient,
            visit,
            Some(replaces),
            to_content(content)?,
        ))
    }
}

fn to_content<T: ChartRecord>(content: &T) -> StoreResult<RecordContent> {
    RecordContent::of(content)
        .map_err(|e| StoreError::Refused(format!("the record cannot be written: {e}")))
}

/// A new version refused by the uniqueness of `replaces` or by the trigger on retracted records
/// means someone else got there first.
pub(crate) fn superseded(e: rusqlite::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Refused(text)
            if text.contains("UNIQUE") || text.contains("entered in error") =>
        {
            StoreError::AlreadySuperseded
        }
        other => other,
    }
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    write: &RecordWrite,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<RecordId> {
    let kind = write.content.kind();
    if write.replaces.is_none() && write.content.needs_visit() && write.visit.is_none() {
        return Err(StoreError::NeedsVisit(kind));
    }
    let id = RecordId::new();
    tx.prepare_cached(
        "INSERT INTO chart_records (id, patient_id, visit_id, kind, content, recorded_at, recorded_by, replaces)
         VALUES (:id, :patient, :visit, :kind, :content, :at, :by, :replaces)",
    )?
    .execute(named_params! {
        ":id": id,
        ":patient": write.patient,
        ":visit": write.visit,
        ":kind": kind.code(),
        ":content": write.content.json(),
        ":at": time_text(at),
        ":by": by,
        ":replaces": write.replaces,
    })
    .map_err(superseded)?;
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
            detail: Some(kind.code()),
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
    })
    .map_err(superseded)?;
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

const SELECT_RECORDS: &str = concat!(
    "SELECT c.id, c.patient_id, c.visit_id, c.kind, c.content, c.recorded_at, c.recorded_by, c.replaces, ",
    signature_at!("c.recorded_by", "c.recorded_at"),
    " AS recorder, r.recorded_at AS replaced_at, ",
    signature_at!("r.recorded_by", "r.recorded_at"),
    " AS replaced_by, e.reason AS error_reason, e.recorded_at AS error_at, ",
    signature_at!("e.recorded_by", "e.recorded_at"),
    " AS error_by
    FROM chart_records c
    LEFT JOIN chart_records r ON r.replaces = c.id
    LEFT JOIN entered_in_error e ON e.record_id = c.id"
);

/// A signature column, empty when no one is named.
pub(crate) fn signature(row: &Row<'_>, column: &str) -> rusqlite::Result<String> {
    Ok(row.get::<_, Option<String>>(column)?.unwrap_or_default())
}

/// Where a version stands, from the joined replacement and retraction columns.
pub(crate) fn standing_from_row(row: &Row<'_>) -> rusqlite::Result<Standing> {
    Ok(if let Some(at) = get_optional_time(row, "error_at")? {
        Standing::EnteredInError {
            reason: row.get("error_reason")?,
            at,
            by_name: signature(row, "error_by")?,
        }
    } else if let Some(at) = get_optional_time(row, "replaced_at")? {
        Standing::Replaced {
            at,
            by_name: signature(row, "replaced_by")?,
        }
    } else {
        Standing::Current
    })
}

/// A version as stored: its kind and its content still JSON.
fn stored_from_row(row: &Row<'_>) -> rusqlite::Result<(RecordKind, Versioned<String>)> {
    let kind = crate::store::codec::get_code(row, "kind", RecordKind::from_code)?;
    Ok((
        kind,
        Versioned {
            id: row.get("id")?,
            patient_id: row.get("patient_id")?,
            visit_id: row.get("visit_id")?,
            content: row.get("content")?,
            recorded: Recorded {
                at: get_time(row, "recorded_at")?,
                by: row.get("recorded_by")?,
                by_name: signature(row, "recorder")?,
            },
            replaces: row.get("replaces")?,
            standing: standing_from_row(row)?,
        },
    ))
}

#[expect(clippy::needless_pass_by_value, reason = "used as map_err(unreadable)")]
fn unreadable(e: crate::clinical::record::DecodeError) -> StoreError {
    StoreError::Unreadable(e.to_string())
}

impl Store {
    /// Everything charted about a patient outside vitals, read for `visit` (the visit being
    /// charted, whose reviews and marks the screens show).
    pub fn patient_records(
        &self,
        patient: PatientId,
        visit: Option<VisitId>,
    ) -> StoreResult<PatientRecords> {
        Ok(PatientRecords {
            visit,
            all: self.record_set("c.patient_id = ?1", &patient)?,
        })
    }

    /// The records made in one visit, as its checklist needs them.
    pub(crate) fn visit_only_records(&self, visit: VisitId) -> StoreResult<PatientRecords> {
        Ok(PatientRecords {
            visit: Some(visit),
            all: self.record_set("c.visit_id = ?1", &visit)?,
        })
    }

    fn record_set(&self, filter: &str, key: &dyn rusqlite::ToSql) -> StoreResult<RecordSet> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_RECORDS} WHERE {filter} ORDER BY c.recorded_at, c.id"
        ))?;
        let stored = statement
            .query_map([key], stored_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        RecordSet::decode(stored).map_err(unreadable)
    }

    /// Every version of a patient's records of kind `T`, oldest first.
    pub fn records<T: ChartRecord>(&self, patient: PatientId) -> StoreResult<Vec<Versioned<T>>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_RECORDS} WHERE c.patient_id = ?1 AND c.kind = ?2 ORDER BY c.recorded_at, c.id"
        ))?;
        let stored = statement
            .query_map(rusqlite::params![patient, T::KIND.code()], stored_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        stored
            .into_iter()
            .map(|(_, v)| v.decode().map_err(unreadable))
            .collect()
    }

    /// One version of a record, whatever its kind, content still JSON.
    fn stored(&self, id: RecordId) -> StoreResult<(RecordKind, Versioned<String>)> {
        self.conn
            .prepare_cached(&format!("{SELECT_RECORDS} WHERE c.id = ?1"))?
            .query_row([id], stored_from_row)
            .optional()?
            .ok_or(StoreError::NotFound("the record"))
    }

    pub fn record<T: ChartRecord>(&self, id: RecordId) -> StoreResult<Versioned<T>> {
        match self.stored(id)? {
            (kind, version) if kind == T::KIND => version.decode().map_err(unreadable),
            _ => Err(StoreError::NotFound("the record")),
        }
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

    /// Saves a record: new (in `visit`, refused without one when its kind needs a visit), or a
    /// new version of `replaces`, which stays in the visit of the version it corrects.
    pub fn save_record(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        content: &RecordContent,
        replaces: Option<RecordId>,
        by: StaffId,
    ) -> StoreResult<RecordId> {
        let write = match replaces {
            Some(old) => {
                let (kind, old) = self.stored(old)?;
                if kind != content.kind() || old.patient_id != patient {
                    return Err(StoreError::NotFound("the record"));
                }
                if !old.standing.is_current() {
                    return Err(StoreError::AlreadySuperseded);
                }
                RecordWrite::new(patient, old.visit_id, Some(old.id), content.clone())
            }
            None => RecordWrite::new(patient, visit, None, content.clone()),
        };
        let ids = self.write_records(&[write], by)?;
        ids.first()
            .copied()
            .ok_or(StoreError::NotFound("the record"))
    }

    pub fn add_record<T: ChartRecord>(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        content: &T,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        let id = self.save_record(patient, visit, &to_content(content)?, None, by)?;
        self.record(id)
    }

    /// A new version of the record `replaces`, refused when it is no longer current.
    pub fn correct_record<T: ChartRecord>(
        &mut self,
        replaces: RecordId,
        content: &T,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        let old: Versioned<T> = self.record(replaces)?;
        let id = self.save_record(
            old.patient_id,
            old.visit_id,
            &to_content(content)?,
            Some(replaces),
            by,
        )?;
        self.record(id)
    }

    /// Retracts the current version of a record of any kind, with the reason; it stays in the
    /// history. A dose given here goes back to its lot (the dose charted on the right patient
    /// takes it again).
    pub fn retract_record(
        &mut self,
        kind: RecordKind,
        id: RecordId,
        retraction: &Retraction,
        by: StaffId,
    ) -> StoreResult<()> {
        let (stored_kind, record) = self.stored(id)?;
        if stored_kind != kind {
            return Err(StoreError::NotFound("the record"));
        }
        if !record.standing.is_current() {
            return Err(StoreError::AlreadySuperseded);
        }
        let lot = match kind {
            RecordKind::Administration => record
                .clone()
                .decode::<crate::clinical::injection::Administration>()
                .map_err(unreadable)?
                .content
                .given_here()
                .map(|g| g.lot.lot_id),
            _ => None,
        };
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
            )?;
            if let Some(lot) = lot {
                move_doses(tx, lot, Movement::DoseReturned, Some(id), now, by)?;
            }
            Ok(())
        })
    }

    /// Retracts a record of kind `T` and reads it back, now entered in error.
    pub fn record_entered_in_error<T: ChartRecord>(
        &mut self,
        id: RecordId,
        retraction: &Retraction,
        by: StaffId,
    ) -> StoreResult<Versioned<T>> {
        self.retract_record(T::KIND, id, retraction, by)?;
        self.record(id)
    }
}
