//! The allergy screen: the list (most dangerous first), "no known allergies" assertions, the form
//! to record or correct an allergy with suggestions from the allergen catalog, and the review
//! attestation for the visit.

use egui::{Response, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::clinical::allergy::{
    Allergy, AllergyAssertion, AllergyCategory, AllergyDraft, AllergyField, AllergyStatusCode,
    Criticality, Reaction, Severity, Verification,
};
use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::record::{RecordKind, current};
use crate::clinical::review::ReviewSection;
use crate::ui::record_list::{
    Retracting, RowAction, retract_prompt, review_line, row_actions, save_record, standing_label,
};
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext, TabDraft, restored_notice};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{
    FieldErrors, Saving, Suggestions, Width, cell, choice, row_label, rows, save_row, submitted,
    suggest_field, take_focus, toggle,
};
use crate::ui::{Intent, ViewContext, format, theme};

const TAB: TabKey = TabKey::Allergies;
const ORIGIN: Origin = Origin::new(TAB, Form::Record(RecordKind::Allergy));

#[derive(Default)]
pub struct AllergiesView {
    draft: AllergyDraft,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    errors: FieldErrors<AllergyField>,
    save_error: Option<String>,
    notice: Option<String>,
    retracting: Option<Retracting>,
    show_all: bool,
    focus: bool,
}

/// What the tab keeps as a draft.
#[derive(Serialize, Deserialize)]
struct Kept {
    draft: AllergyDraft,
    editing: Option<RecordId>,
}

impl AllergiesView {
    /// Empties the form (after a save, or a cancelled correction).
    fn reset_form(&mut self) {
        *self = Self {
            show_all: self.show_all,
            retracting: self.retracting.take(),
            ..Self::default()
        };
    }

