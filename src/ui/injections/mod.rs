//! The injections tab: the visit's mark for the checklist, skin tests waiting to be read, the
//! form to give or record an injection with its safety checks, and the patient's immunization
//! record, therapeutic injections and skin tests.

mod entry_rows;
mod findings;
mod form;
mod record;
mod tst;

use egui::Ui;

use crate::clinical::checklist::Section;
use crate::clinical::ids::VisitId;
use crate::clinical::injection::draft::AdministrationDraft;
use crate::clinical::record::RecordKind;
use crate::ui::record_list::{Retracting, RowAction, retract_prompt};
use crate::ui::section_mark::mark_line;
use crate::ui::{Intent, ViewContext};

pub use form::{AdministrationForm, FormInputs};
pub use tst::ReadingForms;

pub struct InjectionsView {
    pub form: AdministrationForm,
    pub readings: ReadingForms,
    retracting: Option<Retracting>,
}

impl InjectionsView {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            form: AdministrationForm::new(now),
            readings: ReadingForms::default(),
            retracting: None,
        }
    }

    pub fn focus_first_field(&mut self) {
        self.form.focus_first_field();
    }

    /// Empties the form after a save, its time set to now.
    pub fn saved(&mut self, now: chrono::DateTime<chrono::Utc>) {
        self.form = AdministrationForm::new(now);
        self.retracting = None;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        inputs: &FormInputs<'_>,
        visit: Option<VisitId>,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Injections");
        intents.extend(mark_line(
            ui,
            cx,
            inputs.records,
            Section::Injections,
            visit.is_some(),
        ));
        ui.add_space(6.0);
        intents.extend(self.readings.ui(ui, cx, inputs.records));
        intents.extend(self.form.ui(ui, cx, inputs));
        ui.add_space(10.0);
        ui.separator();
        let records = inputs.records;
        let action = [
            record::immunizations_ui(ui, cx, records),
            record::therapeutic_ui(ui, cx, records),
            record::skin_tests_ui(ui, cx, records),
        ]
        .into_iter()
        .flatten()
        .next();
        match action {
            Some(RowAction::Correct(id)) => {
                if let Some(a) = records.administrations.iter().find(|a| a.id == id) {
                    let mut draft =
                        AdministrationDraft::from_administration(&a.content, cx.clock.now());
                    if let Some(product) = draft.chosen(&cx.reference.injections).cloned()
                        && a.content.given_here().is_some()
                    {
                        draft.tick_vis(&product);
                    }
                    self.form.correcting(id, draft);
                }
            }
            Some(RowAction::Retract(id)) => {
                let kind = if records.tst_readings.iter().any(|r| r.id == id) {
                    RecordKind::TstReading
                } else {
                    RecordKind::Administration
                };
                self.retracting = Some(Retracting {
                    kind,
                    id,
                    reason: String::new(),
                    error: None,
                });
            }
            None => {}
        }
        intents.extend(retract_prompt(ui, &mut self.retracting));
        intents
    }
}
