//! Vital signs: what is recorded (codes, units, context), the reference table that judges each
//! value for the patient's age, and the check that turns a typed form into a set to store.

pub mod categories;
pub mod check;
pub mod draft;
pub mod flags;
pub mod growth_check;
pub mod problems;
pub mod reference;
pub mod set;
pub mod vital;

pub use check::{CheckContext, CheckedVitals, Flag, Previous, check};
pub use draft::{NotObtainedDraft, UnitChoices, VitalsDraft};
pub use flags::Interpretation;
pub use problems::{NotReady, VitalsError, VitalsField, VitalsWarning};
pub use reference::ReferenceTable;
pub use set::{
    Entered, Measured, NewVitals, Observation, ObservationResult, VitalsContext, VitalsSet,
};
pub use vital::{Vital, VitalGroup};
