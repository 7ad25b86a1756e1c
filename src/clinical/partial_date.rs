//! Dates as patients give them: a year ("2019"), a month ("05/2019", "2019-05") or a day. Onsets
//! and surgery dates are often known only to the year, and must not be stored as January 1st.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clinical::time::parse_date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialDate {
    Year(i32),
    Month { year: i32, month: u32 },
    Day(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PartialDateError {
    #[error("“{0}” is not a date: type a year (2019), a month (05/2019) or a day (05/03/2019)")]
    Unreadable(String),
    #[error("{0} is in the future")]
    InFuture(String),
}

const FIRST_YEAR: i32 = 1850;

impl PartialDate {
    /// Reads a year, a month or a day, refusing anything after `today`.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, PartialDateError> {
        let text = text.trim();
        let unreadable = || PartialDateError::Unreadable(text.to_owned());
        let date = if let Some(day) = parse_date(text) {
            Self::Day(day)
        } else if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
            Self::Year(text.parse().map_err(|_| unreadable())?)
        } else {
            let (year, month) = match text.split_once(['/', '-']) {
                Some((a, b)) if a.len() == 4 => (a, b),
                Some((a, b)) if b.len() == 4 => (b, a),
                _ => return Err(unreadable()),
            };
            let year: i32 = year.parse().map_err(|_| unreadable())?;
            let month: u32 = month.parse().map_err(|_| unreadable())?;
            if !(1..=12).contains(&month) {
                return Err(unreadable());
            }
            Self::Month { year, month }
        };
        if date.year() < FIRST_YEAR {
            return Err(unreadable());
        }
        if date.earliest() > today {
            return Err(PartialDateError::InFuture(date.to_string()));
        }
        Ok(date)
    }

    pub fn year(self) -> i32 {
        match self {
            Self::Year(year) | Self::Month { year, .. } => year,
            Self::Day(day) => day.year(),
        }
    }

    /// The first day the date could mean.
    pub fn earliest(self) -> NaiveDate {
        let first = |year, month| NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
        match self {
            Self::Year(year) => first(year, 1),
            Self::Month { year, month } => first(year, month),
            Self::Day(day) => day,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(year) => write!(f, "{year}"),
            Self::Month { year, month } => {
                let name =
                    NaiveDate::from_ymd_opt(*year, *month, 1).map(|d| d.format("%b").to_string());
                write!(f, "{} {year}", name.unwrap_or_default())
            }
            Self::Day(day) => write!(f, "{}", day.format("%b %-d, %Y")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn years_months_and_days() {
        assert_eq!(
            PartialDate::parse("2019", today()),
            Ok(PartialDate::Year(2019))
        );
        assert_eq!(
            PartialDate::parse("05/2019", today()),
            Ok(PartialDate::Month {
                year: 2019,
                month: 5
            })
        );
        assert_eq!(
            PartialDate::parse("2019-05", today()),
            Ok(PartialDate::Month {
                year: 2019,
                month: 5
            })
        );
        assert_eq!(
            PartialDate::parse("05/03/2019", today()),
            Ok(PartialDate::Day(
                NaiveDate::from_ymd_opt(2019, 5, 3).unwrap()
            ))
        );
        assert_eq!(
            PartialDate::Month {
                year: 2019,
                month: 5
            }
            .to_string(),
            "May 2019"
        );
    }

    #[test]
    fn nonsense_and_the_future_are_refused() {
        for text in ["", "19", "13/2019", "spring", "1700"] {
            assert!(
                matches!(
                    PartialDate::parse(text, today()),
                    Err(PartialDateError::Unreadable(_))
                ),
                "{text}"
            );
        }
        assert!(matches!(
            PartialDate::parse("2027", today()),
            Err(PartialDateError::InFuture(_))
        ));
        assert!(PartialDate::parse("11/2026", today()).is_ok());
    }
}
