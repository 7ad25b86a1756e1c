//! Checks a vitals form on every keystroke: reads each entry, applies the three tiers of the
//! reference table for the patient's age (refuse, confirm, flag) and the rules across fields,
//! and, when nothing blocks, builds the set to store.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::clinical::age::Age;
use crate::clinical::entry::{parse_length, parse_mass, parse_plain, parse_temperature};
use crate::clinical::ids::VitalsId;
use crate::clinical::time::{parse_local_date_time, to_local};
use crate::clinical::units::{
    EnteredUnit, Length, LengthUnit, Mass, MassUnit, Temperature, TemperatureUnit,
};
use crate::clinical::vitals::categories::{
    BloodPressureMeaning, BmiMeaning, blood_pressure_category, bmi_meaning, body_mass_index,
};
use crate::clinical::vitals::draft::VitalsDraft;
use crate::clinical::vitals::flags::Interpretation;
use crate::clinical::vitals::growth_check::{ChildGrowth, Measurements, growth_findings};
use crate::clinical::vitals::problems::{
    NotReady, VitalsError, VitalsField, VitalsWarning, in_words,
};
use crate::clinical::vitals::reference::{Band, ReferenceTable, number};
use crate::clinical::vitals::set::{
    Entered, Measured, NewVitals, Observation, ObservationResult, VitalsContext, VitalsSet,
};
use crate::clinical::vitals::vital::{HowObtained, OxygenDelivery, Vital, VitalGroup};

/// The last weight and height on the chart, for the change checks and an adult's BMI.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Previous {
    pub weight: Option<(Mass, DateTime<Utc>)>,
    pub height: Option<(Length, DateTime<Utc>)>,
    /// For a child's head growth across percentile lines.
    pub head_circumference: Option<(Length, DateTime<Utc>)>,
}

impl Previous {
    /// The latest weight and height in the current chart, leaving out the set being corrected.
    pub fn from_history(sets: &[VitalsSet], leaving_out: Option<VitalsId>) -> Self {
        let mut previous = Self::default();
        let current = sets
            .iter()
            .filter(|s| s.standing.is_current() && Some(s.id) != leaving_out);
        for set in current {
            if let Some(kg) = set.value(Vital::Weight)
                && previous.weight.is_none_or(|(_, at)| set.taken_at >= at)
            {
                previous.weight = Some((Mass::from_kilograms(kg), set.taken_at));
            }
            if let Some(cm) = set.value(Vital::Height)
                && previous.height.is_none_or(|(_, at)| set.taken_at >= at)
            {
                previous.height = Some((Length::from_centimetres(cm), set.taken_at));
            }
            if let Some(cm) = set.value(Vital::HeadCircumference)
                && previous
                    .head_circumference
                    .is_none_or(|(_, at)| set.taken_at >= at)
            {
                previous.head_circumference = Some((Length::from_centimetres(cm), set.taken_at));
            }
        }
        previous
    }
}

/// What the check needs besides the form.
#[derive(Clone, Copy, Debug)]
pub struct CheckContext<'a> {
    pub table: &'a ReferenceTable,
    pub birth_date: NaiveDate,
    /// Now, in the workstation's time zone (a bare "14:32" is today there).
    pub now: DateTime<FixedOffset>,
    pub previous: Previous,
    /// When the visit the set is charted in started: a time before it asks for confirmation.
    pub visit_started: Option<DateTime<Utc>>,
    /// A child's growth references, sex and gestational age; `None` reads no percentiles.
    pub growth: Option<ChildGrowth<'a>>,
}

/// A flag with the range it was judged against, for showing beside the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub interpretation: Interpretation,
    pub normal: String,
    /// Why, when a range does not say it: "below the 3rd percentile (2nd, z −2.1)".
    pub reason: Option<String>,
}

