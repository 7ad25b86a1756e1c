//! Growth charts for a child: one measure at a time on WHO's chart (birth to 24 months) or
//! CDC's (2 to 20 years), the 3rd to 97th percentile curves with the child's points, a summary
//! and a list of the points in words (the chart's text alternative), and a PDF for the parents.

use egui::{Color32, RichText, Ui};
use egui_plot::{Line, MarkerShape, Plot, PlotPoint, Points, Text};

use crate::clinical::growth::chart::{ChartPoint, ChartRange, GrowthChart, growth_chart};
use crate::clinical::growth::measure::ordinal;
use crate::clinical::growth::{Child, GrowthSex, Measure};
use crate::clinical::vitals::growth_check::measurements;
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext};
use crate::ui::tabs::TabKey;
use crate::ui::{Intent, theme};

pub const ORIGIN: Origin = Origin::new(TabKey::Growth, Form::Print);

pub struct GrowthView {
    measure: Measure,
    /// The chart chosen; `None` until the MA picks one: the chart for the child's age.
    range: Option<ChartRange>,
    /// The chart drawn, and the chart revision, measure and range it was made for.
    cached: Option<(u64, Measure, ChartRange, Option<Drawn>)>,
    note: Option<(String, bool)>,
}

/// A chart as the plot draws it, made once per change rather than every frame.
struct Drawn {
    chart: GrowthChart,
    /// Each curve: its name ("97th"), whether it is the median, and its points.
    curves: Vec<(String, bool, Vec<PlotPoint>)>,
    mine: Vec<PlotPoint>,
    flagged: Vec<PlotPoint>,
    /// The latest points in words, newest first.
    latest: String,
}

impl Drawn {
    fn of(chart: GrowthChart) -> Self {
        let curves = chart
            .curves
            .iter()
            .map(|(p, line)| {
                let points = line.iter().map(|[x, y]| PlotPoint::new(*x, *y)).collect();
                (ordinal(*p), (*p - 50.0).abs() < f64::EPSILON, points)
            })
            .collect();
        let at = |p: &ChartPoint| PlotPoint::new(p.x, p.value);
        let latest: Vec<String> = chart
            .points
            .iter()
            .rev()
            .take(6)
            .map(|p| {
                format!(
                    "{}: {:.1} {} ({} percentile)",
                    chart.position(p.x),
                    p.value,
                    chart.unit,
                    ordinal(p.percentile)
                )
            })
            .collect();
        Self {
            curves,
            mine: chart.points.iter().map(at).collect(),
            flagged: chart.points.iter().filter(|p| p.flagged).map(at).collect(),
            latest: if latest.is_empty() {
                String::new()
            } else {
                format!("Latest: {}", latest.join(" · "))
            },
            chart,
        }
    }
}

impl Default for GrowthView {
    fn default() -> Self {
        Self {
            measure: Measure::Weight,
            range: None,
            cached: None,
            note: None,
        }
    }
}

/// The child the chart is of, or why there is no chart.
pub fn child_of(cx: &TabContext<'_>) -> Result<Child, &'static str> {
    let d = &cx.patient.demographics;
    let sex = GrowthSex::of(d.sex).ok_or(
        "The growth references are published for boys and girls: record the sex to see a chart.",
    )?;
    let limit = cx.view.reference.growth.rules.cdc_until_months;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "240 months"
    )]
    let months = limit as u32;
    let adult = d
        .birth_date
        .checked_add_months(chrono::Months::new(months))
        .is_some_and(|end| cx.view.clock.today() > end);
    if adult {
        return Err("Growth charts are for children and teenagers, up to 20 years.");
    }
    Ok(Child {
        sex,
        birth: d.birth_date,
        gestation: cx.records.birth_history().map(|b| b.content.gestation),
    })
}

impl GrowthView {
    /// Makes the chart again when the chart, the measure or the range changed.
    fn refresh(&mut self, cx: &TabContext<'_>, child: &Child, range: ChartRange) {
        let fresh = self
            .cached
            .as_ref()
            .is_some_and(|(rev, m, r, _)| *rev == cx.revision && *m == self.measure && *r == range);
        if !fresh {
            let chart = growth_chart(
                &cx.view.reference.growth,
                child,
                self.measure,
                range,
                &measurements(cx.vitals),
            );
            self.cached = Some((cx.revision, self.measure, range, chart.map(Drawn::of)));
        }
    }

