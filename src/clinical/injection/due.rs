//! Which vaccines a patient is due for, the first question at an injection visit: each routine
//! vaccine group forecast by the CDSi engine from the doses on the chart, as due now, overdue,
//! due later, complete or past the age for it.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::clinical::cdsi::contraindication::ObservationCode;

use crate::clinical::cdsi::data::Cvx;
use crate::clinical::cdsi::evaluate::{Given, Reason};
use crate::clinical::cdsi::forecast::SeriesStatus;
use crate::clinical::cdsi::supporting::Supporting;
use crate::clinical::cdsi::{DoseStatus, Person, assess};
use crate::clinical::chart::PatientRecords;
use crate::clinical::injection::administration::Administration;
use crate::clinical::injection::observations::{Observed, codes};
use crate::clinical::injection::schedule::{chart_doses, day};
use crate::clinical::patient::Demographics;
use crate::clinical::patient::Sex;
use crate::clinical::record::Versioned;
use crate::clinical::reference::Reference;

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
    /// Due, but CDC rules the group out for an observation the chart supports (pregnant,
    /// immunosuppressive therapy...).
    Contraindicated(ObservationCode),
    Complete,
    /// Evidence of immunity by birth date (MMR for those born before 1957).
    Immune,
    AgedOut,
}

impl Due {
    /// Due today or overdue: what the day's lists show.
    pub fn is_due_today(self) -> bool {
        matches!(self, Self::Overdue { .. } | Self::Now { .. })
    }
}

/// What the schedule made of one dose on the chart, in one vaccine group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoseVerdict {
    pub group: String,
    pub given: Given,
    pub status: DoseStatus,
}

/// The schedule's view of the patient: what is due, and what each dose counted for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleView {
    pub due: Vec<GroupDue>,
    pub verdicts: Vec<DoseVerdict>,
}

impl ScheduleView {
    /// For the record, beside a dose: whether it counted, and if not, why, in words. `None`
    /// when the schedule did not judge it (a drug, an unknown product).
    pub fn verdict(&self, on: NaiveDate, cvx: Cvx) -> Option<String> {
        let mine: Vec<&DoseVerdict> = self
            .verdicts
            .iter()
            .filter(|v| v.given.date == on && v.given.cvx == cvx)
            .collect();
        if mine.is_empty() {
            return None;
        }
        let not_counted: Vec<String> = mine
            .iter()
            .filter_map(|v| match v.status {
                DoseStatus::Valid => None,
                DoseStatus::Extraneous => Some(format!("{}: not needed, series complete", v.group)),
                DoseStatus::NotValid(reason) => Some(format!("{}: {}", v.group, why(reason))),
            })
            .collect();
        let groups: Vec<&str> = mine.iter().map(|v| v.group.as_str()).collect();
        Some(if not_counted.is_empty() {
            format!("ACIP: counts toward {}", groups.join(", "))
        } else {
            format!("ACIP: does not count. {}", not_counted.join("; "))
        })
    }
}

