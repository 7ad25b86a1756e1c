//! Patients: registration with an assigned or typed MRN, versioned demographics, the name-key
//! search index, and the audited opening of a chart.

use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::ids::{PatientId, PatientVersionId, StaffId};
use crate::clinical::patient::{
    Demographics, Mrn, NewPatient, Patient, PatientQuery, PatientSummary, Sex,
};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::{date_text, get_code, get_date, get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

/// Patients found by a search, and whether more matched than were returned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub patients: Vec<PatientSummary>,
    pub more: bool,
}

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
    tx.prepare_cached("DELETE FROM patient_name_keys WHERE patient_id = ?1")?
        .execute([patient])?;
    let mut insert_key = tx.prepare_cached(
        "INSERT OR IGNORE INTO patient_name_keys (key, patient_id) VALUES (?1, ?2)",
    )?;
    for key in demographics.name_keys() {
        insert_key.execute(rusqlite::params![key, patient])?;
    }
    Ok(id)
}

/// Registers a patient inside an open transaction; used by the app and by the demo filler.
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

/// One condition of a search, and the SQL that tests it for the patient in column `pid`.
enum Condition {
    Mrn(String),
    BirthDate(String),
    Name(String),
}

impl Condition {
    /// A query that yields `pid` for every patient meeting the condition.
    fn driving_sql(&self) -> &'static str {
        match self {
            Self::Mrn(_) => "SELECT p.id AS pid FROM patients p WHERE p.mrn >= ?1 AND p.mrn < ?2",
            Self::BirthDate(_) => {
                "SELECT v.patient_id AS pid FROM patient_versions v WHERE v.birth_date = ?1 AND ?2 IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM patient_versions n WHERE n.replaces = v.id)"
            }
            Self::Name(_) => "SELECT DISTINCT k.patient_id AS pid FROM patient_name_keys k WHERE k.key >= ?1 AND k.key < ?2",
        }
    }

    /// A test that the patient `c.pid` also meets this condition.
    fn filter_sql(&self, first: usize) -> String {
        let (a, b) = (first, first + 1);
        match self {
            Self::Mrn(_) => format!(
                "EXISTS (SELECT 1 FROM patients p WHERE p.id = c.pid AND p.mrn >= ?{a} AND p.mrn < ?{b})"
            ),
            Self::BirthDate(_) => format!(
                "EXISTS (SELECT 1 FROM patient_versions v WHERE v.patient_id = c.pid AND v.birth_date = ?{a} AND ?{b} IS NOT NULL AND {CURRENT_VERSION})"
            ),
            Self::Name(_) => {
                format!(
                    "EXISTS (SELECT 1 FROM patient_name_keys k WHERE k.patient_id = c.pid AND k.key >= ?{a} AND k.key < ?{b})"
                )
            }
        }
    }

    /// The two parameters: a prefix range `[start, end)`, or a date and a placeholder.
    fn params(&self) -> [String; 2] {
        match self {
            Self::Mrn(prefix) | Self::Name(prefix) => [prefix.clone(), format!("{prefix}\u{7f}")],
            Self::BirthDate(date) => [date.clone(), String::new()],
        }
    }
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
    pub fn open_chart(&mut self, id: PatientId, by: StaffId) -> StoreResult<Patient> {
        let patient = self.patient(id)?;
        let now = self.clock.now();
        self.write(|tx| {
            append(
                tx,
                now,
                &Audit {
                    by,
                    action: AuditAction::ChartOpened,
                    patient: Some(id),
                    record: None,
                    detail: None,
                },
            )
        })?;
        Ok(patient)
    }

    /// Patients matching every word of the query, by name, at most `limit`.
    pub fn search_patients(
        &self,
        query: &PatientQuery,
        limit: usize,
    ) -> StoreResult<SearchResults> {
        let mut conditions = Vec::new();
        if let Some(mrn) = &query.mrn_prefix {
            conditions.push(Condition::Mrn(mrn.clone()));
        }
        if let Some(date) = query.birth_date {
            conditions.push(Condition::BirthDate(date_text(date)));
        }
        // The longest name prefix matches the fewest patients: let it drive.
        let mut names = query.name_prefixes.clone();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        conditions.extend(names.into_iter().map(Condition::Name));
        let Some((driving, filters)) = conditions.split_first() else {
            return Ok(SearchResults::default());
        };
        let mut sql = format!("SELECT c.pid FROM ({}) c", driving.driving_sql());
        for (i, filter) in filters.iter().enumerate() {
            sql.push_str(if i == 0 { " WHERE " } else { " AND " });
            sql.push_str(&filter.filter_sql(3 + 2 * i));
        }
        sql.push_str(" LIMIT ?");
        let params: Vec<String> = conditions.iter().flat_map(Condition::params).collect();
        let fetch = i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1);
        let mut values: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
        values.push(&fetch);
        let mut statement = self.conn.prepare_cached(&sql)?;
        let ids: Vec<PatientId> = statement
            .query_map(values.as_slice(), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let more = ids.len() > limit;
        let mut patients = ids
            .into_iter()
            .take(limit)
            .map(|id| {
                self.patient(id).map(|p| PatientSummary {
                    id: p.id,
                    mrn: p.mrn,
                    demographics: p.demographics,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
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
