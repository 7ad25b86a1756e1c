//! The history tab: past medical, surgical, family and social history, each with its list, its
//! form (suggestions from the catalogs) and its "reviewed with patient" line.

mod social;

use egui::{Response, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::clinical::history::{
    Condition, ConditionDraft, ConditionStatus, FamilyDraft, FamilyMember, HistoryField, Procedure,
    ProcedureDraft, Relative, YesNoUnknown,
};
use crate::clinical::ids::RecordId;
use crate::clinical::record::{ChartRecord, RecordKind, Versioned, current};
use crate::clinical::review::ReviewSection;
use crate::ui::record_list::{
    Retracting, RowAction, retract_prompt, review_line, row_actions, save_record,
};
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext, TabDraft, restored_notice};
use crate::ui::tabs::TabKey;
use crate::ui::widgets::{
    FieldErrors, Saving, Suggestions, Width, cell, choice, row_label, rows, save_row, submitted,
    suggest_field, take_focus,
};
use crate::ui::{Intent, ViewContext, format, theme};

const TAB: TabKey = TabKey::History;

/// One of the list-and-form sections (past medical, surgical, family).
#[derive(Default)]
struct Section<D> {
    draft: D,
    editing: Option<RecordId>,
    suggestions: Suggestions,
    errors: FieldErrors<HistoryField>,
    save_error: Option<String>,
}

impl<D: Default + PartialEq> Section<D> {
    fn editing(draft: D, id: RecordId) -> Self {
        Self {
            draft,
            editing: Some(id),
            ..Self::default()
        }
    }

    /// The section's answer from the shell, when it was the one that asked.
    fn on_reply(&mut self, reply: &Reply, origin: Origin) {
        match reply {
            Reply::Saved(o) if *o == origin => *self = Self::default(),
            Reply::Failed { origin: o, message } if *o == origin => {
                self.save_error = Some(message.clone());
            }
            _ => {}
        }
    }

    fn kept(&self) -> Option<(&D, Option<RecordId>)> {
        (self.draft != D::default()).then_some((&self.draft, self.editing))
    }
}

fn origin<T: ChartRecord>() -> Origin {
    Origin::new(TAB, Form::Record(T::KIND))
}

fn named_field_id(name: &str) -> egui::Id {
    egui::Id::unique(("named", name))
}

#[derive(Default)]
pub struct HistoryView {
    conditions: Section<ConditionDraft>,
    procedures: Section<ProcedureDraft>,
    family: Section<FamilyDraft>,
    social: social::SocialForm,
    retracting: Option<Retracting>,
    notice: Option<String>,
    focus: bool,
}

/// What the tab keeps as a draft: each section's typing, if any.
#[derive(Default, Serialize, Deserialize)]
struct Kept {
    condition: Option<(ConditionDraft, Option<RecordId>)>,
    procedure: Option<(ProcedureDraft, Option<RecordId>)>,
    family: Option<(FamilyDraft, Option<RecordId>)>,
}

