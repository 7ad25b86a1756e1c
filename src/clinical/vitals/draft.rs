//! The vitals form exactly as typed: strings and chosen units. It is saved as a draft while the
//! MA types, so nothing is lost, and checked on every keystroke by `check`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clinical::time::format_local_date_time;
use crate::clinical::units::{EnteredUnit, LengthUnit, MassUnit, TemperatureUnit};
use crate::clinical::vitals::set::{ObservationResult, VitalsSet};
use crate::clinical::vitals::vital::{
    AbsentReason, BodyPosition, CuffSite, HowObtained, OxygenDelivery, PulseMethod, PulseRhythm,
    TemperatureRoute, Vital, VitalGroup,
};

/// "Not obtained" for one line of the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotObtainedDraft {
    pub reason: Option<AbsentReason>,
    pub note: String,
}

/// The units an MA enters in; each staff member's choice is remembered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChoices {
    pub temperature: TemperatureUnit,
    pub height: LengthUnit,
    pub weight: MassUnit,
    pub head_circumference: LengthUnit,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VitalsDraft {
    pub taken_at: String,
    pub systolic: String,
    pub diastolic: String,
    pub bp_position: Option<BodyPosition>,
    pub cuff_site: Option<CuffSite>,
    pub heart_rate: String,
    pub pulse_method: Option<PulseMethod>,
    pub pulse_rhythm: Option<PulseRhythm>,
    pub respiratory_rate: String,
    pub temperature: String,
    pub temperature_route: Option<TemperatureRoute>,
    pub oxygen_saturation: String,
    pub oxygen: Option<OxygenDelivery>,
    pub oxygen_flow: String,
    pub height: String,
    pub height_obtained: Option<HowObtained>,
    pub weight: String,
    pub weight_obtained: Option<HowObtained>,
    pub head_circumference: String,
    pub pain: String,
    pub units: UnitChoices,
    pub not_obtained: BTreeMap<VitalGroup, NotObtainedDraft>,
    /// What was on screen when each unusual value was confirmed; typing a new value undoes it.
    pub confirmations: BTreeMap<Vital, String>,
    /// The time taken as it was when confirmed as before the visit; typing another undoes it.
    pub taken_at_confirmed: String,
}

impl VitalsDraft {
    /// An empty form in the staff member's units.
    pub fn new(units: UnitChoices) -> Self {
        Self {
            units,
            ..Self::default()
        }
    }

    /// The text typed for a vital (BMI is never typed: always empty).
    pub fn text(&self, vital: Vital) -> &str {
        match vital {
            Vital::Systolic => &self.systolic,
            Vital::Diastolic => &self.diastolic,
            Vital::HeartRate => &self.heart_rate,
            Vital::RespiratoryRate => &self.respiratory_rate,
            Vital::Temperature => &self.temperature,
            Vital::OxygenSaturation => &self.oxygen_saturation,
            Vital::OxygenFlow => &self.oxygen_flow,
            Vital::Height => &self.height,
            Vital::Weight => &self.weight,
            Vital::HeadCircumference => &self.head_circumference,
            Vital::Pain => &self.pain,
            Vital::Bmi => "",
        }
    }

    /// The text field of a typed vital; `None` for BMI.
    pub fn text_mut(&mut self, vital: Vital) -> Option<&mut String> {
        Some(match vital {
            Vital::Systolic => &mut self.systolic,
            Vital::Diastolic => &mut self.diastolic,
            Vital::HeartRate => &mut self.heart_rate,
            Vital::RespiratoryRate => &mut self.respiratory_rate,
            Vital::Temperature => &mut self.temperature,
            Vital::OxygenSaturation => &mut self.oxygen_saturation,
            Vital::OxygenFlow => &mut self.oxygen_flow,
            Vital::Height => &mut self.height,
            Vital::Weight => &mut self.weight,
            Vital::HeadCircumference => &mut self.head_circumference,
            Vital::Pain => &mut self.pain,
            Vital::Bmi => return None,
        })
    }

