//! Reading numbers as staff type them: "72.5", "154 lb", "5 lb 4 oz", "5 ft 4 in", "5'4\"",
//! "98.6 F". Locale-independent (a decimal comma is refused, never guessed), and a unit typed
//! with the number wins over the unit chosen beside the field, because it is what was meant.

use crate::clinical::units::{
    EnteredUnit, Length, LengthUnit, Mass, MassUnit, Temperature, TemperatureUnit,
};

/// Why a typed value could not be read. The text says how to type it instead.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EntryError {
    #[error("“{0}” is not a number: type digits such as 72.5")]
    NotANumber(String),
    #[error("use a point for decimals: {0}")]
    DecimalComma(String),
    #[error("write whole numbers only here")]
    NotWhole,
    #[error("“{unit}” is not a unit of {quantity}: use {expected}")]
    WrongUnit {
        unit: String,
        quantity: &'static str,
        expected: &'static str,
    },
    #[error("write pounds and ounces as “5 lb 4 oz”")]
    PoundSign,
    #[error("“{0}” has too many parts: type one value, e.g. {1}")]
    TooManyParts(String, &'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitWord {
    Kilogram,
    Gram,
    Pound,
    PoundSign,
    Ounce,
    Centimetre,
    Inch,
    Foot,
    Celsius,
    Fahrenheit,
    /// "°" alone, or a unit symbol the field itself uses (%, mmHg, /min): adds nothing.
    Neutral,
}

impl UnitWord {
    fn symbol(self) -> &'static str {
        match self {
            Self::Kilogram => "kg",
            Self::Gram => "g",
            Self::Pound => "lb",
            Self::PoundSign => "#",
            Self::Ounce => "oz",
            Self::Centimetre => "cm",
            Self::Inch => "in",
            Self::Foot => "ft",
            Self::Celsius => "°C",
            Self::Fahrenheit => "°F",
            Self::Neutral => "",
        }
    }
}

fn unit_word(word: &str) -> Option<UnitWord> {
    let word = word.to_lowercase();
    Some(match word.trim_end_matches('.') {
        "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => UnitWord::Kilogram,
        "g" | "gm" | "gms" | "gram" | "grams" => UnitWord::Gram,
        "lb" | "lbs" | "pound" | "pounds" => UnitWord::Pound,
        "#" => UnitWord::PoundSign,
        "oz" | "ounce" | "ounces" => UnitWord::Ounce,
        "cm" | "cms" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => {
            UnitWord::Centimetre
        }
        "in" | "inch" | "inches" | "\"" | "”" | "″" | "''" => UnitWord::Inch,
        "ft" | "foot" | "feet" | "'" | "’" | "′" => UnitWord::Foot,
        "c" | "°c" | "degc" | "celsius" | "℃" => UnitWord::Celsius,
        "f" | "°f" | "degf" | "fahrenheit" | "℉" => UnitWord::Fahrenheit,
        "°" | "%" | "mmhg" | "/min" | "bpm" | "l/min" | "lpm" => UnitWord::Neutral,
        _ => return None,
    })
}

/// A number and the unit word typed after it, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Part {
    number: f64,
    unit: Option<UnitWord>,
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.'
}

fn is_unit_char(c: char) -> bool {
    !c.is_whitespace() && !c.is_ascii_digit() && c != '.' && c != ','
}

fn split_parts(
    text: &str,
    quantity: &'static str,
    expected: &'static str,
) -> Result<Vec<Part>, EntryError> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !is_number_char(c))
            .unwrap_or(rest.len());
        let (number_text, after) = rest.split_at(number_len);
        if number_text.is_empty() {
            return Err(EntryError::NotANumber(text.trim().to_owned()));
        }
        if after
            .strip_prefix(',')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        {
            return Err(EntryError::DecimalComma(text.trim().replace(',', ".")));
        }
        let number: f64 = number_text
            .parse()
            .map_err(|_| EntryError::NotANumber(text.trim().to_owned()))?;
        let after = after.trim_start();
        // Unit words end at a digit or a space; a double quote or prime is a word of its own.
        let unit_len = if after.starts_with(['\'', '"', '’', '”', '′', '″']) {
            let c = after.chars().next().map_or(1, char::len_utf8);
            // Two single quotes are an inch mark.
            if after.get(c..).is_some_and(|rest| rest.starts_with('\'')) {
                c + 1
            } else {
                c
            }
        } else {
            after
                .find(|c: char| !is_unit_char(c))
                .unwrap_or(after.len())
        };
        let (unit_text, after) = after.split_at(unit_len);
        let unit = if unit_text.is_empty() {
            None
        } else {
            Some(unit_word(unit_text).ok_or_else(|| EntryError::WrongUnit {
                unit: unit_text.to_owned(),
                quantity,
                expected,
            })?)
        };
        parts.push(Part { number, unit });
        rest = after.trim_start();
    }
    Ok(parts)
}

