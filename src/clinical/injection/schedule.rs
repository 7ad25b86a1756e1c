//! The ACIP schedule's word on a vaccine dose about to be given: the dose evaluated by the CDSi
//! engine as if given that day, after the patient's other doses, in each vaccine group it counts
//! toward. A dose that would not count (too young, too old, too soon, a product not for this
//! age, a live-virus conflict) is a finding only a provider's co-signature passes, naming the
//! rule and its dates.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::clinical::cdsi::data::{Cvx, DataError, SeriesType};
use crate::clinical::cdsi::evaluate::{Given, Reason};
use crate::clinical::cdsi::supporting::Supporting;
use crate::clinical::cdsi::{DoseStatus, Person, assess};
use crate::clinical::injection::administration::Administration;
use crate::clinical::injection::catalog::Product;
use crate::clinical::patient::Sex;
use crate::clinical::record::{Versioned, current};

/// CDC's supporting data, read once on first use (about 30 ms): the start of the app does not
/// wait for it, and the window warms it in the background.
#[derive(Default)]
pub struct ScheduleData {
    data: OnceLock<Result<Supporting, DataError>>,
}

impl ScheduleData {
    pub fn get(&self) -> Result<&Supporting, &DataError> {
        self.data.get_or_init(Supporting::built_in).as_ref()
    }
}

/// A CVX as our catalogs write it.
fn cvx(text: Option<&str>) -> Option<Cvx> {
    text?.trim().parse().ok()
}

/// A date as the findings write it: the month spelled, so it cannot be misread.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%b %-d, %Y").to_string()
}

/// The vaccine doses on the chart as the engine reads them: each current dose given (not a
/// refusal) with a CVX, that `keep` keeps.
pub(crate) fn chart_doses(
    past: &[Versioned<Administration>],
    keep: impl Fn(&Versioned<Administration>) -> bool,
) -> Vec<Given> {
    current(past)
        .filter(|a| a.content.was_given() && keep(a))
        .filter_map(|a| {
            Some(Given {
                date: a.content.day(),
                cvx: cvx(a.content.product.cvx.as_deref())?,
            })
        })
        .collect()
}

/// Why the dose would not count, in words with its dates.
fn explain(reason: Reason, on: NaiveDate, group: &str, product: &str) -> String {
    match reason {
        Reason::TooYoung { valid_from } => format!(
            "{group}: too young for {product} on {}: the minimum age is reached {}",
            day(on),
            day(valid_from)
        ),
        Reason::TooOld { limit } => format!(
            "{group}: past the maximum age for this dose ({}): ACIP does not recommend it now",
            day(limit)
        ),
        Reason::TooSoon { after, valid_from } => format!(
            "{group}: too soon after the dose of {}: it counts from {} (this would be day {}, {} days needed)",
            day(after),
            day(valid_from),
            (on - after).num_days(),
            (valid_from - after).num_days()
        ),
        Reason::NotAllowable => {
            format!("{group}: {product} is not a vaccine for this dose at the patient's age")
        }
        Reason::LiveVirusConflict { after, valid_from } => format!(
            "{group}: a live vaccine given {} conflicts until {}: give live vaccines the same day or 4 weeks apart",
            day(after),
            day(valid_from)
        ),
        Reason::Inadvertent => format!("{group}: {product} is not given for this series"),
    }
}

/// What the schedule says of the proposed dose in one vaccine group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleFinding {
    /// It would not count, for the reason in the words.
    NotValid(String),
    /// The series is already complete: the dose is not needed.
    NotNeeded(String),
    /// The dose would count, but CDC lists the product only as allowable at this age, not
    /// preferred (an adult formulation for a child).
    NotPreferred(String),
}

/// Whether any target dose of the group's series prefers this vaccine at this age.
fn preferred(data: &Supporting, group: &str, cvx: Cvx, birth: NaiveDate, on: NaiveDate) -> bool {
    data.group_antigens(group)
        .unwrap_or_default()
        .iter()
        .flat_map(|a| data.series_of(a))
        // Risk series need an indication, but a product's own series (Twinrix) is chosen with it.
        .filter(|s| s.kind != SeriesType::Risk || s.product_path)
        // A series the patient is not yet of age to begin (the adolescent Hep B series for a
        // child of 6) says nothing of what is preferred now.
        .filter(|s| {
            s.doses.first().is_none_or(|d| {
                d.ages.iter().any(|a| {
                    a.abs_min
                        .as_ref()
                        .or(a.min.as_ref())
                        .is_none_or(|f| on >= f.after(birth))
                })
            })
        })
        .flat_map(|s| &s.doses)
        // Only target doses the patient is of age for.
        .filter(|d| {
            d.ages.iter().any(|a| {
                let floor = a.abs_min.as_ref().or(a.min.as_ref());
                floor.is_none_or(|f| on >= f.after(birth))
                    && a.max.as_ref().is_none_or(|m| on < m.after(birth))
            })
        })
        .flat_map(|d| &d.preferable)
        .any(|v| {
            v.cvx == cvx
                && v.begin_age.as_ref().is_none_or(|b| on >= b.after(birth))
                && v.end_age.as_ref().is_none_or(|e| on < e.after(birth))
        })
}

