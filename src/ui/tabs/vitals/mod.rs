//! The vitals tab: one row per line of a paper vitals form, the unit beside every number with
//! its conversion live, the last three sets beside the fields, and each error, confirmation,
//! flag and note beside the value it is about. Enter saves from anywhere in the form.

pub mod birth;
pub mod rows;

use egui::{Response, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::clinical::ids::{VisitId, VitalsId};
use crate::clinical::time::format_local_date_time;
use crate::clinical::vitals::growth_check::ChildGrowth;
use crate::clinical::vitals::{
    CheckContext, CheckedVitals, Previous, Vital, VitalsDraft, VitalsSet, check,
};
use crate::ui::tab::{ChartTab, Form, Origin, Reply, TabContext, TabDraft, restored_notice};
use crate::ui::tabs::TabKey;
use crate::ui::tabs::vitals::rows::{EARLIER_SETS, Rows, field_id};
use crate::ui::widgets::{TabPath, TimeField, field_error, submitted};
use crate::ui::{Intent, theme};

const ORIGIN: Origin = Origin::new(TabKey::Vitals, Form::Vitals);

/// Puts every control of the form on the Tab path, or only the values.
const DETAILS: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::D);

/// Which set the form is for: a new one in `visit`, or the correction of `replaces`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormTarget {
    pub visit: VisitId,
    pub replaces: Option<VitalsId>,
}

/// What the tab keeps as a draft: the form's target and what was typed.
#[derive(Serialize, Deserialize)]
struct Kept {
    target: FormTarget,
    draft: VitalsDraft,
}

pub struct VitalsForm {
    pub target: FormTarget,
    pub draft: VitalsDraft,
    checked: CheckedVitals,
    earlier: Vec<VitalsSet>,
    previous: Previous,
    /// Why the last save failed; what was typed stays in the form.
    save_error: Option<String>,
    /// A line above the form, e.g. that an unsaved draft was restored.
    notice: Option<String>,
    tried: bool,
    focus_first: bool,
    /// Every control on the Tab path (Ctrl+D), not only the values.
    details: TabPath,
    taken_at: TimeField,
}

impl VitalsForm {
    fn new(target: FormTarget, draft: VitalsDraft, cx: &TabContext<'_>) -> Self {
        let mut form = Self {
            target,
            draft,
            checked: CheckedVitals::default(),
            earlier: Vec::new(),
            previous: Previous::default(),
            save_error: None,
            notice: None,
            tried: false,
            focus_first: true,
            details: TabPath::Off,
            taken_at: TimeField::Typed,
        };
        form.set_history(cx.vitals);
        form.recheck(cx);
        form
    }

    /// An empty form for a new set in `visit`, its time set to now.
    fn empty(visit: VisitId, cx: &TabContext<'_>) -> Self {
        let draft = VitalsDraft {
            taken_at: format_local_date_time(cx.now()),
            ..VitalsDraft::new(cx.units)
        };
        let mut form = Self::new(
            FormTarget {
                visit,
                replaces: None,
            },
            draft,
            cx,
        );
        form.taken_at = TimeField::FollowsClock;
        form
    }

    /// The sets beside the fields and the previous weight and height the checks compare with.
    fn set_history(&mut self, history: &[VitalsSet]) {
        let mut earlier: Vec<VitalsSet> = history
            .iter()
            .filter(|s| s.standing.is_current() && Some(s.id) != self.target.replaces)
            .cloned()
            .collect();
        earlier.sort_by_key(|s| std::cmp::Reverse(s.taken_at));
        earlier.truncate(EARLIER_SETS);
        self.earlier = earlier;
        self.previous = Previous::from_history(history, self.target.replaces);
    }

    pub fn checked(&self) -> &CheckedVitals {
        &self.checked
    }

