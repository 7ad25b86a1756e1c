//! Patients: registration with an assigned or typed MRN, versioned demographics, the name-key
//! search index, and the audited opening of a chart.

use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::ids::{PatientId, PatientVersionId, StaffId};
use crate::clinical::patient::{
    Demographics, Mrn, NewPatient, Patient, PatientQuery, PatientSummary, SearchResults, Sex,
};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{date_text, get_code, get_date, get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

const CURRENT_VERSION: &str =
    "NOT EXISTS (SELECT 1 FROM patient_versions n WHERE n.replaces = v.id)";

fn patient_from_row(row: &Row<'_>) -> rusqlite::Result<Patient> {
    let mrn: String = row.get("mrn")?;
    Ok(Patient {
        id: row.get("patient_id")?,
        version: row.get("id")?,
        mrn: Mrn::parse(&mrn).map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("MRN “{mrn}”").into(),
            )
        })?,
        demographics: Demographics {
            family_name: row.get("family_name")?,
            given_names: row.get("given_names")?,
            preferred_name: row.get("preferred_name")?,
            birth_date: get_date(row, "birth_date")?,
            sex: get_code(row, "sex", Sex::from_code)?,
        },
        recorded_at: get_time(row, "recorded_at")?,
        recorded_by: row.get("recorded_by")?,
    })
}

const SELECT_PATIENT: &str =
    "SELECT v.id, v.patient_id, p.mrn, v.family_name, v.given_names, v.preferred_name,
        v.birth_date, v.sex, v.recorded_at, v.recorded_by
    FROM patient_versions v JOIN patients p ON p.id = v.patient_id";

