//! Specimens collected in the room and followed until their result is back: the ID printed on
//! the label, what was collected and for which tests, the status it moves through, and the
//! clinic-wide log with what is overdue.

pub mod catalog;
pub mod collection;
pub mod id;
pub mod kinds;
pub mod log;
pub mod status;
pub mod volume;

pub use catalog::{LabCatalog, LabTest};
pub use collection::{
    Collection, OrderedTest, Specimen, SpecimenDraft, SpecimenError, SpecimenField, turnaround,
};
pub use id::SpecimenId;
pub use kinds::{Container, SpecimenType};
pub use status::{SpecimenStatus, StatusChange, StatusError};
pub use volume::Volume;
