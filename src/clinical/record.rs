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

/// The kinds of record kept, versioned, in the chart's general record table. Each is a domain
/// type stored as JSON; the kind says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Allergy,
    AllergyAssertion,
    Condition,
    Procedure,
    FamilyHistory,
    SocialHistory,
    Medication,
    Reconciliation,
    Review,
    Administration,
    TstReading,
    ChecklistMark,
    Specimen,
    SpecimenStatus,
    PocResult,
}

impl RecordKind {
    pub const ALL: [Self; 15] = [
        Self::Allergy,
        Self::AllergyAssertion,
        Self::Condition,
        Self::Procedure,
        Self::FamilyHistory,
        Self::SocialHistory,
        Self::Medication,
        Self::Reconciliation,
        Self::Review,
        Self::Administration,
        Self::TstReading,
        Self::ChecklistMark,
        Self::Specimen,
        Self::SpecimenStatus,
        Self::PocResult,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Allergy => "allergy",
            Self::AllergyAssertion => "allergy_assertion",
            Self::Condition => "condition",
            Self::Procedure => "procedure",
            Self::FamilyHistory => "family_history",
            Self::SocialHistory => "social_history",
            Self::Medication => "medication",
            Self::Reconciliation => "reconciliation",
            Self::Review => "review",
            Self::Administration => "administration",
            Self::TstReading => "tst_reading",
            Self::ChecklistMark => "checklist_mark",
            Self::Specimen => "specimen",
            Self::SpecimenStatus => "specimen_status",
            Self::PocResult => "poc_result",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A domain type the chart keeps as a versioned record.
pub trait ChartRecord:
    serde::Serialize + serde::de::DeserializeOwned + Clone + std::fmt::Debug
{
    const KIND: RecordKind;
}

/// One stored version of a record, with where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned<T> {
    pub id: crate::clinical::ids::RecordId,
    pub patient_id: crate::clinical::ids::PatientId,
    /// The visit it was recorded in, if any.
    pub visit_id: Option<crate::clinical::ids::VisitId>,
    pub content: T,
    pub recorded: Recorded,
    pub replaces: Option<crate::clinical::ids::RecordId>,
    pub standing: Standing,
}

/// The current versions among all versions of a kind.
pub fn current<T>(versions: &[Versioned<T>]) -> impl Iterator<Item = &Versioned<T>> {
    versions.iter().filter(|v| v.standing.is_current())
}