    fn view_ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let records = cx.records;
        let mut intents = Vec::new();
        ui.heading("Allergies");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::Allergies,
            TAB,
            cx.view.clock,
        ));
        intents.extend(assertions_ui(ui, records, cx.view));
        ui.add_space(6.0);
        if let Some(action) = self.list_ui(ui, cx.view, records) {
            match action {
                RowAction::Correct(id) => {
                    if let Some(a) = records.of::<Allergy>().iter().find(|a| a.id == id) {
                        self.draft = AllergyDraft::from_allergy(&a.content);
                        self.editing = Some(id);
                        self.suggestions.reset();
                    }
                }
                RowAction::Retract(id) => {
                    self.retracting = Some(Retracting::new(RecordKind::Allergy, id));
                }
            }
        }
        intents.extend(retract_prompt(ui, &mut self.retracting, TAB));
        ui.add_space(10.0);
        ui.separator();
        intents.extend(self.form_ui(ui, cx.view));
        intents
    }

    fn list_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
    ) -> Option<RowAction> {
        let mut action = None;
        let status = records.allergy_status();
        let mut shown: Vec<_> = if self.show_all {
            records.of::<Allergy>().iter().collect()
        } else {
            // Active ones in the banner's order, then inactive ones.
            let mut list: Vec<_> = status
                .active
                .iter()
                .filter_map(|a| records.of::<Allergy>().iter().find(|r| r.id == a.id))
                .collect();
            list.extend(current(records.of::<Allergy>()).filter(|a| !a.content.is_in_force()));
            list
        };
        shown.dedup_by_key(|a| a.id);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} active, {} inactive",
                    status.active.len(),
                    status.inactive
                ))
                .strong(),
            );
            ui.checkbox(
                &mut self.show_all,
                "Show corrected and entered-in-error versions",
            );
        });
        if shown.is_empty() {
            return None;
        }
        // The detail column gives way on a narrow window; the row's buttons stay in sight.
        let detail_width = (ui.available_width() - 200.0 - 180.0 - 250.0).clamp(160.0, 310.0);
        rows(ui, |ui| {
            for allergy in shown {
                let a = &allergy.content;
                let name = RichText::new(format!(
                    "{} ({})",
                    a.substance.name(),
                    a.category.label().to_lowercase()
                ));
                cell(ui, 200.0, |ui| {
                    ui.label(if a.is_in_force() {
                        name.strong().color(theme::error(ui.visuals()))
                    } else {
                        name
                    });
                });
                let mut detail: Vec<String> = a
                    .reactions
                    .iter()
                    .map(|r| r.label().to_lowercase())
                    .collect();
                detail.extend(a.severity.map(|s| s.label().to_lowercase()));
                detail.push(format!(
                    "{} criticality",
                    a.criticality.label().to_lowercase()
                ));
                detail.push(format!(
                    "{}, {}",
                    a.status.label().to_lowercase(),
                    a.verification.label().to_lowercase()
                ));
                cell(ui, detail_width, |ui| ui.label(detail.join(" · ")));
                cell(ui, 180.0, |ui| {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            allergy.recorded.by_name,
                            format::time(allergy.recorded.at, cx.clock)
                        ))
                        .color(theme::muted(ui.visuals())),
                    )
                });
                if allergy.standing.is_current() {
                    action = action.or(row_actions(ui, allergy.id, a.substance.name()));
                } else {
                    standing_label(ui, &allergy.standing, cx.clock);
                }
                ui.end_row();
            }
        });
        action
    }

    fn form_ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        ui.label(
            RichText::new(if self.editing.is_some() {
                "Correct the allergy"
            } else {
                "Record an allergy"
            })
            .strong()
            .size(16.0),
        );
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        let mut responses: Vec<Response> = Vec::new();
        let catalog = &cx.reference.allergens;
        let errors = &self.errors;
        let draft = &mut self.draft;
        rows(ui, |ui| {
            let label = row_label(ui, "Substance");
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("allergy_substance"),
                &mut draft.substance,
                260.0,
                &mut self.suggestions,
                |typed| {
                    catalog
                        .suggest(typed, 8)
                        .into_iter()
                        .enumerate()
                        .map(|(n, a)| {
                            (
                                n,
                                format!("{} ({})", a.name, a.category.label().to_lowercase()),
                            )
                        })
                        .collect()
                },
            );
            if let Some(n) = suggested.picked
                && let Some(allergen) = catalog.suggest(&draft.substance, 8).get(n).copied()
            {
                draft.pick(allergen);
            }
            if suggested.response.changed() {
                draft.allergen_id = None;
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            errors.message(ui, Some(AllergyField::Substance));
            ui.end_row();

            responses.push(
                errors.row(ui, "Category", Some(AllergyField::Category), |ui| {
                    choice(
                        ui,
                        "Category",
                        &mut draft.category,
                        AllergyCategory::ALL,
                        AllergyCategory::label,
                    )
                }),
            );

            row_label(ui, "Reactions");
            ui.vertical(|ui| {
                // Two fixed lines: a wrapping row inside a grid would overlap the next row.
                for line in Reaction::ALL.chunks(6) {
                    ui.horizontal(|ui| {
                        for reaction in line {
                            let mut on = draft.reactions.contains(reaction);
                            let spoken = format!("Reaction: {}", reaction.label());
                            let response = toggle(ui, reaction.label(), &spoken, &mut on);
                            if response.changed() {
                                if on {
                                    draft.reactions.insert(*reaction);
                                } else {
                                    draft.reactions.remove(reaction);
                                }
                            }
                            responses.push(response);
                        }
                    });
                }
            });
            errors.message(ui, Some(AllergyField::Reactions));
            ui.end_row();

            row_label(ui, "Severity");
            ui.horizontal(|ui| {
                responses.push(choice(
                    ui,
                    "Severity",
                    &mut draft.severity,
                    Severity::ALL,
                    Severity::label,
                ));
                responses.push(choice(
                    ui,
                    "Criticality",
                    &mut draft.criticality,
                    Criticality::ALL,
                    Criticality::label,
                ));
            });
            errors.message(ui, Some(AllergyField::Criticality));
            ui.end_row();

            row_label(ui, "Status");
            ui.horizontal(|ui| {
                responses.push(choice(
                    ui,
                    "Status",
                    &mut draft.status,
                    AllergyStatusCode::ALL,
                    AllergyStatusCode::label,
                ));
                responses.push(choice(
                    ui,
                    "Verification",
                    &mut draft.verification,
                    Verification::ALL,
                    Verification::label,
                ));
            });
            errors.message(ui, Some(AllergyField::Status));
            ui.end_row();

            responses.push(errors.text(
                ui,
                "Onset",
                Some(AllergyField::Onset),
                &mut draft.onset,
                Width::of(160.0).hint("2019, 05/2019 or a date"),
            ));
            responses.push(errors.text(
                ui,
                "Note",
                Some(AllergyField::Note),
                &mut draft.note,
                Width::of(360.0),
            ));
        });
        let checked = self.draft.check(catalog, cx.clock.today());
        self.errors.check(&checked);
        let row = save_row(
            ui,
            Saving::of("Save allergy (Enter)", &self.editing),
            self.save_error.as_deref(),
        );
        if row.cancel {
            self.reset_form();
            return None;
        }
        if row.save || submitted(ui, &responses) {
            self.errors.tried();
            self.save_error = None;
            if let Ok(allergy) = &checked {
                match save_record(ORIGIN, allergy, self.editing, "Allergy saved") {
                    Ok(intent) => return Some(intent),
                    Err(e) => self.save_error = Some(e),
                }
            }
        }
        None
    }
}

