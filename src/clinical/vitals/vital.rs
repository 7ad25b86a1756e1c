//! The vital signs the form records, each with its LOINC code and UCUM unit, the groups a
//! paper form puts them in, and the context recorded with them (position, route, method).

use serde::{Deserialize, Serialize};

/// One observation on the vitals form. BMI is computed, never typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vital {
    Systolic,
    Diastolic,
    HeartRate,
    RespiratoryRate,
    Temperature,
    OxygenSaturation,
    OxygenFlow,
    Height,
    Weight,
    Bmi,
    HeadCircumference,
    Pain,
}

/// The LOINC code of the blood pressure panel that holds systolic and diastolic.
pub const BLOOD_PRESSURE_PANEL_LOINC: &str = "85354-9";

impl Vital {
    pub const ALL: [Self; 12] = [
        Self::Systolic,
        Self::Diastolic,
        Self::HeartRate,
        Self::RespiratoryRate,
        Self::Temperature,
        Self::OxygenSaturation,
        Self::OxygenFlow,
        Self::Height,
        Self::Weight,
        Self::Bmi,
        Self::HeadCircumference,
        Self::Pain,
    ];

    /// The code the store and the reference tables use.
    pub fn code(self) -> &'static str {
        match self {
            Self::Systolic => "systolic",
            Self::Diastolic => "diastolic",
            Self::HeartRate => "heart_rate",
            Self::RespiratoryRate => "respiratory_rate",
            Self::Temperature => "temperature",
            Self::OxygenSaturation => "oxygen_saturation",
            Self::OxygenFlow => "oxygen_flow",
            Self::Height => "height",
            Self::Weight => "weight",
            Self::Bmi => "bmi",
            Self::HeadCircumference => "head_circumference",
            Self::Pain => "pain",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn loinc(self) -> &'static str {
        match self {
            Self::Systolic => "8480-6",
            Self::Diastolic => "8462-4",
            Self::HeartRate => "8867-4",
            Self::RespiratoryRate => "9279-1",
            Self::Temperature => "8310-5",
            Self::OxygenSaturation => "59408-5",
            Self::OxygenFlow => "3151-8",
            Self::Height => "8302-2",
            Self::Weight => "29463-7",
            Self::Bmi => "39156-5",
            Self::HeadCircumference => "9843-4",
            Self::Pain => "72514-3",
        }
    }

    /// The canonical unit, in UCUM.
    pub fn ucum(self) -> &'static str {
        match self {
            Self::Systolic | Self::Diastolic => "mm[Hg]",
            Self::HeartRate | Self::RespiratoryRate => "/min",
            Self::Temperature => "Cel",
            Self::OxygenSaturation => "%",
            Self::OxygenFlow => "L/min",
            Self::Height | Self::HeadCircumference => "cm",
            Self::Weight => "kg",
            Self::Bmi => "kg/m2",
            Self::Pain => "{score}",
        }
    }

    /// The canonical unit as people read it.
    pub fn unit_symbol(self) -> &'static str {
        match self {
            Self::Systolic | Self::Diastolic => "mmHg",
            Self::HeartRate | Self::RespiratoryRate => "/min",
            Self::Temperature => "°C",
            Self::OxygenSaturation => "%",
            Self::OxygenFlow => "L/min",
            Self::Height | Self::HeadCircumference => "cm",
            Self::Weight => "kg",
            Self::Bmi => "kg/m²",
            Self::Pain => "/10",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Systolic => "Systolic",
            Self::Diastolic => "Diastolic",
            Self::HeartRate => "Heart rate",
            Self::RespiratoryRate => "Respiratory rate",
            Self::Temperature => "Temperature",
            Self::OxygenSaturation => "SpO2",
            Self::OxygenFlow => "O2 flow",
            Self::Height => "Height",
            Self::Weight => "Weight",
            Self::Bmi => "BMI",
            Self::HeadCircumference => "Head circumference",
            Self::Pain => "Pain",
        }
    }

    /// Whether only whole numbers make sense (nobody counts half a beat).
    pub fn whole_numbers_only(self) -> bool {
        matches!(
            self,
            Self::Systolic
                | Self::Diastolic
                | Self::HeartRate
                | Self::RespiratoryRate
                | Self::OxygenSaturation
                | Self::Pain
        )
    }

    /// How many decimals to show a canonical value with.
    pub fn decimals(self) -> usize {
        usize::from(!self.whole_numbers_only())
    }

    pub fn group(self) -> Option<VitalGroup> {
        Some(match self {
            Self::Systolic | Self::Diastolic => VitalGroup::BloodPressure,
            Self::HeartRate => VitalGroup::HeartRate,
            Self::RespiratoryRate => VitalGroup::RespiratoryRate,
            Self::Temperature => VitalGroup::Temperature,
            Self::OxygenSaturation | Self::OxygenFlow => VitalGroup::OxygenSaturation,
            Self::Height => VitalGroup::Height,
            Self::Weight => VitalGroup::Weight,
            Self::HeadCircumference => VitalGroup::HeadCircumference,
            Self::Pain => VitalGroup::Pain,
            Self::Bmi => return None,
        })
    }

    /// A canonical value with its unit, for lists and messages: "128 mmHg", "37.2 °C".
    pub fn show(self, canonical: f64) -> String {
        format!(
            "{canonical:.prec$} {}",
            self.unit_symbol(),
            prec = self.decimals()
        )
    }
}

