//! Vaccine decisions from CDC's CDSi (Clinical Decision Support for Immunization): the
//! supporting data (`supporting`, `data`, `period`), each dose evaluated against the patient
//! series of its antigens (`evaluate`), the best series chosen and what is due forecast
//! (`forecast`), and one answer per vaccine group (`assess`). Pure rules: no I/O, no clock.

pub mod contraindication;
pub mod data;
pub mod evaluate;
pub mod forecast;
pub mod period;
pub mod supporting;

use chrono::NaiveDate;

use crate::clinical::patient::Sex;

use crate::clinical::cdsi::data::{Cvx, Gender, Series, SeriesType};
use crate::clinical::cdsi::evaluate::{Evaluated, Given, Patient, Reason, Status, evaluate};
use crate::clinical::cdsi::forecast::{Forecast, SeriesStatus, forecast};
use crate::clinical::cdsi::supporting::Supporting;

/// A dose as the vaccine group sees it: not valid when any of its antigens says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoseStatus {
    Valid,
    NotValid(Reason),
    Extraneous,
}

impl DoseStatus {
    /// In CDC's words (the test cases' `Evaluation_Status`): a dose past the maximum age is
    /// "Extraneous" there, though it counts for nothing either way.
    pub fn words(self) -> &'static str {
        match self {
            Self::Valid => "Valid",
            Self::NotValid(Reason::TooOld { .. }) | Self::Extraneous => "Extraneous",
            Self::NotValid(_) => "Not Valid",
        }
    }
}

/// A vaccine group for one patient on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupAssessment {
    /// The group's doses, in date order, with their status.
    pub doses: Vec<(Given, DoseStatus)>,
    pub forecast: Forecast,
}

/// Who the patient is, for the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person {
    pub birth: NaiveDate,
    pub gender: Option<Gender>,
}

impl Person {
    /// From the chart: CDSi knows female and male; other and unknown meet no gendered series.
    pub fn new(birth: NaiveDate, sex: Sex) -> Self {
        Self {
            birth,
            gender: match sex {
                Sex::Female => Some(Gender::Female),
                Sex::Male => Some(Gender::Male),
                Sex::Other | Sex::Unknown => None,
            },
        }
    }
}

/// The antigen's doses: those whose vaccine carried it at the age given, in date order.
fn antigen_doses(
    data: &Supporting,
    antigen: &str,
    birth: NaiveDate,
    doses: &[Given],
) -> Vec<Given> {
    let mut found: Vec<Given> = doses
        .iter()
        .filter(|g| {
            data.schedule.cvx.get(&g.cvx).is_some_and(|list| {
                list.iter().any(|a| {
                    a.antigen == antigen
                        && a.begin_age
                            .as_ref()
                            .is_none_or(|b| g.date >= b.after(birth))
                        && a.end_age.as_ref().is_none_or(|e| g.date < e.after(birth))
                })
            })
        })
        .copied()
        .collect();
    found.sort_by_key(|g| g.date);
    found
}

/// The series a patient of this gender may follow. A risk series needs an indication the chart
/// does not yet give the engine, except a product's own series (Twinrix in an adult): a dose of
/// that product says the indication was judged when it was ordered.
fn relevant(
    series: &Series,
    person: Person,
    doses: &[Given],
    standard: &std::collections::BTreeSet<Cvx>,
) -> bool {
    // The product is one the standard series do not prefer (Twinrix, not adult Havrix).
    let product_chosen = || {
        series.product_path
            && doses.iter().any(|g| {
                !standard.contains(&g.cvx)
                    && series
                        .doses
                        .iter()
                        .any(|d| d.preferable.iter().any(|v| v.cvx == g.cvx))
            })
    };
    (series.kind != SeriesType::Risk || product_chosen())
        && (series.gender.is_empty() || person.gender.is_some_and(|g| series.gender.contains(&g)))
}

/// A series evaluated and forecast, as the choice between series sees it.
struct Candidate<'d> {
    /// Its first dose was given after the series' maximum age to start.
    started_late: bool,
    /// The patient is of age to begin it, and its first dose has a recommended age: it can be
    /// begun, not only used to evaluate doses already given.
    startable: bool,
    evaluated: Evaluated<'d>,
    statuses: Vec<(Given, Status)>,
    forecast: Forecast,
}

