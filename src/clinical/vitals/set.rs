//! A set of vital signs as charted: the observations taken at one time, each with its canonical
//! value, what was typed, and its flag, plus the context they were taken in.

use chrono::{DateTime, Utc};

use crate::clinical::ids::{PatientId, VisitId, VitalsId};
use crate::clinical::record::{Recorded, Standing};
use crate::clinical::units::EnteredUnit;
use crate::clinical::vitals::flags::Interpretation;
use crate::clinical::vitals::vital::{
    AbsentReason, BodyPosition, CuffSite, HowObtained, OxygenDelivery, PulseMethod, PulseRhythm,
    TemperatureRoute, Vital,
};

/// A value exactly as it was typed, kept beside the canonical value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entered {
    pub text: String,
    pub unit: EnteredUnit,
}

/// A measured value in the vital's canonical unit (see `Vital::ucum`), at full precision.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    pub canonical: f64,
    /// `None` for a computed value (BMI).
    pub entered: Option<Entered>,
    pub interpretation: Option<Interpretation>,
    /// The value was in the confirm tier and the recorder confirmed it.
    pub confirmed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObservationResult {
    Value(Measured),
    NotObtained {
        reason: AbsentReason,
        note: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub vital: Vital,
    pub result: ObservationResult,
}

impl Observation {
    pub fn value(&self) -> Option<f64> {
        match &self.result {
            ObservationResult::Value(m) => Some(m.canonical),
            ObservationResult::NotObtained { .. } => None,
        }
    }

    pub fn interpretation(&self) -> Option<Interpretation> {
        match &self.result {
            ObservationResult::Value(m) => m.interpretation,
            ObservationResult::NotObtained { .. } => None,
        }
    }
}

/// What the vitals were taken with or how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VitalsContext {
    pub bp_position: Option<BodyPosition>,
    pub cuff_site: Option<CuffSite>,
    pub pulse_method: Option<PulseMethod>,
    pub pulse_rhythm: Option<PulseRhythm>,
    pub temperature_route: Option<TemperatureRoute>,
    pub oxygen: Option<OxygenDelivery>,
    pub height_obtained: Option<HowObtained>,
    pub weight_obtained: Option<HowObtained>,
}

/// A checked set, ready to be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewVitals {
    pub taken_at: DateTime<Utc>,
    pub context: VitalsContext,
    pub observations: Vec<Observation>,
}

/// One stored version of a set of vitals.
#[derive(Clone, Debug, PartialEq)]
pub struct VitalsSet {
    pub id: VitalsId,
    pub patient_id: PatientId,
    pub visit_id: VisitId,
    pub taken_at: DateTime<Utc>,
    pub recorded: Recorded,
    /// The version this one corrects.
    pub replaces: Option<VitalsId>,
    pub standing: Standing,
    pub context: VitalsContext,
    pub observations: Vec<Observation>,
}

impl VitalsSet {
    pub fn observation(&self, vital: Vital) -> Option<&Observation> {
        self.observations.iter().find(|o| o.vital == vital)
    }

    pub fn value(&self, vital: Vital) -> Option<f64> {
        self.observation(vital).and_then(Observation::value)
    }

    /// "128/82", or `None` without both numbers.
    pub fn blood_pressure(&self) -> Option<String> {
        Some(format!(
            "{:.0}/{:.0}",
            self.value(Vital::Systolic)?,
            self.value(Vital::Diastolic)?
        ))
    }

    pub fn has_abnormal(&self) -> bool {
        self.observations
            .iter()
            .any(|o| o.interpretation().is_some_and(Interpretation::is_abnormal))
    }
}
