//! The vitals check as a domain rule: each tier, each cross-field rule, and what it builds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::float_cmp,
    clippy::match_wildcard_for_single_variants
)]

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rooming::clinical::growth::GrowthReference;
use rooming::clinical::patient::Sex;
use rooming::clinical::units::{Length, LengthUnit, Mass, MassUnit, TemperatureUnit};
use rooming::clinical::vitals::growth_check::ChildGrowth;
use rooming::clinical::vitals::vital::{AbsentReason, OxygenDelivery};
use rooming::clinical::vitals::{
    CheckContext, CheckedVitals, Interpretation, NotObtainedDraft, NotReady, ObservationResult,
    Previous, ReferenceTable, Vital, VitalGroup, VitalsDraft, VitalsError, VitalsField,
    VitalsWarning, check,
};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T15:30:00-05:00").unwrap()
}

fn adult() -> NaiveDate {
    NaiveDate::from_ymd_opt(1980, 3, 2).unwrap()
}

fn run(draft: &VitalsDraft, birth: NaiveDate, previous: Previous) -> CheckedVitals {
    let table = ReferenceTable::built_in().unwrap();
    check(
        draft,
        CheckContext {
            table: &table,
            birth_date: birth,
            now: now(),
            previous,
            visit_started: None,
            growth: None,
        },
    )
}

/// A child's form, read against the growth references.
fn run_child(draft: &VitalsDraft, birth: NaiveDate, sex: Sex, previous: Previous) -> CheckedVitals {
    let table = ReferenceTable::built_in().unwrap();
    let growth = GrowthReference::built_in().unwrap();
    check(
        draft,
        CheckContext {
            table: &table,
            birth_date: birth,
            now: now(),
            previous,
            visit_started: None,
            growth: Some(ChildGrowth {
                reference: &growth,
                sex,
                gestation: None,
            }),
        },
    )
}

fn form() -> VitalsDraft {
    VitalsDraft {
        taken_at: "15:20".into(),
        ..VitalsDraft::default()
    }
}

fn with(vital: Vital, text: &str) -> VitalsDraft {
    let mut draft = form();
    *draft.text_mut(vital).unwrap() = text.into();
    draft
}

