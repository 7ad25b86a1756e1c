//! The medication screen: reconcile each medication on the list for this visit (taking, not
//! taking, taking differently, or stop with a reason), add the ones the list lacks, and attest
//! the review, all saved together.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::{RecordId, VisitId};
use crate::clinical::medication::reconciliation::{
    Outcome, ReconciliationDraft, RowField, to_reconcile,
};
use crate::clinical::medication::{
    MedicationDraft, MedicationError, MedicationField, MedicationSource, MedicationStatus, Route,
    Schedule,
};
use crate::clinical::record::{RecordKind, current};
use crate::clinical::review::ReviewSection;
use crate::ui::intent::ChartEntry;
use crate::ui::record_list::{Retracting, RowAction, retract_prompt, row_actions};
use crate::ui::widgets::{
    Suggestions, choice, field_message, line, row_label, rows, submitted, suggest_field,
    take_focus, toggle,
};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct MedicationsView {
    draft: MedicationDraft,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    tried: bool,
    reconciliation: ReconciliationDraft,
    reconcile_tried: bool,
    retracting: Option<Retracting>,
    pub save_error: Option<String>,
    focus: bool,
}

impl MedicationsView {
    /// Puts the keyboard on the first medication to reconcile (or the name field) when the tab
    /// opens.
    pub fn focus_first_field(&mut self) {
        self.focus = true;
    }

    /// Empties the medication form after it was saved; the reconciliation in progress stays.
    pub fn medication_saved(&mut self) {
        self.draft = MedicationDraft::default();
        self.editing = None;
        self.suggestions.reset();
        self.tried = false;
        self.save_error = None;
    }

    pub fn reconciliation_saved(&mut self) {
        self.reconciliation = ReconciliationDraft::default();
        self.reconcile_tried = false;
        self.save_error = None;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        visit: Option<VisitId>,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Medications");
        if let Some(e) = &self.save_error {
            field_message(
                ui,
                &format!("Not saved: {e}. What you typed is still here."),
                true,
            );
        }
        intents.extend(retract_prompt(ui, &mut self.retracting));
        intents.extend(self.reconciliation_ui(ui, cx, records, visit));
        let stopped: Vec<_> = current(&records.medications)
            .filter(|m| m.content.status == MedicationStatus::Stopped)
            .collect();
        if !stopped.is_empty() {
            ui.label(RichText::new("Stopped").strong());
            for m in stopped {
                let why = m
                    .content
                    .stop_reason
                    .as_deref()
                    .unwrap_or("no reason recorded");
                ui.label(
                    RichText::new(format!("{}: {why}", m.content.sig()))
                        .color(theme::muted(ui.visuals())),
                );
            }
        }
        ui.add_space(8.0);
        ui.separator();
        intents.extend(self.form_ui(ui, cx, records, visit));
        intents
    }

