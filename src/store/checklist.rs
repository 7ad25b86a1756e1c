//! How the store sees that each section of a visit's rooming checklist is done.

use rusqlite::OptionalExtension;

use crate::clinical::checklist::{
    Checklist, ChecklistItem, ChecklistMark, MarkOutcome, Section, SectionState,
};
use crate::clinical::ids::VisitId;
use crate::clinical::injection::Administration;
use crate::clinical::poc::PocResult;
use crate::clinical::record::current;
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::specimen::Specimen;
use crate::store::codec::get_time;
use crate::store::{Store, StoreResult};

impl Store {
    /// Done when every one of `sections` was reviewed with the patient in this visit.
    fn reviewed(&self, visit: VisitId, sections: &[ReviewSection]) -> StoreResult<SectionState> {
        let reviews = self.visit_records::<Review>(visit)?;
        let done: Vec<_> = sections
            .iter()
            .filter_map(|section| {
                current(&reviews)
                    .filter(|r| r.content.section == *section)
                    .map(|r| (r.recorded.at, r.recorded.by_name.clone()))
                    .max()
            })
            .collect();
        Ok(match (done.len(), done.iter().max()) {
            (0, _) | (_, None) => SectionState::ToDo,
            (n, Some((at, by))) if n == sections.len() => SectionState::Done {
                at: *at,
                summary: format!("reviewed by {by}"),
            },
            (n, Some(_)) => SectionState::Partial {
                summary: format!("{n} of {} reviewed", sections.len()),
            },
        })
    }

    /// Done when the MA marks it (given, or none due); begun when doses are charted unmarked.
    fn injections_state(&self, visit: VisitId) -> StoreResult<SectionState> {
        let marks = self.visit_records::<ChecklistMark>(visit)?;
        let given = self.visit_records::<Administration>(visit)?;
        let here = current(&given)
            .filter(|a| a.content.given_here().is_some())
            .count();
        let summary = match here {
            0 => None,
            1 => Some("1 given".to_owned()),
            n => Some(format!("{n} given")),
        };
        let mark = current(&marks)
            .filter(|m| m.content.section == Section::Injections)
            .max_by_key(|m| m.recorded.at);
        Ok(match (mark, summary) {
            (Some(m), summary) => SectionState::Done {
                at: m.recorded.at,
                summary: match (m.content.outcome, summary) {
                    (MarkOutcome::NoneDue, None) => "none due".into(),
                    (_, Some(summary)) => summary,
                    (MarkOutcome::Done, None) => "none given".into(),
                },
            },
            (None, Some(summary)) => SectionState::Partial {
                summary: format!("{summary}; mark done when finished"),
            },
            (None, None) => SectionState::ToDo,
        })
    }

    /// Done when the MA marks it; begun when specimens or point-of-care tests are charted
    /// unmarked. The summary counts what this visit collected and tested.
    fn specimens_state(&self, visit: VisitId) -> StoreResult<SectionState> {
        let marks = self.visit_records::<ChecklistMark>(visit)?;
        let collected = current(&self.visit_records::<Specimen>(visit)?).count();
        let tested = current(&self.visit_records::<PocResult>(visit)?).count();
        let summary = match (collected, tested) {
            (0, 0) => None,
            (c, 0) => Some(format!("{c} collected")),
            (0, t) => Some(format!("{t} tested")),
            (c, t) => Some(format!("{c} collected, {t} tested")),
        };
        let mark = current(&marks)
            .filter(|m| m.content.section == Section::Specimens)
            .max_by_key(|m| m.recorded.at);
        Ok(match (mark, summary) {
            (Some(m), summary) => SectionState::Done {
                at: m.recorded.at,
                summary: summary.unwrap_or_else(|| m.content.outcome.label().to_lowercase()),
            },
            (None, Some(summary)) => SectionState::Partial {
                summary: format!("{summary}; mark done when finished"),
            },
            (None, None) => SectionState::ToDo,
        })
    }

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
            Section::Allergies => self.reviewed(visit, &[ReviewSection::Allergies]),
            Section::History => self.reviewed(visit, &ReviewSection::HISTORY),
            Section::Medications => self.reviewed(visit, &[ReviewSection::Medications]),
            Section::Injections => self.injections_state(visit),
            Section::Specimens => self.specimens_state(visit),
        }
    }
}
