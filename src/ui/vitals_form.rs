//! The vitals form: one row per line of a paper vitals form, the unit beside every number with
//! its conversion live, the last three sets beside the fields, and each error, confirmation,
//! flag and note beside the value it is about. Enter saves from anywhere in the form.

use chrono::NaiveDate;
use egui::{Response, RichText, Ui};

use crate::clinical::ids::{PatientId, VisitId, VitalsId};
use crate::clinical::time::format_local_date_time;
use crate::clinical::vitals::{
    CheckContext, CheckedVitals, Previous, UnitChoices, Vital, VitalsDraft, VitalsSet, check,
};
use crate::ui::vitals_rows::{EARLIER_SETS, Rows, field_id};
use crate::ui::widgets::{field_message, submitted};
use crate::ui::{Intent, ViewContext, theme};

/// Whose form this is and which set it corrects, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormTarget {
    pub patient: PatientId,
    pub visit: VisitId,
    pub birth_date: NaiveDate,
    pub replaces: Option<VitalsId>,
}

impl FormTarget {
    /// The key the unsaved draft of this form is kept under.
    pub fn draft_key(&self) -> String {
        let version = self
            .replaces
            .map_or_else(|| "new".to_owned(), |id| id.to_string());
        format!("vitals:{}:{version}", self.visit)
    }
}

pub struct VitalsForm {
    pub target: FormTarget,
    pub draft: VitalsDraft,
    checked: CheckedVitals,
    earlier: Vec<VitalsSet>,
    previous: Previous,
    /// Why the last save failed; what was typed stays in the form.
    pub save_error: Option<String>,
    /// A line above the form, e.g. that an unsaved draft was restored.
    pub notice: Option<String>,
    tried: bool,
    focus_first: bool,
    /// The draft changed since it was last written to the store.
    pub draft_dirty: bool,
}

impl VitalsForm {
    pub fn new(
        target: FormTarget,
        draft: VitalsDraft,
        history: &[VitalsSet],
        cx: ViewContext<'_>,
    ) -> Self {
        let mut earlier: Vec<VitalsSet> = history
            .iter()
            .filter(|s| s.standing.is_current() && Some(s.id) != target.replaces)
            .cloned()
            .collect();
        earlier.sort_by_key(|s| std::cmp::Reverse(s.taken_at));
        earlier.truncate(EARLIER_SETS);
        let previous = Previous::from_history(history, target.replaces);
        let mut form = Self {
            target,
            draft,
            checked: CheckedVitals::default(),
            earlier,
            previous,
            save_error: None,
            notice: None,
            tried: false,
            focus_first: true,
            draft_dirty: false,
        };
        form.recheck(cx);
        form
    }

    /// An empty form, its time set to now.
    pub fn empty_draft(units: UnitChoices, cx: ViewContext<'_>) -> VitalsDraft {
        VitalsDraft {
            taken_at: format_local_date_time(cx.clock.now()),
            ..VitalsDraft::new(units)
        }
    }

    pub fn checked(&self) -> &CheckedVitals {
        &self.checked
    }

    pub fn check_context<'a>(&self, cx: ViewContext<'a>) -> CheckContext<'a> {
        CheckContext {
            table: &cx.reference.vitals,
            birth_date: self.target.birth_date,
            now: cx.clock.now_local(),
            previous: self.previous,
        }
    }

    pub fn recheck(&mut self, cx: ViewContext<'_>) {
        self.checked = check(&self.draft, self.check_context(cx));
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let units_before = self.draft.units;
        self.heading_ui(ui, &mut intents);
        let mut rows = Rows {
            draft: &mut self.draft,
            checked: &self.checked,
            earlier: &self.earlier,
            responses: Vec::new(),
        };
        rows.header(ui, cx);
        rows.all(ui);
        let responses = rows.responses;
        if self.focus_first {
            ui.memory_mut(|m| m.request_focus(field_id(Vital::Systolic)));
            self.focus_first = false;
        }
        ui.add_space(10.0);
        let label = if self.target.replaces.is_some() {
            "Save correction (Enter)"
        } else {
            "Save vitals (Enter)"
        };
        let save = ui.add(
            egui::Button::new(RichText::new(label).strong()).min_size(egui::vec2(180.0, 30.0)),
        );
        if let Some(e) = &self.save_error {
            field_message(
                ui,
                &format!("Not saved: {e}. Everything you typed is still here."),
                true,
            );
        } else if self.tried
            && let Err(why) = self.checked.ready()
        {
            field_message(ui, &format!("Not saved: {why}"), true);
        }
        if responses.iter().any(Response::changed) {
            self.draft_dirty = true;
            self.tried = false;
            self.recheck(cx);
        }
        if self.draft.units != units_before {
            intents.push(Intent::ChangeUnits(self.draft.units));
        }
        if save.clicked() || submitted(ui, &responses) {
            self.tried = true;
            self.recheck(cx);
            if self.checked.ready().is_ok() {
                intents.push(Intent::SaveVitals);
            }
        }
        intents
    }

    /// Refocus the first field, e.g. after a save, ready for a recheck.
    pub fn focus_first_field(&mut self) {
        self.focus_first = true;
    }

    fn heading_ui(&self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.horizontal(|ui| {
            match self.target.replaces {
                Some(_) => {
                    ui.heading("Correct a set of vitals");
                    if ui.button("Cancel correction").clicked() {
                        intents.push(Intent::NewVitalsSet);
                    }
                }
                None => {
                    ui.heading("Vital signs");
                }
            }
            if let Some(band) = &self.checked.age_band {
                ui.label(
                    RichText::new(format!("Ranges for: {band}")).color(theme::muted(ui.visuals())),
                );
            }
        });
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
    }
}
