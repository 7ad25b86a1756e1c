//! The rooming checklist of a visit: the sections an MA works through, and when each is done,
//! worked out from the visit's records. A new section is a variant here and its rule in
//! `Section::state`; the shell draws the list it is given.

use chrono::{DateTime, Utc};

use crate::clinical::chart::PatientRecords;
use crate::clinical::injection::Administration;
use crate::clinical::poc::PocResult;
use crate::clinical::review::{Review, ReviewSection};
use crate::clinical::specimen::Specimen;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Vitals,
    Allergies,
    History,
    Medications,
    Injections,
    Specimens,
}

impl Section {
    /// In the order the MA works through them.
    pub const ALL: [Self; 6] = [
        Self::Vitals,
        Self::Allergies,
        Self::History,
        Self::Medications,
        Self::Injections,
        Self::Specimens,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Vitals => "Vitals",
            Self::Allergies => "Allergies",
            Self::History => "History",
            Self::Medications => "Medications",
            Self::Injections => "Injections",
            Self::Specimens => "Specimens",
        }
    }
}

impl Section {
    /// What "done" means for each section: the one place a section's rule lives.
    fn state(self, records: &PatientRecords, vitals_recorded: &[DateTime<Utc>]) -> SectionState {
        match self {
            Self::Vitals => match (vitals_recorded.len(), vitals_recorded.iter().max()) {
                (_, None) => SectionState::ToDo,
                (1, Some(at)) => SectionState::Done {
                    at: *at,
                    summary: "1 set".into(),
                },
                (n, Some(at)) => SectionState::Done {
                    at: *at,
                    summary: format!("{n} sets"),
                },
            },
            Self::Allergies => reviewed(records, &[ReviewSection::Allergies]),
            Self::History => reviewed(records, &ReviewSection::HISTORY),
            Self::Medications => reviewed(records, &[ReviewSection::Medications]),
            Self::Injections => {
                let given = records
                    .in_visit::<Administration>()
                    .filter(|a| a.content.given_here().is_some())
                    .count();
                let summary = match given {
                    0 => None,
                    1 => Some("1 given".to_owned()),
                    n => Some(format!("{n} given")),
                };
                marked(records, self, summary, |outcome| match outcome {
                    MarkOutcome::NoneDue => "none due".into(),
                    MarkOutcome::Done => "none given".into(),
                })
            }
            Self::Specimens => {
                let collected = records.in_visit::<Specimen>().count();
                let tested = records.in_visit::<PocResult>().count();
                let summary = match (collected, tested) {
                    (0, 0) => None,
                    (c, 0) => Some(format!("{c} collected")),
                    (0, t) => Some(format!("{t} tested")),
                    (c, t) => Some(format!("{c} collected, {t} tested")),
                };
                marked(records, self, summary, |outcome| {
                    outcome.label().to_lowercase()
                })
            }
        }
    }
}

/// Done when every one of `sections` was reviewed with the patient in this visit.
fn reviewed(records: &PatientRecords, sections: &[ReviewSection]) -> SectionState {
    let done: Vec<_> = sections
        .iter()
        .filter_map(|section| {
            records
                .in_visit::<Review>()
                .filter(|r| r.content.section == *section)
                .map(|r| (r.recorded.at, r.recorded.by_name.clone()))
                .max()
        })
        .collect();
    match (done.len(), done.iter().max()) {
        (0, _) | (_, None) => SectionState::ToDo,
        (n, Some((at, by))) if n == sections.len() => SectionState::Done {
            at: *at,
            summary: format!("reviewed by {by}"),
        },
        (n, Some(_)) => SectionState::Partial {
            summary: format!("{n} of {} reviewed", sections.len()),
        },
    }
}

/// Done when the MA marks it (the summary says what was charted, or the mark's outcome when
/// nothing was); begun when something is charted unmarked.
fn marked(
    records: &PatientRecords,
    section: Section,
    summary: Option<String>,
    nothing_charted: impl Fn(MarkOutcome) -> String,
) -> SectionState {
    let mark = records
        .in_visit::<ChecklistMark>()
        .filter(|m| m.content.section == section)
        .max_by_key(|m| m.recorded.at);
    match (mark, summary) {
        (Some(m), summary) => SectionState::Done {
            at: m.recorded.at,
            summary: summary.unwrap_or_else(|| nothing_charted(m.content.outcome)),
        },
        (None, Some(summary)) => SectionState::Partial {
            summary: format!("{summary}; mark done when finished"),
        },
        (None, None) => SectionState::ToDo,
    }
}

crate::clinical::coded::coded_enum!(
    /// How the MA closed a section that has no single record to show for it.
    MarkOutcome {
        Done => "done", "Done";
        NoneDue => "none_due", "None due";
    }
);

/// "This section is done for the visit": the MA's mark, for sections such as injections where
/// doing nothing can be the right outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChecklistMark {
    pub section: Section,
    pub outcome: MarkOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionState {
    Done {
        at: DateTime<Utc>,
        summary: String,
    },
    /// Begun: some of its parts are done.
    Partial {
        summary: String,
    },
    ToDo,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    pub section: Section,
    pub state: SectionState,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    /// The checklist of the visit `records` were read for; `vitals_recorded` holds when each
    /// current vitals set of the visit was recorded.
    pub fn of(records: &PatientRecords, vitals_recorded: &[DateTime<Utc>]) -> Self {
        Self {
            items: Section::ALL
                .into_iter()
                .map(|section| ChecklistItem {
                    section,
                    state: section.state(records, vitals_recorded),
                })
                .collect(),
        }
    }

    pub fn done_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i.state, SectionState::Done { .. }))
            .count()
    }
}