    fn choices_ui(&mut self, ui: &mut Ui, range: ChartRange) -> ChartRange {
        let mut range = range;
        ui.horizontal_wrapped(|ui| {
            for r in [ChartRange::Infant, ChartRange::Child] {
                if ui.selectable_label(range == r, r.label()).clicked() {
                    range = r;
                    self.range = Some(r);
                }
            }
            ui.separator();
            for m in Measure::ALL {
                let (infant, older) = m.tables();
                let offered = match range {
                    ChartRange::Infant => infant.is_some(),
                    ChartRange::Child => older.is_some(),
                };
                if offered && ui.selectable_label(self.measure == m, m.label()).clicked() {
                    self.measure = m;
                }
            }
        });
        range
    }
}

/// The child's colour on the chart (the curves are grey).
const CHILD: Color32 = Color32::from_rgb(40, 120, 220);

fn plot_ui(ui: &mut Ui, drawn: &Drawn) {
    let chart = &drawn.chart;
    let muted = theme::muted(ui.visuals());
    let text = ui.visuals().text_color();
    let height = (ui.available_height() - 140.0).clamp(260.0, 420.0);
    // Room on the right for the curves' names.
    let right = drawn
        .curves
        .iter()
        .filter_map(|(.., c)| c.last())
        .map(|p| p.x)
        .fold(0.0, f64::max)
        * 1.05;
    let plot = Plot::new(("growth", chart.measure.label()))
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .x_axis_label(chart.x_label())
        .include_x(right)
        .y_axis_label(chart.unit)
        .show(ui, |plot| {
            for (name, median, points) in &drawn.curves {
                let colour = if *median { text } else { muted };
                // Each curve named at its end, as on a paper chart.
                if let Some(end) = points.last() {
                    plot.text(
                        Text::new(format!("{name} label"), *end, name.as_str())
                            .anchor(egui::Align2::LEFT_CENTER)
                            .color(colour),
                    );
                }
                plot.line(
                    Line::new(format!("{name} percentile"), points.as_slice())
                        .color(colour)
                        .width(if *median { 1.5 } else { 1.0 }),
                );
            }
            plot.line(Line::new("This child", drawn.mine.as_slice()).color(CHILD));
            plot.points(
                Points::new("Measurements", drawn.mine.as_slice())
                    .radius(3.5)
                    .color(CHILD),
            );
            if !drawn.flagged.is_empty() {
                plot.points(
                    Points::new("Flagged", drawn.flagged.as_slice())
                        .shape(MarkerShape::Diamond)
                        .radius(6.0)
                        .color(theme::flagged_point()),
                );
            }
        });
    plot.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &chart.summary));
}

impl ChartTab for GrowthView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Growth charts");
        let child = match child_of(cx) {
            Ok(child) => child,
            Err(why) => {
                ui.label(RichText::new(why).color(theme::muted(ui.visuals())));
                return intents;
            }
        };
        let today = cx.view.clock.today();
        let range = self
            .range
            .unwrap_or_else(|| ChartRange::for_age(&cx.view.reference.growth, &child, today));
        let range = self.choices_ui(ui, range);
        self.refresh(cx, &child, range);
        let Some((.., Some(drawn))) = &self.cached else {
            ui.label("This measure has no chart at these ages.");
            return intents;
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(&drawn.chart.summary).strong());
            if ui.button("Print for the parents (PDF)").clicked() {
                intents.push(Intent::PrintGrowthChart {
                    origin: ORIGIN,
                    measure: self.measure,
                    range,
                });
            }
        });
        if let Some((text, ok)) = &self.note {
            let colour = if *ok {
                theme::muted(ui.visuals())
            } else {
                theme::warning(ui.visuals())
            };
            ui.label(RichText::new(text).color(colour));
        }
        plot_ui(ui, drawn);
        // The points in words: what a screen reader reads and the MA can check.
        if !drawn.latest.is_empty() {
            ui.label(
                RichText::new(&drawn.latest)
                    .small()
                    .color(theme::muted(ui.visuals())),
            );
        }
        intents
    }

    fn focus_first_field(&mut self) {}

    fn on_reply(&mut self, reply: &Reply, _cx: &TabContext<'_>) {
        if let Reply::Note { origin, text, ok } = reply
            && *origin == ORIGIN
        {
            self.note = Some((text.clone(), *ok));
        }
    }
}
