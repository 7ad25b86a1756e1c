//! The medication screen: reconcile each medication on the list for this visit (taking, not
//! taking, taking differently, or stop with a reason), add the ones the list lacks, and attest
//! the review, all saved together.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::{RecordId, VisitId};
use crate::clinical::medication::reconciliation::{
    Outcome, Reconciliation, ReconciliationDraft, RowDraft, RowField, to_reconcile,
};
use crate::clinical::medication::{
    Medication, MedicationDraft, MedicationField, MedicationSource, MedicationStatus, Route,
    Schedule,
};
use crate::clinical::record::{RecordKind, current};
use crate::clinical::review::ReviewSection;
use crate::ui::record_list::{Retracting, RowAction, retract_prompt, row_actions, save_record};
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext, TabDraft, restored_notice};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{
    FieldErrors, Saving, Suggestions, Width, choice, field_error, line, row_label, rows, save_row,
    submitted, suggest_field, take_focus, toggle,
};
use crate::ui::{Intent, ViewContext, format, theme};

const TAB: TabKey = TabKey::Medications;
const MEDICATION: Origin = Origin::new(TAB, Form::Record(RecordKind::Medication));
const RECONCILIATION: Origin = Origin::new(TAB, Form::Record(RecordKind::Reconciliation));

#[derive(Default)]
pub struct MedicationsView {
    draft: MedicationDraft,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    errors: FieldErrors<MedicationField>,
    reconciliation: ReconciliationDraft,
    reconcile_tried: bool,
    /// The MA changed a row of the reconciliation (rows start from what the chart says).
    reconcile_changed: bool,
    retracting: Option<Retracting>,
    save_error: Option<String>,
    reconcile_error: Option<String>,
    notice: Option<String>,
    focus: bool,
}

/// What the tab keeps as a draft.
#[derive(Serialize, Deserialize)]
struct Kept {
    draft: MedicationDraft,
    editing: Option<RecordId>,
    reconciliation: ReconciliationDraft,
}

impl MedicationsView {
    /// Empties the medication form; the reconciliation in progress stays.
    fn medication_saved(&mut self) {
        self.draft = MedicationDraft::default();
        self.editing = None;
        self.suggestions.reset();
        self.errors = FieldErrors::default();
        self.save_error = None;
    }

    fn reconciliation_saved(&mut self) {
        self.reconciliation = ReconciliationDraft::default();
        self.reconcile_tried = false;
        self.reconcile_changed = false;
        self.reconcile_error = None;
    }

