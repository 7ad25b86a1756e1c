//! The allergy screen: the list (most dangerous first), "no known allergies" assertions, the form
//! to record or correct an allergy with suggestions from the allergen catalog, and the review
//! attestation for the visit.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::allergy::{
    AllergyAssertion, AllergyCategory, AllergyDraft, AllergyError, AllergyField, AllergyStatusCode,
    Criticality, Reaction, Severity, Verification,
};
use crate::clinical::chart::PatientRecords;
use crate::clinical::ids::RecordId;
use crate::clinical::record::{RecordKind, current};
use crate::clinical::review::ReviewSection;
use crate::ui::intent::ChartEntry;
use crate::ui::record_list::{
    Retracting, RowAction, retract_prompt, review_line, row_actions, standing_label,
};
use crate::ui::widgets::{
    Suggestions, cell, choice, field_message, line, row_label, rows, submitted, suggest_field,
    take_focus, toggle,
};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Default)]
pub struct AllergiesView {
    draft: AllergyDraft,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    errors: BTreeMap<AllergyField, AllergyError>,
    tried: bool,
    pub save_error: Option<String>,
    retracting: Option<Retracting>,
    show_all: bool,
    focus: bool,
}

impl AllergiesView {
    /// Puts the keyboard in the substance field when the tab opens.
    pub fn focus_first_field(&mut self) {
        self.focus = true;
    }

    /// Empties the form after a save.
    pub fn saved(&mut self) {
        *self = Self {
            show_all: self.show_all,
            ..Self::default()
        };
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        visit_open: bool,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Allergies");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::Allergies,
            visit_open,
            cx.clock,
        ));
        intents.extend(assertions_ui(ui, records, cx));
        ui.add_space(6.0);
        if let Some(action) = self.list_ui(ui, cx, records) {
            match action {
                RowAction::Correct(id) => {
                    if let Some(a) = records.allergies.iter().find(|a| a.id == id) {
                        self.draft = AllergyDraft::from_allergy(&a.content);
                        self.editing = Some(id);
                        self.suggestions.reset();
                    }
                }
                RowAction::Retract(id) => {
                    self.retracting = Some(Retracting {
                        kind: RecordKind::Allergy,
                        id,
                        reason: String::new(),
                        error: None,
                    });
                }
            }
        }
        intents.extend(retract_prompt(ui, &mut self.retracting));
        ui.add_space(10.0);
        ui.separator();
        intents.extend(self.form_ui(ui, cx));
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
            records.allergies.iter().collect()
        } else {
            // Active ones in the banner's order, then inactive ones.
            let mut list: Vec<_> = status
                .active
                .iter()
                .filter_map(|a| records.allergies.iter().find(|r| r.id == a.id))
                .collect();
            list.extend(current(&records.allergies).filter(|a| !a.content.is_in_force()));
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
                cell(ui, 310.0, |ui| ui.label(detail.join(" · ")));
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
        let mut responses: Vec<Response> = Vec::new();
        let errors = if self.tried {
            self.errors.clone()
        } else {
            BTreeMap::new()
        };
        let message = |ui: &mut Ui, field: AllergyField| match errors.get(&field) {
            Some(e) => field_message(ui, &e.to_string(), true),
            None => {
                ui.label("");
            }
        };
        let catalog = &cx.reference.allergens;
        rows(ui, |ui| {
            let label = row_label(ui, "Substance");
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("allergy_substance"),
                &mut self.draft.substance,
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
                && let Some(allergen) = catalog.suggest(&self.draft.substance, 8).get(n).copied()
            {
                self.draft.pick(allergen);
            }
            if suggested.response.changed() {
                self.draft.allergen_id = None;
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            message(ui, AllergyField::Substance);
            ui.end_row();

            let label = row_label(ui, "Category");
            responses.push(
                choice(
                    ui,
                    "Category",
                    &mut self.draft.category,
                    AllergyCategory::ALL,
                    AllergyCategory::label,
                )
                .labelled_by(label.id),
            );
            message(ui, AllergyField::Category);
            ui.end_row();

            row_label(ui, "Reactions");
            ui.vertical(|ui| {
                // Two fixed lines: a wrapping row inside a grid would overlap the next row.
                for line in Reaction::ALL.chunks(6) {
                    ui.horizontal(|ui| {
                        for reaction in line {
                            let mut on = self.draft.reactions.contains(reaction);
                            let spoken = format!("Reaction: {}", reaction.label());
                            let response = toggle(ui, reaction.label(), &spoken, &mut on);
                            if response.changed() {
                                if on {
                                    self.draft.reactions.insert(*reaction);
                                } else {
                                    self.draft.reactions.remove(reaction);
                                }
                            }
                            responses.push(response);
                        }
                    });
                }
            });
            message(ui, AllergyField::Reactions);
            ui.end_row();

            row_label(ui, "Severity");
            ui.horizontal(|ui| {
                responses.push(choice(
                    ui,
                    "Severity",
                    &mut self.draft.severity,
                    Severity::ALL,
                    Severity::label,
                ));
                responses.push(choice(
                    ui,
                    "Criticality",
                    &mut self.draft.criticality,
                    Criticality::ALL,
                    Criticality::label,
                ));
            });
            message(ui, AllergyField::Criticality);
            ui.end_row();

            row_label(ui, "Status");
            ui.horizontal(|ui| {
                responses.push(choice(
                    ui,
                    "Status",
                    &mut self.draft.status,
                    AllergyStatusCode::ALL,
                    AllergyStatusCode::label,
                ));
                responses.push(choice(
                    ui,
                    "Verification",
                    &mut self.draft.verification,
                    Verification::ALL,
                    Verification::label,
                ));
            });
            message(ui, AllergyField::Status);
            ui.end_row();

            let label = row_label(ui, "Onset");
            responses.push(
                ui.add(
                    line(&mut self.draft.onset, 160.0)
                        .hint_text("2019, 05/2019 or a date")
                        .id_salt("allergy_onset"),
                )
                .labelled_by(label.id),
            );
            message(ui, AllergyField::Onset);
            ui.end_row();

            let label = row_label(ui, "Note");
            responses.push(
                ui.add(line(&mut self.draft.note, 360.0).id_salt("allergy_note"))
                    .labelled_by(label.id),
            );
            message(ui, AllergyField::Note);
            ui.end_row();
        });
        let checked = self.draft.check(catalog, cx.clock.today());
        self.errors = checked.clone().err().unwrap_or_default();
        let mut intent = None;
        ui.horizontal(|ui| {
            let save = ui.button(RichText::new("Save allergy (Enter)").strong());
            if self.editing.is_some() && ui.button("Cancel correction").clicked() {
                self.saved();
            }
            if save.clicked() || submitted(ui, &responses) {
                self.tried = true;
                if let Ok(allergy) = &checked {
                    intent = Some(Intent::SaveEntry {
                        entry: ChartEntry::Allergy(allergy.clone()),
                        replaces: self.editing,
                    });
                }
            }
        });
        if let Some(e) = &self.save_error {
            field_message(
                ui,
                &format!("Not saved: {e}. What you typed is still here."),
                true,
            );
        }
        intent
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
                    intent = Some(Intent::AssertAllergies(assertion));
                }
            }
        } else if status
            .active
            .iter()
            .all(|a| a.content.category != AllergyCategory::Medication)
        {
            let nkda = AllergyAssertion::NoKnownDrugAllergies;
            if ui.button(format!("{}: record", nkda.label())).clicked() {
                intent = Some(Intent::AssertAllergies(nkda));
            }
        }
    });
    intent
}
