//! What every clinical record carries besides its content: who recorded it and when, and where
//! it stands in its chain of versions (current, replaced by a correction, or entered in error).
//! Also the registry of the kinds of record the chart keeps, the one list a new kind joins.

use std::any::Any;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::clinical::ids::{PatientId, RecordId, StaffId, VisitId};

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

/// A domain type the chart keeps as a versioned record. Implemented by the registry below.
pub trait ChartRecord:
    serde::Serialize + serde::de::DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static
{
    const KIND: RecordKind;

    /// Whether this record can only be charted in a visit (a review, a dose given here); the
    /// store refuses to add one without.
    fn needs_visit(&self) -> bool;
}

/// A stored record this version cannot read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a {kind} record this version cannot read: {detail}")]
pub struct DecodeError {
    pub kind: &'static str,
    pub detail: String,
}

/// The registry: each kind of record with its stable code (what the store holds), a label for
/// people, its domain type and when it needs a visit. A new kind of record is one line here.
macro_rules! record_kinds {
    ($( $(#[$doc:meta])* $kind:ident($ty:ty) => $code:literal, $label:literal, visit: $visit:expr; )+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RecordKind { $( $(#[$doc])* $kind ),+ }

        impl RecordKind {
            pub const ALL: &'static [Self] = &[$(Self::$kind),+];

            pub fn code(self) -> &'static str {
                match self { $(Self::$kind => $code),+ }
            }

            /// What people call one, e.g. "Allergy" ("Allergy saved").
            pub fn label(self) -> &'static str {
                match self { $(Self::$kind => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.code() == code)
            }

            /// Reads stored versions of this kind into its domain type.
            fn decode(self, versions: Vec<Versioned<String>>) -> Result<Arc<dyn Any + Send + Sync>, DecodeError> {
                match self { $(Self::$kind => decode_all::<$ty>(versions)),+ }
            }
        }

        $(
            impl ChartRecord for $ty {
                const KIND: RecordKind = RecordKind::$kind;

                fn needs_visit(&self) -> bool {
                    let rule: fn(&$ty) -> bool = $visit;
                    rule(self)
                }
            }
        )+
    };
}

/// A rule for `visit:` that holds for every record of a kind.
const fn always<T>(_: &T) -> bool {
    true
}

const fn never<T>(_: &T) -> bool {
    false
}

use crate::clinical::allergy::{Allergy, AllergyAssertion};
use crate::clinical::checklist::ChecklistMark;
use crate::clinical::growth::birth::BirthHistory;
use crate::clinical::history::{Condition, FamilyMember, Procedure, SocialHistory};
use crate::clinical::injection::Administration;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::medication::Medication;
use crate::clinical::medication::reconciliation::Reconciliation;
use crate::clinical::poc::PocResult;
use crate::clinical::review::Review;
use crate::clinical::specimen::{Specimen, StatusChange};

record_kinds! {
    Allergy(Allergy) => "allergy", "Allergy", visit: never;
    AllergyAssertion(AllergyAssertion) => "allergy_assertion", "Allergy assertion", visit: never;
    Condition(Condition) => "condition", "Condition", visit: never;
    Procedure(Procedure) => "procedure", "Procedure", visit: never;
    FamilyHistory(FamilyMember) => "family_history", "Family history", visit: never;
    SocialHistory(SocialHistory) => "social_history", "Social history", visit: never;
    Medication(Medication) => "medication", "Medication", visit: never;
    Reconciliation(Reconciliation) => "reconciliation", "Reconciliation", visit: always;
    Review(Review) => "review", "Review", visit: always;
    /// A dose given here or declined belongs to a visit; a transcribed one does not.
    Administration(Administration) => "administration", "Injection", visit: Administration::belongs_to_a_visit;
    TstReading(TstReading) => "tst_reading", "Skin test reading", visit: never;
    ChecklistMark(ChecklistMark) => "checklist_mark", "Checklist mark", visit: always;
    Specimen(Specimen) => "specimen", "Specimen", visit: always;
    /// A status change happens after the visit (sent, resulted), so it needs none.
    SpecimenStatus(StatusChange) => "specimen_status", "Specimen status", visit: never;
    PocResult(PocResult) => "poc_result", "Point-of-care result", visit: always;
    BirthHistory(BirthHistory) => "birth_history", "Birth history", visit: never;
}

fn decode_all<T: ChartRecord>(
    versions: Vec<Versioned<String>>,
) -> Result<Arc<dyn Any + Send + Sync>, DecodeError> {
    let decoded = versions
        .into_iter()
        .map(Versioned::decode::<T>)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Arc::new(decoded))
}

