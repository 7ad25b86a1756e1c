//! A patient's vitals history: a table of every set (only the visible rows are drawn), each
//! version's standing (corrected, entered in error), the actions on the current ones, and trend
//! charts of blood pressure, heart rate, weight and temperature with abnormal points marked.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Line, MarkerShape, Plot, PlotPoint, Points};

use crate::clinical::growth::measure::ordinal;
use crate::clinical::ids::VitalsId;
use crate::clinical::record::{Retraction, Standing};
use crate::clinical::time::Clock;
use crate::clinical::vitals::growth_check::{ChildGrowth, set_percentiles};
use crate::clinical::vitals::{Interpretation, Vital, VitalsSet};
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{field_error, line, submitted};
use crate::ui::{Intent, format, theme};

const ORIGIN: Origin = Origin::new(TabKey::VitalsHistory, Form::Retraction);

/// One trend: every reading, the line through each day's last reading (so a recheck minutes
/// later is a second dot, not a spike), and the readings flagged abnormal.
#[derive(Default)]
struct Series {
    points: Vec<PlotPoint>,
    daily: Vec<PlotPoint>,
    abnormal: Vec<PlotPoint>,
}

/// A chart of one or two vitals.
struct Trend {
    title: &'static str,
    unit: &'static str,
    series: Vec<(&'static str, Series)>,
    /// What the chart shows, in words: its text alternative for screen readers.
    summary: String,
}

/// A table row, worked out once per change rather than formatted every frame.
struct HistoryRow {
    id: VitalsId,
    taken: String,
    /// When it was taken, with the day, to name the row's buttons for screen readers.
    taken_with_day: String,
    /// Blood pressure, then the vitals of `VALUE_COLUMNS`: the text and whether it was flagged.
    cells: Vec<(String, Option<Interpretation>)>,
    by: String,
    standing: RowStanding,
}

enum RowStanding {
    Current { corrected: bool },
    Replaced(String),
    EnteredInError(String),
}

const VALUE_COLUMNS: [Vital; 8] = [
    Vital::HeartRate,
    Vital::RespiratoryRate,
    Vital::Temperature,
    Vital::OxygenSaturation,
    Vital::Height,
    Vital::Weight,
    Vital::Bmi,
    Vital::Pain,
];

pub struct VitalsHistoryView {
    /// The chart's revision the rows and charts were worked out for.
    revision: u64,
    current_sets: usize,
    /// Rows shown, newest first.
    rows: Vec<HistoryRow>,
    trends: Vec<Trend>,
    show_all_versions: bool,
    retracting: Option<(VitalsId, String)>,
    error: Option<String>,
}

const TABLE_COLUMNS: [&str; 12] = [
    "Taken",
    "",
    "BP",
    "HR",
    "RR",
    "°C",
    "SpO2 %",
    "Ht cm",
    "Wt kg",
    "BMI",
    "Pain",
    "Charted by",
];

impl VitalsHistoryView {
    pub fn new(cx: &TabContext<'_>) -> Self {
        let mut view = Self {
            revision: cx.revision,
            current_sets: 0,
            rows: Vec::new(),
            trends: Vec::new(),
            show_all_versions: false,
            retracting: None,
            error: None,
        };
        view.refresh(cx);
        view
    }

