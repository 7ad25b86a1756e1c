//! Waived point-of-care tests run in the room: the catalog of tests with their codes and what
//! counts as abnormal, and a result with its kit lot, expiry and quality control, each part
//! flagged when abnormal. A positive urine hCG is what the injection checks see as a test.

pub mod catalog;
pub mod result;

pub use catalog::{Measure, PocCatalog, PocPart, PocTest};
pub use result::{Flag, PartValue, PocDraft, PocError, PocField, PocResult, QcStatus};