/// The best of the candidate series: a complete one, else the one furthest along, else one
/// the patient has not aged out of, else the default; ties go to the series' priority and
/// preference.
fn best<'c, 'd>(candidates: &'c [Candidate<'d>]) -> Option<&'c Candidate<'d>> {
    candidates.iter().min_by_key(|c| {
        let e = &c.evaluated;
        // With no dose counted yet the default series is followed while the patient is of
        // age for it; a series whose first dose has no recommended age is for evaluating doses
        // already given, not for starting.
        let unstartable = e.valid_count() == 0 && !c.startable;
        (
            // A series begun after its maximum age to start (HPV's 2-dose series at 25) is
            // not the patient's, however complete it looks.
            c.started_late,
            c.forecast.status != SeriesStatus::Complete,
            // An evaluation-only series (Twinrix's tertiary) counts doses toward a complete
            // series; unfinished, it is never the one to follow.
            e.series.kind == SeriesType::EvaluationOnly,
            std::cmp::Reverse(e.valid_count()),
            // In process with every dose counted, the series nearest completion (CDC's
            // scoring): Heplisav-B's two doses over the default three once it is given. A
            // series that did not count a dose gains nothing here.
            if e.valid_count() > 0 && e.statuses.iter().all(fits_the_series) {
                e.series.doses.len().saturating_sub(e.valid_count())
            } else {
                usize::MAX
            },
            unstartable,
            c.forecast.status == SeriesStatus::AgedOut,
            !e.series.default_series,
            e.series.priority,
            e.series.preference,
        )
    })
}

/// A dose this series could have counted: valid, or not valid only for its timing (too soon,
/// a live-vaccine conflict), not because the series is for another age or product.
fn fits_the_series(status: &Status) -> bool {
    !matches!(
        status,
        Status::NotValid(Reason::TooYoung { .. } | Reason::TooOld { .. } | Reason::NotAllowable)
    )
}

struct AntigenResult {
    statuses: Vec<(Given, Status)>,
    forecast: Forecast,
}

fn assess_antigen(
    data: &Supporting,
    antigen: &str,
    person: Person,
    doses: &[Given],
    assessment: NaiveDate,
) -> Option<AntigenResult> {
    let patient = Patient {
        birth: person.birth,
    };
    let mine = antigen_doses(data, antigen, person.birth, doses);
    let standard: std::collections::BTreeSet<Cvx> = data
        .series_of(antigen)
        .iter()
        .filter(|s| s.kind != SeriesType::Risk)
        .flat_map(|s| &s.doses)
        .flat_map(|d| d.preferable.iter().map(|v| v.cvx))
        .collect();
    let candidates: Vec<Candidate<'_>> = data
        .series_of(antigen)
        .iter()
        .filter(|s| relevant(s, person, &mine, &standard))
        .map(|s| {
            let evaluated = evaluate(data, s, patient, &mine, doses);
            let statuses: Vec<(Given, Status)> = mine
                .iter()
                .copied()
                .zip(evaluated.statuses.clone())
                .collect();
            let forecast = forecast(data, &evaluated, patient, &statuses, doses, assessment);
            let of_age = s
                .min_age_to_start
                .as_ref()
                .is_none_or(|m| assessment >= m.after(person.birth));
            let startable = of_age
                && s.doses
                    .first()
                    .is_some_and(|d| d.ages.iter().any(|a| a.earliest_recommended.is_some()));
            let started_late = mine.first().is_some_and(|first| {
                s.max_age_to_start
                    .as_ref()
                    .is_some_and(|m| first.date >= m.after(person.birth))
            });
            Candidate {
                started_late,
                startable,
                evaluated,
                statuses,
                forecast,
            }
        })
        .collect();
    let chosen = best(&candidates)?;
    let (statuses, mut forecast) = (chosen.statuses.clone(), chosen.forecast.clone());
    // Born before the immunity date: immune, whatever the doses (the data's exclusions, such as
    // health care personnel, are observations the chart does not hold).
    if data
        .antigens
        .get(antigen)
        .and_then(|a| a.immune_if_born_before)
        .is_some_and(|date| person.birth < date)
    {
        forecast = Forecast {
            status: SeriesStatus::Immune,
            dose: None,
            earliest: None,
            recommended: None,
            past_due: None,
        };
    }
    Some(AntigenResult { statuses, forecast })
}