    /// Works out rows and chart series once per change, not once per frame.
    fn refresh(&mut self, cx: &TabContext<'_>) {
        let (sets, clock) = (cx.vitals, cx.view.clock);
        // A child's weight, height, head circumference and BMI carry their percentile.
        let growth = super::growth::child_of(cx).ok().map(|child| {
            (
                ChildGrowth {
                    reference: &cx.view.reference.growth,
                    sex: cx.patient.demographics.sex,
                    gestation: child.gestation,
                },
                child.birth,
            )
        });
        self.rows = sets
            .iter()
            .rev()
            .filter(|s| self.show_all_versions || s.standing.is_current())
            .map(|s| {
                let percentiles = growth
                    .map(|(g, birth)| set_percentiles(g, birth, s))
                    .unwrap_or_default();
                history_row(s, clock, &percentiles)
            })
            .collect();
        let current: Vec<&VitalsSet> = sets.iter().filter(|s| s.standing.is_current()).collect();
        self.current_sets = current.len();
        let series = |vital: Vital| {
            let mut series = Series::default();
            for set in &current {
                let Some(observation) = set.observation(vital) else {
                    continue;
                };
                let Some(value) = observation.value() else {
                    continue;
                };
                let point = PlotPoint::new(days(set), value);
                series.points.push(point);
                // Sets come oldest first: a later reading of the same day replaces the earlier.
                let same_day = |p: &PlotPoint| (p.x.floor() - point.x.floor()).abs() < 0.5;
                if series.daily.last().is_some_and(same_day) {
                    series.daily.pop();
                }
                series.daily.push(point);
                if observation
                    .interpretation()
                    .is_some_and(Interpretation::is_abnormal)
                {
                    series.abnormal.push(point);
                }
            }
            series
        };
        let mut trends = vec![
            Trend {
                title: "Blood pressure",
                unit: "mmHg",
                series: vec![
                    ("Systolic", series(Vital::Systolic)),
                    ("Diastolic", series(Vital::Diastolic)),
                ],
                summary: String::new(),
            },
            Trend {
                title: "Heart rate",
                unit: "/min",
                summary: String::new(),
                series: vec![("Heart rate", series(Vital::HeartRate))],
            },
            Trend {
                title: "Weight",
                unit: "kg",
                summary: String::new(),
                series: vec![("Weight", series(Vital::Weight))],
            },
            Trend {
                title: "Temperature",
                unit: "°C",
                summary: String::new(),
                series: vec![("Temperature", series(Vital::Temperature))],
            },
        ];
        for trend in &mut trends {
            trend.summary = trend_summary(trend);
        }
        self.trends = trends;
    }

    fn view_ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Option<Intent> {
        if self.revision != cx.revision {
            self.revision = cx.revision;
            self.refresh(cx);
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            ui.heading("Vitals history");
            ui.label(
                RichText::new(format!("{} current sets", self.current_sets))
                    .color(theme::muted(ui.visuals())),
            );
            let before = self.show_all_versions;
            ui.checkbox(
                &mut self.show_all_versions,
                "Show corrected and entered-in-error versions",
            );
            if before != self.show_all_versions {
                self.refresh(cx);
            }
        });
        if let Some(retract) = self.retract_ui(ui) {
            intent = Some(retract);
        }
        if let Some(e) = &self.error {
            field_error(ui, e);
        }
        self.charts_ui(ui);
        ui.add_space(8.0);
        if let Some(action) = self.table_ui(ui) {
            intent = Some(action);
        }
        intent
    }

