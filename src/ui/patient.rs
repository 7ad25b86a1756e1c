//! A patient's screen: the banner, the open visit with its rooming checklist and status, the
//! patient's visits, starting a new visit, and the tabs of the chart, which it knows only
//! through the table of tabs and `ChartTab`.

use std::collections::BTreeMap;

use egui::{Panel, RichText, Ui};

use crate::clinical::allergy::AllergyStatus;
use crate::clinical::chart::PatientRecords;
use crate::clinical::checklist::{Checklist, SectionState};
use crate::clinical::injection::Lot;
use crate::clinical::patient::Patient;
use crate::clinical::visit::{Visit, VisitDraft, VisitError, VisitStatus};
use crate::clinical::vitals::{UnitChoices, VitalsSet};
use crate::ui::banner::banner;
use crate::ui::tab::{ChartTab, Reply, TabContext, TabDraft};
use crate::ui::tabs::{self, TABS, TabKey};
use crate::ui::widgets::{cell, field_error, line, rows, submitted};
use crate::ui::{Intent, ViewContext, format, theme};

/// The visit being roomed and its checklist.
pub struct OpenVisit {
    pub visit: Visit,
    pub checklist: Checklist,
}

/// What the screen shows of the chart, as the store last gave it.
pub struct ChartData {
    pub visits: Vec<Visit>,
    pub open: Option<OpenVisit>,
    pub vitals: Vec<VitalsSet>,
    pub records: PatientRecords,
    /// Every lot received, for the injection form (it offers the usable ones).
    pub lots: Vec<Lot>,
}

pub struct PatientScreen {
    pub patient: Patient,
    data: ChartData,
    allergy_status: AllergyStatus,
    revision: u64,
    units: UnitChoices,
    tabs: Vec<(TabKey, Box<dyn ChartTab>)>,
    tab: TabKey,
    /// The tab drawn last frame: opening another puts the keyboard in its first field.
    shown_tab: Option<TabKey>,
    start: VisitDraft,
    start_error_shown: Option<VisitError>,
    start_tried: bool,
    focus_start: bool,
    start_error: Option<String>,
}

impl PatientScreen {
    pub fn new(
        patient: Patient,
        data: ChartData,
        units: UnitChoices,
        view: ViewContext<'_>,
    ) -> Self {
        let mut screen = Self {
            patient,
            allergy_status: data.records.allergy_status(),
            data,
            revision: 0,
            units,
            tabs: Vec::new(),
            tab: TabKey::Vitals,
            shown_tab: None,
            start: VisitDraft::default(),
            start_error_shown: None,
            start_tried: false,
            focus_start: true,
            start_error: None,
        };
        let tabs = {
            let cx = screen.context(view);
            TABS.iter()
                .map(|spec| (spec.key, (spec.new)(&cx)))
                .collect()
        };
        screen.tabs = tabs;
        screen
    }

    /// What every tab is given.
    fn context<'a>(&'a self, view: ViewContext<'a>) -> TabContext<'a> {
        TabContext {
            view,
            patient: &self.patient,
            records: &self.data.records,
            vitals: &self.data.vitals,
            lots: &self.data.lots,
            visit: self.data.open.as_ref().map(|o| &o.visit),
            units: self.units,
            revision: self.revision,
        }
    }

    pub fn data(&self) -> &ChartData {
        &self.data
    }

    pub fn open_visit(&self) -> Option<&OpenVisit> {
        self.data.open.as_ref()
    }

    /// The chart as read again from the store; tabs keep what is typed.
    pub fn set_data(&mut self, data: ChartData) {
        self.allergy_status = data.records.allergy_status();
        self.data = data;
        self.revision += 1;
    }

    pub fn set_units(&mut self, units: UnitChoices) {
        self.units = units;
    }

    pub fn tab(&self) -> TabKey {
        self.tab
    }

