//! A child's measurements on the vitals form against the growth references: each weight,
//! length or height, head circumference and BMI gets its percentile and z-score beside it, and a
//! flag with its reason when it is low, high or has fallen across two major lines; a child of 1
//! to 12 years gets the AAP 2017 blood pressure category from the height percentile.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clinical::growth::blood_pressure::{ChildBpCategory, classify};
use crate::clinical::growth::chart::Measurement;
use crate::clinical::growth::flags::{Direction, GrowthFlag, growth_flags};
use crate::clinical::growth::measure::{GrowthPoint, Measure, ordinal};
use crate::clinical::growth::{
    Child, GestationalAge, GrowthReference, GrowthSex, Position, assess,
};
use crate::clinical::patient::Sex;
use crate::clinical::time::to_local;
use crate::clinical::vitals::check::{Flag, Previous};
use crate::clinical::vitals::flags::Interpretation;
use crate::clinical::vitals::set::VitalsSet;
use crate::clinical::vitals::vital::{HowObtained, Vital};

/// What the check needs to read a child's growth.
#[derive(Clone, Copy, Debug)]
pub struct ChildGrowth<'a> {
    pub reference: &'a GrowthReference,
    pub sex: Sex,
    /// Gestational age at birth, when charted: a premature baby is read at corrected age.
    pub gestation: Option<GestationalAge>,
}

/// This set's values, in canonical units.
#[derive(Clone, Copy, Debug, Default)]
pub struct Measurements {
    pub weight: Option<f64>,
    pub height: Option<f64>,
    pub head: Option<f64>,
    pub bmi: Option<f64>,
    pub systolic: Option<f64>,
    pub diastolic: Option<f64>,
    pub position: Option<Position>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GrowthFindings {
    /// "48th percentile (z −0.05, WHO)", beside each value.
    pub notes: Vec<(Vital, String)>,
    pub flags: Vec<(Vital, Flag)>,
    /// The AAP 2017 category in words, for a child of 1 to 12.
    pub blood_pressure: Option<String>,
}

/// The percentile beside a value: "48th percentile (z −0.1, WHO)"; BMI from the 95th adds CDC's
/// extended figures.
pub fn describe(point: &GrowthPoint) -> String {
    let who = if point.table.is_who() { "WHO" } else { "CDC" };
    let corrected = if point.age.corrected {
        ", corrected age"
    } else {
        ""
    };
    let extended = point.extended_bmi.map_or_else(String::new, |e| {
        format!(
            " · {:.0}% of the 95th, extended {:.1}",
            e.percent_of_95th, e.percentile
        )
    });
    format!(
        "{} percentile (z {:+.1}, {who}{corrected}){extended}",
        ordinal(point.percentile),
        point.z
    )
}

/// A growth flag as the vitals form shows and stores it: L or H, with the reason in words.
fn as_vitals_flag(flag: &GrowthFlag, prefix: &str) -> Flag {
    Flag {
        interpretation: match flag.direction {
            Direction::Low => Interpretation::Low,
            Direction::High => Interpretation::High,
        },
        normal: String::new(),
        reason: Some(format!("{prefix}{}", flag.reason)),
    }
}

struct Reader<'a> {
    growth: ChildGrowth<'a>,
    child: Child,
}

impl<'a> Reader<'a> {
    /// `None` for a sex the references have no table for.
    fn new(growth: ChildGrowth<'a>, birth: NaiveDate) -> Option<Self> {
        Some(Self {
            growth,
            child: Child {
                sex: GrowthSex::of(growth.sex)?,
                birth,
                gestation: growth.gestation,
            },
        })
    }

    fn point(
        &self,
        on: NaiveDate,
        measure: Measure,
        value: f64,
        m: &Measurements,
    ) -> Option<GrowthPoint> {
        assess(
            self.growth.reference,
            &self.child,
            on,
            measure,
            value,
            m.height,
            m.position,
        )
        .ok()
    }
}

fn day(at: DateTime<Utc>) -> NaiveDate {
    to_local(at).date_naive()
}

