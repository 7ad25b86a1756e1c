//! Physical quantities with their units. Each is stored in its canonical unit (kg, cm, °C)
//! at full precision; conversions are exact definitions (1 lb = 0.45359237 kg, 1 in = 2.54 cm).

use serde::{Deserialize, Serialize};

const KILOGRAMS_PER_POUND: f64 = 0.453_592_37;
const OUNCES_PER_POUND: f64 = 16.0;
const CENTIMETRES_PER_INCH: f64 = 2.54;
const INCHES_PER_FOOT: f64 = 12.0;

/// A body mass.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Mass {
    kilograms: f64,
}

impl Mass {
    pub fn from_kilograms(kilograms: f64) -> Self {
        Self { kilograms }
    }
    pub fn from_grams(grams: f64) -> Self {
        Self::from_kilograms(grams / 1000.0)
    }
    pub fn from_pounds(pounds: f64) -> Self {
        Self::from_kilograms(pounds * KILOGRAMS_PER_POUND)
    }
    pub fn from_pounds_ounces(pounds: f64, ounces: f64) -> Self {
        Self::from_pounds(pounds + ounces / OUNCES_PER_POUND)
    }
    pub fn kilograms(self) -> f64 {
        self.kilograms
    }
    pub fn pounds(self) -> f64 {
        self.kilograms / KILOGRAMS_PER_POUND
    }
    /// Whole pounds and the ounces left over, as infant scales show them.
    pub fn pounds_ounces(self) -> (f64, f64) {
        let pounds = self.pounds();
        let whole = pounds.floor();
        (whole, (pounds - whole) * OUNCES_PER_POUND)
    }
    pub fn in_unit(self, unit: MassUnit) -> String {
        match unit {
            MassUnit::Kilogram => format!("{:.1} kg", self.kilograms),
            MassUnit::Pound => format!("{:.1} lb", self.pounds()),
        }
    }
}

/// A body length: height, length or head circumference.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Length {
    centimetres: f64,
}

impl Length {
    pub fn from_centimetres(centimetres: f64) -> Self {
        Self { centimetres }
    }
    pub fn from_inches(inches: f64) -> Self {
        Self::from_centimetres(inches * CENTIMETRES_PER_INCH)
    }
    pub fn from_feet_inches(feet: f64, inches: f64) -> Self {
        Self::from_inches(feet * INCHES_PER_FOOT + inches)
    }
    pub fn centimetres(self) -> f64 {
        self.centimetres
    }
    pub fn metres(self) -> f64 {
        self.centimetres / 100.0
    }
    pub fn inches(self) -> f64 {
        self.centimetres / CENTIMETRES_PER_INCH
    }
    pub fn in_unit(self, unit: LengthUnit) -> String {
        match unit {
            LengthUnit::Centimetre => format!("{:.1} cm", self.centimetres),
            LengthUnit::Inch => format!("{:.1} in", self.inches()),
            LengthUnit::FootInch => {
                // Round to a tenth of an inch first, so 71.99 in shows as 6 ft 0 in, not 5 ft 12.0 in.
                let tenths = (self.inches() * 10.0).round();
                let feet = (tenths / (INCHES_PER_FOOT * 10.0)).floor();
                let inches = (tenths - feet * INCHES_PER_FOOT * 10.0) / 10.0;
                format!("{feet:.0} ft {inches:.1} in")
            }
        }
    }
}

/// A body temperature.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Temperature {
    celsius: f64,
}

impl Temperature {
    pub fn from_celsius(celsius: f64) -> Self {
        Self { celsius }
    }
    pub fn from_fahrenheit(fahrenheit: f64) -> Self {
        Self::from_celsius((fahrenheit - 32.0) * 5.0 / 9.0)
    }
    pub fn celsius(self) -> f64 {
        self.celsius
    }
    pub fn fahrenheit(self) -> f64 {
        self.celsius * 9.0 / 5.0 + 32.0
    }
    pub fn in_unit(self, unit: TemperatureUnit) -> String {
        match unit {
            TemperatureUnit::Celsius => format!("{:.1} °C", self.celsius),
            TemperatureUnit::Fahrenheit => format!("{:.1} °F", self.fahrenheit()),
        }
    }
}

/// Units a weight may be entered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MassUnit {
    #[default]
    Kilogram,
    Pound,
}

/// Units a length may be entered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthUnit {
    #[default]
    Centimetre,
    Inch,
    FootInch,
}

/// Units a temperature may be entered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemperatureUnit {
    #[default]
    Celsius,
    Fahrenheit,
}

impl MassUnit {
    pub const ALL: [Self; 2] = [Self::Kilogram, Self::Pound];
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Kilogram => "kg",
            Self::Pound => "lb",
        }
    }
}