/// Every dose of the group evaluated and the group's forecast on `assessment`. `None` when the
/// group is not one CDSi knows.
pub fn assess(
    data: &Supporting,
    group: &str,
    person: Person,
    doses: &[Given],
    assessment: NaiveDate,
) -> Option<GroupAssessment> {
    let antigens = data.group_antigens(group)?;
    let results: Vec<AntigenResult> = antigens
        .iter()
        .filter_map(|a| assess_antigen(data, a, person, doses, assessment))
        .collect();
    let mut given: Vec<Given> = results
        .iter()
        .flat_map(|r| r.statuses.iter().map(|(g, _)| *g))
        .collect();
    given.sort_by_key(|g| g.date);
    given.dedup();
    let last_dose = given.last().map(|g| g.date);
    let doses = given
        .into_iter()
        .map(|g| {
            let seen = results.iter().flat_map(|r| {
                r.statuses
                    .iter()
                    .filter(move |(d, _)| *d == g)
                    .map(|(_, s)| s)
            });
            let mut status = DoseStatus::Extraneous;
            for s in seen {
                match s {
                    Status::NotValid(reason) => {
                        status = DoseStatus::NotValid(*reason);
                        break;
                    }
                    Status::Valid(_) => status = DoseStatus::Valid,
                    Status::Extraneous => {}
                }
            }
            (g, status)
        })
        .collect();
    Some(GroupAssessment {
        doses,
        forecast: group_forecast(
            results.iter().map(|r| &r.forecast),
            data.schedule
                .groups
                .iter()
                .any(|g| g.name.eq_ignore_ascii_case(group) && g.administer_full_group),
            last_dose,
        ),
    })
}

/// One forecast for the group. A group given whole (MMR) is due at the latest of its antigens'
/// dates; otherwise (DTaP/Tdap/Td) the antigen due first sets the forecast.
fn group_forecast<'f>(
    forecasts: impl Iterator<Item = &'f Forecast>,
    administer_full_group: bool,
    last_dose: Option<NaiveDate>,
) -> Forecast {
    let forecasts: Vec<&Forecast> = forecasts.collect();
    let due: Vec<&Forecast> = forecasts
        .iter()
        .copied()
        .filter(|f| f.status == SeriesStatus::NotComplete)
        .collect();
    if due.is_empty() {
        let status = forecasts
            .iter()
            .map(|f| f.status)
            .max()
            .unwrap_or(SeriesStatus::Complete);
        return Forecast {
            status,
            dose: None,
            earliest: None,
            recommended: None,
            past_due: None,
        };
    }
    if administer_full_group {
        // One dose of the whole group (MMR) serves every antigen still due: it can be given
        // once the last antigen allows it, and is recommended (and past due) as soon as the
        // first antigen is, not before it can be given.
        let earliest = due.iter().filter_map(|f| f.earliest).max();
        let not_before = |d: Option<NaiveDate>| match (d, earliest) {
            (Some(d), Some(e)) => Some(d.max(e)),
            (d, _) => d,
        };
        return Forecast {
            status: SeriesStatus::NotComplete,
            dose: due.iter().filter_map(|f| f.dose).min(),
            earliest,
            recommended: not_before(due.iter().filter_map(|f| f.recommended).min()),
            past_due: not_before(due.iter().filter_map(|f| f.past_due).min()),
        };
    }
    // The antigens due first set the date; among them, the latest recommended and past-due
    // dates (a dose then serves them all). The dose is numbered by the antigen furthest along
    // (a Td after five DTaP is dose 6 of the group though pertussis had five), and nothing is
    // due before the group's last dose (CDC's cases 2013-0035, 2024-0058).
    let first = due.iter().filter_map(|f| f.earliest).min();
    let leading: Vec<&&Forecast> = due.iter().filter(|f| f.earliest == first).collect();
    let earliest = match (first, last_dose) {
        (Some(f), Some(l)) => Some(f.max(l)),
        (f, _) => f,
    };
    let not_before = |d: Option<NaiveDate>| match (d, earliest) {
        (Some(d), Some(e)) => Some(d.max(e)),
        (d, _) => d,
    };
    Forecast {
        status: SeriesStatus::NotComplete,
        dose: due.iter().filter_map(|f| f.dose).max(),
        earliest,
        recommended: not_before(leading.iter().filter_map(|f| f.recommended).max()),
        past_due: not_before(leading.iter().filter_map(|f| f.past_due).max()),
    }
}
