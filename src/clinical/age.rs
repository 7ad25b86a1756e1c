//! A patient's age on a given day, in calendar terms (whole days, months, years), and age
//! thresholds such as "28 days" or "36 months" as the reference tables write them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer};

/// Age on a day, from the date of birth. `None` when the day is before birth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Age {
    birth: NaiveDate,
    on: NaiveDate,
}

impl Age {
    pub fn on(birth: NaiveDate, on: NaiveDate) -> Option<Self> {
        (on >= birth).then_some(Self { birth, on })
    }

    pub fn days(self) -> i64 {
        (self.on - self.birth).num_days()
    }

    pub fn birth(self) -> NaiveDate {
        self.birth
    }

    /// Whole calendar months completed (born on the 31st: a month is complete on the last day
    /// of a shorter month).
    pub fn months(self) -> u32 {
        let mut months = (self.on.year() - self.birth.year()) * 12
            + i32::try_from(self.on.month()).unwrap_or(0)
            - i32::try_from(self.birth.month()).unwrap_or(0);
        if months > 0 && self.birth_plus_months(months.unsigned_abs()) > Some(self.on) {
            months -= 1;
        }
        months.max(0).unsigned_abs()
    }

    pub fn years(self) -> u32 {
        self.months() / 12
    }

    fn birth_plus_months(self, months: u32) -> Option<NaiveDate> {
        self.birth.checked_add_months(Months::new(months))
    }

    /// Whether the patient has reached `threshold` (is at least that old).
    pub fn has_reached(self, threshold: AgeThreshold) -> bool {
        match threshold.unit {
            AgeUnit::Days => self.days() >= i64::from(threshold.amount),
            AgeUnit::Weeks => self.days() >= i64::from(threshold.amount) * 7,
            AgeUnit::Months => self.months() >= threshold.amount,
            AgeUnit::Years => self.months() >= threshold.amount.saturating_mul(12),
        }
    }
}

/// Age as clinicians write it: days for a newborn, weeks under 3 months, months under 2 years,
/// then years.
impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.days();
        let months = self.months();
        if days == 1 {
            write!(f, "1 day")
        } else if days < 28 {
            write!(f, "{days} days")
        } else if months < 3 {
            write!(f, "{} wk", days / 7)
        } else if months < 24 {
            write!(f, "{months} mo")
        } else {
            write!(f, "{} y", self.years())
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AgeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// An age such as "28 days" or "18 years", as written in the reference tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgeThreshold {
    pub amount: u32,
    pub unit: AgeUnit,
}

impl AgeThreshold {
    /// The day a person born on `birth` reaches this age.
    pub fn reached_on(self, birth: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            AgeUnit::Days => birth.checked_add_days(Days::new(u64::from(self.amount))),
            AgeUnit::Weeks => birth.checked_add_days(Days::new(u64::from(self.amount) * 7)),
            AgeUnit::Months => birth.checked_add_months(Months::new(self.amount)),
            AgeUnit::Years => birth.checked_add_months(Months::new(self.amount.saturating_mul(12))),
        }
    }
}

impl fmt::Display for AgeThreshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            AgeUnit::Days => "days",
            AgeUnit::Weeks => "weeks",
            AgeUnit::Months => "months",
            AgeUnit::Years => "years",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("“{0}” is not an age: write a number and days, weeks, months or years, e.g. “28 days”")]
pub struct AgeThresholdError(String);

impl FromStr for AgeThreshold {
    type Err = AgeThresholdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || AgeThresholdError(s.to_owned());
        let mut words = s.split_whitespace();
        let amount = words.next().and_then(|n| n.parse().ok()).ok_or_else(err)?;
        let unit = match words.next().ok_or_else(err)? {
            "day" | "days" => AgeUnit::Days,
            "week" | "weeks" => AgeUnit::Weeks,
            "month" | "months" => AgeUnit::Months,
            "year" | "years" => AgeUnit::Years,
            _ => return Err(err()),
        };
        if words.next().is_some() {
            return Err(err());
        }
        Ok(Self { amount, unit })
    }
}

impl<'de> Deserialize<'de> for AgeThreshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn age(birth: NaiveDate, on: NaiveDate) -> Age {
        Age::on(birth, on).unwrap()
    }

    #[test]
    fn whole_months_and_years() {
        let birth = d(2020, 1, 31);
        assert_eq!(age(birth, d(2020, 2, 28)).months(), 0);
        assert_eq!(age(birth, d(2020, 2, 29)).months(), 1);
        assert_eq!(age(birth, d(2021, 1, 30)).years(), 0);
        assert_eq!(age(birth, d(2021, 1, 31)).years(), 1);
        assert!(Age::on(birth, d(2019, 12, 31)).is_none());
    }

    #[test]
    fn thresholds_are_reached_on_the_day() {
        let birth = d(2024, 3, 10);
        let t = |s: &str| s.parse::<AgeThreshold>().unwrap();
        assert!(!age(birth, d(2024, 4, 6)).has_reached(t("28 days")));
        assert!(age(birth, d(2024, 4, 7)).has_reached(t("28 days")));
        assert!(!age(birth, d(2027, 3, 9)).has_reached(t("36 months")));
        assert!(age(birth, d(2027, 3, 10)).has_reached(t("36 months")));
        assert!(age(birth, d(2042, 3, 10)).has_reached(t("18 years")));
        assert!(!age(birth, d(2042, 3, 9)).has_reached(t("18 years")));
        assert_eq!(t("18 years").reached_on(birth), Some(d(2042, 3, 10)));
    }

    #[test]
    fn leap_day_birthday() {
        let birth = d(2020, 2, 29);
        assert_eq!(age(birth, d(2021, 2, 28)).years(), 1);
        assert_eq!(age(birth, d(2021, 2, 27)).years(), 0);
    }

    #[test]
    fn shown_as_clinicians_write_it() {
        let birth = d(2026, 1, 1);
        assert_eq!(age(birth, d(2026, 1, 1)).to_string(), "0 days");
        assert_eq!(age(birth, d(2026, 1, 2)).to_string(), "1 day");
        assert_eq!(age(birth, d(2026, 1, 29)).to_string(), "4 wk");
        assert_eq!(age(birth, d(2026, 5, 1)).to_string(), "4 mo");
        assert_eq!(age(d(1980, 3, 2), d(2026, 11, 26)).to_string(), "46 y");
    }

    #[test]
    fn bad_thresholds_are_refused() {
        for s in ["", "28", "days", "28 fortnights", "28 days ago"] {
            assert!(s.parse::<AgeThreshold>().is_err(), "{s}");
        }
    }
}