    fn reconciliation_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        visit: Option<VisitId>,
    ) -> Option<Intent> {
        let list = to_reconcile(&records.medications);
        if let Some(recorded) = records.reviewed(ReviewSection::Medications) {
            ui.label(
                RichText::new(format!(
                    "Medication list reviewed with patient by {} at {}",
                    recorded.by_name,
                    format::time(recorded.at, cx.clock)
                ))
                .color(theme::done(ui.visuals())),
            );
        }
        if list.is_empty() {
            ui.label(
                RichText::new(
                    "No medications on the list. Add them below, or attest there are none.",
                )
                .color(theme::muted(ui.visuals())),
            );
        }
        let checked = self.reconciliation.check(&records.medications);
        let errors = if self.reconcile_tried {
            checked.clone().err().unwrap_or_default()
        } else {
            BTreeMap::new()
        };
        let mut action = None;
        let mut responses: Vec<Response> = Vec::new();
        let any = !list.is_empty();
        // Rows, not a grid: a new grid lays itself out twice on the tab's first frame.
        ui.vertical(|ui| {
            if any {
                ui.label(
                    RichText::new("On the list, and what the patient says this visit").strong(),
                );
            }
            for medication in list {
                let name = medication.content.name.clone();
                let row = self.reconciliation.rows.entry(medication.id).or_default();
                // A medication added in this visit is one the patient takes.
                if row.outcome.is_none()
                    && !row.stop
                    && medication.visit_id.is_some()
                    && medication.visit_id == visit
                {
                    row.outcome = Some(Outcome::Taking);
                }
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.set_min_width(300.0);
                        ui.set_max_width(300.0);
                        ui.label(RichText::new(medication.content.sig()).strong());
                        ui.label(
                            RichText::new(format!(
                                "{} · {}",
                                medication.content.source.label(),
                                medication.content.status.label()
                            ))
                            .small()
                            .color(theme::muted(ui.visuals())),
                        );
                    });
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            let outcome = choice(
                                ui,
                                &format!("Outcome: {name}"),
                                &mut row.outcome,
                                Outcome::ALL,
                                Outcome::label,
                            );
                            take_focus(ui, &mut self.focus, &outcome);
                            responses.push(outcome);
                            responses.push(toggle(
                                ui,
                                "Stop",
                                &format!("Stop {name}"),
                                &mut row.stop,
                            ));
                        });
                        if row.outcome == Some(Outcome::TakingDifferently) && !row.stop {
                            let label = ui.label("How");
                            responses.push(
                                ui.add(line(&mut row.how, 240.0).id_salt(("how", medication.id)))
                                    .labelled_by(label.id),
                            );
                        }
                        if row.stop {
                            let label = ui.label(format!("Why stopped: {name}"));
                            responses.push(
                                ui.add(
                                    line(&mut row.stop_reason, 240.0)
                                        .id_salt(("stop", medication.id)),
                                )
                                .labelled_by(label.id),
                            );
                        }
                    });
                    ui.vertical(|ui| {
                        for field in [RowField::Outcome, RowField::How, RowField::StopReason] {
                            if let Some(e) = errors.get(&(medication.id, field)) {
                                field_message(ui, &e.to_string(), true);
                            }
                        }
                    });
                    ui.horizontal(|ui| action = action.or(row_actions(ui, medication.id, &name)));
                });
                ui.separator();
            }
        });
        match action {
            Some(RowAction::Correct(id)) => {
                if let Some(m) = records.medications.iter().find(|m| m.id == id) {
                    self.draft = MedicationDraft::from_medication(&m.content);
                    self.editing = Some(id);
                }
            }
            Some(RowAction::Retract(id)) => {
                self.retracting = Some(Retracting {
                    kind: RecordKind::Medication,
                    id,
                    reason: String::new(),
                    error: None,
                });
            }
            None => {}
        }
        if visit.is_none() {
            ui.label(
                RichText::new("Start a visit to reconcile the list")
                    .color(theme::muted(ui.visuals())),
            );
            return None;
        }
        let save = ui.button(
            RichText::new("Save reconciliation: medication list reviewed with patient").strong(),
        );
        if save.clicked() || submitted(ui, &responses) {
            self.reconcile_tried = true;
            return checked.ok().map(Intent::Reconcile);
        }
        if self.reconcile_tried && checked.is_err() {
            field_message(
                ui,
                "Not saved: each medication needs an outcome, or Stop with a reason",
                true,
            );
        }
        None
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        _visit: Option<VisitId>,
    ) -> Option<Intent> {
        ui.label(
            RichText::new(if self.editing.is_some() {
                "Correct the medication"
            } else {
                "Add a medication"
            })
            .strong()
            .size(16.0),
        );
        let catalog = &cx.reference.medications;
        let checked = self.draft.check(
            catalog,
            &records.medications,
            self.editing,
            cx.clock.now_local(),
        );
        let errors: BTreeMap<MedicationField, MedicationError> = match &checked {
            Err(errors) if self.tried => errors.clone(),
            _ => BTreeMap::new(),
        };
        let message = |ui: &mut Ui, field: MedicationField| match errors.get(&field) {
            Some(e) => field_message(ui, &e.to_string(), true),
            None => {
                ui.label("");
            }
        };
        let mut responses: Vec<Response> = Vec::new();
        // The catalog's usual strengths and form, as the hint of the strength field.
        let strengths = catalog
            .by_name(&self.draft.name)
            .map(|m| format!("{} ({})", m.strengths.join(", "), m.form));
        rows(ui, |ui| {
            let label = row_label(ui, "Medication name");
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("medication_name"),
                &mut self.draft.name,
                260.0,
                &mut self.suggestions,
                |typed| {
                    catalog
                        .suggest(typed, 8)
                        .into_iter()
                        .enumerate()
                        .map(|(n, m)| {
                            (
                                n,
                                if m.brands.is_empty() {
                                    m.name.clone()
                                } else {
                                    format!("{} ({})", m.name, m.brands.join(", "))
                                },
                            )
                        })
                        .collect()
                },
            );
            if let Some(n) = suggested.picked
                && let Some(medication) = catalog.suggest(&self.draft.name, 8).get(n).copied()
            {
                self.draft.pick(medication);
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            message(ui, MedicationField::Name);
            ui.end_row();
            for (label, text, hint) in [
                (
                    "Strength",
                    &mut self.draft.strength,
                    strengths.as_deref().unwrap_or("e.g. 10 mg"),
                ),
                ("Dose", &mut self.draft.dose, "e.g. 1 tablet"),
                (
                    "Frequency",
                    &mut self.draft.frequency,
                    "once daily, twice daily, at bedtime",
                ),
            ] {
                let label = row_label(ui, label);
                responses.push(
                    ui.add(
                        line(text, 220.0)
                            .hint_text(hint)
                            .id_salt(("medication", label.id)),
                    )
                    .labelled_by(label.id),
                );
                ui.label("");
                ui.end_row();
            }
            let label = row_label(ui, "Route");
            responses.push(
                choice(ui, "Route", &mut self.draft.route, Route::ALL, Route::label)
                    .labelled_by(label.id),
            );
            ui.label("");
            ui.end_row();
            let label = row_label(ui, "Schedule");
            responses.push(
                choice(
                    ui,
                    "Schedule",
                    &mut self.draft.schedule,
                    Schedule::ALL,
                    Schedule::label,
                )
                .labelled_by(label.id),
            );
            message(ui, MedicationField::Schedule);
            ui.end_row();
            for (label, text, hint, field) in [
                (
                    "Started",
                    &mut self.draft.start,
                    "2020 or 05/2020",
                    MedicationField::Start,
                ),
                (
                    "Last taken",
                    &mut self.draft.last_taken,
                    "08:00 or 2026-11-25",
                    MedicationField::LastTaken,
                ),
            ] {
                let label = row_label(ui, label);
                responses.push(
                    ui.add(
                        line(text, 160.0)
                            .hint_text(hint)
                            .id_salt(("medication", label.id)),
                    )
                    .labelled_by(label.id),
                );
                message(ui, field);
                ui.end_row();
            }
            let label = row_label(ui, "Prescriber");
            responses.push(
                ui.add(line(&mut self.draft.prescriber, 220.0).id_salt("prescriber"))
                    .labelled_by(label.id),
            );
            ui.label("");
            ui.end_row();
            let label = row_label(ui, "Source");
            responses.push(
                choice(
                    ui,
                    "Source",
                    &mut self.draft.source,
                    MedicationSource::ALL,
                    MedicationSource::label,
                )
                .labelled_by(label.id),
            );
            message(ui, MedicationField::Source);
            ui.end_row();
        });
        let mut intent = None;
        ui.horizontal(|ui| {
            let save = ui.button(RichText::new("Save medication (Enter)").strong());
            if self.editing.is_some() && ui.button("Cancel correction").clicked() {
                self.medication_saved();
            }
            if save.clicked() || submitted(ui, &responses) {
                self.tried = true;
                if let Ok(medication) = &checked {
                    // A correction keeps the status the record had.
                    let mut medication = medication.clone();
                    if let Some(old) = self
                        .editing
                        .and_then(|id| records.medications.iter().find(|m| m.id == id))
                    {
                        medication.status = old.content.status;
                        medication.stop_reason.clone_from(&old.content.stop_reason);
                    }
                    intent = Some(Intent::SaveEntry {
                        entry: ChartEntry::Medication(medication),
                        replaces: self.editing,
                    });
                }
            }
        });
        intent
    }
}
