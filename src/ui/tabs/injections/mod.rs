//! The injections tab: the visit's mark for the checklist, skin tests waiting to be read, the
//! vaccines due, the form to give or record an injection with its safety checks, and the
//! patient's immunization record, therapeutic injections and skin tests.

mod co_sign;
mod due;
mod entry_rows;
mod findings;
mod form;
mod record;
mod tst;

use egui::Ui;

use crate::clinical::checklist::Section;
use crate::clinical::identity::IdentityCheck;
use crate::clinical::injection::Administration;
use crate::clinical::injection::draft::AdministrationDraft;
use crate::clinical::injection::tst::TstReading;
use crate::clinical::record::RecordKind;
use crate::ui::Intent;
use crate::ui::record_list::{Retracting, RowAction, retract_prompt};
use crate::ui::section_mark::mark_line;
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext};
use crate::ui::tabs::TabKey;

pub use form::{AdministrationForm, FormInputs};
pub use tst::ReadingForms;

const TAB: TabKey = TabKey::Injections;
const ADMINISTRATION: Origin = Origin::new(TAB, Form::Record(RecordKind::Administration));
const READING: Origin = Origin::new(TAB, Form::Record(RecordKind::TstReading));

pub struct InjectionsView {
    due: due::DueList,
    form: AdministrationForm,
    readings: ReadingForms,
    retracting: Option<Retracting>,
}

impl InjectionsView {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            due: due::DueList::default(),
            form: AdministrationForm::new(now),
            readings: ReadingForms::default(),
            retracting: None,
        }
    }

    /// The injection form, for tests and tools.
    pub fn form(&self) -> &AdministrationForm {
        &self.form
    }

    fn view_ui(&mut self, ui: &mut Ui, inputs: &FormInputs<'_>) -> Vec<Intent> {
        let cx = inputs.view;
        let mut intents = Vec::new();
        ui.heading("Injections");
        intents.extend(mark_line(ui, cx, inputs.records, Section::Injections, TAB));
        ui.add_space(6.0);
        intents.extend(self.readings.ui(ui, cx, inputs.records));
        self.due.ui(ui, inputs);
        ui.add_space(6.0);
        intents.extend(self.form.ui(ui, cx, inputs));
        ui.add_space(10.0);
        ui.separator();
        let records = inputs.records;
        let verdicts = self.due.view(inputs);
        let action = [
            record::immunizations_ui(ui, cx, records, verdicts),
            record::therapeutic_ui(ui, cx, records),
            record::skin_tests_ui(ui, cx, records),
        ]
        .into_iter()
        .flatten()
        .next();
        match action {
            Some(RowAction::Correct(id)) => {
                if let Some(a) = records.of::<Administration>().iter().find(|a| a.id == id) {
                    let mut draft =
                        AdministrationDraft::from_administration(&a.content, cx.clock.now());
                    // The patient was identified when the dose was given; a correction of the
                    // record does not ask again.
                    draft.identity = IdentityCheck::passed(inputs.patient.demographics.birth_date);
                    if let Some(product) = draft.chosen(&cx.reference.injections).cloned()
                        && a.content.given_here().is_some()
                    {
                        draft.tick_vis(&product);
                    }
                    self.form.correcting(id, draft);
                }
            }
            Some(RowAction::Retract(id)) => {
                let kind = if records.of::<TstReading>().iter().any(|r| r.id == id) {
                    RecordKind::TstReading
                } else {
                    RecordKind::Administration
                };
                self.retracting = Some(Retracting::new(kind, id));
            }
            None => {}
        }
        intents.extend(retract_prompt(ui, &mut self.retracting, TAB));
        intents
    }
}

/// What the tab keeps as a draft: the injection form, if anything was typed in it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    draft: AdministrationDraft,
    editing: Option<crate::clinical::ids::RecordId>,
}

impl ChartTab for InjectionsView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx)
    }

    fn focus_first_field(&mut self) {
        self.form.focus_first_field();
    }

    fn on_reply(&mut self, reply: &Reply, cx: &TabContext<'_>) {
        Retracting::on_reply(&mut self.retracting, reply);
        match reply {
            Reply::Saved(origin) if *origin == ADMINISTRATION => {
                self.form = AdministrationForm::new(cx.now());
            }
            Reply::Saved(origin) if *origin == READING => self.readings.saved(),
            Reply::Failed { origin, message } if *origin == ADMINISTRATION => {
                self.form.failed(message);
            }
            Reply::Failed { origin, message } if *origin == READING => {
                self.readings.failed(message);
            }
            Reply::CoSigned { origin, signature } if *origin == ADMINISTRATION => {
                self.form.co_sign.signed(signature.clone());
            }
            Reply::CoSignRefused { origin, message } if *origin == ADMINISTRATION => {
                self.form.co_sign.failed(message);
            }
            _ => {}
        }
    }

    fn draft(&self) -> Option<serde_json::Value> {
        let form = &self.form;
        // The times fill themselves in: only what the MA typed or chose counts.
        let mut blank = AdministrationDraft::new(chrono::Utc::now());
        blank.at.clone_from(&form.draft.at);
        blank.vis_given_on.clone_from(&form.draft.vis_given_on);
        if form.draft == blank && form.editing.is_none() {
            return None;
        }
        serde_json::to_value(Kept {
            draft: form.draft.clone(),
            editing: form.editing,
        })
        .ok()
    }

    fn restore(&mut self, draft: &crate::ui::tab::TabDraft, _cx: &TabContext<'_>) {
        if let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) {
            self.form.restored(kept.draft, kept.editing, draft.saved_at);
        }
    }
}
