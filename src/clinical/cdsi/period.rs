//! CDSi's ages and intervals ("12 months - 4 days", "19 years", "4 weeks") and the date
//! arithmetic the Logic Specification gives them: each part added in the order written, and a
//! day that does not exist in its month moved to the first day of the next (March 31 + 6 months
//! is October 1, not September 30).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Years,
    Months,
    Weeks,
    Days,
}

/// A span as CDSi writes it: signed parts, applied left to right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    parts: Vec<(i32, Unit)>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a CDSi age or interval")]
pub struct PeriodError(pub String);

impl FromStr for Period {
    type Err = PeriodError;

    /// "12 months - 4 days", "6 months + 4 weeks", "19 years", "0 days".
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError(text.to_owned());
        let mut parts = Vec::new();
        let mut sign = 1;
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let amount: i32 = word.parse().map_err(|_| err())?;
            let unit = match words.next().map(str::to_ascii_lowercase).as_deref() {
                Some("year" | "years") => Unit::Years,
                Some("month" | "months") => Unit::Months,
                Some("week" | "weeks") => Unit::Weeks,
                Some("day" | "days") => Unit::Days,
                _ => return Err(err()),
            };
            parts.push((sign * amount, unit));
            sign = match words.next() {
                None => break,
                Some("+") => 1,
                Some("-") => -1,
                Some(_) => return Err(err()),
            };
            if words.peek().is_none() {
                return Err(err());
            }
        }
        if parts.is_empty() {
            return Err(err());
        }
        Ok(Self { parts })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, (amount, unit)) in self.parts.iter().enumerate() {
            let word = match unit {
                Unit::Years => "years",
                Unit::Months => "months",
                Unit::Weeks => "weeks",
                Unit::Days => "days",
            };
            match n {
                0 => write!(f, "{amount} {word}")?,
                _ if *amount < 0 => write!(f, " - {} {word}", amount.unsigned_abs())?,
                _ => write!(f, " + {amount} {word}")?,
            }
        }
        Ok(())
    }
}

impl Period {
    /// `from` plus this period, by the Logic Specification's date rules.
    pub fn after(&self, from: NaiveDate) -> NaiveDate {
        self.parts
            .iter()
            .fold(from, |date, &(amount, unit)| match unit {
                Unit::Years => add_months(date, amount * 12),
                Unit::Months => add_months(date, amount),
                Unit::Weeks => add_days(date, i64::from(amount) * 7),
                Unit::Days => add_days(date, i64::from(amount)),
            })
    }
}

fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    moved.unwrap_or(date)
}

/// The same day `months` later; a day the month lacks becomes the 1st of the month after.
fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let index = date.year() * 12 + date.month0().cast_signed() + months;
    let year = index.div_euclid(12);
    let month = index.rem_euclid(12).cast_unsigned() + 1;
    NaiveDate::from_ymd_opt(year, month, date.day()).unwrap_or_else(|| {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        NaiveDate::from_ymd_opt(next_year, next_month, 1).unwrap_or(date)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn parts_apply_in_the_order_written() {
        assert_eq!(p("6 weeks").after(d(2025, 11, 10)), d(2025, 12, 22));
        assert_eq!(
            p("3 months + 4 weeks").after(d(2025, 11, 10)),
            d(2026, 3, 10)
        );
        assert_eq!(
            p("12 months - 4 days").after(d(2025, 1, 15)),
            d(2026, 1, 11)
        );
        assert_eq!(p("19 years").after(d(2000, 2, 29)), d(2019, 3, 1));
    }

    #[test]
    fn a_day_the_month_lacks_is_the_first_of_the_next() {
        assert_eq!(p("6 months").after(d(2025, 3, 31)), d(2025, 10, 1));
        assert_eq!(p("1 month").after(d(2025, 1, 31)), d(2025, 3, 1));
        assert_eq!(p("2 months").after(d(2025, 12, 31)), d(2026, 3, 1));
    }

    #[test]
    fn what_is_read_is_written_back() {
        for text in [
            "12 months - 4 days",
            "6 months + 4 weeks",
            "0 days",
            "19 years",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
        for bad in ["", "12", "12 fortnights", "4 days -", "4 days * 2 days"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }
}
