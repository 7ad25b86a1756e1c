//! A growth chart on paper for the parents: the child's name and birth date, the chart's title
//! and source, the percentile curves labelled at their ends, the child's measurements, and the
//! summary in words. One US Letter page, landscape.

use crate::clinical::growth::chart::GrowthChart;
use crate::clinical::growth::measure::ordinal;
use crate::clinical::patient::Patient;
use crate::print::canvas::{Canvas, document};

const WIDTH: f32 = 792.0;
const HEIGHT: f32 = 612.0;
const LEFT: f32 = 70.0;
const RIGHT: f32 = 720.0;
const BOTTOM: f32 = 90.0;
const TOP: f32 = 520.0;

/// The page's scale: the chart's data range onto the plot box.
struct Scale {
    x: (f64, f64),
    y: (f64, f64),
}

impl Scale {
    fn of(chart: &GrowthChart) -> Self {
        let xs = chart
            .curves
            .iter()
            .flat_map(|(_, c)| c.iter().map(|p| p[0]));
        let ys = chart
            .curves
            .iter()
            .flat_map(|(_, c)| c.iter().map(|p| p[1]))
            .chain(chart.points.iter().map(|p| p.value));
        let span = |it: &mut dyn Iterator<Item = f64>| {
            it.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
        };
        Self {
            x: span(&mut xs.into_iter()),
            y: span(&mut ys.into_iter()),
        }
    }

    #[expect(clippy::cast_possible_truncation, reason = "page coordinates")]
    fn at(&self, x: f64, y: f64) -> (f32, f32) {
        let fx = (x - self.x.0) / (self.x.1 - self.x.0).max(f64::EPSILON);
        let fy = (y - self.y.0) / (self.y.1 - self.y.0).max(f64::EPSILON);
        (
            LEFT + (fx as f32) * (RIGHT - LEFT),
            BOTTOM + (fy as f32) * (TOP - BOTTOM),
        )
    }
}

/// The chart as a one-page PDF.
pub fn pdf(chart: &GrowthChart, patient: &Patient) -> Vec<u8> {
    let mut page = Canvas::new(WIDTH, HEIGHT);
    let d = &patient.demographics;
    page.text(
        LEFT,
        575.0,
        16.0,
        true,
        &format!("{} ({})", chart.measure.label(), chart.table.label()),
    );
    page.text(
        LEFT,
        555.0,
        11.0,
        false,
        &format!(
            "{} · born {} · MRN {}",
            d.full_name(),
            d.birth_date.format("%b %-d, %Y"),
            patient.mrn
        ),
    );
    let scale = Scale::of(chart);
    // The frame and the axis labels at each end.
    for (x0, y0, x1, y1) in [
        (LEFT, BOTTOM, RIGHT, BOTTOM),
        (LEFT, BOTTOM, LEFT, TOP),
        (LEFT, TOP, RIGHT, TOP),
        (RIGHT, BOTTOM, RIGHT, TOP),
    ] {
        page.polyline(&[(x0, y0), (x1, y1)], 0.0, 0.8);
    }
    page.text(
        LEFT,
        BOTTOM - 18.0,
        9.0,
        false,
        &format!("{:.0}", scale.x.0),
    );
    page.text(
        RIGHT - 20.0,
        BOTTOM - 18.0,
        9.0,
        false,
        &format!("{:.0}", scale.x.1),
    );
    page.text(
        f32::midpoint(LEFT, RIGHT) - 30.0,
        BOTTOM - 18.0,
        10.0,
        true,
        chart.x_label(),
    );
    page.text(
        LEFT - 45.0,
        BOTTOM,
        9.0,
        false,
        &format!("{:.1}", scale.y.0),
    );
    page.text(
        LEFT - 45.0,
        TOP - 8.0,
        9.0,
        false,
        &format!("{:.1}", scale.y.1),
    );
    page.text(
        LEFT - 45.0,
        f32::midpoint(BOTTOM, TOP),
        10.0,
        true,
        chart.unit,
    );
    for (p, curve) in &chart.curves {
        let points: Vec<(f32, f32)> = curve.iter().map(|c| scale.at(c[0], c[1])).collect();
        let median = (*p - 50.0).abs() < f64::EPSILON;
        page.polyline(
            &points,
            if median { 0.0 } else { 55.0 },
            if median { 1.2 } else { 0.6 },
        );
        if let Some((x, y)) = points.last() {
            page.text(x + 4.0, y - 3.0, 8.0, false, &ordinal(*p));
        }
    }
    let mine: Vec<(f32, f32)> = chart
        .points
        .iter()
        .map(|p| scale.at(p.x, p.value))
        .collect();
    page.polyline(&mine, 0.0, 1.0);
    for (x, y) in &mine {
        page.fill_rect(x - 2.5, y - 2.5, 5.0, 5.0);
    }
    page.text(LEFT, 50.0, 10.0, false, &chart.summary);
    page.text(
        LEFT,
        34.0,
        8.0,
        false,
        "Curves: 3rd to 97th percentile. WHO Child Growth Standards (under 2 years) or CDC 2000 growth charts (2 to 20 years).",
    );
    document("Growth chart", vec![page.into_page()])
}
