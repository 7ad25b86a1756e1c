//! A visit (encounter): why the patient came, the room, and where rooming stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::ids::{PatientId, StaffId, VisitId};
use crate::clinical::text::required;

/// Where the visit stands. Changes are recorded as events, never overwritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum VisitStatus {
    Waiting,
    Rooming,
    ReadyForProvider,
    Done,
}

impl VisitStatus {
    pub const ALL: [Self; 4] = [
        Self::Waiting,
        Self::Rooming,
        Self::ReadyForProvider,
        Self::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Rooming => "rooming",
            Self::ReadyForProvider => "ready_for_provider",
            Self::Done => "done",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Waiting => "Waiting",
            Self::Rooming => "Rooming",
            Self::ReadyForProvider => "Ready for provider",
            Self::Done => "Done",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub id: VisitId,
    pub patient_id: PatientId,
    pub started_at: DateTime<Utc>,
    pub reason: String,
    pub room: Option<String>,
    pub status: VisitStatus,
    pub status_changed_at: DateTime<Utc>,
    pub started_by: StaffId,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDraft {
    pub reason: String,
    pub room: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    #[error("type the reason for the visit, e.g. “annual physical”")]
    ReasonMissing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVisit {
    pub reason: String,
    pub room: Option<String>,
}

impl VisitDraft {
    pub fn check(&self) -> Result<NewVisit, VisitError> {
        let reason = required(&self.reason).ok_or(VisitError::ReasonMissing)?;
        Ok(NewVisit {
            reason,
            room: required(&self.room),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_needs_a_reason() {
        assert_eq!(
            VisitDraft::default().check(),
            Err(VisitError::ReasonMissing)
        );
        let visit = VisitDraft {
            reason: "cough".into(),
            room: " ".into(),
        }
        .check()
        .unwrap();
        assert_eq!(visit.room, None);
        for status in VisitStatus::ALL {
            assert_eq!(VisitStatus::from_code(status.code()), Some(status));
        }
    }
}

/// A line of today's list: the visit, who it is for, and how far rooming has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitListEntry {
    pub visit: Visit,
    pub patient: crate::clinical::patient::PatientSummary,
    pub checklist: crate::clinical::checklist::Checklist,
}
