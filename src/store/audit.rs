//! The audit log: one row for every write and every opening of a chart, appended in the same
//! transaction as what it records. It names ids and actions, never clinical values.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, named_params};

use crate::clinical::ids::{PatientId, StaffId};
use crate::store::codec::{get_time, time_text};
use crate::store::{Store, StoreResult};

crate::clinical::coded::coded_enum!(
    /// What an audit row records; the label is what the audit viewer shows.
    AuditAction {
        ClinicSetUp => "clinic_set_up", "Clinic set up";
        StaffAdded => "staff_added", "Staff member added";
        PatientRegistered => "patient_registered", "Patient registered";
        PatientCorrected => "patient_corrected", "Demographics corrected";
        ChartOpened => "chart_opened", "Chart opened";
        VisitStarted => "visit_started", "Visit started";
        VisitStatusChanged => "visit_status_changed", "Visit status changed";
        VitalsRecorded => "vitals_recorded", "Vitals recorded";
        VitalsCorrected => "vitals_corrected", "Vitals corrected";
        EnteredInError => "entered_in_error", "Entered in error";
        RecordAdded => "record_added", "Record added";
        RecordCorrected => "record_corrected", "Record corrected";
        LotReceived => "lot_received", "Lot received";
        LotMovement => "lot_movement", "Dose taken from or returned to a lot";
        WarningOverridden => "warning_overridden", "Safety warning passed with a reason";
        LabelPrinted => "label_printed", "Specimen label printed";
        ManifestWritten => "manifest_written", "Courier manifest written";
    }
);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub staff_id: Option<StaffId>,
    pub action: AuditAction,
    pub patient_id: Option<PatientId>,
    pub record_id: Option<String>,
    pub detail: Option<String>,
}

/// What one audit row says.
pub(crate) struct Audit<'a> {
    pub by: StaffId,
    pub action: AuditAction,
    pub patient: Option<PatientId>,
    pub record: Option<String>,
    pub detail: Option<&'a str>,
}

pub(crate) fn append(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    audit: &Audit<'_>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, staff_id, action, patient_id, record_id, detail)
         VALUES (:at, :staff, :action, :patient, :record, :detail)",
    )?
    .execute(named_params! {
        ":at": time_text(at),
        ":staff": audit.by,
        ":action": audit.action.code(),
        ":patient": audit.patient,
        ":record": audit.record,
        ":detail": audit.detail,
    })?;
    Ok(())
}

impl Store {
    /// The audit trail of one patient, oldest first.
    pub fn audit_trail(&self, patient: PatientId) -> StoreResult<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at, staff_id, action, patient_id, record_id, detail FROM audit_log
             WHERE patient_id = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map([patient], |row| {
            Ok(AuditEntry {
                at: get_time(row, "at")?,
                staff_id: row.get("staff_id")?,
                action: crate::store::codec::get_code(row, "action", AuditAction::from_code)?,
                patient_id: row.get("patient_id")?,
                record_id: row.get("record_id")?,
                detail: row.get("detail")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many audit rows there are for an action, across the chart.
    pub fn audit_count(&self, action: AuditAction) -> StoreResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM audit_log WHERE action = ?1")?
            .query_row([action.code()], |r| r.get(0))?)
    }
}