    fn view_ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let records = cx.records;
        let visit = cx.visit_id();
        let mut intents = Vec::new();
        ui.heading("Medications");
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        intents.extend(retract_prompt(ui, &mut self.retracting, TAB));
        intents.extend(self.reconciliation_ui(ui, cx.view, records, visit));
        let stopped: Vec<_> = current(records.of::<Medication>())
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
        intents.extend(self.form_ui(ui, cx.view, records));
        intents
    }

    fn reconciliation_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        visit: Option<VisitId>,
    ) -> Option<Intent> {
        let list = to_reconcile(records.of::<Medication>());
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
        let checked = self.reconciliation.check(records.of::<Medication>());
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
                let row = self
                    .reconciliation
                    .rows
                    .entry(medication.id)
                    .or_insert_with(|| {
                        RowDraft::starting(medication, visit, records.of::<Reconciliation>())
                    });
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
                                field_error(ui, &e.to_string());
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
                if let Some(m) = records.of::<Medication>().iter().find(|m| m.id == id) {
                    self.draft = MedicationDraft::from_medication(&m.content);
                    self.editing = Some(id);
                }
            }
            Some(RowAction::Retract(id)) => {
                self.retracting = Some(Retracting::new(RecordKind::Medication, id));
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
        if responses.iter().any(Response::changed) {
            self.reconcile_changed = true;
        }
        if let Some(e) = &self.reconcile_error {
            field_error(
                ui,
                &format!("Not saved: {e}. What you chose is still here."),
            );
        }
        if save.clicked() || submitted(ui, &responses) {
            self.reconcile_tried = true;
            self.reconcile_error = None;
            return checked.ok().map(|plan| Intent::Reconcile {
                origin: RECONCILIATION,
                plan,
            });
        }
        if self.reconcile_tried && checked.is_err() {
            field_error(
                ui,
                "Not saved: each medication needs an outcome, or Stop with a reason",
            );
        }
        None
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
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
            records.of::<Medication>(),
            self.editing,
            cx.clock.now_local(),
        );
        self.errors.check(&checked);
        let errors = &self.errors;
        let draft = &mut self.draft;
        let mut responses: Vec<Response> = Vec::new();
        // The catalog's usual strengths and form, as the hint of the strength field.
        let strengths = catalog
            .by_name(&draft.name)
            .map(|m| format!("{} ({})", m.strengths.join(", "), m.form));
        rows(ui, |ui| {
            let label = row_label(ui, "Medication name");
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("medication_name"),
                &mut draft.name,
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
                && let Some(medication) = catalog.suggest(&draft.name, 8).get(n).copied()
            {
                draft.pick(medication);
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            errors.message(ui, Some(MedicationField::Name));
            ui.end_row();
            // The hint names the catalog's strengths, so it is made here, not a constant.
            let label = row_label(ui, "Strength");
            responses.push(
                ui.add(
                    line(&mut draft.strength, 220.0)
                        .hint_text(strengths.as_deref().unwrap_or("e.g. 10 mg"))
                        .id_salt("Strength"),
                )
                .labelled_by(label.id),
            );
            errors.message(ui, None);
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Dose",
                None,
                &mut draft.dose,
                Width::of(220.0).hint("e.g. 1 tablet"),
            ));
            responses.push(errors.text(
                ui,
                "Frequency",
                None,
                &mut draft.frequency,
                Width::of(220.0).hint("once daily, twice daily, at bedtime"),
            ));
            responses.push(errors.row(ui, "Route", None, |ui| {
                choice(ui, "Route", &mut draft.route, Route::ALL, Route::label)
            }));
            responses.push(
                errors.row(ui, "Schedule", Some(MedicationField::Schedule), |ui| {
                    choice(
                        ui,
                        "Schedule",
                        &mut draft.schedule,
                        Schedule::ALL,
                        Schedule::label,
                    )
                }),
            );
            responses.push(errors.text(
                ui,
                "Started",
                Some(MedicationField::Start),
                &mut draft.start,
                Width::of(160.0).hint("2020 or 05/2020"),
            ));
            responses.push(errors.text(
                ui,
                "Last taken",
                Some(MedicationField::LastTaken),
                &mut draft.last_taken,
                Width::of(160.0).hint("08:00 or 2026-11-25"),
            ));
            responses.push(errors.text(
                ui,
                "Prescriber",
                None,
                &mut draft.prescriber,
                Width::of(220.0),
            ));
            responses.push(
                errors.row(ui, "Source", Some(MedicationField::Source), |ui| {
                    choice(
                        ui,
                        "Source",
                        &mut draft.source,
                        MedicationSource::ALL,
                        MedicationSource::label,
                    )
                }),
            );
        });
        let row = save_row(
            ui,
            Saving::of("Save medication (Enter)", &self.editing),
            self.save_error.as_deref(),
        );
        if row.cancel {
            self.medication_saved();
            return None;
        }
        if !(row.save || submitted(ui, &responses)) {
            return None;
        }
        self.errors.tried();
        self.save_error = None;
        let mut medication = checked.ok()?;
        // A correction keeps the status the record had.
        if let Some(old) = self
            .editing
            .and_then(|id| records.of::<Medication>().iter().find(|m| m.id == id))
        {
            medication.status = old.content.status;
            medication.stop_reason.clone_from(&old.content.stop_reason);
        }
        match save_record(MEDICATION, &medication, self.editing, "Medication saved") {
            Ok(intent) => Some(intent),
            Err(e) => {
                self.save_error = Some(e);
                None
            }
        }
    }
}

impl ChartTab for MedicationsView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx)
    }

    /// Puts the keyboard on the first medication to reconcile (or the name field).
    fn focus_first_field(&mut self) {
        self.focus = true;
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &TabContext<'_>) {
        Retracting::on_reply(&mut self.retracting, reply);
        match reply {
            Reply::Saved(origin) if *origin == MEDICATION => self.medication_saved(),
            Reply::Saved(origin) if *origin == RECONCILIATION => self.reconciliation_saved(),
            Reply::Failed { origin, message } if *origin == MEDICATION => {
                self.save_error = Some(message.clone());
            }
            Reply::Failed { origin, message } if *origin == RECONCILIATION => {
                self.reconcile_error = Some(message.clone());
            }
            _ => {}
        }
    }

    fn draft(&self) -> Option<serde_json::Value> {
        let typed = self.draft != MedicationDraft::default() || self.reconcile_changed;
        if !typed {
            return None;
        }
        serde_json::to_value(Kept {
            draft: self.draft.clone(),
            editing: self.editing,
            reconciliation: self.reconciliation.clone(),
        })
        .ok()
    }

    fn restore(&mut self, draft: &TabDraft, _cx: &TabContext<'_>) {
        if let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) {
            self.draft = kept.draft;
            self.editing = kept.editing;
            self.reconcile_changed = kept.reconciliation != ReconciliationDraft::default();
            self.reconciliation = kept.reconciliation;
            self.notice = Some(restored_notice(draft.saved_at));
        }
    }
}
