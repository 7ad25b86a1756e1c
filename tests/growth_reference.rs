//! The growth references against the sources' own published values: for every table, the
//! measurement at the WHO or CDC percentile columns (and WHO's ±3 and ±4 SD columns, which
//! carry WHO's restricted extrapolation) at about 20 ages or lengths a sex, edges included,
//! computed from our LMS rows and formulas and compared with what WHO and CDC printed
//! (`tests/growth/spot_values.csv`, taken from their percentile and z-score files).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use rooming::clinical::growth::blood_pressure::{ChildBpCategory, Pressure, classify};
use rooming::clinical::growth::lms::z_of_percentile;
use rooming::clinical::growth::measure::{Child, GestationalAge, Measure, Position, assess};
use rooming::clinical::growth::{GrowthReference, GrowthSex, Table};

fn reference() -> &'static GrowthReference {
    static R: std::sync::OnceLock<GrowthReference> = std::sync::OnceLock::new();
    R.get_or_init(|| GrowthReference::built_in().unwrap())
}

fn table(name: &str) -> Table {
    *Table::ALL.iter().find(|t| t.file() == name).unwrap()
}

fn sex(text: &str) -> GrowthSex {
    if text == "male" {
        GrowthSex::Male
    } else {
        GrowthSex::Female
    }
}

