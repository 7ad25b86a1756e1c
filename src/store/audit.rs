//! The audit log: one row for every write and every opening of a chart, appended in the same
//! transaction as what it records. It names ids and actions, never clinical values.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, named_params};

use crate::clinical::ids::{PatientId, StaffId};
use crate::store::codec::{get_time, time_text};
use crate::store::{Store, StoreResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    ClinicSetUp,
    StaffAdded,
    PatientRegistered,
    PatientCorrected,
    ChartOpened,
    VisitStarted,
    VisitStatusChanged,
    VitalsRecorded,
    VitalsCorrected,
    EnteredInError,
    RecordAdded,
    RecordCorrected,
    LotReceived,
    /// A dose taken from or returned to a lot.
    LotMovement,
    /// A safety warning passed with a typed reason (the detail holds the check and the reason).
    WarningOverridden,
    /// A specimen label printed (the detail says whether it was a reprint).
    LabelPrinted,
    /// A courier manifest written for specimens sent together.
    ManifestWritten,
}

impl AuditAction {
    pub const ALL: [Self; 17] = [
        Self::ClinicSetUp,
        Self::StaffAdded,
        Self::PatientRegistered,
        Self::PatientCorrected,
        Self::ChartOpened,
        Self::VisitStarted,
        Self::VisitStatusChanged,
        Self::VitalsRecorded,
        Self::VitalsCorrected,
        Self::EnteredInError,
        Self::RecordAdded,
        Self::RecordCorrected,
        Self::LotReceived,
        Self::LotMovement,
        Self::WarningOverridden,
        Self::LabelPrinted,
        Self::ManifestWritten,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ClinicSetUp => "clinic_set_up",
            Self::StaffAdded => "staff_added",
            Self::PatientRegistered => "patient_registered",
            Self::PatientCorrected => "patient_corrected",
            Self::ChartOpened => "chart_opened",
            Self::VisitStarted => "visit_started",
            Self::VisitStatusChanged => "visit_status_changed",
            Self::VitalsRecorded => "vitals_recorded",
            Self::VitalsCorrected => "vitals_corrected",
            Self::EnteredInError => "entered_in_error",
            Self::RecordAdded => "record_added",
            Self::RecordCorrected => "record_corrected",
            Self::LotReceived => "lot_received",
            Self::LotMovement => "lot_movement",
            Self::WarningOverridden => "warning_overridden",
            Self::LabelPrinted => "label_printed",
            Self::ManifestWritten => "manifest_written",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

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