impl HistoryView {
    fn view_ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let view = cx.view;
        let mut intents = Vec::new();
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        intents.extend(retract_prompt(ui, &mut self.retracting, TAB));
        for (title, section) in [
            ("Past medical history", ReviewSection::PastMedical),
            ("Surgical history", ReviewSection::Surgical),
            ("Family history", ReviewSection::Family),
            ("Social history", ReviewSection::Social),
        ] {
            if section != ReviewSection::PastMedical {
                ui.separator();
            }
            ui.heading(title);
            intents.extend(review_line(ui, cx.records, section, TAB, view.clock));
            intents.extend(match section {
                ReviewSection::PastMedical => self.conditions_ui(ui, view, cx),
                ReviewSection::Surgical => self.procedures_ui(ui, view, cx),
                ReviewSection::Family => self.family_ui(ui, view, cx),
                _ => self.social.ui(ui, cx),
            });
        }
        intents
    }

    fn act(&mut self, kind: RecordKind, action: Option<RowAction>) -> Option<RecordId> {
        match action? {
            RowAction::Correct(id) => Some(id),
            RowAction::Retract(id) => {
                self.retracting = Some(Retracting::new(kind, id));
                None
            }
        }
    }

    fn conditions_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        tab: &TabContext<'_>,
    ) -> Option<Intent> {
        let versions = tab.records.of::<Condition>();
        let action = list(ui, cx, "conditions", versions, |c| {
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
            && let Some(c) = versions.iter().find(|c| c.id == id)
        {
            self.conditions = Section::editing(ConditionDraft::from_condition(&c.content), id);
        }
        let section = &mut self.conditions;
        let catalog = &cx.reference.conditions;
        let checked = section.draft.check(catalog, cx.clock.today());
        section.errors.check(&checked);
        let errors = &section.errors;
        let draft = &mut section.draft;
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Condition");
            let condition = named_field(
                ui,
                label.id,
                "condition",
                &mut draft.name,
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
            errors.message(ui, Some(HistoryField::Name));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Onset",
                Some(HistoryField::Date),
                &mut draft.onset,
                Width::of(140.0).hint("2015 or 05/2015"),
            ));
            responses.push(
                errors.row(ui, "Condition status", Some(HistoryField::Status), |ui| {
                    choice(
                        ui,
                        "Condition status",
                        &mut draft.status,
                        ConditionStatus::ALL,
                        ConditionStatus::label,
                    )
                }),
            );
            responses.push(errors.text(
                ui,
                "Condition note",
                None,
                &mut draft.note,
                Width::of(320.0),
            ));
        });
        submit(
            ui,
            section,
            "Save condition (Enter)",
            &responses,
            checked
                .ok()
                .map(|c| (origin::<Condition>(), c, "Condition saved")),
        )
    }

    fn procedures_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        tab: &TabContext<'_>,
    ) -> Option<Intent> {
        let versions = tab.records.of::<Procedure>();
        let action = list(ui, cx, "procedures", versions, |p| {
            format!(
                "{}{}",
                p.procedure.name,
                p.date.map(|d| format!(", {d}")).unwrap_or_default()
            )
        });
        if let Some(id) = self.act(RecordKind::Procedure, action)
            && let Some(p) = versions.iter().find(|p| p.id == id)
        {
            self.procedures = Section::editing(ProcedureDraft::from_procedure(&p.content), id);
        }
        let section = &mut self.procedures;
        let catalog = &cx.reference.procedures;
        let checked = section.draft.check(catalog, cx.clock.today());
        section.errors.check(&checked);
        let errors = &section.errors;
        let draft = &mut section.draft;
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Procedure");
            responses.push(named_field(
                ui,
                label.id,
                "procedure",
                &mut draft.name,
                &mut section.suggestions,
                |t| {
                    catalog
                        .suggest(t, 8)
                        .into_iter()
                        .map(|e| e.name.clone())
                        .collect()
                },
            ));
            errors.message(ui, Some(HistoryField::Name));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Procedure date",
                Some(HistoryField::Date),
                &mut draft.date,
                Width::of(140.0).hint("a year is enough"),
            ));
            responses.push(errors.text(
                ui,
                "Procedure note",
                None,
                &mut draft.note,
                Width::of(320.0),
            ));
        });
        submit(
            ui,
            section,
            "Save procedure (Enter)",
            &responses,
            checked
                .ok()
                .map(|p| (origin::<Procedure>(), p, "Procedure saved")),
        )
    }

    fn family_ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        tab: &TabContext<'_>,
    ) -> Option<Intent> {
        let versions = tab.records.of::<FamilyMember>();
        let action = list(ui, cx, "family", versions, |f| {
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
            && let Some(f) = versions.iter().find(|f| f.id == id)
        {
            self.family = Section::editing(FamilyDraft::from_member(&f.content), id);
        }
        let section = &mut self.family;
        let catalog = &cx.reference.conditions;
        let checked = section.draft.check(catalog);
        section.errors.check(&checked);
        let errors = &section.errors;
        let draft = &mut section.draft;
        let mut responses = Vec::new();
        rows(ui, |ui| {
            responses.push(
                errors.row(ui, "Relative", Some(HistoryField::Relative), |ui| {
                    choice(
                        ui,
                        "Relative",
                        &mut draft.relative,
                        Relative::ALL,
                        Relative::label,
                    )
                }),
            );
            let label = row_label(ui, "Their condition");
            responses.push(named_field(
                ui,
                label.id,
                "family_condition",
                &mut draft.condition,
                &mut section.suggestions,
                |t| {
                    catalog
                        .suggest(t, 8)
                        .into_iter()
                        .map(|e| e.name.clone())
                        .collect()
                },
            ));
            errors.message(ui, Some(HistoryField::Name));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Age at onset",
                Some(HistoryField::AgeAtOnset),
                &mut draft.age_at_onset,
                Width::of(60.0),
            ));
            responses.push(
                errors.row(ui, "Deceased", Some(HistoryField::Deceased), |ui| {
                    choice(
                        ui,
                        "Deceased",
                        &mut draft.deceased,
                        YesNoUnknown::ALL,
                        YesNoUnknown::label,
                    )
                }),
            );
        });
        submit(
            ui,
            section,
            "Save family history (Enter)",
            &responses,
            checked
                .ok()
                .map(|f| (origin::<FamilyMember>(), f, "Family history saved")),
        )
    }
}