fn error(checked: &CheckedVitals, vital: Vital) -> String {
    checked
        .errors
        .get(&VitalsField::Vital(vital))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn a_full_set_lands_in_canonical_units() {
    let mut d = form();
    d.systolic = "128".into();
    d.diastolic = "82".into();
    d.heart_rate = "72".into();
    d.respiratory_rate = "16".into();
    d.temperature = "98.6".into();
    d.units.temperature = TemperatureUnit::Fahrenheit;
    d.oxygen_saturation = "98".into();
    d.height = "5 ft 6 in".into();
    d.weight = "154".into();
    d.units.weight = MassUnit::Pound;
    d.pain = "0".into();
    let checked = run(&d, adult(), Previous::default());
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let set = checked.ready().unwrap();
    let value = |v: Vital| {
        set.observations
            .iter()
            .find(|o| o.vital == v)
            .and_then(rooming::clinical::vitals::Observation::value)
            .unwrap()
    };
    assert!((value(Vital::Temperature) - 37.0).abs() < 1e-9);
    assert!((value(Vital::Weight) - 154.0 * 0.453_592_37).abs() < 1e-9);
    assert!((value(Vital::Height) - 66.0 * 2.54).abs() < 1e-9);
    assert_eq!(value(Vital::Pain), 0.0, "0 is a value, not blank");
    let bmi = value(Vital::Bmi);
    assert!((bmi - 24.86).abs() < 0.01, "{bmi}");
    assert_eq!(
        set.taken_at,
        DateTime::parse_from_rfc3339("2026-11-26T20:20:00Z")
            .unwrap()
            .with_timezone(&Utc)
    );
    assert_eq!(checked.notes[&Vital::Diastolic], "Stage 1 hypertension");
    assert_eq!(checked.notes[&Vital::Temperature], "= 37.0 °C");
    assert_eq!(checked.notes[&Vital::Weight], "= 69.9 kg");
}

#[test]
fn impossible_values_are_refused_with_the_reason() {
    let checked = run(&with(Vital::Systolic, "350"), adult(), Previous::default());
    assert_eq!(
        error(&checked, Vital::Systolic),
        "350 mmHg is not a possible systolic pressure: allowed 20–300 mmHg"
    );
    assert!(matches!(checked.ready(), Err(NotReady::Errors(1))));
    assert!(checked.vitals.is_none());
    let checked = run(&with(Vital::Weight, "800"), adult(), Previous::default());
    assert!(error(&checked, Vital::Weight).contains("not a possible weight"));
    let checked = run(&with(Vital::Pain, "11"), adult(), Previous::default());
    assert!(error(&checked, Vital::Pain).contains("allowed 0–10"));
    let checked = run(&with(Vital::HeartRate, "7a"), adult(), Previous::default());
    assert!(!error(&checked, Vital::HeartRate).is_empty());
    let checked = run(
        &with(Vital::HeartRate, "72.5"),
        adult(),
        Previous::default(),
    );
    assert_eq!(
        error(&checked, Vital::HeartRate),
        "write whole numbers only here"
    );
}

#[test]
fn unusual_values_need_a_confirmation_tied_to_the_value() {
    let mut d = with(Vital::Systolic, "190");
    d.diastolic = "100".into();
    let checked = run(&d, adult(), Previous::default());
    assert!(matches!(
        checked.warnings[&Vital::Systolic],
        VitalsWarning::Unusual { .. }
    ));
    assert_eq!(checked.ready().unwrap_err(), NotReady::Unconfirmed(1));
    d.set_confirmed(Vital::Systolic, true);
    let checked = run(&d, adult(), Previous::default());
    let set = checked.ready().unwrap();
    let systolic = set
        .observations
        .iter()
        .find(|o| o.vital == Vital::Systolic)
        .unwrap();
    match &systolic.result {
        ObservationResult::Value(m) => {
            assert!(m.confirmed);
            assert_eq!(
                m.interpretation,
                Some(Interpretation::CriticalHigh),
                "confirmed, and still flagged"
            );
        }
        other => panic!("{other:?}"),
    }
    // A new value needs its own confirmation.
    d.systolic = "195".into();
    assert!(run(&d, adult(), Previous::default()).ready().is_err());
}

#[test]
fn flags_depend_on_age() {
    let checked = run(&with(Vital::HeartRate, "110"), adult(), Previous::default());
    assert_eq!(
        checked.flags[&Vital::HeartRate].interpretation,
        Interpretation::High
    );
    assert_eq!(checked.flags[&Vital::HeartRate].normal, "60–100");
    let infant = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let checked = run(&with(Vital::HeartRate, "110"), infant, Previous::default());
    assert_eq!(
        checked.flags[&Vital::HeartRate].interpretation,
        Interpretation::Normal
    );
    let checked = run(
        &with(Vital::OxygenSaturation, "93"),
        adult(),
        Previous::default(),
    );
    assert_eq!(
        checked.flags[&Vital::OxygenSaturation].interpretation,
        Interpretation::Low
    );
    assert!(checked.warnings.is_empty());
}

#[test]
fn diastolic_must_be_below_systolic() {
    let mut d = with(Vital::Systolic, "80");
    d.diastolic = "90".into();
    let checked = run(&d, adult(), Previous::default());
    assert_eq!(
        error(&checked, Vital::Diastolic),
        "90 must be below the systolic pressure (80)"
    );
}

#[test]
fn fahrenheit_typed_in_celsius_is_questioned() {
    let checked = run(
        &with(Vital::Temperature, "98.6"),
        adult(),
        Previous::default(),
    );
    assert!(matches!(
        checked.errors[&VitalsField::Vital(Vital::Temperature)],
        VitalsError::LooksLikeFahrenheit { .. }
    ));
    assert!(error(&checked, Vital::Temperature).contains("did you mean 98.6 °F?"));
    let mut d = with(Vital::Temperature, "98.6");
    d.units.temperature = TemperatureUnit::Fahrenheit;
    assert!(run(&d, adult(), Previous::default()).errors.is_empty());
    // Outside 90-113 it is simply impossible.
    let checked = run(
        &with(Vital::Temperature, "120"),
        adult(),
        Previous::default(),
    );
    assert!(error(&checked, Vital::Temperature).contains("not a possible body temperature"));
}

#[test]
fn a_weight_change_over_ten_percent_asks_for_confirmation() {
    let at = DateTime::parse_from_rfc3339("2026-10-01T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let previous = Previous {
        weight: Some((Mass::from_kilograms(70.0), at)),
        height: None,
        head_circumference: None,
    };
    let checked = run(&with(Vital::Weight, "78"), adult(), previous);
    assert!(
        matches!(
            checked.warnings[&Vital::Weight],
            VitalsWarning::WeightChange { .. }
        ),
        "{:?}",
        checked.warnings
    );
    let checked = run(&with(Vital::Weight, "76"), adult(), previous);
    assert!(checked.warnings.is_empty());
}

#[test]
fn an_adult_height_drop_asks_for_confirmation() {
    let at = DateTime::parse_from_rfc3339("2025-10-01T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let previous = Previous {
        weight: None,
        height: Some((Length::from_centimetres(170.0), at)),
        head_circumference: None,
    };
    let checked = run(&with(Vital::Height, "166"), adult(), previous);
    assert!(matches!(
        checked.warnings[&Vital::Height],
        VitalsWarning::HeightDrop { .. }
    ));
    assert!(
        run(&with(Vital::Height, "168"), adult(), previous)
            .warnings
            .is_empty()
    );
    // A growing child is not asked.
    let child = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    assert!(
        run(&with(Vital::Height, "150"), child, previous)
            .warnings
            .is_empty()
    );
}

#[test]
fn an_adult_bmi_uses_the_last_height_but_a_child_gets_no_adult_category() {
    let at = DateTime::parse_from_rfc3339("2025-10-01T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let previous = Previous {
        weight: None,
        height: Some((Length::from_centimetres(170.0), at)),
        head_circumference: None,
    };
    let checked = run(&with(Vital::Weight, "95"), adult(), previous);
    assert!((checked.bmi.unwrap() - 32.87).abs() < 0.01);
    assert!(checked.notes[&Vital::Bmi].starts_with("Obesity class 1 (height from"));
    let child = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let mut d = with(Vital::Weight, "40");
    d.height = "140".into();
    let checked = run(&d, child, Previous::default());
    assert!(
        checked.notes[&Vital::Bmi].contains("CDC BMI-for-age"),
        "{}",
        checked.notes[&Vital::Bmi]
    );
    assert!(!checked.flags.contains_key(&Vital::Bmi));
}

#[test]
fn head_circumference_is_for_the_under_threes() {
    let toddler = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let checked = run(
        &with(Vital::HeadCircumference, "48"),
        toddler,
        Previous::default(),
    );
    assert!(checked.head_circumference_offered && checked.errors.is_empty());
    let mut d = with(Vital::HeadCircumference, "19");
    d.units.head_circumference = LengthUnit::Inch;
    assert!(run(&d, toddler, Previous::default()).errors.is_empty());
    let three = NaiveDate::from_ymd_opt(2023, 11, 26).unwrap();
    let checked = run(
        &with(Vital::HeadCircumference, "50"),
        three,
        Previous::default(),
    );
    assert!(!checked.head_circumference_offered);
    assert!(error(&checked, Vital::HeadCircumference).contains("under 36 months"));
}

#[test]
fn not_obtained_needs_a_reason_and_no_value() {
    let mut d = form();
    d.not_obtained
        .insert(VitalGroup::BloodPressure, NotObtainedDraft::default());
    let checked = run(&d, adult(), Previous::default());
    assert_eq!(
        checked.errors[&VitalsField::NotObtained(VitalGroup::BloodPressure)],
        VitalsError::ReasonMissing
    );
    d.not_obtained.insert(
        VitalGroup::BloodPressure,
        NotObtainedDraft {
            reason: Some(AbsentReason::Refused),
            note: String::new(),
        },
    );
    let set = run(&d, adult(), Previous::default())
        .ready()
        .unwrap()
        .clone();
    assert_eq!(set.observations.len(), 2);
    assert!(set.observations.iter().all(|o| matches!(
        o.result,
        ObservationResult::NotObtained {
            reason: AbsentReason::Refused,
            ..
        }
    )));
    d.systolic = "120".into();
    let checked = run(&d, adult(), Previous::default());
    assert_eq!(
        checked.errors[&VitalsField::NotObtained(VitalGroup::BloodPressure)],
        VitalsError::ValueAndNotObtained
    );
}

#[test]
fn the_time_is_never_in_the_future() {
    let mut d = with(Vital::HeartRate, "70");
    d.taken_at = "15:31".into();
    assert_eq!(
        run(&d, adult(), Previous::default()).errors[&VitalsField::TakenAt],
        VitalsError::TakenAtInFuture
    );
    d.taken_at = "2026-11-25 09:00".into();
    assert!(run(&d, adult(), Previous::default()).errors.is_empty());
    d.taken_at = "noonish".into();
    assert!(matches!(
        run(&d, adult(), Previous::default()).errors[&VitalsField::TakenAt],
        VitalsError::TakenAtUnreadable(_)
    ));
    d.taken_at = String::new();
    assert_eq!(
        run(&d, adult(), Previous::default()).errors[&VitalsField::TakenAt],
        VitalsError::TakenAtMissing
    );
}

#[test]
fn supplemental_oxygen_needs_its_flow() {
    let mut d = with(Vital::OxygenSaturation, "94");
    d.oxygen = Some(OxygenDelivery::Supplemental);
    assert_eq!(
        run(&d, adult(), Previous::default()).errors[&VitalsField::Vital(Vital::OxygenFlow)],
        VitalsError::FlowMissing
    );
    d.oxygen_flow = "2".into();
    let set = run(&d, adult(), Previous::default())
        .ready()
        .unwrap()
        .clone();
    assert!(
        set.observations
            .iter()
            .any(|o| o.vital == Vital::OxygenFlow && o.value() == Some(2.0))
    );
    assert_eq!(set.context.oxygen, Some(OxygenDelivery::Supplemental));
}

#[test]
fn an_empty_form_cannot_be_saved() {
    assert_eq!(
        run(&form(), adult(), Previous::default())
            .ready()
            .unwrap_err(),
        NotReady::Empty
    );
}

fn born_days_ago(days: u64) -> NaiveDate {
    now().date_naive() - chrono::Days::new(days)
}

fn pressure(systolic: &str, diastolic: &str, birth: NaiveDate) -> CheckedVitals {
    let mut d = with(Vital::Systolic, systolic);
    d.diastolic = diastolic.into();
    run(&d, birth, Previous::default())
}

/// AAP 2017: from 13 years the adult cut-offs flag and name a high pressure; under 13 the form
/// says a percentile is needed instead of judging by adult numbers.
#[test]
fn a_teenagers_high_pressure_is_flagged_and_a_younger_childs_needs_a_percentile() {
    let fifteen = NaiveDate::from_ymd_opt(2011, 5, 1).unwrap();
    let checked = pressure("165", "105", fifteen);
    for vital in [Vital::Systolic, Vital::Diastolic] {
        assert_eq!(
            checked.flags[&vital].interpretation,
            Interpretation::High,
            "{vital:?}"
        );
    }
    assert_eq!(checked.notes[&Vital::Diastolic], "Stage 2 hypertension");
    let checked = pressure("124", "70", fifteen);
    assert_eq!(checked.notes[&Vital::Diastolic], "Elevated");
    assert_eq!(
        checked.flags[&Vital::Systolic].interpretation,
        Interpretation::High
    );
    assert!(
        checked
            .flags
            .get(&Vital::Diastolic)
            .is_none_or(|f| f.interpretation == Interpretation::Normal)
    );
    let ten = NaiveDate::from_ymd_opt(2016, 5, 1).unwrap();
    let checked = pressure("118", "70", ten);
    assert!(
        checked.notes[&Vital::Diastolic].contains("percentile"),
        "{}",
        checked.notes[&Vital::Diastolic]
    );
}

/// 2017 ACC/AHA: normal is below 120 and below 80; the flag agrees with the category.
#[test]
fn an_adults_flag_agrees_with_the_category() {
    let checked = pressure("120", "78", adult());
    assert_eq!(checked.notes[&Vital::Diastolic], "Elevated");
    assert_eq!(
        checked.flags[&Vital::Systolic].interpretation,
        Interpretation::High
    );
    let checked = pressure("118", "80", adult());
    assert_eq!(checked.notes[&Vital::Diastolic], "Stage 1 hypertension");
    assert_eq!(
        checked.flags[&Vital::Diastolic].interpretation,
        Interpretation::High
    );
    let checked = pressure("119", "79", adult());
    assert_eq!(checked.notes[&Vital::Diastolic], "Normal");
    for vital in [Vital::Systolic, Vital::Diastolic] {
        assert_eq!(checked.flags[&vital].interpretation, Interpretation::Normal);
    }
}

/// AAP 2021: a fever of 38.0 °C or more under 90 days of age is an emergency.
#[test]
fn a_fever_under_ninety_days_is_critical() {
    let interpretation = |days: u64, text: &str| {
        run(
            &with(Vital::Temperature, text),
            born_days_ago(days),
            Previous::default(),
        )
        .flags[&Vital::Temperature]
            .interpretation
    };
    assert_eq!(interpretation(45, "38.0"), Interpretation::CriticalHigh);
    assert_eq!(interpretation(89, "38.2"), Interpretation::CriticalHigh);
    assert_eq!(interpretation(45, "37.9"), Interpretation::High);
    assert_eq!(interpretation(120, "38.0"), Interpretation::High);
    assert_eq!(interpretation(45, "37.0"), Interpretation::Normal);
}

/// With no earlier weight, a weight far from the usual for the age (pounds typed as kilograms)
/// asks for confirmation; with one, the change since is what is checked.
#[test]
fn a_first_weight_implausible_for_the_age_asks_for_confirmation() {
    let four = NaiveDate::from_ymd_opt(2022, 6, 1).unwrap();
    let checked = run(&with(Vital::Weight, "40"), four, Previous::default());
    assert!(
        matches!(
            checked.warnings.get(&Vital::Weight),
            Some(VitalsWarning::Unusual { .. })
        ),
        "{:?}",
        checked.warnings
    );
    let checked = run(&with(Vital::Weight, "17"), four, Previous::default());
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
    let at = DateTime::parse_from_rfc3339("2026-10-01T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let previous = Previous {
        weight: Some((Mass::from_kilograms(39.0), at)),
        height: None,
        head_circumference: None,
    };
    let checked = run(&with(Vital::Weight, "40"), four, previous);
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
}

/// BMI is not used under 2 years (WHO weight-for-length is), so no BMI note is shown.
#[test]
fn no_bmi_note_for_an_infant() {
    let mut d = with(Vital::Weight, "8");
    d.height = "70".into();
    let checked = run(&d, born_days_ago(240), Previous::default());
    assert!(
        checked.notes.get(&Vital::Bmi).is_none_or(String::is_empty),
        "{:?}",
        checked.notes.get(&Vital::Bmi)
    );
}

fn born(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn flag_reason(checked: &CheckedVitals, vital: Vital) -> (Interpretation, String) {
    let flag = checked.flags.get(&vital).unwrap();
    (flag.interpretation, flag.reason.clone().unwrap_or_default())
}

#[test]
fn a_childs_weight_shows_its_percentile_beside_it() {
    // A 1-year-old girl (born Nov 26, 2025) at 9.0 kg: near WHO's median (8.9 kg).
    let checked = run_child(
        &with(Vital::Weight, "9.0"),
        born(2025, 11, 26),
        Sex::Female,
        Previous::default(),
    );
    let note = checked.notes.get(&Vital::Weight).unwrap();
    assert!(note.contains("percentile (z +0."), "{note}");
    assert!(note.ends_with("WHO)"), "{note}");
    assert!(
        checked
            .flags
            .get(&Vital::Weight)
            .is_none_or(|f| !f.interpretation.is_abnormal())
    );
}

#[test]
fn a_weight_below_the_3rd_percentile_is_flagged_low_with_the_reason() {
    // A 2-month-old boy at 4.0 kg (WHO's 3rd percentile is about 4.5 kg).
    let checked = run_child(
        &with(Vital::Weight, "4.0"),
        born(2026, 9, 26),
        Sex::Male,
        Previous::default(),
    );
    let (interpretation, reason) = flag_reason(&checked, Vital::Weight);
    assert_eq!(interpretation, Interpretation::Low);
    assert!(reason.starts_with("below the 3rd percentile ("), "{reason}");
    // Stored with the observation.
    let stored = checked.vitals.as_ref().unwrap();
    let weight = stored
        .observations
        .iter()
        .find(|o| o.vital == Vital::Weight)
        .unwrap();
    assert_eq!(weight.interpretation(), Some(Interpretation::Low));
}

#[test]
fn a_fall_across_two_major_lines_is_flagged() {
    let birth = born(2025, 5, 26);
    // Six months ago at the median for a 12-month-old boy (9.6 kg); now 18 months at 9.6 kg.
    let before = DateTime::parse_from_rfc3339("2026-05-26T15:00:00-05:00")
        .unwrap()
        .with_timezone(&Utc);
    let previous = Previous {
        weight: Some((Mass::from_kilograms(9.65), before)),
        ..Previous::default()
    };
    let checked = run_child(&with(Vital::Weight, "9.6"), birth, Sex::Male, previous);
    let (interpretation, reason) = flag_reason(&checked, Vital::Weight);
    assert_eq!(interpretation, Interpretation::Low);
    assert!(reason.starts_with("down across"), "{reason}");
}

#[test]
fn a_school_age_bmi_from_the_95th_percentile_is_obesity() {
    // A 10-year-old girl, 140 cm and 48 kg: BMI 24.5, above CDC's 95th (about 23).
    let mut draft = with(Vital::Height, "140");
    *draft.text_mut(Vital::Weight).unwrap() = "48".into();
    let checked = run_child(&draft, born(2016, 11, 1), Sex::Female, Previous::default());
    let (interpretation, reason) = flag_reason(&checked, Vital::Bmi);
    assert_eq!(interpretation, Interpretation::High);
    assert!(reason.contains("obesity"), "{reason}");
    let note = checked.notes.get(&Vital::Bmi).unwrap();
    assert!(note.contains("% of the 95th"), "{note}");
}

#[test]
fn a_childs_blood_pressure_is_judged_by_percentile_for_age_sex_and_height() {
    // A 6-year-old boy at the 50th height percentile (about 116 cm): 95th percentile 111/71.
    let mut draft = with(Vital::Systolic, "114");
    *draft.text_mut(Vital::Diastolic).unwrap() = "60".into();
    *draft.text_mut(Vital::Height).unwrap() = "116".into();
    let checked = run_child(&draft, born(2020, 5, 1), Sex::Male, Previous::default());
    let note = checked.notes.get(&Vital::Diastolic).unwrap();
    assert!(
        note.starts_with("Stage 1 hypertension: at or above the 95th percentile (AAP 2017"),
        "{note}"
    );
    let (interpretation, reason) = flag_reason(&checked, Vital::Systolic);
    assert_eq!(interpretation, Interpretation::High);
    assert!(reason.contains("stage 1 hypertension"), "{reason}");
    assert!(
        checked
            .flags
            .get(&Vital::Diastolic)
            .is_none_or(|f| !f.interpretation.is_abnormal())
    );
    // 100/60 is normal for him.
    let mut normal = with(Vital::Systolic, "100");
    *normal.text_mut(Vital::Diastolic).unwrap() = "60".into();
    let checked = run_child(&normal, born(2020, 5, 1), Sex::Male, Previous::default());
    assert!(
        checked
            .notes
            .get(&Vital::Diastolic)
            .unwrap()
            .starts_with("Normal: 50th to 89th percentile (AAP 2017")
    );
}

#[test]
fn a_height_older_than_a_year_does_not_set_the_blood_pressure_percentile() {
    let mut draft = with(Vital::Systolic, "100");
    *draft.text_mut(Vital::Diastolic).unwrap() = "60".into();
    let long_ago = DateTime::parse_from_rfc3339("2024-03-17T10:00:00-05:00")
        .unwrap()
        .with_timezone(&Utc);
    let recent = DateTime::parse_from_rfc3339("2026-08-17T10:00:00-05:00")
        .unwrap()
        .with_timezone(&Utc);
    let old = Previous {
        height: Some((Length::from_centimetres(102.4), long_ago)),
        ..Previous::default()
    };
    let checked = run_child(&draft, born(2019, 6, 28), Sex::Male, old);
    let note = checked.notes.get(&Vital::Diastolic).unwrap();
    assert!(note.contains("no height this year"), "{note}");
    let fresh = Previous {
        height: Some((Length::from_centimetres(120.0), recent)),
        ..Previous::default()
    };
    let checked = run_child(&draft, born(2019, 6, 28), Sex::Male, fresh);
    let note = checked.notes.get(&Vital::Diastolic).unwrap();
    assert!(note.contains("percentile, measured Aug 17, 2026"), "{note}");
}

#[test]
fn an_infants_weight_is_also_read_against_the_length() {
    // A 6-month-old boy, 67.6 cm and 7.9 kg: about WHO's median weight for that length.
    let mut draft = with(Vital::Weight, "7.9");
    *draft.text_mut(Vital::Height).unwrap() = "67.6".into();
    let checked = run_child(&draft, born(2026, 5, 26), Sex::Male, Previous::default());
    let note = checked.notes.get(&Vital::Weight).unwrap();
    assert!(note.contains(" · weight-for-length "), "{note}");
    // A thin infant: 6.0 kg at 67.6 cm is below the 3rd percentile for the length.
    let mut thin = with(Vital::Weight, "6.0");
    *thin.text_mut(Vital::Height).unwrap() = "67.6".into();
    let checked = run_child(&thin, born(2026, 5, 26), Sex::Male, Previous::default());
    let flag = checked.flags.get(&Vital::Weight).unwrap();
    assert_eq!(flag.interpretation, Interpretation::Low);
}
