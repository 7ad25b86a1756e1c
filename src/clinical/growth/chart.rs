//! A growth chart of one measure: the reference's percentile curves and the child's points, on
//! WHO's chart under 24 months or CDC's from 2 to 20 years, with a summary in words (the chart's
//! text alternative, and the line printed under it).

use chrono::NaiveDate;

use crate::clinical::growth::lms::z_of_percentile;
use crate::clinical::growth::measure::{Child, GrowthAge, Measure, Position, assess, ordinal};
use crate::clinical::growth::reference::{Axis, GrowthReference, Table};

/// Which of the two charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartRange {
    /// WHO, birth to 24 months.
    Infant,
    /// CDC, 2 to 20 years.
    Child,
}

impl ChartRange {
    /// The chart for a child's age today.
    pub fn for_age(reference: &GrowthReference, child: &Child, today: NaiveDate) -> Self {
        match GrowthAge::of(reference, child, today) {
            Some(age) if age.under_who_limit(reference) => Self::Infant,
            Some(_) => Self::Child,
            None => Self::Infant,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Infant => "WHO, birth to 24 months",
            Self::Child => "CDC, 2 to 20 years",
        }
    }
}

/// One charted measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    pub on: NaiveDate,
    pub weight: Option<f64>,
    pub height: Option<f64>,
    pub head: Option<f64>,
    pub bmi: Option<f64>,
    pub position: Option<Position>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GrowthChart {
    pub measure: Measure,
    pub table: Table,
    /// "Age (months)", "Age (years)" or "Length (cm)".
    pub x_label: &'static str,
    pub unit: &'static str,
    /// Each curve: its percentile and its points (x, value).
    pub curves: Vec<(f64, Vec<[f64; 2]>)>,
    /// The child's points: (x, value, percentile).
    pub points: Vec<[f64; 3]>,
    /// In words, for screen readers and under the printed chart.
    pub summary: String,
}

/// The chart of `measure` in `range` for the child, or `None` where the reference has no such
/// chart (head circumference and weight-for-length end at 24 months).
pub fn growth_chart(
    reference: &GrowthReference,
    child: &Child,
    measure: Measure,
    range: ChartRange,
    measurements: &[Measurement],
) -> Option<GrowthChart> {
    let (infant, older) = measure.tables();
    let table = match range {
        ChartRange::Infant => infant,
        ChartRange::Child => older,
    }?;
    let curve = reference.curve(table, child.sex)?;
    let per_month = reference.rules.days_per_month;
    let (x_label, to_x): (&str, fn(f64, f64) -> f64) = match table.axis() {
        Axis::AgeDays => ("Age (months)", |x, per_month| x / per_month),
        Axis::AgeMonths => ("Age (years)", |x, _| x / 12.0),
        Axis::LengthCm => ("Length (cm)", |x, _| x),
    };
    // About 120 points a curve: enough for a smooth line, few enough to draw every frame.
    let rows = curve.rows();
    let step = (rows.len() / 120).max(1);
    let mut curves: Vec<(f64, Vec<[f64; 2]>)> = reference
        .rules
        .flags
        .curves
        .iter()
        .map(|p| {
            let z = z_of_percentile(*p);
            let line = rows
                .iter()
                .step_by(step)
                .chain(rows.last())
                .filter_map(|(x, lms)| lms.value(z).map(|v| [to_x(*x, per_month), v]))
                .collect();
            (*p, line)
        })
        .collect();
    let mut points = Vec::new();
    for m in measurements {
        let value = match measure {
            Measure::Weight | Measure::WeightForLength => m.weight,
            Measure::Length => m.height,
            Measure::HeadCircumference => m.head,
            Measure::Bmi => m.bmi,
        };
        let Some(value) = value else { continue };
        let Ok(point) = assess(reference, child, m.on, measure, value, m.height, m.position) else {
            continue;
        };
        if point.table != table {
            continue;
        }
        let x = match table.axis() {
            Axis::AgeDays => point.age.months,
            Axis::AgeMonths => point.age.months / 12.0,
            Axis::LengthCm => m.height.unwrap_or_default(),
        };
        points.push([x, value, point.percentile]);
    }
    // CDC's chart runs to 20 years: a young child's points would sit in a corner, so it is
    // drawn to a few years past the latest point (at least to 10 years).
    if table.axis() == Axis::AgeMonths {
        let latest = points.iter().map(|p| p[0]).fold(0.0_f64, f64::max);
        let until = (latest + 4.0).max(10.0);
        for (_, line) in &mut curves {
            line.retain(|p| p[0] <= until);
        }
    }
    let unit = match measure {
        Measure::Weight | Measure::WeightForLength => "kg",
        Measure::Length | Measure::HeadCircumference => "cm",
        Measure::Bmi => "kg/m²",
    };
    let summary = summary(measure, table, unit, x_label, &points);
    Some(GrowthChart {
        measure,
        table,
        x_label,
        unit,
        curves,
        points,
        summary,
    })
}

fn summary(
    measure: Measure,
    table: Table,
    unit: &str,
    x_label: &str,
    points: &[[f64; 3]],
) -> String {
    let title = format!("{} ({})", measure.label(), table.label());
    let Some([x, value, p]) = points.last() else {
        return format!("{title}: no measurements on this chart.");
    };
    let first = points.first().map_or(*p, |f| f[2]);
    let at = match x_label {
        "Age (months)" => format!("at {x:.1} months"),
        "Age (years)" => format!("at {x:.1} years"),
        _ => format!("at {x:.1} cm"),
    };
    format!(
        "{title}: {} measurement{}; latest {value:.1} {unit} {at}, {} percentile (first {}).",
        points.len(),
        if points.len() == 1 { "" } else { "s" },
        ordinal(*p),
        ordinal(first)
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::clinical::growth::reference::GrowthSex;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn weighed(on: NaiveDate, kg: f64) -> Measurement {
        Measurement {
            on,
            weight: Some(kg),
            height: None,
            head: None,
            bmi: None,
            position: None,
        }
    }

    #[test]
    fn an_infant_chart_has_its_curves_and_points_in_months() {
        let reference = GrowthReference::built_in().unwrap();
        let child = Child {
            sex: GrowthSex::Female,
            birth: day(2025, 11, 1),
            gestation: None,
        };
        let chart = growth_chart(
            &reference,
            &child,
            Measure::Weight,
            ChartRange::Infant,
            &[
                weighed(day(2025, 11, 1), 3.2),
                weighed(day(2026, 11, 1), 8.9),
            ],
        )
        .unwrap();
        assert_eq!(chart.curves.len(), 7);
        assert_eq!(chart.points.len(), 2);
        let last = chart.points[1];
        assert!((last[0] - 12.0).abs() < 0.1, "{last:?}");
        assert!(chart.summary.starts_with(
            "Weight-for-age (WHO weight-for-age): 2 measurements; latest 8.9 kg at 12.0 months, "
        ), "{}", chart.summary);
        // A CDC chart leaves the infant's points out; head circumference has no CDC chart.
        let older = growth_chart(
            &reference,
            &child,
            Measure::Weight,
            ChartRange::Child,
            &[weighed(day(2026, 11, 1), 8.9)],
        )
        .unwrap();
        assert!(older.points.is_empty());
        assert!(
            growth_chart(
                &reference,
                &child,
                Measure::HeadCircumference,
                ChartRange::Child,
                &[]
            )
            .is_none()
        );
    }
}