#[test]
fn every_table_matches_its_source_at_the_published_percentiles() {
    let text = std::fs::read_to_string("tests/growth/spot_values.csv").unwrap();
    let mut checked: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut worst: BTreeMap<&'static str, f64> = BTreeMap::new();
    for row in csv::Reader::from_reader(text.as_bytes()).records() {
        let row = row.unwrap();
        let t = table(&row[0]);
        let lms = reference()
            .curve(t, sex(&row[1]))
            .unwrap()
            .at(row[2].parse().unwrap())
            .unwrap_or_else(|| panic!("{} has no row at {}", &row[0], &row[2]));
        let published: f64 = row[4].parse().unwrap();
        let column = &row[3];
        let error = match column {
            // WHO's restricted extrapolation: the published 4 SD values read back as ±4.
            "SD4" | "SD4neg" => {
                let expected = if column == "SD4" { 4.0 } else { -4.0 };
                (lms.who_z(published) - expected).abs()
            }
            "SD3" | "SD3neg" => {
                let z = if column == "SD3" { 3.0 } else { -3.0 };
                (lms.value(z).unwrap() - published).abs() / published
            }
            _ => {
                let p: f64 = match column {
                    "P01" => 0.1,
                    "P999" => 99.9,
                    other => other.trim_start_matches('P').parse().unwrap(),
                };
                (lms.value(z_of_percentile(p)).unwrap() - published).abs() / published
            }
        };
        // WHO prints three decimals (a kilogram to the gram); CDC prints its full precision.
        let allowed = match (t.is_who(), column.starts_with("SD4")) {
            (_, true) => 0.003,
            (true, false) => 0.0006,
            (false, false) => 1e-6,
        };
        assert!(
            error <= allowed,
            "{} {} at {} {column}: published {published}, error {error}",
            &row[0],
            &row[1],
            &row[2]
        );
        *checked.entry(t.file()).or_default() += 1;
        let w = worst.entry(t.file()).or_default();
        *w = w.max(error);
    }
    for t in Table::ALL {
        let n = checked.get(t.file()).copied().unwrap_or(0);
        assert!(n >= 30, "{} has only {n} spot values", t.file());
    }
    println!("spot values checked: {checked:?}\nlargest error: {worst:?}");
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn child(sex: GrowthSex, birth: NaiveDate) -> Child {
    Child {
        sex,
        birth,
        gestation: None,
    }
}

#[test]
fn the_median_at_birth_is_the_50th_percentile_and_24_months_switches_to_cdc() {
    let r = reference();
    let boy = child(GrowthSex::Male, day(2024, 1, 1));
    // WHO weight-for-age at birth: median 3.3464 kg.
    let birth = assess(
        r,
        &boy,
        day(2024, 1, 1),
        Measure::Weight,
        3.3464,
        None,
        None,
    )
    .unwrap();
    assert_eq!(birth.table, Table::WhoWeightForAge);
    assert!((birth.percentile - 50.0).abs() < 0.01);
    // Day 730 is under 24 months (WHO); day 731 is not (CDC).
    let before = assess(
        r,
        &boy,
        day(2025, 12, 31),
        Measure::Weight,
        12.0,
        None,
        None,
    )
    .unwrap();
    assert_eq!(before.table, Table::WhoWeightForAge);
    let after = assess(r, &boy, day(2026, 1, 2), Measure::Weight, 12.0, None, None).unwrap();
    assert_eq!(after.table, Table::CdcWeightForAge);
    // Head circumference has no table after 24 months.
    assert!(
        assess(
            r,
            &boy,
            day(2026, 1, 2),
            Measure::HeadCircumference,
            48.0,
            None,
            None
        )
        .is_err()
    );
    // 20 years is CDC's last age; after it, no percentile.
    let young_man = child(GrowthSex::Male, day(2006, 1, 1));
    assert!(
        assess(
            r,
            &young_man,
            day(2026, 1, 1),
            Measure::Weight,
            70.0,
            None,
            None
        )
        .is_ok()
    );
    assert!(
        assess(
            r,
            &young_man,
            day(2026, 2, 1),
            Measure::Weight,
            70.0,
            None,
            None
        )
        .is_err()
    );
}

#[test]
fn standing_under_two_and_lying_over_two_are_adjusted_by_0_7_cm() {
    let r = reference();
    let girl = child(GrowthSex::Female, day(2025, 1, 1));
    let on = day(2026, 1, 1);
    let lying = assess(
        r,
        &girl,
        on,
        Measure::Length,
        74.0,
        None,
        Some(Position::Lying),
    )
    .unwrap();
    let standing = assess(
        r,
        &girl,
        on,
        Measure::Length,
        73.3,
        None,
        Some(Position::Standing),
    )
    .unwrap();
    assert!((lying.z - standing.z).abs() < 1e-9);
}

#[test]
fn a_premature_baby_is_read_at_corrected_age_until_24_months() {
    let r = reference();
    let birth = day(2026, 1, 1);
    let preterm = Child {
        sex: GrowthSex::Male,
        birth,
        gestation: Some(GestationalAge { weeks: 30, days: 0 }),
    };
    // At 10 weeks, a baby born at 30 weeks is at term: read as a newborn.
    let point = assess(
        r,
        &preterm,
        day(2026, 3, 12),
        Measure::Weight,
        3.3464,
        None,
        None,
    )
    .unwrap();
    assert!(point.age.corrected);
    assert!((point.percentile - 50.0).abs() < 0.5, "{point:?}");
    let term = child(GrowthSex::Male, birth);
    let plain = assess(
        r,
        &term,
        day(2026, 3, 12),
        Measure::Weight,
        3.3464,
        None,
        None,
    )
    .unwrap();
    assert!(plain.percentile < 1.0);
}

#[test]
fn extended_bmi_starts_at_the_95th_percentile() {
    let r = reference();
    let girl = child(GrowthSex::Female, day(2016, 6, 1));
    let on = day(2026, 6, 1);
    let months = assess(r, &girl, on, Measure::Bmi, 20.0, None, None)
        .unwrap()
        .age
        .months;
    let p95 = {
        let lms = r
            .curve(Table::CdcBmiForAge, GrowthSex::Female)
            .unwrap()
            .at(months)
            .unwrap();
        lms.value(z_of_percentile(95.0)).unwrap()
    };
    let below = assess(r, &girl, on, Measure::Bmi, p95 - 0.01, None, None).unwrap();
    assert!(below.extended_bmi.is_none());
    let at = assess(r, &girl, on, Measure::Bmi, p95 + 1e-9, None, None).unwrap();
    let e = at.extended_bmi.unwrap();
    assert!((e.percentile - 95.0).abs() < 1e-3, "{e:?}");
    assert!((e.percent_of_95th - 100.0).abs() < 1e-3);
    let obese = assess(r, &girl, on, Measure::Bmi, p95 * 1.4, None, None).unwrap();
    let e = obese.extended_bmi.unwrap();
    assert!(e.percentile > 99.0 && e.percentile < 100.0, "{e:?}");
    assert!((e.percent_of_95th - 140.0).abs() < 1e-6);
}

/// AAP 2017 tables 4 and 5 (in the transcription `assets/growth/README.md` names): the 95th
/// percentile at the 50th height percentile, each age, each sex (systolic/diastolic), written
/// out here apart from the asset file, against what the app reads: a column, an age or a sex
/// read wrong fails.
#[test]
fn the_aap_table_reads_as_printed() {
    let boys = [
        (103, 55),
        (106, 59),
        (107, 62),
        (108, 66),
        (109, 69),
        (111, 71),
        (112, 73),
        (114, 74),
        (115, 76),
        (116, 77),
        (118, 78),
        (121, 78),
        (125, 78),
        (130, 81),
        (132, 83),
        (134, 84),
        (135, 85),
    ];
    let girls = [
        (103, 60),
        (106, 64),
        (108, 66),
        (109, 69),
        (110, 71),
        (111, 72),
        (112, 73),
        (113, 74),
        (114, 75),
        (116, 76),
        (118, 77),
        (122, 78),
        (124, 79),
        (125, 80),
        (126, 81),
        (127, 81),
        (127, 81),
    ];
    let bp = &reference().blood_pressure;
    for (sex, printed) in [(GrowthSex::Male, boys), (GrowthSex::Female, girls)] {
        for (i, (s, d)) in printed.iter().enumerate() {
            let age = u32::try_from(i).unwrap() + 1;
            let column = 3; // the 50th height percentile
            assert_eq!(
                bp.value(sex, age, Pressure::Systolic, 95, column),
                Some(f64::from(*s)),
                "{sex:?} {age}"
            );
            assert_eq!(
                bp.value(sex, age, Pressure::Diastolic, 95, column),
                Some(f64::from(*d)),
                "{sex:?} {age}"
            );
        }
    }
}

#[test]
fn a_child_blood_pressure_is_classified_by_percentile_or_the_adult_number() {
    let r = reference();
    let rules = &r.rules.blood_pressure;
    let at = |s, d, age, height| {
        classify(&r.blood_pressure, rules, GrowthSex::Male, age, height, s, d)
            .unwrap()
            .category
    };
    // A 6-year-old boy at the 50th height percentile: 95th percentile 111/71.
    assert_eq!(at(100.0, 60.0, 6, Some(50.0)), ChildBpCategory::Normal);
    assert_eq!(at(111.0, 60.0, 6, Some(50.0)), ChildBpCategory::Stage1);
    assert_eq!(at(123.0, 60.0, 6, Some(50.0)), ChildBpCategory::Stage2);
    // 11 years: the 95th percentile is 118/78 at the 50th height, below the adult 130/80, so
    // the percentile decides.
    assert_eq!(at(120.0, 60.0, 11, Some(50.0)), ChildBpCategory::Stage1);
    // Ages outside 1-12 are not classified here.
    assert!(
        classify(
            &r.blood_pressure,
            rules,
            GrowthSex::Male,
            13,
            None,
            120.0,
            70.0
        )
        .is_none()
    );
    assert!(
        classify(
            &r.blood_pressure,
            rules,
            GrowthSex::Male,
            0,
            None,
            90.0,
            50.0
        )
        .is_none()
    );
}

proptest! {
    /// For a fixed age and sex, a larger measurement is never a lower percentile.
    #[test]
    fn percentile_is_monotonic_in_the_measurement(
        days in 0i64..7000, a in 1.0f64..120.0, b in 1.0f64..120.0, male in any::<bool>(),
        which in 0usize..4,
    ) {
        let r = reference();
        let birth = day(2006, 1, 1);
        let kid = child(if male { GrowthSex::Male } else { GrowthSex::Female }, birth);
        let on = birth + chrono::Duration::days(days);
        let measure = [Measure::Weight, Measure::Length, Measure::HeadCircumference, Measure::Bmi][which];
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        if let (Ok(p), Ok(q)) = (
            assess(r, &kid, on, measure, lo, None, None),
            assess(r, &kid, on, measure, hi, None, None),
        ) {
            prop_assert!(p.z <= q.z + 1e-12, "{measure:?} {lo} {hi}");
            prop_assert!(p.percentile <= q.percentile + 1e-12);
        }
    }
}