    fn retract_ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let (id, reason) = self.retracting.as_mut()?;
        let mut intent = None;
        let mut cancel = false;
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("Why was this set entered in error?").strong());
            let field = ui
                .add(
                    line(reason, 260.0)
                        .hint_text("e.g. wrong patient")
                        .id_salt("retract_reason"),
                )
                .labelled_by(label.id);
            if !field.has_focus() && reason.is_empty() && !field.lost_focus() {
                field.request_focus();
            }
            let confirm = ui.button("Mark entered in error");
            if confirm.clicked() || submitted(ui, std::slice::from_ref(&field)) {
                match Retraction::new(reason) {
                    Ok(retraction) => {
                        intent = Some(Intent::VitalsEnteredInError {
                            origin: ORIGIN,
                            id: *id,
                            retraction,
                        });
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            self.retracting = None;
        }
        intent
    }

    fn charts_ui(&self, ui: &mut Ui) {
        let gap = 10.0;
        let width = ((ui.available_width() - gap) / 2.0 - 8.0).max(200.0);
        // Two charts a row; not a grid, which would lay out twice on the tab's first frame.
        crate::ui::widgets::rows(ui, |ui| {
            for (i, trend) in self.trends.iter().enumerate() {
                ui.vertical(|ui| {
                    // The words wrap within the chart's width rather than widen it.
                    ui.set_max_width(width);
                    ui.label(RichText::new(format!("{} ({})", trend.title, trend.unit)).strong());
                    // The chart's text alternative, also read by the MA at a glance.
                    ui.label(
                        RichText::new(&trend.summary)
                            .small()
                            .color(theme::muted(ui.visuals())),
                    );
                    Plot::new(("trend", trend.title))
                        .width(width)
                        .height(130.0)
                        .allow_scroll(false)
                        .allow_zoom(false)
                        .allow_drag(false)
                        .x_axis_formatter(|mark, _| date_label(mark.value))
                        .show(ui, |plot| {
                            for (name, series) in &trend.series {
                                plot.line(Line::new(*name, series.daily.as_slice()));
                                plot.points(
                                    Points::new(
                                        format!("{name} readings"),
                                        series.points.as_slice(),
                                    )
                                    .radius(2.5),
                                );
                                if !series.abnormal.is_empty() {
                                    plot.points(
                                        Points::new(
                                            format!("{name} flagged"),
                                            series.abnormal.as_slice(),
                                        )
                                        .shape(MarkerShape::Diamond)
                                        .radius(5.0)
                                        .color(theme::flagged_point()),
                                    );
                                }
                            }
                        });
                });
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    }

    fn table_ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let mut intent = None;
        let row_height = ui.spacing().interact_size.y + 4.0;
        let rows = &self.rows;
        let retracting = &mut self.retracting;
        // The table scrolls sideways on a narrow window rather than lose its last columns.
        egui::ScrollArea::horizontal()
            .id_salt("vitals_table")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .striped(true)
                    // Fixed widths: auto-sized columns would measure every visible cell every frame.
                    .column(Column::exact(120.0))
                    // The row's buttons (or where it stands) second, always in sight.
                    .column(Column::exact(200.0))
                    .column(Column::exact(68.0))
                    .columns(Column::exact(48.0), 8)
                    .column(Column::remainder().at_least(140.0))
                    .header(22.0, |mut header| {
                        for title in TABLE_COLUMNS {
                            header.col(|ui| {
                                ui.label(RichText::new(title).strong());
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(row_height, rows.len(), |mut row| {
                            let Some(history) = rows.get(row.index()) else {
                                return;
                            };
                            row.col(|ui| {
                                ui.label(&history.taken);
                            });
                            row.col(|ui| match &history.standing {
                                RowStanding::Current { corrected } => {
                                    ui.horizontal(|ui| {
                                        // Every row has these buttons: each says which set it acts on.
                                        let what =
                                            format!("the vitals taken {}", history.taken_with_day);
                                        let correct = ui.small_button("Correct…");
                                        correct.widget_info(|| {
                                            egui::WidgetInfo::labeled(
                                                egui::Role::Button,
                                                true,
                                                format!("Correct {what}"),
                                            )
                                        });
                                        if correct.clicked() {
                                            intent = Some(Intent::CorrectVitals(history.id));
                                        }
                                        let retract = ui.small_button("Entered in error…");
                                        retract.widget_info(|| {
                                            egui::WidgetInfo::labeled(
                                                egui::Role::Button,
                                                true,
                                                format!("Entered in error: {what}"),
                                            )
                                        });
                                        if retract.clicked() {
                                            *retracting = Some((history.id, String::new()));
                                        }
                                        if *corrected {
                                            ui.label(
                                                RichText::new("corrected")
                                                    .color(theme::muted(ui.visuals())),
                                            );
                                        }
                                    });
                                }
                                RowStanding::Replaced(text) => {
                                    let shown = ui.label(
                                        RichText::new("corrected")
                                            .color(theme::muted(ui.visuals())),
                                    );
                                    said_in_full(&shown, text);
                                }
                                RowStanding::EnteredInError(text) => {
                                    let shown = ui.label(
                                        RichText::new("entered in error")
                                            .color(theme::error(ui.visuals()))
                                            .strikethrough(),
                                    );
                                    said_in_full(&shown, text);
                                }
                            });
                            for (text, flag) in &history.cells {
                                row.col(|ui| cell(ui, text, *flag));
                            }
                            row.col(|ui| {
                                ui.label(&history.by);
                            });
                        });
                    });
            });
        intent
    }
}

impl ChartTab for VitalsHistoryView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx).into_iter().collect()
    }

    fn focus_first_field(&mut self) {}

    fn on_reply(&mut self, reply: &Reply, _cx: &TabContext<'_>) {
        match reply {
            Reply::Saved(_) => {
                self.retracting = None;
                self.error = None;
            }
            Reply::Failed { message, .. } => self.error = Some(message.clone()),
            Reply::Note { .. }
            | Reply::CorrectVitals(_)
            | Reply::CoSigned { .. }
            | Reply::CoSignRefused { .. } => {}
        }
    }
}

