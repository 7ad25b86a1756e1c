//! The reference table of vital-sign limits, read from `assets/vital_limits.toml` and checked
//! at start-up: age bands, and for each vital the values refused, those that need a
//! confirmation, and the normal range that sets the flags. Every number carries its source.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::clinical::age::{Age, AgeThreshold};
use crate::clinical::vitals::flags::Interpretation;
use crate::clinical::vitals::vital::Vital;

/// The table that ships with the app.
pub const BUILT_IN: &str = include_str!("../../../assets/vital_limits.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceTable {
    pub title: String,
    pub reviewed: String,
    #[serde(rename = "band")]
    pub bands: Vec<Band>,
    #[serde(rename = "refuse")]
    pub refuse: Vec<LimitRule>,
    #[serde(rename = "confirm")]
    pub confirm: Vec<LimitRule>,
    #[serde(rename = "flag")]
    pub flags: Vec<FlagRule>,
    pub blood_pressure_categories: CategoryTable<BloodPressureCategory>,
    pub bmi_categories: CategoryTable<BmiCategory>,
    pub cross_checks: CrossChecks,
}

/// An age band, `[from, until)`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub label: String,
    pub from: AgeThreshold,
    pub until: Option<AgeThreshold>,
}

/// Values outside these limits trip the rule. `below`: less than; `above`: greater than;
/// `at_or_above`: greater than or equal.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub at_or_above: Option<f64>,
}

/// Which side of its limits a value fell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Low,
    High,
}

impl Limits {
    pub fn outside(&self, value: f64) -> Option<Side> {
        if self.below.is_some_and(|b| value < b) {
            Some(Side::Low)
        } else if self.above.is_some_and(|a| value > a)
            || self.at_or_above.is_some_and(|a| value >= a)
        {
            Some(Side::High)
        } else {
            None
        }
    }

    /// "20–300", "below 70 or above 180", for messages.
    pub fn describe_allowed(&self) -> String {
        match (self.below, self.above.or(self.at_or_above)) {
            (Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
            (Some(low), None) => format!("{} or more", number(low)),
            (None, Some(high)) => format!("up to {}", number(high)),
            (None, None) => "any value".to_owned(),
        }
    }

    fn numbers(&self) -> impl Iterator<Item = f64> {
        [self.below, self.above, self.at_or_above]
            .into_iter()
            .flatten()
    }
}

/// A number as the tables write it: no trailing ".0".
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A refuse or confirm rule for one vital, for all ages or for some bands.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitRule {
    pub vital: Vital,
    #[serde(default)]
    pub bands: Vec<String>,
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub at_or_above: Option<f64>,
    pub source: String,
}

impl LimitRule {
    pub fn limits(&self) -> Limits {
        Limits {
            below: self.below,
            above: self.above,
            at_or_above: self.at_or_above,
        }
    }
}

/// The normal range of one vital in some bands, and the critical limits beyond it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRule {
    pub vital: Vital,
    #[serde(default)]
    pub bands: Vec<String>,
    /// Applies only below this age, and then wins over the other rules (a fever under 90 days
    /// of age is critical, a cut-off no age band has).
    pub younger_than: Option<AgeThreshold>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Added to `low` per whole year of age (PALS: systolic below 70 + 2 × age is hypotension).
    pub low_per_year: Option<f64>,
    #[serde(default)]
    pub critical: Limits,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryTable<C> {
    /// Categories apply from this age; never to younger patients.
    pub from_age: AgeThreshold,
    pub source: String,
    /// What to show for younger patients instead, if anything.
    pub younger: Option<String>,
    /// The note for younger patients applies from this age; below it, nothing is said (BMI is
    /// not used under 2 years).
    pub younger_from: Option<AgeThreshold>,
    #[serde(rename = "category")]
    pub categories: Vec<C>,
}

/// An adult blood pressure category; the first whose limits the reading reaches wins, so the
/// table lists them highest first.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BloodPressureCategory {
    pub name: String,
    pub systolic_at_least: Option<f64>,
    pub diastolic_at_least: Option<f64>,
    #[serde(default)]
    pub abnormal: bool,
}

