//! Categories computed from a set: the blood pressure category (2017 ACC/AHA, which AAP 2017
//! applies from 13 years) and the CDC adult BMI category. Younger patients never get these;
//! they get the table's note instead.

use crate::clinical::age::Age;
use crate::clinical::units::{Length, Mass};
use crate::clinical::vitals::reference::{BloodPressureCategory, BmiCategory, ReferenceTable};

/// Body mass index, kg/m².
pub fn body_mass_index(weight: Mass, height: Length) -> f64 {
    weight.kilograms() / (height.metres() * height.metres())
}

/// What a blood pressure means at this age.
#[derive(Clone, Copy, Debug)]
pub enum BloodPressureMeaning<'a> {
    Category(&'a BloodPressureCategory),
    /// Too young for these cut-offs: the table's note says what is needed instead.
    Younger(&'a str),
    Unclassified,
}

/// The blood pressure category (2017 ACC/AHA for adults, the same cut-offs AAP 2017 gives
/// from 13 years), or the table's note for a younger child.
pub fn blood_pressure_category(
    table: &ReferenceTable,
    systolic: f64,
    diastolic: f64,
    age: Age,
) -> BloodPressureMeaning<'_> {
    let categories = &table.blood_pressure_categories;
    if !age.has_reached(categories.from_age) {
        return categories.younger.as_deref().map_or(
            BloodPressureMeaning::Unclassified,
            BloodPressureMeaning::Younger,
        );
    }
    categories
        .categories
        .iter()
        .find(|c| {
            let no_limit = c.systolic_at_least.is_none() && c.diastolic_at_least.is_none();
            no_limit
                || c.systolic_at_least.is_some_and(|s| systolic >= s)
                || c.diastolic_at_least.is_some_and(|d| diastolic >= d)
        })
        .map_or(
            BloodPressureMeaning::Unclassified,
            BloodPressureMeaning::Category,
        )
}

/// What a BMI means at this age.
#[derive(Clone, Copy, Debug)]
pub enum BmiMeaning<'a> {
    Adult(&'a BmiCategory),
    /// Too young for adult categories: the table's note says what to do instead.
    Younger(&'a str),
    Unclassified,
}

pub fn bmi_meaning(table: &ReferenceTable, bmi: f64, age: Age) -> BmiMeaning<'_> {
    let categories = &table.bmi_categories;
    if !age.has_reached(categories.from_age) {
        return categories
            .younger
            .as_deref()
            .filter(|_| {
                categories
                    .younger_from
                    .is_none_or(|from| age.has_reached(from))
            })
            .map_or(BmiMeaning::Unclassified, BmiMeaning::Younger);
    }
    categories
        .categories
        .iter()
        .rev()
        .find(|c| bmi >= c.at_least)
        .map_or(BmiMeaning::Unclassified, BmiMeaning::Adult)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn age(years: i32) -> Age {
        let on = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        Age::on(NaiveDate::from_ymd_opt(2026 - years, 1, 1).unwrap(), on).unwrap()
    }

    fn bp_at(s: f64, d: f64, years: i32) -> String {
        let table = ReferenceTable::built_in().unwrap();
        match blood_pressure_category(&table, s, d, age(years)) {
            BloodPressureMeaning::Category(c) => c.name.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn bp(s: f64, d: f64) -> String {
        bp_at(s, d, 40)
    }

    #[test]
    fn blood_pressure_categories_higher_wins() {
        assert_eq!(bp(119.0, 79.0), "Normal");
        assert_eq!(bp(120.0, 79.0), "Elevated");
        assert_eq!(bp(129.0, 79.0), "Elevated");
        assert_eq!(bp(125.0, 80.0), "Stage 1 hypertension");
        assert_eq!(bp(130.0, 70.0), "Stage 1 hypertension");
        assert_eq!(bp(118.0, 90.0), "Stage 2 hypertension");
        assert_eq!(bp(140.0, 70.0), "Stage 2 hypertension");
        assert_eq!(bp(180.0, 110.0), "Stage 2 hypertension");
        assert_eq!(bp(181.0, 100.0), "Hypertensive crisis");
        assert_eq!(bp(150.0, 121.0), "Hypertensive crisis");
    }

    /// AAP 2017: from 13 years the adult cut-offs; under 13, a percentile is needed.
    #[test]
    fn from_thirteen_the_aap_cut_offs_and_under_thirteen_a_note() {
        assert_eq!(bp_at(165.0, 105.0, 15), "Stage 2 hypertension");
        assert_eq!(bp_at(132.0, 70.0, 13), "Stage 1 hypertension");
        assert_eq!(bp_at(118.0, 70.0, 13), "Normal");
        let table = ReferenceTable::built_in().unwrap();
        assert!(matches!(
            blood_pressure_category(&table, 150.0, 95.0, age(12)),
            BloodPressureMeaning::Younger(note) if note.contains("percentile")
        ));
    }

    #[test]
    fn no_bmi_note_under_two_years() {
        let table = ReferenceTable::built_in().unwrap();
        let infant = Age::on(
            NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            bmi_meaning(&table, 17.0, infant),
            BmiMeaning::Unclassified
        ));
        assert!(matches!(
            bmi_meaning(&table, 17.0, age(2)),
            BmiMeaning::Younger(note) if note.starts_with("Ages 2-19")
        ));
    }

    #[test]
    fn bmi_and_its_meaning() {
        let bmi = body_mass_index(Mass::from_kilograms(70.0), Length::from_centimetres(175.0));
        assert!((bmi - 22.857).abs() < 0.001);
        let table = ReferenceTable::built_in().unwrap();
        let name = |bmi: f64| match bmi_meaning(&table, bmi, age(30)) {
            BmiMeaning::Adult(c) => c.name.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(name(18.4), "Underweight");
        assert_eq!(name(18.5), "Healthy weight");
        assert_eq!(name(24.99), "Healthy weight");
        assert_eq!(name(25.0), "Overweight");
        assert_eq!(name(40.0), "Obesity class 3");
        assert!(matches!(
            bmi_meaning(&table, 30.0, age(19)),
            BmiMeaning::Younger(_)
        ));
        assert!(matches!(
            bmi_meaning(&table, 30.0, age(10)),
            BmiMeaning::Younger(_)
        ));
    }
}