    pub fn show_tab(&mut self, tab: TabKey) {
        self.tab = tab;
    }

    /// The tab itself, for tests and tools that look at what it holds.
    pub fn tab_view(&self, key: TabKey) -> Option<&dyn ChartTab> {
        self.tabs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, tab)| tab.as_ref())
    }

    /// Hands the shell's answer to the tab that asked.
    pub fn reply(&mut self, reply: &Reply, view: ViewContext<'_>) {
        let key = reply.tab();
        let mut tabs = std::mem::take(&mut self.tabs);
        {
            let cx = self.context(view);
            for (k, tab) in &mut tabs {
                if *k == key {
                    tab.on_reply(reply, &cx);
                }
            }
        }
        self.tabs = tabs;
    }

    /// Why starting a visit failed, beside the form.
    pub fn start_failed(&mut self, message: String) {
        self.start_error = Some(message);
    }

    /// What each tab holds that is typed and unsaved.
    pub fn drafts(&self) -> BTreeMap<TabKey, serde_json::Value> {
        self.tabs
            .iter()
            .filter_map(|(key, tab)| Some((*key, tab.draft()?)))
            .collect()
    }

    /// Puts kept drafts back into their tabs.
    pub fn restore(&mut self, drafts: &[(TabKey, TabDraft)], view: ViewContext<'_>) {
        let mut tabs = std::mem::take(&mut self.tabs);
        {
            let cx = self.context(view);
            for (key, draft) in drafts {
                if let Some((_, tab)) = tabs.iter_mut().find(|(k, _)| k == key) {
                    tab.restore(draft, &cx);
                }
            }
        }
        self.tabs = tabs;
    }

    pub fn ui(&mut self, ui: &mut Ui, view: ViewContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let open = self.data.open.as_ref();
        let pregnancy_test = open.and_then(|o| {
            self.data
                .records
                .pregnancy_test(o.visit.id, &view.reference.poc)
        });
        Panel::top("patient_banner").show(ui, |ui| {
            banner(
                ui,
                &self.patient,
                &self.allergy_status,
                open.map(|o| &o.visit),
                pregnancy_test,
                view,
            );
        });
        // A bounded side panel: long checklist lines wrap in it rather than widen it and push
        // the form off the right edge.
        Panel::left("visit_side")
            .default_size(260.0)
            .min_size(220.0)
            .max_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("visit_side")
                    .show(ui, |ui| {
                        if let Some(open) = &self.data.open {
                            let (intent, tab) = visit_side_ui(ui, open, view);
                            intents.extend(intent);
                            if let Some(tab) = tab {
                                self.tab = tab;
                            }
                            ui.separator();
                        }
                        if ui.button("Correct demographics…").clicked() {
                            intents.push(Intent::EditDemographics);
                        }
                        ui.separator();
                        intents.extend(self.start_visit_ui(ui));
                        ui.separator();
                        intents.extend(self.visits_ui(ui, view));
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            // Wraps on a narrow window, so no tab is ever out of sight.
            ui.horizontal_wrapped(|ui| {
                for spec in TABS {
                    ui.selectable_value(&mut self.tab, spec.key, spec.label());
                }
            });
            let focus = self.shown_tab.replace(self.tab) != Some(self.tab);
            ui.separator();
            let mut tabs = std::mem::take(&mut self.tabs);
            {
                let cx = self.context(view);
                if let Some((_, tab)) = tabs.iter_mut().find(|(k, _)| *k == self.tab) {
                    if focus {
                        tab.focus_first_field();
                    }
                    egui::ScrollArea::vertical()
                        .id_salt("patient_main")
                        .show(ui, |ui| intents.extend(tab.ui(ui, &cx)));
                }
            }
            self.tabs = tabs;
        });
        intents
    }

    fn start_visit_ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let title = if self.data.open.is_some() {
            "Start another visit"
        } else {
            "Start a visit"
        };
        ui.label(RichText::new(title).strong());
        let mut responses = Vec::new();
        rows(ui, |ui| {
            let label = cell(ui, 50.0, |ui| ui.label("Reason"));
            let reason = ui
                .add(
                    line(&mut self.start.reason, 180.0)
                        .hint_text("e.g. annual physical")
                        .id_salt("visit_reason"),
                )
                .labelled_by(label.id);
            if self.focus_start && self.data.open.is_none() {
                reason.request_focus();
            }
            self.focus_start = false;
            ui.end_row();
            let label = cell(ui, 50.0, |ui| ui.label("Room"));
            let room = ui
                .add(line(&mut self.start.room, 60.0).id_salt("visit_room"))
                .labelled_by(label.id);
            ui.end_row();
            responses.push(reason);
            responses.push(room);
        });
        if let Some(e) = self.start_error_shown.as_ref().filter(|_| self.start_tried) {
            field_error(ui, &e.to_string());
        }
        if let Some(e) = &self.start_error {
            field_error(ui, e);
        }
        let start = ui.button("Start visit (Enter)");
        self.start_error_shown = self.start.check().err();
        if start.clicked() || submitted(ui, &responses) {
            self.start_tried = true;
            self.start_error = None;
            if let Ok(visit) = self.start.check() {
                self.start = VisitDraft::default();
                self.start_tried = false;
                return Some(Intent::StartVisit {
                    patient: self.patient.id,
                    visit,
                });
            }
        }
        None
    }

    fn visits_ui(&self, ui: &mut Ui, view: ViewContext<'_>) -> Option<Intent> {
        ui.label(RichText::new("Visits").strong());
        if self.data.visits.is_empty() {
            ui.label(RichText::new("No visits yet").color(theme::muted(ui.visuals())));
        }
        let mut intent = None;
        for visit in &self.data.visits {
            let open = self
                .data
                .open
                .as_ref()
                .is_some_and(|o| o.visit.id == visit.id);
            let text = format!(
                "{} · {} · {}",
                format::time(visit.started_at, view.clock),
                visit.reason,
                visit.status.label()
            );
            if ui.selectable_label(open, text).clicked() && !open {
                intent = Some(Intent::OpenVisit(visit.id));
            }
        }
        intent
    }
}