    fn check_context<'a>(&self, cx: &TabContext<'a>) -> CheckContext<'a> {
        CheckContext {
            table: &cx.view.reference.vitals,
            birth_date: cx.patient.demographics.birth_date,
            now: cx.view.clock.now_local(),
            previous: self.previous,
            visit_started: cx.visit.map(|v| v.started_at),
            growth: Some(ChildGrowth {
                reference: &cx.view.reference.growth,
                sex: cx.patient.demographics.sex,
                gestation: cx.records.birth_history().map(|b| b.content.gestation),
            }),
        }
    }

    fn recheck(&mut self, cx: &TabContext<'_>) {
        self.checked = check(&self.draft, self.check_context(cx));
    }

    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let units_before = self.draft.units;
        if ui.input_mut(|i| i.consume_shortcut(&DETAILS)) {
            self.details = match self.details {
                TabPath::Off => TabPath::On,
                TabPath::On => TabPath::Off,
            };
        }
        let cancel = self.heading_ui(ui);
        if self.taken_at.keep(ui, &mut self.draft.taken_at, cx.now()) {
            self.recheck(cx);
        }
        let mut rows = Rows {
            draft: &mut self.draft,
            taken_at: &mut self.taken_at,
            checked: &self.checked,
            earlier: &self.earlier,
            responses: Vec::new(),
            details: self.details,
            context_width: 0.0,
            earlier_shown: 0,
        };
        rows.fit(ui);
        rows.header(ui, cx.view);
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
            field_error(
                ui,
                &format!("Not saved: {e}. Everything you typed is still here."),
            );
        } else if self.tried
            && let Err(why) = self.checked.ready()
        {
            field_error(ui, &format!("Not saved: {why}"));
        }
        if responses.iter().any(Response::changed) {
            self.tried = false;
            self.recheck(cx);
        }
        if self.draft.units != units_before {
            intents.push(Intent::ChangeUnits(self.draft.units));
        }
        if cancel {
            *self = Self::empty(self.target.visit, cx);
        } else if save.clicked() || submitted(ui, &responses) {
            self.tried = true;
            self.save_error = None;
            // Checked again at the moment of saving: "now" has moved on since the last key.
            self.recheck(cx);
            if let Ok(vitals) = self.checked.ready() {
                intents.push(Intent::SaveVitals {
                    origin: ORIGIN,
                    visit: self.target.visit,
                    replaces: self.target.replaces,
                    vitals: Box::new(vitals.clone()),
                });
            }
        }
        intents
    }

    /// The heading; returns whether "Cancel correction" was pressed.
    fn heading_ui(&self, ui: &mut Ui) -> bool {
        let mut cancel = false;
        ui.horizontal(|ui| {
            match self.target.replaces {
                Some(_) => {
                    ui.heading("Correct a set of vitals");
                    cancel = ui.button("Cancel correction").clicked();
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
        ui.label(
            RichText::new(match self.details {
                TabPath::Off => "Tab goes from value to value. Ctrl+D: Tab through every detail too (cuff site, pulse method, units, measured or stated, not obtained).",
                TabPath::On => "Tab goes through every detail. Ctrl+D: values only.",
            })
            .small()
            .color(theme::muted(ui.visuals())),
        );
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
        cancel
    }
}

/// The tab: the form of the visit being charted, once a visit is open.
#[derive(Default)]
pub struct VitalsTab {
    form: Option<VitalsForm>,
    /// A young child's gestational age at birth, above the form.
    birth: birth::BirthField,
    /// A kept draft, waiting for its visit to be the one open.
    kept: Option<(Kept, chrono::DateTime<chrono::Utc>)>,
    revision: u64,
}

impl VitalsTab {
    pub fn new(cx: &TabContext<'_>) -> Self {
        Self {
            revision: cx.revision,
            ..Self::default()
        }
    }

    /// The form of the open visit: the same one while it stays open; else a kept draft of it,
    /// else an empty form.
    fn form_for(&mut self, visit: VisitId, cx: &TabContext<'_>) -> &mut VitalsForm {
        if self.revision != cx.revision {
            self.revision = cx.revision;
            if let Some(form) = &mut self.form {
                form.set_history(cx.vitals);
                // A gestational age just charted changes the percentiles beside the values.
                form.recheck(cx);
                // A set retracted or corrected elsewhere is no longer here to correct.
                let gone = form.target.replaces.is_some_and(|id| {
                    !cx.vitals
                        .iter()
                        .any(|s| s.id == id && s.standing.is_current())
                });
                if gone {
                    self.form = None;
                }
            }
        }
        if self.form.as_ref().is_none_or(|f| f.target.visit != visit) {
            let kept = self.kept.take_if(|(kept, _)| kept.target.visit == visit);
            self.form = Some(match kept {
                Some((kept, at)) => {
                    let mut form = VitalsForm::new(kept.target, kept.draft, cx);
                    form.notice = Some(restored_notice(at));
                    form
                }
                None => VitalsForm::empty(visit, cx),
            });
        }
        self.form
            .get_or_insert_with(|| VitalsForm::empty(visit, cx))
    }

    /// The open form, for tests and tools.
    pub fn form(&self) -> Option<&VitalsForm> {
        self.form.as_ref()
    }
}

impl ChartTab for VitalsTab {
    fn ui(&mut self, ui: &mut Ui, cx: &TabContext<'_>) -> Vec<Intent> {
        let Some(visit) = cx.visit_id() else {
            self.form = None;
            ui.label(RichText::new("Start a visit (left) to chart vitals.").size(16.0));
            return Vec::new();
        };
        let mut intents = Vec::new();
        if birth::BirthField::asked(cx) {
            intents.extend(self.birth.ui(ui, cx));
            ui.add_space(4.0);
        }
        intents.extend(self.form_for(visit, cx).ui(ui, cx));
        intents
    }

    fn focus_first_field(&mut self) {
        if let Some(form) = &mut self.form {
            form.focus_first = true;
        }
    }

    fn on_reply(&mut self, reply: &Reply, cx: &TabContext<'_>) {
        match reply {
            Reply::Saved(origin) if *origin == birth::ORIGIN => self.birth.saved(),
            Reply::Failed { origin, message } if *origin == birth::ORIGIN => {
                self.birth.failed(message);
            }
            Reply::Saved(_) => {
                // What was typed is now in the chart: the form starts afresh, so nothing can
                // save the same set twice.
                self.form = cx.visit_id().map(|visit| VitalsForm::empty(visit, cx));
            }
            Reply::Failed { message, .. } => {
                if let Some(form) = &mut self.form {
                    form.save_error = Some(message.clone());
                }
            }
            Reply::CorrectVitals(id) => {
                if let Some(set) = cx.vitals.iter().find(|s| s.id == *id) {
                    let target = FormTarget {
                        visit: set.visit_id,
                        replaces: Some(set.id),
                    };
                    self.form = Some(VitalsForm::new(
                        target,
                        VitalsDraft::from_set(set, cx.units),
                        cx,
                    ));
                }
            }
            Reply::Note { .. } | Reply::CoSigned { .. } | Reply::CoSignRefused { .. } => {}
        }
    }

    fn draft(&self) -> Option<serde_json::Value> {
        let form = self.form.as_ref()?;
        if form.draft.is_blank() {
            return None;
        }
        serde_json::to_value(Kept {
            target: form.target,
            draft: form.draft.clone(),
        })
        .ok()
    }

    fn restore(&mut self, draft: &TabDraft, cx: &TabContext<'_>) {
        let Ok(kept) = serde_json::from_value::<Kept>(draft.json.clone()) else {
            return;
        };
        self.kept = Some((kept, draft.saved_at));
        if let Some(visit) = cx.visit_id() {
            // Put back now if it is for the visit on screen.
            if self
                .kept
                .as_ref()
                .is_some_and(|(k, _)| k.target.visit == visit)
            {
                self.form = None;
                self.form_for(visit, cx);
            }
        }
    }
}
