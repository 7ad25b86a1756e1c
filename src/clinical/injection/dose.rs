//! How much was given, by which route, where: a dose is an exact amount with its unit (never a
//! bare number), written without trailing zeros and with a leading zero, as safe-practice lists
//! ask ("0.5 mL", never ".5 mL" or "5.0 mg").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;

coded_enum!(
    /// How it was given (HL7 table 0162).
    Route {
        Intramuscular => "IM", "Intramuscular (IM)";
        Subcutaneous => "SC", "Subcutaneous (SC)";
        Intradermal => "ID", "Intradermal (ID)";
        Oral => "PO", "By mouth (PO)";
        Intranasal => "NS", "Intranasal";
    }
);

impl Route {
    /// Whether a body site is charted: an injection has one, a drop in the mouth does not.
    pub fn needs_site(self) -> bool {
        !matches!(self, Self::Oral)
    }
}

coded_enum!(
    /// Where it was given (HL7 table 0163).
    Site {
        LeftDeltoid => "LD", "Left deltoid";
        RightDeltoid => "RD", "Right deltoid";
        LeftThigh => "LVL", "Left thigh (vastus lateralis)";
        RightThigh => "RVL", "Right thigh (vastus lateralis)";
        LeftFrontThigh => "LT", "Left thigh (front)";
        RightFrontThigh => "RT", "Right thigh (front)";
        LeftLowerAbdomen => "LLAQ", "Left lower abdomen";
        RightLowerAbdomen => "RLAQ", "Right lower abdomen";
        LeftUpperArm => "LA", "Left upper arm (triceps)";
        RightUpperArm => "RA", "Right upper arm (triceps)";
        LeftForearm => "LLFA", "Left forearm";
        RightForearm => "RLFA", "Right forearm";
        LeftGluteal => "LG", "Left gluteus medius (ventrogluteal)";
        RightGluteal => "RG", "Right gluteus medius (ventrogluteal)";
        BothNostrils => "BN", "Both nostrils";
    }
);

coded_enum!(
    DoseUnit {
        Millilitre => "mL", "mL";
        Milligram => "mg", "mg";
        Microgram => "mcg", "mcg";
        Gram => "g", "g";
        Units => "units", "units";
    }
);

/// An amount in thousandths of its unit, so 0.5 mL and 0.15 mg are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dose {
    pub thousandths: u64,
    pub unit: DoseUnit,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DoseError {
    #[error("type the dose with its unit, e.g. 0.5 mL or 150 mg")]
    Missing,
    #[error("“{0}” is not a dose: type a number and a unit, e.g. 0.5 mL or 150 mg")]
    Unreadable(String),
    #[error("add the unit: mL, mg, mcg, g or units")]
    NoUnit,
    #[error("write “units” in full: “U” is on the do-not-use list (it is misread as 0 or 4)")]
    DangerousAbbreviation,
    #[error("type {0} without thousands separators")]
    Separator(String),
    #[error("the dose must be more than zero")]
    Zero,
    #[error("at most three decimal places")]
    TooPrecise,
}

impl Dose {
    /// Reads "0.5 mL", "150mg", "1000 mcg", "2400000 units".
    pub fn parse(text: &str) -> Result<Self, DoseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DoseError::Missing);
        }
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        if number.is_empty() {
            return Err(DoseError::Unreadable(text.to_owned()));
        }
        if number.contains(',') {
            return Err(DoseError::Separator(number.replace(',', "")));
        }
        let unit = match unit.trim().to_ascii_lowercase().as_str() {
            "" => return Err(DoseError::NoUnit),
            "ml" | "cc" => DoseUnit::Millilitre,
            "mg" => DoseUnit::Milligram,
            "mcg" | "µg" | "ug" => DoseUnit::Microgram,
            "g" => DoseUnit::Gram,
            "unit" | "units" => DoseUnit::Units,
            "u" | "iu" => return Err(DoseError::DangerousAbbreviation),
            _ => return Err(DoseError::Unreadable(text.to_owned())),
        };
        let thousandths = thousandths(number).ok_or_else(|| {
            if number.split_once('.').is_some_and(|(_, f)| f.len() > 3) {
                DoseError::TooPrecise
            } else {
                DoseError::Unreadable(text.to_owned())
            }
        })?;
        if thousandths == 0 {
            return Err(DoseError::Zero);
        }
        Ok(Self { thousandths, unit })
    }
}

/// "0.5" → 500; "150" → 150000; ".5" → 500. None for more than three decimals or no digits.
fn thousandths(number: &str) -> Option<u64> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.len() > 3 || (whole.is_empty() && fraction.is_empty()) || fraction.contains('.') {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let padded = format!("{fraction:0<3}");
    let fraction: u64 = padded.parse().ok()?;
    whole.checked_mul(1000)?.checked_add(fraction)
}

impl fmt::Display for Dose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.thousandths / 1000;
        let fraction = self.thousandths % 1000;
        if fraction == 0 {
            write!(f, "{whole} {}", self.unit.label())
        } else {
            let digits = format!("{fraction:03}");
            write!(
                f,
                "{whole}.{} {}",
                digits.trim_end_matches('0'),
                self.unit.label()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doses_as_typed() {
        let ok = [
            ("0.5 mL", "0.5 mL"),
            (".5ml", "0.5 mL"),
            ("150 mg", "150 mg"),
            ("150.0 mg", "150 mg"),
            ("1000 mcg", "1000 mcg"),
            ("0.15 mg", "0.15 mg"),
            ("2400000 units", "2400000 units"),
            ("1 g", "1 g"),
        ];
        for (typed, shown) in ok {
            assert_eq!(Dose::parse(typed).unwrap().to_string(), shown, "{typed}");
        }
        assert_eq!(Dose::parse(""), Err(DoseError::Missing));
        assert_eq!(Dose::parse("0.5"), Err(DoseError::NoUnit));
        assert_eq!(Dose::parse("10 U"), Err(DoseError::DangerousAbbreviation));
        assert_eq!(
            Dose::parse("2,400,000 units"),
            Err(DoseError::Separator("2400000".into()))
        );
        assert_eq!(Dose::parse("0 mL"), Err(DoseError::Zero));
        assert_eq!(Dose::parse("0.0005 mL"), Err(DoseError::TooPrecise));
        assert!(matches!(
            Dose::parse("half mL"),
            Err(DoseError::Unreadable(_))
        ));
        assert!(matches!(
            Dose::parse("1.2.3 mL"),
            Err(DoseError::Unreadable(_))
        ));
    }

    proptest! {
        #[test]
        fn what_is_shown_reads_back_the_same(thousandths in 1u64..10_000_000_000, unit in 0usize..5) {
            let unit = DoseUnit::ALL[unit];
            let dose = Dose { thousandths, unit };
            prop_assert_eq!(Dose::parse(&dose.to_string()), Ok(dose));
        }
    }
}