/// The checklist (each section opens its tab) and the visit's status.
fn visit_side_ui(
    ui: &mut Ui,
    open: &OpenVisit,
    view: ViewContext<'_>,
) -> (Option<Intent>, Option<TabKey>) {
    let mut intent = None;
    let mut tab = None;
    ui.label(RichText::new("Rooming checklist").strong().size(16.0));
    for item in &open.checklist.items {
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(RichText::new(item.section.title()).strong())
                .clicked()
            {
                tab = tabs::for_section(item.section);
            }
            match &item.state {
                SectionState::Done { at, summary } => {
                    ui.label(
                        RichText::new("done")
                            .color(theme::done(ui.visuals()))
                            .strong(),
                    );
                    ui.label(
                        RichText::new(format!("{summary}, {}", format::time(*at, view.clock)))
                            .color(theme::muted(ui.visuals())),
                    );
                }
                SectionState::Partial { summary } => {
                    ui.label(
                        RichText::new(summary)
                            .color(theme::warning(ui.visuals()))
                            .strong(),
                    );
                }
                SectionState::ToDo => {
                    ui.label(
                        RichText::new("to do")
                            .color(theme::warning(ui.visuals()))
                            .strong(),
                    );
                }
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Status").strong());
    ui.horizontal_wrapped(|ui| {
        for status in VisitStatus::ALL {
            if ui
                .selectable_label(open.visit.status == status, status.label())
                .clicked()
                && open.visit.status != status
            {
                intent = Some(Intent::SetVisitStatus {
                    visit: open.visit.id,
                    status,
                });
            }
        }
    });
    (intent, tab)
}