impl ChartTab for HistoryView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx)
    }

    /// Puts the keyboard in the first condition field when the tab opens.
    fn focus_first_field(&mut self) {
        self.focus = true;
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &TabContext<'_>) {
        Retracting::on_reply(&mut self.retracting, reply);
        self.conditions.on_reply(reply, origin::<Condition>());
        self.procedures.on_reply(reply, origin::<Procedure>());
        self.family.on_reply(reply, origin::<FamilyMember>());
        self.social.on_reply(reply);
    }

    fn draft(&self) -> Option<serde_json::Value> {
        let kept = Kept {
            condition: self.conditions.kept().map(|(d, e)| (d.clone(), e)),
            procedure: self.procedures.kept().map(|(d, e)| (d.clone(), e)),
            family: self.family.kept().map(|(d, e)| (d.clone(), e)),
        };
        let empty = kept.condition.is_none() && kept.procedure.is_none() && kept.family.is_none();
        (!empty).then(|| serde_json::to_value(kept).ok()).flatten()
    }

    fn restore(&mut self, draft: &TabDraft, _cx: &TabContext<'_>) {
        let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) else {
            return;
        };
        if let Some((d, editing)) = kept.condition {
            self.conditions.draft = d;
            self.conditions.editing = editing;
        }
        if let Some((d, editing)) = kept.procedure {
            self.procedures.draft = d;
            self.procedures.editing = editing;
        }
        if let Some((d, editing)) = kept.family {
            self.family.draft = d;
            self.family.editing = editing;
        }
        self.notice = Some(restored_notice(draft.saved_at));
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

/// The section's save line; on save (or Enter in one of its fields), the intent to save what
/// was checked, or the errors shown.
fn submit<D: Default, T: ChartRecord>(
    ui: &mut Ui,
    section: &mut Section<D>,
    new_text: &str,
    responses: &[Response],
    checked: Option<(Origin, T, &str)>,
) -> Option<Intent> {
    let row = save_row(
        ui,
        Saving::of(new_text, &section.editing),
        section.save_error.as_deref(),
    );
    if row.cancel {
        *section = Section::default();
        return None;
    }
    if !(row.save || submitted(ui, responses)) {
        return None;
    }
    section.errors.tried();
    section.save_error = None;
    let (origin, record, done) = checked?;
    match save_record(origin, &record, section.editing, done) {
        Ok(intent) => Some(intent),
        Err(e) => {
            section.save_error = Some(e);
            None
        }
    }
}

/// How many entries of a history list are shown before "Show all".
const LIST_SHOWN: usize = 10;

/// The current entries of a section, the latest `LIST_SHOWN` unless all were asked for.
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
    // The entry's words give way on a narrow window; who and when, and the buttons, stay.
    let text_width = (ui.available_width() - 230.0 - 250.0).clamp(200.0, 440.0);
    rows(ui, |ui| {
        for version in shown.iter().skip(start) {
            let text = describe(&version.content);
            cell(ui, text_width, |ui| ui.label(RichText::new(&text).strong()));
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
