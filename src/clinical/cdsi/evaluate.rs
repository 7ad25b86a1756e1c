//! Evaluating one antigen's doses against one patient series (the Logic Specification's
//! chapter 6): each dose against the target dose it could satisfy, for age, interval, vaccine
//! and live-virus conflict, with the 4-day grace that the data's "absolute minimum" carries;
//! conditional skips that say a target dose is not needed.

use chrono::NaiveDate;

use crate::clinical::cdsi::data::{
    AgeLimits, Condition, ConditionalSkip, CountLogic, Cvx, Interval, IntervalFrom, Logic, Series,
    SkipContext, TargetDose, VaccineUse,
};
use crate::clinical::cdsi::period::Period;
use crate::clinical::cdsi::supporting::Supporting;

/// A dose given, as the engine sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Given {
    pub date: NaiveDate,
    pub cvx: Cvx,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Counted, for target dose N (0-based).
    Valid(usize),
    NotValid(Reason),
    /// Given after the series was complete.
    Extraneous,
}

/// Why a dose did not count, with the dates that decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It counts from `valid_from` (the absolute minimum age, grace included).
    TooYoung {
        valid_from: NaiveDate,
    },
    /// The target dose is not given from `limit` on.
    TooOld {
        limit: NaiveDate,
    },
    /// Too soon after the dose of `after`: it counts from `valid_from`.
    TooSoon {
        after: NaiveDate,
        valid_from: NaiveDate,
    },
    NotAllowable,
    /// Another live vaccine was given on `after`; this one counts from `valid_from`.
    LiveVirusConflict {
        after: NaiveDate,
        valid_from: NaiveDate,
    },
    Inadvertent,
}

impl Reason {
    /// In CDC's words (the test cases' `Evaluation_Reason`).
    pub fn words(self) -> &'static str {
        match self {
            Self::TooYoung { .. } => "Age: Too Young",
            Self::TooOld { .. } => "Age: Too Old",
            Self::TooSoon { .. } => "Interval: Too Soon",
            Self::NotAllowable => "Vaccine: Not Allowable",
            Self::LiveVirusConflict { .. } => "Live Virus Conflict",
            Self::Inadvertent => "Inadvertent Administration",
        }
    }
}

/// The patient as the rules need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patient {
    pub birth: NaiveDate,
}

/// One series evaluated: each dose's status, and the target dose reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluated<'d> {
    pub series: &'d Series,
    /// Per antigen dose, in date order.
    pub statuses: Vec<Status>,
    /// The next target dose (0-based); `series.doses.len()` when complete.
    pub next: usize,
    /// The doses that satisfied each target dose so far.
    pub satisfied: Vec<Given>,
}

impl Evaluated<'_> {
    pub fn is_complete(&self) -> bool {
        self.next >= self.series.doses.len()
    }

    pub fn valid_count(&self) -> usize {
        self.satisfied.len()
    }
}

fn on(period: Option<&Period>, from: NaiveDate) -> Option<NaiveDate> {
    period.map(|p| p.after(from))
}

/// The entry in force on `day` among several with effective and cessation dates.
fn in_force<T>(
    items: &[T],
    day: NaiveDate,
    dates: impl Fn(&T) -> (Option<NaiveDate>, Option<NaiveDate>),
) -> impl Iterator<Item = &T> {
    items.iter().filter(move |item| {
        let (effective, cessation) = dates(item);
        effective.is_none_or(|e| day >= e) && cessation.is_none_or(|c| day < c)
    })
}

pub(crate) fn ages_on(dose: &TargetDose, day: NaiveDate) -> Option<&AgeLimits> {
    in_force(&dose.ages, day, |a| (a.effective, a.cessation)).next()
}

pub(crate) fn intervals_on(dose: &TargetDose, day: NaiveDate) -> Vec<&Interval> {
    in_force(&dose.intervals, day, |i| (i.effective, i.cessation)).collect()
}

