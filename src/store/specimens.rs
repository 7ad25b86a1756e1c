//! Specimens in the store: issuing a unique ID with the specimen record, status changes checked
//! against where each specimen stands (several at once for a courier pickup, all or none), the
//! clinic-wide log by its index, and the audited printing of labels and manifests.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, named_params};

use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};
use crate::clinical::record::{Versioned, current};
use crate::clinical::specimen::log::{
    LogEntry, LogFilter, LogPage, LogPatient, StatusFilter, days_overdue,
};
use crate::clinical::specimen::status::{SpecimenState, check_change};
use crate::clinical::specimen::{
    Collection, LabCatalog, OrderedTest, Specimen, SpecimenId, SpecimenStatus, StatusChange,
    turnaround,
};
use crate::clinical::time::local_day_bounds;
use crate::store::audit::{Audit, AuditAction};
use crate::store::codec::{get_date, time_text};
use crate::store::records::{RecordWrite, insert};
use crate::store::{Store, StoreError, StoreResult};

/// Tries before giving up on finding an unused ID; with a billion IDs a second try is rare.
const ID_TRIES: usize = 8;

/// A moment as the log's index keeps it (`strftime('%Y-%m-%dT%H:%M:%fZ')`), to compare with it.
fn log_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A specimen's current version with where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackedSpecimen {
    pub record: Versioned<Specimen>,
    pub standing: SpecimenState,
}

impl Store {
    /// Charts a collection under a newly issued ID, in one transaction.
    pub fn collect_specimen(
        &mut self,
        patient: PatientId,
        visit: Option<VisitId>,
        collection: &Collection,
        by: StaffId,
    ) -> StoreResult<Versioned<Specimen>> {
        let now = self.clock.now();
        let record = self.write(|tx| {
            let id = issue_id(tx, patient, now, by)?;
            let specimen = Specimen {
                id,
                collection: collection.clone(),
            };
            insert(tx, &RecordWrite::add(patient, visit, &specimen)?, now, by)
        })?;
        self.record(record)
    }

    /// A new version of a specimen record; its ID, printed on the tube, cannot change.
    pub fn correct_specimen(
        &mut self,
        replaces: RecordId,
        specimen: &Specimen,
        by: StaffId,
    ) -> StoreResult<Versioned<Specimen>> {
        let old: Versioned<Specimen> = self.record(replaces)?;
        if old.content.id != specimen.id {
            return Err(StoreError::Refused(
                "a correction keeps the specimen's ID; collect a new specimen instead".into(),
            ));
        }
        self.correct_record(replaces, specimen, by)
    }

