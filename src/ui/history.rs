//! The history screen: past medical, surgical, family and social history, each with its list,
//! its form (suggestions from the catalogs) and its "reviewed with patient" line.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::history::social::{PregnancyStatus, SocialError, SocialField, UseStatus};
use crate::clinical::history::{
    ConditionDraft, ConditionStatus, FamilyDraft, HistoryError, HistoryField, ProcedureDraft,
    Relative, SocialHistoryDraft, YesNoUnknown,
};
use crate::clinical::ids::RecordId;
use crate::clinical::record::{RecordKind, Versioned, current};
use crate::clinical::review::ReviewSection;
use crate::ui::intent::ChartEntry;
use crate::ui::record_list::{Retracting, RowAction, retract_prompt, review_line, row_actions};
use crate::ui::widgets::{
    Suggestions, cell, choice, field_message, line, row_label, rows, submitted, suggest_field,
    take_focus,
};
use crate::ui::{Intent, ViewContext, format, theme};

/// One of the list-and-form sections (past medical, surgical, family).
#[derive(Default)]
struct Section<D> {
    draft: D,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    tried: bool,
}

fn named_field_id(name: &str) -> egui::Id {
    egui::Id::unique(("named", name))
}

/// What the history screen needs to know of the patient and the visit.
pub struct HistoryPatient {
    pub birth_date: chrono::NaiveDate,
    /// Whether to ask about pregnancy (sex and age, from the social history limits).
    pub asks_pregnancy: bool,
    pub visit_open: bool,
}

#[derive(Default)]
pub struct HistoryView {
    conditions: Section<ConditionDraft>,
    procedures: Section<ProcedureDraft>,
    family: Section<FamilyDraft>,
    social: SocialHistoryDraft,
    social_loaded_from: Option<RecordId>,
    social_tried: bool,
    retracting: Option<Retracting>,
    pub save_error: Option<String>,
    focus: bool,
}

impl HistoryView {
    /// Puts the keyboard in the first condition field when the tab opens.
    pub fn focus_first_field(&mut self) {
        self.focus = true;
    }