/// The date an interval counts from, for a dose given after `history`.
pub(crate) fn reference_date(
    interval: &Interval,
    history: &[(Given, Status)],
    satisfied: &[Given],
) -> Option<NaiveDate> {
    match &interval.from {
        IntervalFrom::Previous => history
            .iter()
            .rev()
            .find(|(_, s)| !matches!(s, Status::NotValid(Reason::Inadvertent)))
            .map(|(g, _)| g.date),
        IntervalFrom::TargetDose(n) => satisfied.get(n.checked_sub(1)?).map(|g| g.date),
        IntervalFrom::MostRecent(vaccines) => history
            .iter()
            .rev()
            .find(|(g, _)| vaccines.contains(&g.cvx))
            .map(|(g, _)| g.date),
        IntervalFrom::Observation => None,
    }
}

fn accepts(uses: &[VaccineUse], cvx: Cvx, birth: NaiveDate, day: NaiveDate) -> bool {
    uses.iter().any(|v| {
        v.cvx == cvx
            && on(v.begin_age.as_ref(), birth).is_none_or(|b| day >= b)
            && on(v.end_age.as_ref(), birth).is_none_or(|e| day < e)
    })
}

/// Whether a conditional skip says the target dose is not needed on `day`.
pub(crate) fn skipped(
    dose: &TargetDose,
    context: SkipContext,
    patient: Patient,
    day: NaiveDate,
    history: &[(Given, Status)],
) -> bool {
    dose.skips
        .iter()
        .filter(|s| s.context == context || s.context == SkipContext::Both)
        .any(|skip| skip_met(skip, patient, day, history))
}

fn skip_met(
    skip: &ConditionalSkip,
    patient: Patient,
    day: NaiveDate,
    history: &[(Given, Status)],
) -> bool {
    let sets = in_force(&skip.sets, day, |s| (s.effective, s.cessation));
    let mut results = sets.map(|set| {
        let mut conditions = set
            .conditions
            .iter()
            .map(|c| condition_met(c, patient, day, history));
        match set.logic {
            Logic::And => conditions.all(|m| m),
            Logic::Or => conditions.any(|m| m),
        }
    });
    match skip.logic {
        Logic::And => {
            let all: Vec<bool> = results.collect();
            !all.is_empty() && all.iter().all(|m| *m)
        }
        Logic::Or => results.any(|m| m),
    }
}

fn condition_met(
    condition: &Condition,
    patient: Patient,
    day: NaiveDate,
    history: &[(Given, Status)],
) -> bool {
    match condition {
        Condition::Age { begin, end } => {
            on(begin.as_ref(), patient.birth).is_none_or(|b| day >= b)
                && on(end.as_ref(), patient.birth).is_none_or(|e| day < e)
        }
        Condition::Interval(period) => history
            .last()
            .is_some_and(|(g, _)| day >= period.after(g.date)),
        Condition::VaccineCount {
            count,
            compare,
            valid_only,
            vaccines,
            begin_age,
            end_age,
            start_date,
            end_date,
        } => {
            let counted = history
                .iter()
                .filter(|(g, s)| {
                    (!valid_only || matches!(s, Status::Valid(_)))
                        && (vaccines.is_empty() || vaccines.contains(&g.cvx))
                        && on(begin_age.as_ref(), patient.birth).is_none_or(|b| g.date >= b)
                        && on(end_age.as_ref(), patient.birth).is_none_or(|e| g.date < e)
                        && start_date.is_none_or(|s| g.date >= s)
                        && end_date.is_none_or(|e| g.date < e)
                })
                .count();
            match compare {
                CountLogic::GreaterThan => counted > *count,
                CountLogic::LessThan => counted < *count,
                CountLogic::EqualTo => counted == *count,
            }
        }
        Condition::CompletedSeries => false,
    }
}