/// "Systolic: 12 readings Jan 2025 to Nov 2026, latest 128 (2 flagged); Diastolic: ...".
fn trend_summary(trend: &Trend) -> String {
    let parts: Vec<String> = trend
        .series
        .iter()
        .map(|(name, series)| {
            let (Some(first), Some(last)) = (series.points.first(), series.points.last()) else {
                return format!("{name}: no readings");
            };
            let flagged = match series.abnormal.len() {
                0 => String::new(),
                n => format!(" ({n} flagged)"),
            };
            format!(
                "{name}: {} reading{} {} to {}, latest {} {}{flagged}",
                series.points.len(),
                if series.points.len() == 1 { "" } else { "s" },
                date_label(first.x),
                date_label(last.x),
                if last.y.fract().abs() < 0.05 {
                    format!("{:.0}", last.y)
                } else {
                    format!("{:.1}", last.y)
                },
                trend.unit
            )
        })
        .collect();
    parts.join("; ")
}

/// A short word in a narrow column, whose whole sentence (who, when, why) shows on hover and is
/// what a screen reader says.
fn said_in_full(shown: &egui::Response, text: &str) {
    shown.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    shown.clone().on_hover_text(text);
}

fn history_row(set: &VitalsSet, clock: Clock, percentiles: &[(Vital, f64)]) -> HistoryRow {
    let flag = |vitals: &[Vital]| {
        vitals
            .iter()
            .filter_map(|v| set.observation(*v)?.interpretation())
            .find(|f| f.is_abnormal())
    };
    let absent = |vitals: &[Vital]| {
        vitals
            .iter()
            .any(|v| set.observation(*v).is_some_and(|o| o.value().is_none()))
    };
    let text = |value: Option<String>, vitals: &[Vital]| match value {
        Some(text) => text,
        None if absent(vitals) => "n/o".to_owned(),
        None => String::new(),
    };
    let bp = [Vital::Systolic, Vital::Diastolic];
    let mut cells = vec![(text(set.blood_pressure(), &bp), flag(&bp))];
    for vital in VALUE_COLUMNS {
        let value = set.value(vital).map(|v| {
            let shown = format!("{v:.prec$}", prec = vital.decimals());
            match percentiles.iter().find(|(pv, _)| *pv == vital) {
                Some((_, p)) => format!("{shown} ({})", ordinal(*p)),
                None => shown,
            }
        });
        cells.push((text(value, &[vital]), flag(&[vital])));
    }
    let standing = match &set.standing {
        Standing::Current => RowStanding::Current {
            corrected: set.replaces.is_some(),
        },
        Standing::Replaced { at, by_name } => RowStanding::Replaced(format!(
            "Corrected {} by {by_name}",
            format::time(*at, clock)
        )),
        Standing::EnteredInError {
            reason,
            at,
            by_name,
        } => RowStanding::EnteredInError(format!(
            "Entered in error {} by {by_name}: {reason}",
            format::time(*at, clock)
        )),
    };
    HistoryRow {
        id: set.id,
        taken: format::time(set.taken_at, clock),
        taken_with_day: format::time_with_day(set.taken_at, clock),
        cells,
        by: set.recorded.by_name.clone(),
        standing,
    }
}

/// A table cell, in the warning colour with its flag when it was flagged; "n/o" is not obtained.
fn cell(ui: &mut Ui, text: &str, flag: Option<Interpretation>) {
    match flag {
        Some(flag) => ui.label(
            RichText::new(format!("{text} {}", flag.code()))
                .color(theme::warning(ui.visuals()))
                .strong(),
        ),
        None => ui.label(text),
    };
}

/// The x of a set on the charts: days since 1970 on the local clock, so a whole number is a
/// local midnight and two sets of one clinic day share its integer part.
fn days(set: &VitalsSet) -> f64 {
    let local = crate::clinical::time::to_local(set.taken_at).naive_local();
    local.and_utc().timestamp() as f64 / 86_400.0
}

fn date_label(days: f64) -> String {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "chart days are far inside i64"
    )]
    let seconds = (days * 86_400.0) as i64;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%b %Y").to_string())
        .unwrap_or_default()
}
