//! What is due next in an evaluated series (the Logic Specification's chapter 7): the next
//! target dose the patient still needs, and its earliest, recommended and past-due dates; or
//! that the series is complete or aged out.

use chrono::NaiveDate;

use crate::clinical::cdsi::data::{Cvx, SkipContext};
use crate::clinical::cdsi::evaluate::{
    Evaluated, Given, Patient, Status, ages_on, intervals_on, reference_date, skipped,
};
use crate::clinical::cdsi::supporting::Supporting;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeriesStatus {
    NotComplete,
    Complete,
    AgedOut,
    /// Evidence of immunity: born before the antigen's immunity date (measles: 1957).
    Immune,
}

impl SeriesStatus {
    /// In CDC's words (the test cases' `Series_Status`).
    pub fn words(self) -> &'static str {
        match self {
            Self::NotComplete => "Not complete",
            Self::Complete => "Complete",
            Self::AgedOut => "Aged out",
            Self::Immune => "Immune",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    pub status: SeriesStatus,
    /// Which dose of the series is due next, 1-based: the doses counted so far and one. Target
    /// doses passed over by a skip are not counted (a 7-year-old's third dose of tetanus is
    /// "dose 3" though it is the series' eighth target dose).
    pub dose: Option<usize>,
    pub earliest: Option<NaiveDate>,
    pub recommended: Option<NaiveDate>,
    pub past_due: Option<NaiveDate>,
}

impl Forecast {
    fn only(status: SeriesStatus) -> Self {
        Self {
            status,
            dose: None,
            earliest: None,
            recommended: None,
            past_due: None,
        }
    }
}

/// The forecast of `evaluated` on `assessment`. `history` is the antigen's doses with their
/// statuses in this series; `all` every dose the patient had, for live-virus conflicts.
pub fn forecast(
    data: &Supporting,
    evaluated: &Evaluated<'_>,
    patient: Patient,
    history: &[(Given, Status)],
    all: &[Given],
    assessment: NaiveDate,
) -> Forecast {
    let doses = &evaluated.series.doses;
    let skips_on = |next: usize, on: NaiveDate| {
        doses
            .get(next)
            .is_some_and(|t| skipped(t, SkipContext::Forecast, patient, on, history))
    };
    let mut next = evaluated.next;
    while skips_on(next, assessment) {
        next += 1;
    }
    // A target dose the patient would skip by the day it could first be given (a child who
    // turns 7, or 12 months, before then) gives way to the next (CDC's cases 2013-0091, 0292).
    loop {
        let found = forecast_target(data, evaluated, patient, history, all, assessment, next);
        match found.earliest {
            Some(earliest) if earliest > assessment && skips_on(next, earliest) => next += 1,
            _ => return found,
        }
    }
}

fn forecast_target(
    data: &Supporting,
    evaluated: &Evaluated<'_>,
    patient: Patient,
    history: &[(Given, Status)],
    all: &[Given],
    assessment: NaiveDate,
    next: usize,
) -> Forecast {
    let doses = &evaluated.series.doses;
    let Some(target) = doses.get(next) else {
        return Forecast::only(SeriesStatus::Complete);
    };
    let birth = patient.birth;
    let ages = ages_on(target, assessment);
    if ages
        .and_then(|a| a.max.as_ref())
        .is_some_and(|max| assessment >= max.after(birth))
    {
        return Forecast::only(SeriesStatus::AgedOut);
    }
    let intervals = intervals_on(target, assessment);
    let from = |i: &&crate::clinical::cdsi::data::Interval| {
        reference_date(i, history, &evaluated.satisfied)
    };
    let age_date = |p: Option<&crate::clinical::cdsi::period::Period>| p.map(|p| p.after(birth));
    // The earliest date is the latest of what the age and every interval allow.
    let mut earliest = age_date(ages.and_then(|a| a.min.as_ref())).unwrap_or(birth);
    for interval in &intervals {
        if let (Some(from), Some(min)) = (from(interval), &interval.min) {
            earliest = earliest.max(min.after(from));
        }
    }
    // The recommended and latest dates come from the age; an interval gives them only where the
    // age does not (CDC's cases: an interval marked "override" still yields to the age here,
    // the earliest date being the floor of both).
    let by_interval = |pick: fn(
        &crate::clinical::cdsi::data::Interval,
    ) -> Option<&crate::clinical::cdsi::period::Period>| {
        intervals
            .iter()
            .filter_map(|i| Some(pick(i)?.after(from(i)?)))
            .max()
    };
    let by_age_or_interval = |age: Option<NaiveDate>, interval: Option<NaiveDate>| age.or(interval);
    // Never before the last dose given, whatever it counted for (an inadvertent dose too).
    if let Some((last, _)) = history.last() {
        earliest = earliest.max(last.date);
    }
    // A live vaccine is not due while an earlier live dose conflicts with any of its products.
    // (Any of the target's preferable products, whatever the age today: a child not yet of age
    // for MMR still waits out the conflict of an MMR given too young.)
    let candidates: Vec<Cvx> = target.preferable.iter().map(|v| v.cvx).collect();
    if let Some(clear) = candidates
        .iter()
        .map(|&cvx| {
            all.iter()
                .filter_map(|earlier| {
                    data.schedule
                        .live_conflict(earlier.cvx, cvx)
                        .map(|c| c.end.after(earlier.date))
                })
                .max()
        })
        .max()
        .flatten()
    {
        earliest = earliest.max(clear);
    }
    // A seasonal dose is not due before its season opens, and the season's doses count anew.
    let season_start = target.season.map(|(start, _)| start);
    if let Some(start) = season_start {
        earliest = earliest.max(start);
    }
    let recommended = by_age_or_interval(
        age_date(ages.and_then(|a| a.earliest_recommended.as_ref())),
        by_interval(|i| i.earliest_recommended.as_ref()),
    )
    .map_or(earliest, |r| r.max(earliest));
    let latest = by_age_or_interval(
        age_date(ages.and_then(|a| a.latest_recommended.as_ref())),
        by_interval(|i| i.latest_recommended.as_ref()),
    );
    Forecast {
        status: SeriesStatus::NotComplete,
        dose: Some(
            season_start.map_or(evaluated.valid_count(), |start| {
                evaluated
                    .satisfied
                    .iter()
                    .filter(|g| g.date >= start)
                    .count()
            }) + 1,
        ),
        earliest: Some(earliest),
        recommended: Some(recommended),
        // The day before the latest recommended date, and never before the recommended one.
        past_due: latest
            .and_then(|l| l.pred_opt())
            .map(|p| p.max(recommended)),
    }
}