impl ChartTab for AllergiesView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx)
    }

    /// Puts the keyboard in the substance field when the tab opens.
    fn focus_first_field(&mut self) {
        self.focus = true;
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &TabContext<'_>) {
        Retracting::on_reply(&mut self.retracting, reply);
        match reply {
            Reply::Saved(origin) if *origin == ORIGIN => self.reset_form(),
            Reply::Failed { origin, message } if *origin == ORIGIN => {
                self.save_error = Some(message.clone());
            }
            _ => {}
        }
    }

    fn draft(&self) -> Option<serde_json::Value> {
        if self.draft == AllergyDraft::default() {
            return None;
        }
        serde_json::to_value(Kept {
            draft: self.draft.clone(),
            editing: self.editing,
        })
        .ok()
    }

    fn restore(&mut self, draft: &TabDraft, _cx: &TabContext<'_>) {
        if let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) {
            self.draft = kept.draft;
            self.editing = kept.editing;
            self.notice = Some(restored_notice(draft.saved_at));
        }
    }
}

/// NKA / NKDA: shown as asserted, or offered when nothing active contradicts them.
fn assertions_ui(ui: &mut Ui, records: &PatientRecords, cx: ViewContext<'_>) -> Option<Intent> {
    let status = records.allergy_status();
    let mut intent = None;
    ui.horizontal(|ui| {
        if let Some((assertion, at)) = status.assertion {
            ui.label(
                RichText::new(format!(
                    "{} (asserted {})",
                    assertion.label(),
                    format::time(at, cx.clock)
                ))
                .strong(),
            );
        }
        if status.active.is_empty() {
            for assertion in [
                AllergyAssertion::NoKnownAllergies,
                AllergyAssertion::NoKnownDrugAllergies,
            ] {
                if ui
                    .button(format!("{}: record", assertion.label()))
                    .clicked()
                {
                    intent = assert_intent(assertion);
                }
            }
        } else if status
            .active
            .iter()
            .all(|a| a.content.category != AllergyCategory::Medication)
        {
            let nkda = AllergyAssertion::NoKnownDrugAllergies;
            if ui.button(format!("{}: record", nkda.label())).clicked() {
                intent = assert_intent(nkda);
            }
        }
    });
    intent
}

fn assert_intent(assertion: AllergyAssertion) -> Option<Intent> {
    save_record(
        Origin::new(TAB, Form::Record(RecordKind::AllergyAssertion)),
        &assertion,
        None,
        format!("Recorded: {}", assertion.label()),
    )
    .ok()
}