/// A record's content ready for the store: its kind, its JSON, and whether it needs a visit.
/// Views build one from a domain value; the store writes any kind the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordContent {
    kind: RecordKind,
    json: String,
    needs_visit: bool,
}

impl RecordContent {
    pub fn of<T: ChartRecord>(record: &T) -> Result<Self, DecodeError> {
        Ok(Self {
            kind: T::KIND,
            json: serde_json::to_string(record).map_err(|e| DecodeError {
                kind: T::KIND.code(),
                detail: e.to_string(),
            })?,
            needs_visit: record.needs_visit(),
        })
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    pub fn json(&self) -> &str {
        &self.json
    }

    pub fn needs_visit(&self) -> bool {
        self.needs_visit
    }

    /// The domain value back, when it is of kind `T`.
    pub fn decode<T: ChartRecord>(&self) -> Option<T> {
        (self.kind == T::KIND)
            .then(|| serde_json::from_str(&self.json).ok())
            .flatten()
    }
}

/// One stored version of a record, with where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned<T> {
    pub id: RecordId,
    pub patient_id: PatientId,
    /// The visit it was recorded in, if any.
    pub visit_id: Option<VisitId>,
    pub content: T,
    pub recorded: Recorded,
    pub replaces: Option<RecordId>,
    pub standing: Standing,
}

impl Versioned<String> {
    /// The same version with its JSON read into the domain type.
    pub fn decode<T: ChartRecord>(self) -> Result<Versioned<T>, DecodeError> {
        let content = serde_json::from_str(&self.content).map_err(|e| DecodeError {
            kind: T::KIND.code(),
            detail: e.to_string(),
        })?;
        Ok(Versioned {
            id: self.id,
            patient_id: self.patient_id,
            visit_id: self.visit_id,
            content,
            recorded: self.recorded,
            replaces: self.replaces,
            standing: self.standing,
        })
    }
}

/// The current versions among all versions of a kind.
pub fn current<T>(versions: &[Versioned<T>]) -> impl Iterator<Item = &Versioned<T>> {
    versions.iter().filter(|v| v.standing.is_current())
}

/// Every version of every kind of record, each kind read into its own type once; what
/// `PatientRecords` holds, so a new kind needs no new field anywhere.
#[derive(Clone, Default)]
pub struct RecordSet {
    by_kind: std::collections::BTreeMap<RecordKind, Arc<dyn Any + Send + Sync>>,
}

impl RecordSet {
    /// Groups stored versions (oldest first) by kind and reads each into its type.
    pub fn decode(
        stored: impl IntoIterator<Item = (RecordKind, Versioned<String>)>,
    ) -> Result<Self, DecodeError> {
        let mut grouped: std::collections::BTreeMap<RecordKind, Vec<Versioned<String>>> =
            std::collections::BTreeMap::new();
        for (kind, version) in stored {
            grouped.entry(kind).or_default().push(version);
        }
        let by_kind = grouped
            .into_iter()
            .map(|(kind, versions)| Ok((kind, kind.decode(versions)?)))
            .collect::<Result<_, DecodeError>>()?;
        Ok(Self { by_kind })
    }

    /// Every version of kind `T`, oldest first.
    pub fn of<T: ChartRecord>(&self) -> &[Versioned<T>] {
        self.by_kind
            .get(&T::KIND)
            .and_then(|any| any.downcast_ref::<Vec<Versioned<T>>>())
            .map_or(&[], Vec::as_slice)
    }

    /// Puts the versions of kind `T` in place of any there were (tests and benchmarks build
    /// records this way).
    pub fn set<T: ChartRecord>(&mut self, versions: Vec<Versioned<T>>) {
        self.by_kind.insert(T::KIND, Arc::new(versions));
    }
}

impl std::fmt::Debug for RecordSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.by_kind.keys()).finish()
    }
}
