//! The specimens tab: the visit's mark for the checklist, collecting a specimen (its label
//! prints on saving), the patient's specimens with their status, and point-of-care tests with
//! their flagged results.

mod collect;
mod list;
mod poc;

use egui::{RichText, Ui};

use crate::clinical::checklist::Section;
use crate::clinical::ids::RecordId;
use crate::clinical::poc::{PocDraft, PocResult};
use crate::clinical::record::{RecordKind, current};
use crate::clinical::specimen::{Specimen, SpecimenDraft, SpecimenId};
use crate::ui::record_list::{Retracting, RowAction, retract_prompt};
use crate::ui::section_mark::mark_line;
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext};
use crate::ui::tabs::TabKey;
use crate::ui::{Intent, theme};

pub use collect::CollectForm;
pub use list::StatusPrompt;
pub use poc::PocForm;

const TAB: TabKey = TabKey::Specimens;
const SPECIMEN: Origin = Origin::new(TAB, Form::Record(RecordKind::Specimen));
const STATUS: Origin = Origin::new(TAB, Form::Record(RecordKind::SpecimenStatus));
const POC: Origin = Origin::new(TAB, Form::Record(RecordKind::PocResult));
const LABEL: Origin = Origin::new(TAB, Form::Label);

pub struct SpecimensView {
    collect: CollectForm,
    poc: PocForm,
    prompt: Option<StatusPrompt>,
    retracting: Option<Retracting>,
    /// What happened to the last label: where it was written and whether it printed.
    label_note: Option<(String, bool)>,
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

    fn view_ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let records = cx.records;
        let visit = cx.visit_id();
        let patient = cx.patient;
        let cx = cx.view;
        let mut intents = Vec::new();
        ui.heading("Specimens and point-of-care tests");
        intents.extend(mark_line(ui, cx, records, Section::Specimens, TAB));
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
            let collected: Vec<_> = current(records.of::<Specimen>())
                .filter(|s| s.visit_id == visit)
                .map(|s| &s.content)
                .collect();
            let of_patient: Vec<_> = current(records.of::<Specimen>())
                .map(|s| s.content.id)
                .collect();
            intents.extend(self.poc.ui(ui, cx, patient, &collected, &of_patient));
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
            Some(list::RowAction::Reprint(id)) => intents.push(Intent::PrintLabel {
                origin: LABEL,
                specimen: id,
            }),
            Some(list::RowAction::Correct(id)) => {
                if let Some(s) = records.of::<Specimen>().iter().find(|s| s.id == id) {
                    self.collect.correcting(
                        id,
                        &s.content,
                        patient.demographics.birth_date,
                        cx.clock.now(),
                    );
                }
            }
            Some(list::RowAction::Retract(id)) => {
                self.retracting = Some(Retracting::new(RecordKind::Specimen, id));
            }
            Some(list::RowAction::UndoStatus(id)) => {
                self.retracting = Some(Retracting::new(RecordKind::SpecimenStatus, id));
            }
            None => {}
        }
        ui.add_space(6.0);
        match poc::results_ui(ui, cx, records) {
            Some(RowAction::Correct(id)) => {
                if let Some(r) = records.of::<PocResult>().iter().find(|r| r.id == id) {
                    let draft = PocDraft::from_result(
                        &r.content,
                        &cx.reference.poc,
                        patient.demographics.birth_date,
                    );
                    self.poc.correcting(id, draft, cx.clock.now());
                }
            }
            Some(RowAction::Retract(id)) => {
                self.retracting = Some(Retracting::new(RecordKind::PocResult, id));
            }
            None => {}
        }
        intents.extend(retract_prompt(ui, &mut self.retracting, TAB));
        intents
    }
}

/// What the tab keeps as a draft: the collection and point-of-care forms, if typed in.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    collect: Option<(SpecimenDraft, Option<(RecordId, SpecimenId)>)>,
    poc: Option<(PocDraft, Option<RecordId>)>,
}

impl ChartTab for SpecimensView {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        self.view_ui(ui, cx)
    }

    fn focus_first_field(&mut self) {
        self.collect.focus = true;
    }

    fn on_reply(&mut self, reply: &Reply, cx: &TabContext<'_>) {
        Retracting::on_reply(&mut self.retracting, reply);
        match reply {
            Reply::Saved(origin) if *origin == SPECIMEN => {
                self.collect = CollectForm::new(cx.now());
            }
            Reply::Saved(origin) if *origin == POC => self.poc = PocForm::new(cx.now()),
            Reply::Saved(origin) if *origin == STATUS => self.prompt = None,
            Reply::Failed { origin, message } if *origin == SPECIMEN => {
                self.collect.failed(message);
            }
            Reply::Failed { origin, message } if *origin == POC => self.poc.failed(message),
            Reply::Failed { origin, message } if *origin == STATUS => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.error = Some(message.clone());
                }
            }
            Reply::Note { origin, text, ok } if origin.tab == TAB => {
                self.label_note = Some((text.clone(), *ok));
            }
            _ => {}
        }
    }

    fn draft(&self) -> Option<serde_json::Value> {
        let collect = self.collect.kept();
        let poc = self.poc.kept();
        if collect.is_none() && poc.is_none() {
            return None;
        }
        serde_json::to_value(Kept { collect, poc }).ok()
    }

    fn restore(&mut self, draft: &crate::ui::tab::TabDraft, _cx: &TabContext<'_>) {
        if let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) {
            if let Some((d, editing)) = kept.collect {
                self.collect.restored(d, editing, draft.saved_at);
            }
            if let Some((d, editing)) = kept.poc {
                self.poc.restored(d, editing);
            }
        }
    }
}
