//! Growing children: a measurement's z-score and percentile against the WHO Child Growth
//! Standards (under 24 months) and the CDC 2000 growth charts (2 to 20 years), CDC's extended
//! BMI above the 95th percentile, the flags a pediatric visit asks for, and a child's blood
//! pressure category by AAP 2017.

pub mod birth;
pub mod blood_pressure;
pub mod chart;
pub mod curve;
pub mod flags;
pub mod lms;
pub mod measure;
pub mod reference;

pub use measure::{Child, GestationalAge, GrowthPoint, Measure, NoPercentile, Position, assess};
pub use reference::{GrowthReference, GrowthSex, Table};