/// Everything the form shows and whether it can be saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckedVitals {
    pub errors: BTreeMap<VitalsField, VitalsError>,
    pub warnings: BTreeMap<Vital, VitalsWarning>,
    pub confirmed: BTreeSet<Vital>,
    pub flags: BTreeMap<Vital, Flag>,
    /// The live conversion or meaning beside a field: "= 159.8 lb", "Stage 1 hypertension".
    pub notes: BTreeMap<Vital, String>,
    /// Whether head circumference is asked at this age.
    pub head_circumference_offered: bool,
    /// The computed BMI, shown even though it is never typed.
    pub bmi: Option<f64>,
    pub age_band: Option<String>,
    pub vitals: Option<NewVitals>,
    /// The time taken is before the visit started (a set from another visit, or a typo).
    pub before_visit: Option<String>,
    /// ...and the MA confirmed that time.
    pub before_visit_confirmed: bool,
}

impl CheckedVitals {
    pub fn unconfirmed(&self) -> impl Iterator<Item = Vital> + '_ {
        self.warnings
            .keys()
            .copied()
            .filter(|v| !self.confirmed.contains(v))
    }

    /// The set to store, or why it cannot be stored yet.
    pub fn ready(&self) -> Result<&NewVitals, NotReady> {
        if !self.errors.is_empty() {
            return Err(NotReady::Errors(self.errors.len()));
        }
        let unconfirmed = self.unconfirmed().count();
        if unconfirmed > 0 {
            return Err(NotReady::Unconfirmed(unconfirmed));
        }
        if self.before_visit.is_some() && !self.before_visit_confirmed {
            return Err(NotReady::TimeUnconfirmed);
        }
        self.vitals.as_ref().ok_or(NotReady::Empty)
    }
}

/// A value read from the form in canonical units.
#[derive(Clone, Copy, Debug)]
struct Reading {
    canonical: f64,
    unit: EnteredUnit,
}

struct Checker<'a> {
    draft: &'a VitalsDraft,
    cx: CheckContext<'a>,
    age: Age,
    band: Option<&'a Band>,
    out: CheckedVitals,
    readings: BTreeMap<Vital, Reading>,
}

pub fn check(draft: &VitalsDraft, cx: CheckContext<'_>) -> CheckedVitals {
    let mut out = CheckedVitals::default();
    let taken_at = check_taken_at(draft, cx)
        .map_err(|e| out.errors.insert(VitalsField::TakenAt, e))
        .ok();
    if let (Some(at), Some(started)) = (taken_at, cx.visit_started)
        && at < started
    {
        out.before_visit = Some(format!(
            "this is before the visit started ({}): re-check the time, then confirm",
            crate::clinical::time::format_local_date_time(started)
        ));
        out.before_visit_confirmed = draft.taken_at_confirmed.trim() == draft.taken_at.trim();
    }
    let on = taken_at.map_or(cx.now.date_naive(), |t| to_local(t).date_naive());
    // Before birth is an error above; judge the values at birth so the rest still checks.
    let Some(age) = Age::on(cx.birth_date, on.max(cx.birth_date)) else {
        return out;
    };
    let band = cx.table.band(age);
    out.age_band = band.map(|b| b.label.clone());
    out.head_circumference_offered =
        !age.has_reached(cx.table.cross_checks.head_circumference_until);
    let mut checker = Checker {
        draft,
        cx,
        age,
        band,
        out,
        readings: BTreeMap::new(),
    };
    checker.read_all();
    checker.cross_checks();
    checker.bmi();
    checker.growth(on);
    checker.build(taken_at);
    checker.out
}

fn check_taken_at(draft: &VitalsDraft, cx: CheckContext<'_>) -> Result<DateTime<Utc>, VitalsError> {
    let text = draft.taken_at.trim();
    if text.is_empty() {
        return Err(VitalsError::TakenAtMissing);
    }
    let at = parse_local_date_time(text, cx.now)
        .ok_or_else(|| VitalsError::TakenAtUnreadable(text.to_owned()))?;
    if at > cx.now.with_timezone(&Utc) {
        return Err(VitalsError::TakenAtInFuture);
    }
    if to_local(at).date_naive() < cx.birth_date {
        return Err(VitalsError::TakenAtBeforeBirth);
    }
    Ok(at)
}

