//! Which vaccines a patient is due for, the first question at an injection visit: each routine
//! vaccine group forecast by the CDSi engine from the doses on the chart, as due now, overdue,
//! due later, complete or past the age for it.

use chrono::NaiveDate;

use crate::clinical::cdsi::data::Gender;
use crate::clinical::cdsi::evaluate::Given;
use crate::clinical::cdsi::forecast::SeriesStatus;
use crate::clinical::cdsi::supporting::Supporting;
use crate::clinical::cdsi::{Person, assess};
use crate::clinical::injection::administration::Administration;
use crate::clinical::patient::Sex;
use crate::clinical::record::{Versioned, current};

/// Vaccine groups given for travel or exposure, not on the routine schedule: not listed as due.
const NOT_ROUTINE: &[&str] = &[
    "Chikungunya",
    "Cholera",
    "Dengue",
    "Ebola",
    "Japanese Encephalitis",
    "Orthopoxvirus",
    "Rabies",
    "TBE",
    "Typhoid",
    "Yellow Fever",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// On or past the past-due date.
    Overdue {
        since: NaiveDate,
    },
    /// The recommended date has come.
    Now {
        from: NaiveDate,
    },
    /// Not yet recommended; may be given from `earliest`.
    Later {
        recommended: NaiveDate,
        earliest: NaiveDate,
    },
    Complete,
    AgedOut,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupDue {
    pub group: String,
    /// Which dose of the series comes next, when one does.
    pub dose: Option<usize>,
    pub due: Due,
}

/// Every routine vaccine group for the patient on `today`, what is due first.
pub fn vaccines_due(
    data: &Supporting,
    birth: NaiveDate,
    sex: Sex,
    past: &[Versioned<Administration>],
    today: NaiveDate,
) -> Vec<GroupDue> {
    let doses: Vec<Given> = current(past)
        .filter(|a| a.content.was_given() && a.content.day() <= today)
        .filter_map(|a| {
            Some(Given {
                date: a.content.day(),
                cvx: a.content.product.cvx.as_deref()?.trim().parse().ok()?,
            })
        })
        .collect();
    let person = Person {
        birth,
        gender: match sex {
            Sex::Female => Some(Gender::Female),
            Sex::Male => Some(Gender::Male),
            Sex::Other | Sex::Unknown => None,
        },
    };
    let mut list: Vec<GroupDue> = data
        .schedule
        .groups
        .iter()
        .filter(|g| !NOT_ROUTINE.contains(&g.name.as_str()))
        .filter_map(|g| {
            let forecast = assess(data, &g.name, person, &doses, today)?.forecast;
            let due = match forecast.status {
                SeriesStatus::Complete => Due::Complete,
                SeriesStatus::AgedOut => Due::AgedOut,
                SeriesStatus::NotComplete => {
                    let earliest = forecast.earliest.unwrap_or(today);
                    let recommended = forecast.recommended.unwrap_or(earliest);
                    match forecast.past_due {
                        Some(since) if today >= since => Due::Overdue { since },
                        _ if today >= recommended => Due::Now { from: recommended },
                        _ => Due::Later {
                            recommended,
                            earliest,
                        },
                    }
                }
            };
            Some(GroupDue {
                group: g.name.clone(),
                dose: forecast.dose,
                due,
            })
        })
        .collect();
    list.sort_by_key(|g| g.due);
    list
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_two_month_old_with_no_doses_is_due_the_infant_series() {
        let data = Supporting::built_in().unwrap();
        let due = vaccines_due(&data, d(2026, 9, 20), Sex::Female, &[], d(2026, 11, 29));
        let of = |group: &str| due.iter().find(|g| g.group == group).unwrap().due;
        for group in ["DTaP/Tdap/Td", "Polio", "Hib", "Pneumococcal", "Rotavirus"] {
            assert!(
                matches!(of(group), Due::Now { .. }),
                "{group}: {:?}",
                of(group)
            );
        }
        assert!(matches!(of("MMR"), Due::Later { .. }), "MMR at 12 months");
        assert!(
            !due.iter().any(|g| g.group == "Yellow Fever"),
            "travel vaccines are not listed"
        );
        // What is due now comes first.
        assert!(matches!(due[0].due, Due::Now { .. } | Due::Overdue { .. }));
    }
}