/// A plain count or reading in the field's own unit (mmHg, /min, %, score). The unit symbol may
/// be typed after it.
pub fn parse_plain(text: &str, whole_only: bool, example: &'static str) -> Result<f64, EntryError> {
    let parts = split_parts(text, "this field", example)?;
    let [Part { number, unit }] = parts.as_slice() else {
        return Err(EntryError::TooManyParts(text.trim().to_owned(), example));
    };
    match unit {
        None | Some(UnitWord::Neutral) => {}
        Some(other) => {
            return Err(EntryError::WrongUnit {
                unit: other.symbol().to_owned(),
                quantity: "this field",
                expected: example,
            });
        }
    }
    if whole_only && number.fract() != 0.0 {
        return Err(EntryError::NotWhole);
    }
    Ok(*number)
}

const MASS_UNITS: &str = "kg, g, lb, or lb and oz";

/// A weight: "72.5" in the chosen unit, "154 lb", "70 kg", "3450 g", "7 lb 4 oz".
pub fn parse_mass(text: &str, chosen: MassUnit) -> Result<(Mass, EnteredUnit), EntryError> {
    let parts = split_parts(text, "weight", MASS_UNITS)?;
    let wrong = |unit: UnitWord| EntryError::WrongUnit {
        unit: unit.symbol().to_owned(),
        quantity: "weight",
        expected: MASS_UNITS,
    };
    match parts.as_slice() {
        [
            Part {
                number,
                unit: None | Some(UnitWord::Neutral),
            },
        ] => Ok(match chosen {
            MassUnit::Kilogram => (Mass::from_kilograms(*number), EnteredUnit::Kilogram),
            MassUnit::Pound => (Mass::from_pounds(*number), EnteredUnit::Pound),
        }),
        [
            Part {
                number,
                unit: Some(UnitWord::Kilogram),
            },
        ] => Ok((Mass::from_kilograms(*number), EnteredUnit::Kilogram)),
        [
            Part {
                number,
                unit: Some(UnitWord::Gram),
            },
        ] => Ok((Mass::from_grams(*number), EnteredUnit::Gram)),
        [
            Part {
                number,
                unit: Some(UnitWord::Pound),
            },
        ] => Ok((Mass::from_pounds(*number), EnteredUnit::Pound)),
        [
            Part {
                number: pounds,
                unit: Some(UnitWord::Pound),
            },
            Part {
                number: ounces,
                unit: Some(UnitWord::Ounce) | None,
            },
        ] => {
            if *ounces >= 16.0 {
                return Err(EntryError::TooManyParts(
                    text.trim().to_owned(),
                    "7 lb 4 oz (ounces below 16)",
                ));
            }
            Ok((
                Mass::from_pounds_ounces(*pounds, *ounces),
                EnteredUnit::PoundOunce,
            ))
        }
        [
            Part {
                unit: Some(UnitWord::PoundSign),
                ..
            },
            ..,
        ] => Err(EntryError::PoundSign),
        [
            Part {
                unit: Some(unit), ..
            },
        ] => Err(wrong(*unit)),
        _ => Err(EntryError::TooManyParts(
            text.trim().to_owned(),
            "72.5 or 7 lb 4 oz",
        )),
    }
}

const LENGTH_UNITS: &str = "cm, in, or ft and in";

/// A length: "170" in the chosen unit, "170 cm", "67 in", "5 ft 4 in", "5'4\"", "5' 4", and,
/// when feet and inches are chosen, "5 4".
pub fn parse_length(text: &str, chosen: LengthUnit) -> Result<(Length, EnteredUnit), EntryError> {
    let parts = split_parts(text, "length", LENGTH_UNITS)?;
    let neutral = |u: Option<UnitWord>| matches!(u, None | Some(UnitWord::Neutral));
    match parts.as_slice() {
        [Part { number, unit }] if neutral(*unit) => Ok(match chosen {
            LengthUnit::Centimetre => (Length::from_centimetres(*number), EnteredUnit::Centimetre),
            LengthUnit::Inch => (Length::from_inches(*number), EnteredUnit::Inch),
            LengthUnit::FootInch => (
                Length::from_feet_inches(*number, 0.0),
                EnteredUnit::FootInch,
            ),
        }),
        [
            Part {
                number,
                unit: Some(UnitWord::Centimetre),
            },
        ] => Ok((Length::from_centimetres(*number), EnteredUnit::Centimetre)),
        [
            Part {
                number,
                unit: Some(UnitWord::Inch),
            },
        ] => Ok((Length::from_inches(*number), EnteredUnit::Inch)),
        [
            Part {
                number,
                unit: Some(UnitWord::Foot),
            },
        ] => Ok((
            Length::from_feet_inches(*number, 0.0),
            EnteredUnit::FootInch,
        )),
        [
            Part {
                number: feet,
                unit: Some(UnitWord::Foot),
            },
            Part {
                number: inches,
                unit: None | Some(UnitWord::Inch),
            },
        ] => feet_inches(text, *feet, *inches),
        [
            Part {
                number: feet,
                unit: None,
            },
            Part {
                number: inches,
                unit: None,
            },
        ] if chosen == LengthUnit::FootInch => feet_inches(text, *feet, *inches),
        [
            Part {
                unit: Some(unit), ..
            },
        ] => Err(EntryError::WrongUnit {
            unit: unit.symbol().to_owned(),
            quantity: "length",
            expected: LENGTH_UNITS,
        }),
        _ => Err(EntryError::TooManyParts(
            text.trim().to_owned(),
            "170 cm or 5 ft 7 in",
        )),
    }
}