impl Checker<'_> {
    fn error(&mut self, vital: Vital, error: VitalsError) {
        self.out
            .errors
            .entry(VitalsField::Vital(vital))
            .or_insert(error);
    }

    fn read_all(&mut self) {
        for group in VitalGroup::ALL {
            if let Some(not_obtained) = self.draft.not_obtained.get(&group) {
                if group
                    .vitals()
                    .iter()
                    .any(|v| !self.draft.text(*v).trim().is_empty())
                {
                    self.out.errors.insert(
                        VitalsField::NotObtained(group),
                        VitalsError::ValueAndNotObtained,
                    );
                } else if not_obtained.reason.is_none() {
                    self.out
                        .errors
                        .insert(VitalsField::NotObtained(group), VitalsError::ReasonMissing);
                }
                continue;
            }
            for vital in group.vitals() {
                self.read(*vital);
            }
        }
        self.read_oxygen_flow();
    }

    fn read(&mut self, vital: Vital) {
        let text = self.draft.text(vital).trim();
        if text.is_empty() {
            return;
        }
        if vital == Vital::HeadCircumference && !self.out.head_circumference_offered {
            let limit = self
                .cx
                .table
                .cross_checks
                .head_circumference_until
                .to_string();
            self.error(vital, VitalsError::HeadCircumferenceTooOld { limit });
            return;
        }
        let reading = match self.parse(vital, text) {
            Ok(reading) => reading,
            Err(error) => return self.error(vital, error),
        };
        if let Some(note) = conversion_note(vital, reading) {
            self.out.notes.insert(vital, note);
        }
        if self.tiers(vital, reading) {
            self.readings.insert(vital, reading);
        }
    }

    fn parse(&self, vital: Vital, text: &str) -> Result<Reading, VitalsError> {
        let units = self.draft.units;
        let (canonical, unit) = match vital {
            Vital::Temperature => {
                let (t, unit) = parse_temperature(text, units.temperature)?;
                let [from, to] = self.cx.table.cross_checks.fahrenheit_typed_as_celsius;
                if unit == EnteredUnit::Celsius && (from..=to).contains(&t.celsius()) {
                    return Err(VitalsError::LooksLikeFahrenheit {
                        typed: number(t.celsius()),
                    });
                }
                (t.celsius(), unit)
            }
            Vital::Weight => parse_mass(text, units.weight).map(|(m, u)| (m.kilograms(), u))?,
            Vital::Height => parse_length(text, units.height).map(|(l, u)| (l.centimetres(), u))?,
            Vital::HeadCircumference => {
                parse_length(text, units.head_circumference).map(|(l, u)| (l.centimetres(), u))?
            }
            _ => (
                parse_plain(text, vital.whole_numbers_only(), "a number")?,
                EnteredUnit::Canonical,
            ),
        };
        Ok(Reading { canonical, unit })
    }

    /// Refuse, confirm and flag. Returns whether the value may be stored.
    fn tiers(&mut self, vital: Vital, reading: Reading) -> bool {
        let Some(band) = self.band else { return true };
        let table = self.cx.table;
        let value = reading.canonical;
        if let Some(rule) = table.refuse_limits(vital, band)
            && rule.limits().outside(value).is_some()
        {
            let allowed = format!(
                "{} {}",
                rule.limits().describe_allowed(),
                vital.unit_symbol()
            );
            self.error(
                vital,
                VitalsError::Refused {
                    shown: shown(vital, reading, self.draft),
                    what: in_words(vital),
                    allowed,
                },
            );
            return false;
        }
        // A weight far from the usual for the age (pounds typed as kilograms) is asked about
        // when there is no earlier weight; with one, the change since is what is checked.
        let weight_known = vital == Vital::Weight && self.cx.previous.weight.is_some();
        if let Some(rule) = table.confirm_limits(vital, band)
            && !weight_known
            && rule.limits().outside(value).is_some()
        {
            let l = rule.limits();
            let limits = match (l.below, l.above.or(l.at_or_above)) {
                (Some(lo), Some(hi)) => {
                    format!("{}–{} {}", number(lo), number(hi), vital.unit_symbol())
                }
                (Some(lo), None) => format!("from {} {}", number(lo), vital.unit_symbol()),
                (None, Some(hi)) => format!("up to {} {}", number(hi), vital.unit_symbol()),
                (None, None) => String::new(),
            };
            self.warn(
                vital,
                VitalsWarning::Unusual {
                    shown: shown(vital, reading, self.draft),
                    what: in_words(vital),
                    limits,
                },
            );
        }
        if let Some(rule) = table.flag_rule(vital, band, self.age) {
            let interpretation = rule.interpret(value, self.age);
            self.out.flags.insert(
                vital,
                Flag {
                    interpretation,
                    normal: rule.describe_normal(self.age),
                    reason: None,
                },
            );
        }
        true
    }

    fn warn(&mut self, vital: Vital, warning: VitalsWarning) {
        if self.draft.is_confirmed(vital) {
            self.out.confirmed.insert(vital);
        }
        self.out.warnings.entry(vital).or_insert(warning);
    }

    fn read_oxygen_flow(&mut self) {
        if self
            .draft
            .not_obtained
            .contains_key(&VitalGroup::OxygenSaturation)
        {
            return;
        }
        let flow_typed = !self.draft.oxygen_flow.trim().is_empty();
        match (self.draft.oxygen, flow_typed) {
            (Some(OxygenDelivery::Supplemental), false) => {
                self.error(Vital::OxygenFlow, VitalsError::FlowMissing);
            }
            (Some(OxygenDelivery::Supplemental), true) => self.read(Vital::OxygenFlow),
            (_, true) => self.error(Vital::OxygenFlow, VitalsError::FlowOnRoomAir),
            (_, false) => {}
        }
    }

    fn cross_checks(&mut self) {
        if let (Some(s), Some(d)) = (
            self.readings.get(&Vital::Systolic),
            self.readings.get(&Vital::Diastolic),
        ) && d.canonical >= s.canonical
        {
            let error = VitalsError::DiastolicNotBelowSystolic {
                systolic: number(s.canonical),
                diastolic: number(d.canonical),
            };
            self.readings.remove(&Vital::Diastolic);
            self.error(Vital::Diastolic, error);
        }
        if let (Some(s), Some(d)) = (
            self.readings.get(&Vital::Systolic).map(|r| r.canonical),
            self.readings.get(&Vital::Diastolic).map(|r| r.canonical),
        ) {
            match blood_pressure_category(self.cx.table, s, d, self.age) {
                BloodPressureMeaning::Category(category) => {
                    self.out
                        .notes
                        .insert(Vital::Diastolic, category.name.clone());
                    if category.abnormal {
                        self.flag_by_category(Vital::Systolic, s, category.systolic_at_least);
                        self.flag_by_category(Vital::Diastolic, d, category.diastolic_at_least);
                    }
                }
                BloodPressureMeaning::Younger(note) => {
                    self.out.notes.insert(Vital::Diastolic, note.to_owned());
                }
                BloodPressureMeaning::Unclassified => {}
            }
        }
        let checks = &self.cx.table.cross_checks;
        if let (Some(now), Some((before, at))) =
            (self.readings.get(&Vital::Weight), self.cx.previous.weight)
            && before.kilograms() > 0.0
        {
            let percent = (now.canonical - before.kilograms()).abs() / before.kilograms() * 100.0;
            if percent > checks.weight_change_percent {
                let warning = VitalsWarning::WeightChange {
                    percent,
                    since: to_local(at).format("%b %-d, %Y").to_string(),
                    previous: before.in_unit(self.draft.units.weight),
                };
                self.warn(Vital::Weight, warning);
            }
        }
        if let (Some(now), Some((before, at))) =
            (self.readings.get(&Vital::Height), self.cx.previous.height)
            && self.age.has_reached(checks.adult_from)
        {
            let drop_cm = before.centimetres() - now.canonical;
            if drop_cm > checks.adult_height_drop_cm {
                let warning = VitalsWarning::HeightDrop {
                    drop_cm,
                    since: to_local(at).format("%b %-d, %Y").to_string(),
                    previous: before.in_unit(self.draft.units.height),
                };
                self.warn(Vital::Height, warning);
            }
        }
    }

    /// A value that puts the pressure in an abnormal category is flagged high, so the flag and
    /// the category never disagree (a 15-year-old's 135/85 has no band limits to flag it).
    fn flag_by_category(&mut self, vital: Vital, value: f64, at_least: Option<f64>) {
        let Some(limit) = at_least.filter(|limit| value >= *limit) else {
            return;
        };
        let already = self
            .out
            .flags
            .get(&vital)
            .is_some_and(|f| f.interpretation != Interpretation::Normal);
        if !already {
            self.out.flags.insert(
                vital,
                Flag {
                    interpretation: Interpretation::High,
                    normal: format!("< {}", number(limit)),
                    reason: None,
                },
            );
        }
    }

    /// A child's percentiles beside the values, their flags, and the AAP blood pressure
    /// category for 1 to 12 years (instead of the table's "use the percentile" note).
    fn growth(&mut self, on: NaiveDate) {
        let Some(growth) = self.cx.growth else { return };
        let value = |v| self.readings.get(&v).map(|r| r.canonical);
        let now = Measurements {
            weight: value(Vital::Weight),
            height: value(Vital::Height),
            head: value(Vital::HeadCircumference),
            bmi: self.out.bmi,
            systolic: value(Vital::Systolic),
            diastolic: value(Vital::Diastolic),
            position: self.draft.height_obtained.and_then(HowObtained::position),
        };
        let found = growth_findings(growth, self.cx.birth_date, on, &now, &self.cx.previous);
        for (vital, note) in found.notes {
            let note = match self.out.notes.remove(&vital).filter(|n| !n.is_empty()) {
                Some(before) if vital != Vital::Bmi => format!("{before} · {note}"),
                _ => note,
            };
            self.out.notes.insert(vital, note);
        }
        for (vital, flag) in found.flags {
            let already = self
                .out
                .flags
                .get(&vital)
                .is_some_and(|f| f.interpretation.is_abnormal());
            if !already {
                self.out.flags.insert(vital, flag);
            }
        }
        if let Some(category) = found.blood_pressure {
            self.out.notes.insert(Vital::Diastolic, category);
        }
    }

    /// BMI from this set's weight and height; an adult's last height stands in when none is typed.
    fn bmi(&mut self) {
        let Some(weight) = self.readings.get(&Vital::Weight) else {
            return;
        };
        let weight = Mass::from_kilograms(weight.canonical);
        let (height, borrowed) = match self.readings.get(&Vital::Height) {
            Some(h) => (Length::from_centimetres(h.canonical), None),
            None => match self.cx.previous.height {
                Some((h, at)) if self.age.has_reached(self.cx.table.cross_checks.adult_from) => {
                    (h, Some(at))
                }
                _ => return,
            },
        };
        let bmi = body_mass_index(weight, height);
        self.out.bmi = Some(bmi);
        let meaning = match bmi_meaning(self.cx.table, bmi, self.age) {
            BmiMeaning::Adult(category) => {
                if category.abnormal {
                    let interpretation = if category.at_least <= 0.0 {
                        Interpretation::Low
                    } else {
                        Interpretation::High
                    };
                    self.out.flags.insert(
                        Vital::Bmi,
                        Flag {
                            interpretation,
                            normal: String::new(),
                            reason: None,
                        },
                    );
                }
                category.name.clone()
            }
            BmiMeaning::Younger(note) => note.to_owned(),
            BmiMeaning::Unclassified => String::new(),
        };
        let source =
            borrowed.map(|at| format!(" (height from {})", to_local(at).format("%b %-d, %Y")));
        self.out.notes.insert(
            Vital::Bmi,
            format!("{meaning}{}", source.unwrap_or_default()),
        );
    }

    fn build(&mut self, taken_at: Option<DateTime<Utc>>) {
        let Some(taken_at) = taken_at else { return };
        if !self.out.errors.is_empty() {
            return;
        }
        let mut observations = Vec::new();
        for vital in Vital::ALL {
            if let Some(reading) = self.readings.get(&vital) {
                let measured = Measured {
                    canonical: reading.canonical,
                    entered: Some(Entered {
                        text: self.draft.text(vital).trim().to_owned(),
                        unit: reading.unit,
                    }),
                    interpretation: self.out.flags.get(&vital).map(|f| f.interpretation),
                    confirmed: self.out.confirmed.contains(&vital),
                };
                observations.push(Observation {
                    vital,
                    result: ObservationResult::Value(measured),
                });
            } else if vital == Vital::Bmi
                && let Some(bmi) = self.out.bmi
            {
                let measured = Measured {
                    canonical: bmi,
                    entered: None,
                    interpretation: self.out.flags.get(&vital).map(|f| f.interpretation),
                    confirmed: false,
                };
                observations.push(Observation {
                    vital,
                    result: ObservationResult::Value(measured),
                });
            } else if let Some(group) = vital.group()
                && group.vitals().contains(&vital)
                && let Some(not_obtained) = self.draft.not_obtained.get(&group)
                && let Some(reason) = not_obtained.reason
            {
                let note = crate::clinical::text::required(&not_obtained.note);
                observations.push(Observation {
                    vital,
                    result: ObservationResult::NotObtained { reason, note },
                });
            }
        }
        if observations.is_empty() {
            return;
        }
        let spo2_taken = self.readings.contains_key(&Vital::OxygenSaturation);
        let d = self.draft;
        let context = VitalsContext {
            bp_position: d
                .bp_position
                .filter(|_| self.readings.contains_key(&Vital::Systolic)),
            cuff_site: d
                .cuff_site
                .filter(|_| self.readings.contains_key(&Vital::Systolic)),
            pulse_method: d
                .pulse_method
                .filter(|_| self.readings.contains_key(&Vital::HeartRate)),
            pulse_rhythm: d
                .pulse_rhythm
                .filter(|_| self.readings.contains_key(&Vital::HeartRate)),
            temperature_route: d
                .temperature_route
                .filter(|_| self.readings.contains_key(&Vital::Temperature)),
            oxygen: if spo2_taken {
                Some(d.oxygen.unwrap_or(OxygenDelivery::RoomAir))
            } else {
                None
            },
            height_obtained: d
                .height_obtained
                .filter(|_| self.readings.contains_key(&Vital::Height)),
            weight_obtained: d
                .weight_obtained
                .filter(|_| self.readings.contains_key(&Vital::Weight)),
        };
        self.out.vitals = Some(NewVitals {
            taken_at,
            context,
            observations,
        });
    }
}