/// The lines of a paper vitals form. "Not obtained" is recorded per group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum VitalGroup {
    BloodPressure,
    HeartRate,
    RespiratoryRate,
    Temperature,
    OxygenSaturation,
    Height,
    Weight,
    HeadCircumference,
    Pain,
}

impl VitalGroup {
    /// In the order of a paper vitals form.
    pub const ALL: [Self; 9] = [
        Self::BloodPressure,
        Self::HeartRate,
        Self::RespiratoryRate,
        Self::Temperature,
        Self::OxygenSaturation,
        Self::Height,
        Self::Weight,
        Self::HeadCircumference,
        Self::Pain,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::BloodPressure => "Blood pressure",
            Self::HeartRate => "Heart rate",
            Self::RespiratoryRate => "Respiratory rate",
            Self::Temperature => "Temperature",
            Self::OxygenSaturation => "SpO2",
            Self::Height => "Height",
            Self::Weight => "Weight",
            Self::HeadCircumference => "Head circumference",
            Self::Pain => "Pain",
        }
    }

    /// The vitals a "not obtained" of this group covers.
    pub fn vitals(self) -> &'static [Vital] {
        match self {
            Self::BloodPressure => &[Vital::Systolic, Vital::Diastolic],
            Self::HeartRate => &[Vital::HeartRate],
            Self::RespiratoryRate => &[Vital::RespiratoryRate],
            Self::Temperature => &[Vital::Temperature],
            Self::OxygenSaturation => &[Vital::OxygenSaturation],
            Self::Height => &[Vital::Height],
            Self::Weight => &[Vital::Weight],
            Self::HeadCircumference => &[Vital::HeadCircumference],
            Self::Pain => &[Vital::Pain],
        }
    }
}

use crate::clinical::coded::coded_enum;

coded_enum!(
    /// The patient's position for a blood pressure.
    BodyPosition {
        Sitting => "sitting", "Sitting";
        Standing => "standing", "Standing";
        Supine => "supine", "Supine";
    }
);

coded_enum!(
    /// Where the cuff was.
    CuffSite {
        LeftArm => "left_arm", "Left arm";
        RightArm => "right_arm", "Right arm";
        LeftLeg => "left_thigh", "Left thigh";
        RightLeg => "right_thigh", "Right thigh";
        LeftWrist => "left_wrist", "Left wrist";
        RightWrist => "right_wrist", "Right wrist";
    }
);

coded_enum!(
    /// How the pulse was taken.
    PulseMethod {
        Palpated => "palpated", "Palpated";
        Monitor => "monitor", "Monitor";
        Auscultated => "auscultated", "Auscultated";
    }
);

coded_enum!(
    /// Whether the pulse was regular.
    PulseRhythm {
        Regular => "regular", "Regular";
        Irregular => "irregular", "Irregular";
    }
);

coded_enum!(
    /// Where the temperature was taken.
    TemperatureRoute {
        Oral => "oral", "Oral";
        Tympanic => "tympanic", "Tympanic";
        Temporal => "temporal", "Temporal";
        Axillary => "axillary", "Axillary";
        Rectal => "rectal", "Rectal";
    }
);

coded_enum!(
    /// What the patient breathed while SpO2 was measured.
    OxygenDelivery {
        RoomAir => "room_air", "Room air";
        Supplemental => "supplemental", "Supplemental O2";
    }
);

coded_enum!(
    /// Whether a height or weight was measured here or stated by the patient; a length or
    /// height may say how the child lay or stood (the growth tables differ by 0.7 cm).
    HowObtained {
        Measured => "measured", "Measured";
        Stated => "stated", "Stated";
        MeasuredLying => "measured_lying", "Measured lying (length)";
        MeasuredStanding => "measured_standing", "Measured standing";
    }
);

impl HowObtained {
    /// The choices for a weight: lying or standing says nothing of it.
    pub const FOR_WEIGHT: &'static [Self] = &[Self::Measured, Self::Stated];

    /// How a length was measured, when this says.
    pub fn position(self) -> Option<crate::clinical::growth::Position> {
        match self {
            Self::MeasuredLying => Some(crate::clinical::growth::Position::Lying),
            Self::MeasuredStanding => Some(crate::clinical::growth::Position::Standing),
            Self::Measured | Self::Stated => None,
        }
    }
}

coded_enum!(
    /// Why a vital was not obtained (FHIR data-absent-reason, in words).
    AbsentReason {
        Refused => "asked-declined", "Patient refused";
        Unable => "not-performed", "Unable to obtain";
        NotIndicated => "not-applicable", "Not indicated";
        EquipmentUnavailable => "error", "Equipment unavailable";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_loinc_is_right() {
        for vital in Vital::ALL {
            assert_eq!(Vital::from_code(vital.code()), Some(vital));
        }
        // Head circumference is 9843-4; 8280-0 is waist circumference, a mistake the anchors made.
        assert_eq!(Vital::HeadCircumference.loinc(), "9843-4");
        for reason in AbsentReason::ALL {
            assert_eq!(AbsentReason::from_code(reason.code()), Some(*reason));
        }
    }

    #[test]
    fn every_group_lists_its_vitals() {
        for group in VitalGroup::ALL {
            for vital in group.vitals() {
                assert_eq!(vital.group(), Some(group));
            }
        }
    }
}
