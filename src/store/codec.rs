//! How domain values are written into SQLite columns and read back: ids as UUID text, instants
//! as fixed-width UTC text (so they sort), dates as ISO text, closed lists as their codes.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Row, ToSql};

use crate::clinical::ids::{
    ClinicId, LotId, PatientId, PatientVersionId, RecordId, StaffId, VisitId, VitalsId,
};

macro_rules! id_columns {
    ($($id:ty),+) => {$(
        impl ToSql for $id {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $id {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

id_columns!(
    ClinicId,
    LotId,
    PatientId,
    PatientVersionId,
    RecordId,
    StaffId,
    VisitId,
    VitalsId
);

/// An instant as stored: `2026-11-26T14:32:05.123456Z`.
pub fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// An instant as `time_text` writes it; `None` for anything else.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn date_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn conversion_error(column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("column {column} holds “{text}”, which this version cannot read").into(),
    )
}

pub fn get_time(row: &Row<'_>, column: &str) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(column)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| conversion_error(column, &text))
}

pub fn get_optional_time(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(column)?;
    text.map(|text| {
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| conversion_error(column, &text))
    })
    .transpose()
}

pub fn get_date(row: &Row<'_>, column: &str) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(column)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| conversion_error(column, &text))
}

/// A closed-list value stored as its code; an unknown code is an error, never a default.
pub fn get_code<T>(
    row: &Row<'_>,
    column: &str,
    from_code: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    from_code(&text).ok_or_else(|| conversion_error(column, &text))
}

/// An optional closed-list value.
pub fn get_optional_code<T>(
    row: &Row<'_>,
    column: &str,
    from_code: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(column)?;
    text.map(|text| from_code(&text).ok_or_else(|| conversion_error(column, &text)))
        .transpose()
}

/// SQL for who a staff member was (their signature, "Ana Lopez, CMA") at a moment: the version
/// of their account in force then, so a rename never rewrites who charted a past record.
/// `$staff` and `$at` are SQL expressions (columns).
macro_rules! signature_at {
    ($staff:literal, $at:literal) => {
        // SQLite cannot name an outer column in a subquery's ORDER BY, so the version in
        // force is the latest recorded by then, or else (a row older than the account's first
        // version, from before accounts) the first.
        concat!(
            "coalesce((SELECT sv.name || ', ' || sv.credentials FROM staff_versions sv WHERE sv.staff_id = ",
            $staff,
            " AND sv.recorded_at <= ",
            $at,
            " ORDER BY sv.recorded_at DESC LIMIT 1), (SELECT sv.name || ', ' || sv.credentials FROM staff_versions sv WHERE sv.staff_id = ",
            $staff,
            " ORDER BY sv.recorded_at LIMIT 1))"
        )
    };
}

pub(crate) use signature_at;
