//! Adult categories computed from a set: the 2017 ACC/AHA blood pressure category and the CDC
//! adult BMI category. Children never get adult categories; they get the table's note instead.

use crate::clinical::age::Age;
use crate::clinical::units::{Length, Mass};
use crate::clinical::vitals::reference::{BloodPressureCategory, BmiCategory, ReferenceTable};

/// Body mass index, kg/m².
pub fn body_mass_index(weight: Mass, height: Length) -> f64 {
    weight.kilograms() / (height.metres() * height.metres())
}

/// The adult blood pressure category, or `None` for a child.
pub fn blood_pressure_category(
    table: &ReferenceTable,
    systolic: f64,
    diastolic: f64,
    age: Age,
) -> Option<&BloodPressureCategory> {
    let categories = &table.blood_pressure_categories;
    if !age.has_reached(categories.from_age) {
        return None;
    }
    categories.categories.iter().find(|c| {
        let no_limit = c.systolic_at_least.is_none() && c.diastolic_at_least.is_none();
        no_limit
            || c.systolic_at_least.is_some_and(|s| systolic >= s)
            || c.diastolic_at_least.is_some_and(|d| diastolic >= d)
    })
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

    fn bp(s: f64, d: f64) -> String {
        let table = ReferenceTable::built_in().unwrap();
        blood_pressure_category(&table, s, d, age(40))
            .unwrap()
            .name
            .clone()
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

    #[test]
    fn children_get_no_adult_blood_pressure_category() {
        let table = ReferenceTable::built_in().unwrap();
        assert!(blood_pressure_category(&table, 150.0, 95.0, age(12)).is_none());
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