    /// Empties the forms after a save, keeping the social form in step with the chart.
    pub fn saved(&mut self) {
        *self = Self::default();
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        patient: &HistoryPatient,
    ) -> Vec<Intent> {
        let visit_open = patient.visit_open;
        let mut intents = Vec::new();
        if let Some(e) = &self.save_error {
            field_message(
                ui,
                &format!("Not saved: {e}. What you typed is still here."),
                true,
            );
        }
        intents.extend(retract_prompt(ui, &mut self.retracting));
        ui.heading("Past medical history");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::PastMedical,
            visit_open,
            cx.clock,
        ));
        intents.extend(self.conditions_ui(ui, cx, records));
        ui.separator();
        ui.heading("Surgical history");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::Surgical,
            visit_open,
            cx.clock,
        ));
        intents.extend(self.procedures_ui(ui, cx, records));
        ui.separator();
        ui.heading("Family history");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::Family,
            visit_open,
            cx.clock,
        ));
        intents.extend(self.family_ui(ui, cx, records));
        ui.separator();
        ui.heading("Social history");
        intents.extend(review_line(
            ui,
            records,
            ReviewSection::Social,
            visit_open,
            cx.clock,
        ));
        intents.extend(self.social_ui(ui, cx, records, patient));
        intents
    }

    fn act(&mut self, kind: RecordKind, action: Option<RowAction>) -> Option<RecordId> {
        match action? {
            RowAction::Correct(id) => Some(id),
            RowAction::Retract(id) => {
                self.retracting = Some(Retracting {
                    kind,
                    id,
                    reason: String::new(),
                    error: None,
                });
                None
            }
        }
    }

    fn conditions_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
    ) -> Option<Intent> {
        let action = list(ui, cx, "conditions", &records.conditions, |c| {
            let onset = c.onset.map(|o| format!(", since {o}")).unwrap_or_default();
            let code = c
                .condition
                .code
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            format!(
                "{}{code}: {}{onset}",
                c.condition.name,
                c.status.label().to_lowercase()
            )
        });
        if let Some(id) = self.act(RecordKind::Condition, action)
            && let Some(c) = records.conditions.iter().find(|c| c.id == id)
        {
            self.conditions = Section {
                draft: ConditionDraft::from_condition(&c.content),
                editing: Some(id),
                ..Section::default()
            };
        }
        let section = &mut self.conditions;
        let catalog = &cx.reference.conditions;
        let checked = section.draft.check(catalog, cx.clock.today());
        let errors = shown_errors(section.tried, &checked);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Condition");
            let condition = named_field(
                ui,
                label.id,
                "condition",
                &mut section.draft.name,
                &mut section.suggestions,
                |t| {
                    catalog
                        .suggest(t, 8)
                        .into_iter()
                        .map(|e| e.name.clone())
                        .collect()
                },
            );
            take_focus(ui, &mut self.focus, &condition);
            responses.push(condition);
            message(ui, &errors, HistoryField::Name);
            ui.end_row();
            let label = row_label(ui, "Onset");
            responses.push(
                ui.add(
                    line(&mut section.draft.onset, 140.0)
                        .hint_text("2015 or 05/2015")
                        .id_salt("condition_onset"),
                )
                .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::Date);
            ui.end_row();
            let label = row_label(ui, "Condition status");
            responses.push(
                choice(
                    ui,
                    "Condition status",
                    &mut section.draft.status,
                    ConditionStatus::ALL,
                    ConditionStatus::label,
                )
                .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::Status);
            ui.end_row();
            let label = row_label(ui, "Condition note");
            responses.push(
                ui.add(line(&mut section.draft.note, 320.0).id_salt("condition_note"))
                    .labelled_by(label.id),
            );
            ui.end_row();
        });
        let save = save_button(ui, "Save condition", section.editing.is_some());
        submit(
            ui,
            &mut section.tried,
            &save,
            &responses,
            checked.ok().map(|c| Intent::SaveEntry {
                entry: ChartEntry::Condition(c),
                replaces: section.editing,
            }),
        )
    }

    fn procedures_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
    ) -> Option<Intent> {
        let action = list(ui, cx, "procedures", &records.procedures, |p| {
            format!(
                "{}{}",
                p.procedure.name,
                p.date.map(|d| format!(", {d}")).unwrap_or_default()
            )
        });
        if let Some(id) = self.act(RecordKind::Procedure, action)
            && let Some(p) = records.procedures.iter().find(|p| p.id == id)
        {
            self.procedures = Section {
                draft: ProcedureDraft::from_procedure(&p.content),
                editing: Some(id),
                ..Section::default()
            };
        }
        let section = &mut self.procedures;
        let catalog = &cx.reference.procedures;
        let checked = section.draft.check(catalog, cx.clock.today());
        let errors = shown_errors(section.tried, &checked);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Procedure");
            responses.push(named_field(
                ui,
                label.id,
                "procedure",
                &mut section.draft.name,
                &mut section.suggestions,
                |t| {
                    catalog
                        .suggest(t, 8)
                        .into_iter()
                        .map(|e| e.name.clone())
                        .collect()
                },
            ));
            message(ui, &errors, HistoryField::Name);
            ui.end_row();
            let label = row_label(ui, "Procedure date");
            responses.push(
                ui.add(
                    line(&mut section.draft.date, 140.0)
                        .hint_text("a year is enough")
                        .id_salt("procedure_date"),
                )
                .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::Date);
            ui.end_row();
            let label = row_label(ui, "Procedure note");
            responses.push(
                ui.add(line(&mut section.draft.note, 320.0).id_salt("procedure_note"))
                    .labelled_by(label.id),
            );
            ui.end_row();
        });
        let save = save_button(ui, "Save procedure", section.editing.is_some());
        submit(
            ui,
            &mut section.tried,
            &save,
            &responses,
            checked.ok().map(|p| Intent::SaveEntry {
                entry: ChartEntry::Procedure(p),
                replaces: section.editing,
            }),
        )
    }

    fn family_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
    ) -> Option<Intent> {
        let action = list(ui, cx, "family", &records.family, |f| {
            let onset = f
                .age_at_onset
                .map(|a| format!(", at {a}"))
                .unwrap_or_default();
            let deceased = if f.deceased == YesNoUnknown::Yes {
                " (deceased)"
            } else {
                ""
            };
            format!(
                "{}{deceased}: {}{onset}",
                f.relative.label(),
                f.condition.name
            )
        });
        if let Some(id) = self.act(RecordKind::FamilyHistory, action)
            && let Some(f) = records.family.iter().find(|f| f.id == id)
        {
            self.family = Section {
                draft: FamilyDraft::from_member(&f.content),
                editing: Some(id),
                ..Section::default()
            };
        }
        let section = &mut self.family;
        let catalog = &cx.reference.conditions;
        let checked = section.draft.check(catalog);
        let errors = shown_errors(section.tried, &checked);
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Relative");
            responses.push(
                choice(
                    ui,
                    "Relative",
                    &mut section.draft.relative,
                    Relative::ALL,
                    Relative::label,
                )
                .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::Relative);
            ui.end_row();
            let label = row_label(ui, "Their condition");
            responses.push(named_field(
                ui,
                label.id,
                "family_condition",
                &mut section.draft.condition,
                &mut section.suggestions,
                |t| {
                    catalog
                        .suggest(t, 8)
                        .into_iter()
                        .map(|e| e.name.clone())
                        .collect()
                },
            ));
            message(ui, &errors, HistoryField::Name);
            ui.end_row();
            let label = row_label(ui, "Age at onset");
            responses.push(
                ui.add(line(&mut section.draft.age_at_onset, 60.0).id_salt("family_age"))
                    .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::AgeAtOnset);
            ui.end_row();
            let label = row_label(ui, "Deceased");
            responses.push(
                choice(
                    ui,
                    "Deceased",
                    &mut section.draft.deceased,
                    YesNoUnknown::ALL,
                    YesNoUnknown::label,
                )
                .labelled_by(label.id),
            );
            message(ui, &errors, HistoryField::Deceased);
            ui.end_row();
        });
        let save = save_button(ui, "Save family history", section.editing.is_some());
        submit(
            ui,
            &mut section.tried,
            &save,
            &responses,
            checked.ok().map(|f| Intent::SaveEntry {
                entry: ChartEntry::Family(f),
                replaces: section.editing,
            }),
        )
    }

    fn social_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        records: &PatientRecords,
        patient: &HistoryPatient,
    ) -> Option<Intent> {
        let asks_pregnancy = patient.asks_pregnancy;
        let current_social = records.social_history();
        // The form starts from what the chart says, once per version.
        if self.social_loaded_from != current_social.map(|s| s.id) {
            self.social = current_social
                .map(|s| SocialHistoryDraft::from_history(&s.content))
                .unwrap_or_default();
            self.social_loaded_from = current_social.map(|s| s.id);
        }
        if let Some(s) = current_social {
            ui.label(
                RichText::new(format!(
                    "Last updated {} by {}",
                    format::time(s.recorded.at, cx.clock),
                    s.recorded.by_name
                ))
                .color(theme::muted(ui.visuals())),
            );
        }
        let d = &mut self.social;
        let checked = d.check(
            &cx.reference.social,
            asks_pregnancy,
            patient.birth_date,
            cx.clock.today(),
        );
        let errors: BTreeMap<SocialField, SocialError> = if self.social_tried {
            checked.clone().err().unwrap_or_default()
        } else {
            BTreeMap::new()
        };
        let message = |ui: &mut Ui, field: SocialField| match errors.get(&field) {
            Some(e) => field_message(ui, &e.to_string(), true),
            None => {
                ui.label("");
            }
        };
        let mut responses: Vec<Response> = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Tobacco");
            responses.push(
                choice(
                    ui,
                    "Tobacco",
                    &mut d.tobacco,
                    UseStatus::ALL,
                    UseStatus::label,
                )
                .labelled_by(label.id),
            );
            ui.label("");
            ui.end_row();
            let label = row_label(ui, "Packs per day");
            responses.push(
                ui.add(line(&mut d.packs_per_day, 60.0).id_salt("packs"))
                    .labelled_by(label.id),
            );
            message(ui, SocialField::PacksPerDay);
            ui.end_row();
            let label = row_label(ui, "Quit date");
            responses.push(
                ui.add(
                    line(&mut d.quit, 120.0)
                        .hint_text("former smokers")
                        .id_salt("quit"),
                )
                .labelled_by(label.id),
            );
            message(ui, SocialField::Quit);
            ui.end_row();
            let label = row_label(ui, "Alcohol, drinks per week");
            responses.push(
                ui.add(line(&mut d.alcohol_drinks_per_week, 60.0).id_salt("alcohol"))
                    .labelled_by(label.id),
            );
            message(ui, SocialField::Alcohol);
            ui.end_row();
            let label = row_label(ui, "Recreational drugs");
            ui.horizontal(|ui| {
                responses.push(
                    choice(
                        ui,
                        "Recreational drugs",
                        &mut d.drugs,
                        UseStatus::ALL,
                        UseStatus::label,
                    )
                    .labelled_by(label.id),
                );
                let what = ui.label("which");
                responses.push(
                    ui.add(line(&mut d.drugs_detail, 180.0).id_salt("drugs"))
                        .labelled_by(what.id),
                );
            });
            ui.label("");
            ui.end_row();
            let label = row_label(ui, "Occupation");
            responses.push(
                ui.add(line(&mut d.occupation, 220.0).id_salt("occupation"))
                    .labelled_by(label.id),
            );
            ui.label("");
            ui.end_row();
            if asks_pregnancy {
                let label = row_label(ui, "Pregnancy");
                responses.push(
                    choice(
                        ui,
                        "Pregnancy",
                        &mut d.pregnancy,
                        PregnancyStatus::ALL,
                        PregnancyStatus::label,
                    )
                    .labelled_by(label.id),
                );
                ui.label("");
                ui.end_row();
                let label = row_label(ui, "Last menstrual period");
                responses.push(
                    ui.add(
                        line(&mut d.last_menstrual_period, 120.0)
                            .hint_text("2026-11-01")
                            .id_salt("lmp"),
                    )
                    .labelled_by(label.id),
                );
                message(ui, SocialField::LastMenstrualPeriod);
                ui.end_row();
            }
        });
        let save = save_button(ui, "Save social history", false);
        let replaces = current_social.map(|s| s.id);
        submit(
            ui,
            &mut self.social_tried,
            &save,
            &responses,
            checked.ok().map(|s| Intent::SaveEntry {
                entry: ChartEntry::Social(s),
                replaces,
            }),
        )
    }
}

