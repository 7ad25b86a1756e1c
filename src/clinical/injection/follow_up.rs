//! What an injection leaves to do later: the next dose of a scheduled drug (due, or late), and a
//! tuberculin skin test waiting for its reading. Computed from the chart, for one patient or,
//! fed with many patients' records, for the clinic-wide lists.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::clinical::ids::PatientId;
use crate::clinical::injection::administration::{Administration, Event};
use crate::clinical::injection::catalog::{InjectionCatalog, ProductKind};
use crate::clinical::injection::tst::{ReadingWindow, TstReading, TstRules, WindowState};
use crate::clinical::record::{Versioned, current};

/// The next dose of a drug given on a schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextDose {
    pub patient: PatientId,
    pub product_id: String,
    pub product_name: String,
    pub last: NaiveDate,
    pub due: NaiveDate,
    /// After this day the dose is late.
    pub late_after: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueState {
    DueIn(i64),
    Due,
    /// Late by so many days.
    /// Past the late cut-off; the days since it was due.
    Late(i64),
}

impl NextDose {
    pub fn state(&self, today: NaiveDate) -> DueState {
        if today < self.due {
            DueState::DueIn((self.due - today).num_days())
        } else if today <= self.late_after {
            DueState::Due
        } else {
            DueState::Late((today - self.due).num_days())
        }
    }

    pub fn describe(&self, today: NaiveDate) -> String {
        let day = |d: NaiveDate| d.format("%b %-d, %Y");
        match self.state(today) {
            DueState::DueIn(1) => format!("due tomorrow ({})", day(self.due)),
            DueState::DueIn(days) => format!("due in {days} days ({})", day(self.due)),
            DueState::Due => format!("due now (late after {})", day(self.late_after)),
            DueState::Late(days) => format!(
                "late: due {}, {days} days ago (late after {})",
                day(self.due),
                day(self.late_after)
            ),
        }
    }
}

/// For each scheduled drug of one patient whose latest entry is a dose given, when the next one
/// is due. A refusal recorded after the last dose ends the schedule.
pub fn next_doses(
    administrations: &[Versioned<Administration>],
    catalog: &InjectionCatalog,
) -> Vec<NextDose> {
    let mut latest: Vec<&Versioned<Administration>> = Vec::new();
    for a in current(administrations).filter(|a| a.content.product.kind == ProductKind::Drug) {
        match latest
            .iter_mut()
            .find(|l| l.content.product.id == a.content.product.id)
        {
            Some(l) if (a.content.day(), a.recorded.at) > (l.content.day(), l.recorded.at) => {
                *l = a;
            }
            Some(_) => {}
            None => latest.push(a),
        }
    }
    latest
        .into_iter()
        .filter(|a| a.content.was_given())
        .filter_map(|a| {
            let product = catalog.product(&a.content.product.id)?;
            let interval = product.interval?;
            let last = a.content.day();
            Some(NextDose {
                patient: a.patient_id,
                product_id: product.id.clone(),
                product_name: product.name.clone(),
                last,
                due: last.checked_add_days(Days::new(interval.next_due_days.into()))?,
                late_after: last.checked_add_days(Days::new(interval.late_after_days.into()))?,
            })
        })
        .collect()
}

/// How far ahead the clinic list looks for doses coming due.
pub const DUE_SOON_DAYS: u64 = 14;

/// Whether the clinic list shows a next dose today: coming due within two weeks, due, or late
/// by no more than the schedule's own length again (after that the patient has likely stopped;
/// the chart still shows it).
pub fn on_clinic_list(next: &NextDose, today: NaiveDate) -> bool {
    let from = next.due.checked_sub_days(Days::new(DUE_SOON_DAYS));
    let until = next.late_after.checked_add_days(Days::new(
        (next.late_after - next.last).num_days().unsigned_abs(),
    ));
    from.is_some_and(|f| today >= f) && until.is_some_and(|u| today <= u)
}

/// A placement without a reading, and where its window stands.
#[derive(Clone, Debug, PartialEq)]
pub struct AwaitingReading<'a> {
    pub placement: &'a Versioned<Administration>,
    pub placed_at: DateTime<Utc>,
    pub window: ReadingWindow,
    pub state: WindowState,
}

/// Tuberculin placements given here that have no current reading.
pub fn awaiting_reading<'a>(
    administrations: &'a [Versioned<Administration>],
    readings: &[Versioned<TstReading>],
    rules: &TstRules,
    now: DateTime<Utc>,
) -> Vec<AwaitingReading<'a>> {
    current(administrations)
        .filter(|a| a.content.product.kind == ProductKind::Tuberculin)
        .filter(|a| !current(readings).any(|r| r.content.placement == a.id))
        .filter_map(|placement| {
            let Event::GivenHere(given) = &placement.content.event else {
                return None;
            };
            let window = rules.window(given.at);
            Some(AwaitingReading {
                placement,
                placed_at: given.at,
                window,
                state: window.state(now),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn depo(last: NaiveDate) -> NextDose {
        NextDose {
            patient: PatientId::new(),
            product_id: "medroxyprogesterone_im".into(),
            product_name: "Depo".into(),
            last,
            due: last + Days::new(91),
            late_after: last + Days::new(105),
        }
    }

    #[test]
    fn depo_is_due_at_13_weeks_and_late_after_15() {
        let next = depo(d(2026, 8, 1));
        assert_eq!(next.due, d(2026, 10, 31));
        assert_eq!(next.late_after, d(2026, 11, 14));
        assert_eq!(next.state(d(2026, 10, 30)), DueState::DueIn(1));
        assert_eq!(next.state(d(2026, 10, 31)), DueState::Due);
        assert_eq!(next.state(d(2026, 11, 14)), DueState::Due);
        // Late is counted from the day it was due, not from the cut-off.
        assert_eq!(next.state(d(2026, 11, 15)), DueState::Late(15));
        assert!(
            next.describe(d(2026, 11, 29))
                .starts_with("late: due Oct 31, 2026, 29 days ago")
        );
        assert!(!on_clinic_list(&next, d(2026, 10, 16)));
        assert!(on_clinic_list(&next, d(2026, 10, 17)));
        assert!(on_clinic_list(&next, d(2027, 2, 27)));
        assert!(!on_clinic_list(&next, d(2027, 2, 28)));
    }
}
