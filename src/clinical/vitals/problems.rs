//! What can be wrong with a vitals form, in words an MA can act on: errors that block the save
//! (refuse tier, unreadable entries, impossible combinations) and warnings that need one
//! deliberate confirmation (confirm tier, big changes since the last set).

use crate::clinical::entry::EntryError;
use crate::clinical::vitals::vital::{Vital, VitalGroup};

/// Where a message belongs on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VitalsField {
    TakenAt,
    Vital(Vital),
    NotObtained(VitalGroup),
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum VitalsError {
    #[error("{0}")]
    Entry(#[from] EntryError),
    #[error("{shown} is not a possible {what}: allowed {allowed}")]
    Refused {
        shown: String,
        what: &'static str,
        allowed: String,
    },
    #[error("{diastolic} must be below the systolic pressure ({systolic})")]
    DiastolicNotBelowSystolic { systolic: String, diastolic: String },
    #[error("{typed} °C is not a body temperature: did you mean {typed} °F? Switch the unit to °F")]
    LooksLikeFahrenheit { typed: String },
    #[error("type the O2 flow in L/min, or choose room air")]
    FlowMissing,
    #[error("O2 flow is only recorded on supplemental O2: choose it, or clear the flow")]
    FlowOnRoomAir,
    #[error("head circumference is measured under {limit}; clear it for this patient")]
    HeadCircumferenceTooOld { limit: String },
    #[error("marked not obtained: clear the value, or untick not obtained")]
    ValueAndNotObtained,
    #[error("choose why it was not obtained")]
    ReasonMissing,
    #[error("type the time the vitals were taken, e.g. 14:32")]
    TakenAtMissing,
    #[error("“{0}” is not a time: type e.g. 14:32 or 2026-11-26 14:32")]
    TakenAtUnreadable(String),
    #[error("the time is in the future: vitals are charted after they are taken")]
    TakenAtInFuture,
    #[error("the time is before the patient was born")]
    TakenAtBeforeBirth,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum VitalsWarning {
    #[error("{shown} is unusual for {what} (check limits {limits}): re-check, then confirm")]
    Unusual {
        shown: String,
        what: &'static str,
        limits: String,
    },
    #[error("weight changed {percent:.0}% since {since} ({previous}): re-weigh, then confirm")]
    WeightChange {
        percent: f64,
        since: String,
        previous: String,
    },
    #[error(
        "height is {drop_cm:.1} cm less than on {since} ({previous}): re-measure, then confirm"
    )]
    HeightDrop {
        drop_cm: f64,
        since: String,
        previous: String,
    },
}

/// Why a checked form cannot be saved yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotReady {
    #[error("{}", counted(*.0, "fix the marked field first", "marked fields"))]
    Errors(usize),
    #[error(
        "{} (tick “Confirm” beside it)",
        counted(*.0, "confirm the unusual value first", "unusual values")
    )]
    Unconfirmed(usize),
    #[error("confirm the time taken first (tick “Confirm” beside it)")]
    TimeUnconfirmed,
    #[error("type at least one vital sign, or mark it not obtained")]
    Empty,
}

/// "fix the marked field first", or "fix the 2 marked fields first".
fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => one.to_owned(),
        n => {
            let verb = one.split(' ').next().unwrap_or("fix");
            format!("{verb} the {n} {many} first")
        }
    }
}

/// A vital's name inside a sentence.
pub fn in_words(vital: Vital) -> &'static str {
    match vital {
        Vital::Systolic => "systolic pressure",
        Vital::Diastolic => "diastolic pressure",
        Vital::HeartRate => "heart rate",
        Vital::RespiratoryRate => "respiratory rate",
        Vital::Temperature => "body temperature",
        Vital::OxygenSaturation => "SpO2",
        Vital::OxygenFlow => "O2 flow",
        Vital::Height => "height",
        Vital::Weight => "weight",
        Vital::Bmi => "BMI",
        Vital::HeadCircumference => "head circumference",
        Vital::Pain => "pain score",
    }
}