fn shown_errors<T>(
    tried: bool,
    checked: &Result<T, BTreeMap<HistoryField, HistoryError>>,
) -> BTreeMap<HistoryField, HistoryError> {
    match checked {
        Err(errors) if tried => errors.clone(),
        _ => BTreeMap::new(),
    }
}

fn message(ui: &mut Ui, errors: &BTreeMap<HistoryField, HistoryError>, field: HistoryField) {
    match errors.get(&field) {
        Some(e) => field_message(ui, &e.to_string(), true),
        None => {
            ui.label("");
        }
    }
}

/// A name field with suggestions from a catalog; taking one puts its name in the field.
fn named_field(
    ui: &mut Ui,
    label: egui::Id,
    id: &str,
    text: &mut String,
    state: &mut Suggestions,
    find: impl Fn(&str) -> Vec<String>,
) -> Response {
    let suggested = suggest_field(ui, label, named_field_id(id), text, 260.0, state, |typed| {
        find(typed).into_iter().enumerate().collect()
    });
    if let Some(n) = suggested.picked
        && let Some(name) = find(text).into_iter().nth(n)
    {
        *text = name;
    }
    suggested.response
}

fn save_button(ui: &mut Ui, what: &str, correcting: bool) -> Response {
    let text = if correcting {
        format!("{what}: correction (Enter)")
    } else {
        format!("{what} (Enter)")
    };
    ui.button(RichText::new(text).strong())
}

