//! Identifiers of records: newtypes over UUID v7, so a visit id can never be passed where a
//! patient id is wanted, and ids sort by creation time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id, ordered after every id made before it.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

record_id!(
    /// A patient, stable across every version of their demographics.
    PatientId
);
record_id!(
    /// One version of a patient's demographics.
    PatientVersionId
);
record_id!(
    /// A visit (encounter).
    VisitId
);
record_id!(
    /// A member of staff who charts.
    StaffId
);
record_id!(
    /// One version of the clinic's name and address.
    ClinicId
);
record_id!(
    /// One version of a set of vital signs.
    VitalsId
);
record_id!(
    /// One version of a record in the chart's general record table (allergies, history,
    /// medications, reviews).
    RecordId
);
record_id!(
    /// A lot of a vaccine or drug received into the clinic's stock.
    LotId
);