/// A reading as typed, with its unit: "190 mmHg", "98.6 °F".
fn shown(vital: Vital, reading: Reading, draft: &VitalsDraft) -> String {
    match reading.unit {
        EnteredUnit::Canonical => vital.show(reading.canonical),
        _ => format!(
            "{} ({})",
            draft.text(vital).trim(),
            vital.show(reading.canonical)
        ),
    }
}

/// The same value in the other units, shown live beside the field.
fn conversion_note(vital: Vital, reading: Reading) -> Option<String> {
    let value = reading.canonical;
    match vital {
        Vital::Weight => {
            let mass = Mass::from_kilograms(value);
            Some(match reading.unit {
                EnteredUnit::Kilogram => format!("= {}", mass.in_unit(MassUnit::Pound)),
                EnteredUnit::Gram => format!(
                    "= {} = {}",
                    mass.in_unit(MassUnit::Kilogram),
                    mass.in_unit(MassUnit::Pound)
                ),
                _ => format!("= {}", mass.in_unit(MassUnit::Kilogram)),
            })
        }
        Vital::Height | Vital::HeadCircumference => {
            let length = Length::from_centimetres(value);
            Some(match reading.unit {
                EnteredUnit::Centimetre if vital == Vital::Height => {
                    format!(
                        "= {} = {}",
                        length.in_unit(LengthUnit::FootInch),
                        length.in_unit(LengthUnit::Inch)
                    )
                }
                EnteredUnit::Centimetre => format!("= {}", length.in_unit(LengthUnit::Inch)),
                _ => format!("= {}", length.in_unit(LengthUnit::Centimetre)),
            })
        }
        Vital::Temperature => {
            let t = Temperature::from_celsius(value);
            Some(match reading.unit {
                EnteredUnit::Celsius => format!("= {}", t.in_unit(TemperatureUnit::Fahrenheit)),
                _ => format!("= {}", t.in_unit(TemperatureUnit::Celsius)),
            })
        }
        _ => None,
    }
}