/// Everything the growth references say about this set, measured on `on`.
pub fn growth_findings(
    growth: ChildGrowth<'_>,
    birth: NaiveDate,
    on: NaiveDate,
    now: &Measurements,
    previous: &Previous,
) -> GrowthFindings {
    let mut out = GrowthFindings::default();
    let Some(reader) = Reader::new(growth, birth) else {
        return out;
    };
    let rules = &growth.reference.rules.flags;
    let earlier = |value: Option<(f64, DateTime<Utc>)>, measure| {
        value.and_then(|(v, at)| {
            let m = Measurements::default();
            reader.point(day(at), measure, v, &m).map(|p| (day(at), p))
        })
    };
    let measures = [
        (
            Vital::Weight,
            Measure::Weight,
            now.weight,
            earlier(
                previous.weight.map(|(w, at)| (w.kilograms(), at)),
                Measure::Weight,
            ),
        ),
        (
            Vital::Height,
            Measure::Length,
            now.height,
            earlier(
                previous.height.map(|(h, at)| (h.centimetres(), at)),
                Measure::Length,
            ),
        ),
        (
            Vital::HeadCircumference,
            Measure::HeadCircumference,
            now.head,
            earlier(
                previous
                    .head_circumference
                    .map(|(h, at)| (h.centimetres(), at)),
                Measure::HeadCircumference,
            ),
        ),
        (Vital::Bmi, Measure::Bmi, now.bmi, None),
    ];
    for (vital, measure, value, before) in measures {
        let Some(point) = value.and_then(|v| reader.point(on, measure, v, now)) else {
            continue;
        };
        out.notes.push((vital, describe(&point)));
        let before = before.as_ref().map(|(d, p)| (*d, p));
        if let Some(flag) = growth_flags(rules, &point, before).into_iter().next() {
            out.flags.push((vital, as_vitals_flag(&flag, "")));
        }
    }
    // Under 24 months WHO also reads the weight against the length: thinness or excess at any
    // age, which BMI-for-age says less well in infants.
    if let (Some(weight), Some(_)) = (now.weight, now.height)
        && let Some(point) = reader.point(on, Measure::WeightForLength, weight, now)
    {
        let words = format!("weight-for-length {}", describe(&point));
        match out.notes.iter_mut().find(|(v, _)| *v == Vital::Weight) {
            Some((_, note)) => {
                note.push_str(" · ");
                note.push_str(&words);
            }
            None => out.notes.push((Vital::Weight, words)),
        }
        let weight_flagged = out.flags.iter().any(|(v, _)| *v == Vital::Weight);
        if !weight_flagged && let Some(flag) = growth_flags(rules, &point, None).into_iter().next()
        {
            out.flags
                .push((Vital::Weight, as_vitals_flag(&flag, "weight-for-length ")));
        }
    }
    if let (Some(systolic), Some(diastolic)) = (now.systolic, now.diastolic) {
        out.blood_pressure_of(&reader, on, now, previous, systolic, diastolic);
    }
    out
}

impl GrowthFindings {
    fn blood_pressure_of(
        &mut self,
        reader: &Reader<'_>,
        on: NaiveDate,
        now: &Measurements,
        previous: &Previous,
        systolic: f64,
        diastolic: f64,
    ) {
        let reference = reader.growth.reference;
        let years = on.years_since(reader.child.birth).unwrap_or(0);
        // This set's height, else the last one charted if recent enough.
        let within = reference.rules.blood_pressure.height_within_days;
        let height = now.height.map(|h| (h, on)).or_else(|| {
            previous
                .height
                .map(|(h, at)| (h.centimetres(), day(at)))
                .filter(|(_, when)| (on - *when).num_days() <= within)
        });
        let height_percentile = height.and_then(|(cm, when)| {
            reader
                .point(when, Measure::Length, cm, &Measurements::default())
                .map(|p| p.percentile)
        });
        let Some(mut bp) = classify(
            &reference.blood_pressure,
            &reference.rules.blood_pressure,
            reader.child.sex,
            years,
            height_percentile,
            systolic,
            diastolic,
        ) else {
            return;
        };
        if let Some((_, when)) = height.filter(|(_, when)| *when != on) {
            bp.height_from = Some(when.format("%b %-d, %Y").to_string());
        }
        self.blood_pressure = Some(bp.describe());
        if bp.category >= ChildBpCategory::Stage1 {
            let (s, d) = if bp.category == ChildBpCategory::Stage2 {
                bp.stage2_from
            } else {
                bp.stage1_from
            };
            for (vital, value, limit) in [
                (Vital::Systolic, systolic, s),
                (Vital::Diastolic, diastolic, d),
            ] {
                if value >= limit {
                    self.flags.push((
                        vital,
                        Flag {
                            interpretation: Interpretation::High,
                            normal: String::new(),
                            reason: Some(format!(
                                "{} for age, sex and height (AAP 2017: from {limit:.0})",
                                bp.category.label().to_lowercase()
                            )),
                        },
                    ));
                }
            }
        }
    }
}

/// The growth chart's measurements from the current vitals sets, oldest first.
pub fn measurements(sets: &[VitalsSet]) -> Vec<Measurement> {
    sets.iter()
        .filter(|s| s.standing.is_current())
        .map(|s| Measurement {
            on: day(s.taken_at),
            weight: s.value(Vital::Weight),
            height: s.value(Vital::Height),
            head: s.value(Vital::HeadCircumference),
            bmi: s.value(Vital::Bmi),
            position: s.context.height_obtained.and_then(HowObtained::position),
        })
        .collect()
}

/// The percentile of each growth measure in one set (for the history table), none for an adult.
pub fn set_percentiles(
    growth: ChildGrowth<'_>,
    birth: NaiveDate,
    set: &VitalsSet,
) -> Vec<(Vital, f64)> {
    let Some(reader) = Reader::new(growth, birth) else {
        return Vec::new();
    };
    let on = day(set.taken_at);
    let now = Measurements {
        height: set.value(Vital::Height),
        position: set.context.height_obtained.and_then(HowObtained::position),
        ..Measurements::default()
    };
    [
        (Vital::Weight, Measure::Weight),
        (Vital::Height, Measure::Length),
        (Vital::HeadCircumference, Measure::HeadCircumference),
        (Vital::Bmi, Measure::Bmi),
    ]
    .into_iter()
    .filter_map(|(vital, measure)| {
        let value = set.value(vital)?;
        reader
            .point(on, measure, value, &now)
            .map(|p| (vital, p.percentile))
    })
    .collect()
}