impl LengthUnit {
    pub const ALL: [Self; 3] = [Self::Centimetre, Self::Inch, Self::FootInch];
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Centimetre => "cm",
            Self::Inch => "in",
            Self::FootInch => "ft+in",
        }
    }
}

impl TemperatureUnit {
    pub const ALL: [Self; 2] = [Self::Celsius, Self::Fahrenheit];
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Celsius => "°C",
            Self::Fahrenheit => "°F",
        }
    }
}

/// The unit a value was actually typed in, kept with the record beside the canonical value.
/// Codes are UCUM where UCUM has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnteredUnit {
    Kilogram,
    Gram,
    Pound,
    PoundOunce,
    Centimetre,
    Inch,
    FootInch,
    Celsius,
    Fahrenheit,
    /// The vital's own canonical unit (mmHg, /min, %, L/min, score).
    Canonical,
}

impl EnteredUnit {
    pub const ALL: [Self; 10] = [
        Self::Kilogram,
        Self::Gram,
        Self::Pound,
        Self::PoundOunce,
        Self::Centimetre,
        Self::Inch,
        Self::FootInch,
        Self::Celsius,
        Self::Fahrenheit,
        Self::Canonical,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Kilogram => "kg",
            Self::Gram => "g",
            Self::Pound => "[lb_av]",
            Self::PoundOunce => "[lb_av]+[oz_av]",
            Self::Centimetre => "cm",
            Self::Inch => "[in_i]",
            Self::FootInch => "[ft_i]+[in_i]",
            Self::Celsius => "Cel",
            Self::Fahrenheit => "[degF]",
            Self::Canonical => "canonical",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.code() == code)
    }
}

impl From<MassUnit> for EnteredUnit {
    fn from(unit: MassUnit) -> Self {
        match unit {
            MassUnit::Kilogram => Self::Kilogram,
            MassUnit::Pound => Self::Pound,
        }
    }
}

impl From<LengthUnit> for EnteredUnit {
    fn from(unit: LengthUnit) -> Self {
        match unit {
            LengthUnit::Centimetre => Self::Centimetre,
            LengthUnit::Inch => Self::Inch,
            LengthUnit::FootInch => Self::FootInch,
        }
    }
}

impl From<TemperatureUnit> for EnteredUnit {
    fn from(unit: TemperatureUnit) -> Self {
        match unit {
            TemperatureUnit::Celsius => Self::Celsius,
            TemperatureUnit::Fahrenheit => Self::Fahrenheit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        #[test]
        fn mass_round_trips(kg in 0.0f64..1000.0) {
            prop_assert!(close(Mass::from_pounds(Mass::from_kilograms(kg).pounds()).kilograms(), kg));
            let (lb, oz) = Mass::from_kilograms(kg).pounds_ounces();
            prop_assert!(close(Mass::from_pounds_ounces(lb, oz).kilograms(), kg));
            prop_assert!(close(Mass::from_grams(kg * 1000.0).kilograms(), kg));
        }

        #[test]
        fn length_round_trips(cm in 0.0f64..400.0) {
            prop_assert!(close(Length::from_inches(Length::from_centimetres(cm).inches()).centimetres(), cm));
            let inches = Length::from_centimetres(cm).inches();
            let feet = (inches / 12.0).floor();
            prop_assert!(close(Length::from_feet_inches(feet, inches - feet * 12.0).centimetres(), cm));
        }

        #[test]
        fn temperature_round_trips(c in -50.0f64..150.0) {
            prop_assert!(close(Temperature::from_fahrenheit(Temperature::from_celsius(c).fahrenheit()).celsius(), c));
        }

        #[test]
        fn entered_unit_codes_round_trip(i in 0usize..EnteredUnit::ALL.len()) {
            let unit = EnteredUnit::ALL[i];
            prop_assert_eq!(EnteredUnit::from_code(unit.code()), Some(unit));
        }
    }

    #[test]
    fn exact_definitions() {
        assert!(close(Mass::from_pounds(1.0).kilograms(), 0.453_592_37));
        assert!(close(Length::from_inches(1.0).centimetres(), 2.54));
        assert!(close(Temperature::from_fahrenheit(98.6).celsius(), 37.0));
        assert!(close(Temperature::from_fahrenheit(32.0).celsius(), 0.0));
    }

    #[test]
    fn shown_in_units() {
        assert_eq!(
            Mass::from_kilograms(72.5).in_unit(MassUnit::Pound),
            "159.8 lb"
        );
        assert_eq!(
            Length::from_centimetres(177.0).in_unit(LengthUnit::FootInch),
            "5 ft 9.7 in"
        );
        assert_eq!(
            Length::from_inches(71.99).in_unit(LengthUnit::FootInch),
            "6 ft 0.0 in"
        );
        assert_eq!(
            Temperature::from_celsius(37.0).in_unit(TemperatureUnit::Fahrenheit),
            "98.6 °F"
        );
    }
}