    /// What a confirmation of this vital is tied to: the text and its unit.
    pub fn confirmation_key(&self, vital: Vital) -> String {
        let unit = match vital {
            Vital::Temperature => self.units.temperature.symbol(),
            Vital::Height => self.units.height.symbol(),
            Vital::Weight => self.units.weight.symbol(),
            Vital::HeadCircumference => self.units.head_circumference.symbol(),
            _ => vital.unit_symbol(),
        };
        format!("{} {unit}", self.text(vital).trim())
    }

    pub fn is_confirmed(&self, vital: Vital) -> bool {
        self.confirmations
            .get(&vital)
            .is_some_and(|k| *k == self.confirmation_key(vital))
    }

    pub fn set_confirmed(&mut self, vital: Vital, confirmed: bool) {
        if confirmed {
            let key = self.confirmation_key(vital);
            self.confirmations.insert(vital, key);
        } else {
            self.confirmations.remove(&vital);
        }
    }

    pub fn is_blank(&self) -> bool {
        let empty = Self {
            taken_at: self.taken_at.clone(),
            units: self.units,
            ..Self::default()
        };
        *self == empty
    }

    /// The form refilled from a stored set, to correct it: each value as it was typed.
    pub fn from_set(set: &VitalsSet, units: UnitChoices) -> Self {
        let mut draft = Self::new(units);
        draft.taken_at = format_local_date_time(set.taken_at);
        let c = &set.context;
        draft.bp_position = c.bp_position;
        draft.cuff_site = c.cuff_site;
        draft.pulse_method = c.pulse_method;
        draft.pulse_rhythm = c.pulse_rhythm;
        draft.temperature_route = c.temperature_route;
        draft.oxygen = c.oxygen;
        draft.height_obtained = c.height_obtained;
        draft.weight_obtained = c.weight_obtained;
        for observation in &set.observations {
            match &observation.result {
                ObservationResult::Value(measured) => {
                    let Some(entered) = &measured.entered else {
                        continue;
                    };
                    draft.restore_unit(observation.vital, entered.unit);
                    if let Some(text) = draft.text_mut(observation.vital) {
                        text.clone_from(&entered.text);
                    }
                    if measured.confirmed {
                        draft.set_confirmed(observation.vital, true);
                    }
                }
                ObservationResult::NotObtained { reason, note } => {
                    if let Some(group) = observation.vital.group() {
                        draft.not_obtained.insert(
                            group,
                            NotObtainedDraft {
                                reason: Some(*reason),
                                note: note.clone().unwrap_or_default(),
                            },
                        );
                    }
                }
            }
        }
        draft
    }

    /// Puts back the unit a value was typed in, so its text means the same again.
    fn restore_unit(&mut self, vital: Vital, unit: EnteredUnit) {
        match (vital, unit) {
            (Vital::Temperature, EnteredUnit::Celsius) => {
                self.units.temperature = TemperatureUnit::Celsius;
            }
            (Vital::Temperature, EnteredUnit::Fahrenheit) => {
                self.units.temperature = TemperatureUnit::Fahrenheit;
            }
            (Vital::Weight, EnteredUnit::Kilogram) => self.units.weight = MassUnit::Kilogram,
            (Vital::Weight, EnteredUnit::Pound) => self.units.weight = MassUnit::Pound,
            (Vital::Height, u) => self.units.height = length_unit(u).unwrap_or(self.units.height),
            (Vital::HeadCircumference, u) => {
                self.units.head_circumference =
                    length_unit(u).unwrap_or(self.units.head_circumference);
            }
            _ => {}
        }
    }
}

fn length_unit(unit: EnteredUnit) -> Option<LengthUnit> {
    match unit {
        EnteredUnit::Centimetre => Some(LengthUnit::Centimetre),
        EnteredUnit::Inch => Some(LengthUnit::Inch),
        EnteredUnit::FootInch => Some(LengthUnit::FootInch),
        _ => None,
    }
}
