//! A growth chart of one measure: the reference's percentile curves and the child's points, on
//! WHO's chart under 24 months or CDC's from 2 to 20 years, with a summary in words (the chart's
//! text alternative, and the line printed under it).

use chrono::NaiveDate;

use crate::clinical::growth::flags::growth_flags;
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

/// One of the child's measurements on the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub x: f64,
    pub value: f64,
    pub percentile: f64,
    /// The growth flags would mark it (below the 3rd, above the 97th, a BMI from the 95th).
    pub flagged: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GrowthChart {
    pub measure: Measure,
    pub table: Table,
    /// What the x axis is: age in months (WHO), in years (CDC), or length.
    pub axis: Axis,
    pub unit: &'static str,
    /// Each curve: its percentile and its points (x, value).
    pub curves: Vec<(f64, Vec<[f64; 2]>)>,
    pub points: Vec<ChartPoint>,
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
    let to_x = |x: f64| match table.axis() {
        Axis::AgeDays => x / per_month,
        Axis::AgeMonths => x / 12.0,
        Axis::LengthCm => x,
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
                .filter_map(|(x, lms)| lms.value(z).map(|v| [to_x(*x), v]))
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
        points.push(ChartPoint {
            x,
            value,
            percentile: point.percentile,
            flagged: !growth_flags(&reference.rules.flags, &point, None).is_empty(),
        });
    }
    // CDC's chart runs to 20 years: a young child's points would sit in a corner, so it is
    // drawn to a few years past the latest point (at least to 10 years).
    if table.axis() == Axis::AgeMonths {
        let latest = points.iter().map(|p| p.x).fold(0.0_f64, f64::max);
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
    let mut chart = GrowthChart {
        measure,
        table,
        axis: table.axis(),
        unit,
        curves,
        points,
        summary: String::new(),
    };
    chart.summary = chart.summary();
    Some(chart)
}

impl GrowthChart {
    pub fn x_label(&self) -> &'static str {
        match self.axis {
            Axis::AgeDays => "Age (months)",
            Axis::AgeMonths => "Age (years)",
            Axis::LengthCm => "Length (cm)",
        }
    }

    /// Where `x` is, in words: "12.0 months", "4.7 years", "74.0 cm".
    pub fn position(&self, x: f64) -> String {
        match self.axis {
            Axis::AgeDays => format!("{x:.1} months"),
            Axis::AgeMonths => format!("{x:.1} years"),
            Axis::LengthCm => format!("{x:.1} cm"),
        }
    }

    /// "Weight-for-age (WHO weight-for-age): 2 measurements; latest 8.9 kg at 12.0 months, 48th
    /// percentile (first 40th)."
    fn summary(&self) -> String {
        let title = format!("{} ({})", self.measure.label(), self.table.label());
        let Some(last) = self.points.last() else {
            return format!("{title}: no measurements on this chart.");
        };
        let first = self
            .points
            .first()
            .map_or(last.percentile, |f| f.percentile);
        let n = self.points.len();
        format!(
            "{title}: {n} measurement{}; latest {:.1} {} at {}, {} percentile (first {}).",
            if n == 1 { "" } else { "s" },
            last.value,
            self.unit,
            self.position(last.x),
            ordinal(last.percentile),
            ordinal(first)
        )
    }
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
        assert!((last.x - 12.0).abs() < 0.1, "{last:?}");
        assert!(!last.flagged);
        // 5 kg at a year is far below the 3rd percentile: marked as the flags would mark it.
        let thin = growth_chart(
            &reference,
            &child,
            Measure::Weight,
            ChartRange::Infant,
            &[weighed(day(2026, 11, 1), 5.0)],
        )
        .unwrap();
        assert!(thin.points[0].flagged);
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
