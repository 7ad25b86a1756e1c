//! The rooming checklist of a visit: the sections an MA works through. A new section joins by
//! adding a variant here and telling the store how to see that it is done; the shell draws the
//! list it is given.

use chrono::{DateTime, Utc};

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

impl crate::clinical::record::ChartRecord for ChecklistMark {
    const KIND: crate::clinical::record::RecordKind =
        crate::clinical::record::RecordKind::ChecklistMark;
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
    pub fn done_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i.state, SectionState::Done { .. }))
            .count()
    }
}
