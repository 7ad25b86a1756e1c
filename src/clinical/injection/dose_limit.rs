//! How much of a drug a patient may be given for their age and weight, as its label says: the
//! limits in `therapeutic_injections.toml`, the most a dose may be for this patient, and the dose
//! the form offers first.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clinical::age::{Age, AgeThreshold};
use crate::clinical::injection::dose::Dose;
use crate::clinical::units::Mass;

/// One limit of a drug's label: when it applies (every condition given must hold) and how much
/// it allows.
#[derive(Clone, Debug, PartialEq)]
pub struct DoseLimit {
    /// From this age on.
    pub from_age: Option<AgeThreshold>,
    /// Below this age.
    pub under_age: Option<AgeThreshold>,
    /// Below this weight, in kilograms.
    pub under_kg: Option<f64>,
    /// At most this much for each kilogram of body weight.
    pub per_kg: Option<Dose>,
    /// At most this much whatever the weight.
    pub max: Dose,
    /// Who says so, shown with the finding.
    pub source: String,
}

/// A drug refused below an age, with the reason the label gives.
#[derive(Clone, Debug, PartialEq)]
pub struct AgeFloor {
    pub age: AgeThreshold,
    pub reason: String,
}

/// What the limits read of the patient.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DosingBasis {
    pub age: Option<Age>,
    /// The latest weight on the chart and when it was taken.
    pub weight: Option<(Mass, DateTime<Utc>)>,
}

/// The most this patient may be given, and the limit that says so.
#[derive(Clone, Debug, PartialEq)]
pub struct Allowed<'a> {
    pub max: Dose,
    pub limit: &'a DoseLimit,
    /// "0.01 mg/kg × 12.4 kg" when the weight set it.
    pub worked: Option<String>,
}

/// What the limits make of a patient.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limit<'a> {
    /// The strictest limit the chart lets us work out, if any applies.
    pub allowed: Option<Allowed<'a>>,
    /// Limits that may apply but need a weight the chart does not have.
    pub needs_weight: Vec<&'a DoseLimit>,
}

impl Limit<'_> {
    /// The limits a dose of `dose` may break that no weight lets us check: a limit by weight
    /// alone ("under 50 kg: 30 mg") is kept by any dose within it.
    pub fn unchecked(&self, dose: Dose) -> impl Iterator<Item = &DoseLimit> {
        self.needs_weight
            .iter()
            .copied()
            .filter(move |l| l.per_kg.is_some() || dose.unit != l.max.unit || dose > l.max)
    }
}

impl DoseLimit {
    /// Whether the age conditions hold; an unknown age takes the limit, the safer side.
    fn applies_at(&self, age: Option<Age>) -> bool {
        let Some(age) = age else { return true };
        self.from_age.is_none_or(|t| age.has_reached(t))
            && self.under_age.is_none_or(|t| !age.has_reached(t))
    }

    /// What this limit allows a patient of `kg` (if known): `None` when it does not apply.
    fn allows(&self, kg: Option<f64>) -> Option<Result<(Dose, Option<String>), ()>> {
        match (self.under_kg, kg) {
            (Some(_), None) => return Some(Err(())),
            (Some(under), Some(kg)) if kg >= under => return None,
            _ => {}
        }
        let Some(per_kg) = self.per_kg else {
            return Some(Ok((self.max, None)));
        };
        let Some(kg) = kg else { return Some(Err(())) };
        // Rounded down to the thousandth the dose is kept in: never above the limit. A weight
        // is positive and finite (the vitals check refuses others), so the cast cannot wrap.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let by_weight = Dose {
            thousandths: (per_kg.thousandths as f64 * kg).floor().max(0.0) as u64,
            unit: per_kg.unit,
        };
        let worked = format!("{per_kg}/kg × {} kg", round_tenth(kg));
        Some(Ok(if by_weight.thousandths < self.max.thousandths {
            (by_weight, Some(worked))
        } else {
            (self.max, None)
        }))
    }

    /// "from 65 years", "under 50 kg", "under 12 years": when it applies, in words.
    pub fn when(&self) -> String {
        let mut when = Vec::new();
        if let Some(age) = self.from_age {
            when.push(format!("from {age}"));
        }
        if let Some(age) = self.under_age {
            when.push(format!("under {age}"));
        }
        if let Some(kg) = self.under_kg {
            when.push(format!("under {} kg", round_tenth(kg)));
        }
        if when.is_empty() {
            "for everyone".to_owned()
        } else {
            when.join(", ")
        }
    }
}

fn round_tenth(kg: f64) -> f64 {
    (kg * 10.0).round() / 10.0
}

