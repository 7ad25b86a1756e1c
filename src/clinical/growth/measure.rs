//! One measurement of a child against the growth references: which table (WHO under 24 months,
//! CDC from 24 months to 20 years, by corrected age for a premature baby), the age in exact
//! days, length against height by how it was measured, and the z-score and percentile (with
//! CDC's extended BMI percentile above the 95th).

use chrono::NaiveDate;

use crate::clinical::growth::lms::{Lms, percentile};
use crate::clinical::growth::reference::{GrowthReference, GrowthSex, Table};

/// What was measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measure {
    Weight,
    /// Recumbent length under 24 months, standing height (stature) from 24 months.
    Length,
    HeadCircumference,
    Bmi,
    /// Weight against length (WHO, under 24 months), read by the length.
    WeightForLength,
}

impl Measure {
    pub const ALL: [Self; 5] = [
        Self::Weight,
        Self::Length,
        Self::HeadCircumference,
        Self::Bmi,
        Self::WeightForLength,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Weight => "Weight-for-age",
            Self::Length => "Length/height-for-age",
            Self::HeadCircumference => "Head circumference-for-age",
            Self::Bmi => "BMI-for-age",
            Self::WeightForLength => "Weight-for-length",
        }
    }

    /// The table for this measure on each side of 24 months (`None`: no table there).
    pub fn tables(self) -> (Option<Table>, Option<Table>) {
        match self {
            Self::Weight => (Some(Table::WhoWeightForAge), Some(Table::CdcWeightForAge)),
            Self::Length => (Some(Table::WhoLengthForAge), Some(Table::CdcStatureForAge)),
            Self::HeadCircumference => (Some(Table::WhoHeadCircumferenceForAge), None),
            Self::Bmi => (Some(Table::WhoBmiForAge), Some(Table::CdcBmiForAge)),
            Self::WeightForLength => (Some(Table::WhoWeightForLength), None),
        }
    }
}

/// How a length or height was measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Lying,
    Standing,
}

/// Gestational age at birth, in completed weeks and days.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct GestationalAge {
    pub weeks: u32,
    pub days: u32,
}

impl GestationalAge {
    pub fn total_days(self) -> u32 {
        self.weeks * 7 + self.days
    }
}

/// The child the measurements are of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Child {
    pub sex: GrowthSex,
    pub birth: NaiveDate,
    pub gestation: Option<GestationalAge>,
}

/// The age a measurement is read at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GrowthAge {
    /// Days since birth, or since the due date for a premature baby under 24 months.
    pub days: f64,
    pub months: f64,
    pub corrected: bool,
}

impl GrowthAge {
    pub fn of(reference: &GrowthReference, child: &Child, on: NaiveDate) -> Option<Self> {
        let rules = &reference.rules;
        let days = (on - child.birth).num_days();
        if days < 0 {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "days of a child's life")]
        let chronological = days as f64;
        let per_month = rules.days_per_month;
        let short = child
            .gestation
            .filter(|g| g.weeks < rules.premature_before_weeks)
            .map(|g| f64::from(rules.term_weeks * 7 - g.total_days().min(rules.term_weeks * 7)));
        match short {
            Some(short) if chronological / per_month < rules.who_until_months => {
                let days = (chronological - short).max(0.0);
                Some(Self {
                    days,
                    months: days / per_month,
                    corrected: true,
                })
            }
            _ => Some(Self {
                days: chronological,
                months: chronological / per_month,
                corrected: false,
            }),
        }
    }

    pub fn under_who_limit(&self, reference: &GrowthReference) -> bool {
        self.months < reference.rules.who_until_months
    }
}

/// CDC's extended BMI-for-age, at or above the 95th percentile.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtendedBmi {
    pub percent_of_95th: f64,
    pub percentile: f64,
}

