//! The specimens tab: the visit's mark for the checklist, collecting a specimen (its label
//! prints on saving), the patient's specimens with their status, and point-of-care tests with
//! their flagged results.

mod collect;
mod list;
mod poc;

use egui::{RichText, Ui};

use crate::clinical::chart::PatientRecords;
use crate::clinical::checklist::Section;
use crate::clinical::ids::VisitId;
use crate::clinical::patient::Patient;
use crate::clinical::poc::PocDraft;
use crate::clinical::record::{RecordKind, current};
use crate::ui::record_list::{Retracting, RowAction, retract_prompt};
use crate::ui::section_mark::mark_line;
use crate::ui::{Intent, ViewContext, theme};

pub use collect::CollectForm;
pub use list::StatusPrompt;
pub use poc::PocForm;

pub struct SpecimensView {
    pub collect: CollectForm,
    pub poc: PocForm,
    pub prompt: Option<StatusPrompt>,
    retracting: Option<Retracting>,
    /// What happened to the last label: where it was written and whether it printed.
    pub label_note: Option<(String, bool)>,
}

impl SpecimensView {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            collect: CollectForm::new(now),
            poc: PocForm::new(now),
            prompt: None,
            retracting: None,
            label_note: None,
        }
    }

    pub fn focus_first_field(&mut self) {
        self.collect.focus = true;
    }

    /// After a specimen is collected: an empty form.
    pub fn collected(&mut self, now: chrono::DateTime<chrono::Utc>) {
        self.collect = CollectForm::new(now);
    }

    pub fn poc_saved(&mut self, now: chrono::DateTime<chrono::Utc>) {
        self.poc = PocForm::new(now);
    }

    pub fn saved(&mut self) {
        self.prompt = None;
        self.retracting = None;
    }

    fn retract(&mut self, kind: RecordKind, id: crate::clinical::ids::RecordId) {
        self.retracting = Some(Retracting {
            kind,
            id,
            reason: String::new(),
            error: None,
        });
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: ViewContext<'_>,
        patient: &Patient,
        records: &PatientRecords,
        visit: Option<VisitId>,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Specimens and point-of-care tests");
        intents.extend(mark_line(
            ui,
            cx,
            records,
            Section::Specimens,
            visit.is_some(),
        ));
        if let Some((note, ok)) = &self.label_note {
            let color = if *ok {
                theme::done(ui.visuals())
            } else {
                theme::warning(ui.visuals())
            };
            ui.label(RichText::new(note).color(color));
        }
        ui.add_space(6.0);
        if visit.is_some() {
            intents.extend(self.collect.ui(ui, cx, patient));
            ui.add_space(10.0);
            ui.separator();
            let collected: Vec<_> = current(&records.specimens)
                .filter(|s| s.visit_id == visit)
                .map(|s| &s.content)
                .collect();
            intents.extend(self.poc.ui(ui, cx, &collected));
        }
        ui.add_space(10.0);
        ui.separator();
        if let Some(prompt) = &mut self.prompt {
            let mut closed = false;
            intents.extend(prompt.ui(ui, cx, &mut closed));
            if closed {
                self.prompt = None;
            }
            ui.separator();
        }
        match list::specimens_ui(ui, cx, records) {
            Some(list::RowAction::Move(id, to)) => {
                self.prompt = Some(StatusPrompt::new(id, to, cx.clock.now()));
            }
            Some(list::RowAction::Reprint(id)) => intents.push(Intent::PrintLabel(id)),
            Some(list::RowAction::Correct(id)) => {
                if let Some(s) = records.specimens.iter().find(|s| s.id == id) {
                    self.collect.correcting(id, &s.content, cx.clock.now());
                }
            }
            Some(list::RowAction::Retract(id)) => self.retract(RecordKind::Specimen, id),
            Some(list::RowAction::UndoStatus(id)) => self.retract(RecordKind::SpecimenStatus, id),
            None => {}
        }
        ui.add_space(6.0);
        match poc::results_ui(ui, cx, records) {
            Some(RowAction::Correct(id)) => {
                if let Some(r) = records.poc_results.iter().find(|r| r.id == id) {
                    let draft = PocDraft::from_result(&r.content, &cx.reference.poc);
                    self.poc.correcting(id, draft, cx.clock.now());
                }
            }
            Some(RowAction::Retract(id)) => self.retract(RecordKind::PocResult, id),
            None => {}
        }
        intents.extend(retract_prompt(ui, &mut self.retracting));
        intents
    }
}
