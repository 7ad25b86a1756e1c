//! Injections: vaccines, therapeutic injections and tuberculin skin tests. The catalogs, the
//! lots on hand, the record of a dose (given here, transcribed, or not given), the safety checks
//! run before a dose is saved, and what a dose leaves to do (next dose due, TST reading).

pub mod administration;
pub mod catalog;
mod catalog_files;
pub mod contraindicated;
pub mod dose;
pub mod dose_limit;
pub mod draft;
pub mod due;
pub mod follow_up;
pub mod immunization_record;
pub mod lot;
pub mod observations;
pub mod pregnancy_window;
pub mod safety;
pub mod schedule;
pub mod tst;

pub use administration::Administration;
pub use catalog::{InjectionCatalog, Product, ProductKind};
pub use lot::Lot;
