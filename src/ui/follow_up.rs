//! The clinic-wide follow-up list: scheduled injections coming due, due or late, the vaccines
//! today's patients are due, and skin tests waiting for their reading, each with the patient and
//! a way into the chart.

use egui::{RichText, Ui};

use crate::clinical::injection::Administration;
use crate::clinical::injection::due::GroupDue;
use crate::clinical::injection::follow_up::{DueState, NextDose};
use crate::clinical::injection::tst::WindowState;
use crate::clinical::patient::PatientSummary;
use crate::clinical::record::Versioned;
use crate::ui::widgets::{cell, rows};
use crate::ui::{Intent, ViewContext, format, theme};

pub struct FollowUpScreen {
    pub due: Vec<(PatientSummary, NextDose)>,
    pub skin_tests: Vec<(PatientSummary, Versioned<Administration>)>,
    /// Today's patients with vaccines due today or overdue, by CDC's schedule.
    pub vaccines: Vec<(PatientSummary, Vec<GroupDue>)>,
}

fn patient_cell(ui: &mut Ui, patient: &PatientSummary, cx: ViewContext<'_>) -> Option<Intent> {
    let d = &patient.demographics;
    let name = format!("{}, {}", d.family_name, d.given_names);
    let open = cell(ui, 260.0, |ui| ui.link(RichText::new(&name).strong()));
    open.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Link, true, format!("Open chart: {name}"))
    });
    cell(ui, 220.0, |ui| {
        ui.label(
            RichText::new(format!(
                "{} · MRN {}",
                format::birth_date_and_age(d, cx.clock),
                patient.mrn
            ))
            .color(theme::muted(ui.visuals())),
        )
    });
    open.clicked().then_some(Intent::OpenPatient(patient.id))
}

impl FollowUpScreen {
    pub fn ui(&self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        let mut intent = None;
        let today = cx.clock.today();
        ui.heading("Injections due");
        if self.due.is_empty() {
            ui.label(
                RichText::new("No scheduled injection is due in the next two weeks")
                    .color(theme::muted(ui.visuals())),
            );
        }
        rows(ui, |ui| {
            for (patient, next) in &self.due {
                if let Some(open) = patient_cell(ui, patient, cx) {
                    intent = Some(open);
                }
                cell(ui, 380.0, |ui| ui.label(&next.product_name));
                let text = RichText::new(next.describe(today)).strong();
                ui.label(match next.state(today) {
                    DueState::Late(_) => text.color(theme::error(ui.visuals())),
                    DueState::Due => text.color(theme::warning(ui.visuals())),
                    DueState::DueIn(_) => text,
                });
                ui.end_row();
            }
        });
        ui.add_space(12.0);
        ui.heading("Vaccines due for today's patients");
        if self.vaccines.is_empty() {
            ui.label(
                RichText::new("No patient on today's list is due a vaccine today")
                    .color(theme::muted(ui.visuals())),
            );
        }
        rows(ui, |ui| {
            for (patient, groups) in &self.vaccines {
                if let Some(open) = patient_cell(ui, patient, cx) {
                    intent = Some(open);
                }
                // Wrapped within its column, not back under the patient's name.
                ui.vertical(|ui| {
                    ui.set_max_width(740.0);
                    ui.label(
                        RichText::new(crate::ui::home::group_names(groups, usize::MAX))
                            .strong()
                            .color(theme::warning(ui.visuals())),
                    )
                });
                ui.end_row();
            }
        });
        ui.add_space(12.0);
        ui.heading("Skin tests to read");
        if self.skin_tests.is_empty() {
            ui.label(
                RichText::new("No skin test is waiting for a reading")
                    .color(theme::muted(ui.visuals())),
            );
        }
        let rules = &cx.reference.injections.tst;
        let now = cx.clock.now();
        rows(ui, |ui| {
            for (patient, placement) in &self.skin_tests {
                let Some(given) = placement.content.given_here() else {
                    continue;
                };
                if let Some(open) = patient_cell(ui, patient, cx) {
                    intent = Some(open);
                }
                let window = rules.window(given.at);
                cell(ui, 380.0, |ui| {
                    ui.label(format!(
                        "placed {} · read from {} until {}",
                        format::time_with_day(given.at, cx.clock),
                        format::time_with_day(window.opens, cx.clock),
                        format::time_with_day(window.closes, cx.clock)
                    ))
                });
                let (text, colour) = match window.state(now) {
                    WindowState::NotYet => ("not yet", theme::muted(ui.visuals())),
                    WindowState::Open => ("read now", theme::warning(ui.visuals())),
                    WindowState::Closed => ("missed: repeat the test", theme::error(ui.visuals())),
                };
                ui.label(RichText::new(text).strong().color(colour));
                ui.end_row();
            }
        });
        intent
    }
}