fn submit(
    ui: &Ui,
    tried: &mut bool,
    save: &Response,
    responses: &[Response],
    intent: Option<Intent>,
) -> Option<Intent> {
    if save.clicked() || submitted(ui, responses) {
        *tried = true;
        return intent;
    }
    None
}

/// The current entries of a section (and, in a note, how many older versions there are).
/// How many entries of a history list are shown before "Show all".
const LIST_SHOWN: usize = 10;

fn list<T>(
    ui: &mut Ui,
    cx: ViewContext<'_>,
    id: &str,
    versions: &[Versioned<T>],
    describe: impl Fn(&T) -> String,
) -> Option<RowAction> {
    let mut action = None;
    let shown: Vec<_> = current(versions).collect();
    if shown.is_empty() {
        ui.label(RichText::new("None recorded").color(theme::muted(ui.visuals())));
    }
    // Long lists show their latest entries; the rest is one key away.
    let hidden = shown.len().saturating_sub(LIST_SHOWN);
    let all = ui
        .memory(|m| {
            m.data
                .get_temp::<bool>(egui::Id::unique(("history_list_all", id)))
        })
        .unwrap_or(false);
    let start = if all { 0 } else { hidden };
    rows(ui, |ui| {
        for version in shown.iter().skip(start) {
            let text = describe(&version.content);
            cell(ui, 440.0, |ui| ui.label(RichText::new(&text).strong()));
            cell(ui, 230.0, |ui| {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        version.recorded.by_name,
                        format::time(version.recorded.at, cx.clock)
                    ))
                    .color(theme::muted(ui.visuals())),
                )
            });
            action = action.or(row_actions(ui, version.id, &text));
            ui.end_row();
        }
    });
    if hidden > 0 {
        let text = if all {
            "Show the latest only".to_owned()
        } else {
            format!("Show all ({hidden} older)")
        };
        if ui.button(text).clicked() {
            ui.memory_mut(|m| {
                m.data
                    .insert_temp(egui::Id::unique(("history_list_all", id)), !all)
            });
        }
    }
    action
}