/// Whether the schedule prefers this product for a patient born `birth` on `on`, in any vaccine
/// group it counts toward: how product suggestions rank what fits the patient first. A product
/// the schedule does not know (a drug) fits.
pub fn fits_age(data: &Supporting, cvx: Option<&str>, birth: NaiveDate, on: NaiveDate) -> bool {
    let Some(cvx) = self::cvx(cvx) else {
        return true;
    };
    let groups: Vec<&str> = data.groups_of(cvx).collect();
    groups.is_empty() || groups.iter().any(|g| preferred(data, g, cvx, birth, on))
}

/// The ages the schedule prefers a product at, in words ("from 10 years", "6 weeks to 7
/// years"), for the suggestion line; `None` when it does not know the product.
pub fn preferred_ages(data: &Supporting, cvx: Option<&str>) -> Option<String> {
    let cvx = self::cvx(cvx)?;
    let uses: Vec<_> = data
        .antigens
        .values()
        .flat_map(|a| &a.series)
        .filter(|s| s.kind != SeriesType::Risk || s.product_path)
        .flat_map(|s| &s.doses)
        .flat_map(|d| &d.preferable)
        .filter(|v| v.cvx == cvx)
        .collect();
    if uses.is_empty() {
        return None;
    }
    // The youngest start and the oldest end; an open end wins.
    let reference = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    let begin = uses
        .iter()
        .map(|v| v.begin_age.as_ref())
        .min_by_key(|b| b.map(|p| p.after(reference)));
    let end = uses
        .iter()
        .map(|v| v.end_age.as_ref())
        .max_by_key(|e| e.map_or(NaiveDate::MAX, |p| p.after(reference)));
    let begin = begin.flatten().filter(|b| b.after(reference) > reference);
    Some(match (begin, end.flatten()) {
        (None, None) => "any age".to_owned(),
        (Some(b), None) => format!("from {b}"),
        (None, Some(e)) => format!("under {e}"),
        (Some(b), Some(e)) => format!("{b} to {e}"),
    })
}

/// The rules' findings for `product` given on `on` to a patient born `birth`, after `past`
/// (every version of their administrations; `replaces` is the one being corrected). `None`
/// when the product is not a vaccine the schedule knows.
pub fn schedule_findings(
    data: &Supporting,
    product: &Product,
    on: NaiveDate,
    birth: NaiveDate,
    sex: Sex,
    past: &[Versioned<Administration>],
    replaces: Option<crate::clinical::ids::RecordId>,
) -> Option<Vec<ScheduleFinding>> {
    let proposed = Given {
        date: on,
        cvx: cvx(product.cvx.as_deref())?,
    };
    let groups: Vec<&str> = data.groups_of(proposed.cvx).collect();
    if groups.is_empty() {
        return None;
    }
    let mut doses = chart_doses(past, |a| Some(a.id) != replaces);
    doses.push(proposed);
    doses.sort_by_key(|g| g.date);
    let person = Person::new(birth, sex);
    let mut facts = Vec::new();
    for group in groups {
        let Some(found) = assess(data, group, person, &doses, on) else {
            continue;
        };
        // The proposed dose is the last of its day in the list.
        let status = found
            .doses
            .iter()
            .rev()
            .find(|(g, _)| *g == proposed)
            .map(|(_, s)| *s);
        match status {
            // A second dose the same day is the same-day check's to say.
            Some(DoseStatus::NotValid(Reason::TooSoon { after, .. })) if after == on => {}
            Some(DoseStatus::NotValid(reason)) => facts.push(ScheduleFinding::NotValid(explain(
                reason,
                on,
                group,
                &product.name,
            ))),
            Some(DoseStatus::Extraneous) => facts.push(ScheduleFinding::NotNeeded(format!(
                "{group}: the series is already complete; this dose is not needed"
            ))),
            Some(DoseStatus::Valid) if !preferred(data, group, proposed.cvx, birth, on) => {
                facts.push(ScheduleFinding::NotPreferred(format!(
                    "{group}: {} is not a product CDC prefers at the patient's age (allowable: the dose would count); check the formulation ordered",
                    product.name
                )));
            }
            _ => {}
        }
    }
    Some(facts)
}