/// An adult BMI category from its lower bound.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmiCategory {
    pub name: String,
    pub at_least: f64,
    #[serde(default)]
    pub abnormal: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossChecks {
    /// A °C entry in this range was almost surely typed in °F.
    pub fahrenheit_typed_as_celsius: [f64; 2],
    /// Weight change since the last set, in percent, that needs a confirmation.
    pub weight_change_percent: f64,
    /// Height loss since the last set, in cm, that needs a confirmation in adults.
    pub adult_height_drop_cm: f64,
    pub adult_from: AgeThreshold,
    /// Head circumference is offered below this age.
    pub head_circumference_until: AgeThreshold,
    pub source: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("the vital-sign limits file cannot be read: {0}")]
    Syntax(#[from] toml::de::Error),
    #[error("vital-sign limits: {0}")]
    Invalid(String),
}

impl ReferenceTable {
    pub fn built_in() -> Result<Self, ReferenceError> {
        Self::parse(BUILT_IN)
    }

    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let table: Self = toml::from_str(text)?;
        table.validate().map_err(ReferenceError::Invalid)?;
        Ok(table)
    }

    fn validate(&self) -> Result<(), String> {
        self.validate_bands()?;
        let band_ids: BTreeSet<&str> = self.bands.iter().map(|b| b.id.as_str()).collect();
        let rules = self
            .refuse
            .iter()
            .chain(&self.confirm)
            .map(|r| {
                (
                    r.vital,
                    &r.bands,
                    &r.source,
                    r.limits().numbers().collect::<Vec<_>>(),
                )
            })
            .chain(self.flags.iter().map(|r| {
                let numbers = [r.low, r.high, r.low_per_year]
                    .into_iter()
                    .flatten()
                    .chain(r.critical.numbers());
                (r.vital, &r.bands, &r.source, numbers.collect())
            }));
        for (vital, bands, source, numbers) in rules {
            if source.trim().is_empty() {
                return Err(format!("a rule for {} has no source", vital.code()));
            }
            if let Some(band) = bands.iter().find(|b| !band_ids.contains(b.as_str())) {
                return Err(format!(
                    "a rule for {} names band “{band}”, which is not defined",
                    vital.code()
                ));
            }
            if numbers.iter().any(|n| !n.is_finite()) {
                return Err(format!(
                    "a rule for {} has a number that is not finite",
                    vital.code()
                ));
            }
        }
        for vital in Vital::ALL.into_iter().filter(|v| *v != Vital::Bmi) {
            if !self
                .refuse
                .iter()
                .any(|r| r.vital == vital && r.bands.is_empty())
            {
                return Err(format!(
                    "{} has no refuse limits for all ages",
                    vital.code()
                ));
            }
        }
        for rule in &self.flags {
            if let (Some(low), Some(high)) = (rule.low, rule.high)
                && low > high
            {
                return Err(format!(
                    "the normal range of {} has low above high",
                    rule.vital.code()
                ));
            }
        }
        for (a, b) in self
            .flags
            .iter()
            .enumerate()
            .flat_map(|(i, a)| self.flags.iter().skip(i + 1).map(move |b| (a, b)))
        {
            let overlap = (a.bands.is_empty()
                || b.bands.is_empty()
                || a.bands.iter().any(|x| b.bands.contains(x)))
                && a.younger_than == b.younger_than;
            if a.vital == b.vital && overlap {
                return Err(format!(
                    "{} has two normal ranges for the same age band",
                    a.vital.code()
                ));
            }
        }
        if self
            .blood_pressure_categories
            .categories
            .last()
            .is_none_or(|c| c.systolic_at_least.is_some() || c.diastolic_at_least.is_some())
        {
            return Err(
                "the last blood pressure category must have no limits, so every reading has one"
                    .into(),
            );
        }
        let bmi = &self.bmi_categories.categories;
        if bmi
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.at_least >= b.at_least))
            || bmi.first().is_none_or(|c| c.at_least > 0.0)
        {
            return Err("BMI categories must start at 0 and rise".into());
        }
        let [from, to] = self.cross_checks.fahrenheit_typed_as_celsius;
        if from >= to {
            return Err("the °F-typed-as-°C range must rise".into());
        }
        Ok(())
    }

    fn validate_bands(&self) -> Result<(), String> {
        let zero: AgeThreshold = "0 days".parse().map_err(|_| "bad zero age".to_owned())?;
        let Some(first) = self.bands.first() else {
            return Err("no age bands".into());
        };
        if first.from != zero {
            return Err(format!(
                "the first age band, {}, must start at 0 days",
                first.id
            ));
        }
        for pair in self.bands.windows(2) {
            if let [a, b] = pair
                && a.until != Some(b.from)
            {
                return Err(format!("age band {} must end where {} starts", a.id, b.id));
            }
        }
        if self.bands.last().is_some_and(|b| b.until.is_some()) {
            return Err("the last age band must have no end".into());
        }
        let ids: BTreeSet<&str> = self.bands.iter().map(|b| b.id.as_str()).collect();
        if ids.len() != self.bands.len() {
            return Err("two age bands share an id".into());
        }
        Ok(())
    }

    /// The band a patient of this age falls in.
    pub fn band(&self, age: Age) -> Option<&Band> {
        self.bands.iter().find(|b| {
            age.has_reached(b.from) && b.until.is_none_or(|until| !age.has_reached(until))
        })
    }

    fn applies(bands: &[String], band: &Band) -> bool {
        bands.is_empty() || bands.contains(&band.id)
    }

    pub fn refuse_limits(&self, vital: Vital, band: &Band) -> Option<&LimitRule> {
        self.refuse
            .iter()
            .filter(|r| r.vital == vital && Self::applies(&r.bands, band))
            .min_by_key(|r| r.bands.is_empty())
    }

    pub fn confirm_limits(&self, vital: Vital, band: &Band) -> Option<&LimitRule> {
        self.confirm
            .iter()
            .filter(|r| r.vital == vital && Self::applies(&r.bands, band))
            .min_by_key(|r| r.bands.is_empty())
    }

    /// The normal range for this age: a rule for the youngest first, then one for the band,
    /// then one for all ages.
    pub fn flag_rule(&self, vital: Vital, band: &Band, age: Age) -> Option<&FlagRule> {
        self.flags
            .iter()
            .filter(|r| {
                r.vital == vital
                    && Self::applies(&r.bands, band)
                    && r.younger_than.is_none_or(|limit| !age.has_reached(limit))
            })
            .min_by_key(|r| (r.younger_than.is_none(), r.bands.is_empty()))
    }

    /// The flag for a value at this age, or `None` where the table has no normal range.
    pub fn interpret(&self, vital: Vital, value: f64, age: Age) -> Option<Interpretation> {
        let band = self.band(age)?;
        let rule = self.flag_rule(vital, band, age)?;
        Some(rule.interpret(value, age))
    }
}

