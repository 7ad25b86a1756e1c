//! The clinical domain: plain types and rules for patients, visits and what is charted in them.
//! It knows nothing of egui or SQL; every rule takes the clock and reference data as arguments.

pub mod account;
pub mod age;
pub mod allergy;
pub mod audit;
pub mod catalog;
pub mod cdsi;
pub mod chart;
pub mod checklist;
pub(crate) mod coded;
pub mod entry;
pub mod growth;
pub mod history;
pub mod identity;
pub mod ids;
pub mod injection;
pub mod medication;
pub mod partial_date;
pub mod patient;
pub mod poc;
pub mod record;
pub mod reference;
pub mod review;
pub mod specimen;
pub mod staff;
pub mod text;
pub mod time;
pub mod units;
pub mod visit;
pub mod vitals;