/// A measurement read against its table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GrowthPoint {
    pub measure: Measure,
    pub table: Table,
    pub z: f64,
    pub percentile: f64,
    pub age: GrowthAge,
    pub extended_bmi: Option<ExtendedBmi>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoPercentile {
    #[error("no growth reference for a sex other than male or female")]
    Sex,
    #[error("measured before birth")]
    BeforeBirth,
    #[error("no table at this age")]
    Age,
    #[error("length outside the table (45-110 cm)")]
    Length,
}

/// The z-score at 95th percentile (Φ⁻¹(0.95)), where CDC's extended BMI begins.
const Z_95: f64 = 1.644_853_626_951_472_2;

/// `value` (kg, cm or kg/m²; for weight-for-length, the weight) measured on `on`; `length_cm`
/// is the length that goes with it for weight-for-length, and `position` how a length was
/// measured (by age when not recorded).
pub fn assess(
    reference: &GrowthReference,
    child: &Child,
    on: NaiveDate,
    measure: Measure,
    value: f64,
    length_cm: Option<f64>,
    position: Option<Position>,
) -> Result<GrowthPoint, NoPercentile> {
    let age = GrowthAge::of(reference, child, on).ok_or(NoPercentile::BeforeBirth)?;
    let who = age.under_who_limit(reference);
    let (under, over) = measure.tables();
    let table = if who { under } else { over }.ok_or(NoPercentile::Age)?;
    let curve = reference.curve(table, child.sex).ok_or(NoPercentile::Sex)?;
    // The tables expect lying under 24 months and standing from 24 months.
    let adjust = reference.rules.length_minus_height_cm;
    let as_table_expects = |cm: f64| match (who, position) {
        (true, Some(Position::Standing)) => cm + adjust,
        (false, Some(Position::Lying)) => cm - adjust,
        _ => cm,
    };
    let (lms, value) = match measure {
        Measure::WeightForLength => {
            let length = as_table_expects(length_cm.ok_or(NoPercentile::Length)?);
            (curve.at(length).ok_or(NoPercentile::Length)?, value)
        }
        Measure::Length => (at_age(curve, table, &age)?, as_table_expects(value)),
        _ => (at_age(curve, table, &age)?, value),
    };
    let z = if table.is_who() {
        lms.who_z(value)
    } else {
        lms.z(value)
    };
    let extended_bmi = (measure == Measure::Bmi && !who)
        .then(|| extended(reference, child.sex, &lms, &age, value))
        .flatten();
    Ok(GrowthPoint {
        measure,
        table,
        z,
        percentile: percentile(z),
        age,
        extended_bmi,
    })
}

fn at_age(
    curve: &crate::clinical::growth::curve::Curve,
    table: Table,
    age: &GrowthAge,
) -> Result<Lms, NoPercentile> {
    let x = match table.axis() {
        crate::clinical::growth::reference::Axis::AgeDays => age.days,
        _ => age.months,
    };
    curve.at(x).ok_or(NoPercentile::Age)
}

fn extended(
    reference: &GrowthReference,
    sex: GrowthSex,
    lms: &Lms,
    age: &GrowthAge,
    bmi: f64,
) -> Option<ExtendedBmi> {
    let p95 = lms.value(Z_95)?;
    if bmi < p95 {
        return None;
    }
    let [a, b, c] = match sex {
        GrowthSex::Male => reference.rules.extended_bmi.male,
        GrowthSex::Female => reference.rules.extended_bmi.female,
    };
    let years = age.months / 12.0;
    let sigma = a + b * years + c * years * years;
    let tail = percentile((bmi - p95) / sigma) / 100.0;
    Some(ExtendedBmi {
        percent_of_95th: 100.0 * bmi / p95,
        percentile: 90.0 + 10.0 * tail,
    })
}

/// "48th", "3rd", "<1st", ">99th": a percentile as charts say it.
pub fn ordinal(p: f64) -> String {
    if p < 1.0 {
        return "<1st".into();
    }
    if p > 99.0 {
        return ">99th".into();
    }
    let n = p.round();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "1 to 99"
    )]
    let whole = n as u32;
    let suffix = match (whole % 10, whole % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{whole}{suffix}")
}