impl FlagRule {
    pub fn low_at(&self, age: Age) -> Option<f64> {
        let per_year = self.low_per_year.unwrap_or(0.0);
        self.low.map(|low| low + per_year * f64::from(age.years()))
    }

    pub fn interpret(&self, value: f64, age: Age) -> Interpretation {
        match self.critical.outside(value) {
            Some(Side::Low) => return Interpretation::CriticalLow,
            Some(Side::High) => return Interpretation::CriticalHigh,
            None => {}
        }
        if self.low_at(age).is_some_and(|low| value < low) {
            Interpretation::Low
        } else if self.high.is_some_and(|high| value > high) {
            Interpretation::High
        } else {
            Interpretation::Normal
        }
    }

    /// "60–100", for showing beside a flag.
    pub fn describe_normal(&self, age: Age) -> String {
        match (self.low_at(age), self.high) {
            (Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
            (Some(low), None) => format!("≥ {}", number(low)),
            (None, Some(high)) => format!("≤ {}", number(high)),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn table() -> ReferenceTable {
        ReferenceTable::built_in().unwrap()
    }

    fn age_days(days: u64) -> Age {
        let birth = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        Age::on(birth, birth + chrono::Days::new(days)).unwrap()
    }

    fn age_on(birth: (i32, u32, u32), on: (i32, u32, u32)) -> Age {
        Age::on(
            NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2).unwrap(),
            NaiveDate::from_ymd_opt(on.0, on.1, on.2).unwrap(),
        )
        .unwrap()
    }

    fn band_id(age: Age) -> String {
        table().band(age).unwrap().id.clone()
    }

    #[test]
    fn the_built_in_table_is_valid() {
        let t = table();
        assert!(!t.bands.is_empty());
    }

    #[test]
    fn band_edges() {
        assert_eq!(band_id(age_days(0)), "newborn");
        assert_eq!(band_id(age_days(27)), "newborn");
        assert_eq!(band_id(age_days(28)), "infant");
        // Exactly one year, 36 months and 18 years, born 2020-03-15.
        let b = (2020, 3, 15);
        assert_eq!(band_id(age_on(b, (2021, 3, 14))), "infant");
        assert_eq!(band_id(age_on(b, (2021, 3, 15))), "toddler");
        assert_eq!(band_id(age_on(b, (2023, 3, 14))), "toddler");
        assert_eq!(band_id(age_on(b, (2023, 3, 15))), "preschool");
        assert_eq!(band_id(age_on(b, (2038, 3, 14))), "adolescent");
        assert_eq!(band_id(age_on(b, (2038, 3, 15))), "adult");
    }

    #[test]
    fn flags_follow_the_age_band() {
        let t = table();
        let adult = age_on((1980, 1, 1), (2026, 1, 1));
        let infant = age_days(100);
        assert_eq!(
            t.interpret(Vital::HeartRate, 150.0, adult),
            Some(Interpretation::CriticalHigh)
        );
        assert_eq!(
            t.interpret(Vital::HeartRate, 150.0, infant),
            Some(Interpretation::Normal)
        );
        assert_eq!(
            t.interpret(Vital::HeartRate, 55.0, adult),
            Some(Interpretation::Low)
        );
        assert_eq!(
            t.interpret(Vital::RespiratoryRate, 40.0, infant),
            Some(Interpretation::Normal)
        );
        assert_eq!(t.interpret(Vital::Bmi, 40.0, adult), None);
    }

    #[test]
    fn pediatric_hypotension_rises_with_age() {
        let t = table();
        // 5 years: below 70 + 2 × 5 = 80 is low.
        let five = age_on((2020, 1, 1), (2025, 6, 1));
        assert_eq!(
            t.interpret(Vital::Systolic, 79.0, five),
            Some(Interpretation::Low)
        );
        assert_eq!(
            t.interpret(Vital::Systolic, 80.0, five),
            Some(Interpretation::Normal)
        );
    }

    #[test]
    fn limits_sides() {
        let l = Limits {
            below: Some(35.0),
            above: None,
            at_or_above: Some(40.0),
        };
        assert_eq!(l.outside(34.9), Some(Side::Low));
        assert_eq!(l.outside(35.0), None);
        assert_eq!(l.outside(39.9), None);
        assert_eq!(l.outside(40.0), Some(Side::High));
    }

    #[test]
    fn broken_tables_are_refused_with_a_reason() {
        let gap = BUILT_IN.replacen("until = \"28 days\"", "until = \"29 days\"", 1);
        let err = ReferenceTable::parse(&gap).unwrap_err().to_string();
        assert!(err.contains("must end where"), "{err}");
        let no_source = BUILT_IN.replacen("source = \"", "source = \" \" # \"", 1);
        assert!(
            ReferenceTable::parse(&no_source)
                .unwrap_err()
                .to_string()
                .contains("no source")
        );
        assert!(ReferenceTable::parse("title = 1").is_err());
    }
}