/// The strictest limit that applies to the patient, and those that need a weight.
pub fn limit(limits: &[DoseLimit], basis: DosingBasis) -> Limit<'_> {
    let kg = basis.weight.map(|(w, _)| w.kilograms());
    let mut found = Limit::default();
    for limit in limits.iter().filter(|l| l.applies_at(basis.age)) {
        match limit.allows(kg) {
            Some(Err(())) => found.needs_weight.push(limit),
            Some(Ok((max, worked))) if found.allowed.as_ref().is_none_or(|s| max < s.max) => {
                found.allowed = Some(Allowed { max, limit, worked });
            }
            None | Some(Ok(_)) => {}
        }
    }
    found
}

/// The dose the form offers first: the first usual dose within the patient's limit, else the
/// limit itself when the weight set it (0.12 mg of epinephrine for a 12 kg child), else the first
/// usual dose (the check then says why it is too much).
pub fn suggested_dose(usual: &[Dose], limits: &[DoseLimit], basis: DosingBasis) -> Option<Dose> {
    match limit(limits, basis).allowed {
        Some(allowed) => usual
            .iter()
            .find(|d| d.unit == allowed.max.unit && **d <= allowed.max)
            .copied()
            .or_else(|| allowed.worked.is_some().then_some(allowed.max))
            .or_else(|| usual.first().copied()),
        None => usual.first().copied(),
    }
}

/// Whether the weight is older than a child's dose should trust (`fresh_days`, the drug
/// file's), to say so.
pub fn weight_is_stale(taken: DateTime<Utc>, day: NaiveDate, fresh_days: i64) -> bool {
    (day - taken.date_naive()).num_days() > fresh_days
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn dose(text: &str) -> Dose {
        Dose::parse(text).unwrap()
    }

    fn basis(years: i32, kg: Option<f64>) -> DosingBasis {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let birth = NaiveDate::from_ymd_opt(2026 - years, 6, 1).unwrap();
        DosingBasis {
            age: Age::on(birth, today),
            weight: kg.map(|kg| (Mass::from_kilograms(kg), Utc::now())),
        }
    }

    fn epinephrine() -> Vec<DoseLimit> {
        vec![
            DoseLimit {
                from_age: Some("12 years".parse().unwrap()),
                under_age: None,
                under_kg: None,
                per_kg: Some(dose("0.01 mg")),
                max: dose("0.5 mg"),
                source: "adults".into(),
            },
            DoseLimit {
                from_age: None,
                under_age: Some("12 years".parse().unwrap()),
                under_kg: None,
                per_kg: Some(dose("0.01 mg")),
                max: dose("0.3 mg"),
                source: "children".into(),
            },
        ]
    }

    #[test]
    fn a_weight_based_limit_is_capped_by_age() {
        let limits = epinephrine();
        let max = |b| limit(&limits, b).allowed.unwrap().max;
        assert_eq!(max(basis(3, Some(12.4))), dose("0.124 mg"));
        assert_eq!(max(basis(8, Some(40.0))), dose("0.3 mg"), "a child's cap");
        assert_eq!(max(basis(30, Some(80.0))), dose("0.5 mg"), "an adult's cap");
        assert_eq!(max(basis(30, Some(40.0))), dose("0.4 mg"));
        let unweighed = limit(&limits, basis(3, None));
        assert!(unweighed.allowed.is_none());
        assert_eq!(unweighed.unchecked(dose("0.1 mg")).count(), 1);
    }

    #[test]
    fn the_suggested_dose_fits_the_patient() {
        let usual = [dose("0.3 mg"), dose("0.5 mg"), dose("0.15 mg")];
        let limits = epinephrine();
        assert_eq!(
            suggested_dose(&usual, &limits, basis(3, Some(10.0))),
            Some(dose("0.1 mg")),
            "no usual dose fits a 10 kg toddler: the weight's dose"
        );
        assert_eq!(
            suggested_dose(&usual, &limits, basis(6, Some(20.0))),
            Some(dose("0.15 mg"))
        );
        assert_eq!(
            suggested_dose(&usual, &limits, basis(40, Some(90.0))),
            Some(dose("0.3 mg"))
        );
    }

    #[test]
    fn a_weight_threshold_applies_only_below_it() {
        let limits = vec![DoseLimit {
            from_age: None,
            under_age: None,
            under_kg: Some(50.0),
            per_kg: None,
            max: dose("30 mg"),
            source: "label".into(),
        }];
        assert_eq!(limit(&limits, basis(40, Some(70.0))), Limit::default());
        assert!(limit(&limits, basis(40, Some(45.0))).allowed.is_some());
        let unweighed = limit(&limits, basis(40, None));
        assert_eq!(
            unweighed.unchecked(dose("30 mg")).count(),
            0,
            "30 mg keeps the limit whatever the weight"
        );
        assert_eq!(unweighed.unchecked(dose("60 mg")).count(), 1);
    }
}
