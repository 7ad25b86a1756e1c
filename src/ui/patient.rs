//! A patient's screen: the banner, the open visit with its rooming checklist and status, the
//! patient's visits, starting a new visit, and the tab being charted (vitals, history, allergies,
//! medical history, medications, injections).

use egui::{Panel, RichText, Ui};

use crate::clinical::allergy::AllergyStatus;
use crate::clinical::chart::PatientRecords;
use crate::clinical::checklist::{Checklist, Section, SectionState};
use crate::clinical::injection::Lot;
use crate::clinical::patient::Patient;
use crate::clinical::visit::{Visit, VisitDraft, VisitError, VisitStatus};
use crate::ui::allergies::AllergiesView;
use crate::ui::banner::banner;
use crate::ui::history::{HistoryPatient, HistoryView};
use crate::ui::injections::{FormInputs, InjectionsView};
use crate::ui::medications::MedicationsView;
use crate::ui::specimens::SpecimensView;
use crate::ui::vitals_form::VitalsForm;
use crate::ui::vitals_history::VitalsHistoryView;
use crate::ui::widgets::{cell, field_message, line, rows, submitted};
use crate::ui::{Intent, ViewContext, format, theme};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatientTab {
    Vitals,
    VitalsHistory,
    Allergies,
    History,
    Medications,
    Injections,
    Specimens,
}

impl PatientTab {
    pub const ALL: [Self; 7] = [
        Self::Vitals,
        Self::VitalsHistory,
        Self::Allergies,
        Self::History,
        Self::Medications,
        Self::Injections,
        Self::Specimens,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Vitals => "Vitals (Ctrl+1)",
            Self::VitalsHistory => "Vitals history (Ctrl+2)",
            Self::Allergies => "Allergies (Ctrl+3)",
            Self::History => "History (Ctrl+4)",
            Self::Medications => "Medications (Ctrl+5)",
            Self::Injections => "Injections (Ctrl+6)",
            Self::Specimens => "Specimens (Ctrl+7)",
        }
    }

    /// The tab where a checklist section is charted.
    pub fn for_section(section: Section) -> Option<Self> {
        match section {
            Section::Vitals => Some(Self::Vitals),
            Section::Allergies => Some(Self::Allergies),
            Section::History => Some(Self::History),
            Section::Medications => Some(Self::Medications),
            Section::Injections => Some(Self::Injections),
            Section::Specimens => Some(Self::Specimens),
        }
    }
}

/// The visit being roomed and its form.
pub struct OpenVisit {
    pub visit: Visit,
    pub checklist: Checklist,
    pub form: VitalsForm,
}

pub struct PatientScreen {
    pub patient: Patient,
    pub visits: Vec<Visit>,
    pub open: Option<OpenVisit>,
    pub history: VitalsHistoryView,
    /// Allergies, history and medications, as the store last gave them.
    pub records: PatientRecords,
    pub allergy_status: AllergyStatus,
    pub allergies: AllergiesView,
    pub medical_history: HistoryView,
    pub medications: MedicationsView,
    pub injections: InjectionsView,
    pub specimens: SpecimensView,
    /// Every lot received, for the injection form (it offers the usable ones).
    pub lots: Vec<Lot>,
    pub tab: PatientTab,
    /// The tab drawn last frame: opening another puts the keyboard in its first field.
    shown_tab: Option<PatientTab>,
    start: VisitDraft,
    start_error_shown: Option<VisitError>,
    start_tried: bool,
    focus_start: bool,
    pub start_error: Option<String>,
}