/// A live-virus conflict between `given` and an earlier live dose of any antigen: the earlier
/// dose's date and the day the conflict ends.
fn live_conflict(data: &Supporting, given: Given, all: &[Given]) -> Option<(NaiveDate, NaiveDate)> {
    all.iter()
        .filter(|earlier| earlier.date < given.date)
        .find_map(|earlier| {
            let c = data.schedule.live_conflict(earlier.cvx, given.cvx)?;
            // Evaluation allows the 4-day grace ("minimum conflict end"); a forecast does not.
            let end = c.min_end.after(earlier.date);
            (given.date >= c.begin.after(earlier.date) && given.date < end)
                .then_some((earlier.date, end))
        })
}

/// Evaluates `doses` (one antigen's, in date order) against `series`. `all` is every dose the
/// patient had, for live-virus conflicts across antigens.
pub fn evaluate<'d>(
    data: &Supporting,
    series: &'d Series,
    patient: Patient,
    doses: &[Given],
    all: &[Given],
) -> Evaluated<'d> {
    let mut history: Vec<(Given, Status)> = Vec::new();
    let mut satisfied = Vec::new();
    let mut next = 0;
    for &given in doses {
        // Target doses the patient no longer needs at this dose are passed over.
        while let Some(target) = series.doses.get(next)
            && skipped(
                target,
                SkipContext::Evaluation,
                patient,
                given.date,
                &history,
            )
        {
            next += 1;
        }
        let status = match series.doses.get(next) {
            None => Status::Extraneous,
            Some(target) => match check(data, target, patient, given, &history, &satisfied, all) {
                Ok(()) => {
                    satisfied.push(given);
                    let counted = Status::Valid(next);
                    if !target.recurring {
                        next += 1;
                    }
                    counted
                }
                Err(reason) => Status::NotValid(reason),
            },
        };
        history.push((given, status));
    }
    Evaluated {
        series,
        statuses: history.into_iter().map(|(_, s)| s).collect(),
        next,
        satisfied,
    }
}

fn check(
    data: &Supporting,
    target: &TargetDose,
    patient: Patient,
    given: Given,
    history: &[(Given, Status)],
    satisfied: &[Given],
    all: &[Given],
) -> Result<(), Reason> {
    if target.inadvertent.contains(&given.cvx) {
        return Err(Reason::Inadvertent);
    }
    if let Some(ages) = ages_on(target, given.date) {
        let floor = ages.abs_min.as_ref().or(ages.min.as_ref());
        if let Some(valid_from) = on(floor, patient.birth).filter(|m| given.date < *m) {
            return Err(Reason::TooYoung { valid_from });
        }
        if let Some(limit) = on(ages.max.as_ref(), patient.birth).filter(|m| given.date >= *m) {
            return Err(Reason::TooOld { limit });
        }
    }
    let intervals = intervals_on(target, given.date);
    // The dose it is too soon after, and when it would count.
    let too_soon = |interval: &Interval| {
        let floor = interval.abs_min.as_ref().or(interval.min.as_ref())?;
        let after = reference_date(interval, history, satisfied)?;
        let valid_from = floor.after(after);
        (given.date < valid_from).then_some((after, valid_from))
    };
    if let Some((after, valid_from)) = intervals.iter().find_map(|i| too_soon(i)) {
        // An allowable interval, where the data gives one, may still count the dose.
        let allowed = !target.allowable_intervals.is_empty()
            && target
                .allowable_intervals
                .iter()
                .all(|i| too_soon(i).is_none());
        if !allowed {
            return Err(Reason::TooSoon { after, valid_from });
        }
    }
    if let Some((after, valid_from)) = live_conflict(data, given, all) {
        return Err(Reason::LiveVirusConflict { after, valid_from });
    }
    if !accepts(&target.preferable, given.cvx, patient.birth, given.date)
        && !accepts(&target.allowable, given.cvx, patient.birth, given.date)
    {
        return Err(Reason::NotAllowable);
    }
    Ok(())
}