fn feet_inches(text: &str, feet: f64, inches: f64) -> Result<(Length, EnteredUnit), EntryError> {
    if feet.fract() != 0.0 || inches >= 12.0 {
        return Err(EntryError::TooManyParts(
            text.trim().to_owned(),
            "5 ft 7 in (whole feet, inches below 12)",
        ));
    }
    Ok((
        Length::from_feet_inches(feet, inches),
        EnteredUnit::FootInch,
    ))
}

/// A temperature: "98.6" in the chosen unit, "98.6 F", "37 °C".
pub fn parse_temperature(
    text: &str,
    chosen: TemperatureUnit,
) -> Result<(Temperature, EnteredUnit), EntryError> {
    const UNITS: &str = "°C or °F";
    let parts = split_parts(text, "temperature", UNITS)?;
    match parts.as_slice() {
        [
            Part {
                number,
                unit: None | Some(UnitWord::Neutral),
            },
        ] => Ok(match chosen {
            TemperatureUnit::Celsius => (Temperature::from_celsius(*number), EnteredUnit::Celsius),
            TemperatureUnit::Fahrenheit => (
                Temperature::from_fahrenheit(*number),
                EnteredUnit::Fahrenheit,
            ),
        }),
        [
            Part {
                number,
                unit: Some(UnitWord::Celsius),
            },
        ] => Ok((Temperature::from_celsius(*number), EnteredUnit::Celsius)),
        [
            Part {
                number,
                unit: Some(UnitWord::Fahrenheit),
            },
        ] => Ok((
            Temperature::from_fahrenheit(*number),
            EnteredUnit::Fahrenheit,
        )),
        [
            Part {
                unit: Some(unit), ..
            },
        ] => Err(EntryError::WrongUnit {
            unit: unit.symbol().to_owned(),
            quantity: "temperature",
            expected: UNITS,
        }),
        _ => Err(EntryError::TooManyParts(
            text.trim().to_owned(),
            "37.2 or 99.0 °F",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cm(text: &str, chosen: LengthUnit) -> f64 {
        parse_length(text, chosen).unwrap().0.centimetres()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn feet_and_inches_in_every_spelling() {
        let expected = Length::from_inches(64.0).centimetres();
        for text in [
            "5 ft 4 in",
            "5'4\"",
            "5' 4\"",
            "5'4",
            "5ft4in",
            "5 ft 4",
            "5’4”",
            "5 feet 4 inches",
        ] {
            assert!(close(cm(text, LengthUnit::Centimetre), expected), "{text}");
        }
        assert!(close(cm("5 4", LengthUnit::FootInch), expected));
        assert!(close(cm("64", LengthUnit::Inch), expected));
        assert!(close(cm("64 in", LengthUnit::Centimetre), expected));
        assert_eq!(
            parse_length("5'4\"", LengthUnit::Centimetre).unwrap().1,
            EnteredUnit::FootInch
        );
        assert!(close(cm("170", LengthUnit::Centimetre), 170.0));
        assert!(close(
            cm("6'", LengthUnit::Centimetre),
            Length::from_inches(72.0).centimetres()
        ));
    }

    #[test]
    fn bad_lengths_say_why() {
        assert!(matches!(
            parse_length("5 4", LengthUnit::Centimetre),
            Err(EntryError::TooManyParts(..))
        ));
        assert!(matches!(
            parse_length("5 ft 13 in", LengthUnit::Centimetre),
            Err(EntryError::TooManyParts(..))
        ));
        assert!(matches!(
            parse_length("170 kg", LengthUnit::Centimetre),
            Err(EntryError::WrongUnit { .. })
        ));
        assert!(matches!(
            parse_length("tall", LengthUnit::Centimetre),
            Err(EntryError::NotANumber(_))
        ));
    }

    #[test]
    fn weights() {
        let (mass, unit) = parse_mass("154 lb", MassUnit::Kilogram).unwrap();
        assert!(close(mass.kilograms(), 154.0 * 0.453_592_37));
        assert_eq!(unit, EnteredUnit::Pound);
        let (mass, unit) = parse_mass("7 lb 4 oz", MassUnit::Kilogram).unwrap();
        assert!(close(mass.pounds(), 7.25));
        assert_eq!(unit, EnteredUnit::PoundOunce);
        assert!(close(
            parse_mass("3450 g", MassUnit::Pound).unwrap().0.kilograms(),
            3.45
        ));
        assert!(close(
            parse_mass("72.5", MassUnit::Kilogram)
                .unwrap()
                .0
                .kilograms(),
            72.5
        ));
        assert!(close(
            parse_mass("160", MassUnit::Pound).unwrap().0.pounds(),
            160.0
        ));
        assert_eq!(
            parse_mass("5#4", MassUnit::Pound),
            Err(EntryError::PoundSign)
        );
        assert!(
            matches!(parse_mass("72,5", MassUnit::Kilogram), Err(EntryError::DecimalComma(s)) if s == "72.5")
        );
        assert!(matches!(
            parse_mass("7 lb 20 oz", MassUnit::Kilogram),
            Err(EntryError::TooManyParts(..))
        ));
    }

    #[test]
    fn temperatures() {
        let (t, unit) = parse_temperature("98.6", TemperatureUnit::Fahrenheit).unwrap();
        assert!(close(t.celsius(), 37.0));
        assert_eq!(unit, EnteredUnit::Fahrenheit);
        assert!(close(
            parse_temperature("98.6 F", TemperatureUnit::Celsius)
                .unwrap()
                .0
                .celsius(),
            37.0
        ));
        assert!(close(
            parse_temperature("98.6°F", TemperatureUnit::Celsius)
                .unwrap()
                .0
                .celsius(),
            37.0
        ));
        assert!(close(
            parse_temperature("37.2 °C", TemperatureUnit::Fahrenheit)
                .unwrap()
                .0
                .celsius(),
            37.2
        ));
        assert!(close(
            parse_temperature("98.6", TemperatureUnit::Celsius)
                .unwrap()
                .0
                .celsius(),
            98.6
        ));
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_plain("120", true, "120"), Ok(120.0));
        assert_eq!(parse_plain(" 98 %", true, "98"), Ok(98.0));
        assert_eq!(parse_plain("0", true, "0"), Ok(0.0));
        assert_eq!(parse_plain("120.5", true, "120"), Err(EntryError::NotWhole));
        assert_eq!(parse_plain("2.5", false, "2"), Ok(2.5));
        assert!(parse_plain("120/80", true, "120").is_err());
        assert!(parse_plain("12 kg", true, "12").is_err());
        assert!(parse_plain("abc", true, "12").is_err());
    }

    proptest! {
        #[test]
        fn shown_lengths_read_back(cm in 20.0f64..272.0) {
            for unit in LengthUnit::ALL {
                let shown = Length::from_centimetres(cm).in_unit(unit);
                let (back, _) = parse_length(&shown, LengthUnit::Centimetre).unwrap();
                // Shown to a tenth of the unit: back within half a tenth of an inch.
                prop_assert!((back.centimetres() - cm).abs() <= 0.05 * 2.54 + 1e-9, "{shown}");
            }
        }

        #[test]
        fn shown_masses_read_back(kg in 0.2f64..650.0) {
            for unit in MassUnit::ALL {
                let shown = Mass::from_kilograms(kg).in_unit(unit);
                let (back, _) = parse_mass(&shown, MassUnit::Kilogram).unwrap();
                prop_assert!((back.kilograms() - kg).abs() <= 0.05, "{shown}");
            }
        }

        #[test]
        fn typed_numbers_are_exact(n in 0u32..100_000, tenths in 0u32..10) {
            let text = format!("{n}.{tenths}");
            let value = parse_plain(&text, false, "1").unwrap();
            prop_assert!(value.to_bits() == text.parse::<f64>().unwrap().to_bits());
        }

        #[test]
        fn nothing_typed_panics(text in "\\PC{0,12}") {
            let _ = parse_length(&text, LengthUnit::FootInch);
            let _ = parse_mass(&text, MassUnit::Pound);
            let _ = parse_temperature(&text, TemperatureUnit::Celsius);
            let _ = parse_plain(&text, true, "1");
        }
    }
}