impl PatientScreen {
    pub fn new(
        patient: Patient,
        visits: Vec<Visit>,
        history: VitalsHistoryView,
        records: PatientRecords,
        lots: Vec<Lot>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        Self {
            patient,
            visits,
            open: None,
            history,
            allergy_status: records.allergy_status(),
            records,
            allergies: AllergiesView::default(),
            medical_history: HistoryView::default(),
            medications: MedicationsView::default(),
            injections: InjectionsView::new(now),
            specimens: SpecimensView::new(now),
            lots,
            tab: PatientTab::Vitals,
            shown_tab: None,
            start: VisitDraft::default(),
            start_error_shown: None,
            start_tried: false,
            focus_start: true,
            start_error: None,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let pregnancy_test = self
            .open
            .as_ref()
            .and_then(|o| self.records.pregnancy_test(o.visit.id, &cx.reference.poc));
        Panel::top("patient_banner").show(ui, |ui| {
            banner(
                ui,
                &self.patient,
                &self.allergy_status,
                self.open.as_ref().map(|o| &o.visit),
                pregnancy_test,
                cx,
            );
        });
        Panel::left("visit_side")
            .default_size(270.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("visit_side")
                    .show(ui, |ui| {
                        if let Some(open) = &self.open {
                            let (intent, tab) = visit_side_ui(ui, open, cx);
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
                        intents.extend(self.visits_ui(ui, cx));
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for tab in PatientTab::ALL {
                    ui.selectable_value(&mut self.tab, tab, tab.label());
                }
            });
            let visit = self.open.as_ref().map(|o| o.visit.id);
            if self.shown_tab.replace(self.tab) != Some(self.tab) {
                self.focus_tab();
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("patient_main")
                .show(ui, |ui| match self.tab {
                    PatientTab::Vitals => match &mut self.open {
                        Some(open) => intents.extend(open.form.ui(ui, cx)),
                        None => {
                            ui.label(
                                RichText::new("Start a visit (left) to chart vitals.").size(16.0),
                            );
                        }
                    },
                    PatientTab::VitalsHistory => intents.extend(self.history.ui(ui)),
                    PatientTab::Allergies => {
                        intents.extend(self.allergies.ui(ui, cx, &self.records, visit.is_some()));
                    }
                    PatientTab::History => {
                        let d = &self.patient.demographics;
                        let patient = HistoryPatient {
                            birth_date: d.birth_date,
                            asks_pregnancy: cx
                                .reference
                                .social
                                .asks_pregnancy(d.sex, d.age_on(cx.clock.today())),
                            visit_open: visit.is_some(),
                        };
                        intents.extend(self.medical_history.ui(ui, cx, &self.records, &patient));
                    }
                    PatientTab::Medications => {
                        intents.extend(self.medications.ui(ui, cx, &self.records, visit));
                    }
                    PatientTab::Injections => {
                        let inputs = FormInputs {
                            patient: &self.patient,
                            records: &self.records,
                            lots: &self.lots,
                            visit,
                        };
                        intents.extend(self.injections.ui(ui, cx, &inputs, visit));
                    }
                    PatientTab::Specimens => {
                        intents.extend(self.specimens.ui(
                            ui,
                            cx,
                            &self.patient,
                            &self.records,
                            visit,
                        ));
                    }
                });
        });
        intents
    }

    fn focus_tab(&mut self) {
        match self.tab {
            PatientTab::Vitals => {
                if let Some(open) = &mut self.open {
                    open.form.focus_first_field();
                }
            }
            PatientTab::Allergies => self.allergies.focus_first_field(),
            PatientTab::History => self.medical_history.focus_first_field(),
            PatientTab::Medications => self.medications.focus_first_field(),
            PatientTab::Injections => self.injections.focus_first_field(),
            PatientTab::Specimens => self.specimens.focus_first_field(),
            PatientTab::VitalsHistory => {}
        }
    }

    fn start_visit_ui(&mut self, ui: &mut Ui) -> Option<Intent> {
        let title = if self.open.is_some() {
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
            if self.focus_start && self.open.is_none() {
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
            field_message(ui, &e.to_string(), true);
        }
        if let Some(e) = &self.start_error {
            field_message(ui, e, true);
        }
        let start = ui.button("Start visit (Enter)");
        self.start_error_shown = self.start.check().err();
        if start.clicked() || submitted(ui, &responses) {
            self.start_tried = true;
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

    fn visits_ui(&self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        ui.label(RichText::new("Visits").strong());
        if self.visits.is_empty() {
            ui.label(RichText::new("No visits yet").color(theme::muted(ui.visuals())));
        }
        let mut intent = None;
        for visit in &self.visits {
            let open = self.open.as_ref().is_some_and(|o| o.visit.id == visit.id);
            let text = format!(
                "{} · {} · {}",
                format::time(visit.started_at, cx.clock),
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
    cx: ViewContext<'_>,
) -> (Option<Intent>, Option<PatientTab>) {
    let mut intent = None;
    let mut tab = None;
    ui.label(RichText::new("Rooming checklist").strong().size(16.0));
    for item in &open.checklist.items {
        ui.horizontal(|ui| match &item.state {
            SectionState::Done { at, summary } => {
                if ui
                    .link(RichText::new(item.section.title()).strong())
                    .clicked()
                {
                    tab = PatientTab::for_section(item.section);
                }
                ui.label(
                    RichText::new("done")
                        .color(theme::done(ui.visuals()))
                        .strong(),
                );
                ui.label(
                    RichText::new(format!("{summary}, {}", format::time(*at, cx.clock)))
                        .color(theme::muted(ui.visuals())),
                );
            }
            SectionState::Partial { summary } => {
                if ui
                    .link(RichText::new(item.section.title()).strong())
                    .clicked()
                {
                    tab = PatientTab::for_section(item.section);
                }
                ui.label(
                    RichText::new(summary)
                        .color(theme::warning(ui.visuals()))
                        .strong(),
                );
            }
            SectionState::ToDo => {
                if ui
                    .link(RichText::new(item.section.title()).strong())
                    .clicked()
                {
                    tab = PatientTab::for_section(item.section);
                }
                ui.label(
                    RichText::new("to do")
                        .color(theme::warning(ui.visuals()))
                        .strong(),
                );
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
