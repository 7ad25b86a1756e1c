//! Drafts of unsaved forms, written as the MA types so a crash or a closed window loses
//! nothing. A draft is scratch, not chart: it is replaced freely and removed once saved.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use crate::clinical::ids::{PatientId, StaffId};
use crate::store::codec::{get_time, time_text};
use crate::store::{Store, StoreResult};

/// A saved draft: the form's content as JSON, and when it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub content: String,
    pub saved_at: DateTime<Utc>,
}

impl Store {
    pub fn save_draft(
        &mut self,
        form: &str,
        staff: StaffId,
        patient: Option<PatientId>,
        content: &str,
    ) -> StoreResult<()> {
        let now = self.clock.now();
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO drafts (form, staff_id, patient_id, content, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (form) DO UPDATE SET staff_id = excluded.staff_id, patient_id = excluded.patient_id,
                    content = excluded.content, saved_at = excluded.saved_at",
            )?
            .execute(rusqlite::params![form, staff, patient, content, time_text(now)])?;
            Ok(())
        })
    }

    pub fn draft(&self, form: &str) -> StoreResult<Option<Draft>> {
        Ok(self
            .conn
            .prepare_cached("SELECT content, saved_at FROM drafts WHERE form = ?1")?
            .query_row([form], |row| {
                Ok(Draft {
                    content: row.get("content")?,
                    saved_at: get_time(row, "saved_at")?,
                })
            })
            .optional()?)
    }

    /// Every draft one staff member left in one patient's chart, by form.
    pub fn drafts_of(
        &self,
        staff: StaffId,
        patient: PatientId,
    ) -> StoreResult<Vec<(String, Draft)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT form, content, saved_at FROM drafts WHERE staff_id = ?1 AND patient_id = ?2",
        )?;
        let rows = statement.query_map(rusqlite::params![staff, patient], |row| {
            Ok((
                row.get("form")?,
                Draft {
                    content: row.get("content")?,
                    saved_at: get_time(row, "saved_at")?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn discard_draft(&mut self, form: &str) -> StoreResult<()> {
        self.write(|tx| {
            tx.prepare_cached("DELETE FROM drafts WHERE form = ?1")?
                .execute([form])?;
            Ok(())
        })
    }
}