fn next_mrn(tx: &Transaction<'_>) -> StoreResult<Mrn> {
    let mut number: i64 = tx
        .prepare_cached("SELECT value FROM counters WHERE name = 'next_mrn'")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(1);
    // A typed MRN may already hold the next number: skip past it.
    let mut taken = tx.prepare_cached("SELECT 1 FROM patients WHERE mrn = ?1")?;
    while taken.exists([Mrn::assigned(number).as_str()])? {
        number += 1;
    }
    tx.prepare_cached(
        "INSERT INTO counters (name, value) VALUES ('next_mrn', ?1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute([number + 1])?;
    Ok(Mrn::assigned(number))
}

fn insert_version(
    tx: &Transaction<'_>,
    patient: PatientId,
    demographics: &Demographics,
    replaces: Option<PatientVersionId>,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<PatientVersionId> {
    let id = PatientVersionId::new();
    tx.prepare_cached(
        "INSERT INTO patient_versions (id, patient_id, family_name, given_names, preferred_name, birth_date, sex,
            recorded_at, recorded_by, replaces)
         VALUES (:id, :patient, :family, :given, :preferred, :birth, :sex, :at, :by, :replaces)",
    )?
    .execute(named_params! {
        ":id": id,
        ":patient": patient,
        ":family": demographics.family_name,
        ":given": demographics.given_names,
        ":preferred": demographics.preferred_name,
        ":birth": date_text(demographics.birth_date),
        ":sex": demographics.sex.code(),
        ":at": time_text(at),
        ":by": by,
        ":replaces": replaces,
    })?;
    let number: i64 = tx
        .prepare_cached("SELECT number FROM patients WHERE id = ?1")?
        .query_row([patient], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM patient_name_index WHERE rowid = ?1")?
        .execute([number])?;
    tx.prepare_cached("INSERT INTO patient_name_index (rowid, keys) VALUES (?1, ?2)")?
        .execute(rusqlite::params![
            number,
            demographics.name_keys().join(" ")
        ])?;
    Ok(id)
}

/// Registers a patient inside an open transaction; used by the app and by the demo filler.
/// Writes the search keys of every patient's current name again: after the way names are
/// folded into keys changed (a migration step), so every chart finds the same names.
pub(crate) fn reindex_names(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let current: Vec<(i64, Demographics)> = tx
        .prepare(&format!(
            "SELECT p.number, v.family_name, v.given_names, v.preferred_name, v.birth_date, v.sex
             FROM patient_versions v JOIN patients p ON p.id = v.patient_id WHERE {CURRENT_VERSION}"
        ))?
        .query_map([], |row| {
            Ok((
                row.get("number")?,
                Demographics {
                    family_name: row.get("family_name")?,
                    given_names: row.get("given_names")?,
                    preferred_name: row.get("preferred_name")?,
                    birth_date: get_date(row, "birth_date")?,
                    sex: get_code(row, "sex", Sex::from_code)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut delete = tx.prepare("DELETE FROM patient_name_index WHERE rowid = ?1")?;
    let mut insert = tx.prepare("INSERT INTO patient_name_index (rowid, keys) VALUES (?1, ?2)")?;
    for (number, demographics) in current {
        delete.execute([number])?;
        insert.execute(rusqlite::params![
            number,
            demographics.name_keys().join(" ")
        ])?;
    }
    Ok(())
}

pub(crate) fn register(
    tx: &Transaction<'_>,
    new: &NewPatient,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<Patient> {
    let mrn = match &new.mrn {
        Some(mrn) => {
            if tx
                .prepare_cached("SELECT 1 FROM patients WHERE mrn = ?1")?
                .exists([mrn.as_str()])?
            {
                return Err(StoreError::MrnTaken(mrn.to_string()));
            }
            mrn.clone()
        }
        None => next_mrn(tx)?,
    };
    let id = PatientId::new();
    tx.prepare_cached(
        "INSERT INTO patients (id, mrn, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![id, mrn.as_str(), time_text(at), by])?;
    let version = insert_version(tx, id, &new.demographics, None, at, by)?;
    append(
        tx,
        at,
        &Audit {
            by,
            action: AuditAction::PatientRegistered,
            patient: Some(id),
            record: Some(version.to_string()),
            detail: None,
        },
    )?;
    Ok(Patient {
        id,
        version,
        mrn,
        demographics: new.demographics.clone(),
        recorded_at: at,
        recorded_by: by,
    })
}

/// The SQL of a search: the most selective condition drives (a date of birth, else the name
/// words through the full-text index, else the MRN), the others filter.
fn search_sql(query: &PatientQuery) -> Option<(String, Vec<String>)> {
    let mut params = Vec::new();
    let mut filters = Vec::new();
    // Words are lower-case ASCII letters and digits (see `name_keys`): safe to quote.
    let words = (!query.name_prefixes.is_empty()).then(|| {
        query
            .name_prefixes
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut sql = match (query.birth_date, &words) {
        (Some(date), _) => {
            params.push(date_text(date));
            format!(
                "SELECT p.id FROM patient_versions v JOIN patients p ON p.id = v.patient_id
                 WHERE v.birth_date = ? AND {CURRENT_VERSION}"
            )
        }
        (None, Some(words)) => {
            params.push(words.clone());
            "SELECT p.id FROM patient_name_index f JOIN patients p ON p.number = f.rowid
             WHERE patient_name_index MATCH ?"
                .to_owned()
        }
        (None, None) => {
            query.mrn_prefix.as_ref()?;
            "SELECT p.id FROM patients p WHERE 1".to_owned()
        }
    };
    if let (Some(_), Some(words)) = (query.birth_date, &words) {
        params.push(words.clone());
        filters.push(
            "p.number IN (SELECT rowid FROM patient_name_index WHERE patient_name_index MATCH ?)"
                .to_owned(),
        );
    }
    if let Some(prefix) = &query.mrn_prefix {
        params.push(prefix.clone());
        params.push(format!("{prefix}\u{7f}"));
        filters.push("p.mrn >= ? AND p.mrn < ?".to_owned());
    }
    for filter in filters {
        sql.push_str(" AND ");
        sql.push_str(&filter);
    }
    sql.push_str(" LIMIT ?");
    Some((sql, params))
}

impl Store {
    pub fn register_patient(&mut self, new: &NewPatient, by: StaffId) -> StoreResult<Patient> {
        let now = self.clock.now();
        self.write(|tx| register(tx, new, now, by))
    }

    /// Records new demographics as a version that replaces `current`; refused when someone
    /// else corrected it meanwhile.
    pub fn correct_patient(
        &mut self,
        current: &Patient,
        demographics: &Demographics,
        by: StaffId,
    ) -> StoreResult<Patient> {
        let now = self.clock.now();
        self.write(|tx| {
            let version =
                insert_version(tx, current.id, demographics, Some(current.version), now, by)
                    .map_err(|e| match e {
                        StoreError::Refused(text) if text.contains("UNIQUE") => {
                            StoreError::AlreadySuperseded
                        }
                        other => other,
                    })?;
            append(
                tx,
                now,
                &Audit {
                    by,
                    action: AuditAction::PatientCorrected,
                    patient: Some(current.id),
                    record: Some(version.to_string()),
                    detail: None,
                },
            )?;
            Ok(Patient {
                version,
                demographics: demographics.clone(),
                recorded_at: now,
                recorded_by: by,
                ..current.clone()
            })
        })
    }

    /// The current version of a patient.
    pub fn patient(&self, id: PatientId) -> StoreResult<Patient> {
        self.conn
            .prepare_cached(&format!(
                "{SELECT_PATIENT} WHERE v.patient_id = ?1 AND {CURRENT_VERSION}"
            ))?
            .query_row([id], patient_from_row)
            .optional()?
            .ok_or(StoreError::NotFound("the patient"))
    }

    /// Every version of a patient's demographics, oldest first.
    pub fn patient_versions(&self, id: PatientId) -> StoreResult<Vec<Patient>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_PATIENT} WHERE v.patient_id = ?1 ORDER BY v.recorded_at, v.id"
        ))?;
        let rows = statement.query_map([id], patient_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Opens a patient's chart: the current version, with an audit row saying who looked.
    /// Reading a chart never waits on a write: if its "chart opened" row cannot be written now
    /// (a full disk), the row is held and written with the next write that succeeds.
    pub fn open_chart(&mut self, id: PatientId, by: StaffId) -> StoreResult<Patient> {
        let patient = self.patient(id)?;
        self.held_access.push(crate::store::HeldAudit {
            at: self.clock.now(),
            action: AuditAction::ChartOpened,
            staff: Some(by),
            patient: Some(id),
            detail: None,
        });
        match self.write(|_| Ok(())) {
            Ok(()) | Err(StoreError::DiskFull | StoreError::Busy | StoreError::Io(_)) => {
                Ok(patient)
            }
            Err(e) => Err(e),
        }
    }

    /// How many patients the chart holds.
    pub fn patient_count(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM patients", [], |r| r.get(0))?)
    }

    /// Patients matching every word of the query, by name, at most `limit`.
    pub fn search_patients(
        &self,
        query: &PatientQuery,
        limit: usize,
    ) -> StoreResult<SearchResults> {
        let Some((sql, params)) = search_sql(query) else {
            return Ok(SearchResults::default());
        };
        let fetch = i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1);
        let mut values: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
        values.push(&fetch);
        let ids: Vec<String> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(values.as_slice(), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let more = ids.len() > limit;
        let wanted: Vec<&String> = ids.iter().take(limit).collect();
        let json =
            serde_json::to_string(&wanted).map_err(|e| StoreError::Refused(e.to_string()))?;
        // One query for all the results, not one per patient.
        let mut patients: Vec<PatientSummary> = self
            .conn
            .prepare_cached(&format!(
                "{SELECT_PATIENT} WHERE v.patient_id IN (SELECT value FROM json_each(?1)) AND {CURRENT_VERSION}"
            ))?
            .query_map([json], patient_from_row)?
            .map(|p| p.map(|p| PatientSummary { id: p.id, mrn: p.mrn, demographics: p.demographics }))
            .collect::<Result<_, _>>()?;
        patients.sort_by_cached_key(|p| {
            let d = &p.demographics;
            (
                d.family_name.to_lowercase(),
                d.given_names.to_lowercase(),
                d.birth_date,
            )
        });
        Ok(SearchResults { patients, more })
    }
}