    /// The patient a specimen ID was issued to.
    fn specimen_patient(&self, id: SpecimenId) -> StoreResult<PatientId> {
        self.conn
            .prepare_cached("SELECT patient_id FROM specimen_ids WHERE code = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("a specimen with that ID"))
    }

    /// A specimen by its ID: its current version and where it stands.
    pub fn tracked_specimen(&self, id: SpecimenId) -> StoreResult<TrackedSpecimen> {
        let patient = self.specimen_patient(id)?;
        let specimens = self.records::<Specimen>(patient)?;
        let record = current(&specimens)
            .find(|s| s.content.id == id)
            .cloned()
            .ok_or(StoreError::NotFound("a current specimen with that ID"))?;
        let changes = self.records::<StatusChange>(patient)?;
        let standing = SpecimenState::of(
            record.content.collection.collected_at,
            current(&changes)
                .filter(|c| c.content.specimen == id)
                .map(|c| &c.content),
        );
        Ok(TrackedSpecimen { record, standing })
    }

    /// Moves each specimen to `to` at `at`: every one is checked first, and one refusal saves
    /// none, naming the specimen that could not move.
    pub fn change_specimen_status(
        &mut self,
        specimens: &[SpecimenId],
        to: SpecimenStatus,
        at: DateTime<Utc>,
        reason: Option<&str>,
        by: StaffId,
    ) -> StoreResult<Vec<RecordId>> {
        let now = self.clock.now();
        let mut writes = Vec::new();
        for id in specimens {
            let tracked = self.tracked_specimen(*id)?;
            check_change(
                tracked.standing.status,
                tracked.standing.at,
                to,
                at,
                reason,
                now,
            )
            .map_err(|e| StoreError::Refused(format!("specimen {id}: {e}")))?;
            writes.push(RecordWrite::add(
                tracked.record.patient_id,
                tracked.record.visit_id,
                &StatusChange {
                    specimen: *id,
                    to,
                    at,
                    reason: reason.map(|r| r.trim().to_owned()),
                },
            )?);
        }
        self.write_records(&writes, by)
    }

    /// The specimens `filter` asks for, newest collection first, at most `limit`, with their
    /// patients and where they stand; and how many the log holds and how many are overdue. The
    /// index kept by triggers (`specimen_log_index`) finds them, so a large chart's thousands of
    /// resulted specimens are never read to show the few still open.
    pub fn specimen_log(
        &self,
        catalog: &LabCatalog,
        filter: &LogFilter,
        now: DateTime<Utc>,
        limit: usize,
    ) -> StoreResult<LogPage> {
        const OPEN: &[SpecimenStatus] = &[
            SpecimenStatus::Collected,
            SpecimenStatus::Sent,
            SpecimenStatus::Received,
        ];
        let overdue = self.overdue_specimens(catalog, now)?;
        let (statuses, only) = match &filter.status {
            StatusFilter::Open => (OPEN, None),
            // The index already knows which ones: only those are read.
            StatusFilter::Overdue => (SpecimenStatus::ALL, Some(overdue.as_slice())),
            StatusFilter::Is(status) => (std::slice::from_ref(status), None),
            StatusFilter::All => (SpecimenStatus::ALL, None),
        };
        let mut entries: Vec<LogEntry> = self
            .log_entries(catalog, statuses, only, filter, limit)?
            .into_iter()
            .filter(|e| filter.matches(e, now))
            .collect();
        entries.truncate(limit);
        Ok(LogPage {
            entries,
            overdue: overdue.len(),
        })
    }

    /// The specimens sent, still without a result, past their tests' turnaround: the index
    /// keeps each one's tests and when it was sent, so no record is read.
    fn overdue_specimens(
        &self,
        catalog: &LabCatalog,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.specimen, i.tests, i.sent_at FROM specimen_log_index i
             WHERE i.retracted = 0 AND i.status IN ('sent', 'received')",
        )?;
        let mut rows = statement.query([])?;
        let mut overdue = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(sent) = row
                .get::<_, Option<String>>(2)?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            else {
                continue;
            };
            let tests: Vec<OrderedTest> = from_json(text(row, 1)?)?;
            if days_overdue(sent.with_timezone(&Utc), turnaround(&tests, catalog), now).is_some() {
                overdue.push(row.get(0)?);
            }
        }
        Ok(overdue)
    }

    /// The log's rows for the specimens named.
    pub fn specimen_log_of(
        &self,
        catalog: &LabCatalog,
        specimens: &[SpecimenId],
    ) -> StoreResult<Vec<LogEntry>> {
        let mut found = Vec::new();
        for id in specimens {
            found.extend(self.log_rows(
                catalog,
                "i.specimen = ?1",
                &[&id.to_string() as &dyn rusqlite::ToSql],
                1,
            )?);
        }
        Ok(found)
    }

    /// The log's rows in `statuses` (and among `only`, when given) that the filter's lab and
    /// days allow.
    fn log_entries(
        &self,
        catalog: &LabCatalog,
        statuses: &[SpecimenStatus],
        only: Option<&[String]>,
        filter: &LogFilter,
        limit: usize,
    ) -> StoreResult<Vec<LogEntry>> {
        let codes: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.code())).collect();
        // Every status: no clause, so the rows come newest first from the collection index
        // instead of all being gathered and sorted.
        let mut clauses = vec!["1".to_owned()];
        if statuses.len() < SpecimenStatus::ALL.len() {
            clauses.push(format!("i.status IN ({})", codes.join(", ")));
        }
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Some(only) = only {
            // As a JSON array: one parameter however many there are.
            clauses.push(format!(
                "i.specimen IN (SELECT value FROM json_each(?{}))",
                values.len() + 1
            ));
            values.push(Box::new(serde_json::Value::from(only).to_string()));
        }
        if let Some(lab) = &filter.lab {
            clauses.push(format!("i.lab = ?{} COLLATE NOCASE", values.len() + 1));
            values.push(Box::new(lab.clone()));
        }
        if let Some(from) = filter.from {
            clauses.push(format!("i.collected_at >= ?{}", values.len() + 1));
            values.push(Box::new(log_time(local_day_bounds(from).0)));
        }
        if let Some(to) = filter.to {
            clauses.push(format!("i.collected_at < ?{}", values.len() + 1));
            values.push(Box::new(log_time(local_day_bounds(to).1)));
        }
        let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(AsRef::as_ref).collect();
        self.log_rows(catalog, &clauses.join(" AND "), &params, limit)
    }

    /// Rows of the log where `clause` holds, newest first, each with its status changes.
    fn log_rows(
        &self,
        catalog: &LabCatalog,
        clause: &str,
        params: &[&dyn rusqlite::ToSql],
        limit: usize,
    ) -> StoreResult<Vec<LogEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // The rows are chosen and ordered on the small index first; only those are joined to
        // their records and patients.
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.patient_id, c.content, p.mrn, v.family_name, v.given_names, v.birth_date
             FROM (SELECT i.record_id, i.collected_at FROM specimen_log_index i
                    WHERE i.retracted = 0 AND {clause}
                    ORDER BY i.collected_at DESC LIMIT {limit}) i
             JOIN chart_records c ON c.id = i.record_id
             JOIN patients p ON p.id = c.patient_id
             JOIN patient_versions v ON v.patient_id = c.patient_id
                  AND NOT EXISTS (SELECT 1 FROM patient_versions n WHERE n.replaces = v.id)
             ORDER BY i.collected_at DESC"
        ))?;
        let mut rows = statement.query(params)?;
        let mut changes = self.conn.prepare_cached(
            // Named: with no statistics the planner would take the index by kind, which keeps
            // the order but reads every status change of the chart for each specimen.
            "SELECT c.content FROM chart_records c INDEXED BY chart_records_specimen_status
             WHERE c.kind = 'specimen_status' AND json_extract(c.content, '$.specimen') = ?1
               AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM chart_records r WHERE r.replaces = c.id)
             ORDER BY c.recorded_at, c.id",
        )?;
        let mut log = Vec::new();
        while let Some(row) = rows.next()? {
            let specimen: Specimen = from_json(text(row, "content")?)?;
            let history: Vec<StatusChange> = changes
                .query_map([specimen.id.to_string()], |r| r.get::<_, String>(0))?
                .map(|t| t.map_err(StoreError::from).and_then(|t| from_json(&t)))
                .collect::<StoreResult<_>>()?;
            let standing = SpecimenState::of(specimen.collection.collected_at, &history);
            let family: String = row.get("family_name")?;
            let given: String = row.get("given_names")?;
            let overdue_days = specimen.overdue_days(catalog);
            log.push(LogEntry::new(
                row.get("id")?,
                LogPatient {
                    id: row.get("patient_id")?,
                    name: format!("{}, {given}", family.to_uppercase()),
                    birth_date: get_date(row, "birth_date")?,
                    mrn: row.get("mrn")?,
                },
                specimen,
                standing,
                overdue_days,
            ));
        }
        Ok(log)
    }

    /// How many times a specimen's label was printed.
    pub fn label_prints(&self, id: SpecimenId) -> StoreResult<u32> {
        let patient = self.specimen_patient(id)?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM audit_log
                 WHERE patient_id = ?1 AND action = 'label_printed' AND record_id = ?2",
            )?
            .query_row(rusqlite::params![patient, id.to_string()], |r| r.get(0))?)
    }

    /// Notes in the audit log that a label was printed; a second print is a reprint.
    pub fn label_printed(&mut self, id: SpecimenId, by: StaffId) -> StoreResult<u32> {
        let patient = self.specimen_patient(id)?;
        let copy = self.label_prints(id)? + 1;
        let detail = if copy == 1 {
            "printed".to_owned()
        } else {
            format!("reprint {copy}")
        };
        self.note_act(&Audit {
            by,
            action: AuditAction::LabelPrinted,
            patient: Some(patient),
            record: Some(id.to_string()),
            detail: Some(&detail),
        })?;
        Ok(copy)
    }

    /// Notes in the audit log that a manifest was written, naming its file.
    pub fn manifest_written(&mut self, file: &str, by: StaffId) -> StoreResult<()> {
        self.note_act(&Audit {
            by,
            action: AuditAction::ManifestWritten,
            patient: None,
            record: None,
            detail: Some(file),
        })
    }
}

/// Issues an ID no specimen has had, in the caller's transaction.
pub(crate) fn issue_id(
    tx: &Transaction<'_>,
    patient: PatientId,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<SpecimenId> {
    for _ in 0..ID_TRIES {
        let id = SpecimenId::random();
        let issued = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO specimen_ids (code, patient_id, issued_at, issued_by)
                 VALUES (:code, :patient, :at, :by)",
            )?
            .execute(named_params! {
                ":code": id.to_string(), ":patient": patient, ":at": time_text(at), ":by": by,
            })?;
        if issued == 1 {
            return Ok(id);
        }
    }
    Err(StoreError::Refused(
        "no unused specimen ID was found; try again".into(),
    ))
}

/// A text column borrowed from the row, so a large document is parsed without a copy.
fn text<'r, I: rusqlite::RowIndex>(row: &'r rusqlite::Row<'_>, index: I) -> StoreResult<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|e| StoreError::Unreadable(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> StoreResult<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Unreadable(e.to_string()))
}