/// Why a dose did not count, in words with its date.
fn why(reason: Reason) -> String {
    match reason {
        Reason::TooYoung { valid_from } => format!("too young (from {})", day(valid_from)),
        Reason::TooOld { limit } => format!("past the age for it ({})", day(limit)),
        Reason::TooSoon { after, valid_from } => {
            format!("too soon after {} (from {})", day(after), day(valid_from))
        }
        Reason::NotAllowable => "not a product for this dose at that age".into(),
        Reason::LiveVirusConflict { after, valid_from } => format!(
            "live vaccine {} too close (from {})",
            day(after),
            day(valid_from)
        ),
        Reason::Inadvertent => "given in error for this series".into(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupDue {
    pub group: String,
    /// Which dose of the series comes next, when one does.
    pub dose: Option<usize>,
    pub due: Due,
}

/// Whom the schedule is read for, and on which day.
pub struct DueFor<'a> {
    pub birth: NaiveDate,
    pub sex: Sex,
    pub past: &'a [Versioned<Administration>],
    /// What the chart says in CDSi's terms: a group one of them rules out is not due.
    pub observations: &'a BTreeSet<ObservationCode>,
    pub today: NaiveDate,
    /// The travel and exposure groups left out of the list (the catalog's).
    pub leave_out: &'a [String],
}

/// The schedule's view of a patient's chart on `today`, and the observations behind it: what
/// the injections tab and the day's lists show.
pub fn chart_schedule(
    reference: &Reference,
    data: &Supporting,
    demographics: &Demographics,
    records: &PatientRecords,
    today: NaiveDate,
) -> (ScheduleView, Vec<Observed>) {
    let observed = records.vaccine_observations(&reference.observations, &reference.poc);
    let view = schedule_view(
        data,
        &DueFor {
            birth: demographics.birth_date,
            sex: demographics.sex,
            past: records.of::<Administration>(),
            observations: &codes(&observed),
            today,
            leave_out: &reference.injections.due_list_leaves_out,
        },
    );
    (view, observed)
}

/// What is due, and what each dose on the chart counted for, in every routine group, what is
/// due first; a group CDC rules out for one of the observations is contraindicated rather than
/// due.
pub fn schedule_view(data: &Supporting, patient: &DueFor<'_>) -> ScheduleView {
    let DueFor {
        birth,
        sex,
        past,
        observations,
        today,
        leave_out,
    } = *patient;
    let doses = chart_doses(past, |a| a.content.day() <= today);
    let person = Person::new(birth, sex);
    let mut verdicts = Vec::new();
    let mut list: Vec<GroupDue> = data
        .schedule
        .groups
        .iter()
        .filter(|g| !leave_out.contains(&g.name))
        .filter_map(|g| {
            let assessed = assess(data, &g.name, person, &doses, today)?;
            verdicts.extend(assessed.doses.iter().map(|(given, status)| DoseVerdict {
                group: g.name.clone(),
                given: *given,
                status: *status,
            }));
            let forecast = assessed.forecast;
            let due = match forecast.status {
                SeriesStatus::Complete => Due::Complete,
                SeriesStatus::Immune => Due::Immune,
                SeriesStatus::AgedOut => Due::AgedOut,
                SeriesStatus::NotComplete
                    if let Some(rule) =
                        data.group_contraindication(&g.name, observations, birth, today) =>
                {
                    Due::Contraindicated(rule.observation)
                }
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
    ScheduleView {
        due: list,
        verdicts,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// What is due for a girl born on `birth` with no doses.
    fn due_for(
        data: &Supporting,
        birth: NaiveDate,
        observations: &BTreeSet<ObservationCode>,
        today: NaiveDate,
        leave_out: &[String],
    ) -> Vec<GroupDue> {
        schedule_view(
            data,
            &DueFor {
                birth,
                sex: Sex::Female,
                past: &[],
                observations,
                today,
                leave_out,
            },
        )
        .due
    }

    /// The travel and exposure groups the catalog leaves out of the lists.
    fn travel() -> Vec<String> {
        crate::clinical::injection::InjectionCatalog::built_in()
            .unwrap()
            .due_list_leaves_out
    }

    #[test]
    fn the_groups_left_out_are_groups_cdc_has() {
        let data = Supporting::built_in().unwrap();
        for name in travel() {
            assert!(
                data.group_antigens(&name).is_some(),
                "{name} is not a CDSi group"
            );
        }
    }

    #[test]
    fn a_two_month_old_with_no_doses_is_due_the_infant_series() {
        let data = Supporting::built_in().unwrap();
        let none = BTreeSet::new();
        let travel = travel();
        let due = due_for(&data, d(2026, 9, 20), &none, d(2026, 11, 29), &travel);
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

    #[test]
    fn a_pregnant_adult_is_not_due_mmr_or_varicella_but_is_due_influenza() {
        let data = Supporting::built_in().unwrap();
        let pregnant = BTreeSet::from([7]);
        let today = d(2026, 11, 29);
        let due = due_for(&data, d(1999, 3, 1), &pregnant, today, &[]);
        let of = |group: &str| due.iter().find(|g| g.group == group).unwrap().due;
        assert_eq!(of("MMR"), Due::Contraindicated(7));
        assert_eq!(of("Varicella"), Due::Contraindicated(7));
        assert!(of("Influenza").is_due_today(), "{:?}", of("Influenza"));
        let not_pregnant = due_for(&data, d(1999, 3, 1), &BTreeSet::new(), today, &[]);
        let mmr = not_pregnant.iter().find(|g| g.group == "MMR").unwrap().due;
        assert!(mmr.is_due_today(), "{mmr:?}");
    }

    #[test]
    fn each_dose_says_whether_it_counted() {
        let view = ScheduleView {
            due: Vec::new(),
            verdicts: vec![
                DoseVerdict {
                    group: "HepB".into(),
                    given: Given {
                        date: d(2025, 1, 10),
                        cvx: 8,
                    },
                    status: DoseStatus::Valid,
                },
                DoseVerdict {
                    group: "DTaP/Tdap/Td".into(),
                    given: Given {
                        date: d(2025, 2, 1),
                        cvx: 107,
                    },
                    status: DoseStatus::NotValid(Reason::TooYoung {
                        valid_from: d(2025, 2, 17),
                    }),
                },
            ],
        };
        assert_eq!(
            view.verdict(d(2025, 1, 10), 8).unwrap(),
            "ACIP: counts toward HepB"
        );
        assert_eq!(
            view.verdict(d(2025, 2, 1), 107).unwrap(),
            "ACIP: does not count. DTaP/Tdap/Td: too young (from Feb 17, 2025)"
        );
        assert_eq!(view.verdict(d(2025, 2, 1), 8), None);
    }
}
