//! The audit log: one row for every write and every opening of a chart, appended in the same
//! transaction as what it records. It names ids and actions, never clinical values.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, named_params};

pub use crate::clinical::audit::AuditAction;
use crate::clinical::audit::{AuditFilter, AuditLine};
use crate::clinical::ids::{PatientId, StaffId};
use crate::clinical::time::local_day_bounds;
use crate::store::codec::signature_at;
use crate::store::codec::{get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

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

/// A held row, as it was when it happened.
pub(crate) fn append_held(tx: &Transaction<'_>, held: &crate::store::HeldAudit) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, staff_id, action, patient_id, detail)
         VALUES (:at, :staff, :action, :patient, :detail)",
    )?
    .execute(named_params! {
        ":at": time_text(held.at),
        ":staff": held.staff,
        ":action": held.action.code(),
        ":patient": held.patient,
        ":detail": held.detail,
    })?;
    Ok(())
}

/// An audit row that may name no one (a sign-in failed for a username that is no one's).
pub(crate) fn append_access(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    action: AuditAction,
    staff: Option<StaffId>,
    detail: Option<&str>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, staff_id, action, detail) VALUES (:at, :staff, :action, :detail)",
    )?
    .execute(named_params! {
        ":at": time_text(at),
        ":staff": staff,
        ":action": action.code(),
        ":detail": detail,
    })?;
    Ok(())
}

impl Store {
    /// An act that changes nothing in the chart but is audited (a printout), in its own
    /// transaction, now.
    pub(crate) fn note_act(&mut self, audit: &Audit<'_>) -> StoreResult<()> {
        let now = self.clock.now();
        self.write(|tx| append(tx, now, audit))
    }

    /// Notes in the audit log that a patient's growth chart was printed, and which.
    pub fn growth_chart_printed(
        &mut self,
        patient: PatientId,
        chart: &str,
        by: StaffId,
    ) -> StoreResult<()> {
        self.note_act(&Audit {
            by,
            action: AuditAction::GrowthChartPrinted,
            patient: Some(patient),
            record: None,
            detail: Some(chart),
        })
    }

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

    /// The audit log for the administrator's viewer, newest first, at most `limit` rows: who
    /// (as they were then), what, which patient (as they are now), when.
    pub fn audit_lines(&self, filter: &AuditFilter, limit: usize) -> StoreResult<Vec<AuditLine>> {
        let mut clauses = Vec::new();
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let patient = filter.patient.trim();
        if !patient.is_empty() {
            clauses.push(
                "a.patient_id IN (SELECT p.id FROM patients p JOIN patient_versions v ON v.patient_id = p.id
                  WHERE p.mrn = ? OR v.family_name LIKE ? ESCAPE '\\')",
            );
            values.push(Box::new(patient.to_owned()));
            let escaped = patient
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            values.push(Box::new(format!("{escaped}%")));
        }
        if let Some(staff) = filter.staff {
            clauses.push("a.staff_id = ?");
            values.push(Box::new(staff));
        }
        if let Some(action) = filter.action {
            clauses.push("a.action = ?");
            values.push(Box::new(action.code()));
        }
        if let Some(from) = filter.from {
            clauses.push("a.at >= ?");
            values.push(Box::new(time_text(local_day_bounds(from).0)));
        }
        if let Some(until) = filter.until {
            clauses.push("a.at < ?");
            values.push(Box::new(time_text(local_day_bounds(until).1)));
        }
        let filter_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        values.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT a.seq, a.at, a.action, a.detail, {} AS who,
                (SELECT v.family_name || ', ' || v.given_names || ' · MRN ' || p.mrn
                   FROM patients p JOIN patient_versions v ON v.patient_id = p.id
                  WHERE p.id = a.patient_id
                    AND NOT EXISTS (SELECT 1 FROM patient_versions n WHERE n.replaces = v.id)) AS patient
             FROM audit_log a {filter_sql} ORDER BY a.at DESC, a.seq DESC LIMIT ?",
            signature_at!("a.staff_id", "a.at")
        );
        let mut statement = self.conn.prepare(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(AsRef::as_ref).collect();
        let rows = statement.query_map(params.as_slice(), |row| {
            Ok(AuditLine {
                seq: row.get("seq")?,
                at: get_time(row, "at")?,
                staff: row.get::<_, Option<String>>("who")?.unwrap_or_default(),
                action: crate::store::codec::get_code(row, "action", AuditAction::from_code)?,
                patient: row.get("patient")?,
                detail: row.get("detail")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes every audit row that `filter` matches as CSV at `out` (a new file, readable by
    /// its owner only), and notes the export itself in the log. Returns how many rows.
    pub fn export_audit(
        &mut self,
        filter: &AuditFilter,
        out: &std::path::Path,
        by: StaffId,
    ) -> StoreResult<usize> {
        if out.exists() {
            return Err(StoreError::Refused(format!(
                "{} already exists: choose a new file",
                out.display()
            )));
        }
        let lines = self.audit_lines(filter, usize::MAX)?;
        let mut text = String::from("seq,at,staff,action,patient,detail\n");
        for line in &lines {
            text.push_str(&line.csv());
            text.push('\n');
        }
        crate::store::keyring::write_private(out, text.as_bytes())
            .map_err(|e| StoreError::Io(format!("{}: {e}", out.display())))?;
        let detail = format!("{} rows to {}", lines.len(), out.display());
        self.audit_access(AuditAction::AuditExported, Some(by), Some(&detail), None)?;
        Ok(lines.len())
    }

    /// How many audit rows there are for an action, across the chart.
    pub fn audit_count(&self, action: AuditAction) -> StoreResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM audit_log WHERE action = ?1")?
            .query_row([action.code()], |r| r.get(0))?)
    }
}
