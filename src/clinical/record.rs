//! What every clinical record carries besides its content: who recorded it and when, and where
//! it stands in its chain of versions (current, replaced by a correction, or entered in error).

use chrono::{DateTime, Utc};

use crate::clinical::ids::StaffId;

/// Who wrote a record and when it reached the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub by: StaffId,
    /// The recorder's signature at the time ("Ana Lopez, CMA").
    pub by_name: String,
}

/// Where one version of a record stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Part of the current chart.
    Current,
    /// A correction replaced it.
    Replaced { at: DateTime<Utc>, by_name: String },
    /// Retracted as entered in error; kept, but out of the current chart.
    EnteredInError {
        reason: String,
        at: DateTime<Utc>,
        by_name: String,
    },
}

impl Standing {
    pub fn is_current(&self) -> bool {
        matches!(self, Self::Current)
    }
}

/// Why a record is retracted: required, because a retraction without a reason cannot be reviewed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retraction {
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RetractionError {
    #[error("say why this was entered in error, e.g. “wrong patient”")]
    ReasonMissing,
}

impl Retraction {
    pub fn new(reason: &str) -> Result<Self, RetractionError> {
        crate::clinical::text::required(reason)
            .map(|reason| Self { reason })
            .ok_or(RetractionError::ReasonMissing)
    }
}
