//! How the store sees that each section of a visit's rooming checklist is done.

use rusqlite::OptionalExtension;

use crate::clinical::checklist::{Checklist, ChecklistItem, Section, SectionState};
use crate::clinical::ids::VisitId;
use crate::store::codec::get_time;
use crate::store::{Store, StoreResult};

impl Store {
    pub fn checklist(&self, visit: VisitId) -> StoreResult<Checklist> {
        let items = Section::ALL
            .into_iter()
            .map(|section| {
                Ok(ChecklistItem {
                    section,
                    state: self.section_state(section, visit)?,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(Checklist { items })
    }

    /// A new section adds its arm here: the one place that knows what "done" means for it.
    fn section_state(&self, section: Section, visit: VisitId) -> StoreResult<SectionState> {
        match section {
            Section::Vitals => {
                let done = self
                    .conn
                    .prepare_cached(
                        "SELECT max(s.recorded_at) AS at, count(*) AS n FROM vital_sets s
                         WHERE s.visit_id = ?1
                           AND NOT EXISTS (SELECT 1 FROM vital_sets r WHERE r.replaces = s.id)
                           AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = s.id)
                         HAVING count(*) > 0",
                    )?
                    .query_row([visit], |row| Ok((get_time(row, "at")?, row.get::<_, i64>("n")?)))
                    .optional()?;
                Ok(match done {
                    Some((at, 1)) => SectionState::Done {
                        at,
                        summary: "1 set".into(),
                    },
                    Some((at, n)) => SectionState::Done {
                        at,
                        summary: format!("{n} sets"),
                    },
                    None => SectionState::ToDo,
                })
            }
            Section::Allergies
            | Section::History
            | Section::Medications
            | Section::Injections
            | Section::Specimens => Ok(SectionState::NotYetAvailable),
        }
    }
}
