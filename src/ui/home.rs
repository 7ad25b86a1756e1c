//! The start screen: find a patient as you type (name parts, date of birth or MRN) and today's
//! list of visits with their status.

use egui::{Event, EventFilter, Key, RichText, Ui};

use std::collections::BTreeMap;

use crate::clinical::checklist::SectionState;
use crate::clinical::ids::PatientId;
use crate::clinical::injection::due::GroupDue;
use crate::clinical::patient::{PatientSummary, SearchResults};
use crate::clinical::visit::VisitListEntry;
use crate::ui::theme::WIDE_FIELD_WIDTH;
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct HomeScreen {
    pub query: String,
    pub results: SearchResults,
    pub today: Vec<VisitListEntry>,
    /// The vaccine groups due today or overdue, for the patients on today's list who have any.
    pub vaccines_due: BTreeMap<PatientId, Vec<GroupDue>>,
    selected: usize,
    focus_search: bool,
}

impl HomeScreen {
    pub fn new(today: Vec<VisitListEntry>) -> Self {
        Self {
            today,
            focus_search: true,
            ..Self::default()
        }
    }

    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    pub fn set_results(&mut self, results: SearchResults) {
        self.results = results;
        self.selected = 0;
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        let mut intent = None;
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("Find patient").strong());
            let before = self.query.clone();
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("name (smi jo), date of birth or MRN")
                        .desired_width(WIDE_FIELD_WIDTH * 1.6)
                        .id_salt("find_patient"),
                )
                .labelled_by(label.id);
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
            }
            if search.has_focus() {
                ui.memory_mut(|m| {
                    m.set_focus_lock_filter(
                        search.id,
                        EventFilter {
                            vertical_arrows: true,
                            ..Default::default()
                        },
                    );
                });
                self.move_selection(ui);
            }
            if search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                match self.results.patients.get(self.selected) {
                    Some(patient) => intent = Some(Intent::OpenPatient(patient.id)),
                    // Nothing to open: stay in the field to type more.
                    None => search.request_focus(),
                }
            }
            if self.query != before {
                intent = Some(Intent::Search(self.query.clone()));
            }
            if ui.button("Register new patient… (Ctrl+N)").clicked() {
                intent = Some(Intent::ShowRegister);
            }
        });
        ui.add_space(6.0);
        if let Some(open) = self.results_ui(ui, cx) {
            intent = Some(open);
        }
        ui.add_space(12.0);
        ui.separator();
        if let Some(open) = self.today_ui(ui, cx) {
            intent = Some(open);
        }
        intent
    }

    fn move_selection(&mut self, ui: &Ui) {
        let count = self.results.patients.len();
        if count == 0 {
            return;
        }
        ui.input(|i| {
            for event in &i.events {
                match event {
                    Event::Key {
                        key: Key::ArrowDown,
                        pressed: true,
                        ..
                    } => self.selected = (self.selected + 1).min(count - 1),
                    Event::Key {
                        key: Key::ArrowUp,
                        pressed: true,
                        ..
                    } => self.selected = self.selected.saturating_sub(1),
                    _ => {}
                }
            }
        });
    }

    fn results_ui(&self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        if self.query.trim().is_empty() {
            return None;
        }
        if self.results.patients.is_empty() {
            ui.label(
                RichText::new("No patient matches. Check the spelling, or register a new patient.")
                    .color(theme::muted(ui.visuals())),
            );
            return None;
        }
        let mut intent = None;
        for (i, patient) in self.results.patients.iter().enumerate() {
            let selected = i == self.selected;
            let text = RichText::new(patient_line(patient, cx)).size(15.0);
            if ui.selectable_label(selected, text).clicked() {
                intent = Some(Intent::OpenPatient(patient.id));
            }
        }
        if self.results.more {
            ui.label(
                RichText::new("More patients match: type more of the name, or the date of birth.")
                    .color(theme::muted(ui.visuals())),
            );
        } else {
            ui.label(
                RichText::new("Up/Down arrows to choose, Enter to open")
                    .color(theme::muted(ui.visuals())),
            );
        }
        intent
    }

    fn today_ui(&self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        ui.heading(format!("Today, {}", format::date(cx.clock.today())));
        if self.today.is_empty() {
            ui.label(
                RichText::new("No visits yet today. Find a patient to start one.")
                    .color(theme::muted(ui.visuals())),
            );
            return None;
        }
        let mut intent = None;
        egui::ScrollArea::vertical()
            .id_salt("today")
            .show(ui, |ui| {
                egui::Grid::new("today_list")
                    .striped(true)
                    .num_columns(6)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for header in ["Started", "Patient", "Reason", "Room", "Status", "Rooming"]
                        {
                            ui.label(RichText::new(header).strong());
                        }
                        ui.end_row();
                        for entry in &self.today {
                            ui.label(format::time(entry.visit.started_at, cx.clock));
                            if ui.button(patient_line(&entry.patient, cx)).clicked() {
                                intent = Some(Intent::OpenVisit(entry.visit.id));
                            }
                            ui.label(&entry.visit.reason);
                            ui.label(entry.visit.room.as_deref().unwrap_or("—"));
                            ui.label(entry.visit.status.label());
                            // What is left to do says more than what is done.
                            let left: Vec<&str> = entry
                                .checklist
                                .items
                                .iter()
                                .filter(|i| !matches!(i.state, SectionState::Done { .. }))
                                .map(|i| i.section.title())
                                .collect();
                            let count = format!(
                                "{}/{}",
                                entry.checklist.done_count(),
                                entry.checklist.items.len()
                            );
                            let rooming = if left.is_empty() {
                                format!("{count} done")
                            } else {
                                format!("{count}, to do: {}", left.join(", "))
                            };
                            match self.vaccines_due.get(&entry.patient.id) {
                                Some(due) => {
                                    ui.vertical(|ui| {
                                        ui.label(rooming);
                                        ui.label(
                                            RichText::new(format!(
                                                "Vaccines due: {}",
                                                group_names(due, 3)
                                            ))
                                            .color(theme::warning(ui.visuals())),
                                        );
                                    });
                                }
                                None => {
                                    ui.label(rooming);
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
        intent
    }
}

/// "`HepB` (overdue), DTaP/Tdap/Td (overdue), Influenza": the groups due today, overdue first and
/// marked; past `at_most`, "and 4 more" (the chart and Ctrl+J have them all).
pub fn group_names(due: &[GroupDue], at_most: usize) -> String {
    let mut names: Vec<String> = due
        .iter()
        .take(at_most)
        .map(|g| match g.due {
            crate::clinical::injection::due::Due::Overdue { .. } => {
                format!("{} (overdue)", g.group)
            }
            _ => g.group.clone(),
        })
        .collect();
    if due.len() > at_most {
        names.push(format!("and {} more", due.len() - at_most));
    }
    names.join(", ")
}

/// Two identifiers and the MRN: "SMITH, John “Jack” · Mar 2, 1980 (46 y) · Male · MRN 0000123".
pub fn patient_line(patient: &PatientSummary, cx: ViewContext<'_>) -> String {
    let d = &patient.demographics;
    format!(
        "{} · {} · {} · MRN {}",
        d.full_name(),
        format::birth_date_and_age(d, cx.clock),
        d.sex.label(),
        patient.mrn
    )
}
